/* The frame's filter panel (dashboard/web/frame/shell.py) is hidden until the router's first
   answer shows it on pages that use filters. Appearing then, above the page, it pushed the whole
   page down by its height (a layout shift of 0.05 on a desktop and 0.13 on a phone whenever the
   answer came after the first paint, as on any slow line). So on those pages its space is kept,
   invisible, from the first paint (assets/app.css, `filters-expected`); the router's answer then
   shows it in place, and the mark is dropped (dashboard/web/frame/router.py) so a page without
   filters opened later hides it as before. The pages with filters are named by the server on
   the <html> element (data-filter-paths, dashboard/app.py). Runs before Dash draws the page. */
(function () {
  var root = document.documentElement;
  function bare(path) { return path.replace(/\/+$/, "") || "/"; }
  var paths = (root.getAttribute("data-filter-paths") || "").split(" ").filter(Boolean).map(bare);
  if (paths.indexOf(bare(window.location.pathname)) !== -1) root.classList.add("filters-expected");
})();
