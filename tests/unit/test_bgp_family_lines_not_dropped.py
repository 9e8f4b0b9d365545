# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-06, route-based deployments read against public material): a ``distribute-list <acl> in|out``
in the BGP ``address-family ipv4 unicast`` block (the ASA's family-wide route filter, Cisco ASA general operations
CLI configuration guide, BGP chapter, "Configure IPv4 Address Family Filtering Settings") was read past without a
word: an access-list that refused Azure's VNet left the check passing, though the ASA learns no route to it. Lines of
the BGP block the parser does not read now say so; the usual harmless ones stay quiet."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

PAIR = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")
ACTIVATE = "  neighbor 169.254.21.1 activate\n"
# a standard ACL that lets only a network Azure does not advertise through (the VNet is 10.20.0.0/16)
ACL = "access-list AZ-ROUTES-IN standard permit 10.99.0.0 255.255.0.0\n"


def _check(extra_family_lines, extra_global=""):
    with open(os.path.join(PAIR, "asa_running_config.txt")) as handle:
        text = handle.read()
    with open(os.path.join(PAIR, "azure_resources.json")) as handle:
        azure = json.load(handle)
    assert ACTIVATE in text
    text = text.replace(ACTIVATE, ACTIVATE + "".join("  %s\n" % line for line in extra_family_lines))
    text = text.replace("pager lines 24\n", extra_global + "pager lines 24\n")
    (tunnel,) = run_check(asa_facts_from_text(text), azure_facts_from_data(azure))["tunnels"]
    return tunnel, text.splitlines()


def test_a_family_distribute_list_is_a_warning_naming_its_line_not_a_pass():
    tunnel, lines = _check(["distribute-list AZ-ROUTES-IN in"], ACL)
    number = lines.index("  distribute-list AZ-ROUTES-IN in") + 1
    assert tunnel["verdict"] == "degraded"
    (found,) = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert found["severity"] == "warning"
    assert found["summary"].startswith("Line %d: a BGP distribute-list (distribute-list AZ-ROUTES-IN in)" % number)
    assert "what crosses the BGP sessions is not fully known" in found["summary"]


def test_an_unread_bgp_line_is_named_and_the_usual_harmless_ones_stay_quiet():
    harmless = ["bgp bestpath compare-routerid", "maximum-paths 2", "default-information originate",
                "bgp always-compare-med"]
    tunnel, _lines = _check(harmless)
    assert tunnel["verdict"] == "pass" and tunnel["findings"] == []
    tunnel, lines = _check(["bgp inject-map INJ exist-map EXIST"])
    number = lines.index("  bgp inject-map INJ exist-map EXIST") + 1
    (found,) = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert found["severity"] == "warning" and found["summary"].startswith("Line %d: " % number)
    assert "bgp inject-map" in found["summary"]


def test_a_no_line_is_quiet_only_for_the_defaults_the_asa_writes():
    """Review 2026-12-06: every "no ..." line of the BGP block was read past; "no bgp default ipv4-unicast" stops
    neighbors being activated by themselves, and said nothing."""
    tunnel, _lines = _check(["no auto-summary", "no synchronization"])
    assert tunnel["verdict"] == "pass" and tunnel["findings"] == []
    tunnel, lines = _check(["no bgp default ipv4-unicast"])
    number = lines.index("  no bgp default ipv4-unicast") + 1
    (found,) = [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert found["severity"] == "info" and found["summary"].startswith("Line %d: " % number)
