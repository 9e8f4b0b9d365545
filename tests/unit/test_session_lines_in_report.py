# -*- coding: utf-8 -*-
"""IKE_VERSION_MISMATCH, BGP_NOT_CONFIGURED and DPD_MISMATCH name the lines they are about (s41): they cited no ASA
line or Azure property for an end whose version, BGP or DPD a line or property states (an IKEv2-only ASA, Azure's
connectionProtocol, enableBgp, a PolicyBased vpnType, an ASA without router bgp or isakmp keepalive). Each now cites
what exists, or a note naming the line that is missing, in report.json and report.md."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_text

from scenario_builders import ROUTE_BASED, ROUTE_BASED_BGP, asa_config, router_bgp, vti_config
from test_address_lines_in_report import _finding, _number, _run


def _cited(text, *wanted):
    return [{"line": _number(text, w), "text": w} for w in wanted]


@pytest.mark.parametrize("build,azure,proposal", [
    (asa_config, dict(use_policy_ts=False), ("crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP",)),
    # a VTI: the profile's proposal line and the tunnel's line that uses the profile (s41: the latter was not cited)
    (vti_config, ROUTE_BASED, ("tunnel protection ipsec profile AZ-PROFILE", "set ikev2 ipsec-proposal AZ-PROP")),
], ids=["crypto_map", "vti"])
def test_an_ikev2_asa_against_an_ikev1_connection_names_what_allows_ikev2_and_the_connection_protocol(
        build, azure, proposal):
    text = build()
    report, tunnel = _run(text, dict(azure, protocol="IKEv1"))
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert finding["evidence"]["asa"]["lines"] == _cited(
        text, *proposal, "crypto ikev2 enable INTERNET", "vpn-tunnel-protocol ikev2")
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "S2S: connectionProtocol = IKEv1"}]
    md = markdown_text(report)
    assert "- line %d: `crypto ikev2 enable INTERNET`" % _number(text, "crypto ikev2 enable INTERNET") in md
    assert "| ike versions | 2 <br>from lines %s | 1 <br>from `S2S: connectionProtocol` |" % ", ".join(
        str(c["line"]) for c in finding["evidence"]["asa"]["lines"]) in md


def test_an_ikev2_entry_on_an_interface_without_ikev2_says_the_enable_line_is_missing():
    text = asa_config(ikev2_enable="")
    _report, tunnel = _run(text, dict(protocol="IKEv1", use_policy_ts=False))
    cited = _finding(tunnel, "IKE_VERSION_MISMATCH")["evidence"]["asa"]["lines"]
    assert cited[-1]["line"] == 0 and "no 'crypto ikev2 enable INTERNET'" in cited[-1]["text"]
    assert all(text.splitlines()[c["line"] - 1].strip() == c["text"] for c in cited[:-1])


def test_a_connection_without_connection_protocol_names_azures_default():
    text = asa_config(tunnel_protocol="ikev1")
    report, tunnel = _run(text, dict(protocol=None))
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert finding["evidence"]["azure"]["lines"] == [
        {"line": 0, "text": "S2S: connectionProtocol not set (Azure default IKEv2)"}]
    assert finding["evidence"]["asa"]["lines"] == _cited(text, "vpn-tunnel-protocol ikev1")
    assert "from `S2S: connectionProtocol not set (Azure default IKEv2)` |" in markdown_text(report)


def test_a_policy_based_gateway_names_its_vpn_type_as_what_makes_it_ikev1():
    _report, tunnel = _run(asa_config(), dict(vpn_type="PolicyBased", protocol="IKEv2"))
    finding = _finding(tunnel, "IKE_VERSION_MISMATCH")
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "VNG: vpnType = PolicyBased (IKEv1 only)"}]


def test_an_asa_without_router_bgp_says_so_where_azure_runs_bgp():
    report, tunnel = _run(vti_config(), ROUTE_BASED_BGP)
    finding = _finding(tunnel, "BGP_NOT_CONFIGURED")
    assert finding["evidence"]["asa"]["lines"] == [{"line": 0, "text": "(no 'router bgp': BGP is not configured)"}]
    assert "| bgp | none <br>from `(no 'router bgp': BGP is not configured)` |  |" in markdown_text(report)


def test_an_asa_whose_bgp_has_no_neighbor_through_the_tunnel_names_router_bgp_and_the_missing_neighbor():
    # a neighbor on the LAN, not meant for Azure: the tunnel has no BGP of its own
    text = vti_config(bgp=router_bgp(neighbor="10.1.5.5", remote_as=65001))
    _report, tunnel = _run(text, ROUTE_BASED_BGP)
    finding = _finding(tunnel, "BGP_NOT_CONFIGURED")
    cited = finding["evidence"]["asa"]["lines"]
    assert cited[0] == _cited(text, "router bgp 65010")[0]
    assert cited[1] == {"line": 0, "text": "(no 'neighbor <address> remote-as <asn>' routed through AZURE)"}


@pytest.mark.parametrize("bgp", ["", router_bgp()], ids=["no_router_bgp", "router_bgp"])
def test_a_crypto_map_asa_where_azure_runs_bgp_names_its_peer_line_and_the_missing_vti(bgp):
    """s41: a crypto map end cited nothing on the ASA side; it says BGP needs a VTI, and router bgp's line or its lack."""
    text = asa_config().replace(": end", bgp + "\n: end") if bgp else asa_config()
    report, tunnel = _run(text, ROUTE_BASED_BGP)
    cited = _finding(tunnel, "BGP_NOT_CONFIGURED")["evidence"]["asa"]["lines"]
    assert cited[0] == _cited(text, "crypto map AZ-MAP 10 set peer 203.0.113.20")[0]
    assert cited[1]["line"] == 0 and "BGP needs a VTI" in cited[1]["text"] and "tunnel protection ipsec" in cited[1]["text"]
    assert cited[2:] == (_cited(text, "router bgp 65010") if bgp else [
        {"line": 0, "text": "(no 'router bgp': BGP is not configured)"}])
    assert "BGP needs a VTI" in markdown_text(report)


