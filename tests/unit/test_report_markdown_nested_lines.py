# -*- coding: utf-8 -*-
"""report.md: the config lines a value of the evidence cites inside its records (WEAK_CRYPTO's proposals) are
numbers in the cell and text in the lines list. Review (2026-12-04, real-world configs): an ASDM-wizard config's
WEAK_CRYPTO row was one table cell several kilobytes long, each proposal's lines written out in it."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import to_markdown


def _line(number, text):
    return {"line": number, "text": text}


POLICY_1 = [_line(123, "crypto ikev2 policy 1"), _line(124, "encryption aes-256"), _line(125, "integrity sha"),
            _line(126, "group 5 2")]
POLICY_10 = [_line(135, "crypto ikev2 policy 10"), _line(137, "integrity sha")]


def test_nested_cited_lines_are_numbers_in_the_cell_and_text_in_the_lines_list():
    finding = {"code": "WEAK_CRYPTO", "severity": "info", "phase": "config", "summary": "weak offered",
               "evidence": {"asa": {"configured_not_negotiated": [
                   {"proposal": "ikev2 policy 1", "weak": "IKE DH group 2", "lines": POLICY_1},
                   {"proposal": "ikev2 policy 10", "weak": "IKE integrity SHA1", "lines": POLICY_10}]}},
               "remediation": {}}
    report = {"schema_version": 1, "tunnels": [{"name": "t", "verdict": "pass", "asa": {"host": "fw"},
                                                "azure": {"connection": "c"}, "findings": [finding]}],
              "unpaired": [], "summary": {"tunnels": 1, "fail": 0, "degraded": 0, "pass": 1}}
    text = to_markdown(report)
    [row] = [line for line in text.splitlines() if line.startswith("| configured not negotiated |")]
    assert "lines=lines 123-126" in row and "lines=lines 135, 137" in row
    assert "crypto ikev2 policy 1" not in row and "group 5 2" not in row
    for number, said in ((123, "crypto ikev2 policy 1"), (126, "group 5 2"), (137, "integrity sha")):
        assert "- line %d: `%s`" % (number, said) in text
