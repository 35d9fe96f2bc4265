// Live character counters on text areas with a maximum (data-counter), counted as a person counts: grapheme
// clusters, as the server counts them. Used by the backoffice editor and by public forms.
(function () {
  "use strict";
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function count(text) {
    if (!segmenter) return Array.from(text).length;
    var n = 0;
    for (var _ of segmenter.segment(text)) n++;
    return n;
  }

  /** Adds a counter after each textarea[data-counter] below root; className styles it (and className--over past the limit). */
  window.sqmCounters = function (root, className) {
    root.querySelectorAll("textarea[data-counter]").forEach(function (field) {
      var max = parseInt(field.getAttribute("data-counter"), 10);
      if (!max || field.dataset.counted) return;
      field.dataset.counted = "1";
      field.removeAttribute("maxlength"); // the server enforces the limit with a clear message; let people paste and trim
      var out = document.createElement("p");
      out.className = className;
      out.id = field.id + "-count";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());
      function update() {
        var n = count(field.value);
        out.textContent = n.toLocaleString() + " / " + max.toLocaleString() + " characters";
        out.classList.toggle(className + "--over", n > max);
      }
      field.addEventListener("input", update);
      update();
    });
  };
})();
