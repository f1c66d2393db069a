// CSV export of job tables: a header with the Vars names, then one line per job.
// Strings are double-quoted with quotes doubled, numbers are bare, null is empty,
// StartTime is a readable local time (months 1-based) and Dependencies a space-separated list.

import { formatTime } from "./format.js";

export function csvCell(name, value) {
  if (value === null || value === undefined) return "";
  if (name === "StartTime" && typeof value === "number") return `"${formatTime(value)}"`;
  if (Array.isArray(value)) return `"${value.map((v) => String(v).replace(/"/g, '""')).join(" ")}"`;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return `"${String(value).replace(/"/g, '""')}"`;
}

export function jobsToCSV(vars, rows, eol = "\n") {
  const lines = [vars.map((v) => csvCell("", String(v))).join(",")];
  for (const row of rows) lines.push(vars.map((v) => csvCell(v, row[v])).join(","));
  return lines.join(eol) + eol;
}

export function downloadText(filename, text, type = "text/csv;charset=utf-8") {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
