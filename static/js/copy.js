// "Copy" buttons: data-copy names the field whose value goes to the clipboard; the status line says it worked.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!field) return;
    field.select();
    var done = function () { if (status) status.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        // Clipboard refused (permissions): the address stays selected for Ctrl+C.
        field.focus();
      });
    } else {
      field.focus();
    }
  });
})();
