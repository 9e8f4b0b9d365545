# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every Azure default, enum value and name mapping the Azure adapter uses.

One table, so a reviewer checks Azure facts in one place. Each entry names
its source: the key of ``sources:`` in the project's fact reference
(azure_asa_ipsec_facts.yaml), with how well it is backed:
  (verified)   read in that source
  (partial)    the source supports it partly or indirectly
  (UNVERIFIED) inference or general knowledge; a hint, not a fact
Canonical names on the right-hand side are the model's (see model.py).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils import bgp_asn
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    MODE_INITIATOR_ONLY,
    MODE_RESPONDER_ONLY,
    NO_PFS,
)

# --------------------------------------------------------------------------
# ARM resource types the adapter reads (REST_2024_05_01, verified);
# lower-cased ARM type -> short name used in the index.
# --------------------------------------------------------------------------
CONNECTIONS = "connections"
GATEWAYS = "virtualNetworkGateways"
LOCAL_GATEWAYS = "localNetworkGateways"
PUBLIC_IPS = "publicIPAddresses"
VIRTUAL_NETWORKS = "virtualNetworks"
RESOURCE_TYPES = {
    "microsoft.network/connections": CONNECTIONS,
    "microsoft.network/virtualnetworkgateways": GATEWAYS,
    "microsoft.network/localnetworkgateways": LOCAL_GATEWAYS,
    "microsoft.network/publicipaddresses": PUBLIC_IPS,
    "microsoft.network/virtualnetworks": VIRTUAL_NETWORKS,
}
# A gateway's NAT rule as an item of its own: GET .../virtualNetworkGateways/{gateway}/natRules/{rule}
# (VirtualNetworkGatewayNatRules_Get, azure-rest-api-specs Microsoft.Network examples VirtualNetworkGatewayNatRuleGet.json;
# az network vnet-gateway nat-rule list/show), the object GET of the gateway carries in its natRules (SDK_MODELS,
# verified): read into that gateway's natRules (resources.load_resources)
GATEWAY_NAT_RULE_TYPE = "microsoft.network/virtualnetworkgateways/natrules"
# The boolean properties the readers take, by resource (a pair: a list property and its items' boolean), all
# "type": "boolean" in REST_2024_05_01 (VirtualNetworkGatewayConnectionPropertiesFormat,
# VirtualNetworkGatewayPropertiesFormat, VirtualNetworkPeeringPropertiesFormat). A value of another type is refused at
# load (review s43): read with ``is True``, a hand-edited "true" was taken as false without a word.
BOOLEAN_PROPERTIES = {
    CONNECTIONS: (("enableBgp",), ("usePolicyBasedTrafficSelectors",), ("useLocalAzureIpAddress",)),
    GATEWAYS: (("activeActive",), ("enableBgp",), ("enablePrivateIpAddress",), ("disableIPSecReplayProtection",),
               ("enableBgpRouteTranslationForNat",)),
    VIRTUAL_NETWORKS: (("virtualNetworkPeerings", "allowGatewayTransit"),
                       ("virtualNetworkPeerings", "useRemoteGateways")),
}
# Top-level keys of an ARM resource that are not properties; `az ... show`
# puts properties beside them (flattened), so these must be told apart.
ENVELOPE_KEYS = frozenset(
    k.lower()
    for k in (
        "id", "name", "type", "location", "etag", "tags", "resourceGroup", "zones",
        "extendedLocation", "identity", "kind", "managedBy", "systemData",
    )
)

# --------------------------------------------------------------------------
# Connection and gateway property values (REST_2024_05_01, verified)
# --------------------------------------------------------------------------
CONNECTION_TYPE_IPSEC = "IPsec"  # other types: Vnet2Vnet, ExpressRoute, VPNClient
GATEWAY_TYPE_VPN = "Vpn"  # ExpressRoute gateways carry no IPsec (DOC_POLICY_FAQ, verified)
ROUTE_BASED = "RouteBased"
POLICY_BASED = "PolicyBased"
VPN_TYPES = (ROUTE_BASED, POLICY_BASED)
# A gateway missing from the input is assumed route-based: policy-based
# gateways exist only on the legacy Basic SKU (UNVERIFIED, general knowledge).
ASSUMED_VPN_TYPE = ROUTE_BASED
PEERING_CONNECTED = "Connected"  # peeringState of a working VNet peering (REST, verified)
# A hub's peering holds the spoke's prefixes (VirtualNetworkPeeringPropertiesFormat, REST_2024_05_01):
# remoteAddressSpace "the address space peered with the remote virtual network" (what the peering carries, so read
# first), remoteVirtualNetworkAddressSpace "the current address space of the remote virtual network" (newer exports;
# the same when peeringSyncLevel is FullyInSync). peeringState Initiated / Disconnected: only once both sides are
# Connected does traffic flow (DOC_PEERING_STATE), so such a peering carries no spoke through the gateway.
PEERED_SPACE_FIELDS = ("remoteAddressSpace", "remoteVirtualNetworkAddressSpace")

