# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ARM lab (tests/lab/arm_https) against the real azure-identity and azure-mgmt-network.

These tests pin the lab's contract: the exact credential/client keyword arguments that work,
the ARM shapes, long-running operations, ETags, validation errors and faults.  Modules that use
the SDK are tested against the same lab elsewhere.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

pytest.importorskip("azure.identity")
pytest.importorskip("azure.mgmt.network")

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError  # noqa: E402
from azure.core.rest import HttpRequest  # noqa: E402
from azure.identity import ClientSecretCredential  # noqa: E402
from azure.mgmt.network import NetworkManagementClient  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lab"))

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position

SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs", "azure_resources.json")
SUB = "00000000-0000-0000-0000-000000000000"
RG = "RG"
CONN = "UKSouth-HQ-S2S"
GATEWAY = "UKSouth-VNG"
LNG = "HQ-LNG"
CONN_ID = "/subscriptions/%s/resourceGroups/RG/providers/Microsoft.Network/connections/%s" % (SUB, CONN)


@pytest.fixture(scope="module")
def arm_lab():
    with start_arm_lab(SEED, subscription=SUB) as lab:
        yield lab


@pytest.fixture
def lab(arm_lab):
    """The module's lab, back at the seed resources, no faults, empty request log."""
    arm_lab.reset()
    arm_lab.clear_requests()
    yield arm_lab


def make_credential(lab, secret=None):
    # The kwargs that make azure-identity/MSAL talk to a private authority over HTTPS:
    # authority "127.0.0.1:<port>" (made https:// by azure-identity), no instance discovery
    # (it would ask login.microsoftonline.com about the authority), and the lab's CA.
    return ClientSecretCredential(lab.tenant, lab.client_id, secret or lab.client_secret, authority=lab.authority,
                                  disable_instance_discovery=True, connection_verify=lab.ca_file)


def make_client(lab, credential=None, **kwargs):
    options = dict(base_url=lab.base_url, credential_scopes=[lab.base_url + "/.default"],
                   connection_verify=lab.ca_file, retry_total=3, retry_backoff_factor=0.01, retry_backoff_max=1)
    options.update(kwargs)
    return NetworkManagementClient(credential or make_credential(lab), lab.subscription, **options)


@pytest.fixture(scope="module")
def module_client(arm_lab):
    return make_client(arm_lab)


@pytest.fixture
def client(lab, module_client):
    return module_client


def arm_requests(lab, method=None, contains=""):
    return [r for r in lab.requests() if r["path"].startswith("/subscriptions/")
            and (method is None or r["method"] == method) and contains.lower() in r["path"].lower()]


def connection_body(lab, **changes):
    body = copy.deepcopy(lab.resource(CONN, "/connections"))
    body["properties"].update(changes)
    return body


def policy(**changes):
    value = {"saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000, "ipsecEncryption": "GCMAES256",
             "ipsecIntegrity": "GCMAES256", "ikeEncryption": "AES256", "ikeIntegrity": "SHA256",
             "dhGroup": "ECP256", "pfsGroup": "None"}
    value.update(changes)
    return value


# ---------------------------------------------------------------------------------------------
# authentication and reads
# ---------------------------------------------------------------------------------------------

def test_token_flow_and_get_connection(lab):
    credential = make_credential(lab)
    client = make_client(lab, credential)
    conn = client.virtual_network_gateway_connections.get(RG, CONN)
    assert conn.id == CONN_ID and conn.name == CONN and conn.type == "Microsoft.Network/connections"
    assert conn.location == "uksouth" and conn.etag == 'W/"1"'
    props = conn.properties
    assert props.provisioning_state == "Succeeded"
    assert props.connection_status == "Connected"
    assert props.ingress_bytes_transferred == 1048576 and props.egress_bytes_transferred == 2097152
    assert props.ipsec_policies[0].pfs_group == "ECP256" and props.dpd_timeout_seconds == 45
    assert props.shared_key is None  # GET never shows the key

    seen = [(r["method"], r["path"].lstrip("/"), r["status"]) for r in lab.requests()]
    tenant = lab.tenant
    assert seen[:3] == [("GET", tenant + "/v2.0/.well-known/openid-configuration", 200),
                        ("POST", tenant + "/oauth2/v2.0/token", 200),
                        ("GET", "subscriptions/%s/resourceGroups/RG/providers/Microsoft.Network/connections/%s"
                         % (SUB, CONN), 200)]
    get = lab.requests()[2]
    assert get["query"]["api-version"] and get["fault"] is None and get["if_match"] is None

    # The log never carries the client secret or a bearer token.
    token = credential.get_token(lab.base_url + "/.default").token
    with open(lab.log_file, encoding="utf-8") as handle:
        text = handle.read()
    assert lab.client_secret not in text and token not in text and "Bearer" not in text


