/* Keyboard repairs for Dash 4 components (as assets/a11y.js, each a workaround for the
   component, not for our pages; remove one when Dash fixes it). */
(function () {
  /* A slider's number box (dcc.Slider draws one beside the track) applies what was typed only
     when it loses focus: Enter did nothing. Enter now applies it too, by the component's own
     path (blur), and leaves the cursor in the box. */
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !box.matches || !box.matches(".dash-slider-container input.dash-range-slider-input")) {
      return;
    }
    event.preventDefault();
    box.blur();
    box.focus();
  }, true);

  /* DataTable draws every cell with tabindex -1, so its cells cannot be reached by keyboard (and
     its own arrow keys start only from a cell clicked with a mouse). One cell per table is made a
     tab stop (the one last reached, else the active one, else the first: a "roving" tab stop, so
     Tab does not walk through every cell); from it the arrow keys move between cells, and Enter or
     Space does what a click does (on the compare page, a district's name opens it on the map).
     Once a cell is active, DataTable's own arrow keys take over, as after a click. The tables here
     are read-only, so Tab is left to move between the page's controls. */
  var CELL = "td.dash-cell";
  function tables(root) {
    root.querySelectorAll(".dash-spreadsheet-container").forEach(function (table) {
      var cells = table.querySelectorAll(CELL);
      if (!cells.length) return;
      var here = document.activeElement;
      var stop = (here && here.matches && here.matches(CELL) && table.contains(here) && here)
        || table.querySelector(CELL + ".focused") || cells[0];
      cells.forEach(function (cell) {
        var wanted = cell === stop ? "0" : "-1";
        if (cell.getAttribute("tabindex") !== wanted) cell.setAttribute("tabindex", wanted);
      });
    });
  }

  function neighbour(cell, key) {
    var row = cell.parentElement, column = Array.prototype.indexOf.call(row.children, cell), other;
    if (key === "ArrowRight") return cell.nextElementSibling;
    if (key === "ArrowLeft") return cell.previousElementSibling;
    other = key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
    return other ? other.children[column] : null;
  }

  document.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (!cell.closest || !cell.closest(".dash-spreadsheet-container")) return;
    if (event.key === "Tab") {
      // DataTable takes Tab for moving between cells as a spreadsheet does, and swallows it when
      // no cell is active: Tab could not leave its search boxes. Tab moves on, as on any page.
      event.stopPropagation();
      return;
    }
    if (!cell.matches(CELL)) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      cell.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
      return;
    }
    if (!/^Arrow(Up|Down|Left|Right)$/.test(event.key) || cell.classList.contains("focused")) return;
    event.preventDefault();
    event.stopPropagation();
    var next = neighbour(cell, event.key);
    if (next && next.matches(CELL)) {
      cell.setAttribute("tabindex", "-1");
      next.setAttribute("tabindex", "0");
      next.focus();
    }
  }, true);

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; tables(document); });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
})();
