# -*- coding: utf-8 -*-
"""AZURE_POLICY_INVALID for a dpdTimeoutSeconds outside Azure's range: its fix (dpdTimeoutSeconds 30) is the value
azure_vpn_connection pushes for DPD_MISMATCH, yet align listed it as left to do, "fix by hand" (review 2026-12-07),
so the align summary said a person still had to do what it had just done."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import module_options


def _tunnel():
    [tunnel] = report_for(asa_config(), azure_resources(dpd=5))["tunnels"]
    assert {f["code"] for f in tunnel["findings"] if f["severity"] != "info"} == {"AZURE_POLICY_INVALID", "DPD_MISMATCH"}
    return tunnel


def test_the_pushed_dpd_timeout_is_no_step_left_to_a_person():
    tunnel = _tunnel()
    for align_to in ("safest", "asa"):
        got = module_options(tunnel, "azure", align_to)
        assert got["options"]["dpd_timeout_seconds"] == 30, align_to
        assert got["manual"] == [], (align_to, got["manual"])


def test_aligning_the_asa_alone_still_says_only_azure_can_fix_it():
    manual = module_options(_tunnel(), "asa", "azure")["manual"]
    assert {m["kind"] for m in manual} == {"AZURE_POLICY_INVALID", "DPD_MISMATCH"}
