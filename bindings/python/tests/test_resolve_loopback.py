"""`Resolver.resolve` end to end on 127.0.0.1: a test CA and leaf made with openssl, the key set
and the JWS written by the `pixcode location` CLI, an HTTPS server answering for
`pix.example.com` through the resolver's override. Nothing leaves the machine."""

import base64
import http.server
import json
import shutil
import ssl
import subprocess
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import pixcode

from test_pixcode import cli

URL = "pix.example.com/qr/v2/cob/7f3c9a1b2d4e"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed to make the test certificates")
    d = tmp_path_factory.mktemp("pki")
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key", cwd=d)
    openssl(
        "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=pixcode test CA", "-days", "30",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem", cwd=d,
    )
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key", cwd=d)
    openssl("req", "-new", "-key", "leaf.key", "-subj", "/CN=pix.example.com", "-out", "leaf.csr", cwd=d)
    (d / "ext.cnf").write_text(
        "basicConstraints=CA:FALSE\n"
        "subjectAltName=DNS:pix.example.com\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
    )
    openssl(
        "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "30", "-extfile", "ext.cnf", "-out", "leaf.pem", cwd=d,
    )
    (d / "chain.pem").write_text((d / "leaf.pem").read_text() + (d / "ca.pem").read_text())
    return d


class Routes(http.server.BaseHTTPRequestHandler):
    routes = {}
    seen = []

    def do_GET(self):
        Routes.seen.append(self.path)
        answer = Routes.routes.get(self.path.split("?")[0])
        if answer is None:
            self.send_response(404)
            self.end_headers()
            return
        ctype, body = answer
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(pki):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Routes)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki / "chain.pem", pki / "leaf.key")
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def sign(pki, payload):
    out = subprocess.run(
        [cli(), "location", "sign", "--key", str(pki / "leaf.key"), "--cert", str(pki / "chain.pem"),
         "--jku", "https://pix.example.com/jwks", "--kid", "k1", "--alg", "ES256"],
        input=json.dumps(payload).encode(), capture_output=True, check=True,
    )
    return out.stdout.strip()


def test_a_signed_cob_is_verified_and_payable(pki, server):
    jwks = subprocess.run(
        [cli(), "location", "jwks", "--cert", str(pki / "chain.pem"), "--kid", "k1", "--alg", "ES256"],
        capture_output=True, check=True,
    ).stdout
    now = datetime.now(timezone.utc).replace(microsecond=0)
    payload = {
        "revisao": 0,
        "calendario": {"criacao": (now - timedelta(minutes=5)).isoformat().replace("+00:00", "Z"),
                       "apresentacao": now.isoformat().replace("+00:00", "Z"), "expiracao": 3600},
        "valor": {"original": "37.90"},
        "chave": "pagamentos@example.com",
        "txid": "PEDIDO2026031000000000000042",
        "status": "ATIVA",
    }
    jws = sign(pki, payload)
    Routes.routes = {
        "/jwks": ("application/json", jwks),
        "/qr/v2/cob/7f3c9a1b2d4e": ("application/jose", jws),
    }
    code = pixcode.build("Fulano de Tal", "BRASILIA", url=URL)
    # A list of PEM documents: the second one is named when it does not read.
    with pytest.raises(ValueError, match=r"ca_pem\[1\]"):
        pixcode.Resolver(ca_pem=[(pki / "ca.pem").read_text(), "not a certificate"])
    resolver = pixcode.Resolver(
        ca_pem=[(pki / "ca.pem").read_bytes()], default_roots=False,
        resolve={"pix.example.com": f"127.0.0.1:{server}"}, timeout=5,
    )
    r = resolver.resolve(code)
    assert r["verified"] is True and r["payable"] is True, r["errors"]
    assert r["kind"] == "cob"
    assert r["charge"]["valor"]["original"] == "37.90"
    assert r["jws"] == jws.decode()
    assert "/qr/v2/cob/7f3c9a1b2d4e" in Routes.seen and "/jwks" in Routes.seen

    # The same answer with one payload byte changed: refused, and nothing of it is given.
    head, body, sig = jws.split(b".")
    forged = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
    forged["valor"]["original"] = "3790.00"
    body = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=")
    Routes.routes["/qr/v2/cob/7f3c9a1b2d4e"] = ("application/jose", b".".join([head, body, sig]))
    r = resolver.resolve(code)
    assert r["verified"] is False and r["payable"] is False and r["charge"] is None
    assert any(e["code"].startswith("jws_") for e in r["errors"]), r["errors"]

    # Trusting only Mozilla's roots, the test CA is unknown: refused, naming the chain.
    strict = pixcode.Resolver(resolve={"pix.example.com": f"127.0.0.1:{server}"}, timeout=5)
    Routes.routes["/qr/v2/cob/7f3c9a1b2d4e"] = ("application/jose", jws)
    r = strict.resolve(code)
    assert r["verified"] is False and r["charge"] is None
