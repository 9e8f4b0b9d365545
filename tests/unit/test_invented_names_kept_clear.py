# -*- coding: utf-8 -*-
"""A fix never reuses a name it invents (VPNALIGN-...) that the device already holds with other content (review
2026-12-06, do no harm): ``crypto ipsec ikev2 ipsec-proposal NAME`` enters the existing proposal and rewrites it, and
``object-group network NAME`` adds to the existing group, so the pasted fix changed every entry using them, which the
proof never modelled. It takes ``NAME-2`` (the first free one) instead, and the name itself where the device holds it
with the same content."""

import pytest

import policy_based_shapes as shapes
from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for
from vendor_apply import apply_asa

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import ipsec_proposal_name
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

# another entry's proposal, named as our fix would name a GCM one, holding AES-256/SHA-256
TAKEN = ("crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-GCM-256\n protocol esp encryption aes-256\n"
         " protocol esp integrity sha-256\ncrypto map AZ-MAP 20 match address OTHER-ACL\n"
         "crypto map AZ-MAP 20 set peer 192.0.2.200\ncrypto map AZ-MAP 20 set ikev2 ipsec-proposal VPNALIGN-AES-GCM-256\n"
         "access-list OTHER-ACL extended permit ip 10.1.0.0 255.255.0.0 192.168.200.0 255.255.255.0")
SAME = ("crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-GCM-256\n protocol esp encryption aes-gcm-256\n"
        " protocol esp integrity null")


def esp_fix(extra):
    text = asa_config(esp_enc="aes-256", esp_integ="sha-256", extra=extra)
    report = report_for(text, azure_resources())
    [finding] = [f for t in report["tunnels"] if t["azure"] for f in t["findings"]
                 if f["code"] == "CHILD_NO_COMMON_PROPOSAL"]
    assert finding["proof"]["asa"]["proven"] is True
    return text, finding["remediation"]["asa"]


def test_a_proposal_name_another_entry_uses_with_other_content_is_not_rewritten():
    text, lines = esp_fix(TAKEN)
    assert lines[0] == "crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-GCM-256-2"
    assert "crypto map AZ-MAP 10 set ikev2 ipsec-proposal VPNALIGN-AES-GCM-256-2" in lines
    proposals = parse_asa_config(apply_asa(text, lines)[0])[0].ipsec_proposals
    assert (proposals["VPNALIGN-AES-GCM-256"].encryption, proposals["VPNALIGN-AES-GCM-256"].integrity) == (
        ["aes-256"], ["sha-256"])  # as AZ-MAP 20 has it
    assert proposals["VPNALIGN-AES-GCM-256-2"].encryption == ["aes-gcm-256"]


def test_a_proposal_the_device_holds_with_the_same_content_is_the_one_named():
    assert esp_fix(SAME)[1][0] == "crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-GCM-256"


@pytest.mark.parametrize("extra, expected", [
    ("", "VPNALIGN-AES-GCM-256"),
    (TAKEN, "VPNALIGN-AES-GCM-256-2"),
    (TAKEN + "\n" + TAKEN.replace("GCM-256", "GCM-256-2").replace("AZ-MAP 20", "AZ-MAP 30"), "VPNALIGN-AES-GCM-256-3"),
])
def test_align_pushes_the_proposal_the_report_names(extra, expected):
    report = report_for(asa_config(esp_enc="aes-256", esp_integ="sha-256", extra=extra), azure_resources())
    [end] = [t for t in report["tunnels"] if t["azure"]]
    facts = asa_facts_from_text(asa_config(esp_enc="aes-256", esp_integ="sha-256", extra=extra))
    [ref] = [t["ref"] for t in facts["tunnels"] if t["ref"].get("seq") in (10, "10")]
    assert ipsec_proposal_name({"encryption": ["AES-GCM-256"], "integrity": []}, ref.get("invented_names")) == expected
    assert end["verdict"] == "fail"


def test_a_nat_exemption_group_name_the_device_holds_otherwise_is_not_added_to():
    # the VNet gains 172.17.0.0/16 (test_acl_fix_brings_its_nat_exemption's shape); an older VPNALIGN-...-REMOTE
    # group holds a network of another site: adding to it would exempt that site's traffic too
    text = shapes.asa() + "object-group network VPNALIGN-CM-10-REMOTE\n network-object 192.168.99.0 255.255.255.0\n"
    report = run_check(asa_facts_from_text(text, host="fw"),
                       azure_facts_from_data(shapes.arm(vnet=("172.16.0.0/16", "172.17.0.0/16"))))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    lines = [line for line in finding["remediation"]["asa"] if "-REMOTE" in line]
    assert lines and all("VPNALIGN-CM-10-REMOTE-2" in line for line in lines), lines


def test_a_crypto_acl_name_the_device_holds_is_not_added_to():
    """An entry without ``match address`` gets an ACL of its own; VPNALIGN-<map>-<seq> held by the device (a leftover,
    another entry's) would gain the pairs, and keep its own lines in the new entry's selectors."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import asa_remediation
    from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
    text = asa_config(extra="access-list VPNALIGN-AZ-MAP-10 extended permit ip any any")
    [end], _findings = asa_tunnel_ends(parse_running_config(text)[0], host="gateway")
    end.ref["acl"] = None  # as for an entry without match address
    lines = asa_remediation(end, [intent("traffic_selectors", pairs=[["10.0.0.0/8", "172.16.0.0/16"]])])
    assert "crypto map AZ-MAP 10 match address VPNALIGN-AZ-MAP-10-2" in lines
    assert not [line for line in lines if line.startswith("access-list VPNALIGN-AZ-MAP-10 ")]


def test_an_object_network_of_a_groups_name_is_taken():
    """Objects and object-groups share one namespace on the ASA (review 2026-12-06: the fix named its group after an
    object network, which the ASA refuses)."""
    text = shapes.asa() + "object network VPNALIGN-CM-10-LOCAL\n host 192.168.77.5\n"
    report = run_check(asa_facts_from_text(text, host="fw"),
                       azure_facts_from_data(shapes.arm(vnet=("172.16.0.0/16", "172.17.0.0/16"))))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    assert "object-group network VPNALIGN-CM-10-LOCAL-2" in finding["remediation"]["asa"]