def test_default_management_scope_and_ca_bundle_from_environment(lab, monkeypatch):
    # requests honours REQUESTS_CA_BUNDLE when connection_verify is not given; the token may be
    # for the public-cloud ARM audience (the client's default credential_scopes).
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", lab.ca_file)
    credential = ClientSecretCredential(lab.tenant, lab.client_id, lab.client_secret, authority=lab.authority,
                                        disable_instance_discovery=True)
    client = NetworkManagementClient(credential, lab.subscription, base_url=lab.base_url)
    assert client.local_network_gateways.get(RG, LNG).properties.gateway_ip_address == "198.51.100.10"
    token_request = next(r for r in lab.requests() if r["path"].endswith("/oauth2/v2.0/token"))
    assert token_request["scope"] == "https://management.azure.com/.default"


def test_list_by_resource_group_and_subscription(lab, client):
    assert [c.name for c in client.virtual_network_gateway_connections.list(RG)] == [CONN]
    assert [g.name for g in client.virtual_network_gateways.list(RG)] == [GATEWAY]
    assert [g.name for g in client.local_network_gateways.list(RG)] == [LNG]
    assert [p.name for p in client.public_ip_addresses.list(RG)] == ["UKSouth-VNG-pip"]
    assert [p.name for p in client.public_ip_addresses.list_all()] == ["UKSouth-VNG-pip"]
    assert [v.name for v in client.virtual_networks.list_all()] == ["UKSouth-VNet"]
    # No SDK method lists connections per subscription; the lab serves the path anyway.
    response = client.send_request(HttpRequest(
        "GET", "/subscriptions/%s/providers/Microsoft.Network/connections?api-version=2024-05-01" % SUB))
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["value"]] == [CONN_ID]


def test_subnets(lab, client):
    subnet = client.subnets.get(RG, "UKSouth-VNet", "GatewaySubnet")
    assert subnet.address_prefix == "172.16.255.0/27" and subnet.id.endswith("/subnets/GatewaySubnet")
    assert [s.name for s in client.subnets.list(RG, "UKSouth-VNet")] == ["GatewaySubnet"]


def test_lists_follow_next_link(lab, client):
    body = connection_body(lab)
    client.virtual_network_gateway_connections.begin_create_or_update(RG, "Second-S2S", {
        "location": "uksouth", "properties": {k: body["properties"][k] for k in (
            "connectionType", "virtualNetworkGateway1", "localNetworkGateway2", "connectionProtocol")}}).result()
    lab.set_faults({"page_size": 1})
    names = [c.name for c in client.virtual_network_gateway_connections.list(RG)]
    assert names == [CONN, "Second-S2S"]
    lists = arm_requests(lab, "GET", "/resourceGroups/RG/providers/Microsoft.Network/connections")
    assert [r["query"].get("$skiptoken") for r in lists if r["path"].endswith("/connections")][-2:] == [None, "1"]


def test_gateway_list_connections(lab, client):
    [entity] = list(client.virtual_network_gateways.list_connections(RG, GATEWAY))
    assert entity.id == CONN_ID and entity.name == CONN
    assert entity.properties.connection_status == "Connected"
    assert entity.properties.ipsec_policies[0].dh_group == "ECP256"
    with pytest.raises(ResourceNotFoundError) as info:
        list(client.virtual_network_gateways.list_connections(RG, "No-Such-VNG"))
    assert info.value.error.code == "ResourceNotFound"


