#!/usr/bin/env python3
"""Throughput of the XML-RPC API (POST /xmlrpc) against the /json API, on a running server.

Start a release server on a scratch data directory first, for example:

    swift build -c release --product coalition
    mkdir -p /tmp/bench && cd /tmp/bench && /path/to/.build/release/coalition server -p 19311 --host 127.0.0.1

then run:

    python3 Benchmarks/xmlrpc_vs_json.py --url http://127.0.0.1:19311

It adds a parent with --children children (and more jobs for the addjob runs), then
measures, over one keep-alive connection per protocol, requests per second of

  * getjobs of that parent: XML-RPC `getjobs(id)` vs `GET /json/getjobs?id=`
  * addjob: XML-RPC `addjob(...)` vs `POST /json/addjob`

Each measurement is --rounds rounds of --requests requests, XML-RPC and JSON rounds
alternating; the median of the rounds is printed with the XML-RPC/JSON cost ratio
(time per request, so 2.0 means XML-RPC costs twice as much). With --server-pid (Linux),
the server's own CPU time per request is measured too (summed over its threads from
/proc/<pid>/task/*/schedstat), which is far less sensitive to other load on the machine
than the throughput seen by the client. Request bodies are encoded
once and answers are read in full but not decoded per request, so the figures measure
the server, not Python's XML parser; every kind of answer is decoded and checked once
before timing.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse
import xmlrpc.client


class Connection:
    """One persistent HTTP/1.1 connection."""

    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def send(self, method, path, body=None, content_type=None):
        headers = {"Connection": "keep-alive"}
        if content_type:
            headers["Content-Type"] = content_type
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError("%s %s -> %d %r" % (method, path, response.status, data[:200]))
        return data


def xmlrpc_body(method, *params):
    return xmlrpc.client.dumps(params, method, encoding="utf-8").encode("utf-8")


def xmlrpc_result(data):
    return xmlrpc.client.loads(data)[0][0]


def server_cpu_ns(pid):
    """CPU time of every thread of process `pid`, in nanoseconds (None without a pid)."""
    if pid is None:
        return None
    total = 0
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that just ended
    return total


def rate(conn, requests, pid, method, path, body, content_type):
    """(requests per second, server CPU microseconds per request or None)."""
    cpu = server_cpu_ns(pid)
    start = time.perf_counter()
    for _ in range(requests):
        conn.send(method, path, body, content_type)
    elapsed = time.perf_counter() - start
    cpu_us = None if pid is None else (server_cpu_ns(pid) - cpu) / 1000.0 / requests
    return requests / elapsed, cpu_us


def compare(name, xml_conn, json_conn, xml_req, json_req, rounds, requests, pid):
    """Alternating rounds; returns the (XML-RPC, JSON) cost ratios: by throughput, by server CPU."""
    xml_runs, json_runs = [], []
    for _ in range(rounds):
        xml_runs.append(rate(xml_conn, requests, pid, *xml_req))
        json_runs.append(rate(json_conn, requests, pid, *json_req))
    x = statistics.median(r for r, _ in xml_runs)
    j = statistics.median(r for r, _ in json_runs)
    print("%-22s XML-RPC %9.1f req/s   JSON %9.1f req/s   XML-RPC/JSON cost %.2f" % (name, x, j, j / x))
    if pid is None:
        return j / x, None
    xc = statistics.median(c for _, c in xml_runs)
    jc = statistics.median(c for _, c in json_runs)
    print("%-22s XML-RPC %9.1f us CPU  JSON %9.1f us CPU  XML-RPC/JSON cost %.2f   (server CPU per request)"
          % ("", xc, jc, xc / jc))
    return j / x, xc / jc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:19211", help="server base URL")
    parser.add_argument("--children", type=int, default=1000, help="children of the getjobs parent")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per measurement (median taken)")
    parser.add_argument("--requests", type=int, default=100, help="requests per getjobs round")
    parser.add_argument("--add-requests", type=int, default=500, help="requests per addjob round")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests of each kind first")
    parser.add_argument("--server-pid", type=int, help="pid of the server, to measure its CPU time (Linux)")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80
    xml_conn, json_conn = Connection(host, port), Connection(host, port)
    form = "application/x-www-form-urlencoded"

    # Fixture: one parent with N children, added through /json in one keep-alive stream.
    parent = int(json_conn.send("POST", "/json/addjob", urllib.parse.urlencode({"title": "bench-getjobs"}), form))
    for i in range(args.children):
        json_conn.send("POST", "/json/addjob",
                       urllib.parse.urlencode({"parent": parent, "title": "frame %04d" % i,
                                               "cmd": "render -f %d scene.ma" % i, "dir": "/projects/show",
                                               "priority": 1000 + i % 7, "affinity": "linux",
                                               "dependencies": str(parent)}), form)
    scratch = int(json_conn.send("POST", "/json/addjob", urllib.parse.urlencode({"title": "bench-addjob"}), form))

    getjobs_xml = ("POST", "/xmlrpc", xmlrpc_body("getjobs", parent), "text/xml")
    getjobs_json = ("GET", "/json/getjobs?id=%d" % parent, None, None)
    addjob_xml = ("POST", "/xmlrpc",
                  xmlrpc_body("addjob", scratch, "new job", "render scene.ma", "/projects/show", 1000, 10, 0,
                              "linux", []), "text/xml")
    addjob_json = ("POST", "/json/addjob",
                   urllib.parse.urlencode({"parent": scratch, "title": "new job", "cmd": "render scene.ma",
                                           "dir": "/projects/show", "priority": 1000, "retry": 10,
                                           "timeout": 0, "affinity": "linux"}), form)

    # Check every answer once, then warm up.
    got = xmlrpc_result(xml_conn.send(*getjobs_xml))
    assert len(got["Jobs"]) == args.children, len(got["Jobs"])
    assert len(json.loads(json_conn.send(*getjobs_json))["Jobs"]) == args.children
    assert xmlrpc_result(xml_conn.send(*addjob_xml)) > 0
    assert int(json_conn.send(*addjob_json)) > 0
    xml_bytes = len(xml_conn.send(*getjobs_xml))
    json_bytes = len(json_conn.send(*getjobs_json))
    for _ in range(args.warmup):
        xml_conn.send(*getjobs_xml)
        json_conn.send(*getjobs_json)

    print("server %s; getjobs of %d children: XML-RPC answer %d bytes, JSON answer %d bytes"
          % (args.url, args.children, xml_bytes, json_bytes))
    print("medians of %d rounds, one keep-alive connection each" % args.rounds)
    g = compare("getjobs (%d children)" % args.children, xml_conn, json_conn, getjobs_xml, getjobs_json,
                args.rounds, args.requests, args.server_pid)
    a = compare("addjob", xml_conn, json_conn, addjob_xml, addjob_json, args.rounds, args.add_requests,
                args.server_pid)
    ratios = [r for r in g + a if r is not None]
    worst = max(ratios)
    print("worst XML-RPC/JSON cost ratio: %.2f (%s)" % (worst, "ok" if worst <= 2.0 else "OVER 2x"))
    return 0 if worst <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
