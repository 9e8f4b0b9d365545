# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An HTTPS stand-in for Azure Resource Manager (Microsoft.Network) and the Entra ID token endpoint.

Test lab only (not shipped in the built collection).  It is an independent model of how Azure
behaves, written from Azure's public documentation and REST specification; it imports nothing
from this collection's ``plugins/``.  The real ``azure-identity`` ``ClientSecretCredential`` and
``azure-mgmt-network`` ``NetworkManagementClient`` talk to it unchanged::

    .venv/bin/python tests/lab/arm_https/server.py --resources FILE.json [--port 0]
        [--ready-file PATH] [--log PATH] [--state-dir DIR] [--faults FILE]
        [--tenant TENANT_ID] [--client-id ID] [--client-secret SECRET] [--subscription SUB]

It binds 127.0.0.1, makes a CA and a server certificate (127.0.0.1, localhost) in ``--state-dir``,
and writes ``{"port", "pid", "ca_file", "base_url", "authority", ...}`` to ``--ready-file`` once
it accepts connections.  ``--log`` gets one JSON line per request (never secrets or tokens).
``tests/lab/README.md`` describes the endpoints, the validation rules and the faults;
``lab.py`` next to this file starts and drives it from Python tests.
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime
import hashlib
import hmac
import http.server
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import traceback
import uuid
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

DEFAULT_TENANT = "72f988bf-0000-4000-8000-00000000a11b"
DEFAULT_CLIENT_ID = "5f1e0a0c-0000-4000-8000-00000000c11e"
DEFAULT_CLIENT_SECRET = "lab-client-secret"
DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

# Resources this lab serves under /providers/Microsoft.Network/<segment>.
RESOURCE_TYPES = {
    "connections": ("connections", "Microsoft.Network/connections", "VirtualNetworkGatewayConnection"),
    "virtualnetworkgateways": ("virtualNetworkGateways", "Microsoft.Network/virtualNetworkGateways", "VirtualNetworkGateway"),
    "localnetworkgateways": ("localNetworkGateways", "Microsoft.Network/localNetworkGateways", "LocalNetworkGateway"),
    "publicipaddresses": ("publicIPAddresses", "Microsoft.Network/publicIPAddresses", "PublicIPAddress"),
    "virtualnetworks": ("virtualNetworks", "Microsoft.Network/virtualNetworks", "VirtualNetwork"),
}

# REST enums of Microsoft.Network (virtualNetworkGateway.json, 2024-05-01; the same lists are in
# /work/shared/reference/azure_asa_ipsec_facts.yaml, azure_custom_policy.enums).  Matching is
# case-insensitive like the service's JSON reader; responses use these spellings.
IKE_ENCRYPTION = ["DES", "DES3", "AES128", "AES192", "AES256", "GCMAES256", "GCMAES128"]
IKE_INTEGRITY = ["MD5", "SHA1", "SHA256", "SHA384", "GCMAES256", "GCMAES128"]
DH_GROUP = ["None", "DHGroup1", "DHGroup2", "DHGroup14", "DHGroup2048", "ECP256", "ECP384", "DHGroup24"]
IPSEC_ENCRYPTION = ["None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"]
IPSEC_INTEGRITY = ["MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"]
PFS_GROUP = ["None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFS24", "PFS14", "PFSMM"]
CONNECTION_TYPE = ["IPsec", "Vnet2Vnet", "ExpressRoute", "VPNClient"]
CONNECTION_PROTOCOL = ["IKEv2", "IKEv1"]
CONNECTION_MODE = ["Default", "ResponderOnly", "InitiatorOnly"]
AUTHENTICATION_TYPE = ["PSK", "Certificate"]
IPSEC_POLICY_FIELDS = ["saLifeTimeSeconds", "saDataSizeKilobytes", "ipsecEncryption", "ipsecIntegrity",
                       "ikeEncryption", "ikeIntegrity", "dhGroup", "pfsGroup"]
# Documented ranges (DOC_ALG_TABLE_2024, DOC_POLICY_FAQ): SA lifetime >= 300 s; SA data size
# >= 1024 KB, where the portal also accepts 0 ("must be 0 or between 1024 and 2147483647");
# DPD timeout 9..3600 s.
SA_LIFETIME_MIN = 300
SA_DATA_SIZE_MIN = 1024
DPD_MIN, DPD_MAX = 9, 3600
INT32_MAX = 2147483647
# Azure's default proposals (DOC_VPN_DEVICES): IKE AES256/SHA1/DH2 as seen on the wire,
# IKE SA 28800 s; route-based quick mode 27000 s / 102400000 KB, first offer GCMAES256, no PFS.
IKE_SA_LIFETIME = 28800
DEFAULT_QM = {"Encryption": "GCMAES256", "Integrity": "GCMAES256", "PfsGroupId": "None",
              "LifetimeSeconds": 27000, "LifetimeKilobytes": 102400000}
DEFAULT_MM = {"Encryption": "AES256", "Integrity": "SHA1", "DhGroup": "DHGroup2"}

NRP_TYPE_PREFIX = "Microsoft.WindowsAzure.Networking.Nrp.Frontend.Contract.Csm.Public."
ARM_AUDIENCES = ("https://management.azure.com", "https://management.core.windows.net")
API_VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(-[A-Za-z0-9]+)?$")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def iso(ts=None):
    value = utcnow() if ts is None else datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_etag():
    return 'W/"%s"' % uuid.uuid4()


def etag_value(text):
    """The opaque part of an ETag: W/"x", "x" and x all compare as x."""
    text = text.strip()
    if text.startswith("W/"):
        text = text[2:]
    return text.strip('"')


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LabError(Exception):
    """Bad command line, resources file or fault specification."""


# --------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------

def make_certificates(state_dir):
    """Create a CA and a server certificate for 127.0.0.1/localhost; return (ca_file, cert_file, key_file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = utcnow() - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=30)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vpnalign.s2s test lab"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "vpnalign ARM lab CA %s" % uuid.uuid4().hex[:8])])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(until)
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = os.path.join(state_dir, "ca.pem")
    cert_file = os.path.join(state_dir, "server.pem")
    key_file = os.path.join(state_dir, "server-key.pem")
    _write_file(ca_file, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_file(cert_file, cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_file(key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()), mode=0o600)
    # The CA key stays in memory: nothing else can be signed with this CA.
    return ca_file, cert_file, key_file


def _write_file(path, data, mode=0o644):
    tmp = path + ".tmp-%d" % os.getpid()
    with open(tmp, "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.chmod(tmp, mode)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------

class Response:
    def __init__(self, status, body=None, headers=None, fault=None):
        self.status = status
        self.headers = dict(headers or {})
        self.fault = fault
        if body is None:
            self.body = b""
        else:
            self.body = json.dumps(body).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json; charset=utf-8")

    def with_headers(self, headers):
        self.headers.update(headers)
        return self


def arm_error(status, code, message, details=None, headers=None, fault=None, target=None):
    error = {"code": code, "message": message}
    if target:
        error["target"] = target
    if details is not None:
        error["details"] = details
    return Response(status, {"error": error}, headers=headers, fault=fault)


def aad_error(status, error, code, description, fault=None):
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    now = utcnow().strftime("%Y-%m-%d %H:%M:%SZ")
    return Response(status, {
        "error": error,
        "error_description": "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s" % (
            code, description, trace, correlation, now),
        "error_codes": [code],
        "timestamp": now,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": "https://login.microsoftonline.com/error?code=%d" % code,
    }, fault=fault)


class Request:
    def __init__(self, method, raw_path, headers, body, base_url):
        self.method = method
        split = urlsplit(raw_path)
        self.path = unquote(split.path)
        self.raw_query = split.query
        self.query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        self.query_lower = {k.lower(): v for k, v in self.query.items()}
        self.headers = headers
        self.body = body
        host = headers.get("Host")
        self.base_url = ("https://" + host) if host and re.match(r"^(127\.0\.0\.1|localhost):\d+$", host) else base_url
        self.segments = [s for s in self.path.split("/") if s]
        self.lower = [s.lower() for s in self.segments]
        self.log = {}

    def header(self, name):
        return self.headers.get(name)

    @property
    def api_version(self):
        return self.query_lower.get("api-version")


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------

FAULT_KEYS = {
    "throttle": {"path_regex", "method", "times", "retry_after"},
    "server_error": {"path_regex", "method", "times", "status", "retry_after"},
    "forbidden": {"path_regex", "method", "times"},
    "lro_failure": {"path_regex", "method", "times", "code", "message"},
}
FAULT_FLAGS = {"bad_token", "expired_token", "busy_conflict"}
FAULT_SETTINGS = {"page_size"}


class Faults:
    """Faults on demand.  ``set`` replaces all of them; ``times`` counts down (absent = unlimited
    for ``forbidden``, 1 for the others)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = {}
        self.flags = {}
        self.settings = {}

    @staticmethod
    def validate(spec):
        if not isinstance(spec, dict):
            raise LabError("faults must be a JSON object")
        rules, flags, settings = {}, {}, {}
        for name, value in spec.items():
            if name in FAULT_FLAGS:
                if not isinstance(value, bool):
                    raise LabError("fault %s takes true or false" % name)
                flags[name] = value
            elif name in FAULT_SETTINGS:
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                    raise LabError("%s must be a positive integer or null" % name)
                settings[name] = value
            elif name in FAULT_KEYS:
                items = value if isinstance(value, list) else [value]
                parsed = []
                for item in items:
                    if not isinstance(item, dict):
                        raise LabError("fault %s takes an object (or a list of objects)" % name)
                    unknown = set(item) - FAULT_KEYS[name]
                    if unknown:
                        raise LabError("fault %s: unknown keys %s" % (name, ", ".join(sorted(unknown))))
                    rule = dict(item)
                    try:
                        rule["_re"] = re.compile(rule.get("path_regex") or "", re.IGNORECASE)
                    except re.error as exc:
                        raise LabError("fault %s: bad path_regex: %s" % (name, exc))
                    times = rule.get("times", None if name == "forbidden" else 1)
                    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
                        raise LabError("fault %s: times must be a non-negative integer" % name)
                    rule["times"] = times
                    if name == "server_error" and rule.setdefault("status", 500) not in (500, 502, 503, 504):
                        raise LabError("fault server_error: status must be 500, 502, 503 or 504")
                    if name == "throttle":
                        rule.setdefault("retry_after", 1)
                    for key in ("retry_after",):
                        if key in rule and rule[key] is not None and (not isinstance(rule[key], (int, float)) or rule[key] < 0):
                            raise LabError("fault %s: %s must be a non-negative number" % (name, key))
                    parsed.append(rule)
                rules[name] = parsed
            else:
                raise LabError("unknown fault %r (known: %s)" % (
                    name, ", ".join(sorted(set(FAULT_KEYS) | FAULT_FLAGS | FAULT_SETTINGS))))
        return rules, flags, settings

    def set(self, spec):
        rules, flags, settings = self.validate(spec)
        with self.lock:
            self.rules, self.flags, self.settings = rules, flags, settings

    def describe(self):
        with self.lock:
            out = {}
            for name, rules in self.rules.items():
                live = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rules if r["times"] != 0]
                if live:
                    out[name] = live
            out.update({k: v for k, v in self.flags.items() if v})
            out.update({k: v for k, v in self.settings.items() if v is not None})
            return out

    def take(self, name, req):
        """The first matching rule of this kind, counted down; None if none matches."""
        with self.lock:
            for rule in self.rules.get(name, []):
                if rule["times"] == 0:
                    continue
                if rule.get("method") and rule["method"].upper() != req.method:
                    continue
                if not rule["_re"].search(req.path):
                    continue
                if rule["times"] is not None:
                    rule["times"] -= 1
                return dict(rule)
        return None

    def flag(self, name):
        with self.lock:
            return bool(self.flags.get(name))

    def setting(self, name):
        with self.lock:
            return self.settings.get(name)


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
    "gatewayCustomBgpIpAddresses": s_arr(S_ANY),
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

