# -*- coding: utf-8 -*-
"""A configuration saved from a terminal with escape sequences in it (colour, erase-line: what an SSH client, a
terminal's session log or the ASA's pager leaves) is read as the terminal showed it, as backspaces and pager prompts
are, with one information finding saying the capture was cleaned; a line with any other control character is still a
warning naming it (review 2026-12-07: each escaped line was an INVALID_VALUE warning and its values were not read)."""

import json

from test_fact_sources import SEED_AZURE, seed_text

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import replicated_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

ERASE, RESET, GREEN = "\x1b[K", "\x1b[m", "\x1b[1;32m"


def _escaped(text):
    """The seed as a coloured terminal session saved it: an erase-line opening every third line, a reset closing
    every fifth, a title (OSC) and a colour around the hostname."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line and i % 3 == 0:
            lines[i] = ERASE + line
        if line and i % 5 == 0:
            lines[i] += RESET
        if line.startswith("hostname "):
            lines[i] = "\x1b]0;gateway\x07" + GREEN + line + "\x1b[0m"
    return "\n".join(lines)


def _findings(text):
    with open(SEED_AZURE) as handle:
        azure = azure_facts_from_data(json.load(handle))
    report = run_check(asa_facts_from_text(text, host="h"), azure)
    [tunnel] = report["tunnels"]
    return tunnel, [(f["code"], f["severity"]) for f in tunnel["findings"]]


def test_escape_sequences_are_removed_and_one_information_finding_names_the_lines():
    clean, clean_codes = _findings(seed_text())
    tunnel, codes = _findings(_escaped(seed_text()))
    cleaned = [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]
    # the tunnel's findings are those of the clean text, and one note that the capture was cleaned
    assert sorted(codes) == sorted(clean_codes + [("INVALID_VALUE", "info")])
    assert tunnel["verdict"] == clean["verdict"] and len(cleaned) == 1
    [note] = cleaned
    assert note["summary"].startswith("Terminal escape sequences") and "removed from " in note["summary"]
    assert "lines 1, 4, 5, " in note["summary"] and "\\x1b" not in note["summary"]
    lines = note["evidence"]["asa"]["lines"]
    assert lines[0]["line"] == 1 and all("\x1b" not in line["text"] and "\\x1b" not in line["text"] for line in lines)
    assert [line["text"] for line in lines if line["text"].startswith("hostname")] == ["hostname gateway"]
    assert note["remediation"]["asa"][0].startswith("! Nothing to change on the ASA")


def test_erase_line_over_a_pager_prompt_leaves_the_sub_command_read():
    text = seed_text().replace(" protocol esp encryption aes-gcm\n",
                               "<--- More --->\r" + ERASE + " protocol esp encryption aes-gcm\n")
    _tunnel, codes = _findings(text)
    _clean, clean_codes = _findings(seed_text())
    assert sorted(codes) == sorted(clean_codes + [("INVALID_VALUE", "info")])


def test_other_control_characters_and_an_escape_never_ended_are_still_a_warning_naming_the_line():
    text = seed_text().replace("sysopt connection tcpmss 1350", "sysopt connection tcpmss 1350\x07").replace(
        "hostname gateway", "hostname gateway\x1b]0;title never ended")
    tunnel, _codes = _findings(text)
    odd = sorted(f["summary"].split(" holds")[0] for f in tunnel["findings"]
                 if f["code"] == "INVALID_VALUE" and f["severity"] == "warning" and "holds characters" in f["summary"])
    assert odd == ["Line 5", "Line 66"]
    assert not any(f["summary"].startswith("Terminal escape") for f in tunnel["findings"])


def test_a_failover_unit_saved_with_escapes_replicates_the_lines_of_one_saved_without():
    assert replicated_lines(_escaped(seed_text())) == replicated_lines(seed_text())
