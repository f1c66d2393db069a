"""XML-RPC value types both ways, faults, introspection and multicall on the real server."""
import xmlrpc.client

import pytest

from test_xmlrpc_support import call_xml, decode, fault_of, json_job, proxy, raw_post

TRICKY = "Ünïcödé ✓ 日本語 🎬 <b>&amp;</b> 'q' \"dq\"\ttab\nline"


def test_non_ascii_and_markup_strings_round_trip(server):
    s = proxy(server)
    jid = s.addjob(0, TRICKY, "echo " + TRICKY, "/tmp/é", 1000, 10, 0, "gpu,ü", [])
    j = s.getjobs(0)["Jobs"][0]
    assert (j["Title"], j["Command"], j["Dir"], j["Affinity"]) == (TRICKY, "echo " + TRICKY, "/tmp/é", "gpu,ü")
    assert json_job(server, jid)["Title"] == TRICKY
    # a carriage return sent as a character reference survives XML line-end normalisation
    # both ways (xmlrpc.client itself sends it raw, so it would arrive as a plain LF)
    body = call_xml("updatejobs", ["<value><array><data><value><int>%d</int></value></data></array></value>" % jid,
                                   "<value>Title</value>", "<value>a&#13;&#10;b &#x263A; &lt;&gt;&amp;</value>"])
    assert decode(raw_post(server, body)[1]) == 1
    assert s.getjobs(0)["Jobs"][0]["Title"] == "a\r\nb \u263a <>&"


def test_empty_arrays_and_structs(server):
    s = proxy(server)
    assert s.getworkers() == []
    assert s.getjobs(0) == {"Jobs": [], "Parents": [{"ID": 0, "Title": "Root"}]}
    assert s.addjobwithoptions({}) == 1
    assert s.getjobs(0)["Jobs"][0]["Dependencies"] == []
    assert s.system.multicall([]) == []
    assert s.updatejobs([], "Title", "x") == 1


def test_large_ints_both_ways(server):
    s = proxy(server)
    big = 5_000_000_000
    # xmlrpc.client refuses to send ints over 32 bits, so use <i8> and a decimal string
    body = call_xml("addjob", ["<value><int>0</int></value>", "<value>big</value>",
                               "<value><string>c</string></value>", "<value><string>.</string></value>",
                               "<value><i8>%d</i8></value>" % big, "<value><i4>1</i4></value>",
                               "<value><string>%d</string></value>" % (big + 1),
                               "<value><string></string></value>",
                               "<value><array><data></data></array></value>"])
    assert decode(raw_post(server, body)[1]) == 1
    j = s.getjobs(0)["Jobs"][0]
    assert (j["Title"], j["Priority"], j["TimeOut"]) == ("big", big, big + 1)
    assert isinstance(j["Priority"], int)
    assert s.setjobpriority(1, str(-big)) == 1
    assert s.getjobs(0)["Jobs"][0]["Priority"] == -big


def test_ints_accept_decimal_strings_booleans_and_integral_doubles(server):
    s = proxy(server)
    assert s.addjob("0", "t", "c", ".", " 12 ", "+3", "0", "", "") == 1
    assert s.getjobs("1") == s.getjobs(1)
    assert s.setjobpriority("1", 7.0) == 1
    assert s.getjobs(0)["Jobs"][0]["Priority"] == 7
    assert s.setjobpriority(True, 8) == 1
    assert s.getjobs(0)["Jobs"][0]["Priority"] == 8


def test_untyped_value_is_a_string(server):
    body = call_xml("addjob", ["<value>0</value>", "<value>  spaced title  </value>", "<value>c</value>",
                               "<value>.</value>", "<value>1</value>", "<value>1</value>", "<value>0</value>",
                               "<value></value>", "<value>3 4</value>"])
    assert decode(raw_post(server, body)[1]) == 1
    j = proxy(server).getjobs(0)["Jobs"][0]
    assert (j["Title"], j["Dependencies"]) == ("  spaced title  ", [3, 4])


def test_base64_value_accepted_as_log(server):
    s = proxy(server)
    w = proxy(server, "/workers")
    jid = s.addjob(0, "b", "c", ".", 1, 1, 0, "", [])
    assert w.pickjob("bw", [0.0])[0] == jid
    raw = "bytes é\n".encode()
    assert w.heartbeat("bw", jid, xmlrpc.client.Binary(raw), [0.0]) is True
    assert s.getlog(jid) == "bytes é\n"


