# -*- coding: utf-8 -*-
"""Review rev1, BGP over an ASA VTI to an Azure route-based gateway:
- ``neighbor X disable-connected-check`` lets the ASA's single-hop eBGP session reach Azure's default BGP address
  (off the tunnel subnet, one hop away over the VTI) without ebgp-multihop: no BGP_MULTIHOP_MISSING;
- the connection's ``gatewayCustomBgpIpAddresses`` decides which APIPA address an instance peers from on that
  connection: an ASA neighbor at another of the instance's APIPA addresses is BGP_PEER_ADDRESS_MISMATCH.
Shapes: Microsoft's active-active APIPA samples (instance 0 169.254.21.x, instance 1 169.254.22.x)."""
import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import SUB, asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position


def check(asa, resources):
    return run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))


def errors(report):
    return {t["name"]: sorted(f["code"] for f in t["findings"] if f["severity"] == "error")
            for t in report["tunnels"]}


def findings(report, tunnel, code):
    return [f for t in report["tunnels"] if t["name"] == tunnel for f in t["findings"] if f["code"] == code]


def codes(report):
    return {t["name"]: sorted(f["code"] for f in t["findings"]) for t in report["tunnels"]}


# --- neighbor disable-connected-check ------------------------------------------------------------------

DEFAULT_PEERING = [("default", "203.0.113.50", "10.50.255.4", [])]
ROUTE_TO_DEFAULT = "route AZ-1 10.50.255.4 255.255.255.255 192.168.250.1 1\n"


def default_peering_asa(*options):
    return asa_text([(1, "192.168.250.2", "203.0.113.50")],
                    ["neighbor 10.50.255.4 remote-as 65515"] + ["neighbor 10.50.255.4 %s" % o for o in options]
                    + ["neighbor 10.50.255.4 activate"], routes=ROUTE_TO_DEFAULT)


def test_disable_connected_check_to_azures_default_bgp_address_passes():
    report = check(default_peering_asa("disable-connected-check"), azure(DEFAULT_PEERING, "192.168.250.2", False))
    tunnel = report["tunnels"][0]
    assert tunnel["verdict"] == "pass"
    assert [f["code"] for f in tunnel["findings"] if f["severity"] in ("error", "warning")] == []


def test_without_disable_connected_check_or_multihop_the_same_asa_still_fails():
    report = check(default_peering_asa(), azure(DEFAULT_PEERING, "192.168.250.2", False))
    assert errors(report)["conn"] == ["BGP_MULTIHOP_MISSING"]
    assert report["tunnels"][0]["verdict"] != "pass"


def test_disable_connected_check_is_read_not_reported_as_unmodelled():
    facts = asa_facts_from_text(default_peering_asa("disable-connected-check"))
    assert not [f for f in facts["findings"] if "disable-connected-check" in str(f.get("evidence"))]
    bgp = facts["tunnels"][0]["bgp"]
    assert bgp["disable_connected_check"] is True and bgp["multihop"] == 1


def test_disable_connected_check_without_a_route_to_the_neighbor_still_has_no_route():
    asa = asa_text([(1, "192.168.250.2", "203.0.113.50")],
                   ["neighbor 10.50.255.4 remote-as 65515", "neighbor 10.50.255.4 disable-connected-check",
                    "neighbor 10.50.255.4 activate"])
    report = check(asa, azure(DEFAULT_PEERING, "192.168.250.2", False))
    assert "BGP_NO_ROUTE_TO_PEER" in codes(report)["conn"]
    assert "BGP_MULTIHOP_MISSING" not in codes(report)["conn"]


# --- the connection's gatewayCustomBgpIpAddresses ------------------------------------------------------

IPC = SUB + "/virtualNetworkGateways/vng/ipConfigurations/"
# Each instance has two APIPA addresses (one per connection it serves); this connection uses the second.
AA_TWO_APIPA = [("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1", "169.254.21.5"]),
                ("activeActive", "203.0.113.51", "10.50.255.5", ["169.254.22.1", "169.254.22.5"])]
CONN_CUSTOM = {"gatewayCustomBgpIpAddresses": [
    {"ipConfigurationId": IPC + "default", "customBgpIpAddress": "169.254.21.5"},
    {"ipConfigurationId": IPC + "activeActive", "customBgpIpAddress": "169.254.22.5"}]}