# connectionProtocol -> IKE version; default IKEv2 (DOC_COMPLIANCE_CRYPTO, DOC_POLICY_FAQ, verified)
CONNECTION_PROTOCOLS = {"IKEv1": 1, "IKEv2": 2}
IKE_VERSION_TO_PROTOCOL = {1: "IKEv1", 2: "IKEv2"}
DEFAULT_CONNECTION_PROTOCOL = "IKEv2"

# connectionMode -> model mode (REST_2024_05_01, verified); it applies only to IKEv2 connections of RouteBased
# gateways (DOC_CONNECTION_MODE, verified): session._mode reads it as Default elsewhere
CONNECTION_MODES = {
    "Default": MODE_BOTH,
    "ResponderOnly": MODE_RESPONDER_ONLY,
    "InitiatorOnly": MODE_INITIATOR_ONLY,
}
DEFAULT_CONNECTION_MODE = "Default"

# --------------------------------------------------------------------------
# IpsecPolicy (connection.properties.ipsecPolicies[]) (REST_2024_05_01, verified)
# --------------------------------------------------------------------------
POLICY_FIELDS = (
    "saLifeTimeSeconds", "saDataSizeKilobytes", "ipsecEncryption", "ipsecIntegrity",
    "ikeEncryption", "ikeIntegrity", "dhGroup", "pfsGroup",
)
# REST enum values, in spec order (REST_2024_05_01, verified)
ENUMS = {
    "ikeEncryption": ("DES", "DES3", "AES128", "AES192", "AES256", "GCMAES256", "GCMAES128"),
    "ikeIntegrity": ("MD5", "SHA1", "SHA256", "SHA384", "GCMAES256", "GCMAES128"),
    "dhGroup": ("None", "DHGroup1", "DHGroup2", "DHGroup14", "DHGroup2048", "ECP256", "ECP384", "DHGroup24"),
    "ipsecEncryption": ("None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"),
    "ipsecIntegrity": ("MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"),
    "pfsGroup": ("None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFS24", "PFS14", "PFSMM"),
}
# What New-AzIpsecPolicy takes (its ValidateSet and ValidateRange; Azure/azure-powershell,
# src/Network/Network/VirtualNetworkGatewayConnection/NewAzureRmIpsecPolicyCommand.cs, read 2026-12-06; no IKE GCM:
# azure-powershell issue #28945, verified): narrower than the REST enums, so a policy outside it gets no PowerShell
# command (review 2026-12-06: the cmdlet refused GCMAES256, PFS14 and 2147483647 s)
POWERSHELL_POLICY_VALUES = {
    "ikeEncryption": ("DES", "DES3", "AES128", "AES192", "AES256"),
    "ikeIntegrity": ("MD5", "SHA1", "SHA256", "SHA384"),
    "dhGroup": ("None", "DHGroup1", "DHGroup14", "DHGroup2", "DHGroup2048", "DHGroup24", "ECP256", "ECP384"),
    "ipsecEncryption": ("None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"),
    "ipsecIntegrity": ("MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"),
    "pfsGroup": ("None", "PFS1", "PFS2", "PFS2048", "PFS24", "ECP256", "ECP384"),
}
# The same cmdlet's SALifeTimeSeconds range ends at 172799 s (just under 48 h): no fix sets a Child SA lifetime above
# it (the REST API takes up to INT32_MAX, but 68 years is no lifetime; review 2026-12-06)
SA_LIFETIME_SECONDS_MAX = 172799
# REST-only aliases a fix writes in their documented spelling (PFS14 is PFS2048: WFP_IPSEC_PFS_GROUP, verified)
DOCUMENTED_SPELLING = {"pfsGroup": {"PFS14": "PFS2048"}}

# ARM treats enum strings case-insensitively on input; match them that way
# and report the spec spelling (UNVERIFIED for every value, general knowledge).
_ENUM_BY_FOLDED = {f: {v.casefold(): v for v in values} for f, values in ENUMS.items()}


def enum_value(field, value):
    """The REST spelling of ``value`` for policy field ``field``, or None if it is not an enum value."""
    if not isinstance(value, str):
        return None
    return _ENUM_BY_FOLDED[field].get(value.casefold())