TOP_LEVEL = {"id": S_ANY, "name": S_ANY, "type": S_ANY, "etag": S_ANY, "location": S_STR, "tags": S_TAGS}
RESOURCE_SCHEMAS = {
    "connections": s_obj(dict(TOP_LEVEL, properties=CONNECTION_PROPERTIES), "VirtualNetworkGatewayConnection"),
    "localnetworkgateways": s_obj(dict(TOP_LEVEL, properties=LNG_PROPERTIES), "LocalNetworkGateway"),
    # The other types are only checked at the top level; their properties are stored as given.
    "virtualnetworkgateways": s_obj(dict(TOP_LEVEL, properties=s_obj({}, "VirtualNetworkGatewayPropertiesFormat", False),
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


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

class Tokens:
    """JWT-shaped access tokens signed with a per-run HMAC key (clients never check signatures)."""

    def __init__(self, tenant, client_id, client_secret, lifetime):
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.lifetime = lifetime
        self.key = secrets.token_bytes(32)
        self.object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "vpnalign-lab-sp/" + client_id))

    def issue(self, audience):
        now = int(time.time())
        header = {"typ": "JWT", "alg": "HS256", "kid": "vpnalign-lab"}
        claims = {"aud": audience, "iss": "https://sts.windows.net/%s/" % self.tenant, "iat": now, "nbf": now,
                  "exp": now + self.lifetime, "appid": self.client_id, "appidacr": "1", "idtyp": "app",
                  "oid": self.object_id, "sub": self.object_id, "tid": self.tenant, "ver": "1.0",
                  "uti": b64url(secrets.token_bytes(12))}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = hmac.new(self.key, signing_input.encode("ascii"), hashlib.sha256).digest()
        return signing_input + "." + b64url(signature)

    def verify(self, token):
        """Claims of a token this run issued, or None; expiry is checked by the caller."""
        parts = token.split(".")
        if len(parts) != 3:
            return None
        try:
            expected = hmac.new(self.key, (parts[0] + "." + parts[1]).encode("ascii"), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, b64url_decode(parts[2])):
                return None
            return json.loads(b64url_decode(parts[1]))
        except (ValueError, UnicodeError):
            return None


# --------------------------------------------------------------------------------------------
# State: resources, shared keys, long-running operations
# --------------------------------------------------------------------------------------------

def parse_resource_id(rid):
    """(subscription, resource group, type key, name) of a Microsoft.Network resource id, or None."""
    if not isinstance(rid, str):
        return None
    parts = [p for p in rid.split("/") if p]
    lower = [p.lower() for p in parts]
    if (len(parts) == 8 and lower[0] == "subscriptions" and lower[2] == "resourcegroups" and lower[4] == "providers"
            and lower[5] == "microsoft.network" and lower[6] in RESOURCE_TYPES):
        return parts[1], parts[3], lower[6], parts[7]
    return None


def resource_id(sub, rg, type_key, name):
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s" % (
        sub, rg, RESOURCE_TYPES[type_key][0], name)


class Operation:
    def __init__(self, kind, resource_key, etag, location, api_version):
        self.id = str(uuid.uuid4())
        self.kind = kind                # "put" or "post"
        self.resource_key = resource_key
        self.etag = etag                # version of the resource this operation produces
        self.location = location or "westus"
        self.api_version = api_version
        self.polls = 0
        self.status = "InProgress"
        self.start = time.time()
        self.end = None
        self.result = None              # POST: response body (JSON value)
        self.error = None               # {"code", "message"} when it fails


class Store:
    def __init__(self, resources, subscription, in_progress_polls=1, lro_timeout=10.0, state_file=None):
        self.lock = threading.RLock()
        self.subscription = subscription
        self.in_progress_polls = in_progress_polls
        self.lro_timeout = lro_timeout
        self.state_file = state_file
        self.started = time.time()
        self.initial = copy.deepcopy(resources)
        self.load(resources)

    def load(self, resources):
        if not isinstance(resources, list):
            raise LabError("the resources file must hold a JSON list of ARM resources")
        with self.lock:
            self.resources = {}          # lower-case id -> resource (ARM GET shape)
            self.extra = []              # entries of other types, kept for resources()
            self.groups = {}             # (sub, rg) lower -> {"name", "location"}
            self.shared_keys = {}        # lower-case connection id -> key
            self.operations = {}
            self.subscriptions = {self.subscription.lower()}
            for index, item in enumerate(resources):
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    raise LabError("resource #%d has no id" % index)
                rid = item["id"]
                lower = [p.lower() for p in rid.split("/") if p]
                if len(lower) == 4 and lower[0] == "subscriptions" and lower[2] == "resourcegroups":
                    parts = [p for p in rid.split("/") if p]
                    self._group(parts[1], parts[3], item.get("location"))
                    continue
                parsed = parse_resource_id(rid)
                if parsed is None:
                    self.extra.append(copy.deepcopy(item))
                    continue
                sub, rg, type_key, name = parsed
                self.subscriptions.add(sub.lower())
                self._group(sub, rg, item.get("location"))
                resource = copy.deepcopy(item)
                resource.setdefault("name", name)
                resource.setdefault("type", RESOURCE_TYPES[type_key][1])
                resource.setdefault("etag", new_etag())
                props = resource.setdefault("properties", {})
                if not isinstance(props, dict):
                    raise LabError("resource %s: properties must be an object" % rid)
                props.setdefault("provisioningState", "Succeeded")
                if type_key == "connections":
                    # Every IPsec connection has a pre-shared key; GET never shows it.  Give one
                    # in the file as properties.sharedKey, or the lab makes up a random one.
                    key = props.pop("sharedKey", None)
                    if key is None and props.get("connectionType", "IPsec") in ("IPsec", "Vnet2Vnet"):
                        key = secrets.token_urlsafe(24)
                    if key is not None:
                        self.shared_keys[rid.lower()] = key
                self.resources[rid.lower()] = resource
            self.save()

    def _group(self, sub, rg, location):
        key = (sub.lower(), rg.lower())
        if key not in self.groups:
            self.groups[key] = {"name": rg, "location": (location or "westus")}

    def reset(self):
        self.load(copy.deepcopy(self.initial))

    def save(self):
        if self.state_file:
            _write_file(self.state_file, json.dumps(self.dump(), indent=2) + "\n")

    def dump(self):
        with self.lock:
            return [copy.deepcopy(r) for r in self.resources.values()] + copy.deepcopy(self.extra)

    def get(self, rid):
        return self.resources.get(rid.lower()) if rid else None

    def of_type(self, type_key, sub, rg=None):
        prefix = "/subscriptions/%s/resourcegroups/%s/" % (sub.lower(), rg.lower()) if rg else "/subscriptions/%s/" % sub.lower()
        kind = RESOURCE_TYPES[type_key][1].lower()
        return [r for key, r in self.resources.items()
                if key.startswith(prefix) and str(r.get("type", "")).lower() == kind]

    # ---- long-running operations
    def start_operation(self, kind, resource_key, etag, location, api_version):
        op = Operation(kind, resource_key, etag, location, api_version)
        self.operations[op.id] = op
        return op

    def busy(self, resource_key):
        return [op for op in self.operations.values() if op.resource_key == resource_key and op.status == "InProgress"]

    def poll(self, op):
        """One poll of an operation: InProgress ``in_progress_polls`` times, then its outcome."""
        if op.status == "InProgress":
            op.polls += 1
            if op.polls > self.in_progress_polls:
                self.complete(op)

    def complete(self, op):
        if op.status != "InProgress":
            return
        op.status = "Failed" if op.error else "Succeeded"
        op.end = time.time()
        resource = self.resources.get(op.resource_key)
        if op.kind == "put" and resource is not None and resource.get("etag") == op.etag:
            resource["properties"]["provisioningState"] = op.status
            self.save()

    def expire_operations(self):
        """Operations nobody polls finish on their own after ``lro_timeout`` seconds."""
        now = time.time()
        for op in list(self.operations.values()):
            if op.status == "InProgress" and now - op.start > self.lro_timeout:
                self.complete(op)


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------

