# -*- coding: utf-8 -*-
"""A fix to an Azure object other tunnels use too is proven against each of them ("first, do no harm").

An active-active gateway's two instances use one connection and one local network gateway; a change to
either reaches both tunnels. The check re-runs every tunnel that uses what the fix changes, as it does for
a device-wide ASA change, and shows the fix as proven only when none of them breaks.
"""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"

ASA_TEMPLATE = """\
: Saved
ASA Version 9.18(3)
hostname dc-asa
!
interface GigabitEthernet0/0
 nameif OUTSIDE
 security-level 0
 ip address 198.51.100.20 255.255.255.240
!
interface GigabitEthernet0/1
 nameif INSIDE
 security-level 100
 ip address 10.2.0.1 255.255.0.0
!
{tunnels}router bgp 65020
 bgp log-neighbor-changes
 address-family ipv4 unicast
{neighbors}  network 10.2.0.0 mask 255.255.0.0
 exit-address-family
!
route OUTSIDE 0.0.0.0 0.0.0.0 198.51.100.17 1
crypto ipsec ikev2 ipsec-proposal AZ-ESP
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec ikev2 ipsec-proposal AZ-ESP-CBC
 protocol esp encryption aes-256
 protocol esp integrity sha-256
crypto ipsec profile AZ-PROF
 set ikev2 ipsec-proposal AZ-ESP
 set pfs group20
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
crypto ipsec profile AZ-PROF-CBC
 set ikev2 ipsec-proposal AZ-ESP-CBC
 set pfs group20
 set security-association lifetime kilobytes 102400000
 set security-association lifetime seconds 27000
crypto ikev2 policy 20
 encryption aes-256
 integrity sha384
 group 20
 prf sha384
 lifetime seconds 28800
crypto ikev2 enable OUTSIDE
sysopt connection tcpmss 1350
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol ikev2
{groups}: end
"""
VTI = """\
interface Tunnel{n}
 nameif AZ-{n}
 ip address {addr} 255.255.255.252
 tunnel source interface OUTSIDE
 tunnel destination {dest}
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile {profile}
!
"""
TG = """\
tunnel-group {dest} type ipsec-l2l
tunnel-group {dest} general-attributes
 default-group-policy AZ-GP
tunnel-group {dest} ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
"""

# Azure's two instances: their public IPs, default BGP addresses and APIPA addresses.
INSTANCES = [("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1"]),
             ("activeActive", "203.0.113.51", "10.50.255.5", ["169.254.22.1"])]
NEIGHBORS = ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate",
             "neighbor 169.254.22.1 remote-as 65515", "neighbor 169.254.22.1 activate"]


def asa_text(profiles=("AZ-PROF", "AZ-PROF")):
    """Two VTIs, one to each instance: Tunnel1 169.254.21.2/30, Tunnel2 169.254.22.2/30."""
    vtis = [(1, "169.254.21.2", "203.0.113.50"), (2, "169.254.22.2", "203.0.113.51")]
    return ASA_TEMPLATE.format(
        tunnels="".join(VTI.format(n=n, addr=a, dest=d, profile=p) for (n, a, d), p in zip(vtis, profiles)),
        neighbors="".join("  %s\n" % line for line in NEIGHBORS), groups="".join(TG.format(dest=d) for _n, _a, d in vtis))


