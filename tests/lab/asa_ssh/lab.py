# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and drive the ASA SSH lab from tests.

    from asa_ssh import start_asa_lab          # with <repo>/tests/lab on sys.path

    with start_asa_lab(config_text, scenario={"show": {...}}) as lab:
        lab.write_inventory(tmp_path / "inventory.yml")       # or lab.ansible_host_vars()
        ...run ansible-playbook...
        assert "crypto ikev2 policy 30" in lab.running_config()
        assert [c["command"] for c in lab.commands()][:2] == ["enable", "<password>"]

The server runs as a subprocess (``server.py`` with the project's ``.venv`` python) on
127.0.0.1 and a free port; ``stop()`` (or leaving the ``with`` block) kills it.  This module
uses only the standard library so that anything can import it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from typing import Any, Dict, List, Mapping, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SERVER = os.path.join(HERE, "server.py")
CONFIGS = os.path.join(HERE, "configs")


def lab_config(name: str) -> str:
    """The text of a ready-made running-config in ``configs/`` (``"vti_bgp"``, ``"vti_static"``),
    to pass to ``start_asa_lab``; keys are in clear, as ``more system:running-config`` shows them."""
    with open(os.path.join(CONFIGS, name + ".txt"), encoding="utf-8") as handle:
        return handle.read()


# When set, stop() copies the lab's logs (command log, server output) into a new directory under it,
# for the test run's secret scan (tests/integration/conftest.py sets it to out/test/lab).
LOG_DIR_ENV = "VPNALIGN_LAB_LOG_DIR"


def keep_logs(kind: str, paths: List[str]) -> Optional[str]:
    """Copy ``paths`` (those that exist) into a new ``$VPNALIGN_LAB_LOG_DIR/<kind>-*``; returns it."""
    root = os.environ.get(LOG_DIR_ENV)
    if not root:
        return None
    os.makedirs(root, exist_ok=True)
    dest = tempfile.mkdtemp(prefix="%s-%d-" % (kind, os.getpid()), dir=root)
    for path in paths:
        if os.path.isfile(path):
            shutil.copyfile(path, os.path.join(dest, os.path.basename(path)))
    return dest


DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "admin-pw"
DEFAULT_ENABLE_PASSWORD = "enable-pw"


def default_python() -> str:
    """The .venv python (it has paramiko), else the running interpreter."""
    venv = os.path.join(REPO_ROOT, ".venv", "bin", "python")
    return venv if os.path.exists(venv) else sys.executable


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used (Linux /proc/PID/stat, fields 14 and 15).

    The lab's own start-up cost: its wall time grows with whatever else the machine runs."""
    with open("/proc/%d/stat" % pid, encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stat_signature(path: str) -> List[int]:
    st = os.stat(path)
    return [st.st_ino, st.st_mtime_ns, st.st_size]


def _write_atomic(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def _terminate(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    except OSError:
        pass


class AsaLabError(RuntimeError):
    pass


class AsaLab:
    """One running ASA lab server.  Use ``start_asa_lab()``; also a context manager."""

    host = "127.0.0.1"

    def __init__(self, config_text: str, scenario: Optional[Mapping[str, Any]] = None, *,
                 username: str = DEFAULT_USERNAME, password: str = DEFAULT_PASSWORD,
                 enable_password: str = DEFAULT_ENABLE_PASSWORD, hostname: Optional[str] = None,
                 port: int = 0, workdir: Optional[str] = None, python: Optional[str] = None,
                 debug: bool = False, startup_timeout: float = 15.0, latency: float = 0.0):
        self.username = username
        self.latency = latency
        self.password = password
        self.enable_password = enable_password
        self.hostname = hostname
        self._requested_port = port
        self._own_workdir = workdir is None
        self.workdir = os.path.abspath(workdir) if workdir else tempfile.mkdtemp(prefix="asa-lab-")
        os.makedirs(self.workdir, exist_ok=True)
        self.config_path = os.path.join(self.workdir, "running-config.txt")
        self.scenario_path = os.path.join(self.workdir, "scenario.json")
        self.log_path = os.path.join(self.workdir, "commands.jsonl")
        self.state_path = os.path.join(self.workdir, "state.json")
        self.ready_path = os.path.join(self.workdir, "ready.json")
        self.stderr_path = os.path.join(self.workdir, "server.stderr")
        self.python = python or default_python()
        self.debug = debug
        self.startup_timeout = startup_timeout
        self.port: Optional[int] = None
        self.pid: Optional[int] = None
        self.startup_seconds: Optional[float] = None
        self.startup_cpu_seconds: Optional[float] = None
        self._proc: Optional[subprocess.Popen] = None
        self._finalizer = None
        self._logs_kept: Optional[str] = None  # where stop() copied the logs to
        self._final: Optional[Dict[str, Any]] = None  # log and state kept when the workdir is removed
        _write_atomic(self.config_path, config_text)
        _write_atomic(self.scenario_path, json.dumps(dict(scenario or {})))

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> "AsaLab":
        if self._proc is not None:
            raise AsaLabError("lab already started")
        for path in (self.ready_path, self.state_path, self.log_path):
            if os.path.exists(path):
                os.unlink(path)
        cmd = [self.python, SERVER, "--config", self.config_path, "--scenario", self.scenario_path,
               "--port", str(self._requested_port), "--ready-file", self.ready_path, "--log", self.log_path,
               "--state-file", self.state_path, "--username", self.username, "--password", self.password,
               "--enable-password", self.enable_password]
        if self.hostname:
            cmd += ["--hostname", self.hostname]
        if self.latency:
            cmd += ["--latency", str(self.latency)]
        if self.debug:
            cmd.append("--debug")
        began = time.monotonic()
        with open(self.stderr_path, "wb") as stderr:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
                                          cwd=self.workdir, start_new_session=True)
        self._finalizer = weakref.finalize(self, _terminate, self._proc)
        deadline = began + self.startup_timeout
        while True:
            if os.path.exists(self.ready_path):
                with open(self.ready_path, encoding="utf-8") as handle:
                    ready = json.load(handle)
                self.port, self.pid = int(ready["port"]), int(ready["pid"])
                self.startup_cpu_seconds = cpu_seconds(self.pid)
                break
            if self._proc.poll() is not None:
                raise AsaLabError("ASA lab server exited with %s:\n%s" % (self._proc.returncode, self.server_stderr()))
            if time.monotonic() > deadline:
                self.stop()
                raise AsaLabError("ASA lab server not ready after %.0f s:\n%s"
                                  % (self.startup_timeout, self.server_stderr()))
            time.sleep(0.01)
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Kill the server (idempotent).  commands()/running_config() still answer afterwards."""
        if self._proc is not None:
            _terminate(self._proc)
            if self._finalizer is not None:
                self._finalizer.detach()
            if not self._logs_kept:
                self._logs_kept = keep_logs("asa-lab", [self.log_path, self.stderr_path]) or "not kept"
        if self._own_workdir and os.path.isdir(self.workdir):
            self._final = {"commands": self._read_commands(), "state": self._read_state(), "stderr": self.server_stderr()}
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> "AsaLab":
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- observing ----------------------------------------------------------------------------
    def server_stderr(self) -> str:
        if self._final is not None:
            return self._final["stderr"]
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    def _read_commands(self) -> List[Dict[str, Any]]:
        try:
            with open(self.log_path, encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except OSError:
            return []

    def _read_state(self) -> Dict[str, Any]:
        try:
            with open(self.state_path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return {}

    def commands(self, session: Optional[int] = None) -> List[Dict[str, Any]]:
        """Logged commands, oldest first: {"t", "session", "mode", "command", "result", ...}."""
        entries = self._final["commands"] if self._final is not None else self._read_commands()
        return [e for e in entries if session is None or e["session"] == session]

    def command_lines(self, session: Optional[int] = None) -> List[str]:
        """Just the command strings (password answers appear as ``<password>``)."""
        return [e["command"] for e in self.commands(session)]

    def clear_log(self) -> None:
        """Forget the commands logged so far (the server appends, so this is safe while it runs)."""
        with open(self.log_path, "w", encoding="utf-8"):
            pass

    def state(self) -> Dict[str, Any]:
        return self._final["state"] if self._final is not None else self._read_state()

    def running_config(self, context: Optional[str] = None) -> str:
        """Current configuration as stored (pre-shared keys in clear, like more system:running-config)."""
        state = self.state()
        if context is None:
            return state.get("running_config", "")
        return state.get("contexts", {}).get(context, {}).get("running_config", "")

    def startup_config(self, context: Optional[str] = None) -> str:
        """What the last ``write memory`` saved (initially the config the lab started with)."""
        state = self.state()
        if context is None:
            return state.get("startup_config", "")
        return state.get("contexts", {}).get(context, {}).get("startup_config", "")

    # -- changing the device between runs -----------------------------------------------------
    def _wait_loaded(self, which: str, path: str, timeout: float = 10.0) -> None:
        if not self.running:
            return
        want = _stat_signature(path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self._read_state()
            if state.get("loaded", {}).get(which) == want:
                return
            time.sleep(0.01)
        raise AsaLabError("the lab did not load the new %s: %s" % (which, self._read_state().get("load_errors")))

    def set_scenario(self, scenario: Optional[Mapping[str, Any]]) -> None:
        """Replace the scenario; in force when this returns.  Resets show-sequence counters and the
        context configs (from ``context_configs``); the main running config is kept."""
        _write_atomic(self.scenario_path, json.dumps(dict(scenario or {})))
        self._wait_loaded("scenario", self.scenario_path)

    def set_running_config(self, config_text: str) -> None:
        """Replace the running (and startup) config, as if the device rebooted with it."""
        _write_atomic(self.config_path, config_text)
        self._wait_loaded("config", self.config_path)

    # -- Ansible ------------------------------------------------------------------------------
    def ansible_host_vars(self, network_os: str = "cisco.asa.asa", ssh_type: str = "libssh",
                          become: bool = True, **extra: Any) -> Dict[str, Any]:
        """Inventory variables that make ``network_cli`` talk to this lab."""
        if self.port is None:
            raise AsaLabError("lab not started")
        hostvars: Dict[str, Any] = {
            "ansible_host": self.host,
            "ansible_port": self.port,
            "ansible_user": self.username,
            "ansible_password": self.password,
            "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": network_os,
            "ansible_network_cli_ssh_type": ssh_type,
            "ansible_host_key_checking": False,
        }
        if become:
            hostvars.update({"ansible_become": True, "ansible_become_method": "ansible.netcommon.enable",
                             "ansible_become_password": self.enable_password})
        hostvars.update(extra)
        return hostvars

    def write_inventory(self, path, host: str = "asa", **kwargs: Any) -> str:
        """Write a one-host YAML inventory (JSON is YAML) for ``ansible-playbook -i``; kwargs as
        for ``ansible_host_vars``.  Returns the path."""
        inventory = {"all": {"hosts": {host: self.ansible_host_vars(**kwargs)}}}
        path = str(path)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(inventory, handle, indent=2)
        return path


def start_asa_lab(config_text: str, scenario: Optional[Mapping[str, Any]] = None, **options: Any) -> AsaLab:
    """Start an ASA lab and return it (already listening).  Use as ``with start_asa_lab(...) as lab:``.

    options: username, password, enable_password, hostname, port (0 = free port), workdir (kept
    after stop when given; otherwise a temporary directory removed by stop), python, debug,
    startup_timeout, latency (seconds per line answered, default 0).  Many devices in one
    process: ``start_asa_fleet`` (fleet.py).
    """
    return AsaLab(config_text, scenario, **options).start()
