# -*- coding: utf-8 -*-
"""Two gateway properties that change where a tunnel's traffic goes (review s42, area K):

- ``gatewayDefaultSite`` (forced tunnelling): Azure sends the VNet's Internet-bound traffic to that local network
  gateway's site, whose device "must be configured using 0.0.0.0/0 as traffic selectors" (Microsoft Learn, "Configure
  forced tunneling using Default Site"); it was not read, so the check passed a tunnel whose selectors are only the
  site's prefixes;
- ``useLocalAzureIpAddress`` on a gateway whose ``enablePrivateIpAddress`` is absent from the input: read as if the
  gateway's private IPs were on, without a word ("Gateway Private IPs" are off unless enabled)."""

import copy

from azure_arm_builders import GW_ID, export

from scenario_builders import azure_resources

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data


def _of_type(resources, suffix):
    return [r for r in resources if r["type"].endswith("/" + suffix)]


def _default_site(resources, lng_name):
    [gateway] = _of_type(resources, "virtualNetworkGateways")
    [lng] = [r for r in _of_type(resources, "localNetworkGateways") if r["name"] == lng_name]
    gateway["properties"]["gatewayDefaultSite"] = {"id": lng["id"]}
    return resources


def _forced(findings):
    return [f for f in findings if f["code"] == "UNSUPPORTED_CONSTRUCT" and "gatewayDefaultSite" in f["summary"]]


def test_the_default_sites_connection_is_told_it_carries_internet_bound_traffic():
    facts = azure_facts_from_data(_default_site(azure_resources(use_policy_ts=False), "LNG"))
    [found] = _forced(facts["findings"])
    assert found["severity"] == "warning"
    assert found["summary"].startswith("S2S: gateway VNG has gatewayDefaultSite LNG, this connection's local network "
                                       "gateway (forced tunnelling)")
    assert "0.0.0.0/0" in found["summary"]
    assert found["evidence"]["azure"]["property"] == "gatewayDefaultSite"
    assert found["evidence"]["azure"]["lines"][0]["text"].startswith("VNG: gatewayDefaultSite.id = /subscriptions/")


def test_other_sites_of_the_gateway_are_not_concerned():
    resources = azure_resources(use_policy_ts=False, extra_connections=(("Branch", "198.51.100.77", ("10.77.0.0/16",)),))
    facts = azure_facts_from_data(_default_site(resources, "LNG-Branch"))
    assert [f["summary"].split(":")[0] for f in _forced(facts["findings"])] == ["Branch"]


def test_a_gateway_without_a_default_site_says_nothing_of_it():
    assert not _forced(azure_facts_from_data(azure_resources(use_policy_ts=False))["findings"])


def test_a_default_site_that_is_no_reference_is_an_invalid_value():
    resources = azure_resources(use_policy_ts=False)
    _of_type(resources, "virtualNetworkGateways")[0]["properties"]["gatewayDefaultSite"] = "LNG"
    found = [f for f in azure_facts_from_data(resources)["findings"] if f["code"] == "INVALID_VALUE"]
    assert [f["evidence"]["azure"]["property"] for f in found] == ["gatewayDefaultSite"]


def test_az_show_output_of_the_gateway_is_read_the_same():
    resources = _default_site(azure_resources(use_policy_ts=False), "LNG")
    flat = copy.deepcopy(resources)
    for item in flat:  # az ... show: properties at top level
        item.update(item.pop("properties"))
    assert len(_forced(azure_facts_from_data(flat)["findings"])) == 1


def _private(gateway):
    return export(enable_bgp=False, active_active=False, connection={"useLocalAzureIpAddress": True}, gateway=gateway)


def test_private_ip_asked_for_of_a_gateway_that_does_not_say_it_has_one_is_named():
    data = _private(None)
    gateway = [r for r in data if r["id"] == GW_ID][0]["properties"]
    del gateway["enablePrivateIpAddress"]
    [end], findings = azure_tunnel_ends(data)
    [found] = [f for f in findings if f.code == "AZURE_SKU_UNSUPPORTED"]
    assert found.severity == "warning" and found.evidence["azure"]["property"] == "enablePrivateIpAddress"
    assert "does not say whether gateway" in found.summary
    assert found.evidence["azure"]["lines"][1]["text"].endswith("enablePrivateIpAddress not set (not in this input)")
    assert end.local_address_private is True  # the address the connection asks for is still compared


def test_private_ip_on_says_nothing_and_off_stays_an_error():
    _ends, findings = azure_tunnel_ends(_private({"enablePrivateIpAddress": True}))
    assert findings == []
    _ends, findings = azure_tunnel_ends(_private(None))
    assert [(f.code, f.severity) for f in findings] == [("AZURE_SKU_UNSUPPORTED", "error")]
