/* The map's timeline by keyboard (features/map/timeline_component.py): wherever the focus is in
   its controls, the left and right arrows step to the previous and next period and the space
   bar plays or pauses. The slider's handle and the radio groups keep their own arrow keys
   (they already step, or choose); a button keeps its own space (it presses the button). */
(function () {
  var PANEL = "map-timeline-panel";
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
})();
