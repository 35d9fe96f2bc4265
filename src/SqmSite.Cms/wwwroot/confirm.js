// Confirmation before an irreversible action, shared by the backoffice, the awards staff pages and the portal.
//
// Usage: put data-confirm="What will happen, and who is told." on a submit button (or on a <form>, for every
// button of it). When the form is submitted through that button, the browser's own confirm() dialog shows the
// text; "Cancel" stops the submission, "OK" lets it go. The native dialog is used on purpose: it is modal,
// announced by screen readers, keyboard operable and needs no styling or markup of our own.
//
// Include: <script src="~/_content/SqmSite.Cms/confirm.js" asp-append-version="true"></script>
// (the backoffice layout already does). Without JavaScript the action simply happens, as it did before,
// so the server must never rely on the confirmation having been shown.
(function () {
  "use strict";
  if (window.sqmConfirmInstalled) return;
  window.sqmConfirmInstalled = true;

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var button = e.submitter;
    var text = (button && button.getAttribute("data-confirm")) || (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (text && !window.confirm(text)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
})();
