// Drag and drop on the pipeline board. The Move buttons on each card do the same without a mouse.
(function () {
  "use strict";

  function init() {
    var board = document.getElementById("board");
    if (!board || typeof Sortable === "undefined") return;
    board.querySelectorAll(".board-list").forEach(function (list) {
      Sortable.create(list, {
        group: { name: "pipeline", put: list.dataset.accepts === "yes" },
        filter: "[data-draggable=no], .board-empty, select, button, a",
        preventOnFilter: false,
        sort: false,
        onAdd: function (event) {
          var card = event.item;
          htmx.ajax("POST", card.dataset.moveUrl, {
            target: "#board",
            swap: "outerHTML",
            values: { to_stage: event.to.dataset.stage, csrfmiddlewaretoken: board.dataset.csrf },
          });
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