def azure(lng_bgp_address="169.254.21.2", policy=None):
    """An active-active gateway, one connection, one local network gateway (BGP address ``lng_bgp_address``)."""
    gw_id = SUB + "/virtualNetworkGateways/vng"
    ipconfigs, peering, pips = [], [], []
    for name, pip, default, custom in INSTANCES:
        ipc_id = gw_id + "/ipConfigurations/" + name
        ipconfigs.append({"name": name, "id": ipc_id, "properties": {
            "privateIPAllocationMethod": "Dynamic", "publicIPAddress": {"id": SUB + "/publicIPAddresses/pip-" + name},
            "subnet": {"id": SUB + "/virtualNetworks/hub/subnets/GatewaySubnet"}}})
        peering.append({"ipconfigurationId": ipc_id, "defaultBgpIpAddresses": [default],
                        "customBgpIpAddresses": list(custom), "tunnelIpAddresses": [pip]})
        pips.append({"name": "pip-" + name, "id": SUB + "/publicIPAddresses/pip-" + name,
                     "type": "Microsoft.Network/publicIPAddresses",
                     "properties": {"ipAddress": pip, "publicIPAllocationMethod": "Static"}})
    ipsec = {"saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "GCMAES256",
             "ipsecIntegrity": "GCMAES256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA384",
             "dhGroup": "ECP384", "pfsGroup": "ECP384"}
    ipsec.update(policy or {})
    conn = {"provisioningState": "Succeeded", "connectionType": "IPsec", "connectionProtocol": "IKEv2",
            "connectionMode": "Default", "virtualNetworkGateway1": {"id": gw_id},
            "localNetworkGateway2": {"id": SUB + "/localNetworkGateways/lng"}, "enableBgp": True,
            "usePolicyBasedTrafficSelectors": False, "dpdTimeoutSeconds": 45, "ipsecPolicies": [ipsec]}
    return [
        {"name": "conn", "id": SUB + "/connections/conn", "type": "Microsoft.Network/connections", "properties": conn},
        {"name": "vng", "id": gw_id, "type": "Microsoft.Network/virtualNetworkGateways", "properties": {
            "gatewayType": "Vpn", "vpnType": "RouteBased", "vpnGatewayGeneration": "Generation2",
            "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ"}, "enableBgp": True, "activeActive": True,
            "ipConfigurations": ipconfigs,
            "bgpSettings": {"asn": 65515, "bgpPeeringAddress": ",".join(i[2] for i in INSTANCES),
                            "bgpPeeringAddresses": peering}}},
        *pips,
        {"name": "hub", "id": SUB + "/virtualNetworks/hub", "type": "Microsoft.Network/virtualNetworks",
         "properties": {"addressSpace": {"addressPrefixes": ["10.50.0.0/16"]}, "subnets": [
             {"name": "GatewaySubnet", "id": SUB + "/virtualNetworks/hub/subnets/GatewaySubnet",
              "properties": {"addressPrefix": "10.50.255.0/27"}}]}},
        {"name": "lng", "id": SUB + "/localNetworkGateways/lng", "type": "Microsoft.Network/localNetworkGateways",
         "properties": {"gatewayIpAddress": "198.51.100.20", "localNetworkAddressSpace": {"addressPrefixes": []},
                        "bgpSettings": {"asn": 65020, "bgpPeeringAddress": lng_bgp_address}}},
    ]


def check(asa, resources):
    return run_check(asa_facts_from_text(asa), azure_facts_from_data(resources))


def problems(report):
    return {t["name"]: sorted(f["code"] for f in t["findings"] if f["severity"] in ("error", "warning"))
            for t in report["tunnels"]}


def tunnel(report, name):
    return [t for t in report["tunnels"] if t["name"] == name][0]


def finding(report, name, code):
    return [f for f in tunnel(report, name)["findings"] if f["code"] == code][0]


def apply_azure(resources, rendered):
    """The Azure fix as shown, applied to the export: each resource's properties merged in."""
    out = copy.deepcopy(resources)
    names = {"connection": "conn", "local_network_gateway": "lng", "virtual_network_gateway": "vng"}
    for key, name in names.items():
        if key in rendered:
            target = [r for r in out if r["name"] == name][0]["properties"]
            target.update(rendered[key]["properties"])
    return out


