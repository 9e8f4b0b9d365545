# -*- coding: utf-8 -*-
"""An ASA whose only tunnel for an Azure connection is a dynamic crypto map (crypto dynamic-map ...; crypto map M 65535
ipsec-isakmp dynamic D) with a tunnel-group the gateway lands in. The dynamic map answers whoever starts IKE and never
initiates (Cisco ASA VPN CLI guide, "Using Dynamic Crypto Maps"). It was PEER_NOT_FOUND, an error saying the tunnel
"cannot come up", though Azure in its Default mode starts it; and with Azure ResponderOnly NO_INITIATOR was never said
(review 2026-12-07)."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def dynamic_asa(group="DefaultL2LGroup", peer_group_type=True):
    """The scenario ASA with its static entry to Azure moved into dynamic map DYN, its PSK in ``group``."""
    text = asa_config(tunnel_group=False)
    text = text.replace("crypto map AZ-MAP 10 match address AZ-ACL\n", "crypto dynamic-map DYN 20 match address AZ-ACL\n")
    text = text.replace("crypto map AZ-MAP 10 set peer 203.0.113.20\n", "")
    text = text.replace("crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP\n",
                        "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP\n"
                        "crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN\n")
    kind = "tunnel-group %s type ipsec-l2l\n" % group if group != "DefaultL2LGroup" and peer_group_type else ""
    return text.replace(": end\n", kind + (
        "tunnel-group {g} general-attributes\n default-group-policy AZ-GP\ntunnel-group {g} ipsec-attributes\n"
        " ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key *****\n: end\n"
    ).format(g=group))


def _entry(report):
    [tunnel] = report["tunnels"]
    return tunnel, {f["code"]: f for f in tunnel["findings"]}


@pytest.mark.parametrize("group", ["DefaultL2LGroup", "203.0.113.20"])
@pytest.mark.parametrize("mode", ["Default", "InitiatorOnly"])
def test_azure_starting_the_tunnel_is_served_a_warning_that_it_never_initiates(group, mode):
    tunnel, found = _entry(report_for(dynamic_asa(group), azure_resources(mode=mode)))
    assert "NO_INITIATOR" not in found
    peer = found["PEER_NOT_FOUND"]
    assert peer["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "crypto map AZ-MAP 65535 (dynamic map DYN)" in peer["summary"] and "never initiates" in peer["summary"]
    assert "tunnel-group %s" % group in peer["summary"] and "crypto dynamic-map DYN 20" in peer["summary"]
    assert "cannot come up" not in peer["summary"]


def test_azure_responder_only_is_no_initiator_with_azures_proven_fix():
    tunnel, found = _entry(report_for(dynamic_asa(), azure_resources(mode="ResponderOnly")))
    assert "PEER_NOT_FOUND" not in found and tunnel["verdict"] == "fail"
    finding = found["NO_INITIATOR"]
    assert finding["severity"] == "error" and "never initiates" in finding["summary"]
    assert [line["text"] for line in finding["evidence"]["asa"]["lines"]] == ["crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN"]
    assert finding["proof"]["azure"]["proven"] is True
    assert finding["remediation"]["azure"]["connection"]["properties"] == {"connectionMode": "Default"}
    # the ASA's side is a person's (a static entry), never a line for the dynamic entry as if it were a static one
    assert all(line.startswith("!") for line in finding["remediation"]["asa"])


@pytest.mark.parametrize("mode", ["Default", "ResponderOnly"])
def test_a_dynamic_map_whose_groups_serve_other_peers_leaves_the_connection_unserved(mode):
    _tunnel, found = _entry(report_for(dynamic_asa("192.0.2.77"), azure_resources(mode=mode)))
    assert found["PEER_NOT_FOUND"]["severity"] == "error" and "NO_INITIATOR" not in found


def test_a_dynamic_map_on_an_interface_at_another_address_does_not_serve_it():
    text = dynamic_asa().replace("crypto map AZ-MAP interface INTERNET", "crypto map AZ-MAP interface LAN")
    _tunnel, found = _entry(report_for(text, azure_resources()))
    assert found["PEER_NOT_FOUND"]["severity"] == "error"
