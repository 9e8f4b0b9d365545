# -*- coding: utf-8 -*-
"""A byte that is not UTF-8 only in a line's free text (a description saved as Windows-1252, "Büro") changes nothing the
check reads: information, not a warning that fails a fail_on=warning gate (review 2026-12-06). Elsewhere on the line
it stays a warning."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config


def odd(line):
    text = asa_config().replace("object network HQ-LAN\n", "object network HQ-LAN\n%s\n" % line, 1)
    data = text.encode("utf-8").replace(b"@", b"\xfc")  # u-umlaut in Windows-1252
    facts = asa_facts_from_text(data.decode("utf-8", "surrogateescape"))
    return [f["severity"] for f in facts["findings"] if f["code"] == "INVALID_VALUE"]


@pytest.mark.parametrize("line, severity", [
    (" description B@ro-LAN (Z@rich)", "info"),
    (" description plain", None),
    (" subnet 10.0.0.0 255.0.0.0 B@ro", "warning"),
])
def test_odd_bytes_are_information_only_in_free_text(line, severity):
    assert odd(line) == ([severity] if severity else [])
