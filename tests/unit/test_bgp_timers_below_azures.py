# -*- coding: utf-8 -*-
"""ASA BGP timers shorter than Azure's: an Azure VPN gateway keeps fixed BGP timers, keepalive 60 s and hold 180 s, and
does not negotiate them down (Microsoft Learn, VPN Gateway BGP FAQ, as quoted in Microsoft TechCommunity "Azure VPN
Gateway BGP Timer Mismatches"), so an ASA neighbor with ``timers 10 30`` (or ``timers bgp 10 30 0`` for the process)
declares the session dead between Azure's keepalives and resets it: routes flap. The line was read past as harmless
and the tunnel passed (s47C). Shapes: Cisco 214109 (VTI, ``router bgp`` with ``address-family ipv4 unicast``); our own
names and addresses."""
import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

ROUTES = "route AZ-1 10.50.0.0 255.255.0.0 169.254.21.1 1\n"
INSTANCES = [("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1"])]
NEIGHBOR = ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate"]


def report_of(extra_neighbor_lines=(), process_line=None):
    text = asa_text([(1, "169.254.21.2", "203.0.113.50")], NEIGHBOR + list(extra_neighbor_lines), routes=ROUTES)
    if process_line:
        text = text.replace(" bgp log-neighbor-changes\n", " bgp log-neighbor-changes\n %s\n" % process_line)
    [tunnel] = run_check(asa_facts_from_text(text), azure_facts_from_data(azure(INSTANCES, "169.254.21.2", False)))[
        "tunnels"]
    return text, tunnel


def timers(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "BGP_TIMERS_MISMATCH"]


@pytest.mark.parametrize("extra", [[], ["neighbor 169.254.21.1 timers 60 180"], ["neighbor 169.254.21.1 timers 60 240"],
                                   ["neighbor 169.254.21.1 timers 0 0"]])
def test_azures_timers_or_longer_pass(extra):
    _text, tunnel = report_of(extra)
    assert timers(tunnel) == [] and tunnel["verdict"] == "pass"


def test_a_neighbor_hold_time_below_azures_is_a_warning_naming_the_line():
    text, tunnel = report_of(["neighbor 169.254.21.1 timers 10 30"])
    number = text.splitlines().index("  neighbor 169.254.21.1 timers 10 30") + 1
    [finding] = timers(tunnel)
    assert finding["severity"] == "warning" and tunnel["verdict"] == "degraded"
    assert "hold time 30 s" in finding["summary"] and "180 s" in finding["summary"] and "60 s" in finding["summary"]
    assert number in [line["line"] for line in finding["evidence"]["asa"]["lines"]]
    # no pushed command that no proof stands behind: what to do is said, as a comment
    assert all(line.startswith("!") for line in finding["remediation"]["asa"])
    assert "timers 10 30" in " ".join(finding["remediation"]["asa"])


def test_the_process_timers_apply_to_a_neighbor_without_its_own():
    text, tunnel = report_of(process_line="timers bgp 10 30 0")
    number = text.splitlines().index(" timers bgp 10 30 0") + 1
    [finding] = timers(tunnel)
    assert finding["severity"] == "warning"
    assert number in [line["line"] for line in finding["evidence"]["asa"]["lines"]]


def test_the_neighbors_own_timers_win_over_the_process():
    _text, tunnel = report_of(["neighbor 169.254.21.1 timers 60 180"], process_line="timers bgp 10 30 0")
    assert timers(tunnel) == []
