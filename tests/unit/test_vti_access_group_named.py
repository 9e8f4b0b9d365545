# -*- coding: utf-8 -*-
"""An ``access-group`` bound to a VTI's nameif filters the traffic through that tunnel (Cisco ASA VPN CLI configuration
guide, chapter "Virtual Tunnel Interface", guidelines: an access list can be applied on a VTI to control the traffic
through it). The ACL is not evaluated, so the line must be a finding of that tunnel naming it, not passed over: an
``access-group ... in interface <vti>`` denying everything from Azure left the check at a clean verdict (s47C).
Shapes: Cisco 214109 "Configure ASA IPsec VTI Connection to Azure" (interface Tunnel with nameif) and the ASA's
``access-group <acl> in|out interface <nameif>``; our own names and addresses."""
import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

ROUTES = "route AZ-1 10.50.0.0 255.255.0.0 169.254.21.1 1\n"
INSTANCES = [("default", "203.0.113.50", "10.50.255.4", ["169.254.21.1"])]


def asa_with(extra):
    text = asa_text([(1, "169.254.21.2", "203.0.113.50")],
                    ["neighbor 169.254.21.1 remote-as 65515", "neighbor 169.254.21.1 activate"], routes=ROUTES)
    return text.replace("router bgp 65020\n", extra + "router bgp 65020\n")


def tunnel_findings(text):
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(azure(INSTANCES, "169.254.21.2", False)))
    [tunnel] = report["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


def test_without_an_access_group_the_tunnel_passes():
    tunnel, unsupported = tunnel_findings(asa_with(""))
    assert unsupported == [] and tunnel["verdict"] == "pass"


@pytest.mark.parametrize("direction", ["in", "out"])
def test_an_access_group_on_the_vti_is_a_warning_of_its_tunnel_naming_the_line(direction):
    acl = "access-list AZ-1-FILTER extended deny ip any any\naccess-group AZ-1-FILTER %s interface AZ-1\n" % direction
    text = asa_with(acl)
    number = text.splitlines().index("access-group AZ-1-FILTER %s interface AZ-1" % direction) + 1
    tunnel, unsupported = tunnel_findings(text)
    [finding] = unsupported
    assert finding["severity"] == "warning"
    assert "Line %d" % number in finding["summary"] and "access-group AZ-1-FILTER %s interface AZ-1" % direction \
        in finding["summary"]
    assert [line["line"] for line in finding["evidence"]["asa"]["lines"]] == [number]
    assert tunnel["verdict"] == "degraded"


def test_an_access_group_on_another_interface_says_nothing_of_the_tunnel():
    acl = "access-list IN-ACL extended permit ip any any\naccess-group IN-ACL in interface INSIDE\n"
    tunnel, unsupported = tunnel_findings(asa_with(acl))
    assert unsupported == [] and tunnel["verdict"] == "pass"
