/* Dials & Weights site search, part 2 of 2: the engine and the result list, loaded when search opens.

   Our own code, MIT licence; no library. The data comes from search/*.js, written at build time by
   src/dials_weights/site/search_index.py, and words are read by the rules it ships (search_text.py), so
   that what the reader types and what the index holds are spelled alike.

   Ranking: entries first, by their names (term, aliases, library arguments), with plurals, British
   and American spellings, hyphen and space variants, typos (one edit in words of five letters or
   more, two from ten, swaps included) and the word being typed as a prefix; then the full text
   (FAQ questions, definitions, sections) adds to an entry's score and finds guide and walkthrough
   sections, which are listed below the entries. Nothing from the index is ever parsed as HTML:
   every result is built with DOM methods and textContent. */
(() => {
  "use strict";

  const root = new URL("../../", document.currentScript.src);
  const offline = location.protocol === "file:";
  const MAX_ENTRIES = 12;
  const MAX_SECTIONS = 8;
  const SECTIONS_PER_PAGE = 2;
  const KIND_WEIGHT = [1, 0.96, 0.96]; // term, alias, argument
  const TEXT_SHARE = 0.6; // how much the full text adds to an entry's name score
  const QUESTION_SHARE = 1; // and its FAQ questions, when they hold the query's words
  const SETTLE_MS = 250; // a pause in typing after which the word being typed counts as typed
  const EXACT = 2; // an exact name outranks anything the text can add (at most TEXT_SHARE + QUESTION_SHARE)
  const WORD = /[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*/gu;
  const SHOWN_WORD = /[\p{L}\p{N}\p{M}'\u2018\u2019\u02bc]+(?:[-_\u2010-\u2015][\p{L}\p{N}\p{M}'\u2018\u2019\u02bc]+)*/gu;

  // ------------------------------------------------------------------------------------------
  // Data files: scripts that hand their data to us, so that they load from file:// too

  const store = new Map();
  const pending = new Map();
  window.__dwSearch = { data: (name, value) => store.set(name, value) };

  function load(name) {
    let promise = pending.get(name);
    if (!promise) {
      promise = new Promise((resolve, reject) => {
        const element = document.createElement("script");
        element.src = new URL(`search/${name}.js`, root).href;
        element.onload = () =>
          store.has(name) ? resolve(store.get(name)) : reject(new Error(`search/${name}.js holds no data`));
        element.onerror = () => reject(new Error(`search/${name}.js could not be loaded`));
        document.head.append(element);
      });
      pending.set(name, promise);
    }
    return promise;
  }

  // ------------------------------------------------------------------------------------------
  // Words, read as search_text.py reads them

  let rules = null;

  function length(text) {
    let count = 0;
    for (const _ of text) count += 1;
    return count;
  }

  function fold(text) {
    return text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2018\u2019\u02bc]/g, "")
      .replace(/[\u2010-\u2015\u2212]/g, "-");
  }

  function singular(word) {
    if (rules.irregular.has(word)) return rules.irregular.get(word);
    if (length(word) <= 3 || rules.keep.has(word) || /(ss|us|is)$/.test(word)) return word;
    if (word.endsWith("ies") && length(word) > 4) return word.slice(0, -3) + "y";
    if (/(sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
    if (word.endsWith("s")) return word.slice(0, -1);
    return word;
  }

  function american(word) {
    if (rules.spelling.has(word)) return rules.spelling.get(word);
    for (const [suffix, replacement, shortest] of rules.suffixes) {
      if (length(word) >= shortest && word.endsWith(suffix)) return word.slice(0, -suffix.length) + replacement;
    }
    return word;
  }

  const normalise = (token) => american(singular(token));
  const wordCache = new Map(); // a word as typed -> as the index reads it

  function word(raw) {
    let found = wordCache.get(raw);
    if (!found) {
      const pieces = raw.split(/[-_]/);
      const key = normalise(pieces.join(""));
      const parts = pieces.length > 1 ? pieces.map(normalise) : [];
      found = { key, parts, stop: parts.length === 0 && (rules.stop.has(raw) || rules.stop.has(key)) };
      wordCache.set(raw, found);
    }
    return found;
  }

  function words(text) {
    const out = [];
    for (const match of fold(text).matchAll(WORD)) out.push(word(match[0]));
    return out;
  }

  /* Optimal string alignment distance (edits: insert, delete, change, swap two neighbours), or
     limit + 1 as soon as it must exceed limit. Counts UTF-16 units; the index's words are letters. */
  let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function distance(s, t, limit) {
    const m = s.length;
    const n = t.length;
    if (Math.abs(m - n) > limit) return limit + 1;
    if (n + 1 > rows[0].length) rows = rows.map(() => new Int32Array(2 * n + 2));
    let [before, previous, current] = rows;
    for (let j = 0; j <= n; j += 1) previous[j] = j;
    for (let i = 1; i <= m; i += 1) {
      current[0] = i;
      let best = i;
      const a = s.charCodeAt(i - 1);
      for (let j = 1; j <= n; j += 1) {
        const b = t.charCodeAt(j - 1);
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a === b ? 0 : 1));
        if (i > 1 && j > 1 && a === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === b) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      [before, previous, current] = [previous, current, before];
    }
    return previous[n];
  }

  // Typos forgiven: one edit in a word of five letters or more, two from ten (the intended word's length).
  const allowedEdits = (size) => (size >= 10 ? 2 : size >= 5 ? 1 : 0);

  // ------------------------------------------------------------------------------------------
  // The index: entry names, prepared once when it arrives

  let index = null;
  let names = []; // {entry, kind, text, words, content, joined, joinedContent}
  let byToken = new Map(); // token -> ids of names holding it (as a word, a part or the whole name)
  let vocabulary = []; // sorted tokens, for prefixes
  let byLength = new Map(); // token length -> tokens, for typos
  let byStem = new Map(); // stem -> tokens, for other forms of a word ("regularised" -> "regularization")

  function prepare(data) {
    index = data;
    rules = {
      irregular: new Map(Object.entries(data.rules.irregular)),
      keep: new Set(data.rules.keep),
      spelling: new Map(Object.entries(data.rules.spelling)),
      suffixes: data.rules.suffixes,
      stop: new Set(data.rules.stop),
    };
    names = [];
    byToken = new Map();
    const add = (token, id) => {
      let list = byToken.get(token);
      if (!list) byToken.set(token, (list = []));
      if (list[list.length - 1] !== id) list.push(id);
    };
    for (const record of data.entries) {
      // "" stands for the slug `dials-weights new` gives the term (search_index.py leaves it out).
      if (!record[0]) record[0] = record[1].toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }
    data.entries.forEach(([, term, , aliases, args], entry) => {
      const texts = [[term, 0], ...aliases.map((a) => [a, 1]), ...args.map((a) => [a, 2])];
      for (const [text, kind] of texts) {
        const found = words(text);
        if (!found.length) continue;
        let content = found.map((_, i) => i).filter((i) => !found[i].stop);
        if (!content.length) content = found.map((_, i) => i);
        const id = names.length;
        const name = {
          entry,
          kind,
          text,
          literal: literal(text),
          words: found,
          content,
          joined: found.map((w) => w.key).join(""),
          joinedContent: content.map((i) => found[i].key).join(""),
        };
        names.push(name);
        for (const w of found) {
          add(w.key, id);
          for (const part of w.parts) add(part, id);
        }
        add(name.joined, id);
        add(name.joinedContent, id);
      }
    });
    vocabulary = [...byToken.keys()].sort();
    byStem = new Map();
    for (const token of vocabulary) {
      const base = stem(token);
      if (base === token) continue;
      if (!byStem.has(base)) byStem.set(base, []);
      byStem.get(base).push(token);
    }
    byLength = new Map();
    for (const token of vocabulary) {
      const size = length(token);
      if (!byLength.has(size)) byLength.set(size, []);
      byLength.get(size).push(token);
    }
  }

  /* Names as typed, for telling "learning rate" (a term) from "learning_rate" (another entry's argument). */
  const literal = (text) => fold(text).replace(/\s+/g, " ").trim();

  /* A rough stem, for names only: other forms of a name's word ("tuned", "regularised") still find it. */
  const STEM_SUFFIXES = ["izations", "ization", "izers", "izer", "izing", "ized", "izes", "ize", "ations", "ation",
    "ings", "ing", "ers", "er", "ed", "es"]; // prettier-ignore
  function stem(token) {
    for (const suffix of STEM_SUFFIXES) {
      if (token.endsWith(suffix) && token.length - suffix.length >= 4) {
        const base = token.slice(0, -suffix.length);
        return /([b-df-hj-np-tv-z])\1$/.test(base) ? base.slice(0, -1) : base;
      }
    }
    return token;
  }

  const shardName = (token) => {
    let hash = 0x811c9dc5;
    for (const char of token) {
      hash ^= char.codePointAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return `text-${hash % index.shards}`;
  };

  function postings(token) {
    const shard = store.get(shardName(token));
    return shard && Object.hasOwn(shard, token) ? shard[token] : null;
  }

  const typoCache = new Map();

  function corrections(token) {
    if (typoCache.has(token)) return typoCache.get(token);
    const size = length(token);
    let found = [];
    let best = 3;
    if (size >= 4) {
      for (let other = size - 2; other <= size + 2; other += 1) {
        const limit = allowedEdits(other);
        for (const candidate of limit ? byLength.get(other) || [] : []) {
          const edits = distance(token, candidate, Math.min(limit, best));
          if (edits > limit || edits > best) continue;
          if (edits < best) found = [];
          best = edits;
          found.push([candidate, edits]);
        }
      }
    }
    found = found.slice(0, 4);
    typoCache.set(token, found);
    return found;
  }

  function completions(prefix) {
    const out = [];
    let low = 0;
    let high = vocabulary.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (vocabulary[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < vocabulary.length && vocabulary[i].startsWith(prefix) && out.length < 50; i += 1) {
      if (vocabulary[i] !== prefix) out.push(vocabulary[i]);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // A query, read into words and the tokens each may stand for

  function analyse(query) {
    const found = words(query);
    let content = found.map((_, i) => i).filter((i) => !found[i].stop);
    if (!content.length) content = found.map((_, i) => i);
    const alternatives = []; // {token, from, to, quality, text}
    found.forEach((w, i) => {
      alternatives.push({ token: w.key, from: i, to: i, quality: 1, text: true });
      for (const part of w.parts) alternatives.push({ token: part, from: i, to: i, quality: 1, text: true, part: true });
    });
    for (let span = 2; span <= 3; span += 1) {
      for (let i = 0; i + span <= found.length; i += 1) {
        const token = found
          .slice(i, i + span)
          .map((w) => w.key)
          .join("");
        if (byToken.has(token)) alternatives.push({ token, from: i, to: i + span - 1, quality: 1, text: true });
      }
    }
    const typing = /[\p{L}\p{N}]$/u.test(query);
    return { query, words: found, content, alternatives, typing, literal: literal(query), code: query.includes("_") };
  }

  const known = (token) => byToken.has(token) || postings(token) !== null;

  /* Typos and the word being typed: more alternatives, once the shards of the exact words are in. */
  function widen(plan, typed) {
    const extra = [];
    for (const i of plan.content) {
      if (i === typed) continue; // not a typo yet: still being typed
      const w = plan.words[i];
      for (const token of [w.key, ...w.parts]) {
        if (known(token)) continue;
        for (const [candidate, edits] of corrections(token)) {
          extra.push({ token: candidate, from: i, to: i, quality: edits === 1 ? 0.8 : 0.7, text: true, typo: true });
        }
      }
    }
    for (const i of plan.content) {
      const w = plan.words[i];
      for (const token of [w.key, ...w.parts]) {
        if (byToken.has(token) || length(token) < 5) continue;
        for (const other of byStem.get(stem(token)) || []) {
          extra.push({ token: other, from: i, to: i, quality: 0.75, text: false, stem: true });
        }
      }
    }
    const last = plan.words.length - 1;
    if (plan.typing && last >= 0 && length(plan.words[last].key) >= 3) {
      const prefix = plan.words[last].key;
      for (const token of completions(prefix)) {
        const quality = 0.55 + (0.35 * length(prefix)) / length(token);
        extra.push({ token, from: last, to: last, quality, text: false, prefix: true });
      }
    }
    plan.alternatives.push(...extra);
  }

  // ------------------------------------------------------------------------------------------
  // Scores

  function scoreNames(plan) {
    const candidates = new Map();
    plan.alternatives.forEach((alternative, a) => {
      for (const id of byToken.get(alternative.token) || []) {
        if (!candidates.has(id)) candidates.set(id, []);
        candidates.get(id).push(a);
      }
    });
    const best = new Map(); // entry -> {score, name}
    for (const [id, list] of candidates) {
      const name = names[id];
      let joined = 0;
      const cover = new Array(name.words.length).fill(0);
      const at = new Array(name.words.length).fill(-1); // where in the query each name word was found
      const used = new Array(plan.words.length).fill(0); // how much of each query word this name explains
      const usedParts = plan.words.map(() => new Map()); // a joined query word explained part by part
      const use = (alternative) => {
        if (alternative.part) {
          const parts = usedParts[alternative.from];
          parts.set(alternative.token, Math.max(parts.get(alternative.token) || 0, alternative.quality));
          const share = [...parts.values()].reduce((sum, q) => sum + q, 0) / plan.words[alternative.from].parts.length;
          used[alternative.from] = Math.max(used[alternative.from], share);
          return;
        }
        for (let i = alternative.from; i <= alternative.to; i += 1) used[i] = Math.max(used[i], alternative.quality);
      };
      for (const a of list) {
        const alternative = plan.alternatives[a];
        const whole = alternative.token === name.joined || alternative.token === name.joinedContent;
        if (whole && !alternative.prefix) {
          for (const i of name.content) cover[i] = Math.max(cover[i], alternative.quality);
          use(alternative);
          joined = Math.max(joined, alternative.quality); // the whole name, as one word or joined words
          continue;
        }
        name.words.forEach((w, i) => {
          let share = 0;
          if (w.key === alternative.token) share = 1;
          else if (w.parts.includes(alternative.token)) share = 1 / w.parts.length;
          if (share) {
            if (alternative.quality * share > cover[i]) {
              cover[i] = alternative.quality * share;
              at[i] = alternative.from;
            }
            use(alternative);
          }
        });
      }
      const nameCover = name.content.reduce((sum, i) => sum + cover[i], 0) / name.content.length;
      const queryCover = plan.content.reduce((sum, i) => sum + used[i], 0) / plan.content.length;
      if (!queryCover) continue;
      // In order: the name's words appear in the query in the name's order ("parameter tuning" is not
      // "tuning parameter"); a match of every word in another order counts for less.
      const places = name.content.map((i) => at[i]);
      const ordered = places.every((p, k) => p >= 0 && (k === 0 || p > places[k - 1]));
      const phrase = Math.max(joined, ordered ? Math.min(...name.content.map((i) => cover[i])) : 0);
      const whole = Math.min(nameCover, queryCover);
      const exact = phrase === 1 && whole === 1; // the query is this name, as written or a variant of it
      const score =
        KIND_WEIGHT[name.kind] * (queryCover * (0.35 + 0.65 * nameCover) + whole ** 3 * (phrase ? 1 : 0.6) + 0.1 * phrase) +
        (exact ? EXACT : 0);
      // Exact names come first whatever the text says: the name as typed, then a variant in the same
      // register (code with underscores for an argument, words for a term or alias), then any variant.
      let tier = 0;
      if (exact) tier = name.literal === plan.literal ? 3 : (name.kind === 2) === plan.code ? 2 : 1;
      const current = best.get(name.entry);
      if (!current || tier > current.tier || (tier === current.tier && score > current.score)) {
        best.set(name.entry, { score, name, tier });
      }
    }
    return best;
  }

  /* Full text: each content word (each part of a joined word) is a slot; a document earns, per slot,
     its best alternative's weight times the token's rarity, and the share of slots it matched. */
  function scoreText(plan) {
    const slots = [];
    for (const i of plan.content) {
      const w = plan.words[i];
      const own = plan.alternatives.filter((a) => a.text && a.from <= i && i <= a.to);
      if (w.parts.length) {
        for (const part of w.parts) slots.push(own.filter((a) => a.token === part || !a.part));
      } else {
        slots.push(own);
      }
    }
    const total = index.documents;
    const scores = new Map(); // document -> [score, slots matched, slots matched in a question]
    for (const alternatives of slots) {
      const here = new Map(); // document -> [value, in a question]
      for (const alternative of alternatives) {
        const list = postings(alternative.token);
        if (!list) continue;
        const rarity = Math.log(1 + total / (list.length / 2));
        let document = 0;
        for (let k = 0; k < list.length; k += 2) {
          document += list[k];
          const value = alternative.quality * rarity * list[k + 1];
          const current = here.get(document);
          if (!current || value > current[0]) here.set(document, [value, list[k + 1] >= index.question]);
        }
      }
      for (const [document, [value, question]] of here) {
        const current = scores.get(document) || [0, 0, 0];
        scores.set(document, [current[0] + value, current[1] + 1, current[2] + (question ? 1 : 0)]);
      }
    }
    const result = new Map(); // document -> {score, questions: share of the query its questions hold}
    for (const [document, [score, matched, questions]] of scores) {
      result.set(document, { score: score * (matched / slots.length) ** 2, questions: questions / slots.length });
    }
    return { result, slots: slots.length };
  }

  function suggest(plan) {
    const target = plan.content.map((i) => plan.words[i].key).join("");
    if (length(target) < 3) return [];
    const limit = Math.max(2, Math.ceil(length(target) / 3));
    const found = new Map(); // entry -> edits
    for (const name of names) {
      const edits = distance(target, name.joinedContent, limit);
      if (edits <= limit && edits < (found.get(name.entry) ?? Infinity)) found.set(name.entry, edits);
    }
    return [...found].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, 3).map(([entry]) => entry);
  }

  /* While a word is being typed (``settled`` false), its text shards are not fetched and no card data
     is fetched: the names alone rank the entries and each keystroke costs no download. When the reader
     pauses, the same query runs settled and fills in the rest. A small index is all fetched on open,
     so there every query is complete at once. */
  async function search(query, settled) {
    const plan = analyse(query);
    const none = { plan, slots: 0, entries: [], sections: [], suggestions: [], complete: true };
    if (!plan.words.length) return none;
    const typed = plan.typing && !settled && !index.prefetch ? plan.words.length - 1 : -1;
    const wanted = (list) => list.filter((a) => a.text && !(a.from <= typed && typed <= a.to));
    const shards = (list) => [...new Set(wanted(list).map((a) => shardName(a.token)))];
    await Promise.all(shards(plan.alternatives).map(load));
    widen(plan, typed);
    await Promise.all(shards(plan.alternatives).map(load));
    let complete = typed < 0 && plan.alternatives.every((a) => !a.text || store.has(shardName(a.token)));
    const byName = scoreNames(plan);
    const { result: text, slots } = scoreText(plan);
    const count = index.entries.length;
    let topEntry = 0;
    let topSection = 0;
    for (const [document, { score }] of text) {
      if (document < count) topEntry = Math.max(topEntry, score);
      else topSection = Math.max(topSection, score);
    }
    const entries = new Map();
    for (const [entry, { score, name, tier }] of byName) {
      entries.set(entry, { entry, score, name, named: score, tier, text: 0, questions: 0 });
    }
    // A question holding most of the query's words is evidence, the stronger the more words it holds:
    // none for one word (many questions name a term), full from four.
    const questionWeight = QUESTION_SHARE * Math.min(1, (slots - 1) / 3);
    for (const [document, { score, questions }] of text) {
      if (document >= count) continue;
      const share = score / topEntry;
      const extra = TEXT_SHARE * share + (questions >= 0.6 ? questionWeight * questions ** 2 : 0);
      const current = entries.get(document);
      if (current) {
        current.score += extra;
        current.text = share;
        current.questions = questions;
      } else if (share >= 0.15 || questions >= 0.6) {
        entries.set(document, { entry: document, score: extra, name: null, named: 0, tier: 0, text: share, questions });
      }
    }
    const rankedEntries = [...entries.values()]
      .sort((a, b) => b.tier - a.tier || b.score - a.score || (a.name?.kind ?? 3) - (b.name?.kind ?? 3) || a.entry - b.entry)
      .slice(0, MAX_ENTRIES);
    const perPage = new Map();
    const sections = [...text]
      .filter(([document, { score }]) => document >= count && score >= 0.15 * topSection)
      .map(([document, { score }]) => ({ document, score }))
      .sort((a, b) => b.score - a.score || a.document - b.document);
    const blocks = new Set(rankedEntries.map((r) => Math.floor(r.entry / index.block)));
    for (const section of sections) blocks.add(Math.floor(section.document / index.block));
    const suggestions = rankedEntries.length || sections.length ? [] : suggest(plan);
    for (const entry of suggestions) blocks.add(Math.floor(entry / index.block));
    const missing = [...blocks].filter((b) => !store.has(`docs-${b}`));
    if (settled || complete) await Promise.all(missing.map((b) => load(`docs-${b}`)));
    else complete = complete && missing.length === 0;
    const keptSections = [];
    for (const section of sections) {
      if (!card(section.document)) continue; // its heading and text come when the query settles
      const page = card(section.document)[0];
      const seen = perPage.get(page) || 0;
      if (seen >= SECTIONS_PER_PAGE || keptSections.length >= MAX_SECTIONS) continue;
      perPage.set(page, seen + 1);
      keptSections.push(section);
    }
    return { plan, slots, entries: rankedEntries, sections: keptSections, suggestions, complete };
  }

  const card = (document) => store.get(`docs-${Math.floor(document / index.block)}`)?.[document % index.block];

  // ------------------------------------------------------------------------------------------
  // The dialog: results as DOM nodes, keyboard, and the state tests can read

  const box = document.querySelector("[data-dw-search-input]");
  const meta = document.querySelector("[data-dw-search-meta]");
  const list = document.querySelector("[data-dw-search-results]");
  const toggle = document.getElementById("__search");
  let options = [];
  let active = -1;
  let sequence = 0;
  let typedAt = 0;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function href(path) {
    const [location, fragment] = path.split("#");
    const file = offline && (location === "" || location.endsWith("/")) ? `${location}index.html` : location;
    return new URL(file + (fragment ? `#${fragment}` : ""), root).href;
  }

  function option(path, id) {
    const link = element("a", "md-search-result__link dw-search-result");
    link.href = href(path);
    link.id = id;
    link.tabIndex = -1;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    const article = element("article", "md-search-result__article md-typeset dw-search-card");
    link.append(article);
    return [link, article];
  }

  function level(number) {
    const name = index.levels[number] || "unknown";
    return element("span", `dw-level dw-level--${name}`, name.charAt(0).toUpperCase() + name.slice(1));
  }

  /* The words of a text the query matched, as tokens. */
  function matchedTokens(plan) {
    return new Set(plan.alternatives.map((a) => a.token));
  }

  function bestQuestion(questions, plan) {
    const wanted = new Set(plan.content.map((i) => plan.words[i].key));
    const tokens = matchedTokens(plan);
    let best = null;
    let bestCount = 1;
    for (const question of questions) {
      const own = new Set(words(question).flatMap((w) => [w.key, ...w.parts]));
      const count = [...tokens].filter((t) => own.has(t)).length;
      if (count > bestCount || (count === bestCount && count >= wanted.size && !best)) {
        best = question;
        bestCount = count;
      }
    }
    return best;
  }

  function entryOption(result, plan, slots, id) {
    const [slug, term, levelNumber] = index.entries[result.entry];
    const [short, questions] = card(result.entry) || ["", []]; // not fetched yet while typing
    // Why it matched, when the term alone does not say: the alias or argument, or the FAQ question.
    let why = null;
    let path = `glossary/${slug}/`;
    const asked = slots >= 2 && result.questions >= 0.6 && result.named < 1;
    const question = asked ? bestQuestion(questions, plan) : null;
    if (question) {
      why = ["FAQ", question];
      path += "#faq";
    } else if (result.name && result.named >= 1) {
      // Only a name that answers the query is worth a line; a word shared with it is not.
      if (result.name.kind === 1) why = ["Also called", result.name.text];
      else if (result.name.kind === 2) why = ["In code", result.name.text];
    }
    const [link, article] = option(path, id);
    const title = element("div", "dw-search-card__title");
    title.append(element("span", "dw-search-card__term", term), level(levelNumber));
    article.append(title);
    if (short) article.append(element("p", "dw-search-card__short", short));
    if (why) {
      const line = element("p", "dw-search-card__why");
      line.append(element("span", "dw-search-card__label", `${why[0]}: `), element("span", "", why[1]));
      article.append(line);
    }
    return link;
  }

  /* A window of a section's text around the first matched word, with matched words marked. */
  function snippet(text, plan) {
    const tokens = matchedTokens(plan);
    const hits = [];
    for (const match of text.matchAll(SHOWN_WORD)) {
      if (words(match[0]).some((w) => tokens.has(w.key) || w.parts.some((p) => tokens.has(p)))) {
        hits.push([match.index, match.index + match[0].length]);
      }
    }
    const start = hits.length ? Math.max(0, text.lastIndexOf(" ", Math.max(0, hits[0][0] - 60)) + 1) : 0;
    const end = Math.min(text.length, start + 240);
    const paragraph = element("p", "dw-search-card__snippet");
    let at = start;
    if (start > 0) paragraph.append("… ");
    for (const [from, to] of hits) {
      if (from < at || to > end) continue;
      paragraph.append(text.slice(at, from), element("mark", "", text.slice(from, to)));
      at = to;
    }
    paragraph.append(text.slice(at, end) + (end < text.length ? " …" : ""));
    return paragraph;
  }

  function sectionOption(result, plan, id) {
    const [page, anchor, heading, text] = card(result.document);
    const [url, title] = index.pages[page];
    const [link, article] = option(anchor ? `${url}#${anchor}` : url, id);
    article.append(element("div", "dw-search-card__title", heading || title));
    if (heading && heading !== title) article.append(element("p", "dw-search-card__page", title));
    if (text) article.append(snippet(text, plan));
    return link;
  }

  function group(label, nodes) {
    const wrapper = element("div", "dw-search-group");
    wrapper.setAttribute("role", "group");
    wrapper.setAttribute("aria-label", label);
    const shown = element("div", "dw-search-group__label", label);
    shown.setAttribute("aria-hidden", "true");
    wrapper.append(shown, ...nodes);
    return wrapper;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  function render(result) {
    const { plan, slots, entries, sections, suggestions } = result;
    let n = 0;
    const id = () => `dw-search-option-${(n += 1)}`;
    const groups = [];
    if (entries.length) {
      groups.push(group("Glossary entries", entries.map((r) => entryOption(r, plan, slots, id()))));
    }
    if (sections.length) {
      groups.push(group("In guides and walkthroughs", sections.map((r) => sectionOption(r, plan, id()))));
    }
    if (suggestions.length) {
      const cards = suggestions.map((entry) => entryOption({ entry, name: null, named: 0, questions: 0 }, plan, 0, id()));
      groups.push(group("Closest terms", cards));
    }
    if (!plan.words.length) meta.textContent = "Type to start searching";
    else if (entries.length || sections.length) {
      const parts = [];
      if (entries.length) parts.push(plural(entries.length, "entry", "entries"));
      if (sections.length) parts.push(plural(sections.length, "section", "sections") + " of guides and walkthroughs");
      meta.textContent = parts.join(" and ");
    } else if (suggestions.length) {
      const terms = suggestions.map((e) => index.entries[e][1]);
      meta.textContent = `No entry matches “${plan.query.trim()}”. Did you mean ${terms.join(" or ")}?`;
    } else meta.textContent = `Nothing matches “${plan.query.trim()}”`;
    list.replaceChildren(...groups);
    list.hidden = groups.length === 0;
    box.setAttribute("aria-expanded", String(groups.length > 0));
    options = [...list.querySelectorAll("[role=option]")];
    select(-1);
    if (list.dataset.dwTypedAt !== String(typedAt)) {
      // The first results after the last keystroke: the delay the benchmark and the tests report.
      list.dataset.dwTypedAt = String(typedAt);
      list.dataset.dwMs = (performance.now() - typedAt).toFixed(1);
    }
    list.dataset.dwQuery = plan.query;
    list.dataset.dwState = result.complete ? "done" : "partial";
  }

  function select(number) {
    active = number;
    options.forEach((node, i) => node.setAttribute("aria-selected", String(i === number)));
    if (number >= 0) {
      box.setAttribute("aria-activedescendant", options[number].id);
      options[number].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  let pause = 0;

  async function update(settled = false) {
    const query = box.value;
    const mine = (sequence += 1);
    clearTimeout(pause);
    list.dataset.dwState = "busy";
    try {
      if (!index) {
        meta.textContent = "Loading the search index…";
        await ready;
      }
      const result = await search(query, settled);
      if (mine !== sequence) return;
      render(result);
      if (!result.complete) pause = setTimeout(() => mine === sequence && update(true), SETTLE_MS);
    } catch (error) {
      if (mine !== sequence) return;
      meta.textContent = "Search is not available: its index could not be loaded.";
      list.replaceChildren();
      list.hidden = true;
      list.dataset.dwState = "failed";
      console.error(error);
    }
  }

  box.addEventListener("input", () => {
    typedAt = performance.now();
    update();
  });
  box.form.addEventListener("reset", () => {
    setTimeout(() => {
      typedAt = performance.now();
      update();
      box.focus();
    });
  });
  box.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      select(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const target = options[active < 0 ? 0 : active];
      if (target) location.assign(target.href);
    }
  });
  list.addEventListener("mousemove", (event) => {
    const target = event.target.closest("[role=option]");
    const number = options.indexOf(target);
    if (number >= 0 && number !== active) select(number);
  });
  toggle.addEventListener("change", () => {
    if (!toggle.checked) select(-1);
  });

  const ready = load("index").then((data) => {
    prepare(data);
    if (data.prefetch) {
      for (let n = 0; n < data.shards; n += 1) load(`text-${n}`);
      for (let n = 0; n < data.blocks; n += 1) load(`docs-${n}`);
    }
  });
  ready.catch(() => {
    meta.textContent = "Search is not available: its index could not be loaded.";
    list.dataset.dwState = "failed";
  });

  // For tests and the benchmark: the same reading of words as the index, and a query without the UI.
  Object.assign(window.__dwSearch, {
    ready,
    words: (text) => words(text).map((w) => [w.key, ...w.parts]),
    distance,
    explain: async (query) => {
      await ready;
      const result = await search(query, true);
      return result.entries.map((r) => ({
        entry: index.entries[r.entry][0],
        score: +r.score.toFixed(3),
        name: r.name ? `${r.name.text} (${+r.named.toFixed(3)}, tier ${r.tier})` : null,
        text: +r.text.toFixed(3),
        questions: +r.questions.toFixed(2),
      }));
    },
    search: async (query) => {
      await ready;
      const result = await search(query, true);
      return [
        ...result.entries.map((r) => `glossary/${index.entries[r.entry][0]}/`),
        ...result.sections.map((r) => {
          const [page, anchor] = card(r.document);
          return `${index.pages[page][0]}#${anchor}`;
        }),
      ];
    },
  });
  typedAt = performance.now();
  if (box.value) update();
})();
