# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every session of one server shares: config stores, scenario, log and state file."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from typing import Dict, List, Optional

from .grammar import ASA_VERSION, ASDM_VERSION, MODEL, SERIAL, UPTIME_OFFSET, mask_secrets, norm
from .rules import config_version
from .store import ConfigStore


# ---------------------------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------------------------

class Scenario:
    """What the test wants the device to do besides its config (see README.md)."""

    def __init__(self, data: Optional[dict] = None):
        data = dict(data or {})
        self.data = data
        show = data.get("show") or {}
        self.show: Dict[str, List[str]] = {}
        for key, value in show.items():
            values = value if isinstance(value, list) else [value]
            self.show[norm(key)] = [str(v) for v in values] or [""]
        self.counters: Dict[str, int] = {}
        self.deny = [re.compile(r) for r in data.get("deny") or []]
        self.truncate = [re.compile(r) for r in data.get("truncate") or []]
        self.reject = [re.compile(r) for r in data.get("reject") or []]
        self.delay = [(re.compile(r), float(s)) for r, s in (data.get("delay") or {}).items()]
        self.errors = [(re.compile(r), str(m)) for r, m in (data.get("errors") or {}).items()]
        self.contexts: List[str] = [str(c) for c in data.get("contexts") or []]
        self.context_configs: Dict[str, str] = {str(k): str(v) for k, v in (data.get("context_configs") or {}).items()}
        self.enable_attempts = max(1, int(data.get("enable_attempts", 3)))
        self.pager_lines = int(data.get("pager_lines", 0))
        self.banner = data.get("banner")
        # ASA 9.12 and later with no enable password: `enable` asks to set one ("Enter  Password:", "Repeat Password:")
        self.enable_password_unset = bool(data.get("enable_password_unset"))
        # commands the device asks about before it acts: regex -> the question ("... [confirm]", "... [yes/no]:")
        self.questions = [(re.compile(r), str(q)) for r, q in (data.get("confirm") or {}).items()]
        # the context an SSH login lands in (the one whose interface it reached: usually the admin context, prompt
        # NAME/admin#); None: the system execution space (NAME#)
        self.login_context = str(data["login_context"]) if data.get("login_context") else None
        # a fault: a matching `changeto` is answered as taken, and the session stays where it was
        self.changeto_stays = [re.compile(r) for r in data.get("changeto_stays") or []]
        # Faults of a push (README "Faults"): counted over every session since the scenario was loaded.
        self.drop_after = _positive(data.get("drop_after_config_lines"))
        self.hang_after = _positive(data.get("hang_after_config_lines"))
        self.logins_after_fault = bool(data.get("logins_after_fault", True))
        self.writers = [dict(rule, after=re.compile(rule["after"]), lines=[str(x) for x in rule.get("lines") or []],
                             times=int(rule.get("times", 1)), deny=[str(r) for r in rule.get("deny") or []])
                        for rule in data.get("writers") or []]

    @staticmethod
    def _any(regexes, command):
        return any(r.search(command) for r in regexes)

    def denies(self, command):
        return self._any(self.deny, command)

    def truncates(self, command):
        return self._any(self.truncate, command)

    def rejects(self, command):
        return self._any(self.reject, command)

    def delay_for(self, command):
        return sum(seconds for regex, seconds in self.delay if regex.search(command))

    def question_for(self, command):
        return next((question for regex, question in self.questions if regex.search(command)), None)

    def error_for(self, command):
        return next((message for regex, message in self.errors if regex.search(command)), None)

    def answer(self, command) -> Optional[str]:
        key = norm(command)
        if key not in self.show:
            return None
        n = self.counters.get(key, 0)
        self.counters[key] = n + 1
        entries = self.show[key]
        return entries[min(n, len(entries) - 1)]


def _positive(value) -> Optional[int]:
    return int(value) if value is not None and int(value) > 0 else None


# ---------------------------------------------------------------------------------------------
# Device (shared by all sessions)
# ---------------------------------------------------------------------------------------------