LIST_ENTITY_PROPERTIES = {
    # VirtualNetworkGatewayConnectionListEntityPropertiesFormat: what .../connections of a gateway returns
    "authorizationKey", "virtualNetworkGateway1", "virtualNetworkGateway2", "localNetworkGateway2",
    "connectionType", "connectionProtocol", "routingWeight", "connectionMode", "connectionStatus",
    "tunnelConnectionStatus", "egressBytesTransferred", "ingressBytesTransferred", "peer", "enableBgp",
    "gatewayCustomBgpIpAddresses", "usePolicyBasedTrafficSelectors", "ipsecPolicies", "trafficSelectorPolicies",
    "resourceGuid", "provisioningState", "expressRouteGatewayBypass", "enablePrivateLinkFastPath",
    "routingConfiguration",
}
CONNECTION_DEFAULTS = {
    "connectionProtocol": "IKEv2", "routingWeight": 0, "enableBgp": False, "useLocalAzureIpAddress": False,
    "usePolicyBasedTrafficSelectors": False, "ipsecPolicies": [], "trafficSelectorPolicies": [],
    "dpdTimeoutSeconds": 45, "connectionMode": "Default", "expressRouteGatewayBypass": False,
}
READ_ONLY = {
    "connections": ("connectionStatus", "tunnelConnectionStatus", "egressBytesTransferred",
                    "ingressBytesTransferred", "resourceGuid", "provisioningState"),
    "localnetworkgateways": ("resourceGuid", "provisioningState"),
}


