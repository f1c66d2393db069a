// A virtual grid: only the rows in view are in the DOM, so 100,000 rows scroll smoothly.
// Selection (click, Ctrl/Cmd-click, Shift-click, keyboard), sortable headers, a keyboard cursor.

import { compareValues, esc } from "./format.js";

let uid = 0;
const OVERSCAN = 8;

export class VTable {
  constructor(host, opts) {
    this.opts = opts;
    this.columns = opts.columns;
    this.rowKey = opts.rowKey;
    this.rows = [];
    this.keyIndex = new Map();
    this.selection = new Set();
    this.anchorKey = null;
    this.cursorKey = null;
    this.sort = opts.sort || { key: this.columns[0].key, dir: 1 };
    this.frozen = false;
    this.pending = false;
    this.range = [-1, -1];
    this.rowH = 30;
    this.id = `vt${++uid}`;

    const root = document.createElement("div");
    root.className = "vt";
    root.tabIndex = 0;
    root.setAttribute("role", "grid");
    root.setAttribute("aria-multiselectable", "true");
    root.setAttribute("aria-label", opts.label || "table");
    root.id = this.id;
    root.dataset.table = opts.name || "";
    this.root = root;
    this.head = document.createElement("div");
    this.head.className = "vt-head";
    this.head.setAttribute("role", "row");
    this.body = document.createElement("div");
    this.body.className = "vt-body";
    this.body.setAttribute("role", "rowgroup");
    this.empty = document.createElement("div");
    this.empty.className = "vt-empty";
    this.empty.hidden = true;
    root.append(this.head, this.body, this.empty);
    host.append(root);

    root.addEventListener("scroll", () => this.schedule(), { passive: true });
    root.addEventListener("click", (e) => this.onClick(e));
    root.addEventListener("mousedown", (e) => {
      if (e.shiftKey && e.target.closest(".vt-row")) e.preventDefault();
    });
    root.addEventListener("dblclick", (e) => {
      const row = this.rowFromEvent(e);
      if (row && !e.target.closest("a, input, button")) opts.onOpen?.(row, e);
    });
    root.addEventListener("keydown", (e) => this.onKeyDown(e));
    this.head.addEventListener("click", (e) => {
      const cell = e.target.closest("[data-col]");
      if (cell) this.toggleSort(cell.dataset.col);
    });
    this.head.addEventListener("keydown", (e) => {
      const cell = e.target.closest("[data-col]");
      if (cell && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        e.stopPropagation();
        this.toggleSort(cell.dataset.col);
      }
    });
    this.resizeObserver = new ResizeObserver(() => this.layout());
    this.resizeObserver.observe(root);
    this.layout();
  }

  // ---------- layout ----------
  visibleColumns() {
    const narrow = this.root.clientWidth > 0 && this.root.clientWidth < 700;
    return this.columns.filter((c) => !(narrow && c.minor));
  }

  layout() {
    const cols = this.visibleColumns();
    const sig = cols.map((c) => c.key).join(",");
    const rh = parseFloat(getComputedStyle(this.root).getPropertyValue("--row-h")) || 30;
    const changed = sig !== this.colSig || rh !== this.rowH;
    this.rowH = rh;
    if (sig !== this.colSig) {
      this.colSig = sig;
      this.visCols = cols;
      const template = cols.map((c) => (c.flex ? `minmax(${c.width}px, ${c.flex}fr)` : `${c.width}px`)).join(" ");
      const total = cols.reduce((s, c) => s + c.width, 0);
      this.root.style.setProperty("--cols", template);
      this.head.style.gridTemplateColumns = template;
      this.head.style.width = `max(100%, ${total}px)`;
      this.body.style.width = `max(100%, ${total}px)`;
      this.template = template;
      this.renderHead();
    }
    if (changed) this.range = [-1, -1];
    this.body.style.height = `${this.rows.length * this.rowH}px`;
    this.render();
  }

  renderHead() {
    this.head.innerHTML = this.visCols
      .map((c) => {
        const sorted = this.sort.key === c.key ? (this.sort.dir > 0 ? "ascending" : "descending") : "none";
        return `<div role="columnheader" tabindex="0" data-col="${esc(c.key)}" aria-sort="${sorted}" class="${c.num ? "num" : ""}" title="${esc(c.title || c.label)}">${esc(c.label)}</div>`;
      })
      .join("");
  }