# Azure -> canonical. AEAD marks an Azure integrity value that stands for
# "the GCM cipher authenticates itself": the model has no integrity then.
AEAD = None
IKE_ENCRYPTION = {  # (DOC_ALG_TABLE_2024, REST_2024_05_01, verified; equivalence: partial)
    "DES": "DES",
    "DES3": "3DES",
    "AES128": "AES-CBC-128",
    "AES192": "AES-CBC-192",
    "AES256": "AES-CBC-256",
    "GCMAES128": "AES-GCM-128",
    "GCMAES256": "AES-GCM-256",
}
IKE_INTEGRITY = {  # (REST_2024_05_01, verified)
    "MD5": "MD5",
    "SHA1": "SHA1",
    "SHA256": "SHA256",
    "SHA384": "SHA384",
    "GCMAES128": AEAD,  # 2023 doc table only; meaning for IKE undocumented (UNVERIFIED)
    "GCMAES256": AEAD,
}
# Azure has no PRF field; its PRF is the integrity hash: the Azure ASA sample
# sets prf = integrity (DOC_ASA_SAMPLE, verified) and a libreswan peer logged
# PRF=HMAC_SHA1 with SHA1 integrity (GH_LIBRESWAN_765, verified); extending it
# to every hash is partial. With GCM IKE and a SHA ikeIntegrity, that hash is
# taken as the PRF (UNVERIFIED). With GCMAES ikeIntegrity the PRF is unknown:
# None here -> empty prf in the model ("not known, not compared").
IKE_PRF = {
    "MD5": "MD5",
    "SHA1": "SHA1",
    "SHA256": "SHA256",
    "SHA384": "SHA384",
    "GCMAES128": None,
    "GCMAES256": None,
}
DH_GROUP = {  # IANA numbers (DOC_DH_TABLE, REST_2024_05_01, verified)
    "None": None,  # no group: an IKE SA cannot be made without one (UNVERIFIED what Azure offers)
    "DHGroup1": 1,
    "DHGroup2": 2,
    "DHGroup14": 14,
    "DHGroup2048": 14,  # alias of DHGroup14
    "ECP256": 19,
    "ECP384": 20,
    "DHGroup24": 24,
}
PFS_SAME_AS_IKE = "same_as_ike"
PFS_GROUP = {  # (DOC_DH_TABLE, REST_2024_05_01, verified)
    "None": None,  # no PFS: rekeys carry no KE
    "PFS1": 1,
    "PFS2": 2,
    "PFS2048": 14,
    "PFS14": 14,  # REST-only alias of PFS2048 (WFP_IPSEC_PFS_GROUP, verified)
    "ECP256": 19,
    "ECP384": 20,
    "PFS24": 24,
    # Same group as the IKE SA: Windows WFP meaning (WFP_IPSEC_PFS_GROUP, partial);
    # Azure never documents PFSMM (UNVERIFIED for Azure).
    "PFSMM": PFS_SAME_AS_IKE,
}
IPSEC_ENCRYPTION = {  # (REST_2024_05_01, DOC_ALG_TABLE_2024, verified)
    "None": "NULL",  # ESP NULL, allowed on RouteBased gateways (DOC_VPN_DEVICES, verified)
    "DES": "DES",
    "DES3": "3DES",
    "AES128": "AES-CBC-128",
    "AES192": "AES-CBC-192",
    "AES256": "AES-CBC-256",
    "GCMAES128": "AES-GCM-128",
    "GCMAES192": "AES-GCM-192",
    "GCMAES256": "AES-GCM-256",
}
IPSEC_INTEGRITY = {  # (REST_2024_05_01, verified); GCMAES = no ESP integrity transform (DOC_ASA_SAMPLE, partial)
    "MD5": "MD5",
    "SHA1": "SHA1",
    "SHA256": "SHA256",
    "GCMAES128": AEAD,
    "GCMAES192": AEAD,
    "GCMAES256": AEAD,
}
# GCM pairing. IPsec: a GCMAESnnn ipsecEncryption needs the same
# ipsecIntegrity (DOC_REQUIREMENTS, DOC_POLICY_HOWTO_PORTAL, verified), and a
# GCMAES ipsecIntegrity needs the same cipher (UNVERIFIED: a CBC cipher has no
# integrity of its own). IKE: only a GCMAES ikeIntegrity needs the same
# ikeEncryption (UNVERIFIED, same reason); GCM ikeEncryption with a SHA
# ikeIntegrity is allowed (DOC_ALG_TABLE_2024 lists no GCM IKE integrity).
GCM_VALUES = frozenset(["GCMAES128", "GCMAES192", "GCMAES256"])
# The CBC cipher of a GCMAES value's key length, and the SHA integrity a CBC cipher takes instead of a GCMAES one: the
# valid policies a broken pairing can become besides the GCM pair itself (REST_2024_05_01 enums, DOC_ALG_TABLE_2024:
# AES128/192/256 with SHA256 is a documented combination, verified). Which one is right depends on the peer: the fix
# is checked against it (superseded.with_policy_fixes_checked), the GCM pair first.
CBC_OF_GCM = {"GCMAES128": "AES128", "GCMAES192": "AES192", "GCMAES256": "AES256"}
CBC_INTEGRITY = "SHA256"


