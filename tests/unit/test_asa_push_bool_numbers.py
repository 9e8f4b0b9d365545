# -*- coding: utf-8 -*-
"""A YAML true/false given for pfs_group or tcp_mss is refused before anything is planned (review s41): Ansible's int
type keeps False, which equals 0, so ``pfs_group: false`` planned the removal of an entry's PFS and ``tcp_mss: false``
the global ``sysopt connection tcpmss 0``. azure_vpn_connection refuses a bool pfs_group already; both ends now agree.
A real 0 keeps its documented meaning."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import checked_item, planned_items_error

# the seed's live entry with PFS on it, as a running config holds it
CONFIG = "\n".join([
    "interface GigabitEthernet0/0", " nameif INTERNET", " ip address 203.0.113.1 255.255.255.0",
    "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0",
    "crypto ipsec ikev2 ipsec-proposal AZ-PROP", " protocol esp encryption aes-256", " protocol esp integrity sha-256",
    "crypto map AZ-MAP 10 match address AZ-ACL", "crypto map AZ-MAP 10 set peer 203.0.113.20",
    "crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP", "crypto map AZ-MAP 10 set pfs group14",
    "crypto map AZ-MAP interface INTERNET", "sysopt connection tcpmss 1350", ""])
ENTRY = dict(crypto_map="AZ-MAP", seq=10)
BOOLS = [("pfs_group", False, "0 removes PFS"), ("pfs_group", True, "0 removes PFS"),
         ("tcp_mss", False, "every interface"), ("tcp_mss", True, "every interface")]


@pytest.mark.parametrize("option, value, meaning", BOOLS, ids=range(len(BOOLS)))
def test_a_bool_is_refused_naming_the_option(option, value, meaning):
    options, why = checked_item(dict(ENTRY, **{option: value}), {})
    assert options is None
    assert why.startswith("%s must be a number" % option), why
    assert meaning in why and str(value) in why


@pytest.mark.parametrize("option, value, meaning", BOOLS, ids=range(len(BOOLS)))
def test_align_stops_before_any_push_on_a_bool(option, value, meaning):
    """align_asa_entry / align_intent handed to the ASA end: vpn_align_plan's gate says it before any host is pushed."""
    why = planned_items_error({"asa01": [dict(ENTRY, name="t1", **{option: value})]}, {"t1": "AZ-MAP 10"})
    assert why and "ASA asa01" in why and "AZ-MAP 10" in why and "%s must be a number" % option in why, why
    assert meaning in why


@pytest.mark.parametrize("option, line", [("pfs_group", "no crypto map AZ-MAP 10 set pfs group14"),
                                          ("tcp_mss", "sysopt connection tcpmss 0")], ids=range(2))
def test_zero_still_means_what_the_docs_say(option, line):
    options, why = checked_item(dict(ENTRY, **{option: 0}), {})
    assert why is None
    assert line in plan_present(CONFIG, options).commands