class Service:
    def __init__(self, args, store, faults, tokens, base_url):
        self.args = args
        self.store = store
        self.faults = faults
        self.tokens = tokens
        self.base_url = base_url
        self.retry_after_ms = args.lro_retry_after_ms

    # ---- entry point
    def dispatch(self, req):
        response = self._pre_faults(req)
        if response is not None:
            return response
        lower = req.lower
        if len(lower) >= 2 and lower[0] == "subscriptions":
            return self.arm(req)
        if len(lower) == 4 and lower[1:] == ["v2.0", ".well-known", "openid-configuration"] and req.method == "GET":
            return self.openid_configuration(req, lower[0], v2=True)
        if len(lower) == 3 and lower[1:] == [".well-known", "openid-configuration"] and req.method == "GET":
            return self.openid_configuration(req, lower[0], v2=False)
        if len(lower) == 3 and lower[0] == "common" and lower[1:] == ["discovery", "instance"] and req.method == "GET":
            return self.instance_discovery(req)
        if len(lower) == 4 and lower[1:] == ["oauth2", "v2.0", "token"] and req.method == "POST":
            return self.token(req, req.segments[0], v2=True)
        if len(lower) == 3 and lower[1:] == ["oauth2", "token"] and req.method == "POST":
            return self.token(req, req.segments[0], v2=False)
        return arm_error(404, "NotFound", "The requested path '%s' was not found." % req.path)

    def _pre_faults(self, req):
        aad = not (req.lower and req.lower[0] == "subscriptions")
        rule = self.faults.take("throttle", req)
        if rule is not None:
            retry_after = rule.get("retry_after", 1)
            headers = {"Retry-After": _fmt_seconds(retry_after)}
            if aad:
                return aad_error(429, "temporarily_unavailable", 50196,
                                 "The server terminated an operation because it encountered a client request loop.",
                                 fault="throttle").with_headers(headers)
            headers["x-ms-ratelimit-remaining-subscription-reads"] = "0"
            return arm_error(429, "SubscriptionRequestsThrottled",
                             "Number of '%s' requests for subscription '%s' actor '%s' exceeded. Please try again "
                             "after '%s' seconds after additional tokens are available. Refer to "
                             "https://aka.ms/arm-throttling for additional information." % (
                                 "read" if req.method == "GET" else "write", self.args.subscription,
                                 self.tokens.object_id, _fmt_seconds(retry_after)),
                             headers=headers, fault="throttle")
        rule = self.faults.take("server_error", req)
        if rule is not None:
            status = rule["status"]
            headers = {"Retry-After": _fmt_seconds(rule["retry_after"])} if rule.get("retry_after") is not None else {}
            if aad:
                return aad_error(status, "temporarily_unavailable", 50001,
                                 "The service is temporarily unavailable.", fault="server_error").with_headers(headers)
            if status == 503:
                return arm_error(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.",
                                 headers=headers, fault="server_error")
            if status == 500:
                return arm_error(500, "InternalServerError", "An error has occurred. Please retry the request.",
                                 headers=headers, fault="server_error")
            return arm_error(status, "GatewayTimeout" if status == 504 else "BadGateway",
                             "The gateway did not receive a response within the specified time period.",
                             headers=headers, fault="server_error")
        return None

    # ---- Entra ID
    def _tenant_ok(self, tenant):
        return tenant.lower() in (self.args.tenant.lower(), "organizations", "common")

    def openid_configuration(self, req, tenant, v2):
        if not self._tenant_ok(tenant):
            return aad_error(400, "invalid_tenant", 90002,
                             "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing "
                             "into the correct cloud. Check with your subscription administrator, this may happen if "
                             "there are no active subscriptions for the tenant." % tenant)
        base = req.base_url + "/" + self.args.tenant
        suffix = "/v2.0" if v2 else ""
        return Response(200, {
            "token_endpoint": base + "/oauth2%s/token" % suffix,
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": base + "/discovery%s/keys" % suffix,
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": (base + "/v2.0") if v2 else "https://sts.windows.net/%s/" % self.args.tenant,
            "request_uri_parameter_supported": False,
            "authorization_endpoint": base + "/oauth2%s/authorize" % suffix,
            "device_authorization_endpoint": base + "/oauth2%s/devicecode" % suffix,
            "end_session_endpoint": base + "/oauth2%s/logout" % suffix,
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        })

    def instance_discovery(self, req):
        host = urlsplit(req.base_url).netloc
        return Response(200, {
            "tenant_discovery_endpoint": req.base_url + "/%s/v2.0/.well-known/openid-configuration" % self.args.tenant,
            "api-version": "1.1",
            "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
        })

    def token(self, req, tenant, v2):
        if not self._tenant_ok(tenant):
            return aad_error(400, "invalid_request", 90002, "Tenant '%s' not found." % tenant)
        content_type = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return aad_error(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: 'grant_type'.")
        form = {k: v[-1] for k, v in parse_qs(req.body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = req.header("Authorization") or ""
        if auth.lower().startswith("basic "):
            try:
                user, password = base64.b64decode(auth[6:]).decode("utf-8").split(":", 1)
                client_id, client_secret = unquote(user), unquote(password)
            except (ValueError, UnicodeError):
                pass
        req.log["client_id"] = client_id
        req.log["grant_type"] = form.get("grant_type")
        if form.get("grant_type") != "client_credentials":
            return aad_error(400, "unsupported_grant_type", 70003,
                             "The app requested an unsupported grant type '%s'." % form.get("grant_type"))
        if not client_id:
            return aad_error(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: 'client_id'.")
        if client_id.lower() != self.args.client_id.lower():
            return aad_error(400, "unauthorized_client", 700016,
                             "Application with identifier '%s' was not found in the directory '%s'. This can happen "
                             "if the application has not been installed by the administrator of the tenant or "
                             "consented to by any user in the tenant. You may have sent your authentication request "
                             "to the wrong tenant." % (client_id, self.args.tenant))
        if not client_secret:
            return aad_error(401, "invalid_client", 7000218,
                             "The request body must contain the following parameter: 'client_assertion' or "
                             "'client_secret'.")
        if not hmac.compare_digest(client_secret.encode("utf-8"), self.args.client_secret.encode("utf-8")):
            return aad_error(401, "invalid_client", 7000215,
                             "Invalid client secret provided. Ensure the secret being sent in the request is the "
                             "client secret value, not the client secret ID, for a secret added to app '%s'." % client_id)
        if v2:
            scopes = form.get("scope", "").split()
            resource = next((s[:-len("/.default")] for s in scopes if s.endswith("/.default")), None)
            req.log["scope"] = form.get("scope")
            if resource is None:
                return aad_error(400, "invalid_scope", 1002012,
                                 "The provided value for scope %s is not valid. Client credential flows must have a "
                                 "scope value with /.default suffixed to the resource identifier (application ID "
                                 "URI)." % form.get("scope", ""))
        else:
            resource = form.get("resource", "")
            req.log["resource"] = resource
        if not self._audience_ok(resource):
            return aad_error(400, "invalid_resource", 500011,
                             "The resource principal named %s was not found in the tenant named %s. This can happen "
                             "if the application has not been installed by the administrator of the tenant or "
                             "consented to by any user in the tenant. You might have sent your authentication "
                             "request to the wrong tenant." % (resource, self.args.tenant))
        audience = resource if resource.endswith("/") else resource + "/"
        lifetime = self.tokens.lifetime
        return Response(200, {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
                              "access_token": self.tokens.issue(audience)},
                        headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    def _audience_ok(self, audience):
        audience = (audience or "").rstrip("/").lower()
        bases = {self.base_url.lower(), self.base_url.lower().replace("127.0.0.1", "localhost")}
        return audience in bases or audience in ARM_AUDIENCES

    # ---- ARM
    def authenticate(self, req):
        """None when the bearer token is good, else the 401 response ARM gives."""
        def reject(code, message, fault=None):
            challenge = ('Bearer authorization_uri="%s/%s", error="invalid_token", error_description="%s"' % (
                req.base_url, self.args.tenant, message.replace('"', "'")))
            return arm_error(401, code, message, headers={"WWW-Authenticate": challenge}, fault=fault)

        auth = req.header("Authorization")
        if not auth:
            return reject("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
        scheme, token = (auth.split(" ", 1) + [""])[:2]
        if scheme.lower() != "bearer" or not token.strip():
            return reject("AuthenticationFailed",
                          "Authentication failed. The 'Authorization' header is provided in an invalid format.")
        if self.faults.flag("bad_token"):
            return reject("InvalidAuthenticationToken", "The access token is invalid.", fault="bad_token")
        claims = self.tokens.verify(token.strip())
        if claims is None:
            return reject("InvalidAuthenticationToken", "The access token is invalid.")
        req.log["client_id"] = claims.get("appid")
        now = time.time()
        if self.faults.flag("expired_token") or claims.get("exp", 0) <= now:
            return reject("ExpiredAuthenticationToken",
                          "The access token expiry UTC time '%s' is earlier than current UTC time '%s'." % (
                              _arm_time(claims.get("exp", 0)), _arm_time(now)),
                          fault="expired_token" if self.faults.flag("expired_token") else None)
        if not self._audience_ok(claims.get("aud")):
            return reject("InvalidAuthenticationTokenAudience",
                          "The access token has been obtained for wrong audience or resource '%s'. It should exactly "
                          "match with one of the allowed audiences 'https://management.core.windows.net/',"
                          "'https://management.core.windows.net','https://management.azure.com/',"
                          "'https://management.azure.com'." % claims.get("aud"))
        if str(claims.get("tid", "")).lower() != self.args.tenant.lower():
            return reject("InvalidAuthenticationTokenTenant",
                          "The access token is from the wrong issuer '%s'. It must match the tenant "
                          "'https://sts.windows.net/%s/' associated with this subscription." % (
                              claims.get("iss"), self.args.tenant))
        return None

    def arm(self, req):
        response = self.authenticate(req)
        if response is not None:
            return response
        segs, lower = req.segments, req.lower
        sub = segs[1]
        if sub.lower() not in self.store.subscriptions:
            return arm_error(404, "SubscriptionNotFound", "The subscription '%s' could not be found." % sub)
        version = req.api_version
        if not version:
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) is required for all requests.")
        if not API_VERSION_RE.match(version):
            return arm_error(400, "InvalidApiVersionParameter",
                             "The api-version '%s' is invalid. The supported versions are '2026-03-01,...'." % version)
        route = self.route(req)
        if isinstance(route, Response):
            return route
        handler, action = route
        rule = self.faults.take("forbidden", req)
        if rule is not None:
            return arm_error(403, "AuthorizationFailed",
                             "The client '%s' with object id '%s' does not have authorization to perform action '%s' "
                             "over scope '%s' or the scope is invalid. If access was recently granted, please refresh "
                             "your credentials." % (self.args.client_id, self.tokens.object_id, action,
                                                    req.path.rstrip("/")), fault="forbidden")
        with self.store.lock:
            self.store.expire_operations()
            return handler()

    def route(self, req):
        """(handler, RBAC action) for an ARM path, or an error Response."""
        segs, lower, method = req.segments, req.lower, req.method
        n = len(segs)
        sub = segs[1]

        def not_allowed():
            return arm_error(405, "MethodNotAllowed",
                             "The requested resource does not support http method '%s'." % method)

        if n == 2:
            if method != "GET":
                return not_allowed()
            return (lambda: Response(200, {"id": "/subscriptions/" + sub, "subscriptionId": sub,
                                           "tenantId": self.args.tenant, "displayName": "vpnalign lab",
                                           "state": "Enabled"}), "Microsoft.Resources/subscriptions/read")
        if n >= 4 and lower[2] == "providers" and lower[3] == "microsoft.network":
            if n == 5:
                type_key = lower[4]
                if type_key not in RESOURCE_TYPES:
                    return self._bad_type(segs[4], req)
                if method != "GET":
                    return not_allowed()
                return (lambda: self.list(req, type_key, sub, None), "Microsoft.Network/%s/read" % RESOURCE_TYPES[type_key][0])
            if n == 8 and lower[4] == "locations" and lower[6] in ("operations", "operationresults"):
                if method != "GET":
                    return not_allowed()
                results = lower[6] == "operationresults"
                return (lambda: self.operation(req, segs[7], results),
                        "Microsoft.Network/locations/%s/read" % ("operationResults" if results else "operations"))
        if n >= 4 and lower[2] == "resourcegroups":
            rg = segs[3]
            if n == 4:
                if method != "GET":
                    return not_allowed()
                return (lambda: self.resource_group(sub, rg), "Microsoft.Resources/subscriptions/resourceGroups/read")
            if n >= 7 and lower[4] == "providers" and lower[5] == "microsoft.network":
                type_key = lower[6]
                if type_key not in RESOURCE_TYPES:
                    return self._bad_type(segs[6], req)
                type_name = RESOURCE_TYPES[type_key][0]
                if n == 7:
                    if method != "GET":
                        return not_allowed()
                    return (lambda: self.list(req, type_key, sub, rg), "Microsoft.Network/%s/read" % type_name)
                rid = resource_id(sub, rg, type_key, segs[7])
                if n == 8:
                    if method == "GET":
                        return (lambda: self.get(req, sub, rg, type_key, rid), "Microsoft.Network/%s/read" % type_name)
                    if method == "PUT":
                        return (lambda: self.put(req, sub, rg, type_key, rid, segs[7]),
                                "Microsoft.Network/%s/write" % type_name)
                    return not_allowed()
                if n == 9 and type_key == "connections" and lower[8] == "sharedkey":
                    if method == "GET":
                        return (lambda: self.get_shared_key(req, sub, rg, rid), "Microsoft.Network/connections/sharedKey/read")
                    if method == "PUT":
                        return (lambda: self.put_shared_key(req, sub, rg, rid), "Microsoft.Network/connections/sharedKey/write")
                    return not_allowed()
                if n == 9 and type_key == "connections" and lower[8] == "getikesas":
                    if method != "POST":
                        return not_allowed()
                    return (lambda: self.get_ike_sas(req, sub, rg, rid), "Microsoft.Network/connections/getikesas/action")
                if n in (9, 10) and type_key == "virtualnetworks" and lower[8] == "subnets":
                    if method != "GET":
                        return not_allowed()
                    subnet = segs[9] if n == 10 else None
                    return (lambda: self.subnets(req, sub, rg, rid, subnet), "Microsoft.Network/virtualNetworks/subnets/read")
                if n == 9 and type_key == "virtualnetworkgateways" and lower[8] == "connections":
                    if method != "GET":
                        return not_allowed()
                    return (lambda: self.gateway_connections(req, sub, rg, rid),
                            "Microsoft.Network/virtualNetworkGateways/read")
        return arm_error(404, "NotFound", "The requested resource path '%s' was not found." % req.path)

    def _bad_type(self, segment, req):
        return arm_error(400, "InvalidResourceType",
                         "The resource type '%s' could not be found in the namespace 'Microsoft.Network' for api "
                         "version '%s'." % (segment, req.api_version))

    # ---- helpers
    def _headers(self, req, resource=None, write=False):
        headers = {"x-ms-ratelimit-remaining-subscription-%s" % ("writes" if write else "reads"): "11999"}
        if resource is not None and resource.get("etag"):
            headers["ETag"] = resource["etag"]
        return headers

    def _need_group(self, sub, rg):
        if (sub.lower(), rg.lower()) not in self.store.groups:
            return arm_error(404, "ResourceGroupNotFound", "Resource group '%s' could not be found." % rg)
        return None

    def _not_found(self, type_key, name, rg):
        return arm_error(404, "ResourceNotFound",
                         "The Resource '%s/%s' under resource group '%s' was not found. For more details please go "
                         "to https://aka.ms/ARMResourceNotFoundFix" % (RESOURCE_TYPES[type_key][1], name, rg))

    def _lookup(self, sub, rg, type_key, rid):
        """(resource, None) or (None, error response)."""
        error = self._need_group(sub, rg)
        if error is not None:
            return None, error
        resource = self.store.get(rid)
        if resource is None:
            return None, self._not_found(type_key, parse_resource_id(rid)[3], rg)
        return resource, None

    def _lro_headers(self, req, op, location_header=False):
        url = "%s/subscriptions/%s/providers/Microsoft.Network/locations/%s/%s/%s?api-version=%s" % (
            req.base_url, self.args.subscription, op.location, "operations", op.id, quote(op.api_version))
        headers = {"Azure-AsyncOperation": url, "Retry-After-ms": str(self.retry_after_ms)}
        if location_header:
            headers["Location"] = url.replace("/operations/", "/operationResults/")
        return headers

    @staticmethod
    def _view(resource):
        return copy.deepcopy(resource)

    # ---- GET / list
    def resource_group(self, sub, rg):
        error = self._need_group(sub, rg)
        if error is not None:
            return error
        group = self.store.groups[(sub.lower(), rg.lower())]
        return Response(200, {"id": "/subscriptions/%s/resourceGroups/%s" % (sub, group["name"]), "name": group["name"],
                              "type": "Microsoft.Resources/resourceGroups", "location": group["location"],
                              "properties": {"provisioningState": "Succeeded"}})

    def get(self, req, sub, rg, type_key, rid):
        resource, error = self._lookup(sub, rg, type_key, rid)
        if error is not None:
            return error
        return Response(200, self._view(resource), headers=self._headers(req, resource))

    def _page(self, req, items):
        size = self.faults.setting("page_size")
        if not size:
            return Response(200, {"value": items}, headers=self._headers(req))
        try:
            start = int(req.query_lower.get("$skiptoken", "0"))
        except ValueError:
            return arm_error(400, "InvalidSkipToken", "The skip token is invalid.")
        body = {"value": items[start:start + size]}
        if start + size < len(items):
            query = {"api-version": req.api_version, "$skiptoken": str(start + size)}
            body["nextLink"] = req.base_url + quote(req.path) + "?" + urlencode(query)
        return Response(200, body, headers=self._headers(req))

    def list(self, req, type_key, sub, rg):
        if rg is not None:
            error = self._need_group(sub, rg)
            if error is not None:
                return error
        return self._page(req, [self._view(r) for r in self.store.of_type(type_key, sub, rg)])

    def gateway_connections(self, req, sub, rg, rid):
        _gateway, error = self._lookup(sub, rg, "virtualnetworkgateways", rid)
        if error is not None:
            return error
        items = []
        for conn in self.store.of_type("connections", sub):
            props = conn.get("properties", {})
            refs = [(props.get(k) or {}).get("id", "") for k in ("virtualNetworkGateway1", "virtualNetworkGateway2")]
            if rid.lower() not in [str(r).lower() for r in refs]:
                continue
            entity = {k: copy.deepcopy(v) for k, v in conn.items() if k != "properties"}
            entity["properties"] = {k: copy.deepcopy(v) for k, v in props.items() if k in LIST_ENTITY_PROPERTIES}
            items.append(entity)
        return self._page(req, items)

    def subnets(self, req, sub, rg, rid, name):
        vnet, error = self._lookup(sub, rg, "virtualnetworks", rid)
        if error is not None:
            return error
        items = []
        for subnet in vnet.get("properties", {}).get("subnets") or []:
            item = copy.deepcopy(subnet)
            item.setdefault("id", "%s/subnets/%s" % (vnet["id"], item.get("name")))
            item.setdefault("type", "Microsoft.Network/virtualNetworks/subnets")
            item.setdefault("etag", vnet.get("etag"))
            items.append(item)
        if name is None:
            return self._page(req, items)
        for item in items:
            if str(item.get("name", "")).lower() == name.lower():
                return Response(200, item, headers=self._headers(req, item))
        return arm_error(404, "NotFound", "Resource %s/subnets/%s not found." % (vnet["id"], name))

    # ---- PUT
    def _read_json(self, req):
        if not req.body:
            return None, arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                                   details=[{"code": "MissingJsonContent", "message": "The request content was empty."}])
        try:
            return json.loads(req.body.decode("utf-8")), None
        except (ValueError, UnicodeError) as exc:
            return None, arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                                   details=[{"code": "InvalidJson", "message": "Invalid JSON: %s" % exc}])

    def _preconditions(self, req, existing, rid):
        if_match = req.header("If-Match")
        if_none_match = req.header("If-None-Match")
        req.log["if_match"] = if_match
        if if_none_match is not None:
            req.log["if_none_match"] = if_none_match
        if if_match is not None:
            wanted = [etag_value(t) for t in if_match.split(",") if t.strip()]
            if existing is None:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: If-Match was given for resource %s, which does not exist." % rid,
                                 details=[])
            if "*" not in wanted and etag_value(existing.get("etag", "")) not in wanted:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: the ETag %s in the If-Match header does not match the current "
                                 "ETag %s of resource %s." % (if_match, existing.get("etag"), existing.get("id")),
                                 details=[])
        if if_none_match is not None and existing is not None:
            wanted = [etag_value(t) for t in if_none_match.split(",") if t.strip()]
            if "*" in wanted or etag_value(existing.get("etag", "")) in wanted:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: resource %s already exists (If-None-Match: %s)." % (
                                     existing.get("id"), if_none_match), details=[])
        return None

    def put(self, req, sub, rg, type_key, rid, name):
        error = self._need_group(sub, rg)
        if error is not None:
            return error
        existing = self.store.get(rid)
        error = self._preconditions(req, existing, rid)
        if error is not None:
            return error
        body, error = self._read_json(req)
        if error is not None:
            return error
        try:
            body = read_body(body, RESOURCE_SCHEMAS[type_key])
        except BodyError as exc:
            return arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                             details=[{"code": "InvalidJson", "message": str(exc)}])
        if existing is not None:
            name = existing.get("name", name)
            rid = existing.get("id", rid)
        else:  # a new resource takes the subscription and group spelling ARM already has
            sub = next((s for s in [self.args.subscription] if s.lower() == sub.lower()), sub)
            rid = resource_id(sub, self.store.groups[(sub.lower(), rg.lower())]["name"], type_key, name)
        location = body.get("location")
        violations = []
        if not location:
            violations.append(("LocationRequired", "The location property is required for this definition.", "location"))
        else:
            location = location.replace(" ", "").lower()
            if existing is not None and str(existing.get("location", "")).replace(" ", "").lower() != location:
                violations.append(("InvalidResourceLocation",
                                   "The resource '%s' already exists in location '%s' in resource group '%s'. A "
                                   "resource with the same name cannot be created in location '%s'. Please select a "
                                   "new resource name." % (name, existing.get("location"), rg, location), "location"))
        props = body.get("properties") or {}
        shared_key = None
        if type_key == "connections":
            violations += self.validate_connection(props, existing, rid, name)
            shared_key = props.get("sharedKey")
        elif type_key == "localnetworkgateways":
            violations += self.validate_lng(props)
        if violations:
            return validation_error(violations)
        busy = self.store.busy(rid.lower())
        if busy:
            if self.faults.flag("busy_conflict"):
                op = busy[0]
                return arm_error(409, "AnotherOperationInProgress",
                                 "Another operation on this or dependent resource is in progress. To retrieve status "
                                 "of the operation use uri: %s." % self._lro_headers(req, op)["Azure-AsyncOperation"],
                                 details=[], fault="busy_conflict")
            for op in busy:
                self.store.complete(op)
        resource = self.build(type_key, rid, name, location, body, props, existing)
        if type_key == "connections" and shared_key is not None:
            self.store.shared_keys[rid.lower()] = shared_key
        elif type_key == "connections" and existing is None and rid.lower() not in self.store.shared_keys:
            self.store.shared_keys[rid.lower()] = secrets.token_urlsafe(24)
        self.store.resources[rid.lower()] = resource
        op = self.store.start_operation("put", rid.lower(), resource["etag"], location, req.api_version)
        rule = self.faults.take("lro_failure", req)
        if rule is not None:
            op.error = {"code": rule.get("code") or "InternalServerError",
                        "message": rule.get("message") or "An error occurred while provisioning the resource."}
            req.log["fault"] = "lro_failure"
        self.store.save()
        headers = self._headers(req, resource, write=True)
        headers.update(self._lro_headers(req, op))
        return Response(200 if existing is not None else 201, self._view(resource), headers=headers)

    def build(self, type_key, rid, name, location, body, props, existing):
        """The stored resource after a PUT: a full replacement of what the caller may set."""
        new_props = {k: copy.deepcopy(v) for k, v in props.items() if v is not None}
        for key in READ_ONLY.get(type_key, ("provisioningState",)):
            new_props.pop(key, None)
        old_props = (existing or {}).get("properties", {})
        if type_key == "connections":
            new_props.pop("sharedKey", None)
            for key, default in CONNECTION_DEFAULTS.items():
                if key not in new_props:
                    new_props[key] = copy.deepcopy(old_props.get(key, default)) if key == "connectionProtocol" else copy.deepcopy(default)
            for ref in ("virtualNetworkGateway1", "virtualNetworkGateway2", "localNetworkGateway2", "peer"):
                if isinstance(new_props.get(ref), dict):
                    new_props[ref] = {"id": new_props[ref].get("id")}
            new_props["connectionStatus"] = old_props.get("connectionStatus", "Unknown")
            new_props["ingressBytesTransferred"] = old_props.get("ingressBytesTransferred", 0)
            new_props["egressBytesTransferred"] = old_props.get("egressBytesTransferred", 0)
            if "tunnelConnectionStatus" in old_props:
                new_props["tunnelConnectionStatus"] = copy.deepcopy(old_props["tunnelConnectionStatus"])
        if type_key in ("connections", "localnetworkgateways"):
            new_props["resourceGuid"] = old_props.get("resourceGuid") or str(uuid.uuid4())
        new_props["provisioningState"] = "Updating"
        resource = {"name": name, "id": rid, "etag": new_etag(), "type": RESOURCE_TYPES[type_key][1],
                    "location": location}
        if body.get("tags"):
            resource["tags"] = copy.deepcopy(body["tags"])
        for key in ("sku", "zones", "extendedLocation", "identity"):
            if body.get(key) is not None:
                resource[key] = copy.deepcopy(body[key])
        resource["properties"] = new_props
        return resource

    def validate_connection(self, props, existing, rid, name):
        out = []
        old = (existing or {}).get("properties", {})
        ctype = props.get("connectionType")
        if not ctype:
            out.append(("MissingRequiredProperty", "The connectionType property is required for connection %s." % name,
                        "properties.connectionType"))
        gw = None
        gw_id = (props.get("virtualNetworkGateway1") or {}).get("id")
        if not gw_id:
            out.append(("MissingRequiredProperty", "The virtualNetworkGateway1 property is required for connection %s." % name,
                        "properties.virtualNetworkGateway1"))
        else:
            gw = self._ref(gw_id, "virtualnetworkgateways")
            if gw is None:
                out.append(_bad_reference(gw_id, rid, "properties.virtualNetworkGateway1"))
        if ctype == "IPsec":
            lng_id = (props.get("localNetworkGateway2") or {}).get("id")
            if not lng_id:
                out.append(("MissingRequiredProperty", "The localNetworkGateway2 property is required for IPsec "
                            "connection %s." % name, "properties.localNetworkGateway2"))
            elif self._ref(lng_id, "localnetworkgateways") is None:
                out.append(_bad_reference(lng_id, rid, "properties.localNetworkGateway2"))
        elif ctype == "Vnet2Vnet":
            gw2_id = (props.get("virtualNetworkGateway2") or {}).get("id")
            if not gw2_id:
                out.append(("MissingRequiredProperty", "The virtualNetworkGateway2 property is required for Vnet2Vnet "
                            "connection %s." % name, "properties.virtualNetworkGateway2"))
            elif self._ref(gw2_id, "virtualnetworkgateways") is None:
                out.append(_bad_reference(gw2_id, rid, "properties.virtualNetworkGateway2"))
        protocol = props.get("connectionProtocol")
        old_protocol = old.get("connectionProtocol", "IKEv2") if existing is not None else None
        if existing is not None and protocol and protocol != old_protocol:
            out.append(("ConnectionProtocolCannotBeChanged",
                        "The connection protocol of existing connection %s cannot be changed from %s to %s. Delete "
                        "the connection and create it again to change its protocol." % (name, old_protocol, protocol),
                        "properties.connectionProtocol"))
        gw_props = (gw or {}).get("properties", {})
        sku = str((gw_props.get("sku") or {}).get("name") or "")
        vpn_type = str(gw_props.get("vpnType") or "RouteBased")
        effective_protocol = protocol or old_protocol or "IKEv2"
        if gw is not None and ctype == "IPsec" and sku.lower() == "basic":
            if vpn_type.lower() == "routebased" and effective_protocol == "IKEv1":
                out.append(("ConnectionProtocolNotSupportedBySku",
                            "IKEv1 connections are not supported on RouteBased virtual network gateway %s with SKU "
                            "Basic." % gw.get("name"), "properties.connectionProtocol"))
            if vpn_type.lower() == "policybased" and effective_protocol == "IKEv2":
                out.append(("ConnectionProtocolNotSupportedBySku",
                            "IKEv2 connections are not supported on PolicyBased virtual network gateway %s with SKU "
                            "Basic." % gw.get("name"), "properties.connectionProtocol"))
        policies = props.get("ipsecPolicies") or []
        if len(policies) > 1:
            out.append(("IpsecPolicyCountExceeded",
                        "Only one IPsec/IKE policy can be set on connection %s; the request has %d." % (name, len(policies)),
                        "properties.ipsecPolicies"))
        if policies and gw is not None and sku.lower() == "basic":
            out.append(("IpsecPolicyNotSupportedOnBasicSku",
                        "Custom IPsec/IKE policy is not supported on virtual network gateway %s with SKU Basic." % gw.get("name"),
                        "properties.ipsecPolicies"))
        for index, policy in enumerate(policies):
            out += _policy_violations(policy, "properties.ipsecPolicies[%d]" % index)
        dpd = props.get("dpdTimeoutSeconds")
        if dpd is not None and not DPD_MIN <= dpd <= DPD_MAX:
            out.append(("DpdTimeoutOutOfRange", "DPD timeout %d seconds is not valid. It must be between %d and %d "
                        "seconds." % (dpd, DPD_MIN, DPD_MAX), "properties.dpdTimeoutSeconds"))
        for index, selector in enumerate(props.get("trafficSelectorPolicies") or []):
            for field in ("localAddressRanges", "remoteAddressRanges"):
                ranges = selector.get(field) or []
                target = "properties.trafficSelectorPolicies[%d].%s" % (index, field)
                if not ranges:
                    out.append(("InvalidTrafficSelectorPolicy", "%s must list at least one address range." % target, target))
                for value in ranges:
                    if not valid_cidr(value):
                        out.append(("InvalidTrafficSelectorPolicy",
                                    "Address range '%s' in %s is not a valid IPv4 prefix." % (value, target), target))
        if props.get("sharedKey") is not None and not valid_shared_key(props["sharedKey"]):
            out.append(("InvalidSharedKey", "The shared key must be 1 to 128 printable ASCII characters.",
                        "properties.sharedKey"))
        return out

    def validate_lng(self, props):
        out = []
        address = props.get("gatewayIpAddress")
        if not address and not props.get("fqdn"):
            out.append(("LocalNetworkGatewayAddressRequired",
                        "Either gatewayIpAddress or fqdn must be specified for a local network gateway.",
                        "properties.gatewayIpAddress"))
        if address and not valid_ipv4(address):
            out.append(("InvalidLocalNetworkGatewayIpAddress",
                        "The gateway IP address '%s' is not a valid IPv4 address." % address, "properties.gatewayIpAddress"))
        prefixes = (props.get("localNetworkAddressSpace") or {}).get("addressPrefixes") or []
        for value in prefixes:
            if not valid_cidr(value):
                out.append(("InvalidAddressPrefix", "Address prefix '%s' is not a valid IPv4 prefix (CIDR with the "
                            "network address)." % value, "properties.localNetworkAddressSpace.addressPrefixes"))
        return out

    def _ref(self, rid, type_key):
        parsed = parse_resource_id(rid)
        if parsed is None or parsed[2] != type_key:
            return None
        return self.store.get(rid)

    # ---- shared key
    def get_shared_key(self, req, sub, rg, rid):
        _conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        key = self.store.shared_keys.get(rid.lower())
        if key is None:
            return arm_error(404, "ResourceNotFound", "The shared key of connection %s was not found." % rid)
        return Response(200, {"value": key}, headers=self._headers(req))

    def put_shared_key(self, req, sub, rg, rid):
        conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        body, error = self._read_json(req)
        if error is not None:
            return error
        try:
            body = read_body(body, SHARED_KEY_SCHEMA)
        except BodyError as exc:
            return arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                             details=[{"code": "InvalidJson", "message": str(exc)}])
        value = body.get("value")
        if not valid_shared_key(value):
            return validation_error([("InvalidSharedKey", "The shared key must be 1 to 128 printable ASCII characters.",
                                      "value")])
        self.store.shared_keys[rid.lower()] = value
        op = self.store.start_operation("sharedkey", rid.lower(), None, conn.get("location"), req.api_version)
        headers = self._headers(req, write=True)
        headers.update(self._lro_headers(req, op))
        return Response(201, {"value": value}, headers=headers)

    # ---- IKE SAs
    def get_ike_sas(self, req, sub, rg, rid):
        conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        op = self.store.start_operation("post", rid.lower(), None, conn.get("location"), req.api_version)
        op.result = json.dumps({"Status": "Successful", "Data": self.ike_sas(conn)}, separators=(",", ":"))
        headers = self._headers(req, write=True)
        headers.update(self._lro_headers(req, op, location_header=True))
        return Response(202, None, headers=headers)

    def ike_sas(self, conn):
        """Main mode SAs with their quick mode SAs, shaped like Get-AzVirtualNetworkGatewayConnectionIkeSa
        reads them (PascalCase members), derived from the connection's policy and selectors."""
        props = conn.get("properties", {})
        if props.get("connectionStatus") != "Connected":
            return None
        gateway = self.store.get((props.get("virtualNetworkGateway1") or {}).get("id")) or {}
        lng = self.store.get((props.get("localNetworkGateway2") or {}).get("id")) or {}
        local_ip = self._gateway_ip(gateway)
        remote_ip = lng.get("properties", {}).get("gatewayIpAddress") or lng.get("properties", {}).get("fqdn")
        policies = props.get("ipsecPolicies") or []
        policy = policies[0] if policies else None
        if policy:
            mm = {"Encryption": policy["ikeEncryption"], "Integrity": policy["ikeIntegrity"], "DhGroup": policy["dhGroup"]}
            qm = {"Encryption": policy["ipsecEncryption"], "Integrity": policy["ipsecIntegrity"],
                  "PfsGroupId": policy["pfsGroup"], "LifetimeSeconds": policy["saLifeTimeSeconds"],
                  "LifetimeKilobytes": policy["saDataSizeKilobytes"]}
        else:
            mm, qm = dict(DEFAULT_MM), dict(DEFAULT_QM)
        initiator = props.get("connectionMode", "Default") != "ResponderOnly"
        elapsed = int(time.time() - self.store.started)
        seed = hashlib.sha256(str(conn.get("id", "")).lower().encode()).digest()
        remote_prefixes = lng.get("properties", {}).get("localNetworkAddressSpace", {}).get("addressPrefixes") or []
        pairs = []
        if props.get("trafficSelectorPolicies"):
            pairs = [(list(p.get("localAddressRanges") or []), list(p.get("remoteAddressRanges") or []))
                     for p in props["trafficSelectorPolicies"]]
        elif props.get("usePolicyBasedTrafficSelectors"):
            pairs = [([local], [remote]) for local in self._vnet_prefixes(gateway) for remote in remote_prefixes]
        if not pairs:
            pairs = [(["0.0.0.0/0"], ["0.0.0.0/0"])]
        quick = []
        for index, (local, remote) in enumerate(pairs):
            spi = hashlib.sha256(seed + bytes([index])).digest()
            entry = {"LocalEndpoint": local_ip, "RemoteEndpoint": remote_ip}
            entry.update(qm)
            entry.update({"InboundSPI": int.from_bytes(spi[:4], "big"), "OutboundSPI": int.from_bytes(spi[4:8], "big"),
                          "LocalTrafficSelectors": local, "RemoteTrafficSelectors": remote,
                          "IsSaInitiator": initiator, "ElapsedTimeInseconds": elapsed % max(int(qm["LifetimeSeconds"]), 1)})
            quick.append(entry)
        main = {"LocalEndpoint": local_ip, "RemoteEndpoint": remote_ip,
                "InitiatorCookie": int.from_bytes(seed[:8], "big"), "ResponderCookie": int.from_bytes(seed[8:16], "big"),
                "LocalUdpEncapsulationPort": 0, "RemoteUdpEncapsulationPort": 0}
        main.update(mm)
        main.update({"LifeTimeSeconds": IKE_SA_LIFETIME, "IsSaInitiator": initiator,
                     "ElapsedTimeInseconds": elapsed % IKE_SA_LIFETIME, "QuickModeSAs": quick})
        return [main]

    def _gateway_ip(self, gateway):
        for config in gateway.get("properties", {}).get("ipConfigurations") or []:
            pip = self.store.get(((config.get("properties") or {}).get("publicIPAddress") or {}).get("id"))
            if pip and pip.get("properties", {}).get("ipAddress"):
                return pip["properties"]["ipAddress"]
        return None

    def _vnet_prefixes(self, gateway):
        for config in gateway.get("properties", {}).get("ipConfigurations") or []:
            subnet_id = ((config.get("properties") or {}).get("subnet") or {}).get("id") or ""
            vnet = self.store.get(re.sub(r"/subnets/[^/]+$", "", subnet_id, flags=re.IGNORECASE))
            if vnet:
                return vnet.get("properties", {}).get("addressSpace", {}).get("addressPrefixes") or []
        return []

    # ---- operation status
    def operation(self, req, op_id, results):
        op = self.store.operations.get(op_id)
        if op is None:
            return arm_error(404, "OperationNotFound", "The operation '%s' could not be found." % op_id)
        self.store.poll(op)
        req.log["operation"] = {"id": op.id, "status": op.status}
        if not results:
            body = {"name": op.id, "status": op.status, "startTime": iso(op.start)}
            if op.end:
                body["endTime"] = iso(op.end)
            if op.status == "Failed":
                body["error"] = dict(op.error, details=[])
            headers = {"Retry-After-ms": str(self.retry_after_ms)} if op.status == "InProgress" else {}
            return Response(200, body, headers=headers)
        if op.status == "InProgress":
            headers = self._lro_headers(req, op, location_header=True)
            headers.pop("Azure-AsyncOperation")
            return Response(202, None, headers=headers)
        if op.status == "Failed":
            return arm_error(400, op.error["code"], op.error["message"], details=[])
        if op.kind == "post":
            return Response(200, op.result)
        if op.kind == "put":
            resource = self.store.resources.get(op.resource_key)
            return Response(200, self._view(resource)) if resource else Response(204)
        return Response(204)


