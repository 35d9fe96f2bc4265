// Portal enhancements: live counters (as a person counts) and autosave of the story. Forms work without them.
(function () {
  "use strict";
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function count(text) {
    text = text.replace(/\r\n/g, "\n");
    if (!segmenter) return Array.from(text).length;
    var n = 0;
    for (var _ of segmenter.segment(text)) n++;
    return n;
  }
  document.querySelectorAll("textarea[data-counter]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-counter"), 10);
    var out = document.createElement("p");
    out.className = "portal-counter";
    out.id = field.id + "-count";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());
    function update() {
      var n = count(field.value);
      out.textContent = n.toLocaleString() + " / " + max.toLocaleString() + " characters" + (n > max ? " — too long by " + (n - max).toLocaleString() : "");
      out.classList.toggle("is-over", n > max);
    }
    field.addEventListener("input", update);
    update();
  });

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
