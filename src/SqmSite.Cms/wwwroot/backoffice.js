// Small progressive enhancements for the backoffice; every form works without them.
(function () {
  "use strict";

  // Rich text: the page title is the only h1, so the editor's heading button makes h2; files are not accepted here.
  if (window.Trix) {
    Trix.config.blockAttributes.heading1.tagName = "h2";
    document.addEventListener("trix-file-accept", function (e) { e.preventDefault(); });
  }

  // Live character counters on fields with a maximum, counted as a person counts (grapheme clusters).
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function count(text) {
    if (!segmenter) return Array.from(text).length;
    var n = 0;
    for (var _ of segmenter.segment(text)) n++;
    return n;
  }
  document.querySelectorAll("textarea[data-counter]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-counter"), 10);
    if (!max) return;
    field.removeAttribute("maxlength"); // the server enforces the limit with a clear message; let people paste and trim
    var out = document.createElement("p");
    out.className = "bo-counter";
    out.id = field.id + "-count";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());
    function update() {
      var n = count(field.value);
      out.textContent = n.toLocaleString() + " / " + max.toLocaleString() + " characters";
      out.classList.toggle("bo-counter--over", n > max);
    }
    field.addEventListener("input", update);
    update();
  });

  var errors = document.getElementById("bo-errors");
  if (errors) errors.focus();
})();
