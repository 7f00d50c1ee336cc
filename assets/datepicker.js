/* Repairs for the Dash 4 date pickers (dcc.DatePickerRange, dcc.DatePickerSingle): workarounds
   for the component, each to be removed when Dash fixes it. */
(function () {
  /* A date typed into a box counts only when the user presses Tab or Enter there: the component
     reads the text on those keys and on nothing else. Typing a start date and then clicking into
     the end box, or anywhere else, left the typed date on screen while the value (the URL, the
     figures) went on without it. When a date box loses focus, hand the component the Tab it
     waits for, so a date is taken as soon as the user leaves its box; the component checks it
     as for a real Tab (a date it refuses is put back to the last one it took). An untrusted key
     event moves no focus, so the click that caused the blur lands where the user meant. */
  document.addEventListener("focusout", function (event) {
    var box = event.target;
    if (!box || !box.classList || !box.classList.contains("dash-datepicker-input") || box.disabled) return;
    box.dispatchEvent(new KeyboardEvent("keydown", {key: "Tab", code: "Tab", keyCode: 9, which: 9, bubbles: true,
                                                    cancelable: true}));
  }, true);

  /* The boxes' wrapper, a plain <div> no one can focus, says aria-expanded (axe:
     aria-allowed-attr); the boxes inside are what a screen reader meets. The clear control is an
     <a> without href, so it is named but has no role (axe: aria-prohibited-attr) and no keyboard
     can reach it: make it a button. */
  function repair(root) {
    root.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded]").forEach(function (wrapper) {
      wrapper.removeAttribute("aria-expanded");
      wrapper.removeAttribute("aria-haspopup");
    });
    root.querySelectorAll("a.dash-datepicker-clear:not([role])").forEach(function (clear) {
      clear.setAttribute("role", "button");
      clear.tabIndex = 0;
    });
  }
  document.addEventListener("keydown", function (event) {
    var clear = event.target;
    if (clear && clear.classList && clear.classList.contains("dash-datepicker-clear")
        && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      clear.click();
    }
  });
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; repair(document); });
    }
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                        attributeFilter: ["aria-expanded"]});
})();
