/* Dials & Weights: dials. The reader turns a hyperparameter and moves between real training runs.
 *
 * The site generator (dials.py) writes each dial as a static block: the figure at the best
 * position, in light and dark variants, and a table of every position's numbers. This script
 * enhances the block once it scrolls into view: it fetches the sweep (figures/<script>/<name>.sweep.json,
 * written by write_sweep in scripts/figures/_figure_helpers.py), adds a labelled range control and
 * redraws the figure from the data at every position.
 *
 * - `fragment` is the one place that reads and writes the URL fragment (#k=7&lr=0.03), so a
 *   reader can share a position and several dials on one page keep their own.
 * - One drawing class per kind of layer (curve, dots, regions, bars, mark, rule), built once and
 *   updated in place. Colours are CSS custom properties set per palette in dials.css.
 * - DOM methods and textContent only: no innerHTML, no eval, no inline handlers or styles.
 */
(function () {
  "use strict";
  if (window.dwDials) {
    window.dwDials.start(); // run again by Material's instant navigation
    return;
  }
  const self = document.currentScript;
  // From the file system (the offline copy) the data cannot be fetched: the static block stays.
  if (!self || location.protocol === "file:") return;
  const ROOT = new URL("../../", self.src); // this file is <site>/assets/dials-weights/dials.js
  const NS = "http://www.w3.org/2000/svg";
  const NAME = /^[A-Za-z0-9_]+\/[A-Za-z0-9_]+$/;
  const SIDE_BY_SIDE = 300; // narrowest panel (px) before a row of panels stacks
  const THUMB = 20; // the range thumb's width in dials.css: the scale below it lines up with it
  const FONT = 12; // px, for tick labels; what a label needs is estimated from its length
  let serial = 0;

  // ---------------------------------------------------------------------------------------------
  // URL fragment: "#k=7&lr=0.03". A fragment without "=" is a heading anchor and is left alone.

  const fragment = {
    read() {
      const state = new Map();
      const text = location.hash.slice(1);
      if (!text.includes("=")) return state;
      for (const part of text.split("&")) {
        const at = part.indexOf("=");
        if (at > 0) state.set(decode(part.slice(0, at)), decode(part.slice(at + 1)));
      }
      return state;
    },
    write(key, value) {
      const state = fragment.read();
      if (value === null) state.delete(key);
      else state.set(key, value);
      const text = [...state].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
      history.replaceState(history.state, "", location.pathname + location.search + (text ? `#${text}` : ""));
    },
  };

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function svg(parent, tag, attributes, className) {
    const element = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    if (className) element.setAttribute("class", className);
    if (parent) parent.appendChild(element);
    return element;
  }

  function html(parent, tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    if (parent) parent.appendChild(element);
    return element;
  }

  const px = (value) => (Math.round(value * 10) / 10).toString();
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

  /** Maps data to pixels along one axis (linear or log), or category index to band centre. */
  function scale(spec, from, to) {
    if (spec.categories) {
      const band = (to - from) / spec.categories.length;
      const map = (i) => from + band * (i + 0.5);
      map.band = band;
      return map;
    }
    const log = spec.scale === "log";
    const f = log ? Math.log10 : (v) => v;
    const a = f(spec.domain[0]);
    const b = f(spec.domain[1]);
    const map = (v) => from + ((f(v) - a) / (b - a)) * (to - from);
    map.valid = (v) => typeof v === "number" && isFinite(v) && (!log || v > 0);
    return map;
  }

  /** What a layer option names at one position: the same rules as sweep_data() in the helpers. */
  function resolver(sweep, index) {
    return (ref) => {
      if (typeof ref !== "string") return ref;
      if (ref === "@value") return sweep.values[index];
      if (ref === "@values") return sweep.values;
      const dot = ref.indexOf(".");
      const head = dot < 0 ? ref : ref.slice(0, dot);
      const tail = ref.slice(dot + 1);
      if (head === "@number") return sweep.runs[index].numbers[tail];
      if (head === "@numbers") return sweep.runs.map((run) => run.numbers[tail]);
      if (head === "@default") return sweep.runs[sweep.default].draw[tail];
      const draw = sweep.runs[index].draw;
      return Object.prototype.hasOwnProperty.call(draw, ref) ? draw[ref] : sweep.shared[ref];
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Layers: one class per kind. The constructor builds the nodes; update() moves them.

  class CurveLayer {
    constructor(group, spec) {
      this.spec = spec;
      const style = `dw-stroke-${spec.colour}${spec.dash ? " dw-dash" : ""}`;
      this.path = svg(group, "path", { fill: "none", "stroke-width": spec.width || 2 }, `dw-line ${style}`);
    }
    update(data, frame) {
      const xs = data(this.spec.x) || [];
      const ys = data(this.spec.y) || [];
      const upto = "upto" in this.spec ? data(this.spec.upto) : Infinity;
      let d = "";
      let pen = "M";
      for (let i = 0; i < xs.length; i++) {
        if (!frame.x.valid(xs[i]) || !frame.y.valid(ys[i]) || xs[i] > upto) {
          pen = "M";
          continue;
        }
        // Far-off values (a diverging loss) are pinned just outside the plot, which clips them.
        const y = clamp(frame.y(ys[i]), frame.top - frame.height, frame.top + 2 * frame.height);
        d += `${pen}${px(frame.x(xs[i]))},${px(y)}`;
        pen = "L";
      }
      this.path.setAttribute("d", d);
    }
  }

  class DotsLayer {
    constructor(group, spec) {
      this.spec = spec;
      this.group = svg(group, "g");
      this.circles = [];
    }
    update(data, frame) {
      const xs = data(this.spec.x) || [];
      const ys = data(this.spec.y) || [];
      const classes = this.spec.classes ? data(this.spec.classes) : null;
      while (this.circles.length < xs.length) this.circles.push(svg(this.group, "circle", { r: this.spec.size || 3 }));
      this.circles.forEach((circle, i) => {
        const shown = i < xs.length && frame.x.valid(xs[i]) && frame.y.valid(ys[i]);
        circle.setAttribute("visibility", shown ? "visible" : "hidden");
        if (!shown) return;
        circle.setAttribute("cx", px(frame.x(xs[i])));
        circle.setAttribute("cy", px(frame.y(ys[i])));
        const palette = this.spec.palette || [];
        const colour = classes ? palette[parseInt(classes[i], 36) % palette.length] : this.spec.colour;
        circle.setAttribute("class", `dw-fill-${colour}`);
      });
    }
  }

  class RegionsLayer {
    constructor(group, spec) {
      this.spec = spec;
      this.paths = spec.palette.map((colour) => svg(group, "path", {}, `dw-region dw-fill-${colour}`));
    }
    update(data, frame) {
      const [rows, cols] = this.spec.shape;
      const [x0, x1, y0, y1] = this.spec.extent;
      const grid = data(this.spec.grid) || "";
      const d = this.paths.map(() => []);
      const xAt = (col) => px(frame.x(x0 + ((x1 - x0) * col) / cols));
      const yAt = (row) => frame.y(y0 + ((y1 - y0) * row) / rows);
      for (let row = 0; row < rows; row++) {
        const line = grid.slice(row * cols, (row + 1) * cols);
        const top = yAt(row + 1);
        const height = px(yAt(row) - top);
        let start = 0;
        for (let col = 1; col <= cols; col++) {
          if (col < cols && line[col] === line[start]) continue;
          const left = xAt(start);
          const cls = parseInt(line[start], 36) % this.paths.length;
          d[cls].push(`M${left},${px(top)}H${xAt(col)}v${height}H${left}Z`);
          start = col;
        }
      }
      this.paths.forEach((path, i) => path.setAttribute("d", d[i].join("")));
    }
  }

  class BarsLayer {
    constructor(group, spec) {
      this.spec = spec;
      this.group = svg(group, "g", {}, `dw-fill-${spec.colour}`);
      this.rects = [];
    }
    update(data, frame) {
      const values = data(this.spec.values) || [];
      while (this.rects.length < values.length) this.rects.push(svg(this.group, "rect"));
      const zero = frame.x(0);
      this.rects.forEach((rect, i) => {
        const end = frame.x.valid(values[i]) ? frame.x(values[i]) : zero;
        rect.setAttribute("x", px(Math.min(zero, end)));
        rect.setAttribute("width", px(Math.abs(end - zero)));
        rect.setAttribute("y", px(frame.y(i) - frame.y.band * 0.35));
        rect.setAttribute("height", px(frame.y.band * 0.7));
      });
    }
  }

  class MarkLayer {
    constructor(group, spec) {
      this.spec = spec;
      this.circle = svg(group, "circle", { r: 7, fill: "none", "stroke-width": 2 }, `dw-stroke-${spec.colour}`);
    }
    update(data, frame) {
      const x = data(this.spec.x);
      const y = data(this.spec.y);
      const shown = frame.x.valid(x) && frame.y.valid(y);
      this.circle.setAttribute("visibility", shown ? "visible" : "hidden");
      if (!shown) return;
      this.circle.setAttribute("cx", px(frame.x(x)));
      this.circle.setAttribute("cy", px(frame.y(y)));
    }
  }

  class RuleLayer {
    constructor(group, spec) {
      this.spec = spec;
      const style = `dw-stroke-${spec.colour}${spec.dash ? " dw-dash" : ""}`;
      this.line = svg(group, "line", { "stroke-width": 1.5 }, style);
    }
    update(data, frame) {
      const vertical = "x" in this.spec;
      const value = data(vertical ? this.spec.x : this.spec.y);
      const map = vertical ? frame.x : frame.y;
      const shown = map.valid(value);
      this.line.setAttribute("visibility", shown ? "visible" : "hidden");
      if (!shown) return;
      const at = px(map(value));
      const ends = vertical
        ? { x1: at, x2: at, y1: px(frame.top), y2: px(frame.top + frame.height) }
        : { x1: px(frame.left), x2: px(frame.left + frame.width), y1: at, y2: at };
      for (const [key, value2] of Object.entries(ends)) this.line.setAttribute(key, value2);
    }
  }

  const LAYERS = {
    curve: CurveLayer,
    dots: DotsLayer,
    regions: RegionsLayer,
    bars: BarsLayer,
    mark: MarkLayer,
    rule: RuleLayer,
  };

  // ---------------------------------------------------------------------------------------------
  // A panel: a legend, two axes and its layers. Built once; resize() and update() move things.

  class Panel {
    constructor(parent, spec) {
      this.spec = spec;
      this.element = html(parent, "div", "dw-panel");
      const labelled = spec.layers.filter((layer) => layer.label);
      if (labelled.length) {
        const legend = html(this.element, "ul", "dw-legend");
        for (const layer of labelled) {
          const item = html(legend, "li");
          const thin = (layer.width || 2) < 2 || layer.kind === "rule" ? " dw-swatch--thin" : "";
          const dash = layer.dash ? " dw-swatch--dash" : "";
          const swatch = html(item, "span", `dw-swatch dw-swatch--${layer.kind} dw-bg-${layer.colour || "fg"}${thin}${dash}`);
          swatch.setAttribute("aria-hidden", "true");
          item.appendChild(document.createTextNode(layer.label));
        }
      }
      this.svg = svg(this.element, "svg", { "aria-hidden": "true", focusable: "false" }, "dw-chart");
      const clipId = `dw-clip-${++serial}`;
      this.clip = svg(svg(svg(this.svg, "defs"), "clipPath", { id: clipId }), "rect");
      this.gridGroup = svg(this.svg, "g", {}, "dw-grid");
      const layerGroup = svg(this.svg, "g", { "clip-path": `url(#${clipId})` });
      this.layers = spec.layers.map((layer) => new LAYERS[layer.kind](layerGroup, layer));
      this.axisGroup = svg(this.svg, "g", {}, "dw-axes");
      this.axes = { x: this.buildAxis(spec.x, "x"), y: this.buildAxis(spec.y, "y") };
    }

    buildAxis(spec, name) {
      const ticks = spec.categories
        ? spec.categories.map((text, i) => ({ value: i, text }))
        : spec.ticks.map((value, i) => ({ value, text: spec.tick_text[i] }));
      for (const tick of ticks) {
        tick.grid = svg(this.gridGroup, "line");
        tick.mark = svg(this.axisGroup, "line", {}, "dw-tick");
        tick.label = svg(this.axisGroup, "text", {}, `dw-tick-label dw-tick-label--${name}`);
        tick.label.textContent = tick.text;
      }
      const line = svg(this.axisGroup, "line", {}, "dw-axis-line");
      const label = svg(this.axisGroup, "text", {}, `dw-axis-label dw-axis-label--${name}`);
      label.textContent = spec.label;
      const widest = Math.max(0, ...ticks.map((t) => t.text.length));
      return { spec, ticks, line, label, widest };
    }

    resize(width, height) {
      const yAxis = this.axes.y;
      const left = Math.round(yAxis.widest * FONT * 0.6 + 30);
      const margin = { left, right: 14, top: 10, bottom: 44 };
      const frame = {
        left: margin.left,
        top: margin.top,
        width: Math.max(40, width - margin.left - margin.right),
        height: Math.max(40, height - margin.top - margin.bottom),
      };
      frame.x = scale(this.spec.x, frame.left, frame.left + frame.width);
      frame.y = this.spec.y.categories
        ? scale(this.spec.y, frame.top, frame.top + frame.height)
        : scale(this.spec.y, frame.top + frame.height, frame.top);
      this.frame = frame;
      this.svg.setAttribute("width", width);
      this.svg.setAttribute("height", height);
      this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      for (const [key, value] of Object.entries({ x: frame.left, y: frame.top, width: frame.width, height: frame.height }))
        this.clip.setAttribute(key, px(value));
      this.placeAxis(this.axes.x, "x");
      this.placeAxis(this.axes.y, "y");
    }

    placeAxis(axis, name) {
      const f = this.frame;
      const bottom = f.top + f.height;
      const set = (element, attributes) => {
        for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, px(value));
      };
      let lastEdge = -Infinity;
      for (const tick of axis.ticks) {
        const at = (name === "x" ? f.x : f.y)(tick.value);
        if (name === "x") {
          set(tick.grid, { x1: at, x2: at, y1: f.top, y2: bottom });
          set(tick.mark, { x1: at, x2: at, y1: bottom, y2: bottom + 5 });
          set(tick.label, { x: at, y: bottom + 7 + FONT });
          // Labels that would overlap the previous one are left out, as on a narrow screen.
          const half = (tick.text.length * FONT * 0.6) / 2;
          const fits = at - half > lastEdge + 4;
          tick.label.setAttribute("visibility", fits ? "visible" : "hidden");
          if (fits) lastEdge = at + half;
        } else {
          set(tick.grid, { x1: f.left, x2: f.left + f.width, y1: at, y2: at });
          set(tick.mark, { x1: f.left - 5, x2: f.left, y1: at, y2: at });
          set(tick.label, { x: f.left - 8, y: at + FONT * 0.35 });
          const fits = Math.abs(at - lastEdge) >= FONT + 2;
          tick.label.setAttribute("visibility", fits ? "visible" : "hidden");
          if (fits) lastEdge = at;
        }
        tick.grid.setAttribute("visibility", axis.spec.categories ? "hidden" : "visible");
      }
      if (name === "x") {
        set(axis.line, { x1: f.left, x2: f.left + f.width, y1: bottom, y2: bottom });
        set(axis.label, { x: f.left + f.width / 2, y: bottom + 14 + 2 * FONT });
      } else {
        set(axis.line, { x1: f.left, x2: f.left, y1: f.top, y2: bottom });
        const x = 4 + FONT;
        const y = f.top + f.height / 2;
        set(axis.label, { x, y });
        axis.label.setAttribute("transform", `rotate(-90 ${px(x)} ${px(y)})`);
      }
    }

    update(data) {
      for (const layer of this.layers) layer.update(data, this.frame);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A dial: the control, the figure and the numbers, for one block of the page.

  const live = new Set();

  class Dial {
    constructor(block, sweep, key) {
      this.block = block;
      this.sweep = sweep;
      this.key = key;
      this.alt = block.getAttribute("data-alt") || "";
      const id = `dw-dial-${++serial}`;
      const count = sweep.values.length;

      const container = html(null, "div", "dw-dial-live");
      const control = html(container, "div", "dw-dial-control");
      const head = html(control, "div", "dw-dial-head");
      const label = html(head, "label", "dw-dial-label", sweep.parameter);
      label.htmlFor = id;
      this.output = html(head, "output", "dw-dial-value");
      this.output.htmlFor = id;
      this.input = html(control, "input", "dw-dial-input");
      Object.assign(this.input, { type: "range", id, min: 0, max: count - 1, step: 1 });
      this.scale = svg(control, "svg", { "aria-hidden": "true", focusable: "false", height: 30 }, "dw-dial-scale");

      this.figure = html(container, "div", "dw-dial-figure");
      this.figure.setAttribute("role", "img");
      this.rows = sweep.layout.map((row) => {
        const element = html(this.figure, "div", "dw-dial-row");
        return { element, panels: row.map((i) => new Panel(element, sweep.panels[i])) };
      });
      this.readout = html(container, "p", "dw-dial-readout");

      this.tableRows = [...block.querySelectorAll(".dw-dial-numbers tbody tr")];
      block.insertBefore(container, block.firstChild);
      block.classList.add("dw-dial--live");

      this.input.addEventListener("input", () => this.show(Number(this.input.value), true));
      this.input.addEventListener("keydown", (event) => this.onKey(event));
      this.index = this.startIndex();
      this.layout();
      if (window.ResizeObserver) {
        this.width = this.figure.clientWidth;
        new ResizeObserver(() => {
          if (this.figure.clientWidth !== this.width) this.layout();
        }).observe(this.figure);
      }
      live.add(this);
    }

    startIndex() {
      const wanted = fragment.read().get(this.key);
      return wanted === undefined ? this.sweep.default : this.find(wanted);
    }

    /** The position a fragment value names: its exact text, else the nearest value. */
    find(text) {
      const exact = this.sweep.value_text.indexOf(text);
      if (exact >= 0) return exact;
      const number = parseFloat(text);
      if (!isFinite(number)) return this.sweep.default;
      const log = this.sweep.scale === "log" && number > 0;
      const distance = (v) => (log ? Math.abs(Math.log(v / number)) : Math.abs(v - number));
      let best = 0;
      this.sweep.values.forEach((v, i) => {
        if (distance(v) < distance(this.sweep.values[best])) best = i;
      });
      return best;
    }

    onKey(event) {
      const count = this.sweep.values.length;
      const page = Math.max(1, Math.round(count / 10));
      const moves = { PageUp: page, PageDown: -page, Home: -count, End: count };
      if (!(event.key in moves)) return;
      event.preventDefault();
      this.show(clamp(this.index + moves[event.key], 0, count - 1), true);
    }

    layout() {
      const width = this.figure.clientWidth;
      if (!width) return;
      this.width = width;
      const gap = 16;
      for (const row of this.rows) {
        const n = row.panels.length;
        const stacked = n > 1 && (width - gap * (n - 1)) / n < SIDE_BY_SIDE;
        row.element.classList.toggle("dw-dial-row--stacked", stacked);
        const panelWidth = stacked ? width : (width - gap * (n - 1)) / n;
        // Each panel keeps the proportions it has in the static figure (6.4 inches wide), within
        // limits: on a phone a panel is neither a strip nor taller than it is wide.
        const aspect = panel => (panel.spec.height * n) / 6.4;
        for (const panel of row.panels) {
          const ratio = panelWidth < 500 ? clamp(aspect(panel), 0.6, 0.75) : aspect(panel);
          const height = clamp(panelWidth * ratio, 180, Math.max(220, panelWidth * 0.8));
          panel.resize(Math.floor(panelWidth), Math.round(height));
        }
      }
      this.drawScale();
      this.show(this.index, false);
    }

    drawScale() {
      const width = this.input.clientWidth || this.figure.clientWidth;
      const count = this.sweep.values.length;
      const at = (i) => THUMB / 2 + ((width - THUMB) * i) / (count - 1);
      while (this.scale.firstChild) this.scale.removeChild(this.scale.firstChild);
      this.scale.setAttribute("width", width);
      this.scale.setAttribute("viewBox", `0 0 ${width} 30`);
      for (let i = 0; i < count; i++) svg(this.scale, "line", { x1: px(at(i)), x2: px(at(i)), y1: 0, y2: 4 }, "dw-tick");
      const best = at(this.sweep.default);
      svg(this.scale, "path", { d: `M${px(best)},1l5,7h-10z` }, "dw-best-mark");
      const end = (i, anchor) => {
        const text = svg(this.scale, "text", { x: px(at(i)), y: 24, "text-anchor": anchor }, "dw-scale-label");
        text.textContent = this.sweep.value_text[i];
        return text;
      };
      end(0, "start");
      end(count - 1, "end");
      const bestLabel = svg(this.scale, "text", { x: px(best), y: 24, "text-anchor": "middle" }, "dw-scale-label dw-best-label");
      bestLabel.textContent = `best: ${this.sweep.value_text[this.sweep.default]}`;
      // The end labels give way to the best one where they would collide.
      const room = (bestLabel.textContent.length * FONT * 0.6) / 2 + 6;
      const ends = this.scale.querySelectorAll(".dw-scale-label:not(.dw-best-label)");
      if (best - room < this.sweep.value_text[0].length * FONT * 0.6 + THUMB / 2) ends[0].setAttribute("visibility", "hidden");
      if (best + room > width - this.sweep.value_text[count - 1].length * FONT * 0.6 - THUMB / 2)
        ends[1].setAttribute("visibility", "hidden");
    }

    /** The numbers at one position, as words: "validation accuracy 0.93, training accuracy 1.00". */
    numbers(index) {
      const run = this.sweep.runs[index];
      return this.sweep.numbers.map((n) => `${n.label} ${run.text[n.key]}`).join(", ");
    }

    show(index, byReader) {
      const sweep = this.sweep;
      this.index = index;
      this.input.value = String(index);
      const value = sweep.value_text[index];
      const best = index === sweep.default;
      const setting = `${sweep.symbol} = ${value}`;
      this.output.textContent = best ? `${value} (best)` : value;
      this.input.setAttribute("aria-valuetext", `${setting}${best ? " (best)" : ""}: ${this.numbers(index)}`);
      this.figure.setAttribute("aria-label", `${this.alt} Shown at ${setting}: ${this.numbers(index)}.`);

      while (this.readout.firstChild) this.readout.removeChild(this.readout.firstChild);
      sweep.numbers.forEach((n, i) => {
        if (i) this.readout.appendChild(document.createTextNode(", "));
        this.readout.appendChild(document.createTextNode(`${n.label} `));
        html(this.readout, "strong", "", sweep.runs[index].text[n.key]);
      });
      this.readout.appendChild(document.createTextNode(` at ${sweep.symbol} = `));
      html(this.readout, "strong", "", value);
      if (best) this.readout.appendChild(document.createTextNode(", the best setting the sweep found"));

      const data = resolver(sweep, index);
      for (const row of this.rows) for (const panel of row.panels) panel.update(data);
      this.tableRows.forEach((row, i) => {
        row.classList.toggle("dw-dial-row--current", i === index);
        if (i === index) row.setAttribute("aria-current", "true");
        else row.removeAttribute("aria-current");
      });
      if (byReader) fragment.write(this.key, best ? null : value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Start: find the blocks, fetch each dial's data when it comes near the screen.

  let observer = null;

  function ensureStyles() {
    const href = new URL("assets/dials-weights/dials.css", ROOT).href;
    if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === href)) return;
    const link = html(document.head, "link");
    link.rel = "stylesheet";
    link.href = href;
  }

  function load(block) {
    if (block.getAttribute("data-dial-state") !== "waiting") return;
    block.setAttribute("data-dial-state", "loading");
    if (observer) observer.unobserve(block);
    const name = block.getAttribute("data-dial");
    const url = new URL(`figures/${name}.sweep.json`, ROOT);
    fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((sweep) => {
        if (!block.isConnected) return;
        const dial = new Dial(block, sweep, block.getAttribute("data-dial-key"));
        block.setAttribute("data-dial-state", "live");
        if (block.hasAttribute("data-dial-scroll")) block.scrollIntoView({ block: "start" });
        return dial;
      })
      .catch(() => block.setAttribute("data-dial-state", "static")); // the static figure and table stay
  }

  function start() {
    ensureStyles();
    for (const dial of live) if (!dial.block.isConnected) live.delete(dial);
    const blocks = [...document.querySelectorAll(".dw-dial[data-dial]:not([data-dial-state])")];
    if (!blocks.length) return;
    const used = new Set([...live].map((dial) => dial.key));
    const state = fragment.read();
    let scrolled = false;
    for (const block of blocks) {
      const name = block.getAttribute("data-dial");
      if (!NAME.test(name)) continue;
      // Keys are unique on a page: a second dial with the same key is named by its script too.
      let key = block.getAttribute("data-key") || name.replace("/", ".");
      if (used.has(key)) key = name.replace("/", ".");
      used.add(key);
      block.setAttribute("data-dial-key", key);
      block.setAttribute("data-dial-state", "waiting");
      if (state.has(key) && !scrolled) {
        // A shared link names this dial: load it now and bring it into view once drawn.
        scrolled = true;
        block.setAttribute("data-dial-scroll", "");
        load(block);
      } else if (window.IntersectionObserver) {
        observer = observer || new IntersectionObserver(
          (entries) => entries.filter((e) => e.isIntersecting).forEach((e) => load(e.target)),
          { rootMargin: "300px 0px" },
        );
        observer.observe(block);
      } else {
        load(block);
      }
    }
  }

  window.addEventListener("hashchange", () => {
    const state = fragment.read();
    for (const dial of live) {
      if (!dial.block.isConnected) continue;
      const wanted = state.get(dial.key);
      const index = wanted === undefined ? dial.sweep.default : dial.find(wanted);
      if (index !== dial.index) dial.show(index, false);
    }
  });

  window.dwDials = { start };
  const documents = window.document$;
  if (documents && typeof documents.subscribe === "function") documents.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
