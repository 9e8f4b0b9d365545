# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of one Azure connection -> the ARM properties that differ, and the PUT body.

The desired tunnel crypto uses the model's canonical names, the same intent the
ASA module takes, so one tunnel intent can drive both ends. Values are compared
normalised (enum case, DHGroup14 = DHGroup2048, PFS14 = PFS2048), so a second run
finds nothing to change.

Plain Python, no Ansible or SDK import.
"""

import copy
import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import shown
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.prefixes import host_bits_problem

# Properties this module manages; everything else in the connection is left as read.
MANAGED = ("ipsecPolicies", "usePolicyBasedTrafficSelectors", "trafficSelectorPolicies", "dpdTimeoutSeconds",
           "connectionProtocol", "connectionMode", "enableBgp")
# ARM reference, VirtualNetworkGatewayConnection properties: "enableBgp: EnableBgp flag" (absent = false).
DEFAULT_ENABLE_BGP = False
# Read-only or status properties ARM rejects or ignores in a PUT body.
READ_ONLY = ("provisioningState", "connectionStatus", "ingressBytesTransferred", "egressBytesTransferred",
             "tunnelConnectionStatus", "resourceGuid", "sharedKey")


class IntentError(ValueError):
    """The desired state cannot be expressed on Azure."""


def _one(values, what):
    values = list(values or [])
    if len(values) != 1:
        raise IntentError("Azure takes exactly one %s per connection policy, got %s" % (what, values or "none"))
    return values[0]


def _azure(table, canonical, what):
    if isinstance(canonical, bool):
        # True == 1 would look up group 1 (review 2026-12-05: dh_groups [true] and pfs_group true became DHGroup1 and
        # PFS1, the weakest groups); Ansible's int type lets a YAML true through
        raise IntentError("%s must be a number, got %r" % (what, canonical))
    try:
        return table[canonical]
    except KeyError:
        raise IntentError("%s %r has no Azure equivalent (Azure has: %s)" % (what, canonical, ", ".join(
            str(k) for k in table if k is not None)))


# Numeric options and the range Azure takes (checked before any request, naming the option):
#   dpdTimeoutSeconds 9 to 3,600: "DPD timeout: Seconds (integer; minimum 9, maximum 3,600, default 45)"
#     (DOC_ALG_TABLE_2024 = MicrosoftDocs/azure-docs includes/vpn-gateway-ipsec-ike-algorithm-include.md; facts file
#     azure_custom_policy.ranges_and_defaults.dpdTimeoutSeconds, also DOC_POLICY_FAQ; verified).
#   saLifeTimeSeconds at least 300, saDataSizeKilobytes at least 1,024: "Quick Mode SA lifetime ... Seconds (integer;
#     minimum 300, default 27,000) Kilobytes (integer; minimum 1,024, default 102,400,000)" (DOC_ALG_TABLE_2024,
#     DOC_POLICY_HOWTO_PS_2018; facts file ranges_and_defaults.saLifeTimeSeconds / saDataSizeKilobytes; verified).
#     Azure documents no maximum for either (facts file: max_documented: null); the REST type is int32
#     (REST_2024_05_01, IpsecPolicy), so 2,147,483,647 is the most a request can carry.
INT32_MAX = 2147483647
RANGES = (
    # (option, ARM property, least, most)
    ("dpd_timeout_seconds", "dpdTimeoutSeconds", 9, 3600),
    ("child_lifetime_seconds", "saLifeTimeSeconds", 300, INT32_MAX),
    ("child_lifetime_kilobytes", "saDataSizeKilobytes", 1024, INT32_MAX),
)
# Azure's defaults for a custom policy's lifetimes when none is given: "(Optional; default values if not
# specified)" 27,000 s and 102,400,000 KB (DOC_ALG_TABLE_2024; facts file ranges_and_defaults; verified).
DEFAULT_SA_LIFETIME_SECONDS = 27000
DEFAULT_SA_DATA_SIZE_KILOBYTES = 102400000
# The policy's options besides ike and esp; a policy is built only from ike and esp (with these).
POLICY_OPTIONS = ("pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")


def check_numbers(params):
    """Refuse a numeric option outside the range Azure takes (IntentError naming the option and the range)."""
    for option, arm, least, most in RANGES:
        value = params.get(option)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise IntentError("%s (%s) must be an integer, got %r" % (option, arm, value))
        if not least <= value <= most:
            raise IntentError("%s (%s) must be %d to %d, got %d; nothing was sent" % (option, arm, least, most, value))


# trafficSelectorPolicies: localAddressRanges is "A collection of local address spaces in CIDR format", and
# remoteAddressRanges the same for the remote side (TrafficSelectorPolicy of the Microsoft.Network API, as the SDK
# reference gives it: https://learn.microsoft.com/javascript/api/@azure/arm-network/trafficselectorpolicy).
# IPv4 only: Microsoft's "Custom traffic selectors for VPN Gateway"
# (https://learn.microsoft.com/azure/vpn-gateway/custom-traffic-selectors) and New-AzIpsecTrafficSelectorPolicy
# (https://learn.microsoft.com/powershell/module/az.network/new-azipsectrafficselectorpolicy) show IPv4 ranges
# only and document no IPv6 selector (verified: false; the ARM lab refuses any other range the same way, "not a
# valid IPv4 prefix"). The network address itself, as Azure's other address prefixes (the lab again). Written
# a.b.c.d/n exactly: the text goes into the PUT body as given, so "10.0.0.0/8\n" is not read leniently.
_IPV4_CIDR_RE = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}/(?:3[0-2]|[12]?[0-9])\Z")
_SELECTOR_RANGES = (("local_address_ranges", "localAddressRanges"), ("remote_address_ranges", "remoteAddressRanges"))


def ipv4_prefix_problem(value):
    """Why ``value`` is not an IPv4 prefix written a.b.c.d/n with its network address, or None."""
    if not isinstance(value, str) or not _IPV4_CIDR_RE.match(value):
        return "is not an IPv4 prefix written a.b.c.d/n"
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        return "is not an IPv4 prefix written a.b.c.d/n"
    return host_bits_problem(value)  # the rule asa_vpn_tunnel holds its prefixes to as well


def check_selectors(params):
    """Refuse a traffic_selector_policies range Azure would not take (IntentError naming the option, the policy's
    and the range's index), before any request."""
    for i, policy in enumerate(params.get("traffic_selector_policies") or []):
        for option, arm in _SELECTOR_RANGES:
            ranges = (policy or {}).get(option)
            where = "traffic_selector_policies[%d].%s" % (i, option)
            if not ranges:
                raise IntentError("%s (%s) must list at least one IPv4 prefix; nothing was sent" % (where, arm))
            for j, value in enumerate(ranges):
                problem = ipv4_prefix_problem(value)
                if problem:
                    raise IntentError("%s[%d] (%s) %s %s; nothing was sent" % (where, j, arm, shown(value), problem))


def desired_policy(params):
    """The IpsecPolicy fields the intent sets, or None for Azure's default policy.

    Fields the user left out (pfsGroup, saLifeTimeSeconds, saDataSizeKilobytes) are absent: they are
    taken from the connection's current policy when it is compared (complete_policy), since options
    left out are left as they are."""
    given = [o for o in POLICY_OPTIONS if params.get(o) is not None]
    if params.get("use_default_policy"):
        if given:
            # Azure's default policy sets them itself: they were dropped without a word (review 2026-12-06 E2)
            raise IntentError("%s: part of a custom IPsec/IKE policy, and use_default_policy removes it for Azure's "
                              "default policy: give one or the other" % ", ".join(given))
        return None
    ike, esp = params.get("ike"), params.get("esp")
    if not ike or not esp:
        if given:
            raise IntentError("%s: part of the IPsec/IKE policy, which Azure takes only whole: give ike and esp too"
                              % ", ".join(given))
        return "unmanaged"
    ike_enc = _one(ike["encryption"], "IKE encryption")
    ike_integ = ike.get("integrity") or []
    if ike_enc.startswith("AES-GCM") and not ike_integ:
        ike_integrity = _azure(tables.IKE_ENCRYPTION_TO_AZURE, ike_enc, "IKE encryption")
    else:
        ike_integrity = _azure(tables.IKE_INTEGRITY_TO_AZURE, _one(ike_integ, "IKE integrity"), "IKE integrity")
    esp_enc = _one(esp["encryption"], "ESP encryption")
    ipsec_encryption = _azure(tables.IPSEC_ENCRYPTION_TO_AZURE, esp_enc, "ESP encryption")
    if ipsec_encryption in tables.GCM_VALUES:
        ipsec_integrity = ipsec_encryption  # Azure's bookkeeping for GCM (DOC_REQUIREMENTS)
    else:
        ipsec_integrity = _azure(tables.IPSEC_INTEGRITY_TO_AZURE, _one(esp.get("integrity"), "ESP integrity"),
                                 "ESP integrity")
    policy = {
        "ipsecEncryption": ipsec_encryption,
        "ipsecIntegrity": ipsec_integrity,
        "ikeEncryption": _azure(tables.IKE_ENCRYPTION_TO_AZURE, ike_enc, "IKE encryption"),
        "ikeIntegrity": ike_integrity,
        "dhGroup": _azure(tables.DH_GROUP_TO_AZURE, _one(ike["dh_groups"], "IKE DH group"), "IKE DH group"),
    }
    if params.get("child_lifetime_seconds") is not None:
        policy["saLifeTimeSeconds"] = int(params["child_lifetime_seconds"])
    if params.get("child_lifetime_kilobytes") is not None:
        policy["saDataSizeKilobytes"] = int(params["child_lifetime_kilobytes"])
    pfs = params.get("pfs_group")
    if pfs is not None:
        # 0 is "no PFS" (model.NO_PFS), which the table maps to "None"
        policy["pfsGroup"] = _azure(tables.PFS_GROUP_TO_AZURE, pfs if isinstance(pfs, bool) else int(pfs),
                                    "PFS group (pfs_group)")
    return policy


def complete_policy(wanted, current):
    """``wanted`` (desired_policy's fields) with every field it leaves out taken from ``current``, the
    connection's one policy as read (or None when it has none).

    Without a current policy the lifetimes left out get Azure's documented defaults (DEFAULT_SA_*).
    pfsGroup has none: a custom policy must name it (New-AzIpsecPolicy -PfsGroup is mandatory,
    PS_NEW_AZIPSECPOLICY_HELP; "partial policy specification is not allowed", DOC_POLICY_FAQ), and the
    default policy it would replace has no single PFS setting (as initiator no PFS, as responder PFS
    1/2/14/24 on some suites: DOC_VPN_DEVICES, facts file azure_default_policy). Choosing "None" there
    would be a silent guess, so it is refused and the user says which (pfs_group, 0 for none)."""
    policy = dict(wanted)
    current = current or {}
    defaults = {"saLifeTimeSeconds": DEFAULT_SA_LIFETIME_SECONDS, "saDataSizeKilobytes": DEFAULT_SA_DATA_SIZE_KILOBYTES}
    for field in tables.POLICY_FIELDS:
        if field in policy:
            continue
        if current.get(field) is not None:
            policy[field] = current[field]
        elif field in defaults:
            policy[field] = defaults[field]
        else:
            option = {"pfsGroup": "pfs_group"}.get(field, field)
            raise IntentError("%s is left out and the connection has no custom policy holding %s to keep: Azure "
                              "takes a whole policy, so give %s (for pfs_group, 0 means no PFS)" % (option, field, option))
    return {field: policy[field] for field in tables.POLICY_FIELDS}


def desired_properties(params):
    """ARM property values the intent sets (missing keys: leave as they are)."""
    check_numbers(params)
    check_selectors(params)
    out = {}
    policy = desired_policy(params)
    if policy != "unmanaged":
        out["ipsecPolicies"] = [policy] if policy else []
    simple = {
        "use_policy_based_traffic_selectors": "usePolicyBasedTrafficSelectors",
        "dpd_timeout_seconds": "dpdTimeoutSeconds",
        "connection_protocol": "connectionProtocol",
        "connection_mode": "connectionMode",
        "enable_bgp": "enableBgp",
    }
    for option, arm in simple.items():
        if params.get(option) is not None:
            out[arm] = params[option]
    if params.get("traffic_selector_policies") is not None:
        out["trafficSelectorPolicies"] = [
            {"localAddressRanges": list(p["local_address_ranges"]), "remoteAddressRanges": list(p["remote_address_ranges"])}
            for p in params["traffic_selector_policies"]
        ]
    return out


# Enum aliases that mean the same thing (DOC_DH_TABLE, WFP_IPSEC_PFS_GROUP).
_ALIASES = {"dhgroup2048": "dhgroup14", "pfs14": "pfs2048"}


def _normal(value):
    if isinstance(value, str):
        folded = value.casefold()
        return _ALIASES.get(folded, folded)
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in sorted(value.items())}
    return value


