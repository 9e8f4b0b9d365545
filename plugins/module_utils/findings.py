# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings: the stable catalog of codes, the Finding record, and the report.

Plain Python, no Ansible import. Codes are a public interface (users filter on
them in AWX): add new ones, never rename.
"""

import json
import math
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from typing import Dict, List, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import UNSAFE, md_code, md_text, safe_tree

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_RANK = {INFO: 0, WARNING: 1, ERROR: 2}

PHASES = ("config", "ike_init", "child_init", "child_rekey", "ike_rekey", "traffic")

# code -> what it means (shown as the JUnit test case description and in report.md)
CATALOG = {
    "PEER_NOT_FOUND": "one end has no counterpart for the other",
    "PEER_ADDRESS_MISMATCH": "the peer addresses the two ends expect are not each other's",
    "CRYPTO_MAP_NOT_APPLIED": "the crypto map is not bound to an interface",
    "IKEV2_NOT_ENABLED": "IKEv2 is not enabled on the interface the crypto map is on",
    "IKE_VERSION_MISMATCH": "the two ends do not share an IKE version",
    "UNDEFINED_REFERENCE": "the configuration names something that is not defined",
    "INVALID_VALUE": "a value cannot be understood",
    "AUTH_MISMATCH": "authentication methods or pre-shared keys differ",
    "IKE_NO_COMMON_PROPOSAL": "no IKE proposal both ends accept",
    "CHILD_NO_COMMON_PROPOSAL": "no ESP proposal both ends accept",
    "PFS_MISMATCH": "the ends disagree on PFS for Child SA rekeys",
    "TRAFFIC_SELECTOR_MISMATCH": "the traffic selectors one end offers are not accepted by the other",
    "NAT_EXEMPTION_MISSING": "tunnel traffic is translated before it reaches the crypto map",
    "IKE_LIFETIME_MISMATCH": "IKE SA lifetimes differ",
    "CHILD_LIFETIME_MISMATCH": "Child SA lifetimes in seconds differ",
    "CHILD_DATA_LIMIT_MISMATCH": "Child SA lifetimes in kilobytes differ",
    "AZURE_POLICY_INVALID": "the Azure IPsec policy breaks Azure's own rules",
    "AZURE_SKU_UNSUPPORTED": "the gateway SKU or type cannot do what the connection asks",
    "DPD_MISMATCH": "dead-peer detection will tear the tunnel down early or never",
    "WEAK_CRYPTO": "an algorithm or group below the baseline",
    "TCP_MSS_TOO_HIGH": "TCP MSS clamp above what the peer recommends",
    "LNG_CONTAINS_PEER_ADDRESS": "the networks expected behind the peer contain a tunnel endpoint address",
    "ONE_WAY_TRAFFIC": "packets are sent into the tunnel but none come back",
    # Route-based tunnels, BGP, versions and constructs (issue 9)
    "UNSUPPORTED_CONSTRUCT": "the configuration uses a construct that is recognised but not checked",
    "ASA_VERSION_UNSUPPORTED": "the ASA software release cannot do what this tunnel needs",
    "NO_INITIATOR": "both ends are responder-only, so nobody starts the tunnel",
    "ACTIVE_ACTIVE_TUNNEL_MISSING": "an active-active Azure gateway instance has no tunnel from the peer",
    "ROUTE_MISSING": "a route-based end does not route the peer's networks into the tunnel",
    "BGP_NOT_CONFIGURED": "one end runs BGP over the tunnel and the other does not",
    "BGP_ASN_MISMATCH": "the ASN one end expects of its BGP peer is not the peer's own",
    "BGP_ASN_RESERVED": "an ASN that Azure reserves is used for BGP with Azure",
    "BGP_PEER_ADDRESS_MISMATCH": "the BGP neighbor address one end expects is not the other end's peering address",
    "BGP_APIPA_INVALID": "an APIPA BGP peering address is outside the range Azure allows",
    "BGP_NO_ROUTE_TO_PEER": "no route sends traffic for the BGP peer's address into the tunnel",
    "BGP_MULTIHOP_MISSING": "the BGP peers are not on one subnet and eBGP multihop is not allowed",
    "BGP_ROUTES_NOT_EXCHANGED": "what one end advertises over BGP is not advertised or not accepted",
    # Severities that mean what they say (issue 10)
    "REKEY_TOO_FREQUENT": "a Child SA lifetime so short that one end rekeys too often",
    "AEAD_WITH_INTEGRITY": "an ESP proposal pairs an AES-GCM/GMAC cipher with an integrity transform",
}


@dataclass
class Finding:
    """One finding.

    ``fixes`` holds vendor-neutral fix intents per end (keyed by the end's
    vendor, e.g. "asa", "azure"); adapters render them into ``remediation``.
    ``scope`` names the tunnel ends a config-level finding concerns; empty
    means it concerns the whole device or subscription.
    ``proof`` says, per vendor, whether re-running the engine on that end with
    the fix applied cleared this finding without a new error or warning
    (proof.py); a remediation is shown only for a proven fix.
    """

    code: str
    severity: str
    phase: str
    summary: str
    evidence: Dict[str, dict] = field(default_factory=dict)
    remediation: Dict[str, object] = field(default_factory=dict)
    fixes: Dict[str, List[dict]] = field(default_factory=dict)
    scope: List[str] = field(default_factory=list)
    proof: Dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        if self.code not in CATALOG:
            raise ValueError("unknown finding code %r" % self.code)
        if self.severity not in SEVERITY_RANK:
            raise ValueError("unknown severity %r" % self.severity)
        if self.phase not in PHASES:
            raise ValueError("unknown phase %r" % self.phase)

    def to_dict(self):
        return {
            "code": self.code,
            "severity": self.severity,
            "phase": self.phase,
            "summary": self.summary,
            "evidence": self.evidence,
            "remediation": self.remediation,
            "scope": list(self.scope),
            "proof": self.proof,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            code=data["code"],
            severity=data["severity"],
            phase=data["phase"],
            summary=data["summary"],
            evidence=data.get("evidence") or {},
            remediation=data.get("remediation") or {},
            scope=list(data.get("scope") or []),
            proof=data.get("proof") or {},
        )


def lines_evidence(lines):
    """Config lines as evidence entries: [{"line": n, "text": "..."}]."""
    return [{"line": cl.line, "text": cl.text} for cl in lines]


def worst_severity(findings) -> Optional[str]:
    worst = None
    for f in findings:
        if worst is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]:
            worst = f.severity
    return worst


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------
REPORT_SCHEMA_VERSION = 1
_PHASE_ORDER = {p: i for i, p in enumerate(PHASES)}
VERDICT_BY_SEVERITY = {ERROR: "fail", WARNING: "degraded", INFO: "pass", None: "pass"}


def sort_findings(findings):
    return sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], _PHASE_ORDER[f.phase], f.code))


def tunnel_entry(name, asa, azure, findings):
    """One tunnel of report.json; ``asa``/``azure`` identify the two ends."""
    findings = sort_findings(findings)
    return {
        "name": name,
        "asa": asa,
        "azure": azure,
        "verdict": VERDICT_BY_SEVERITY[worst_severity(findings)],
        "findings": [f.to_dict() for f in findings],
    }


def build_report(tunnels, unpaired=None):
    """The report, made safe for every writer (safe_text.safe_tree): names and values from the input
    with control characters and undecodable bytes escaped, no NaN/Infinity."""
    summary = {"tunnels": len(tunnels), "fail": 0, "degraded": 0, "pass": 0}
    for t in tunnels:
        summary[t["verdict"]] += 1
    report = {"schema_version": REPORT_SCHEMA_VERSION, "tunnels": tunnels, "summary": summary}
    report["unpaired"] = list(unpaired or [])
    return safe_tree(report)


# In JSON text written with ensure_ascii=False, a control character shows as an escape: \n \r \b \f or
# \u0000-\u001f (\t is allowed: tab is not in UNSAFE); it is one when an even run of backslashes precedes it.
_JSON_CONTROL_ESCAPE = re.compile(r"\\(?:[nrbf]|u00[01])")


def _has_control_escape(text):
    for match in _JSON_CONTROL_ESCAPE.finditer(text):
        start = before = match.start()
        while before and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2 == 0:
            return True
    return False


def _safe(report):
    """``safe_tree(report)``, without copying a report that is already safe (what build_report returns):
    a report made of JSON types only, no NaN/Infinity, and no string or key holding a character that
    ``escape`` would change is what safe_tree would give back (tuples aside, which every writer reads
    as lists). Checked with the C JSON encoder and two regular expressions over its text (0.15 s at
    100k lines) instead of a Python walk over every value (0.6-1 s per writer; issue 12)."""
    try:
        text = json.dumps(report, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):  # not JSON as it is: safe_tree turns it into JSON
        return safe_tree(report)
    if UNSAFE.search(text) is not None or _has_control_escape(text):
        return safe_tree(report)
    return report


def report_texts(report):
    """File name -> content: report.json, report.xml and report.md of one report, made safe once."""
    report = _safe(report)
    return {"report.json": _json_text(report), "report.xml": _junit_text(report), "report.md": _markdown_text(report)}


def to_json(report):
    """report.json: strict JSON (NaN/Infinity refused), as Ansible's to_nice_json lays it out."""
    return _json_text(_safe(report))


