// Portal enhancements: live counters and autosave of the story. Forms work without them.
(function () {
  "use strict";
  // Live counters come from the engine's counter script (loaded before this one), counted as the server counts.
  if (window.sqmCounters) window.sqmCounters(document, "portal-counter");

  var form = document.getElementById("story-form");
  var url = form && form.getAttribute("data-autosave");
  if (url) {
    var status = document.getElementById("autosave-status");
    var revision = document.getElementById("story-revision");
    var dirty = false, busy = null;
    var save = function () {
      if (busy) return busy;
      dirty = false;
      // Accept says "JSON, not pages": an error on the server (a full disk) answers ProblemDetails, never an HTML page.
      busy = fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (res.body.revision) revision.value = res.body.revision;
          status.textContent = res.ok ? "Draft saved automatically at " + new Date().toLocaleTimeString() : "Not saved: " + (res.body.message || res.body.detail || res.body.title || "");
          if (!res.ok) dirty = true;
        })
        .catch(function () { status.textContent = "Not saved: the connection failed. Your text is still here."; dirty = true; })
        .finally(function () { busy = null; });
      return busy;
    };
    form.addEventListener("input", function () { dirty = true; });
    setInterval(function () { if (dirty && !busy) save(); }, 20000);

    // Adding or removing an attachment reloads the page: save the text first, so nothing typed is lost.
    document.querySelectorAll("#attachment-form, .attachment-remove").forEach(function (other) {
      other.addEventListener("submit", function (e) {
        if (!dirty && !busy) return;
        e.preventDefault();
        (busy || save()).then(function () { other.submit(); });
      });
    });
  }
  var errors = document.getElementById("portal-errors");
  if (errors) errors.focus();
})();
