/* Dials & Weights: preview cards for links to glossary entries. Our own code, MIT licence.

   A link <a data-dw-preview="slug"> shows a small card when it is hovered or focused: the term, its
   level, the one-line definition and a thumbnail of the entry's first figure. The data comes from
   previews/<first character of the slug>.json, fetched the first time a link of that file is pointed
   at. One listener per event on the document serves any number of links; nothing runs at load.

   The card sits next to its link, above or below it, inside the viewport and never over the link.
   It stays while the pointer moves onto it, goes on Escape, when the pointer leaves or focus moves on,
   and it describes the link for assistive technology (aria-describedby). Entry text is set with
   textContent only. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const root = new URL("../../", script.src);
  const SELECTOR = "a[data-dw-preview]";
  const GAP = 8; // px between link and card, and between card and the viewport's edge
  const SHOW_DELAY = 150;
  const HIDE_DELAY = 200;
  const shards = new Map(); // file name -> Promise of {slug: record}

  let card = null; // built on first use
  let current = null; // the link the card belongs to
  let showTimer = 0;
  let hideTimer = 0;
  let lastTouch = 0;
  let pointerY = null; // where the pointer entered the link (a link can wrap over two lines)

  const shardOf = (slug) => (/^[a-z0-9]/.test(slug) ? slug[0] : "_");
  const load = (slug) => {
    const name = shardOf(slug);
    if (!shards.has(name)) {
      const url = new URL(`previews/${name}.json`, root);
      shards.set(
        name,
        fetch(url)
          .then((response) => (response.ok ? response.json() : {}))
          .catch(() => ({})),
      );
    }
    return shards.get(name);
  };

  const element = (tag, className, parent) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.append(node);
    return node;
  };

  const build = () => {
    card = element("div", "dw-preview");
    card.id = "dw-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    const figure = element("div", "dw-preview__figure", card);
    const image = element("img", "", figure);
    image.alt = ""; // the card describes the link; the figure is decoration here
    image.decoding = "async";
    const body = element("div", "dw-preview__body", card);
    const heading = element("p", "dw-preview__heading", body);
    element("strong", "dw-preview__term", heading);
    heading.append(" ");
    element("span", "dw-level dw-level--quiet", heading);
    element("p", "dw-preview__short", body);
    card.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    card.addEventListener("pointerleave", () => scheduleHide());
    document.body.append(card);
  };

  const fill = (record) => {
    const image = card.querySelector("img");
    const dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    const figure = dark ? record.figure_dark : record.figure;
    card.classList.toggle("dw-preview--figure", Boolean(figure));
    if (figure) {
      const src = new URL(figure, root).href;
      if (image.src !== src) image.src = src;
    } else {
      image.removeAttribute("src");
    }
    card.querySelector(".dw-preview__term").textContent = record.term || "";
    const level = card.querySelector(".dw-level");
    const name = ["beginner", "intermediate", "advanced"].includes(record.level) ? record.level : "unknown";
    level.className = `dw-level dw-level--quiet dw-level--${name}`;
    level.textContent = record.level ? record.level[0].toUpperCase() + record.level.slice(1) : "";
    card.querySelector(".dw-preview__short").textContent = record.short || "";
  };

  // The line box of the link nearest the pointer (or its first line, for keyboard focus).
  const anchorBox = (link) => {
    const boxes = [...link.getClientRects()].filter((box) => box.width > 0 && box.height > 0);
    if (!boxes.length) return link.getBoundingClientRect();
    if (pointerY === null) return boxes[0];
    return boxes.reduce((best, box) =>
      Math.abs((box.top + box.bottom) / 2 - pointerY) < Math.abs((best.top + best.bottom) / 2 - pointerY) ? box : best,
    );
  };

  const place = () => {
    if (!current || !card || card.hidden) return; // a scroll can come before the first card is built
    const link = anchorBox(current);
    const width = Math.min(card.offsetWidth, innerWidth - 2 * GAP);
    const height = card.offsetHeight;
    const below = innerHeight - link.bottom - GAP;
    const above = link.top - GAP;
    // Below the link when it fits there, else above; if neither fits, the roomier side.
    const top = height + GAP <= below || below >= above ? link.bottom + GAP : link.top - GAP - height;
    const left = Math.max(GAP, Math.min(link.left, innerWidth - width - GAP));
    card.style.left = `${Math.round(left)}px`;
    card.style.top = `${Math.round(Math.max(GAP, top))}px`;
  };

  const show = (link) => {
    const slug = link.getAttribute("data-dw-preview");
    load(slug).then((records) => {
      const record = records[slug];
      if (!record || current !== link) return;
      if (!card) build();
      fill(record);
      card.hidden = false;
      link.setAttribute("aria-describedby", card.id);
      place();
    });
  };

  const hide = () => {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (current && current.getAttribute("aria-describedby") === "dw-preview") current.removeAttribute("aria-describedby");
    current = null;
    if (card) card.hidden = true;
  };

  const want = (link, delay) => {
    clearTimeout(hideTimer);
    if (current === link && card && !card.hidden) return;
    clearTimeout(showTimer);
    if (current && current !== link) hide();
    current = link;
    load(link.getAttribute("data-dw-preview")); // fetch while the delay runs
    showTimer = setTimeout(() => show(link), delay);
  };

  const scheduleHide = () => {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (current && current === document.activeElement) return; // focus keeps it
      hide();
    }, HIDE_DELAY);
  };

  const linkOf = (target) => (target instanceof Element ? target.closest(SELECTOR) : null);

  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "touch") lastTouch = Date.now();
  });
  document.addEventListener("pointerover", (event) => {
    const link = linkOf(event.target);
    if (!link || event.pointerType === "touch") return;
    pointerY = event.clientY;
    want(link, SHOW_DELAY);
  });
  document.addEventListener("pointerout", (event) => {
    const link = linkOf(event.target);
    if (!link || link !== current || link.contains(event.relatedTarget)) return;
    if (card && card.contains(event.relatedTarget)) return;
    scheduleHide();
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event.target);
    if (!link || Date.now() - lastTouch < 800) return; // a tap follows the link; no card flashes first
    pointerY = null;
    want(link, 0);
  });
  document.addEventListener("focusout", (event) => {
    if (linkOf(event.target) === current) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && card && !card.hidden) hide();
  });
  addEventListener("scroll", () => place(), { passive: true, capture: true });
  addEventListener("resize", () => place());
})();
