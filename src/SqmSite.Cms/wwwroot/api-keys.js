// The API keys page: a Copy button beside the token shown once. Without script the field is still there, read-only,
// to select and copy by hand; so the button only appears when this file runs.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var status = document.getElementById(field.id.replace(/-token$/, "-copied"));
    button.hidden = false;
    field.addEventListener("focus", function () { field.select(); });

    function done(ok) {
      if (status) status.textContent = ok ? "Copied. Paste it into the client's settings now." : "Copy did not work here: select the key and copy it by hand.";
    }

    button.addEventListener("click", function () {
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(document.execCommand("copy")); });
      } else {
        done(document.execCommand("copy"));
      }
    });
  });
})();
