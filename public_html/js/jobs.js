// Jobs view: the job tree one folder at a time, with breadcrumb, filters, sort, selection and actions.

import { VTable } from "./vtable.js";
import { esc, formatTimeShort, formatTime, formatDuration, deps, clamp01, percent } from "./format.js";
import { jobsToCSV, downloadText } from "./csv.js";

const $ = (id) => document.getElementById(id);
const STATES = ["WAITING", "WORKING", "ERROR", "FINISHED", "PAUSED"];
const EDIT_FIELDS = ["Title", "Command", "Dir", "Priority", "Retry", "TimeOut", "Affinity", "Dependencies", "User", "URL", "Environment",
  "MaxWorkerErrors", "ForgiveTime", "StallTimeout", "Limits"];
// The server keeps the environment as VAR=value entries joined by the two characters "\n";
// the editor shows one entry per line.
const envLines = (v) => String(v ?? "").split("\\n").filter(Boolean).join("\n");
const envWire = (text) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join("\\n");
const INT_FIELDS = new Set(["Priority", "Retry", "TimeOut"]);
// Scheduling rules (docs/scheduling.md): counts and seconds, never negative.
const COUNT_FIELDS = new Set(["MaxWorkerErrors", "ForgiveTime", "StallTimeout", "maxworkererrors", "forgivetime", "stalltimeout"]);
// A job's own ForgiveTime is -1 when it inherits its parent's: shown empty.
const editValue = (job, name) => (name === "Dependencies" ? deps(job[name]) : name === "Environment" ? envLines(job[name])
  : name === "ForgiveTime" && Number(job[name]) < 0 ? "" : String(job[name] ?? ""));

/** How a blocklist entry's Until reads. */
export function blockedUntil(until) {
  if (until < 0) return "for good";
  if (!until) return "not yet";
  return `until ${formatTime(until)}`;
}

export const isGroup = (job) => Number(job.Total) > 0;

/** Only links that cannot run script in our page. */
export function safeURL(url) {
  const u = String(url || "").trim();
  if (!u) return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (scheme && !/^(https?|ftp|file)$/i.test(scheme[1])) return "";
  return u;
}

export function progressHTML(job) {
  let local, global = null, label, cls = "";
  if (isGroup(job)) {
    local = job.Total ? job.TotalFinished / job.Total : 0;
    label = `${job.TotalFinished}/${job.Total}`;
    if (job.TotalErrors > 0) cls = "err";
    else if (job.TotalFinished === job.Total) cls = "done";
  } else if (job.State === "FINISHED") {
    local = 1;
    global = job.GlobalProgress == null ? null : 1;
    label = "100%";
    cls = "done";
  } else {
    global = job.GlobalProgress == null ? null : clamp01(job.GlobalProgress);
    local = job.LocalProgress == null ? global ?? 0 : clamp01(job.LocalProgress);
    label = global == null ? percent(local) : `${percent(local)} · ${percent(global)}`;
    if (job.State === "ERROR") cls = "err";
  }
  const title = isGroup(job) ? `${job.TotalFinished} of ${job.Total} finished` :
    `local ${job.LocalProgress == null ? "–" : percent(job.LocalProgress)}, global ${job.GlobalProgress == null ? "–" : percent(job.GlobalProgress)}`;
  const g = global == null ? "" : `<i class="g" style="width:${(global * 100).toFixed(1)}%"></i>`;
  return `<div class="prog ${cls}" title="${esc(title)}"><i class="l" style="width:${(clamp01(local) * 100).toFixed(1)}%"></i>${g}<span>${esc(label)}</span></div>`;
}

