/* Keeps working when the line drops (issue 31, docs/offline.md).

   1. Registers the service worker (/sw.js), which keeps the public files so the app opens
      with no connection, and names the files this page loaded before it took over.
   2. Keeps the answers of the views this user opened in IndexedDB, keyed by the user and the
      request (the view's state). Only answers the server marked X-Offline-Keep are kept (the
      frame and the views' figures, cards, detail and timeline, already suppressed and
      perturbed: never files, grids of rows, points or the answers to writes), for the days the
      header says. When the server cannot be reached, the kept answer is served under a banner
      "Offline: figures as of 14:02, 2 December".
   3. A DCC meeting or an action item's new status recorded while the server cannot be reached
      is kept (the "outbox") and sent when the connection returns, as the same callback with the
      CSRF token and session of that moment; the server's refusal (session ended, changed
      meanwhile, no longer permitted) is shown with both versions, and the record stays until
      the user discards it.
   4. Nothing of a user stays: sign-out wipes the store (warning first when records are unsent);
      a change of user wipes the previous user's; a session the server says has ended, or the
      sign-in page, wipes the kept views.

   Loaded before connection.js (the file name sorts first), so connection.js sees a kept answer
   as an answer and its "could not reach the server" notice stays for what was never kept.
   Messages: dashboard/ui/browser_text.py. */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) return;

  var script = document.currentScript;
  var ROOT = script && script.src.indexOf("/assets/") !== -1
    ? new URL(script.src).pathname.split("/assets/")[0] + "/" : "/";
  var CALLBACK = ROOT + "_dash-update-component";
  var DASH_PATHS = [CALLBACK, ROOT + "_dash-layout", ROOT + "_dash-dependencies"];
  var DB_NAME = "prottasha-offline";
  var WRITES = { meeting: "dcc-form-message.children", status: "dcc-notice.children" };
  var FALLBACK = {
    "offline-as-of": "Offline: figures as of {time}, {date}.", "offline-queued": "Kept on this device; sent later.",
    "offline-waiting": "Waiting to be sent: {count}", "offline-sent": "Sent and saved.", "offline-show": "Show it",
    "offline-conflict": "Not saved. Both versions are below.", "offline-yours": "Yours, {time}, {date}",
    "offline-server": "The server's answer", "offline-session-ended": "Your session had ended.",
    "offline-refused": "The server refused the request.", "offline-send-again": "Send again",
    "offline-discard": "Discard", "offline-sign-out-unsent": "Unsent records will be deleted. Sign out anyway?",
    "offline-meeting": "Meeting", "offline-item-status": "Action item marked {status}"
  };
  var originalFetch = window.fetch.bind(window);
  var currentUser = null;
  var asOf = null;
  var notice = null;  // the last "sent" message, shown in the outbox panel
  function noop() { return null; }

  function text(name, values) {
    var source = (window.dashboardText && window.dashboardText[name]) || FALLBACK[name] || "";
    return source.replace(/\{(\w+)\}/g, function (all, key) { return values && key in values ? values[key] : all; });
  }
  function locale() {
    if (document.documentElement.lang !== "bn") return "en-GB";
    // Bangla words with Latin digits when the reader keeps them (dashboard/core/digits.py).
    return /(^|; )dashboard_digits=latin/.test(document.cookie) ? "bn-BD-u-nu-latn" : "bn-BD";
  }
  function when(ms) {
    var moment = new Date(ms);
    return {
      time: new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(moment),
      date: new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long" }).format(moment)
    };
  }

  /* ---- IndexedDB: views (key -> answer), outbox (records made offline), meta (the user) ---- */
  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var store = request.result;
          store.createObjectStore("views");
          store.createObjectStore("outbox", { keyPath: "id" });
          store.createObjectStore("meta");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }
  function run(stores, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(stores, mode);
        var request = work(transaction);
        transaction.oncomplete = function () { resolve(request && "result" in request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }
  function store(name, mode, work) {
    return run([name], mode, function (transaction) { return work(transaction.objectStore(name)); });
  }
  function clear(names) {
    return run(names, "readwrite", function (transaction) {
      names.forEach(function (name) { transaction.objectStore(name).clear(); });
    });
  }
  function records() {
    return store("outbox", "readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).sort(function (a, b) { return a.madeAt - b.madeAt; });
    });
  }

  // The user whose views and records these are: a different one wipes the previous one's.
  var ready = store("meta", "readonly", function (s) { return s.get("user"); }).then(function (user) {
    currentUser = currentUser || user || null;
  }).catch(noop);
  function noteUser(user) {
    if (user === currentUser) return Promise.resolve();
    return store("meta", "readonly", function (s) { return s.get("user"); }).then(function (stored) {
      currentUser = user;
      var wipe = stored && stored !== user ? clear(["views", "outbox", "meta"]) : Promise.resolve();
      return wipe.then(function () { return store("meta", "readwrite", function (s) { return s.put(user, "user"); }); });
    }).then(renderOutbox);
  }

  function viewKey(user, url, body) {
    var path = new URL(url, location.href).pathname;
    if (!body) return user + " GET " + path;
    try {
      var asked = JSON.parse(body);
      // What was asked, not what triggered it: a view redrawn after a reload has the same key.
      return user + " POST " + path + " " + JSON.stringify([asked.output, asked.inputs, asked.state || []]);
    } catch (e) {
      return null;
    }
  }
  function keep(key, response, days) {
    return response.text().then(function (body) {
      var now = Date.now();
      return store("views", "readwrite", function (s) {
        return s.put({ savedAt: now, expires: now + days * 864e5, type: response.headers.get("Content-Type"), body: body }, key);
      });
    });
  }
  function kept(key) {
    return store("views", "readonly", function (s) { return s.get(key); }).then(function (entry) {
      if (!entry) return null;
      if (entry.expires < Date.now()) {
        return store("views", "readwrite", function (s) { return s.delete(key); }).then(function () { return null; });
      }
      return entry;
    });
  }
  // Answers older than the server's limit go; so do the oldest beyond MOST_VIEWS (a few MB:
  // a browser's storage for this site is not for years of figures).
  var MOST_VIEWS = 400;
  function prune() {
    var fresh = [];
    return run(["views"], "readwrite", function (transaction) {
      var cursor = transaction.objectStore("views").openCursor();
      cursor.onsuccess = function () {
        var at = cursor.result;
        if (!at) return;
        if (!(at.value.expires >= Date.now())) at.delete(); else fresh.push([at.value.savedAt, at.key]);
        at.continue();
      };
    }).then(function () {
      if (fresh.length <= MOST_VIEWS) return null;
      fresh.sort(function (a, b) { return a[0] - b[0]; });
      var oldest = fresh.slice(0, fresh.length - MOST_VIEWS);
      return store("views", "readwrite", function (s) { oldest.forEach(function (entry) { s.delete(entry[1]); }); });
    });
  }

  /* ---- The banner ---- */
  function banner() {
    var element = document.getElementById("offline-banner");
    if (!element) {
      element = document.createElement("div");
      element.id = "offline-banner";
      element.setAttribute("role", "alert");
      element.className = "alert alert-warning border-2 border-dark fw-semibold m-0 rounded-0 text-center";
      element.style.position = "sticky";
      element.style.top = "0";
      element.style.zIndex = "2100";
      element.hidden = true;
      document.body.insertBefore(element, document.body.firstChild);
    }
    return element;
  }
  function showBanner(savedAt) {
    asOf = asOf === null ? savedAt : Math.min(asOf, savedAt);
    var element = banner();
    element.textContent = text("offline-as-of", when(asOf));
    element.hidden = false;
  }
  function hideBanner() {
    asOf = null;
    var element = document.getElementById("offline-banner");
    if (element) element.hidden = true;
  }

  /* ---- Records made offline ---- */
  function writeKind(body) {
    var output = "";
    try { output = String(JSON.parse(body).output || ""); } catch (e) { return null; }
    for (var kind in WRITES) {
      if (output.indexOf(WRITES[kind]) !== -1) return kind;
    }
    return null;
  }
  function clicked(body) {
    var asked;
    try { asked = JSON.parse(body); } catch (e) { return true; }
    return [].concat.apply([], (asked.inputs || []).map(function (i) { return Array.isArray(i) ? i : [i]; }))
      .some(function (i) { return i && i.property === "n_clicks" && Number(i.value) > 0; });
  }
  function answer(kind, message, colour) {
    var target = WRITES[kind].split(".")[0];
    var out = { multi: true, response: {} };
    out.response[target] = { children: { type: "Alert", namespace: "dash_bootstrap_components",
                                         props: { children: message, color: colour } } };
    return new Response(JSON.stringify(out), { status: 200, headers: { "Content-Type": "application/json" } });
  }
  function enqueue(kind, body) {
    var record = { id: Date.now().toString(36) + "-" + Math.random().toString(36).slice(2), user: currentUser,
                   kind: kind, body: body, madeAt: Date.now(), state: "waiting", server: "" };
    return store("outbox", "readwrite", function (s) { return s.put(record); }).then(function () {
      renderOutbox();
      return answer(kind, text("offline-queued"), "warning");
    });
  }
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (part) { return part.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }
  function flatten(node) {
    if (node === null || node === undefined) return "";
    if (typeof node === "string" || typeof node === "number") return String(node);
    if (Array.isArray(node)) return node.map(flatten).filter(Boolean).join(" ");
    if (typeof node === "object") return flatten(node.props ? node.props.children : node.children);
    return "";
  }
  function update(record) { return store("outbox", "readwrite", function (s) { return s.put(record); }); }
  function remove(record) { return store("outbox", "readwrite", function (s) { return s.delete(record.id); }); }

  var STILL_OFFLINE = {};
  function send(record) {
    return originalFetch(CALLBACK, {
      method: "POST", credentials: "same-origin", body: record.body,
      headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("_csrf_token"), "X-Offline-Replay": record.id }
    }).then(function (response) {
      if (response.status === 401) {
        sessionEnded();
        record.state = "conflict";
        record.server = text("offline-session-ended");
        return update(record);
      }
      if (response.status >= 502 && response.status <= 504) throw STILL_OFFLINE;
      if (!response.ok) {
        record.state = "conflict";
        record.server = text("offline-refused");
        return update(record);
      }
      return response.json().then(function (out) {
        var parts = (out && out.response) || {};
        if (parts["dcc-changed"]) {
          notice = text("offline-sent");
          return remove(record);
        }
        record.state = "conflict";
        record.server = flatten(parts[WRITES[record.kind].split(".")[0]]) || text("offline-refused");
        return update(record);
      });
    }, function () { throw STILL_OFFLINE; });
  }
  var flushing = false;
  function flush() {
    if (flushing) return Promise.resolve();
    flushing = true;
    function work() {
      return ready.then(records).then(function (all) {
        var mine = all.filter(function (r) {
          return r.state === "waiting" && (!r.user || !currentUser || r.user === currentUser);
        });
        return mine.reduce(function (previous, record) {
          return previous.then(function () { return send(record); });
        }, Promise.resolve());
      });
    }
    // One tab at a time sends: two tabs sending the same record would save it twice.
    var sending = navigator.locks ? navigator.locks.request("prottasha-outbox", work) : work();
    function done() { flushing = false; renderOutbox(); }
    return sending.then(done, done);
  }

  /* What the user wrote, from the callback request kept: their version of a conflict. */
  function describe(record) {
    var lines = [];
    try {
      var asked = JSON.parse(record.body);
      if (record.kind === "status") {
        var trigger = JSON.parse(String((asked.changedPropIds || [""])[0]).split("}.")[0] + "}");
        lines.push(text("offline-item-status", { status: text("status-" + trigger.status) }));
      } else {
        lines.push(text("offline-meeting"));
        [].concat.apply([], (asked.state || []).map(function (s) { return Array.isArray(s) ? s : [s]; }))
          .forEach(function (s) {
            var id = s && s.id, value = s && s.value;
            if (value === null || value === undefined || value === "" || typeof value === "object"
                || id === "dcc-changed") return;
            if (typeof id === "string" && id.indexOf("language") !== -1) return;
            if (id && id.type === "dcc-attendance") {
              if (Number(value) > 0) lines.push(id.department + ": " + value);
            } else if (id && typeof id === "object" || /^dcc-form-/.test(id)) {
              lines.push(String(value));
            }
          });
      }
    } catch (e) {
      lines.push(record.body);
    }
    return lines.join("\n");
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm btn-outline-dark me-2 mt-1";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }
  function renderOutbox() {
    return records().then(function (all) {
      var mine = all.filter(function (r) { return !r.user || !currentUser || r.user === currentUser; });
      var panel = document.getElementById("offline-outbox");
      if (!mine.length && !notice) {
        if (panel) panel.hidden = true;
        return;
      }
      if (!panel) {
        panel = document.createElement("section");
        panel.id = "offline-outbox";
        panel.setAttribute("role", "status");
        panel.className = "alert alert-light border shadow small";
        panel.style.cssText = "position:fixed;left:1rem;bottom:1rem;z-index:2050;max-width:min(30rem,calc(100vw - 2rem));"
          + "max-height:60vh;overflow:auto;margin:0";
        document.body.appendChild(panel);
      }
      panel.hidden = false;
      panel.textContent = "";
      if (notice) {
        var sent = document.createElement("p");
        sent.className = "mb-2 text-success fw-semibold";
        sent.textContent = notice + " ";
        sent.appendChild(button(text("offline-show"), function () { window.location.reload(); }));
        panel.appendChild(sent);
      }
      if (mine.length) {
        var heading = document.createElement("p");
        heading.className = "fw-semibold mb-1";
        heading.id = "offline-outbox-count";
        heading.textContent = text("offline-waiting", { count: new Intl.NumberFormat(locale()).format(mine.length) });
        panel.appendChild(heading);
      }
      mine.forEach(function (record) {
        var item = document.createElement("div");
        item.className = "border-top pt-1 mt-1 offline-record";
        item.dataset.state = record.state;
        var made = when(record.madeAt);
        var yours = document.createElement("pre");
        yours.className = "mb-1 small text-wrap";
        yours.textContent = text("offline-yours", made) + "\n" + describe(record);
        if (record.state === "conflict") {
          var said = document.createElement("p");
          said.className = "mb-1 text-danger fw-semibold";
          said.textContent = text("offline-conflict");
          item.appendChild(said);
        }
        item.appendChild(yours);
        if (record.state === "conflict") {
          var server = document.createElement("p");
          server.className = "mb-1";
          server.textContent = text("offline-server") + ": " + record.server;
          item.appendChild(server);
          item.appendChild(button(text("offline-send-again"), function () {
            record.state = "waiting";
            update(record).then(flush);
          }));
          item.appendChild(button(text("offline-discard"), function () { remove(record).then(renderOutbox); }));
        }
        panel.appendChild(item);
      });
    }).catch(noop);
  }

  /* ---- Leaving: sign-out, a session that ended, the sign-in page ---- */
  function wipeAll() {
    currentUser = null;
    return clear(["views", "outbox", "meta"]);
  }
  function sessionEnded() {
    hideBanner();
    return clear(["views"]).catch(noop);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute || new URL(form.getAttribute("action") || "", location.href).pathname !== ROOT + "logout"
        || form.dataset.offlineWiped === "1") return;
    event.preventDefault();
    records().then(function (all) {
      if (all.length && !window.confirm(text("offline-sign-out-unsent"))) return;
      return wipeAll().catch(noop).then(function () {
        form.dataset.offlineWiped = "1";
        form.submit();
      });
    }, function () {
      form.dataset.offlineWiped = "1";
      form.submit();
    });
  }, true);

  /* ---- Dash's requests ---- */
  function fallback(url, body, failed) {
    return ready.then(function () {
      var kind = body && writeKind(body);
      // Dash also calls the status buttons' callback when they appear (an open item drawn),
      // with no click: nothing to record, and nothing the server would have changed either.
      if (kind) return clicked(body) ? enqueue(kind, body) : new Response(null, { status: 204 });
      var key = currentUser && viewKey(currentUser, url, body);
      return key ? kept(key) : null;
    }).then(function (found) {
      if (found instanceof Response) return found;
      if (!found) return failed();
      showBanner(found.savedAt);
      return new Response(found.body, { status: 200, headers: { "Content-Type": found.type || "application/json" } });
    }, failed);
  }
  function reachable() {
    hideBanner();
    if (!flushing) flush();
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var path;
    try { path = new URL(url, location.href).pathname; } catch (e) { return originalFetch(input, init); }
    if (DASH_PATHS.indexOf(path) === -1) return originalFetch(input, init);
    var body = init && typeof init.body === "string" ? init.body : null;
    if (path === ROOT + "_dash-layout") layoutAsked = true;
    return track(originalFetch(input, init).then(function (response) {
      if (response.status === 401) {
        sessionEnded();
        return response;
      }
      // A proxy in front of a server that is down: as good as no connection.
      if (response.status >= 502 && response.status <= 504) return fallback(url, body, function () { return response; });
      var user = response.headers.get("X-Offline-User");
      var days = parseFloat(response.headers.get("X-Offline-Keep") || "0");
      if (response.ok) reachable();
      if (user) {
        var copy = response.clone();
        track(noteUser(user).then(function () {
          var key = days > 0 && viewKey(user, url, body);
          return key ? keep(key, copy, days) : null;
        }).catch(noop));
      }
      return response;
    }, function (error) {
      return fallback(url, body, function () { throw error; });
    }));
  };

  /* ---- For "keep my district available offline" (01_offline_keep.js) ---- */
  // Dash's requests under way and answers still being written: a page opened to be kept is
  // done when none have been for a while.
  var layoutAsked = false, busy = 0, lastBusy = Date.now();
  function track(promise) {
    busy += 1;
    lastBusy = Date.now();
    function settled() { busy -= 1; lastBusy = Date.now(); }
    promise.then(settled, settled);
    return promise;
  }
  // A mark beside the answers (same store, so wiped, aged and pruned with them): when the
  // district was last kept, and how many of its views.
  function markKey(district) { return currentUser ? currentUser + " DISTRICT " + district : null; }
  window.prottashaOffline = {
    root: ROOT,
    text: text,
    when: when,
    number: function (n) { return new Intl.NumberFormat(locale()).format(n); },
    idle: function () { return layoutAsked && busy === 0 ? Date.now() - lastBusy : 0; },
    markKept: function (district, views, days) {
      return ready.then(function () {
        var key = markKey(district), now = Date.now();
        return key && store("views", "readwrite", function (s) {
          return s.put({ savedAt: now, expires: now + days * 864e5, type: "mark", body: "", views: views }, key);
        });
      });
    },
    lastKept: function (district) {
      return ready.then(function () {
        var key = markKey(district);
        return key ? kept(key) : null;
      });
    }
  };

  /* ---- Start ---- */
  if (location.pathname === ROOT + "login") {
    ready.then(sessionEnded);
  } else {
    ready.then(prune).then(renderOutbox).catch(noop);
    window.addEventListener("online", function () { flush(); });
    // A connection that came back without an "online" event (the server, not the line, was down).
    setInterval(function () { records().then(function (all) { if (all.some(function (r) { return r.state === "waiting"; })) flush(); }).catch(noop); }, 20000);
    document.addEventListener("dashboard-text", function () {
      if (asOf !== null) showBanner(asOf);
      renderOutbox();
    });
  }

  /* ---- The service worker ---- */
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(ROOT + "sw.js", { scope: ROOT }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        function name() {
          // The worker takes only public files from these (never Dash's requests).
          var urls = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
          // Plotly's modules, MapLibre's worker's among them (its requests are not the page's).
          document.querySelectorAll("link[rel=modulepreload]").forEach(function (link) { urls.push(link.href); });
          // The regular Bengali face, which an English page does not fetch (assets/app.css): kept
          // now, so switching to Bangla with no connection still draws Bangla text.
          var fonts = document.querySelector('meta[name="dashboard-fonts"]');
          if (fonts) fonts.content.split(" ").forEach(function (href) { if (href) urls.push(new URL(href, location.href).href); });
          if (location.pathname !== ROOT + "login" && location.pathname !== ROOT + "logout") urls.push(location.href);
          if (registration.active) registration.active.postMessage({ type: "CACHE_URLS", urls: urls });
        }
        // Named once Plotly's modules have arrived (the page preloads them after its first
        // scripts, and the load event comes before they do): the worker asked earlier would fetch
        // them a second time, and the Bengali faces, while the page's own requests for them are
        // still crossing a slow line.
        function modulesArrived() {
          return Promise.all([].slice.call(document.querySelectorAll("link[rel=modulepreload]")).map(function (link) {
            // An entry is recorded when a file has arrived, before the link's load event.
            if (performance.getEntriesByName(link.href).length) return null;
            return new Promise(function (done) {
              link.addEventListener("load", done);
              link.addEventListener("error", done);
            });
          }));
        }
        modulesArrived().then(name);
        // Scripts Dash loads when a component first appears (the Plotly bundle with the first graph,
        // the date picker), named as each arrives: on a slow line Plotly alone takes 20 s or more.
        if (window.PerformanceObserver) {
          new PerformanceObserver(function (list) {
            var urls = list.getEntries().filter(function (entry) {
              return entry.initiatorType === "script" || entry.initiatorType === "link";
            })
              .map(function (entry) { return entry.name; });
            if (urls.length && registration.active) registration.active.postMessage({ type: "CACHE_URLS", urls: urls });
          }).observe({ type: "resource" });
        } else {
          setTimeout(name, 8000);
        }
      }).catch(noop);
    });
  }
})();
