// The schedule form's button says what will happen: invitations for an upcoming interview, no e-mails
// for one being logged after it took place.
(function () {
  "use strict";
  var form = document.getElementById("interview-form");
  var button = form && form.querySelector("[data-log-label]");
  if (!button) return;
  function update() {
    var chosen = form.querySelector('input[name="logged"]:checked');
    button.textContent = chosen && chosen.value === "yes" ? button.dataset.logLabel : button.dataset.scheduleLabel;
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "logged") update();
  });
  update();
})();