const COLUMNS = [
  { key: "ID", label: "ID", width: 64, num: true },
  {
    key: "Title", label: "Title", width: 200, flex: 2,
    render: (j) => `<span class="title-cell">${isGroup(j) || !j.Command ? '<span class="folder" aria-label="folder">▸</span>' : ""}<span>${esc(j.Title)}</span></span>`,
  },
  { key: "State", label: "State", width: 96, render: (j) => `<span class="badge ${esc(j.State)}">${esc(j.State)}</span>` },
  {
    key: "Progress", label: "Progress", width: 140,
    value: (j) => (isGroup(j) ? j.TotalFinished / j.Total : j.State === "FINISHED" ? 1 : j.LocalProgress ?? j.GlobalProgress ?? 0),
    render: progressHTML,
  },
  { key: "Worker", label: "Worker", width: 110 },
  { key: "Log", label: "Log", width: 50, value: (j) => j.ID, render: (j) => `<a class="rowlink" href="#/log?id=${encodeURIComponent(j.ID)}" data-log="${esc(j.ID)}">log</a>` },
  { key: "Priority", label: "Priority", width: 70, num: true, desc: true },
  { key: "Try", label: "Try", width: 62, num: true, title: "Try / Retry", render: (j) => `${esc(j.Try)}<span class="dim">/${esc(j.Retry)}</span>` },
  { key: "Duration", label: "Duration", width: 84, num: true, desc: true, render: (j) => esc(formatDuration(j.Duration)) },
  {
    key: "Total", label: "Children", width: 150, desc: true, title: "Finished / errors / working / total leaves",
    render: (j) => (isGroup(j)
      ? `<span class="kids" title="finished ${j.TotalFinished}, errors ${j.TotalErrors}, working ${j.TotalWorking}, total ${j.Total}"><span class="f">✓${esc(j.TotalFinished)}</span><span class="e">✗${esc(j.TotalErrors)}</span><span class="w">▶${esc(j.TotalWorking)}</span><span>Σ${esc(j.Total)}</span></span>`
      : ""),
  },
  { key: "StartTime", label: "Start", width: 128, minor: true, desc: true, render: (j) => `<span title="${esc(formatTime(j.StartTime))}">${esc(formatTimeShort(j.StartTime))}</span>` },
  { key: "User", label: "User", width: 90, minor: true },
  { key: "Affinity", label: "Affinity", width: 100, minor: true },
  {
    key: "Cores", label: "Reserves", width: 130, minor: true, title: "Cores / memory (MB) / GPUs asked; a warning when no worker is big enough",
    render: (j) => {
      const asked = [j.Cores != null ? `${j.Cores} cores` : "", j.Memory != null ? `${j.Memory} MB` : "", j.Gpus != null ? `${j.Gpus} GPU` : ""].filter(Boolean).join(", ");
      const why = j.WaitReason ? ` <span class="badge ERROR" title="${esc(j.WaitReason)}">too big</span>` : "";
      return (asked ? esc(asked) : '<span class="dim">–</span>') + why;
    },
  },
  { key: "Limits", label: "Limits", width: 100, minor: true, title: "Limits a run holds one unit of (the job's own; the jobs inside need them too)", render: (j) => (j.Limits ? esc(j.Limits) : '<span class="dim">–</span>') },
  {
    key: "Blocked", label: "Blocked", width: 84, num: true, desc: true, title: "Workers kept away from the job after failing it (its blocklist)",
    render: (j) => (Number(j.Blocked) > 0 ? `<span class="badge BLOCKED" title="${esc(j.Blocked)} worker(s) kept away after failing this job: select it and Edit to see them">${esc(j.Blocked)} blocked</span>` : '<span class="dim">–</span>'),
  },
  { key: "TimeOut", label: "Timeout", width: 72, num: true, minor: true, render: (j) => (j.TimeOut ? esc(formatDuration(j.TimeOut)) : '<span class="dim">–</span>') },
  { key: "Dependencies", label: "Deps", width: 80, minor: true, value: (j) => deps(j.Dependencies), render: (j) => esc(deps(j.Dependencies)) },
  {
    key: "URL", label: "URL", width: 56, minor: true,
    render: (j) => { const u = safeURL(j.URL); return u ? `<a class="rowlink" href="${esc(u)}" target="_blank" rel="noopener noreferrer" title="${esc(u)}">Open</a>` : ""; },
  },
  { key: "Command", label: "Command", width: 220, flex: 1, mono: true, minor: true },
  { key: "Dir", label: "Dir", width: 120, mono: true, minor: true },
];

