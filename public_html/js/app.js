// Application shell: routing by URL hash, live polling, overview, messages and confirmations.

import { api } from "./api.js";
import { Overview } from "./overview.js";
import { JobsView } from "./jobs.js";
import { WorkersView } from "./workers.js";
import { ActivitiesView } from "./activities.js";
import { LogView } from "./log.js";
import { ChartsView } from "./charts.js";
import { RenderForm } from "./render.js";

const POLL_MS = 2000;
// While /json/events pushes changes, polling only guards against a change the stream did not name.
const SAFETY_POLL_MS = 15000;
// Pushed changes trigger at most one refresh per this many milliseconds (or four times a refresh's time).
const PUSH_GAP_MS = 250;
const $ = (id) => document.getElementById(id);

// ---------- messages ----------
function toast(message, { error = false, ms = error ? 9000 : 3500 } = {}) {
  const el = document.createElement("div");
  el.className = `toast${error ? " error" : ""}`;
  el.setAttribute("role", error ? "alert" : "status");
  el.textContent = message;
  $("toasts").append(el);
  setTimeout(() => el.remove(), ms);
}

let bannerFromPoll = false;
function showBanner(message, fromPoll = false) {
  $("banner-text").textContent = message;
  $("banner").hidden = false;
  bannerFromPoll = fromPoll;
}
function hideBanner() {
  $("banner").hidden = true;
  bannerFromPoll = false;
}
$("banner-close").addEventListener("click", hideBanner);

function reportError(err, context = "") {
  const msg = `${context ? `${context}: ` : ""}${err?.message || err}`;
  console.error(msg, err);
  toast(msg, { error: true });
  showBanner(msg);
}

function confirmDialog(text, okLabel = "OK") {
  const dlg = $("confirm-dialog");
  $("confirm-text").textContent = text;
  $("confirm-ok").textContent = okLabel;
  return new Promise((resolve) => {
    dlg.returnValue = "";
    dlg.addEventListener("close", () => resolve(dlg.returnValue === "ok"), { once: true });
    dlg.showModal();
    $("confirm-cancel").focus();
  });
}

// ---------- routing ----------
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const name = (q < 0 ? raw : raw.slice(0, q)) || "jobs";
  const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  return { name, params };
}

function hashFor(name, params) {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === "") continue;
    usp.set(k, String(v));
  }
  const q = usp.toString();
  return `#/${name}${q ? `?${q}` : ""}`;
}

/** Change the URL: push (history entry) for navigation, replace for filter/sort tweaks. */
function navigate(name, params, { replace = false } = {}) {
  const hash = hashFor(name, params);
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(null, "", hash);
    route();
  } else {
    location.hash = hash;
  }
}

const ctx = { api, toast, reportError, confirm: confirmDialog, navigate, refreshSoon: () => refreshSoon() };
const views = {
  jobs: new JobsView(ctx),
  workers: new WorkersView(ctx),
  activities: new ActivitiesView(ctx),
  log: new LogView(ctx),
  charts: new ChartsView(ctx),
};
ctx.views = views;
const overview = new Overview(ctx);
new RenderForm(ctx, () => views.jobs.parent);
let current = null;

