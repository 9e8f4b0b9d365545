# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosts of a fleet run that could not be read, in the report.

Plain Python, no Ansible import. An ASA (or Azure subscription host) whose read failed or that was
unreachable has no facts; the check still covers every other host, and each unread one becomes an
entry of the report with one error finding, HOST_NOT_READ, naming the host and why. Its tunnels are
unknown, so the Azure ends that would have paired with them are listed as unpaired by the check itself.
Being an error, it fails the gate under fail_on error or warning, in every report format.

The two units of one ASA failover pair that both say they are active, or neither does
(module_utils/asa/failover_pairs.py), are left out the same way: one entry per pair naming both hosts,
with the error FAILOVER_PAIR_UNCLEAR, and the rest of the fleet is checked as usual.

So is one Azure connection in two exports with different settings (taken before and after a change): which one
Azure runs cannot be told from the files, so neither is checked; one entry with the error AZURE_EXPORTS_DIFFER names
the connection and both files, and the ASA end that would have paired with it is listed as unpaired.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, VERDICT_BY_SEVERITY, Finding, tunnel_entry

__all__ = ["with_conflicting_connections", "with_unclear_pairs", "with_unread_hosts", "unread_note"]

_LABEL = {"asa": "ASA", "azure": "Azure subscription host"}


def _entry(vendor, host, why):
    summary = "%s %s was not read, so none of its tunnels is checked: %s" % (_LABEL[vendor], host, why)
    finding = Finding(code="HOST_NOT_READ", severity=ERROR, phase="config", summary=summary,
                      evidence={vendor: {"host": host, "error": why}})
    ends = {"asa": None, "azure": None}
    ends[vendor] = {"host": host}
    return tunnel_entry("%s (not read)" % host, ends["asa"], ends["azure"], [finding], "%s:%s (not read)" % (vendor, host))


def _pair_entry(hosts, why):
    finding = Finding(code="FAILOVER_PAIR_UNCLEAR", severity=ERROR, phase="config", summary=why,
                      evidence={"asa": {"hosts": list(hosts)}})
    return tunnel_entry("%s (failover pair: active unit unclear)" % " + ".join(hosts), {"host": hosts[0]}, None,
                        [finding], "asa:%s (failover pair: active unit unclear)" % "+".join(hosts))


def _conflict_entry(conflict):
    first, second = conflict["files"]
    summary = ("Azure connection %s is in both %s and %s with different settings, so it is not checked: which one Azure "
               "runs cannot be told from the files. Export it again (once), or leave out the older export"
               % (conflict["id"], first, second))
    finding = Finding(code="AZURE_EXPORTS_DIFFER", severity=ERROR, phase="config", summary=summary,
                      evidence={"azure": {"id": conflict["id"], "files": [first, second]}})
    end = dict((k, conflict[k]) for k in ("connection", "resource_group", "subscription") if conflict.get(k))
    return tunnel_entry("%s (exports differ)" % conflict["connection"], None, end, [finding],
                        "azure:%s (exports differ)" % conflict["id"])


def with_conflicting_connections(report, conflicts=()):
    """``report`` with an entry per Azure connection two exports differ on (fact_sources._azure_files_facts) first,
    counted in the summary."""
    return _with_entries(report, [_conflict_entry(c) for c in conflicts or ()])


def with_unclear_pairs(report, pairs=()):
    """``report`` with an entry per failover pair left out ((hosts, why) pairs: both units active, or neither) first,
    counted in the summary."""
    return _with_entries(report, [_pair_entry(hosts, why) for hosts, why in pairs or ()])


def with_unread_hosts(report, unread_asa=(), unread_azure=()):
    """``report`` with an entry per unread host ((host, why) pairs) first, counted in the summary."""
    entries = [_entry("asa", h, why) for h, why in unread_asa] + [_entry("azure", h, why) for h, why in unread_azure]
    return _with_entries(report, entries)


def _with_entries(report, entries):
    if not entries:
        return report
    report["tunnels"] = entries + list(report["tunnels"])
    summary = report["summary"]
    summary["tunnels"] += len(entries)
    summary[VERDICT_BY_SEVERITY[ERROR]] += len(entries)
    return report


def unread_note(unread_asa=(), unread_azure=(), conflicts=()):
    """The sentence the gate starts with when hosts were not read; "" when every host was."""
    names = ["ASA %s" % h for h, _why in unread_asa] + ["Azure host %s" % h for h, _why in unread_azure]
    if conflicts:
        text = "Not checked: %s (AZURE_EXPORTS_DIFFER in the report: two exports of each differ)." % ", ".join(
            "Azure connection %s" % c["connection"] for c in conflicts)
        return " ".join(t for t in (unread_note(unread_asa, unread_azure), text) if t)
    if not names:
        return ""
    return "Not read: %s (HOST_NOT_READ in the report: their tunnels are not checked)." % ", ".join(names)
