# -*- coding: utf-8 -*-
"""align_role.py (the align role's filters): the module options for one end in every align_to mode, for crypto map
and VTI ends, and the story of what was done; what an end cannot take is said, not dropped."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import done, module_options

VTI_TUNNEL = {
    "name": "S2S",
    "asa": {"host": "fw1", "crypto_map": None, "seq": None},
    "azure": {"connection": "S2S"},
    "alignment": {
        "align_to_azure": {"end": "interface Tunnel1", "manual": [], "needs_pre_shared_key": False,
                           "options": {"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF",
                                       "tunnel_group": "203.0.113.20", "pfs_group": 14}},
        "align_to_asa": {"end": "connection S2S", "manual": [{"kind": "bgp", "reason": "r"}],
                         "needs_pre_shared_key": False,
                         "options": {"name": "S2S", "resource_group": "RG", "enable_bgp": True}},
    },
}
INTENT = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14],
                  "lifetime_seconds": 28800},
          "esp": {"encryption": ["AES-GCM-256"], "integrity": []}, "pfs_group": 14,
          "local_networks": ["10.0.0.0/8"], "remote_networks": ["172.16.0.0/16"], "enable_bgp": True}


def test_one_end_modes_take_the_checks_alignment():
    assert module_options(VTI_TUNNEL, "asa", "azure")["options"]["pfs_group"] == 14
    assert module_options(VTI_TUNNEL, "azure", "asa") == {
        "options": {"name": "S2S", "resource_group": "RG", "enable_bgp": True},
        "manual": [{"kind": "bgp", "reason": "r"}]}


def test_intent_mode_gives_a_vti_its_crypto_and_says_why_selectors_are_left_out():
    asa = module_options(VTI_TUNNEL, "asa", "intent", INTENT, {"tcp_mss": 1350})
    assert asa["options"] == {"tunnel_interface": "Tunnel1", "ipsec_profile": "AZ-PROF",
                              "tunnel_group": "203.0.113.20", "ike": INTENT["ike"], "esp": INTENT["esp"],
                              "pfs_group": 14, "tcp_mss": 1350}
    assert [m["kind"] for m in asa["manual"]] == ["local_networks", "remote_networks"]
    assert "a VTI (route-based)" in asa["manual"][0]["reason"]
    azure = module_options(VTI_TUNNEL, "azure", "intent", INTENT)
    assert azure["options"]["enable_bgp"] is True
    assert azure["options"]["ike"] == {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14]}
    assert "local_networks" not in azure["options"] and azure["manual"] == []


def test_intent_mode_refuses_vti_options_for_a_crypto_map_entry():
    tunnel = {"name": "T", "alignment": {"align_to_azure": {"options": {"crypto_map": "M", "seq": 1}, "manual": []}}}
    out = module_options(tunnel, "asa", "intent", {"pfs_group": 14}, {"bgp": {"asn": 65010}})
    assert out["options"] == {"crypto_map": "M", "seq": 1, "pfs_group": 14}
    assert out["manual"][0]["kind"] == "bgp" and "crypto map entry" in out["manual"][0]["reason"]


def test_done_names_each_end_and_lists_what_is_left():
    results = [
        {"tunnel": VTI_TUNNEL, "changed": True, "commands": ["crypto ipsec profile AZ-PROF", " set pfs group14",
                                                             "exit"]},
        {"tunnel": VTI_TUNNEL, "changed": False, "changes": {}},
        {"tunnel": VTI_TUNNEL, "skipped": True},
    ]
    asa, azure = done(results, "asa")
    assert asa["end"] == "fw1 interface Tunnel1" and asa["side"] == "asa"
    assert asa["lines"] == ["  ASA fw1 interface Tunnel1: 3 command(s)", "    crypto ipsec profile AZ-PROF",
                            "     set pfs group14", "    exit"]
    assert azure["lines"] == ["  Azure connection S2S: no change", "    left to do: bgp: r"]
