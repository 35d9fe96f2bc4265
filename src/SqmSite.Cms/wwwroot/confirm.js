// Asks before a form with data-confirm="question" is sent (a delete, a withdrawal). A file, not an onsubmit
// attribute, so the Content-Security-Policy needs no inline script.
document.addEventListener("submit", function (event) {
  var question = event.target instanceof HTMLFormElement ? event.target.getAttribute("data-confirm") : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
