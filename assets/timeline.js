/* The map's timeline in the browser (features/map/timeline_component.py, timeline_values.py).

   Keyboard: wherever the focus is in its controls, the left and right arrows step to the
   previous and next period and the space bar plays or pauses. The slider's handle and the radio
   groups keep their own arrow keys (they already step, or choose); a button keeps its own space
   (it presses the button).

   Stepping: the server sends every step's values once (map-timeline-values); a step is drawn
   here, with no request: the areas' traces are rebuilt from the step's class codes, the slider,
   the period and its total follow, and the address bar is replaced with the step's URL. The
   layers and the programme figures are drawn on the server: while the timeline moves they are
   hidden and marked as of the period last settled; when the player stops, or a manual step
   rests for settle_ms, the step is written into the page's URL (dcc.Location) and the server
   draws that step's map, layers and figures once. */
(function () {
  var PANEL = "map-timeline-panel";
  var URL_ID = "map-state";
  var CARDS = "kpi-cards";
  var AREA = "timeline-area";
  var pending = null;

  function press(id) {
    var button = document.getElementById(id);
    if (button) button.click();
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target || !target.closest || !target.closest("#" + PANEL)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var own = target.matches("input, textarea, select, [role=radio]");
    var slider = target.matches("[role=slider]");
    if (event.key === " " && !own && target.tagName !== "BUTTON") {
      event.preventDefault();
      press("map-timeline-play");
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && !own && !slider) {
      event.preventDefault();
      press(event.key === "ArrowLeft" ? "map-timeline-previous" : "map-timeline-next");
    }
  });

  function stepOf(search) {
    return new URLSearchParams(search || "").get("step");
  }

  function stepSearch(values, index) {
    return values.search.split(values.placeholder).join(values.steps[index]);
  }

  function markCards(stale) {
    var cards = document.getElementById(CARDS);
    if (cards) cards.classList.toggle("map-timeline-stale", stale);
  }

  // The step written into the page's URL: the server draws its map, layers and figures.
  function settle(committed, next) {
    if (pending) window.clearTimeout(pending);
    pending = null;
    markCards(false);
    if (next === committed) return;
    // Back to the settled URL first, so the new one is one entry of the history (back returns).
    window.history.replaceState(window.history.state, "", window.location.pathname + committed + window.location.hash);
    window.dash_clientside.set_props(URL_ID, {search: next});
  }

  // The areas' traces of step ``index``, as the server draws them (figures/choropleth.py).
  function areaTraces(values, index) {
    var codes = values.values[index], texts = values.texts[index], out = [];
    ["values", "hidden", "none"].forEach(function (kind) {
      var template = values.traces[kind];
      if (!template) return;
      var locations = [], z = [], customdata = [];
      codes.forEach(function (code, i) {
        var match = kind === "values" ? typeof code === "number" && code >= 0
          : kind === "hidden" ? code === -1 : code === null;
        if (!match) return;
        locations.push(values.areas[i]);
        z.push(kind === "values" ? code : 0);
        customdata.push(kind === "values" ? [values.names[i], texts[i]] : [values.names[i]]);
      });
      if (locations.length) {
        out.push(Object.assign({}, template, {locations: locations, z: z, customdata: customdata, uid: AREA + "-" + kind}));
      }
    });
    return out;
  }

  function draw(figure, values, index, settled) {
    var others = (figure.data || []).filter(function (trace) {
      return String(trace.uid || "").indexOf(AREA) !== 0;
    }).map(function (trace) {
      // A layer of the settled period is never drawn over another period's colours.
      if (trace.name === "selected") return trace;
      var copy = Object.assign({}, trace);
      if (settled) delete copy.visible; else copy.visible = false;
      return copy;
    });
    return Object.assign({}, figure, {data: areaTraces(values, index).concat(others)});
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.timeline = {
    settle_ms: 900,  // how long a manual step rests before it settles in the URL (tests lengthen it)
    // One step: previous, next, play or pause, the player's tick, or the slider.
    step: function (_previous, _next, _play, _tick, slider, values, drawn, playing, search, figure) {
      var nu = window.dash_clientside.no_update;
      var triggered = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
      var trigger = (triggered[0] || "").split(".")[0];
      if (!values || !values.steps || !values.steps.length) return [nu, nu, nu, nu, nu, nu, nu, nu];
      var count = values.steps.length;
      var index = typeof drawn === "number" ? drawn : Math.max(0, values.steps.indexOf(stepOf(search)));
      var target = index, play = !!playing;
      if (trigger === "map-timeline-previous") { target = index - 1; play = false; }
      else if (trigger === "map-timeline-next") { target = index + 1; play = false; }
      else if (trigger === "map-timeline-slider") { target = slider; }
      else if (trigger === "map-timeline-play") {
        if (play) play = false;
        else { play = true; if (index >= count - 1) target = 0; }
      } else if (trigger === "map-timeline-tick") {
        if (!play) return [nu, nu, nu, nu, nu, nu, nu, nu];
        target = index + 1;
      }
      target = Math.max(0, Math.min(count - 1, target));
      if (target >= count - 1) play = false;  // the last step: the player stops there
      var committed = search || "", next = stepSearch(values, target);
      var settled = stepOf(committed) === values.steps[target];
      var moved = target !== index;
      if (moved) {
        window.history.replaceState(window.history.state, "", window.location.pathname + next + window.location.hash);
        markCards(!settled);
      }
      if (pending) window.clearTimeout(pending);
      pending = null;
      if (!play && !settled) {
        // A stopped player settles at once; a manual step once the user rests on it.
        var wait = trigger === "map-timeline-play" || trigger === "map-timeline-tick" ? 0
          : window.dash_clientside.timeline.settle_ms;
        pending = window.setTimeout(function () { settle(committed, next); }, wait);
      }
      var label = play ? values.pause : values.play;
      return [
        moved ? target : nu,
        moved && trigger !== "map-timeline-slider" ? target : nu,
        values.showing[target],
        play,
        !play,
        label,
        play ? "true" : "false",
        moved && figure ? draw(figure, values, target, settled) : nu
      ];
    },
    // The step's total beside its period (empty where the metric has no total that may be shown).
    total: function (values, drawn, playing) {
      var nu = window.dash_clientside.no_update;
      if (!values || !values.totals) return ["", nu, nu];
      var label = playing ? values.pause : values.play;
      var shown = typeof drawn === "number";
      return [shown ? values.totals[drawn] || "" : "", label,
              shown && values.showing ? values.showing[drawn] || nu : nu];
    }
  };
})();
