#!/usr/bin/env python3
"""Server CPU per second with N browsers open on a large folder: polling (the v3 UI's way:
every browser reads its folder every 2 s) against pushed changes (/json/events: a browser
reads its folder only when the stream names it, plus a poll every 15 s).

The browsers are simulated with the same requests the page sends; one job per second
finishes in another folder meanwhile (so the farm's totals change, as on a real farm).
Start a server first, then:

    python3 Benchmarks/live_ui.py --url http://127.0.0.1:PORT --server-pid PID --fill 100000
    python3 Benchmarks/live_ui.py --url http://127.0.0.1:PORT --server-pid PID --mode poll
    python3 Benchmarks/live_ui.py --url http://127.0.0.1:PORT --server-pid PID --mode push
"""
import argparse
import http.client
import json
import os
import socket
import threading
import time
import urllib.parse
import urllib.request


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post(url, path, form):
    data = urllib.parse.urlencode(form, doseq=True).encode()
    with urllib.request.urlopen(urllib.request.Request(url + path, data=data), timeout=120) as r:
        return r.read().decode()


def folder_id(url, title):
    jobs = json.loads(urllib.request.urlopen(url + "/json/getjobs?id=0", timeout=60).read())
    ids = [row[0] for row in jobs["Jobs"] if row[1] == title]
    return ids[0] if ids else None


def fill(url, count):
    big = folder_id(url, "bench-big") or int(post(url, "/json/addjob", {"title": "bench-big"}))
    other = folder_id(url, "bench-other") or int(post(url, "/json/addjob", {"title": "bench-other"}))
    conn = http.client.HTTPConnection(urllib.parse.urlparse(url).netloc)
    for n in range(count):
        conn.request("POST", "/json/addjob", urllib.parse.urlencode({"title": "j%d" % n, "cmd": "true", "parent": big}),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        conn.getresponse().read()
    for n in range(3600):
        conn.request("POST", "/json/addjob", urllib.parse.urlencode({"title": "o%d" % n, "cmd": "true", "parent": other}),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        conn.getresponse().read()
    print("filled: folder %d with %d jobs, folder %d with 3600" % (big, count, other))


class Browser(threading.Thread):
    def __init__(self, url, folder, mode, stop):
        super().__init__(daemon=True)
        self.netloc = urllib.parse.urlparse(url).netloc
        self.folder, self.mode, self.stop = folder, mode, stop
        self.dirty = threading.Event()
        self.reads = 0
        self.bytes = 0

    def get(self, conn, path):
        conn.request("GET", path)
        body = conn.getresponse().read()
        self.reads += 1
        self.bytes += len(body)

    def refresh(self, conn):
        t0 = time.monotonic()
        self.get(conn, "/json/getjobs?id=%d&extra=Environment" % self.folder)
        self.get(conn, "/json/getworkers")
        return time.monotonic() - t0

    def listen(self):
        host, port = self.netloc.split(":")
        s = socket.create_connection((host, int(port)))
        s.sendall(("GET /json/events HTTP/1.1\r\nHost: %s\r\n\r\n" % self.netloc).encode())
        buf = b""
        while not self.stop.is_set():
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            while b"data: " in buf and b"\n" in buf[buf.find(b"data: "):]:
                i = buf.find(b"data: ")
                j = buf.find(b"\n", i)
                ev = json.loads(buf[i + 6:j])
                buf = buf[j + 1:]
                if ev["all"] or ev["reload"] or self.folder in ev["jobs"]:
                    self.dirty.set()
        s.close()

    def run(self):
        conn = http.client.HTTPConnection(self.netloc, timeout=120)
        if self.mode == "push":
            threading.Thread(target=self.listen, daemon=True).start()
        spent = self.refresh(conn)
        last = time.monotonic()
        while not self.stop.is_set():
            if self.mode == "poll":
                time.sleep(max(2.0, 2 * spent))
                spent = self.refresh(conn)
            else:
                fired = self.dirty.wait(timeout=15 - (time.monotonic() - last))
                if self.stop.is_set():
                    break
                if fired:
                    time.sleep(max(0.25, 4 * spent))
                self.dirty.clear()
                spent = self.refresh(conn)
                last = time.monotonic()


def churn(url, other, stop):
    """One job of the other folder finishes every second, through the worker protocol."""
    form = {"hostname": "bench-churn", "load": "[10]", "freeMemory": "1000", "totalMemory": "2000"}
    while not stop.is_set():
        answer = post(url, "/workers/pickjob", form)
        job = answer.split(",", 1)[0].strip("( ")
        if job.isdigit() and job != "-1":
            post(url, "/workers/endjob", dict(form, jobId=job, errorCode="0"))
        stop.wait(1.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--fill", type=int, default=0)
    ap.add_argument("--mode", choices=["poll", "push"])
    ap.add_argument("--browsers", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30)
    a = ap.parse_args()
    if a.fill:
        fill(a.url, a.fill)
        return
    big, other = folder_id(a.url, "bench-big"), folder_id(a.url, "bench-other")
    stop = threading.Event()
    browsers = [Browser(a.url, big, a.mode, stop) for _ in range(a.browsers)]
    for b in browsers:
        b.start()
    threading.Thread(target=churn, args=(a.url, other, stop), daemon=True).start()
    time.sleep(5)  # past the first full reads
    reads0 = sum(b.reads for b in browsers)
    bytes0 = sum(b.bytes for b in browsers)
    c0, t0 = cpu_seconds(a.server_pid), time.monotonic()
    time.sleep(a.seconds)
    c1, t1 = cpu_seconds(a.server_pid), time.monotonic()
    reads = sum(b.reads for b in browsers) - reads0
    sent = sum(b.bytes for b in browsers) - bytes0
    stop.set()
    print("%s: %d browsers, %.2f server CPU s/s, %.1f reads/s, %.1f MB/s sent"
          % (a.mode, a.browsers, (c1 - c0) / (t1 - t0), reads / (t1 - t0), sent / (t1 - t0) / 1e6))


if __name__ == "__main__":
    main()
