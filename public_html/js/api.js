// The /json/ API of the Coalition server. Every parameter is URL-encoded;
// list parameters are sent as repeated keys (id=3&id=4).

export class ApiError extends Error {
  constructor(message, { status = 0, body = "" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** Encode an object as form/query text. Arrays become repeated keys; null/undefined are skipped. */
export function encodeParams(params = {}) {
  const usp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) usp.append(key, String(v));
    } else {
      usp.append(key, String(value));
    }
  }
  return usp.toString();
}

function describe(endpoint, status, text) {
  const snippet = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 160);
  return `${endpoint}: HTTP ${status}${snippet ? ` — ${snippet}` : ""}`;
}

async function request(endpoint, params, method) {
  const query = encodeParams(params);
  let url = `json/${endpoint}`;
  const init = { method, headers: {}, cache: "no-store", credentials: "same-origin" };
  if (method === "GET") {
    if (query) url += `?${query}`;
  } else {
    init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = query;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(`${endpoint}: cannot reach the server (${err.message || err})`);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new ApiError(describe(endpoint, response.status, text), { status: response.status, body: text });
  return text;
}

function parseJSON(endpoint, text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(`${endpoint}: the server sent an answer that is not JSON`, { body: text });
  }
}

/** Turn {"Vars":[...], key:[[...]]} into an array of objects keyed by the Vars names. */
export function decodeTable(data, key) {
  const vars = Array.isArray(data?.Vars) ? data.Vars : [];
  const rows = Array.isArray(data?.[key]) ? data[key] : [];
  const out = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const o = {};
    for (let j = 0; j < vars.length; j++) o[vars[j]] = r[j];
    out[i] = o;
  }
  return { vars, rows: out };
}

async function read(endpoint, params) {
  return parseJSON(endpoint, await request(endpoint, params, "GET"));
}

/** A mutating call that must answer `1`. */
async function act(endpoint, params) {
  const text = (await request(endpoint, params, "POST")).trim();
  if (text !== "1") {
    throw new ApiError(`${endpoint}: the server refused the request (answer ${JSON.stringify(text.slice(0, 80))})`, { body: text });
  }
  return true;
}

export const api = {
  /** Children of job `id`. With `previous` (an earlier answer), an unchanged answer is returned as is. */
  async getJobs(id = 0, filter = "", previous = null, extra = undefined) {
    // Resources: the request and wait-reason columns (after the v3 ones); Rules: the
    // scheduling-rule columns; `extra` names more.
    const columns = ["Resources", "Rules"].concat(extra === undefined ? [] : extra);
    const raw = await request("getjobs", { id, filter: filter || undefined, extra: columns }, "GET");
    if (previous && previous.raw === raw) return previous;
    const data = parseJSON("getjobs", raw);
    const { vars, rows } = decodeTable(data, "Jobs");
    const parents = Array.isArray(data?.Parents) ? data.Parents : [];
    return { vars, jobs: rows, parents, raw };
  },
  async getWorkers() {
    const { vars, rows } = decodeTable(await read("getworkers", { extra: 1 }), "Workers");
    return { vars, workers: rows };
  },
  /** The workers that failed job `id`: [{Worker, Errors, Until}] (Until 0 = not blocked yet, -1 = for good). */
  async getBlocklist(id) {
    const value = parseJSON("getblocklist", await request("getblocklist", { id }, "GET"));
    return Array.isArray(value) ? value : [];
  },
  clearBlocklist(ids) { return act("clearblocklist", { id: ids }); },
  /** Every limit by name: {name: {max, used}}. */
  async getLimits() {
    const value = parseJSON("getlimits", await request("getlimits", {}, "GET"));
    return value && typeof value === "object" ? value : {};
  },
  async getActivities({ job, worker, howlong } = {}) {
    const params = {};
    if (job !== undefined && job !== null && job !== "") params.job = job;
    if (worker) params.worker = worker;
    if (howlong !== undefined && howlong !== null && howlong !== "" && Number(howlong) >= 0) params.howlong = howlong;
    const { vars, rows } = decodeTable(await read("getactivities", params), "Activities");
    return { vars, activities: rows };
  },
  async getLog(id) {
    const text = await request("getlog", { id }, "GET");
    const value = parseJSON("getlog", text);
    return typeof value === "string" ? value : String(value ?? "");
  },
  /** The log from byte `offset`: {log, offset, end}; `end` is the next offset. An `end` below the
   *  requested offset means the log was reset (read again from 0). */
  async getLogPart(id, offset) {
    const value = parseJSON("getlog", await request("getlog", { id, offset }, "GET"));
    if (!value || typeof value.log !== "string" || !Number.isFinite(value.end)) {
      const err = new ApiError("getlog: the server does not answer by offset", { body: String(value).slice(0, 80) });
      err.notByOffset = true;
      throw err;
    }
    return value;
  },
  async addJob(params) {
    const text = (await request("addjob", params, "POST")).trim();
    const id = /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(id) || id < 0) {
      throw new ApiError(`addjob: the server refused the job (answer ${JSON.stringify(text.slice(0, 80))}); check the parent and the numbers`, { body: text });
    }
    return id;
  },
  /** The render presets with their parameters (docs/presets.md). */
  getPresets: () => read("presets", {}),
  /** Queue a render (or, with dryrun: 1, describe it). Answers the parent id, or the dry-run document. */
  async submit(params) {
    let text;
    try {
      text = (await request("submit", params, "POST")).trim();
    } catch (err) {
      // A refusal is HTTP 400 with "error: <reason>": show the reason alone.
      if (err instanceof ApiError && err.status === 400) throw new ApiError(err.body.replace(/^error: /, "").trim(), { status: 400, body: err.body });
      throw err;
    }
    if (params.dryrun) return parseJSON("submit", text);
    if (!/^\d+$/.test(text)) throw new ApiError(`submit: unexpected answer ${JSON.stringify(text.slice(0, 80))}`, { body: text });
    return Number(text);
  },
  clearJobs: (ids) => act("clearjobs", { id: ids }),
  resetJobs: (ids) => act("resetjobs", { id: ids }),
  resetErrorJobs: (ids) => act("reseterrorjobs", { id: ids }),
  startJobs: (ids) => act("startjobs", { id: ids }),
  pauseJobs: (ids) => act("pausejobs", { id: ids }),
  moveJobs: (ids, dest) => act("movejobs", { id: ids, dest }),
  updateJobs: (ids, props) => act("updatejobs", { id: ids, prop: Object.keys(props), value: Object.values(props) }),
  clearWorkers: (names) => act("clearworkers", { id: names }),
  stopWorkers: (names) => act("stopworkers", { id: names }),
  startWorkers: (names) => act("startworkers", { id: names }),
  updateWorkers: (names, props) => act("updateworkers", { id: names, prop: Object.keys(props), value: Object.values(props) }),
};
