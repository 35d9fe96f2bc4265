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
          status.textContent = res.ok ? (res.body.message || "Draft saved") + " automatically at " + new Date().toLocaleTimeString() : "Not saved: " + (res.body.message || res.body.detail || res.body.title || "");
          if (!res.ok) dirty = true;
          // The rules not met yet are shown beside their fields, as the server words them.
          var errors = (res.body && res.body.errors) || {};
          form.querySelectorAll("[data-error-for]").forEach(function (p) {
            var text = errors[p.getAttribute("data-error-for")];
            p.textContent = text || "";
            p.hidden = !text;
            var row = document.getElementById("field-" + p.getAttribute("data-error-for"));
            if (row && row.tagName === "TR") row.classList.toggle("portal-invalid", !!text);
          });
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
  // Irreversible steps ask first, saying what will happen and who is told (the same handler as the engine's
  // confirm.js, keyed on data-confirm; without script the button simply submits).
  // Apply: each ticked category reveals its overview box; the no-script "Continue" button is not needed then.
  var picks = document.querySelectorAll("input[data-reveals]");
  if (picks.length) {
    var heading = document.querySelector("[data-shown-when-chosen]");
    var sync = function () {
      var any = false;
      picks.forEach(function (p) {
        var box = document.getElementById(p.getAttribute("data-reveals"));
        if (box) box.hidden = !p.checked;
        any = any || p.checked;
      });
      if (heading) heading.hidden = !any;
    };
    picks.forEach(function (p) { p.addEventListener("change", sync); });
    document.querySelectorAll("[data-no-script]").forEach(function (b) { b.hidden = true; });
    sync();
  }

  // A form rendered by the forms module (the checklist) gets its confirmation from the block around it.
  document.querySelectorAll("[data-confirm-submit]").forEach(function (block) {
    block.querySelectorAll("button[value=submit]").forEach(function (b) { b.setAttribute("data-confirm", block.getAttribute("data-confirm-submit")); });
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
  });

  var errors = document.getElementById("portal-errors");
  if (errors) errors.focus();
})();