def _policy_violations(policy, target):
    out = []
    missing = [f for f in IPSEC_POLICY_FIELDS if policy.get(f) is None]
    if missing:
        out.append(("IpsecPolicyIncomplete",
                    "The IPsec/IKE policy at %s is missing %s. All eight parameters (saLifeTimeSeconds, "
                    "saDataSizeKilobytes, ipsecEncryption, ipsecIntegrity, ikeEncryption, ikeIntegrity, dhGroup, "
                    "pfsGroup) must be specified; a partial policy is not allowed." % (target, ", ".join(missing)), target))
    enc, integ = policy.get("ipsecEncryption"), policy.get("ipsecIntegrity")
    if enc and integ and (enc.startswith("GCMAES") or integ.startswith("GCMAES")) and enc != integ:
        if enc.startswith("GCMAES"):
            message = ("IpsecEncryption %s requires IpsecIntegrity %s (the request has %s): with GCM the same "
                       "algorithm and key length must be used for IPsec encryption and integrity." % (enc, enc, integ))
        else:
            message = ("IpsecIntegrity %s can only be used with IpsecEncryption %s (the request has %s)." % (integ, integ, enc))
        out.append(("IpsecPolicyGcmMismatch", message, target + ".ipsecIntegrity"))
    lifetime = policy.get("saLifeTimeSeconds")
    if lifetime is not None and lifetime < SA_LIFETIME_MIN:
        out.append(("IpsecPolicySaLifeTimeOutOfRange",
                    "SA lifetime %d seconds is not valid. It must be at least %d seconds." % (lifetime, SA_LIFETIME_MIN),
                    target + ".saLifeTimeSeconds"))
    size = policy.get("saDataSizeKilobytes")
    if size is not None and size != 0 and size < SA_DATA_SIZE_MIN:
        out.append(("IpsecPolicySaDataSizeOutOfRange",
                    "SA data size %d KB is not valid. It must be 0 or between %d and %d KB." % (size, SA_DATA_SIZE_MIN, INT32_MAX),
                    target + ".saDataSizeKilobytes"))
    return out