# ---------------------------------------------------------------------------------------------------
# One local network gateway, two ASA BGP addresses: no change to it serves both instances
# ---------------------------------------------------------------------------------------------------
def test_a_bgp_address_on_the_shared_local_network_gateway_that_breaks_the_other_instance_is_not_proven():
    report = check(asa_text(), azure())
    assert problems(report) == {"conn (instance 0)": [], "conn (instance 1)": ["BGP_PEER_ADDRESS_MISMATCH"]}
    mismatch = finding(report, "conn (instance 1)", "BGP_PEER_ADDRESS_MISMATCH")
    proof = mismatch["proof"]["azure"]
    # Before: "proven: 2 Azure change(s) ..." setting lng's bgpPeeringAddress to 169.254.22.2, which gave
    # instance 0 the same error; instance 0's fix pointed back: the two "proven" fixes cancelled each other.
    assert proof["proven"] is False
    reason = proof["reason"]
    assert "local network gateway lng" in reason and "conn (instance 0)" in reason
    assert "BGP_PEER_ADDRESS_MISMATCH" in reason
    # What a person can do instead: one local network gateway per on-premises BGP address, or one address.
    assert "its own local network gateway (bgpPeeringAddress 169.254.22.2) and connection" in reason
    assert "peer from 169.254.21.2, the address local network gateway lng has" in reason
    # Nothing is shown to paste, and align_to asa plans no change of the shared local network gateway.
    assert "azure" not in mismatch["remediation"]
    assert "azure" not in tunnel(report, "conn (instance 1)")["remediation"]


def test_the_fix_the_check_used_to_show_does_break_the_other_instance():
    """What the refusal rests on: the change, applied to the export, moves the error to instance 0."""
    resources = azure()
    after = check(asa_text(), apply_azure(resources, {"local_network_gateway": {"properties": {
        "bgpSettings": {"asn": 65020, "bgpPeeringAddress": "169.254.22.2"}}}}))
    assert problems(after) == {"conn (instance 0)": ["BGP_PEER_ADDRESS_MISMATCH"], "conn (instance 1)": []}


# ---------------------------------------------------------------------------------------------------
# One connection for both instances: its ipsecPolicies reach both tunnels
# ---------------------------------------------------------------------------------------------------
def test_a_connection_policy_fix_that_breaks_the_other_instance_is_not_proven():
    # Azure's connection has AES256/SHA256 for ESP; Tunnel1 proposes the same, Tunnel2 only AES-GCM-256, so
    # instance 1 has no common ESP proposal and Azure is the end asked to move (to the stronger GCM). The one
    # connection's ipsecPolicies reach instance 0 too, whose Tunnel1 has no GCM: that change would cut it off.
    cbc = {"ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256"}
    report = check(asa_text(profiles=("AZ-PROF-CBC", "AZ-PROF")), azure(policy=cbc))
    assert problems(report)["conn (instance 0)"] == []
    broken = finding(report, "conn (instance 1)", "CHILD_NO_COMMON_PROPOSAL")
    proof = broken["proof"]["azure"]
    # Before: proven, with instance 0 never re-run; the GCM policy it showed left instance 0 without ESP.
    assert proof["proven"] is False
    assert "connection conn" in proof["reason"] and "conn (instance 0)" in proof["reason"]
    assert "CHILD_NO_COMMON_PROPOSAL" in proof["reason"] and "one connection" in proof["reason"]
    assert "azure" not in broken["remediation"]
    assert "azure" not in tunnel(report, "conn (instance 1)")["remediation"]


def test_a_connection_fix_that_works_for_both_instances_is_proven_against_the_other_and_names_it():
    # Both tunnels use PFS group 20, Azure's connection ECP256 (group 19): both instances have the same
    # mismatch, and the one change to the connection fixes both.
    report = check(asa_text(), azure(policy={"pfsGroup": "ECP256"}))
    before = problems(report)
    assert "PFS_MISMATCH" in before["conn (instance 0)"] and "PFS_MISMATCH" in before["conn (instance 1)"]
    for name, other in (("conn (instance 0)", "conn (instance 1)"), ("conn (instance 1)", "conn (instance 0)")):
        pfs = finding(report, name, "PFS_MISMATCH")
        proof = pfs["proof"]["azure"]
        assert proof["proven"] is True, proof["reason"]
        assert proof["touches"] == [other] and other in proof["reason"]
        fixed = check(asa_text(), apply_azure(azure(policy={"pfsGroup": "ECP256"}), pfs["remediation"]["azure"]))
        # PFS_MISMATCH gone on both; instance 1 keeps only its BGP address error (one local network gateway)
        assert problems(fixed) == {"conn (instance 0)": [], "conn (instance 1)": ["BGP_PEER_ADDRESS_MISMATCH"]}
