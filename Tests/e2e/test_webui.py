"""The web UI in a real headless Chromium against the real `coalition server`.

Each test drives the page like a wrangler would (clicks, keys, forms) and checks both what
the page shows and what the server really holds. Screenshots go to Tests/artifacts/.
"""
import csv
import io
import json
import subprocess
import time

from conftest import BIN
from webui_helpers import (  # noqa: F401  (fixtures are used by name; importing it installs the browser)
    FormWorker, add_job, browser, job_by_id, jobs_table, screenshot, ui, wait_for, workers_table,
)
from selenium.webdriver.common.keys import Keys  # noqa: E402


# ---------------------------------------------------------------- real worker, when there is one

class RealWorker:
    def __init__(self, server, tmp_path, name):
        self.name = name
        self.dir = tmp_path / ("worker-" + name)
        self.dir.mkdir()
        self.out = open(self.dir / "worker.out", "wb")
        self.proc = subprocess.Popen([BIN, "worker", "-n", name, "-s", "0.5", "-v", server.url],
                                     cwd=str(self.dir), stdout=self.out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def output(self):
        p = self.dir / "worker.out"
        return p.read_text(errors="replace") if p.exists() else ""

    def stop(self):
        from conftest import stop_process
        stop_process(self.proc, group=True)
        self.out.close()


def start_real_worker(server, tmp_path, name):
    """A running `coalition worker`, or None when this build has no working worker yet."""
    try:
        r = subprocess.run([BIN, "worker", "--help"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if r.returncode != 0:
        return None
    w = RealWorker(server, tmp_path, name)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if w.proc.poll() is not None:
            break
        if any(x["Name"].startswith(name) for x in workers_table(server)):
            return w
        time.sleep(0.2)
    w.stop()
    return None


# ---------------------------------------------------------------- helpers

def fill_add_form(ui, expect_close=True, **fields):
    ui.click("job-add")
    ui.wait_js("return document.getElementById('add-dialog').open", "the add-job dialog")
    form = ui.css("#add-form")
    for name, value in fields.items():
        el = form.find_element("css selector", "[name=%s]" % name)
        el.clear()
        el.send_keys(value)
    ui.click("add-submit")
    if expect_close:
        ui.wait_js("return !document.getElementById('add-dialog').open", "the add-job dialog to close")


def wait_refresh(ui):
    """Wait until the next live refresh has completed (the status line carries its time)."""
    before = ui.text("#live-text")
    ui.wait(lambda: ui.text("#live-text") != before, "a live refresh")


def until_not_stale(action, timeout=5.0):
    """Runs `action`, again while the element it found was replaced by a live refresh meanwhile."""
    from selenium.common.exceptions import StaleElementReferenceException
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except StaleElementReferenceException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def new_ids_after(server, before, parent=0):
    rows, _ = jobs_table(server, parent)
    return [r["ID"] for r in rows if r["ID"] not in before]


# ---------------------------------------------------------------- tests

def test_add_job_and_watch_it_run(ui, server, tmp_path):
    """A job added through the form goes WAITING → WORKING → FINISHED on screen; its log shows the output."""
    ui.open("/jobs")
    ui.wait_js("return document.querySelector('#jobs-grid .vt-empty') && !document.querySelector('#jobs-grid .vt-empty').hidden",
               "the empty job list")
    cmd = 'echo "hello <b>from</b> & the farm"; sleep 1.5; echo PROGRESS:50; sleep 1.5; echo second-line-of-output'
    fill_add_form(ui, title="Lifecycle job", cmd=cmd, user="wrangler", priority="1500", retry="3")
    jid = wait_for(lambda: new_ids_after(server, []), message="the job on the server")[0]
    job = job_by_id(server, jid)
    assert job["Title"] == "Lifecycle job" and job["Command"] == cmd and job["User"] == "wrangler"
    assert job["Priority"] == 1500 and job["Retry"] == 3
    ui.wait_cell("jobs", jid, "State", "WAITING")
    ui.wait_cell("jobs", jid, "Title", "Lifecycle job")
    screenshot(ui.d, "jobs-waiting")

    worker = start_real_worker(server, tmp_path, "uireal")
    try:
        if worker is None:
            fw = FormWorker(server, "uiform-1")
            assert fw.pick() == jid
            ui.wait_cell("jobs", jid, "State", "WORKING")
            assert fw.heartbeat(jid, "hello <b>from</b> & the farm\n") == "true"
            assert fw.heartbeat(jid, "PROGRESS:50\n") == "true"
            ui.wait_js("return (document.querySelector('#jobs-grid .vt-row[data-key=\"%d\"] [data-col=Progress]')||{}).textContent === '50%%'" % jid,
                       "the progress bar at 50%")
            assert fw.heartbeat(jid, "second-line-of-output\n") == "true"
            fw.end(jid, 0)
        else:
            ui.wait_cell("jobs", jid, "State", "WORKING", timeout=30)
            assert (ui.cell_text("jobs", jid, "Worker") or "").startswith("uireal")
        ui.wait_cell("jobs", jid, "State", "FINISHED", timeout=40)
        ui.wait_cell("jobs", jid, "Progress", "100%")
        screenshot(ui.d, "jobs")
        # The log link of the row opens the log view.
        ui.row("jobs", jid).find_element("css selector", "[data-col=Log] a").click()
        ui.wait_js("return document.getElementById('log-text').textContent.includes('second-line-of-output')",
                   "the command output in the log view")
        log = ui.text("#log-text")
        assert "hello <b>from</b> & the farm" in log
        assert ui.d.execute_script("return document.querySelectorAll('#log-text *').length") == 0, "log must be text, not HTML"
        ui.wait_js("return document.getElementById('log-state').textContent === 'FINISHED'", "FINISHED in the log header")
        assert "Lifecycle job" in ui.text("#log-title")
        assert ui.hash_params() == ["log", {"id": str(jid)}]
        screenshot(ui.d, "log")
    finally:
        if worker is not None:
            worker.stop()


def test_log_follows_a_running_job(ui, server):
    jid = add_job(server, title="Follow me", cmd="render --long")
    fw = FormWorker(server, "follow-1")
    assert fw.pick() == jid
    assert fw.heartbeat(jid, "line 1 <script>alert(1)</script>\n") == "true"
    ui.open("/log?id=%d" % jid)
    ui.wait_js("return document.getElementById('log-text').textContent.includes('line 1')", "the first line")
    ui.wait_js("return document.getElementById('log-state').textContent === 'WORKING'", "WORKING in the header")
    for n in range(2, 200):
        fw.heartbeat(jid, "line %d\n" % n) if n % 40 else None
    fw.heartbeat(jid, "".join("bulk line %d\n" % n for n in range(300)) + "PROGRESS:75\n")
    ui.wait_js("return document.getElementById('log-text').textContent.includes('bulk line 299')", "the new output")
    # Following: the view is scrolled to the end.
    ui.wait_js("const p = document.getElementById('log-text'); return p.scrollHeight - p.scrollTop - p.clientHeight < 30",
               "the log scrolled to its end")
    ui.wait_js("return document.getElementById('log-progress').textContent.includes('75%')", "the 75% progress")
    assert "<script>alert(1)</script>" in ui.text("#log-text")
    assert ui.d.execute_script("return document.querySelectorAll('#log-text script').length") == 0
    fw.end(jid, 1)
    ui.wait_js("return document.getElementById('log-state').textContent === 'ERROR'", "ERROR in the header")


def test_folders_and_breadcrumb(ui, server):
    """Create a parent with children through the UI and walk in and out of it."""
    ui.open("/jobs")
    fill_add_form(ui, title="Shot 042")
    parent = wait_for(lambda: new_ids_after(server, []), message="the parent job")[0]
    ui.wait_row("jobs", parent)
    ui.double_click_row("jobs", parent)  # no command: a folder
    ui.wait(lambda: ui.crumbs() == ["Root", "Shot 042"], "the breadcrumb Root > Shot 042")
    assert ui.hash_params() == ["jobs", {"parent": str(parent)}]
    # The add form proposes the folder we are in as the parent.
    for n in (1, 2, 3):
        ui.click("job-add")
        ui.wait_js("return document.getElementById('add-dialog').open", "the add dialog")
        assert ui.css("#add-form [name=parent]").get_attribute("value") == str(parent)
        ui.css("#add-form [name=title]").send_keys("frame %d" % n)
        ui.css("#add-form [name=cmd]").send_keys("render -f %d" % n)
        ui.click("add-submit")
        ui.wait_js("return !document.getElementById('add-dialog').open", "the dialog to close")
    kids = wait_for(lambda: len(jobs_table(server, parent)[0]) == 3 and jobs_table(server, parent)[0], message="3 children")
    for k in kids:
        ui.wait_cell("jobs", k["ID"], "State", "WAITING")
    # A child folder two levels down.
    sub = add_job(server, parent=parent, title="Sub folder")
    add_job(server, parent=sub, title="deep leaf", cmd="true")
    ui.wait_row("jobs", sub)
    ui.click_row("jobs", sub)
    ui.css("#jobs-grid .vt").send_keys(Keys.ENTER)  # Enter opens a folder too
    ui.wait(lambda: ui.crumbs() == ["Root", "Shot 042", "Sub folder"], "the 3-level breadcrumb")
    screenshot(ui.d, "jobs-folder")
    # Breadcrumb link back to the parent
    ui.d.find_element("xpath", "//nav[@id='crumbs']//a[text()='Shot 042']").click()
    ui.wait(lambda: ui.crumbs() == ["Root", "Shot 042"], "back in Shot 042")
    ui.wait_row("jobs", kids[0]["ID"])
    # Backspace goes up one level
    ui.click_row("jobs", kids[0]["ID"])
    ui.css("#jobs-grid .vt").send_keys(Keys.BACKSPACE)
    ui.wait(lambda: ui.crumbs() == ["Root"], "back at the root")
    ui.wait_cell("jobs", parent, "Total", "✓0✗0▶0Σ4")
    # Browser history works too
    ui.d.back()
    ui.wait(lambda: ui.crumbs() == ["Root", "Shot 042"], "history back into the folder")


def test_multi_select_pause_and_start(ui, server):
    ids = [add_job(server, title="multi %d" % n, cmd="true") for n in range(6)]
    ui.open("/jobs")
    ui.wait_row("jobs", ids[5])
    ui.click_row("jobs", ids[0])
    ui.click_row("jobs", ids[2], "shift")       # 0..2
    ui.click_row("jobs", ids[4], "ctrl")        # + 4
    ui.click_row("jobs", ids[1], "ctrl")        # - 1
    want = [ids[0], ids[2], ids[4]]
    assert sorted(int(k) for k in ui.selected("jobs")) == want
    assert ui.text("#job-selinfo") == "3 selected"
    ui.click("job-pause")
    for j in want:
        ui.wait_cell("jobs", j, "State", "PAUSED")
    states = {r["ID"]: r["State"] for r in jobs_table(server)[0]}
    assert [states[j] for j in ids] == ["PAUSED", "WAITING", "PAUSED", "WAITING", "PAUSED", "WAITING"]
    # The selection survives the live refreshes.
    wait_refresh(ui)
    wait_refresh(ui)
    assert sorted(int(k) for k in ui.selected("jobs")) == want
    screenshot(ui.d, "jobs-paused")
    ui.click("job-start")
    for j in want:
        ui.wait_cell("jobs", j, "State", "WAITING")
    assert all(r["State"] == "WAITING" for r in jobs_table(server)[0])
    # Keyboard: Shift+ArrowDown extends, "p" pauses
    ui.click_row("jobs", ids[3])
    ui.css("#jobs-grid .vt").send_keys(Keys.SHIFT, Keys.ARROW_DOWN)
    assert sorted(int(k) for k in ui.selected("jobs")) == [ids[3], ids[4]]
    ui.css("#jobs-grid .vt").send_keys("p")
    ui.wait_cell("jobs", ids[4], "State", "PAUSED")
    assert job_by_id(server, ids[3])["State"] == "PAUSED"


def test_cut_and_paste_into_another_parent(ui, server):
    folder = add_job(server, title="Destination")
    a = add_job(server, title="move me A", cmd="true")
    b = add_job(server, title="move me B", cmd="true")
    stay = add_job(server, title="stay here", cmd="true")
    ui.open("/jobs")
    ui.wait_row("jobs", stay)
    ui.click_row("jobs", a)
    ui.click_row("jobs", b, "ctrl")
    ui.click("job-cut")
    ui.wait_js("return document.getElementById('job-paste').textContent.trim() === 'Paste 2'", "Paste 2 enabled")
    ui.double_click_row("jobs", folder)
    ui.wait(lambda: ui.crumbs() == ["Root", "Destination"], "inside Destination")
    ui.click("job-paste")
    ui.wait_row("jobs", a)
    ui.wait_row("jobs", b)
    assert sorted(r["ID"] for r in jobs_table(server, folder)[0]) == [a, b]
    assert sorted(r["ID"] for r in jobs_table(server, 0)[0]) == [folder, stay]
    ui.wait_js("return document.getElementById('job-paste').disabled", "Paste disabled again")


def test_edit_priority_and_properties(ui, server):
    j0 = add_job(server, title="dependency target", cmd="true")
    j1 = add_job(server, title="edit one", cmd="true", priority=1000, affinity="linux")
    j2 = add_job(server, title="edit two", cmd="true", priority=900, affinity="linux")
    ui.open("/jobs")
    ui.wait_row("jobs", j2)
    ui.click_row("jobs", j1)
    ui.click("job-edit")
    ui.wait_js("return !document.getElementById('job-panel').hidden", "the edit panel")
    prio = ui.css("#job-edit-form [name=Priority]")
    assert prio.get_attribute("value") == "1000"
    prio.clear()
    prio.send_keys("1234")
    title = ui.css("#job-edit-form [name=Title]")
    title.clear()
    title.send_keys("edited & renamed #1 + 50%")
    screenshot(ui.d, "jobs-edit")
    ui.click("job-edit-apply")
    ui.wait_cell("jobs", j1, "Priority", "1234")
    job = job_by_id(server, j1)
    assert job["Priority"] == 1234
    assert job["Title"] == "edited & renamed #1 + 50%", "values must be URL-encoded"
    assert job_by_id(server, j2)["Priority"] == 900
    # Two jobs: differing fields are marked mixed; changing only Affinity keeps priorities.
    ui.click_row("jobs", j2, "ctrl")
    ui.wait_js("return document.querySelector('#job-edit-form [name=Priority]').placeholder === '(mixed)'", "mixed priority")
    assert ui.css("#job-edit-form [name=Affinity]").get_attribute("value") == "linux"
    aff = ui.css("#job-edit-form [name=Affinity]")
    aff.clear()
    aff.send_keys("linux,gpu")
    deps = ui.css("#job-edit-form [name=Dependencies]")
    deps.send_keys("%d" % j0)
    ui.click("job-edit-apply")
    wait_for(lambda: job_by_id(server, j2)["Affinity"] == "linux,gpu", message="affinity on job 2")
    assert job_by_id(server, j1)["Affinity"] == "linux,gpu"
    assert job_by_id(server, j1)["Priority"] == 1234 and job_by_id(server, j2)["Priority"] == 900
    assert job_by_id(server, j2)["Dependencies"] == [j0]
    assert job_by_id(server, j1)["Dependencies"] == [j0]
    ui.wait_cell("jobs", j2, "Dependencies", str(j0))


def test_remove_asks_first(ui, server):
    keep = add_job(server, title="keep", cmd="true")
    gone = add_job(server, title="remove me", cmd="true")
    ui.open("/jobs")
    ui.wait_row("jobs", gone)
    ui.click_row("jobs", gone)
    ui.click("job-remove")
    ui.confirm(ok=False)
    assert job_by_id(server, gone) is not None
    ui.css("#jobs-grid .vt").send_keys(Keys.DELETE)
    ui.confirm(ok=True)
    ui.wait_row("jobs", gone, present=False)
    assert job_by_id(server, gone) is None and job_by_id(server, keep) is not None


def test_reset_and_reset_errors(ui, server):
    jid = add_job(server, title="fails", cmd="false")
    fw = FormWorker(server, "reset-1")
    assert fw.pick() == jid
    fw.end(jid, 3)
    ui.open("/jobs")
    ui.wait_cell("jobs", jid, "State", "ERROR")
    ui.click_row("jobs", jid)
    ui.click("job-reseterrors")
    ui.confirm(ok=True)
    ui.wait_cell("jobs", jid, "State", "WAITING")
    assert job_by_id(server, jid)["Try"] == 0


def test_workers_stop_start_and_affinity(ui, server):
    w1 = FormWorker(server, "render01-1", load=(10, 95, 50, 20, 0, 100, 30, 60), free=2048, total=32768)
    w2 = FormWorker(server, "render02-1", load=(5,), free=900, total=1000)
    jid = add_job(server, title="busy", cmd="sleep 100")
    assert w1.pick() == jid
    assert w2.pick() == -1
    ui.open("/workers")
    ui.wait_row("workers", "render02-1")
    ui.wait_cell("workers", "render01-1", "State", "WORKING")
    ui.wait_cell("workers", "render01-1", "LastJob", str(jid))
    assert "30.0 GB / 32.0 GB" == ui.cell_text("workers", "render01-1", "Memory").strip()
    assert len(ui.row("workers", "render01-1").find_elements("css selector", ".loads i")) == 8
    screenshot(ui.d, "workers")
    # Stop the working one: it shows as stopped and its job goes back to WAITING.
    ui.click_row("workers", "render01-1")
    ui.click("worker-stop")
    ui.wait_cell("workers", "render01-1", "Active", "STOPPED")
    assert [w["Active"] for w in workers_table(server) if w["Name"] == "render01-1"] == [False]
    assert w1.heartbeat(jid, "x") == "false"
    assert w1.pick() == -1
    ui.wait_js("return document.getElementById('ov-w-stopped').textContent === '1'", "1 stopped worker in the overview")
    ui.click("worker-start")
    ui.wait_cell("workers", "render01-1", "Active", "active")
    assert [w["Active"] for w in workers_table(server) if w["Name"] == "render01-1"] == [True]
    # Inline affinity edit
    until_not_stale(lambda: ui.row("workers", "render02-1").find_element("css selector", ".aff-edit").click())
    inp = ui.css("#workers-grid input.aff-input")
    inp.send_keys("linux,gpu&big", Keys.ENTER)
    wait_for(lambda: [w["Affinity"] for w in workers_table(server) if w["Name"] == "render02-1"] == ["linux,gpu&big"],
             message="the new affinity on the server")
    ui.wait_cell("workers", "render02-1", "Affinity", "linux,gpu&big")
    # Escape cancels an edit
    until_not_stale(lambda: ui.row("workers", "render02-1").find_element("css selector", ".aff-edit").click())
    ui.css("#workers-grid input.aff-input").send_keys("nope", Keys.ESCAPE)
    ui.wait_cell("workers", "render02-1", "Affinity", "linux,gpu&big")
    assert [w["Affinity"] for w in workers_table(server) if w["Name"] == "render02-1"] == ["linux,gpu&big"]
    # Clear (forget) a worker
    ui.click_row("workers", "render02-1")
    ui.click("worker-clear")
    ui.confirm(ok=True)
    ui.wait_row("workers", "render02-1", present=False)
    assert "render02-1" not in [w["Name"] for w in workers_table(server)]


def test_activities_with_filters(ui, server):
    a = add_job(server, title="act A", cmd="true")
    b = add_job(server, title="act B", cmd="true")
    w1, w2 = FormWorker(server, "actw-1"), FormWorker(server, "actw-2")
    assert w1.pick() == a
    w1.end(a, 0)
    assert w2.pick() == b
    w2.end(b, 1)
    ui.open("/activities")
    ui.wait(lambda: len(ui.keys("activities")) == 2, "two activities")
    titles = sorted(ui.cell_text("activities", k, "JobTitle") for k in ui.keys("activities"))
    assert titles == ["act A", "act B"]
    screenshot(ui.d, "activities")
    ui.css("#act-worker").send_keys("actw-2", Keys.ENTER)
    ui.wait(lambda: len(ui.keys("activities")) == 1, "one activity for actw-2")
    k = ui.keys("activities")[0]
    assert ui.cell_text("activities", k, "Worker") == "actw-2"
    assert ui.cell_text("activities", k, "State") == "ERROR"
    assert ui.hash_params()[1].get("worker") == "actw-2"
    ui.click("act-clear")
    ui.wait(lambda: len(ui.keys("activities")) == 2, "both again")
    ui.css("#act-job").send_keys(str(a), Keys.ENTER)
    ui.wait(lambda: [ui.cell_text("activities", x, "JobID") for x in ui.keys("activities")] == [str(a)], "job filter")
    # From the jobs view: Activities of a selected job
    ui.open("/jobs")
    ui.click_row("jobs", b)
    ui.click("job-activities")
    ui.wait(lambda: ui.hash_params()[0] == "activities" and ui.hash_params()[1].get("job") == str(b), "activities of job b")
    ui.wait(lambda: [ui.cell_text("activities", x, "JobID") for x in ui.keys("activities")] == [str(b)], "only job b")


def test_csv_export(ui, server):
    parent = add_job(server, title="CSV folder")
    j1 = add_job(server, parent=parent, title='quote " and, comma', cmd="echo 'hi'", user="ann")
    j2 = add_job(server, parent=parent, title="with deps", cmd="true", dependencies="%d" % j1)
    j3 = add_job(server, parent=parent, title="many deps", cmd="true", dependencies="%d %d" % (j1, j2))
    ui.d.get("%s/csv.html?id=%d" % (server.url, parent))
    ui.wait_js("return document.getElementById('csv').dataset.ready === '1'", "the CSV text")
    text = ui.text("#csv")
    screenshot(ui.d, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    vars_ = json.loads(server.get("/json/getjobs", params={"id": parent}).text)["Vars"]
    # The v3 columns first, in order; the UI's opt-in columns (resources) may follow.
    assert rows[0][:len(vars_)] == vars_
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert [int(r["ID"]) for r in body] == [j1, j2, j3]
    assert body[0]["Title"] == 'quote " and, comma'
    assert body[0]["Command"] == "echo 'hi'" and body[0]["User"] == "ann"
    assert body[1]["Dependencies"] == str(j1)
    assert body[2]["Dependencies"] == "%d %d" % (j1, j2)
    assert body[0]["LocalProgress"] == ""
    start = job_by_id(server, j1, parent)["StartTime"]
    assert body[0]["StartTime"] == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(start)), "months are 1-based"
    assert all(len(r) == len(rows[0]) for r in rows)
    # The CSV page link of the jobs view points at the current folder.
    ui.open("/jobs?parent=%d" % parent)
    ui.wait_row("jobs", j3)
    assert ui.css("#job-csv-page").get_attribute("href").endswith("csv.html?id=%d" % parent)


def test_url_remembers_view_and_survives_reload(ui, server):
    parent = add_job(server, title="Bookmarked")
    ids = [add_job(server, parent=parent, title="b%d" % n, cmd="true", priority=100 + n) for n in range(4)]
    ui.open("/jobs?parent=%d" % parent)
    ui.wait_row("jobs", ids[3])
    # Sort by priority, descending (two clicks), filter on the text "b2"
    header = ui.css("#jobs-grid .vt-head [data-col=Priority]")
    header.click()
    ui.wait(lambda: ui.keys("jobs")[:1] == [str(ids[3])], "priority sort (higher first)")
    header = ui.css("#jobs-grid .vt-head [data-col=Priority]")
    header.click()
    ui.wait(lambda: ui.keys("jobs")[:1] == [str(ids[0])], "ascending priority")
    assert ui.hash_params()[1] == {"parent": str(parent), "sort": "Priority"}
    ui.css("#job-search").send_keys("b2")
    ui.wait(lambda: ui.keys("jobs") == [str(ids[2])], "text filter")
    ui.wait(lambda: ui.hash_params()[1].get("q") == "b2", "filter in the URL")
    ui.reload()
    ui.wait(lambda: ui.keys("jobs") == [str(ids[2])], "filter restored after reload")
    assert ui.css("#job-search").get_attribute("value") == "b2"
    assert ui.crumbs() == ["Root", "Bookmarked"]
    assert ui.css("#jobs-grid .vt-head [data-col=Priority]").get_attribute("aria-sort") == "ascending"
    # State filter goes to the server as filter=STATE
    pid = ids[1]
    server.post("/json/pausejobs", form={"id": str(pid)})
    ui.css("#job-search").send_keys(Keys.CONTROL, "a")
    ui.css("#job-search").send_keys(Keys.DELETE)
    ui.wait(lambda: "q" not in ui.hash_params()[1], "the text filter cleared")
    from selenium.webdriver.support.ui import Select
    Select(ui.css("#job-state")).select_by_value("PAUSED")
    ui.wait(lambda: ui.keys("jobs") == [str(pid)], "only the paused job")
    assert ui.hash_params()[1].get("state") == "PAUSED"


def test_overview_counts(ui, server):
    f = add_job(server, title="ov folder")
    kids = [add_job(server, parent=f, title="k%d" % n, cmd="true") for n in range(3)]
    top = add_job(server, title="top", cmd="true")
    w = FormWorker(server, "ov-1")
    first = w.pick()
    assert first in kids
    ui.open("/workers")
    ui.wait_js("return document.getElementById('ov-working').textContent === '1'", "1 working job")
    assert ui.text("#ov-waiting") == "3"
    assert ui.text("#ov-w-working") == "1"
    assert ui.text("#ov-util") == "100%"
    w.end(first, 0)
    ui.wait_js("return document.getElementById('ov-finished').textContent === '1'", "1 finished job")
    ui.wait_js("return document.getElementById('ov-w-working').textContent === '0'", "no working worker")
    assert top  # the top-level leaf is counted among the waiting ones
    ui.wait_js("return parseFloat(document.getElementById('ov-rate').textContent) > 0", "a non-zero throughput")


def test_server_errors_are_shown(ui, server):
    ui.open("/jobs")
    fill_add_form(ui, expect_close=False, title="orphan", parent="no such parent anywhere")
    ui.wait(lambda: any("addjob" in t and "refused" in t for t in ui.toasts()), "an error toast for the refused job")
    assert ui.css("#banner").get_attribute("hidden") is None
    assert "refused" in ui.text("#banner-text")
    assert jobs_table(server)[0] == []
    # The dialog stays open with what was typed, so it can be corrected.
    assert ui.d.execute_script("return document.getElementById('add-dialog').open")
    assert ui.css("#add-form [name=title]").get_attribute("value") == "orphan"
    ui.css("#add-form [data-close]").click()
    ui.click("banner-close")
    # Losing the server is visible, and recovering clears the message.
    server.kill9()
    ui.wait_js("return document.getElementById('live').classList.contains('error')", "the connection error state", timeout=15)
    assert "Cannot update" in ui.text("#banner-text")
    screenshot(ui.d, "error-banner")
    server.start(keep_port=True)
    ui.wait_js("return !document.getElementById('live').classList.contains('error')", "recovery", timeout=20)
    ui.wait_js("return document.getElementById('banner').hidden", "the banner gone")


def test_live_updates_pause_when_hidden(ui, server):
    ui.open("/jobs")
    ui.wait_js("return document.getElementById('live-text').textContent.startsWith('live')", "live")
    ui.d.execute_script("""
        window.__calls = 0;
        const f = window.fetch;
        window.fetch = (...a) => { window.__calls++; return f(...a); };
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
    """)
    # A refresh already under way may finish; after it, nothing more may be fetched.
    ui.wait_js("return document.getElementById('live-text').textContent.startsWith('paused')", "paused")
    time.sleep(1.0)
    ui.d.execute_script("window.__calls = 0")
    jid = add_job(server, title="added while hidden", cmd="true")
    time.sleep(4.5)  # two polling periods: nothing may be fetched while hidden
    assert ui.d.execute_script("return window.__calls") == 0
    assert ui.row("jobs", jid) is None
    ui.d.execute_script("""
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
    """)
    ui.wait_row("jobs", jid)


def test_phone_layout_and_dark_mode(ui, server):
    from webui_helpers import set_color_scheme
    f = add_job(server, title="Phone folder")
    for n in range(30):
        add_job(server, parent=f, title="mobile frame %02d" % n, cmd="render %d" % n)
    set_color_scheme(ui.d, "dark")
    ui.d.set_window_size(390, 844)
    ui.open("/jobs?parent=%d" % f)
    ui.wait(lambda: len(ui.keys("jobs")) >= 10, "rows on the phone")
    bg = ui.d.execute_script("return getComputedStyle(document.body).backgroundColor")
    rgb = [int(x) for x in bg[bg.index("(") + 1:bg.index(")")].split(",")[:3]]
    assert sum(rgb) < 150, "dark background expected, got %s" % bg
    assert ui.d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "no page-wide horizontal scroll"
    # Minor columns are dropped on a narrow screen
    assert not ui.d.execute_script("return !!document.querySelector('#jobs-grid .vt-head [data-col=Command]')")
    screenshot(ui.d, "mobile-dark-jobs")
    ui.click_row("jobs", ui.keys("jobs")[0])
    ui.click("job-edit")
    ui.wait_js("return !document.getElementById('job-panel').hidden", "the edit panel")
    screenshot(ui.d, "mobile-dark-edit")
    ui.open("/workers")
    screenshot(ui.d, "mobile-dark-workers")
    set_color_scheme(ui.d, "light")
    ui.d.set_window_size(1400, 900)
    ui.open("/jobs?parent=%d" % f)
    ui.wait(lambda: len(ui.keys("jobs")) >= 10, "rows")
    set_color_scheme(ui.d, "dark")
    screenshot(ui.d, "dark-jobs")


def test_keyboard_only(ui, server):
    folder = add_job(server, title="kbd folder")
    leaf = add_job(server, parent=folder, title="kbd leaf", cmd="true")
    ui.open("/jobs")
    ui.wait_row("jobs", folder)
    grid = ui.css("#jobs-grid .vt")
    grid.send_keys(Keys.ARROW_DOWN)
    assert ui.selected("jobs") == [str(folder)]
    assert ui.d.execute_script("return document.activeElement.getAttribute('aria-activedescendant')")
    grid.send_keys(Keys.ENTER)
    ui.wait(lambda: ui.crumbs() == ["Root", "kbd folder"], "entered with Enter")
    ui.wait_row("jobs", leaf)
    grid = ui.css("#jobs-grid .vt")
    grid.send_keys(Keys.ARROW_DOWN, "l")
    ui.wait(lambda: ui.hash_params() == ["log", {"id": str(leaf)}], "the log of the leaf with l")
    ui.d.back()
    ui.wait_row("jobs", leaf)
    # "/" focuses the search box; "g w" goes to the workers view
    from selenium.webdriver.common.action_chains import ActionChains
    ui.d.execute_script("document.activeElement && document.activeElement.blur()")
    ActionChains(ui.d).send_keys("/").perform()
    assert ui.d.execute_script("return document.activeElement.id") == "job-search"
    ui.d.execute_script("document.activeElement.blur()")
    ActionChains(ui.d).send_keys("g").send_keys("w").perform()
    ui.wait(lambda: ui.hash_params()[0] == "workers", "g w")


def test_add_form_sends_every_attribute(ui, server):
    import ast
    folder = add_job(server, title="Attributes folder")
    dep = add_job(server, title="dep", cmd="true")
    ui.open("/jobs")
    ui.wait_row("jobs", dep)
    ui.click("job-add")
    ui.wait_js("return document.getElementById('add-dialog').open", "the add dialog")
    f = ui.css("#add-form")
    values = {
        "title": "All & every % attribute", "cmd": "render --frames 1-10 'a b'", "dir": "/mnt/proj #1",
        "user": "ann", "priority": "1777", "retry": "4", "timeout": "3600", "affinity": "linux,gpu",
        "dependencies": str(dep), "url": "http://127.0.0.1/review?a=1&b=2",
        "localprogress": "F %one", "globalprogress": "G %percent",
    }
    parent = f.find_element("css selector", "[name=parent]")
    parent.clear()
    parent.send_keys("Attributes folder")  # a title works as the parent too
    for name, value in values.items():
        f.find_element("css selector", "[name=%s]" % name).send_keys(value)
    f.find_element("css selector", "[name=env]").send_keys("A=1", Keys.ENTER, "B=two words")
    screenshot(ui.d, "jobs-add")
    ui.click("add-submit")
    ui.wait_js("return !document.getElementById('add-dialog').open", "the dialog to close")
    rows = wait_for(lambda: jobs_table(server, folder)[0], message="the new job in the folder")
    job = rows[0]
    assert job["Title"] == values["title"] and job["Command"] == values["cmd"] and job["Dir"] == values["dir"]
    assert job["User"] == "ann" and job["Priority"] == 1777 and job["Retry"] == 4 and job["TimeOut"] == 3600
    assert job["Affinity"] == "linux,gpu" and job["Dependencies"] == [dep] and job["URL"] == values["url"]
    # Environment and progress patterns are not in getjobs: check them as a worker sees them.
    w = FormWorker(server, "attr-1")
    server.post("/json/updatejobs", form={"id": [str(job["ID"])], "prop": ["Dependencies"], "value": [""]})
    server.post("/json/pausejobs", form={"id": [str(dep)]})
    assert w.pick() == -1  # registers the worker; it lacks the job's affinity
    server.post("/json/updateworkers", form={"id": ["attr-1"], "prop": ["Affinity"], "value": ["linux,gpu"]})
    r = server.post("/workers/pickjob", form={"hostname": "attr-1", "load": "[1]", "freeMemory": "1", "totalMemory": "2"})
    picked = ast.literal_eval("(" + r.text + ")")
    assert picked[0] == job["ID"] and picked[4] == "A=1\\nB=two words"
    assert w.heartbeat(job["ID"], "F 0.25\nG 40\n") == "true"
    ui.open("/jobs?parent=%d" % folder)
    ui.wait_cell("jobs", job["ID"], "Progress", "25% · 40%")
    # Pushed changes may re-render the row between finding and reading it: read it in one go.
    href, target = until_not_stale(lambda: (lambda a: (a.get_attribute("href"), a.get_attribute("target")))(
        ui.row("jobs", job["ID"]).find_element("css selector", "[data-col=URL] a")))
    assert href == values["url"] and target == "_blank"


# ---------------------------------------------------------------- pushed changes, logs by offset, charts

def wait_pushed(ui):
    ui.wait_js("return document.getElementById('live').title.startsWith('Changes are pushed')", "the change stream")


def test_a_job_added_through_json_appears_within_a_second(ui, server):
    ui.open("/jobs")
    wait_pushed(ui)
    wait_refresh(ui)
    for n in range(3):
        jid = add_job(server, title="pushed %d" % n, cmd="true")
        t0 = time.monotonic()
        # Polling is every 15 s while the stream is open: only a pushed change shows it this soon.
        ui.wait_row("jobs", jid, timeout=1.0)
        print("job %d shown %.0f ms after addjob" % (jid, 1000 * (time.monotonic() - t0)))


def test_polling_takes_over_without_the_stream(ui, server):
    ui.open("/jobs")
    wait_pushed(ui)
    # The server goes away and comes back: the page polls meanwhile and reconnects.
    server.restart()
    jid = add_job(server, title="after restart", cmd="true")
    ui.wait_row("jobs", jid, timeout=10)
    wait_pushed(ui)


def test_log_view_grows_as_a_real_job_prints(ui, server, tmp_path):
    worker = start_real_worker(server, tmp_path, "growing")
    assert worker is not None, "the real worker did not start"
    try:
        jid = add_job(server, title="printer", cmd="for i in %s; do echo printed line $i; sleep 0.25; done" % " ".join(str(i) for i in range(1, 41)),
                      dir=str(tmp_path))
        ui.open("/log?id=%d" % jid)
        ui.d.execute_script("""
            window.__logURLs = [];
            const f = window.fetch;
            window.fetch = (u, ...a) => { if (String(u).includes('getlog')) window.__logURLs.push(String(u)); return f(u, ...a); };
        """)
        try:
            ui.wait_js("return document.getElementById('log-text').textContent.includes('printed line 3')", "the first lines",
                       timeout=30)
        except Exception:
            raise AssertionError("log view: %r; server: %r %r; worker: %s" % (
                ui.text("#log-text")[-200:], job_by_id(server, jid), server.get("/json/getlog", {"id": jid}).text[-200:],
                worker.output()[-1500:]))
        sizes = []
        for _ in range(4):
            sizes.append(ui.d.execute_script("return document.getElementById('log-text').textContent.length"))
            time.sleep(1.2)
        assert sizes == sorted(sizes) and sizes[-1] > sizes[0], sizes
        ui.wait_js("return document.getElementById('log-text').textContent.includes('printed line 40')", "the last line",
                   timeout=30)
        ui.wait_js("return document.getElementById('log-state').textContent === 'FINISHED'", "FINISHED", timeout=30)
        text = ui.d.execute_script("return document.getElementById('log-text').textContent")
        assert [l for l in text.splitlines() if l.startswith("printed")] == ["printed line %d" % i for i in range(1, 41)]
        urls = ui.d.execute_script("return window.__logURLs")
        assert urls and all("offset=" in u for u in urls), urls
        offsets = [int(u.split("offset=")[1].split("&")[0]) for u in urls]
        assert offsets[-1] > 0 and offsets == sorted(offsets)
    finally:
        worker.stop()


def test_environment_is_shown_and_edited(ui, server):
    jid = add_job(server, title="env job", cmd="true", env="A=1\\nB=two words")
    ui.open("/jobs")
    ui.wait_row("jobs", jid)
    ui.click_row("jobs", jid)
    ui.click("job-edit")
    field = ui.css("#job-edit-form [name=Environment]")
    ui.wait(lambda: field.get_attribute("value") == "A=1\nB=two words", "the environment, one entry per line")
    field.clear()
    field.send_keys("C=3")
    field.send_keys(Keys.ENTER)
    field.send_keys("D=x y")
    ui.click("job-edit-apply")

    def env():
        r = server.get("/json/getjobs", {"id": 0, "extra": "Environment"})
        data = json.loads(r.text)
        row = next(j for j in data["Jobs"] if j[0] == jid)
        return row[data["Vars"].index("Environment")]
    wait_for(lambda: env() == "C=3\\nD=x y", message="the new environment on the server")


def test_charts_view(ui, server):
    done = add_job(server, title="chart done", cmd="true")
    failed = add_job(server, title="chart failed", cmd="true")
    running = add_job(server, title="chart running", cmd="true")
    fw = FormWorker(server, "chart-1")
    for jid, code in ((done, 0), (failed, 1)):
        assert fw.pick() == jid
        fw.end(jid, code)
    assert fw.pick() == running
    fw.heartbeat(running, "PROGRESS:40\n")
    ui.open("/charts")
    ui.wait_js("return document.querySelectorAll('#chart-runs svg rect.finished').length === 1", "a finished bar")
    ui.wait_js("return document.querySelectorAll('#chart-runs svg rect.error').length === 1", "a failed bar")
    ui.wait_js("return document.querySelectorAll('#chart-util svg rect.working').length >= 1", "a utilisation bar")
    ui.wait_js("return document.getElementById('chart-running').textContent.includes('chart running')", "the running job")
    assert "40%" in ui.text("#chart-running")
    screenshot(ui.d, "charts")
    ui.d.set_window_size(390, 844)
    time.sleep(0.3)
    width = ui.d.execute_script("return document.querySelector('#chart-runs svg').getBoundingClientRect().width")
    assert 0 < width <= 390
    screenshot(ui.d, "charts-phone")
