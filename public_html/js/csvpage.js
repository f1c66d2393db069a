// csv.html?id=N[&filter=STATE]: the children of job N as CSV text, to copy or download.

import { api } from "./api.js";
import { jobsToCSV, downloadText } from "./csv.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const id = /^\d+$/.test(params.get("id") || "") ? Number(params.get("id")) : 0;
const filter = params.get("filter") || "";

async function main() {
  $("csv-back").href = `index.html#/jobs${id ? `?parent=${id}` : ""}`;
  try {
    const data = await api.getJobs(id, filter);
    const text = jobsToCSV(data.vars, data.jobs);
    const path = data.parents.map((p) => p.Title).join(" › ") || "Root";
    $("csv-title").textContent = `CSV of ${path}${filter ? ` (${filter})` : ""}`;
    document.title = `${path} · CSV · Coalition`;
    $("csv").textContent = text;
    $("csv-info").textContent = `${data.jobs.length} jobs`;
    $("csv").dataset.ready = "1";
    $("csv-download").disabled = false;
    $("csv-copy").disabled = false;
    $("csv-download").addEventListener("click", () => downloadText(`coalition-jobs-${id}.csv`, text.replace(/\n/g, "\r\n")));
    $("csv-copy").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(text);
        $("csv-info").textContent = "Copied";
      } catch {
        const range = document.createRange();
        range.selectNodeContents($("csv"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        $("csv-info").textContent = "Selected: press Ctrl+C";
      }
    });
  } catch (err) {
    $("banner-text").textContent = err.message || String(err);
    $("banner").hidden = false;
    $("csv").dataset.ready = "error";
  }
}
main();
