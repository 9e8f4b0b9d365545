# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failover (Active/Standby) as the lab plays it: ``show failover``, the standby's warning, replication.

Scenario ``failover`` (README "Failover"): ``{"state": "active" | "standby ready" | ..., "unit": "primary" |
"secondary", "mate_state": ...}``; without it the device is alone and says ``Failover Off``. In a fleet, an
instance's ``failover_mate`` names the other unit: configuration entered on the active unit is copied to it (every
line but ``failover lan unit``, as Cisco's "Command Replication" describes), ``write memory`` too; configuration
entered on a standby stays there, after the warning a real standby prints.
"""

from __future__ import annotations

import time
from typing import Optional

from .store import ConfigStore

# What a standby prints when configuration is entered on it (Cisco ASA CLI configuration guide, Command Replication).
STANDBY_WARNING = ("**** WARNING ****\n"
                   "        Configuration Replication is NOT performed from Standby unit to Active unit.\n"
                   "        Configurations are no longer synchronized.\n")
UNIT_WORDS = ["failover", "lan", "unit"]


def settings(device) -> Optional[dict]:
    found = device.scenario.data.get("failover")
    return dict(found) if isinstance(found, dict) else None


def _state(text) -> str:
    return " ".join(str(text or "").split()).lower()


def is_active(device) -> bool:
    found = settings(device)
    return found is not None and _state(found.get("state", "active")).startswith(("active", "just active"))


def is_standby(device) -> bool:
    return settings(device) is not None and not is_active(device)


def _configured_unit(store: ConfigStore) -> Optional[str]:
    for line in store.lines:
        words = line.split()
        if words[:3] == UNIT_WORDS and len(words) == 4:
            return words[3].lower()
    return None


def _title(state: str) -> str:
    return " ".join(word.capitalize() for word in state.split())


def show_failover(device, context: Optional[str]) -> str:
    """``show failover`` of this unit: failover off by default; in a security context, the context's view."""
    found = settings(device)
    unit = (found or {}).get("unit") or _configured_unit(device.stores[None]) or "primary"
    other = "secondary" if unit == "primary" else "primary"
    if found is None:
        return ("Failover Off\nFailover unit %s\nFailover LAN Interface: not Configured\nReconnect timeout 0:00:00\n"
                "Unit Poll frequency 1 seconds, holdtime 15 seconds\nInterface Poll frequency 5 seconds, holdtime 25 "
                "seconds\nInterface Policy 1\nMonitored Interfaces 0 of 1292 maximum\n"
                "MAC Address Move Notification Interval not set\n" % unit.capitalize())
    state = _title(_state(found.get("state", "active")))
    mate = _title(_state(found.get("mate_state") or ("Standby Ready" if is_active(device) else "Active")))
    since = time.strftime("%H:%M:%S UTC %b %d %Y", time.gmtime(device.started - 86400 * 9))
    if context is not None:
        return ("Failover On\nLast Failover at: %s\n        This context: %s\n                Active time: 4210 (sec)\n"
                "        Other context: %s\n                Active time: 0 (sec)\n" % (since, state, mate))
    active_time = int(time.time() - device.started) + 777600 if state.startswith(("Active", "Just")) else 0
    return (
        "Failover On\n"
        "Failover unit %s\n"
        "Failover LAN Interface: folink GigabitEthernet1/8 (up)\n"
        "Reconnect timeout 0:00:00\n"
        "Unit Poll frequency 1 seconds, holdtime 15 seconds\n"
        "Interface Poll frequency 5 seconds, holdtime 25 seconds\n"
        "Interface Policy 1\n"
        "Monitored Interfaces 2 of 1292 maximum\n"
        "MAC Address Move Notification Interval not set\n"
        "Version: Ours 9.16(4), Mate 9.16(4)\n"
        "Serial Number: Ours JAD2405LAB%s, Mate JAD2405LAB%s\n"
        "Last Failover at: %s\n"
        "        This host: %s - %s\n"
        "                Active time: %d (sec)\n"
        "                slot 0: ASA5516 hw/sw rev (3.0/9.16(4)) status (Up Sys)\n"
        "                  Interface outside (198.51.100.%d): Normal (Monitored)\n"
        "                  Interface inside (10.50.0.%d): Normal (Monitored)\n"
        "        Other host: %s - %s\n"
        "                Active time: %d (sec)\n"
        "                slot 0: ASA5516 hw/sw rev (3.0/9.16(4)) status (Up Sys)\n"
        "                  Interface outside (198.51.100.%d): Normal (Monitored)\n"
        "                  Interface inside (10.50.0.%d): Normal (Monitored)\n"
        "\n"
        "Stateful Failover Logical Update Statistics\n"
        "        Link : folink GigabitEthernet1/8 (up)\n"
        "        Stateful Obj    xmit       xerr       rcv        rerr\n"
        "        General         48213      0          47990      0\n"
        "        sys cmd         3118       0          3118       0\n"
        "        VPN IKEv2 SA    612        0          0          0\n"
        "        VPN IKEv2 P2    1840       0          0          0\n"
    ) % (unit.capitalize(), "P" if unit == "primary" else "S", "S" if unit == "primary" else "P", since,
         unit.capitalize(), state, active_time, 10 if unit == "primary" else 11, 1 if unit == "primary" else 2,
         other.capitalize(), mate, 0 if active_time else 777600, 11 if unit == "primary" else 10,
         2 if unit == "primary" else 1)


def replicate(device, startup: bool = False) -> None:
    """Copy the active unit's configuration to its mate (every line but the mate's own ``failover lan unit``); with
    ``startup``, the mate writes it to its startup-config too (``write memory`` is replicated). Called with
    ``device.lock`` held; only an active unit replicates, so the mate's lock is never held while it waits for ours."""
    mate = getattr(device, "failover_mate", None)
    if mate is None or not is_active(device) or is_active(mate):
        return
    with mate.lock:
        own = next((line for line in mate.stores[None].lines if line.split()[:3] == UNIT_WORDS), None)
        lines = [own if own is not None and line.split()[:3] == UNIT_WORDS else line
                 for line in device.stores[None].lines]
        mate.stores[None] = ConfigStore("\n".join(lines) + "\n")
        if startup:
            mate.startup[None] = mate.stores[None].text()
        mate.changed("failover")
