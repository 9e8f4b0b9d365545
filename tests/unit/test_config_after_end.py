# -*- coding: utf-8 -*-
"""What follows a configuration's ``: end`` is not configuration (review 2026-12-06, real ASA files): engineers save
one session log holding show running-config and then show crypto ipsec sa or show access-list, whose ``access-list``
lines were read as crypto ACL entries, so a failing tunnel passed. Those lines are now named (information) and not
read; a text holding two configurations (a before/after change log, a ``changeto context`` transcript) is refused."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs")


def seed(name):
    with open(os.path.join(SEED, name)) as handle:
        return handle.read()


def check(asa_text):
    [tunnel] = run_check(asa_facts_from_text(asa_text), azure_facts_from_data(json.loads(seed("azure_resources.json"))))[
        "tunnels"]
    return tunnel


# the seed's ACL narrowed to 10.0.0.0/16: Azure's 10.0.0.0/8 selectors are refused (a failing tunnel)
NARROWED = seed("asa_running_config.txt").replace(
    "access-list uksouth-s2s-acl extended permit ip object-group HQ-network",
    "access-list uksouth-s2s-acl extended permit ip 10.0.0.0 255.255.0.0", 1)
SHOW_ACCESS_LIST = ("gateway# show access-list uksouth-s2s-acl\n"
                    "access-list uksouth-s2s-acl; 1 elements; name hash: 0x1c2d3e4f\n"
                    "access-list uksouth-s2s-acl line 1 extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0 "
                    "(hitcnt=12) 0xb6d1c5ec\n")


def codes(tunnel):
    return sorted((f["code"], f["severity"]) for f in tunnel["findings"])


@pytest.mark.parametrize("appended", [SHOW_ACCESS_LIST, seed("show_crypto_ipsec_sa.txt")])
def test_show_output_after_end_is_named_and_not_read(appended):
    alone = check(NARROWED)
    assert NARROWED.rstrip().endswith(": end")
    tunnel = check(NARROWED + appended)
    assert tunnel["verdict"] == alone["verdict"] == "fail"
    [after] = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    first = len(NARROWED.splitlines()) + 1
    assert after["severity"] == "info"
    assert "lines %d to %d follow the end of the configuration" % (
        first, first + len(appended.strip().splitlines()) - 1) in after["summary"]
    assert codes(tunnel) == sorted(codes(alone) + [("UNSUPPORTED_CONSTRUCT", "info")])


def test_a_saved_configuration_alone_has_no_such_finding():
    assert "UNSUPPORTED_CONSTRUCT" not in [f["code"] for f in check(seed("asa_running_config.txt"))["findings"]]


def test_two_configurations_in_one_text_are_refused_naming_both():
    first = seed("asa_running_config.txt")
    second = first.replace(" set pfs group19", "")
    log = first + "gateway# configure terminal\ngateway(config)# end\ngateway# show running-config\n" + second
    with pytest.raises(NotAsaConfig) as raised:
        asa_facts_from_text(log)
    version_lines = [n for n, line in enumerate(log.splitlines(), 1) if line.startswith("ASA Version")]
    assert len(version_lines) == 2
    assert "2 configurations ('ASA Version' on lines %d, %d)" % tuple(version_lines) in str(raised.value)


@pytest.mark.parametrize("after", ["\n\n", "!\n! RANCID end\n", "Cryptochecksum:1a2b3c4d 5e6f7a8b\n", "[OK]\n",
                                   "gateway# \n", "gateway# exit\n", "gateway(config)#\n"])
def test_what_devices_and_tools_write_after_end_is_not_named(after):
    assert "UNSUPPORTED_CONSTRUCT" not in [f["code"] for f in check(seed("asa_running_config.txt") + after)["findings"]]


@pytest.mark.parametrize("after", ["[OK]\n", "gateway# \n", "gateway/VPN# exit\n", "gateway(config)#\n",
                                   "\nCryptochecksum:9f8e7d6c 5b4a3928\n\ngateway# \n"], ids=range(5))
def test_what_a_terminal_writes_after_end_is_no_warning_either(after):
    """The lines after ': end' taken as a device's or tool's own were still read as configuration: a prompt or '[OK]'
    was a warning about a line cut in two, on every session log copied with its last prompt."""
    alone = check(seed("asa_running_config.txt"))
    assert codes(check(seed("asa_running_config.txt") + after)) == codes(alone)


@pytest.mark.parametrize("secret_line", ["snmp-server host inside 10.1.1.1 community Zx9-community-value",
                                         "username admin password Zx9-password-value privilege 15",
                                         "snmp-server community Zx9-community-value"],
                         ids=["snmp-host", "username", "snmp-community"])  # no secret-looking value in a test's name
def test_text_after_end_is_quoted_without_what_may_be_a_secret(secret_line):
    """Review 2026-12-06: the first line after ': end' was quoted whole, pre-shared keys alone masked."""
    report = json.dumps(check(NARROWED + secret_line + "\n"))
    assert "Zx9-" not in report and "text after ': end'" in report