def _json_text(report):
    return indented_json(report) + "\n"


class _NotPlain(Exception):
    """A value the fast writer leaves to json.dumps (a key that is no string, NaN, a type of its own)."""


_ESCAPE = json.encoder.encode_basestring_ascii


def _plain_json(value, indent):
    if isinstance(value, str):
        return _ESCAPE(value)
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        parts = []
        for key in sorted(value):
            if key.__class__ is not str:  # exact type, as for the values: anything else goes to json.dumps
                raise _NotPlain()
            parts.append(_ESCAPE(key) + ": " + _plain_json(value[key], inner))
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + inner + (",\n" + inner).join([_plain_json(v, inner) for v in value]) + "\n" + indent + "]"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _NotPlain()


def indented_json(value, allow_nan=False):
    """``json.dumps(value, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=False)``, the same
    text: Python's JSON writer has no C code for indented output, and its generators were most of the
    report writers' time at 100k lines (issue 12). A tree of plain dicts (string keys), lists, tuples,
    strings, ints, finite floats, booleans and None is written here; anything else by json.dumps."""
    try:
        return _plain_json(value, "")
    except (_NotPlain, RecursionError, TypeError):  # TypeError: keys sorted() cannot order; json.dumps says so
        return json.dumps(value, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=allow_nan)