def test_unknown_method_is_fault_8001(server):
    s = proxy(server)
    with pytest.raises(xmlrpc.client.Fault) as e:
        s.nosuchmethod(1)
    assert (e.value.faultCode, e.value.faultString) == (8001, "procedure nosuchmethod not found")
    # worker methods live on /workers only, user methods on /xmlrpc only
    with pytest.raises(xmlrpc.client.Fault) as e:
        s.pickjob("w", 0)
    assert e.value.faultCode == 8001
    with pytest.raises(xmlrpc.client.Fault) as e:
        proxy(server, "/workers").getjobs(0)
    assert e.value.faultCode == 8001


@pytest.mark.parametrize("call, words", [
    (lambda s: s.getjobs(), ["getjobs", "1", "0"]),
    (lambda s: s.getjobs(1, "", 3), ["getjobs", "3"]),
    (lambda s: s.addjob(0, "t"), ["addjob", "9", "2"]),
    (lambda s: s.getjobs("one"), ["getjobs", "id", "int", "string"]),
    (lambda s: s.getjobs([1]), ["getjobs", "id", "array"]),
    (lambda s: s.setjobpriority(1, 2.5), ["setjobpriority", "priority", "double"]),
    (lambda s: s.updatejobs({"a": 1}, "Title", "x"), ["updatejobs", "ids", "struct"]),
    (lambda s: s.updatejobs([1, "x"], "Title", "x"), ["updatejobs", "ids"]),
    (lambda s: s.updatejobs([1], ["Title"], "x"), ["updatejobs", "prop", "array"]),
    (lambda s: s.updateworkers([1], "Affinity", "x"), ["updateworkers", "names"]),
    (lambda s: s.addjobwithoptions([]), ["addjobwithoptions", "options", "struct"]),
    (lambda s: s.getworkers(1), ["getworkers", "0", "1"]),
])
def test_bad_parameters_are_fault_8002_naming_the_parameter(server, call, words):
    with pytest.raises(xmlrpc.client.Fault) as e:
        call(proxy(server))
    assert e.value.faultCode == 8002
    for w in words:
        assert w in e.value.faultString, e.value.faultString


def test_typed_value_that_does_not_parse_is_fault_8002(server):
    code, _ = fault_of(*raw_post(server, call_xml("getjobs", ["<value><int>zero</int></value>"])))
    assert code == 8002
    code, _ = fault_of(*raw_post(server, call_xml("getjobs", ["<value><double>x</double></value>"])))
    assert code == 8002


def test_introspection(server):
    s = proxy(server)
    names = s.system.listMethods()
    v2 = ["addjob", "getjobs", "clearjobs", "clearjob", "resetjob", "pausejob", "updatejobs", "setjobpriority",
          "setjobaffinity", "getlog", "getworkers", "clearworkers", "stopworker", "startworker", "updateworkers"]
    extra = ["startjobs", "reseterrorjobs", "movejobs", "getactivities", "resetjobs", "pausejobs", "removejobs",
             "removeworkers", "stopworkers", "startworkers", "addjobwithoptions"]
    system = ["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"]
    assert set(v2 + extra + system) <= set(names)
    assert names == sorted(names)
    assert "pickjob" not in names
    assert "seconds" in s.system.methodHelp("addjob")
    assert s.system.methodSignature("setjobpriority") == [["int", "int", "int"]]
    assert s.system.methodSignature("getjobs") == [["struct", "int"], ["struct", "int", "string"]]
    assert s.system.methodSignature("getworkers") == [["array"]]
    with pytest.raises(xmlrpc.client.Fault) as e:
        s.system.methodHelp("nothing")
    assert e.value.faultCode == 8001
    w = proxy(server, "/workers")
    assert set(w.system.listMethods()) == {"pickjob", "pickjobwithaffinity", "heartbeat", "endjob"} | set(system)


def test_multicall(server):
    s = proxy(server)
    m = xmlrpc.client.MultiCall(s)
    m.addjob(0, "m1", "c", ".", 1, 1, 0, "", [])
    m.addjob(0, "m2", "c", ".", 1, 1, 0, "", [])
    m.getjobs(0)
    results = list(m())
    assert results[:2] == [1, 2]
    assert [j["Title"] for j in results[2]["Jobs"]] == ["m1", "m2"]
    # raw answers: [result] for successes, fault structs in place for failures
    answer = s.system.multicall([
        {"methodName": "getlog", "params": [1]},
        {"methodName": "nosuch", "params": []},
        {"methodName": "getjobs", "params": ["x"]},
        {"methodName": "system.multicall", "params": [[]]},
        {"params": []},
        {"methodName": "setjobpriority", "params": [2, 9]},
        "not a struct",
    ])
    assert answer[0] == [""]
    assert answer[1] == {"faultCode": 8001, "faultString": "procedure nosuch not found"}
    assert answer[2]["faultCode"] == 8002 and "id" in answer[2]["faultString"]
    assert answer[3]["faultCode"] == 8002 and "nested" in answer[3]["faultString"]
    assert answer[4]["faultCode"] == 8002
    assert answer[5] == [1]
    assert answer[6]["faultCode"] == 8002
    assert s.getjobs(0)["Jobs"][1]["Priority"] == 9
    with pytest.raises(xmlrpc.client.Fault) as e:
        s.system.multicall("nope")
    assert e.value.faultCode == 8002


