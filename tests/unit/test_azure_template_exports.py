# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review s42 (area G): ARM template text in an Azure resources input. A template (az group export, the portal's
"Export template") holds expressions such as [parameters('x')] or [reference(...)] that only a deployment evaluates.
Before: a template inside a list, a languageVersion 2.0 template (resources as an object), a parameters file and a
template's resources list were each refused as "'(unnamed)' has no id"; an expression copied into a resource was read
as a value (an address or prefix reported as invalid, a reference as a gateway not in the input, a sharedKey as a key
held). Each is now refused naming the file, the resource and the property, and never quoting a key."""

import copy
import json
import os

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import (
    azure_facts_from_data,
    azure_sources_facts_and_ends,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, load_resources_text
from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_facts
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import azure_facts_from

from scenario_builders import azure_resources
from test_fact_sources_estate import check_action, site_asa, site_export
from module_main import run_main

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "azure_exports")
PARAMETER_FILE_PSK = "Param-File-Psk-7731"  # the value template_parameters.json holds


def _fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as handle:
        return handle.read()


def _refusal(data):
    with pytest.raises(AzureInputError) as caught:
        azure_facts_from_data(data)
    return str(caught.value)


@pytest.mark.parametrize("name, said", [
    ("group_export_template.json", "this is an ARM template"),
    ("symbolic_template.json", "this is an ARM template"),
    ("template_parameters.json", "this is an ARM template parameters file"),
    ("template_resources_only.json", "is a resource of an ARM template"),
], ids=range(4))
def test_a_template_shaped_file_is_refused_saying_what_it_is(name, said):
    with pytest.raises(AzureInputError) as caught:
        load_resources_text(_fixture(name))
    message = str(caught.value)
    assert said in message and "az resource show --ids" in message and "input item [0]) has no id" not in message
    assert PARAMETER_FILE_PSK not in message


@pytest.mark.parametrize("name", ["group_export_template.json", "symbolic_template.json",
                                  "template_parameters.json"], ids=range(3))
def test_a_template_inside_a_list_is_refused_naming_its_item(name):
    message = _refusal([json.loads(_fixture(name))])
    assert message.startswith("input item [0] is an ARM template") and "has no id" not in message


def _of_type(resources, kind):
    return next(r for r in resources if r["type"] == "Microsoft.Network/" + kind)


def _set(resources, kind, path, value):
    holder = _of_type(resources, kind)["properties"]
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value


# Where an expression copied from a template lands, and the property path the refusal names.
EXPRESSIONS = [
    ("connections", ("sharedKey",), "[parameters('branchSharedKey')]", "sharedKey", None),
    ("localNetworkGateways", ("gatewayIpAddress",), "[reference(parameters('branchIp')).ipAddress]",
     "gatewayIpAddress", "reference"),
    ("localNetworkGateways", ("localNetworkAddressSpace", "addressPrefixes"), ["[variables('branchNet')]"],
     "localNetworkAddressSpace.addressPrefixes[0]", "variables"),
    ("connections", ("ipsecPolicies",), "[parameters('policies')]", "ipsecPolicies", "parameters"),
    ("connections", ("ipsecPolicies", 0, "dhGroup"), "[ parameters('dh') ]", "ipsecPolicies[0].dhGroup", "parameters"),
    ("connections", ("virtualNetworkGateway1",),
     {"id": "[resourceId('Microsoft.Network/virtualNetworkGateways', parameters('gw'))]"},
     "virtualNetworkGateway1.id", "resourceId"),
    ("virtualNetworkGateways", ("vpnType",), "[if(parameters('routed'), 'RouteBased', 'PolicyBased')]", "vpnType",
     "if"),
]


@pytest.mark.parametrize("kind, path, value, named, function", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_a_template_expression_is_never_read_as_a_value(kind, path, value, named, function):
    resources = azure_resources(policy="aligned", use_policy_ts=False)
    _set(resources, kind, path, value)
    message = _refusal(resources)
    rid = _of_type(resources, kind)["id"]
    assert "Azure resource %s (input item" % rid in message
    said = "[%s(...)]" % function if function else "its value is not shown"
    assert "): %s is an ARM template expression (%s)" % (named, said) in message
    assert "parameters('" not in message  # the expression's text, a sharedKey's value, is not quoted


def test_a_shared_key_shaped_as_an_expression_is_refused_quoting_none_of_it():
    """Review s42: the function name before "(" was quoted, and under sharedKey it is the start of the key."""
    resources = azure_resources(use_policy_ts=False)
    _set(resources, "connections", ("sharedKey",), "[Zq7VaultWord(x)]")
    message = _refusal(resources)
    assert "sharedKey is an ARM template expression (its value is not shown)" in message
    assert "Zq7VaultWord" not in message


def test_an_expression_in_az_show_output_is_refused_too():
    resources = azure_resources(use_policy_ts=False)
    lng = _of_type(resources, "localNetworkGateways")
    flat = dict(lng, **lng.pop("properties"))  # az network local-gateway show: properties at top level
    flat["gatewayIpAddress"] = "[reference('branch').ipAddress]"
    resources[resources.index(lng)] = flat
    assert "): gatewayIpAddress is an ARM template expression ([reference(...)])" in _refusal(resources)


@pytest.mark.parametrize("text", ["[[parameters('x')]", "[2001:db8::7]", "[not an expression]"], ids=range(3))
def test_a_bracketed_literal_is_read_as_text(text):
    # "[[" escapes a literal "[" (ARM template syntax); only "[function(" starts an expression
    resources = azure_resources(use_policy_ts=False)
    _of_type(resources, "localNetworkGateways")["properties"]["gatewayIpAddress"] = text
    findings = azure_facts_from_data(copy.deepcopy(resources))["findings"]
    assert any(f["code"] == "INVALID_VALUE" and "gatewayIpAddress" in f["summary"] for f in findings)


def test_the_refusal_names_the_file_it_came_from():
    resources = azure_resources(use_policy_ts=False)
    _of_type(resources, "localNetworkGateways")["properties"]["gatewayIpAddress"] = "[parameters('ip')]"
    with pytest.raises(AzureInputError) as caught:
        azure_sources_facts_and_ends([(resources, "exports/branch.json")])
    assert str(caught.value).startswith("exports/branch.json: Azure resource ")


def test_azure_vpn_facts_names_the_src_file_it_refuses(monkeypatch, capsys):
    src = os.path.join(FIXTURES, "template_parameters.json")
    args = {"src": src, "psk_hash_key": "h" * 32}
    result, out = run_main(monkeypatch, capsys, azure_vpn_facts, args)
    assert result["failed"] and result["msg"].startswith(
        "azure_vpn_facts: src %s: this is an ARM template parameters file" % src)
    assert PARAMETER_FILE_PSK not in out


def _graph_rest_answer(rows, truncated):
    """The Resource Graph REST answer (QueryResponse), as az rest or Invoke-AzRestMethod save it."""
    rows = copy.deepcopy(rows)
    for row in rows:
        row["type"] = row["type"].lower()
    return {"totalRecords": len(rows), "count": len(rows), "resultTruncated": truncated, "data": rows, "facets": []}


def test_a_truncated_resource_graph_answer_is_refused_not_read_as_all():
    # before: read as the whole estate, its missing connections' ASA ends then said to have no Azure connection
    message = _refusal([_graph_rest_answer(azure_resources(), "true")])
    assert message.startswith("Azure input item [0] is a Resource Graph answer whose rows were cut short")


def test_a_whole_resource_graph_rest_answer_reads_as_its_rows():
    assert len(azure_facts_from_data(_graph_rest_answer(azure_resources(), "false"))["tunnels"]) == 1


SHARED_KEY_OUTPUT = "Saved-Shared-Key-4471"


# The shapes a saved shared key comes in: the REST ConnectionSharedKey is a SubResource id beside the required value
# (Microsoft.Network 2024-05-01 example VirtualNetworkGatewayConnectionGetSharedKey: "id": ""); az network
# vpn-connection shared-key show prints it (its aaz schema: id, value) after the CLI's global transform, which adds
# resourceGroup to any object whose id names a resource group (azure-cli-core commands/transform.py).
def _shared_key_shapes(connection_id):
    return [
        {"value": SHARED_KEY_OUTPUT},
        {"id": "", "value": SHARED_KEY_OUTPUT},
        {"id": connection_id + "/sharedkey", "value": SHARED_KEY_OUTPUT},
        {"id": connection_id + "/sharedkey", "resourceGroup": "HUB", "value": SHARED_KEY_OUTPUT},
    ]


@pytest.mark.parametrize("shape", range(4), ids=range(4))
def test_a_shared_key_output_is_refused_saying_what_it_is_without_its_value(shape):
    # before: "has no type" (or "'(unnamed)' has no id"), which said nothing of what the item was; the az CLI's
    # shape (with resourceGroup) still read "has no type" (review s43)
    resources = azure_resources()
    shown = _shared_key_shapes(_of_type(resources, "connections")["id"])[shape]
    message = _refusal(resources + [shown])
    assert message.startswith("Azure input item [5] is a connection's shared key (az network vpn-connection "
                              "shared-key show), not a resource")
    assert SHARED_KEY_OUTPUT not in message


@pytest.mark.parametrize("shape", range(4), ids=range(4))
def test_a_saved_shared_key_file_alone_is_refused_without_its_value(shape):
    # the file handed as azure_resources_file is the az output itself, not a list
    text = json.dumps(_shared_key_shapes(azure_resources()[0]["id"])[shape])
    with pytest.raises(AzureInputError) as caught:
        load_resources_text(text)
    assert "is a connection's shared key (az network vpn-connection shared-key show)" in str(caught.value)
    assert SHARED_KEY_OUTPUT not in str(caught.value)


@pytest.mark.parametrize("name, said", [
    ("group_export_template.json", "this is an ARM template ("),
    ("template_parameters.json", "this is an ARM template parameters file"),
], ids=range(2))
def test_vpn_compat_check_names_the_export_file_it_refuses(tmp_path, name, said):
    # the portal's Export template download saved beside a good export: the run stops naming the file
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.json").write_text(json.dumps(site_export("A", "198.51.100.10")))
    # named as the secret scan knows an ARM export handed to the check (tools/secret_scan.py TEST_INPUTS)
    (exports / ("azure_" + name)).write_bytes(_fixture(name))
    (tmp_path / "hq.txt").write_text(site_asa("hq-asa", "198.51.100.10"))
    with pytest.raises(AnsibleActionFail) as caught:
        check_action({"asa_config_files": str(tmp_path / "hq.txt"), "azure_resources_files": str(exports),
                      "report_dir": str(tmp_path / "out"), "gate_on": "never"})
    assert str(caught.value).startswith("azure_resources_files: %s: %s" % (exports / ("azure_" + name), said))
    assert PARAMETER_FILE_PSK not in str(caught.value)


# The Export Template API's answer saved as it comes (POST .../exportTemplate, the SDKs' ResourceGroupExportResult):
# the template under "template", beside "error". Before: "Azure resource '(unnamed)' (input item [0]) has no id",
# naming neither the shape nor what to give instead.
@pytest.mark.parametrize("wrap", [lambda answer: answer, lambda answer: [answer]], ids=["alone", "in a list"])
def test_an_export_template_answer_is_refused_naming_the_file_and_what_it_is(tmp_path, wrap):
    template = json.loads(_fixture("group_export_template.json"))
    path = tmp_path / "azure-rg-export.json"  # a test input the secret scan counts (tools/secret_scan.py TEST_INPUTS)
    path.write_text(json.dumps(wrap({"template": template, "error": None})))
    with pytest.raises(AnsibleActionFail) as caught:
        azure_facts_from({}, paths=str(path))
    message = str(caught.value)
    assert message.startswith("azure_resources_files: %s: " % path)
    assert "is the answer of an ARM template export (POST .../exportTemplate" in message
    assert "az resource show --ids" in message and "has no id" not in message


@pytest.mark.parametrize("data, keys", [({}, "it is empty"), ({"resources": [{"apiVersion": "2023-09-01"}]},
                                                              "its keys: resources"),
                                        ([{"data": None, "status": "ok"}], "its keys: data, status")],
                         ids=["empty", "resources only", "unknown answer"])
def test_a_json_object_that_is_no_resource_is_refused_naming_its_shape(data, keys):
    message = _refusal(data)
    assert "input item [0] is a JSON object that is no resource (no id, name, type or properties; %s)" % keys in message
    assert "has no id" not in message and "az resource show --ids" in message