def _bad_reference(ref, rid, target):
    return ("InvalidResourceReference",
            "Resource %s referenced by resource %s was not found. Please make sure that the referenced resource "
            "exists, and that both resources are in the same region." % (ref, rid), target)


def validation_error(violations):
    details = [{"code": code, "message": message, "target": target} for code, message, target in violations]
    code, message, _target = violations[0]
    if len(violations) > 1:
        message += " (%d more problems in details)" % (len(violations) - 1)
    return arm_error(400, code, message, details=details)


def _fmt_seconds(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def _arm_time(ts):
    value = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return "%d/%d/%d %s" % (value.month, value.day, value.year, value.strftime("%I:%M:%S %p").lstrip("0"))


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vpnalign-arm-lab/1"
    sys_version = ""
    timeout = 60
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def setup(self):
        super().setup()
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            raise

    def log_message(self, format, *args):  # noqa: A002  (quiet: the JSON log has everything)
        return

    def _body(self):
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self):
        app = self.server.app
        started = time.monotonic()
        body = self._body()
        req = Request(self.command, self.path, self.headers, body, app.base_url)
        if req.lower[:1] == ["_lab"]:
            response = app.control(req)
            self._send(req, response)
            return
        try:
            response = app.service.dispatch(req)
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc()
            response = arm_error(500, "InternalServerError", "The lab failed to handle the request.")
        entry = {
            "ts": iso(), "method": req.method, "path": req.path, "query": req.query,
            "status": response.status, "if_match": req.log.pop("if_match", self.headers.get("If-Match")),
            "fault": req.log.pop("fault", None) or response.fault,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        }
        entry.update(req.log)
        app.log(entry)  # before the reply, so a client that got its answer finds the entry
        self._send(req, response)

    def _send(self, req, response):
        self.send_response(response.status)
        headers = dict(response.headers)
        request_id = str(uuid.uuid4())
        headers.setdefault("x-ms-request-id", request_id)
        headers.setdefault("x-ms-correlation-request-id", self.headers.get("x-ms-correlation-request-id") or request_id)
        headers.setdefault("x-ms-routing-request-id", "UKSOUTH:%s:%s" % (utcnow().strftime("%Y%m%dT%H%M%SZ"), request_id))
        if self.headers.get("x-ms-client-request-id"):
            headers.setdefault("x-ms-client-request-id", self.headers["x-ms-client-request-id"])
        headers.setdefault("Cache-Control", "no-cache")
        headers["Content-Length"] = str(len(response.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if req.method != "HEAD" and response.body:
            self.wfile.write(response.body)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _handle


class LabHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, socket.timeout, TimeoutError)):
            return  # clients that do not trust the CA, or drop idle keep-alive connections
        super().handle_error(request, client_address)


