"""Hostile and malformed XML-RPC requests: refused quickly, as faults (HTTP 200) or 413,
without disturbing the server (reference 6)."""
import http.client
import socket
import time

import pytest

from test_xmlrpc_support import call_xml, fault_of, proxy, raw_post

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodCall><methodName>getlog</methodName><params><param><value><string>&lol9;</string></value></param></params>
</methodCall>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>addjob</methodName><params><param><value>&xxe;</value></param></params></methodCall>"""


def assert_alive(server):
    assert proxy(server).getjobs(0)["Parents"] == [{"ID": 0, "Title": "Root"}]
    assert server.get("/json/getworkers").status == 200


@pytest.mark.parametrize("path", ["/xmlrpc", "/workers"])
@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_dtd_is_refused_quickly(server, path, body):
    start = time.monotonic()
    code, text = fault_of(*raw_post(server, body, path=path))
    assert time.monotonic() - start < 5.0  # refused, not expanded (generous for a loaded machine)
    assert code == 8002
    assert "root:" not in text and "lollol" not in text
    assert_alive(server)


def nested(depth):
    return "<value><array><data>" * depth + "<value><int>1</int></value>" + "</data></array></value>" * depth


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting_is_refused(server, depth):
    start = time.monotonic()
    code, _ = fault_of(*raw_post(server, call_xml("updatejobs", [nested(depth), "<value>Title</value>",
                                                                 "<value>x</value>"])))
    assert time.monotonic() - start < 5.0
    assert code == 8002
    assert_alive(server)


def test_moderate_nesting_is_accepted(server):
    # 10 levels is far below the limit: the call reaches the method, which refuses the shape
    code, text = fault_of(*raw_post(server, call_xml("getjobs", [nested(10)])))
    assert code == 8002 and "id" in text


@pytest.mark.parametrize("body", [
    b"",
    b"this is not xml",
    b"<?xml version='1.0'?><methodCall><methodName>getjobs</methodName><params><param><value><int>0",
    b"<?xml version='1.0'?><methodCall><params></params></methodCall>",
    b"<?xml version='1.0'?><methodCall><methodName>getlog</methodName><params><param><value>\xff\xfe</value>"
    b"</param></params></methodCall>",
    b"<?xml version='1.0'?><notACall/>",
    b"<methodCall><methodName>getjobs</methodName><params><param><value><int>1</int></value></param></params>"
    b"</methodCall><trailing/>",
    b"<methodCall><methodName>getlog</methodName><params><param><value>&undefined;</value></param></params>"
    b"</methodCall>",
], ids=["empty", "not-xml", "truncated", "no-methodName", "non-utf8", "wrong-root", "two-roots",
        "undefined-entity"])
@pytest.mark.parametrize("path", ["/xmlrpc", "/workers"])
def test_malformed_bodies_are_fault_8002(server, body, path):
    code, _ = fault_of(*raw_post(server, body, path=path))
    assert code == 8002
    assert_alive(server)


def test_oversized_body_is_refused_without_reading_it_all(server):
    body = call_xml("getlog", ["<value><string>%s</string></value>" % ("x" * (17 << 20))])
    assert len(body) > 16 << 20
    start = time.monotonic()
    try:
        status, _ = raw_post(server, body, timeout=20)
        assert status == 413
    except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected, socket.timeout) as e:
        # the server may stop reading and close: acceptable, provided it did so promptly
        assert not isinstance(e, socket.timeout)
    assert time.monotonic() - start < 10
    assert_alive(server)


def test_body_just_under_the_limit_is_parsed(server):
    text = "y" * (15 << 20)
    s = proxy(server)
    assert s.addjob(0, "big", "c", ".", 1, 1, 0, "", []) == 1
    body = call_xml("updatejobs", ["<value><int>1</int></value>", "<value>Command</value>",
                                   "<value><string>%s</string></value>" % text])
    status, answer = raw_post(server, body, timeout=60)
    assert status == 200 and b"<fault>" not in answer
    assert len(s.getjobs(0)["Jobs"][0]["Command"]) == len(text)


@pytest.mark.parametrize("path", ["/xmlrpc", "/workers"])
def test_get_is_405(server, path):
    answer = server.get(path)
    assert answer.status == 405


def test_xmlrpc_addjob_stays_the_json_alias(server):
    answer = server.get("/xmlrpc/addjob", {"title": "alias", "cmd": "c", "timeout": "2"})
    assert (answer.status, answer.text) == (200, "1")
    assert proxy(server).getjobs(0)["Jobs"][0]["TimeOut"] == 2
    answer = server.post("/xmlrpc/addjob", {"title": "alias2"})
    assert (answer.status, answer.text) == (200, "2")
