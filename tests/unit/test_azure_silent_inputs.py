# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review (2026-12-04): Azure inputs that passed the check without a word, or with a wrong or unclear one.
- a local network gateway given as an FQDN (``fqdn``, no ``gatewayIpAddress``): the peer address was not compared;
- a connection, gateway or local network gateway in ``provisioningState: Failed``: what runs may differ;
- a route-based static connection whose local network gateway lists no prefix: Azure routes nothing into the
  tunnel, which comes up and carries nothing from Azure."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, load_resources
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from scenario_builders import asa_config, azure_resources, vti_config


def tunnel(resources, asa=None):
    (only,) = run_check(asa_facts_from_text(asa or vti_config()), azure_facts_from_data(resources))["tunnels"]
    return only


def route_based(**changes):
    return azure_resources(use_policy_ts=False, **changes)


def of_type(resources, kind):
    return next(r for r in resources if r["type"] == "Microsoft.Network/" + kind)


def test_the_reference_pair_passes():
    assert tunnel(route_based())["verdict"] == "pass"


def test_an_fqdn_local_network_gateway_is_named_not_passed():
    resources = route_based()
    lng = of_type(resources, "localNetworkGateways")["properties"]
    del lng["gatewayIpAddress"]
    lng["fqdn"] = "asa-branch.example.net"
    result = tunnel(resources)
    (finding,) = [f for f in result["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert finding["severity"] == "warning" and result["verdict"] != "pass"
    assert "asa-branch.example.net" in finding["summary"]
    assert finding["evidence"]["azure"]["lines"][0]["text"].endswith("fqdn = asa-branch.example.net")


KINDS = {"connections": "connection", "virtualNetworkGateways": "virtual network gateway",
         "localNetworkGateways": "local network gateway"}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("state", ["Failed", "Updating"])
def test_a_resource_not_provisioned_is_a_warning_naming_it(kind, state):
    resources = route_based()
    resource = of_type(resources, kind)
    resource["properties"]["provisioningState"] = state
    result = tunnel(resources)
    (finding,) = [f for f in result["findings"] if f["code"] == "AZURE_NOT_PROVISIONED"]
    assert finding["severity"] == "warning" and result["verdict"] != "pass"
    assert finding["summary"].startswith("%s %s is in provisioningState %s" % (KINDS[kind], resource["name"], state))
    assert ("re-apply it unchanged" in finding["summary"]) == (state == "Failed")


def test_a_static_connection_with_no_prefixes_routes_nothing():
    result = tunnel(route_based(lng_prefixes=()))
    (finding,) = [f for f in result["findings"] if f["code"] == "ROUTE_MISSING"]
    # the tunnel carries nothing: an error, as BGP's findings of the same outcome are (review 2026-12-06)
    assert finding["severity"] == "error" and result["verdict"] == "fail"
    assert "Azure S2S routes nothing into the tunnel and runs no BGP" in finding["summary"]
    assert finding.get("remediation", {}) == {}  # which networks is the user's to say


# saDataSizeKilobytes 0 is Azure's "no data limit" (review s45 B: test_azure_data_limit_zero.py)
@pytest.mark.parametrize("field", ["saLifeTimeSeconds"])
def test_a_zero_lifetime_is_one_invalid_policy_finding_not_a_rekey_every_0_s(field):
    result = tunnel(route_based(policy_changes={field: 0}))
    codes = sorted((f["code"], f["severity"]) for f in result["findings"])
    assert codes == [("AZURE_POLICY_INVALID", "error")], [f["summary"] for f in result["findings"]]
    assert "%s 0 is below Azure's minimum" % field in result["findings"][0]["summary"]


@pytest.mark.parametrize("field,low,default", [("saDataSizeKilobytes", 512, 102400000),
                                               ("saLifeTimeSeconds", 120, 27000)])
def test_a_lifetime_below_the_minimum_is_fixed_to_azures_default_not_to_the_floor(field, low, default):
    # before: the fix set the minimum (1024 KB: a rekey many times a second under load; 300 s)
    result = tunnel(route_based(policy_changes={field: low}))
    (finding,) = [f for f in result["findings"] if f["code"] == "AZURE_POLICY_INVALID"]
    policy = finding["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]
    assert policy[field] == default


def test_an_aes_gcm_ike_policy_says_its_prf_is_not_compared():
    gcm = {"ikeEncryption": "GCMAES256", "ikeIntegrity": "GCMAES256"}
    result = tunnel(route_based(policy_changes=gcm))
    (finding,) = [f for f in result["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert finding["severity"] == "info"
    assert "ikeIntegrity GCMAES256" in finding["summary"] and "PRF is not compared" in finding["summary"]
    assert finding["evidence"]["azure"]["lines"][0]["text"].endswith("ikeIntegrity = GCMAES256")


def test_an_arm_template_export_is_refused_saying_what_it_is_and_what_to_save():
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "parameters": {},
                "resources": [{"name": "[parameters('conn_name')]", "type": "Microsoft.Network/connections",
                               "properties": {"connectionType": "IPsec"}}]}
    with pytest.raises(AzureInputError) as caught:
        load_resources(template)
    assert "this is an ARM template" in str(caught.value) and "az resource show --ids" in str(caught.value)


def _no_space(lng):
    del lng["localNetworkAddressSpace"]


def _empty_space(lng):
    lng["localNetworkAddressSpace"]["addressPrefixes"] = []


@pytest.mark.parametrize("selectors", [
    dict(use_policy_ts=True),
    dict(use_policy_ts=True, ts_policies=[{"localAddressRanges": ["172.16.0.0/16"],
                                           "remoteAddressRanges": ["10.0.0.0/8"]}]),
], ids=range(2))
@pytest.mark.parametrize("emptied, cited", [
    (_empty_space, "LNG: localNetworkAddressSpace.addressPrefixes = []"),
    (_no_space, "LNG: localNetworkAddressSpace.addressPrefixes not set (no prefix)"),
], ids=range(2))
def test_a_site_with_no_prefix_and_no_bgp_behind_a_crypto_map_fails_naming_the_lng(selectors, emptied, cited):
    # s40 item 3: the ASA's crypto selectors had nothing on Azure's side to match, and the report said only that Azure
    # "routes back towards ASA only nothing", for "the rest of" the ASA's networks: a degraded warning
    resources = azure_resources(**selectors)
    emptied(of_type(resources, "localNetworkGateways")["properties"])
    result = tunnel(resources, asa_config())
    (finding,) = [f for f in result["findings"] if f["code"] == "ROUTE_MISSING"]
    assert finding["severity"] == "error" and result["verdict"] == "fail"
    assert "local network gateway LNG lists no prefix (localNetworkAddressSpace.addressPrefixes is empty) and the " \
        "connection runs no BGP" in finding["summary"]
    assert [e["text"] for e in finding["evidence"]["azure"]["lines"]] == [cited, "S2S: enableBgp = false"]
    assert finding.get("remediation", {}) == {}  # which networks is the user's to say
    for other in result["findings"]:
        assert "only nothing" not in other["summary"] and "the rest of" not in other["summary"]