class App:
    def __init__(self, args):
        self.args = args
        self.state_dir = args.state_dir or tempfile.mkdtemp(prefix="arm-lab-")
        os.makedirs(self.state_dir, exist_ok=True)
        with open(args.resources, "r", encoding="utf-8") as handle:
            resources = json.load(handle)
        if not args.subscription:
            args.subscription = next((parse_resource_id(r.get("id"))[0] for r in resources
                                      if isinstance(r, dict) and parse_resource_id(r.get("id"))), DEFAULT_SUBSCRIPTION)
        self.store = Store(resources, args.subscription, in_progress_polls=args.lro_in_progress_polls,
                           lro_timeout=args.lro_timeout, state_file=os.path.join(self.state_dir, "resources.json"))
        self.faults = Faults()
        self.faults_file = args.faults
        self.faults_mtime = None
        self._reload_faults()
        self.tokens = Tokens(args.tenant, args.client_id, args.client_secret, args.token_lifetime)
        self.control_token = secrets.token_urlsafe(24)
        self.log_lock = threading.Lock()
        self.log_handle = open(args.log, "a", encoding="utf-8") if args.log else None
        self.ca_file, cert_file, key_file = make_certificates(self.state_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert_file, key_file)
        self.httpd = LabHTTPServer(("127.0.0.1", args.port), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        self.base_url = "https://127.0.0.1:%d" % self.port
        self.service = Service(args, self.store, self.faults, self.tokens, self.base_url)

    def _reload_faults(self):
        if not self.faults_file:
            return
        try:
            mtime = os.stat(self.faults_file).st_mtime_ns
        except OSError:
            return
        if mtime == self.faults_mtime:
            return
        with open(self.faults_file, "r", encoding="utf-8") as handle:
            text = handle.read()
        self.faults.set(json.loads(text) if text.strip() else {})
        self.faults_mtime = mtime

    def log(self, entry):
        if self.log_handle is None:
            return
        with self.log_lock:
            self.log_handle.write(json.dumps(entry, sort_keys=True) + "\n")
            self.log_handle.flush()

    def control(self, req):
        """/_lab/...: the test's control channel (needs the control token from the ready file)."""
        token = req.header("X-Lab-Control-Token") or ""
        if not hmac.compare_digest(token.encode(), self.control_token.encode()):
            return arm_error(404, "NotFound", "The requested path '%s' was not found." % req.path)
        what = "/".join(req.lower[1:])
        try:
            if what == "faults" and req.method == "GET":
                return Response(200, self.faults.describe())
            if what == "faults" and req.method == "PUT":
                self.faults.set(json.loads(req.body.decode("utf-8") or "{}"))
                return Response(200, self.faults.describe())
            if what == "state" and req.method == "GET":
                with self.store.lock:
                    keys = {}
                    for key, value in self.store.shared_keys.items():
                        resource = self.store.get(key)
                        keys[resource["id"] if resource else key] = value
                    operations = [{"id": op.id, "kind": op.kind, "status": op.status, "polls": op.polls,
                                   "resource": op.resource_key} for op in self.store.operations.values()]
                    return Response(200, {"resources": self.store.dump(), "shared_keys": keys, "operations": operations})
            if what == "reset" and req.method == "POST":
                self.store.reset()
                self.faults.set({})
                return Response(200, {"reset": True})
            if what == "clear-log" and req.method == "POST":
                if self.log_handle is not None:
                    with self.log_lock:
                        self.log_handle.seek(0)
                        self.log_handle.truncate()
                return Response(200, {"cleared": True})
        except (LabError, ValueError) as exc:
            return arm_error(400, "BadLabRequest", str(exc))
        return arm_error(404, "NotFound", "Unknown lab control path '%s'." % req.path)

    def serve(self, ready_file):
        info = {"port": self.port, "pid": os.getpid(), "ca_file": self.ca_file, "base_url": self.base_url,
                "authority": "127.0.0.1:%d" % self.port, "control_token": self.control_token,
                "state_dir": self.state_dir, "tenant": self.args.tenant, "client_id": self.args.client_id,
                "subscription": self.args.subscription}
        stop = threading.Event()

        def on_signal(_signum, _frame):
            if not stop.is_set():
                stop.set()
                threading.Thread(target=self.httpd.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        if self.faults_file:
            def watch():
                while not stop.wait(0.2):
                    try:
                        self._reload_faults()
                    except (LabError, ValueError, OSError) as exc:
                        print("arm lab: bad faults file: %s" % exc, file=sys.stderr, flush=True)
            threading.Thread(target=watch, daemon=True).start()
        if ready_file:
            _write_file(ready_file, json.dumps(info) + "\n")
        print(json.dumps(info), flush=True)
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.httpd.server_close()
            if self.log_handle is not None:
                self.log_handle.close()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--resources", required=True, help="JSON list of ARM resources (GET shape) to serve")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--ready-file", help="where to write {port, pid, ca_file, base_url, authority, ...}")
    parser.add_argument("--log", help="append one JSON line per request here")
    parser.add_argument("--state-dir", help="certificates and resources.json go here (default: a new temp dir)")
    parser.add_argument("--faults", help="JSON file of faults; re-read when it changes")
    parser.add_argument("--tenant", default=DEFAULT_TENANT)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=os.environ.get("ARM_LAB_CLIENT_SECRET", DEFAULT_CLIENT_SECRET),
                        help="(or env ARM_LAB_CLIENT_SECRET, which keeps it out of the process list)")
    parser.add_argument("--subscription", help="default: the subscription of the resources, else all zeros")
    parser.add_argument("--token-lifetime", type=int, default=3600, help="access token lifetime in seconds")
    parser.add_argument("--lro-in-progress-polls", type=int, default=1,
                        help="how many polls of an operation answer InProgress before it finishes")
    parser.add_argument("--lro-timeout", type=float, default=10.0,
                        help="seconds after which an operation nobody polls finishes anyway")
    parser.add_argument("--lro-retry-after-ms", type=int, default=100,
                        help="Retry-After-ms sent with long-running operation responses")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        app = App(args)
    except (LabError, OSError, ValueError) as exc:
        print("arm lab: %s" % exc, file=sys.stderr)
        return 2
    app.serve(args.ready_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