def test_shared_key_get_and_set(lab, client):
    before = client.virtual_network_gateway_connections.get_shared_key(RG, CONN).value
    assert before == lab.shared_keys()[CONN_ID]
    result = client.virtual_network_gateway_connections.begin_set_shared_key(
        RG, CONN, {"value": "Lab-PSK-1234"}).result()
    assert result.value == "Lab-PSK-1234"
    assert client.virtual_network_gateway_connections.get_shared_key(RG, CONN).value == "Lab-PSK-1234"
    assert lab.shared_keys()[CONN_ID] == "Lab-PSK-1234"
    put = arm_requests(lab, "PUT", "/sharedkey")[-1]
    assert put["status"] == 201
    with open(lab.log_file, encoding="utf-8") as handle:
        assert "Lab-PSK-1234" not in handle.read()
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.begin_set_shared_key(RG, CONN, {"value": ""})
    assert info.value.status_code == 400 and info.value.error.code == "InvalidSharedKey"


def test_get_ike_sas(lab, client):
    text = client.virtual_network_gateway_connections.begin_get_ike_sas(RG, CONN).result()
    assert isinstance(text, str)
    reply = json.loads(text)
    assert reply["Status"] == "Successful"
    [main] = reply["Data"]
    assert (main["LocalEndpoint"], main["RemoteEndpoint"]) == ("203.0.113.20", "198.51.100.10")
    assert (main["Encryption"], main["Integrity"], main["DhGroup"]) == ("AES128", "SHA256", "ECP256")
    assert main["LifeTimeSeconds"] == 28800
    [quick] = main["QuickModeSAs"]
    assert (quick["Encryption"], quick["Integrity"], quick["PfsGroupId"]) == ("GCMAES128", "GCMAES128", "ECP256")
    assert (quick["LifetimeSeconds"], quick["LifetimeKilobytes"]) == (3600, 2048)
    # usePolicyBasedTrafficSelectors: one pair per (VNet prefix, LNG prefix)
    assert (quick["LocalTrafficSelectors"], quick["RemoteTrafficSelectors"]) == (["172.16.0.0/16"], ["10.0.0.0/8"])
    steps = [(r["method"], r["path"].rsplit("/", 2)[-2], r["status"], r.get("operation", {}).get("status"))
             for r in arm_requests(lab)]
    assert steps == [("POST", CONN, 202, None), ("GET", "operations", 200, "InProgress"),
                     ("GET", "operations", 200, "Succeeded"), ("GET", "operationResults", 200, "Succeeded")]


def test_resources_as_a_list_shared_key_from_file_and_ike_sas_when_down():
    with open(SEED, encoding="utf-8") as handle:
        resources = json.load(handle)
    conn = next(r for r in resources if r["name"] == CONN)
    conn["properties"].update(connectionStatus="NotConnected", sharedKey="from-the-file", ipsecPolicies=[])
    with start_arm_lab(resources) as other:
        client = make_client(other)
        assert client.virtual_network_gateway_connections.get_shared_key(RG, CONN).value == "from-the-file"
        assert "sharedKey" not in other.resource(CONN, "/connections")["properties"]
        assert json.loads(client.virtual_network_gateway_connections.begin_get_ike_sas(RG, CONN).result()) == {
            "Status": "Successful", "Data": None}


# ---------------------------------------------------------------------------------------------
# writes
# ---------------------------------------------------------------------------------------------

def test_create_or_update_polls_until_succeeded(lab, client):
    conn = client.virtual_network_gateway_connections.get(RG, CONN)
    conn.properties.ipsec_policies[0].pfs_group = "None"
    started = time.monotonic()
    result = client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, conn).result()
    assert time.monotonic() - started < 2
    assert result.properties.provisioning_state == "Succeeded"
    assert result.properties.ipsec_policies[0].pfs_group == "None"
    assert result.etag != conn.etag and result.etag.startswith('W/"')
    # read-only state survives the PUT
    assert result.properties.connection_status == "Connected" and result.properties.ingress_bytes_transferred == 1048576
    steps = [(r["method"], r["status"], r.get("operation", {}).get("status")) for r in arm_requests(lab)]
    assert steps[1:] == [("PUT", 200, None), ("GET", 200, "InProgress"), ("GET", 200, "Succeeded"), ("GET", 200, None)]
    assert lab.resource(CONN, "/connections")["properties"]["ipsecPolicies"][0]["pfsGroup"] == "None"


