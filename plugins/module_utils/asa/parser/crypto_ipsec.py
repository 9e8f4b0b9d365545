# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``crypto ipsec ...``: IKEv2 IPsec proposals, IKEv1 transform-sets, the global SA lifetime and
``crypto ipsec profile`` (what a VTI uses instead of a crypto map entry); and the ``set``
sub-commands a crypto map entry and an IPsec profile share.

An IPsec profile as the ASA prints it (reference yaml asa.vti.config_skeleton, verified: partial;
the yinghli/azure-vpn-asa README). ``responder-only`` is the ASA 9.8+ profile command that makes
the VTI wait for the peer (ASA command reference, verified: false):

    crypto ipsec profile PROFILE1
     set ikev2 ipsec-proposal SET1
     set pfs group14
     set security-association lifetime seconds 27000
     set security-association lifetime kilobytes 102400000
     responder-only
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import IpsecProfile, IpsecProposal, TransformSet
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.core import _Block
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING

# Global "crypto ipsec|ikev2|isakmp|ikev1 <setting>" commands that change how every tunnel runs and are read but not
# modelled: each line is named (UNSUPPORTED_CONSTRUCT, information), never passed over silently. Keywords of the ASA
# command reference ("crypto ipsec df-bit", "crypto ipsec fragmentation", "crypto ipsec security-association replay",
# "crypto ikev2 limit", "crypto ikev2 cookie-challenge", "crypto ikev2 fragmentation", "crypto isakmp identity";
# verified: false) and the reference yaml (asa.replay_window, verified: false; Microsoft's ASA sample sets
# "crypto isakmp identity address", verified: true). Key: (version word or "ipsec", first word(s) of the setting).
GLOBAL_SETTINGS_NOT_MODELLED = {
    ("ipsec", "security-association replay"): (
        "a window too small for the reordering on the path drops packets (syslog 402119)"),
    ("ipsec", "df-bit"): "whether packets too large for the path once encrypted are dropped or fragmented is not "
                         "checked",
    ("ipsec", "fragmentation"): "where packets are fragmented around encryption is not checked",
    ("ikev2", "limit"): "the limit is not compared with the tunnels this ASA serves; past it, new IKE SAs are refused",
    ("ikev2", "cookie-challenge"): "the cookie exchange under load (RFC 7296 section 2.6) is not checked",
    ("ikev2", "fragmentation"): "IKEv2 message fragmentation is not checked",
    ("isakmp", "identity"): "the IKE identity this ASA sends is not checked against what the peer expects "
                            "(Microsoft's ASA sample sets 'crypto isakmp identity address')",
    # seen in public ASA configs beside IKEv2 tunnels; its rule (the ASA refuses a Child SA whose encryption is
    # stronger than the IKE SA's) is from the ASA command reference as remembered, no source read (verified: false)
    ("ipsec", "ikev2 sa-strength-enforcement"): (
        "with it the ASA refuses a Child SA whose encryption is stronger than its IKE SA's (AES-256 under an AES-128 "
        "IKE SA); the negotiated pair is not compared with it"),
}
# Global settings that need no word for a site-to-site tunnel: they serve remote access clients, or keep state no
# negotiation with the peer depends on (ASA command reference keywords, verified: false). Any other global crypto
# setting is named as one this check does not know (nothing is passed over silently).
SETTINGS_WITHOUT_EFFECT = frozenset([
    ("ipsec", "security-association pmtu-aging"),  # how long a learned path MTU is kept
    # a route lookup per packet for traffic through the tunnels rather than per flow (the seed case's config has it)
    ("ipsec", "inner-routing-lookup"),
    ("ikev2", "remote-access"), ("ikev2", "redirect"),  # remote access: client trustpoints, load-balancing redirects
    ("isakmp", "ipsec-over-tcp"),  # remote access clients over TCP
    ("ikev2", "notify"),  # notifies the ASA sends to the peer (invalid-selectors): it accepts no less for them
    # IKEv1 NAT traversal on (its keepalive interval), which is the default; `no crypto isakmp nat-traversal` is named
    ("isakmp", "nat-traversal"),
    # IKEv1 aggressive mode off: Azure's IKE phase 1 is Main Mode (reference facts, DOC_REQUIREMENTS, verified: true)
    ("isakmp", "am-disable"),
])
# `no crypto ...`: a default turned off. The one with a known consequence says it; the others are named alike.
_DEFAULTS_TURNED_OFF = {
    ("isakmp", "nat-traversal"): (
        "NAT traversal is off for IKEv1: through a NAT between this ASA and Azure, an IKEv1 tunnel does not come up "
        "(RFC 3947); whether there is such a NAT is not checked"),
}


