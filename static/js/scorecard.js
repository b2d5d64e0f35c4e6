// Autosave feedback: say so plainly when a save did not go through.
(function () {
  "use strict";
  var status = document.getElementById("save-status");
  if (!status) return;
  function failed() {
    status.innerHTML = "";
    var span = document.createElement("span");
    span.className = "text-danger fw-semibold";
    span.textContent = status.dataset.error;
    status.appendChild(span);
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
})();
