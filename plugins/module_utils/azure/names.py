# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure's naming rules for every option that becomes part of a request URL.

A name goes into an ARM path as one segment (``.../connections/<name>``). A value Azure
would never accept can still change which request is sent: ``.`` or ``..`` is removed by
URL normalisation (``connections/.`` becomes a list of every connection), ``/`` adds a
segment, ``?`` or ``#`` starts a query or a fragment. So each option is checked against
the rule Azure documents for it before anything is sent, and refused with a message
that names the option.

Rules: "Naming rules and restrictions for Azure resources",
https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
(Microsoft.Network and Microsoft.Resources tables). Plain Python, no Ansible or SDK import.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import PSK_MIN, too_short

# Every pattern here ends in \Z, never $: $ also matches just before a final "\n", so "name\n" would pass
# and reach a request URL.

# Microsoft.Network connections, localNetworkGateways, virtualNetworkGateways (resource-name-rules):
# 1-80, "Alphanumerics, underscores, periods, and hyphens. Start with alphanumeric. End alphanumeric
# or underscore." Alphanumeric there means a-z, A-Z, 0-9 only.
NETWORK_NAME_MAX = 80
NETWORK_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\Z")
NETWORK_NAME_RULE = ("1 to %d characters: letters a-z/A-Z, digits, '_', '.' and '-', starting with a letter or "
                     "digit and ending with a letter, digit or '_'" % NETWORK_NAME_MAX)

# Microsoft.Resources resourcegroups (resource-name-rules): 1-90, "Underscores, hyphens, periods,
# parentheses, and letters or digits as defined by the Char.IsLetterOrDigit function. Can't end
# with period." (the REST API's pattern is ^[-\w\._\(\)]+$). Char.IsLetterOrDigit is the
# Unicode categories Lu, Ll, Lt, Lm, Lo and Nd.
RESOURCE_GROUP_MAX = 90
RESOURCE_GROUP_PUNCTUATION = "_-.()"
LETTER_OR_DIGIT = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nd"))
RESOURCE_GROUP_RULE = ("1 to %d characters: letters, digits, '_', '-', '.', '(' and ')', not ending with '.'"
                       % RESOURCE_GROUP_MAX)
# Azure reads the name as .NET does, in UTF-16 code units: the REST API's pattern (Microsoft.Resources resourceGroups,
# name {minLength: 1, maxLength: 90, pattern: "^[-\w\._\(\)]+$"}, Azure/bicep-types-az microsoft.resources types.md)
# and Char.IsLetterOrDigit see each half of a surrogate pair, category Cs, neither a letter nor a digit. So a letter
# beyond U+FFFF - the mathematical alphanumerics that look like "rg-hub" - is refused by Azure, and here.
BMP_MAX = 0xFFFF

# A subscription id is a GUID (ARM: "The subscription ID ... a GUID"; az account show: "id").
GUID_RE = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\Z")

# A tenant goes into the token endpoint's path: a directory id (GUID) or one of its domain
# names (contoso.onmicrosoft.com). azure-identity accepts only these characters too
# (validate_tenant_id: letters, digits, '-' and '.').
TENANT_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                       r"[A-Za-z0-9])?)*\Z")
TENANT_MAX = 253  # a DNS name (RFC 1035, 2.3.4)

# The kinds this collection names in URLs, for messages.
KINDS = {
    "connection": "connection",
    "virtual_network_gateway": "virtual network gateway",
    "local_network_gateway": "local network gateway",
}


class InvalidName(ValueError):
    """An option value Azure would refuse (or that would change the request); the message names it."""


