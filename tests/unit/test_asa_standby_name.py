# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review A (2026-12): 'ip address A M standby NAME' kept the standby as the 'name' alias, while the active address
was resolved, so an Azure local network gateway at the standby address was not matched to the ASA (the facts'
interface_addresses, which pair a connection with an ASA when no tunnel end matches it, held the alias)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text

TEXT = """\
ASA Version 9.18(3)
hostname edge-b
names
name 192.0.2.61 EDGE-ACT
name 192.0.2.62 EDGE-STBY
interface GigabitEthernet0/3
 nameif untrust
 security-level 0
 ip address EDGE-ACT 255.255.255.240 standby EDGE-STBY
: end
"""


def test_a_standby_address_given_by_name_is_resolved():
    addresses = asa_facts_from_text(TEXT)["interface_addresses"]
    assert "192.0.2.61" in addresses and "192.0.2.62" in addresses and "EDGE-STBY" not in addresses