def test_create_answers_201_updating_then_succeeds(lab, client):
    body = connection_body(lab)
    new = {"location": "uksouth", "tags": {"owner": "lab"}, "properties": {
        "connectionType": "IPsec", "virtualNetworkGateway1": body["properties"]["virtualNetworkGateway1"],
        "localNetworkGateway2": body["properties"]["localNetworkGateway2"], "sharedKey": "abc123",
        # read-only: ignored
        "connectionStatus": "Connected", "ingressBytesTransferred": 5}}
    initial = client.virtual_network_gateway_connections.begin_create_or_update(RG, "New-S2S", new, polling=False).result()
    assert initial.properties.provisioning_state == "Updating"
    assert client.virtual_network_gateway_connections.get(RG, "New-S2S").properties.provisioning_state == "Updating"
    put = arm_requests(lab, "PUT")[-1]
    assert put["status"] == 201
    done = client.virtual_network_gateway_connections.begin_create_or_update(RG, "New-S2S", new).result()
    assert done.properties.provisioning_state == "Succeeded"
    assert done.properties.connection_protocol == "IKEv2" and done.properties.dpd_timeout_seconds == 45
    assert done.properties.connection_status == "Unknown" and done.properties.ingress_bytes_transferred == 0
    assert done.tags == {"owner": "lab"}
    assert client.virtual_network_gateway_connections.get_shared_key(RG, "New-S2S").value == "abc123"
    assert sorted(c.name for c in client.virtual_network_gateways.list_connections(RG, GATEWAY)) == ["New-S2S", CONN]


def test_local_network_gateway_put_is_long_running(lab, client):
    lng = client.local_network_gateways.get(RG, LNG)
    lng.local_network_address_space.address_prefixes = ["10.0.0.0/8", "192.168.10.0/24"]
    result = client.local_network_gateways.begin_create_or_update(RG, LNG, lng).result()
    assert result.provisioning_state == "Succeeded"
    assert result.local_network_address_space.address_prefixes == ["10.0.0.0/8", "192.168.10.0/24"]
    assert result.etag != 'W/"1"'
    lng.gateway_ip_address = "198.51.100.300"
    with pytest.raises(HttpResponseError) as info:
        client.local_network_gateways.begin_create_or_update(RG, LNG, lng)
    assert info.value.error.code == "InvalidLocalNetworkGatewayIpAddress"


def test_if_match(lab, client):
    conn = client.virtual_network_gateway_connections.get(RG, CONN)
    ops = client.virtual_network_gateway_connections
    # The SDK has no etag/if_match keyword for this operation: send the header.
    first = ops.begin_create_or_update(RG, CONN, conn, headers={"If-Match": conn.etag}).result()
    assert first.etag != conn.etag
    with pytest.raises(HttpResponseError) as info:
        ops.begin_create_or_update(RG, CONN, conn, headers={"If-Match": conn.etag})
    assert info.value.status_code == 412 and info.value.error.code == "PreconditionFailed"
    assert [r["if_match"] for r in arm_requests(lab, "PUT")] == [conn.etag, conn.etag]
    assert [r["status"] for r in arm_requests(lab, "PUT")] == [200, 412]
    with pytest.raises(HttpResponseError) as info:
        ops.begin_create_or_update(RG, CONN, conn, headers={"If-None-Match": "*"})
    assert info.value.status_code == 412
    assert ops.begin_create_or_update(RG, CONN, conn, headers={"If-Match": "*"}).result().etag != first.etag