  // ---------- data ----------
  setRows(rows) {
    this.rows = this.sortRows(rows.slice());
    this.keyIndex = new Map();
    for (let i = 0; i < this.rows.length; i++) this.keyIndex.set(this.rowKey(this.rows[i]), i);
    for (const k of [...this.selection]) if (!this.keyIndex.has(k)) this.selection.delete(k);
    if (this.cursorKey !== null && !this.keyIndex.has(this.cursorKey)) this.cursorKey = null;
    this.body.style.height = `${this.rows.length * this.rowH}px`;
    this.root.setAttribute("aria-rowcount", String(this.rows.length + 1));
    this.empty.hidden = this.rows.length > 0;
    this.empty.textContent = this.opts.emptyText?.() || "Nothing to show";
    this.range = [-1, -1];
    if (this.frozen) this.pending = true;
    else this.render();
  }

  sortRows(rows) {
    const col = this.columns.find((c) => c.key === this.sort.key) || this.columns[0];
    const get = col.value || ((r) => r[col.key]);
    const dir = this.sort.dir;
    const tie = this.opts.tieBreak || ((a, b) => compareValues(this.rowKey(a), this.rowKey(b)));
    const decorated = rows.map((r) => [get(r), r]);
    decorated.sort((a, b) => compareValues(a[0], b[0]) * dir || tie(a[1], b[1]));
    return decorated.map((d) => d[1]);
  }

  setSort(sort, { silent = false } = {}) {
    this.sort = { key: sort.key, dir: sort.dir < 0 ? -1 : 1 };
    this.renderHead();
    this.setRows(this.rows);
    if (!silent) this.opts.onSortChange?.(this.sort);
  }

  toggleSort(key) {
    if (this.sort.key === key) this.setSort({ key, dir: -this.sort.dir });
    else {
      const col = this.columns.find((c) => c.key === key);
      this.setSort({ key, dir: col?.desc ? -1 : 1 });
    }
  }

  freeze(on) {
    this.frozen = on;
    if (!on && this.pending) {
      this.pending = false;
      this.render();
    }
  }

  refreshRows() {
    this.range = [-1, -1];
    this.render();
  }

