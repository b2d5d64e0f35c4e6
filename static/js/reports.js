// Draw each report's chart from the same figures as the table beside it.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colours = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6c757d"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    data.datasets.forEach(function (set, i) { set.backgroundColor = colours[i % colours.length]; });
    var stacked = canvas.dataset.stacked === "yes";
    new Chart(canvas, {
      type: canvas.dataset.chart,
      data: data,
      options: { animation: false, scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } } },
    });
  });
})();