def gcm_pairings(enc_field, enc, integ_field, integ, gcm_cipher_needs_pair=True):
    """The (field, value) changes, in order, each of which makes a broken GCM pairing valid: the integrity named as the
    GCM cipher, the cipher named as the GCMAES integrity, the cipher's CBC with the SHA integrity kept (ESP), the CBC
    (or, for IKE, any) cipher kept with a SHA integrity."""
    out = []
    if enc in GCM_VALUES:
        out.append((integ_field, enc))
    if integ in GCM_VALUES and integ in ENUMS[enc_field]:
        out.append((enc_field, integ))
    if gcm_cipher_needs_pair and enc in GCM_VALUES and integ not in GCM_VALUES:
        out.append((enc_field, CBC_OF_GCM[enc]))
    if integ in GCM_VALUES and (enc not in GCM_VALUES or not gcm_cipher_needs_pair):
        out.append((integ_field, CBC_INTEGRITY))
    return out


# What a policy enum value means, for keeping the spelling a user chose: DHGroup2048 is DHGroup14 (DOC_DH_TABLE,
# verified), PFS14 is PFS2048 (WFP_IPSEC_PFS_GROUP, verified); every enum is case-insensitive (see enum_value).
_MEANING = {"dhGroup": DH_GROUP, "pfsGroup": PFS_GROUP}


def enum_meaning(field, value):
    """A key equal for two values of policy field ``field`` that Azure takes as the same setting, or None."""
    spelled = enum_value(field, value)
    if spelled is None:
        return None
    return (_MEANING[field][spelled],) if field in _MEANING else (spelled,)


def kept_spelling(policy, current):
    """``policy`` (IpsecPolicy fields) with each enum field that means what ``current`` (the policy as read) has in
    ``current``'s spelling: a fix changes no name the user chose for a value it leaves as it is (review s47 B: a
    lifetime fix wrote DHGroup14 over DHGroup2048)."""
    out = dict(policy)
    if not isinstance(current, dict):
        return out
    for name in ENUMS:
        have = current.get(name)
        if name in out and have is not None and enum_meaning(name, have) is not None and \
                enum_meaning(name, have) == enum_meaning(name, out[name]):
            out[name] = have
    return out


# Canonical -> Azure, for remediation. A canonical name missing here has no
# Azure equivalent (REST_2024_05_01 notes, verified: no SHA512, no DH 5/15/16/21/31,
# no IKE AES-GCM-192, no GMAC).
IKE_ENCRYPTION_TO_AZURE = {
    "DES": "DES",
    "3DES": "DES3",
    "AES-CBC-128": "AES128",
    "AES-CBC-192": "AES192",
    "AES-CBC-256": "AES256",
    "AES-GCM-128": "GCMAES128",
    "AES-GCM-256": "GCMAES256",
}
IKE_INTEGRITY_TO_AZURE = {"MD5": "MD5", "SHA1": "SHA1", "SHA256": "SHA256", "SHA384": "SHA384"}
DH_GROUP_TO_AZURE = {1: "DHGroup1", 2: "DHGroup2", 14: "DHGroup14", 19: "ECP256", 20: "ECP384", 24: "DHGroup24"}
# The DH groups both dhGroup and pfsGroup can name (their REST enums above, DOC_ALG_TABLE_2024, verified)
ACCEPTED_DH_GROUPS = tuple(sorted(DH_GROUP_TO_AZURE))
# PFS2048 rather than the REST-only PFS14 alias: it is the documented name (DOC_ALG_TABLE_2024, verified)
PFS_GROUP_TO_AZURE = {
    None: "None",
    NO_PFS: "None",
    1: "PFS1",
    2: "PFS2",
    14: "PFS2048",
    19: "ECP256",
    20: "ECP384",
    24: "PFS24",
}
IPSEC_ENCRYPTION_TO_AZURE = {
    "NULL": "None",
    "DES": "DES",
    "3DES": "DES3",
    "AES-CBC-128": "AES128",
    "AES-CBC-192": "AES192",
    "AES-CBC-256": "AES256",
    "AES-GCM-128": "GCMAES128",
    "AES-GCM-192": "GCMAES192",
    "AES-GCM-256": "GCMAES256",
}
IPSEC_INTEGRITY_TO_AZURE = {"MD5": "MD5", "SHA1": "SHA1", "SHA256": "SHA256"}
# The canonical algorithms a policy can name at all (the enums above; the IKE PRF is the integrity hash, IKE_PRF)
ACCEPTED_IKE_ALGORITHMS = tuple(dict.fromkeys(list(IKE_ENCRYPTION_TO_AZURE) + list(IKE_INTEGRITY_TO_AZURE)))
ACCEPTED_ESP_ALGORITHMS = tuple(dict.fromkeys(list(IPSEC_ENCRYPTION_TO_AZURE) + list(IPSEC_INTEGRITY_TO_AZURE)))

