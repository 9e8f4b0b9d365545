# -*- coding: utf-8 -*-
"""ASA configurations as users save them (review s42, area H): ``show running-config all``, terminal session logs with
their prompts and pager remnants, ``more system:running-config``. What a default line or a terminal's artefact says is
read as the ASA means it, or named for what it is: never a warning about a line cut in two, never dropped."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config


def _lines(finding):
    return [line["line"] for line in finding["evidence"]["asa"]["lines"]]


def _codes(facts):
    return sorted((f["code"], f["severity"]) for f in facts["findings"])


# The first line of a session log: the prompt and the command typed (single context, a security context of a
# multiple-context ASA, a failover pair's prompt with its state, the enable-less prompt)
@pytest.mark.parametrize("prompt", ["edge-fw# show running-config", "edge-fw/VPNCTX# show running-config",
                                    "edge-fw/pri/act# more system:running-config", "edge-fw> show run"],
                         ids=range(4))
def test_a_prompt_before_the_configuration_is_named_as_a_prompt_not_as_a_cut_line(prompt):
    """It was an INVALID_VALUE warning saying a line was cut in two and the line above it may be read short."""
    facts = asa_facts_from_text(prompt + "\n" + asa_config())
    alone = asa_facts_from_text(asa_config())
    assert len(facts["tunnels"]) == 1 and facts["tunnels"][0]["peer_address"] == alone["tunnels"][0]["peer_address"]
    [named] = [f for f in facts["findings"] if f not in alone["findings"]]
    assert (named["code"], named["severity"]) == ("UNSUPPORTED_CONSTRUCT", "info")
    assert "CLI prompt" in named["summary"] and _lines(named) == [1]
    assert _codes(facts) == sorted(_codes(alone) + [("UNSUPPORTED_CONSTRUCT", "info")])


def test_the_rest_of_a_cut_line_stays_a_warning_beside_a_prompt():
    text = "edge-fw# show running-config\n" + asa_config(
        acl_extra="access-list AZ-ACL extended permit ip object HQ-LAN obj\nect AZ-LAN")
    found = {(f["code"], f["severity"]): _lines(f) for f in asa_facts_from_text(text)["findings"]}
    assert found[("UNSUPPORTED_CONSTRUCT", "info")] == [1]
    assert found[("INVALID_VALUE", "warning")] == [text.splitlines().index("ect AZ-LAN") + 1]


# `no crypto ...` lines `show running-config all` prints on an ASA left at its defaults
DEFAULT_NO_LINES = ["no crypto ikev1 am-disable", "no crypto isakmp am-disable", "no crypto isakmp ipsec-over-tcp",
                    "no crypto ikev1 ipsec-over-tcp", "no crypto isakmp reload-wait",
                    "no crypto ipsec ikev2 sa-strength-enforcement"]


@pytest.mark.parametrize("line", DEFAULT_NO_LINES, ids=range(len(DEFAULT_NO_LINES)))
def test_a_no_crypto_line_that_is_the_default_is_read_as_it(line):
    """Each was named as "a default turned off", which it is not: the ASA prints it when nothing was changed."""
    assert asa_facts_from_text(asa_config(extra=line))["findings"] == asa_facts_from_text(asa_config())["findings"]


def test_a_no_crypto_line_of_two_words_is_named_by_both():
    """'no crypto ipsec security-association replay' was named 'no crypto ipsec security-association'."""
    text = asa_config(extra="no crypto ipsec security-association replay")
    [named] = [f for f in asa_facts_from_text(text)["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert "no crypto ipsec security-association replay is not modelled" in named["summary"]
    assert "a default turned off" in named["summary"]


# A LAN-to-LAN tunnel-group as `show running-config all` prints it: every sub-command left at its default shown
ALL_IPSEC_ATTRIBUTES = ("ikev2 remote-authentication pre-shared-key *****\n"
                        " ikev2 local-authentication pre-shared-key *****\n"
                        " no ikev1 pre-shared-key\n peer-id-validate req\n no chain\n no ikev1 trust-point\n"
                        " no ikev2 remote-authentication certificate\n no ikev2 local-authentication certificate")


def test_a_tunnel_group_with_its_defaults_printed_reads_as_without_them():
    """Every site-to-site group of such a file had a note naming its 'no chain', 'peer-id-validate req'... lines."""
    text = asa_config(auth=ALL_IPSEC_ATTRIBUTES).replace(
        " default-group-policy AZ-GP\n", " no accounting-server-group\n default-group-policy AZ-GP\n")
    facts, alone = asa_facts_from_text(text), asa_facts_from_text(asa_config())
    assert _codes(facts) == _codes(alone)
    assert facts["tunnels"][0]["auth"]["method"] == alone["tunnels"][0]["auth"]["method"] == "psk"


def test_a_tunnel_group_line_that_changes_a_default_is_still_named():
    text = asa_config(auth=ALL_IPSEC_ATTRIBUTES.replace("peer-id-validate req", "peer-id-validate nocheck"))
    [named] = [f for f in asa_facts_from_text(text)["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert "'peer-id-validate nocheck'" in named["summary"] and _lines(named) == [
        text.splitlines().index(" peer-id-validate nocheck") + 1]


@pytest.mark.parametrize("erase", ["\n" + " " * 14, "\n\n" + " " * 14, "\n" + " " * 14 + "\n" + " " * 14],
                         ids=range(3))
def test_a_line_after_a_pager_prompt_alone_is_read_whatever_its_indentation(erase):
    """'<--- More --->' on a line of its own, the spaces that erased it opening the next line: the 'set peer' line was
    read as a sub-command of the crypto map line above it and passed over, and the entry read as having no peer."""
    text = asa_config().replace("crypto map AZ-MAP 10 set peer", "<--- More --->" + erase + "crypto map AZ-MAP 10 set peer")
    facts, alone = asa_facts_from_text(text), asa_facts_from_text(asa_config())
    assert [t["peer_address"] for t in facts["tunnels"]] == ["203.0.113.20"]
    assert _codes(facts) == _codes(alone)


def test_a_sub_command_after_a_pager_prompt_alone_stays_in_its_block():
    text = asa_config().replace(" integrity sha256\n", "<--- More --->\n              integrity sha256\n")
    facts, alone = asa_facts_from_text(text), asa_facts_from_text(asa_config())

    def read(proposals):  # sources cite line numbers, one more after the pager line
        return [{k: v for k, v in p.items() if k != "source"} for p in proposals]
    assert read(facts["tunnels"][0]["ike_proposals"]) == read(alone["tunnels"][0]["ike_proposals"])
    assert _codes(facts) == _codes(alone)


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=range(2))  # as saved, and as a terminal log (CR LF) is read
def test_each_line_of_a_session_log_before_the_configuration_is_named(end):
    """Lines before the first indented one that no command starts were taken as sub-commands of the first such line:
    'changeto context' and the prompt after it were passed over without a word."""
    head = ["Type help or '?' for a list of available commands.", "edge-fw> enable", "Password: ********",
            "edge-fw/admin# changeto context VPNCTX", "edge-fw/VPNCTX# show running-config"]
    facts = asa_facts_from_text(end.join(head + asa_config().splitlines()) + end)
    named = sorted(n for f in facts["findings"] for n in _lines(f) if n <= len(head))
    assert named == [1, 2, 3, 4, 5]
    assert len(facts["tunnels"]) == 1


# The system execution space of a multiple-context ASA, as a backup tool may keep it: its header lines in place of
# 'ASA Version ... <system>'
SYSTEM_SPACE = ("! Oxidized header: edge-fw\n!\nhostname edge-fw\nmac-address auto\n!\nadmin-context admin\n"
                "context admin\n  allocate-interface GigabitEthernet0/0\n  config-url disk0:/admin.cfg\n!\n"
                "context VPNCTX\n  allocate-interface GigabitEthernet0/1 outside\n  config-url disk0:/vpnctx.cfg\n!\n")


@pytest.mark.parametrize("version", ["", "ASA Version 9.16(4) <system>\n"], ids=range(2))
def test_the_system_configuration_is_named_with_or_without_its_version_line(version):
    """Without its version line it was read as an ASA without tunnels, and nothing said."""
    facts = asa_facts_from_text(version + SYSTEM_SPACE)
    [named] = [f for f in facts["findings"] if "multiple-context" in f["summary"]]
    assert named["severity"] == "warning" and _lines(named) == [1 if version else 6]
    assert facts["tunnels"] == [] and facts["system_context"] is True
