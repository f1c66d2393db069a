"""A folder of 100,000 jobs in the web UI: only the rows in view are in the DOM, scrolling,
sorting, filtering and keyboard navigation still work, and live refreshes keep up.

COALITION_UI_SCALE_JOBS changes the number of jobs (default 100000). Timings are written to
Tests/artifacts/webui-scale.json for information; nothing here asserts on time.
"""
import http.client
import json
import os
import threading
import time
import urllib.parse

from webui_helpers import ARTIFACTS, add_job, browser, screenshot, ui  # noqa: F401  (installs the browser)
from selenium.webdriver.common.keys import Keys  # noqa: E402

COUNT = int(os.environ.get("COALITION_UI_SCALE_JOBS", "100000"))
THREADS = 4


def bulk_add(server, parent, count):
    """Adds `count` jobs under `parent` over a few keep-alive connections."""
    errors = []

    def run(start, stop):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            for i in range(start, stop):
                body = urllib.parse.urlencode({"parent": str(parent), "title": "frame %06d" % i,
                                               "cmd": "render -f %d" % i, "priority": str(1000 + i % 7)})
                conn.request("POST", "/json/addjob", body, {"Content-Type": "application/x-www-form-urlencoded"})
                r = conn.getresponse()
                text = r.read().decode()
                if r.status != 200 or int(text) < 0:
                    errors.append((i, r.status, text))
                    return
        except Exception as e:  # reported below
            errors.append((start, "exception", repr(e)))
        finally:
            conn.close()

    step = (count + THREADS - 1) // THREADS
    threads = [threading.Thread(target=run, args=(k * step, min(count, (k + 1) * step))) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]


def test_hundred_thousand_jobs_stay_smooth(ui, server):
    folder = add_job(server, title="Big sequence")
    t0 = time.monotonic()
    bulk_add(server, folder, COUNT)
    timings = {"jobs": COUNT, "add_seconds": round(time.monotonic() - t0, 2)}

    t0 = time.monotonic()
    ui.open("/jobs?parent=%d" % folder)
    ui.wait_js("return document.getElementById('jobs-footer').textContent.startsWith(arguments[0] + ' jobs')",
               "all %d jobs loaded" % COUNT, str(COUNT), timeout=180)
    timings["first_load_seconds"] = round(time.monotonic() - t0, 2)

    rendered = lambda: ui.d.execute_script("return document.querySelectorAll('#jobs-grid .vt-row').length")
    assert 0 < rendered() < 150, rendered()
    # The scroll area is as tall as all the rows.
    row_h, total_h = ui.d.execute_script(
        "const b = document.querySelector('#jobs-grid .vt-body'); const r = b.querySelector('.vt-row');"
        "return [r.offsetHeight, b.offsetHeight]")
    assert total_h >= COUNT * (row_h - 1)

    # Scroll through the list; each position shows the matching rows and the DOM stays small.
    frame = ui.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const vt = document.querySelector('#jobs-grid .vt');
        const times = [];
        let k = 0;
        const positions = 60;
        function step() {
          if (k >= positions) { done({max: Math.max(...times), mean: times.reduce((a, b) => a + b, 0) / times.length}); return; }
          const t = performance.now();
          vt.scrollTop = (vt.scrollHeight - vt.clientHeight) * ((k * 7919) % positions) / positions;
          vt.dispatchEvent(new Event('scroll'));
          requestAnimationFrame(() => { times.push(performance.now() - t); k++; setTimeout(step, 0); });
        }
        step();
    """)
    timings["scroll_frame_ms"] = {k: round(v, 1) for k, v in frame.items()}
    assert rendered() < 150
    top_index = ui.d.execute_script(
        "const vt = document.querySelector('#jobs-grid .vt'); const rh = document.querySelector('#jobs-grid .vt-row').offsetHeight;"
        "vt.scrollTop = rh * 50000 % (vt.scrollHeight - vt.clientHeight); return Math.floor(vt.scrollTop / rh)")
    ui.wait(lambda: ui.d.execute_script(
        "const i = arguments[0]; return !!document.querySelector('#jobs-grid .vt-row[data-i=\"' + i + '\"]')", top_index + 3),
        "rows around the scroll position")

    # Keyboard: End selects the last job, Home the first.
    ui.click_row("jobs", ui.keys("jobs")[5])
    grid = ui.css("#jobs-grid .vt")
    grid.send_keys(Keys.END)
    ui.wait(lambda: ui.selected("jobs") == [str(folder + COUNT)], "the last job selected")
    grid.send_keys(Keys.HOME)
    ui.wait(lambda: ui.selected("jobs") == [str(folder + 1)], "the first job selected")
    screenshot(ui.d, "jobs-100k")

    # Sorting 100k rows by title, descending.
    t0 = time.monotonic()
    ui.css("#jobs-grid .vt-head [data-col=Title]").click()
    ui.css("#jobs-grid .vt-head [data-col=Title]").click()
    last_title = "frame %06d" % (COUNT - 1)
    ui.wait(lambda: ui.keys("jobs") and ui.cell_text("jobs", ui.keys("jobs")[0], "Title") == last_title,
            "title sort, last frame first")
    timings["sort_seconds"] = round(time.monotonic() - t0, 2)

    # Text filter down to one job, then back.
    ui.css("#job-search").send_keys("frame %06d" % 4242)
    ui.wait(lambda: len(ui.keys("jobs")) == 1 and ui.cell_text("jobs", ui.keys("jobs")[0], "Title") == "frame %06d" % 4242,
            "one job left by the filter", timeout=60)
    ui.css("#job-search").send_keys(Keys.CONTROL, "a")
    ui.css("#job-search").send_keys(Keys.DELETE)
    ui.wait_js("return document.getElementById('jobs-footer').textContent.startsWith(arguments[0] + ' jobs')",
               "all jobs back", str(COUNT), timeout=60)

    # A live change among 100k rows reaches the screen.
    first = ui.keys("jobs")[0]
    server.post("/json/pausejobs", form={"id": first})
    ui.wait_cell("jobs", first, "State", "PAUSED", timeout=60)

    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "webui-scale.json"), "w") as f:
        json.dump(timings, f, indent=2)
    print("web UI scale timings:", timings)
