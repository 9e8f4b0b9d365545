# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the check returns to Ansible and whether it passes: the compact result and the gate.

Plain Python, no Ansible import. The full report of a fleet is megabytes; Ansible copies, scans
and prints a task result several times, so the check returns only ``compact_result`` (counts,
one small entry per tunnel, the unpaired ends, the summary lines, the file paths); the files
themselves are written by report_files.
"""

import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import unpaired_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing_findings import names_dynamic_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import evidence_counts
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import finding_counts, report_counts
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines, unpaired_label
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_notes import source_notes
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

UNPAIRED_NAMED = 5  # the gate's message names this many unpaired ends; the reports list them all


def compact_result(report, report_files=(), fail_on=None, unpaired_ok=None):
    """The check's result without the report: counts, a verdict per tunnel, the unpaired ends,
    the readable summary (judged at ``fail_on``, unpaired ends expected or not) and the paths of
    the files holding the full report."""
    # "id": report.json's stable id (compat.stable_tunnel_id), what a workflow keys a tunnel by from night to night
    tunnels = [{"name": t["name"], "id": t.get("id", t["name"]), "verdict": t["verdict"], "counts": finding_counts(t["findings"]),
                "asa": t.get("asa"), "azure": t.get("azure")} for t in report["tunnels"]]
    result = {
        "counts": report_counts(report),
        "summary": dict(report["summary"]),
        "tunnels": tunnels,
        "unpaired": [_compact_unpaired(end) for end in report.get("unpaired") or []],
        "summary_lines": summary_lines(report, fail_on, unpaired_ok, fixes_in_files=bool(report_files)),
        "report_files": list(report_files),
    }
    notes = source_notes(report)
    if notes:  # the sources read but not checked on their own (failover units), for a workflow as for the files
        result["notes"] = notes
    if isinstance(report.get("evidence"), dict):  # evidence given: findings confirmed / contradicted / not covered
        # (set_stats vpnalign_check.evidence); the gate below does not read them
        result["evidence"] = evidence_counts(report)
    return result


def _compact_unpaired(end):
    """An unpaired end as the compact result gives it: its own findings counted, as a tunnel's are."""
    if not isinstance(end, dict) or "findings" not in end:
        return end
    out = {key: value for key, value in end.items() if key != "findings"}
    out["counts"] = finding_counts(unpaired_findings(end))
    return out


# An ASA whose only tunnel interface is a dynamic VTI (parser.interfaces.virtual_templates) has one: not said otherwise
_DYNAMIC_VTI_ONLY = ("no crypto map entry or tunnel interface with a configured peer; its dynamic VTI serves whichever "
                     "peer connects, which is not checked")


def _has_dynamic_vti(facts):
    return any(names_dynamic_vti(f.get("code"), (f.get("evidence") or {}).get("asa") or {})
               for f in facts.get("findings") or ())


def inputs_without_tunnels(asa_facts, azure_facts, azure_origins=None):
    """The inputs that hold no tunnel end, in words: an ASA (file or host) with no crypto map entry or
    tunnel interface, an Azure export or subscription with no VPN connection. A check over such an input
    checks nothing of it, which must not read as a pass (e.g. the wrong file, an export of the wrong
    resource group). ``azure_origins``: where each Azure entry came from (fact_sources.azure_facts_from's
    ``origins``: "host NAME", a file's path), to name it."""
    out = ["ASA %s holds no tunnel (%s)" % (f.get("host") or "(unnamed)", _SYSTEM_CONTEXT if f.get("system_context")
                                            else _DYNAMIC_VTI_ONLY if _has_dynamic_vti(f)
                                            else "no crypto map entry or tunnel interface")
           for f in asa_facts if not f.get("tunnels")]
    azure_facts = list(azure_facts)
    origins = list(azure_origins or ())
    for i, f in enumerate(azure_facts):
        if f.get("tunnels"):
            continue
        where = origins[i] if i < len(origins) and len(origins) == len(azure_facts) else None
        out.append("Azure input %d of %d (%s) holds no VPN connection%s" % (
            i + 1, len(azure_facts), where or "hosts, then files, then facts", _skipped_types(f.get("ignored_types"))))
    return out


