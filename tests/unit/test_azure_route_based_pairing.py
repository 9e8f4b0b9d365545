# -*- coding: utf-8 -*-
"""Route-based Azure exports paired end to end with ASA VTI configs written in the
shape of Microsoft's route-based ASA sample (AZ_SAMPLES_ROUTEBASED_ASA_NOTE): the
Azure adapter's ends must meet the ASA's so that a matching pair passes, and an
Azure-side fault gives its own finding and no other error."""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts, summary_lines

from azure_arm_builders import export

LOOSE = {"weak_encryption": [], "weak_integrity": [], "weak_dh_groups": []}

HEAD = """\
: Saved
ASA Version 9.14(3)
hostname branch-asa
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.40 255.255.255.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 192.168.0.1 255.255.240.0
!
"""
VTI = """\
interface Tunnel{n}
 nameif AZ-VTI-{n}
 ip address {inside} 255.255.255.252
 tunnel source interface outside
 tunnel destination {azure}
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
!
"""
CRYPTO = """\
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 2
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
crypto ipsec ikev2 ipsec-proposal AZ-PROP
 protocol esp encryption aes-256
 protocol esp integrity sha-1
crypto ipsec profile AZ-PROF
 set ikev2 ipsec-proposal AZ-PROP
 set security-association lifetime seconds 27000
 set security-association lifetime kilobytes 102400000
group-policy AZ-GP internal
group-policy AZ-GP attributes
 vpn-tunnel-protocol ikev2
"""
TUNNEL_GROUP = """\
tunnel-group {azure} type ipsec-l2l
tunnel-group {azure} general-attributes
 default-group-policy AZ-GP
tunnel-group {azure} ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
"""
BGP = """\
router bgp {asn}
 address-family ipv4 unicast
  neighbor {neighbor} remote-as {azure_asn}
  neighbor {neighbor} activate
  network 192.168.0.0 mask 255.255.240.0
 exit-address-family
"""
AZURE = ("203.0.113.30", "203.0.113.31")


def asa(vtis, bgp=None, routes=""):
    """``vtis``: (inside address, Azure address) per tunnel; ``bgp``: BGP template values."""
    text = HEAD + "".join(VTI.format(n=n, inside=inside, azure=azure) for n, (inside, azure) in enumerate(vtis))
    text += CRYPTO + "".join(TUNNEL_GROUP.format(azure=azure) for _inside, azure in vtis)
    text += routes + (BGP.format(**bgp) if bgp else "") + "sysopt connection tcpmss 1350\n: end\n"
    return asa_facts_from_text(text)


def check(asa_facts, resources):
    report = run_check(asa_facts, azure_facts_from_data(resources), LOOSE)
    problems = sorted((f["code"], f["severity"]) for t in report["tunnels"] for f in t["findings"]
                      if f["severity"] != "info")
    return report, problems


def test_two_vtis_with_static_routes_to_an_active_active_gateway_pass():
    routes = ("route AZ-VTI-0 10.20.0.0 255.255.0.0 169.254.21.1 1\n"
              "route AZ-VTI-1 10.20.0.0 255.255.0.0 169.254.22.1 2\n")
    report, problems = check(asa([("169.254.21.2", AZURE[0]), ("169.254.22.2", AZURE[1])], routes=routes),
                             export(enable_bgp=False))
    assert problems == []
    assert report["summary"] == {"tunnels": 2, "fail": 0, "degraded": 0, "pass": 2}


def test_vti_with_bgp_over_apipa_passes():
    bgp = dict(asn=65010, neighbor="169.254.21.1", azure_asn=65515)
    report, problems = check(asa([("169.254.21.2", AZURE[0])], bgp), export(active_active=False))
    assert problems == []
    assert report["summary"]["pass"] == 1


def test_reserved_asn_on_both_sides_gives_bgp_asn_reserved_only():
    bgp = dict(asn=65517, neighbor="169.254.21.1", azure_asn=65515)
    _report, problems = check(asa([("169.254.21.2", AZURE[0])], bgp),
                              export(active_active=False, lng_bgp={"asn": 65517, "bgpPeeringAddress": "169.254.21.2"}))
    assert problems == [("BGP_ASN_RESERVED", "error")]


def test_azure_apipa_address_outside_the_range_gives_bgp_apipa_invalid_only():
    bgp = dict(asn=65010, neighbor="169.254.30.1", azure_asn=65515)
    _report, problems = check(asa([("169.254.30.2", AZURE[0])], bgp),
                              export(active_active=False, custom_apipa=(("169.254.30.1",),),
                                     lng_bgp={"asn": 65010, "bgpPeeringAddress": "169.254.30.2"}))
    assert problems == [("BGP_APIPA_INVALID", "error")]