def current_properties(connection):
    """The managed properties of a connection as read (ARM or az shape)."""
    out = {}
    for key in MANAGED:
        value = prop(connection, key)
        if key in ("ipsecPolicies", "trafficSelectorPolicies"):
            value = [{k: v for k, v in (item or {}).items() if k in tables.POLICY_FIELDS or k.endswith("AddressRanges")}
                     for item in value or []]
        out[key] = value
    return out


def changed_properties(connection, desired):
    """{property: (before, after)} for every managed property whose normalised value differs."""
    current = current_properties(connection)
    changes = {}
    for key, want in desired.items():
        have = current.get(key)
        if key == "connectionProtocol" and have is None:
            have = tables.DEFAULT_CONNECTION_PROTOCOL
        if key == "connectionMode" and have is None:
            have = tables.DEFAULT_CONNECTION_MODE
        if key == "enableBgp" and have is None:
            have = DEFAULT_ENABLE_BGP
        if key in ("ipsecPolicies", "trafficSelectorPolicies") and have is None:
            have = []
        if key == "ipsecPolicies" and want:
            # fields left out of the intent keep the connection's current values ("left as they are")
            want = [complete_policy(want[0], have[0] if have else None)]
            if have:
                # a value left as it is keeps the spelling read (DHGroup2048, PFS14, its case): no rewrite in the PUT
                want = [tables.kept_spelling(want[0], have[0])]
        if _normal(have) != _normal(want):
            changes[key] = (have, want)
    return changes


