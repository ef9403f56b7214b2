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
window.tw = { api, csrf };

document.addEventListener("DOMContentLoaded", () => {
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
