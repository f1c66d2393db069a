// Log view: the output of one job (always inserted as text, never as HTML), following live
// while the job runs, with its state and progress.

import { esc, formatDuration, percent, clamp01 } from "./format.js";
import { progressHTML } from "./jobs.js";

const $ = (id) => document.getElementById(id);
const FULL_EVERY = 10000;
// The view keeps the last this many characters of a log (a job printing 10 MB/s would
// otherwise fill the browser's memory); the whole log stays on the server.
const KEEP_CHARS = 4_000_000;
// Parts read back to back in one refresh (each at most 4 MiB).
const PARTS_PER_REFRESH = 8;

export class LogView {
  constructor(ctx) {
    this.ctx = ctx;
    this.id = null;
    this.reset();
    const pre = $("log-text");
    pre.addEventListener("scroll", () => {
      if (this.programmatic) { this.programmatic = false; return; }
      const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
      $("log-follow").checked = atBottom;
    });
    $("log-follow").addEventListener("change", () => this.stick());
    $("log-wrap").addEventListener("change", (e) => pre.classList.toggle("wrap", e.target.checked));
    $("log-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const v = $("log-id").value.trim();
      if (!/^\d+$/.test(v)) { this.ctx.reportError(new Error("enter a job ID"), "Log"); return; }
      this.ctx.navigate("log", { id: v });
    });
  }

  reset() {
    this.text = "";
    this.job = null;
    this.parentId = null;
    this.fullAt = 0;
    this.logAt = 0;
    this.seq = 0;
    this.known = false;
    this.jobTitle = "";
    this.missing = false;
    this.offset = 0;
    this.byOffset = true;
    this.shownChars = 0;
    this.trimmed = false;
  }

  title() { return this.id === null ? "Log" : `Log ${this.id}`; }

  show(params) {
    const raw = params.get("id");
    const id = raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
    if (id !== this.id) {
      this.id = id;
      this.reset();
      $("log-text").textContent = "";
      $("log-text").dataset.job = id === null ? "" : String(id);
      $("log-follow").checked = true;
      this.renderHead();
    }
    $("log-id").value = id === null ? "" : String(id);
    $("tab-log").href = id === null ? "#/log" : `#/log?id=${id}`;
  }

  hide() {}

  affectedBy(ev) { return this.id !== null && ev.jobs.includes(this.id); }

  /** A running job's log is read every second (only its new bytes). */
  pollMs() { return this.job?.State === "WORKING" ? 1000 : undefined; }

  async refresh() {
    if (this.id === null) return;
    const id = this.id;
    const seq = ++this.seq;
    const now = Date.now();
    const prevState = this.job?.State;
    await this.refreshJob(now);
    if (seq !== this.seq || id !== this.id) return;
    const state = this.job?.State;
    if (!this.logAt || state === "WORKING" || state !== prevState || now - this.logAt >= FULL_EVERY) {
      if (this.byOffset) {
        if (!(await this.readNew(id, seq))) return;
      } else {
        const text = await this.ctx.api.getLog(id);
        if (seq !== this.seq || id !== this.id) return;
        this.showText(text);
      }
      this.logAt = now;
    }
    this.renderHead();
  }

  async refreshJob(now) {
    const api = this.ctx.api;
    if (!this.known) {
      const self = await api.getJobs(this.id);
      const chain = self.parents;
      const last = chain[chain.length - 1];
      if (!last || last.ID !== this.id) {
        this.job = null;
        this.missing = true;
        return;
      }
      this.missing = false;
      this.jobTitle = last.Title;
      this.parentId = chain.length > 1 ? chain[chain.length - 2].ID : 0;
      this.known = true;
    }
    // Ask only for the siblings in the last known state; if the job is not among them its state
    // changed, and one full listing tells the new one.
    let row = null;
    if (this.job && now - this.fullAt < FULL_EVERY) {
      const part = await api.getJobs(this.parentId, this.job.State);
      row = part.jobs.find((j) => j.ID === this.id) || null;
    }
    if (!row) {
      const all = await api.getJobs(this.parentId);
      row = all.jobs.find((j) => j.ID === this.id) || null;
      this.fullAt = now;
      if (!row) {
        // Moved or removed: look it up again next time.
        this.known = false;
      }
    }
    this.job = row;
    this.missing = !row;
  }

  /** Appends what the log gained since `offset`; false when the view moved on meanwhile. */
  async readNew(id, seq) {
    for (let i = 0; i < PARTS_PER_REFRESH; i++) {
      let part;
      try {
        part = await this.ctx.api.getLogPart(id, this.offset);
      } catch (err) {
        if (!err?.notByOffset) throw err;
        // A server without offsets answers the whole log: read it whole from now on.
        this.byOffset = false;
        return true;
      }
      if (seq !== this.seq || id !== this.id) return false;
      if (part.end < this.offset) {
        // The log was reset: start again.
        this.offset = 0;
        this.clearText();
        continue;
      }
      this.offset = part.end;
      if (!part.log) break;
      this.appendText(part.log);
    }
    return true;
  }

  clearText() {
    $("log-text").textContent = "";
    this.text = "";
    this.shownChars = 0;
    this.trimmed = false;
  }

  appendText(text) {
    const pre = $("log-text");
    pre.append(document.createTextNode(text));
    this.shownChars += text.length;
    while (this.shownChars > KEEP_CHARS && pre.firstChild) {
      const first = pre.firstChild;
      if (first.nodeType === Node.ELEMENT_NODE) { first.remove(); continue; }
      const extra = this.shownChars - KEEP_CHARS;
      const len = first.textContent.length;
      if (len <= extra) { first.remove(); this.shownChars -= len; }
      else { first.textContent = first.textContent.slice(extra); this.shownChars -= extra; }
      this.trimmed = true;
    }
    if (this.trimmed && !(pre.firstChild && pre.firstChild.nodeType === Node.ELEMENT_NODE)) {
      const note = document.createElement("em");
      note.className = "log-trimmed";
      note.textContent = `(earlier output not shown: only the last ${KEEP_CHARS / 1e6} million characters are kept here)\n`;
      pre.prepend(note);
    }
    this.stick();
  }

  showText(text) {
    const pre = $("log-text");
    if (text === this.text) return;
    if (this.text && text.startsWith(this.text)) pre.append(document.createTextNode(text.slice(this.text.length)));
    else pre.textContent = text;
    this.text = text;
    this.stick();
  }

  stick() {
    if (!$("log-follow").checked) return;
    const pre = $("log-text");
    this.programmatic = true;
    pre.scrollTop = pre.scrollHeight;
  }

  renderHead() {
    const title = $("log-title");
    const badge = $("log-state");
    const prog = $("log-progress");
    const link = $("log-raw");
    if (this.id === null) {
      title.textContent = "Choose a job: enter its ID, or click “log” on a job row";
      badge.textContent = "";
      badge.className = "badge";
      prog.innerHTML = "";
      link.hidden = true;
      return;
    }
    const j = this.job;
    title.textContent = `Job ${this.id}${this.jobTitle ? ` — ${this.jobTitle}` : ""}${this.missing && this.logAt ? " (not in the job list)" : ""}`;
    badge.textContent = j ? j.State : "";
    badge.className = `badge ${j ? j.State : ""}`;
    if (j) {
      const parts = [progressHTML(j)];
      parts.push(`<span>${j.Worker ? `on <b>${esc(j.Worker)}</b>` : ""}</span>`);
      parts.push(`<span>try ${esc(j.Try)}/${esc(j.Retry)}</span>`);
      parts.push(`<span>${esc(formatDuration(j.Duration))}</span>`);
      if (j.GlobalProgress != null) parts.push(`<span title="global progress">global ${esc(percent(clamp01(j.GlobalProgress)))}</span>`);
      prog.innerHTML = parts.join("");
    } else prog.innerHTML = "";
    link.hidden = this.parentId === null;
    if (this.parentId !== null) link.href = `#/jobs${this.parentId ? `?parent=${this.parentId}` : ""}`;
  }
}