def test_lng_asn_not_the_asas_is_an_asn_mismatch():
    bgp = dict(asn=65010, neighbor="169.254.21.1", azure_asn=65515)
    _report, problems = check(asa([("169.254.21.2", AZURE[0])], bgp),
                              export(active_active=False, lng_bgp={"asn": 65011, "bgpPeeringAddress": "169.254.21.2"}))
    assert problems == [("BGP_ASN_MISMATCH", "error")]


def test_bgp_with_an_empty_lng_address_space_as_microsoft_recommends_passes():
    # DOC_BGP_FAQ: with BGP leave the local network gateway's address space empty;
    # Azure adds the host route to the BGP neighbor itself
    bgp = dict(asn=65010, neighbor="169.254.21.1", azure_asn=65515)
    azure_facts = azure_facts_from_data(export(active_active=False, lng_prefixes=()))
    assert azure_facts["tunnels"][0]["routed_networks"] == ["169.254.21.2/32"]
    report = run_check(asa([("169.254.21.2", AZURE[0])], bgp), azure_facts, LOOSE)
    assert report["summary"] == {"tunnels": 1, "fail": 0, "degraded": 0, "pass": 1}


def test_one_vti_to_an_active_active_gateway_misses_the_second_instance():
    routes = "route AZ-VTI-0 10.20.0.0 255.255.0.0 169.254.21.1 1\n"
    report, problems = check(asa([("169.254.21.2", AZURE[0])], routes=routes), export(enable_bgp=False))
    assert problems == [("ACTIVE_ACTIVE_TUNNEL_MISSING", "warning")]
    assert report["summary"]["degraded"] == 1


# The active-active shape with two local network gateways, one per ASA public address, and one VTI per gateway
# instance (each connection builds one of its two tunnels). Microsoft's dual-redundancy design has four; with two,
# each connection runs on one tunnel: a redundancy warning, not a failure (Azure docs: "About highly available
# connectivity", active-active VPN gateways).
TWO_OUTSIDES = """\
: Saved
ASA Version 9.14(3)
hostname hub-asav
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address {first} 255.255.255.0
!
interface GigabitEthernet0/1
 nameif outside2
 security-level 0
 ip address {second} 255.255.255.0
!
interface GigabitEthernet0/2
 nameif inside
 security-level 100
 ip address 192.168.0.1 255.255.240.0
!
interface Tunnel1
 nameif AZ-VTI-1
 ip address 169.254.21.2 255.255.255.252
 tunnel source interface outside
 tunnel destination 203.0.113.30
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
!
interface Tunnel2
 nameif AZ-VTI-2
 ip address 169.254.22.2 255.255.255.252
 tunnel source interface outside2
 tunnel destination 203.0.113.31
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROF
!
""" + CRYPTO + "crypto ikev2 enable outside2\n" + TUNNEL_GROUP.format(azure=AZURE[0]) + TUNNEL_GROUP.format(
    azure=AZURE[1]) + """\
router bgp 65010
 address-family ipv4 unicast
  neighbor 169.254.21.1 remote-as 65515
  neighbor 169.254.21.1 activate
  neighbor 169.254.22.1 remote-as 65515
  neighbor 169.254.22.1 activate
  network 192.168.0.0 mask 255.255.240.0
 exit-address-family
sysopt connection tcpmss 1350
: end
"""


def two_sites_export():
    """export()'s active-active gateway with a second local network gateway and connection: the first LNG names
    the ASA's first public address and BGP address, the second its second ones."""
    data = export()
    lng = next(r for r in data if r["type"] == "Microsoft.Network/localNetworkGateways")
    conn = next(r for r in data if r["type"] == "Microsoft.Network/connections")
    lng2, conn2 = copy.deepcopy(lng), copy.deepcopy(conn)
    lng2["name"], lng2["id"] = "BRANCH-LNG2", lng["id"] + "2"
    lng2["properties"]["gatewayIpAddress"] = "198.51.100.41"
    lng2["properties"]["bgpSettings"]["bgpPeeringAddress"] = "169.254.22.2"
    conn2["name"], conn2["id"] = conn["name"] + "2", conn["id"] + "2"
    conn2["properties"]["localNetworkGateway2"] = {"id": lng2["id"]}
    return data + [lng2, conn2]


def _codes_by_tunnel(report):
    return sorted((t["name"], t["verdict"],
                   tuple(sorted((f["code"], f["severity"]) for f in t["findings"] if f["severity"] != "info")))
                  for t in report["tunnels"])


def test_one_tunnel_per_instance_from_two_public_addresses_misses_the_cross_tunnels_only():
    asa_facts = asa_facts_from_text(TWO_OUTSIDES.format(first="198.51.100.40", second="198.51.100.41"))
    report = run_check(asa_facts, azure_facts_from_data(two_sites_export()), LOOSE)
    missing = ("ACTIVE_ACTIVE_TUNNEL_MISSING", "warning")
    assert [(verdict, codes) for _name, verdict, codes in _codes_by_tunnel(report)] == [
        ("degraded", (missing,)), ("degraded", (missing,))]


