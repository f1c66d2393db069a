// Activities view: the history of job runs, filtered by job, worker and time window.

import { VTable } from "./vtable.js";
import { esc, formatTime, formatDuration } from "./format.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_HOWLONG = "86400";

const COLUMNS = [
  { key: "Start", label: "Start", width: 180, desc: true, render: (a) => esc(formatTime(a.Start)) },
  { key: "JobID", label: "Job", width: 70, num: true, render: (a) => `<a class="rowlink" href="#/log?id=${encodeURIComponent(a.JobID)}" title="Log of job ${esc(a.JobID)}">${esc(a.JobID)}</a>` },
  { key: "JobTitle", label: "Title", width: 200, flex: 2 },
  { key: "State", label: "State", width: 96, render: (a) => `<span class="badge ${esc(a.State)}">${esc(a.State)}</span>` },
  { key: "Worker", label: "Worker", width: 140, flex: 1 },
  { key: "Duration", label: "Duration", width: 90, num: true, desc: true, render: (a) => esc(formatDuration(a.Duration)) },
  { key: "ID", label: "Run", width: 70, num: true, minor: true, title: "Activity ID" },
];

export class ActivitiesView {
  constructor(ctx) {
    this.ctx = ctx;
    this.filters = { job: "", worker: "", howlong: DEFAULT_HOWLONG };
    this.all = [];
    this.loaded = false;
    this.seq = 0;
    this.table = new VTable($("activities-grid"), {
      name: "activities",
      label: "Activities",
      columns: COLUMNS,
      rowKey: (a) => a.ID,
      rowClass: (a) => `st-${a.State}`,
      sort: { key: "Start", dir: -1 },
      tieBreak: (a, b) => b.ID - a.ID,
      onSortChange: () => this.save(),
      onOpen: (a) => this.ctx.navigate("log", { id: a.JobID }),
      emptyText: () => (this.loaded ? "No activity in this window" : "Loading…"),
    });
    $("act-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.filters = { job: $("act-job").value.trim(), worker: $("act-worker").value.trim(), howlong: $("act-howlong").value };
      if (this.filters.job && !/^\d+$/.test(this.filters.job)) {
        this.ctx.reportError(new Error("the job filter must be a job ID"), "Activities");
        return;
      }
      this.loaded = false;
      this.save();
      this.ctx.refreshSoon();
    });
    $("act-clear").addEventListener("click", () => {
      this.filters = { job: "", worker: "", howlong: DEFAULT_HOWLONG };
      this.save();
    });
    $("act-howlong").addEventListener("change", () => $("act-form").requestSubmit());
  }

  title() { return "Activities"; }

  save() {
    const s = this.table.sort;
    this.ctx.navigate("activities", {
      job: this.filters.job, worker: this.filters.worker,
      howlong: this.filters.howlong === DEFAULT_HOWLONG ? "" : this.filters.howlong,
      sort: s.key === "Start" && s.dir < 0 ? "" : `${s.dir < 0 ? "-" : ""}${s.key}`,
    }, { replace: true });
  }

  show(params) {
    const howlong = params.get("howlong") || DEFAULT_HOWLONG;
    const next = { job: params.get("job") || "", worker: params.get("worker") || "", howlong };
    if (JSON.stringify(next) !== JSON.stringify(this.filters)) this.loaded = false;
    this.filters = next;
    $("act-job").value = next.job;
    $("act-worker").value = next.worker;
    const sel = $("act-howlong");
    if (![...sel.options].some((o) => o.value === howlong)) sel.add(new Option(`last ${formatDuration(Number(howlong))}`, howlong));
    sel.value = howlong;
    const m = /^(-?)([A-Za-z]+)$/.exec(params.get("sort") || "-Start");
    if (m && COLUMNS.some((c) => c.key === m[2])) {
      const sort = { key: m[2], dir: m[1] ? -1 : 1 };
      if (sort.key !== this.table.sort.key || sort.dir !== this.table.sort.dir) this.table.setSort(sort, { silent: true });
    }
    if (!this.loaded) this.table.setRows([]);
  }

  hide() {}

  /** Runs start and end with job changes. */
  affectedBy(ev) { return ev.jobs.length > 0; }

  async refresh() {
    const seq = ++this.seq;
    const f = { ...this.filters };
    const data = await this.ctx.api.getActivities({ job: f.job, worker: f.worker, howlong: f.howlong });
    if (seq !== this.seq || JSON.stringify(f) !== JSON.stringify(this.filters)) return;
    this.all = data.activities;
    this.loaded = true;
    this.table.setRows(this.all);
    let finished = 0, dur = 0;
    for (const a of this.all) { if (a.State === "FINISHED") finished++; dur += Number(a.Duration) || 0; }
    $("activities-footer").innerHTML = `<span>${this.all.length} runs</span><span>${finished} finished</span><span>${this.all.length - finished} other</span><span>avg ${esc(formatDuration(this.all.length ? dur / this.all.length : 0))}</span>`;
  }
}