def put_body(connection, changes):
    """The connection resource to PUT: as read, with the changes, without read-only fields."""
    body = copy.deepcopy(connection)
    props = body.setdefault("properties", {})
    for key, (_before, after) in changes.items():
        props[key] = copy.deepcopy(after)
    for key in READ_ONLY:
        props.pop(key, None)
    for key in ("etag",):
        body.pop(key, None)
    return body


def immutable_change_error(changes):
    """Azure cannot change the IKE version of an existing connection (DOC_COMPLIANCE_CRYPTO)."""
    if "connectionProtocol" in changes:
        before, after = changes["connectionProtocol"]
        return ("connectionProtocol cannot change from %s to %s on an existing connection: delete and recreate it"
                % (before, after))
    return None


def bgp_precondition_error(gateway, local_gateway):
    """Why Azure would refuse enableBgp on a connection between these two, or None.

    BGP on a connection needs a route-based gateway with BGP enabled and a local network gateway
    that says which ASN and address its BGP speaker has (Microsoft Learn, "Configure BGP for VPN
    Gateway": https://learn.microsoft.com/azure/vpn-gateway/bgp-howto)."""
    problems = []
    if gateway is not None:
        if (prop(gateway, "vpnType") or "RouteBased").casefold() != "routebased":
            problems.append("virtual network gateway %s is %s, and BGP needs a RouteBased gateway"
                            % (gateway.get("name"), prop(gateway, "vpnType")))
        elif not prop(gateway, "enableBgp"):
            problems.append("virtual network gateway %s does not have BGP enabled" % gateway.get("name"))
    if local_gateway is not None:
        settings = prop(local_gateway, "bgpSettings") or {}
        if not settings.get("asn") or not settings.get("bgpPeeringAddress"):
            problems.append("local network gateway %s has no bgpSettings (asn and bgpPeeringAddress)"
                            % local_gateway.get("name"))
    return "; ".join(problems) or None
