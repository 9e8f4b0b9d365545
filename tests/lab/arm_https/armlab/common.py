# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Constants, documented limits, and the response shapes (ARM and Entra ID errors)."""

from __future__ import annotations

import base64
import datetime
import json
import re
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

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


def _fmt_seconds(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def _arm_time(ts):
    value = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return "%d/%d/%d %s" % (value.month, value.day, value.year, value.strftime("%I:%M:%S %p").lstrip("0"))
