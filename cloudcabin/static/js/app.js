// Behaviour that pages declare with data attributes, so that no page needs inline script
// (the Content-Security-Policy allows scripts from this site's files only).
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form.
  document.addEventListener("change", function (event) {
    const select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
      select.form.submit();
    }
  });

  // <form data-confirm="Question?">: submits only once the person confirms.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Autocomplete suggestions (<div class="autocomplete-options" data-for="input id">):
  // a click on a suggestion fills the input, closes the list and tells the page.
  document.addEventListener("click", function (event) {
    const option = event.target.closest && event.target.closest(".autocomplete-options [data-value]");
    if (!option) return;
    const box = option.closest(".autocomplete-options");
    const input = document.getElementById(box.dataset.for);
    if (!input) return;
    input.value = option.dataset.value;
    box.innerHTML = "";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
})();
