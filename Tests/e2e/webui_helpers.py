"""Helpers for the web UI tests: headless Chromium through Selenium, a form-post worker,
and small wait utilities. Network traffic stays on 127.0.0.1."""
import base64
import json
import os
import shutil
import subprocess
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(REPO, "Tests", "artifacts")
INSTALL_SCRIPT = os.path.join(REPO, "scripts", "install-browser.sh")

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
_DRIVER_NAMES = ("chromedriver", "chromium-driver")


def _which_any(names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    for p in ("/usr/lib/chromium/chromedriver", "/usr/lib/chromium/chromium"):
        if os.path.basename(p) in names and os.path.exists(p):
            return p
    return None


def find_browser():
    """(chromium, chromedriver, reason). Tries scripts/install-browser.sh once when missing."""
    try:
        import selenium  # noqa: F401
        have_selenium = True
    except ImportError:
        have_selenium = False
    chrome = os.environ.get("CHROMIUM_BIN") or _which_any(_CHROMIUM_NAMES)
    driver = os.environ.get("CHROMEDRIVER_BIN") or _which_any(_DRIVER_NAMES)
    if (not chrome or not driver or not have_selenium) and os.path.exists(INSTALL_SCRIPT):
        r = subprocess.run(["bash", INSTALL_SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=900)
        chrome = os.environ.get("CHROMIUM_BIN") or _which_any(_CHROMIUM_NAMES)
        driver = os.environ.get("CHROMEDRIVER_BIN") or _which_any(_DRIVER_NAMES)
        try:
            import importlib
            importlib.invalidate_caches()
            import selenium  # noqa: F401,F811
            have_selenium = True
        except ImportError:
            have_selenium = False
        if not (chrome and driver and have_selenium):
            tail = r.stdout.decode("utf-8", "replace")[-600:]
            return None, None, "chromium/chromedriver/selenium missing and scripts/install-browser.sh failed:\n" + tail
    if not have_selenium:
        return None, None, "the selenium Python package is missing (pip install selenium)"
    if not chrome or not driver:
        return None, None, "chromium or chromedriver not found"
    return chrome, driver, ""


def _ensure_selenium_importable():
    """Install the browser stack on first use; skip the importing test module if that fails."""
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    chrome, driver, reason = find_browser()
    if reason:
        pytest.skip("web UI tests need a browser: " + reason, allow_module_level=True)


_ensure_selenium_importable()


def make_driver(width=1400, height=900, dark=False):
    chrome, driver_path, reason = find_browser()
    if reason:
        pytest.skip("web UI tests need a browser: " + reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=%d,%d" % (width, height), "--force-device-scale-factor=1",
                 "--no-proxy-server", "--disable-background-networking", "--disable-extensions",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,MediaRouter,OptimizationHints"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    prefs = {"download.default_directory": os.path.join(ARTIFACTS, "downloads"),
             "download.prompt_for_download": False}
    opts.add_experimental_option("prefs", prefs)
    drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    drv.set_window_size(width, height)
    if dark:
        set_color_scheme(drv, "dark")
    return drv


def set_color_scheme(drv, scheme):
    drv.execute_cdp_cmd("Emulation.setEmulatedMedia",
                        {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def severe_console_errors(drv):
    """Browser console errors that indicate a broken page (not the expected API failures)."""
    try:
        entries = drv.get_log("browser")
    except Exception:
        return []
    out = []
    for e in entries:
        if e.get("level") != "SEVERE":
            continue
        msg = e.get("message", "")
        if "favicon" in msg:
            continue
        out.append(msg)
    return out


def screenshot(drv, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + ".png")
    drv.save_screenshot(path)
    return path


def wait_for(fn, timeout=20.0, interval=0.1, message="condition"):
    """Poll a plain-Python condition (server state, files); the browser side uses WebDriverWait."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out waiting for %s (last value %r)" % (message, last))


def jobs_table(server, parent=0):
    data = json.loads(server.get("/json/getjobs", params={"id": parent}).text)
    return [dict(zip(data["Vars"], row)) for row in data["Jobs"]], data["Parents"]


def job_by_id(server, job_id, parent=0):
    rows, _ = jobs_table(server, parent)
    for r in rows:
        if r["ID"] == job_id:
            return r
    return None


def workers_table(server):
    data = json.loads(server.get("/json/getworkers").text)
    return [dict(zip(data["Vars"], row)) for row in data["Workers"]]


def add_job(server, **params):
    r = server.post("/json/addjob", form=params)
    assert r.status == 200, r
    jid = int(r.text.strip())
    assert jid > 0, r
    return jid


class FormWorker:
    """Speaks the v3 worker protocol with form posts, as worker.py does."""

    def __init__(self, server, name="uiworker-1", load=(12.5, 40.0, 77.0, 3.0), free=6144, total=16384):
        self.server = server
        self.name = name
        self.load = "[" + ", ".join(str(x) for x in load) + "]"
        self.free = free
        self.total = total

    def _base(self):
        return {"hostname": self.name, "load": self.load, "freeMemory": str(self.free), "totalMemory": str(self.total)}

    def pick(self):
        r = self.server.post("/workers/pickjob", form=self._base())
        assert r.status == 200, r
        first = r.text.split(",", 1)[0].strip().lstrip("(")
        return int(first.rstrip("L"))

    def heartbeat(self, job_id, text=""):
        form = self._base()
        form.update({"jobId": str(job_id), "log": base64.b64encode(text.encode()).decode()})
        r = self.server.post("/workers/heartbeat", form=form)
        assert r.status == 200, r
        return r.text.strip()

    def end(self, job_id, code=0):
        form = self._base()
        form.update({"jobId": str(job_id), "errorCode": str(code)})
        r = self.server.post("/workers/endjob", form=form)
        assert r.status == 200, r
        return r.text.strip()


# ---------------------------------------------------------------- page object

WAIT = 20


class UI:
    """The web UI of one server, driven through one browser."""

    def __init__(self, driver, server):
        self.d = driver
        self.server = server

    # navigation
    def open(self, hash_part="/jobs", page=""):
        self.d.get("%s/%s#%s" % (self.server.url, page, hash_part.lstrip("#")))
        self.wait_js("return !!document.querySelector('.vt')", "the app to start")

    def reload(self):
        self.d.refresh()
        self.wait_js("return !!document.querySelector('.vt')", "the app to start")

    # waiting
    def wait(self, cond, message="condition", timeout=WAIT):
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(lambda d: cond(), message=message)

    def wait_js(self, script, message="script condition", *args, timeout=WAIT):
        return self.wait(lambda: self.d.execute_script(script, *args), message, timeout)

    # elements
    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.d.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        from selenium.webdriver.common.by import By
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def click(self, element_id):
        el = self.css("#" + element_id)
        self.wait(lambda: el.is_enabled() and el.is_displayed(), "#%s to be enabled" % element_id)
        el.click()

    def row(self, grid, key):
        """The rendered row of `key` in grid 'jobs' / 'workers' / 'activities' (None when not rendered)."""
        return self.d.execute_script(
            "return document.querySelector('#' + arguments[0] + '-grid .vt-row[data-key=\"' + CSS.escape(String(arguments[1])) + '\"]')",
            grid, str(key))

    def cell_text(self, grid, key, col):
        return self.d.execute_script(
            "const r = document.querySelector('#' + arguments[0] + '-grid .vt-row[data-key=\"' + CSS.escape(String(arguments[1])) + '\"]');"
            "if (!r) return null; const c = r.querySelector('[data-col=\"' + arguments[2] + '\"]'); return c ? c.textContent : null;",
            grid, str(key), col)

    def wait_cell(self, grid, key, col, expected, timeout=WAIT):
        self.wait(lambda: (self.cell_text(grid, key, col) or "").strip() == str(expected),
                  "%s row %s column %s to read %r (reads %r)" % (grid, key, col, expected,
                                                                self.cell_text(grid, key, col)), timeout)

    def wait_row(self, grid, key, present=True, timeout=WAIT):
        self.wait(lambda: (self.row(grid, key) is not None) == present,
                  "%s row %s to be %s" % (grid, key, "shown" if present else "gone"), timeout)
        return self.row(grid, key)

    def keys(self, grid):
        return self.d.execute_script(
            "return [...document.querySelectorAll('#' + arguments[0] + '-grid .vt-row')].map(r => r.dataset.key)", grid)

    def selected(self, grid):
        return self.d.execute_script(
            "return [...document.querySelectorAll('#' + arguments[0] + '-grid .vt-row[aria-selected=true]')].map(r => r.dataset.key)",
            grid)

    def click_row(self, grid, key, modifier=None):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        el = self.wait_row(grid, key)
        # Click the ID/name cell: no link there.
        target = el.find_element("css selector", "[role=gridcell]")
        chain = ActionChains(self.d)
        mod = {"ctrl": Keys.CONTROL, "shift": Keys.SHIFT}.get(modifier)
        if mod:
            chain.key_down(mod).click(target).key_up(mod).perform()
        else:
            chain.click(target).perform()

    def double_click_row(self, grid, key):
        from selenium.webdriver.common.action_chains import ActionChains
        el = self.wait_row(grid, key)
        ActionChains(self.d).double_click(el.find_element("css selector", "[role=gridcell]")).perform()

    def text(self, selector):
        return self.d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", selector)

    def crumbs(self):
        return [t.strip() for t in self.d.execute_script(
            "return [...document.querySelectorAll('#crumbs a:not(.up), #crumbs .cur')].map(e => e.textContent)")]

    def confirm(self, ok=True):
        self.wait_js("return document.getElementById('confirm-dialog').open", "the confirmation dialog")
        self.click("confirm-ok" if ok else "confirm-cancel")
        self.wait_js("return !document.getElementById('confirm-dialog').open", "the confirmation dialog to close")

    def toasts(self):
        return self.d.execute_script("return [...document.querySelectorAll('#toasts .toast')].map(t => t.textContent)")

    def hash_params(self):
        return self.d.execute_script(
            "const h = location.hash.replace(/^#\\/?/, ''); const i = h.indexOf('?');"
            "return [i < 0 ? h : h.slice(0, i), Object.fromEntries(new URLSearchParams(i < 0 ? '' : h.slice(i + 1)))]")

    def js_errors(self):
        return [m for m in severe_console_errors(self.d)
                if any(w in m for w in ("Uncaught", "SyntaxError", "TypeError", "ReferenceError", "is not defined"))]


@pytest.fixture(scope="module")
def browser():
    drv = make_driver()
    yield drv
    drv.quit()


@pytest.fixture
def ui(browser, server):
    browser.set_window_size(1400, 900)
    set_color_scheme(browser, "light")
    severe_console_errors(browser)  # drain what earlier tests left
    page = UI(browser, server)
    yield page
    errors = page.js_errors()
    # Leave a blank page so the next test's server is the only one polled.
    try:
        browser.get("about:blank")
    except Exception:
        pass
    assert not errors, "JavaScript errors in the page: %s" % errors
