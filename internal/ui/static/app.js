// ticketwire: the little script every page shares.
"use strict";

// csrf is the session's token, sent with every call that changes state.
const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

// api calls the JSON API with the browser's session.
async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = new Error(data?.error?.message || res.statusText);
    e.field = data?.error?.field;
    e.status = res.status;
    throw e;
  }
  return data;
}
// el builds an element: attributes (on* ones become listeners, true an empty
// attribute) and children; strings become text nodes, never HTML.
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v === true ? "" : String(v));
  }
  n.append(...kids.flat().filter((c) => c != null && c !== false));
  return n;
}

// initDeleteDialog asks in the page's <dialog data-delete-dialog> before a
// delete: links marked data-delete open it with their name and action.
// Without scripts the link leads to a confirmation page instead.
function initDeleteDialog() {
  const dialog = document.querySelector("dialog[data-delete-dialog]");
  if (!dialog || typeof dialog.showModal !== "function") return;
  let opener = null;
  document.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-delete]");
    if (!a) return;
    e.preventDefault();
    opener = a;
    dialog.querySelector("form").action = a.dataset.action;
    dialog.querySelector("[data-name]").textContent = a.dataset.delete;
    dialog.showModal();
  });
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => opener?.focus());
}

// pretty indents text that is JSON and leaves anything else as it is.
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (_) {
    return text;
  }
}

window.tw = { api, csrf, el, pretty };

document.addEventListener("DOMContentLoaded", () => {
  initDeleteDialog();
  // Selects marked data-autosubmit save as soon as they change.
  document.querySelectorAll("select[data-autosubmit]").forEach((s) =>
    s.addEventListener("change", () => s.form.requestSubmit()));
  // Copy buttons copy their data-copy text.
  document.addEventListener("click", async (e) => {
    const b = e.target.closest("[data-copy]");
    if (!b) return;
    try {
      await navigator.clipboard.writeText(b.dataset.copy);
      b.classList.add("copied");
      setTimeout(() => b.classList.remove("copied"), 1200);
    } catch (_) { /* clipboard refused: nothing to do */ }
  });
});
