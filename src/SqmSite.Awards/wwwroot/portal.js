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
    var dirty = false, busy = false;
    form.addEventListener("input", function () { dirty = true; });
    setInterval(function () {
      if (!dirty || busy) return;
      busy = true; dirty = false;
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (res.body.revision) revision.value = res.body.revision;
          status.textContent = res.ok ? "Draft saved automatically at " + new Date().toLocaleTimeString() : "Not saved: " + (res.body.message || "");
          if (!res.ok) dirty = true;
        })
        .catch(function () { status.textContent = "Not saved: the connection failed. Your text is still here."; dirty = true; })
        .finally(function () { busy = false; });
    }, 20000);
  }
  var errors = document.getElementById("portal-errors");
  if (errors) errors.focus();
})();
