// Public forms: show and hide conditional fields as answers change, count characters (counter.js), and move focus to
// messages. The server decides what is required and stored either way; without this script every form still works.
(function () {
  "use strict";
  if (window.sqmFormsReady) return; // a page with two forms loads this twice
  window.sqmFormsReady = true;

  function valuesOf(form, name) {
    var out = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.disabled) return;
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) out.push(input.value);
      } else if (input.type !== "hidden") {
        if (input.value.trim()) out.push(input.value.trim());
      }
    });
    return out;
  }

  function isVisible(form, wrapper) {
    var raw = wrapper.getAttribute("data-condition");
    if (!raw) return true;
    var c = JSON.parse(raw);
    var source = form.querySelector("[name='" + c.field + "']");
    var sourceWrapper = source && source.closest("[data-condition]");
    var values = sourceWrapper && sourceWrapper.hidden ? [] : valuesOf(form, c.field);
    var want = (c.value || "").trim().toLowerCase();
    var matches = values.length === 0
      ? want === "" || (source && source.type === "checkbox" && want === "false")
      : values.some(function (v) { return v.toLowerCase() === want; });
    if (c.op === "IsNot") matches = !matches;
    return c.action === "Show" ? matches : !matches;
  }

  function apply(form) {
    // In document order, so a field that decides for a later one is settled first.
    form.querySelectorAll("[data-condition]").forEach(function (wrapper) {
      var show = isVisible(form, wrapper);
      wrapper.hidden = !show;
      wrapper.querySelectorAll("input, textarea, select").forEach(function (input) { input.disabled = !show; });
    });
  }

  document.querySelectorAll("[data-sqm-form] form").forEach(function (form) {
    if (!form.getAttribute("action")) return; // a preview
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
    apply(form);

    if (window.sqmCounters) window.sqmCounters(form, "sqm-counter");

    // One click sends once: a second click while the first post is on its way does nothing.
    form.addEventListener("submit", function (e) {
      if (form.dataset.sending) { e.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });

  // Coming back with the browser's Back button shows the page as it was left: let it be sent again.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) document.querySelectorAll("[data-sqm-form] form").forEach(function (f) { delete f.dataset.sending; });
  });

  var focus = document.querySelector("[data-sqm-focus]");
  if (focus) focus.focus();
})();
