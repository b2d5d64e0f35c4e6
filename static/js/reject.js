// A withdrawal is the candidate's own decision: there is no rejection letter to send.
(function () {
  "use strict";
  var select = document.getElementById("id_reason");
  var fieldset = document.getElementById("rejection-email");
  var data = document.getElementById("withdrawal-reasons");
  if (!select || !fieldset || !data) return;
  var withdrawals = JSON.parse(data.textContent).map(String);
  function update() {
    var isWithdrawal = withdrawals.indexOf(select.value) !== -1;
    fieldset.disabled = isWithdrawal;
    fieldset.hidden = isWithdrawal;
  }
  select.addEventListener("change", update);
  update();
})();
