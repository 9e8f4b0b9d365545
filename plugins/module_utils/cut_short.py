# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tunnel of an ASA whose saved configuration is certainly cut short (the parser's INVALID_VALUE error with
``cut_short_at``: the capture ends at the pager's prompt and then the CLI prompt, asa/parser/dispatch.pager_quit_at).
What the check finds missing on that ASA, or at its default, may be on the lines the capture lacks: each of the
tunnel's findings with an ASA fix says so and points at the cut, and its ASA fix is not shown (it was proven on a model
without those lines: "add crypto ikev2 enable", "sysopt connection tcpmss 1350" for lines the device has; review
2026-12-07). The Azure fixes stay.

Plain Python, no Ansible import.
"""

CUT_KEY = "cut_short_at"
# The parser's findings about the text that is there (a value it cannot read, a line it does not model): not about
# what the capture lacks
_ABOUT_PRESENT_TEXT = ("INVALID_VALUE", "UNSUPPORTED_CONSTRUCT")


def cut_line(side):
    """The line an ASA source (compat_facts.Side) is cut short at, or None."""
    for index in side.whole_source:
        finding = side.findings[index]
        asa = finding.evidence.get("asa") if isinstance(finding.evidence, dict) else None
        if finding.code == "INVALID_VALUE" and isinstance(asa, dict) and isinstance(asa.get(CUT_KEY), int):
            return asa[CUT_KEY]
    return None


def point_at_cut(entry, sides):
    """``entry`` (a report tunnel) with its findings' ASA fixes withheld and pointing at the cut when one of ``sides``
    (the ASA sources the entry is about) is cut short. The finding dicts are replaced, never changed: their evidence,
    remediation and proof are the Finding's own, shared with other entries."""
    cuts = [(side.host, line) for side, line in ((side, cut_line(side)) for side in sides) if line is not None]
    if not cuts:
        return entry
    where = "; ".join("ASA %s's saved configuration is cut short at line %d" % (host or "?", line) for host, line in cuts)
    reason = ("not shown: %s (the pager was quit), so this may be about a line the capture lacks; save the configuration "
              "whole and check again" % where)
    findings = []
    for f in entry["findings"]:
        asa = f["evidence"].get("asa") if isinstance(f.get("evidence"), dict) else None
        own = isinstance(asa, dict) and asa.get(CUT_KEY) is not None
        if own or f.get("code") in _ABOUT_PRESENT_TEXT or not ((f.get("remediation") or {}).get("asa") or (f.get("proof") or {}).get("asa")):
            findings.append(f)
            continue
        f = dict(f, summary="%s (%s: this may be about a line after it.)" % (f["summary"], where),
                 remediation={k: v for k, v in (f.get("remediation") or {}).items() if k != "asa"},
                 proof=dict(f.get("proof") or {}, asa={"proven": False, "reason": reason}))
        findings.append(f)
    entry["findings"] = findings
    remediation = entry.get("remediation")
    if isinstance(remediation, dict) and remediation.get("asa"):
        entry["remediation"] = dict((k, v) for k, v in remediation.items() if k != "asa")
    return entry