  // ---------- rendering ----------
  schedule() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.render();
    });
  }

  render() {
    if (this.frozen) {
      this.pending = true;
      return;
    }
    const headH = this.head.offsetHeight || 32;
    const top = Math.max(0, this.root.scrollTop - headH);
    const height = this.root.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowH) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / this.rowH) + OVERSCAN);
    if (first === this.range[0] && last === this.range[1]) return;
    this.range = [first, last];
    const cols = this.visCols;
    const parts = [];
    for (let i = first; i < last; i++) {
      const row = this.rows[i];
      const key = this.rowKey(row);
      const sel = this.selection.has(key);
      const extra = this.opts.rowClass ? this.opts.rowClass(row) : "";
      const cur = key === this.cursorKey ? " cursor" : "";
      let cells = "";
      for (const c of cols) {
        const cls = (c.num ? "num " : "") + (c.mono ? "mono" : "");
        cells += `<div role="gridcell" class="${cls}" data-col="${c.key}">${c.render ? c.render(row) : esc(row[c.key])}</div>`;
      }
      parts.push(
        `<div role="row" class="vt-row ${extra}${cur}" id="${this.id}-r${i}" data-i="${i}" data-key="${esc(key)}" aria-rowindex="${i + 2}" aria-selected="${sel}" style="top:${i * this.rowH}px;grid-template-columns:${this.template}">${cells}</div>`
      );
    }
    this.body.innerHTML = parts.join("");
    this.updateActiveDescendant();
  }

  updateActiveDescendant() {
    const i = this.cursorKey === null ? undefined : this.keyIndex.get(this.cursorKey);
    if (i !== undefined && i >= this.range[0] && i < this.range[1]) this.root.setAttribute("aria-activedescendant", `${this.id}-r${i}`);
    else this.root.removeAttribute("aria-activedescendant");
  }

  /** Re-apply selection/cursor classes without rebuilding rows. */
  paintSelection() {
    for (const el of this.body.children) {
      const row = this.rows[Number(el.dataset.i)];
      if (!row) continue;
      const key = this.rowKey(row);
      el.setAttribute("aria-selected", String(this.selection.has(key)));
      el.classList.toggle("cursor", key === this.cursorKey);
    }
    this.updateActiveDescendant();
    this.opts.onSelectionChange?.(this.selection);
  }

  // ---------- selection ----------
  rowFromEvent(e) {
    const el = e.target.closest(".vt-row");
    return el ? this.rows[Number(el.dataset.i)] : null;
  }

  onClick(e) {
    if (e.target.closest("a, input, button, [data-nosel]")) return;
    const row = this.rowFromEvent(e);
    if (!row) return;
    const key = this.rowKey(row);
    if (e.shiftKey && this.anchorKey !== null && this.keyIndex.has(this.anchorKey)) {
      this.selectRange(this.anchorKey, key, e.ctrlKey || e.metaKey);
    } else if (e.ctrlKey || e.metaKey) {
      if (this.selection.has(key)) this.selection.delete(key);
      else this.selection.add(key);
      this.anchorKey = key;
    } else {
      this.selection = new Set([key]);
      this.anchorKey = key;
    }
    this.cursorKey = key;
    this.root.focus({ preventScroll: true });
    this.paintSelection();
  }

  selectRange(fromKey, toKey, additive) {
    const a = this.keyIndex.get(fromKey);
    const b = this.keyIndex.get(toKey);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (!additive) this.selection = new Set();
    for (let i = lo; i <= hi; i++) this.selection.add(this.rowKey(this.rows[i]));
  }

  selectKeys(keys) {
    this.selection = new Set(keys.filter((k) => this.keyIndex.has(k)));
    this.paintSelection();
  }

  selectAll() {
    this.selection = new Set(this.rows.map(this.rowKey));
    this.paintSelection();
  }

  clearSelection() {
    this.selection = new Set();
    this.paintSelection();
  }

  selectedRows() {
    const out = [];
    for (const k of this.selection) {
      const i = this.keyIndex.get(k);
      if (i !== undefined) out.push(this.rows[i]);
    }
    out.sort((a, b) => this.keyIndex.get(this.rowKey(a)) - this.keyIndex.get(this.rowKey(b)));
    return out;
  }

  cursorRow() {
    const i = this.cursorKey === null ? undefined : this.keyIndex.get(this.cursorKey);
    return i === undefined ? null : this.rows[i];
  }

  moveCursor(index, { extend = false, keepSelection = false } = {}) {
    if (!this.rows.length) return;
    const i = Math.max(0, Math.min(this.rows.length - 1, index));
    const key = this.rowKey(this.rows[i]);
    if (extend && this.anchorKey !== null && this.keyIndex.has(this.anchorKey)) {
      this.selectRange(this.anchorKey, key, false);
    } else if (!keepSelection) {
      this.selection = new Set([key]);
      this.anchorKey = key;
    }
    this.cursorKey = key;
    this.scrollToIndex(i);
    this.render();
    this.paintSelection();
  }

  scrollToIndex(i) {
    const headH = this.head.offsetHeight || 32;
    const y = i * this.rowH;
    const viewTop = this.root.scrollTop;
    const viewH = this.root.clientHeight - headH;
    if (y < viewTop) this.root.scrollTop = y;
    else if (y + this.rowH > viewTop + viewH) this.root.scrollTop = y + this.rowH - viewH;
  }

  onKeyDown(e) {
    if (e.target !== this.root) return;
    const cur = this.cursorKey === null ? -1 : this.keyIndex.get(this.cursorKey) ?? -1;
    const page = Math.max(1, Math.floor((this.root.clientHeight - 32) / this.rowH) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    const mods = { extend: e.shiftKey, keepSelection: ctrl && !e.shiftKey };
    let handled = true;
    switch (e.key) {
      case "ArrowDown": this.moveCursor(cur + 1, mods); break;
      case "ArrowUp": this.moveCursor(cur < 0 ? 0 : cur - 1, mods); break;
      case "PageDown": this.moveCursor(cur + page, mods); break;
      case "PageUp": this.moveCursor(cur - page, mods); break;
      case "Home": this.moveCursor(0, mods); break;
      case "End": this.moveCursor(this.rows.length - 1, mods); break;
      case " ": {
        const row = this.cursorRow();
        if (row) {
          const key = this.rowKey(row);
          if (this.selection.has(key)) this.selection.delete(key);
          else this.selection.add(key);
          this.anchorKey = key;
          this.paintSelection();
        }
        break;
      }
      case "Enter": {
        const row = this.cursorRow();
        if (row) this.opts.onOpen?.(row, e);
        break;
      }
      case "Escape":
        if (this.selection.size) this.clearSelection();
        else handled = false;
        break;
      default:
        if (ctrl && e.key.toLowerCase() === "a") this.selectAll();
        else handled = !!this.opts.onKey?.(e);
    }
    if (handled) e.preventDefault();
  }
}