def aa_asa(own, neighbors):
    """The ASA's two VTIs at ``own`` (instance 0, instance 1) with a neighbor each at ``neighbors``."""
    return asa_text([(1, own[0], "203.0.113.50"), (2, own[1], "203.0.113.51")],
                    [line % n for n in neighbors for line in ("neighbor %s remote-as 65515", "neighbor %s activate")])


def test_asa_neighbors_at_the_apipa_addresses_the_connection_does_not_use_never_peer():
    report = check(aa_asa(("169.254.21.2", "169.254.22.2"), ("169.254.21.1", "169.254.22.1")),
                   azure(AA_TWO_APIPA, "169.254.21.2", True, CONN_CUSTOM))
    assert errors(report)["conn (instance 0)"] == ["BGP_PEER_ADDRESS_MISMATCH"]
    finding = findings(report, "conn (instance 0)", "BGP_PEER_ADDRESS_MISMATCH")[0]
    assert "peers from 169.254.21.5:" in finding["summary"]
    assert finding["evidence"]["azure"]["local_addresses"] == ["169.254.21.5"]
    assert any("gatewayCustomBgpIpAddresses[0].customBgpIpAddress = 169.254.21.5" in line["text"]
               for line in finding["evidence"]["azure"]["lines"])
    assert "neighbor 169.254.21.5 remote-as 65515" in "\n".join(finding["remediation"]["asa"])
    # instance 1 peers from the connection's 169.254.22.5 only
    assert any("peers from 169.254.22.5:" in f["summary"]
               for f in findings(report, "conn (instance 1)", "BGP_PEER_ADDRESS_MISMATCH"))


def test_asa_neighbors_at_the_connections_apipa_addresses_pass():
    report = check(aa_asa(("169.254.21.6", "169.254.22.6"), ("169.254.21.5", "169.254.22.5")),
                   azure(AA_TWO_APIPA, "169.254.21.6", True, CONN_CUSTOM))
    assert errors(report)["conn (instance 0)"] == []
    assert not any("peers from 169.254.22.5:" in f["summary"]
                   for f in findings(report, "conn (instance 1)", "BGP_PEER_ADDRESS_MISMATCH"))


def test_without_gateway_custom_bgp_ip_addresses_every_apipa_address_of_the_instance_is_offered():
    report = check(aa_asa(("169.254.21.2", "169.254.22.2"), ("169.254.21.1", "169.254.22.1")),
                   azure(AA_TWO_APIPA, "169.254.21.2", True))
    assert errors(report)["conn (instance 0)"] == []


def test_connection_custom_address_outside_azures_apipa_range_is_refused():
    extra = {"gatewayCustomBgpIpAddresses": [{"ipConfigurationId": IPC + "default",
                                              "customBgpIpAddress": "169.254.30.1"}]}
    facts = azure_facts_from_data(azure(AA_TWO_APIPA[:1], "169.254.21.6", False, extra))
    found = [f for f in facts["findings"] if f["code"] == "BGP_APIPA_INVALID"]
    assert found and "gatewayCustomBgpIpAddresses[0].customBgpIpAddress" in found[0]["evidence"]["azure"]["lines"][0][
        "text"]


def test_connection_custom_address_for_an_unknown_ip_configuration_is_reported():
    extra = {"gatewayCustomBgpIpAddresses": [{"ipConfigurationId": IPC + "nosuch",
                                              "customBgpIpAddress": "169.254.21.5"}]}
    facts = azure_facts_from_data(azure(AA_TWO_APIPA[:1], "169.254.21.6", False, extra))
    assert [f["evidence"]["azure"]["property"] for f in facts["findings"] if f["code"] == "UNDEFINED_REFERENCE"] == [
        "gatewayCustomBgpIpAddresses[0].ipConfigurationId"]


