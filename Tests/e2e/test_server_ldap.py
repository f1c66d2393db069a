"""LDAP authentication against a real OpenLDAP server (slapd) on 127.0.0.1."""
import base64
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import free_port, stop_process

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=example,dc=com"
TEMPLATE = "uid=__login__,ou=people," + SUFFIX

SCHEMAS = ["core", "cosine", "inetorgperson"]

USERS = """dn: {suffix}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,{suffix}
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: A
userPassword: wonderland

dn: uid=bob,ou=people,{suffix}
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: B
userPassword: builder
"""


@pytest.fixture(scope="module")
def ldap_url(tmp_path_factory):
    if not os.path.exists(SLAPD) or not shutil.which("ldapadd"):
        pytest.skip("slapd / ldap-utils not installed (scripts/install-deps.sh installs them)")
    root = tmp_path_factory.mktemp("slapd")
    (root / "db").mkdir()
    conf = ["include /etc/ldap/schema/%s.schema" % s for s in SCHEMAS] + [
        "pidfile %s/slapd.pid" % root,
        "modulepath /usr/lib/ldap",
        "moduleload back_mdb",
        "database mdb",
        'suffix "%s"' % SUFFIX,
        'rootdn "cn=admin,%s"' % SUFFIX,
        "rootpw admin-secret",
        "directory %s/db" % root,
    ]
    (root / "slapd.conf").write_text("\n".join(conf) + "\n")
    port = free_port()
    url = "ldap://127.0.0.1:%d" % port
    out = open(root / "slapd.out", "wb")
    proc = subprocess.Popen([SLAPD, "-f", str(root / "slapd.conf"), "-h", url + "/", "-d", "0"],
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        (root / "users.ldif").write_text(USERS.format(suffix=SUFFIX))
        deadline = time.monotonic() + 20
        while True:
            r = subprocess.run(["ldapadd", "-x", "-H", url, "-D", "cn=admin," + SUFFIX, "-w", "admin-secret",
                                "-f", str(root / "users.ldif")], capture_output=True)
            if r.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise AssertionError("slapd did not start: %r %s" % (r.stderr, (root / "slapd.out").read_text()))
            time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)


def auth(login, password):
    token = base64.b64encode(("%s:%s" % (login, password)).encode()).decode()
    return {"Authorization": "Basic " + token}


@pytest.fixture
def server(server_factory, ldap_url):
    return server_factory(ini={"ldaphost": ldap_url, "ldaptemplate": TEMPLATE,
                               "trustedusers": "\n  render-admin\n  pipeline"})


def test_requests_without_valid_credentials_get_401(server):
    for path in ("/", "/json/getjobs", "/xmlrpc/addjob?title=x"):
        r = server.get(path)
        assert r.status == 401, path
        assert r.text == "Authorization required!"
    r = server.request("GET", "/json/getjobs", headers={})
    assert r.status == 401
    for login, password in (("alice", "wrong"), ("alice", ""), ("nobody", "x"), ("", ""),
                            ("alice,ou=people", "wonderland"), ("*", "wonderland")):
        r = server.get("/json/getjobs", headers=auth(login, password))
        assert r.status == 401, (login, password)
    assert server.post("/xmlrpc", body=b"<methodCall/>", headers={"Content-Type": "text/xml"}).status == 401
    assert json.loads(server.get("/json/getjobs", headers=auth("alice", "wonderland")).body)["Jobs"] == []


def test_www_authenticate_header(server):
    import urllib.request
    import urllib.error
    try:
        urllib.request.urlopen(server.url + "/json/getjobs", timeout=10)
        raise AssertionError("expected 401")
    except urllib.error.HTTPError as e:
        assert e.code == 401
        assert e.headers["WWW-Authenticate"] == 'Basic realm="Coalition Login"'


def test_login_becomes_the_job_user(server):
    r = server.get("/json/addjob", {"title": "mine", "cmd": "x", "user": "mallory"}, headers=auth("alice", "wonderland"))
    assert r.status == 200
    jid = int(r.text)
    rows = json.loads(server.get("/json/getjobs", headers=auth("bob", "builder")).body)["Jobs"]
    assert rows[0][13] == "alice"
    # in LDAP mode updatejobs cannot change User
    server.get("/json/updatejobs", {"id": jid, "prop": "User", "value": "bob"}, headers=auth("bob", "builder"))
    rows = json.loads(server.get("/json/getjobs", headers=auth("bob", "builder")).body)["Jobs"]
    assert rows[0][13] == "alice"


def test_trusted_users_need_no_password(server):
    assert server.get("/json/getworkers", headers=auth("render-admin", "")).status == 200
    assert server.get("/json/getworkers", headers=auth("pipeline", "anything")).status == 200


def test_worker_protocol_stays_open(server):
    server.get("/json/addjob", {"title": "w", "cmd": "x"}, headers=auth("alice", "wonderland"))
    r = server.post("/workers/pickjob", {"hostname": "n-1"})
    assert r.status == 200 and r.text.startswith("1,")
