# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An HTTPS stand-in for Azure Resource Manager (Microsoft.Network) and the Entra ID token endpoint.

Test lab only (not shipped in the built collection).  It is an independent model of how Azure
behaves, written from Azure's public documentation and REST specification; it imports nothing
from this collection's ``plugins/``.  The real ``azure-identity`` ``ClientSecretCredential`` and
``azure-mgmt-network`` ``NetworkManagementClient`` talk to it unchanged::

    .venv/bin/python tests/lab/arm_https/server.py --resources FILE.json [--port 0]
        [--ready-file PATH] [--log PATH] [--state-dir DIR] [--faults FILE]
        [--tenant TENANT_ID] [--client-id ID] [--client-secret SECRET] [--subscription SUB]

It binds 127.0.0.1, makes a CA and a server certificate (127.0.0.1, localhost) in ``--state-dir``,
and writes ``{"port", "pid", "ca_file", "base_url", "authority", ...}`` to ``--ready-file`` once
it accepts connections.  ``--log`` gets one JSON line per request (never secrets or tokens).
``tests/lab/README.md`` describes the endpoints, the validation rules and the faults;
``lab.py`` next to this file starts and drives it from Python tests.
"""

from __future__ import annotations

import argparse
import hmac
import http.server
import json
import os
import secrets
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from armlab.auth import Tokens, _write_file, make_certificates  # noqa: E402  pylint: disable=wrong-import-position
from armlab.common import (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SUBSCRIPTION, DEFAULT_TENANT,  # noqa: E402
                           LabError, Request, Response, arm_error, iso, utcnow)
from armlab.faults import Faults  # noqa: E402  pylint: disable=wrong-import-position
from armlab.service import Service  # noqa: E402  pylint: disable=wrong-import-position
from armlab.store import Store, parse_resource_id  # noqa: E402  pylint: disable=wrong-import-position

# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vpnalign-arm-lab/1"
    sys_version = ""
    timeout = 60
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def setup(self):
        super().setup()
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            raise

    def log_message(self, format, *args):  # noqa: A002  (quiet: the JSON log has everything)
        return

    def _body(self):
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self):
        app = self.server.app
        started = time.monotonic()
        body = self._body()
        req = Request(self.command, self.path, self.headers, body, app.base_url)
        if req.lower[:1] == ["_lab"]:
            response = app.control(req)
            self._send(req, response)
            return
        try:
            response = app.service.dispatch(req)
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc()
            response = arm_error(500, "InternalServerError", "The lab failed to handle the request.")
        entry = {
            "ts": iso(), "method": req.method, "path": req.path, "query": req.query,
            "status": response.status, "if_match": req.log.pop("if_match", self.headers.get("If-Match")),
            "fault": req.log.pop("fault", None) or response.fault,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "host": (self.headers.get("Host") or "").rsplit(":", 1)[0],  # the name the client used (127.0.0.1, localhost)
        }
        entry.update(req.log)
        app.log(entry)  # before the reply, so a client that got its answer finds the entry
        self._send(req, response)

    def _send(self, req, response):
        self.send_response(response.status)
        headers = dict(response.headers)
        request_id = str(uuid.uuid4())
        headers.setdefault("x-ms-request-id", request_id)
        headers.setdefault("x-ms-correlation-request-id", self.headers.get("x-ms-correlation-request-id") or request_id)
        headers.setdefault("x-ms-routing-request-id", "UKSOUTH:%s:%s" % (utcnow().strftime("%Y%m%dT%H%M%SZ"), request_id))
        if self.headers.get("x-ms-client-request-id"):
            headers.setdefault("x-ms-client-request-id", self.headers["x-ms-client-request-id"])
        headers.setdefault("Cache-Control", "no-cache")
        headers["Content-Length"] = str(len(response.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if req.method != "HEAD" and response.body:
            self.wfile.write(response.body)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _handle


class LabHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, socket.timeout, TimeoutError)):
            return  # clients that do not trust the CA, or drop idle keep-alive connections
        super().handle_error(request, client_address)


class App:
    def __init__(self, args):
        self.args = args
        self.state_dir = args.state_dir or tempfile.mkdtemp(prefix="arm-lab-")
        os.makedirs(self.state_dir, exist_ok=True)
        with open(args.resources, "r", encoding="utf-8") as handle:
            resources = json.load(handle)
        if not args.subscription:
            args.subscription = next((parse_resource_id(r.get("id"))[0] for r in resources
                                      if isinstance(r, dict) and parse_resource_id(r.get("id"))), DEFAULT_SUBSCRIPTION)
        self.store = Store(resources, args.subscription, in_progress_polls=args.lro_in_progress_polls,
                           lro_timeout=args.lro_timeout, state_file=os.path.join(self.state_dir, "resources.json"))
        self.faults = Faults()
        self.faults_file = args.faults
        self.faults_mtime = None
        self._reload_faults()
        self.tokens = Tokens(args.tenant, args.client_id, args.client_secret, args.token_lifetime)
        self.control_token = secrets.token_urlsafe(24)
        self.log_lock = threading.Lock()
        self.log_handle = open(args.log, "a", encoding="utf-8") if args.log else None
        self.ca_file, cert_file, key_file = make_certificates(self.state_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert_file, key_file)
        self.httpd = LabHTTPServer(("127.0.0.1", args.port), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        self.base_url = "https://127.0.0.1:%d" % self.port
        self.service = Service(args, self.store, self.faults, self.tokens, self.base_url)

    def _reload_faults(self):
        if not self.faults_file:
            return
        try:
            mtime = os.stat(self.faults_file).st_mtime_ns
        except OSError:
            return
        if mtime == self.faults_mtime:
            return
        with open(self.faults_file, "r", encoding="utf-8") as handle:
            text = handle.read()
        self.faults.set(json.loads(text) if text.strip() else {})
        self.faults_mtime = mtime

    def log(self, entry):
        if self.log_handle is None:
            return
        with self.log_lock:
            self.log_handle.write(json.dumps(entry, sort_keys=True) + "\n")
            self.log_handle.flush()

    def control(self, req):
        """/_lab/...: the test's control channel (needs the control token from the ready file)."""
        token = req.header("X-Lab-Control-Token") or ""
        if not hmac.compare_digest(token.encode(), self.control_token.encode()):
            return arm_error(404, "NotFound", "The requested path '%s' was not found." % req.path)
        what = "/".join(req.lower[1:])
        try:
            if what == "faults" and req.method == "GET":
                return Response(200, self.faults.describe())
            if what == "faults" and req.method == "PUT":
                self.faults.set(json.loads(req.body.decode("utf-8") or "{}"))
                return Response(200, self.faults.describe())
            if what == "state" and req.method == "GET":
                with self.store.lock:
                    keys = {}
                    for key, value in self.store.shared_keys.items():
                        resource = self.store.get(key)
                        keys[resource["id"] if resource else key] = value
                    operations = [{"id": op.id, "kind": op.kind, "status": op.status, "polls": op.polls,
                                   "resource": op.resource_key} for op in self.store.operations.values()]
                    return Response(200, {"resources": self.store.dump(), "shared_keys": keys, "operations": operations})
            if what == "resources" and req.method == "PUT":
                self.store.replace(json.loads(req.body.decode("utf-8") or "null"))
                self.faults.set({})
                return Response(200, {"resources": len(self.store.resources)})
            if what == "reset" and req.method == "POST":
                self.store.reset()
                self.faults.set({})
                self.service.clear_diagnostics()
                return Response(200, {"reset": True})
            if what == "diagnostics" and req.method == "PUT":
                self.service.set_diagnostics(json.loads(req.body.decode("utf-8") or "{}"))
                return Response(200, {"diagnostics": True})
            if what == "clear-log" and req.method == "POST":
                if self.log_handle is not None:
                    with self.log_lock:
                        self.log_handle.seek(0)
                        self.log_handle.truncate()
                return Response(200, {"cleared": True})
        except (LabError, ValueError) as exc:
            return arm_error(400, "BadLabRequest", str(exc))
        return arm_error(404, "NotFound", "Unknown lab control path '%s'." % req.path)

    def serve(self, ready_file):
        info = {"port": self.port, "pid": os.getpid(), "ca_file": self.ca_file, "base_url": self.base_url,
                "authority": "127.0.0.1:%d" % self.port, "control_token": self.control_token,
                "state_dir": self.state_dir, "tenant": self.args.tenant, "client_id": self.args.client_id,
                "subscription": self.args.subscription}
        stop = threading.Event()

        def on_signal(_signum, _frame):
            if not stop.is_set():
                stop.set()
                threading.Thread(target=self.httpd.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        if self.faults_file:
            def watch():
                while not stop.wait(0.2):
                    try:
                        self._reload_faults()
                    except (LabError, ValueError, OSError) as exc:
                        print("arm lab: bad faults file: %s" % exc, file=sys.stderr, flush=True)
            threading.Thread(target=watch, daemon=True).start()
        if ready_file:
            _write_file(ready_file, json.dumps(info) + "\n")
        print(json.dumps(info), flush=True)
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.httpd.server_close()
            if self.log_handle is not None:
                self.log_handle.close()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--resources", required=True, help="JSON list of ARM resources (GET shape) to serve")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--ready-file", help="where to write {port, pid, ca_file, base_url, authority, ...}")
    parser.add_argument("--log", help="append one JSON line per request here")
    parser.add_argument("--state-dir", help="certificates and resources.json go here (default: a new temp dir)")
    parser.add_argument("--faults", help="JSON file of faults; re-read when it changes")
    parser.add_argument("--tenant", default=DEFAULT_TENANT)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=os.environ.get("ARM_LAB_CLIENT_SECRET", DEFAULT_CLIENT_SECRET),
                        help="(or env ARM_LAB_CLIENT_SECRET, which keeps it out of the process list)")
    parser.add_argument("--subscription", help="default: the subscription of the resources, else all zeros")
    parser.add_argument("--token-lifetime", type=int, default=3600, help="access token lifetime in seconds")
    parser.add_argument("--lro-in-progress-polls", type=int, default=1,
                        help="how many polls of an operation answer InProgress before it finishes")
    parser.add_argument("--lro-timeout", type=float, default=10.0,
                        help="seconds after which an operation nobody polls finishes anyway")
    parser.add_argument("--lro-retry-after-ms", type=int, default=100,
                        help="Retry-After-ms sent with long-running operation responses")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        app = App(args)
    except (LabError, OSError, ValueError) as exc:
        print("arm lab: %s" % exc, file=sys.stderr)
        return 2
    app.serve(args.ready_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
