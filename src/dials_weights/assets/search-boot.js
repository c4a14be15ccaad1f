/* Dials & Weights site search, part 1 of 2 (on every page, a few hundred bytes): opens and closes
   the search dialog, and loads part 2 (search.js, then the index) only when the reader opens it:
   focus or click on the search box, the header's search button, or the keys / s f.
   Our own code, MIT licence. */
(() => {
  "use strict";
  const root = new URL("../../", document.currentScript.src);
  const toggle = document.getElementById("__search");
  const box = document.querySelector("[data-dw-search-input]");
  if (!toggle || !box) return;
  const dialog = box.closest(".md-search");
  let started = false;

  const start = () => {
    if (started) return;
    started = true;
    const script = document.createElement("script");
    script.src = new URL("assets/dials-weights/search.js", root).href;
    document.head.append(script);
  };
  const open = () => {
    start();
    if (!toggle.checked) toggle.click();
  };
  const typing = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName));

  box.addEventListener("focus", open);
  box.form.addEventListener("submit", (event) => event.preventDefault());
  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      start();
      box.focus();
    } else if (document.activeElement === box) {
      box.blur();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      toggle.click();
    } else if (event.key === "Tab" && toggle.checked) {
      // Tabbing out of the dialog closes it, as Material's search does.
      setTimeout(() => toggle.checked && !dialog.contains(document.activeElement) && toggle.click());
    } else if (["/", "s", "f"].includes(event.key) && !toggle.checked && !typing(event.target)) {
      event.preventDefault();
      open();
      box.focus();
      box.select();
    }
  });
})();
