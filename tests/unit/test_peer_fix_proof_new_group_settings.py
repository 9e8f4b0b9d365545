# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A PEER_ADDRESS_MISMATCH fix that moves a crypto map entry onto an address the ASA holds a tunnel-group for writes
only 'set peer': the tunnel then runs with that group's settings. The proof used the new group's authentication but
still the old group's DPD (isakmp keepalive) and its group-policy's vpn-tunnel-protocol, so a move onto a group whose
group-policy allows only IKEv1 (for an IKEv2 tunnel), or whose keepalive is disabled (towards a PolicyBased gateway,
which runs no DPD), was shown as a proven 'set peer'. The proof now uses the new group's settings: the fix brings the
vpn-tunnel-protocol line of that group's group-policy, or is not shown, with the reason."""

import json

from policy_based_ikev1_fixture import asa as ikev1_asa, check as ikev1_check
from scenario_builders import ASA_DEFAULTS, TUNNEL_GROUP, asa_config, azure_resources
from test_scenarios import report_for
from vendor_apply import apply_asa

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

AZURE = "203.0.113.20"
OLD = "203.0.113.99"
IKEV1_ONLY_POLICY = "group-policy GP-V1 internal\ngroup-policy GP-V1 attributes\n vpn-tunnel-protocol ikev1\n"


def _ikev1_only_group_text():
    # the entry points at OLD (its group on AZ-GP, IKEv2); the ASA's group for the Azure gateway is on GP-V1 (IKEv1)
    values = dict(ASA_DEFAULTS, peer=AZURE)
    group = TUNNEL_GROUP.format_map(values).replace("default-group-policy AZ-GP", "default-group-policy GP-V1")
    return asa_config(peer=OLD, extra=IKEV1_ONLY_POLICY + group)


def _peer_fix(report):
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    return finding


def _allows_ikev2_on_the_new_groups_policy(finding):
    lines = finding["remediation"]["asa"]
    assert lines[0] == "crypto map AZ-MAP 10 set peer %s" % AZURE
    # 'set peer' alone leaves the tunnel on GP-V1's IKEv1: the proven fix lets that group-policy take IKEv2 too
    assert lines[1:] == ["group-policy GP-V1 attributes", " vpn-tunnel-protocol ikev1 ikev2"], lines
    assert finding["proof"]["asa"]["proven"] is True
    return lines


def test_a_move_onto_an_ikev1_only_group_brings_its_group_policy_line():
    text = _ikev1_only_group_text()
    lines = _allows_ikev2_on_the_new_groups_policy(_peer_fix(report_for(text, azure_resources())))
    # the fix as printed, typed into the ASA, leaves the tunnel with no error
    fixed = apply_asa(text, lines)[0]
    [tunnel] = report_for(fixed, azure_resources())["tunnels"]
    assert [(f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] == "error"] == []


def test_the_same_over_facts_passed_as_json():
    asa = json.loads(json.dumps(asa_facts_from_text(_ikev1_only_group_text())))
    azure = json.loads(json.dumps(azure_facts_from_data(azure_resources())))
    _allows_ikev2_on_the_new_groups_policy(_peer_fix(run_check(asa, azure)))


def test_a_move_onto_a_group_without_dpd_towards_a_gateway_without_dpd_is_not_proven():
    # the PolicyBased gateway runs no DPD; the entry's own group has the default keepalive, the Azure address's group
    # 'isakmp keepalive disable': after 'set peer' neither end runs DPD
    extra = ("tunnel-group %s type ipsec-l2l\ntunnel-group %s general-attributes\n default-group-policy azure-gp\n"
             "tunnel-group %s ipsec-attributes\n ikev1 pre-shared-key *****\n" % (OLD, OLD, OLD))
    text = ikev1_asa(("crypto map azure-crypto-map 1 set peer 203.0.113.60", "crypto map azure-crypto-map 1 set peer %s" % OLD),
                     ("tunnel-group 203.0.113.60 type ipsec-l2l", extra + "tunnel-group 203.0.113.60 type ipsec-l2l"),
                     (" ikev1 pre-shared-key *****\n!", " ikev1 pre-shared-key *****\n isakmp keepalive disable\n!"))
    tunnel = ikev1_check(text)
    [finding] = [f for f in tunnel["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    assert "asa" not in finding.get("remediation", {})
    assert finding["proof"]["asa"]["proven"] is False
    assert "brings warning DPD_MISMATCH (Neither ASA nor Azure runs dead-peer detection" in finding["proof"]["asa"]["reason"]