# `no crypto ...` forms that are the ASA's own default, which `show running-config all` prints on every ASA: they say
# what the check already assumes, so they are read as that default, not named as "a default turned off" (a note per
# line of every such file). Defaults: aggressive mode accepted (ASA command reference, "crypto ikev1 am-disable":
# "The default value is enabled", verified: true); IPsec over TCP off (ASA VPN configuration guide, "IPsec over TCP",
# verified: false); SA strength enforcement off and reload-wait off (ASA command reference, verified: false).
DEFAULTS_AS_PRINTED = frozenset([
    ("isakmp", "am-disable"), ("isakmp", "ipsec-over-tcp"), ("isakmp", "reload-wait"),
    ("ipsec", "ikev2 sa-strength-enforcement"),
])
# First words of a setting whose second word says which one (``crypto ipsec ikev2 sa-strength-enforcement``): the
# finding names both, not a bare "no crypto ipsec ikev2"
_GROUP_WORDS = frozenset(("ikev1", "ikev2", "security-association"))


def no_crypto(p, words, line, indent):
    """``no crypto <setting>`` as show running-config prints a default turned off: named, never passed over; the
    forms in DEFAULTS_AS_PRINTED are the default and read as it."""
    if words[2] in ("map", "dynamic-map") and len(words) > 3:
        _no_map_setting(p, words, line)
        return p.ignored(indent)
    if len(words) > 3:
        version = "isakmp" if words[2] == "ikev1" else words[2]
        if _setting_key(DEFAULTS_AS_PRINTED, version, words[3:]) is not None:
            return p.ignored(indent)
        why = _DEFAULTS_TURNED_OFF.get((version, words[3]),
                                       "a default turned off that this check does not model, so what it changes is "
                                       "not checked")
        _named(p, line, " ".join(words[:5] if words[3] in _GROUP_WORDS else words[:4]), why)
    return p.ignored(indent)


def _no_map_setting(p, words, line):
    """``no crypto map M N set <x>`` (``crypto dynamic-map`` alike): the entry's setting removed, which leaves the
    ASA's default for it (NAT-T on and no reverse route are the defaults, so it is not "a default turned off"; review
    A, 2026-12). The entry is read as not setting it; the whole construct is named, as information."""
    kind = "crypto " + words[2]
    # the words of the line as it is kept, its key masked (lines.redact): the words given may hold the key of a
    # 'no crypto map M N set ikev2 pre-shared-key <key>', which reached the finding in clear
    words = line.text.split()
    construct = "'no %s'" % " ".join(words[1:])
    context = {"kind": "crypto-map" if words[2] == "map" else "dynamic-map", "name": words[3]}
    if len(words) > 4 and words[4].isdigit():
        context["seq"] = int(words[4])
    if words[5:6] == ["set"] and len(words) > 6:
        if _undo_map_setting(p, words, context) is False:
            why = ("it removes 'set %s' from %s %s %s, which is not applied here: the entry's own lines are read as "
                   "they are" % (" ".join(words[6:]), kind, words[3], words[4]))
        else:
            why = ("it removes 'set %s' from %s %s %s, which leaves the ASA's default for that setting; the entry is "
                   "read as not setting it" % (" ".join(words[6:]), kind, words[3], words[4]))
    else:
        why = "it removes part of %s %s, which is read as not set" % (kind, words[3])
    p.unsupported([line], INFO, construct, why, context, ["! Check %s by hand." % construct])


