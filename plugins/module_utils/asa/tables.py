# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every ASA keyword mapping, default and range in one place.

Each entry names its source: a key of ``sources:`` in
shared/reference/azure_asa_ipsec_facts.yaml, and how well that source
supports it (verified: true | partial | false). Entries marked
``verified: false`` are general knowledge, not read in a source: the adapter
records in ``TunnelEnd.ref["assumptions"]`` whenever it relies on one.

Canonical names are the model's (see model.py docstring). ``None`` as a
mapped integrity value means "no integrity transform" (ASA ``null``, used with
AEAD ciphers).
"""

from collections import namedtuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    MODE_BOTH,
    MODE_INITIATOR_ONLY,
    MODE_RESPONDER_ONLY,
)

# A default the adapter applies when a command is absent.
Default = namedtuple("Default", "value src verified note")


def _reverse(table):
    """canonical -> first ASA keyword that maps to it (for remediation)."""
    out = {}
    for keyword, canonical in table.items():
        if canonical is not None and canonical not in out:
            out[canonical] = keyword
    return out


# ---------------------------------------------------------------------------
# IKEv2 policy: crypto ikev2 policy <prio> / encryption|integrity|prf|group
# ---------------------------------------------------------------------------
# src: ASA_CLI_GUIDE_IKE_POLICY + NETASCODE_FMC_IKEV2_PROPOSAL (verified: partial;
# "aes" = AES-128 from DOC_ASA_SAMPLE usage; "null" encryption was allowed in
# IKEv2 policies before 9.15 per FMC_WEAK_CIPHERS_67, verified: partial)
IKEV2_ENCRYPTION = {
    "des": "DES",
    "3des": "3DES",
    "aes": "AES-CBC-128",
    "aes-192": "AES-CBC-192",
    "aes-256": "AES-CBC-256",
    "aes-gcm": "AES-GCM-128",
    "aes-gcm-192": "AES-GCM-192",
    "aes-gcm-256": "AES-GCM-256",
    "null": "NULL",
}
# src: ASA_CLI_GUIDE_IKE_POLICY (verified: partial; "sha" = SHA-1, "null" only with AES-GCM)
IKEV2_INTEGRITY = {
    "md5": "MD5",
    "sha": "SHA1",
    "sha256": "SHA256",
    "sha384": "SHA384",
    "sha512": "SHA512",
    "null": None,
}
# src: ASA_CLI_GUIDE_IKE_POLICY (verified: true)
IKEV2_PRF = {
    "md5": "MD5",
    "sha": "SHA1",
    "sha256": "SHA256",
    "sha384": "SHA384",
    "sha512": "SHA512",
}
# DH groups accepted by "group N" (IKEv2 policy) and "set pfs groupN".
# src: asa.ikev2_policy.keywords.group (verified: false; availability depends on release)
DH_GROUPS = frozenset([1, 2, 5, 14, 15, 16, 19, 20, 21, 24, 31])

IKEV2_ENCRYPTION_KEYWORD = _reverse(IKEV2_ENCRYPTION)
IKEV2_INTEGRITY_KEYWORD = _reverse(IKEV2_INTEGRITY)
IKEV2_PRF_KEYWORD = _reverse(IKEV2_PRF)

# ---------------------------------------------------------------------------
# IKEv2 IPsec proposal: crypto ipsec ikev2 ipsec-proposal <name>
# ---------------------------------------------------------------------------
# src: NETASCODE_FMC_IKEV2_PROPOSAL + DOC_ASA_SAMPLE (verified: partial)
ESP_ENCRYPTION = {
    "des": "DES",
    "3des": "3DES",
    "aes": "AES-CBC-128",
    "aes-192": "AES-CBC-192",
    "aes-256": "AES-CBC-256",
    "aes-gcm": "AES-GCM-128",
    "aes-gcm-192": "AES-GCM-192",
    "aes-gcm-256": "AES-GCM-256",
    "aes-gmac": "AES-GMAC-128",
    "aes-gmac-192": "AES-GMAC-192",
    "aes-gmac-256": "AES-GMAC-256",
    "null": "NULL",
}
# src: NETASCODE_FMC_IKEV2_PROPOSAL + DOC_ASA_SAMPLE (verified: partial; "sha-1" spelling verified in sample)
ESP_INTEGRITY = {
    "md5": "MD5",
    "sha-1": "SHA1",
    "sha-256": "SHA256",
    "sha-384": "SHA384",
    "sha-512": "SHA512",
    "null": None,
}
ESP_ENCRYPTION_KEYWORD = _reverse(ESP_ENCRYPTION)
ESP_INTEGRITY_KEYWORD = _reverse(ESP_INTEGRITY)

# ---------------------------------------------------------------------------
# IKEv1: crypto ikev1 policy <prio> / crypto ipsec ikev1 transform-set
# ---------------------------------------------------------------------------
# src: AZ_SAMPLES_ASA_IKEV1 (verified: true for aes-256/sha/group 2/pre-share; the
# other keywords verified: false, general ASA knowledge)
IKEV1_ENCRYPTION = {
    "des": "DES",
    "3des": "3DES",
    "aes": "AES-CBC-128",
    "aes-192": "AES-CBC-192",
    "aes-256": "AES-CBC-256",
}
IKEV1_HASH = {"md5": "MD5", "sha": "SHA1"}
IKEV1_AUTHENTICATION = {"pre-share": "psk", "rsa-sig": "certificate", "crack": "crack"}
# src: AZ_SAMPLES_ASA_IKEV1 (verified: true for esp-aes-256 and esp-sha-hmac; others verified: false)
TRANSFORM_ENCRYPTION = {
    "esp-des": "DES",
    "esp-3des": "3DES",
    "esp-aes": "AES-CBC-128",
    "esp-aes-192": "AES-CBC-192",
    "esp-aes-256": "AES-CBC-256",
    "esp-null": "NULL",
}
# SHA-2 has no IKEv1 keyword on the ASA: Cisco's FMC data model of an IKEv1 IPsec proposal offers the ESP hashes
# SHA, MD5 and NONE only (netascode.cisco.com, data_models/fmc/objects/ikev1_ipsec_proposal), and Cisco's
# "Deciding which hash algorithms to use" (docs.defenseorchestrator.com) says the SHA-2 options "are available for
# IKEv2 configurations". The reference yaml's item on esp-sha256-hmac is verified: false; we emitted it in fixes
# that a paste would fail on (review 2026-12-04). `esp-sha-256-hmac` is how `show crypto ipsec sa` names an IKEv2
# SA's integrity, not a transform-set keyword.
TRANSFORM_INTEGRITY = {
    "esp-md5-hmac": "MD5",
    "esp-sha-hmac": "SHA1",
    "esp-none": None,
}
IKEV1_ENCRYPTION_KEYWORD = _reverse(IKEV1_ENCRYPTION)
IKEV1_HASH_KEYWORD = _reverse(IKEV1_HASH)
# What the ASA takes with IKEv2 but has no IKEv1 keyword for (SHA-2, AES-GCM/GMAC): an end that negotiates IKEv1
# cannot be moved there (TunnelEnd.ikev1_refused_algorithms).
IKEV1_REFUSED_ALGORITHMS = tuple(sorted(
    {v for table in (IKEV2_ENCRYPTION, IKEV2_INTEGRITY, IKEV2_PRF, ESP_ENCRYPTION, ESP_INTEGRITY)
     for v in table.values() if v}
    - {v for table in (IKEV1_ENCRYPTION, IKEV1_HASH, TRANSFORM_ENCRYPTION, TRANSFORM_INTEGRITY) for v in table.values()}))

# ---------------------------------------------------------------------------
# Defaults
# ---------------------------------------------------------------------------
IPSEC_SA_LIFETIME_SECONDS = Default(28800, "ASA_CLI_GUIDE_SA_LIFETIME", "true", "global IPsec SA lifetime")
IPSEC_SA_LIFETIME_KILOBYTES = Default(4608000, "ASA_CLI_GUIDE_SA_LIFETIME", "true", "global IPsec SA data lifetime")
IKEV2_POLICY_LIFETIME_SECONDS = Default(
    86400,
    "ASA_CLI_GUIDE_IKE_POLICY",
    "partial",
    "IKEv2 policy lifetime when no 'lifetime' line (corroborated by DOC_ASA_SAMPLE)",
)
# Many engineers expect the PRF to follow the integrity algorithm; the CLI guide
# says the default PRF is sha (SHA-1) whatever the integrity, so that is used.
IKEV2_PRF_DEFAULT = Default("sha", "ASA_CLI_GUIDE_IKE_POLICY", "true", "IKEv2 PRF when no 'prf' line")
PFS_GROUP_WITHOUT_NUMBER = Default(
    2,
    "asa.crypto_map.set_pfs_without_group",
    "false",
    "'set pfs' without a group is assumed to mean group2 (not read in a source; releases without group 2: unknown)",
)
# src: none in the reference yaml (verified: partial). The ASA command reference text
# "The default value is 1380 bytes" was read only in a secondary copy:
# https://community.cisco.com/t5/networking-documents/telnet-session-to-fwsm-module-disconnects-due-to-mtu-size-issues/ta-p/3107751
TCP_MSS_DEFAULT = Default(
    1380,
    "ASA command reference, secondary copy (not in reference yaml)",
    "partial",
    "'sysopt connection tcpmss' default",
)
# With 'sysopt connection tcpmss 0' the ASA clamps nothing ("0 disables" in the command's reference, as
# TCP_MSS_DEFAULT's source), so hosts send the MSS of their own link: its MTU less 40 bytes of IPv4 and TCP
# headers (RFC 9293 section 3.7.1), 1460 on Ethernet's 1500 bytes, the commonest case. An assumption, stated.
UNCLAMPED_TCP_MSS = Default(
    1460,
    "RFC 9293 section 3.7.1 (MSS = MTU - 40 for IPv4), Ethernet MTU 1500",
    "partial",
    "hosts' MSS when 'sysopt connection tcpmss 0' turns clamping off",
)
# src: asa.dpd.l2l_default (verified: false). Corroborated only by a personal blog, not a Cisco text, so still false:
# DefaultL2LGroup carries "isakmp keepalive threshold 10 retry 2" by default
# (https://blog.williampeters.com/dead-peer-detection-dpd-on-asa, read 2026-12-07).
DPD_THRESHOLD_DEFAULT = Default(10, "asa.dpd", "false", "isakmp keepalive threshold for L2L tunnel-groups")
DPD_RETRY_DEFAULT = Default(2, "asa.dpd", "false", "isakmp keepalive retry for L2L tunnel-groups")
# How many unanswered retries before the ASA declares the peer dead: assumed 5
# (IOS-family IKEv2 retransmit count, general knowledge). Not confirmed, and contradicted for IKEv1 DPD by the blog
# above ("a maximum of three retransmissions", count not configurable); no source on the ASA's IKEv2 count was found,
# so the value is kept and every use of it says it is unverified (peer._DPD_TIMEOUT_NOTE, remediation._dpd_timeout).
# Timeout formula used:
#   timeout_seconds = threshold + retry * DPD_RETRIES_BEFORE_DEAD
DPD_RETRIES_BEFORE_DEAD = Default(
    5, "none (general knowledge)", "false", "DPD retries before the peer is declared dead"
)
# DfltGrpPolicy's vpn-tunnel-protocol when the config does not set it.
# src: asa.misc_commands shows the command (DOC_ASA_SAMPLE); the default list itself verified: false
DFLT_GRP_POLICY = "DfltGrpPolicy"
DEFAULT_TUNNEL_PROTOCOLS = Default(
    ("ikev1", "ikev2", "l2tp-ipsec"), "DOC_ASA_SAMPLE", "false", "DfltGrpPolicy vpn-tunnel-protocol default"
)
# Pre-8.4 spelling "IPSec" in vpn-tunnel-protocol meant IKEv1 (verified: false)
TUNNEL_PROTOCOL_ALIASES = {"ipsec": "ikev1", "ikev1": "ikev1", "ikev2": "ikev2"}
# The words 'vpn-tunnel-protocol' takes, lower-cased: ASA 8.4 and later "ikev1 | ikev2 | l2tp-ipsec | ssl-client |
# ssl-clientless", before 8.4 "IPSec | l2tp-ipsec | svc | webvpn" (Cisco ASA command reference T-Z, "vpn-tunnel-protocol";
# verified: false). Any other word makes the ASA refuse the line.
TUNNEL_PROTOCOL_WORDS = frozenset(("ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless", "ipsec", "svc", "webvpn"))
# IKEv1 policy values when a line is absent. That an absent parameter takes its default: Cisco ASA 5500 ASDM
# configuration guide, ch. 68 "Creating IKE Policies" ("If you do not specify a value for a specific parameter, the
# default value takes effect"; copy at https://manualsdump.com/en/manuals/cisco_systems-asa_5505-asa_5545-x-asa_5540-
# asa_5550-asa_5525-x-asa_5515-x-asa_5510-asa_5520-asa_5512-x-asa_5555-x/121341/1473). The values: only exam
# material for ASA 8.4 and later (pre-shared key, 3DES, 1024-bit group 2 and 86400 s are defaults, MD5 is not, so
# SHA-1: https://exampost.net/which-of-the-following-are-not-default-values-in-an-ike-policy-on-an-asa-running-
# software-version-8-4-or-higher-select-2-choices/, read 2026-12-07); no Cisco table of them read: partial.
IKEV1_POLICY_DEFAULTS = Default(
    {"authentication": "pre-share", "encryption": "3des", "hash": "sha", "group": 2, "lifetime": 86400},
    "exam material (exampost.net) for ASA 8.4+, no Cisco default table read",
    "partial",
    "IKEv1 policy defaults",
)
# The tunnel-group an L2L peer falls back to when none is named after it (verified: false)
DEFAULT_L2L_GROUP = "DefaultL2LGroup"
# The ASA's built-in tunnel-groups: "You can modify these default tunnel groups, but you cannot delete them" (Cisco
# Security Appliance CLI Configuration Guide OL-6721-01, ch. 25 "Tunnel Groups"; the SSL/IKEv2 one from the ASA 5500
# CLI guide ch. 67, "a default connection profile for SSL/IKEv2 VPN"). The running config may print them without a
# ``type`` line (verified: false).
DEFAULT_TUNNEL_GROUPS = (DEFAULT_L2L_GROUP, "DefaultRAGroup", "DefaultWEBVPNGroup")

# ---------------------------------------------------------------------------
# Ranges (inclusive); a value outside is INVALID_VALUE
# ---------------------------------------------------------------------------
# src: asa.ikev2_policy.priority_range (ASA_CLI_GUIDE_IKE_POLICY, verified: true)
POLICY_PRIORITY_RANGE = (1, 65535)
# "IKEv1 and IKEv2 each support a maximum of 20 IKE policies" (reference yaml asa.ikev2_policy.max_policies,
# ASA_CLI_GUIDE_IKE_POLICY, verified): a fix never adds a 21st
MAX_IKE_POLICIES = 20
# src: asa.ikev2_policy.keywords.lifetime (verified: partial, range from memory)
IKE_LIFETIME_RANGE = (120, 2147483647)
# src: not in the reference yaml; a copy of the ASA CLI guide (flylib.com, verified: partial)
SA_LIFETIME_SECONDS_RANGE = (120, 2147483647)
SA_LIFETIME_KILOBYTES_RANGE = (10, 2147483647)
# crypto map sequence numbers (verified: false)
CRYPTO_MAP_SEQ_RANGE = (1, 65535)
# src: asa.dpd.command (verified: false)
DPD_THRESHOLD_RANGE = (10, 3600)
DPD_RETRY_RANGE = (2, 10)
# tcpmss: 0 disables, else 48.. (ASA command reference, not in the yaml; verified: false)
TCP_MSS_RANGE = (48, 65535)

# ---------------------------------------------------------------------------
# Access lists
# ---------------------------------------------------------------------------
# IANA protocol numbers for ACL protocol names (verified: true by definition, IANA)
ACL_PROTOCOLS = {
    "ip": 0,
    "icmp": 1,
    "igmp": 2,
    "ipinip": 4,
    "tcp": 6,
    "udp": 17,
    "gre": 47,
    "esp": 50,
    "ah": 51,
    "icmp6": 58,
    "eigrp": 88,
    "ospf": 89,
    "pim": 103,
    "sctp": 132,
}
ACL_PORT_OPERATORS = {"eq": 1, "neq": 1, "lt": 1, "gt": 1, "range": 2}

# connection-type keyword -> model mode name (verified: false, general knowledge)
CONNECTION_TYPES = {
    "bidirectional": MODE_BOTH,
    "answer-only": MODE_RESPONDER_ONLY,
    "originate-only": MODE_INITIATOR_ONLY,
}

# ---------------------------------------------------------------------------
# Routing: static routes, prefix-lists, route-maps, BGP
# ---------------------------------------------------------------------------
# "route <nameif> <net> <mask> <gw> [distance]": the distance (shown as metric) defaults to 1: "The default is 1 if you
# do not specify a value" (Cisco ASA 5500 ASDM configuration guide, ch. 25 "Configuring Static and Default Routes",
# copy at https://manualsdump.com/en/manuals/cisco_systems-asa_5505-asa_5545-x-asa_5540-asa_5550-asa_5525-x-asa_5515-
# x-asa_5510-asa_5520-asa_5512-x-asa_5555-x/121341/562, read 2026-12-07; verified: partial, a copy). The range
# 1-255 is from memory (ASA command reference, "route"; verified: false). The shape is
# asa.vti.config_skeleton in the reference yaml (CISCO_VTI_AZURE_214109, verified: partial) and
# the yinghli/azure-vpn-asa README ("route vti 10.10.1.0 255.255.255.0 10.10.1.254 1").
ROUTE_METRIC_DEFAULT = Default(1, "Cisco ASA 5500 ASDM configuration guide, ch. 25 (copy)", "partial",
                               "static route distance")
ROUTE_METRIC_RANGE = (1, 255)
# "route ... [distance] track <number>": the SLA monitor's track object, 1-500 (ASA command reference, "route" and
# "track rtr"; verified: false, from memory).
ROUTE_TRACK_RANGE = (1, 500)
# "prefix-list NAME [seq N] permit|deny A/len [ge x] [le y]": without "seq" the next number is
# the last one + 5 (IOS-family prefix-list behaviour, shared by the ASA; verified: false).
PREFIX_LIST_SEQ_STEP = Default(5, "none (general knowledge, IOS prefix-list)", "false", "prefix-list seq increment")
PREFIX_LIST_SEQ_RANGE = (1, 4294967294)
# "route-map NAME [permit|deny] [seq]": permit and 10 when omitted (IOS-family; verified: false).
ROUTE_MAP_DEFAULT_SEQ = Default(10, "none (general knowledge, IOS route-map)", "false", "route-map sequence")
ROUTE_MAP_SEQ_RANGE = (0, 65535)
# BGP ASNs, asplain or asdot "X.Y" (RFC 6793 4-byte ASNs; ASA 9.6+ accepts both, verified: partial).
BGP_ASN_RANGE = (1, 4294967295)
# "neighbor X ebgp-multihop" without a TTL means 255 (ASA command reference 'neighbor
# ebgp-multihop', as on IOS; verified: false).
BGP_EBGP_MULTIHOP_DEFAULT = Default(255, "ASA command reference 'neighbor ebgp-multihop'", "false",
                                    "eBGP multihop TTL when none is given")
BGP_EBGP_MULTIHOP_RANGE = (1, 255)
