# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings: the stable catalog of codes, the Finding record, and the report as data (its files: report_texts.py).

Plain Python, no Ansible import. Codes are a public interface (users filter on
them in AWX): add new ones, never rename.
"""

import gc
import json
import math
import re
from itertools import chain, compress, repeat
from operator import is_
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_json import _ESCAPE, _SCALARS
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import UNSAFE, only_str, safe_tree

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
    "IKEV2_NOT_ENABLED": "IKEv2 is not enabled on the interface the crypto map or tunnel is on",
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
    "IKE_REKEY_RECONNECTS": "an end rebuilds the tunnel at each IKE rekey instead of rekeying in place",
    "CHILD_LIFETIME_MISMATCH": "Child SA lifetimes in seconds differ",
    "CHILD_DATA_LIMIT_MISMATCH": "Child SA lifetimes in kilobytes differ",
    "AZURE_POLICY_INVALID": "the Azure IPsec policy breaks Azure's own rules",
    "AZURE_SKU_UNSUPPORTED": "the gateway SKU or type cannot do what the connection asks",
    "DPD_MISMATCH": "dead-peer detection will tear the tunnel down early or never",
    "WEAK_CRYPTO": "an algorithm or group below the baseline",
    "TCP_MSS_TOO_HIGH": "TCP MSS clamp above what the peer recommends",
    "LNG_CONTAINS_PEER_ADDRESS": "the networks expected behind the peer contain a tunnel endpoint address",
    "ONE_WAY_TRAFFIC": "packets are sent into the tunnel but none come back",
    "VPN_FILTER_DROPS": "the tunnel's vpn-filter permits nothing of a network pair its crypto ACL protects",
    "SESSION_TIMEOUT": "the ASA ends the tunnel's session a fixed time after it was built, whatever its traffic",
    "VTI_CRYPTO_MAP_SAME_PEER": "a tunnel interface and an applied crypto map entry have the same peer",
    "TUNNEL_INTERFACE_SHUTDOWN": "a tunnel interface is administratively shut down ('shutdown')",
    # Route-based tunnels, BGP, versions and constructs (issue 9)
    "UNSUPPORTED_CONSTRUCT": "the configuration uses a construct that is recognised but not checked",
    "ASA_VERSION_UNSUPPORTED": "the ASA software release cannot do what this tunnel needs",
    "NO_INITIATOR": "no end starts a tunnel the other answers (both responder-only, or both initiator-only)",
    "ACTIVE_ACTIVE_TUNNEL_MISSING": "an active-active Azure gateway instance has no tunnel from the peer",
    "ROUTE_MISSING": "an end does not route the peer's networks into the tunnel",
    "BGP_NOT_CONFIGURED": "one end runs BGP over the tunnel and the other does not",
    "BGP_ASN_MISMATCH": "the ASN one end expects of its BGP peer is not the peer's own",
    "BGP_ASN_RESERVED": "an ASN that Azure reserves is used for BGP with Azure",
    "BGP_PEER_ADDRESS_MISMATCH": "the BGP neighbor address one end expects is not the other end's peering address",
    "BGP_APIPA_INVALID": "an APIPA BGP peering address is outside the range Azure allows",
    "BGP_NO_ROUTE_TO_PEER": "no route sends traffic for the BGP peer's address into the tunnel",
    "BGP_MULTIHOP_MISSING": "the BGP peers are not on one subnet and eBGP multihop is not allowed",
    "BGP_NEITHER_OPENS": "neither BGP end opens the session: each only waits for the other",
    "BGP_ROUTES_NOT_EXCHANGED": "what one end advertises over BGP is not advertised or not accepted",
    "BGP_TIMERS_MISMATCH": "one end's BGP hold time is below the other end's fixed keepalive and hold timers",
    # Severities that mean what they say (issue 10)
    "REKEY_TOO_FREQUENT": "a Child SA lifetime so short that one end rekeys too often",
    "AEAD_WITH_INTEGRITY": "an ESP proposal pairs an AES-GCM/GMAC cipher with an integrity transform",
    "HOST_NOT_READ": "a device or subscription could not be read, so none of its tunnels is checked",
    "FAILOVER_PAIR_UNCLEAR": "both units of an ASA failover pair say they are active, or neither does: neither is checked",
    "AZURE_EXPORTS_DIFFER": "one Azure connection is in two exports with different settings: neither is checked",
    "AZURE_NOT_PROVISIONED": "an Azure resource of the tunnel is not in provisioningState Succeeded",
    "AZURE_CONNECTION_DOWN": "Azure reported the connection not connected when it was read",
    # Findings only the evidence gives (issue 14, evidence/evidence_findings.py); never in a check's findings
    "IKE_NO_RESPONSE": "IKE requests to the peer are never answered (UDP 500/4500 blocked, NAT-T broken or the peer down)",
    "REKEY_COLLISION": "both ends rekeyed the same SA at once",
    "SA_EXPIRED_WITHOUT_REKEY": "an SA reached its hard lifetime with no rekey started",
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
    # vendor -> why the engine asks nothing of that end (engine/suite_fixes.py suite_unfixed), said as its proof when no
    # fix is tried there (fix_rendering); not part of the report itself
    unfixed: Dict[str, str] = field(default_factory=dict, compare=False)
    # vendor -> the intents of ``fixes`` held back as unproven (a route fix within a connected network: asa/
    # remediation_routed.py): the rest is proven and shown alone, the finding staying open for these (proof.py)
    held: Dict[str, List[dict]] = field(default_factory=dict, compare=False)
    # vendor -> further remediations of a config finding, in order, each as ``remediation[vendor]`` is: tried when that
    # one does not suit the other end (superseded.with_policy_fixes_checked); not part of the report itself
    alternatives: Dict[str, List[object]] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.code not in CATALOG:
            raise ValueError("unknown finding code %r" % self.code)
        if self.severity not in SEVERITY_RANK:
            raise ValueError("unknown severity %r" % self.severity)
        if self.phase not in PHASES:
            raise ValueError("unknown phase %r" % self.phase)

    def to_dict(self, scope_shown=None, alternatives=False):
        """The finding as a dict; ``scope_shown``: at most that many names in ``scope``, all of them counted in
        ``scope_count`` when there are more (a tunnel entry's copy, tunnel_entry); ``alternatives``: with them, when
        there are any (an adapter's facts, which the check reads back with from_dict; never the report)."""
        scope = self.scope
        cut = scope_shown is not None and len(scope) > scope_shown
        out = {
            "code": self.code,
            "severity": self.severity,
            "phase": self.phase,
            "summary": self.summary,
            "evidence": self.evidence,
            "remediation": self.remediation,
            "scope": scope[:scope_shown] if cut else list(scope),
            "proof": self.proof,
        }
        if cut:
            out["scope_count"] = len(scope)
        if alternatives and self.alternatives:
            out["alternatives"] = self.alternatives
        return out

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
            alternatives=data.get("alternatives") or {},
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


# A finding shared by many tunnels (IKEv2 not enabled on a hub's outside interface, one IKE policy) is in each of their
# entries: with its whole scope in every copy the report grew with the square of the tunnels (3,000 tunnels: 647 MB
# of report.json, issue 12). An entry lists the first SCOPE_SHOWN names and ``scope_count`` counts them all.
SCOPE_SHOWN = 20


def tunnel_entry(name, asa, azure, findings, tunnel_id=None):
    """One tunnel of report.json; ``asa``/``azure`` identify the two ends. ``tunnel_id``: the same text for the same
    tunnel from run to run (compat.stable_tunnel_id), so two nights' reports can be told apart tunnel by tunnel."""
    findings = sort_findings(findings)
    return {
        "id": tunnel_id or name,
        "name": name,
        "asa": asa,
        "azure": azure,
        "verdict": VERDICT_BY_SEVERITY[worst_severity(findings)],
        "findings": [f.to_dict(SCOPE_SHOWN) for f in findings],
    }


def unpaired_entry(vendor, end, reason, findings=()):
    """One end of report.json's ``unpaired``: ``{vendor: end, "reason": ...}`` and, when the end's own config has
    findings, its ``verdict`` and ``findings`` as a tunnel's: pairing with nothing drops none of them (review s43 F)."""
    entry = {vendor: end, "reason": reason}
    if findings:
        findings = sort_findings(findings)
        entry["verdict"] = VERDICT_BY_SEVERITY[worst_severity(findings)]
        entry["findings"] = [f.to_dict(SCOPE_SHOWN) for f in findings]
    return entry


def unpaired_findings(end):
    """The findings of an unpaired end of a report (unpaired_entry) as dicts, [] for an end without any."""
    found = end.get("findings") if isinstance(end, dict) else None
    return found if isinstance(found, list) else []


def build_report(tunnels, unpaired=None, notes=None):
    """The report, made safe for every writer: names and values from the input with control characters
    and undecodable bytes escaped, no NaN/Infinity (``safe_tree``), tuples as lists. A report that is
    already safe (the usual case) is proven so by ``_safe`` and not copied: safe_tree's copy was 0.6-0.9 s
    and a second report in memory at 100k lines (issue 12); only containers holding a tuple are new.

    ``notes``: lines of text about the sources read that are not checked on their own (the other unit of a
    failover pair, checked from its active or primary unit; a standby read without its active unit), for the
    report files to say what the console says. The key ``notes`` is there only when there is one: a report
    without them is as before (an optional key, as ``evidence``; schema_version stays)."""
    summary = {"tunnels": len(tunnels), "fail": 0, "degraded": 0, "pass": 0}
    for t in tunnels:
        summary[t["verdict"]] += 1
    report = {"schema_version": REPORT_SCHEMA_VERSION, "tunnels": tunnels, "summary": summary}
    report["unpaired"] = list(unpaired or [])
    if notes:
        wrong = sorted(set(type(note).__name__ for note in notes if not isinstance(note, str)))
        if wrong:  # text for every writer as it is, never a structure of its own
            raise TypeError("build_report: notes must be strings, not %s" % ", ".join(wrong))
        report["notes"] = list(notes)
    if _plain_and_safe(report):
        return report  # what the walks below would give: the same report, or a copy equal to it
    safe = _safe(report)
    if safe is not report:
        return safe  # safe_tree's copy: lists already
    try:
        return _tuples_as_lists(report)
    except RecursionError:
        return safe_tree(report)


_NESTED = (dict, list, tuple)
_PLAIN = frozenset((dict, list, str, int, float, bool, type(None)))
# Tunnels walked together by _plain_and_safe: few calls, and their text held at once stays small (issue 12).
_PLAIN_CHUNK = 256
# Levels of nesting _plain_and_safe follows (a report has about 10); deeper, or a cycle, takes the walks.
_PLAIN_LEVELS = 64


def _plain_and_safe(report):
    """Whether ``report`` is already what build_report makes of it: dicts with ``str`` keys, lists, ``str``, int,
    float, bool and None only (no tuple, no subclass), no string or key holding a character ``escape`` changes, no
    NaN/Infinity. Then safe_tree's copy equals it and _tuples_as_lists keeps it. Told a level of the tree at a time
    with C-speed calls (gc.get_referents gives every value of a dict and item of a list: their traverse visits each,
    as the collector needs), not a Python call per container nor the JSON text of each tunnel (0.35 CPU s at 100k
    lines, issue 12); anything else, and the rare report this says no to, takes _safe and _tuples_as_lists."""
    if type(report) is not dict or not only_str(report) or UNSAFE.search("".join(report)):  # pylint: disable=unidiomatic-typecheck
        return False
    for value in report.values():
        if type(value) is list:  # pylint: disable=unidiomatic-typecheck
            for start in range(0, len(value), _PLAIN_CHUNK):
                if not _plain_level(value[start:start + _PLAIN_CHUNK]):
                    return False
        elif not _plain_level([value]):
            return False
    return True


def _unsafe_text(text):
    """Whether ``text`` holds a character ``escape`` changes (UNSAFE matches one character: strings joined hold
    one only where one of them does). Every such character is one str.isprintable refuses (a control, a format
    character, a separator but the space, a surrogate or a noncharacter): printable text, the usual, is told
    at C speed without the expression (a third of the time)."""
    return not text.isprintable() and UNSAFE.search(text) is not None


def _plain_level(level):
    """_plain_and_safe of the trees in ``level``, a level at a time."""
    for _depth in range(_PLAIN_LEVELS):
        if not level:
            return True
        kinds = list(map(type, level))
        present = set(kinds)
        if not _PLAIN.issuperset(present):
            return False
        if dict in present:
            keys = set(chain.from_iterable(compress(level, map(is_, kinds, repeat(dict)))))  # the same few names
            if not only_str(keys) or _unsafe_text("".join(keys)):
                return False
        if str in present and _unsafe_text("".join(compress(level, map(is_, kinds, repeat(str))))):
            return False
        if float in present and not all(map(math.isfinite, compress(level, map(is_, kinds, repeat(float))))):
            return False
        level = gc.get_referents(*level)
    return False


def _tuples_as_lists(value):
    """``value`` with every tuple in it a list, as safe_tree gives it; containers without a tuple
    inside are the same objects."""
    kind = type(value)
    if kind is tuple:
        return [_tuples_as_lists(v) if isinstance(v, _NESTED) else v for v in value]
    if kind is dict or kind is list:
        changed = None  # copied on the first child that changes: an unchanged container is kept as it is
        for key, child in (value.items() if kind is dict else enumerate(value)):
            # a plain dict or list of scalars only (most containers of a report) is kept as it is, told by C-speed
            # calls, not a Python call and loop per container (issue 12: 270,000 of them at 100k lines)
            child_kind = type(child)
            if child_kind is dict:
                if _SCALARS.issuperset(map(type, child.values())):
                    continue
            elif child_kind is list:
                if _SCALARS.issuperset(map(type, child)):
                    continue
            elif not isinstance(child, _NESTED):
                continue
            new = _tuples_as_lists(child)
            if new is not child:
                changed = changed if changed is not None else kind(value)
                changed[key] = new
        return value if changed is None else changed
    return safe_tree(value)  # a dict or list subclass: safe_tree's plain copy


def _has_escape(pattern, text):
    """Whether ``pattern`` (starting with a backslash) matches an escape in JSON ``text``: a match
    preceded by an even run of backslashes (an odd run makes its backslash an escaped one)."""
    for match in pattern.finditer(text):
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
    as lists). Checked with the C JSON encoder (ASCII text: such a character is an escape) and one
    regular expression over its text (0.2 s at 100k lines) instead of a Python walk over every value
    (0.6-1 s per writer; issue 12)."""
    try:
        if _proven_safe(report):
            return report
    except (TypeError, ValueError, RecursionError):  # not JSON as it is: safe_tree turns it into JSON
        pass
    return safe_tree(report)


def _proven_safe(report):
    """Whether the JSON text of ``report`` holds no unsafe escape (and it has one: else json.dumps raises). A
    dict with string keys is written a value at a time, a list value an item at a time (a tunnel each): the
    whole report's text was 20-40 MB at 100k lines, the check's peak (issue 12). The same answer: an escape
    and the run of backslashes before it lie inside one value's text."""
    if type(report) is not dict or not only_str(report):  # pylint: disable=unidiomatic-typecheck
        return not _unsafe_json(json.dumps(report, allow_nan=False))
    if _unsafe_json("".join(map(_ESCAPE, report))):
        return False
    for value in report.values():
        for piece in (value if type(value) is list else (value,)):  # pylint: disable=unidiomatic-typecheck
            if _unsafe_json(json.dumps(piece, allow_nan=False)):
                return False
    return True


# In JSON text written with ensure_ascii (as report.json is), a character ``escape`` changes shows as one
# of these escapes; it is one when an even run of backslashes precedes it. A \ud800-\udfff escape may be
# half of a character beyond U+FFFF (not unsafe): counted as unsafe, and safe_tree decides.
_ASCII_UNSAFE_ESCAPE = re.compile(r"\\(?:[nrbf]|u(?:00[01][0-9a-f]|007f|00[89][0-9a-f]|202[89a-e]|206[6-9]|d[89a-f]|fff[ef]))")


def _unsafe_json(text):
    return _has_escape(_ASCII_UNSAFE_ESCAPE, text)


def judged_findings(report):
    """Every finding of a report that fail_on judges, as dicts: the tunnels' and the unpaired ends' own (should_fail
    and report_files.report_counts both read them here, so the message's numbers and the failure agree)."""
    for tunnel in report["tunnels"]:
        yield from tunnel["findings"]
    for end in report.get("unpaired") or ():
        yield from unpaired_findings(end)


def should_fail(report, fail_on):
    """Whether the run must fail: fail_on is error, warning or never. An unpaired end's own findings count as a
    tunnel's (judged_findings)."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[ERROR if fail_on == "error" else WARNING]
    return any(SEVERITY_RANK[f["severity"]] >= threshold for f in judged_findings(report))
