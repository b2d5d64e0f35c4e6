// The assessment's time left: the visible line is kept up to date each minute, and a polite live region
// announces it at 10, 5 and 1 minutes and when the time is up. The server enforces the deadline; this only
// informs (the clock time it ends at is printed on the page too).
(function () {
  "use strict";
  var timer = document.querySelector("[data-assessment-timer]");
  if (!timer) return;
  var shown = timer.querySelector("[data-assessment-remaining]");
  var announcer = document.querySelector("[data-assessment-announce]");
  var seconds = parseInt(timer.getAttribute("data-seconds"), 10) || 0;
  var started = Date.now();
  var lastMinutes = null;
  var announced = {};

  function text(minutes) {
    if (minutes <= 0) return timer.getAttribute("data-label-over");
    if (minutes === 1) return timer.getAttribute("data-label-one");
    return timer.getAttribute("data-label-many").replace("%(minutes)s", String(minutes));
  }

  function tick() {
    var left = seconds - Math.floor((Date.now() - started) / 1000);
    var minutes = left <= 0 ? 0 : Math.ceil(left / 60);
    if (minutes !== lastMinutes) {
      lastMinutes = minutes;
      shown.textContent = text(minutes);
      if ((minutes === 10 || minutes === 5 || minutes === 1 || minutes === 0) && !announced[minutes]) {
        announced[minutes] = true;
        if (announcer) announcer.textContent = text(minutes);
      }
    }
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();
})();
