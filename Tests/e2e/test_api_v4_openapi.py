"""The OpenAPI description: served as kept in docs/, and the server checked against it by
schemathesis (a bounded number of generated requests per operation)."""

import json
import os
import subprocess
import sys

from api_v4_support import add, ok
from conftest import REPO


def test_served_description_is_the_one_in_docs(server):
    with open(os.path.join(REPO, "docs", "openapi.json")) as f:
        kept = json.load(f)
    served = ok(server, "GET", "/api/openapi.json")
    assert served == kept
    assert served["openapi"].startswith("3.1")


def test_schemathesis_finds_no_server_error_and_no_contradiction(server, tmp_path):
    # A few jobs and a worker so generated ids and names sometimes exist.
    group = add(server, title="g")
    for i in range(3):
        add(server, parent=group, title="j%d" % i, command="true", state="PAUSED")
    server.post("/workers/heartbeat", form={"hostname": "node-1", "jobId": "-1", "load": "[0]"})
    checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
    argv = [sys.executable, "-m", "schemathesis.cli", "run", server.url + "/api/openapi.json",
            "--url", server.url, "--checks", checks, "--max-examples", os.environ.get("SCHEMATHESIS_EXAMPLES", "10"),
            "--suppress-health-check", "all"]
    result = subprocess.run(argv, cwd=str(tmp_path), capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # the server is still answering
    assert ok(server, "GET", "/api/jobs")
