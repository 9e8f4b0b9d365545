# -*- coding: utf-8 -*-
"""AUTH_MISMATCH's ``ike_auth_method`` fix, pushed: an ASA whose IKEv1 policies all say ``authentication rsa-sig``
against Azure's pre-shared key gets, from align, the proven copy of each policy with ``authentication pre-share``
(asa_vpn_tunnel's ikev1_authentication). Before, align neither pushed it nor listed it as left to do: the re-check
still failed on AUTH_MISMATCH."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import crypto_options
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import jobs
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import config_after, plan_present

from test_asa_push_ikev1_authentication import PSK_20, RSA, errors, params
from test_ikev1_shapes import ikev1_connection
from test_scenarios import report_for


@pytest.mark.parametrize("mode", ["safest", "azure"])
def test_align_pushes_the_proven_copy_and_the_recheck_passes_authentication(mode):
    report = report_for(RSA, ikev1_connection())
    [tunnel] = report["tunnels"]
    [auth] = [f for f in tunnel["findings"] if f["code"] == "AUTH_MISMATCH"]
    [job] = [j for j in jobs([tunnel], mode, have_key=True) if j["side"] == "asa"]
    assert job["run"] and job["options"]["ikev1_authentication"] == PSK_20
    assert not job["send_key"], "the tunnel-group has its key: none is asked for or sent"
    plan = plan_present(RSA, params(**{k: v for k, v in job["options"].items() if k not in ("crypto_map", "seq")}))
    assert plan.commands == list(auth["remediation"]["asa"]) + ["exit"]  # what the check proved
    assert errors(config_after(RSA, plan)) == []
    left = done(jobs([tunnel], mode, have_key=True), [])["left_to_do"]
    assert "AUTH_MISMATCH" not in [step["kind"] for step in left]


def test_a_proposal_that_is_no_ikev1_policy_is_left_to_do_naming_it():
    options, manual = {}, []
    crypto_options(options, manual, {"ike_auth_method": {"method": "psk", "labels": ["ikev2 policy 1"]}},
                   {"ike_auth_method"})
    assert "ikev1_authentication" not in options
    assert [step["kind"] for step in manual] == ["ike_auth_method"]
    assert "ikev2 policy 1" in manual[0]["reason"] and "by hand" in manual[0]["reason"]
