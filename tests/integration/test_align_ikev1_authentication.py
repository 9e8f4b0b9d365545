# -*- coding: utf-8 -*-
"""align on the ASA lab, for an IKEv1 tunnel whose only IKEv1 policy says ``authentication rsa-sig`` while its
tunnel-group and Azure use a pre-shared key (AUTH_MISMATCH, the ``ike_auth_method`` fix): the proven copy of the policy
with ``authentication pre-share`` is pushed (check mode and --diff show it, nothing sent), the rsa-sig policy stays for
what else authenticates with it, the re-check read back from the device has no AUTH_MISMATCH, a second run changes
nothing, and a refused line rolls the copy back. Before, align pushed nothing and did not list it as left to do."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from test_align import PSK, SECRET, align_runner, assert_no_secret  # noqa: E402  pylint: disable=wrong-import-position
from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from scenario_builders import asa_config  # noqa: E402  pylint: disable=wrong-import-position
from test_ikev1_shapes import IKEV1_PART, ikev1_connection  # noqa: E402  pylint: disable=wrong-import-position

RSA_ASA = asa_config(version="9.8(4)", tunnel_protocol="ikev1", auth="ikev1 pre-shared-key " + PSK,
                     extra=IKEV1_PART.format(transform="esp-aes-256 esp-sha-hmac", auth="rsa-sig", group="2"))
RSA_POLICY = "crypto ikev1 policy 20\n authentication rsa-sig\n encryption aes-256\n hash sha\n group 2\n lifetime 28800\n"
COPY = "crypto ikev1 policy 21\n authentication pre-share\n encryption aes-256\n hash sha\n group 2\n lifetime 28800\n"


def _resources():
    resources = ikev1_connection()
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = PSK
    return resources


@pytest.fixture(scope="module")
def labs():
    with start_asa_lab(RSA_ASA) as asa, start_arm_lab(_resources(), client_secret=SECRET) as arm:
        yield asa, arm


@pytest.fixture
def rsa(labs, tmp_path):
    asa, arm = labs
    asa.set_scenario({})
    return align_runner(asa, arm, tmp_path, RSA_ASA, "RG", lambda output: assert_no_secret(output, asa, arm))


def test_check_mode_shows_the_copy_and_sends_nothing(rsa):
    output, summary = rsa("azure", check_mode=True)
    assert summary is None and "check mode: nothing sent" in output
    diff = output.splitlines()
    assert "+crypto ikev1 policy 21" in diff and "+ authentication pre-share" in diff, output[-6000:]  # --diff
    assert "configure terminal" not in rsa.asa.command_lines() and rsa.asa.running_config() == RSA_ASA


@pytest.mark.parametrize("align_to", ["azure", "safest"])
def test_align_adds_the_pre_share_copy_keeps_the_rsa_sig_policy_and_then_changes_nothing(rsa, align_to):
    output, summary = rsa(align_to)
    config = rsa.asa.running_config()
    assert COPY in config and RSA_POLICY in config, config
    [asa] = [c for c in summary["changes"] if c["side"] == "asa"]
    assert asa["changed"] and asa["commands"] == COPY.splitlines() + ["exit"], asa
    assert "AUTH_MISMATCH" not in [step["kind"] for step in summary["left_to_do"]]
    # the check after align reads the device back: the tunnel no longer fails (Basic SKU's weak suite stays a warning)
    assert summary["after"]["fail"] == 0, output[-6000:]
    assert "ERROR AUTH_MISMATCH" not in output.split("after:")[-1]
    _output, again = rsa(align_to)
    assert [c for c in again["changes"] if c["changed"]] == [] and rsa.asa.running_config() == config


def test_a_refused_line_rolls_the_copy_back(rsa):
    rsa.asa.set_scenario({"reject": [r"^lifetime 28800$"]})
    output, summary = rsa("azure", fails=True)
    assert rsa.asa.running_config() == RSA_ASA, "the half-made policy 21 was not removed"
    assert "no crypto ikev1 policy 21" in rsa.asa.command_lines()
    assert "every change was undone" in output
    assert summary is None or not [c for c in summary["changes"] if c["changed"] and c["side"] == "asa"], output[-4000:]
