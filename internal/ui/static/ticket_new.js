// New ticket: looks the customer up by email as the agent types, so they see
// whether the ticket goes to an existing customer or creates a new one.
// Without scripts the form posts as it is and the server does the same.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const email = document.getElementById("nt-email");
  const status = document.getElementById("nt-email-status");
  const nameField = document.getElementById("nt-name-field");
  if (!email || !status) return;
  const plain = status.textContent;
  let timer = 0;
  let asked = "";

  // show says who the email belongs to; a known customer needs no name.
  const show = (text, known) => {
    status.textContent = text;
    status.classList.toggle("nt-known", known);
    if (nameField) nameField.hidden = known;
  };

  const lookUp = async () => {
    const value = email.value.trim().toLowerCase();
    if (value === asked) return;
    asked = value;
    if (!/^[^@\s]+@[^@\s]+$/.test(value)) {
      show(plain, false);
      return;
    }
    try {
      const res = await window.tw.api("GET", "/api/customers?email=" + encodeURIComponent(value));
      if (asked !== value) return; // the agent typed on meanwhile
      const c = res?.data?.[0];
      if (c) show("Existing customer: " + (c.name || c.email), true);
      else show("No customer has this email: a new one will be created.", false);
    } catch (_) {
      show(plain, false); // the look-up is a hint; the server decides on submit
    }
  };

  email.addEventListener("input", () => {
    document.getElementById("nt-email-error")?.remove(); // the old error is about the old value
    clearTimeout(timer);
    timer = setTimeout(lookUp, 250);
  });
  email.addEventListener("change", lookUp);
  if (email.value) lookUp();
});
