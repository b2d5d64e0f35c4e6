// Drag and drop on the pipeline board. The Move buttons on each card do the same without a mouse.
(function () {
  "use strict";

  // Where the pointer last was during a drag: native drags report it on dragover, the fallback on
  // mousemove and touchmove (the drop and dragend events do not always carry it).
  var lastPoint = null;
  function remember(event) {
    var point = event.touches && event.touches.length ? event.touches[0] : event;
    if (typeof point.clientX === "number" && (point.clientX || point.clientY)) lastPoint = { x: point.clientX, y: point.clientY };
  }
  ["dragover", "mousemove", "touchmove"].forEach(function (type) {
    document.addEventListener(type, remember, { capture: true, passive: true });
  });

  function droppedInside(list) {
    if (!lastPoint) return true;  // no pointer seen: trust Sortable
    var column = list.closest(".board-column") || list;
    var box = column.getBoundingClientRect();
    return lastPoint.x >= box.left && lastPoint.x <= box.right && lastPoint.y >= box.top && lastPoint.y <= box.bottom;
  }

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
          // Sortable leaves a card in the last column that accepted it, even when it is let go over a
          // column that does not (dragging across "Hired" to "Rejected"): only a drop inside the column
          // moves anyone; any other drop puts the card back.
          if (!droppedInside(event.to)) {
            event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
            return;
          }
          // The board's search and column lengths come along, so the board comes back as it was.
          var state = board.dataset.state ? "?" + board.dataset.state : "";
          htmx.ajax("POST", card.dataset.moveUrl + state, {
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