function parseSort(text) {
  const m = /^(-?)([A-Za-z]+)$/.exec(text || "");
  if (!m || !COLUMNS.some((c) => c.key === m[2])) return { key: "ID", dir: 1 };
  return { key: m[2], dir: m[1] ? -1 : 1 };
}
const sortText = (s) => `${s.dir < 0 ? "-" : ""}${s.key}`;

export class JobsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.parent = 0;
    this.state = "";
    this.query = "";
    this.parents = [{ ID: 0, Title: "Root" }];
    this.all = [];
    this.clipboard = [];
    this.loadedFor = null;
    this.seq = 0;
    this.table = new VTable($("jobs-grid"), {
      name: "jobs",
      label: "Jobs",
      columns: COLUMNS,
      rowKey: (j) => j.ID,
      rowClass: (j) => `st-${j.State}${this.clipboard.includes(j.ID) ? " cut" : ""}`,
      sort: { key: "ID", dir: 1 },
      onSortChange: () => this.saveState(),
      onOpen: (j) => this.open(j),
      onSelectionChange: () => this.selectionChanged(),
      onKey: (e) => this.onKey(e),
      emptyText: () => (this.loadedFor === null ? "Loading…" : this.state || this.query ? "No job matches the filters" : "No jobs here yet — add one with + Add"),
    });
    this.bind();
  }

  title() {
    const cur = this.parents[this.parents.length - 1];
    return cur && cur.ID !== 0 ? `${cur.Title} (jobs)` : "Jobs";
  }

  stateParams() {
    return { parent: this.parent || undefined, state: this.state, q: this.query, sort: this.table.sort.key === "ID" && this.table.sort.dir === 1 ? "" : sortText(this.table.sort) };
  }

  saveState() {
    this.ctx.navigate("jobs", this.stateParams(), { replace: true });
  }

  show(params) {
    const parent = Math.max(0, parseInt(params.get("parent") || "0", 10) || 0);
    const state = STATES.includes(params.get("state")) ? params.get("state") : "";
    const query = params.get("q") || "";
    const sort = parseSort(params.get("sort"));
    const parentChanged = parent !== this.parent;
    const filterChanged = state !== this.state || query !== this.query;
    this.parent = parent;
    this.state = state;
    this.query = query;
    $("job-state").value = state;
    if (document.activeElement !== $("job-search")) $("job-search").value = query;
    if (sortText(sort) !== sortText(this.table.sort)) this.table.setSort(sort, { silent: true });
    if (parentChanged) {
      this.table.selection = new Set();
      this.table.cursorKey = null;
      this.table.anchorKey = null;
      this.table.root.scrollTop = 0;
      this.all = [];
      this.loadedFor = null;
      const known = this.parents.findIndex((p) => p.ID === parent);
      this.parents = known >= 0 ? this.parents.slice(0, known + 1) : [...this.parents, { ID: parent, Title: `#${parent}` }];
      this.renderCrumbs();
      this.table.setRows([]);
    } else if (filterChanged) {
      this.applyFilter();
    }
    $("tab-jobs").href = location.hash || "#/jobs";
    $("job-csv-page").href = `csv.html?id=${encodeURIComponent(parent)}${state ? `&filter=${encodeURIComponent(state)}` : ""}`;
    this.selectionChanged();
  }

  hide() {}

  /** Whether a pushed change concerns this folder: the folder itself (its children's
   *  changes reach it, as the stream names ancestors) or one of its rows. */
  affectedBy(ev) {
    if (ev.jobs.includes(this.parent)) return true;
    if (!ev.jobs.length) return false;
    const shown = new Set(this.all.map((j) => j.ID));
    return ev.jobs.some((id) => shown.has(id));
  }

  async refresh() {
    const seq = ++this.seq;
    const parent = this.parent;
    const state = this.state;
    const previous = this.loadedFor === parent && this.lastState === state ? this.lastData : null;
    const [data, limits] = await Promise.all([
      this.ctx.api.getJobs(parent, state, previous, "Environment"),
      this.ctx.api.getLimits().catch(() => null),
    ]);
    if (seq !== this.seq || parent !== this.parent || state !== this.state) return;
    if (limits && JSON.stringify(limits) !== JSON.stringify(this.limits)) {
      this.limits = limits;
      this.renderFooter();
    }
    if (data === previous) return; // nothing changed on the server
    this.lastState = state;
    this.parents = data.parents.length ? data.parents : [{ ID: 0, Title: "Root" }];
    this.all = data.jobs;
    this.loadedFor = parent;
    this.lastData = data;
    this.renderCrumbs();
    this.applyFilter();
    document.title = `${this.title()} · Coalition`;
  }

  applyFilter() {
    const q = this.query.trim().toLowerCase();
    const rows = q
      ? this.all.filter((j) => String(j.ID) === q || `${j.Title}\n${j.Command}\n${j.User}`.toLowerCase().includes(q))
      : this.all;
    this.shown = rows;
    this.table.setRows(rows);
    this.renderFooter();
    this.selectionChanged();
    if (!$("job-panel").hidden && !this.editDirty()) this.fillEditor();
  }

  renderCrumbs() {
    const nav = $("crumbs");
    const parts = [];
    if (this.parents.length > 1) {
      const up = this.parents[this.parents.length - 2];
      parts.push(`<a class="up" href="${this.hrefFor(up.ID)}" title="Up one level (Backspace)" aria-label="Up to ${esc(up.Title)}">⬑</a>`);
    }
    this.parents.forEach((p, i) => {
      if (i) parts.push('<span class="gt" aria-hidden="true">›</span>');
      if (i === this.parents.length - 1) parts.push(`<span class="cur" aria-current="page" data-id="${esc(p.ID)}">${esc(p.Title)}</span>`);
      else parts.push(`<a href="${this.hrefFor(p.ID)}" data-id="${esc(p.ID)}">${esc(p.Title)}</a>`);
    });
    const html = parts.join("");
    if (nav.innerHTML !== html) nav.innerHTML = html;
  }

  hrefFor(parent) {
    const usp = new URLSearchParams();
    if (parent) usp.set("parent", parent);
    if (this.state) usp.set("state", this.state);
    const s = sortText(this.table.sort);
    if (s !== "ID") usp.set("sort", s);
    const q = usp.toString();
    return `#/jobs${q ? `?${q}` : ""}`;
  }

  renderFooter() {
    const rows = this.shown || [];
    let working = 0, finished = 0, errors = 0, leaves = 0, dur = 0;
    for (const j of rows) {
      if (isGroup(j)) {
        leaves += j.Total; working += j.TotalWorking; finished += j.TotalFinished; errors += j.TotalErrors; dur += j.Duration * j.Total;
      } else {
        leaves += 1; dur += j.Duration;
        if (j.State === "WORKING") working++;
        else if (j.State === "FINISHED") finished++;
        else if (j.State === "ERROR") errors++;
      }
    }
    const shown = rows.length === this.all.length ? `${rows.length} jobs` : `${rows.length} of ${this.all.length} jobs shown`;
    $("jobs-footer").innerHTML =
      `<span>${shown}</span><span>${leaves} leaf jobs</span><span class="st-WORKING">${working} working</span>` +
      `<span>${finished} finished</span><span>${errors} errors</span><span>avg ${esc(formatDuration(leaves ? dur / leaves : 0))}</span>` +
      this.limitsHTML();
  }

  /** The farm's counted limits, `name used/max` each, a full one marked. */
  limitsHTML() {
    const names = Object.keys(this.limits || {}).sort();
    if (!names.length) return "";
    const items = names.map((n) => {
      const { max, used } = this.limits[n];
      const full = used >= max;
      return `<span class="limit${full ? " full" : ""}" data-limit="${esc(n)}" title="${esc(n)}: ${esc(used)} of ${esc(max)} in use${full ? ", full: jobs that need it wait" : ""}">${esc(n)} ${esc(used)}/${esc(max)}</span>`;
    });
    return `<span class="limits" id="job-limits">Limits: ${items.join(" ")}</span>`;
  }

  selectionChanged() {
    const n = this.table.selection.size;
    for (const b of document.querySelectorAll("#view-jobs [data-needs-selection]")) b.disabled = n === 0;
    const paste = $("job-paste");
    paste.disabled = this.clipboard.length === 0;
    paste.textContent = this.clipboard.length ? `Paste ${this.clipboard.length}` : "Paste";
    $("job-selinfo").textContent = n ? `${n} selected` : "";
    if (!$("job-panel").hidden && !this.editDirty()) this.fillEditor();
  }

  open(job) {
    if (isGroup(job) || !job.Command) this.enter(job.ID);
    else this.ctx.navigate("log", { id: job.ID });
  }

  enter(id) {
    const usp = new URLSearchParams(this.hrefFor(id).split("?")[1] || "");
    this.ctx.navigate("jobs", Object.fromEntries(usp));
  }

  ids() {
    return this.table.selectedRows().map((j) => j.ID);
  }

  async run(label, fn, { confirm, okLabel } = {}) {
    const ids = this.ids();
    if (!ids.length) return;
    if (confirm && !(await this.ctx.confirm(confirm.replace("{n}", ids.length === 1 ? `job ${ids[0]}` : `${ids.length} jobs`), okLabel))) return;
    try {
      await fn(ids);
      this.ctx.toast(`${label}: ${ids.length === 1 ? `job ${ids[0]}` : `${ids.length} jobs`}`);
    } catch (err) {
      this.ctx.reportError(err, label);
    }
    this.ctx.refreshSoon();
    this.table.root.focus({ preventScroll: true });
  }

  onKey(e) {
    const ctrl = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    if (e.key === "Delete") { $("job-remove").click(); return true; }
    if (e.key === "Backspace" || (e.altKey && e.key === "ArrowUp")) {
      if (this.parents.length > 1) this.enter(this.parents[this.parents.length - 2].ID);
      return true;
    }
    if (ctrl && k === "x") { $("job-cut").click(); return true; }
    if (ctrl && k === "v") { $("job-paste").click(); return true; }
    if (ctrl || e.altKey) return false;
    if (k === "e") { $("job-edit").click(); return true; }
    if (k === "p") { $("job-pause").click(); return true; }
    if (k === "s") { $("job-start").click(); return true; }
    if (k === "n") { $("job-add").click(); return true; }
    if (k === "l") { const r = this.table.cursorRow(); if (r) this.ctx.navigate("log", { id: r.ID }); return true; }
    return false;
  }

  bind() {
    const api = this.ctx.api;
    $("job-state").addEventListener("change", (e) => { this.state = e.target.value; this.loadedFor = null; this.all = []; this.saveState(); this.ctx.refreshSoon(); });
    let searchTimer = 0;
    $("job-search").addEventListener("input", (e) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => { this.query = e.target.value; this.applyFilter(); this.saveState(); }, 120);
    });
    $("job-search").addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "Enter") { e.preventDefault(); this.table.root.focus(); if (this.table.cursorKey === null) this.table.moveCursor(0); }
    });
    $("crumbs").addEventListener("click", (e) => {
      const a = e.target.closest("a");
      if (a) { e.preventDefault(); const usp = new URLSearchParams(a.getAttribute("href").split("?")[1] || ""); this.ctx.navigate("jobs", Object.fromEntries(usp)); }
    });
    $("job-pause").addEventListener("click", () => this.run("Paused", (ids) => api.pauseJobs(ids)));
    $("job-start").addEventListener("click", () => this.run("Started", (ids) => api.startJobs(ids)));
    $("job-reset").addEventListener("click", () => this.run("Reset", (ids) => api.resetJobs(ids), { confirm: "Reset {n}? Their logs are deleted and they run again from the start.", okLabel: "Reset" }));
    $("job-reseterrors").addEventListener("click", () => this.run("Errors reset", (ids) => api.resetErrorJobs(ids), { confirm: "Reset the errors of {n}?", okLabel: "Reset errors" }));
    $("job-remove").addEventListener("click", () => this.run("Removed", (ids) => api.clearJobs(ids), { confirm: "Remove {n} and everything inside? This cannot be undone.", okLabel: "Remove" }));
    $("job-cut").addEventListener("click", () => {
      this.clipboard = this.ids();
      if (!this.clipboard.length) return;
      this.ctx.toast(`Cut ${this.clipboard.length} job(s): open the destination folder and Paste`);
      this.table.refreshRows();
      this.selectionChanged();
    });
    $("job-paste").addEventListener("click", async () => {
      const ids = this.clipboard;
      if (!ids.length) return;
      try {
        await api.moveJobs(ids, this.parent);
        this.ctx.toast(`Moved ${ids.length} job(s) into ${this.parents[this.parents.length - 1]?.Title ?? this.parent}`);
        this.clipboard = [];
      } catch (err) {
        this.ctx.reportError(err, "Paste");
      }
      this.selectionChanged();
      this.ctx.refreshSoon();
    });
    $("job-activities").addEventListener("click", () => { const r = this.table.selectedRows()[0]; if (r) this.ctx.navigate("activities", { job: r.ID, howlong: -1 }); });
    $("job-csv").addEventListener("click", () => {
      const cur = this.parents[this.parents.length - 1];
      downloadText(`coalition-jobs-${cur ? cur.ID : 0}.csv`, jobsToCSV(this.lastData?.vars || [], this.table.rows, "\r\n"));
    });
    // --- edit panel
    const form = $("job-edit-form");
    $("job-edit").addEventListener("click", () => { $("job-panel").hidden = false; this.fillEditor(); form.elements.Title.focus(); });
    for (const b of form.querySelectorAll("[data-close]")) b.addEventListener("click", () => this.closeEditor());
    form.addEventListener("input", (e) => e.target.name && e.target.classList.add("dirty"));
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); this.closeEditor(); } });
    form.addEventListener("submit", (e) => { e.preventDefault(); this.applyEdit(); });
    $("job-blocklist-clear").addEventListener("click", () => this.run("Blocklist cleared", async (ids) => {
      await api.clearBlocklist(ids);
      this.blocklistOf = null;
    }));
    // --- add dialog
    const dlg = $("add-dialog");
    const add = $("add-form");
    $("job-add").addEventListener("click", () => {
      add.elements.parent.value = String(this.parent);
      dlg.showModal();
      add.elements.title.focus();
    });
    for (const b of add.querySelectorAll("[data-close]")) b.addEventListener("click", () => dlg.close());
    add.addEventListener("submit", (e) => { e.preventDefault(); this.addJob(); });
  }

  editDirty() {
    return !!$("job-edit-form").querySelector(".dirty");
  }

  closeEditor() {
    $("job-panel").hidden = true;
    for (const el of $("job-edit-form").querySelectorAll(".dirty")) el.classList.remove("dirty");
    this.table.root.focus({ preventScroll: true });
  }

  fillEditor() {
    const rows = this.table.selectedRows();
    const form = $("job-edit-form");
    $("job-edit-hint").textContent = rows.length
      ? rows.length === 1 ? `Job ${rows[0].ID}` : `${rows.length} jobs: fields that differ are dashed; only the fields you change are applied.`
      : "Select one or more jobs.";
    $("job-edit-apply").disabled = rows.length === 0;
    for (const name of EDIT_FIELDS) {
      const el = form.elements[name];
      const values = new Set(rows.map((j) => editValue(j, name)));
      el.classList.remove("dirty");
      if (values.size === 1) {
        el.value = [...values][0];
        el.placeholder = name === "ForgiveTime" && el.value === "" && rows.length ? "inherited" : "";
        el.classList.remove("mixed");
      } else {
        el.value = "";
        el.placeholder = values.size > 1 ? "(mixed)" : "";
        el.classList.toggle("mixed", values.size > 1);
      }
    }
    this.showBlocklist(rows.length === 1 ? rows[0] : null);
  }

  /** The blocklist of the one selected job, read again when the selection or its count changes. */
  async showBlocklist(job) {
    const box = $("job-blocklist");
    box.hidden = !job;
    if (!job) { this.blocklistOf = null; return; }
    const key = `${job.ID}:${job.Blocked}:${job.Try}`;
    if (this.blocklistOf === key) return;
    this.blocklistOf = key;
    let list;
    try {
      list = await this.ctx.api.getBlocklist(job.ID);
    } catch (err) {
      this.blocklistOf = null;
      this.ctx.reportError(err, "Blocklist");
      return;
    }
    if (this.blocklistOf !== key) return;
    $("job-blocklist-rows").innerHTML = list.length
      ? `<table><thead><tr><th>Worker</th><th>Errors</th><th>Blocked</th></tr></thead><tbody>${list
        .map((e) => `<tr data-worker="${esc(e.Worker)}"><td>${esc(e.Worker)}</td><td class="num">${esc(e.Errors)}</td><td>${esc(blockedUntil(e.Until))}</td></tr>`)
        .join("")}</tbody></table>`
      : `<p class="dim">No worker has failed ${isGroup(job) ? "this job itself (Clear also clears the jobs inside)" : "this job"}.</p>`;
  }

  async applyEdit() {
    const form = $("job-edit-form");
    const ids = this.ids();
    const props = {};
    for (const name of EDIT_FIELDS) {
      const el = form.elements[name];
      if (!el.classList.contains("dirty")) continue;
      const v = el.value.trim();
      if (INT_FIELDS.has(name) && !/^-?\d+$/.test(v)) {
        this.ctx.reportError(new Error(`${name} must be a whole number`), "Edit");
        el.focus();
        return;
      }
      if (COUNT_FIELDS.has(name) && !/^\d+$/.test(v)) {
        this.ctx.reportError(new Error(`${name} must be a whole number, 0 or more`), "Edit");
        el.focus();
        return;
      }
      props[name] = name === "Title" || name === "Command" ? el.value : name === "Environment" ? envWire(el.value) : v;
    }
    if (!ids.length || !Object.keys(props).length) {
      this.ctx.toast("Nothing to apply: change a field first");
      return;
    }
    try {
      await this.ctx.api.updateJobs(ids, props);
      this.ctx.toast(`Updated ${Object.keys(props).join(", ")} of ${ids.length === 1 ? `job ${ids[0]}` : `${ids.length} jobs`}`);
      for (const el of form.querySelectorAll(".dirty")) el.classList.remove("dirty");
    } catch (err) {
      this.ctx.reportError(err, "Edit");
    }
    this.ctx.refreshSoon();
  }

  async addJob() {
    const form = $("add-form");
    const f = form.elements;
    const params = {};
    const text = (name) => f[name].value;
    for (const name of ["parent", "title", "cmd", "dir", "priority", "retry", "timeout", "affinity", "dependencies", "url", "user", "localprogress", "globalprogress",
      "maxworkererrors", "forgivetime", "limits", "stalltimeout"]) {
      const v = text(name);
      if (v.trim() !== "") params[name] = name === "cmd" || name === "title" ? v : v.trim();
    }
    for (const name of ["priority", "retry", "timeout", "maxworkererrors", "forgivetime", "stalltimeout"]) {
      const pattern = COUNT_FIELDS.has(name) ? /^\d+$/ : /^-?\d+$/;
      if (params[name] !== undefined && !pattern.test(params[name])) {
        this.ctx.reportError(new Error(`${name} must be a whole number${COUNT_FIELDS.has(name) ? ", 0 or more" : ""}`), "Add job");
        f[name].focus();
        return;
      }
    }
    const env = text("env").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    if (env.length) params.env = env.join("\\n");
    if (params.parent === undefined) params.parent = String(this.parent);
    try {
      const id = await this.ctx.api.addJob(params);
      this.ctx.toast(`Job ${id} added`);
      if (!f.again.checked) $("add-dialog").close();
      else { f.title.select(); }
    } catch (err) {
      this.ctx.reportError(err, "Add job");
    }
    this.ctx.refreshSoon();
  }
}
