# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many ASA lab devices served by ONE server process, each on its own port (fleet tests, benchmarks).

    from asa_ssh import start_asa_fleet          # with <repo>/tests/lab on sys.path

    with start_asa_fleet([config_a, config_b, config_c], latency=0.3) as fleet:
        fleet.write_inventory(tmp_path / "inventory.json", group="asa", network_os="vpnalign.s2s.asa")
        ...run ansible-playbook...
        fleet[0].running_config()        # each device is an AsaLab: own config, log, state, scenario
        fleet["edge-7"].set_running_config(text)

Every device keeps its own running config, scenario, command log and state file (a push to one
changes only that one); all share one process, one set of host keys and the ``latency`` (seconds
each device waits before answering any line, as a real box does).  Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import weakref
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from . import lab as _lab
from .lab import (DEFAULT_ENABLE_PASSWORD, DEFAULT_PASSWORD, DEFAULT_USERNAME, SERVER, AsaLab, AsaLabError,
                  _terminate, _write_atomic, default_python)

ConfigsArg = Union[str, os.PathLike, Sequence[Union[str, Mapping[str, Any]]], Mapping[str, str]]


def _hostname(config_text: str) -> Optional[str]:
    found = re.search(r"^hostname\s+(\S+)", config_text, re.M)
    return found.group(1) if found else None


def _entries(configs: ConfigsArg) -> List[Dict[str, Any]]:
    """The ``configs`` argument as a list of {"config": text, "name"?, "scenario"?, credentials?}."""
    if isinstance(configs, (str, os.PathLike)):
        folder = os.fspath(configs)
        if not os.path.isdir(folder):
            raise AsaLabError("%s is not a directory of configs" % folder)
        entries = []
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not name.startswith("."):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    entries.append({"config": handle.read(), "file": os.path.splitext(name)[0]})
        return entries
    if isinstance(configs, Mapping):
        return [{"config": text, "name": name} for name, text in configs.items()]
    return [dict(item) if isinstance(item, Mapping) else {"config": item} for item in configs]


def _unique_names(entries: List[Dict[str, Any]]) -> List[str]:
    """The inventory name of each device: given, else the config's hostname, else the file name,
    else asa-NNN; a repeated name gets -2, -3, ..."""
    names, seen = [], set()
    for index, entry in enumerate(entries):
        base = entry.get("name") or _hostname(entry["config"]) or entry.get("file") or "asa-%03d" % index
        name, n = base, 1
        while name in seen:
            n += 1
            name = "%s-%d" % (base, n)
        seen.add(name)
        names.append(name)
    return names


class AsaFleetDevice(AsaLab):
    """One device of a fleet: the AsaLab API (config, scenario, log, inventory vars) without its own
    process; ``start``/``stop`` belong to the fleet."""

    def __init__(self, fleet: "AsaFleet", index: int, name: str, config_text: str,
                 scenario: Optional[Mapping[str, Any]], workdir: str, **credentials: Any):
        super().__init__(config_text, scenario, workdir=workdir, **credentials)
        self._fleet = fleet
        self.index = index
        self.name = name

    def start(self) -> "AsaFleetDevice":
        raise AsaLabError("a fleet device starts with its fleet (start_asa_fleet)")

    def stop(self) -> None:
        """Nothing: stop the fleet."""

    @property
    def running(self) -> bool:
        return self._fleet.running

    def _keep_final(self) -> None:
        self._final = {"commands": self._read_commands(), "state": self._read_state(), "stderr": ""}

    def server_stderr(self) -> str:
        return self._fleet.server_stderr()

    def write_inventory(self, path, host: Optional[str] = None, **kwargs: Any) -> str:
        return super().write_inventory(path, host=host or self.name, **kwargs)


