# -*- coding: utf-8 -*-
"""An ASA behind NAT whose dynamic crypto map answers an Azure connection: its outside interface has a private address
and the local network gateway names the public one NAT maps to it. A static entry there is paired by its peer and gets
PEER_ADDRESS_MISMATCH as a warning (a NAT device must map the addresses); the dynamic map was never matched (the
interface address was compared with the LNG's), so the connection was PEER_NOT_FOUND, "no crypto map entry", and its
crypto went unchecked (review s49)."""

from scenario_builders import asa_config, azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

PFS_POLICY = dict(policy_changes={"pfsGroup": "ECP256"})
OTHER_PEER = ("crypto map AZ-MAP 5 match address AZ-ACL\ncrypto map AZ-MAP 5 set peer 192.0.2.99\n"
              "crypto map AZ-MAP 5 set ikev2 ipsec-proposal AZ-PROP\n")


def natted(text):
    return text.replace("ip address 198.51.100.10 255.255.255.248", "ip address 192.168.1.10 255.255.255.0")


def _codes(tunnel):
    return {f["code"]: f for f in tunnel["findings"]}


def test_a_dynamic_map_behind_nat_serves_the_connection_and_is_checked_as_a_static_entry_there_is():
    [tunnel] = report_for(natted(dynamic_asa()), azure_resources(**PFS_POLICY))["tunnels"]
    found = _codes(tunnel)
    assert found["PEER_NOT_FOUND"]["severity"] == "warning" and "never initiates" in found["PEER_NOT_FOUND"]["summary"]
    assert found["PFS_MISMATCH"]["severity"] == "error"
    assert "crypto dynamic-map DYN 20 set pfs group19" in found["PFS_MISMATCH"]["remediation"]["asa"]
    nat = found["PEER_ADDRESS_MISMATCH"]
    assert nat["severity"] == "warning" and "private address 192.168.1.10" in nat["summary"]
    # as for a static entry behind NAT: the same warning, never a fix writing the private address into Azure
    [static] = report_for(natted(asa_config()), azure_resources())["tunnels"]
    assert _codes(static)["PEER_ADDRESS_MISMATCH"]["severity"] == "warning"
    assert "192.168.1.10" not in str(nat["remediation"].get("azure"))


def test_with_other_tunnels_the_gateways_own_tunnel_group_ties_the_connection_to_the_natted_asa():
    text = natted(dynamic_asa("203.0.113.20")).replace("crypto map AZ-MAP 65535", OTHER_PEER + "crypto map AZ-MAP 65535", 1)
    report = report_for(text, azure_resources(**PFS_POLICY))
    [tunnel] = report["tunnels"]
    assert tunnel["name"] == "S2S" and "PFS_MISMATCH" in _codes(tunnel)


def test_default_l2l_group_alone_does_not_claim_a_connection_for_an_asa_with_other_tunnels():
    """DefaultL2LGroup names no peer: a connection of a site not in the run would be claimed by every natted ASA."""
    text = natted(dynamic_asa()).replace("crypto map AZ-MAP 65535", OTHER_PEER + "crypto map AZ-MAP 65535", 1)
    report = report_for(text, azure_resources(**PFS_POLICY))
    assert report["tunnels"] == []


def test_a_map_on_a_private_inside_interface_of_an_asa_holding_the_lngs_address_still_does_not_serve_it():
    text = dynamic_asa().replace("crypto map AZ-MAP interface INTERNET", "crypto map AZ-MAP interface LAN")
    [tunnel] = report_for(text, azure_resources())["tunnels"]
    assert _codes(tunnel)["PEER_NOT_FOUND"]["severity"] == "error"