def _undo_map_setting(p, words, context):
    """Undo on the entry, if it is read already, what ``no crypto map M N set <setting>`` removes, as the CLI applies
    lines in order (review s512: a 'set pfs group14' removed later was still judged against Azure). The settings of
    one value each (PFS, a lifetime unit, NAT-T off, the connection type); False for a modelled list (peers,
    proposals), which is not undone (the message then says so); None otherwise (a setting not modelled is not read)."""
    maps = p.config.crypto_maps if words[2] == "map" else p.config.dynamic_maps
    found = maps.get(words[3])
    entry = found.entries.get(context["seq"]) if found is not None and "seq" in context else None
    setting = words[6:]
    if setting[:1] == ["pfs"]:
        if entry is not None:
            entry.pfs_present, entry.pfs_group, entry.pfs_invalid, entry.pfs_line = False, None, False, None
    elif setting[:2] == ["security-association", "lifetime"]:
        if entry is not None:
            unit = setting[2:3]
            if unit != ["kilobytes"]:
                entry.lifetime.seconds, entry.lifetime.seconds_line = None, None
            if unit != ["seconds"]:
                entry.lifetime.kilobytes, entry.lifetime.kilobytes_unlimited = None, False
                entry.lifetime.kilobytes_line = None
    elif setting[:1] == ["nat-t-disable"]:
        if entry is not None:
            entry.nat_t_disable = False
    elif setting[:1] == ["connection-type"]:
        if entry is not None:
            entry.connection_type, entry.connection_type_line = None, None
    elif setting[:1] in (["peer"], ["transform-set"]) or setting[:2] in (["ikev2", "ipsec-proposal"],
                                                                         ["ikev1", "transform-set"]):
        return False  # lists, of which the line may remove one name: not undone
    return None


def _named(p, line, construct, why):
    """A global crypto line read but not modelled, as information that names it."""
    p.unsupported([line], INFO, construct, why, {"kind": "crypto-global", "name": construct},
                  ["! Check '%s' by hand." % construct])


def _setting_key(table, version, words):
    """The key of ``table`` (a dict or set keyed (version, words)) the setting ``words`` is under: its first two
    words, or its first; None when neither."""
    for key in ((version, " ".join(words[:2])), (version, words[0])):
        if key in table:
            return key
    return None


# Values that need no word: the sample's own setting, and the default that sends the address with a pre-shared key.
_IDENTITY_AS_SAMPLE = ("address", "auto")


def global_setting(p, version, words, line):
    """Name a global crypto setting (``words`` from the setting's first word on): with its reason from
    GLOBAL_SETTINGS_NOT_MODELLED, as one not known when no table has it; SETTINGS_WITHOUT_EFFECT stay quiet."""
    if version == "ikev1":
        version = "isakmp"  # the 8.4+ spelling of the same global commands
    if words[0] == "identity" and words[1:2] and words[1] in _IDENTITY_AS_SAMPLE:
        return
    known = _setting_key(GLOBAL_SETTINGS_NOT_MODELLED, version, words)
    if known is not None:
        why = GLOBAL_SETTINGS_NOT_MODELLED[known]
    elif _setting_key(SETTINGS_WITHOUT_EFFECT, version, words) is not None:
        return
    else:
        why = "it is no global crypto setting this check knows, so what it changes is not checked"
    _named(p, line, " ".join(["crypto", line.text.split()[1]] + words[:2]), why)


def crypto_ipsec(p, words, line, indent):
    if words[2] == "ikev2" and len(words) > 4 and words[3] == "ipsec-proposal":
        proposal = p.config.ipsec_proposals.setdefault(words[4], IpsecProposal(words[4]))
        proposal.lines.append(line)
        return _Block(
            proposal,
            indent,
            sub_ipsec_proposal,
            ("protocol",),
            context={"kind": "ipsec-proposal", "name": proposal.name},
        )
    if words[2] == "profile" and len(words) > 3:
        profile = p.config.ipsec_profiles.get(words[3])
        if profile is None:
            profile = p.config.ipsec_profiles[words[3]] = IpsecProfile(words[3])
        profile.lines.append(line)
        return _Block(
            profile,
            indent,
            sub_ipsec_profile,
            ("set", "responder-only"),
            context={"kind": "ipsec-profile", "name": profile.name},
        )
    if words[2] == "ikev1" and len(words) > 4 and words[3] == "transform-set":
        _transform_set(p, words[4], words[5:], line)
    elif words[2] == "transform-set" and len(words) > 3:  # pre-8.4 spelling
        _transform_set(p, words[3], words[4:], line)
    elif words[2] == "security-association" and len(words) > 4 and words[3] == "lifetime":
        lifetime(p, p.config.global_lifetime, words[4:], line, {"kind": "ipsec-global", "name": ""})
    elif len(words) > 2:
        global_setting(p, "ipsec", words[2:], line)
    return p.ignored(indent)


