# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local network gateway holding both gatewayIpAddress and fqdn, as the REST API's LocalNetworkGatewayCreate example
(2024-05-01) writes it: the address was compared and the name dropped without a word, so a tunnel Azure builds to
whatever the name resolves to passed on an address it may never use. Our own names and values."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import azure_resources, vti_config


def tunnel(resources):
    (only,) = run_check(asa_facts_from_text(vti_config()), azure_facts_from_data(resources))["tunnels"]
    return only


def site(resources):
    return next(r for r in resources if r["type"] == "Microsoft.Network/localNetworkGateways")


def test_an_address_and_a_name_on_one_site_are_both_named_not_passed():
    resources = azure_resources(use_policy_ts=False)
    props = site(resources)["properties"]
    address = props["gatewayIpAddress"]
    props["fqdn"] = "branch-edge.example.net"
    result = tunnel(resources)
    [finding] = [f for f in result["findings"] if "branch-edge.example.net" in f["summary"]]
    assert finding["code"] == "UNSUPPORTED_CONSTRUCT" and finding["severity"] == "warning"
    assert result["verdict"] != "pass"
    assert site(resources)["name"] in finding["summary"] and address in finding["summary"]
    assert finding["evidence"]["azure"]["property"] == "fqdn"
    texts = [e["text"] for e in finding["evidence"]["azure"]["lines"]]
    assert any(t.endswith("gatewayIpAddress = %s" % address) for t in texts)
    assert any(t.endswith("fqdn = branch-edge.example.net") for t in texts)


def test_an_address_alone_or_an_empty_name_says_nothing_of_names():
    resources = azure_resources(use_policy_ts=False)
    assert tunnel(resources)["verdict"] == "pass"
    site(resources)["properties"]["fqdn"] = ""
    assert tunnel(resources)["verdict"] == "pass"
