/* A region whose loading indicator (dashboard/ui/loading.py) is showing is marked aria-busy,
   so assistive technology knows its content is about to change; the mark goes with the
   indicator. dcc.Loading takes no aria attributes, hence this script. */
(function () {
  var pending = false;
  function mark() {
    pending = false;
    document.querySelectorAll(".app-loading-region").forEach(function (region) {
      var parent = region.parentElement;
      if (parent && parent.classList.contains("app-loading-region")) return;  // dcc.Loading's inner copy
      var busy = !!region.querySelector(":scope > div:last-child > .app-loading");
      if (busy && region.getAttribute("aria-busy") !== "true") region.setAttribute("aria-busy", "true");
      if (!busy && region.hasAttribute("aria-busy")) region.removeAttribute("aria-busy");
    });
    /* The words in the language chosen since the page was drawn (dashboard/ui/browser_text.py). */
    var words = (window.dashboardText || {}).loading;
    if (words) {
      document.querySelectorAll(".app-loading-text").forEach(function (text) {
        if (text.textContent !== words) text.textContent = words;
      });
    }
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(mark); }
  }
  document.addEventListener("dashboard-text", schedule);
  new MutationObserver(schedule).observe(document.documentElement, {subtree: true, childList: true});
})();
