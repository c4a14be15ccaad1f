/* Dials & Weights: the "page not found" page. Our own code, MIT licence.

   1. Lists the entries whose names come closest to the missing address (glossary.json, same origin).
   2. The page's search box hands its words to the site search in the header and opens it.
   3. Under `mkdocs serve` (the plugin marks the page), waits for each rebuild and reloads the page
      once the address exists: a contributor who opens a new entry's address before it is built
      sees it appear. Entry text is set with textContent only. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const root = new URL("../../", script.src);

  // --- the words of the missing address ---
  const rootPath = decodeURIComponent(root.pathname);
  let missing = decodeURIComponent(location.pathname);
  if (missing.startsWith(rootPath)) missing = missing.slice(rootPath.length);
  const words = (text) => text.toLowerCase().replace(/\.(html?|md)$/, "").replace(/[^a-z0-9]+/g, " ").trim();
  const segments = missing.split("/").filter(Boolean);
  const asked = words(segments.filter((part) => !["glossary", "index.html"].includes(part)).pop() || "");

  // --- closest entry names ---
  const distance = (a, b) => {
    // Levenshtein distance with transpositions, two rows at a time.
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          best = Math.min(best, before[j - 2] + 1);
        row.push(best);
      }
      before = previous;
      previous = row;
    }
    return previous[b.length];
  };
  const similarity = (query, name) => {
    if (!query || !name) return 0;
    if (name === query) return 1;
    const edit = 1 - distance(query, name) / Math.max(query.length, name.length);
    const contains = name.includes(query) || query.includes(name) ? 0.75 : 0;
    return Math.max(edit, contains);
  };
  const element = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const showClosest = (entries) => {
    const scored = entries
      .map((entry) => {
        const names = [entry.slug, entry.term, ...(entry.aliases || [])].map(words);
        return { entry, score: Math.max(...names.map((name) => similarity(asked, name))) };
      })
      .filter((item) => item.score >= 0.5)
      .sort((a, b) => b.score - a.score || a.entry.term.localeCompare(b.entry.term))
      .slice(0, 5);
    const box = document.querySelector("[data-dw-closest]");
    if (!box || !scored.length) return;
    const list = box.querySelector("ul");
    for (const { entry } of scored) {
      const item = element("li");
      const link = element("a", entry.term);
      link.href = new URL(`glossary/${encodeURIComponent(entry.slug)}/`, root).href;
      item.append(link, element("span", `: ${entry.short}`, "dw-short"));
      list.append(item);
    }
    box.hidden = false;
  };
  if (asked) {
    fetch(new URL("glossary.json", root))
      .then((response) => (response.ok ? response.json() : { entries: [] }))
      .then((data) => showClosest(data.entries || []))
      .catch(() => {});
  }

  // --- the search box: its words go to the site search ---
  const form = document.querySelector("[data-dw-not-found-search]");
  const field = form && form.querySelector("input");
  if (field) {
    field.value = asked;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const toggle = document.getElementById("__search");
      const box = document.querySelector(".md-search__input");
      if (!toggle || !box) return;
      if (!toggle.checked) toggle.click();
      box.value = field.value;
      box.focus();
      for (const kind of ["input", "keyup"]) box.dispatchEvent(new Event(kind, { bubbles: true }));
    });
  }

  // --- under `mkdocs serve`: reload once a rebuild makes this address exist ---
  if (document.body.hasAttribute("data-dw-live-reload")) {
    const id = Date.now();
    const wait = (ms) => new Promise((done) => setTimeout(done, ms));
    (async () => {
      let epoch = 0;
      for (;;) {
        try {
          // MkDocs' live-reload endpoint answers when the site is rebuilt (or after a minute).
          const response = await fetch(`/livereload/${epoch}/${id}`, { cache: "no-store" });
          const next = Number.parseInt(await response.text(), 10);
          if (Number.isFinite(next) && next !== epoch) {
            const page = await fetch(location.href, { cache: "no-store" });
            if (page.ok) return location.reload();
            epoch = next;
          }
        } catch {
          await wait(2000);
        }
      }
    })();
  }
})();
