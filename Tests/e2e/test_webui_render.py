"""The "Add render" form of the web UI in headless Chromium against the real server: its
fields come from the preset's parameters, Preview shows the jobs, Submit queues them."""
from selenium.webdriver.support.ui import Select

from webui_helpers import (  # noqa: F401  (fixtures are used by name; importing it installs the browser)
    browser, jobs_table, screenshot, ui, wait_for,
)


def open_render_form(ui):
    ui.open("/jobs")
    ui.click("job-render")
    ui.wait_js("return document.getElementById('render-dialog').open", "the render dialog")
    return ui.css("#render-form")


def test_render_form_builds_fields_previews_and_submits(ui, server, tmp_path):
    scene = tmp_path / "shot 010.blend"
    scene.write_bytes(b"BLENDER")
    form = open_render_form(ui)
    Select(form.find_element("css selector", "[name=preset]")).select_by_value("blender")
    # The preset's own parameters became fields: a required text field and choice lists.
    output = ui.wait(lambda: form.find_elements("css selector", "[data-param=output]"), "the output field")[0]
    assert output.get_attribute("required") == "true"
    engine = form.find_element("css selector", "select[data-param=engine]")
    assert "CYCLES" in [o.get_attribute("value") for o in Select(engine).options]
    assert form.find_element("css selector", "[name=chunk]").get_attribute("placeholder") == "10"
    form.find_element("css selector", "[name=file]").send_keys(str(scene))
    form.find_element("css selector", "[name=frames]").send_keys("1-5")
    form.find_element("css selector", "[name=chunk]").send_keys("2")
    output.send_keys("/renders/shot/frame_####")
    Select(engine).select_by_value("CYCLES")
    ui.click("render-dryrun")
    ui.wait_js("return !document.getElementById('render-preview').hidden", "the preview")
    preview = ui.text("#render-preview")
    assert "shot 010.blend: 3 jobs" in preview
    assert "frames 1-2: blender -b '%s' -o '/renders/shot/frame_####' -E CYCLES -s 1 -e 2 -j 1 -a" % scene in preview
    assert "frame 5:" in preview
    assert jobs_table(server, 0)[0] == []  # a preview queues nothing
    screenshot(ui.d, "jobs-add-render")
    ui.click("render-submit")
    ui.wait_js("return !document.getElementById('render-dialog').open", "the dialog to close")
    rows = wait_for(lambda: jobs_table(server, 0)[0], message="the render's parent job")
    parent = rows[0]
    assert parent["Title"] == "shot 010.blend"
    children = jobs_table(server, parent["ID"])[0]
    assert [c["Title"] for c in children] == ["frames 1-2", "frames 3-4", "frame 5"]
    ui.wait_row("jobs", parent["ID"])
    assert "shot 010.blend" in ui.cell_text("jobs", parent["ID"], "Title")


def test_render_form_shows_the_servers_reason(ui, server, tmp_path):
    form = open_render_form(ui)
    Select(form.find_element("css selector", "[name=preset]")).select_by_value("blender")
    form.find_element("css selector", "[name=file]").send_keys(str(tmp_path / "missing.blend"))
    form.find_element("css selector", "[name=frames]").send_keys("1-5")
    form.find_element("css selector", "[data-param=output]").send_keys("/renders/x_####")
    ui.click("render-submit")
    ui.wait_js("return document.getElementById('banner-text').textContent.includes('file not found')",
               "the refusal in the banner")
    assert ui.d.execute_script("return document.getElementById('render-dialog').open")
    assert jobs_table(server, 0)[0] == []
