#!/usr/bin/env python3
"""Worker CPU and memory while it supervises N running jobs (default 64).

Starts a `coalition server` and a `coalition worker -w N` on 127.0.0.1 in a temporary
directory, adds N jobs that each print a line every second, waits until all are WORKING,
then samples the worker process for --seconds: CPU (utime+stime from /proc/PID/stat, as a
percentage of one core, per 1-second interval) and RSS (VmRSS). Prints medians and maxima.

    python3 Benchmarks/worker_supervision.py --bin .build/release/coalition [--jobs 64] [--seconds 20] [--sleep 2]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(url, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url + path, data=data, timeout=30) as answer:
        return answer.read().decode()


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release/coalition")
    parser.add_argument("--jobs", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--sleep", default="2", help="worker heartbeat period")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    root = tempfile.mkdtemp(prefix="coalition-bench-")
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    procs = []
    try:
        server = subprocess.Popen([binary, "server", "--host", "127.0.0.1", "-p", str(port), "--data-dir", root],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(server)
        deadline = time.time() + 30
        while True:
            try:
                post(url, "/json/getjobs", {"id": 0})
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        for i in range(args.jobs):
            post(url, "/json/addjob", {"title": "bench-%d" % i, "cmd": "while true; do echo tick; sleep 1; done"})
        worker = subprocess.Popen([binary, "worker", "-n", "bench", "-w", str(args.jobs), "-s", args.sleep,
                                   "--state-dir", os.path.join(root, "state"), url],
                                  cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        procs.append(worker)
        deadline = time.time() + 120
        while True:
            table = json.loads(urllib.request.urlopen(url + "/json/getjobs?id=0", timeout=30).read())
            state = table["Vars"].index("State")
            working = sum(1 for row in table["Jobs"] if row[state] == "WORKING")
            if working == args.jobs:
                break
            if time.time() > deadline:
                raise SystemExit("only %d of %d jobs WORKING" % (working, args.jobs))
            time.sleep(0.5)
        time.sleep(2)
        hz = os.sysconf("SC_CLK_TCK")
        cpu, rss = [], []
        before = cpu_ticks(worker.pid)
        for _ in range(args.seconds):
            time.sleep(1)
            now = cpu_ticks(worker.pid)
            cpu.append(100.0 * (now - before) / hz)
            before = now
            rss.append(rss_kb(worker.pid))
        print("jobs=%d sleep=%ss samples=%d" % (args.jobs, args.sleep, len(cpu)))
        print("worker CPU %% of one core: median %.1f, max %.1f" % (statistics.median(cpu), max(cpu)))
        print("worker RSS MiB: median %.1f, max %.1f" % (statistics.median(rss) / 1024, max(rss) / 1024))
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
