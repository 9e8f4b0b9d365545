# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SSH server on 127.0.0.1 that behaves like a Cisco ASA command line (test lab only).

Run with the project's virtualenv::

    .venv/bin/python tests/lab/asa_ssh/server.py --config CONFIG.txt [--scenario SCENARIO.yml]
        [--port 0] [--ready-file PATH] [--log PATH] [--state-file PATH] [--username admin]
        [--password admin-pw] [--enable-password enable-pw] [--hostname NAME] [--latency 0] [--debug]
    .venv/bin/python tests/lab/asa_ssh/server.py --fleet FLEET.json [--latency 0.3] [--ready-file PATH]

When it listens it writes ``{"port": N, "pid": P}`` to ``--ready-file`` (a fleet adds ``"ports"``,
one per device, in the order of the fleet file).  Every command a
client enters is appended to ``--log`` as one JSON line; ``--state-file`` (JSON) is
rewritten whenever the configuration changes.  The config and scenario files are re-read
when they change on disk (``lab.py`` uses that to switch scenarios between runs).
SIGTERM or SIGINT stops it.  See README.md for the CLI it emulates.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import List, Optional

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli import CliSession, Device, load_scenario_file  # noqa: E402  pylint: disable=wrong-import-position

# What a real ASA announces (ASA 9.x); clients only log it.
SSH_VERSION = "SSH-2.0-Cisco-1.25"
DEBUG = False


def debug(message: str) -> None:
    if DEBUG:
        sys.stderr.write("asa_ssh: %s\n" % message)
        sys.stderr.flush()


def host_keys() -> List[paramiko.PKey]:
    """Fresh in-memory host keys: Ed25519 and ECDSA P-256 (both instant to generate)."""
    keys: List[paramiko.PKey] = []
    pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
    keys.append(paramiko.Ed25519Key(file_obj=io.StringIO(pem.decode("ascii"))))
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    keys.append(paramiko.ECDSAKey(file_obj=io.StringIO(pem.decode("ascii"))))
    return keys


class AsaServer(paramiko.ServerInterface):
    """Password (and keyboard-interactive) login, one interactive shell channel."""

    def __init__(self, device: Device):
        self.device = device
        self.shell = threading.Event()
        self.username: Optional[str] = None
        self._kbd_user: Optional[str] = None

    def _ok(self, username: str, password: str) -> int:
        if username == self.device.username and password == self.device.password:
            self.username = username
            return paramiko.AUTH_SUCCESSFUL
        debug("authentication failed for %r" % username)
        return paramiko.AUTH_FAILED

    def get_allowed_auths(self, username):
        return "password,keyboard-interactive"

    def check_auth_password(self, username, password):
        return self._ok(username, password)

    def check_auth_interactive(self, username, submethods):
        self._kbd_user = username
        return paramiko.InteractiveQuery("", "", ("Password: ", False))

    def check_auth_interactive_response(self, responses):
        if len(responses) != 1 or self._kbd_user is None:
            return paramiko.AUTH_FAILED
        return self._ok(self._kbd_user, responses[0])

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, channel, term, width, height, pixelwidth, pixelheight, modes):
        return True

    def check_channel_window_change_request(self, channel, width, height, pixelwidth, pixelheight):
        return True

    def check_channel_env_request(self, channel, name, value):
        return True

    def check_channel_shell_request(self, channel):
        self.shell.set()
        return True


def serve_connection(sock: socket.socket, device: Device, keys: List[paramiko.PKey]) -> None:
    transport = None
    channel = None
    try:
        transport = paramiko.Transport(sock)
        transport.local_version = SSH_VERSION
        for key in keys:
            transport.add_server_key(key)
        server = AsaServer(device)
        transport.start_server(server=server)
        channel = transport.accept(timeout=30)
        if channel is None:
            return
        if not server.shell.wait(30):
            return
        lock = threading.Lock()

        def write(data: bytes) -> None:
            with lock:
                channel.sendall(data)

        def close(abrupt: bool = False) -> None:
            if abrupt:
                # as when a device drops the session mid-output: no exit status, TCP closed at once
                transport.close()
                return
            try:
                channel.send_exit_status(0)
                channel.close()
                # let the client close its side first (no "connection reset" noise on its end)
                deadline = time.monotonic() + 2
                while transport.is_active() and time.monotonic() < deadline:
                    time.sleep(0.02)
            finally:
                transport.close()

        session = CliSession(device, write, close, username=server.username or device.username)
        debug("session %d opened by %r" % (session.number, server.username))
        session.start()
        while not session.closed:
            data = channel.recv(4096)
            if not data:
                break
            session.feed(data)
        debug("session %d closed" % session.number)
    except (EOFError, OSError, paramiko.SSHException) as exc:
        debug("connection ended: %s: %s" % (type(exc).__name__, exc))
    except Exception as exc:  # pylint: disable=broad-except
        # keep serving other sessions; one line, not a traceback, unless --debug
        sys.stderr.write("asa_ssh: session error: %s: %s\n" % (type(exc).__name__, exc))
        if DEBUG:
            import traceback
            traceback.print_exc()
    finally:
        for thing in (channel, transport):
            try:
                if thing is not None:
                    thing.close()
            except Exception:  # pylint: disable=broad-except
                pass
        try:
            sock.close()
        except OSError:
            pass