# --------------------------------------------------------------------------
# Ranges and defaults
# --------------------------------------------------------------------------
IKE_SA_LIFETIME_SECONDS = 28800  # fixed, not configurable (DOC_REQUIREMENTS, verified)
SA_LIFETIME_SECONDS_MIN = 300  # (DOC_ALG_TABLE_2024, DOC_POLICY_HOWTO_PS_2018, verified)
SA_DATA_SIZE_KB_MIN = 1024  # (same, verified)
# ... or 0: "SA life time in kilobytes must be 0 or between 1024 and 2147483647 included" (New-AzIpsecPolicy's own check,
# Azure/azure-powershell src/Network/Network/VirtualNetworkGatewayConnection/NewAzureRmIpsecPolicyCommand.cs, read
# 2026-12-07, verified; the portal's message is the same: hashicorp/terraform-provider-azurerm issue 21407). What 0
# does is not documented: read as no data limit, rekeys by time only, as an ASA's "kilobytes unlimited" (UNVERIFIED).
# Review s45 B: a policy with 0, which the portal offers, failed the tunnel as below Azure's minimum.
SA_DATA_SIZE_KB_NO_LIMIT = 0
INT32_MAX = 2147483647  # REST type limit only, no documented maximum (REST_2024_05_01, verified)
# What a custom policy gets when PowerShell omits the lifetimes (DOC_ALG_TABLE_2024, verified)
CUSTOM_POLICY_DEFAULT_SECONDS = 27000
CUSTOM_POLICY_DEFAULT_KILOBYTES = 102400000
# 45 s is also the top of the 30-45 s Microsoft recommends: "We generally recommend that you set the timeout to between
# 30 and 45 seconds" (DOC_POLICY_FAQ, "What is the default DPD timeout value?", read 2026-12-07, verified), so a fix of
# an out-of-range dpdTimeoutSeconds sets it (azure/session.py), never the range's 3600 s bound
DPD_TIMEOUT_DEFAULT = 45  # (DOC_ALG_TABLE_2024, DOC_POLICY_FAQ, verified)
DPD_TIMEOUT_MIN = 9
DPD_TIMEOUT_MAX = 3600
# DPD per gateway type: route-based supported, policy-based not (DOC_VPN_DEVICES, verified)
DPD_SUPPORTED = {ROUTE_BASED: True, POLICY_BASED: False}
MAX_TCP_MSS = 1350  # recommended MSS clamp (DOC_VPN_DEVICES, DOC_ASA_SAMPLE, verified)

# --------------------------------------------------------------------------
# SKU and gateway-type rules
# --------------------------------------------------------------------------
# Custom IPsec/IKE policy on every SKU except Basic (DOC_POLICY_FAQ, DOC_POLICY_HOWTO_PORTAL, verified)
CUSTOM_POLICY_UNSUPPORTED_SKUS = frozenset(["Basic"])
# Policy-based gateways run IKEv1 only (DOC_MULTI_POLICYBASED, verified) and take
# no custom policy: they exist only as Basic (partial: follows from the Basic rule)
POLICY_BASED_IKE_VERSIONS = (1,)
# "A PolicyBased VPN can only support one Site-to-Site VPN tunnel" (MicrosoftDocs/azure-docs,
# includes/vpn-gateway-table-gwtype-legacy-aggtput-include.md, footnote 2; read 2026-12-06, verified)
POLICY_BASED_MAX_SITE_CONNECTIONS = 1
# "The Policy-based virtual network gateway has limit of 200 subnet Security Association pairs. If the number of Azure
# virtual network subnets multiplied times by the number of local subnets is greater than 200, you see sporadic subnets
# disconnecting." (DOC_TSHOOT_INTERMITTENT: MicrosoftDocs/azure-docs,
# articles/vpn-gateway/vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently.md, "Check for Security
# Association Limitation (for policy-based virtual network gateways)"; reference yaml troubleshooting_guidance,
# verified: true; read again 2026-12-07 for review I, defect 1)
POLICY_BASED_MAX_SA_PAIRS = 200
# vpnGatewayGeneration -> the SKUs a gateway of that generation comes in: Microsoft, "About gateway SKUs"
# (articles/vpn-gateway/about-gateway-skus.md), its table includes/vpn-gateway-table-gwtype-aggtput-include.md in
# MicrosoftDocs/azure-docs (ms.date 2023-09-26; the 2026-06-08 version splits it into AZ and non-AZ tables with the same
# pairs), verified. "The resizing of VpnGw SKUs is allowed within the same generation" (same include, verified). The
# legacy SKUs (Standard, HighPerformance) are in neither row: not judged. The property's values are Generation1,
# Generation2 and None, "None if gatewayType is not VPN" (Azure SDK VpnGatewayGeneration, verified).
GENERATION_SKUS = {
    "Generation1": frozenset(["Basic", "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ"]),
    "Generation2": frozenset(["VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"]),
}
GENERATIONS = ("Generation1", "Generation2", "None")
POLICY_BASED_CUSTOM_POLICY = False
# IKEv1 on route-based gateways: every SKU except Basic (DOC_COMPLIANCE_CRYPTO
# live page, verified); the 2023 FAQ also excluded Standard and other legacy
# SKUs (DOC_POLICY_FAQ, verified) - the current statement wins here.
ROUTE_BASED_IKEV1_UNSUPPORTED_SKUS = frozenset(["Basic"])
# connectionProtocol cannot change on an existing connection (DOC_COMPLIANCE_CRYPTO, DOC_POLICY_FAQ, verified)
CONNECTION_PROTOCOL_IMMUTABLE = True
# IKEv1 IKE SAs are not rekeyed in place: the tunnel disconnects (up to about 5 s) at each Main Mode rekey
# (reference yaml sku_support.ikev1_on_routebased.ikev1_main_mode_rekey_reconnects; DOC_COMPLIANCE_CRYPTO,
# DOC_POLICY_FAQ, verified)
IKE_REKEY_RECONNECTS_VERSIONS = (1,)
IKE_REKEY_OUTAGE_SECONDS = 5

