# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request bodies as the service's JSON reader sees them: types, enums, members."""

from __future__ import annotations

import ipaddress
import json
import re

from .common import (AUTHENTICATION_TYPE, CONNECTION_MODE, CONNECTION_PROTOCOL, CONNECTION_TYPE, DH_GROUP, IKE_ENCRYPTION,
                     IKE_INTEGRITY, INT32_MAX, IPSEC_ENCRYPTION, IPSEC_INTEGRITY, NRP_TYPE_PREFIX, PFS_GROUP)


# --------------------------------------------------------------------------------------------
# Request body checks: a small model of the service's JSON reader (types, enums, members)
# --------------------------------------------------------------------------------------------

class BodyError(Exception):
    """The request body cannot be read into the service's contract (HTTP 400 InvalidRequestFormat)."""


def _join(path, key):
    return key if not path else "%s.%s" % (path, key)


def _show(value):
    return json.dumps(value) if isinstance(value, str) else json.dumps(value)[:60]


S_STR = ("str",)
S_INT32 = ("int32",)
S_INT64 = ("int64",)
S_BOOL = ("bool",)
S_ANY = ("any",)
S_READONLY = ("readonly",)


def s_enum(values, type_name):
    return ("enum", values, type_name)


def s_obj(schema, type_name, strict=True):
    return ("obj", schema, type_name, strict)


def s_arr(item):
    return ("arr", item)


S_REF = s_obj({"id": S_STR}, "SubResource", strict=False)
S_TAGS = ("tags",)

IPSEC_POLICY_SCHEMA = s_obj({
    "saLifeTimeSeconds": S_INT32,
    "saDataSizeKilobytes": S_INT32,
    "ipsecEncryption": s_enum(IPSEC_ENCRYPTION, "IpsecEncryption"),
    "ipsecIntegrity": s_enum(IPSEC_INTEGRITY, "IpsecIntegrity"),
    "ikeEncryption": s_enum(IKE_ENCRYPTION, "IkeEncryption"),
    "ikeIntegrity": s_enum(IKE_INTEGRITY, "IkeIntegrity"),
    "dhGroup": s_enum(DH_GROUP, "DhGroup"),
    "pfsGroup": s_enum(PFS_GROUP, "PfsGroup"),
}, "IpsecPolicy")

TRAFFIC_SELECTOR_SCHEMA = s_obj({
    "localAddressRanges": s_arr(S_STR),
    "remoteAddressRanges": s_arr(S_STR),
}, "TrafficSelectorPolicy")

CONNECTION_PROPERTIES = s_obj({
    "authorizationKey": S_STR,
    "virtualNetworkGateway1": S_REF,
    "virtualNetworkGateway2": S_REF,
    "localNetworkGateway2": S_REF,
    "ingressNatRules": s_arr(S_REF),
    "egressNatRules": s_arr(S_REF),
    "connectionType": s_enum(CONNECTION_TYPE, "VirtualNetworkGatewayConnectionType"),
    "connectionProtocol": s_enum(CONNECTION_PROTOCOL, "VirtualNetworkGatewayConnectionProtocol"),
    "routingWeight": S_INT32,
    "dpdTimeoutSeconds": S_INT32,
    "connectionMode": s_enum(CONNECTION_MODE, "VirtualNetworkGatewayConnectionMode"),
    "tunnelProperties": s_arr(S_ANY),
    "sharedKey": S_STR,
    "peer": S_REF,
    "enableBgp": S_BOOL,
    "gatewayCustomBgpIpAddresses": s_arr(s_obj({"ipConfigurationId": S_STR, "customBgpIpAddress": S_STR},
                                               "GatewayCustomBgpIpAddressIpConfiguration")),
    "useLocalAzureIpAddress": S_BOOL,
    "usePolicyBasedTrafficSelectors": S_BOOL,
    "ipsecPolicies": s_arr(IPSEC_POLICY_SCHEMA),
    "trafficSelectorPolicies": s_arr(TRAFFIC_SELECTOR_SCHEMA),
    "expressRouteGatewayBypass": S_BOOL,
    "enablePrivateLinkFastPath": S_BOOL,
    "authenticationType": s_enum(AUTHENTICATION_TYPE, "ConnectionAuthenticationType"),
    "certificateAuthentication": S_ANY,
    "routingConfiguration": S_ANY,
    # read-only: accepted and ignored, like the service does
    "connectionStatus": S_READONLY,
    "tunnelConnectionStatus": S_READONLY,
    "egressBytesTransferred": S_READONLY,
    "ingressBytesTransferred": S_READONLY,
    "resourceGuid": S_READONLY,
    "provisioningState": S_READONLY,
}, "VirtualNetworkGatewayConnectionPropertiesFormat")

