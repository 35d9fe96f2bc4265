// Small progressive enhancements for the backoffice; every form works without them.
(function () {
  "use strict";

  // Rich text: the page title is the only h1, so the editor's heading button makes h2; files are not accepted here.
  if (window.Trix) {
    Trix.config.blockAttributes.heading1.tagName = "h2";
    document.addEventListener("trix-file-accept", function (e) { e.preventDefault(); });
  }

  // Rich-text toolbar by keyboard. Trix renders its buttons with tabindex="-1" and acts on mousedown (to keep the
  // editor's selection), so keyboard users could neither reach nor press them. The toolbar becomes one tab stop
  // (role="toolbar": arrow keys, Home and End move between buttons) and Enter or Space does what a click does.
  function buttonsOf(toolbar) {
    return Array.prototype.filter.call(toolbar.querySelectorAll(".trix-button-row button"), function (b) {
      return b.offsetParent !== null && !b.disabled;
    });
  }
  function rove(toolbar, current) {
    var buttons = buttonsOf(toolbar);
    if (buttons.indexOf(current) < 0) current = buttons[0];
    toolbar.querySelectorAll(".trix-button-row button").forEach(function (b) { b.tabIndex = b === current ? 0 : -1; });
  }
  function setUpToolbar(toolbar) {
    if (toolbar.hasAttribute("data-bo-keyboard")) return;
    toolbar.setAttribute("data-bo-keyboard", "");
    var row = toolbar.querySelector(".trix-button-row");
    if (!row) return;
    row.setAttribute("role", "toolbar");
    row.setAttribute("aria-label", "Text formatting");
    rove(toolbar, null);
    row.addEventListener("focusin", function (e) { if (e.target.tagName === "BUTTON") rove(toolbar, e.target); });
    row.addEventListener("keydown", function (e) {
      var button = e.target.closest ? e.target.closest("button") : null;
      if (!button) return;
      var buttons = buttonsOf(toolbar), i = buttons.indexOf(button), next = null;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = buttons[(i + 1) % buttons.length];
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = buttons[(i - 1 + buttons.length) % buttons.length];
      else if (e.key === "Home") next = buttons[0];
      else if (e.key === "End") next = buttons[buttons.length - 1];
      else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        button.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true, view: window }));
        return;
      }
      if (next) { e.preventDefault(); rove(toolbar, next); next.focus(); }
    });
    // Undo and redo turn on and off as the text changes: keep one button reachable.
    new MutationObserver(function () { rove(toolbar, document.activeElement); }).observe(row, { subtree: true, attributes: true, attributeFilter: ["disabled"] });
  }
  document.addEventListener("trix-initialize", function (e) {
    var toolbar = e.target.toolbarElement;
    if (toolbar) setUpToolbar(toolbar);
  });
  document.querySelectorAll("trix-toolbar").forEach(setUpToolbar);

  // Live character counters (counter.js, loaded first).
  if (window.sqmCounters) window.sqmCounters(document, "bo-counter");

  var errors = document.getElementById("bo-errors");
  if (errors) errors.focus();
})();