@pytest.mark.parametrize("changes, code, target", [
    ({"ipsecPolicies": [policy(ipsecIntegrity="SHA256")]}, "IpsecPolicyGcmMismatch",
     "properties.ipsecPolicies[0].ipsecIntegrity"),
    ({"ipsecPolicies": [policy(ipsecEncryption="AES256", ipsecIntegrity="GCMAES256")]}, "IpsecPolicyGcmMismatch", None),
    ({"ipsecPolicies": [policy(saLifeTimeSeconds=299)]}, "IpsecPolicySaLifeTimeOutOfRange", None),
    ({"ipsecPolicies": [policy(saDataSizeKilobytes=1023)]}, "IpsecPolicySaDataSizeOutOfRange", None),
    ({"dpdTimeoutSeconds": 8}, "DpdTimeoutOutOfRange", "properties.dpdTimeoutSeconds"),
    ({"dpdTimeoutSeconds": 3601}, "DpdTimeoutOutOfRange", None),
    ({"ipsecPolicies": [{k: v for k, v in policy().items() if k != "pfsGroup"}]}, "IpsecPolicyIncomplete", None),
    ({"ipsecPolicies": [policy(), policy()]}, "IpsecPolicyCountExceeded", None),
    ({"connectionProtocol": "IKEv1"}, "ConnectionProtocolCannotBeChanged", None),
    ({"localNetworkGateway2": {"id": CONN_ID.replace("connections/" + CONN, "localNetworkGateways/Nope")}},
     "InvalidResourceReference", None),
    ({"trafficSelectorPolicies": [{"localAddressRanges": ["172.16.0.0/33"], "remoteAddressRanges": ["10.0.0.0/8"]}]},
     "InvalidTrafficSelectorPolicy", None),
])
def test_validation_errors(lab, client, changes, code, target):
    before = lab.resource(CONN, "/connections")
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, connection_body(lab, **changes))
    assert info.value.status_code == 400
    assert info.value.error.code == code
    if target:
        assert info.value.error.details[0].target == target
    assert lab.resource(CONN, "/connections") == before  # nothing changed


@pytest.mark.parametrize("mutate, detail", [
    (lambda b: b["properties"]["ipsecPolicies"][0].update(ipsecEncryption="AES999"),
     "Path 'properties.ipsecPolicies[0].ipsecEncryption'"),
    (lambda b: b["properties"].update(dpdTimeoutSeconds="soon"), "System.Int32"),
    (lambda b: b["properties"].update(saLifeTimeSeconds=3600), "Could not find member 'saLifeTimeSeconds'"),
    (lambda b: b.update(sku={"name": "VpnGw1"}), "Could not find member 'sku'"),
    (lambda b: b.update(properties=[]), "requires a JSON object"),
    (lambda b: b.update(tags="prod"), "Path 'tags'"),
    (lambda b: b.update(location=None), None),
])
def test_request_format_errors(lab, client, mutate, detail):
    body = connection_body(lab)
    mutate(body)
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, body)
    assert info.value.status_code == 400
    if detail is None:
        assert info.value.error.code == "LocationRequired"
    else:
        assert info.value.error.code == "InvalidRequestFormat"
        assert detail in info.value.error.details[0].message


def test_enum_values_are_case_insensitive_and_data_size_zero_is_allowed(lab, client):
    body = connection_body(lab, ipsecPolicies=[policy(ipsecEncryption="gcmaes256", ipsecIntegrity="GcmAes256",
                                                      saDataSizeKilobytes=0)])
    result = client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, body).result()
    assert result.properties.ipsec_policies[0].ipsec_encryption == "GCMAES256"
    assert result.properties.ipsec_policies[0].sa_data_size_kilobytes == 0


def test_custom_policy_not_on_basic_sku(lab, client):
    gateway = client.virtual_network_gateways.get(RG, GATEWAY)
    gateway.properties.sku.name = gateway.properties.sku.tier = "Basic"
    client.virtual_network_gateways.begin_create_or_update(RG, GATEWAY, gateway).result()
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, connection_body(lab))
    assert info.value.error.code == "IpsecPolicyNotSupportedOnBasicSku"
    result = client.virtual_network_gateway_connections.begin_create_or_update(
        RG, CONN, connection_body(lab, ipsecPolicies=[])).result()
    assert result.properties.ipsec_policies == []


# ---------------------------------------------------------------------------------------------
# errors and faults
# ---------------------------------------------------------------------------------------------

def test_wrong_client_secret_is_401_from_entra(lab):
    client = make_client(lab, make_credential(lab, secret="not-the-secret"))
    with pytest.raises(ClientAuthenticationError) as info:
        client.virtual_network_gateway_connections.get(RG, CONN)
    assert "AADSTS7000215" in str(info.value)
    token = [r for r in lab.requests() if r["path"].endswith("/token")]
    assert token and token[-1]["status"] == 401
    assert not arm_requests(lab)  # never got as far as ARM