class Device:
    def __init__(self, config_text: str, scenario: Optional[dict] = None, *, hostname: Optional[str] = None,
                 username: str = "admin", password: str = "admin-pw", enable_password: str = "enable-pw",
                 log_path: Optional[str] = None, state_path: Optional[str] = None,
                 config_path: Optional[str] = None, scenario_path: Optional[str] = None, latency: float = 0.0):
        self.lock = threading.RLock()
        # seconds a real box takes to answer any line (command or password), on top of scenario delays
        self.latency = max(0.0, float(latency))
        self.log_lock = threading.Lock()
        self.started = time.time()
        self.username = username
        self.password = password
        self.enable_password = enable_password
        self.hostname_override = hostname
        self.log_path = log_path
        self.state_path = state_path
        self.config_path = config_path
        self.scenario_path = scenario_path
        self.sessions = 0
        self.generation = 0
        self.load_errors: List[str] = []
        self.modified_by = "enable_15"
        self.modified_at = time.time()
        self._log = open(log_path, "a", encoding="utf-8") if log_path else None
        self._signatures = {path: self._signature(path) for path in (config_path, scenario_path) if path}
        self.failover_mate: Optional["Device"] = None  # the other unit of a failover pair (cli/failover.py)
        self.stores: Dict[Optional[str], ConfigStore] = {}
        self.startup: Dict[Optional[str], str] = {}
        self.scenario = Scenario()
        self.load_config(config_text)
        self.load_scenario(scenario)

    # -- loading ------------------------------------------------------------------------------
    def load_config(self, text: str) -> None:
        with self.lock:
            store = ConfigStore(text)
            names = [i for i in store.top_level() if store.lines[i].split()[0] == "hostname"]
            if self.hostname_override:
                if names:
                    store.lines[names[0]] = "hostname " + self.hostname_override
                self.hostname = self.hostname_override
            else:
                self.hostname = store.lines[names[0]].split()[1] if names and len(store.lines[names[0]].split()) > 1 \
                    else "ciscoasa"
            self.stores[None] = store
            self.startup[None] = store.text()
            self.write_state()

    def load_scenario(self, data: Optional[dict]) -> None:
        with self.lock:
            self.scenario = Scenario(data)
            self.config_lines = 0  # lines typed in configuration mode, for drop/hang_after_config_lines
            self.fault_fired = False
            for name in list(self.stores):
                if name is not None:
                    del self.stores[name]
                    self.startup.pop(name, None)
            for name in self.scenario.contexts:
                self.stores[name] = ConfigStore(self.scenario.context_configs.get(name, "hostname %s\n" % name))
                self.startup[name] = self.stores[name].text()
            self.write_state()

    @staticmethod
    def _signature(path):
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def maybe_reload(self) -> None:
        """Pick up a config or scenario file the test rewrote (lab.set_scenario, set_running_config)."""
        with self.lock:
            for path in list(self._signatures):
                signature = self._signature(path)
                if signature == self._signatures[path] or signature is None:
                    continue
                self._signatures[path] = signature  # files are replaced atomically: read each version once
                try:
                    if path == self.config_path:
                        with open(path, encoding="utf-8") as handle:
                            self.load_config(handle.read())
                    else:
                        self.load_scenario(load_scenario_file(path))
                except Exception as exc:  # pylint: disable=broad-except  # a bad file: keep the old state
                    self.load_errors.append("%s: %s: %s" % (path, type(exc).__name__, exc))
                    self.write_state()

    # -- state and log ------------------------------------------------------------------------
    @property
    def multi(self) -> bool:
        return bool(self.scenario.contexts)

    def count_config_line(self) -> Optional[str]:
        """Count one line typed in configuration mode; the fault it triggers: "drop", "hang" or None."""
        with self.lock:
            self.config_lines += 1
            scenario = self.scenario
            if self.fault_fired:
                return None
            for fault, after in (("drop", scenario.drop_after), ("hang", scenario.hang_after)):
                if after is not None and self.config_lines == after:
                    self.fault_fired = True
                    return fault
            return None

    def accepts_logins(self) -> bool:
        return self.scenario.logins_after_fault or not self.fault_fired

    def writers_after(self, command: str) -> List[List[str]]:
        """The lines "another administrator" types now, after ``command`` (scenario ``writers``)."""
        with self.lock:
            due = []
            for rule in self.scenario.writers:
                if rule["times"] > 0 and rule["after"].search(command):
                    rule["times"] -= 1
                    due.append(rule["lines"])
                    # what the other administrator also took away (an AAA change): refused from now on
                    self.scenario.deny.extend(re.compile(r) for r in rule["deny"])
            return due

    def new_session(self) -> int:
        with self.lock:
            self.sessions += 1
            return self.sessions

    def changed(self, who: str) -> None:
        self.modified_by = who
        self.modified_at = time.time()
        self.write_state()

    def write_state(self) -> None:
        if not self.state_path:
            return
        with self.lock:
            self.generation += 1
            state = {
                "generation": self.generation,
                "hostname": self.hostname,
                "running_config": self.stores[None].text(),
                "startup_config": self.startup.get(None, ""),
                "contexts": {name: {"running_config": store.text(), "startup_config": self.startup.get(name, "")}
                             for name, store in self.stores.items() if name is not None},
                "sessions": self.sessions,
                "debug": dict(getattr(self, "debug_levels", None) or {}),  # debugging.py
                "load_errors": self.load_errors[-5:],
                # os.stat (inode, mtime_ns, size) of the config/scenario files last loaded: lab.py waits
                # for these after rewriting a file, so set_scenario() is in force when it returns
                "loaded": {"config": self._signatures.get(self.config_path),
                           "scenario": self._signatures.get(self.scenario_path)},
            }
            tmp = "%s.%d.tmp" % (self.state_path, os.getpid())
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(state, handle)
            os.replace(tmp, self.state_path)

    def log(self, session: int, mode: str, command: str, result: str, **extra) -> None:
        if not self._log:
            return
        # keys masked as show running-config masks them: a lab log is a log like any other
        entry = {"t": round(time.time(), 6), "session": session, "mode": mode, "command": mask_secrets(command),
                 "result": result}
        entry.update(extra)
        with self.log_lock:
            self._log.write(json.dumps(entry) + "\n")
            self._log.flush()

    # -- canned outputs -----------------------------------------------------------------------
    def show_version(self) -> str:
        # the release the configuration says it was saved by (``ASA Version x.y(z)``), as on a real box
        version = config_version(self.stores[None]) or ASA_VERSION
        up = int(time.time() - self.started) + UPTIME_OFFSET
        days, rest = divmod(up, 86400)
        hours = rest // 3600
        modified = time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime(self.modified_at))
        macs = "\n".join(" %d: Ext: GigabitEthernet1/%d  : address is 00a3.8e1c.4a%02d, irq 255" % (n, n, n)
                         for n in range(1, 9))
        return (
            "\n"
            "Cisco Adaptive Security Appliance Software Version %s \n"
            "Device Manager Version %s\n"
            "\n"
            "Compiled on Mon 22-Aug-22 14:23 GMT by builders\n"
            "System image file is \"disk0:/asa%s-lfbff-k8.SPA\"\n"
            "Config file at boot was \"startup-config\"\n"
            "\n"
            "%s up %d days %d hours\n"
            "\n"
            "Hardware:   %s, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)\n"
            "Internal ATA Compact Flash, 8192MB\n"
            "BIOS Flash M25P64 @ 0xfed01000, 16384KB\n"
            "\n"
            "Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)\n"
            "                             Number of accelerators: 1\n"
            "\n"
            "%s\n"
            " 9: Int: Internal-Data1/1    : address is 00a3.8e1c.4a00, irq 255\n"
            "10: Ext: Management1/1       : address is 00a3.8e1c.4a09, irq 0\n"
            "\n"
            "Licensed features for this platform:\n"
            "Maximum Physical Interfaces       : Unlimited      perpetual\n"
            "Maximum VLANs                     : 150            perpetual\n"
            "Inside Hosts                      : Unlimited      perpetual\n"
            "Failover                          : Active/Active  perpetual\n"
            "Encryption-DES                    : Enabled        perpetual\n"
            "Encryption-3DES-AES               : Enabled        perpetual\n"
            "Security Contexts                 : %d              perpetual\n"
            "Carrier                           : Disabled       perpetual\n"
            "AnyConnect Premium Peers          : 4              perpetual\n"
            "Other VPN Peers                   : 300            perpetual\n"
            "Total VPN Peers                   : 300            perpetual\n"
            "\n"
            "This platform has an %s Security Plus license.\n"
            "\n"
            "Serial Number: %s\n"
            "Running Permanent Activation Key: 0x1234abcd 0x5678ef01 0x9abc2345 0xdef06789 0x0a1b2c3d\n"
            "Configuration register is 0x1\n"
            "Image type          : Release\n"
            "Key version         : A\n"
            "Configuration last modified by %s at %s\n"
        ) % (version, ASDM_VERSION, "-".join(re.findall(r"\d+", version)), self.hostname, days, hours, MODEL, macs,
             max(2, len(self.scenario.contexts)), MODEL, SERIAL, self.modified_by, modified)


def load_scenario_file(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except ValueError:
        import yaml  # PyYAML is in the .venv; JSON needs nothing
        return yaml.safe_load(text) or {}
