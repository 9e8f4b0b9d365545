# -*- coding: utf-8 -*-
"""An ASA with no IKE policy it can use: "New ASA configurations do not have a default IKEv1 or IKEv2 policy", so
IKE_SA_INIT fails. It passed (an empty proposal list was skipped), review 2026-12-04."""

import re

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_no_ikev2_policy_is_an_error_with_a_policy_to_add():
    text = re.sub(r"crypto ikev2 policy 10\n(?: .*\n)+", "", asa_config())
    assert "crypto ikev2 policy" not in text
    report = report_for(text, azure_resources())
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    assert finding["severity"] == "error" and "has no IKE proposal it can use" in finding["summary"]
    assert finding["remediation"]["asa"][0].startswith("crypto ikev2 policy ")
    assert tunnel["verdict"] == "fail"
