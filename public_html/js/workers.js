// Workers view: state, load per CPU, memory, affinity (editable in place), start/stop/clear.

import { VTable } from "./vtable.js";
import { esc, formatMem } from "./format.js";

const $ = (id) => document.getElementById(id);

const avg = (list) => (Array.isArray(list) && list.length ? list.reduce((s, v) => s + (Number(v) || 0), 0) / list.length : 0);

function loadHTML(w) {
  const list = Array.isArray(w.Load) ? w.Load : [];
  if (!list.length) return '<span class="dim">–</span>';
  const bars = list
    .slice(0, 128)
    .map((v) => {
      const p = Math.max(0, Math.min(100, Number(v) || 0));
      return `<i class="${p > 90 ? "hot" : ""}" style="height:${Math.max(1, p).toFixed(0)}%"></i>`;
    })
    .join("");
  return `<span class="loadcell" title="${esc(list.map((v) => Math.round(Number(v) || 0) + "%").join(" "))}"><span class="loads">${bars}</span><span>${Math.floor(avg(list))}%</span></span>`;
}

function memHTML(w) {
  const total = Number(w.TotalMemory) || 0;
  const free = Number(w.FreeMemory) || 0;
  if (!total) return '<span class="dim">–</span>';
  const used = Math.max(0, total - free);
  const frac = used / total;
  return `<span class="mem" title="${esc(formatMem(free))} free"><span class="bar"><i class="${frac > 0.9 ? "hot" : ""}" style="width:${(frac * 100).toFixed(1)}%"></i></span><span>${esc(formatMem(used))} / ${esc(formatMem(total))}</span></span>`;
}

/** The tooltip of a worker's state: why it waits, when it is not plain. */
function stateTitle(w) {
  if (w.Nimby) return ` title="NIMBY: ${esc(w.Nimby)}"`;
  if (w.State === "SICK") return ' title="Kept from work for a while after failing jobs of different kinds: Start it to clear"';
  return "";
}

const COLUMNS = [
  { key: "Name", label: "Name", width: 150, flex: 1, render: (w) => `<b>${esc(w.Name)}</b>` },
  { key: "Active", label: "Active", width: 80, value: (w) => (w.Active ? 1 : 0), render: (w) => (w.Active ? '<span class="dim">active</span>' : '<span class="badge STOPPED">STOPPED</span>') },
  { key: "State", label: "State", width: 96, render: (w) => `<span class="badge ${esc(w.State)}"${stateTitle(w)}>${esc(w.State)}</span>` },
  { key: "Nimby", label: "NIMBY", width: 180, minor: true, render: (w) => (w.Nimby ? esc(w.Nimby) : '<span class="dim">–</span>') },
  { key: "Cores", label: "Capacity", width: 150, minor: true, title: "Cores / memory / GPUs the host offers to reservations", render: (w) => (w.Cores == null ? '<span class="dim">–</span>' : `${esc(w.Cores)} cores, ${esc(formatMem(w.Memory))}, ${esc(w.Gpus)} GPU`) },
  { key: "LastJob", label: "Last job", width: 80, num: true, render: (w) => (Number(w.LastJob) >= 0 ? `<a class="rowlink" href="#/log?id=${encodeURIComponent(w.LastJob)}">${esc(w.LastJob)}</a>` : '<span class="dim">–</span>') },
  { key: "Finished", label: "Finished", width: 76, num: true, desc: true },
  { key: "Error", label: "Errors", width: 66, num: true, desc: true },
  { key: "Load", label: "Load", width: 150, desc: true, value: (w) => avg(w.Load), render: loadHTML },
  { key: "Memory", label: "Memory", width: 240, desc: true, value: (w) => (w.TotalMemory ? (w.TotalMemory - w.FreeMemory) / w.TotalMemory : 0), render: memHTML },
  {
    key: "Affinity", label: "Affinity", width: 160, flex: 1, title: "Click to edit",
    render: (w) => `<span class="aff-edit" data-nosel data-edit="${esc(w.Name)}" title="Click to edit the affinity of ${esc(w.Name)}">${w.Affinity ? esc(w.Affinity) : '<span class="dim">none</span>'}</span>`,
  },
  { key: "IP", label: "IP", width: 120, mono: true, minor: true },
];

export class WorkersView {
  constructor(ctx) {
    this.ctx = ctx;
    this.all = [];
    this.query = "";
    this.loadedAt = 0;
    this.editing = null;
    this.table = new VTable($("workers-grid"), {
      name: "workers",
      label: "Workers",
      columns: COLUMNS,
      rowKey: (w) => w.Name,
      rowClass: (w) => `st-${w.State}${w.Active ? "" : " stopped"}`,
      sort: { key: "Name", dir: 1 },
      onSortChange: (s) => this.ctx.navigate("workers", { sort: `${s.dir < 0 ? "-" : ""}${s.key}`, q: this.query }, { replace: true }),
      onOpen: (w) => Number(w.LastJob) >= 0 && this.ctx.navigate("log", { id: w.LastJob }),
      onSelectionChange: () => this.selectionChanged(),
      onKey: (e) => this.onKey(e),
      emptyText: () => (this.loadedAt ? "No worker has contacted this server yet" : "Loading…"),
    });
    this.bind();
  }

  title() { return "Workers"; }

