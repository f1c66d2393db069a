"""Helpers for the XML-RPC end-to-end tests (POST /xmlrpc and POST /workers on the real
server). No tests here."""
import http.client
import json
import xmlrpc.client


def proxy(server, path="/xmlrpc"):
    """A v2-style client: `xmlrpc.client.ServerProxy` on `path` of `server`."""
    return xmlrpc.client.ServerProxy(server.url + path)


def raw_post(server, body, path="/xmlrpc", timeout=30, headers=None):
    """POSTs `body` (bytes) as text/xml; returns (status, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        hdrs = {"Content-Type": "text/xml"}
        hdrs.update(headers or {})
        conn.request("POST", path, body=body, headers=hdrs)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def call_xml(method, params_xml):
    """A methodCall document with already-encoded `<param>` contents."""
    params = "".join("<param>%s</param>" % p for p in params_xml)
    return ("<?xml version='1.0'?><methodCall><methodName>%s</methodName><params>%s</params></methodCall>"
            % (method, params)).encode()


def decode(body):
    """The result of a methodResponse, or raises xmlrpc.client.Fault."""
    result, _ = xmlrpc.client.loads(body)
    return result[0]


def fault_of(status, body):
    """The (code, text) of a fault answered with HTTP 200; fails on anything else."""
    assert status == 200, (status, body[:300])
    try:
        xmlrpc.client.loads(body)
    except xmlrpc.client.Fault as f:
        return f.faultCode, f.faultString
    raise AssertionError("not a fault: %r" % body[:300])


def json_jobs(server, parent=0):
    """The children of `parent` via /json/getjobs, as dicts keyed by the Vars names."""
    data = json.loads(server.get("/json/getjobs", {"id": parent}).text)
    return [dict(zip(data["Vars"], row)) for row in data["Jobs"]]


def json_job(server, job_id, parent=0):
    for j in json_jobs(server, parent):
        if j["ID"] == job_id:
            return j
    return None


def json_log(server, job_id):
    return json.loads(server.get("/json/getlog", {"id": job_id}).text)


def by_id(jobs):
    return {j["ID"]: j for j in jobs}