def should_fail(report, fail_on):
    """Whether the run must fail: fail_on is error, warning or never."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[ERROR if fail_on == "error" else WARNING]
    return any(
        SEVERITY_RANK[f["severity"]] >= threshold for t in report["tunnels"] for f in t["findings"]
    )


def _ends_label(tunnel):
    asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
    left = "ASA %s %s %s" % (asa.get("host") or "", asa.get("crypto_map") or "", asa.get("seq") or "")
    right = "Azure %s" % (azure.get("connection") or "")
    return " ".join(left.split()) + " <-> " + right.strip()


_VENDOR_LABEL = {"asa": "ASA", "azure": "Azure"}
# Keys of an Azure remediation that name a resource to change, and how to call it.
_RESOURCES = (("connection", "connection"), ("local_network_gateway", "local network gateway"),
              ("virtual_network_gateway", "virtual network gateway"))


def _vendor_fix_lines(label, fix):
    if isinstance(fix, list):
        return ["%s: %s" % (label, line) for line in fix]
    lines = []
    resources = [(k, name) for k, name in _RESOURCES if isinstance(fix.get(k), dict)]
    for key, name in resources:
        resource = fix[key]
        where = "%s %s %s" % (label, name, resource.get("name") or "")
        for prop, value in (resource.get("properties") or {}).items():
            lines.append("%s: %s = %s" % (where.strip(), prop, _json_value(value)))
    for key in ("az", "powershell"):
        for command in fix.get(key) or []:
            lines.append("%s %s: %s" % (label, "az" if key == "az" else "PowerShell", command))
    for key, value in fix.items():
        if key in dict(_RESOURCES) or key in ("az", "powershell"):
            continue
        lines.append("%s: %s = %s" % (label, key, _json_value(value)))
    return lines


def _remediation_lines(remediation, proof=None):
    """Each end's fix, labelled proven; for an end whose fix the proof rejected, why (decide by hand)."""
    lines = []
    for side in ("asa", "azure"):
        label = _VENDOR_LABEL[side]
        fix = remediation.get(side)
        verdict = (proof or {}).get(side)
        if fix:
            if verdict and verdict.get("proven"):
                label += " (proven)"
            lines += _vendor_fix_lines(label, fix)
        elif verdict and not verdict.get("proven"):
            lines.append("%s: no fix shown, decide by hand: %s" % (label, verdict.get("reason")))
    return lines