  show(params) {
    const m = /^(-?)([A-Za-z]+)$/.exec(params.get("sort") || "");
    if (m && COLUMNS.some((c) => c.key === m[2])) {
      const sort = { key: m[2], dir: m[1] ? -1 : 1 };
      if (sort.key !== this.table.sort.key || sort.dir !== this.table.sort.dir) this.table.setSort(sort, { silent: true });
    }
    this.query = params.get("q") || "";
    if (document.activeElement !== $("worker-search")) $("worker-search").value = this.query;
    this.applyFilter();
    this.selectionChanged();
  }

  hide() { this.cancelEdit(); }

  affectedBy(ev) { return ev.workers.length > 0; }

  async refresh() {
    const data = await this.ctx.api.getWorkers();
    this.all = data.workers;
    this.loadedAt = Date.now();
    this.applyFilter();
  }

  applyFilter() {
    const q = this.query.trim().toLowerCase();
    const rows = q ? this.all.filter((w) => `${w.Name}\n${w.IP}\n${w.Affinity}`.toLowerCase().includes(q)) : this.all;
    this.table.setRows(rows);
    let working = 0, stopped = 0, sick = 0;
    for (const w of rows) { if (w.State === "WORKING") working++; if (w.State === "SICK") sick++; if (!w.Active) stopped++; }
    $("workers-footer").innerHTML = `<span>${rows.length} workers</span><span>${working} working</span><span>${stopped} stopped</span>` +
      (sick ? `<span class="st-SICK">${sick} sick</span>` : "");
    this.selectionChanged();
  }

  selectionChanged() {
    const n = this.table.selection.size;
    for (const b of document.querySelectorAll("#view-workers [data-needs-selection]")) b.disabled = n === 0;
    $("worker-selinfo").textContent = n ? `${n} selected` : "";
  }

  names() { return this.table.selectedRows().map((w) => w.Name); }

  async run(label, fn, confirm) {
    const names = this.names();
    if (!names.length) return;
    const what = names.length === 1 ? names[0] : `${names.length} workers`;
    if (confirm && !(await this.ctx.confirm(confirm.replace("{n}", what), label))) return;
    try {
      await fn(names);
      this.ctx.toast(`${label}: ${what}`);
    } catch (err) {
      this.ctx.reportError(err, label);
    }
    this.ctx.refreshSoon();
  }

  onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === "Delete") { $("worker-clear").click(); return true; }
    if (e.key === "F2" || e.key === "a") {
      const row = this.table.cursorRow();
      if (row) {
        const el = this.table.body.querySelector(`[data-edit="${CSS.escape(row.Name)}"]`);
        if (el) this.startEdit(el);
      }
      return true;
    }
    return false;
  }

  bind() {
    const api = this.ctx.api;
    $("worker-start").addEventListener("click", () => this.run("Started", (n) => api.startWorkers(n)));
    $("worker-stop").addEventListener("click", () => this.run("Stopped", (n) => api.stopWorkers(n)));
    $("worker-clear").addEventListener("click", () => this.run("Cleared", (n) => api.clearWorkers(n), "Forget {n}? A worker that is still running comes back on its next contact."));
    $("worker-activities").addEventListener("click", () => { const n = this.names()[0]; if (n) this.ctx.navigate("activities", { worker: n, howlong: -1 }); });
    let t = 0;
    $("worker-search").addEventListener("input", (e) => {
      clearTimeout(t);
      t = setTimeout(() => {
        this.query = e.target.value;
        this.applyFilter();
        const s = this.table.sort;
        this.ctx.navigate("workers", { sort: `${s.dir < 0 ? "-" : ""}${s.key}`, q: this.query }, { replace: true });
      }, 120);
    });
    this.table.body.addEventListener("click", (e) => {
      const el = e.target.closest("[data-edit]");
      if (el && !this.editing) this.startEdit(el);
    });
  }

  startEdit(el) {
    const name = el.dataset.edit;
    const worker = this.all.find((w) => w.Name === name);
    if (!worker) return;
    this.table.freeze(true);
    const input = document.createElement("input");
    input.className = "aff-input";
    input.value = worker.Affinity || "";
    input.setAttribute("aria-label", `Affinity of ${name}`);
    input.dataset.worker = name;
    el.replaceChildren(input);
    this.editing = { name, input, original: input.value };
    input.focus();
    input.select();
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") { e.preventDefault(); this.commitEdit(); }
      else if (e.key === "Escape") { e.preventDefault(); this.cancelEdit(); }
    });
    input.addEventListener("blur", () => this.commitEdit());
  }

  async commitEdit() {
    const ed = this.editing;
    if (!ed) return;
    this.editing = null;
    const value = ed.input.value.trim();
    if (value !== ed.original) {
      try {
        await this.ctx.api.updateWorkers([ed.name], { Affinity: value });
        const w = this.all.find((x) => x.Name === ed.name);
        if (w) w.Affinity = value;
        this.ctx.toast(`Affinity of ${ed.name}: ${value || "none"}`);
      } catch (err) {
        this.ctx.reportError(err, "Affinity");
      }
    }
    this.table.freeze(false);
    this.table.refreshRows();
    this.table.root.focus({ preventScroll: true });
    this.ctx.refreshSoon();
  }

  cancelEdit() {
    const ed = this.editing;
    if (!ed) return;
    this.editing = null;
    this.table.freeze(false);
    this.table.refreshRows();
    this.table.root.focus({ preventScroll: true });
  }
}
