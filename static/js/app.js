// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Submit once: a double click must not send a form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-submit-once]")) return;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    });
  });

  // Back to a page the browser kept (its back button): its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("disabled");
      });
    });
  });

  // Ask before one-click actions that are hard to undo.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // After a refused form, take keyboard and screen-reader users to the first field to fix.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("main .is-invalid, main [aria-invalid=true]");
    if (invalid) invalid.focus();
  });

  // Inline formsets: add, remove and reorder rows without losing what was typed.
  function renumber(container) {
    var rows = container.querySelectorAll(".formset-row");
    var position = 1;
    rows.forEach(function (row) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) order.value = position++;
    });
  }

  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var prefix = container.dataset.formset;
    var body = container.querySelector(".formset-rows");
    var template = container.querySelector("template");
    var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');

    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-action]");
      if (!button) return;
      var action = button.dataset.formsetAction;
      if (action === "add") {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, index);
        body.insertAdjacentHTML("beforeend", html);
        total.value = index + 1;
        renumber(container);
        var added = body.lastElementChild;
        var first = added.querySelector("input[type=text], textarea, input:not([type=hidden])");
        if (first) first.focus();
        return;
      }
      var row = button.closest(".formset-row");
      if (action === "up" && row.previousElementSibling) {
        row.parentNode.insertBefore(row, row.previousElementSibling);
      } else if (action === "down" && row.nextElementSibling) {
        row.parentNode.insertBefore(row.nextElementSibling, row);
      }
      renumber(container);
      button.focus();
    });

    container.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.endsWith("-DELETE")) {
        event.target.closest(".formset-row").classList.toggle("is-removed", event.target.checked);
      }
    });
  });
})();
