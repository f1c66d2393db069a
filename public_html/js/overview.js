// The farm overview strip shown above every view: jobs by state, workers by state,
// throughput (jobs finished per minute, from activities) and utilisation.

const $ = (id) => document.getElementById(id);
const JOBS_EVERY = 4000;
const ACTIVITIES_EVERY = 10000;
const WINDOW = 600; // seconds of history used for the throughput

export function countJobs(rows) {
  const c = { waiting: 0, working: 0, error: 0, finished: 0, paused: 0 };
  for (const j of rows) {
    if (Number(j.Total) > 0) {
      c.working += j.TotalWorking;
      c.finished += j.TotalFinished;
      c.error += j.TotalErrors;
      c.waiting += Math.max(0, j.Total - j.TotalWorking - j.TotalFinished - j.TotalErrors);
      if (j.State === "PAUSED") c.paused += 1;
    } else if (j.State === "WORKING") c.working++;
    else if (j.State === "FINISHED") c.finished++;
    else if (j.State === "ERROR") c.error++;
    else if (j.State === "PAUSED") c.paused++;
    else c.waiting++;
  }
  return c;
}

export function countWorkers(rows) {
  const c = { working: 0, waiting: 0, timeout: 0, sick: 0, stopped: 0, loadSum: 0, loadN: 0 };
  for (const w of rows) {
    if (!w.Active) c.stopped++;
    if (w.State === "TIMEOUT") c.timeout++;
    else if (w.State === "SICK") c.sick++;
    else if (w.State === "WORKING") c.working++;
    else if (w.Active) c.waiting++;
    if (w.State !== "TIMEOUT" && Array.isArray(w.Load) && w.Load.length) {
      for (const l of w.Load) { c.loadSum += Number(l) || 0; c.loadN++; }
    }
  }
  return c;
}

export class Overview {
  constructor(ctx) {
    this.ctx = ctx;
    this.jobsAt = 0;
    this.actAt = 0;
  }

  /** Something changed on the farm: count the jobs again soon (at most once a second). */
  invalidate() {
    this.jobsAt = Math.min(this.jobsAt, Date.now() - JOBS_EVERY + 1000);
  }

  async refresh(current) {
    const { api, views } = this.ctx;
    const now = Date.now();
    const tasks = [];
    // Workers: reuse what the workers view just loaded.
    const wv = views.workers;
    if (current === wv && wv.loadedAt && now - wv.loadedAt < 1500) this.showWorkers(wv.all);
    else tasks.push(api.getWorkers().then((d) => this.showWorkers(d.workers)));
    // Jobs: reuse the root listing when the jobs view shows it unfiltered.
    const jv = views.jobs;
    if (current === jv && jv.loadedFor === 0 && !jv.state) {
      this.showJobs(jv.all);
      this.jobsAt = now;
    } else if (now - this.jobsAt >= JOBS_EVERY) {
      this.jobsAt = now;
      tasks.push(api.getJobs(0).then((d) => this.showJobs(d.jobs)));
    }
    if (now - this.actAt >= ACTIVITIES_EVERY || this.finishedSeen !== this.finishedAtAct) {
      this.finishedAtAct = this.finishedSeen;
      this.actAt = now;
      tasks.push(api.getActivities({ howlong: WINDOW + 3600 }).then((d) => this.showRate(d.activities)));
    }
    await Promise.all(tasks);
  }

  showJobs(rows) {
    const c = countJobs(rows);
    this.finishedSeen = c.finished;
    $("ov-waiting").textContent = c.waiting;
    $("ov-working").textContent = c.working;
    $("ov-error").textContent = c.error;
    $("ov-finished").textContent = c.finished;
    $("ov-paused").textContent = c.paused;
    const total = c.waiting + c.working + c.error + c.finished || 1;
    const seg = (n, color) => `<i style="width:${(100 * n / total).toFixed(2)}%;background:var(${color})"></i>`;
    $("ov-jobbar").innerHTML = seg(c.finished, "--finished") + seg(c.working, "--working") + seg(c.error, "--error") + seg(c.waiting, "--bar-bg");
    $("ov-jobbar").title = `${c.finished} finished, ${c.working} working, ${c.error} errors, ${c.waiting} waiting`;
  }

  showWorkers(rows) {
    const c = countWorkers(rows);
    $("ov-w-working").textContent = c.working;
    $("ov-w-waiting").textContent = c.waiting;
    $("ov-w-timeout").textContent = c.timeout;
    $("ov-w-sick").textContent = c.sick;
    $("ov-w-stopped").textContent = c.stopped;
    const usable = rows.filter((w) => w.Active && w.State !== "TIMEOUT").length;
    $("ov-util").textContent = usable ? `${Math.round((100 * c.working) / usable)}%` : "–";
    $("ov-cpu").textContent = c.loadN ? `${Math.round(c.loadSum / c.loadN)}%` : "–";
  }

  showRate(acts) {
    const now = Date.now() / 1000;
    let finished = 0;
    for (const a of acts) {
      if (a.State === "FINISHED" && now - (Number(a.Start) + Number(a.Duration || 0)) <= WINDOW) finished++;
    }
    const rate = finished / (WINDOW / 60);
    $("ov-rate").textContent = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  }
}
