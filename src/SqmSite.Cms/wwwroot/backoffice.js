// Small progressive enhancements for the backoffice; every form works without them.
(function () {
  "use strict";

  // Rich text: the page title is the only h1, so the editor's heading button makes h2; files are not accepted here.
  if (window.Trix) {
    Trix.config.blockAttributes.heading1.tagName = "h2";
    document.addEventListener("trix-file-accept", function (e) { e.preventDefault(); });
  }

  // Live character counters (counter.js, loaded first).
  if (window.sqmCounters) window.sqmCounters(document, "bo-counter");

  var errors = document.getElementById("bo-errors");
  if (errors) errors.focus();
})();
