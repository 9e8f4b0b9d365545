# -*- coding: utf-8 -*-
"""A VTI with BGP to an Azure gateway, and a crypto map entry to the same peer left over from the policy-based tunnel
the site ran before, still applied to the VTI's source interface (review s39 D1). The entry took the route-based
connection, the working VTI was set aside as unpaired, and "proven" Azure fixes turned BGP off and policy-based
selectors on. Cisco allows a crypto map beside a VTI only when the map's peer and the VTI's tunnel destination differ
(docs/sources.md ASA_VPN_GUIDE_VTI_GUIDELINES): the conflict is an ASA finding naming both lines, and the connection
is the VTI's, whose settings it has."""

import json

from scenario_builders import ROUTE_BASED_BGP, azure_resources, router_bgp, vti_config
from test_scenarios import report_for

LEFTOVER = """\
access-list OLD-AZURE extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0
crypto ipsec ikev2 ipsec-proposal OLD-PROP
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto map OUT-MAP 20 match address OLD-AZURE
crypto map OUT-MAP 20 set peer 203.0.113.20
crypto map OUT-MAP 20 set ikev2 ipsec-proposal OLD-PROP"""


def _report(bound_to=None, **azure):
    extra = LEFTOVER + ("\ncrypto map OUT-MAP interface %s" % bound_to if bound_to else "")
    config = vti_config(routes="", bgp=router_bgp(), extra=extra)
    return config, report_for(config, azure_resources(**dict(ROUTE_BASED_BGP, **azure)))


def test_the_route_based_bgp_connection_pairs_with_the_vti_not_the_leftover_entry():
    _config, report = _report("INTERNET")
    [tunnel] = report["tunnels"]
    assert tunnel["asa"].get("interface") == "Tunnel1", tunnel["asa"]
    [unpaired] = [u for u in report["unpaired"] if "asa" in u]
    assert unpaired["asa"]["crypto_map"] == "OUT-MAP"


def test_no_fix_turns_the_azure_connection_into_what_the_leftover_needs():
    _config, report = _report("INTERNET")
    [tunnel] = report["tunnels"]
    text = json.dumps([f.get("remediation") for f in tunnel["findings"]] + [tunnel.get("remediation")])
    assert "usePolicyBasedTrafficSelectors" not in text and "enableBgp" not in text, text
    assert "crypto map OUT-MAP 20 set pfs" not in text


def test_the_conflict_is_an_error_naming_the_set_peer_and_tunnel_destination_lines():
    config, report = _report("INTERNET")
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "VTI_CRYPTO_MAP_SAME_PEER"]
    assert finding["severity"] == "error" and tunnel["verdict"] == "fail"
    lines = config.splitlines()
    named = {e["text"].strip() for e in finding["evidence"]["asa"]["lines"]}
    assert named == {"crypto map OUT-MAP 20 set peer 203.0.113.20", "tunnel destination 203.0.113.20"}
    for number in (e["line"] for e in finding["evidence"]["asa"]["lines"]):
        assert "(line %d)" % number in finding["summary"] and lines[number - 1].strip() in named


def test_an_unapplied_leftover_entry_is_no_conflict():
    _config, report = _report()
    [tunnel] = report["tunnels"]
    assert tunnel["asa"].get("interface") == "Tunnel1"
    assert not [f for f in tunnel["findings"] if f["code"] == "VTI_CRYPTO_MAP_SAME_PEER"]


def test_a_bgp_connection_with_policy_based_selectors_still_pairs_with_the_vti():
    # BGP is a route-based design: the selectors setting is the VTI tunnel's own finding (turn them off), not a reason
    # to hand the connection to the leftover entry and turn BGP off
    _config, report = _report("INTERNET", use_policy_ts=True)
    [tunnel] = report["tunnels"]
    assert tunnel["asa"].get("interface") == "Tunnel1", tunnel["asa"]
    text = json.dumps([f.get("remediation") for f in tunnel["findings"]])
    assert "enableBgp" not in text and "usePolicyBasedTrafficSelectors\": true" not in text, text