function route() {
  let { name, params } = parseHash();
  if (!views[name]) name = "jobs";
  const view = views[name];
  if (current !== view) {
    current?.hide();
    for (const el of document.querySelectorAll(".view")) el.hidden = el.dataset.view !== name;
    for (const a of document.querySelectorAll(".tabs a")) {
      if (a.dataset.view === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    current = view;
  }
  view.show(params);
  document.title = `${view.title ? view.title() + " · " : ""}Coalition`;
  refreshSoon();
}
window.addEventListener("hashchange", route);

// ---------- live updates ----------
let live = true;
let timer = 0;
let lastSpent = 0;
let lastTickEnd = 0;
let running = false;
let again = false;

function setLiveState(state, text) {
  const el = $("live");
  el.classList.toggle("error", state === "error");
  el.classList.toggle("paused", state === "paused");
  $("live-text").textContent = text;
}

async function tick(overviewOnly = false) {
  clearTimeout(timer);
  timer = 0;
  if (running) {
    again = true;
    return;
  }
  running = true;
  const t0 = performance.now();
  try {
    let failure = null;
    try {
      if (current && overviewOnly !== true) await current.refresh();
    } catch (err) {
      failure = err;
    }
    try {
      await overview.refresh(current);
    } catch (err) {
      failure = failure || err;
    }
    if (failure) throw failure;
    if (bannerFromPoll) hideBanner();
    const now = new Date();
    setLiveState(live && !document.hidden ? "ok" : "paused",
      `${live ? "live" : "paused"} · ${now.toLocaleTimeString([], { hour12: false })}`);
  } catch (err) {
    console.error(err);
    setLiveState("error", "connection problem");
    showBanner(`Cannot update: ${err?.message || err}`, true);
  } finally {
    running = false;
  }
  const spent = performance.now() - t0;
  if (again) {
    again = false;
    timer = setTimeout(tick, 0);
  } else if (live && !document.hidden) {
    // Back off on very large farms so the browser and the server keep breathing.
    const period = current?.pollMs?.() ?? (changes.connected ? SAFETY_POLL_MS : POLL_MS);
    timer = setTimeout(tick, Math.max(period, spent * 2));
  }
  lastSpent = spent;
  lastTickEnd = performance.now();
}

function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(tick, 0);
}

// ---------- pushed changes ----------
// /json/events names what changed; the current view refreshes when the change concerns it.
// Without the stream (old server, proxy, too many clients) the views are polled as before.
const changes = {
  source: null,
  connected: false,
  pending: false,
  start() {
    if (!("EventSource" in window) || this.source) return;
    const es = new EventSource("json/events");
    this.source = es;
    es.onopen = () => { this.connected = true; $("live").title = "Changes are pushed by the server"; };
    es.onmessage = (e) => {
      let ev;
      try { ev = JSON.parse(e.data); } catch { return; }
      this.connected = true;
      if (ev.reload || ev.all || ev.totals) overview.invalidate();
      const view = ev.reload || ev.all || !current?.affectedBy || current.affectedBy(ev);
      if (view || ev.totals) this.refresh(view);
    };
    es.onerror = () => {
      // The browser reconnects by itself; until then, poll.
      const wasConnected = this.connected;
      this.connected = false;
      $("live").title = `Live updates every ${POLL_MS / 1000} seconds`;
      if (es.readyState === EventSource.CLOSED) {
        this.source = null;
        setTimeout(() => this.start(), 5000);
      }
      if (wasConnected && live && !document.hidden) refreshSoon();
    };
  },
  wantView: false,
  /** Refresh the overview, and the current view too when `view`, after a short gap. */
  refresh(view) {
    this.wantView = this.wantView || view;
    if (!live || document.hidden || this.pending) return;
    // A large folder is refreshed no more often than polling would (a refresh of 100,000 rows takes time).
    const gap = Math.max(PUSH_GAP_MS, lastSpent * 4) - (performance.now() - lastTickEnd);
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      const overviewOnly = !this.wantView;
      this.wantView = false;
      clearTimeout(timer);
      timer = setTimeout(() => tick(overviewOnly), 0);
    }, Math.max(0, gap));
  },
};
ctx.changes = changes;

document.addEventListener("visibilitychange", () => {
  if (document.hidden) {
    clearTimeout(timer);
    timer = 0;
    setLiveState("paused", "paused (tab hidden)");
  } else if (live) {
    refreshSoon();
  }
});

$("live-toggle").addEventListener("click", () => {
  live = !live;
  $("live-toggle").textContent = live ? "Pause" : "Resume";
  $("live-toggle").setAttribute("aria-pressed", String(live));
  if (live) refreshSoon();
  else {
    clearTimeout(timer);
    setLiveState("paused", "paused");
  }
});

// Global shortcuts: g j / g w / g a / g l switch views; "/" focuses the search field.
let gPending = 0;
document.addEventListener("keydown", (e) => {
  const t = e.target;
  if (t.closest && t.closest("input, textarea, select, dialog")) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (gPending && Date.now() - gPending < 1200) {
    gPending = 0;
    const map = { j: "jobs", w: "workers", a: "activities", l: "log", c: "charts" };
    if (map[e.key]) {
      e.preventDefault();
      navigate(map[e.key], map[e.key] === "jobs" ? views.jobs.stateParams() : {});
    }
    return;
  }
  if (e.key === "g") gPending = Date.now();
  else if (e.key === "/") {
    const search = document.querySelector(".view:not([hidden]) input[type=search]");
    if (search) {
      e.preventDefault();
      search.focus();
    }
  }
});

route();
changes.start();
