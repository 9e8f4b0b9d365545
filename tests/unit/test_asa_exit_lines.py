# -*- coding: utf-8 -*-
"""``exit`` lines of a configuration saved as it was typed (a configure-terminal script): the shape of Microsoft's
ASA template (Azure/Azure-vpn-config-samples, Cisco/Older/ASA/cisco-asa-asasoftware-8.3.cfg), which ends each block
with `` exit`` and the script with ``exit``; our own pushes end blocks with ``exit`` too (asa/push_plan.py). The ASA
reads ``exit`` as "leave this mode", no setting: it was named as a bad sub-command with the fix "Replace 'exit'", the
object-group it ended was taken as read short (the tunnel's selectors then not checked), and the last ``exit`` was
named as the rest of a line cut in two."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config

# In the template's shape, in our own names, addresses and key
SCRIPT = """\
object-group network AZ-VNET
 network-object 172.16.0.0 255.255.0.0
 exit
object-group network HQ-NETS
 network-object 10.0.0.0 255.0.0.0
 exit
access-list AZ-ACL extended permit ip object-group HQ-NETS object-group AZ-VNET
nat (inside,outside) source static HQ-NETS HQ-NETS destination static AZ-VNET AZ-VNET
crypto isakmp enable outside
crypto isakmp policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
 lifetime 28800
 exit
crypto ipsec transform-set AZ-TS esp-aes-256 esp-sha-hmac
crypto ipsec security-association lifetime seconds 3600
crypto ipsec security-association lifetime kilobytes 102400000
crypto map AZ-MAP 10 match address AZ-ACL
crypto map AZ-MAP 10 set peer 203.0.113.20
crypto map AZ-MAP 10 set transform-set AZ-TS
crypto map AZ-MAP interface outside
tunnel-group 203.0.113.20 type ipsec-l2l
tunnel-group 203.0.113.20 ipsec-attributes
 pre-shared-key *****
 exit
sysopt connection tcpmss 1350
exit
"""


def _exit_lines(text):
    return {number for number, line in enumerate(text.splitlines(), 1) if line.strip() == "exit"}


def _naming(facts, numbers):
    return [f for f in facts["findings"]
            if numbers & {line["line"] for line in f["evidence"].get("asa", {}).get("lines") or []}]


def test_exit_lines_of_a_typed_script_are_no_findings():
    facts = asa_facts_from_text(SCRIPT)
    assert _naming(facts, _exit_lines(SCRIPT)) == []
    assert not [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]


def test_exit_after_an_object_group_leaves_its_members_read():
    """The group was read short (an 'exit' line in it not read), so the crypto ACL gave no selectors."""
    tunnels = list(asa_facts_from_text(SCRIPT)["tunnels"])
    assert len(tunnels) == 1
    end = tunnels[0]
    assert [(s["local"], s["remote"]) for s in end["traffic_selectors"]] == [("10.0.0.0/8", "172.16.0.0/16")]


def test_exit_closing_blocks_of_a_running_config_reads_as_without_it():
    plain = asa_config()
    typed = plain.replace(" lifetime seconds 28800\n", " lifetime seconds 28800\n exit\n").replace(
        " protocol esp integrity null\n", " protocol esp integrity null\n exit\n")
    assert typed != plain
    before, after = asa_facts_from_text(plain), asa_facts_from_text(typed)
    assert _naming(after, _exit_lines(typed)) == []
    assert [f["code"] for f in after["findings"]] == [f["code"] for f in before["findings"]]
    (end_before,), (end_after,) = before["tunnels"], after["tunnels"]
    for key in ("ike_proposals", "child_proposals", "ike_lifetime", "child_lifetime", "traffic_selectors"):
        assert _values(end_after[key]) == _values(end_before[key]), key


def _values(value):
    """``value`` without its line numbers (an added 'exit' line moves the lines after it)."""
    if isinstance(value, dict):
        return {k: _values(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_values(v) for v in value]
    return value
