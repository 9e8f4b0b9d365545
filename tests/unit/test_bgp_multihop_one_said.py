# -*- coding: utf-8 -*-
"""``neighbor X ebgp-multihop 1`` is a TTL of 1, single-hop as without the line: BGP_MULTIHOP_MISSING still holds, but
its summary said "eBGP multihop is not set" of a neighbor whose config sets it (s47C), sending the reader to look for
a line that is there. Shapes: Cisco 214109 (ASA VTI peering with Azure's default BGP address, ebgp-multihop); our own
names and addresses."""
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

DEFAULT_PEERING = [("default", "203.0.113.50", "10.50.255.4", [])]
ROUTE_TO_DEFAULT = "route AZ-1 10.50.255.4 255.255.255.255 192.168.250.1 1\n"


def multihop_finding(*options):
    asa = asa_text([(1, "192.168.250.2", "203.0.113.50")],
                   ["neighbor 10.50.255.4 remote-as 65515"] + ["neighbor 10.50.255.4 %s" % o for o in options]
                   + ["neighbor 10.50.255.4 activate"], routes=ROUTE_TO_DEFAULT)
    report = run_check(asa_facts_from_text(asa), azure_facts_from_data(azure(DEFAULT_PEERING, "192.168.250.2", False)))
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_MULTIHOP_MISSING"]
    return finding


def test_ebgp_multihop_1_is_not_said_to_be_unset():
    finding = multihop_finding("ebgp-multihop 1")
    assert "eBGP multihop is not set" not in finding["summary"]
    assert "TTL 1" in finding["summary"]
    assert finding["remediation"]["asa"][-1].strip() == "neighbor 10.50.255.4 ebgp-multihop 2"


def test_without_the_line_the_summary_says_single_hop_too():
    finding = multihop_finding()
    assert "TTL 1" in finding["summary"] and finding["severity"] == "error"
