"""End to end: render presets. `coalition control submit` against the real server, real
workers running real Blender and ffmpeg (Debian's packages, from scripts/install-deps.sh)."""
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import BIN
from test_worker_support import WorkerProcess, jobs, wait_until

BLENDER = shutil.which("blender")
FFMPEG = shutil.which("ffmpeg")


def require(tool, name):
    if tool is None:
        pytest.fail("%s is not installed: run scripts/install-deps.sh" % name)


def control(server, *args, check=True):
    proc = subprocess.run([BIN, "control", server.url] + list(args), capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


# A scene of a few frames at 32x32 pixels, one Cycles sample, no denoising (Debian's
# Blender is built without OpenImageDenoise), a cube that moves.
SCENE_SCRIPT = """
import bpy, sys
scene = bpy.context.scene
scene.render.engine = 'CYCLES'
scene.cycles.samples = 1
scene.cycles.use_denoising = False
scene.cycles.device = 'CPU'
scene.render.resolution_x = 32
scene.render.resolution_y = 32
scene.render.resolution_percentage = 100
scene.render.image_settings.file_format = 'PNG'
scene.frame_start = 1
scene.frame_end = 10
cube = bpy.data.objects['Cube']
cube.location = (0, 0, 0)
cube.keyframe_insert(data_path='location', frame=1)
cube.location = (1, 0, 0)
cube.keyframe_insert(data_path='location', frame=10)
bpy.ops.wm.save_as_mainfile(filepath=sys.argv[-1])
"""


def make_scene(path):
    subprocess.run([BLENDER, "-b", "--factory-startup", "--python-expr", SCENE_SCRIPT, "--", str(path)],
                   check=True, capture_output=True, timeout=120)
    assert os.path.exists(path)


def watch_progress(server, parent, until_state="FINISHED", timeout=300):
    """Polls the parent and its chunks until the parent reaches `until_state`; returns the
    parent progress values (TotalFinished/Total) and every chunk LocalProgress seen."""
    parent_values, local_values = [], []
    deadline = time.monotonic() + timeout
    while True:
        row = jobs(server)[parent]
        if row["Total"]:
            parent_values.append(row["TotalFinished"] / row["Total"])
        for child in jobs(server, parent).values():
            if child["State"] == "WORKING" and child["LocalProgress"] is not None:
                local_values.append(child["LocalProgress"])
        if row["State"] == until_state:
            return parent_values, local_values
        assert row["State"] != "ERROR", row
        assert time.monotonic() < deadline, "parent job still %s" % row["State"]
        time.sleep(0.05)


def test_blender_render_across_workers(server, tmp_path):
    require(BLENDER, "blender")
    scene = tmp_path / "tiny scene.blend"
    make_scene(scene)
    out = tmp_path / "renders"
    out.mkdir()
    dry = control(server, "submit", "blender", str(scene), "--frames", "1-10", "--chunk", "5",
                  "--param", "output=%s/frame_####" % out, "--dry-run")
    assert "frames 1-5: blender -b '%s'" % scene in dry.stdout
    assert len(jobs(server)) == 0  # a dry run queues nothing
    parent = int(control(server, "submit", "blender", str(scene), "--frames", "1-10", "--chunk", "5",
                         "--param", "output=%s/frame_####" % out, "--param", "format=PNG").stdout)
    children = jobs(server, parent)
    assert [c["Title"] for c in children.values()] == ["frames 1-5", "frames 6-10"]
    assert jobs(server)[parent]["Title"] == "tiny scene.blend"
    # One slot, so the chunks run one after the other and the parent's progress is seen between.
    worker = WorkerProcess(tmp_path / "node", server.url, name="blend", slots=1, sleep=0.1)
    try:
        parent_values, local_values = watch_progress(server, parent)
    finally:
        worker.stop()
    for frame in range(1, 11):
        path = out / ("frame_%04d.png" % frame)
        assert path.exists() and path.stat().st_size > 0, path
    assert any(0 < v < 1 for v in parent_values), parent_values
    assert parent_values[-1] == 1
    # Each chunk's progress was read from Blender's own "Fra:N" lines: the last frame of
    # five started at 4/5 of the chunk.
    for child in jobs(server, parent).values():
        assert child["State"] == "FINISHED"
        assert child["LocalProgress"] == pytest.approx(0.8), child
    print("parent progress seen: %s; chunk progress seen: %s" % (sorted(set(parent_values)), sorted(set(local_values))))


def test_ffmpeg_encode(server, tmp_path):
    require(FFMPEG, "ffmpeg")
    frames = tmp_path / "frames"
    frames.mkdir()
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=24",
                    "-frames:v", "48", "-start_number", "1", str(frames / "f_%04d.png")], check=True, timeout=120)
    movie = tmp_path / "out" / "part_{start}.mp4"
    movie.parent.mkdir()
    parent = int(control(server, "submit", "ffmpeg", str(frames / "f_%04d.png"), "--frames", "1-48", "--chunk", "24",
                         "--param", "output=%s" % movie, "--param", "fps=24").stdout)
    worker = WorkerProcess(tmp_path / "node", server.url, name="enc", slots=2, sleep=0.1)
    try:
        watch_progress(server, parent)
    finally:
        worker.stop()
    for start in (1, 25):
        path = tmp_path / "out" / ("part_%d.mp4" % start)
        assert path.exists(), path
        probe = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                "stream=nb_read_frames", "-of", "csv=p=0", str(path)], capture_output=True, text=True)
        assert probe.stdout.strip() == "24", probe
    for child in jobs(server, parent).values():
        # ffmpeg's "-progress" lines, "frame=24" last: (24 - 1) / 24 of the chunk.
        assert child["LocalProgress"] == pytest.approx(23 / 24), child


