# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure property changes (remediation.py) -> azure-cli and Az PowerShell commands.

Every name and value put into a command is checked and quoted: names against
Azure's naming rules (a name that breaks them raises ValueError naming the
field), values as IP addresses, prefixes, integers or enum values; az arguments
go through shlex.quote, PowerShell strings into single quotes.

azure-cli syntax: azure-cli 2.91.0 ``--help`` and its sources
(github.com/Azure/azure-cli, src/azure-cli/azure/cli/command_modules/network:
aaz/latest/network/vpn_connection/_update.py, local_gateway/_update.py,
vnet_gateway/_update.py; ``ipsec-policy add`` in custom.py over the aaz
command, whose ``--sa-lifetime``/``--sa-max-size`` are saLifeTimeSeconds and
saDataSizeKilobytes). ``ipsec-policy add`` appends to the list (custom.py), so
replacing a policy with it takes ``clear`` first, which leaves the connection on Azure's default policy until the
``add`` (review 2026-12-05: an outage between the two pasted commands; ``clear`` also turns
usePolicyBasedTrafficSelectors off), and ``vpn-connection update`` unregisters its ``--ipsec-policies``
(custom.py VpnConnectionUpdate). The policy is therefore set in the one update, as
``--set ipsecPolicies=[{...}]`` (run against the ARM lab by test_az_cli). Properties without a flag
(connectionMode, dpdTimeoutSeconds, trafficSelectorPolicies, ipsecPolicies) use the generic
``--set path=value`` of every aaz update command, with the flattened property
name, as ``az network vpn-connection update --set connectionMode=ResponderOnly``
is used in practice.
PowerShell: Az.Network help (github.com/Azure/azure-powershell,
src/Network/Network/help): New-AzIpsecPolicy, Set-AzVirtualNetworkGatewayConnection
(-IpsecPolicies -UsePolicyBasedTrafficSelectors -EnableBgp -DpdTimeoutInSeconds
-ConnectionMode -TrafficSelectorPolicy -Force), New-AzIpsecTrafficSelectorPolicy (-LocalAddressRange
-RemoteAddressRange; "New-AzTrafficSelectorPolicy", with plural parameters, is an old help page's name, no cmdlet of
today's Az.Network: review 2026-12-05),
Set-AzLocalNetworkGateway (-AddressPrefix -Asn -BgpPeeringAddress; no
gateway IP parameter, so the object's GatewayIpAddress is set), Set-AzVirtualNetworkGateway
(-Asn; no -EnableBgp, so the object's EnableBgp is set).
"""

import ipaddress
import json
import re
import shlex
import unicodedata

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_segment
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import normalized
from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo

CONNECTION = "connection"
LOCAL_GATEWAY = "local_network_gateway"
GATEWAY = "virtual_network_gateway"
RESOURCES = (CONNECTION, LOCAL_GATEWAY, GATEWAY)
# Commands change the gateway first, then the local network gateway, then the
# connection: BGP needs the gateway's ASN and the neighbor before the connection uses them.
COMMAND_ORDER = (GATEWAY, LOCAL_GATEWAY, CONNECTION)

# end.ref keys: (name, resource id) per resource (adapter.py).
_REF_KEYS = {CONNECTION: ("connection", "id"), LOCAL_GATEWAY: ("local_network_gateway", "local_network_gateway_id"),
             GATEWAY: ("gateway", "gateway_id")}
_WHAT = {CONNECTION: "connection", LOCAL_GATEWAY: "local network gateway", GATEWAY: "virtual network gateway"}

# Naming rules and restrictions for Azure resources (learn.microsoft.com/azure/
# azure-resource-manager/management/resource-name-rules): Microsoft.Network
# connections, localNetworkGateways, virtualNetworkGateways 1-80 "alphanumerics,
# underscores, periods, and hyphens; start with alphanumeric, end alphanumeric
# or underscore"; resource groups 1-90 "underscores, hyphens, periods,
# parentheses, and letters or digits" (Char.IsLetterOrDigit: Unicode Lu Ll Lt
# Lm Lo Nd), not ending in a period; a subscription id is a GUID.
_RESOURCE_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?\Z")
_RESOURCE_GROUP_MAX = 90
_LETTER_OR_DIGIT = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nd"))
_SUBSCRIPTION = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\Z")
# PowerShell ends a single-quoted string at any of these (about_Quoting_Rules).
_PS_QUOTES = "'\u2018\u2019\u201a\u201b"


def resource_entry(end, resource, properties):
    """{"name", "resource_group", "properties"} of one resource of ``end``'s connection."""
    names = _names(end, resource)
    return {"name": names["name"], "resource_group": names["resource_group"], "properties": properties}


def _names(end, resource):
    """Name, resource group and subscription of a resource, checked (None where unknown); ValueError for one
    that breaks Azure's naming rules. Checked once per resource and distinct ref values (issue 12: the proofs
    and renders of a tunnel ask again for every fix, 7,602 times for 2,173 connections at 100k lines, and the
    checks were a quarter of Azure's renders); a refusal is not remembered. Callers only read the dict."""
    name_key, id_key = _REF_KEYS[resource]
    ref = end.ref
    key = (resource, ref.get(name_key), ref.get(id_key), ref.get("resource_group"), ref.get("subscription"))
    try:
        found = _NAMES.get(key)
    except TypeError:  # a value no dict key can be (a list, from facts not made by the adapter)
        return _checked_names(key)
    return found or _NAMES.get_or_make(key, _checked_names)


# (resource, name, id, resource group, subscription) -> their names, checked
_NAMES = BoundedMemo(4096)


def _checked_names(key):
    """``_names`` of one resource from the end's ref values (``_names``'s key), checked every time."""
    resource, name, rid, ref_group, ref_subscription = key
    rid = rid if isinstance(rid, str) else None
    group = (id_segment(rid, "resourceGroups") if rid else None) or ref_group
    subscription = (id_segment(rid, "subscriptions") if rid else None) or ref_subscription
    return {
        "name": _checked(name, _RESOURCE_NAME.match, "%s name (ref %s)" % (_WHAT[resource], _REF_KEYS[resource][0])),
        "resource_group": _checked(group, _is_resource_group, "%s resource group" % _WHAT[resource]),
        "subscription": _checked(subscription, _SUBSCRIPTION.match, "%s subscription id" % _WHAT[resource]),
    }


def _checked(value, valid, field):
    if value is None:
        return None
    if not isinstance(value, str) or not valid(value):
        raise ValueError("%s %r is not a valid Azure name, so no command is built with it" % (field, value))
    return value


def _is_resource_group(value):
    return (0 < len(value) <= _RESOURCE_GROUP_MAX and not value.endswith(".")
            and all(c in "_-.()" or unicodedata.category(c) in _LETTER_OR_DIGIT for c in value))


def check_commands(end, result):
    """Raises the ValueError ``commands(end, result)`` raises, checking the same names and values in the same
    order, without writing a line: for whoever only asks whether the commands can be built (compat's proofs
    ask it of every fix; the lines were half of that time, issue 12)."""
    for resource, entry, names in _named_entries(end, result):
        if names["name"] is not None and names["resource_group"] is not None:
            _CHECKED_VALUES[resource](entry["properties"])


def _named_entries(end, result):
    """(resource, its entry, its checked names) for each resource of ``result``, in the commands' order."""
    for resource in COMMAND_ORDER:
        entry = result.get(resource)
        if entry:
            yield resource, entry, _names(end, resource)


def commands(end, result):
    """(az lines, PowerShell lines, notes) for the resources in ``result`` (remediation's shape)."""
    az, powershell, notes = [], [], []
    context, no_powershell = None, False
    for resource, entry, names in _named_entries(end, result):
        if names["name"] is None or names["resource_group"] is None:
            notes.append("The %s's name or resource group is not in the input, so no command is given for it: "
                         "change its properties as listed." % _WHAT[resource])
            continue
        if resource == CONNECTION:
            resource_az, resource_ps = _connection(names, entry["properties"])
            refused = _powershell_refuses(entry["properties"])
            if refused:
                notes.append("No PowerShell command is given: New-AzIpsecPolicy does not take %s; use the az command "
                             "or the properties as listed." % refused)
                no_powershell = True
        else:
            render = {LOCAL_GATEWAY: _local_gateway, GATEWAY: _gateway}[resource]
            resource_az, resource_ps = render(names, entry["properties"])
        az.extend(resource_az)
        if resource_ps and names["subscription"] and names["subscription"] != context:
            context = names["subscription"]
            powershell.append("Set-AzContext -Subscription %s" % _ps(context))
        powershell.extend(resource_ps)
    return az, [] if no_powershell else powershell, notes


def _powershell_refuses(properties):
    """What of the connection's policy New-AzIpsecPolicy does not take (tables.POWERSHELL_POLICY_VALUES), as a person
    reads it, or None."""
    policy = (properties.get("ipsecPolicies") or [None])[0]
    if not isinstance(policy, dict):
        return None
    refused = ["%s %s" % (field, policy[field]) for field, values in tables.POWERSHELL_POLICY_VALUES.items()
               if field in policy and policy[field] not in values]
    seconds = policy.get("saLifeTimeSeconds")
    if isinstance(seconds, int) and seconds > tables.SA_LIFETIME_SECONDS_MAX:
        refused.append("saLifeTimeSeconds %d (at most %d)" % (seconds, tables.SA_LIFETIME_SECONDS_MAX))
    return ", ".join(refused) or None


# ---- azure-cli ----------------------------------------------------------------
def _az(words, names, name_flag="--name"):
    group = names["resource_group"]
    # A resource group may start with '-' (REST pattern ^[-\w._()]+$): glued to its flag it is
    # not read as an option. Names, addresses, prefixes and numbers never start with '-'.
    group_words = ["--resource-group=" + group] if group.startswith("-") else ["--resource-group", group]
    return ["az"] + words + group_words + [name_flag, names["name"]]


def _az_line(line, names, options):
    line = line + options
    if names["subscription"]:
        line += ["--subscription", names["subscription"]]
    return shell_line(list(map(str, line)))


# The characters shlex.quote leaves a word of as it is (its _find_unsafe: ASCII \w and @%+=:,./-), and the space.
_SHELL_PLAIN_LINE = re.compile(r"[\w@%+=:,./ -]+", re.ASCII)


def shell_line(words):
    """``" ".join(shlex.quote(word) for word in words)`` for str words. A line of words none of which is empty or
    holds a space, joined of the characters shlex.quote leaves alone, is the words joined: checked on the line at
    once, not word by word (issue 12: 94,482 words quoted one by one for 5,430 az lines at 100k lines)."""
    line = " ".join(words)
    if _SHELL_PLAIN_LINE.fullmatch(line) and line.count(" ") == len(words) - 1 and all(words):
        return line
    return " ".join(shlex.quote(word) for word in words)


def _az_bool(value):
    return "true" if value else "false"


def _az_set(path, value):
    return ["--set", "%s=%s" % (path, value if isinstance(value, (int, str)) else json.dumps(value, separators=(",", ":")))]


# ---- PowerShell -----------------------------------------------------------------
def _ps(value):
    """A PowerShell literal for a checked value: single-quoted string, number, $True/$False, @(...)."""
    if isinstance(value, bool):
        return "$True" if value else "$False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "@(%s)" % ", ".join(map(_ps, value))
    text = str(value)
    if not text.isascii() or "'" in text:  # an ASCII text holds no quote but "'" (issue 12: most hold none)
        for quote in _PS_QUOTES:
            text = text.replace(quote, quote + quote)
    return "'%s'" % text


def _ps_get(variable, cmdlet, names):
    return "$%s = %s -Name %s -ResourceGroupName %s" % (variable, cmdlet, _ps(names["name"]), _ps(names["resource_group"]))


# ---- per resource -------------------------------------------------------------
_PS_POLICY = (("IkeEncryption", "ikeEncryption"), ("IkeIntegrity", "ikeIntegrity"), ("DhGroup", "dhGroup"),
              ("IpsecEncryption", "ipsecEncryption"), ("IpsecIntegrity", "ipsecIntegrity"),
              ("PfsGroup", "pfsGroup"), ("SALifeTimeSeconds", "saLifeTimeSeconds"),
              ("SADataSizeKilobytes", "saDataSizeKilobytes"))


def _connection_values(properties):
    """The connection's values the commands carry, checked (ValueError), in the order they are written."""
    policies = properties.get("ipsecPolicies")
    values = {"policy": _checked_policy(policies) if policies is not None else None}
    if "dpdTimeoutSeconds" in properties:
        values["dpdTimeoutSeconds"] = _int(properties["dpdTimeoutSeconds"], "dpdTimeoutSeconds")
    if "connectionMode" in properties:
        mode = properties["connectionMode"]
        if mode not in tables.CONNECTION_MODES:
            raise ValueError("connectionMode %r is not one of %s" % (mode, ", ".join(tables.CONNECTION_MODES)))
        values["connectionMode"] = mode
    if "trafficSelectorPolicies" in properties:
        values["trafficSelectorPolicies"] = _checked_selectors(properties["trafficSelectorPolicies"])
    return values


def _connection(names, properties):
    az, powershell = [], [_ps_get("connection", "Get-AzVirtualNetworkGatewayConnection", names)]
    ps_options, options = [], []
    values = _connection_values(properties)
    if "connectionProtocol" in properties and tables.CONNECTION_PROTOCOL_IMMUTABLE:
        # the connection is created again with all of these (remediation's note): an update of today's connection,
        # deleted next, changes nothing that lasts
        return [], []
    policy = values["policy"]
    if policy is not None:
        # the whole list in the one update: never a moment on the default policy (module docstring)
        options += _az_set("ipsecPolicies", [{field: policy[field] for field in tables.POLICY_FIELDS}])
        powershell.append("$policy = New-AzIpsecPolicy " + " ".join(
            "-%s %s" % (param, _ps(policy[field])) for param, field in _PS_POLICY))
        ps_options.append("-IpsecPolicies $policy")
    for key in ("usePolicyBasedTrafficSelectors", "enableBgp"):
        if key in properties:
            value = properties[key] is True
            flag = "--use-policy-based-traffic-selectors" if key == "usePolicyBasedTrafficSelectors" else "--enable-bgp"
            options += [flag, _az_bool(value)]
            ps_options.append("-%s %s" % ("UsePolicyBasedTrafficSelectors" if flag.startswith("--use") else "EnableBgp",
                                          _ps(value)))
    if "dpdTimeoutSeconds" in values:
        seconds = values["dpdTimeoutSeconds"]
        options += _az_set("dpdTimeoutSeconds", seconds)
        ps_options.append("-DpdTimeoutInSeconds %d" % seconds)
    if "connectionMode" in values:
        mode = values["connectionMode"]
        options += _az_set("connectionMode", mode)
        ps_options.append("-ConnectionMode %s" % _ps(mode))
    if "trafficSelectorPolicies" in values:
        selectors = values["trafficSelectorPolicies"]
        options += _az_set("trafficSelectorPolicies", selectors)
        powershell.append("$selectors = @()")
        for selector in selectors:
            powershell.append("$selectors += New-AzIpsecTrafficSelectorPolicy -LocalAddressRange %s -RemoteAddressRange %s"
                              % (_ps(selector["localAddressRanges"]), _ps(selector["remoteAddressRanges"])))
        ps_options.append("-TrafficSelectorPolicy $selectors")
    if options:
        az.append(_az_line(_az(["network", "vpn-connection", "update"], names), names, options))
    if not ps_options:
        return az, []  # connectionProtocol alone: no command (remediation's note says why)
    powershell.append("Set-AzVirtualNetworkGatewayConnection -VirtualNetworkGatewayConnection $connection %s -Force"
                      % " ".join(ps_options))
    return az, powershell


def _local_gateway_values(properties):
    """The local network gateway's values the commands carry, checked (ValueError), in the order they are written."""
    values = {}
    if "gatewayIpAddress" in properties:
        values["gatewayIpAddress"] = _address(properties["gatewayIpAddress"])
    prefixes = (properties.get("localNetworkAddressSpace") or {}).get("addressPrefixes")
    values["prefixes"] = [_prefix(p) for p in prefixes] if prefixes is not None else None
    bgp = properties.get("bgpSettings") or {}
    if "asn" in bgp:
        values["asn"] = _int(bgp["asn"], "bgpSettings.asn")
    if "bgpPeeringAddress" in bgp:
        values["bgpPeeringAddress"] = _address(bgp["bgpPeeringAddress"])
    return values


def _local_gateway(names, properties):
    options, ps_options = [], []
    powershell = [_ps_get("lng", "Get-AzLocalNetworkGateway", names)]
    values = _local_gateway_values(properties)
    if "gatewayIpAddress" in values:
        address = values["gatewayIpAddress"]
        options += ["--gateway-ip-address", address]
        powershell.append("$lng.GatewayIpAddress = %s" % _ps(address))
    prefixes = values["prefixes"]
    if prefixes is not None:
        if prefixes:
            options += ["--local-address-prefixes"] + prefixes
            ps_options.append("-AddressPrefix %s" % _ps(prefixes))
        else:
            options += _az_set("localNetworkAddressSpace.addressPrefixes", [])
            powershell.append("$lng.LocalNetworkAddressSpace.AddressPrefixes.Clear()")
    if "asn" in values:
        asn = values["asn"]
        options += ["--asn", asn]
        ps_options.append("-Asn %d" % asn)
    if "bgpPeeringAddress" in values:
        address = values["bgpPeeringAddress"]
        options += ["--bgp-peering-address", address]
        ps_options.append("-BgpPeeringAddress %s" % _ps(address))
    az = [_az_line(_az(["network", "local-gateway", "update"], names), names, options)]
    powershell.append(" ".join(["Set-AzLocalNetworkGateway -LocalNetworkGateway $lng"] + ps_options))
    return az, powershell


def _gateway_values(properties):
    """The gateway's values the commands carry, checked (ValueError)."""
    if "asn" in (properties.get("bgpSettings") or {}):
        return {"asn": _int(properties["bgpSettings"]["asn"], "bgpSettings.asn")}
    return {}


def _gateway(names, properties):
    options, ps_options = [], []
    powershell = [_ps_get("gateway", "Get-AzVirtualNetworkGateway", names)]
    values = _gateway_values(properties)
    if "enableBgp" in properties:
        enabled = properties["enableBgp"] is True
        options += ["--enable-bgp", _az_bool(enabled)]
        powershell.append("$gateway.EnableBgp = %s" % _ps(enabled))  # Set-AzVirtualNetworkGateway has no -EnableBgp
    if "asn" in values:
        asn = values["asn"]
        options += ["--asn", asn]
        ps_options.append("-Asn %d" % asn)
    az = [_az_line(_az(["network", "vnet-gateway", "update"], names), names, options)]
    powershell.append(" ".join(["Set-AzVirtualNetworkGateway -VirtualNetworkGateway $gateway"] + ps_options))
    return az, powershell


_CHECKED_VALUES = {CONNECTION: _connection_values, LOCAL_GATEWAY: _local_gateway_values, GATEWAY: _gateway_values}


# ---- value checks -------------------------------------------------------------
def _checked_policy(policies):
    if not isinstance(policies, list) or len(policies) != 1 or not isinstance(policies[0], dict):
        raise ValueError("ipsecPolicies must hold exactly one complete policy, not %r" % (policies,))
    policy = policies[0]
    for field in tables.POLICY_FIELDS:
        value = policy.get(field)
        if value is None:  # Azure takes only a complete policy (every field): a gap is no command
            raise ValueError("ipsecPolicies[0].%s is missing: Azure takes only a complete policy" % field)
        if field in tables.ENUMS:
            if tables.enum_value(field, value) != value:
                raise ValueError("ipsecPolicies[0].%s %r is not one of Azure's values" % (field, value))
        else:
            _int(value, "ipsecPolicies[0].%s" % field)
    return policy


def _checked_selectors(selectors):
    return [{"localAddressRanges": [_prefix(p) for p in s["localAddressRanges"]],
             "remoteAddressRanges": [_prefix(p) for p in s["remoteAddressRanges"]]} for s in selectors]


def _int(value, field):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("%s %r is not a whole number" % (field, value))
    return value


def _address(value):
    return str(ipaddress.ip_address(value))


def _prefix(value):
    return normalized(value)
