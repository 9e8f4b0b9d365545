# -*- coding: utf-8 -*-
"""Group-policy session limits other than vpn-session-timeout (vpn-access-hours, vpn-idle-timeout,
vpn-simultaneous-logins) on a site-to-site tunnel's group-policy are named, not dropped without a word (review
2026-12-06: a config with all three passed with no mention of them). Access hours may refuse the tunnel: a warning."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

LIMITS = ("group-policy AZ-GP attributes\n vpn-access-hours value OFFICE\n vpn-idle-timeout 30\n"
          " vpn-simultaneous-logins 0\ntime-range OFFICE\n periodic weekdays 8:00 to 18:00")


def named(extra):
    [tunnel] = [t for t in report_for(asa_config(extra=extra), azure_resources())["tunnels"] if t["azure"]]
    return tunnel, sorted((f["severity"], f["summary"].split(" has ")[1].split(",")[0])
                          for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT")


def test_each_limit_on_the_tunnels_group_policy_is_named_with_its_line():
    tunnel, found = named(LIMITS)
    assert found == [("info", "vpn-idle-timeout 30"), ("info", "vpn-simultaneous-logins 0"),
                     ("warning", "vpn-access-hours value OFFICE")]
    assert tunnel["verdict"] == "degraded"


def test_inherited_from_dfltgrppolicy_and_lifted_by_none():
    _tunnel, found = named("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 30")
    assert found == [("info", "vpn-idle-timeout 30")]
    _tunnel, found = named("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 30\n"
                           "group-policy AZ-GP attributes\n vpn-idle-timeout none")
    assert found == []


def test_a_group_policy_no_tunnel_uses_is_not_named():
    _tunnel, found = named("group-policy RA-USERS internal\ngroup-policy RA-USERS attributes\n vpn-idle-timeout 30")
    assert found == []
