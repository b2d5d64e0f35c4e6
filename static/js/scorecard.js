// A draft scorecard saves as the interviewer types: 800 ms after the last change, when a field is
// left, and before a link on the page is followed. The status line says what is true: "Saving…",
// saved (with the time), "Not saved — retrying…" or why it was refused. Leaving the page while
// something is not saved yet asks first. Without this script the "Save draft" button still works.
(function () {
  "use strict";
  var form = document.getElementById("scorecard-form");
  var status = document.getElementById("save-status");
  if (!form || !status || !form.dataset.autosave) return;

  var DELAY = 800;
  var edits = 0; // changes made on this page
  var saved = 0; // changes the server has confirmed
  var current = null; // the save on its way, a promise of "everything saved"
  var timer = null;
  var retryTimer = null;
  var retryDelay = 2000;
  var stopped = false; // submitted or cancelled elsewhere: saving as one types is over
  var leaving = false; // the form itself is being sent: it carries everything

  function dirty() {
    return edits !== saved;
  }

  function show(text, tone) {
    status.textContent = "";
    if (!text) return;
    var span = document.createElement("span");
    span.className = tone;
    span.textContent = text;
    status.appendChild(span);
  }

  function stillToRate(text) {
    var line = document.getElementById("still-to-rate");
    if (line && typeof text === "string") line.textContent = text;
  }

  function post(keepalive) {
    var data = new FormData(form);
    data.set("action", "autosave");
    var options = {
      method: "POST", body: data, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Accept": "application/json" },
    };
    return fetch(form.dataset.autosave, options).catch(function (error) {
      // keepalive bodies are limited (64 KB); a long scorecard goes the ordinary way.
      if (keepalive) return fetch(form.dataset.autosave, Object.assign({}, options, { keepalive: false }));
      throw error;
    });
  }

  function answerOf(response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (!json) {
      // Signed out (sent to the sign-in page) or a refusal page: no retry would help.
      var text = response.redirected || response.status === 403 ? status.dataset.signedOut : status.dataset.error;
      return Promise.resolve({ retry: response.status >= 500, message: text });
    }
    return response.json().then(function (body) {
      body.ok = response.ok;
      body.retry = response.status >= 500;
      return body;
    });
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { save(false); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  // Resolves true once everything typed so far is saved; one request at a time, the latest wins.
  function save(keepalive) {
    clearTimeout(timer);
    timer = null;
    if (current) return current.then(function () { return save(keepalive); });
    if (stopped || !dirty()) return Promise.resolve(!dirty());
    var sending = edits;
    show(status.dataset.saving, "text-muted");
    current = post(keepalive)
      .then(answerOf, function () { return { retry: true }; })
      .then(function (answer) {
        current = null;
        if (answer.ok) {
          saved = Math.max(saved, sending);
          retryDelay = 2000;
          stillToRate(answer.missing);
          if (dirty()) return save(false);
          show(answer.message, "text-success");
          return true;
        }
        if (answer.retry) {
          show(status.dataset.retrying, "text-danger fw-semibold");
          retryLater();
          return false;
        }
        if (answer.state === "refused") stopped = true;
        show(answer.message || status.dataset.error, "text-danger fw-semibold");
        return false;
      });
    return current;
  }

  function changed() {
    if (stopped || leaving) return;
    edits += 1;
    show(status.dataset.saving, "text-muted");
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function (event) {
    // Older browsers fire only "change" for radios; counting one twice costs nothing.
    if (event.target.type === "radio") changed();
  });
  form.addEventListener("focusout", function () {
    if (timer) save(false);
  });
  form.addEventListener("submit", function () {
    leaving = true;
    clearTimeout(timer);
    clearTimeout(retryTimer);
  });

  // A link on the page waits for the save, then goes; if the save fails, the browser asks first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    if (link.getAttribute("href").charAt(0) === "#") return;
    if (!dirty() && !current) return;
    event.preventDefault();
    save(false).then(function () { window.location.assign(link.href); });
  });

  // Leaving by other means (back button, closing the tab): send what is not saved at once, with
  // keepalive so it arrives even if the person goes; a save under way finishes and saves again itself.
  function flushOnLeave() {
    if (leaving || stopped || !dirty()) return;
    if (current) post(true).catch(function () {});
    else save(true);
  }
  window.addEventListener("beforeunload", function (event) {
    if (leaving || (!dirty() && !current)) return;
    flushOnLeave();
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("pagehide", flushOnLeave);
})();
