# -*- coding: utf-8 -*-
"""align_to intent on an ESP proposal another crypto map entry names too (review C4): the plan gives the entry a
proposal of its own, named as safest names it (VPNALIGN-...), so asa_vpn_tunnel takes the end and the other entry keeps
its ESP; it failed at push time with "ESP proposal UKSouth is also named by crypto map CRYPTO-MAP 3". A shared
proposal that already holds the intent's ESP is left as it is."""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from seed_example import seed_arm, seed_asa_text
from test_asa_tunnel_context import run

INTENT = {"ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800},
          "esp": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]}, "pfs_group": 14,
          "child_lifetime_seconds": 3600, "child_lifetime_kilobytes": 102400000}
OTHER_ENTRY = ["access-list other-acl extended permit ip 10.0.0.0 255.0.0.0 192.168.50.0 255.255.255.0",
               "crypto map CRYPTO-MAP 3 match address other-acl",
               "crypto map CRYPTO-MAP 3 set peer 192.0.2.50",
               "crypto map CRYPTO-MAP 3 set ikev2 ipsec-proposal UKSouth",
               "crypto map CRYPTO-MAP 3 set security-association lifetime seconds 3600"]


def _shared(text, proposal_lines=None):
    """The seed with a second entry naming UKSouth (``proposal_lines``: UKSouth's lines instead of the seed's)."""
    lines = text.splitlines()
    at = lines.index("crypto map CRYPTO-MAP 2 set nat-t-disable") + 1
    lines[at:at] = OTHER_ENTRY
    if proposal_lines is not None:
        start = lines.index("crypto ipsec ikev2 ipsec-proposal UKSouth") + 1
        end = start
        while lines[end].startswith(" "):
            end += 1
        lines[start:end] = proposal_lines
    return "\n".join(lines) + "\n"


def _planned(text):
    report = run_check(asa_facts_from_text(text, host="fw-a"), azure_facts_from_data(seed_arm()), intent=INTENT)
    planned = align_role.plan(report["tunnels"], "intent", intent=INTENT, default_azure_host="sub-a")
    return report, planned


def test_intent_gives_an_entry_on_a_shared_proposal_its_own_and_the_module_takes_it(monkeypatch, capsys):
    text = _shared(seed_asa_text())
    report, planned = _planned(text)
    assert [tunnel.get("intent_refused") for tunnel in report["tunnels"] if tunnel.get("alignment")] == [[]]
    [item] = planned["asa_tunnels"]["fw-a"]
    assert item["ipsec_proposal"] == "VPNALIGN-AES-CBC-256-SHA256"
    result, _device = run(monkeypatch, capsys, dict(tunnels=[item], running_config=text))
    assert not result.get("failed"), result.get("msg")
    commands = result["commands"]
    assert "crypto map CRYPTO-MAP 2 set ikev2 ipsec-proposal VPNALIGN-AES-CBC-256-SHA256" in commands
    assert "crypto ipsec ikev2 ipsec-proposal VPNALIGN-AES-CBC-256-SHA256" in commands
    assert not [line for line in commands if "UKSouth" in line or "CRYPTO-MAP 3" in line], commands


def test_a_shared_proposal_that_already_holds_the_intents_esp_is_kept():
    text = _shared(seed_asa_text(), [" protocol esp encryption aes-256", " protocol esp integrity sha-256"])
    _report, planned = _planned(text)
    [item] = planned["asa_tunnels"]["fw-a"]
    assert item["ipsec_proposal"] == "UKSouth"


def test_an_entry_whose_proposal_is_its_own_keeps_it():
    _report, planned = _planned(seed_asa_text())
    [item] = planned["asa_tunnels"]["fw-a"]
    assert item["ipsec_proposal"] == "UKSouth" and json.dumps(item["esp"]) == json.dumps(INTENT["esp"])


def test_an_entry_on_a_hub_wide_proposal_names_a_few_of_the_others_and_their_count():
    """One proposal for a hub's every entry is common: each entry's facts listed all the others (quadratic: the
    100k-line benchmark's adapter took twice as long, 2026-12-06). A few are named, with the count."""
    lines = seed_asa_text().splitlines()
    at = lines.index("crypto map CRYPTO-MAP 2 set nat-t-disable") + 1
    for seq in range(3, 43):
        lines[at:at] = ["crypto map CRYPTO-MAP %d match address uksouth-s2s-acl" % seq,
                        "crypto map CRYPTO-MAP %d set peer 192.0.2.%d" % (seq, seq),
                        "crypto map CRYPTO-MAP %d set ikev2 ipsec-proposal UKSouth" % seq]
    facts = asa_facts_from_text("\n".join(lines) + "\n")
    (seed,) = [t for t in facts["tunnels"] if t["ref"].get("seq") == 2]
    shared = seed["ref"]["shared_ipsec_proposals"]["UKSouth"]
    assert len(shared["users"]) == 3 and shared["users_total"] == 40
