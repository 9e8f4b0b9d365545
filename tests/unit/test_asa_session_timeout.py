# -*- coding: utf-8 -*-
"""vpn-session-timeout on a tunnel's group-policy (or DfltGrpPolicy) ends site-to-site sessions too, a fixed time after
they were built, whatever their traffic: the tunnel drops every N minutes while both ends' lifetimes look right. The
line was read past in silence."""

from scenario_builders import ROUTE_BASED, asa_config, azure_resources, vti_config
from test_scenarios import report_for


def timeouts(text, azure=None):
    [tunnel] = report_for(text, azure or azure_resources())["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "SESSION_TIMEOUT"]


def test_a_session_timeout_on_the_tunnels_group_policy_is_a_warning_naming_its_line():
    text = asa_config(extra="group-policy AZ-GP attributes\n vpn-session-timeout 480")
    tunnel, [finding] = timeouts(text)
    assert (finding["severity"], finding["phase"]) == ("warning", "traffic")
    assert "every" not in finding["summary"] or "8 hours" in finding["summary"]
    [line] = [n for n, t in enumerate(text.splitlines(), 1) if t == " vpn-session-timeout 480"]
    assert finding["evidence"]["asa"]["lines"][0]["line"] == line
    assert finding["remediation"]["asa"][0].startswith("! set 'vpn-session-timeout none' under group-policy AZ-GP")
    assert tunnel["verdict"] == "degraded"


def test_inherited_from_dfltgrppolicy_it_counts_and_its_own_none_overrides_it():
    inherited = asa_config(extra="group-policy DfltGrpPolicy attributes\n vpn-session-timeout 90")
    _tunnel, [finding] = timeouts(inherited)
    assert "group-policy DfltGrpPolicy" in finding["summary"] and "90 minutes" in finding["summary"]
    # configuration goes before ": end": text after it is not read (show output saved with it)
    overridden = inherited.replace(": end", "group-policy AZ-GP attributes\n vpn-session-timeout none\n: end")
    assert timeouts(overridden)[1] == []


def test_a_vti_tunnel_is_checked_the_same_way():
    text = vti_config().replace(": end", "group-policy DfltGrpPolicy attributes\n vpn-session-timeout 60\n: end")
    _tunnel, [finding] = timeouts(text, azure_resources(**ROUTE_BASED))
    assert "1 hour " in finding["summary"]


def test_no_timeout_no_word_and_a_bad_value_is_named():
    assert timeouts(asa_config())[1] == []
    [tunnel] = report_for(asa_config(extra="group-policy AZ-GP attributes\n vpn-session-timeout soon"),
                          azure_resources())["tunnels"]
    assert any(f["code"] == "INVALID_VALUE" and "soon" in f["summary"] for f in tunnel["findings"])