def _json_value(value):
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def summary_lines(report):
    """A short readable summary for the console."""
    report = _safe(report)  # no line break, terminal escape or undecodable byte from the input
    s = report["summary"]
    out = ["%d tunnel(s): %d fail, %d degraded, %d pass" % (s["tunnels"], s["fail"], s["degraded"], s["pass"])]
    for t in report["tunnels"]:
        out.append("%s [%s] %s" % (t["verdict"].upper(), t["name"], _ends_label(t)))
        for f in t["findings"]:
            if f["severity"] == INFO:
                continue
            out.append("  %s %s (%s): %s" % (f["severity"].upper(), f["code"], f["phase"], f["summary"]))
            for line in _remediation_lines(f["remediation"], f.get("proof")):
                out.append("    fix %s" % line)
        infos = [f["code"] for f in t["findings"] if f["severity"] == INFO]
        if infos:
            out.append("  info (no failure; e.g. lifetimes are local and need not match): %s"
                       % ", ".join(dict.fromkeys(infos)))
    return out


def to_junit(report):
    """JUnit XML: a testsuite per tunnel, a testcase per check; failures carry the finding."""
    return _junit_text(_safe(report))  # XML 1.0 cannot carry most control characters, nor lone surrogates


def _junit_text(report):
    suites = ET.Element("testsuites", name="vpnalign.s2s")
    for t in report["tunnels"]:
        by_code = {}
        for f in t["findings"]:
            by_code.setdefault(f["code"], []).append(f)
        failures = sum(1 for fs in by_code.values() if any(f["severity"] != INFO for f in fs))
        suite = ET.SubElement(
            suites, "testsuite", name=t["name"], tests=str(len(CATALOG)), failures=str(failures), errors="0"
        )
        for code in sorted(CATALOG):
            case = ET.SubElement(suite, "testcase", classname=t["name"], name=code)
            for f in by_code.get(code, []):
                if f["severity"] == INFO:
                    out = ET.SubElement(case, "system-out")
                    out.text = f["summary"]
                    continue
                fail = ET.SubElement(case, "failure", type=f["severity"], message=f["summary"])
                fail.text = _finding_text(f)
    if hasattr(ET, "indent"):  # Python 3.9+
        ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _finding_text(f):
    lines = ["%s %s phase=%s" % (f["severity"].upper(), f["code"], f["phase"]), f["summary"], "evidence:"]
    lines.append(indented_json(f["evidence"], allow_nan=True))
    fixes = _remediation_lines(f["remediation"], f.get("proof"))
    if fixes:
        lines.append("remediation:")
        lines.extend("  " + x for x in fixes)
    return "\n".join(lines)


def to_markdown(report):
    """report.md: for people. Text from the input is escaped (safe_tree), kept from opening HTML in
    prose (md_text) and quoted in code spans that its backticks cannot close (md_code)."""
    return _markdown_text(_safe(report))


def _markdown_text(report):
    s = report["summary"]
    out = ["# vpnalign.s2s compatibility report", ""]
    out.append("%d tunnel(s): **%d fail**, %d degraded, %d pass." % (s["tunnels"], s["fail"], s["degraded"], s["pass"]))
    out += ["", "Severities: error = the tunnel fails; warning = it fails or degrades under some conditions; info = no "
            "failure (a lifetime difference alone is info: lifetimes are local and need not match)."]
    for t in report["tunnels"]:
        out += ["", "## %s: %s" % (md_text(t["name"]), t["verdict"]), "", md_text(_ends_label(t)), ""]
        if not t["findings"]:
            out.append("No findings: both ends negotiate at bring-up and at every rekey.")
        for f in t["findings"]:
            out += ["### %s %s (%s)" % (f["severity"].upper(), f["code"], f["phase"]), "", md_text(f["summary"]), ""]
            for side, ev in sorted(f["evidence"].items()):
                lines = ev.get("lines") if isinstance(ev, dict) else None
                values = {k: v for k, v in ev.items() if k != "lines"} if isinstance(ev, dict) else ev
                if values:
                    out.append("- %s: %s" % (md_text(side), md_code(_json_value(values))))
                for cl in lines or []:
                    out.append("  - line %s: %s" % (cl["line"], md_code(cl["text"])))
            fixes = _remediation_lines(f["remediation"], f.get("proof"))
            if fixes:
                out += ["", "Fix (either side; each proven by re-running the check with it applied):", ""]
                out += ["    " + x for x in fixes]
            out.append("")
    if report.get("unpaired"):
        out += ["", "## Ends without a counterpart", ""]
        for u in report["unpaired"]:
            out.append("- %s" % md_text(_json_value(u)))
    return "\n".join(out) + "\n"
