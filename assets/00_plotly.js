/* Plotly for dcc.Graph, as ES modules (issue 33; dashboard/web/plotly_bundle.py).

   dcc.Graph uses window.Plotly when there is one, else loads _dash-config's plotlyjs_url as a
   classic script, which our Plotly is not (a module importing MapLibre's modules, so MapLibre's
   code crosses a slow line once). So window.Plotly is the import of that module: a promise,
   which dcc.Graph waits for, until the module arrives, then Plotly itself. A failed import (the
   line dropped) is tried again by the next graph that asks.

   The modules (named by the page's head) are preloaded once Dash's own scripts have arrived
   and run (DOMContentLoaded): on a slow line they then cross it while the page asks for its
   layout and figures, instead of after the first graph asks, without slowing the scripts that
   draw the page's first text. */
(function () {
  "use strict";
  var config = document.getElementById("_dash-config");
  var url = config && JSON.parse(config.textContent).plotlyjs_url;
  if (!url || !/\.mjs$/.test(url) || window.Plotly) return;
  var plotly = null, pending = null;
  function load() {
    if (!pending) {
      pending = import(url).then(function (module) {
        plotly = module.default;
        return plotly;
      }, function (error) {
        pending = null;
        throw error;
      });
    }
    return pending;
  }
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: function () { return plotly || load(); },
    set: function (value) { plotly = value; }
  });

  function preload() {
    var list = document.querySelector('meta[name="dashboard-plotly-modules"]');
    (list ? list.content.split(" ") : []).forEach(function (href) {
      if (!href) return;
      var link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = href;
      document.head.appendChild(link);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", preload);
  else preload();
})();