def sub_ipsec_proposal(p, block, words, line):
    if len(words) < 4 or words[:2] != ["protocol", "esp"] or words[2] not in ("encryption", "integrity"):
        # running-config prints no other line here: one cut in two or pasted into the block (its setting may be
        # read short)
        p.invalid(line, line.text, "a sub-command of crypto ipsec ikev2 ipsec-proposal (protocol esp encryption or "
                  "protocol esp integrity, with its values)", block.context)
        return
    proposal = block.item
    proposal.lines.append(line)
    if words[2] == "encryption":
        proposal.encryption = p.keywords(words[3:], tables.ESP_ENCRYPTION, line, "an ESP encryption keyword",
                                         block.context)
    else:
        proposal.integrity = p.keywords(words[3:], tables.ESP_INTEGRITY, line, "an ESP integrity keyword",
                                        block.context)


# IPsec profile settings not read that bear on what the Child SA negotiates: a warning, so the verdict is not a clean
# pass (review s39 D4: 'set ikev2 mode transport' was information). An IKEv2 initiator asking for transport mode with
# USE_TRANSPORT_MODE gets a tunnel-mode SA from a peer that does not agree, and may delete it (RFC 7296 s1.3.1); whether
# the ASA takes the line in a profile is not verified (verified: false; crypto_maps._IKE_SET_WORDS does not take it in
# a crypto map entry, where it is INVALID_VALUE).
PROFILE_SETTINGS_NEGOTIATED = {
    "ikev2 mode": "it may ask for another IPsec mode than the tunnel mode Azure's site-to-site tunnels run, so the "
                  "Child SA may be refused or deleted (RFC 7296 section 1.3.1)",
}


def sub_ipsec_profile(p, block, words, line):
    profile, context = block.item, block.context
    if words[0] == "responder-only":
        profile.responder_only, profile.responder_only_line = True, line
        profile.lines.append(line)
    elif words[0] == "set" and len(words) > 1:
        profile.lines.append(line)
        if not set_common(p, profile, words[1:], line, context):
            # tunnel mode is what Azure runs: nothing to warn of
            negotiated = PROFILE_SETTINGS_NEGOTIATED.get(" ".join(words[1:3])) if words[3:4] != ["tunnel"] else None
            p.unsupported(
                [line], WARNING if negotiated else INFO, "the IPsec profile setting %r" % " ".join(words[:3]),
                "only ikev2 ipsec-proposal, ikev1 transform-set, pfs and security-association lifetime are read" + (
                    ", and %s" % negotiated if negotiated else ""),
                context, ["! Check line %d of crypto ipsec profile %s by hand." % (line.line, profile.name)],
            )
    else:
        # running-config prints no other line here (Cisco ASA command reference, "crypto ipsec profile": responder-only
        # and set ...; verified: false): a line cut in two or pasted into the block, whose setting may be read short
        p.invalid(line, line.text, "a sub-command of crypto ipsec profile (set ... or responder-only)", context)


_PROPOSAL_SETTINGS = frozenset((("ikev2", "ipsec-proposal"), ("ikev1", "transform-set")))


def set_common(p, record, words, line, context):
    """``set ...`` (without ``set``) shared by crypto map entries and IPsec profiles, applied to
    ``record`` (both have the same fields). False when ``words`` is none of these forms."""
    head = words[0]
    second = words[1] if len(words) > 1 else None
    names_at = 2 if head in ("ikev1", "ikev2") else 1
    if len(words) == names_at and ((head, second) in _PROPOSAL_SETTINGS or head == "transform-set"):
        # no name after it: a line cut short, which the ASA refuses (Cisco ASA command reference, "crypto map set
        # ikev2 ipsec-proposal" and "set ikev1 transform-set" take one or more names; verified: false). Read as one
        # setting none, it wiped the entry's proposals and failed the tunnel as "IKE version none"
        p.invalid(line, line.text, "'set %s' followed by one or more names" % " ".join(words), context)
        return True
    if head == "ikev2" and second == "ipsec-proposal":
        record.ikev2_proposals, record.ikev2_proposals_line = words[2:], line
        for proposal in words[2:]:
            p.refer_unless(p.config.ipsec_proposals, "ipsec-proposal", proposal, line, context)
    elif (head == "ikev1" and second == "transform-set") or head == "transform-set":
        names = words[2:] if head == "ikev1" else words[1:]
        record.transform_sets, record.transform_sets_line = names, line
        for transform in names:
            p.refer("transform-set", transform, line, context)
    elif head == "pfs":
        record.pfs_present, record.pfs_line, record.pfs_group, record.pfs_invalid = True, line, None, False
        if len(words) > 2:
            # 'set pfs' takes one group (Cisco ASA command reference, "crypto map set pfs": set pfs [group<N>];
            # verified: false): a second word is refused with the line, so which group the ASA holds is not known
            # (it was read as the first group and judged against the peer)
            p.invalid(line, " ".join(words[1:]), "one PFS group (set pfs group<N>)", context)
            record.pfs_invalid = True
        elif len(words) > 1:
            record.pfs_group = pfs_group(p, words[1], line, context)
            record.pfs_invalid = record.pfs_group is None
    elif head == "security-association" and second == "lifetime":
        lifetime(p, record.lifetime, words[2:], line, context)
    else:
        return False
    return True


