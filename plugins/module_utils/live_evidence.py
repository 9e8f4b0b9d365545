# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evidence gathered live by the check run (issue 14; playbooks/check.yml -e evidence_live=true).

Two halves, both plain Python (no Ansible import):

- before the capture, on each device host: what to capture for (``asa_targets``: one bounded
  asa_vpn_evidence run per peer of the ASA's tunnels, or of the peers named; ``azure_targets``: one
  azure_vpn_evidence run per connection of the subscription's facts, or of those named), the bounds checked
  before anything is sent;
- after it, on the controller: the registered results of those runs, read from hostvars
  (``gathered``: the parsed evidence only - the modules return no raw output, so no key, nonce or KE
  dump), and which report tunnel each is about (``live_for_tunnels``: the tunnel of that ASA host and
  peer, the tunnel of that Azure connection). A run that failed is noted with its error and the debugs
  it left on, never fatal.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.evidence_capture import LEVEL_MAX, LIMITS
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.names import address_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import correlate
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import CATALOG

# The variables the role registers on each host (roles/compliance/tasks/live_asa.yml, live_azure.yml); the
# check reads them from hostvars.
ASA_RESULT = "compliance_asa_evidence"
AZURE_RESULT = "compliance_azure_evidence"
TARGETS_SUFFIX = "_targets"  # the targets step's own result (its notes), e.g. compliance_asa_evidence_targets
SET_BACK_SUFFIX = "_set_back"  # the set-back on a new connection after a lost session (compliance_asa_evidence_set_back)

# Bounds of one capture (evidence_live_limits); each default is asa_vpn_evidence's own default (its DOCUMENTATION),
# the ranges are those it enforces (asa/evidence_capture.py LIMITS), checked here too so that a bad value fails
# before the first command.
CAPTURE_DEFAULTS = {
    "seconds": 30,            # asa_vpn_evidence duration
    "max_lines": 5000,        # asa_vpn_evidence max_lines
    "max_bytes": 2097152,     # asa_vpn_evidence max_bytes (2 MB)
    "poll_interval": 1,       # asa_vpn_evidence poll_interval
    "samples": 2,             # asa_vpn_evidence samples: two show rising encaps with frozen decaps
    "sample_interval": 5,     # asa_vpn_evidence sample_interval
    # 127: the level Cisco's IKEv2 troubleshooting uses (shared/reference azure_asa_ipsec_facts.yaml, 750003 note:
    # "confirm with 'debug crypto ikev2 protocol 127'"); levels are 1-255 (ASA command reference, debug crypto ikev2)
    "protocol_level": 127,
    "platform_level": 127,
}
_MODULE_OPTION = {"seconds": "duration"}  # evidence_live_limits name -> asa_vpn_evidence option
# How many runs per host: our own bounds (no vendor limit). Each ASA run keeps the device-wide debug on for
# `seconds`, so 4 peers at the default 30 s hold it 2 minutes; getikesas can take a minute per connection.
COUNT_DEFAULTS = {"max_peers": 4, "max_connections": 10}
COUNT_RANGES = {"max_peers": (1, 50), "max_connections": (1, 100)}
LIMIT_NAMES = tuple(CAPTURE_DEFAULTS) + tuple(COUNT_DEFAULTS)
ERROR_MAX = 600  # characters of a run's failure message kept in the report
# azure_vpn_evidence's result `evidence` key -> correlate's keyword for it (each is its reader's parse, as the module
# returns it: parse_ike_sas, parse_troubleshoot, parse_diagnostic_logs); a new kind of the module is one line here.
AZURE_KINDS = (("ike_sas", "azure_ike_sas"), ("troubleshoot", "azure_troubleshoot"), ("diagnostic_logs", "azure_logs"))


class TargetsError(ValueError):
    """A bad evidence_live_* value; the message names it."""


def limits_from(limits, option="evidence_live_limits"):
    """``limits`` (a dict, or None) completed with the defaults and checked; raises TargetsError."""
    if limits in (None, ""):
        limits = {}
    if not isinstance(limits, dict):
        raise TargetsError("%s must be a dict, not %s" % (option, type(limits).__name__))
    unknown = sorted(str(k) for k in limits if k not in LIMIT_NAMES)
    if unknown:
        raise TargetsError("%s: unknown %s (known: %s)" % (option, ", ".join(unknown), ", ".join(LIMIT_NAMES)))
    merged = dict(CAPTURE_DEFAULTS, **COUNT_DEFAULTS)
    errors = []
    for name, value in limits.items():
        if value is None:
            continue  # left to the default
        whole = name not in ("seconds", "poll_interval", "sample_interval")
        try:
            if isinstance(value, bool):
                raise ValueError(value)
            number = float(value) if not whole else int(str(value).strip())
        except (TypeError, ValueError):
            errors.append("%s.%s must be a %s, not %r" % (option, name, "whole number" if whole else "number", value))
            continue
        if name in ("protocol_level", "platform_level"):
            low, high = (0, LEVEL_MAX)  # 0: leave this debug off
        elif name in COUNT_RANGES:
            low, high = COUNT_RANGES[name]
        else:
            low, high = LIMITS[_MODULE_OPTION.get(name, name)]
        if not low <= number <= high:
            errors.append("%s.%s must be %s-%s, not %s" % (option, name, low, high, value))
        merged[name] = number
    if not errors and not merged["protocol_level"] and not merged["platform_level"]:
        errors.append("%s: protocol_level and platform_level are both 0: no debug to capture" % option)
    if errors:
        raise TargetsError("; ".join(errors))
    return merged


def _names(value, option):
    if value in (None, ""):
        return []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TargetsError("%s must be a list of strings" % option)
    return [v.strip() for v in value if v.strip()]


def _tunnels(facts):
    tunnels = facts.get("tunnels") if isinstance(facts, dict) else None
    return [t for t in tunnels if isinstance(t, dict)] if isinstance(tunnels, list) else []


def _bounded(wanted, limit, what, notes):
    if len(wanted) > limit:
        notes.append("%d %s, at most %d captured (evidence_live_limits.%s): %s left out"
                     % (len(wanted), what, limit, "max_peers" if what.endswith("peer(s)") else "max_connections",
                        ", ".join(wanted[limit:])))
    return wanted[:limit]


def _address(text):
    if address_error(text, "peer"):  # no %zone: it goes into an ASA command line
        return None
    return str(ipaddress.ip_address(text))


def asa_targets(facts, peers=None, limits=None):
    """The asa_vpn_evidence options of each capture on one ASA: the peers named (``peers``), else the peer of each
    of its tunnels (its ``vpnalign_asa`` facts), at most ``max_peers``. Returns {captures, notes}."""
    bounds = limits_from(limits)
    named = _names(peers, "evidence_live_peers")
    notes = []
    if named:
        wanted = [_address(peer) for peer in named]
        bad = [peer for peer, address in zip(named, wanted) if address is None]
        if bad:
            raise TargetsError("evidence_live_peers: %r is not an IP address" % bad[0])
    else:
        if not isinstance(facts, dict):
            return {"captures": [], "notes": ["no facts of this ASA (its read failed, or did not run before this task): nothing captured"]}
        wanted = [str(((t.get("ref") or {}).get("peer")) or t.get("peer_address") or "") for t in _tunnels(facts)]
        wanted = [p for p in wanted if p]
        if not wanted:
            notes.append("no tunnel with a peer address in this ASA's facts: nothing captured")
    wanted = _bounded(list(dict.fromkeys(wanted)), int(bounds["max_peers"]), "peer(s)", notes)
    captures = []
    for peer in wanted:
        options = {"peer": peer}
        for name in CAPTURE_DEFAULTS:
            if name.endswith("_level") and not bounds[name]:
                continue  # 0: that debug is not turned on
            options[_MODULE_OPTION.get(name, name)] = bounds[name]
        captures.append(options)
    targets = {"captures": captures, "notes": notes}
    if isinstance(facts, dict) and facts.get("host"):
        # the host its tunnels name (the config's hostname unless asa_vpn_facts got host:): live_for_tunnels ties the
        # captures to them by it, not only by the inventory name
        targets["facts_host"] = str(facts["host"])
    return targets


def azure_targets(facts, connections=None, limits=None):
    """The connections (resource group and name) of one subscription host's ``vpnalign_azure`` facts to read the
    IKE SAs of: those named (``connections``), else all, at most ``max_connections``. Returns {connections, notes}."""
    bounds = limits_from(limits)
    named = _names(connections, "evidence_live_connections")
    notes = []
    if not isinstance(facts, dict):
        return {"connections": [], "notes": ["no facts of this subscription (its read failed, or did not run before this task): nothing read"]}
    # (resource group, connection name): a name is unique only within its resource group; dict: active-active
    # tunnels of one connection read once
    known = {}
    for tunnel in _tunnels(facts):
        ref = tunnel.get("ref") or {}
        if ref.get("connection") and ref.get("resource_group"):
            known.setdefault((str(ref["resource_group"]), str(ref["connection"])), None)
    names = set(name for _group, name in known)
    if named:
        missing = [n for n in named if n not in names]
        if missing:
            notes.append("evidence_live_connections: %s not among this subscription's connections (%s)"
                         % (", ".join(missing), ", ".join(sorted(names)) or "none"))
        wanted = [key for name in dict.fromkeys(named) for key in known if key[1] == name]  # each group's of that name
    else:
        wanted = list(known)
        if not wanted:
            notes.append("no connection in this subscription's facts: nothing read")
    # "group/name": a resource group name holds no "/" (Azure naming rules, Microsoft.Resources resourcegroups:
    # letters, digits, underscores, hyphens, periods, parentheses)
    wanted = _bounded(["%s/%s" % key for key in wanted], int(bounds["max_connections"]), "connection(s)", notes)
    return {"connections": [dict(zip(("resource_group", "connection"), key.split("/", 1))) for key in wanted],
            "notes": notes}


# -- after the capture, on the controller -----------------------------------------------------------------------
def _results(registered):
    """The per-item results of a registered loop (or the one result of a task that ran without one)."""
    if not isinstance(registered, dict):
        return []
    if isinstance(registered.get("results"), list):
        return [r for r in registered["results"] if isinstance(r, dict)]
    return [] if registered.get("skipped") else [registered]


def _short(text):
    text = " ".join(str(text or "").split())
    return text if len(text) <= ERROR_MAX else text[:ERROR_MAX - 3] + "..."


# A tunnel with every finding code: correlating a part with it walks every path the report's tunnels can take.
_TRIAL_TUNNEL = {"name": "", "asa": {}, "findings": [{"code": code, "phase": None} for code in CATALOG]}


def _parsed(host, kind, value, notes):
    """One kind of a run's parsed evidence as read from hostvars, or None. hostvars hold what anything registered
    there (a hand-set or edited variable, another module's result): a part that is not of the shape its reader
    returns (correlate fails on it) is left out with a note, so that the check still reports (issue 14)."""
    if value is None:
        return None
    why = "not a dict but %s" % type(value).__name__
    if isinstance(value, dict):
        try:
            correlate(_TRIAL_TUNNEL, **{kind: value})
            return value
        except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
            why = "%s: %s" % (type(exc).__name__, exc)
    notes.append("%s: the live %s evidence is not of the shape its reader returns (%s): left out" % (host, kind, _short(why)))
    return None


def _debugs(levels):
    return ", ".join("debug %s%s" % (key, " %s" % level if level is not None else "")
                     for key, level in sorted((levels or {}).items())) if isinstance(levels, dict) else ""


def _ended_unrestored(result):
    """A capture that failed after reading the debug levels but returned no restore: the module was killed or the
    host became unreachable mid-capture - what it turned on is not known, so it is set back as after a lost session."""
    return (bool(result.get("failed") or result.get("unreachable")) and isinstance(result.get("debug_before"), dict)
            and not isinstance(result.get("restore"), dict))


def asa_restores(registered):
    """After the captures on one ASA: what to set back on a new connection when a capture lost its session before
    the debug levels were set back and read back (its ``restore`` did not read back as before, or it failed with
    ``debug_before`` and no ``restore`` at all: killed or unreachable mid-capture) - at most one set-back
    (the levels are the device's), to the IKEv2 levels the host's first capture found. Returns {restores: [{peer,
    restore_debug}]} for asa_vpn_evidence's ``restore_debug``."""
    results = [r for r in _results(registered) if not r.get("skipped")]
    first = next((r for r in results if isinstance(r.get("debug_before"), dict)), None)
    left = [r for r in results if (isinstance(r.get("restore"), dict) and r["restore"].get("restored") is not True)
            or _ended_unrestored(r)]
    if first is None or not left:
        return {"restores": []}
    before = dict((key, level) for key, level in first["debug_before"].items() if str(key).startswith("crypto ikev2 "))
    item = left[0].get("item") if isinstance(left[0].get("item"), dict) else {}
    return {"restores": [{"peer": str(item.get("peer") or left[0].get("peer") or ""), "restore_debug": before}]}


def _set_back(registered):
    """The outcome of the set-back on a new connection (asa_restores), or None when none ran."""
    results = [r for r in _results(registered) if not r.get("skipped")]
    if not results:
        return None
    restore = results[0].get("restore") if isinstance(results[0].get("restore"), dict) else {}
    outcome = {"restored": not results[0].get("failed") and not results[0].get("unreachable") and restore.get("restored") is True,
               "debug_after": restore.get("debug_after") if isinstance(restore.get("debug_after"), dict) else None}
    if not outcome["restored"]:
        outcome["error"] = _short(results[0].get("msg") or "the set-back failed without a message")
    return outcome


def _asa_run(host, result, set_back=None, facts_host=None):
    item = result.get("item") if isinstance(result.get("item"), dict) else {}
    evidence = result.get("evidence") if isinstance(result.get("evidence"), dict) else {}
    restore = result.get("restore") if isinstance(result.get("restore"), dict) else None
    notes = []
    run = {"host": host, "facts_host": facts_host, "peer": str(item.get("peer") or result.get("peer") or ""),
           "parsed": dict((kind, _parsed(host, kind, evidence.get(kind), notes)) for kind in ("debug", "syslog", "counters"))}
    summary = {"host": host, "peer": run["peer"],
               "read": [kind for kind in ("debug", "syslog", "counters") if run["parsed"][kind] is not None]}
    if isinstance(result.get("capture"), dict):
        summary["capture"] = dict((k, v) for k, v in result["capture"].items() if k in ("seconds", "lines", "bytes", "stopped_by"))
    if restore is not None:
        summary["debug_restored"] = restore.get("restored") is True
        summary["left_on"] = restore.get("left_on") if isinstance(restore.get("left_on"), dict) else {}
    if result.get("unreachable") or result.get("failed"):
        summary["error"] = _short(result.get("msg") or "the capture failed without a message")
        left = _debugs(summary.get("left_on"))
        if left and set_back and set_back["restored"]:
            summary["set_back_on_new_connection"] = True
            ending = "; it left on %s, set back on a new connection and read back: %s" % (
                left, _debugs(set_back["debug_after"]) or "no debug on")
        elif left:
            ending = "; still on: %s - set it back (asa_vpn_evidence restore_debug)%s" % (
                left, " - the set-back on a new connection failed too: %s" % set_back["error"] if set_back else "")
        elif _ended_unrestored(result) and set_back and set_back["restored"]:
            summary["set_back_on_new_connection"] = True
            ending = ("; it ended before setting the debug levels back (debugs it turned on may have been left on): set back "
                      "on a new connection and read back: %s" % (_debugs(set_back["debug_after"]) or "no debug on"))
        elif _ended_unrestored(result):
            ending = ("; it ended before setting the debug levels back: debugs it turned on may be left on - set back to "
                      "%s (asa_vpn_evidence restore_debug)%s" % (
                          _debugs(result["debug_before"]) or "no debug on",
                          " - the set-back on a new connection failed too: %s" % set_back["error"] if set_back else ""))
        else:
            ending = "; the debug levels were set back" if summary.get("debug_restored") else ""
        notes.append("%s: the live capture for peer %s failed (%s)%s" % (host, run["peer"] or "?", summary["error"], ending))
    elif restore is not None and not summary["debug_restored"]:
        notes.append("%s: after the capture for peer %s the debug levels differ from before; on: %s" % (
            host, run["peer"], _debugs(summary.get("left_on")) or "?"))
    return run, summary, notes


def _azure_run(host, result, set_back=None, facts_host=None):
    del set_back, facts_host  # ASA only: an Azure run is tied by its connection
    item = result.get("item") if isinstance(result.get("item"), dict) else {}
    evidence = result.get("evidence") if isinstance(result.get("evidence"), dict) else {}
    connection = result.get("connection") if isinstance(result.get("connection"), dict) else {}
    notes = []
    run = {"host": host, "connection": str(item.get("connection") or connection.get("name") or ""),
           "resource_group": str(item.get("resource_group") or ""),
           "parsed": dict((kind, _parsed(host, kind, evidence.get(key), notes)) for key, kind in AZURE_KINDS)}
    summary = {"host": host, "connection": run["connection"], "resource_group": run["resource_group"],
               "read": [kind for _key, kind in AZURE_KINDS if run["parsed"][kind] is not None]}
    if connection.get("connection_status"):
        summary["connection_status"] = str(connection["connection_status"])
    # the kinds the module could not read while it read others (azure_vpn_evidence notes)
    notes.extend("%s: connection %s: %s" % (host, run["connection"] or "?", _short(note))
                 for note in result.get("notes") or [] if isinstance(note, str))
    if result.get("unreachable") or result.get("failed"):
        summary["error"] = _short(result.get("msg") or "the read failed without a message")
        notes.append("%s: the live read of connection %s failed (%s)" % (host, run["connection"] or "?", summary["error"]))
    return run, summary, notes


def gathered(asa_hosts, azure_hosts):
    """The runs of the hosts: ``asa_hosts`` / ``azure_hosts`` are {host: (registered result of the capture loop,
    registered result of the targets step[, registered result of the set-back on a new connection])}, None for what
    a host does not have. Returns {runs (each with the parsed evidence), inputs (per run what was read, the capture's
    bounds, the restore), notes (failed runs, what is left on, what the targets step said)}."""
    runs, inputs, notes = [], [], []
    for hosts, one in ((asa_hosts, _asa_run), (azure_hosts, _azure_run)):
        for host, registers in hosts.items():
            registered, targets = registers[0], registers[1]
            set_back = _set_back(registers[2]) if len(registers) > 2 else None
            targets = targets if isinstance(targets, dict) else {}
            notes.extend("%s: %s" % (host, note) for note in targets.get("notes") or [] if isinstance(note, str))
            if targets.get("failed"):
                notes.append("%s: nothing captured: %s" % (host, _short(targets.get("msg"))))
            for result in _results(registered):
                if result.get("skipped"):
                    continue
                run, summary, run_notes = one(host, result, set_back, targets.get("facts_host"))
                runs.append(run)
                inputs.append(summary)
                notes.extend(run_notes)
    return {"runs": runs, "inputs": inputs, "notes": notes}


def _tunnel_indexes(tunnels):
    """The report's tunnel indexes by (ASA host, peer) and by (connection, resource group) lower-cased, as
    live_for_tunnels matches runs to them (an Azure run's names case-blind): looked up per run, not scanned (a fleet's runs x its tunnels,
    issue 12)."""
    by_asa, by_connection = {}, {}
    for index, tunnel in enumerate(tunnels):
        if not isinstance(tunnel, dict):
            continue
        asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
        if isinstance(asa, dict) and all(isinstance(asa.get(k), (str, type(None))) for k in ("host", "peer")):
            by_asa.setdefault((asa.get("host"), asa.get("peer")), []).append(index)  # else it equals no run's
        if not isinstance(azure, dict):
            continue
        key = (str(azure.get("connection") or "").lower(), str(azure.get("resource_group") or "").lower())
        by_connection.setdefault(key, []).append(index)
    return by_asa, by_connection


def live_for_tunnels(report, runs):
    """{index of a report tunnel: parse_evidence-style keyword arguments} from the runs about it - the ASA run of its
    ASA host (the inventory host, or the host its facts name: the config's hostname unless asa_vpn_facts got host:) and
    peer, the Azure run of its connection -, and notes for runs about no tunnel of the report."""
    tunnels = report.get("tunnels") if isinstance(report.get("tunnels"), list) else []
    by_asa, by_connection = _tunnel_indexes(tunnels)
    live, notes = {}, []
    for run in runs:
        if not any(value is not None for value in run["parsed"].values()):
            continue  # nothing read (the run failed): already noted
        if "peer" in run:
            hits = by_asa.get((run["host"], run["peer"]), [])
            if run["facts_host"] and run["facts_host"] != run["host"]:
                hits = sorted(set(hits).union(by_asa.get((run["facts_host"], run["peer"]), [])))
        else:
            hits = by_connection.get((str(run["connection"] or "").lower(), str(run["resource_group"] or "").lower()), [])
        for index in hits:
            kwargs = live.setdefault(index, {})
            for kind, value in run["parsed"].items():
                if value is not None and kwargs.get(kind) is None:
                    kwargs[kind] = value
        if not hits:
            notes.append("%s: the live evidence for %s is about no tunnel of the report" % (
                run["host"], "peer %s" % run["peer"] if "peer" in run else "connection %s" % run["connection"]))
    return live, notes