# --------------------------------------------------------------------------
# Default policy (connection without ipsecPolicies) (DOC_VPN_DEVICES 2023-10-06, verified)
# Canonical names; the doc's "3DES" is REST DES3. PRF = the integrity hash
# (GH_LIBRESWAN_765, verified for SHA1; partial for SHA256).
# --------------------------------------------------------------------------
DEFAULT_IKE_DH_GROUPS = (2,)  # DH group 2 only (DOC_VPN_DEVICES, DOC_COMPLIANCE_CRYPTO, verified)
DEFAULT_IKE_OFFERS = {  # (encryption, integrity) in Azure's order of preference
    ROUTE_BASED: (
        ("AES-CBC-256", "SHA1"),
        ("AES-CBC-256", "SHA256"),
        ("AES-CBC-128", "SHA1"),
        ("AES-CBC-128", "SHA256"),
        ("3DES", "SHA1"),
        ("3DES", "SHA256"),
    ),
    POLICY_BASED: (
        ("AES-CBC-256", "SHA256"),
        ("AES-CBC-256", "SHA1"),
        ("AES-CBC-128", "SHA1"),
        ("3DES", "SHA1"),
    ),
}
# Child SA offers: (encryption, integrity or AEAD, PFS group or NO_PFS).
# Azure as initiator never sends KE (matches the 6 proposals GH_LIBRESWAN_765
# saw on the wire, verified).
_ROUTE_BASED_CHILD_INITIATOR = (
    ("AES-GCM-256", AEAD, NO_PFS),
    ("AES-CBC-256", "SHA1", NO_PFS),
    ("3DES", "SHA1", NO_PFS),
    ("AES-CBC-256", "SHA256", NO_PFS),
    ("AES-CBC-128", "SHA1", NO_PFS),
    ("3DES", "SHA256", NO_PFS),
)
# As responder Azure accepts 26 combinations, PFS on some suites only, never
# PFS 19/20 and never PFS with GCM (DOC_VPN_DEVICES table, verified).
_ROUTE_BASED_CHILD_RESPONDER = _ROUTE_BASED_CHILD_INITIATOR + (
    ("DES", "SHA1", NO_PFS),
    ("AES-CBC-256", "SHA1", 1),
    ("AES-CBC-256", "SHA1", 2),
    ("AES-CBC-256", "SHA1", 14),
    ("AES-CBC-128", "SHA1", 1),
    ("AES-CBC-128", "SHA1", 2),
    ("AES-CBC-128", "SHA1", 14),
    ("3DES", "SHA1", 1),
    ("3DES", "SHA1", 2),
    ("3DES", "SHA256", 2),
    ("AES-CBC-256", "SHA256", 1),
    ("AES-CBC-256", "SHA256", 2),
    ("AES-CBC-256", "SHA256", 14),
    ("AES-CBC-256", "SHA1", 24),
    ("AES-CBC-256", "SHA256", 24),
    ("AES-CBC-128", "SHA256", NO_PFS),
    ("AES-CBC-128", "SHA256", 1),
    ("AES-CBC-128", "SHA256", 2),
    ("AES-CBC-128", "SHA256", 14),
    ("3DES", "SHA1", 14),
)
# Policy-based: no PFS at all; it accepts what it offers (DOC_VPN_DEVICES, verified)
_POLICY_BASED_CHILD = (
    ("AES-CBC-256", "SHA256", NO_PFS),
    ("AES-CBC-256", "SHA1", NO_PFS),
    ("AES-CBC-128", "SHA1", NO_PFS),
    ("3DES", "SHA1", NO_PFS),
)
DEFAULT_CHILD_INITIATOR = {ROUTE_BASED: _ROUTE_BASED_CHILD_INITIATOR, POLICY_BASED: _POLICY_BASED_CHILD}
DEFAULT_CHILD_RESPONDER = {ROUTE_BASED: _ROUTE_BASED_CHILD_RESPONDER, POLICY_BASED: _POLICY_BASED_CHILD}
DEFAULT_CHILD_LIFETIME = {  # (seconds, kilobytes) (DOC_VPN_DEVICES, verified)
    ROUTE_BASED: (27000, 102400000),
    POLICY_BASED: (3600, 102400000),
}
# The default policy never does PFS as initiator (DOC_VPN_DEVICES, GH_LIBRESWAN_765, verified)
DEFAULT_PFS_GROUP = None

