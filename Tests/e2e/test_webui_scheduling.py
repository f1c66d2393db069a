"""The scheduling rules in the web UI (docs/scheduling.md, docs/webui.md): a job's limits and
blocked workers in the jobs list, its blocklist in the edit panel (cleared from there), the
rules edited there and set in the add form, the farm's limits in the footer, and a SICK
worker shown apart from idle ones."""
import json

import pytest

from webui_helpers import (  # noqa: F401  (fixtures are used by name)
    FormWorker, add_job, browser, screenshot, ui, wait_for,
)


@pytest.fixture
def server(server_factory):
    """Workers fall sick after failing two different jobs in a row."""
    return server_factory(ini={"sickafter": 2, "sicktime": 600})


def rules_of(server, job_id, parent=0):
    data = json.loads(server.get("/json/getjobs", params={"id": parent, "extra": "Rules"}).text)
    return {row[0]: dict(zip(data["Vars"], row)) for row in data["Jobs"]}[job_id]


def blocklist(server, job_id):
    return json.loads(server.get("/json/getblocklist", params={"id": job_id}).text)


def test_blocklist_limits_and_rules_in_the_jobs_view(ui, server):
    assert server.get("/json/setlimit", params={"name": "nuke", "max": "1"}).text == "1"
    fragile = add_job(server, title="fragile", cmd="render", maxworkererrors=1, forgivetime=0)
    bad = FormWorker(server, "bad-1")
    assert bad.pick() == fragile
    bad.end(fragile, 3)
    assert blocklist(server, fragile)[0]["Worker"] == "bad-1"
    licensed = add_job(server, title="licensed", cmd="render", limits="nuke", priority=2000)
    plain = add_job(server, title="plain", cmd="render", priority=1)

    ui.open("/jobs")
    ui.wait_cell("jobs", fragile, "Blocked", "1 blocked")
    ui.wait_cell("jobs", licensed, "Limits", "nuke")
    ui.wait_cell("jobs", plain, "Blocked", "–")
    ui.wait(lambda: "nuke 0/1" in (ui.text("#jobs-footer") or ""), "the limit in the footer")
    # The licensed job takes the only unit: the footer marks the limit full.
    other = FormWorker(server, "good-1")
    assert other.pick() == licensed
    ui.wait_js("const e = document.querySelector('#job-limits .limit[data-limit=\"nuke\"]');"
               "return !!e && e.classList.contains('full') && e.textContent === 'nuke 1/1'", "the full limit")

    # The edit panel lists the blocklist of the one selected job and clears it.
    ui.click_row("jobs", fragile)
    ui.click("job-edit")
    ui.wait_js("return !document.getElementById('job-blocklist').hidden", "the blocklist section")
    ui.wait_js("const r = document.querySelector('#job-blocklist-rows tr[data-worker=\"bad-1\"]');"
               "return !!r && r.textContent.includes('for good')", "bad-1 in the blocklist")
    assert ui.css("#job-edit-form [name=MaxWorkerErrors]").get_attribute("value") == "1"
    assert ui.css("#job-edit-form [name=ForgiveTime]").get_attribute("value") == "0"
    screenshot(ui.d, "jobs-blocklist")
    ui.click("job-blocklist-clear")
    wait_for(lambda: blocklist(server, fragile) == [], message="the blocklist cleared on the server")
    ui.wait_cell("jobs", fragile, "Blocked", "–")
    ui.wait_js("return document.getElementById('job-blocklist-rows').textContent.includes('No worker has failed')",
               "the emptied blocklist")

    # Rules edited in the panel reach the server; a negative count is refused before sending.
    ui.click_row("jobs", plain)
    ui.wait_js("return document.getElementById('job-edit-hint').textContent === 'Job %d'" % plain, "the plain job")
    assert ui.css("#job-edit-form [name=ForgiveTime]").get_attribute("placeholder") == "inherited"
    for name, value in (("Limits", "nuke"), ("MaxWorkerErrors", "3"), ("StallTimeout", "120")):
        el = ui.css("#job-edit-form [name=%s]" % name)
        el.clear()
        el.send_keys(value)
    ui.click("job-edit-apply")
    wait_for(lambda: rules_of(server, plain)["Limits"] == "nuke", message="the limits of the plain job")
    rules = rules_of(server, plain)
    assert (rules["MaxWorkerErrors"], rules["StallTimeout"], rules["ForgiveTime"]) == (3, 120, -1)
    ui.wait_cell("jobs", plain, "Limits", "nuke")
    el = ui.css("#job-edit-form [name=StallTimeout]")
    el.clear()
    el.send_keys("-5")
    ui.wait(lambda: not ui.toasts(), "the earlier toasts to go")  # they cover the panel's foot
    ui.click("job-edit-apply")
    ui.wait(lambda: any("0 or more" in t for t in ui.toasts()) or "0 or more" in (ui.text("#banner") or ""),
            "the refusal of a negative stall timeout")
    assert rules_of(server, plain)["StallTimeout"] == 120
    assert not ui.js_errors()


def test_add_form_sends_the_rules(ui, server):
    assert server.get("/json/setlimit", params={"name": "arnold", "max": "4"}).text == "1"
    ui.open("/jobs")
    ui.click("job-add")
    ui.wait_js("return document.getElementById('add-dialog').open", "the add dialog")
    f = ui.css("#add-form")
    for name, value in (("title", "ruled"), ("cmd", "render"), ("maxworkererrors", "2"), ("forgivetime", "600"),
                        ("limits", "arnold"), ("stalltimeout", "90")):
        f.find_element("css selector", "[name=%s]" % name).send_keys(value)
    ui.click("add-submit")
    ui.wait_js("return !document.getElementById('add-dialog').open", "the dialog to close")
    data = json.loads(server.get("/json/getjobs", params={"id": 0, "extra": "Rules"}).text)
    row = dict(zip(data["Vars"], data["Jobs"][0]))
    assert (row["Title"], row["MaxWorkerErrors"], row["ForgiveTime"], row["Limits"], row["StallTimeout"]) == \
        ("ruled", 2, 600, "arnold", 90)


def test_a_sick_worker_is_shown_apart(ui, server):
    jobs = [add_job(server, title="j%d" % n, cmd="render") for n in range(3)]
    idle = FormWorker(server, "idle-1")
    assert idle.pick() == jobs[0]
    idle.end(jobs[0], 0)
    # Two different jobs failed in a row (a failed job drops behind the other).
    sick = FormWorker(server, "sick-1")
    for expected in jobs[1:]:
        assert sick.pick() == expected
        sick.end(expected, 1)
    ui.open("/workers")
    ui.wait_cell("workers", "sick-1", "State", "SICK")
    ui.wait_cell("workers", "idle-1", "State", "WAITING")
    badge = ui.row("workers", "sick-1").find_element("css selector", "[data-col=State] .badge")
    assert "SICK" in badge.get_attribute("class").split()
    assert "failing jobs" in badge.get_attribute("title")
    assert ui.d.execute_script("return getComputedStyle(arguments[0]).backgroundImage", badge) != "none"
    ui.wait(lambda: "1 sick" in (ui.text("#workers-footer") or ""), "the sick count in the footer")
    ui.wait(lambda: ui.text("#ov-w-sick") == "1", "the sick count in the overview")
    screenshot(ui.d, "workers-sick")
    # Started by hand it is healthy again.
    ui.click_row("workers", "sick-1")
    ui.click("worker-start")
    ui.wait_cell("workers", "sick-1", "State", "WAITING")
    assert not ui.js_errors()
