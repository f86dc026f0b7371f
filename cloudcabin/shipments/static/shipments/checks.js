// The check panel: "Next field" steps through the fields a grouped finding is about, and
// "Errors only" hides the warnings. Both survive the panel being redrawn after each save
// (htmx swaps it out of band): the step follows the page's #hash, the filter is kept in
// sessionStorage.
(function () {
  "use strict";

  const FILTER_KEY = "cloudcabin:checks:errors-only";

  function applyFilter() {
    const on = sessionStorage.getItem(FILTER_KEY) === "1";
    document.querySelectorAll(".check-panel").forEach(function (panel) {
      panel.classList.toggle("errors-only", on);
      const box = panel.querySelector("input[data-errors-only]");
      if (box) box.checked = on;
    });
  }

  document.addEventListener("change", function (event) {
    const box = event.target;
    if (!box.matches || !box.matches("input[data-errors-only]")) return;
    sessionStorage.setItem(FILTER_KEY, box.checked ? "1" : "0");
    applyFilter();
  });

  // "f-lines-#-net_kg 0-2 5" → f-lines-0-net_kg, f-lines-1-net_kg, f-lines-2-net_kg,
  // f-lines-5-net_kg (see grouping.FindingGroup.steps); other lists are the anchors.
  function expand(spec) {
    const parts = spec.split(" ");
    if (parts[0].indexOf("#") < 0) return parts;
    const anchors = [];
    parts.slice(1).forEach(function (range) {
      const bounds = range.split("-").map(Number);
      for (let n = bounds[0]; n <= bounds[bounds.length - 1]; n++) {
        anchors.push(parts[0].replace("#", String(n)));
      }
    });
    return anchors;
  }

  document.addEventListener("click", function (event) {
    const step = event.target.closest && event.target.closest("a[data-step]");
    if (!step) return;
    const anchors = expand(step.dataset.step);
    const at = anchors.indexOf(window.location.hash.slice(1));
    const next = (at + 1) % anchors.length;
    const target = document.getElementById(anchors[next]);
    event.preventDefault();
    const label = step.querySelector(".step-at");
    if (label) label.textContent = label.textContent.replace(/\d+/, String(next + 1));
    step.href = "#" + anchors[(next + 1) % anchors.length];
    if (!target) {
      // A line whose editor is closed: shipments.js opens it at the field on the new #hash.
      window.location.hash = anchors[next];
      return;
    }
    history.replaceState(null, "", "#" + anchors[next]);
    // A field inside a closed <details> (the declaration details) is opened first.
    for (let box = target.closest("details"); box; box = box.parentElement.closest("details")) {
      box.open = true;
    }
    target.scrollIntoView({ block: "center" });
    if (target.focus) target.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", applyFilter);
  document.addEventListener("htmx:afterSettle", applyFilter);
  document.addEventListener("htmx:oobAfterSwap", applyFilter);
})();