# --------------------------------------------------------------------------
# Gateway instances, BGP, NAT, authentication (issue 9)
# Sources beyond the fact reference (MicrosoftDocs/azure-docs, read 2026-11-30):
#   DOC_BGP_FAQ       includes/vpn-gateway-faq-bgp-include.md (ms.date 10/18/2023)
#   DOC_BGP_HOWTO     articles/vpn-gateway/bgp-howto.md
#   DOC_NAT_OVERVIEW  articles/vpn-gateway/nat-overview.md
#   DOC_NAT_FAQ       includes/vpn-gateway-faq-nat-include.md (ms.date 01/23/2024)
#   DOC_NAT_LIMITS    includes/vpn-gateway-nat-limitations.md
#   REST_EXAMPLES     Azure/azure-rest-api-specs VirtualNetworkGatewayGet/Put examples (bgpSettings shape)
#   DOC_GATEWAY_TRANSIT  articles/vpn-gateway/vpn-gateway-peering-gateway-transit.md (read 2026-12-07): the hub's
#                     peering allows gateway transit, the spoke's uses remote gateways; S2S connectivity of the hub's
#                     gateway "applies to all" the peered VNets
#   DOC_PEERING_STATE articles/virtual-network/virtual-network-manage-peering.md, peering status (and PSRule
#                     Azure.VNET.PeerState): Initiated until the other side's peering exists, Disconnected once one
#                     side is deleted; traffic flows only when both are Connected
#   DOC_PRIVATE_PEERING_S2S  articles/vpn-gateway/site-to-site-vpn-private-peering.md (ms.date 07/28/2023, read
#                     2026-12-05): with useLocalAzureIpAddress the on-premises device uses the gateway's private IP
#                     ("TunnelIpAddresses") as its remote IP; the engine's PEER_ADDRESS_MISMATCH follows it
#   SDK_MODELS        azure-mgmt-network 33.1.0 models (REST JSON names: useLocalAzureIpAddress,
#                     ingressNatRules/egressNatRules, natRules[].ipConfigurationId, internalMappings[].
#                     addressSpace/portRange, VpnNatRuleType Static|Dynamic, VpnNatRuleMode
#                     EgressSnat|IngressSnat, all enums case-insensitive), verified
# --------------------------------------------------------------------------
# PolicyBased gateways: Basic SKU only, IKEv1, selectors = LNG prefixes x VNet
# prefixes (review_2026_11_30 item 2, verified; DOC_MULTI_POLICYBASED, verified).
POLICY_BASED_SKUS = frozenset(["Basic"])

# Active-active: one instance per ipConfiguration, in ipConfigurations order
# (the "default" and "activeActive" configurations, DOC_NAT_FAQ "What do I choose
# as the IP configuration ID", verified); bgpPeeringAddresses[].ipconfigurationId
# names the ipConfiguration (REST_EXAMPLES, verified).
ACTIVE_ACTIVE_INSTANCES = 2
# Active-active is not for the Basic SKU, nor for a PolicyBased gateway: "You can't configure an active-active gateway
# using the Basic gateway SKU" and "The VPN must be route based. It can't be policy based." (Microsoft "About
# active-active mode VPN gateways", learn.microsoft.com/azure/vpn-gateway/about-active-active-gateways, source
# MicrosoftDocs/azure-docs articles/vpn-gateway/about-active-active-gateways.md,
# commit 1950ea0d54edeefcc439c7c9cdcf934ac6aac36e, ms.date 2024-07-22; verified). The older PowerShell how-to says
# "all SKUs except Basic or Standard" (vpn-gateway-activeactive-rm-powershell.md, commit 02affc86f41b, 2023-07-19):
# Standard is left out here, as the current page names Basic only.
ACTIVE_ACTIVE_UNSUPPORTED_SKUS = frozenset(["Basic"])
# bgpSettings.bgpPeeringAddresses[].tunnelIpAddresses: "The list of tunnel public IP addresses which belong to IP
# configuration" (REST_2024_05_01 IPConfigurationBgpPeeringAddress, read-only; verified, review s45 B), the private one
# too where the gateway has private IPs (DOC_PRIVATE_PEERING_S2S): an instance's public address when its public IP
# address resource is not in the input (an az network vnet-gateway show saved alone)
TUNNEL_IP_ADDRESSES_ARE_PUBLIC = True

