/* "Keep my district available offline" (issue 31, docs/offline.md).

   The footer's button (dashboard/web/frame/keep_offline.py) names a district. The server says
   which views make it up (GET offline/district/<code>: refused for a district outside the
   user's scope). Each view is then opened, two at a time, in a hidden frame of this page, as the
   user would open it: its answers come through the same server callbacks, with the same scope
   and disclosure control, and 01_offline.js in that frame keeps them in the same store under the
   same keys as if the user had opened them, for the days the server allows. Offline they are
   served under the "as of" banner; sign-out, a change of user and the end of the session wipe
   them with everything else.

   Loaded after 01_offline.js (the name sorts after it), whose window.prottashaOffline it uses.
   Messages: dashboard/ui/browser_text.py. */
(function () {
  "use strict";
  var api = window.prottashaOffline;
  if (!api || window.top !== window) return;  // a frame opened to be kept offers nothing itself

  var QUIET_MS = 1500;        // no request for this long: the view has drawn all it asks for
  var VIEW_LIMIT_MS = 90000;  // a view taking longer is counted as not saved
  var FRAMES = 2;             // views opened at once (see keep())
  var said = {};              // district -> what its status says while (or after) saving
  var running = false;

  function text(name, values) { return api.text(name, values); }
  function status(district, message) {
    said[district] = message;
    [].forEach.call(document.querySelectorAll("[data-offline-status]"), function (element) {
      if (element.getAttribute("data-offline-status") === district) element.textContent = message;
    });
  }
  function buttons(disabled) {
    [].forEach.call(document.querySelectorAll("[data-offline-district]"), function (button) {
      button.disabled = disabled;
      if (disabled) button.setAttribute("aria-busy", "true"); else button.removeAttribute("aria-busy");
    });
  }
  function lastKept(district) {
    return api.lastKept(district).then(function (mark) {
      if (!mark) return text("offline-keep-never");
      var moment = api.when(mark.savedAt);
      return text("offline-keep-saved", { time: moment.time, date: moment.date, count: api.number(mark.views) });
    }, function () { return ""; });
  }
  // The footer is drawn (and redrawn in the other language) by Dash: fill each new status.
  function fill() {
    [].forEach.call(document.querySelectorAll("[data-offline-status]:not([data-offline-filled])"), function (element) {
      var district = element.getAttribute("data-offline-status");
      element.setAttribute("data-offline-filled", "1");
      if (said[district] !== undefined) element.textContent = said[district];
      else lastKept(district).then(function (message) { if (!said[district]) element.textContent = message; });
    });
    if (running) buttons(true);
  }

  /* One view, opened in a hidden frame the size of this window (so it asks for what it would
     ask for here); true when it drew everything, false when it failed or took too long. */
  function visit(path) {
    return new Promise(function (resolve) {
      var frame = document.createElement("iframe");
      frame.setAttribute("aria-hidden", "true");
      frame.setAttribute("tabindex", "-1");
      frame.setAttribute("inert", "");
      frame.className = "offline-keep-frame";
      frame.style.cssText = "position:fixed;left:0;top:0;width:100vw;height:100vh;border:0;opacity:0;"
        + "pointer-events:none;z-index:-1";
      var started = Date.now();
      var timer = setInterval(function () {
        var done = null;
        try {
          var inner = frame.contentWindow;
          if (inner.location.pathname === api.root + "login") done = false;  // the session ended
          else if (inner.document.readyState === "complete" && inner.prottashaOffline
                   && inner.prottashaOffline.idle() > QUIET_MS
                   && !inner.document.querySelector("[data-dash-is-loading='true']")) done = true;
        } catch (e) { /* not loaded yet */ }
        if (done === null && Date.now() - started > VIEW_LIMIT_MS) done = false;
        if (done === null) return;
        clearInterval(timer);
        frame.remove();
        resolve(done);
      }, 250);
      frame.src = path;
      document.body.appendChild(frame);
    });
  }

  function keep(plan) {
    var views = plan.views, done = 0;
    function progress() {
      status(plan.district, text("offline-keep-progress", {
        district: plan.name, done: api.number(done), total: api.number(views.length) }));
    }
    progress();
    // FRAMES views at a time: a view spends most of its time waiting for its answers (its
    // scripts come from the cache), so a second frame draws while the first waits; more would
    // only make the server's answers to the page the user is reading wait behind them.
    var next = 0;
    function worker() {
      if (next >= views.length) return Promise.resolve();
      var view = views[next++];
      return visit(api.root + view.replace(/^\//, "")).then(function (ok) {
        if (ok) done += 1;
        progress();
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(FRAMES, views.length); i++) workers.push(worker());
    return Promise.all(workers).then(function () {
      if (!done) return text("offline-keep-failed");
      return api.markKept(plan.district, done, plan.days).then(function () {
        return lastKept(plan.district);
      }).then(function (message) {
        return done < views.length ? message + " " + text("offline-keep-partial", {
          done: api.number(done), total: api.number(views.length) }) : message;
      });
    });
  }

  /* Keep ``district`` (a P-code) offline; the promise gives what its status then says. */
  function keepDistrict(district) {
    if (running) return Promise.resolve(said[district] || "");
    running = true;
    buttons(true);
    var lang = document.documentElement.lang === "bn" ? "bn" : "en";
    return fetch(api.root + "offline/district/" + encodeURIComponent(district) + "?lang=" + lang, {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok && answer.views) return keep(answer);
        if (response.status === 401) return text("offline-session-ended");
        return answer.error || text("offline-keep-failed");
      });
    }, function () {
      return text("offline-keep-no-line");
    }).then(function (message) {
      running = false;
      buttons(false);
      status(district, message);
      return message;
    });
  }
  api.keepDistrict = keepDistrict;

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("[data-offline-district]");
    if (button && !button.disabled) keepDistrict(button.getAttribute("data-offline-district"));
  });
  document.addEventListener("dashboard-text", function () {
    // The language changed: statuses are written again in it (a finished one from the store).
    Object.keys(said).forEach(function (district) { if (!running) delete said[district]; });
    [].forEach.call(document.querySelectorAll("[data-offline-filled]"), function (element) {
      element.removeAttribute("data-offline-filled");
    });
    fill();
  });
  // The map redraws often; one look per burst of changes is enough.
  var looking = false;
  new MutationObserver(function () {
    if (looking) return;
    looking = true;
    setTimeout(function () { looking = false; fill(); }, 100);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
