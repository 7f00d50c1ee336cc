/* When a callback cannot reach the server (offline, server restarting), Dash leaves the old
   view on screen without a word. Say so, with a way to try again: the address holds the whole
   view, so reloading it redraws exactly what the user asked for. The notice goes away by itself
   once a later callback gets through. Messages: dashboard/ui/browser_text.py. */
(function () {
  var NOTICE = "connection-notice";
  var originalFetch = window.fetch.bind(window);

  function isCallback(input) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    return url.indexOf("_dash-update-component") !== -1;
  }

  function show() {
    var text = window.dashboardText || {};
    var notice = document.getElementById(NOTICE);
    if (!notice) {
      notice = document.createElement("div");
      notice.id = NOTICE;
      notice.setAttribute("role", "alert");
      notice.className = "alert alert-warning shadow connection-notice d-flex flex-wrap gap-2 align-items-center";
      var message = document.createElement("span");
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "btn btn-sm btn-dark";
      retry.addEventListener("click", function () { window.location.reload(); });
      notice.appendChild(message);
      notice.appendChild(retry);
      document.body.appendChild(notice);
    }
    notice.firstChild.textContent = text.offline || "⚠";
    notice.lastChild.textContent = text.retry || "↻";
    notice.hidden = false;
  }

  function hide() {
    var notice = document.getElementById(NOTICE);
    if (notice) notice.hidden = true;
  }

  window.fetch = function (input, init) {
    var request = originalFetch(input, init);
    if (!isCallback(input)) return request;
    return request.then(function (response) {
      if (response.status >= 500 || response.status === 0) show(); else hide();
      return response;
    }, function (error) {
      show();
      throw error;
    });
  };
})();
