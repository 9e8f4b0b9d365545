# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): a "!" line indented under a block (a note before a sub-command, the IOS-style " !" between
a BGP block's parts) closed the block, so its later lines were read as unknown global commands, with no finding:
a VTI lost its `tunnel protection`, BGP its neighbors (and a "proven" Azure fix turned BGP off), a profile its PFS,
a tunnel-group its keys. The ASA takes "!" as a comment and the block's lines still apply. A "!" at the block's
level (as show running-config prints between sections) still ends it."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

PAIR = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")


def _pair():
    with open(os.path.join(PAIR, "asa_running_config.txt")) as handle:
        asa = handle.read()
    with open(os.path.join(PAIR, "azure_resources.json")) as handle:
        return asa, json.load(handle)


def _with_comment_before(asa, sub_command, comment):
    """``asa`` with ``comment`` on its own line, indented as ``sub_command`` (the first line starting so), before it."""
    lines = asa.splitlines(True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith(sub_command) and line[0] == " ")
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    return "".join(lines[:at] + [indent + comment + "\n"] + lines[at:])


def _report(asa, azure):
    return run_check(asa_facts_from_text(asa), azure_facts_from_data(azure))


def test_the_fixture_passes_as_it_is():
    asa, azure = _pair()
    assert [t["verdict"] for t in _report(asa, azure)["tunnels"]] == ["pass"]


@pytest.mark.parametrize("sub_command, comment", [
    ("tunnel protection ipsec profile", "! protect with the Azure profile"),
    ("address-family ipv4 unicast", "!"),
    ("neighbor", "! Azure's BGP peer"),
    ("set pfs", "! PFS must match Azure's policy"),
    ("ikev2 remote-authentication", "! keys rotated 2026-11"),
])
def test_a_comment_inside_a_block_keeps_the_block(sub_command, comment):
    asa, azure = _pair()
    if not any(line.lstrip().startswith(sub_command) for line in asa.splitlines()):
        pytest.fail("the fixture has no %r line" % sub_command)
    commented = _with_comment_before(asa, sub_command, comment)
    assert commented != asa
    report = _report(commented, azure)
    assert [(t["verdict"], [f["code"] for f in t["findings"]]) for t in report["tunnels"]] == [("pass", [])]
    # and the same when each line comes with a CR (the driver's line-by-line path, as a terminal capture reads)
    report = _report(commented.replace("\n", "\r\n"), azure)
    assert [t["verdict"] for t in report["tunnels"]] == ["pass"]


def test_a_bang_at_the_blocks_level_still_ends_it():
    """Flattened text (no line indented): a sub-command before the "!" is the block's, one after it is global."""
    config, _findings = parse_running_config(
        "ASA Version 9.16(1)\nhostname gw\ncrypto ikev2 policy 20\nencryption aes-gcm-256\n!\nintegrity sha256\n")
    assert (config.ikev2_policies[20].encryption, config.ikev2_policies[20].integrity) == (["aes-gcm-256"], [])