def test_sdk_connection_model_carries_gateway_custom_bgp_ip_addresses():
    """The SDK reader turns models into ARM JSON (arm_json.arm_dict) before the same reader: the property
    written by azure-mgmt-network reaches the check."""
    models = pytest.importorskip("azure.mgmt.network.models")
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_json import arm_dict

    resources = azure(AA_TWO_APIPA[:1], "169.254.21.2", False)
    conn = resources[0]
    sdk = arm_dict(models.VirtualNetworkGatewayConnection(
        enable_bgp=True, connection_type="IPsec",
        gateway_custom_bgp_ip_addresses=[models.GatewayCustomBgpIpAddressIpConfiguration(
            ip_configuration_id=IPC + "default", custom_bgp_ip_address="169.254.21.5")]))
    conn["properties"]["gatewayCustomBgpIpAddresses"] = sdk["properties"]["gatewayCustomBgpIpAddresses"]
    asa = asa_text([(1, "169.254.21.2", "203.0.113.50")],
                   ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate"])
    report = check(asa, resources)
    assert errors(report)["conn"] == ["BGP_PEER_ADDRESS_MISMATCH"]


def test_a_fix_moving_the_neighbor_does_not_carry_disable_connected_check_to_the_new_address():
    """The push sends the new neighbor's remote-as and ebgp-multihop, not disable-connected-check: a proof that kept
    the option on the new address could call a fix proven that leaves the session idle."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.model import Bgp, TunnelEnd
    from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import ModelEdit
    bgp = Bgp(asn=65010, peer_address="10.50.255.4", peer_asn=65515, disable_connected_check=True)
    end = TunnelEnd(vendor="asa", name="fw/Tunnel1", bgp=bgp)
    moved = ModelEdit(end, None).apply([{"kind": "bgp_neighbor", "address": "169.254.21.1", "remote_as": 65515}])
    assert moved.bgp.peer_address == "169.254.21.1" and not moved.bgp.disable_connected_check
    same = ModelEdit(end, None).apply([{"kind": "bgp_neighbor", "address": "10.50.255.4", "remote_as": 65515}])
    assert same.bgp.disable_connected_check


def test_a_connection_address_its_ip_configuration_lacks_is_named_as_input_azure_does_not_hold():
    # review 2026-12-06: customBgpIpAddress is "the custom BgpPeeringAddress which belongs to IpconfigurationId";
    # 169.254.21.9 is not one of instance 0's, so the export is not one Azure holds (hand-edited, or two exports
    # of different times). The verdict still follows the connection, and the finding says which input to doubt.
    extra = {"gatewayCustomBgpIpAddresses": [{"ipConfigurationId": IPC + "default", "customBgpIpAddress": "169.254.21.9"}]}
    report = check(aa_asa(("169.254.21.10", "169.254.22.6"), ("169.254.21.9", "169.254.22.5")),
                   azure(AA_TWO_APIPA, "169.254.21.10", True, extra))
    [found] = findings(report, "conn (instance 0)", "BGP_APIPA_INVALID")
    assert found["severity"] == "warning"
    assert "169.254.21.9" in found["summary"] and "169.254.21.1, 169.254.21.5" in found["summary"]
    texts = [line["text"] for line in found["evidence"]["azure"]["lines"]]
    assert any("gatewayCustomBgpIpAddresses[0].customBgpIpAddress = 169.254.21.9" in text for text in texts)
    assert any("169.254.21.5" in text for text in texts)
    # the connection's own address, among the instance's: no such finding
    report = check(aa_asa(("169.254.21.6", "169.254.22.6"), ("169.254.21.5", "169.254.22.5")),
                   azure(AA_TWO_APIPA, "169.254.21.6", True, CONN_CUSTOM))
    assert findings(report, "conn (instance 0)", "BGP_APIPA_INVALID") == []


def test_an_undefined_ipsec_profile_is_said_once_not_judged_from_defaults():
    # review 2026-12-06 (route-based #6): beside UNDEFINED_REFERENCE came "ASA allows IKE version none" and lifetime
    # findings built from the global defaults, with fixes for Azure
    neighbors = ["neighbor 10.50.255.4 remote-as 65515", "neighbor 10.50.255.4 disable-connected-check",
                 "neighbor 10.50.255.4 activate"]
    text = asa_text([(1, "192.168.250.2", "203.0.113.50")], neighbors, routes=ROUTE_TO_DEFAULT, profiles=["AZ-NOPE"])
    [tunnel] = run_check(asa_facts_from_text(text), azure_facts_from_data(azure(DEFAULT_PEERING, "192.168.250.2",
                                                                                False)))["tunnels"]
    said = [(f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] != "info"]
    assert said == [("UNDEFINED_REFERENCE", "error")], said
    assert not [f for f in tunnel["findings"] if f["code"].startswith(("CHILD_LIFETIME", "CHILD_DATA", "IKE_VERSION"))]
