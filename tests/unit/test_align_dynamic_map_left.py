# -*- coding: utf-8 -*-
"""align and a tunnel an ASA dynamic crypto map serves: the check gives it no ``alignment`` (its fixes are a change to
the dynamic entry or its tunnel-group, which answer every peer no static entry serves), and align skipped it without a
word: with PFS_MISMATCH failing the check, align printed "none: no tunnel has a finding to fix" (review s49). Now it
is left alone, saying so, with each finding left to do by hand and the check's fix lines; nothing is pushed."""

from scenario_builders import azure_resources
from test_dynamic_map_serves_azure import dynamic_asa
from test_scenarios import report_for

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done, story
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import plan


def _planned(mode):
    report = report_for(dynamic_asa(), azure_resources(policy_changes={"pfsGroup": "ECP256"}))
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "fail" and not tunnel.get("alignment")
    return plan(report["tunnels"], mode)


def test_a_failing_dynamic_map_tunnel_is_said_left_alone_with_its_fix_to_do_by_hand():
    for mode in ("safest", "azure", "asa"):
        planned = _planned(mode)
        assert planned["asa"] == {} and planned["azure"] == {}  # nothing pushed
        result = done(planned["jobs"], [])
        lines = story(mode, ["  1 tunnel(s): 1 fail"], result)
        text = "\n".join(lines)
        assert "no tunnel has a finding to fix" not in text
        assert "ASA gateway crypto map AZ-MAP 65535 (dynamic map DYN): left alone: not aligned" in text
        assert "left as it is, verdict fail" in text
        [pfs] = [step for step in result["left_to_do"] if step["kind"] == "PFS_MISMATCH"]
        assert "crypto dynamic-map DYN 20 set pfs group19" in pfs["reason"] and pfs["asa_host"] == "gateway"


def test_align_to_none_plans_nothing_for_it():
    assert _planned("none")["jobs"] == []
