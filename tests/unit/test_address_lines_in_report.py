# -*- coding: utf-8 -*-
"""The address and TCP MSS findings name the lines they are about (review s40): PEER_ADDRESS_MISMATCH,
LNG_CONTAINS_PEER_ADDRESS and TCP_MSS_TOO_HIGH showed the values they compared and no line or property they came from.
Each now names the ASA line numbers (its lines table and "from line N" in the parameter table) and the Azure resource
and property, in report.md and report.json."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_estate_pairing import SUB_B, check, site_asa, site_export

ADDRESS = "ip address 198.51.100.10 255.255.255.248"


def _number(text, wanted):
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == wanted)


def _run(text, azure):
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(azure_resources(**azure)))
    [tunnel] = report["tunnels"]
    return report, tunnel


def _finding(tunnel, code):
    [finding] = [f for f in tunnel["findings"] if f["code"] == code]
    return finding


def test_an_asa_peer_that_is_not_the_gateway_names_its_set_peer_line_and_the_public_ip():
    peer = "crypto map AZ-MAP 10 set peer 203.0.113.99"
    text = asa_config(peer="203.0.113.99")
    report, tunnel = _run(text, {})
    finding = _finding(tunnel, "PEER_ADDRESS_MISMATCH")
    assert finding["evidence"]["asa"]["lines"] == [{"line": _number(text, peer), "text": peer}]
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "VNG-pip: ipAddress = 203.0.113.20"}]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (_number(text, peer), peer) in md
    assert "| peer address | 203.0.113.99 <br>from line %d |  |" % _number(text, peer) in md
    assert "| local address |  | 203.0.113.20 <br>from `VNG-pip: ipAddress` |" in md


@pytest.mark.parametrize("build,azure", [(asa_config, {}), (vti_config, ROUTE_BASED)], ids=["crypto_map", "vti"])
def test_a_local_network_gateway_at_another_address_names_its_property_and_the_asa_interface(build, azure):
    text = build()
    report, tunnel = _run(text, dict(azure, lng_ip="198.51.100.11"))
    finding = _finding(tunnel, "PEER_ADDRESS_MISMATCH")
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "LNG: gatewayIpAddress = 198.51.100.11"}]
    assert {"line": _number(text, ADDRESS), "text": ADDRESS} in finding["evidence"]["asa"]["lines"]
    md = markdown_text(report)
    assert "| peer address |  | 198.51.100.11 <br>from `LNG: gatewayIpAddress` |" in md
    assert "| local address | 198.51.100.10 <br>from line %d |  |" % _number(text, ADDRESS) in md
    assert "- line %d: `%s`" % (_number(text, ADDRESS), ADDRESS) in md


def test_a_vti_destination_that_is_not_the_gateway_names_its_line():
    destination = "tunnel destination 203.0.113.99"
    text = vti_config().replace("tunnel destination 203.0.113.20", destination)
    report, tunnel = _run(text, ROUTE_BASED)
    finding = _finding(tunnel, "PEER_ADDRESS_MISMATCH")
    assert {"line": _number(text, destination), "text": destination} in finding["evidence"]["asa"]["lines"]
    assert "- line %d: `%s`" % (_number(text, destination), destination) in markdown_text(report)


def test_networks_behind_the_asa_holding_its_address_name_the_lng_property_stating_them():
    report, tunnel = _run(asa_config(), dict(lng_prefixes=("10.0.0.0/8", "198.51.100.0/24")))
    finding = _finding(tunnel, "LNG_CONTAINS_PEER_ADDRESS")
    assert {"line": 0, "text": "LNG: localNetworkAddressSpace.addressPrefixes[1] = 198.51.100.0/24"} in \
        finding["evidence"]["azure"]["lines"]
    assert {"line": 0, "text": "LNG: gatewayIpAddress = 198.51.100.10"} in finding["evidence"]["azure"]["lines"]
    md = markdown_text(report)
    assert "| remote networks |  | 10.0.0.0/8<br>198.51.100.0/24 <br>from `LNG: localNetworkAddressSpace.addressPrefixes[1]` |" in md
    assert "| peer address |  | 198.51.100.10 <br>from `LNG: gatewayIpAddress` |" in md


@pytest.mark.parametrize("tcpmss", ["sysopt connection tcpmss 1400", "sysopt connection tcpmss 0"], ids=range(2))
def test_a_tcp_mss_above_azures_names_the_sysopt_line(tcpmss):
    text = asa_config(tcpmss=tcpmss)
    report, tunnel = _run(text, {})
    finding = _finding(tunnel, "TCP_MSS_TOO_HIGH")
    assert finding["evidence"]["asa"]["lines"] == [{"line": _number(text, tcpmss), "text": tcpmss}]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (_number(text, tcpmss), tcpmss) in md
    assert "<br>from line %d |" % _number(text, tcpmss) in md


def test_a_tcp_mss_left_at_the_asa_default_says_so_and_where_the_default_comes_from():
    report, tunnel = _run(asa_config(tcpmss=""), {})
    finding = _finding(tunnel, "TCP_MSS_TOO_HIGH")
    [said] = finding["evidence"]["asa"]["lines"]
    assert said["line"] == 0 and "no 'sysopt connection tcpmss'" in said["text"] and "1380" in said["text"]
    assert "ASA command reference" in said["text"]
    assert "| tcp mss | 1380 <br>from `(no 'sysopt connection tcpmss'" in markdown_text(report)


def test_two_connections_claiming_one_asa_tunnel_name_each_ones_address_properties(tmp_path):
    stale = site_export("A", "198.51.100.10", sub=SUB_B)
    report, _c, _e = check(tmp_path, {"a.cfg": site_asa("site-a", "198.51.100.10")},
                           {"live.json": site_export("A", "198.51.100.10"), "stale.json": stale})
    for entry in [t for t in report["tunnels"] if t["name"] == "A-S2S"]:
        [finding] = [f for f in entry["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
        cited = [c["text"] for c in finding["evidence"]["azure"]["lines"]]
        assert any(c.endswith(": gatewayIpAddress = 198.51.100.10") for c in cited), cited
        assert any(c.endswith(": ipAddress = %s" % finding["evidence"]["azure"]["gateway_address"]) for c in cited)


@pytest.mark.parametrize("text,said,azure", [
    (asa_config(extra="crypto map AZ-MAP 10 set connection-type answer-only"),
     "crypto map AZ-MAP 10 set connection-type answer-only", {}),
    (vti_config(responder_only=" responder-only"), "responder-only", ROUTE_BASED),
], ids=["crypto_map", "vti"])
def test_no_initiator_names_the_lines_that_make_each_end_responder_only(text, said, azure):
    report, tunnel = _run(text, dict(azure, mode="ResponderOnly"))
    finding = _finding(tunnel, "NO_INITIATOR")
    assert finding["evidence"]["asa"]["lines"] == [{"line": _number(text, said), "text": said}]
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "S2S: connectionMode = ResponderOnly"}]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (_number(text, said), said) in md
    assert "| mode | responder-only <br>from line %d | responder-only <br>from `S2S: connectionMode` |" % (
        _number(text, said)) in md


def test_an_active_active_instance_without_a_tunnel_names_its_public_ip_and_the_tunnels_destination():
    destination = "tunnel destination 203.0.113.20"
    text = vti_config()
    report, tunnel = _run(text, dict(ROUTE_BASED, active_active=True))
    finding = _finding(tunnel, "ACTIVE_ACTIVE_TUNNEL_MISSING")
    assert finding["evidence"]["asa"]["lines"] == [{"line": _number(text, destination), "text": destination}]
    assert {"line": 0, "text": "VNG-pip2: ipAddress = 203.0.113.21"} in finding["evidence"]["azure"]["lines"]
    md = markdown_text(report)
    assert "| missing instance address |  | 203.0.113.21 <br>from `VNG-pip2: ipAddress` |" in md
    assert "| peer | 203.0.113.20 <br>from line %d |" % _number(text, destination) in md


def test_a_crypto_acl_holding_the_gateway_address_names_its_line_and_the_set_peer_line():
    ace = "access-list AZ-ACL extended permit ip object HQ-LAN 203.0.113.0 255.255.255.0"
    peer = "crypto map AZ-MAP 10 set peer 203.0.113.20"
    text = asa_config(acl_extra=ace)
    report, tunnel = _run(text, dict(vnet_prefixes=("172.16.0.0/16", "203.0.113.0/24")))
    finding = _finding(tunnel, "LNG_CONTAINS_PEER_ADDRESS")
    assert finding["evidence"]["asa"]["lines"] == [{"line": _number(text, ace), "text": ace},
                                                   {"line": _number(text, peer), "text": peer}]
    md = markdown_text(report)
    assert "- line %d: `%s`" % (_number(text, ace), ace) in md
    assert "| peer address | 203.0.113.20 <br>from line %d |" % _number(text, peer) in md


def test_ikev2_not_enabled_names_the_lines_that_use_ikev2_on_the_interface():
    # it named the interface and the tunnels, and no line: the reader had to find the proposal line by hand
    text = asa_config(ikev2_enable="")
    report, tunnel = _run(text, {})
    finding = _finding(tunnel, "IKEV2_NOT_ENABLED")
    cited = finding["evidence"]["asa"]["lines"]
    assert cited and all(text.splitlines()[c["line"] - 1].strip() == c["text"] for c in cited)
    assert any(" set ikev2 ipsec-proposal " in c["text"] for c in cited)
    markdown = markdown_text(report)
    assert "- line %d: `%s`" % (cited[0]["line"], cited[0]["text"]) in markdown


def test_weak_crypto_this_pair_negotiates_names_where_each_end_configures_it():
    # it named the weak values and no line or property: the reader looked for the 3DES proposal by hand
    text = asa_config(ike_enc="3des", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="3des", esp_integ="sha-1")
    report, tunnel = _run(text, dict(policy_changes=dict(ikeEncryption="DES3", ikeIntegrity="SHA1", dhGroup="DHGroup2",
                                                         ipsecEncryption="DES3", ipsecIntegrity="SHA1")))
    finding = _finding(tunnel, "WEAK_CRYPTO")
    asa, azure = finding["evidence"]["asa"]["lines"], finding["evidence"]["azure"]["lines"]
    assert any("3des" in c["text"] for c in asa)
    assert all(text.splitlines()[c["line"] - 1].strip() == c["text"] for c in asa)
    assert any("ikeEncryption = DES3" in c["text"] for c in azure)
    markdown = markdown_text(report)
    assert all("- line %d: `%s`" % (c["line"], c["text"]) in markdown for c in asa)