def split_inputs_without_tunnels(asa_facts, azure_facts, azure_origins=None):
    """(those that fail the run, those only noted) of inputs_without_tunnels: an input with no tunnel fails the run
    only where no input of its side (ASA, Azure) holds one; next to inputs that do, it is an estate's firewall without
    a tunnel, the system configuration of a multiple-context ASA or a resource group without a gateway, and the report
    names it (review 2026-12-04: one such backup failed a directory's run at fail_on=never and no report file named
    it)."""
    asa_facts, azure_facts = list(asa_facts), list(azure_facts)
    texts = inputs_without_tunnels(asa_facts, azure_facts, azure_origins)
    asa_empty = sum(1 for f in asa_facts if not f.get("tunnels"))
    blocking, noted = [], []
    for index, text in enumerate(texts):
        side_facts, side_empty = (asa_facts, asa_empty) if index < asa_empty else (
            azure_facts, len(texts) - asa_empty)
        (blocking if side_empty == len(side_facts) else noted).append(text)
    return blocking, noted


_SYSTEM_CONTEXT = ("it is the system configuration of a multiple-context ASA: read the running-config of the security "
                   "context that terminates the VPN")
# Virtual WAN's VPN resources (REST Microsoft.Network vpnGateways, vpnSites, vpnConnections): another product, which
# the check does not read
_VIRTUAL_WAN_TYPES = ("microsoft.network/vpngateways", "microsoft.network/vpnsites", "microsoft.network/virtualwans",
                      "microsoft.network/virtualhubs")


def _skipped_types(ignored_types):
    """What an input with no connection held instead, in words ("" when nothing was skipped)."""
    if not isinstance(ignored_types, dict) or not ignored_types:
        return ""
    text = "; of what it holds, the check does not read these types: %s" % ", ".join(
        "%s (%s)" % (kind, count) for kind, count in ignored_types.items())
    if any(str(kind).casefold().startswith(_VIRTUAL_WAN_TYPES) for kind in ignored_types):
        text += " (Virtual WAN VPN gateways, sites and connections are not supported: the check reads Azure VPN " \
                "gateways, their connections and local network gateways)"
    return text


def gate(result, gate_on, report_files=(), unpaired_ok=False, empty_inputs=()):
    """The compliance verdict on a compact ``result`` (a bare counts dict: the findings alone) for
    ``gate_on`` (error | warning | never): passed,
    the reasons it failed and the sentence that says why, with where the reports are. The role asserts
    on it; the task does not fail.

    Fails when a finding is at or above ``gate_on``; when no tunnel was checked (no ASA end and Azure
    connection were a pair: misspelled variables, inputs that do not belong together); when an input
    holds no tunnel (``empty_inputs``, see inputs_without_tunnels); and when an end has no counterpart,
    unless ``unpaired_ok``. ``never`` judges no finding and no unpaired end, but a check over nothing
    still fails."""
    reasons = []
    if "counts" in result:
        counts, whole = result["counts"], True
    else:  # a bare counts dict ({"error": n, ...}): the findings alone are judged
        counts, whole = result, False
    paired = sum(1 for t in result.get("tunnels") or [] if t.get("asa") and t.get("azure"))
    unpaired = result.get("unpaired") or []
    if whole and paired == 0:
        reasons.append("Nothing was checked: no ASA tunnel end and Azure connection are a pair%s; are the variable "
                       "names and inputs right?" % (" (%d end(s) without a counterpart)" % len(unpaired) if unpaired else ""))
    reasons += ["%s." % text for text in empty_inputs]
    if unpaired and not unpaired_ok and gate_on != "never":
        shown = first_of([unpaired_label(end) for end in unpaired[:UNPAIRED_NAMED]], UNPAIRED_NAMED, "; ", len(unpaired))
        reasons.append("%d end(s) without a counterpart, not checked: %s (set unpaired_ok if they are expected)."
                       % (len(unpaired), shown))
    errors, warnings = counts["error"], counts["warning"]
    if (gate_on == "error" and errors) or (gate_on == "warning" and errors + warnings):
        reasons.append("%d error(s) and %d warning(s); fail_on is %s." % (errors, warnings, gate_on))
    where = ("Reports are in %s." % os.path.dirname(report_files[0]) if report_files
             else "No report files (report_dir is empty).")
    if not reasons:
        expected = " %d unpaired end(s), expected (unpaired_ok)." % len(unpaired) if unpaired else ""
        return {"passed": True, "reasons": [], "message": "Within fail_on=%s.%s %s" % (gate_on, expected, where)}
    return {"passed": False, "reasons": reasons, "message": " ".join(reasons + [where])}
