# -*- coding: utf-8 -*-
"""align_to intent's new ``crypto ikev2 policy`` is judged for what it does on the whole ASA (review L, finding 2).
The ASA's IKEv2 policies are global: as responder it takes the first of its policies, by priority, that matches the
peer's offer, and as initiator it offers them all in priority order (Cisco ASA Series VPN CLI Configuration Guide,
Site-to-Site, ``crypto ikev2 policy`` priority). So a new policy with the suite of an earlier one and another lifetime
is never chosen (the intent was reported applied and the re-check still showed the old lifetime), and one placed
before the existing ones (``ike.priority: 1``) changes what every other peer negotiates. Both are refused, naming the
policy or the tunnels; a policy that takes effect and changes nobody else's negotiation still goes."""

import os
import sys

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_role
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import planned
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from scenario_builders import asa_config, azure_resources

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))
import synthetic  # noqa: E402

# asa_config(): crypto ikev2 policy 10 = aes-256 / sha256 / group 14 / prf sha256 / lifetime 28800
IKE = {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 3600}
ESP = {"encryption": ["AES-GCM-256"], "integrity": []}
OTHER_PEERS = """crypto map AZ-MAP 20 match address P1-ACL
crypto map AZ-MAP 20 set peer 192.0.2.10
crypto map AZ-MAP 20 set ikev2 ipsec-proposal AZ-PROP
crypto dynamic-map DYN 10 set ikev2 ipsec-proposal AZ-PROP
crypto map AZ-MAP 65535 ipsec-isakmp dynamic DYN
crypto map AZ-MAP interface INTERNET
"""


def _intent(**ike):
    return {"ike": dict(IKE, **ike), "esp": ESP}


def _check(text, resources, intent):
    return run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(resources), intent=intent)


def _asa_jobs(report, intent):
    return [j for j in align_role.jobs(report["tunnels"], "intent", have_key=True, intent=intent) if j["side"] == "asa"]


def test_a_new_policy_an_earlier_one_of_the_same_suite_shadows_is_refused_not_reported_applied():
    intent = _intent()
    report = _check(asa_config(), azure_resources(), intent)
    [refused] = report["tunnels"][0]["intent_refused"]
    assert "crypto ikev2 policy 10" in refused and "never chosen" in refused and "28800" in refused, refused
    assert not [j for j in _asa_jobs(report, intent) if j["run"]]


def test_a_new_policy_before_the_others_is_refused_naming_the_tunnels_nobody_read():
    text = asa_config().replace("crypto map AZ-MAP interface INTERNET\n", OTHER_PEERS).replace(
        "crypto map AZ-MAP 10 match address AZ-ACL\n",
        "access-list P1-ACL extended permit ip 10.0.0.0 255.0.0.0 192.168.1.0 255.255.255.0\n"
        "crypto map AZ-MAP 10 match address AZ-ACL\n")
    intent = _intent(priority=1)
    report = _check(text, azure_resources(), intent)
    [refused] = report["tunnels"][0]["intent_refused"]
    assert "crypto ikev2 policy 1 is global" in refused, refused
    assert "AZ-MAP 20 (peer 192.0.2.10)" in refused and "crypto dynamic-map DYN 10" in refused, refused
    assert not [j for j in _asa_jobs(report, intent) if j["run"]]


def test_a_new_policy_before_the_others_is_refused_naming_the_paired_tunnel_whose_lifetime_it_changes():
    # two paired tunnels on one ASA, both negotiating aes-256 / sha256 / group 19 through policy 10 (28800 s)
    text, sites = synthetic.generate("few", tunnels=2)
    intent = _intent(dh_groups=[19], priority=1)
    report = _check(text, synthetic.azure_export(sites), intent)
    reasons = {t["name"]: t["intent_refused"] for t in report["tunnels"]}
    assert len(reasons) == 2
    for refused in reasons.values():
        assert len(refused) == 1 and "crypto ikev2 policy 1 is global" in refused[0], refused
        assert "1 other tunnel(s)" in refused[0] and "OUTSIDE-MAP" in refused[0], refused


def test_a_new_policy_that_takes_effect_and_moves_no_other_tunnel_goes_and_holds_after_the_push():
    # the ASA has no other tunnel: policy 1 changes no one else's negotiation, and it is the one chosen
    intent = _intent(priority=1)
    report = _check(asa_config(), azure_resources(), intent)
    assert report["tunnels"][0]["intent_refused"] == []
    [job] = [j for j in _asa_jobs(report, intent) if j["run"]]
    plan = plan_present(asa_config(), dict(job["options"], state="present"))
    assert "crypto ikev2 policy 1" in plan.commands, list(plan.commands)
    after = planned(ConfigTree.of(asa_config()), plan).text()
    # the re-check: the ASA now negotiates the intent's lifetime with Azure (rekey: negotiated_ike_lifetime)
    assert _check(after, azure_resources(), None)["tunnels"][0]["rekey"]["asa"]["ike_lifetime_seconds"] == 3600


def test_an_intent_without_a_lifetime_reuses_the_policy_of_its_suite():
    # no lifetime asked, and policy 10 has the suite: nothing is added (a policy 11 after it would never be chosen)
    intent = {"ike": {k: v for k, v in IKE.items() if k != "lifetime_seconds"}, "esp": ESP}
    report = _check(asa_config(), azure_resources(), intent)
    assert report["tunnels"][0]["intent_refused"] == []
    [job] = [j for j in _asa_jobs(report, intent) if j["run"]]
    plan = plan_present(asa_config(), dict(job["options"], state="present"))
    assert not [c for c in plan.commands if c.startswith("crypto ikev2 policy")], list(plan.commands)