def test_bad_token_is_401_from_arm(lab, client):
    lab.set_faults({"bad_token": True})
    with pytest.raises(ClientAuthenticationError) as info:
        client.virtual_network_gateway_connections.get(RG, CONN)
    assert info.value.status_code == 401 and info.value.error.code == "InvalidAuthenticationToken"
    assert arm_requests(lab)[-1]["fault"] == "bad_token"
    lab.set_faults({})
    assert client.virtual_network_gateway_connections.get(RG, CONN).name == CONN


def test_forbidden_is_403_authorization_failed(lab, client):
    lab.set_faults({"forbidden": {"path_regex": "/connections/%s$" % CONN}})
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.get(RG, CONN)
    assert info.value.status_code == 403 and info.value.error.code == "AuthorizationFailed"
    message = info.value.error.message
    assert "'Microsoft.Network/connections/read'" in message and CONN_ID in message
    assert [c.name for c in client.virtual_network_gateway_connections.list(RG)] == [CONN]  # other paths work
    assert arm_requests(lab)[0]["fault"] == "forbidden"


def test_not_found(lab, client):
    with pytest.raises(ResourceNotFoundError) as info:
        client.virtual_network_gateway_connections.get(RG, "No-Such-Connection")
    assert info.value.error.code == "ResourceNotFound"
    with pytest.raises(ResourceNotFoundError) as info:
        client.virtual_network_gateway_connections.get("No-Such-RG", CONN)
    assert info.value.error.code == "ResourceGroupNotFound"
    other = NetworkManagementClient(make_credential(lab), "11111111-1111-1111-1111-111111111111", base_url=lab.base_url,
                                    credential_scopes=[lab.base_url + "/.default"], connection_verify=lab.ca_file)
    with pytest.raises(ResourceNotFoundError) as info:
        other.virtual_network_gateway_connections.get(RG, CONN)
    assert info.value.error.code == "SubscriptionNotFound"
    # resource group and names are case-insensitive, as in ARM
    assert client.virtual_network_gateway_connections.get("rg", CONN.lower()).name == CONN


def test_expired_token_and_busy_resource(lab, client):
    lab.set_faults({"expired_token": True})
    with pytest.raises(ClientAuthenticationError) as info:
        client.local_network_gateways.get(RG, LNG)
    assert info.value.error.code == "ExpiredAuthenticationToken"
    lab.set_faults({"busy_conflict": True})
    ops = client.virtual_network_gateway_connections
    ops.begin_create_or_update(RG, CONN, connection_body(lab), polling=False)
    with pytest.raises(HttpResponseError) as info:
        ops.begin_create_or_update(RG, CONN, connection_body(lab))
    assert info.value.status_code == 409 and info.value.error.code == "AnotherOperationInProgress"
    lab.set_faults({})  # without the fault a new PUT supersedes the running operation
    assert ops.begin_create_or_update(RG, CONN, connection_body(lab)).result().properties.provisioning_state == "Succeeded"


def test_put_into_unknown_resource_group(lab, client):
    with pytest.raises(ResourceNotFoundError) as info:
        client.local_network_gateways.begin_create_or_update("No-Such-RG", LNG, lab.resource(LNG))
    assert info.value.error.code == "ResourceGroupNotFound"


def test_throttling_is_retried_after_retry_after(lab, client):
    lab.set_faults({"throttle": {"path_regex": "/connections/", "times": 1, "retry_after": 1}})
    started = time.monotonic()
    assert client.virtual_network_gateway_connections.get(RG, CONN).name == CONN
    assert time.monotonic() - started >= 0.9
    gets = arm_requests(lab, "GET", "/connections/")
    assert [(r["status"], r["fault"]) for r in gets] == [(429, "throttle"), (200, None)]
    assert lab.faults() == {}


def test_server_errors_are_retried_then_surface(lab, client):
    lab.set_faults({"server_error": {"path_regex": "/localNetworkGateways/", "times": 1, "status": 500}})
    assert client.local_network_gateways.get(RG, LNG).name == LNG
    assert [r["status"] for r in arm_requests(lab, "GET", "/localNetworkGateways/")] == [500, 200]
    lab.set_faults({"server_error": {"path_regex": "/localNetworkGateways/", "times": 10, "status": 503}})
    impatient = make_client(lab, retry_total=1)
    with pytest.raises(HttpResponseError) as info:
        impatient.local_network_gateways.get(RG, LNG)
    assert info.value.status_code == 503 and info.value.error.code == "ServiceUnavailable"


