// Formatting helpers shared by the views. Everything that ends up in HTML goes through esc().

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESC[c]);
}

const pad = (n, w = 2) => String(n).padStart(w, "0");

/** Epoch seconds → "YYYY-MM-DD HH:MM:SS" in local time (months 1-based). */
export function formatTime(epochSeconds) {
  const t = Number(epochSeconds);
  if (!Number.isFinite(t) || t <= 0) return "";
  const d = new Date(t * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Short form for a table: today shows only the time. */
export function formatTimeShort(epochSeconds) {
  const full = formatTime(epochSeconds);
  if (!full) return "";
  const today = formatTime(Date.now() / 1000).slice(0, 10);
  return full.startsWith(today) ? full.slice(11) : full.slice(0, 16);
}

/** Seconds → "1d 2h 3m 4s" (only the significant parts). */
export function formatDuration(seconds) {
  let s = Number(seconds);
  if (!Number.isFinite(s) || s <= 0) return s === 0 ? "0s" : "";
  if (s < 10) return `${s.toFixed(1)}s`;
  s = Math.round(s);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [];
  if (d) parts.push(`${d}d`);
  if (h || d) parts.push(`${h}h`);
  if (m || h || d) parts.push(`${m}m`);
  parts.push(`${s}s`);
  return parts.slice(0, 3).join(" ");
}

/** MiB → "812 MB" or "15.62 GB". */
export function formatMem(mib) {
  const v = Number(mib);
  if (!Number.isFinite(v)) return "";
  if (v >= 1024) return `${(v / 1024).toFixed(v >= 10240 ? 1 : 2)} GB`;
  return `${Math.round(v)} MB`;
}

export function clamp01(x) {
  const v = Number(x);
  if (!Number.isFinite(v)) return 0;
  return Math.max(0, Math.min(1, v));
}

export function percent(x) {
  return `${Math.round(clamp01(x) * 100)}%`;
}

export function deps(value) {
  if (Array.isArray(value)) return value.join(" ");
  return String(value ?? "");
}

/** Natural comparison of two cell values: numbers numerically, strings case-insensitively. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
export function compareValues(a, b) {
  const an = a === null || a === undefined || a === "";
  const bn = b === null || b === undefined || b === "";
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}
