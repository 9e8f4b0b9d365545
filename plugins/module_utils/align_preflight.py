# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Azure ends checked before any ASA is changed (the align role's step preflight), in Python rather than Jinja.

The ASA ends are pushed first. azure_vpn_connection refuses some jobs only when it runs, before it sends anything: its
own validation (the pre-shared key inside a gateway's or local network gateway's name the result prints, an option
the connection as read cannot take, such as enable_bgp on a gateway without BGP). Refused after the ASA had changed,
the two ends were left apart. The role now runs each subscription's Azure jobs in check mode first (no PUT);
``preflight`` keeps back both ends of every tunnel whose Azure end that check did not pass.

Used by the action plugin vpn_align_plan (plugins/action/vpn_align_plan.py). Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import asa_items, azure_key, tunnel_of_job

# What align_outcome.unproven adds to a job with no result: a check sends nothing, so it does not apply here.
_UNKNOWN_SUFFIX = ": device state unknown: re-read it"


def _passed(result):
    """Whether the check-mode run of an Azure job went through: it ran, and neither failed nor was unreachable."""
    return not result.get("skipped") and not result.get("failed") and not result.get("unreachable")


def _why(result):
    why = " ".join(str(result.get("msg") or "azure_vpn_connection failed without a message").split())
    return why[:-len(_UNKNOWN_SUFFIX)] if why.endswith(_UNKNOWN_SUFFIX) else why


def _connection(entry):
    options = entry.get("options") or {}
    return azure_key(options.get("subscription_id"), options.get("resource_group"), options.get("name"))


def preflight(azure_jobs, checks, asa_jobs):
    """What the push plays run once the Azure ends were checked: ``azure_jobs`` and ``asa_jobs`` ({host: [job]}, as
    align_role.plan gave them), ``checks`` one result per Azure job (the check-mode loop's items; a job that left none
    stands as failed, align_outcome.unproven). Only a result that passed lets a tunnel go on.

    Returns ``asa`` and ``azure`` ({host: [job]} still to run), ``asa_tunnels`` (the ASA hosts' ``tunnels`` items, as
    the plan's), ``refused`` ({"id", "tunnel", "host", "end", "reason"} per Azure job refused) and ``held``
    ({"id", "tunnel", "end", "host", "side", "reason"} per job kept back: both ends of each refused tunnel). One Azure
    connection gets one answer: when a job on it is refused, every job on it is (active-active's two instance tunnels
    share one connection, and either job rewrites it for both)."""
    refused, by_id = [], {}
    for result in checks or []:
        job = result.get("job")
        if isinstance(job, dict) and not _passed(result):
            by_id[job["id"]] = _why(result)
    bad_connections = {}
    for host, entries in (azure_jobs or {}).items():
        for entry in entries:
            if entry["id"] in by_id:
                bad_connections.setdefault(_connection(entry), entry)
                refused.append({"id": entry["id"], "tunnel": entry["tunnel"], "host": host, "end": entry["end"], "reason": by_id[entry["id"]]})
    out = {"asa": {}, "azure": {}, "refused": refused, "held": []}
    bad_tunnels = {}
    for host, entries in (azure_jobs or {}).items():
        for entry in entries:
            first = bad_connections.get(_connection(entry))
            if first is None:
                out["azure"].setdefault(host, []).append(entry)
                continue
            why = by_id.get(entry["id"]) or "its connection was refused for %s: %s" % (first["tunnel"], by_id[first["id"]])
            bad_tunnels[tunnel_of_job(entry["id"])] = entry
            out["held"].append(_held(entry, host, "azure", "refused by azure_vpn_connection in check mode before any "
                                     "push: %s" % why))
    for host, entries in (asa_jobs or {}).items():
        for entry in entries:
            azure = bad_tunnels.get(tunnel_of_job(entry["id"]))
            if azure is None:
                out["asa"].setdefault(host, []).append(entry)
                continue
            out["held"].append(_held(entry, host, "asa", "held: its Azure end (%s) was refused in check mode before "
                                     "any push, and the check proved the fix of both ends, not of this one alone"
                                     % azure["end"]))
    out["asa_tunnels"] = dict((host, asa_items(entries)) for host, entries in out["asa"].items())
    return out


def _held(entry, host, side, reason):
    return {"id": entry["id"], "tunnel": entry["tunnel"], "end": entry["end"], "host": host, "side": side,
            "reason": reason}


def refused_sentence(refused):
    """The part of the run's failure message naming each tunnel refused before any push, with the reason ("" when
    none)."""
    if not refused:
        return ""
    return "Refused by Azure before any push (nothing was pushed to either end): %s." % "; ".join(
        "tunnel %s (Azure host %s, %s): %s" % (entry["tunnel"], entry["host"], entry["end"], entry["reason"])
        for entry in refused)
