// The line editor: a row saves itself (htmx "save-line") when one of its fields changes
// (a picked code suggestion arrives as a change, from static/js/app.js). Small on purpose;
// htmx does the requests.
(function () {
  "use strict";

  function optionsOf(input) {
    const id = input.getAttribute("aria-controls");
    return id ? document.getElementById(id) : null;
  }

  function save(row, delay) {
    clearTimeout(row._saveTimer);
    row._saveTimer = setTimeout(function () { htmx.trigger(row, "save-line"); }, delay);
  }

  document.addEventListener("change", function (event) {
    const input = event.target;
    const row = input.closest && input.closest("tr[data-line-row]");
    if (!row) return;
    const options = optionsOf(input);
    // Leaving a code input while its suggestions show may be a click on one of them:
    // wait a moment, so the picked code is saved rather than the typed words.
    const picking = event.isTrusted && options && options.querySelector("[data-value]");
    save(row, picking ? 300 : 0);
  });

  document.addEventListener("keydown", function (event) {
    const row = event.target.closest && event.target.closest("tr[data-line-row]");
    if (row && event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
      event.target.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // A refused save (e.g. a read-only role) must not pass silently.
  document.addEventListener("htmx:responseError", function (event) {
    const box = document.getElementById("save-failed");
    if (!box) return;
    box.textContent = event.detail.xhr.status === 403 ? box.dataset.denied : box.dataset.failed;
    box.hidden = false;
  });
})();
