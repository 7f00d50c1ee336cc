/* Accessibility repairs for Dash 4 components whose markup we cannot pass attributes to.
   Each is a workaround for the component, not for our pages; remove one when Dash fixes it.
   At the end, one focus rule of our own pages (kept here rather than in a file of its own:
   every asset is one more request on a district office's slow first visit). */
(function () {
  var labelCount = 0;

  /* The dropdown makes an aria-hidden <input> its tab stop and forwards focus to the real
     trigger button (tabIndex -1): screen readers meet a focusable element they are told does
     not exist (axe: aria-hidden-focus). Make the trigger the tab stop instead; the component
     re-enables the proxy on blur, hence the observer below. */
  function dropdowns(root) {
    root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (proxy) {
      if (proxy.tabIndex !== -1) proxy.tabIndex = -1;
      var trigger = proxy.nextElementSibling;
      if (trigger && trigger.tagName === "BUTTON" && !trigger.disabled && trigger.tabIndex !== 0) trigger.tabIndex = 0;
    });
  }

  /* A <label for=...> naming a slider points at its wrapper <div>, so the thumb and the
     number box inside have no name (axe: aria-input-field-name, label). Name them by it. */
  function labelledWidgets(root) {
    root.querySelectorAll("label[for]").forEach(function (label) {
      var target = document.getElementById(label.htmlFor);
      if (!target || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) return;
      if (!label.id) label.id = "a11y-label-" + (++labelCount);
      target.querySelectorAll("[role=slider], input:not([type=hidden])").forEach(function (control) {
        if (!control.hasAttribute("aria-label") && control.getAttribute("aria-labelledby") !== label.id) {
          control.setAttribute("aria-labelledby", label.id);
        }
      });
    });
  }

  /* DataTable's pager buttons are arrows drawn in CSS, with no text (axe: button-name). */
  /* Names come from the message catalogue (dashboard/ui/browser_text.py). */
  var PAGER = ["first-page", "previous-page", "next-page", "last-page"];
  function pagers(root) {
    var names = window.dashboardText || {};
    root.querySelectorAll(".previous-next-container button").forEach(function (button) {
      PAGER.forEach(function (cls) {
        var name = names[cls];
        if (name && button.classList.contains(cls) && button.getAttribute("aria-label") !== name) {
          button.setAttribute("aria-label", name);
          button.title = name;
        }
      });
    });
  }

  /* DataTable's page numbers and the dropdown's "3 selected" count are written in Latin digits;
     in Bangla, show Bangla digits like every other number on the page. */
  var BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯";
  function pagerDigits(root) {
    if (document.documentElement.lang !== "bn" || /(^|; )dashboard_digits=latin/.test(document.cookie)) return;
    root.querySelectorAll(".previous-next-container div.last-page, .previous-next-container .current-page-shadow,"
                          + " .dash-dropdown-value-count")
      .forEach(function (node) {
        var text = node.textContent.replace(/[0-9]/g, function (d) { return BANGLA_DIGITS[+d]; });
        if (text !== node.textContent) node.textContent = text;
      });
    root.querySelectorAll(".previous-next-container input.current-page").forEach(function (input) {
      var text = (input.placeholder || "").replace(/[0-9]/g, function (d) { return BANGLA_DIGITS[+d]; });
      if (text !== input.placeholder) input.placeholder = text;
    });
  }

  /* Plotly's mode bar titles its buttons (data-title, shown as the tooltip) in English only.
     Keep Plotly's English in data-title-en and show the catalogue's text in the page's
     language; the button gets the same text as its accessible name. */
  function modebars(root) {
    var names = window.dashboardText || {};
    root.querySelectorAll(".modebar-btn[data-title]").forEach(function (button) {
      if (!button.hasAttribute("data-title-en")) button.setAttribute("data-title-en", button.getAttribute("data-title"));
      var name = names["plotly:" + button.getAttribute("data-title-en")];
      if (name && button.getAttribute("data-title") !== name) button.setAttribute("data-title", name);
      if (name && button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
    });
  }

  var pending = false;
  function repair() {
    pending = false;
    dropdowns(document);
    labelledWidgets(document);
    pagers(document);
    pagerDigits(document);
    modebars(document);
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(repair); }
  }
  document.addEventListener("dashboard-text", schedule);
  new MutationObserver(schedule).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["tabindex", "disabled", "lang", "placeholder"],
  });
})();

/* Our own: "Show older meetings" on the DCC page (dashboard/features/dcc/component.py). Once
   the older meetings are drawn, focus moves to the first of them, as a keyboard or screen-reader
   user expects of a "show more" button: otherwise the focus stays on a button that may now be
   gone (nothing older left), and the next Tab starts again from the top of the page. */
(function () {
  "use strict";
  var drawn = null;  // how many meetings were drawn when the button was pressed (Enter clicks too)
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("#dcc-timeline-more")) {
      drawn = document.querySelectorAll("#dcc-timeline .card").length;
    }
  }, true);
  new MutationObserver(function () {
    if (drawn === null) return;
    var cards = document.querySelectorAll("#dcc-timeline .card");
    if (cards.length <= drawn) return;
    var heading = cards[drawn].querySelector("h4") || cards[drawn];
    drawn = null;
    heading.setAttribute("tabindex", "-1");  // focusable by script, not a Tab stop of its own
    heading.focus();
  }).observe(document.body, {childList: true, subtree: true});
})();