def shown(value):
    """The value for a message: quoted, control characters escaped, long values cut."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii")
    return "%r" % (text[:60] + "..." if len(text) > 60 else text)


def _need_text(option, value):
    if not isinstance(value, str):
        raise InvalidName("%s must be a string, got %s" % (option, type(value).__name__))
    if value == "":
        raise InvalidName("%s is empty" % option)


def check_network_name(option, value, kind="connection"):
    """Refuse ``value`` unless it is a valid Microsoft.Network resource name (connection, gateway)."""
    _need_text(option, value)
    what = KINDS.get(kind, kind)
    if len(value) > NETWORK_NAME_MAX:
        raise InvalidName("%s has %d characters; a %s name has at most %d" % (
            option, len(value), what, NETWORK_NAME_MAX))
    if not NETWORK_NAME_RE.match(value):
        raise InvalidName("%s %s is not a valid %s name (Azure allows %s)"
                          % (option, shown(value), what, NETWORK_NAME_RULE))
    return value


def check_resource_group(option, value):
    """Refuse ``value`` unless it is a valid resource group name."""
    _need_text(option, value)
    if len(value) > RESOURCE_GROUP_MAX:
        raise InvalidName("%s has %d characters; a resource group name has at most %d" % (
            option, len(value), RESOURCE_GROUP_MAX))
    bad = [c for c in value if c not in RESOURCE_GROUP_PUNCTUATION and (
        ord(c) > BMP_MAX or unicodedata.category(c) not in LETTER_OR_DIGIT)]
    if bad or value.endswith("."):
        raise InvalidName("%s %s is not a valid resource group name (Azure allows %s)" % (
            option, shown(value), RESOURCE_GROUP_RULE))
    return value


def check_subscription(option, value):
    """Refuse ``value`` unless it is a subscription id (a GUID)."""
    _need_text(option, value)
    if not GUID_RE.match(value):
        raise InvalidName("%s %s is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)"
                          % (option, shown(value)))
    return value


def check_tenant(option, value):
    """Refuse ``value`` unless it is a tenant id (GUID) or a domain name."""
    _need_text(option, value)
    if len(value) > TENANT_MAX or not TENANT_RE.match(value):
        raise InvalidName("%s %s is not a tenant id (a GUID) or a domain name such as contoso.onmicrosoft.com"
                          % (option, shown(value)))
    return value


# A connection's shared key: 1 to 128 characters. The REST spec puts no length on ConnectionSharedKey.value; the bound
# is on the key Azure generates, ConnectionResetSharedKey.keyLength: "minimum": 1, "maximum": 128, "should between 1
# and 128" (REST_2024_05_01, virtualNetworkGateway.json at 03802078bcf3, read 2026-12-07; verified: partial, a key set
# by hand is not bounded in the spec, so 128 is Azure's own length, applied to both; the ASA's limit in asa/names.py
# PSK_MAX is verified: false). Printable ASCII without spaces: the same key must go into the ASA's tunnel-group line,
# where a space ends it and '?' asks for help.
SHARED_KEY_MAX = 128


def check_shared_key(option, value):
    """Refuse a key Azure or the ASA at the other end would not take; the message never quotes the key."""
    if not isinstance(value, str) or not value:
        raise InvalidName("%s must be a non-empty string" % option)
    if len(value) > SHARED_KEY_MAX:
        raise InvalidName("%s is %d characters long; Azure takes 1 to %d" % (option, len(value), SHARED_KEY_MAX))
    if len(value) < PSK_MIN:
        raise InvalidName(too_short(option, len(value), PSK_MIN))
    if any(not "!" <= char <= "~" for char in value):
        raise InvalidName("%s contains whitespace, a control character or a character that is not printable ASCII "
                          "(the ASA at the other end could not be given the same key)" % option)
    if "?" in value:
        raise InvalidName("%s contains '?', which the ASA at the other end takes as a request for help" % option)
    return value


def check_options(params, names=(), groups=(), subscriptions=(), tenants=()):
    """Check the options of ``params`` that are set: ``names`` maps option -> kind (see KINDS),
    the others are option names. Raises InvalidName for the first bad one."""
    for option, kind in dict(names).items():
        if params.get(option) is not None:
            check_network_name(option, params[option], kind)
    for option in groups:
        if params.get(option) is not None:
            check_resource_group(option, params[option])
    for option in subscriptions:
        if params.get(option) is not None:
            check_subscription(option, params[option])
    for option in tenants:
        if params.get(option) is not None:
            check_tenant(option, params[option])


def check_settings(settings):
    """The subscription, tenant and client id resolved from any source (options, environment, profile, CLI)."""
    source = getattr(settings, "origin", None) or "the credentials"
    if settings.subscription_id is not None:
        check_subscription("subscription_id (from %s)" % source, settings.subscription_id)
    if settings.tenant is not None:
        check_tenant("tenant (from %s)" % source, settings.tenant)
    if settings.client_id is not None:
        check_client_id("client_id (from %s)" % source, settings.client_id)


def check_client_id(option, value):
    """Refuse ``value`` unless it is a client id (an application's or a user-assigned identity's: a GUID); it goes
    into the token request (review 2026-12-05: newlines and URLs reached the login server)."""
    _need_text(option, value)
    if not GUID_RE.match(value):
        raise InvalidName("%s %s is not a client id (a GUID such as 00000000-0000-0000-0000-000000000000)"
                          % (option, shown(value)))
    return value


HOST_LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z")
URL_MAX = 1024  # this collection's bound; a blob URL is at most 1,024 characters of name plus the host


_NO_QUERY = ("%s must not have a query string or fragment (a SAS token is a credential: give the storage account's "
             "id and let Azure use its own access)")


def check_https_url(option, value, path_allowed=True):
    """``value`` as urlsplit reads it, refused unless https with a plain host name or address, an optional
    port, no credentials, no query string, no fragment (evidence storage URLs, endpoints, the ARM endpoint and
    authority of a custom cloud)."""
    if not isinstance(value, str) or not value:
        raise InvalidName("%s must be a non-empty string" % option)
    if "@" in value:  # before any message that shows the value: it may hold a password
        raise InvalidName("%s must not carry credentials (user:password@)" % option)
    if "?" in value or "#" in value:  # before any message that shows the value too: a SAS token's signature (E3)
        raise InvalidName(_NO_QUERY % option)
    if len(value) > URL_MAX or any(ord(c) < 33 or ord(c) > 126 for c in value) or "\\" in value or "%" in value:
        raise InvalidName("%s %s is not a plain https URL (no spaces, control characters, backslashes or "
                          "percent-escapes; at most %d characters)" % (option, shown(value), URL_MAX))
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise InvalidName("%s %s is not a URL" % (option, shown(value)))
    if parts.scheme.lower() != "https":
        raise InvalidName("%s %s must be an https URL" % (option, shown(value)))
    if "@" in parts.netloc or parts.username or parts.password:
        raise InvalidName("%s must not carry credentials (user:password@)" % option)
    if parts.query or parts.fragment:
        raise InvalidName(_NO_QUERY % option)
    host = parts.hostname or ""
    labels = host.split(".")
    if not host or not all(HOST_LABEL_RE.match(label) for label in labels) or port == 0:
        raise InvalidName("%s %s has no valid host name" % (option, shown(value)))
    if not path_allowed and parts.path not in ("", "/"):
        raise InvalidName("%s %s must be the endpoint's root (https://host), without a path" % (option, shown(value)))
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        # urllib3 resolves them before sending (RFC 3986 5.2.4): https://arm.example/stack/../ sent the token and the
        # requests to https://arm.example/, a path nobody typed (review s41)
        raise InvalidName("%s %s has a '.' or '..' path segment, which would send the requests to another path than "
                          "the one given: give the path without it" % (option, shown(value)))
    return parts


def check_request_target(resource_id, subscription, resource_group, name=None):
    """Refuse the parts of ``resource_id`` (an id from Azure's answer, or from an export) that go into a request URL
    unless each is a valid Azure name: an id holding '..' made the SDK send a request for another path (review
    2026-12-05). ``name`` None: a group or subscription only (a list call)."""
    try:
        check_subscription("its subscription", subscription)
        check_resource_group("its resource group", resource_group)
        if name is not None:
            check_network_name("its name", name, "resource")
    except InvalidName as exc:
        raise InvalidName("resource id %s from Azure's answer is not one a request is sent for: %s"
                          % (shown(resource_id), exc))
