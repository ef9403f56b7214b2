// ticketwire: the HTTP integration pages. Every page works without this
// script; it hides what does not apply, adds and removes header and form
// rows, and drives the Preview / Test panel.
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  const el = tw.el;
  const pretty = tw.pretty;

  // ---- The integration form.
  function initForm() {
    const form = $("#integration-form");
    if (!form) return;
    const sections = () => {
      $("#body-section").hidden = $("#f-method").value === "GET";
      const isForm = $("#f-ct-form").checked;
      $("#json-editor").hidden = isForm;
      $("#form-editor").hidden = !isForm;
      $("#oauth2-fields").hidden = !$("#f-oauth2").checked;
    };
    form.addEventListener("change", (e) => {
      if (e.target.matches("#f-method, [name=request_content_type], #f-oauth2")) sections();
      if (e.target.matches("[data-secret-toggle]")) secretToggled(e.target);
      if (e.target.matches("[name=triggers]")) triggers(form);
    });
    sections();
    triggers(form);
    initPresets(form, sections);
    initRows(form);
    initDirty(form);
    initErrors(form);
  }

  // Presets fill the body editor here instead of posting the form.
  function initPresets(form, sections) {
    $$("[data-preset]", form).forEach((b) => b.addEventListener("click", (e) => {
      e.preventDefault();
      const body = $("#f-body");
      body.value = b.dataset.preset;
      $("#f-ct-json").checked = true;
      sections();
      body.dispatchEvent(new Event("input", { bubbles: true }));
      body.focus();
    }));
  }

  // A secret value is typed into a password field.
  function secretToggled(box) {
    const input = $("[data-secret-value]", box.closest("[data-row]"));
    input.type = box.checked ? "password" : "text";
    input.autocomplete = box.checked ? "new-password" : "off";
  }

  // "Ticket assignment updated" and "Ticket status updated" must be alone:
  // ticking one unticks and disables (greys out) the others; unticking it
  // gives them back as the admin had ticked them. The ticks it took away
  // are kept on each box as data-was-checked.
  function triggers(form) {
    const boxes = $$("input[name=triggers]", form);
    const alone = boxes.find((b) => b.checked && "exclusive" in b.dataset);
    for (const b of boxes) {
      const off = Boolean(alone) && b !== alone;
      if (off && !b.disabled) {
        b.dataset.wasChecked = b.checked ? "1" : "";
        b.checked = false;
      } else if (!off && b.disabled) {
        b.checked = b.dataset.wasChecked === "1";
        delete b.dataset.wasChecked;
      }
      b.disabled = off;
    }
  }

  // Rows: the add and remove buttons only work with this script, so they
  // start hidden. Indexes need not be contiguous: the server renumbers.
  function initRows(form) {
    $$("[data-add-row]", form).forEach((b) => {
      b.hidden = false;
      b.addEventListener("click", () => addRow(b.dataset.addRow));
    });
    $$("[data-remove-row]", form).forEach((b) => { b.hidden = false; });
    form.addEventListener("click", (e) => {
      const b = e.target.closest("[data-remove-row]");
      if (b) removeRow(b.closest("[data-row]"));
    });
  }

  const rowsOf = (list) => $(`[data-rows="${list}"]`);

  function addRow(list) {
    const box = rowsOf(list);
    let next = 0;
    $$("input[name$='.key']", box).forEach((i) => {
      const m = i.name.match(/\[(\d+)\]/);
      if (m) next = Math.max(next, Number(m[1]) + 1);
    });
    const html = $(`#tpl-row-${list}`).innerHTML.replaceAll("__i__", String(next));
    box.insertAdjacentHTML("beforeend", html);
    const row = box.lastElementChild;
    $("[data-remove-row]", row).hidden = false;
    renumber(box);
    $("input", row).focus();
  }

  function removeRow(row) {
    const box = row.parentElement;
    const list = row.dataset.row;
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(box);
    (next ? $("input", next) : $(`[data-add-row="${list}"]`)).focus();
  }

  // renumber keeps the screen-reader labels ("Header 2 value") in order.
  function renumber(box) {
    $$("[data-row]", box).forEach((row, k) => {
      const noun = `${row.dataset.noun} ${k + 1}`;
      const labels = $$("label.sr-only", row);
      if (labels[0]) labels[0].textContent = `${noun} name`;
      if (labels[1]) labels[1].textContent = `${noun} value`;
      $("[data-remove-row]", row)?.setAttribute("aria-label", `Remove ${noun}`);
    });
  }

  // Preview and Test use the saved settings: say so once the form changes.
  function initDirty(form) {
    const note = $("#preview-dirty");
    if (!note) return;
    const dirty = () => { note.hidden = false; };
    form.addEventListener("input", dirty);
    form.addEventListener("change", dirty);
  }

  // After a refused save, go to the field in error.
  function initErrors(form) {
    const summary = $("#error-summary");
    $$("#error-summary a[href^='#'], #warning-summary a[href^='#']").forEach((a) => a.addEventListener("click", (e) => {
      const target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target) return;
      e.preventDefault();
      (target.matches("input, select, textarea") ? target : $("input, select, textarea", target))?.focus();
    }));
    if (summary) $("[aria-invalid=true]", form)?.focus();
  }

  // ---- The Preview / Test panel, through the JSON API.
  function initPreview() {
    const panel = $("#preview-test");
    if (!panel) return;
    const id = panel.dataset.integrationId;
    const ticket = $("#preview-ticket");
    const pick = $("#preview-ticket-pick");
    const out = $("#preview-result");
    const buttons = [$("#preview-btn"), $("#test-btn")];
    pick?.addEventListener("change", () => { ticket.value = pick.value; });
    ticket.addEventListener("input", () => {
      if (pick && $$("option", pick).some((o) => o.value === ticket.value)) pick.value = ticket.value;
    });
    ticket.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); run("preview"); } });
    buttons[0].addEventListener("click", () => run("preview"));
    buttons[1].addEventListener("click", () => run("test"));

    async function run(kind) {
      const t = Number.parseInt(ticket.value, 10);
      if (!(t > 0)) {
        out.replaceChildren(el("p", { class: "error", role: "alert" }, "Enter the ID of a ticket."));
        ticket.focus();
        return;
      }
      buttons.forEach((b) => { b.disabled = true; });
      out.setAttribute("aria-busy", "true");
      out.replaceChildren(el("p", { class: "muted" }, kind === "test" ? "Sending…" : "Rendering…"));
      try {
        const res = await window.tw.api("POST", `/api/integrations/${id}/${kind}`, { ticket_id: t });
        out.replaceChildren(...(kind === "test" ? testView(res, id) : previewView(res)));
      } catch (err) {
        const field = err.field === "ticket_id" ? "Ticket: " : "";
        out.replaceChildren(el("p", { class: "error", role: "alert" }, field + err.message));
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
        out.removeAttribute("aria-busy");
      }
    }
  }

  function previewView(p) {
    const parts = [el("h3", {}, "Preview", el("span", { class: "muted small" }, " · nothing was sent"))];
    if (p.error) parts.push(el("div", { class: "error", role: "alert", "data-test": "preview-error" }, "Failed to build request: ", p.error));
    if (p.warnings && p.warnings.length > 0) {
      parts.push(el("div", { class: "int-warning-summary", "data-test": "preview-warnings" },
        el("p", { class: "small" }, "These variables exist nowhere and always render empty:"),
        el("ul", { class: "int-summary-list" }, p.warnings.map((w) => el("li", {}, w.message)))));
    }
    parts.push(requestView(p.request));
    parts.push(emptyView(p.empty_variables));
    return parts;
  }

  function testView(r, id) {
    const res = r.response;
    const head = el("p", { class: "int-test-head" },
      el("span", { class: `int-status ${statusClass(r.outcome, res)}`, "data-test": "test-status" }, statusText(r.outcome, res)), " ",
      el("span", { class: `pill ${r.outcome}` }, outcomeLabels[r.outcome] || r.outcome), " ",
      el("span", { class: "muted small" }, `${r.duration_ms} ms`), " ",
      el("a", { href: `/settings/integrations/${id}/events/${r.id}` }, "Open in Events"));
    const parts = [el("h3", {}, "Test response"), head];
    if (r.error) parts.push(el("pre", { class: "int-pre int-error-text" }, r.error));
    if (res) {
      parts.push(headersView(res.headers));
      parts.push(res.body ? el("pre", { class: "int-pre", "data-test": "test-response-body" }, pretty(res.body)) : el("p", { class: "muted" }, "Empty body."));
    }
    parts.push(el("details", { class: "int-sent" }, el("summary", {}, "Request sent"), requestView(r.request)));
    parts.push(emptyView(r.empty_variables));
    return parts;
  }

  function requestView(req) {
    if (!req) return el("p", { class: "muted" }, "No request.");
    return el("div", { class: "int-request-view", "data-test": "rendered-request" },
      el("p", { class: "int-request-line" }, el("span", { class: "int-method" }, req.method || ""), " ",
        el("code", { class: "int-url-full" }, req.url || "")),
      headersView(req.headers),
      req.body ? el("pre", { class: "int-pre", "data-test": "rendered-body" }, pretty(req.body)) : el("p", { class: "muted" }, "No body."));
  }

  function headersView(h) {
    const keys = Object.keys(h || {}).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    if (keys.length === 0) return el("p", { class: "muted small" }, "No headers.");
    return el("table", { class: "int-headers" }, el("tbody", {}, keys.map((k) =>
      el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, el("code", {}, h[k]))))));
  }

  function emptyView(list) {
    if (!list || list.length === 0) return el("p", { class: "muted small", "data-test": "empty-variables" }, "Every variable had a value.");
    return el("div", { class: "int-empty-vars", "data-test": "empty-variables" },
      el("p", { class: "small" }, "These variables rendered empty for this ticket:"),
      el("ul", {}, list.map((v) => el("li", {}, el("code", {}, v)))));
  }

  const outcomeLabels = { success: "Success", failed: "Failed", retrying: "Retrying", "gave-up": "Gave up",
    skipped: "Skipped", blocked: "Blocked", "build-failed": "Build failed",
    throttled: "Throttled" };

  // statusText and statusClass mirror the events log's status badge.
  function statusText(outcome, res) {
    if (res) return String(res.status);
    if (outcome === "skipped") return "Skipped";
    if (outcome === "build-failed") return "Failed to build request";
    return "HTTP request failed";
  }

  function statusClass(outcome, res) {
    if (!res) return outcome === "skipped" ? "http-none" : "http-error";
    const s = res.status;
    if (s >= 200 && s < 300) return "http-2xx";
    if (s < 400) return "http-3xx";
    if (s < 500) return "http-4xx";
    return "http-5xx";
  }

  document.addEventListener("DOMContentLoaded", () => {
    initForm();
    initPreview();
  });
})();
