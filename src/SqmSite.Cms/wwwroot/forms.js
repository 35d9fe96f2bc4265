// Public forms: show and hide conditional fields as answers change, count characters, and move focus to
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

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function count(text) {
    if (!segmenter) return Array.from(text).length;
    var n = 0;
    for (var _ of segmenter.segment(text)) n++;
    return n;
  }

  document.querySelectorAll("[data-sqm-form] form").forEach(function (form) {
    if (!form.getAttribute("action")) return; // a preview
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
    apply(form);

    form.querySelectorAll("textarea[data-counter]").forEach(function (field) {
      var max = parseInt(field.getAttribute("data-counter"), 10);
      if (!max) return;
      var out = document.createElement("p");
      out.className = "sqm-counter";
      out.id = field.id + "-count";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());
      function update() {
        var n = count(field.value);
        out.textContent = n.toLocaleString() + " / " + max.toLocaleString() + " characters";
        out.classList.toggle("sqm-counter--over", n > max);
      }
      field.addEventListener("input", update);
      update();
    });

    // One click sends once: a second click while the first post is on its way does nothing.
    form.addEventListener("submit", function (e) {
      if (form.dataset.sending) { e.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });

  var focus = document.querySelector("[data-sqm-focus]");
  if (focus) focus.focus();
})();