LNG_PROPERTIES = s_obj({
    "localNetworkAddressSpace": s_obj({"addressPrefixes": s_arr(S_STR), "ipamPoolPrefixAllocations": s_arr(S_ANY)},
                                      "AddressSpace"),
    "gatewayIpAddress": S_STR,
    "fqdn": S_STR,
    "bgpSettings": s_obj({"asn": S_INT64, "bgpPeeringAddress": S_STR, "peerWeight": S_INT32,
                          "bgpPeeringAddresses": s_arr(S_ANY)}, "BgpSettings"),
    "resourceGuid": S_READONLY,
    "provisioningState": S_READONLY,
}, "LocalNetworkGatewayPropertiesFormat")

# Gateways: the members the rules in gateways.py read are typed; others are stored as given.
BGP_PEERING_ADDRESS_SCHEMA = s_obj({
    "ipconfigurationId": S_STR, "defaultBgpIpAddresses": s_arr(S_STR), "customBgpIpAddresses": s_arr(S_STR),
    "tunnelIpAddresses": s_arr(S_STR),
}, "IPConfigurationBgpPeeringAddress")
GATEWAY_PROPERTIES = s_obj({
    "gatewayType": s_enum(["Vpn", "ExpressRoute", "LocalGateway"], "VirtualNetworkGatewayType"),
    "vpnType": s_enum(["PolicyBased", "RouteBased"], "VpnType"),
    "enableBgp": S_BOOL,
    "activeActive": S_BOOL,
    "ipConfigurations": s_arr(S_ANY),
    "sku": s_obj({"name": S_STR, "tier": S_STR, "capacity": S_INT32}, "VirtualNetworkGatewaySku", strict=False),
    "bgpSettings": s_obj({"asn": S_INT64, "bgpPeeringAddress": S_STR, "peerWeight": S_INT32,
                          "bgpPeeringAddresses": s_arr(BGP_PEERING_ADDRESS_SCHEMA)}, "BgpSettings"),
}, "VirtualNetworkGatewayPropertiesFormat", strict=False)

TOP_LEVEL = {"id": S_ANY, "name": S_ANY, "type": S_ANY, "etag": S_ANY, "location": S_STR, "tags": S_TAGS}
RESOURCE_SCHEMAS = {
    "connections": s_obj(dict(TOP_LEVEL, properties=CONNECTION_PROPERTIES), "VirtualNetworkGatewayConnection"),
    "localnetworkgateways": s_obj(dict(TOP_LEVEL, properties=LNG_PROPERTIES), "LocalNetworkGateway"),
    # The other types are only checked at the top level; their properties are stored as given.
    "virtualnetworkgateways": s_obj(dict(TOP_LEVEL, properties=GATEWAY_PROPERTIES,
                                         extendedLocation=S_ANY, identity=S_ANY), "VirtualNetworkGateway"),
    "publicipaddresses": s_obj(dict(TOP_LEVEL, properties=s_obj({}, "PublicIPAddressPropertiesFormat", False),
                                    sku=S_ANY, zones=s_arr(S_STR), extendedLocation=S_ANY), "PublicIPAddress"),
    "virtualnetworks": s_obj(dict(TOP_LEVEL, properties=s_obj({}, "VirtualNetworkPropertiesFormat", False),
                                  extendedLocation=S_ANY), "VirtualNetwork"),
}
SHARED_KEY_SCHEMA = s_obj({"value": S_STR, "id": S_ANY}, "ConnectionSharedKey")