class AsaFleet:
    """One ``server.py --fleet`` process and its devices.  Use ``start_asa_fleet()``; a context manager."""

    host = "127.0.0.1"

    def __init__(self, configs: ConfigsArg, latency: float = 0.0, *, scenario: Optional[Mapping[str, Any]] = None,
                 username: str = DEFAULT_USERNAME, password: str = DEFAULT_PASSWORD,
                 enable_password: str = DEFAULT_ENABLE_PASSWORD, distinct_passwords: bool = False,
                 workdir: Optional[str] = None, python: Optional[str] = None, debug: bool = False,
                 startup_timeout: float = 60.0):
        entries = _entries(configs)
        if not entries:
            raise AsaLabError("a fleet needs at least one config")
        self.latency = float(latency)
        self._own_workdir = workdir is None
        self.workdir = os.path.abspath(workdir) if workdir else tempfile.mkdtemp(prefix="asa-fleet-")
        os.makedirs(self.workdir, exist_ok=True)
        self.fleet_path = os.path.join(self.workdir, "fleet.json")
        self.ready_path = os.path.join(self.workdir, "ready.json")
        self.stderr_path = os.path.join(self.workdir, "server.stderr")
        self.python = python or default_python()
        self.debug = debug
        self.startup_timeout = startup_timeout
        self.pid: Optional[int] = None
        self.startup_seconds: Optional[float] = None
        self._proc: Optional[subprocess.Popen] = None
        self._finalizer = None
        self.devices: List[AsaFleetDevice] = []
        for index, (entry, name) in enumerate(zip(entries, _unique_names(entries))):
            credentials = {"username": entry.get("username", username),
                           # distinct_passwords: what an estate with per-device credentials looks like
                           "password": entry.get("password", "%s-%s" % (password, name) if distinct_passwords else password),
                           "enable_password": entry.get("enable_password", "%s-%s" % (enable_password, name)
                                                        if distinct_passwords else enable_password)}
            device_dir = os.path.join(self.workdir, "%03d-%s" % (index, re.sub(r"[^A-Za-z0-9_.-]", "_", name)))
            self.devices.append(AsaFleetDevice(self, index, name, entry["config"], entry.get("scenario", scenario),
                                               device_dir, python=self.python, **credentials))
        self._by_name = {device.name: device for device in self.devices}
        # failover_mate: the other unit of a device's failover pair (its name), for the server's replication
        self._mates = {}
        for entry, device in zip(entries, self.devices):
            mate = entry.get("failover_mate")
            if mate is not None:
                if mate not in self._by_name or mate == device.name:
                    raise AsaLabError("%s: failover_mate %r is no other device of the fleet" % (device.name, mate))
                self._mates[device.name] = self._by_name[mate].index

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> "AsaFleet":
        if self._proc is not None:
            raise AsaLabError("fleet already started")
        instances = [{"config": d.config_path, "scenario": d.scenario_path, "log": d.log_path,
                      "state_file": d.state_path, "username": d.username, "password": d.password,
                      "enable_password": d.enable_password, "failover_mate": self._mates.get(d.name)}
                     for d in self.devices]
        for path in [self.ready_path] + [d.state_path for d in self.devices] + [d.log_path for d in self.devices]:
            if os.path.exists(path):
                os.unlink(path)
        _write_atomic(self.fleet_path, json.dumps({"latency": self.latency, "instances": instances}))
        cmd = [self.python, SERVER, "--fleet", self.fleet_path, "--ready-file", self.ready_path]
        if self.debug:
            cmd.append("--debug")
        began = time.monotonic()
        with open(self.stderr_path, "wb") as stderr:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
                                          cwd=self.workdir, start_new_session=True)
        self._finalizer = weakref.finalize(self, _terminate, self._proc)
        deadline = began + self.startup_timeout
        while not os.path.exists(self.ready_path):
            if self._proc.poll() is not None:
                raise AsaLabError("ASA fleet server exited with %s:\n%s" % (self._proc.returncode, self.server_stderr()))
            if time.monotonic() > deadline:
                self.stop()
                raise AsaLabError("ASA fleet not ready after %.0f s:\n%s" % (self.startup_timeout, self.server_stderr()))
            time.sleep(0.02)
        with open(self.ready_path, encoding="utf-8") as handle:
            ready = json.load(handle)
        self.pid = int(ready["pid"])
        for device, port in zip(self.devices, ready["ports"]):
            device.port, device.pid = int(port), self.pid
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Kill the server (idempotent); each device's log and state stay readable."""
        if self._proc is not None:
            _terminate(self._proc)
            if self._finalizer is not None:
                self._finalizer.detach()
            # the test run's secret scan reads every lab log (lab.keep_logs, when the run asks for it)
            keep_logs = getattr(_lab, "keep_logs", None)
            if keep_logs is not None and not getattr(self, "_logs_kept", False):
                self._logs_kept = True
                keep_logs("asa-fleet", [self.stderr_path])
                for device in self.devices:
                    keep_logs("asa-fleet-%s" % device.name, [device.log_path])
        if self._own_workdir and os.path.isdir(self.workdir):
            stderr = self.server_stderr()
            for device in self.devices:
                device._keep_final()  # pylint: disable=protected-access
            self._stderr_kept = stderr
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> "AsaFleet":
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- devices ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.devices)

    def __iter__(self) -> Iterator[AsaFleetDevice]:
        return iter(self.devices)

    def __getitem__(self, key: Union[int, str]) -> AsaFleetDevice:
        return self.devices[key] if isinstance(key, int) else self._by_name[key]

    @property
    def names(self) -> List[str]:
        return [device.name for device in self.devices]

    def server_stderr(self) -> str:
        kept = getattr(self, "_stderr_kept", None)
        if kept is not None:
            return kept
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the server process has used so far (Linux /proc)."""
        if self.pid is None:
            return 0.0
        try:
            with open("/proc/%d/stat" % self.pid, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    # -- Ansible ------------------------------------------------------------------------------
    def ansible_hosts(self, **kwargs: Any) -> Dict[str, Dict[str, Any]]:
        """Inventory name -> host vars (kwargs as for ``AsaLab.ansible_host_vars``)."""
        return {device.name: device.ansible_host_vars(**kwargs) for device in self.devices}

    def write_inventory(self, path, group: str = "asa", **kwargs: Any) -> str:
        """Write a YAML (JSON) inventory with every device in ``group``; returns the path."""
        inventory = {"all": {"children": {group: {"hosts": self.ansible_hosts(**kwargs)}}}}
        path = str(path)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(inventory, handle, indent=1)
        return path


def start_asa_fleet(configs: ConfigsArg, latency: float = 0.0, **options: Any) -> AsaFleet:
    """Start one server process with a device per config and return the fleet (all listening).

    ``configs``: a directory (one config file per device, named after its ``hostname`` line, else
    the file), a list of config texts, a mapping name -> text, or a list of dicts with ``config``
    and optionally ``name``, ``scenario``, ``username``, ``password``, ``enable_password``,
    ``failover_mate`` (the name of the other unit of its failover pair: configuration entered on
    the active unit, as its scenario ``failover`` says, is replicated to it).
    ``latency``: seconds each device waits before answering any line (0.3 is a real ASA's order).
    options: scenario (for every device), username, password, enable_password, distinct_passwords
    (each device gets ``<password>-<name>``), workdir, python, debug, startup_timeout.
    """
    return AsaFleet(configs, latency, **options).start()
