// Charts view: jobs finished and failed per hour and worker utilisation over the last
// 24 hours (from activities), and the running jobs' progress. Drawn as inline SVG, no
// library; the SVGs scale to the width of the screen.

import { esc, clamp01, percent } from "./format.js";

const $ = (id) => document.getElementById(id);
const HOURS = 24;
const EVERY = 10000; // the charts are history: at most one refresh every 10 s
const MAX_RUNNING = 20;

/** Finished and failed runs per hour: `hours` buckets ending at the hour after `now`. */
export function runsPerHour(acts, now, hours = HOURS) {
  const end = Math.ceil(now / 3600) * 3600;
  const start = end - hours * 3600;
  const finished = new Array(hours).fill(0);
  const failed = new Array(hours).fill(0);
  for (const a of acts) {
    const t = Number(a.Start) + Number(a.Duration || 0);
    if (!(t >= start && t < end)) continue;
    const i = Math.floor((t - start) / 3600);
    if (a.State === "FINISHED") finished[i]++;
    else if (a.State === "ERROR") failed[i]++;
  }
  return { start, finished, failed };
}

/** Share of the workers' time spent running jobs, per hour (runs clipped to each hour). */
export function utilisationPerHour(acts, workers, now, hours = HOURS) {
  const end = Math.ceil(now / 3600) * 3600;
  const start = end - hours * 3600;
  const busy = new Array(hours).fill(0);
  for (const a of acts) {
    const s = Number(a.Start);
    const e = a.State === "WORKING" ? now : s + Number(a.Duration || 0);
    for (let i = Math.max(0, Math.floor((s - start) / 3600)); i < hours; i++) {
      const h0 = start + i * 3600;
      const h1 = h0 + 3600;
      if (h0 >= e) break;
      busy[i] += Math.max(0, Math.min(e, h1, now) - Math.max(s, h0));
    }
  }
  return busy.map((b, i) => {
    const h0 = start + i * 3600;
    const span = Math.max(0, Math.min(3600, now - h0));
    return workers > 0 && span > 0 ? clamp01(b / (workers * span)) : 0;
  });
}

function hourLabel(epoch) {
  return new Date(epoch * 1000).toLocaleTimeString([], { hour: "2-digit", hour12: false });
}

/** Vertical bars: `series` = [{values, cls, label}] stacked per bucket. */
function barChart(series, start, { max = null, format = String, title = "" } = {}) {
  const n = series[0].values.length;
  const W = 720, H = 220, L = 40, B = 24, T = 10;
  const top = max ?? Math.max(1, ...series[0].values.map((_, i) => series.reduce((s, x) => s + x.values[i], 0)));
  const bw = (W - L - 4) / n;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const parts = [`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" preserveAspectRatio="xMidYMid meet">`];
  for (const f of [0, 0.5, 1]) {
    parts.push(`<line class="grid" x1="${L}" x2="${W}" y1="${y(top * f)}" y2="${y(top * f)}"/>`);
    parts.push(`<text class="axis" x="${L - 4}" y="${y(top * f) + 4}" text-anchor="end">${esc(format(top * f))}</text>`);
  }
  for (let i = 0; i < n; i++) {
    let base = 0;
    const x = L + 2 + i * bw;
    for (const s of series) {
      const v = s.values[i];
      if (v > 0) {
        parts.push(`<rect class="${s.cls}" x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}"><title>${esc(hourLabel(start + i * 3600))}h: ${esc(format(v))} ${esc(s.label)}</title></rect>`);
      }
      base += v;
    }
    if (i % 3 === 0) parts.push(`<text class="axis" x="${(x + bw / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${esc(hourLabel(start + i * 3600))}</text>`);
  }
  parts.push("</svg>");
  return parts.join("");
}

/** Horizontal progress bars, one per running job. */
function progressChart(rows) {
  if (!rows.length) return `<p class="hint">No job is running.</p>`;
  const W = 720, RH = 26, L = 220;
  const H = rows.length * RH + 4;
  const parts = [`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Running jobs' progress">`];
  rows.forEach((j, i) => {
    const y = 2 + i * RH;
    const p = clamp01(Number(j.LocalProgress) || 0);
    const label = `${j.ID} ${j.Title}`.slice(0, 32);
    parts.push(`<a href="#/log?id=${j.ID}"><text class="label" x="0" y="${y + 17}">${esc(label)}</text></a>`);
    parts.push(`<rect class="track" x="${L}" y="${y + 4}" width="${W - L - 60}" height="16" rx="3"/>`);
    parts.push(`<rect class="done" x="${L}" y="${y + 4}" width="${((W - L - 60) * p).toFixed(1)}" height="16" rx="3"><title>${esc(percent(p))}</title></rect>`);
    parts.push(`<text class="axis" x="${W - 4}" y="${y + 17}" text-anchor="end">${esc(percent(p))}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

export class ChartsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.at = 0;
    this.parentOf = new Map(); // job ID → parent ID, to find running jobs' rows
  }

  title() { return "Charts"; }
  show() { this.at = 0; }
  hide() {}
  affectedBy(ev) { return ev.jobs.length > 0 || ev.workers.length > 0; }

  async refresh() {
    const now = Date.now();
    if (now - this.at < EVERY) return;
    this.at = now;
    const { api } = this.ctx;
    const [acts, workers] = await Promise.all([api.getActivities({ howlong: HOURS * 3600 + 3600 }), api.getWorkers()]);
    const t = now / 1000;
    const runs = runsPerHour(acts.activities, t);
    $("chart-runs").innerHTML = barChart([
      { values: runs.finished, cls: "finished", label: "finished" },
      { values: runs.failed, cls: "error", label: "failed" },
    ], runs.start, { title: "Jobs finished and failed per hour" });
    const usable = workers.workers.filter((w) => w.Active).length;
    const util = utilisationPerHour(acts.activities, usable, t);
    $("chart-util").innerHTML = barChart([{ values: util, cls: "working", label: "busy" }], runs.start,
      { max: 1, format: (v) => `${Math.round(v * 100)}%`, title: "Worker utilisation per hour" });
    $("chart-running").innerHTML = progressChart(await this.running(workers.workers));
  }

  /** The running jobs' rows (from the workers' current jobs), at most MAX_RUNNING. */
  async running(workers) {
    const { api } = this.ctx;
    const ids = [...new Set(workers.filter((w) => w.State === "WORKING" && w.LastJob >= 0).map((w) => w.LastJob))].slice(0, MAX_RUNNING);
    for (const id of ids) {
      if (this.parentOf.has(id)) continue;
      const chain = (await api.getJobs(id)).parents;
      this.parentOf.set(id, chain.length > 1 ? chain[chain.length - 2].ID : 0);
    }
    const byParent = new Map();
    for (const id of ids) {
      const p = this.parentOf.get(id);
      if (!byParent.has(p)) byParent.set(p, []);
      byParent.get(p).push(id);
    }
    const rows = [];
    for (const [parent, wanted] of byParent) {
      const listing = await api.getJobs(parent, "WORKING");
      for (const j of listing.jobs) if (wanted.includes(j.ID)) rows.push(j);
    }
    return rows.sort((a, b) => a.ID - b.ID);
  }
}