def pfs_group(p, token, line, context):
    number = as_int(token[5:]) if token.startswith("group") else None
    if number not in tables.DH_GROUPS:
        expected = "a PFS group (one of: %s)" % ", ".join("group%d" % g for g in sorted(tables.DH_GROUPS))
        p.invalid(line, token, expected, context)
        return None
    return number


def _transform_set(p, name, tokens, line):
    transform = p.config.transform_sets.setdefault(name, TransformSet(name))
    transform.lines.append(line)
    context = {"kind": "transform-set", "name": name}
    if tokens[:1] == ["mode"]:
        # Tunnel mode is the ASA's default; transport mode is set for L2TP/IPsec clients (Cisco ASA CLI configuration
        # guide, "L2TP over IPsec", "IPsec Transport and Tunnel Modes"; a third-party copy:
        # https://www.manualslib.com/manual/1377311/Cisco-Firepower-Asa-5500-Series.html?page=534, verified: false).
        # Whether a site-to-site entry sharing the set then offers it to the peer is not modelled: named.
        if tokens[1:2] == ["transport"]:
            p.unsupported(
                [line], INFO, "transport mode on transform-set %s (%s)" % (name, line.text),
                "the IPsec encapsulation mode is not checked; Azure uses tunnel mode", context,
                ["! Check that no crypto map entry to Azure uses transform-set %s, or give Azure's entries a "
                 "transform-set in tunnel mode." % name],
            )
        return
    transform.encryption, transform.integrity = [], []
    for token in tokens:
        if token in tables.TRANSFORM_ENCRYPTION:
            transform.encryption.append(token)
        elif token in tables.TRANSFORM_INTEGRITY:
            transform.integrity.append(token)
        else:
            known = sorted(tables.TRANSFORM_ENCRYPTION) + sorted(tables.TRANSFORM_INTEGRITY)
            p.invalid(line, token, "a transform-set keyword (one of: %s)" % ", ".join(known), context)


# what a lifetime unit takes (Cisco ASA command reference, "crypto ipsec security-association lifetime"; ranges: tables)
_LIFETIME_UNITS = {
    "seconds": "'seconds N', N a lifetime in seconds (%d-%d)" % tables.SA_LIFETIME_SECONDS_RANGE,
    "kilobytes": "'kilobytes N', N a lifetime in kilobytes (%d-%d), or 'kilobytes unlimited'"
                 % tables.SA_LIFETIME_KILOBYTES_RANGE,
}


def lifetime(p, record, words, line, context):
    """``seconds N`` and/or ``kilobytes N|unlimited`` (in any order) into ``record`` (SaLifetime). A unit with no
    number after it (a line cut short) is named as such and leaves what ``record`` held for it (it was named as ''
    and erased it)."""
    position = 0
    while position < len(words):
        unit = words[position]
        value = words[position + 1] if position + 1 < len(words) else None
        position += 2
        if unit in _LIFETIME_UNITS and value is None:
            p.invalid(line, unit, _LIFETIME_UNITS[unit], context)
        elif unit == "seconds":
            record.seconds = p.number(value, tables.SA_LIFETIME_SECONDS_RANGE, line, "a lifetime in seconds", context)
            record.seconds_line = line
        elif unit == "kilobytes" and value == "unlimited":
            record.kilobytes, record.kilobytes_unlimited, record.kilobytes_line = None, True, line
        elif unit == "kilobytes":
            record.kilobytes = p.number(
                value, tables.SA_LIFETIME_KILOBYTES_RANGE, line, "a lifetime in kilobytes or 'unlimited'", context
            )
            record.kilobytes_unlimited, record.kilobytes_line = False, line
        else:
            p.invalid(line, unit, "'seconds' or 'kilobytes'", context)
            return


TOP_LEVEL = {("crypto", "ipsec"): crypto_ipsec, ("no", "crypto"): no_crypto}
