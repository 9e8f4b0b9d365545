# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a connection's reading reports: findings within a per-connection budget, values it cannot understand
(which make a field unknown), references to resources the input lacks, and list properties of prefixes.
The connection reader (adapter._ConnectionReader) is one; the concept modules call these on it.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import line, list_prop, prefix, show
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import SEVERITY_RANK, WARNING, Finding, lines_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import clip, clip_value

# Budgets (limits of this reader, not Azure rules): findings listed per connection (the rest are
# counted in one finding), characters of a value quoted in a summary, of an evidence line or value.
MAX_FINDINGS_PER_CONNECTION = 200
MAX_VALUE_TEXT = 200
MAX_EVIDENCE_TEXT = 1024


class FindingsReader:
    """The findings, budget and unknown fields of one connection's reading."""

    def __init__(self, name, ref):
        self.name = name
        self.ref = ref
        self.findings = []
        self.left_out = {}  # code -> findings over MAX_FINDINGS_PER_CONNECTION, counted
        self.left_out_worst = None  # (severity, code) of the worst of them
        self.unknowns = []

    def find(self, code, severity, summary, lines, remediation=None, alternatives=(), **values):
        """``alternatives``: further remediations (as ``remediation``), in order, for when it does not suit the peer."""
        if len(self.findings) >= MAX_FINDINGS_PER_CONNECTION:
            self.left_out[code] = self.left_out.get(code, 0) + 1
            if self.left_out_worst is None or SEVERITY_RANK[severity] > SEVERITY_RANK[self.left_out_worst[0]]:
                self.left_out_worst = (severity, code)
            return
        evidence = {"connection": self.name}
        evidence.update((k, clip_value(v, MAX_EVIDENCE_TEXT)) for k, v in values.items())
        evidence["lines"] = [dict(e, text=clip(e["text"], MAX_EVIDENCE_TEXT)) for e in lines_evidence(lines)]
        self._append(code, severity, summary, evidence, remediation)
        if remediation and alternatives:
            self.findings[-1].alternatives["azure"] = list(alternatives)

    def _report_left_out(self):
        """One finding counting those over the budget, as severe as the worst of them."""
        if not self.left_out:
            return
        severity, code = self.left_out_worst
        codes = ", ".join("%d %s" % (n, c) for c, n in sorted(self.left_out.items()))
        self._append(code, severity, "%s: %d more finding(s) are not listed (%s): at most %d per connection are."
                     % (self.name, sum(self.left_out.values()), codes, MAX_FINDINGS_PER_CONNECTION),
                     {"connection": self.name, "left_out": dict(self.left_out), "lines": []}, None)
        self.left_out = {}

    def _append(self, code, severity, summary, evidence, remediation):
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=summary,
                evidence={"azure": evidence},
                remediation={"azure": remediation} if remediation else {},
                # the connection's resource id: names are unique per resource group only, and one
                # report covers several groups and subscriptions
                scope=[self.ref.get("id") or self.name],
            )
        )

    def undefined(self, holder, path, rid, what, within=None, has=None):
        """``within``: the resource in the input that would hold ``rid`` (a gateway's ipConfiguration or NAT rule):
        then it does not, which no further export mends (review 2026-12-05: "not in the input" sent people to
        export more)."""
        if isinstance(rid, str) and rid and within is not None:
            named = "%s names %s %s, which %s does not have%s" % (
                holder.name, what, rid, within, " (it has %s)" % (", ".join(has) or "none") if has is not None else "")
        elif isinstance(rid, str) and rid:
            named = "%s names %s %s, which is not in the Azure resources input" % (holder.name, what, rid)
        else:
            named = "%s names no %s (%s is empty)" % (holder.name, what, path)
        summary = named + ", so what depends on it is not checked."
        self.find("UNDEFINED_REFERENCE", WARNING, summary, [line(holder, path, rid)],
                  missing_id=rid if isinstance(rid, str) else None, property=path)

    def invalid(self, holder, path, value, expected, field, severity=WARNING):
        """A value that cannot be understood: report it and stop comparing ``field`` (None: no field depends on it)."""
        if field is not None:
            self.unknowns.append(field)
        self.find(
            "INVALID_VALUE", severity,
            "%s: %s is %s, which is not %s." % (holder.name, path, clip(show(value), MAX_VALUE_TEXT), expected),
            [line(holder, path, value)], property=path, value=value,
        )

    def prefixes(self, holder, keys, field, lines, note=None):
        """Valid prefixes of a list property; bad entries are reported and make ``field`` unknown."""
        path = ".".join(keys)
        found = []
        for i, raw in enumerate(list_prop(holder, *keys)):
            item_path = "%s[%d]" % (path, i)
            parsed = prefix(raw)
            if parsed is None:
                self.invalid(holder, item_path, raw, "an IP prefix", field)
                continue
            found.append(parsed)
            lines.setdefault(parsed, line(holder, item_path, raw, note))
        return found
