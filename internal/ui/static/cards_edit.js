// ticketwire: the links and buttons part of the widget editor's card panel.
//
// tw.cardActionsEditor(custom) builds the controls for a card's
// meta.custom (links, and buttons with their method, URL, headers, params
// and form fields — each editable, mandatory, dropdown options — and body); the element's
// readCustom() returns what they hold, in the API's shape, or null when
// there is nothing. Each control's data-field names the API field it
// becomes ("meta.custom.buttons[0].action.url"), renumbered on every read,
// so a 422 lands beside the control at fault.
"use strict";
(() => {
  const h = tw.el;
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
  const JSONType = "application/json";
  const FormType = "application/x-www-form-urlencoded";

  // labelled wraps a control in a label, with the error line the editor's
  // showFormError fills.
  const labelled = (text, control) => h("label", { class: "ca-field" }, text, control);

  const input = (name, value, test, attrs) => h("input", { name, value: value || "", "data-test": test, ...(attrs || {}) });

  const removeButton = (what, test) => h("button", {
    type: "button", class: "wg-link danger", "data-test": test, "aria-label": `Remove ${what}`,
    onclick: (e) => e.target.closest("[data-ca-row]").remove(),
  }, "Remove");

  // rowList is a list of rows with an "Add" button under it.
  function rowList(cls, test, addLabel, make, items) {
    const list = h("div", { class: cls, "data-test": test });
    (items || []).forEach((it) => list.append(make(it)));
    const add = h("button", { type: "button", class: "wg-link", "data-test": `${test}-add`, onclick: () => {
      const row = make({});
      list.append(row);
      row.querySelector("input, select").focus();
    } }, addLabel);
    return [list, add];
  }

  function linkRow(l) {
    const row = h("div", { class: "ca-row", "data-ca-row": "link", "data-test": "ca-link" },
      labelled("Label", input("ca-link-label", l.label, "ca-link-label", { placeholder: "Open in shop" })),
      labelled("URL", input("ca-link-url", l.url, "ca-link-url", { placeholder: "https://shop.example.com/orders/{{id}}" })),
      removeButton("link", "ca-link-remove"));
    row.orig = l;
    return row;
  }

  // paramRow is a header, query parameter or form field (kind "header",
  // "param" or "form"): key, value and what the agent is asked. A header's
  // value is stored encrypted and comes back as ******** (unset: empty);
  // left as it is, saving keeps the stored value.
  function paramRow(kind, p) {
    const options = (p.options || []).map((o) => (typeof o === "string" ? o : o.value)).join(", ");
    const secret = kind === "header" || p.secret;
    const row = h("div", { class: `ca-row ca-param ca-${kind}`, "data-ca-row": kind, "data-test": `ca-${kind}` },
      labelled("Key", input(`ca-${kind}-key`, p.key, `ca-${kind}-key`)),
      labelled("Value", input(`ca-${kind}-value`, p.value, `ca-${kind}-value`,
        secret ? { placeholder: "stored encrypted", autocomplete: "off" } : { placeholder: "{{id}}" })),
      labelled("Label", input(`ca-${kind}-label`, p.label, `ca-${kind}-label`)),
      h("label", { class: "wg-check" }, h("input", { type: "checkbox", name: `ca-${kind}-editable`, checked: !!p.editable, "data-test": `ca-${kind}-editable` }), "Agent fills it in"),
      h("label", { class: "wg-check" }, h("input", { type: "checkbox", name: `ca-${kind}-mandatory`, checked: !!p.mandatory, "data-test": `ca-${kind}-mandatory` }), "Required"),
      labelled("Dropdown options", input(`ca-${kind}-options`, options, `ca-${kind}-options`, { placeholder: "damaged, late (empty: free text)" })),
      removeButton(kind === "param" ? "parameter" : kind === "form" ? "form field" : "header", `ca-${kind}-remove`));
    row.orig = p;
    return row;
  }

  function buttonRow(b) {
    const a = b.action || {};
    const body = a.body || {};
    const type = body.contentType || JSONType;
    const [headers, addHeader] = rowList("ca-list", "ca-headers", "Add header", (p) => paramRow("header", p), a.headers);
    const [params, addParam] = rowList("ca-list", "ca-params", "Add parameter", (p) => paramRow("param", p), a.params);
    const [form, addForm] = rowList("ca-list", "ca-form", "Add form field", (p) => paramRow("form", p), body.form);
    const json = body.json || body[JSONType];
    const row = h("fieldset", { class: "ca-button", "data-ca-row": "button", "data-test": "ca-button" },
      h("legend", {}, "Button"),
      labelled("Label", input("ca-button-label", b.label, "ca-button-label", { placeholder: "Refund order" })),
      labelled("Method", h("select", { name: "ca-button-method", "data-test": "ca-button-method" },
        methods.map((m) => h("option", { value: m, selected: m === (a.method || "GET").toUpperCase() }, m)))),
      labelled("URL", input("ca-button-url", a.url, "ca-button-url", { placeholder: "https://shop.example.com/api/orders/{{id}}/refund" })),
      h("p", { class: "muted small" }, "Headers (values are stored encrypted and shown as ********; leave one as it is to keep it)"), headers, addHeader,
      h("p", { class: "muted small" }, "Query parameters"), params, addParam,
      labelled("Body type", h("select", { name: "ca-button-type", "data-test": "ca-button-type" },
        [JSONType, FormType].map((t) => h("option", { value: t, selected: t === type }, t)))),
      labelled("JSON body", h("textarea", { name: "ca-button-json", rows: 3, spellcheck: "false", "data-test": "ca-button-json",
        placeholder: '{"order": "{{id}}"}' }, json ? JSON.stringify(json, null, 2) : "")),
      h("p", { class: "muted small" }, "Form fields"), form, addForm,
      removeButton("button", "ca-button-remove"));
    row.orig = b;
    return row;
  }

  const val = (row, name) => row.querySelector(`[name=${name}]`);
  const text = (row, name) => val(row, name).value.trim();

  function readParams(list, field) {
    return [...list.querySelectorAll(":scope > [data-ca-row]")].map((r, i) => {
      const kind = r.dataset.caRow;
      const f = `${field}[${i}]`;
      ["key", "value", "label", "options"].forEach((k) => { val(r, `ca-${kind}-${k}`).dataset.field = `${f}.${k}`; });
      const options = text(r, `ca-${kind}-options`).split(",").map((s) => s.trim()).filter(Boolean);
      const p = { ...r.orig, key: text(r, `ca-${kind}-key`), value: val(r, `ca-${kind}-value`).value, label: text(r, `ca-${kind}-label`),
        editable: val(r, `ca-${kind}-editable`).checked, mandatory: val(r, `ca-${kind}-mandatory`).checked };
      delete p.options;
      if (options.length) Object.assign(p, { type: "dropdown", options });
      else p.type = "text";
      if (!p.label) delete p.label;
      return p;
    });
  }

  function readButton(r, i) {
    const f = `meta.custom.buttons[${i}]`;
    val(r, "ca-button-label").dataset.field = `${f}.label`;
    val(r, "ca-button-method").dataset.field = `${f}.action.method`;
    val(r, "ca-button-url").dataset.field = `${f}.action.url`;
    val(r, "ca-button-type").dataset.field = `${f}.action.body.contentType`;
    const jsonBox = val(r, "ca-button-json");
    jsonBox.dataset.field = `${f}.action.body.json`;
    const method = val(r, "ca-button-method").value;
    const contentType = val(r, "ca-button-type").value;
    const action = { method, url: text(r, "ca-button-url"),
      headers: readParams(r.querySelector("[data-test=ca-headers]"), `${f}.action.headers`),
      params: readParams(r.querySelector("[data-test=ca-params]"), `${f}.action.params`), body: {} };
    const form = readParams(r.querySelector("[data-test=ca-form]"), `${f}.action.body.form`);
    if (method !== "GET") {
      action.body.contentType = contentType;
      if (contentType === FormType) action.body.form = form;
      else if (jsonBox.value.trim()) {
        let json;
        try {
          json = JSON.parse(jsonBox.value);
        } catch (_) { /* reported below */ }
        if (!json || typeof json !== "object" || Array.isArray(json)) {
          const e = new Error("must be a JSON object, such as {\"order\": \"{{id}}\"}");
          e.field = `${jsonBox.closest("form").dataset.field}.${jsonBox.dataset.field}`;
          throw e;
        }
        action.body.json = json;
      }
    }
    return { label: text(r, "ca-button-label"), action };
  }

  tw.cardActionsEditor = (custom) => {
    const c = custom || {};
    const [links, addLink] = rowList("ca-list", "ca-links", "Add link", linkRow, c.links);
    const [buttons, addButton] = rowList("ca-list", "ca-buttons", "Add button", buttonRow, c.buttons);
    const box = h("details", { class: "ca-editor", "data-test": "card-actions-editor", open: !!((c.links || []).length || (c.buttons || []).length) },
      h("summary", {}, "Links and buttons"),
      h("p", { class: "muted small" }, "Values may use the card's fields ({{id}}), ticket, customer, current_user, $listIndex and $integrationId."),
      h("p", { class: "muted small" }, "Links"), links, addLink,
      h("p", { class: "muted small" }, "Buttons (run on the server when an agent clicks them)"), buttons, addButton);
    box.readCustom = () => {
      const out = {};
      const ls = [...links.querySelectorAll(":scope > [data-ca-row]")].map((r, i) => {
        val(r, "ca-link-label").dataset.field = `meta.custom.links[${i}].label`;
        val(r, "ca-link-url").dataset.field = `meta.custom.links[${i}].url`;
        return { ...r.orig, label: text(r, "ca-link-label"), url: text(r, "ca-link-url") };
      });
      const bs = [...buttons.querySelectorAll(":scope > [data-ca-row]")].map(readButton);
      if (ls.length) out.links = ls;
      if (bs.length) out.buttons = bs;
      return Object.keys(out).length ? out : null;
    };
    return box;
  };
})();
