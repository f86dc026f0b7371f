// The line editor. Lines show as compact rows; "Edit" (or a finding's link) swaps in one
// line's editor. The editor never posts the row as a whole: it posts the fields typed in
// since the last save, each with the value it was typed over and the line's version, one
// save in flight per row (the next carries the version the answer brought). The answer is
// merged into the row: a field the person is editing (focused, or typed in and not yet
// saved) keeps what it shows; the others, the version, hints, flags and errors follow the
// server. A save over someone else's newer one comes back with the fields both changed
// (409), and the person keeps theirs or mine. Small on purpose; htmx does the rest.
(function () {
  "use strict";

  const QUIET_MS = 600; // a pause in typing this long saves what was typed
  const EDITORS = "#line-rows > tr[data-line-row]";

  // --- the state of one editor row ---------------------------------------------------------

  function state(row) {
    if (!row._edit) {
      // dirty: typed in, not yet sent; held: both changed it, waiting for the person's choice.
      row._edit = { dirty: new Set(), held: new Set(), busy: false, failed: false, timer: 0, closing: false };
    }
    return row._edit;
  }

  function input(row, name) {
    return row.querySelector('[name="' + name + '"]');
  }

  // A declared element's input has no name: it is part of the field declared_elements.
  function fieldName(element) {
    return element.name || (element.matches("[data-de-part]") ? "declared_elements" : "");
  }

  function editing(row, element) {
    const s = state(row);
    const name = fieldName(element);
    return element === document.activeElement || s.dirty.has(name) || s.held.has(name);
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function openLines() {
    return Array.from(document.querySelectorAll("#line-rows > tr.line-editing"))
      .map(function (row) { return row.id.replace("line-", ""); })
      .join(",");
  }

  function showState(row, key) {
    const label = row.querySelector(".save-state");
    if (label) label.textContent = key ? label.dataset[key] : "";
  }

  function notice(kind) {
    const box = document.getElementById("save-failed");
    if (!box) return;
    box.textContent = box.dataset[kind];
    box.hidden = false;
  }

  // --- saving ------------------------------------------------------------------------------

  function unsent(row) {
    const s = state(row);
    return Array.from(s.dirty).filter(function (name) { return !s.held.has(name); });
  }

  // The value a field's change is typed over: what the server held when it was drawn or
  // when an answer last brought it.
  function baseOf(field) {
    if ("_base" in field) return field._base;
    if (field.nodeName !== "SELECT") return field.defaultValue;
    const option = Array.from(field.options).find(function (o) { return o.defaultSelected; }) || field.options[0];
    return option ? option.value : "";
  }

  function served(fresh) {
    if (fresh.nodeName === "INPUT") return fresh.getAttribute("value") || "";
    if (fresh.nodeName === "TEXTAREA") return fresh.textContent;
    const option = fresh.querySelector("option[selected]") || fresh.querySelector("option");
    return option ? option.getAttribute("value") || option.textContent : "";
  }

  function later(row, delay) {
    const s = state(row);
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { save(row); }, delay);
  }

  function save(row) {
    const s = state(row);
    clearTimeout(s.timer);
    if (s.busy || !row.isConnected) return; // the answer's handler sends what is left
    const names = unsent(row);
    if (!names.length) {
      settled(row);
      return;
    }
    const body = new URLSearchParams();
    body.append("version", input(row, "version").value);
    body.append("row_index", row.dataset.index);
    body.append("open", openLines());
    names.forEach(function (name) {
      const field = input(row, name);
      s.dirty.delete(name);
      if (!field) return;
      body.append(name, field.value);
      body.append("base-" + name, baseOf(field));
    });
    s.busy = true;
    s.failed = false;
    showState(row, "saving");
    fetch(row.dataset.save, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      credentials: "same-origin",
      keepalive: true,
    })
      .then(function (response) {
        return response.text().then(function (html) { answered(row, response, html); });
      })
      .catch(function () {
        s.failed = true;
      })
      .finally(function () {
        s.busy = false;
        if (s.failed) {
          // Nothing was lost: what was sent is marked unsaved again, and goes with the next edit.
          names.forEach(function (name) { s.dirty.add(name); });
          notice("failed");
          showState(row, "");
        } else if (row.isConnected && unsent(row).length) {
          later(row, s.closing ? 0 : QUIET_MS);
        } else {
          settled(row);
        }
      });
  }

  function answered(row, response, html) {
    const s = state(row);
    if (response.status === 403) {
      notice("denied");
      return;
    }
    if (response.status !== 200 && response.status !== 409) {
      s.failed = true;
      return;
    }
    if (response.headers.get("HX-Retarget") === "#line-rows") {
      // The line moved (its number) or went: every row is redrawn, open editors kept.
      redraw(html);
      return;
    }
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const fresh = parsed.content.querySelector("tr");
    htmx.swap(row, html, { swapStyle: "none" }); // the check panel and totals, out of band
    if (fresh) merge(row, fresh);
  }

  function settled(row) {
    const s = state(row);
    if (s.busy || unsent(row).length) return;
    showState(row, s.held.size ? "" : "saved");
    if (s.closing && !s.held.size && row.isConnected) {
      htmx.ajax("GET", row.dataset.view, { source: row, target: row, swap: "outerHTML" });
    }
  }

  // --- merging an answer into the row ------------------------------------------------------

  function merge(row, fresh) {
    const s = state(row);
    const box = fresh.querySelector("[data-conflict]");
    if (box) {
      box.querySelectorAll("[data-field]").forEach(function (item) { s.held.add(item.dataset.field); });
    }
    const kept = !box && s.held.size ? row.querySelector("[data-conflict]") : null;
    morphChildren(row, fresh, function (element) { return editing(row, element); });
    if (kept) row.querySelector(".line-editor").prepend(kept);
    htmx.process(row);
  }

  function key(node) {
    if (node.nodeType !== 1) return node.nodeName;
    return node.nodeName + "#" + (node.id || node.getAttribute("name") || "");
  }

  // A node holding a field may not be dropped on the way: the person may be typing in it.
  function holdsField(node) {
    return node.nodeType === 1 && (node.matches("input, select, textarea") || !!node.querySelector("input, select, textarea"));
  }

  function morphChildren(old, fresh, keep) {
    let cursor = old.firstChild;
    Array.from(fresh.childNodes).forEach(function (node) {
      let match = cursor;
      while (match && key(match) !== key(node)) {
        match = holdsField(match) ? null : match.nextSibling;
      }
      if (!match) {
        old.insertBefore(node, cursor);
        return;
      }
      while (cursor !== match) {
        const next = cursor.nextSibling;
        cursor.remove();
        cursor = next;
      }
      morph(match, node, keep);
      cursor = match.nextSibling;
    });
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
  }

  // Attributes the page changes while it is used (open details, the suggestion list's state).
  const LIVE = ["value", "open", "aria-expanded", "aria-activedescendant", "autofocus"];

  function morph(old, fresh, keep) {
    if (old.nodeType !== 1) {
      if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
      return;
    }
    Array.from(fresh.attributes).forEach(function (attribute) {
      if (LIVE.indexOf(attribute.name) < 0 && old.getAttribute(attribute.name) !== attribute.value) {
        old.setAttribute(attribute.name, attribute.value);
      }
    });
    Array.from(old.attributes).forEach(function (attribute) {
      if (LIVE.indexOf(attribute.name) < 0 && !fresh.hasAttribute(attribute.name)) old.removeAttribute(attribute.name);
    });
    if (old.matches("input, select, textarea")) {
      if (old.nodeName === "SELECT" && !keep(old)) morphChildren(old, fresh, keep);
      // What the server holds now: the value the next change of this field is typed over.
      old._base = served(fresh);
      if (!keep(old) && old.value !== old._base) old.value = old._base;
      return;
    }
    if (old.nodeName === "DETAILS" && fresh.hasAttribute("open")) old.open = true;
    if (old.classList.contains("autocomplete-options")) return; // the suggestions shown now
    morphChildren(old, fresh, keep);
  }

  // --- redrawing every row (a delete, a moved line) without losing what was typed -----------

  function carry() {
    const carried = Array.from(document.querySelectorAll(EDITORS)).map(function (row) {
      const s = state(row);
      const values = {};
      s.dirty.forEach(function (name) { const field = input(row, name); if (field) values[name] = field.value; });
      const focused = row.contains(document.activeElement) ? document.activeElement.name : "";
      return { id: row.id, values: values, focused: focused };
    });
    return function restore() {
      carried.forEach(function (item) {
        const row = document.getElementById(item.id);
        if (!row || !row.matches(EDITORS)) return;
        Object.keys(item.values).forEach(function (name) {
          const field = input(row, name);
          if (!field) return;
          field.value = item.values[name];
          state(row).dirty.add(name);
        });
        if (Object.keys(item.values).length) later(row, QUIET_MS);
        const focused = item.focused && input(row, item.focused);
        if (focused) focused.focus();
      });
    };
  }

  function redraw(html) {
    const restore = carry();
    htmx.swap("#line-rows", html, { swapStyle: "innerHTML" });
    restore();
  }

  let restoreAfterSwap = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "line-rows" && event.detail.requestConfig.verb === "post") {
      restoreAfterSwap = carry();
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (restoreAfterSwap) {
      const restore = restoreAfterSwap;
      restoreAfterSwap = null;
      restore();
    }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.closest && event.detail.elt.closest("#line-rows")) {
      event.detail.parameters.open = openLines();
    }
  });

  // --- the declared elements (reference/widgets/declared_elements.html) ---------------------
  // Brand type, export preference and the heading's elements compose the pipe string in the
  // one named field, declared_elements, which the editor then saves like any other field;
  // brand type and export preference also go to their own fields, so the two never disagree.
  function composeElements(box) {
    const text = box.querySelector("[data-de-text]");
    const parts = Array.from(box.querySelectorAll("[data-de-part]")).map(function (part) { return part.value.trim(); });
    const pipe = parts.some(function (part) { return part.indexOf("|") >= 0; });
    box.querySelector("[data-de-pipe]").hidden = !pipe;
    if (!text || pipe) return;
    while (parts.length > 2 && !parts[parts.length - 1]) parts.pop();
    const value = parts.some(Boolean) ? parts.join("|") : "";
    const row = box.closest("tr");
    [["brand_type", parts[0]], ["export_preference", parts[1]], ["declared_elements", value]].forEach(function (pair) {
      const field = row && input(row, pair[0]);
      if (!field || field.value === pair[1]) return;
      field.value = pair[1];
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const part = event.target;
      if (part.matches && part.matches("[data-de-part]")) composeElements(part.closest(".declared-elements"));
    });
  });

  // An HS suggestion's "Use" (compliance/hs/suggestions.html) puts its codes into the line:
  // a change, so the editor saves them as typed.
  document.addEventListener("click", function (event) {
    const use = event.target.closest && event.target.closest("[data-hs-use]");
    if (!use) return;
    [["hs_code", use.dataset.hs6], ["national_code", use.dataset.national]].forEach(function (pair) {
      const field = document.getElementById(use.dataset.for + "-" + pair[0]);
      if (!field || !pair[1] || field.value === pair[1]) return;
      field.value = pair[1];
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const code = document.getElementById(use.dataset.for + "-hs_code");
    if (code) code.focus();
  });

  // --- typing --------------------------------------------------------------------------------

  function rowOf(element) {
    return element.closest ? element.closest(EDITORS) : null;
  }

  document.addEventListener("input", function (event) {
    const row = rowOf(event.target);
    if (!row || !event.target.name) return;
    // A code field's words are a search until a code is picked or the field is left.
    if (event.target.closest(".autocomplete")) return;
    state(row).dirty.add(event.target.name);
    showState(row, "");
    // Mid-composition (pinyin being turned into characters) is not yet what is meant.
    if (event.isComposing) clearTimeout(state(row).timer);
    else later(row, QUIET_MS);
  });

  document.addEventListener("compositionend", function (event) {
    const row = rowOf(event.target);
    if (row && event.target.name && !event.target.closest(".autocomplete")) later(row, QUIET_MS);
  });

  document.addEventListener("change", function (event) {
    const field = event.target;
    const row = rowOf(field);
    if (!row || !field.name) return;
    state(row).dirty.add(field.name);
    // Leaving a code input while its suggestions show may be a click on one of them: wait a
    // moment, so that the picked code is saved rather than the typed words.
    const options = field.getAttribute("aria-controls") && document.getElementById(field.getAttribute("aria-controls"));
    const picking = event.isTrusted && options && options.querySelector("[data-value]");
    later(row, picking ? 300 : 0);
  });

  document.addEventListener("keydown", function (event) {
    const row = rowOf(event.target);
    if (row && event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
      event.target.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // Leaving the page sends what is typed (keepalive lets the request outlive the page).
  window.addEventListener("pagehide", function () {
    document.querySelectorAll(EDITORS).forEach(save);
  });

  // --- opening and closing editors, conflicts ---------------------------------------------------

  // Each row is the source of its own requests: htmx queues an element's requests one at a
  // time, and with no source they would all queue on <body>, so a second line opened while
  // the first loads was dropped.
  function open(row, fieldId) {
    const asked = window.location.hash;
    return htmx.ajax("GET", row.dataset.edit, { source: row, target: row, swap: "outerHTML" }).then(function () {
      // Followed another link while this editor loaded (the address names neither what it
      // named when asked nor this field): focus and address stay where the person went.
      const now = window.location.hash;
      if (fieldId && now !== asked && now !== "#" + fieldId) return;
      const editor = document.getElementById(row.id);
      const field = (fieldId && document.getElementById(fieldId)) ||
        (editor && editor.querySelector("input:not([type=hidden])"));
      if (!field) return;
      const details = field.closest("details");
      if (details) details.open = true;
      field.focus();
      field.scrollIntoView({ block: "center" });
      if (fieldId) history.replaceState(null, "", "#" + fieldId);
    });
  }

  // A finding's link to a field of a closed line opens that line's editor at the field.
  function openFor(hash) {
    const match = /^#f-lines-(\d+)-\w+$/.exec(hash);
    if (!match || document.getElementById(hash.slice(1))) return false;
    const row = document.querySelector('#line-rows > tr.line-view[data-index="' + match[1] + '"]');
    if (!row) return false;
    open(row, hash.slice(1));
    return true;
  }

  document.addEventListener("click", function (event) {
    const target = event.target;
    if (!target.closest) return;
    // (The check panel's "Next field" links step by themselves: checks.js.)
    const link = target.closest('a[href^="#f-lines-"]:not([data-step])');
    if (link && openFor(link.getAttribute("href"))) {
      // The line opens at its field; the address still names the field, as a link's would.
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
      return;
    }
    const view = target.closest("#line-rows > tr.line-view");
    if (view && !target.closest("a, button:not([data-open-line])")) {
      open(view);
      return;
    }
    const row = rowOf(target) || target.closest("#line-rows > tr.line-editing");
    if (!row) return;
    if (target.closest("[data-done]")) {
      if (!row.matches(EDITORS)) {
        htmx.ajax("GET", row.dataset.view, { source: row, target: row, swap: "outerHTML" });
        return;
      }
      state(row).closing = true;
      save(row);
      return;
    }
    const keep = target.closest("[data-keep]");
    if (keep) {
      const s = state(row);
      const box = keep.closest("[data-conflict]");
      box.querySelectorAll("[data-field]").forEach(function (item) {
        const name = item.dataset.field;
        s.held.delete(name);
        if (keep.dataset.keep === "mine") {
          s.dirty.add(name);
        } else {
          input(row, name).value = item.dataset.theirs;
        }
      });
      box.remove();
      save(row);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    openFor(window.location.hash);
  });
  window.addEventListener("hashchange", function () {
    openFor(window.location.hash);
  });

  // A refused request of htmx's own (add, delete, open) must not pass silently.
  document.addEventListener("htmx:responseError", function (event) {
    notice(event.detail.xhr.status === 403 ? "denied" : "failed");
  });
})();