# connection authenticationType -> model PeerAuth.method; absent = PSK (SDK_MODELS:
# "Known values are: PSK and Certificate", verified; the default is UNVERIFIED).
AUTHENTICATION_TYPES = {"PSK": "psk", "Certificate": "certificate"}
DEFAULT_AUTHENTICATION_TYPE = "PSK"
# With Certificate the sharedKey is not used, and "Certificate authentication provides stronger security compared to
# preshared keys" (DOC_S2S_CERT_AUTH: https://learn.microsoft.com/azure/vpn-gateway/site-to-site-certificate-
# authentication-gateway-about, read 2026-12-07): no fix moves such a connection to a pre-shared key.
CERTIFICATE_AUTHENTICATION = "Certificate"

# BGP: route-based gateways only, every SKU except Basic (DOC_BGP_FAQ, verified).
BGP_UNSUPPORTED_SKUS = frozenset(["Basic"])
# The default gateway ASN and the ASNs an on-premises speaker may not use (DOC_BGP_FAQ, verified): bgp_asn.py, shared
# with the ASA push, which may not import this adapter.
DEFAULT_GATEWAY_ASN = bgp_asn.DEFAULT_GATEWAY_ASN
AZURE_RESERVED_ASNS = bgp_asn.AZURE_RESERVED_ASNS
IANA_RESERVED_ASN_RANGES = bgp_asn.IANA_RESERVED_ASN_RANGES
ASN_MAX = 4294967295  # 32-bit ASNs are accepted (DOC_BGP_FAQ, verified)
asn_reserved = bgp_asn.asn_reserved


# Custom (APIPA) BGP addresses on the gateway must lie in 169.254.21.0 -
# 169.254.22.255 (DOC_BGP_HOWTO, verified; review_2026_11_30 item 9, partial).
AZURE_APIPA_FIRST = "169.254.21.0"
AZURE_APIPA_LAST = "169.254.22.255"
# An on-premises BGP address in 169.254.0.0/16 is APIPA; Azure then peers from the
# instance's custom APIPA addresses, otherwise from its default (GatewaySubnet)
# address (DOC_BGP_FAQ "What address does VPN Gateway use for BGP peer IP", verified).
APIPA_NETWORK = "169.254.0.0/16"
# Peering from its APIPA addresses, the gateway never opens the BGP session: "When APIPA addresses are used on Azure
# VPN gateways, the gateways do not initiate BGP peering sessions with APIPA source IP addresses. The on-premises VPN
# device must initiate BGP peering connections." (DOC_BGP_HOWTO, https://learn.microsoft.com/azure/vpn-gateway/bgp-howto,
# the IMPORTANT note of Part 1 step 2; review 2026-12-06, verified). From its default address it does open it.
APIPA_OPENS_SESSION = False
# Azure peers with an on-premises BGP address that is not on a shared subnet (a
# loopback, DOC_BGP_FAQ "requirements for the BGP peer IP addresses", verified) and
# routes to it over the tunnel by a host route it adds itself (DOC_BGP_FAQ "address
# prefixes for the local network gateway when I use BGP", verified). The TTL value
# is not documented: 255 stands for "not limited" (UNVERIFIED).
AZURE_BGP_MULTIHOP = 255
# The most prefixes a VPN gateway takes from one BGP peer; past it Azure drops the session: "Azure VPN Gateway supports
# up to 4,000 prefixes. The BGP session is dropped if the number of prefixes exceeds the limit." (Microsoft Learn, VPN
# Gateway FAQ, "How many prefixes can I advertise to Azure VPN Gateway?"; the BGP troubleshooting page: "4,000 prefixes
# per BGP peer"). verified: true (both pages' text read).
AZURE_BGP_MAX_PREFIXES = 4000

# Gateway NAT rules (SDK_MODELS VirtualNetworkGatewayNatRule, verified;
# DOC_NAT_OVERVIEW, verified): type Static | Dynamic, mode EgressSnat | IngressSnat.
# EgressSnat maps VNet prefixes (internal) to what the on-premises side sees
# (external); IngressSnat maps on-premises prefixes (internal) to what Azure sees
# (external); one rule covers both directions, no DNAT rule.
NAT_STATIC = "Static"
NAT_EGRESS = "EgressSnat"
NAT_INGRESS = "IngressSnat"
# NAT on VpnGw2 and above only (DOC_NAT_FAQ, verified: the doc lists the supported
# SKUs; this complement is partial).
NAT_UNSUPPORTED_SKUS = frozenset(["Basic", "Standard", "HighPerformance", "VpnGw1", "VpnGw1AZ"])
# NAT rules do not work with usePolicyBasedTrafficSelectors (DOC_NAT_LIMITS, verified)
NAT_WITH_POLICY_SELECTORS = False
# A rule without ipConfigurationId applies to every instance (UNVERIFIED: DOC_NAT_FAQ
# says each rule applies to one instance, chosen by that field).
