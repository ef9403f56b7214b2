// ticketwire: the widgets of the ticket sidebar.
//
// Everyone gets the "N more" control of lists. Admins also get the widget
// editor: the gear turns on edit mode, the Manage panel offers each
// integration's data (its default tree, from POST /api/widgets/template) to
// drag into the sidebar, and pencil, trash, "Customize widget" and the rest
// change saved widgets. Every change is saved through the widgets API; then
// the widget list is fetched again from /tickets/{id}/sidebar, rendered by
// the server with the customer's data exactly as on page load.
"use strict";
(() => {
  const root = document.getElementById("widgets");
  if (!root) return;

  // paint gives each widget its border colour from data-color. The content
  // policy forbids style attributes in the HTML, so the colour is set here,
  // through the CSSOM, on load and after every reload of the list.
  function paint() {
    root.querySelectorAll("[data-test=widget]").forEach((s) => {
      if (s.dataset.color) s.style.setProperty("--widget-color", s.dataset.color);
      else s.style.removeProperty("--widget-color");
    });
  }
  paint();

  // "N more" shows the items of a list past its limit, and hides them again.
  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-more]");
    if (!b) return;
    const list = b.closest(".wlist");
    const open = b.getAttribute("aria-expanded") !== "true";
    list.querySelectorAll(":scope > .wlist-items > [data-more-item]").forEach((li) => { li.hidden = !open; });
    const beyond = list.querySelector(":scope > [data-more-beyond]");
    if (beyond) beyond.hidden = !open;
    b.setAttribute("aria-expanded", String(open));
    b.textContent = open ? "Show less" : b.dataset.moreLabel;
  });

  // ---- live data: "Refresh" asks the integrations again; the page polls a
  // small version string and reloads the widget list when new data arrived.
  let reloadList = async () => {
    const res = await fetch(`/tickets/${root.dataset.ticketId}/sidebar`, { credentials: "same-origin" });
    if (!res.ok || res.redirected) return;
    document.getElementById("widget-list").innerHTML = await res.text();
    paint();
  };
  let version = root.dataset.version || "";
  let fastUntil = 0; // after a refresh, look more often for a while
  let lastPoll = 0;
  async function poll() {
    const now = Date.now();
    if (document.hidden || root.classList.contains("editing")) return; // never pull the list from under the editor
    if (now - lastPoll < (now < fastUntil ? 900 : 4900)) return;
    lastPoll = now;
    try {
      const res = await fetch(`/tickets/${root.dataset.ticketId}/sidebar/version`, { credentials: "same-origin" });
      if (!res.ok || res.redirected) return;
      const v = (await res.json()).version;
      if (v === version) return;
      version = v;
      root.dataset.version = v;
      await reloadList();
    } catch (_) { /* offline for a moment: the next poll tries again */ }
  }
  setInterval(poll, 1000);
  const refreshBtn = document.getElementById("widgets-refresh");
  refreshBtn?.addEventListener("click", async () => {
    const status = document.getElementById("widgets-status");
    refreshBtn.disabled = true;
    try {
      const res = await tw.api("POST", `/api/tickets/${root.dataset.ticketId}/refresh-integrations`);
      const names = (res.queued || []).map((q) => q.name);
      status.textContent = names.length ? `Refreshing ${names.join(", ")}…` : "No enabled GET integration to refresh.";
      fastUntil = Date.now() + 20000;
    } catch (err) {
      status.textContent = `Refresh failed: ${err.message}`;
    } finally {
      refreshBtn.disabled = false;
    }
  });

  if (!root.hasAttribute("data-admin")) return;

  const ticketID = root.dataset.ticketId;
  const customerID = Number(root.dataset.customerId);
  const leafTypes = JSON.parse(root.dataset.leafTypes || "[]");
  const gear = document.getElementById("widgets-gear");
  const manage = document.getElementById("widgets-manage");
  const dropZone = document.getElementById("widget-drop");
  const statusLine = document.getElementById("widgets-status");
  const listEl = () => document.getElementById("widget-list");
  const sources = new Map(); // integration id → {name, tree}
  let dragging = null; // {integration, node} for a source, {widget} for a saved widget
  let pending = 0;

  // ---- small helpers

  const h = tw.el;
  const clone = (v) => JSON.parse(JSON.stringify(v));
  const lastKey = (path) => (path || "").split(".").pop();
  const humanize = (key) => {
    const s = (key || "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_.-]+/g, " ").trim().toLowerCase();
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  const kindOf = (n) => (["wrapper", "card", "list"].includes(n.type) ? n.type : "field");
  const nodeTitle = (n) => n.title || humanize(lastKey(n.path)) || kindOf(n);
  // plainTitle is a node's title fit for a wrapper, whose title is plain
  // text: a card's title template ("Order {{id}}") is replaced by its key.
  const plainTitle = (n) => (n.title && !n.title.includes("{{") ? n.title : humanize(lastKey(n.path)) || "Section");

  // work runs one API exchange, marking the sidebar busy (data-busy) meanwhile.
  async function work(fn) {
    pending++;
    root.dataset.busy = "";
    try {
      return await fn();
    } finally {
      if (--pending === 0) delete root.dataset.busy;
    }
  }

  // say announces what happened in a toast at the bottom of the screen (the
  // status line, fixed there by the stylesheet), with an Undo button when
  // given one. It goes away after a while unless the user is on it.
  let sayTimer = 0;
  function say(msg, undo) {
    clearTimeout(sayTimer);
    const close = () => { clearTimeout(sayTimer); statusLine.replaceChildren(); };
    statusLine.replaceChildren(h("span", {}, msg));
    if (undo) statusLine.append(h("button", { type: "button", class: "wg-link", "data-test": "widgets-undo", onclick: () => { close(); undo(); } }, "Undo"));
    statusLine.append(h("button", { type: "button", class: "wg-link wg-toast-close", "aria-label": "Dismiss", title: "Dismiss", onclick: close }, "×"));
    const later = () => {
      sayTimer = setTimeout(() => (statusLine.matches(":hover, :focus-within") ? later() : close()), 10000);
    };
    later();
  }

  // ---- edit mode

  gear.addEventListener("click", () => setEditing(!root.classList.contains("editing")));

  function setEditing(on) {
    root.classList.toggle("editing", on);
    gear.setAttribute("aria-pressed", String(on));
    gear.title = on ? "Stop editing widgets" : "Edit widgets";
    manage.hidden = !on;
    dropZone.hidden = !on;
    closePanels();
    if (on) loadSources();
  }

  // ---- the Manage panel: each integration's data as a source widget

  // customerData is the customer's fetched data by integration id, read once
  // when the Manage panel first opens, so that a list says how many items it
  // holds ("2 orders"). Without it the sources still show, without counts.
  let customerData = null;
  const loadCustomer = () => (customerData ??= tw.api("GET", `/api/customers/${customerID}`)
    .then((c) => c.integrations || {}, () => ({})));

  function loadSources() {
    manage.querySelectorAll("[data-test=widget-source]").forEach((box) => {
      const id = Number(box.dataset.integrationId);
      if (sources.has(id) || box.hasAttribute("data-loading")) return;
      box.setAttribute("data-loading", "");
      work(() => Promise.all([tw.api("POST", "/api/widgets/template", { integration_id: id, customer_id: customerID }), loadCustomer()]))
        .then(([tree, data]) => {
          sources.set(id, { name: box.dataset.name, tree });
          box.replaceChildren(h("ul", { class: "src-tree" }, sourceNode(id, tree, "", true, data[id])));
        })
        .catch((e) => box.replaceChildren(h("p", { class: "field-error", role: "alert" }, `${box.dataset.name}: ${e.message}`)))
        .finally(() => box.removeAttribute("data-loading"));
    });
  }

  // sourceNode shows one node of a source tree. The wrapper and the cards
  // and lists outside a list's items can be dragged (or added with their
  // button); a list's items only make sense inside the list.
  // data is the value the node's parent sits on, when known (not inside a
  // list's items, which each have their own).
  function sourceNode(integration, n, path, movable, data) {
    const kind = kindOf(n);
    const title = nodeTitle(n);
    const own = valueAt(data, n.path);
    const canMove = movable && kind !== "field";
    const row = h("div", { class: "src-row" },
      canMove && h("span", { class: "wg-handle", draggable: "true", "data-test": "widget-source-handle", title: "Drag into the sidebar", "aria-hidden": "true" }, "⠿"),
      h("span", { class: "src-title" }, title),
      h("span", { class: "src-type", "data-test": "widget-source-type" }, typeLabel(n, own)),
      canMove && h("button", { type: "button", class: "btn wg-xs", "data-action": "source-add", "data-test": "widget-source-add", "aria-label": `Add ${title} to the sidebar` }, "Add to sidebar"));
    const li = h("li", { class: `src-node src-${kind}`, "data-node": path, "data-kind": kind }, row);
    if (canMove) {
      li.dataset.test = "widget-source-node";
      li.dataset.integrationId = integration;
    }
    const kids = n.widgets || [];
    if (kids.length) {
      const inner = n.type === "list" ? undefined : own;
      li.append(h("ul", {}, kids.map((c, i) => sourceNode(integration, c, path === "" ? String(i) : `${path}.${i}`, movable && n.type !== "list", inner))));
    }
    return li;
  }

  function typeLabel(n, value) {
    switch (n.type) {
      case "wrapper": return "";
      case "card": return "card";
      case "list": return Array.isArray(value) ? itemCount(value.length, nodeTitle(n)) : "list";
    }
    return n.type;
  }

  // valueAt walks a dotted path ("customer.orders") into data.
  function valueAt(data, path) {
    if (!path) return data;
    let v = data;
    for (const k of path.split(".")) v = v != null && typeof v === "object" ? v[k] : undefined;
    return v;
  }

  // itemCount says how many items a list holds in words: "2 orders",
  // "1 order", "0 orders".
  function itemCount(n, title) {
    let noun = title.toLowerCase();
    if (n === 1 && /[^s]s$/.test(noun)) noun = noun.slice(0, -1);
    return `${n} ${noun}`;
  }

  // extract builds the widget that dragging node path of a source creates:
  // the whole tree, or a wrapper around the node whose path now starts at
  // the data's root (the paths of its cards, joined).
  function extract(integration, path) {
    const src = sources.get(integration);
    const tree = clone(src.tree);
    if (path === "") return tree;
    let n = tree;
    const paths = [tree.path];
    for (const i of path.split(".")) {
      n = n.widgets[Number(i)];
      paths.push(n.path);
    }
    const node = { ...n };
    const full = paths.filter(Boolean).join(".");
    if (full) node.path = full;
    const title = `${src.tree.title || src.name} · ${plainTitle(n)}`.slice(0, 200);
    return { type: "wrapper", title, widgets: [node] };
  }

  async function addSource(integration, path, index, anchor) {
    const template = extract(integration, path);
    try {
      const w = await work(() => tw.api("POST", "/api/widgets", { integration_id: integration, template }));
      const ids = currentIDs();
      if (index != null && index < ids.length) {
        ids.splice(index, 0, w.id);
        await reorder(ids);
      }
      await refresh();
      say(`Added “${template.title}” to the sidebar.`);
      focusWidget(w.id);
    } catch (e) {
      showError(anchor, e);
    }
  }

  // ---- saved widgets

  const widgetOf = (el) => el.closest("[data-test=widget]");
  const dataOf = (sec) => JSON.parse(sec.dataset.widget);
  const currentIDs = () => [...listEl().querySelectorAll(":scope > [data-test=widget]")].map((s) => Number(s.dataset.widgetId));
  const parentPath = (path) => (path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "");
  function nodeAt(tree, path) {
    let n = tree;
    if (path !== "") for (const i of path.split(".")) n = n.widgets[Number(i)];
    return n;
  }

  // save replaces a widget's tree (PUT keeps its place) and shows the result.
  async function save(sec, template) {
    const w = dataOf(sec);
    await work(() => tw.api("PUT", `/api/widgets/${w.id}`, { integration_id: w.integration_id, template }));
    await refresh();
  }

  async function reorder(ids) {
    await work(() => tw.api("POST", "/api/widgets/reorder", { ids }));
  }

  // refresh fetches the widget list again, keeping the keyboard focus on the
  // same control where it still exists.
  reloadList = () => refresh(); // the editor's reload keeps the focus and the order buttons
  async function refresh() {
    const html = await work(async () => {
      const res = await fetch(`/tickets/${ticketID}/sidebar`, { credentials: "same-origin" });
      if (res.redirected || res.status === 401) throw new Error("Your session has ended. Reload the page and sign in again.");
      if (!res.ok) throw new Error(`The widgets could not be reloaded (HTTP ${res.status}). Reload the page.`);
      return res.text();
    });
    const key = focusKey(document.activeElement);
    listEl().innerHTML = html;
    paint();
    orderButtons();
    if (key) restoreFocus(key);
  }

  function focusKey(el) {
    if (!el || !listEl().contains(el)) return null;
    const sec = widgetOf(el);
    const node = el.closest("[data-node]");
    return { widget: sec && sec.dataset.widgetId, node: node && node.dataset.node, test: el.dataset.test };
  }

  function restoreFocus(key) {
    const sec = key.widget && document.getElementById(`widget-${key.widget}`);
    if (!sec) return gear.focus();
    const scope = key.node != null ? sec.querySelector(`[data-node="${CSS.escape(key.node)}"]`) : sec;
    // A saved inline editor is gone: its pencil takes the focus back.
    const test = key.test && key.test.startsWith("widget-editor") ? "widget-node-edit" : key.test;
    const el = scope && test && scope.querySelector(`[data-test="${CSS.escape(test)}"]`);
    if (el && !el.disabled && el.getClientRects().length) el.focus();
    else sec.querySelector("[data-test=widget-title]").focus();
  }

  function focusWidget(id) {
    const t = document.querySelector(`#widget-${id} [data-test=widget-title]`);
    if (t) {
      t.focus();
      t.scrollIntoView({ block: "nearest" });
    }
  }

  // orderButtons disables "up" on the first widget and "down" on the last.
  function orderButtons() {
    const all = listEl().querySelectorAll(":scope > [data-test=widget]");
    all.forEach((s, i) => {
      s.querySelector("[data-test=widget-up]").disabled = i === 0;
      s.querySelector("[data-test=widget-down]").disabled = i === all.length - 1;
    });
  }
  orderButtons();

  async function moveWidget(id, index) {
    const ids = currentIDs();
    const from = ids.indexOf(id);
    if (from < 0) return;
    ids.splice(from, 1);
    const to = Math.max(0, Math.min(from < index ? index - 1 : index, ids.length));
    if (to === from) return;
    ids.splice(to, 0, id);
    try {
      await reorder(ids);
      await refresh();
      const title = document.querySelector(`#widget-${id} [data-test=widget-title]`);
      say(`Moved “${title ? title.textContent : "widget"}” to position ${to + 1} of ${ids.length}.`);
    } catch (e) {
      showError(document.getElementById(`widget-${id}`), e);
    }
  }

  // ---- errors

  // errorLine is the error line right after el (or, with inside, el's own
  // last one), made when missing.
  function errorLine(el, inside) {
    let p = inside ? el.querySelector(":scope > .field-error") : el.nextElementSibling;
    if (!p || !p.classList.contains("field-error")) {
      p = h("p", { class: "field-error", role: "alert" });
      if (inside) el.append(p);
      else el.after(p);
    }
    return p;
  }

  // showError shows an API error at the bottom of anchor (a widget, a form,
  // a source), or in the status line.
  function showError(anchor, e) {
    if (!anchor || !anchor.isConnected) return say(e.message);
    const p = errorLine(anchor, true);
    p.textContent = e.message;
    p.hidden = false;
  }

  // apiField is the API's name of the node at path: "2.0" is
  // template.widgets[2].widgets[0].
  const apiField = (path) => "template" + (path === "" ? "" : path.split(".").map((i) => `.widgets[${i}]`).join(""));

  // showFormError puts an API error next to the control it names, without
  // the field path the control stands for; else at the bottom of the form.
  // form.dataset.field is the API name of the node the form edits.
  function showFormError(form, e) {
    form.querySelectorAll(".field-error").forEach((p) => { p.hidden = true; });
    form.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
    const field = e.field || "";
    const control = [...form.elements].find((c) => c.name && field === `${form.dataset.field}.${c.dataset.field || c.name}`);
    const p = control ? errorLine(control.closest("label")) : errorLine(form, true);
    p.textContent = control ? e.message.replace(`${field}: `, "") : e.message;
    p.hidden = false;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    }
  }

  // ---- panels: the inline editor, customize, export, delete

  function closePanels() {
    // A colour picked but not saved goes back to the saved one.
    paint();
    root.querySelectorAll(".node-editor").forEach((f) => f.remove());
    root.querySelectorAll(".widget-panel").forEach((p) => { p.hidden = true; });
    root.querySelectorAll("[aria-expanded][data-action]").forEach((b) => b.setAttribute("aria-expanded", "false"));
    root.querySelectorAll("[data-test=widget-error]").forEach((p) => { p.hidden = true; });
  }

  // togglePanel opens a widget's panel (closing any other) or closes it.
  function togglePanel(sec, btn, test) {
    const panel = sec.querySelector(`[data-test=${test}]`);
    const open = panel.hidden;
    closePanels();
    panel.hidden = !open;
    btn.setAttribute("aria-expanded", String(open));
    return open ? panel : null;
  }

  // control builds a labelled input with its error line.
  function control(label, input, hint) {
    return [h("label", {}, label, input, hint && h("small", { class: "muted" }, hint)), h("p", { class: "field-error", role: "alert", hidden: true })];
  }

  function openEditor(sec, nodeEl, btn) {
    closePanels();
    const path = nodeEl.dataset.node;
    const n = nodeAt(dataOf(sec).template, path);
    const kind = nodeEl.dataset.kind;
    const form = h("form", { class: "node-editor", "data-test": "widget-editor", "data-node": path, "data-field": apiField(path), novalidate: true });
    form.append(...editorControls(kind, n, sec, path));
    form.append(
      h("p", { class: "field-error", role: "alert", hidden: true }),
      h("div", { class: "widget-panel-actions" },
        h("button", { type: "submit", class: "btn sm primary", "data-test": "widget-editor-save" }, "Save"),
        h("button", { type: "button", class: "btn sm", "data-action": "editor-cancel", "data-test": "widget-editor-cancel" }, "Cancel")));
    form.returnFocus = btn;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      saveEditor(sec, form, kind, path);
    });
    const head = nodeEl.querySelector(":scope > .wnode-head");
    if (head) head.after(form);
    else nodeEl.after(form);
    form.querySelector("input, select").focus();
  }

  function editorControls(kind, n, sec, path) {
    const meta = n.meta || {};
    if (kind === "field") {
      return [
        ...control("Title", h("input", { name: "title", value: n.title || "", maxlength: 200, "data-test": "widget-editor-title" })),
        ...control("Type", h("select", { name: "type", "data-test": "widget-editor-type" },
          leafTypes.map((t) => h("option", { value: t, selected: t === n.type }, t)))),
      ];
    }
    if (kind === "card") {
      return [
        ...control("Title", h("input", { name: "title", value: n.title || "", maxlength: 1000, placeholder: "Order {{id}}", "data-test": "widget-editor-title" })),
        ...control("Link", h("input", { name: "link", "data-field": "meta.link", value: meta.link || "", placeholder: "https://shop.example.com/orders/{{id}}", "data-test": "widget-editor-link" }),
          "Both may use the card's fields, such as {{id}}."),
        tw.cardActionsEditor(meta.custom), // static/cards_edit.js
      ];
    }
    const order = meta.orderBy || "";
    const keys = itemKeys(n);
    const listID = `order-keys-${sec.dataset.widgetId}-${path.replaceAll(".", "-")}`;
    return [
      ...control("Title", h("input", { name: "title", value: n.title || "", maxlength: 200, "data-test": "widget-editor-title" })),
      ...control("Items shown", h("input", { name: "limit", "data-field": "meta.limit", type: "number", min: 1, max: 100, value: meta.limit || 3, "data-test": "widget-editor-limit" })),
      ...control("Order by", h("input", { name: "orderBy", "data-field": "meta.orderBy", value: order.replace(/^-/, ""), list: listID, placeholder: "the API's order", "data-test": "widget-editor-orderby" }),
        "A field of the items, such as created_at."),
      h("datalist", { id: listID }, keys.map((k) => h("option", { value: k }))),
      h("label", { class: "wg-check" }, h("input", { type: "checkbox", name: "desc", checked: order.startsWith("-"), "data-test": "widget-editor-desc" }), "Highest or newest first"),
    ];
  }

  // itemKeys are the paths of the fields of a list's items, for "Order by".
  function itemKeys(list) {
    const item = (list.widgets || [])[0];
    if (!item) return [];
    const out = [];
    const walk = (n, prefix) => (n.widgets || []).forEach((c) => {
      const p = [prefix, c.path].filter(Boolean).join(".");
      if (kindOf(c) === "field" && p) out.push(p);
      else if (c.type === "card") walk(c, p);
    });
    if (item.type === "card") walk(item, item.path || "");
    return out;
  }

  async function saveEditor(sec, form, kind, path) {
    const tree = clone(dataOf(sec).template);
    const n = nodeAt(tree, path);
    const f = new FormData(form);
    const meta = n.meta || {};
    const set = (obj, k, v) => { if (v === "" || v == null) delete obj[k]; else obj[k] = v; };
    set(n, "title", f.get("title").trim());
    if (kind === "field") n.type = f.get("type");
    if (kind === "card") set(meta, "link", f.get("link").trim());
    try {
      if (kind === "card") set(meta, "custom", form.querySelector("[data-test=card-actions-editor]").readCustom());
    } catch (e) {
      return showFormError(form, e);
    }
    if (kind === "list") {
      const limit = f.get("limit").trim();
      set(meta, "limit", limit === "" ? null : Number(limit));
      const key = f.get("orderBy").trim().replace(/^-/, "");
      set(meta, "orderBy", key && (f.get("desc") ? "-" : "") + key);
    }
    if (Object.keys(meta).length) n.meta = meta;
    else delete n.meta;
    try {
      await save(sec, tree);
      say(`Saved “${nodeTitle(n)}”.`);
    } catch (e) {
      showFormError(form, e);
    }
  }

  async function removeNode(sec, nodeEl) {
    const w = dataOf(sec);
    const tree = clone(w.template);
    let path = nodeEl.dataset.node;
    // A list's one child is the template of its items: removing it removes the list.
    while (path.includes(".") && nodeAt(tree, parentPath(path)).type === "list") path = parentPath(path);
    const parent = nodeAt(tree, parentPath(path));
    const [gone] = parent.widgets.splice(Number(lastKey(path)), 1);
    try {
      await save(sec, tree);
      say(`Removed “${nodeTitle(gone)}” from “${w.template.title || "the widget"}”.`, () => undo(w, `Restored “${nodeTitle(gone)}”.`));
    } catch (e) {
      showError(sec, e);
    }
  }

  async function undo(w, msg) {
    try {
      await work(() => tw.api("PUT", `/api/widgets/${w.id}`, { integration_id: w.integration_id, template: w.template }));
      await refresh();
      say(msg);
    } catch (e) {
      say(e.message);
    }
  }

  // customize saves the widget's title and colour; reopen keeps the panel
  // open afterwards, as after picking a colour.
  async function customize(sec, template, reopen) {
    const id = sec.dataset.widgetId;
    try {
      await save(sec, template);
      say("Widget saved.");
    } catch (e) {
      return showFormError(sec.querySelector("[data-test=widget-customize-form]"), e);
    }
    if (!reopen) return;
    const again = document.getElementById(`widget-${id}`);
    const btn = again && again.querySelector("[data-test=widget-customize]");
    if (btn) togglePanel(again, btn, "widget-customize-form").querySelector("[data-test=widget-color]").focus();
  }

  function customized(sec, form) {
    const tree = clone(dataOf(sec).template);
    const title = form.elements.title.value.trim();
    if (title) tree.title = title;
    else delete tree.title;
    tree.meta = { ...(tree.meta || {}), color: form.elements.color.value };
    return tree;
  }

  function showExport(sec, btn) {
    const panel = togglePanel(sec, btn, "widget-export-panel");
    if (!panel) return;
    const w = dataOf(sec);
    const text = JSON.stringify(w, null, 2);
    if (panel.dataset.url) URL.revokeObjectURL(panel.dataset.url);
    panel.dataset.url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const slug = (w.template.title || "widget").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const area = h("textarea", { rows: 8, readonly: true, spellcheck: "false", "data-test": "widget-export-json" }, text);
    panel.replaceChildren(
      h("label", {}, "Widget JSON", area),
      h("div", { class: "widget-panel-actions" },
        h("a", { class: "btn sm", download: `widget-${w.id}-${slug}.json`, href: panel.dataset.url, "data-test": "widget-download" }, "Download"),
        h("button", { type: "button", class: "btn sm", "data-copy": text }, "Copy"),
        h("button", { type: "button", class: "btn sm", "data-action": "panel-cancel" }, "Close")));
    area.focus();
    area.select();
  }

  async function deleteWidget(sec) {
    const w = dataOf(sec);
    try {
      await work(() => tw.api("DELETE", `/api/widgets/${w.id}`));
      gear.focus();
      await refresh();
      say(`Deleted “${w.template.title || "widget"}”.`);
    } catch (e) {
      showError(sec, e);
    }
  }

  // ---- clicks, changes and keys

  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-action]");
    if (!b || !root.contains(b)) return;
    const sec = widgetOf(b);
    const nodeEl = b.closest("[data-node]");
    switch (b.dataset.action) {
      case "source-add": {
        const src = b.closest("[data-test=widget-source-node]");
        return addSource(Number(src.dataset.integrationId), src.dataset.node, null, src);
      }
      case "node-edit": return openEditor(sec, nodeEl, b);
      case "node-remove": return removeNode(sec, nodeEl);
      case "editor-cancel": return cancel(b.closest("form"));
      case "panel-cancel": {
        closePanels();
        return sec.querySelector("[data-test=widget-title]").focus();
      }
      case "widget-up":
      case "widget-down": {
        const i = currentIDs().indexOf(Number(sec.dataset.widgetId));
        return moveWidget(Number(sec.dataset.widgetId), b.dataset.action === "widget-up" ? i - 1 : i + 2);
      }
      case "widget-customize": {
        const panel = togglePanel(sec, b, "widget-customize-form");
        if (panel) panel.querySelector("input").focus();
        return;
      }
      case "widget-color-reset": {
        const tree = clone(dataOf(sec).template);
        if (tree.meta) delete tree.meta.color;
        if (tree.meta && !Object.keys(tree.meta).length) delete tree.meta;
        return customize(sec, tree, true);
      }
      case "widget-export": return showExport(sec, b);
      case "widget-delete": {
        const panel = togglePanel(sec, b, "widget-delete-panel");
        if (panel) panel.querySelector("[data-test=widget-delete-confirm]").focus();
        return;
      }
      case "widget-delete-confirm": return deleteWidget(sec);
    }
  });

  function cancel(form) {
    const back = form.returnFocus;
    form.remove();
    if (back && back.isConnected) back.focus();
  }

  root.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.dataset.test !== "widget-customize-form") return;
    e.preventDefault();
    const sec = widgetOf(form);
    customize(sec, customized(sec, form));
  });

  // The colour shows while it is picked and is saved when the picker closes.
  root.addEventListener("input", (e) => {
    if (e.target.dataset.test === "widget-color") widgetOf(e.target).style.setProperty("--widget-color", e.target.value);
  });
  root.addEventListener("change", (e) => {
    if (e.target.dataset.test !== "widget-color") return;
    const sec = widgetOf(e.target);
    customize(sec, customized(sec, e.target.form), true);
  });

  root.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const form = e.target.closest(".node-editor");
    if (form) return cancel(form);
    const panel = e.target.closest(".widget-panel");
    if (panel) {
      closePanels();
      widgetOf(panel).querySelector("[data-test=widget-title]").focus();
    }
  });

  // ---- drag and drop: sources into the sidebar, widgets to reorder them

  root.addEventListener("dragstart", (e) => {
    const handle = e.target.closest && e.target.closest("[draggable=true]");
    if (!handle || !root.classList.contains("editing")) return;
    const src = handle.closest("[data-test=widget-source-node]");
    const sec = !src && widgetOf(handle);
    if (!src && !sec) return;
    dragging = src ? { integration: Number(src.dataset.integrationId), node: src.dataset.node } : { widget: Number(sec.dataset.widgetId) };
    if (e.dataTransfer) {
      e.dataTransfer.effectAllowed = src ? "copy" : "move";
      e.dataTransfer.setData("text/plain", src ? "ticketwire widget source" : "ticketwire widget");
      try {
        e.dataTransfer.setDragImage(src ? src.querySelector(".src-row") : sec, 12, 12);
      } catch (_) { /* the default image will do */ }
    }
    root.classList.add("dragging");
    (src || sec).classList.add("is-dragging");
  });

  root.addEventListener("dragend", endDrag);

  function endDrag() {
    dragging = null;
    root.classList.remove("dragging");
    root.querySelectorAll(".is-dragging, .drop-before, .drop-over").forEach((el) => el.classList.remove("is-dragging", "drop-before", "drop-over"));
  }

  const zoneOf = (target) => target.closest && target.closest("#widget-list, #widget-drop");

  // dropIndex is where a drop at height y lands among the saved widgets.
  function dropIndex(zone, y) {
    const all = [...listEl().querySelectorAll(":scope > [data-test=widget]")];
    if (zone === dropZone) return all.length;
    const i = all.findIndex((s) => {
      const r = s.getBoundingClientRect();
      return y < r.top + r.height / 2;
    });
    return i < 0 ? all.length : i;
  }

  root.addEventListener("dragover", (e) => {
    const zone = dragging && zoneOf(e.target);
    if (!zone) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = dragging.widget ? "move" : "copy";
    const i = dropIndex(zone, e.clientY);
    const all = listEl().querySelectorAll(":scope > [data-test=widget]");
    root.querySelectorAll(".drop-before, .drop-over").forEach((el) => el.classList.remove("drop-before", "drop-over"));
    if (i < all.length) all[i].classList.add("drop-before");
    else dropZone.classList.add("drop-over");
  });

  root.addEventListener("drop", (e) => {
    const zone = dragging && zoneOf(e.target);
    if (!zone) return;
    e.preventDefault();
    const d = dragging;
    const index = dropIndex(zone, e.clientY);
    endDrag();
    if (d.widget) moveWidget(d.widget, index);
    else addSource(d.integration, d.node, index, dropZone);
  });

  // ---- import

  const importForm = manage.querySelector("[data-test=widget-import-form]");
  importForm.elements.file.addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) importForm.elements.json.value = await file.text();
  });
  importForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const p = importForm.querySelector("[data-test=widget-import-error]");
    p.hidden = true;
    let body;
    try {
      body = JSON.parse(importForm.elements.json.value);
    } catch (err) {
      return showError(importForm, { message: `That is not valid JSON: ${err.message}` });
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return showError(importForm, { message: "Paste one widget: a JSON object with integration_id and template, as “Export JSON” gives it." });
    }
    delete body.order; // an imported widget goes last
    const from = importForm.elements.integration_id.value;
    if (from) body.integration_id = Number(from);
    try {
      const w = await work(() => tw.api("POST", "/api/widgets", body));
      importForm.reset();
      await refresh();
      say(`Imported “${(w.template && w.template.title) || "widget"}”.`);
      focusWidget(w.id);
    } catch (err) {
      showError(importForm, err);
    }
  });
})();
