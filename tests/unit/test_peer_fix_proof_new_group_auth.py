# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A PEER_ADDRESS_MISMATCH fix that moves a crypto map entry to the Azure gateway's address, where the ASA holds a
tunnel-group for that address already, writes only 'set peer': the ASA then authenticates the peer by that
tunnel-group. The proof tried the fix on the model with the old tunnel-group's authentication, so a new group that
authenticates by certificate (Azure uses a pre-shared key) or holds only an IKEv1 key for an IKEv2 tunnel was
"proven" and the tunnel never authenticated. The proof now uses the new tunnel-group's authentication, and a group
without authentication for the tunnel's IKE version gets it written as for a peer with none."""

import json

from scenario_builders import ASA_DEFAULTS, TUNNEL_GROUP, asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

AZURE = "203.0.113.20"
OLD = "203.0.113.99"
CERTIFICATE = "ikev2 remote-authentication certificate\n ikev2 local-authentication certificate AZ-TP"


def _text(auth):
    # the entry points at OLD (with its own pre-shared keys); the ASA also holds the Azure gateway's tunnel-group
    values = dict(ASA_DEFAULTS)
    values.update(peer=AZURE, auth=auth)
    return asa_config(peer=OLD, extra=TUNNEL_GROUP.format(**values))


def _fix(report):
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    return finding


def _certificate_group_fix(finding):
    # the new group authenticates by certificate, Azure by a pre-shared key: 'set peer' alone does not authenticate; the
    # proven fix also sets the key in the new group, never in the old peer's
    lines = finding["remediation"]["asa"]
    assert lines[0] == "crypto map AZ-MAP 10 set peer %s" % AZURE and len(lines) > 1
    assert "! tunnel-group %s ipsec-attributes" % AZURE in lines
    assert any("ikev2 remote-authentication pre-shared-key" in line for line in lines)
    assert not any(OLD in line for line in lines)
    assert finding["proof"]["asa"]["proven"] is True


def test_a_new_group_on_certificates_is_not_proven_with_the_old_keys():
    _certificate_group_fix(_fix(report_for(_text(CERTIFICATE), azure_resources())))


def test_the_same_over_facts_passed_as_json():
    asa = json.loads(json.dumps(asa_facts_from_text(_text(CERTIFICATE))))
    azure = json.loads(json.dumps(azure_facts_from_data(azure_resources())))
    _certificate_group_fix(_fix(run_check(asa, azure)))


def test_a_new_group_with_an_ikev1_key_only_gets_ikev2_authentication():
    # an IKEv2 tunnel: the group's IKEv1 key does not authenticate it, so the fix says to set the IKEv2 keys there
    finding = _fix(report_for(_text("ikev1 pre-shared-key *****"), azure_resources()))
    lines = finding["remediation"]["asa"]
    assert lines[0] == "crypto map AZ-MAP 10 set peer %s" % AZURE
    assert "tunnel-group %s ipsec-attributes" % AZURE in lines
    assert any("authentication" in line for line in lines if line.startswith("!"))
    assert finding["proof"]["asa"]["proven"] is True


def test_a_new_group_with_its_keys_is_still_only_set_peer():
    finding = _fix(report_for(_text(ASA_DEFAULTS["auth"]), azure_resources()))
    assert finding["remediation"]["asa"] == ["crypto map AZ-MAP 10 set peer %s" % AZURE]
    assert finding["proof"]["asa"]["proven"] is True