@pytest.mark.parametrize("enable_bgp,said", [(False, "S2S: enableBgp = false"),
                                             (None, "S2S: enableBgp not set (BGP off)")], ids=range(2))
def test_a_connection_without_bgp_names_enable_bgp_and_the_missing_neighbor_settings(enable_bgp, said):
    report, tunnel = _run(vti_config(bgp=router_bgp()), dict(ROUTE_BASED, enable_bgp=enable_bgp))
    finding = _finding(tunnel, "BGP_NOT_CONFIGURED")
    assert finding["evidence"]["azure"]["lines"] == [
        {"line": 0, "text": said}, {"line": 0, "text": "LNG: bgpSettings not set (no BGP neighbor)"}]
    assert "`LNG: bgpSettings not set (no BGP neighbor)`" in markdown_text(report)


def test_a_short_azure_dpd_names_the_asa_default_its_fix_is_taken_from():
    report, tunnel = _run(asa_config(), dict(dpd=5))
    finding = _finding(tunnel, "DPD_MISMATCH")
    assert finding["evidence"]["azure"]["lines"] == [{"line": 0, "text": "S2S: dpdTimeoutSeconds = 5"}]
    [said] = finding["evidence"]["asa"]["lines"]
    assert said["line"] == 0 and "no 'isakmp keepalive' under tunnel-group 203.0.113.20 ipsec-attributes" in said["text"]
    assert "threshold 10 retry 2" in said["text"]
    assert finding["evidence"]["asa"]["timeout_seconds"] == 20
    assert "| timeout seconds | 20 <br>from `(no 'isakmp keepalive'" in markdown_text(report)


def test_a_short_azure_dpd_names_the_asa_keepalive_line():
    keepalive = "isakmp keepalive threshold 30 retry 5"
    text = asa_config(keepalive=" " + keepalive)
    report, tunnel = _run(text, dict(dpd=5))
    finding = _finding(tunnel, "DPD_MISMATCH")
    assert finding["evidence"]["asa"]["lines"] == _cited(text, keepalive)
    assert "- line %d: `%s`" % (_number(text, keepalive), keepalive) in markdown_text(report)


def test_dpd_off_on_both_ends_names_the_policy_based_gateways_vpn_type():
    keepalive = "isakmp keepalive disable"
    text = asa_config(keepalive=" " + keepalive)
    _report, tunnel = _run(text, dict(vpn_type="PolicyBased", protocol="IKEv1"))
    finding = _finding(tunnel, "DPD_MISMATCH")
    assert finding["evidence"]["asa"]["lines"] == _cited(text, keepalive)
    assert finding["evidence"]["azure"]["lines"] == [
        {"line": 0, "text": "VNG: vpnType = PolicyBased (no dead-peer detection)"}]
