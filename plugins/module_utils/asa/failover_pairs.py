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

The rule (``failover_units``), over the hosts whose facts carry ``failover`` (asa_vpn_facts' live form). Hostnames
repeat across an estate (the default ``ciscoasa``, ``fw01`` at every site), so a hostname alone proves nothing:

- two hosts are one pair's units only with proof: failover on, the same configured ``hostname``, one ``primary`` and
  one ``secondary`` unit, and the same configuration as read - the same ``failover.config_digest`` (failover.py: a
  digest, taken at gather time, of the configuration lines failover replicates, secrets masked, without
  ``failover lan unit`` and without header, comment and marker lines). Never the findings: they name the inventory
  host. Two hosts of that hostname and configuration but not exactly one primary and one secondary prove nothing;
- proven mates with exactly one active unit (``active`` or a transition into it: failover.is_active) are checked
  once, from the active unit's facts; the other unit is named in a note (``checked_from``);
- proven mates both active or neither active: which unit runs the tunnels cannot be told and is never guessed.
  Neither is checked; ``unclear_pairs`` holds (hosts, why) for one report entry per pair naming both
  (unread_hosts.with_unclear_pairs), and the rest of the fleet is checked as usual;
- a unit of an Active/Active pair (``groups`` in its fact: failover groups, read in the system space) is active for
  some groups and standby for others, so it is neither a pair candidate nor a standby: checked on its own, with a
  note;
- every other host is an independent device, checked on its own: failover off, no fact (an older gather,
  ``gather_failover: false``), no unit (read inside a security context: ``show failover`` names no unit there),
  no digest, or no proven mate. Two of them that look like one pair (same hostname, one primary and one
  secondary, one active and one standby) but whose configurations differ get a note: replication looks stopped;
- a unit that is not active and has no proven active mate in the run is kept and named in a note; ``lone_standbys``
  lists it, so that align plans nothing for it nor for the Azure ends of its tunnels (its configuration may be stale:
  when it looks paired with an active unit whose configuration differs, the note says so), and fact_sources puts it
  after the other hosts, so that an Azure end pairs with an active unit's end before a standby's;
- a host that is an earlier host's unit again (the same hostname, unit, configuration digest and states: one ASA
  listed twice, by name and by address) is the same device: left out (``same_device``), with a note naming both;
  the first host is checked, and paired as usual;
- a host whose ``show failover`` could not be read (``{"enabled": null, "error": ...}``) is checked on its own,
  with a note saying its unit could not be told (``gather_failover: false`` skips the read).

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import is_active

__all__ = ["FailoverUnits", "failover_units"]

UNITS = ("primary", "secondary")


class FailoverUnits(object):
    """What ``failover_units`` found: ``checked_from`` {standby host: active host} (the standby is left out),
    ``same_device`` {host: the earlier host that is the same unit} (left out), ``lone_standbys`` {host: its state}
    (kept; no proven active mate read), ``unclear_pairs`` [(hosts, why)] (proven mates both or neither active: both
    left out, one report entry each), ``notes`` (one line each)."""

    def __init__(self):
        self.checked_from = {}
        self.same_device = {}
        self.lone_standbys = {}
        self.unclear_pairs = []
        self.notes = []


def _unit(facts):
    failover = facts.get("failover")
    if not isinstance(failover, dict) or failover.get("enabled") is not True:
        return None
    return failover


def _described(host, failover):
    return "%s (%s unit, %s)" % (host, failover.get("unit") or "unknown", failover.get("state") or "state unknown")


def _unknown_note(host, failover):
    return ("host %s: which failover unit it is could not be told (`show failover`: %s): checked as an ASA on its "
            "own; a push to it still stops if it answers as a standby unit. Set gather_failover to false to skip "
            "`show failover`" % (host, failover.get("error")))


def _active_active_note(host, failover):
    groups = ", ".join("group %s %s" % (group, state or "state unknown")
                       for group, state in sorted(failover["groups"].items()))
    return ("host %s (%s unit, %s) is a unit of an Active/Active failover pair (failover groups, read in the system "
            "space): Active/Active units are checked on their own, never as one pair with another host nor as a "
            "standby (each unit is active for some groups)" % (host, failover.get("unit") or "unknown", groups))


def _one_host_per_unit(members, found):
    """``members`` without a host that is an earlier host's unit again - the same hostname, unit, configuration
    digest and states (its own and its mate's): one ASA listed twice (by name and by address, say). Two units of one
    pair differ in the unit; two sites' ASAs in their configuration (addresses at least); two hosts of one unit in
    different states are not proven one device (both configured primary, or a failover between the reads): they stay
    independent. The later host goes to ``found.same_device``, with a note."""
    first_of, kept = {}, []
    for member in members:
        host, facts, failover = member
        key = (facts.get("hostname"), failover.get("unit"), failover.get("config_digest"), failover.get("state"),
               failover.get("mate_state"))
        if all(key[:3]) and key[1] in UNITS:
            if key in first_of:
                found.same_device[host] = first_of[key]
                found.notes.append(
                    "hosts %s and %s are the same ASA (hostname %s, the %s unit, the same configuration), listed twice "
                    "in the inventory: checked once, from %s; align pushes through %s only" % (
                        first_of[key], host, key[0], key[1], first_of[key], first_of[key]))
                continue
            first_of[key] = host
        kept.append(member)
    return kept


