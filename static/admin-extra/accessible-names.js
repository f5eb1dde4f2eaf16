// Gives the admin's enhanced fields the name of their label, as plain inputs have: the body's
// rich-text editor (django-prose-editor) and autocomplete selects (Django's select2) replace
// the labelled <textarea>/<select> with elements screen readers would announce without a name.
"use strict";

(() => {
  const labelId = (control) => {
    const label = document.querySelector(`label[for="${control.id}"]`);
    if (!label) {
      return null;
    }
    label.id ||= `${control.id}_label`;
    return label.id;
  };

  const nameEditor = (editable) => {
    const textarea = editable.closest(".prose-editor")?.querySelector("textarea[id]");
    const id = textarea && labelId(textarea);
    if (id) {
      editable.setAttribute("aria-labelledby", id);
      const help = textarea.getAttribute("aria-describedby");
      if (help) {
        editable.setAttribute("aria-describedby", help);
      }
    }
  };

  const nameSelect = (selection) => {
    const select = selection.closest(".select2")?.previousElementSibling;
    const rendered = selection.querySelector(".select2-selection__rendered[id]");
    const id = select?.id && labelId(select);
    if (id && rendered) {
      // The label, then the chosen value: "Author: Martyn F".
      const names = `${id} ${rendered.id}`;
      selection.setAttribute("aria-labelledby", names);
      rendered.setAttribute("aria-labelledby", names);
    }
  };

  const nameAll = (root) => {
    root.querySelectorAll?.(".prose-editor [contenteditable]").forEach(nameEditor);
    root.querySelectorAll?.(".select2-selection").forEach(nameSelect);
  };

  // Both widgets are made by scripts of their own, and inline forms add more later.
  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach((node) => node.nodeType === Node.ELEMENT_NODE && nameAll(node));
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => nameAll(document));
})();