def test_bad_submissions_queue_nothing(server, tmp_path):
    scene = tmp_path / "s.blend"
    scene.write_bytes(b"BLENDER")
    cases = [
        (["submit", "maya", str(scene), "--frames", "1-10"], "unknown preset 'maya'"),
        (["submit", "blender", str(scene), "--frames", "1-10", "--param", "output=/tmp/x", "--param", "colour=red"],
         "unknown parameter 'colour' for preset blender"),
        (["submit", "blender", str(scene), "--frames", "1-10"], "missing required parameter 'output'"),
        (["submit", "blender", str(scene), "--frames", "10-1", "--param", "output=/tmp/x"], "reversed"),
        (["submit", "blender", str(scene), "--frames", "1-1000000", "--chunk", "1", "--param", "output=/tmp/x"],
         "1000000 chunks is more than the maximum of 10000 (maxchunks)"),
        (["submit", "blender", str(tmp_path / "missing.blend"), "--frames", "1", "--param", "output=/tmp/x"],
         "file not found"),
        (["submit", "blender", str(scene), "--frames", "1", "--param", "output=/tmp/$(reboot)"], "shell syntax"),
    ]
    for args, message in cases:
        proc = control(server, *args, check=False)
        assert proc.returncode == 1, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1, proc.stderr
    assert len(jobs(server)) == 0


def test_studio_preset_directory(server_factory, tmp_path):
    studio = tmp_path / "studio-presets"
    studio.mkdir()
    (studio / "echoframes.json").write_text(json.dumps({
        "title": "Echo frames", "chunk": 2,
        "command": ["echo", "{file}", "{start}", "{end}", ["--tag", "{tag}"]],
        "parameters": [{"name": "tag", "type": "string", "description": "a word"}],
        "checks": {"file_exists": False}}))
    server = server_factory(ini={"presetsdir": str(studio), "maxchunks": 3})
    listing = control(server, "presets").stdout
    assert "echoframes  (Echo frames)" in listing
    assert "--param tag=<string>" in listing
    assert "blender  (Blender)" in listing
    parent = int(control(server, "submit", "echoframes", "/x/file", "--frames", "1-5", "--param", "tag=t1").stdout)
    assert [c["Command"] for c in jobs(server, parent).values()] == \
        ["echo /x/file 1 2 --tag t1", "echo /x/file 3 4 --tag t1", "echo /x/file 5 5 --tag t1"]
    too_many = control(server, "submit", "echoframes", "/x/file", "--frames", "1-7", check=False)
    assert "4 chunks is more than the maximum of 3" in too_many.stderr


def test_submit_over_http_with_job_options(server, tmp_path):
    scene = tmp_path / "s.blend"
    scene.write_bytes(b"BLENDER")
    answer = server.post("/json/submit", form={"preset": "blender", "file": str(scene), "frames": "1-3",
                                               "param": ["output=/r/f_####", "engine=CYCLES"],
                                               "priority": "42", "affinity": "gpu", "paused": "1", "title": "Shot 10"})
    assert answer.status == 200, answer
    parent = int(answer.text)
    row = jobs(server)[parent]
    assert (row["Title"], row["State"], row["Priority"]) == ("Shot 10", "PAUSED", 42)
    child = list(jobs(server, parent).values())[0]
    assert child["Command"] == "blender -b %s -o '/r/f_####' -E CYCLES -s 1 -e 3 -j 1 -a" % scene
    assert child["Affinity"] == "gpu"
    refused = server.post("/json/submit", form={"preset": "blender", "file": str(scene), "frames": "x"})
    assert refused.status == 400
    assert refused.text.startswith("error: ")
