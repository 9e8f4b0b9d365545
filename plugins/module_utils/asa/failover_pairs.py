# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two inventory hosts that are the two units of one ASA failover pair are one device.

Each unit of a pair usually has its own management address, so both are inventory hosts, and both answer
``show running-config`` with the same configuration: failover replicates every configuration command from the
active unit to the standby, except ``failover lan unit`` (and ``mode``/``firewall``, alike on both), and nothing
from the standby back (Cisco ASA CLI configuration guide, failover chapter, "Command Replication": "Changes made
on the standby unit are not replicated to the active unit";
https://www.cisco.com/c/en/us/td/docs/security/asa/asa84/configuration/guide/asa_84_cli_config/ha_active_standby.html).
Read as two ASAs, the standby's tunnel ends duplicate the active's; pushed to, the standby diverges until the next
sync overwrites it.

The rule (``failover_units``), over the hosts whose facts carry ``failover`` (asa_vpn_facts' live form):

- hosts whose failover is on and whose configured ``hostname`` is the same are units of one pair;
- a pair is two hosts, one ``primary`` and one ``secondary`` unit, exactly one of them active (``active`` or a
  transition into it: failover.is_active), and the same configuration as read (the same tunnel ends with the same
  lines, the same findings and line count: the one line that differs, ``failover lan unit``, sits at the same line
  on both). Such a pair is checked once, from the active unit's facts; the other unit is named in a note;
- anything else among units of one hostname - both active, neither active, the same unit twice, three hosts, or
  configurations that differ - is a ``FailoverPairError`` naming the hosts: which unit runs the tunnels cannot be
  told, and is never guessed;
- a non-active unit alone (its mate is not among the hosts read) is kept - its configuration is the active's as
  replicated - and named in a note; ``lone_standbys`` lists it, so that align refuses to push to it.

Hosts with failover off, without the fact (an older gather, ``gather_failover: false``) or of another hostname are
not touched. Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import is_active

__all__ = ["FailoverPairError", "FailoverUnits", "failover_units"]


class FailoverPairError(ValueError):
    """Units of one hostname that are not one well-formed pair; the message names every host."""


class FailoverUnits(object):
    """What ``failover_units`` found: ``checked_from`` {standby host: active host} (the standby is left out),
    ``lone_standbys`` {host: its state} (kept; no active unit read), ``notes`` (one line per pair or lone unit)."""

    def __init__(self):
        self.checked_from = {}
        self.lone_standbys = {}
        self.notes = []


def _unit(facts):
    failover = facts.get("failover")
    if not isinstance(failover, dict) or failover.get("enabled") is not True:
        return None
    return failover


def _described(host, failover):
    return "%s (%s unit, %s)" % (host, failover.get("unit") or "unknown", failover.get("state") or "state unknown")


def _without_host(tunnels):
    """The tunnel ends as read, without the inventory host each names (the one thing two units' facts differ in)."""
    out = []
    for tunnel in tunnels or []:
        ref = tunnel.get("ref") if isinstance(tunnel, dict) else None
        out.append(dict(tunnel, ref=dict(ref, host=None)) if isinstance(ref, dict) else tunnel)
    return out


def _config_difference(first, second):
    """Where the configurations of two units' facts differ, in words (never a value: a line may hold a key digest);
    None when they are alike."""
    for what in ("version", "counts"):
        if first.get(what) != second.get(what):
            return "their %s differ (%s and %s)" % (
                "releases" if what == "version" else "line counts",
                first.get(what) if what == "version" else (first.get(what) or {}).get("lines"),
                second.get(what) if what == "version" else (second.get(what) or {}).get("lines"))
    ends = (_without_host(first.get("tunnels")), _without_host(second.get("tunnels")))
    if ends[0] != ends[1]:
        names = [set(t.get("name") for t in side if isinstance(t, dict)) for side in ends]
        if names[0] != names[1]:
            return "their tunnel ends differ (%s)" % ", ".join(sorted(str(n) for n in names[0] ^ names[1]))
        for one, other in zip(*ends):
            if one != other:
                return "tunnel end %s is configured differently" % (one.get("name") if isinstance(one, dict) else "?")
    if (first.get("findings") or []) != (second.get("findings") or []):
        return "the parser's findings about them differ"
    return None


def _pair_problem(hostname, members):
    """Why ``members`` ([(host, facts, failover)], two or more of one hostname) are not one pair; None when they are."""
    named = ", ".join(_described(host, failover) for host, _facts, failover in members)
    start = "hosts %s all have hostname %s and failover on" % (named, hostname)
    if len(members) > 2:
        return "%s: a failover pair has two units; which of them run the tunnels cannot be told" % start
    units = sorted(failover.get("unit") or "" for _host, _facts, failover in members)
    if units != ["primary", "secondary"]:
        return "%s, but they are not one primary and one secondary unit: is one ASA in the inventory twice?" % start
    active = [host for host, _facts, failover in members if is_active(failover.get("state"))]
    if len(active) == 2:
        return ("%s and both say they are active: the pair is split (each unit took the active role, as when the "
                "failover link is down), so which one holds the tunnels cannot be told; mend the failover link and "
                "check again" % start)
    if not active:
        return ("%s and neither says it is active: nobody passes traffic or takes configuration now; check again "
                "once one unit is active" % start)
    difference = _config_difference(members[0][1], members[1][1])
    if difference is not None:
        return ("%s, one active and one standby unit of one failover pair, but their configurations differ: %s. "
                "Failover copies the active unit's configuration to the standby, so replication has stopped or the "
                "standby was configured on its own; see `show failover` (and `write standby` on the active unit)"
                % (start, difference))
    return None


def failover_units(entries):
    """Apply the rule to ``entries`` [(host, facts)] (live hosts' facts, in inventory order). Returns a FailoverUnits;
    raises FailoverPairError with every pair that breaks the rule (one sentence each)."""
    by_hostname = {}
    for host, facts in entries:
        failover = _unit(facts)
        if failover is not None and facts.get("hostname"):
            by_hostname.setdefault(facts["hostname"], []).append((host, facts, failover))
    found, problems = FailoverUnits(), []
    for hostname, members in by_hostname.items():
        if len(members) == 1:
            host, _facts, failover = members[0]
            if not is_active(failover.get("state")):
                found.lone_standbys[host] = failover.get("state") or "state unknown"
                found.notes.append(
                    "host %s is not the active unit of failover pair %s, and no active unit of that pair was read "
                    "(not in this run, or its read failed): checked from %s's configuration, which failover replicates "
                    "from the active unit" % (_described(host, failover), hostname, host))
            continue
        problem = _pair_problem(hostname, members)
        if problem is not None:
            problems.append(problem)
            continue
        (active, _facts, active_failover), (standby, _other, standby_failover) = sorted(
            members, key=lambda member: not is_active(member[2].get("state")))
        found.checked_from[standby] = active
        found.notes.append(
            "hosts %s and %s are the two units of failover pair %s with the same configuration: checked once, from "
            "the active unit %s (failover replicates its configuration to the standby)"
            % (_described(active, active_failover), _described(standby, standby_failover), hostname, active))
    if problems:
        raise FailoverPairError("; ".join(problems))
    return found