def test_no_nil_is_ever_emitted(server):
    s = proxy(server)
    s.addjob(0, "n", "c", ".", 1, 1, 0, "", [])
    proxy(server, "/workers").pickjob("nw", [0.0])
    for method in ("getjobs", "getworkers", "getactivities"):
        params = {"getjobs": ["<value><int>0</int></value>"], "getworkers": [],
                  "getactivities": ["<value><int>-1</int></value>", "<value><string></string></value>",
                                    "<value><int>-1</int></value>"]}[method]
        status, body = raw_post(server, call_xml(method, params))
        assert status == 200 and b"<nil" not in body and b"<fault>" not in body
        assert b"None" not in body


def test_getjobs_direct_and_multicall_answers_agree(server):
    # A lone getjobs is written by a dedicated fast encoder, getjobs inside a multicall by the
    # general one: both must decode to the same value, whatever the jobs hold.
    s = proxy(server)
    w = proxy(server, "/workers")
    g = s.addjob(0, "grp", "", ".", 1, 1, 0, "", [])
    tricky = s.addjobwithoptions({"parent": g, "title": "t", "cmd": "run", "url": "u&<>",
                                  "localprogress": "at %percent"})
    # characters XML cannot carry arrive through /json; XML-RPC answers them as U+FFFD
    server.post("/json/updatejobs", {"id": tricky, "prop": "Title", "value": TRICKY + "\x01\uffff\r"})
    s.addjob(g, "plain", "x", ".", str(2**40), 1, str(2**33), "a,b", [tricky, g])
    nested = s.addjob(tricky, "child", "y", ".", -5, 0, 0, "", "")
    assert w.pickjob("eq", [0.0])[0] == nested
    assert w.heartbeat("eq", nested, "", [0.0]) is True
    direct = s.getjobs(g)
    via_multicall = s.system.multicall([{"methodName": "getjobs", "params": [g]}])[0][0]
    # a running job's Duration grows between the two calls
    assert direct["Jobs"][0].pop("Duration") <= via_multicall["Jobs"][0].pop("Duration")
    assert direct == via_multicall
    assert direct["Jobs"][0]["Title"] == TRICKY + "\ufffd\ufffd\r"
    assert direct["Jobs"][1]["Priority"] == 2**40
    assert s.getjobs(999) == s.system.multicall([{"methodName": "getjobs", "params": [999]}])[0][0]
    assert s.getjobs(g, "WAITING") == s.system.multicall([{"methodName": "getjobs", "params": [g, "WAITING"]}])[0][0]


def test_getjobs_worst_case_sizes(server):
    # extreme ints, strings made only of escaped characters, long id lists
    s = proxy(server)
    g = s.addjob(0, "<&>" * 3000, "&" * 4000, ".", str(-2**63), str(2**63 - 1), str(-2**63), "&<>", [])
    server.post("/json/updatejobs", {"id": g, "prop": "Dir", "value": "\r" * 500})  # xmlrpc.client sends CR raw
    ids = [s.addjob(g, "&" * i, "", ".", 1, 1, 0, "", list(range(1, i + 1))) for i in range(1, 40)]
    top = s.getjobs(0)["Jobs"][0]
    assert (top["Title"], top["Command"], top["Dir"]) == ("<&>" * 3000, "&" * 4000, "\r" * 500)
    assert (top["Priority"], top["Retry"], top["TimeOut"]) == (-2**63, 2**63 - 1, -2**63)
    assert top["Children"] == ids
    assert s.getjobs(0) == s.system.multicall([{"methodName": "getjobs", "params": [0]}])[0][0]
    children = s.getjobs(g)["Jobs"]
    assert [j["Dependencies"] for j in children] == [list(range(1, i + 1)) for i in range(1, 40)]
    assert s.getjobs(g) == s.system.multicall([{"methodName": "getjobs", "params": [g]}])[0][0]
