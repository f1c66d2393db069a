// "Add render": submit a file's frame range with a render preset (/json/presets, /json/submit).
// The preset's parameters become the form's fields: a select for choices, a checkbox for
// booleans, a text field otherwise; required ones are marked and checked by the browser.

const $ = (id) => document.getElementById(id);
const OPTIONS = ["title", "parent", "priority", "retry", "timeout", "affinity", "dir", "user"];

export class RenderForm {
  constructor(ctx, currentFolder) {
    this.ctx = ctx;
    this.currentFolder = currentFolder;
    this.presets = [];
    this.dialog = $("render-dialog");
    this.form = $("render-form");
    $("job-render").addEventListener("click", () => this.open());
    document.addEventListener("keydown", (e) => {
      if (e.key !== "r" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target.closest && e.target.closest("input, textarea, select, dialog")) return;
      if ($("view-jobs").hidden) return;
      e.preventDefault();
      this.open();
    });
    for (const b of this.form.querySelectorAll("[data-close]")) b.addEventListener("click", () => this.dialog.close());
    $("render-preset").addEventListener("change", () => this.showParameters());
    $("render-dryrun").addEventListener("click", () => this.send(true));
    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.send(false); });
  }

  async open() {
    try {
      const listing = await this.ctx.api.getPresets();
      this.presets = Array.isArray(listing.presets) ? listing.presets : [];
    } catch (err) {
      this.ctx.reportError(err, "Presets");
      return;
    }
    const select = $("render-preset");
    const previous = select.value;
    select.replaceChildren(...this.presets.map((p) => new Option(p.title || p.name, p.name)));
    if (this.presets.some((p) => p.name === previous)) select.value = previous;
    this.form.elements.parent.value = String(this.currentFolder() ?? 0);
    this.showParameters();
    $("render-preview").hidden = true;
    this.dialog.showModal();
    this.form.elements.file.focus();
  }

  preset() {
    return this.presets.find((p) => p.name === $("render-preset").value);
  }

  showParameters() {
    const preset = this.preset();
    const box = $("render-params");
    box.replaceChildren(box.querySelector("legend"));
    $("render-description").textContent = preset?.description || "";
    if (!preset) return;
    this.form.elements.chunk.placeholder = String(preset.chunk);
    for (const p of preset.parameters || []) box.append(this.field(p));
    box.hidden = !(preset.parameters || []).length;
  }

  field(p) {
    const label = document.createElement("label");
    label.className = p.type === "shell" || p.type === "path" ? "wide" : "";
    label.append(`${p.name}${p.required ? " *" : ""} `);
    let input;
    if (p.type === "choice") {
      input = document.createElement("select");
      input.append(new Option(p.required ? "" : "(default)", ""));
      for (const c of p.choices || []) input.append(new Option(c, c));
      if (p.default != null) input.value = p.default;
    } else if (p.type === "boolean") {
      input = document.createElement("input");
      input.type = "checkbox";
      input.checked = p.default === "1";
      label.classList.add("check");
    } else {
      input = document.createElement(p.type === "shell" ? "textarea" : "input");
      if (p.type === "integer" || p.type === "number") input.inputMode = "decimal";
      input.placeholder = p.default ?? "";
    }
    input.dataset.param = p.name;
    input.dataset.type = p.type;
    input.required = !!p.required && p.type !== "boolean";
    if (p.description) label.title = p.description;
    label.append(input);
    return label;
  }

  params(dryrun) {
    const f = this.form.elements;
    const params = { preset: f.preset.value, file: f.file.value.trim(), frames: f.frames.value.trim(), param: [] };
    if (f.chunk.value.trim()) params.chunk = f.chunk.value.trim();
    for (const name of OPTIONS) if (f[name].value.trim() !== "") params[name] = f[name].value.trim();
    if (f.paused.checked) params.paused = 1;
    for (const input of $("render-params").querySelectorAll("[data-param]")) {
      const value = input.type === "checkbox" ? (input.checked ? "1" : "0") : input.value;
      if (value !== "") params.param.push(`${input.dataset.param}=${value}`);
    }
    if (dryrun) params.dryrun = 1;
    return params;
  }

  async send(dryrun) {
    if (!dryrun && !this.form.reportValidity()) return;
    try {
      const answer = await this.ctx.api.submit(this.params(dryrun));
      if (dryrun) {
        const jobs = answer.jobs || [];
        const lines = jobs.slice(0, 50).map((j) => `${j.title}: ${j.command}`);
        if (jobs.length > 50) lines.push(`… ${jobs.length - 50} more`);
        $("render-preview").textContent = `${answer.title}: ${jobs.length} job${jobs.length === 1 ? "" : "s"}\n${lines.join("\n")}`;
        $("render-preview").hidden = false;
      } else {
        this.ctx.toast(`Render queued: job ${answer}`);
        this.dialog.close();
      }
    } catch (err) {
      this.ctx.reportError(err, dryrun ? "Preview" : "Render");
    }
    this.ctx.refreshSoon();
  }
}
