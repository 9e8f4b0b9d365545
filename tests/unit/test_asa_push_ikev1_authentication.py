# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's ikev1_authentication: a copy of each IKEv1 policy named with the tunnel's ``authentication`` at a
free priority (the policy itself left as it is for what else authenticates with it): commands, undo, diff lines,
idempotence, refusals, and what the check makes of the result (AUTH_MISMATCH goes away)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import config_after, plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError

from scenario_builders import asa_config
from test_ikev1_shapes import IKEV1_PART, ikev1_connection
from test_scenarios import report_for

RSA = asa_config(version="9.8(4)", tunnel_protocol="ikev1", auth="ikev1 pre-shared-key *****",
                 extra=IKEV1_PART.format(transform="esp-aes-256 esp-sha-hmac", auth="rsa-sig", group="2"))
COPY = ["crypto ikev1 policy 21", " authentication pre-share", " encryption aes-256", " hash sha", " group 2",
        " lifetime 28800", "exit"]
PSK_20 = {"method": "psk", "policies": [20]}


def params(**extra):
    return dict(dict(crypto_map="AZ-MAP", seq=10), **extra)


def errors(text):
    [tunnel] = report_for(text, ikev1_connection())["tunnels"]
    return sorted(f["code"] for f in tunnel["findings"] if f["severity"] == "error")


def test_the_push_adds_a_pre_share_copy_after_every_policy_undoes_it_and_leaves_the_rsa_sig_one():
    plan = plan_present(RSA, params(ikev1_authentication=PSK_20))
    assert plan.commands == COPY
    assert plan.rollback == ["no crypto ikev1 policy 21"]
    assert "crypto ikev1 policy 21" in plan.after and "crypto ikev1 policy 21" not in plan.before  # --diff shows it
    after = config_after(RSA, plan)
    assert "crypto ikev1 policy 20\n authentication rsa-sig\n" in after
    assert errors(RSA) == ["AUTH_MISMATCH"] and errors(after) == []
    assert plan_present(after, params(ikev1_authentication=PSK_20)).commands == []  # idempotent


def test_nothing_is_added_where_the_policy_or_a_copy_already_authenticates_so():
    pre_share = RSA.replace("authentication rsa-sig", "authentication pre-share")
    assert plan_present(pre_share, params(ikev1_authentication=PSK_20)).commands == []
    copy_at_7 = RSA.replace("crypto ikev1 policy 20\n", "crypto ikev1 policy 7\n authentication pre-share\n"
                            " encryption aes-256\n hash sha\n group 2\n lifetime 28800\ncrypto ikev1 policy 20\n")
    assert plan_present(copy_at_7, params(ikev1_authentication=PSK_20)).commands == []


def test_each_policy_named_gets_its_copy_in_order_and_certificate_is_rsa_sig():
    two = RSA.replace("crypto ikev1 policy 20\n", "crypto ikev1 policy 30\n authentication rsa-sig\n encryption "
                      "aes-256\n hash sha\n group 14\ncrypto ikev1 policy 20\n")
    commands = plan_present(two, params(ikev1_authentication={"method": "psk", "policies": [20, 30]})).commands
    assert [c for c in commands if not c.startswith(" ")] == ["crypto ikev1 policy 31", "exit",
                                                              "crypto ikev1 policy 32", "exit"]
    assert commands[commands.index("crypto ikev1 policy 32") + 1:][:4] == [
        " authentication pre-share", " encryption aes-256", " hash sha", " group 14"]
    pre_share = RSA.replace("authentication rsa-sig", "authentication pre-share")
    commands = plan_present(pre_share, params(ikev1_authentication={"method": "certificate", "policies": [20]})).commands
    assert commands[:2] == ["crypto ikev1 policy 21", " authentication rsa-sig"]


@pytest.mark.parametrize("option,said", [
    ({"method": "psk", "policies": [5]}, "no crypto ikev1 policy 5"),
], ids=range(1))
def test_a_policy_the_asa_does_not_have_is_refused_before_anything_is_sent(option, said):
    with pytest.raises(IntentError, match=said):
        plan_present(RSA, params(ikev1_authentication=option))


def test_an_asa_holding_twenty_ikev1_policies_is_refused_naming_the_limit():
    full = RSA.replace("crypto ikev1 policy 20\n", "".join(
        "crypto ikev1 policy %d\n authentication rsa-sig\n encryption aes\n" % n for n in range(1, 20))
        + "crypto ikev1 policy 20\n")
    with pytest.raises(IntentError, match="holds 20 IKEv1 policies, the most it takes"):
        plan_present(full, params(ikev1_authentication=PSK_20))


@pytest.mark.parametrize("policies,said", [([], "needs at least one"), ([0], "from 1 to 65535")], ids=range(2))
def test_the_option_needs_policy_priorities_the_asa_takes(policies, said):
    assert said in option_error(params(ikev1_authentication={"method": "psk", "policies": policies}))
