// ticketwire: the links and HTTP buttons of widget cards.
//
// A button with editable params opens a small form under it (mandatory
// params required, a dropdown as a select); one without runs at once. The
// request is made by the server (POST /api/tickets/{id}/widget-actions),
// never by the browser, and its outcome shows under the button.
"use strict";
(() => {
  const root = document.getElementById("widgets");
  if (!root) return;
  const ticketID = root.dataset.ticketId;
  const h = tw.el;

  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-card-button]");
    if (b) {
      const box = b.closest("[data-test=card-button-box]");
      const form = box.querySelector("form");
      if (!form.querySelector("[data-key]")) return run(box, { values: {}, headers: {}, form: {} });
      const open = form.hidden;
      form.hidden = !open;
      b.setAttribute("aria-expanded", String(open));
      if (open) form.querySelector("[data-key]").focus();
      return;
    }
    const c = e.target.closest("[data-card-cancel]");
    if (c) {
      const box = c.closest("[data-test=card-button-box]");
      box.querySelector("form").hidden = true;
      box.querySelector("[data-card-button]").setAttribute("aria-expanded", "false");
    }
  });

  root.addEventListener("submit", (e) => {
    const form = e.target.closest("[data-test=card-button-form]");
    if (!form) return;
    e.preventDefault();
    // Each field's data-list says where its value goes: values (query
    // parameters), headers or form.
    const values = { values: {}, headers: {}, form: {} };
    for (const input of form.querySelectorAll("[data-key]")) {
      if (input.required && input.value.trim() === "") {
        show(form.closest("[data-test=card-button-box]"), false, `${labelOf(input)} is required.`);
        input.focus();
        return;
      }
      if (input.value !== "") values[input.dataset.list || "values"][input.dataset.key] = input.value;
    }
    run(form.closest("[data-test=card-button-box]"), values);
  });

  const labelOf = (input) => input.closest("label").firstChild.textContent.trim();

  // run sends values {values, headers, form}, the agent's by key.
  async function run(box, values) {
    const button = box.querySelector("[data-card-button]");
    const body = {
      widget_id: Number(box.closest("[data-test=widget]").dataset.widgetId),
      path: box.closest("[data-test=card-actions]").dataset.path,
      button: Number(box.dataset.button),
      ...values,
    };
    button.disabled = true;
    show(box, null, "Running…");
    try {
      const out = await tw.api("POST", `/api/tickets/${ticketID}/widget-actions`, body);
      const res = out.response;
      const head = out.status === "success" ? `Done: HTTP ${res.status}` : `Failed${res ? `: HTTP ${res.status}` : ""}`;
      show(box, out.status === "success", `${head} (${out.duration_ms} ms)`, out.error, res && res.body);
      if (out.status === "success") {
        box.querySelector("form").hidden = true;
        button.setAttribute("aria-expanded", "false");
      }
    } catch (err) {
      show(box, false, err.message);
    } finally {
      button.disabled = false;
    }
  }

  // show writes the outcome under the button: a line, the error, the body.
  function show(box, ok, line, error, body) {
    const out = box.querySelector("[data-test=card-result]");
    out.hidden = false;
    out.classList.toggle("ok", ok === true);
    out.classList.toggle("bad", ok === false);
    out.replaceChildren(h("span", { "data-test": "card-result-status" }, line));
    if (error) out.append(h("div", { "data-test": "card-result-error" }, error));
    if (body) out.append(h("pre", { "data-test": "card-result-body" }, tw.pretty(body)));
  }
})();