def read_body(value, spec, path=""):
    """Check ``value`` against ``spec`` the way Newtonsoft.Json reads it into the service's
    contract classes; return the value with canonical member names and enum spellings.
    Raises BodyError with the reader's message on the first problem (the reader stops there)."""
    kind = spec[0]
    if value is None or kind in ("any", "readonly"):
        return value
    if kind == "str":
        if isinstance(value, (dict, list)):
            raise BodyError("Error reading string. Unexpected token: %s. Path '%s'." % (
                "StartObject" if isinstance(value, dict) else "StartArray", path))
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value)
    if kind in ("int32", "int64"):
        limit = INT32_MAX if kind == "int32" else 2 ** 63 - 1
        type_name = "System.Int32" if kind == "int32" else "System.Int64"
        number = None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.match(r"^\s*-?\d+\s*$", value):
            number = int(value)
        if number is None:
            raise BodyError("Error converting value %s to type '%s'. Path '%s'." % (_show(value), type_name, path))
        if not -limit - 1 <= number <= limit:
            raise BodyError("JSON integer %d is too large or small for an %s. Path '%s'." % (
                number, type_name.split(".")[1], path))
        return number
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise BodyError("Error converting value %s to type 'System.Boolean'. Path '%s'." % (_show(value), path))
    if kind == "enum":
        values, type_name = spec[1], spec[2]
        if isinstance(value, str):
            for allowed in values:
                if allowed.lower() == value.strip().lower():
                    return allowed
        raise BodyError("Error converting value %s to type '%s%s'. Path '%s'." % (
            _show(value), NRP_TYPE_PREFIX, type_name, path))
    if kind == "tags":
        if not isinstance(value, dict):
            raise BodyError("Error converting value %s to type 'System.Collections.Generic.Dictionary`2"
                            "[System.String,System.String]'. Path '%s'." % (_show(value), path))
        return {str(k): read_body(v, S_STR, _join(path, str(k))) for k, v in value.items()}
    if kind == "arr":
        if not isinstance(value, list):
            raise BodyError("Cannot deserialize the current JSON %s into type 'System.Collections.Generic.List`1' "
                            "because the type requires a JSON array (e.g. [1,2,3]) to deserialize correctly. "
                            "Path '%s'." % ("object" if isinstance(value, dict) else "value %s" % _show(value), path))
        return [read_body(item, spec[1], "%s[%d]" % (path, i)) for i, item in enumerate(value)]
    if kind == "obj":
        schema, type_name, strict = spec[1], spec[2], spec[3]
        full_name = NRP_TYPE_PREFIX + type_name
        if not isinstance(value, dict):
            if isinstance(value, list):
                raise BodyError("Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '%s' because "
                                "the type requires a JSON object (e.g. {\"name\":\"value\"}) to deserialize "
                                "correctly. Path '%s'." % (full_name, path))
            raise BodyError("Error converting value %s to type '%s'. Path '%s'." % (_show(value), full_name, path))
        names = {k.lower(): k for k in schema}
        out = {}
        for key, item in value.items():
            canonical = names.get(str(key).lower())
            if canonical is None:
                if strict:
                    raise BodyError("Could not find member '%s' on object of type '%s'. Path '%s'." % (
                        key, type_name, _join(path, key)))
                out[key] = item
                continue
            out[canonical] = read_body(item, schema[canonical], _join(path, canonical))
        return out
    raise AssertionError("unknown schema kind %r" % kind)


def valid_cidr(text):
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        return False
    return isinstance(network, ipaddress.IPv4Network) and "/" in text


def valid_ipv4(text):
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def valid_shared_key(text):
    return isinstance(text, str) and 1 <= len(text) <= 128 and all(32 <= ord(c) < 127 for c in text)