def write_ready(path: str, port: int, ports: Optional[List[int]] = None) -> None:
    tmp = "%s.%d.tmp" % (path, os.getpid())
    info = {"port": port, "pid": os.getpid()}
    if ports is not None:
        info["ports"] = ports
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(info, handle)
    os.replace(tmp, path)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="SSH server that behaves like a Cisco ASA CLI (test lab)")
    parser.add_argument("--config", help="running-config text file (one device; or --fleet)")
    parser.add_argument("--fleet", help="JSON file describing many devices, each on its own port (see README.md)")
    parser.add_argument("--scenario", help="scenario YAML/JSON file (re-read when it changes)")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--ready-file", help='write {"port": N, "pid": P} here once listening')
    parser.add_argument("--log", help="append one JSON line per command here")
    parser.add_argument("--state-file", help="JSON file rewritten after every config change")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="admin-pw")
    parser.add_argument("--enable-password", default="enable-pw")
    parser.add_argument("--hostname", help="prompt name (default: the config's hostname, else ciscoasa)")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds the device takes to answer each line, as a real box does (default 0)")
    parser.add_argument("--debug", action="store_true", help="log connections and paramiko messages to stderr")
    args = parser.parse_args(argv)
    if bool(args.config) == bool(args.fleet):
        parser.error("give exactly one of --config and --fleet")
    return args


def device_specs(args: argparse.Namespace) -> List[dict]:
    """One dict per device: config, scenario, log, state_file, port, credentials, hostname, latency.
    ``--fleet`` file: ``{"latency": s, "instances": [{"config": path, ...same keys...}, ...]}``;
    keys an instance leaves out come from the command line."""
    defaults = {"scenario": args.scenario, "port": args.port, "log": args.log, "state_file": args.state_file,
                "username": args.username, "password": args.password, "enable_password": args.enable_password,
                "hostname": args.hostname, "latency": args.latency}
    if not args.fleet:
        return [dict(defaults, config=args.config)]
    with open(args.fleet, encoding="utf-8") as handle:
        fleet = json.load(handle)
    defaults.update({key: fleet[key] for key in ("latency", "username", "password", "enable_password") if key in fleet})
    defaults.update(scenario=None, port=0, log=None, state_file=None, hostname=None)
    return [dict(defaults, **instance) for instance in fleet["instances"]]


def make_device(spec: dict) -> Device:
    with open(spec["config"], encoding="utf-8") as handle:
        config_text = handle.read()
    scenario_path = spec.get("scenario")
    scenario = load_scenario_file(scenario_path) if scenario_path and os.path.exists(scenario_path) else None
    return Device(config_text, scenario, hostname=spec.get("hostname"), username=spec["username"],
                  password=spec["password"], enable_password=spec["enable_password"], log_path=spec.get("log"),
                  state_path=spec.get("state_file"), config_path=os.path.abspath(spec["config"]),
                  scenario_path=os.path.abspath(scenario_path) if scenario_path else None,
                  latency=float(spec.get("latency") or 0))


def accept_loop(listener: socket.socket, device: Device, keys: List[paramiko.PKey]) -> None:
    while True:
        try:
            sock = listener.accept()[0]
        except (ConnectionAbortedError, InterruptedError):
            continue
        except OSError:
            return  # the listener was closed: the server is stopping
        if not device.accepts_logins():
            # scenario logins_after_fault: false - the device is unreachable since its fault
            debug("connection refused after the fault")
            sock.close()
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve_connection, args=(sock, device, keys), daemon=True).start()


def main(argv=None) -> int:
    global DEBUG  # pylint: disable=global-statement
    args = parse_args(argv)
    DEBUG = args.debug
    paramiko_log = logging.getLogger("paramiko")
    paramiko_log.propagate = False
    if DEBUG:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("paramiko %(levelname)s %(message)s"))
        paramiko_log.addHandler(handler)
        paramiko_log.setLevel(logging.INFO)
    else:
        # abrupt client disconnects make paramiko log tracebacks: keep them out of test output
        paramiko_log.addHandler(logging.NullHandler())
        paramiko_log.setLevel(logging.CRITICAL + 1)

    specs = device_specs(args)
    devices = [make_device(spec) for spec in specs]
    for spec, device in zip(specs, devices):
        # the other unit of this one's failover pair (an index in the fleet): the active unit replicates to it
        mate = spec.get("failover_mate")
        device.failover_mate = devices[int(mate)] if mate is not None else None
    keys = host_keys()  # one set for the whole process, as one image cloned many times would have
    listeners = []
    for spec in specs:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(spec.get("port") or 0)))
        listener.listen(64)
        listeners.append(listener)
    ports = [listener.getsockname()[1] for listener in listeners]

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch():
        # re-read the config/scenario files soon after lab.py rewrites them; a fleet is polled less
        # often (each device also re-reads before every command it is sent)
        interval = 0.05 if len(devices) == 1 else 0.25
        while True:
            time.sleep(interval)
            for device in devices:
                try:
                    device.maybe_reload()
                except Exception as exc:  # pylint: disable=broad-except
                    debug("reload failed: %s" % exc)

    threading.Thread(target=watch, daemon=True).start()
    for listener, device in zip(listeners[1:], devices[1:]):
        threading.Thread(target=accept_loop, args=(listener, device, keys), daemon=True).start()
    if args.ready_file:
        write_ready(args.ready_file, ports[0], ports if args.fleet else None)
    debug("listening on 127.0.0.1:%s" % ",".join(map(str, ports)))
    try:
        accept_loop(listeners[0], devices[0], keys)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        for listener in listeners:
            listener.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