def test_failed_long_running_operation(lab, client):
    lab.set_faults({"lro_failure": {"path_regex": "/connections/", "code": "VpnConnectionUpdateFailed",
                                    "message": "The gateway rejected the update."}})
    with pytest.raises(HttpResponseError) as info:
        client.virtual_network_gateway_connections.begin_create_or_update(RG, CONN, connection_body(lab)).result()
    assert info.value.error.code == "VpnConnectionUpdateFailed"
    assert lab.resource(CONN, "/connections")["properties"]["provisioningState"] == "Failed"


def test_faults_are_validated(lab):
    from arm_https.lab import ArmLabError
    with pytest.raises(ArmLabError, match="unknown fault"):
        lab.set_faults({"throtle": {}})
    with pytest.raises(ArmLabError, match="unknown keys"):
        lab.set_faults({"throttle": {"path": "/x"}})


# ---------------------------------------------------------------------------------------------
# the command-line contract
# ---------------------------------------------------------------------------------------------

def test_server_command_line_contract():
    python = os.path.join(REPO, ".venv", "bin", "python")
    python = python if os.path.exists(python) else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        ready, log, state, faults = (os.path.join(tmp, n) for n in ("ready.json", "log.jsonl", "state", "faults.json"))
        with open(faults, "w", encoding="utf-8") as handle:
            json.dump({"forbidden": {"path_regex": "/connections"}}, handle)
        proc = subprocess.Popen([python, os.path.join(REPO, "tests", "lab", "arm_https", "server.py"),
                                 "--resources", SEED, "--port", "0", "--ready-file", ready, "--log", log,
                                 "--state-dir", state, "--faults", faults, "--tenant", "contoso-tenant",
                                 "--client-id", "app-1", "--client-secret", "s3cret", "--subscription", SUB],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 20
            while not os.path.exists(ready) and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.02)
            with open(ready, encoding="utf-8") as handle:
                info = json.load(handle)
            assert {"port", "pid", "ca_file", "base_url", "authority"} <= set(info)
            assert info["pid"] == proc.pid and info["base_url"] == "https://127.0.0.1:%d" % info["port"]
            assert info["authority"] == "127.0.0.1:%d" % info["port"]
            assert os.path.dirname(info["ca_file"]) == state and os.path.exists(info["ca_file"])
            credential = ClientSecretCredential("contoso-tenant", "app-1", "s3cret", authority=info["authority"],
                                                disable_instance_discovery=True, connection_verify=info["ca_file"])
            client = NetworkManagementClient(credential, SUB, base_url=info["base_url"],
                                             credential_scopes=[info["base_url"] + "/.default"],
                                             connection_verify=info["ca_file"], retry_total=0)
            with pytest.raises(HttpResponseError) as denied:
                client.virtual_network_gateway_connections.get(RG, CONN)
            assert denied.value.status_code == 403
            with open(faults, "w", encoding="utf-8") as handle:  # the faults file is re-read when it changes
                handle.write("{}")
            deadline = time.monotonic() + 5
            while True:
                try:
                    assert client.virtual_network_gateway_connections.get(RG, CONN).name == CONN
                    break
                except HttpResponseError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            with open(log, encoding="utf-8") as handle:
                entries = [json.loads(line) for line in handle]
            assert {"method", "path", "query", "status", "if_match", "fault"} <= set(entries[-1])
            assert any(e["fault"] == "forbidden" for e in entries)
            # the control channel needs the token from the ready file
            request = urllib.request.Request(info["base_url"] + "/_lab/state")
            context = __import__("ssl").create_default_context(cafile=info["ca_file"])
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                 urllib.request.HTTPSHandler(context=context))
            with pytest.raises(urllib.error.HTTPError) as refused:
                opener.open(request, timeout=5)
            assert refused.value.code == 404
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        assert proc.returncode == 0, proc.stderr.read().decode()
