# -*- coding: utf-8 -*-
"""A crypto ACL fix that adds a local network exempts it from NAT on the interface the ASA routes that network to,
one rule per interface, and the proof re-checks the exemption as the NAT check reads it (review I, defect 2: the
network 10.4.16.0/20, behind ``servers``, got ``nat (inside,outside)`` marked proven; applied, the check said
NAT_EXEMPTION_MISSING). Where no route places the network, no rule is guessed: the fix is left to a person."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import remediation, remediation_selectors
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_and_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from policy_based_ikev1_fixture import ASA as BASE
from policy_based_ikev1_fixture import check as _tunnel
from vendor_apply import apply_asa


# the crypto ACL (object-group onprem-networks) leaves out 10.4.16.0/20, the servers interface's network
FEWER = BASE.replace(" network-object 10.4.16.0 255.255.240.0\n", "", 1)


def _before_end(text, lines):
    """``text`` with ``lines`` inserted before its ': end' line."""
    head, tail = text.rsplit(": end", 1)
    return head + "".join(line + "\n" for line in lines) + ": end" + tail


def _selector_finding(tunnel):
    [found] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    return found


def _problems(tunnel):
    return sorted(f["code"] for f in tunnel["findings"] if f["severity"] in ("error", "warning")
                  and f["code"] != "WEAK_CRYPTO")


def test_the_fix_exempts_the_added_network_on_the_interface_it_sits_behind_and_works_once_applied():
    assert " network-object 10.4.16.0 255.255.240.0\n" in BASE
    finding = _selector_finding(_tunnel(FEWER))
    lines = finding["remediation"]["asa"]
    assert finding["proof"]["asa"]["proven"] is True
    nat = [line for line in lines if line.startswith("nat (")]
    assert len(nat) == 1 and nat[0].startswith("nat (servers,outside) 1 source static "), lines
    after, _applied = apply_asa(FEWER, lines)
    assert _problems(_tunnel(after)) == []


def test_networks_behind_two_interfaces_get_one_rule_each():
    # 10.4.24.0/21, half of the servers /20, is routed to a lab router behind interface lab
    text = FEWER.replace("interface GigabitEthernet1/3\n", "interface GigabitEthernet1/4\n nameif lab\n"
                         " security-level 100\n ip address 10.4.99.1 255.255.255.0\n!\ninterface GigabitEthernet1/3\n", 1)
    text = text.replace("route outside 0.0.0.0 0.0.0.0 192.0.2.1 1\n", "route outside 0.0.0.0 0.0.0.0 192.0.2.1 1\n"
                        "route lab 10.4.24.0 255.255.248.0 10.4.99.2 1\n", 1)
    text = text.replace("nat (servers,outside) source static", "nat (lab,outside) source static onprem-networks "
                        "onprem-networks destination static azure-networks azure-networks no-proxy-arp route-lookup\n"
                        "nat (servers,outside) source static", 1)
    finding = _selector_finding(_tunnel(text))
    lines = finding["remediation"]["asa"]
    assert finding["proof"]["asa"]["proven"] is True
    nat = sorted(line.split(" 1 ")[0] for line in lines if line.startswith("nat ("))
    assert nat == ["nat (lab,outside)", "nat (servers,outside)"], lines
    after, _applied = apply_asa(text, lines)
    assert _problems(_tunnel(after)) == []


def test_a_network_no_route_places_gets_no_guessed_rule_but_a_note():
    text = _before_end(BASE, ["interface GigabitEthernet1/5", " nameif dmz", " security-level 50",
                              " ip address 172.30.0.1 255.255.255.0"])
    facts, ends = asa_facts_and_ends(text, host="hq-asa")
    [end] = ends
    end.ingress_routes = tuple(facts["ingress"])
    lines = remediation.asa_remediation(end, [intent("nat_exemption", local=["10.9.0.0/16"], remote=["10.40.0.0/16"])])
    assert not any(line.startswith("nat (") for line in lines), lines
    assert lines[0].startswith("! no connected network or static route tells which interface 10.9.0.0/16 enter(s) by"), lines


def test_the_proof_refuses_an_exemption_on_another_interface(monkeypatch):
    # the rendering as it was: the interfaces of the networks the entry had before the fix (inside)
    monkeypatch.setattr(remediation_selectors, "fix_interfaces", lambda end, local, outside: (["inside"], [], []))
    finding = _selector_finding(_tunnel(FEWER))
    proof = finding["proof"]["asa"]
    assert proof["proven"] is False
    assert "NAT_EXEMPTION_MISSING" in proof["reason"] and "10.4.16.0/20 enters by servers" in proof["reason"], proof
    assert not any(line.startswith("nat (inside,") for line in finding["remediation"].get("asa") or ())
