# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review A (2026-12): a dynamic VTI (``interface Virtual-Template N type tunnel``, ASA 9.19 and later) was dropped
without a word, and the report said the ASA had no tunnel interface and advised adding a crypto map entry (a second,
conflicting tunnel). Not modelled, it is a finding naming its lines, and PEER_NOT_FOUND says a DVTI may serve the peer.
A ``tunnel ...`` line on an interface that takes none is a finding too."""

import pytest

from scenario_builders import SITE, azure_resources, vti_config
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import inputs_without_tunnels

DVTI = SITE.format(version="9.20(2)") + """\
interface Loopback7
 nameif hub-loop
 ip address 10.77.0.1 255.255.255.255
!
interface Virtual-Template7 type tunnel
 nameif hub-dvti
 ip unnumbered hub-loop
 tunnel source interface INTERNET
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile HUB-PROF
!
crypto ipsec ikev2 ipsec-proposal HUB-PROP
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ipsec profile HUB-PROF
 set ikev2 ipsec-proposal HUB-PROP
crypto ikev2 policy 5
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
crypto ikev2 enable INTERNET
tunnel-group HUB-SPOKES type ipsec-l2l
tunnel-group HUB-SPOKES ipsec-attributes
 virtual-template 7
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
: end
"""


def _dvti_findings(findings):
    return [f for f in findings if f.code == "UNSUPPORTED_CONSTRUCT" and "dynamic VTI" in f.summary]


def test_a_dynamic_vti_is_named_with_its_lines_and_tunnel_group():
    config, findings = parse_asa_config(DVTI)
    [finding] = _dvti_findings(findings)
    lines = DVTI.splitlines()
    named = [entry["line"] for entry in finding.evidence["asa"]["lines"]]
    assert finding.severity == "warning"  # the ASA has no other tunnel: nothing of it is checked
    assert lines.index("interface Virtual-Template7 type tunnel") + 1 in named
    assert lines.index(" tunnel protection ipsec profile HUB-PROF") + 1 in named
    assert lines.index(" virtual-template 7") + 1 in named
    assert "tunnel-group HUB-SPOKES" in finding.summary and "cannot be paired" in finding.summary
    # the interface is Virtual-Template7, not "Virtual-Template7 type tunnel" (the unnumbered finding names it)
    assert "Virtual-Template7" in config.interfaces
    [unnumbered] = [f for f in findings if "unnumbered" in f.summary]
    assert "address Virtual-Template7 borrows" in unnumbered.remediation["asa"][0]


def test_a_dynamic_vti_next_to_a_static_tunnel_is_information():
    text = vti_config().replace(": end", "interface Virtual-Template3 type tunnel\n nameif spokes\n"
                                         " tunnel source interface INTERNET\n: end")
    [finding] = _dvti_findings(parse_asa_config(text)[1])
    assert finding.severity == "info"


@pytest.mark.parametrize("group", ["DefaultL2LGroup", "203.0.113.20"])
def test_peer_not_found_next_to_a_dynamic_vti_does_not_deny_the_tunnel_interface(group):
    """A template bound to the tunnel-group Azure's identity (its public address) lands in, or to DefaultL2LGroup,
    may serve the connection."""
    report = report_for(DVTI.replace("HUB-SPOKES", group), azure_resources())
    [tunnel] = report["tunnels"]
    [missing] = [f for f in tunnel["findings"] if f["code"] == "PEER_NOT_FOUND"]
    assert "no crypto map entry or IPsec tunnel interface" not in missing["summary"]
    assert "dynamic VTI" in missing["summary"] and "not checked" in missing["summary"]
    assert missing["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert not any("crypto map entry" in step for step in missing["remediation"]["asa"])
    assert any(f["code"] == "UNSUPPORTED_CONSTRUCT" and "dynamic VTI" in f["summary"] for f in tunnel["findings"])
    [empty] = inputs_without_tunnels([asa_facts_from_text(DVTI.replace("HUB-SPOKES", group), host="hub")], [])
    assert "dynamic VTI" in empty and "no crypto map entry or tunnel interface)" not in empty


@pytest.mark.parametrize("group", ["HUB-SPOKES", "192.0.2.77", None])
def test_a_dynamic_vti_bound_to_other_peers_groups_leaves_peer_not_found_an_error(group):
    """Review 2026-12-06: the ASA picks an L2L tunnel-group by the peer's IKE identity (ASA_VPN_GUIDE_920_VTI), and
    Azure sends its public address: a template bound to other peers' groups, or to none, serves no Azure connection,
    and its PEER_NOT_FOUND stays an error (it was a warning, the tunnel "degraded")."""
    text = DVTI.replace("HUB-SPOKES", group) if group else DVTI.replace(" virtual-template 7\n", "")
    [tunnel] = report_for(text, azure_resources())["tunnels"]
    [missing] = [f for f in tunnel["findings"] if f["code"] == "PEER_NOT_FOUND"]
    assert missing["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "dynamic VTI" not in missing["summary"]


def test_a_tunnel_line_on_an_interface_that_is_no_tunnel_is_a_finding():
    text = SITE.format(version="9.16(4)").replace(" ip address 10.1.0.1 255.255.0.0",
                                                  " ip address 10.1.0.1 255.255.0.0\n tunnel destination 192.0.2.40")
    findings = parse_asa_config(text + ": end\n")[1]
    [finding] = [f for f in findings if "tunnel destination 192.0.2.40" in f.summary]
    assert finding.code == "UNSUPPORTED_CONSTRUCT" and finding.severity == "warning"
    assert finding.evidence["asa"]["lines"][0]["line"] == text.splitlines().index(" tunnel destination 192.0.2.40") + 1
