# -*- coding: utf-8 -*-
"""report.md shows names from the configs as they are written: a crypto map, ACL or host name holding what CommonMark
reads as syntax (``*`` emphasis, ``[`` ``]`` a link, a backtick a code span, a leading ``#`` a heading) rendered as
something else - ``*S2S*`` in italics without its asterisks - while only ``|`` was escaped, in table cells."""

import json
import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import _lines_cell, to_markdown
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import md_text

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")


def _markdown(crypto_map, host="fw-edge-1"):
    with open(os.path.join(SEED, "asa_running_config.txt"), encoding="utf-8") as handle:
        config = handle.read().replace("CRYPTO-MAP", crypto_map)
    with open(os.path.join(SEED, "azure_resources.json"), encoding="utf-8") as handle:
        azure = azure_facts_from_data(json.load(handle))
    return to_markdown(run_check(asa_facts_from_text(config, host=host), azure))


@pytest.mark.parametrize("crypto_map, shown", [
    ("*S2S*", r"\*S2S\*"),  # emphasis: "S2S" in italics, the asterisks gone
    ("S2S[prod]", r"S2S\[prod\]"),
    ("to-azure_", r"to-azure\_"),
])
def test_a_crypto_map_name_is_shown_as_written_in_the_heading_and_the_ends(crypto_map, shown):
    markdown = _markdown(crypto_map)
    [heading] = [line for line in markdown.splitlines() if line.startswith("## UKSouth-HQ-S2S")]
    assert heading == "## UKSouth-HQ-S2S (azure:00000000-0000-0000-0000-000000000000/RG/UKSouth-HQ-S2S asa:fw-edge-1/%s/2): fail" % shown
    assert "\nASA fw-edge-1 %s 2 &lt;-&gt; Azure UKSouth-HQ-S2S\n" % shown in markdown
    # code spans (the cited lines, the end cell, the fixes) hold it exactly: no escape there
    assert "- line 40: `crypto map %s 2 set peer 203.0.113.20`" % crypto_map in markdown
    assert "crypto map `%s`" % crypto_map in markdown
    assert "    crypto map %s 2 set pfs group19" % crypto_map in markdown


@pytest.mark.parametrize("name, shown", [
    ("AZ_VPN_ACL", "AZ_VPN_ACL"),  # an underscore between letters opens no emphasis: left as written
    ("to-azure*", r"to-azure\*"),
    ("S2S[prod]", r"S2S\[prod\]"),
    ("_outside_cryptomap_", r"\_outside_cryptomap\_"),
    ("vpn`acl`", r"vpn\`acl\`"),
    ("# hq", r"\# hq"),
    ("1. site", r"1\. site"),
    ("- site", r"\- site"),
    ("site #", r"site \#"),
    ("a\\*b", r"a\\\*b"),
    ("<b>&", "&lt;b&gt;&amp;"),
])
def test_a_name_in_prose_or_a_cell_is_text(name, shown):
    assert md_text(name) == shown
    assert _lines_cell(name + "\n" + name) == shown + "<br>" + shown


def test_a_report_of_plain_names_reads_as_before():
    markdown = _markdown("CRYPTO-MAP", host="gateway")
    assert "\\" not in "".join(line for line in markdown.splitlines() if not line.startswith("    ") and "`" not in line)
    assert re.search(r"^## UKSouth-HQ-S2S \(azure:[^)]*asa:gateway/CRYPTO-MAP/2\): fail$", markdown, re.M)
