/* The dashboard's service worker (issue 31, docs/offline.md), served by dashboard/web/offline.py.

   It keeps public files only, so the app opens with no connection at all: Dash's and Plotly's
   scripts, our styles and scripts, the Bangla font, the boundary files and the page skeleton
   (Dash's index page, the same for every user). Nothing of a user is kept here: the views a user
   opened and the records made offline are kept by the page's script (assets/01_offline.js) in
   IndexedDB, under the user's key, and wiped on sign-out.

   Workbox does the caching (routes and strategies); its files are vendored and served by this
   app, never fetched from a CDN. Each version of the code gets caches of its own; older ones are
   deleted when this worker takes over. */
importScripts({{ (workbox ~ "workbox-sw.js")|tojson }});
workbox.setConfig({ debug: false, modulePathPrefix: {{ workbox|tojson }} });

var VERSION = {{ version|tojson }};
var ROOT = {{ root|tojson }};
var STATIC = "prottasha-static-" + VERSION;
var SHELL = "prottasha-shell-" + VERSION;
var SHELL_KEY = ROOT;  // the one page skeleton kept

// Loaded at once: a service worker may not import scripts after it is installed.
var routing = workbox.routing, strategies = workbox.strategies;
var okOnly = new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] });
workbox.core.clientsClaim();
self.skipWaiting();

// Files whose address changes with their content: Dash's fingerprinted bundles
// (name.v4_4_1m1796226419.min.js), our assets with ?m=<time>, the versioned Workbox files, the
// Plotly modules in a folder named by their content's hash (vendor/plotly-4.1.1-<hash>/plotly.mjs, preloaded by the page).
var immutable = new strategies.CacheFirst({ cacheName: STATIC, plugins: [okOnly] });
// Public files with a fixed address (Dash's lazily loaded chunks, fonts named in CSS, icons,
// boundaries): served from the cache at once, refreshed behind.
var revalidated = new strategies.StaleWhileRevalidate({ cacheName: STATIC, plugins: [okOnly] });

function local(url) { return url.origin === self.location.origin && url.pathname.indexOf(ROOT) === 0; }
function under(url, prefix) { return url.pathname.indexOf(ROOT + prefix) === 0; }

function strategyFor(url) {
  if (!local(url)) return null;
  if ((under(url, "_dash-component-suites/") && /\.v\d\w*m\d+\./.test(url.pathname))
      || (under(url, "assets/") && url.searchParams.has("m")) || under(url, "sw/workbox-")
      || under(url, "vendor/")) return immutable;
  if (under(url, "_dash-component-suites/") || under(url, "assets/") || under(url, "geodata/")
      || url.pathname === ROOT + "_favicon.ico" || url.pathname === ROOT + "manifest.webmanifest") return revalidated;
  return null;
}

routing.registerRoute(function (options) {
  return options.request.method === "GET" && strategyFor(options.url) !== null;
}, function (options) { return strategyFor(options.url).handle(options); });

// Pages: from the network; the skeleton the server gave last (marked X-Offline-Shell) when it
// cannot be reached. Files that open as pages (the brief, the printable map, downloads) are not
// pages of the app: they fail offline as they would without this worker.
function isAppPage(url) {
  var rest = url.pathname.slice(ROOT.length);
  return local(url) && !/\.\w+$/.test(rest) && !/^(login|logout|api|brief|healthz|sw)(\/|$)/.test(rest)
    && rest.indexOf("_dash-") !== 0;
}

function keepShell(response) {
  if (!response || response.status !== 200 || response.headers.get("X-Offline-Shell") !== "1") return Promise.resolve();
  return caches.open(SHELL).then(function (cache) { return cache.put(SHELL_KEY, response.clone()); });
}

routing.registerRoute(function (options) {
  return options.request.mode === "navigate" && isAppPage(options.url);
}, function (options) {
  return fetch(options.request).then(function (response) {
    options.event.waitUntil(keepShell(response.clone()));
    return response;
  }, function (error) {
    return caches.open(SHELL).then(function (cache) { return cache.match(SHELL_KEY); }).then(function (shell) {
      if (shell) return shell;
      throw error;
    });
  });
});

// The page names the files it loaded before this worker controlled it (its first visit), so
// they are kept too; its own address gives the skeleton.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "CACHE_URLS" || !Array.isArray(data.urls)) return;
  event.waitUntil(Promise.all(data.urls.map(function (href) {
    var url;
    try { url = new URL(href, self.location.href); } catch (e) { return null; }
    var strategy = strategyFor(url);
    var request = new Request(url.href, { credentials: "same-origin" });
    if (strategy) return strategy.handle({ event: event, request: request }).catch(function () { return null; });
    if (isAppPage(url)) {
      return caches.open(SHELL).then(function (cache) { return cache.match(SHELL_KEY); }).then(function (shell) {
        return shell ? null : fetch(request).then(keepShell);
      }).catch(function () { return null; });
    }
    return null;
  })));
});

// A new version of the code: drop the caches of older ones.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("prottasha-") === 0 && name !== STATIC && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }));
});
