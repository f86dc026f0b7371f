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

  // <form data-confirm="Question?">: submits only once the person confirms. A chosen
  // <option data-confirm="…"> asks its own question instead (e.g. what a new role allows).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.dataset) return;
    const chosen = form.querySelector("option[data-confirm]:checked");
    const question = (chosen && chosen.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <table class="stack">: each data cell gets its column's heading as data-label, which
  // app.css shows above the value once the table stacks into cards on a phone. A heading
  // that is only for screen readers (.visually-hidden) labels nothing.
  function labelStackedTables(root) {
    const tables = root.matches && root.matches("table.stack")
      ? [root] : Array.prototype.slice.call(root.querySelectorAll("table.stack"));
    tables.forEach(function (table) {
      const rows = Array.prototype.slice.call(table.rows);
      const head = rows.find(function (row) { return !row.querySelector("td"); });
      if (!head) return;
      const names = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        const name = th.querySelector(".visually-hidden") ? "" : th.textContent.trim();
        for (let i = 0; i < th.colSpan; i++) names.push(name);
      });
      rows.forEach(function (row) {
        let column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.tagName === "TD" && cell.colSpan === 1 && names[column]) {
            cell.dataset.label = names[column];
          }
          column += cell.colSpan;
        });
      });
    });
  }
  labelStackedTables(document);
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.target;
    labelStackedTables(target.closest && target.closest("table.stack") || target);
  });

  // Autocomplete inputs follow the WAI-ARIA combobox pattern (list autocomplete):
  // <input role="combobox" aria-controls="BOX" aria-expanded="false"> and
  // <div id="BOX" class="autocomplete-options" data-for="input id">, into which htmx swaps
  // the suggestions (reference/widgets/options.html: a role="listbox" of role="option" items,
  // or a "no matches" note). ArrowDown/ArrowUp move through the options (ArrowDown on a
  // closed list asks for suggestions), Enter or a click picks one, Escape closes the list.
  function inputOf(box) {
    return document.getElementById(box.dataset.for);
  }

  function boxOf(input) {
    const widget = input.closest(".autocomplete");
    return widget && widget.querySelector(".autocomplete-options[data-for='" + input.id + "']");
  }

  function optionsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[role=option]"));
  }

  function accessibleName(input) {
    if (input.getAttribute("aria-label")) return input.getAttribute("aria-label");
    if (input.labels && input.labels.length) return input.labels[0].textContent.trim();
    return input.placeholder || input.name;
  }

  // After each swap: ids for the list and its options, so the input can point at them.
  function syncBox(box) {
    const input = inputOf(box);
    if (!input) return;
    const list = box.querySelector("[role=listbox]");
    if (list) {
      list.id = box.id + "-listbox";
      list.setAttribute("aria-label", accessibleName(input));
      optionsOf(box).forEach(function (option, index) {
        option.id = box.id + "-option-" + index;
        option.setAttribute("aria-selected", "false");
      });
    }
    input.setAttribute("aria-controls", list ? list.id : box.id);
    input.setAttribute("aria-expanded", list ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }

  function closeBox(box) {
    box.innerHTML = "";
    syncBox(box);
  }

  function activate(input, box, index) {
    const options = optionsOf(box);
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function pick(input, box, option) {
    input.value = option.dataset.value;
    closeBox(box);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const box = event.target;
    if (!box.matches || !box.matches(".autocomplete-options")) return;
    const input = inputOf(box);
    // Suggestions that arrive after the person has moved on would cover the next field.
    if (input && document.activeElement !== input) box.innerHTML = "";
    syncBox(box);
  });

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[role=combobox]")) return;
    const box = boxOf(input);
    if (!box) return;
    const options = optionsOf(box);
    const active = options.findIndex(function (option) {
      return option.id && option.id === input.getAttribute("aria-activedescendant");
    });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) {
        if (event.key === "ArrowDown" && window.htmx && input.value.trim()) htmx.trigger(input, "search");
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = active === -1 ? (step === 1 ? 0 : options.length - 1)
        : (active + step + options.length) % options.length;
      activate(input, box, next);
    } else if (event.key === "Enter" && active !== -1) {
      // Picks the option rather than submitting the form (or saving the typed words).
      event.preventDefault();
      event.stopImmediatePropagation();
      pick(input, box, options[active]);
    } else if (event.key === "Escape" && box.innerHTML.trim()) {
      event.preventDefault();
      closeBox(box);
    }
  });

  // Typing again leaves the option that was active.
  document.addEventListener("input", function (event) {
    const input = event.target;
    if (input.matches && input.matches("input[role=combobox]")) {
      input.removeAttribute("aria-activedescendant");
    }
  });

  // Pressing on an option keeps the focus in the input (so the list does not close under
  // the pointer); the click then picks it.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".autocomplete-options [role=option]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const option = event.target.closest && event.target.closest(".autocomplete-options [data-value]");
    if (!option) return;
    const box = option.closest(".autocomplete-options");
    const input = inputOf(box);
    if (input) pick(input, box, option);
  });

  // Leaving the input closes its list.
  document.addEventListener("focusout", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[role=combobox]")) return;
    const box = boxOf(input);
    if (box && box.innerHTML.trim()) closeBox(box);
  });
})();