def test_one_tunnel_per_instance_behind_one_to_one_nat_is_no_failure_and_keeps_the_lng_addresses():
    # review 2026-12-05 D1: an ASAv with private outside addresses (its public ones mapped 1:1, the usual ASAv in a
    # cloud) gave each missing cross-instance tunnel a "fail" PEER_ADDRESS_MISMATCH that said to change a correct LNG
    asa_facts = asa_facts_from_text(TWO_OUTSIDES.format(first="10.1.0.4", second="10.1.2.4"))
    report = run_check(asa_facts, azure_facts_from_data(two_sites_export()), LOOSE)
    behind_nat, missing = ("PEER_ADDRESS_MISMATCH", "warning"), ("ACTIVE_ACTIVE_TUNNEL_MISSING", "warning")
    assert [(verdict, codes) for _name, verdict, codes in _codes_by_tunnel(report)] == [
        ("degraded", tuple(sorted((missing, behind_nat)))), ("degraded", tuple(sorted((missing, behind_nat))))]
    assert report["summary"]["fail"] == 0
    texts = " ".join(f["summary"] + str(f.get("remediation")) for t in report["tunnels"] for f in t["findings"])
    assert "gatewayIpAddress to" not in texts


# The VNet's routes stop short of the GatewaySubnet (10.20.255.0/27) so that the ASA reaches the gateway's private IP
# over ExpressRoute, outside the tunnel (site-to-site-vpn-private-peering.md, "Routing").
PRIVATE_PEERING = dict(active_active=False, enable_bgp=False, connection={"useLocalAzureIpAddress": True},
                       gateway={"enablePrivateIpAddress": True}, vnet_prefixes=("10.20.0.0/17",))
ROUTE = "route AZ-VTI-0 10.20.0.0 255.255.128.0 169.254.21.1 1\n"


def _peer_finding(report):
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    return finding


def test_an_asa_aimed_at_the_private_ip_of_a_connection_over_private_peering_passes():
    # site-to-site-vpn-private-peering.md: the on-premises device's remote IP is the gateway's private IP
    report, problems = check(asa([("169.254.21.2", "10.20.255.4")], routes=ROUTE), export(**PRIVATE_PEERING))
    assert problems == []
    assert report["summary"]["pass"] == 1


def test_an_asa_aimed_at_the_public_ip_of_a_connection_over_private_peering_is_a_mismatch_fixed_on_the_asa():
    # review 2026-12-05: this was the NAT warning ("a NAT device must map ..., not checked"), but no NAT maps the
    # gateway's public address to a connection that ends on its private one
    report, problems = check(asa([("169.254.21.2", AZURE[0])], routes=ROUTE), export(**PRIVATE_PEERING))
    assert problems == [("PEER_ADDRESS_MISMATCH", "error")]
    finding = _peer_finding(report)
    assert "useLocalAzureIpAddress" in finding["summary"] and "NAT device" not in finding["summary"]
    assert " tunnel destination 10.20.255.4" in finding["remediation"]["asa"]
    assert "azure" not in finding["remediation"]
    assert finding["proof"]["asa"]["proven"] is True


def test_the_private_ip_fix_is_not_shown_where_the_asa_routes_the_gateway_subnet_into_the_tunnel():
    # the whole VNet routed into the VTI holds the private IP: IKE to it would enter the tunnel itself
    routes = "route AZ-VTI-0 10.20.0.0 255.255.0.0 169.254.21.1 1\n"
    report, problems = check(asa([("169.254.21.2", AZURE[0])], routes=routes),
                             export(**{**PRIVATE_PEERING, "vnet_prefixes": ("10.20.0.0/16",)}))
    assert problems == [("PEER_ADDRESS_MISMATCH", "error")]
    finding = _peer_finding(report)
    assert finding["remediation"] == {}
    assert "LNG_CONTAINS_PEER_ADDRESS" in finding["proof"]["asa"]["reason"]


def test_in_an_estate_the_asa_aimed_at_the_public_ip_is_paired_with_the_private_peering_connection():
    # with a second ASA in the run, step 3 (the one end left on each side) no longer pairs them: the public address
    # of the gateway still does, and the finding is the peer address, not PEER_NOT_FOUND
    # the other ASA has a tunnel of its own, to a gateway not in the run
    other_text = (HEAD + VTI.format(n=0, inside="169.254.30.2", azure="203.0.113.99") + CRYPTO
                  + TUNNEL_GROUP.format(azure="203.0.113.99") + ": end\n")
    other = asa_facts_from_text(other_text.replace("198.51.100.40", "198.51.100.77").replace("branch-asa", "other-asa"))
    report = run_check([asa([("169.254.21.2", AZURE[0])], routes=ROUTE), other],
                       azure_facts_from_data(export(**PRIVATE_PEERING)), LOOSE)
    assert [(t["verdict"], sorted(f["code"] for f in t["findings"] if f["severity"] == "error"))
            for t in report["tunnels"]] == [("fail", ["PEER_ADDRESS_MISMATCH"])]
    assert " tunnel destination 10.20.255.4" in _peer_finding(report)["remediation"]["asa"]


