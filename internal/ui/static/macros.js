// ticketwire: macros. On the settings pages it drives the action builder
// (add, remove and reorder actions and rows) and the variable picker; those
// pages work without it. On the ticket view it is the
// "Apply macro" panel: search macros by name, preview one for the ticket,
// change the hook fields the macro marks editable, apply it, and after a
// failed hook Retry, Apply anyway or Cancel.
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const MASK = "********";

  const el = tw.el;
  const pretty = tw.pretty;

  // ---- Settings: the action builder. Without this script the add, move
  // and remove buttons post the form and the server redraws it; here they
  // change the page at once. Inputs are named actions[i]…, so after every
  // change the actions are renumbered in their new order.
  function initBuilder() {
    const form = $("#macro-form");
    if (!form) return;
    const list = $("#m-actions");
    const cards = () => $$("[data-action]", list);
    form.addEventListener("click", (e) => {
      const op = e.target.closest("button[data-op]");
      if (op) {
        e.preventDefault();
        move(op.dataset.op, op.closest("[data-action]"));
      } else if (e.target.closest("#m-add")) {
        e.preventDefault();
        addAction($("#m-add-type").value);
      } else if (e.target.closest("[data-add-row]")) {
        addRow(e.target.closest("[data-add-row]"));
      } else if (e.target.closest("[data-remove-row]")) {
        removeRow(e.target.closest("[data-row]"));
      }
    });
    form.addEventListener("change", (e) => {
      if (e.target.matches("[data-method], [data-content-type]")) sections(e.target.closest("[data-action]"));
      if (e.target.matches("[data-secret-toggle]")) secretToggled(e.target);
    });
    enhance(form);
    cards().forEach(sections);
    renumber();
    initErrors(form);

    function move(verb, card) {
      const all = cards();
      const k = all.indexOf(card);
      if (verb === "remove") {
        const next = all[k + 1] || all[k - 1];
        card.remove();
        renumber();
        (next ? $("[data-op=remove]", next) : $("#m-add-type")).focus();
        return;
      }
      if (verb === "up" && k > 0) list.insertBefore(card, all[k - 1]);
      if (verb === "down" && k < all.length - 1) list.insertBefore(all[k + 1], card);
      renumber();
      const same = $(`[data-op=${verb}]`, card);
      (same.disabled ? $(`[data-op=${verb === "up" ? "down" : "up"}]`, card) : same).focus();
    }

    function addAction(type) {
      const tpl = $(`#tpl-mc-action-${type}`);
      if (!tpl) return;
      const n = cards().length;
      list.insertAdjacentHTML("beforeend", tpl.innerHTML.replaceAll("__a__", String(n)).replaceAll("__n__", String(n + 1)));
      const card = list.lastElementChild;
      enhance(card);
      sections(card);
      renumber();
      $("input:not([type=hidden]), select, textarea", card)?.focus();
    }

    function addRow(button) {
      const field = button.closest(".mc-list-field");
      const box = $("[data-rows]", field);
      const name = button.dataset.addRow;
      let next = 0;
      $$("input[name$='.key']", box).forEach((i) => {
        const m = i.name.match(/\[(\d+)\]\.key$/);
        if (m) next = Math.max(next, Number(m[1]) + 1);
      });
      const a = cards().indexOf(button.closest("[data-action]"));
      const html = $(`#tpl-mc-row-${name}`).innerHTML.replaceAll("__a__", String(a)).replaceAll("__i__", String(next));
      box.insertAdjacentHTML("beforeend", html);
      const row = box.lastElementChild;
      enhance(row);
      renumberRows(box);
      $("input", row).focus();
    }

    function removeRow(row) {
      const box = row.parentElement;
      const next = row.nextElementSibling || row.previousElementSibling;
      const add = $("[data-add-row]", box.closest(".mc-list-field"));
      row.remove();
      renumberRows(box);
      (next ? $("input", next) : add).focus();
    }

    function renumber() {
      const all = cards();
      all.forEach((card, k) => {
        const fix = (v) => v.replace(/actions\[(\d+|__a__)\]/g, `actions[${k}]`).replace(/m-actions-(\d+|__a__)-/g, `m-actions-${k}-`);
        for (const node of [card, ...$$("*", card)]) {
          for (const attr of ["name", "id", "for", "aria-describedby", "aria-labelledby", "data-var-for", "data-error-for"]) {
            const v = node.getAttribute(attr);
            if (v) node.setAttribute(attr, fix(v));
          }
        }
        $("[data-num]", card).textContent = String(k + 1);
        $("[data-num-label]", card).textContent = `Action ${k + 1}: `;
        for (const b of $$("button[data-op]", card)) {
          const verb = b.dataset.op;
          b.value = `${verb}:${k}`;
          b.setAttribute("aria-label", verb === "remove" ? `Remove action ${k + 1}` : `Move action ${k + 1} ${verb}`);
          b.disabled = (verb === "up" && k === 0) || (verb === "down" && k === all.length - 1);
        }
        movedSecrets(card, k);
      });
      // A macro sends at most one reply.
      const reply = $("#m-add-type option[value=reply]");
      if (reply) {
        reply.disabled = all.some((c) => c.dataset.type === "reply");
        if (reply.disabled && reply.selected) $("#m-add-type").value = $("#m-add-type option:not(:disabled)").value;
      }
    }
  }

  // A stored secret is kept by the place of its action, so an action that
  // moved needs its secrets typed again; moved back, the stored one returns.
  function movedSecrets(card, k) {
    const origin = Number($("[data-origin]", card)?.value ?? -1);
    for (const input of $$("input[data-masked]", card)) {
      if (!("placeholderWas" in input.dataset)) input.dataset.placeholderWas = input.placeholder;
      if (origin !== k && input.value === MASK) {
        input.value = "";
        input.placeholder = `Moved: type the secret again (it was stored with action ${origin + 1})`;
      } else if (origin === k && input.value === "") {
        input.value = MASK;
        input.placeholder = input.dataset.placeholderWas;
      }
    }
  }

  // enhance shows what only works with this script.
  function enhance(root) {
    $$("[data-add-row], [data-remove-row], .mc-var-btn", root).forEach((b) => { b.hidden = false; });
  }

  // A hook's body editor follows its method and content type.
  function sections(card) {
    if (!card || card.dataset.type !== "http_hook") return;
    const isGet = $("[data-method]", card).value === "GET";
    const isForm = $("[data-content-type][value='application/x-www-form-urlencoded']", card).checked;
    $("[data-body-section]", card).hidden = isGet;
    $("[data-json-editor]", card).hidden = isForm;
    $("[data-form-editor]", card).hidden = !isForm;
  }

  function secretToggled(box) {
    const input = $("[data-secret-value]", box.closest("[data-row]"));
    input.type = box.checked ? "password" : "text";
    input.autocomplete = box.checked ? "new-password" : "off";
  }

  // renumberRows keeps the screen-reader labels ("Header 2 value") in order;
  // the inputs' indexes need not be: the server renumbers.
  function renumberRows(box) {
    $$("[data-row]", box).forEach((row, j) => {
      const noun = `${row.dataset.noun} ${j + 1}`;
      const text = { name: `${noun} name`, value: `${noun} value`, var: `Insert a variable into ${noun} value`, remove: `Remove ${noun}` };
      $$("[data-row-label]", row).forEach((l) => { l.textContent = text[l.dataset.rowLabel]; });
    });
  }

  // After a refused save, go to the field in error.
  function initErrors(form) {
    const summary = $("#error-summary");
    if (!summary) return;
    $$("a[href^='#']", summary).forEach((a) => a.addEventListener("click", (e) => {
      const target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target) return;
      e.preventDefault();
      (target.matches("input, select, textarea") ? target : $("input:not([type=hidden]), select, textarea", target) || target).focus();
    }));
    $("[aria-invalid=true]", form)?.focus();
  }

  // ---- Settings: the variable picker. "Insert variable" beside a template
  // field opens a filterable list under it; choosing one inserts
  // {{path}} where the cursor was in the field.
  function initVarPicker() {
    const data = $("#mc-vars-data");
    if (!data) return;
    const groups = JSON.parse(data.textContent || "[]");
    const search = el("input", { type: "search", role: "combobox", "aria-expanded": "true", "aria-controls": "mc-var-list",
      "aria-autocomplete": "list", "aria-label": "Filter variables", placeholder: "Filter variables…", autocomplete: "off", spellcheck: "false" });
    const listbox = el("ul", { id: "mc-var-list", role: "listbox", "aria-label": "Variables", class: "mc-var-list" });
    let n = 0;
    for (const g of groups) {
      const items = g.vars.map((v) => el("li", { role: "option", id: `mc-var-${n++}`, "data-path": v.path, "aria-selected": "false" },
        el("code", {}, v.path), el("span", { class: "muted small" }, v.label)));
      listbox.append(el("li", { role: "group", "aria-label": g.title, class: "mc-var-group" },
        el("p", { class: "mc-var-group-title", "aria-hidden": "true" }, g.title, g.note ? el("span", { class: "muted small" }, " · ", g.note) : null),
        el("ul", { role: "presentation" }, items)));
    }
    const picker = el("div", { class: "mc-var-picker", role: "dialog", "aria-label": "Insert a variable", hidden: true, "data-test": "var-picker" },
      search, listbox, el("p", { class: "muted small mc-var-help" }, "↑ ↓ to choose, Enter to insert, Esc to go back."));
    let target = null, opener = null, active = -1, closing = false;
    const visible = () => $$("[role=option]", listbox).filter((o) => !o.hidden);

    document.addEventListener("click", (e) => {
      const b = e.target.closest("[data-var-for]");
      if (b) {
        e.preventDefault();
        if (!picker.hidden && opener === b) close(false);
        else open(b);
        return;
      }
      if (!picker.hidden && !picker.contains(e.target)) close(false);
    });
    listbox.addEventListener("mousedown", (e) => e.preventDefault());
    listbox.addEventListener("click", (e) => {
      const o = e.target.closest("[role=option]");
      if (o) {
        put(o.dataset.path);
        close(true);
      }
    });
    search.addEventListener("input", filter);
    search.addEventListener("keydown", (e) => {
      const opts = visible();
      const moves = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: opts.length - 1, PageDown: active + 8, PageUp: active - 8 };
      if (e.key in moves) {
        e.preventDefault();
        highlight(Math.max(0, Math.min(opts.length - 1, moves[e.key])));
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (opts[active]) {
          put(opts[active].dataset.path);
          closing = true; // on keyup, so the Enter does not reach the field
        }
      } else if (e.key === "Escape") {
        e.preventDefault();
        close(true);
      } else if (e.key === "Tab") {
        close(false);
      }
    });
    search.addEventListener("keypress", (e) => { if (e.key === "Enter") e.preventDefault(); });
    search.addEventListener("keyup", (e) => {
      if (e.key === "Enter" && closing) close(true);
    });

    function open(button) {
      opener = button;
      target = document.getElementById(button.dataset.varFor);
      if (!target) return;
      (button.closest(".mc-row") || button.closest(".mc-field")).after(picker);
      picker.hidden = false;
      $$("[data-var-for]").forEach((b) => b.setAttribute("aria-expanded", String(b === button)));
      search.value = "";
      filter();
      search.focus();
    }

    function close(toField) {
      closing = false;
      picker.hidden = true;
      opener?.setAttribute("aria-expanded", "false");
      if (toField) target?.focus();
    }

    function filter() {
      const q = search.value.trim().toLowerCase();
      for (const o of $$("[role=option]", listbox)) o.hidden = q !== "" && !o.textContent.toLowerCase().includes(q);
      for (const g of $$(".mc-var-group", listbox)) g.hidden = !$$("[role=option]", g).some((o) => !o.hidden);
      highlight(0);
    }

    function highlight(i) {
      const opts = visible();
      active = opts.length ? i : -1;
      $$("[role=option]", listbox).forEach((o) => o.setAttribute("aria-selected", "false"));
      if (active < 0) {
        search.removeAttribute("aria-activedescendant");
        return;
      }
      opts[active].setAttribute("aria-selected", "true");
      search.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    // put inserts {{path}} where the cursor was (a field keeps its
    // selection while the picker has the focus).
    function put(path) {
      const text = `{{${path}}}`;
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.setRangeText(text, start, end, "end");
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // ---- The ticket view: apply a macro.
  function initApply() {
    const root = $("#macro-apply");
    if (!root || !window.tw) return;
    const ticketID = Number(root.dataset.ticketId);
    const openButton = $("#macro-open");
    const panel = $("#macro-panel");
    const search = $("#macro-search");
    const options = $("#macro-options");
    const out = $("#macro-preview");
    let macros = [], active = -1, seq = 0, timer = 0, run = null;
    openButton.hidden = false;

    openButton.addEventListener("click", () => (panel.hidden ? show() : hide()));
    $("[data-macro-close]", panel).addEventListener("click", hide);
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        hide();
      }
    });
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => load(search.value.trim()), 150);
    });
    search.addEventListener("keydown", onKey);
    options.addEventListener("mousedown", (e) => e.preventDefault());
    options.addEventListener("click", (e) => {
      const o = e.target.closest("[role=option]");
      if (o) choose(Number(o.dataset.index));
    });

    function show() {
      panel.hidden = false;
      openButton.setAttribute("aria-expanded", "true");
      search.value = "";
      out.replaceChildren();
      run = null;
      search.focus();
      load("");
    }

    function hide() {
      panel.hidden = true;
      run = null;
      out.replaceChildren();
      expand(false);
      openButton.setAttribute("aria-expanded", "false");
      openButton.focus();
    }

    function expand(on) {
      options.hidden = !on;
      search.setAttribute("aria-expanded", String(on));
    }

    async function load(q) {
      const mine = ++seq;
      try {
        const res = await window.tw.api("GET", `/api/macros?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`);
        if (mine !== seq) return;
        macros = res.data;
        active = macros.length ? 0 : -1;
        const items = macros.map((m, i) => el("li", { role: "option", id: `macro-opt-${m.id}`, class: "mc-option", "data-index": i,
          "aria-selected": "false", "data-test": "macro-option" },
          el("span", { class: "mc-option-name" }, m.name), el("span", { class: "muted small" }, m.actions.map(describe).join(" · "))));
        if (items.length === 0) {
          items.push(el("li", { class: "mc-option-empty", role: "presentation" },
            q ? `No macro's name contains “${q}”.` : "No macros yet. Admins add them under Settings → Macros."));
        }
        options.replaceChildren(...items);
        expand(true);
        highlight();
      } catch (err) {
        if (mine === seq) out.replaceChildren(problem(err.message));
      }
    }

    function highlight() {
      const opts = $$("[role=option]", options);
      opts.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
      if (active < 0 || options.hidden) {
        search.removeAttribute("aria-activedescendant");
        return;
      }
      search.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function onKey(e) {
      if (options.hidden && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
        e.preventDefault();
        expand(true);
        highlight();
        return;
      }
      const last = macros.length - 1;
      const moves = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: last };
      if (e.key in moves && macros.length) {
        e.preventDefault();
        active = Math.max(0, Math.min(last, moves[e.key]));
        highlight();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (active >= 0 && !options.hidden) choose(active);
      } else if (e.key === "Escape" && !options.hidden && run) {
        e.preventDefault(); // first close the list, back to the preview
        expand(false);
      }
    }

    async function choose(i) {
      const m = macros[i];
      if (!m) return;
      active = i;
      expand(false);
      highlight();
      const mine = run = { macro: m, preview: null, skip: [] };
      out.replaceChildren(el("p", { class: "muted", role: "status" }, `Rendering “${m.name}” for this ticket…`));
      try {
        mine.preview = await window.tw.api("POST", `/api/macros/${m.id}/preview`, { ticket_id: ticketID });
        if (run === mine) renderPreview();
      } catch (err) {
        if (run === mine) out.replaceChildren(problem(err.message));
      }
    }

    function renderPreview() {
      const { macro: m, preview: p } = run;
      const parts = [
        el("div", { class: "mc-preview-head" },
          el("h3", { id: "macro-preview-title", tabindex: "-1" }, m.name),
          el("span", { class: "muted small" }, "Preview: nothing is changed or sent until you apply.")),
        el("ul", { class: "mc-chips", "aria-label": "What it does, in order" }, p.actions.map((a) => el("li", { class: "mc-chip" }, describe(a)))),
      ];
      if (p.reply) {
        parts.push(el("section", { class: "mc-reply-preview", "aria-label": "Reply" }, el("h4", {}, "Reply"),
          p.reply.error ? el("p", { class: "error small" }, p.reply.error)
            : el("textarea", { class: "mc-reply-text", "data-test": "preview-reply", rows: 5, "data-orig": p.reply.body_text,
              "aria-label": "Reply: a draft you can edit before applying" }, p.reply.body_text),
          p.reply.error ? null : el("p", { class: "muted small" }, "A draft: change it as you like; it is sent as you leave it.")));
      }
      p.hooks.forEach((h) => parts.push(hookPreview(h)));
      if (p.empty_variables.length) {
        parts.push(el("div", { class: "mc-empty-vars", "data-test": "empty-variables" },
          el("p", { class: "small" }, "These variables are empty for this ticket:"),
          el("ul", {}, p.empty_variables.map((v) => el("li", {}, el("code", {}, v))))));
      }
      parts.push(el("div", { id: "macro-result", class: "mc-result" }));
      parts.push(el("div", { class: "mc-preview-actions", id: "macro-actions" },
        el("button", { type: "button", class: "btn primary", "data-test": "macro-apply-button" }, "Apply"),
        el("button", { type: "button", class: "btn", "data-test": "macro-cancel" }, "Cancel")));
      out.replaceChildren(...parts);
      const [apply, cancel] = $$("#macro-actions button", out);
      apply.addEventListener("click", () => send(false));
      cancel.addEventListener("click", hide);
      $("#macro-preview-title").focus();
    }

    function hookPreview(h) {
      const fields = [];
      for (const list of ["params", "headers", "form"]) {
        for (const [key, value] of Object.entries(h.editable?.[list] || {})) {
          const id = `mc-edit-${h.action_index}-${list}-${fields.length}`;
          const secret = value === MASK;
          fields.push(el("div", { class: "mc-edit" },
            el("label", { for: id }, key, el("span", { class: "muted small" }, ` ${listNames[list]}${secret ? ", secret" : ""}`)),
            el("input", { id, value, type: secret ? "password" : "text", autocomplete: secret ? "new-password" : "off", spellcheck: "false",
              "data-edit": "", "data-index": h.action_index, "data-list": list, "data-key": key, "data-orig": value })));
        }
      }
      const req = h.request || {};
      const urlEl = el("code", { class: "mc-url" }, req.url || "");
      // The shown URL follows edits of its query parameters, so the agent
      // sees the request that will go out.
      fields.forEach((f) => {
        const input = f.querySelector("input[data-list=params]");
        input?.addEventListener("input", () => {
          try {
            const u = new URL(req.url);
            u.searchParams.set(input.dataset.key, input.value);
            urlEl.textContent = u.toString();
          } catch (_) { /* not a full URL: leave it as rendered */ }
        });
      });
      return el("section", { class: "mc-hook-preview", "data-action-index": h.action_index, "data-test": "preview-hook", "aria-label": `HTTP hook ${h.title}` },
        el("div", { class: "mc-hook-head" }, el("h4", {}, "HTTP hook · ", h.title), el("span", { class: "mc-hook-state", "data-hook-state": "" })),
        el("p", { class: "mc-request-line" }, el("span", { class: "int-method" }, req.method || ""), " ", urlEl),
        h.error ? el("p", { class: "error small" }, "This request cannot be built: ", h.error) : null,
        fields.length ? el("fieldset", { class: "mc-edits" }, el("legend", {}, "You can change before applying"), fields,
          el("p", { class: "muted small" }, "Sent exactly as typed.")) : null,
        el("details", { class: "mc-hook-details" }, el("summary", {}, "Request details"), headersTable(req.headers),
          req.body ? el("pre", { class: "int-pre" }, pretty(req.body)) : el("p", { class: "muted small" }, "No body.")));
    }

    // edits are the editable values the agent changed; the others go out
    // as the macro renders them.
    function edits() {
      const out = {};
      for (const input of $$("[data-edit]", root)) {
        if (input.value === input.dataset.orig) continue;
        const e = (out[input.dataset.index] ||= { params: {}, headers: {}, form: {} });
        e[input.dataset.list][input.dataset.key] = input.value;
      }
      return out;
    }

    async function send(force) {
      const body = { macro_id: run.macro.id };
      const e = edits();
      if (Object.keys(e).length) body.edits = e;
      if (run.skip.length) body.skip_hooks = run.skip;
      if (force) body.on_hook_failure = "force";
      const draft = $("textarea[data-test=preview-reply]", out);
      if (draft && draft.value !== draft.dataset.orig) body.reply = { body_text: draft.value };
      const result = $("#macro-result", out);
      const buttons = $$("button", out);
      buttons.forEach((b) => { b.disabled = true; });
      result.replaceChildren(el("p", { class: "muted", role: "status" }, force ? "Applying anyway…" : "Applying…"));
      try {
        await window.tw.api("POST", `/api/tickets/${ticketID}/apply-macro`, body);
        result.replaceChildren(el("p", { class: "mc-applied", role: "status" }, "Applied. Loading the ticket…"));
        location.reload();
      } catch (err) {
        buttons.forEach((b) => { b.disabled = false; });
        if (err.status === 424) failed(err, result);
        else refused(err, result);
      }
    }

    // failed shows which hook failed and why. The hooks before it were
    // sent and succeeded: a retry leaves them out (skip_hooks).
    function failed(err, result) {
      const m = /^actions\[(\d+)\]$/.exec(err.field || "");
      const at = m ? Number(m[1]) : -1;
      for (const sec of $$("[data-action-index]", out)) {
        const i = Number(sec.dataset.actionIndex);
        const state = $("[data-hook-state]", sec);
        if (i < at && !run.skip.includes(i)) run.skip.push(i);
        if (run.skip.includes(i)) {
          state.replaceChildren(el("span", { class: "pill success" }, "Sent"));
          $$("[data-edit]", sec).forEach((input) => { input.disabled = true; });
        }
        else if (i === at) state.replaceChildren(el("span", { class: "pill failed", "data-test": "hook-failed-badge" }, "Failed"));
        else state.replaceChildren(el("span", { class: "pill" }, "Not sent"));
      }
      $("#macro-actions", out).hidden = true;
      const retry = el("button", { type: "button", class: "btn primary", "data-test": "macro-retry" }, "Retry");
      const force = el("button", { type: "button", class: "btn", "data-test": "macro-force" }, "Apply anyway");
      const cancel = el("button", { type: "button", class: "btn", "data-test": "macro-cancel-failed" }, "Cancel");
      retry.addEventListener("click", () => send(false));
      force.addEventListener("click", () => send(true));
      cancel.addEventListener("click", hide);
      const sent = run.skip.length ? " The hooks that succeeded are not sent again." : "";
      result.replaceChildren(el("div", { class: "mc-failure", role: "alert", "data-test": "hook-failed" },
        el("p", {}, el("strong", {}, err.message.charAt(0).toUpperCase() + err.message.slice(1), ".")),
        el("p", { class: "muted small" }, `Retry sends it again; Apply anyway sends it once more and makes the ticket changes and the reply whatever it answers.${sent}`),
        el("div", { class: "mc-preview-actions" }, retry, force, cancel)));
      retry.focus();
    }

    // refused shows a 422 (or other error) beside the edited field it names.
    function refused(err, result) {
      const m = /^edits\.(\d+)\.(params|headers|form)\.(.+)$/.exec(err.field || "");
      const input = m && $$("[data-edit]", out).find((i) => i.dataset.index === m[1] && i.dataset.list === m[2] && i.dataset.key === m[3]);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
      result.replaceChildren(problem(err.message));
    }

    // describe says what an action does in a few words.
    function describe(a) {
      switch (a.type) {
        case "set_status": return `Set status: ${a.status}`;
        case "add_tags": return `Add tags: ${(a.tags || []).join(", ")}`;
        case "set_assignee": return a.assignee_user_id == null ? "Unassign" : `Assign to ${userName(a.assignee_user_id)}`;
        case "reply": return "Reply";
        case "http_hook": return `HTTP hook: ${a.title}`;
      }
      return a.type;
    }

    // userName reads a user's name from the ticket's assignee select.
    function userName(id) {
      const o = $(`select[name=assignee_user_id] option[value="${Number(id)}"]`);
      return o ? o.textContent.trim() : `user ${id}`;
    }
  }

  const listNames = { params: "URL parameter", headers: "header", form: "form field" };

  function problem(message) {
    return el("p", { class: "error", role: "alert" }, message);
  }

  function headersTable(h) {
    const keys = Object.keys(h || {}).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    if (keys.length === 0) return el("p", { class: "muted small" }, "No headers.");
    return el("table", { class: "int-headers" }, el("tbody", {}, keys.map((k) =>
      el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, el("code", {}, h[k]))))));
  }

  document.addEventListener("DOMContentLoaded", () => {
    initBuilder();
    initVarPicker();
    initApply();
  });
})();