def _proven_mates(members):
    """{(hostname, digest): [(host, facts, failover)]} -> the groups that are exactly one primary and one secondary."""
    groups = {}
    for member in members:
        _host, facts, failover = member
        if facts.get("hostname") and failover.get("unit") in UNITS and failover.get("config_digest"):
            groups.setdefault((facts["hostname"], failover["config_digest"]), []).append(member)
    return [(key[0], group) for key, group in groups.items()
            if sorted(failover["unit"] for _h, _f, failover in group) == sorted(UNITS)]


def _unclear_why(hostname, group, active):
    named = " and ".join(_described(host, failover) for host, _facts, failover in group)
    start = ("hosts %s are the two units of failover pair %s (the same configuration), and" % (named, hostname))
    if active:
        return ("%s both say they are active: the pair is split (each unit took the active role, as when the failover "
                "link is down), so which one holds the tunnels cannot be told; neither is checked. Mend the failover "
                "link and check again" % start)
    return ("%s neither says it is active: nobody passes traffic or takes configuration now; neither is checked. "
            "Check again once one unit is active" % start)


def _replication_notes(rest):
    """(notes, {host: the active unit it looks paired with}) for hosts not proven mates that look like one pair whose
    configurations differ."""
    by_hostname, notes, differs = {}, [], {}
    for member in rest:
        if member[1].get("hostname") and member[2].get("unit") in UNITS:
            by_hostname.setdefault(member[1]["hostname"], []).append(member)
    for hostname, group in by_hostname.items():
        digests = [failover.get("config_digest") for _h, _f, failover in group]
        if (len(group) != 2 or sorted(failover["unit"] for _h, _f, failover in group) != sorted(UNITS)
                or sum(1 for _h, _f, failover in group if is_active(failover.get("state"))) != 1
                or not all(digests) or digests[0] == digests[1]):
            continue
        active_host = next(host for host, _f, failover in group if is_active(failover.get("state")))
        differs.update((host, active_host) for host, _f, _o in group if host != active_host)
        notes.append(
            "hosts %s and %s look like the two units of failover pair %s (one primary and one secondary, one active) "
            "but their configurations differ: checked as two ASAs. Failover copies the active unit's configuration "
            "to the standby, so replication looks stopped or the standby was configured on its own; see `show "
            "failover` (and `write standby` on the active unit)" % (
                _described(group[0][0], group[0][2]), _described(group[1][0], group[1][2]), hostname))
    return notes, differs


def failover_units(entries):
    """Apply the rule to ``entries`` [(host, facts)] (live hosts' facts, in inventory order). Returns a
    FailoverUnits; never raises for units that are not one pair (they are independent devices, or an unclear pair)."""
    found, members = FailoverUnits(), []
    for host, facts in entries:
        failover = facts.get("failover")
        if isinstance(failover, dict) and failover.get("enabled") is None and failover.get("error"):
            found.notes.append(_unknown_note(host, failover))
        failover = _unit(facts)
        if failover is not None and failover.get("groups"):
            found.notes.append(_active_active_note(host, failover))
        elif failover is not None:
            members.append((host, facts, failover))
    members = _one_host_per_unit(members, found)
    paired = set()
    for hostname, group in _proven_mates(members):
        paired.update(host for host, _facts, _failover in group)
        active = [member for member in group if is_active(member[2].get("state"))]
        if len(active) != 1:
            found.unclear_pairs.append(([host for host, _f, _o in group], _unclear_why(hostname, group, active)))
            continue
        (active_host, _facts, active_failover), = active
        standby_host, _other, standby_failover = next(member for member in group if member is not active[0])
        found.checked_from[standby_host] = active_host
        found.notes.append(
            "hosts %s and %s are the two units of failover pair %s with the same configuration: checked once, from "
            "the active unit %s (failover replicates its configuration to the standby)"
            % (_described(active_host, active_failover), _described(standby_host, standby_failover), hostname,
               active_host))
    rest = [member for member in members if member[0] not in paired]
    replication_notes, differs = _replication_notes(rest)
    found.notes.extend(replication_notes)
    for host, facts, failover in rest:
        if not is_active(failover.get("state")):
            found.lone_standbys[host] = failover.get("state") or "state unknown"
            start = ("host %s is not the active unit of failover pair %s, and no active unit proven to be its mate (the "
                     "other unit, the same configuration) was read in this run: " % (
                         _described(host, failover), facts.get("hostname")))
            if host in differs:  # its configuration is not the active unit's: never say it was replicated
                found.notes.append(start + "checked from %s's own configuration, which differs from that of %s, the "
                                   "active unit it looks paired with; align leaves it alone" % (host, differs[host]))
            else:
                found.notes.append(start + "checked from %s's configuration, which failover replicates from the active "
                                   "unit" % host)
    return found