def test_two_fixes_that_each_clear_a_finding_are_said_to_be_one_or_the_other_in_every_report():
    # review 2026-12-05 (pasted fixes): BGP_NOT_CONFIGURED's ASA fix removes the neighbor, its Azure fix turns BGP on;
    # both were labelled "proven" with nothing saying to make only one, and both made brought the error back reversed
    bgp = dict(asn=65010, neighbor="169.254.21.1", azure_asn=65515)
    resources = export(active_active=False, enable_bgp=False, lng_bgp=False)
    report, problems = check(asa([("169.254.21.2", AZURE[0])], bgp), resources)
    assert problems == [("BGP_NOT_CONFIGURED", "error")]
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "BGP_NOT_CONFIGURED"]
    assert set(finding["remediation"]) == {"asa", "azure"}
    texts = report_texts(report)
    either = "Either fix clears this finding on its own: make one of them, not both."
    for name in ("report.md", "report.xml"):
        assert texts[name].count(either) == 1, name
    assert "".join(texts["report.html"]).count(either) == 1
    assert any(either in line for line in summary_lines(report, "error"))


def test_azure_fixes_that_set_different_policies_each_name_the_other():
    # review 2026-12-05 (pasted fixes): each Azure policy fix sets the whole policy from today's; pasted in report
    # order, the info lifetime fix wrote PFS24 back over the PFS_MISMATCH error's PFS2048
    policy = {"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "AES256",
              "ipsecIntegrity": "SHA1", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup2",
              "pfsGroup": "PFS24"}
    routes = "route AZ-VTI-0 10.20.0.0 255.255.0.0 169.254.21.1 1\n"
    report, _problems = check(asa([("169.254.21.2", AZURE[0])], routes=routes),
                              export(active_active=False, enable_bgp=False, connection={"ipsecPolicies": [policy]}))
    fixes = {f["code"]: f["remediation"]["azure"] for f in report["tunnels"][0]["findings"]
             if isinstance((f.get("remediation") or {}).get("azure"), dict)}
    assert set(fixes) == {"PFS_MISMATCH", "CHILD_LIFETIME_MISMATCH"}
    pfs, lifetime = fixes["PFS_MISMATCH"], fixes["CHILD_LIFETIME_MISMATCH"]
    assert pfs["connection"]["properties"] != lifetime["connection"]["properties"]
    assert "the fix for INFO CHILD_LIFETIME_MISMATCH sets a different one" in pfs["note"]
    assert "the fix for ERROR PFS_MISMATCH sets a different one" in lifetime["note"]


def test_a_pfs_fix_on_the_default_policy_is_not_shown_where_no_ike_suite_is_negotiated_nor_its_asa_half():
    # review 2026-12-05 (pasted fixes): the Azure half wrote a custom policy pinning the default's first offers (SHA1,
    # DH group 2), which the ASA (SHA384, group 24) does not take; its ASA half was shown "proven together" alone
    text = (HEAD + VTI.format(n=0, inside="169.254.21.2", azure=AZURE[0])
            + CRYPTO.replace(" integrity sha256\n group 2\n prf sha256\n", " integrity sha384\n group 24\n prf sha384\n")
            .replace(" set ikev2 ipsec-proposal AZ-PROP\n", " set ikev2 ipsec-proposal AZ-PROP\n set pfs group24\n")
            + TUNNEL_GROUP.format(azure=AZURE[0]) + "route AZ-VTI-0 10.20.0.0 255.255.0.0 169.254.21.1 1\n: end\n")
    # the default baseline: Azure's IKE fix (to SHA384 and group 24) is not shown either, as ESP stays on SHA1
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(export(active_active=False, enable_bgp=False)))
    by_code = {f["code"]: f for f in report["tunnels"][0]["findings"]}
    assert "IKE_NO_COMMON_PROPOSAL" in by_code
    pfs = by_code["PFS_MISMATCH"]
    assert pfs["remediation"] == {}
    assert "negotiates no IKE suite" in pfs["proof"]["azure"]["reason"]
    assert "IKE_NO_COMMON_PROPOSAL" in pfs["proof"]["azure"]["reason"]
    assert "only together with Azure's change, which is not shown" in pfs["proof"]["asa"]["reason"]
