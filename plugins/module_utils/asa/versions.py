# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What depends on the ASA software release, from a sourced table.

Every row cites an item of shared/reference/azure_asa_ipsec_facts.yaml and its
``verified`` flag; the finding evidence repeats both so a reader can judge it.

  VTI_MIN_RELEASE   a VTI needs 9.8(1) or later (IKEv1 only: 9.7(1))  -> ASA_VERSION_UNSUPPORTED error
  REMOVED           crypto a release no longer accepts      -> dropped from the end's proposals
                                                               (what the device really offers)
                                                               + ASA_VERSION_UNSUPPORTED warning
An unknown or unreadable release gives no version finding at all.
"""

import dataclasses
import re
from collections import namedtuple

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

Row = namedtuple("Row", "release item verified note ike_only")
Row.__new__.__defaults__ = (False,)

# facts: asa.vti (min_version "9.8(1)", src CISCO_VTI_AZURE_214109, verified: true);
# also asa_version_for_routebased and rule R8.
VTI_MIN_RELEASE = Row(
    (9, 8, 1, 0),
    "asa.vti.min_version (CISCO_VTI_AZURE_214109)",
    "true",
    "static VTI with IKEv2 (routed mode, single context)",
)

# An IKEv1-only VTI is older: "ASA 9.8.1 extended IPsec VTI to IKEv2" (asa.vti, verified: true)
# and the ASA 9.7 VPN CLI guide has the VTI chapter with "VTI supports IKEv1"
# (https://www.cisco.com/c/en/us/td/docs/security/asa/asa97/configuration/vpn/asa-97-vpn-config/vpn-vti.html);
# that 9.7(1) is the first 9.7 release with it is inferred, hence verified: partial.
VTI_IKEV1_MIN_RELEASE = Row(
    (9, 7, 1, 0),
    "asa.vti (CISCO_VTI_AZURE_214109) + ASA 9.7 VPN CLI guide, Virtual Tunnel Interface",
    "partial",
    "static VTI with IKEv1 (ipsec profile with an ikev1 transform-set only)",
)

# facts: asa.weak_crypto_removal. The 9.16 list (SAKURA_ASA_916) is verified: true; the
# first release that removed each item (9.13 deprecation, 9.15 on FTD 6.7, 9.16) is
# verified: false, so every item is dated by the one verified source: 9.16(1). DH group 1
# and group 5 appear in no verified 9.16 list and are left alone (verified: false).
_REMOVAL_916 = (9, 16, 1, 0)
_REMOVAL_ITEM = "asa.weak_crypto_removal (SAKURA_ASA_916)"
_REMOVAL_NOTE = (
    "the 9.16 removal list is verified: true; the first release that removed each item is verified: false "
    "(it may be earlier: 9.15 per FMC_WEAK_CIPHERS_67, verified: partial); the upgrade replaces or deletes "
    "such lines"
)
REMOVED = {
    # kind -> canonical value -> Row
    "dh": {
        2: Row(_REMOVAL_916, _REMOVAL_ITEM, "true", _REMOVAL_NOTE),
        24: Row(_REMOVAL_916, _REMOVAL_ITEM, "true", _REMOVAL_NOTE),
    },
    "encryption": dict(
        {
            name: Row(_REMOVAL_916, _REMOVAL_ITEM, "true", _REMOVAL_NOTE)
            for name in ("DES", "3DES", "AES-GMAC-128", "AES-GMAC-192", "AES-GMAC-256")
        },
        # NULL: in IKEv2 policies only; "still allowed in IPsec proposals" (FMC_WEAK_CIPHERS_67,
        # verified: partial), and the 9.16 list names ESP-DES/ESP-3DES but not ESP-NULL.
        NULL=Row(_REMOVAL_916, _REMOVAL_ITEM, "true", _REMOVAL_NOTE + "; NULL only in IKE policies", True),
    ),
    "integrity": {"MD5": Row(_REMOVAL_916, _REMOVAL_ITEM, "true", _REMOVAL_NOTE)},
}

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\((\d+)\)(\d+)?)?")


def parse_version(text):
    """``"9.18(3)56"`` -> ``(9, 18, 3, 56)``; ``"9.8(1)"`` -> ``(9, 8, 1, 0)``; None if unreadable."""
    if not text:
        return None
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    return tuple(int(part) if part else 0 for part in match.groups())


def release_text(release):
    return "%d.%d(%d)%s" % (release[0], release[1], release[2], release[3] or "")


def check_versions(ctx, ends):
    """Apply the table to ``ends`` in place (proposals lose what the release removed) and add
    ASA_VERSION_UNSUPPORTED findings to ``ctx``."""
    release = parse_version(ctx.config.version)
    # an unknown release (a pasted fragment without its "ASA Version" line) may be one that removed them: a fix
    # must work on any (review 2026-12-04: group 24 came back as a proven fix without the line)
    refused_groups, refused_algorithms = refused_crypto(release if release is not None else _ANY_RELEASE)
    for end in ends:
        end.refused_dh_groups, end.refused_algorithms = refused_groups, refused_algorithms
        end.ikev1_refused_algorithms = tables.IKEV1_REFUSED_ALGORITHMS
        end.ike_proposals_kept = True  # a fix adds a crypto ikev2/ikev1 policy (remediation._ike_proposal)
    if release is None:
        return
    if release < COMMANDS_84:
        for end in ends:
            end.ref["release_before_8_4"] = release_text(release)  # asa/remediation.py writes no fix for it
    for end in ends:
        if end.ref.get("kind") != "vti":
            continue
        ikev1_only = end.ref.get("transform_sets") and not end.ref.get("ipsec_proposals")
        row = VTI_IKEV1_MIN_RELEASE if ikev1_only else VTI_MIN_RELEASE
        if release < row.release:
            _vti_too_old(ctx, end, release, row)
    _removed_crypto(ctx, ends, release)


_ANY_RELEASE = (99, 0, 0, 0)  # later than every row of REMOVED
# 8.4 renamed the IKEv1 commands when it added IKEv2 ("crypto isakmp" -> "crypto ikev1", "crypto ipsec transform-set"
# -> "crypto ipsec ikev1 transform-set", "set transform-set" -> "set ikev1 transform-set"; Cisco "Swift Migration of
# IKEv1 to IKEv2 L2L Tunnel Configuration on ASA 8.4 Code", document 113597; the parser reads both spellings). The
# fixes are written in the 8.4+ commands, which an older release refuses.
COMMANDS_84 = (8, 4, 0, 0)


def refused_crypto(release):
    """(DH groups, algorithm names) the REMOVED table says ``release`` no longer takes, for the ends' model:
    a fix must not move an ASA there (Microsoft's ASA sample uses group 24, which 9.16 refuses). NULL, removed
    from IKE policies only, is left to the baseline's weak list."""
    groups = tuple(sorted(g for g, row in REMOVED["dh"].items() if release >= row.release))
    names = tuple(sorted(name for kind in ("encryption", "integrity") for name, row in REMOVED[kind].items()
                         if release >= row.release and not row.ike_only))
    return groups, names


def _evidence(ctx, release, row, lines, **extra):
    evidence = {
        "host": ctx.host,
        "version": ctx.config.version,
        "release": release_text(release),
        "source": row.item,
        "verified": row.verified,
        "note": row.note,
        "lines": [line if isinstance(line, dict) else line.to_dict() for line in lines if line is not None],
    }
    evidence.update(extra)
    return {"asa": evidence}


def _vti_too_old(ctx, end, release, row):
    interface = end.ref.get("interface")
    lines = [ctx.config.version_line, end.ref.get("interface_line")]
    ctx.add(
        "ASA_VERSION_UNSUPPORTED",
        ERROR,
        "ASA %s cannot run virtual tunnel interface %s: a %s needs ASA %s or later, so the ASA builds no "
        "route-based tunnel." % (ctx.config.version, interface, row.note.split(" (")[0], release_text(row.release)),
        _evidence(ctx, release, row, lines, interface=interface, needs=release_text(row.release)),
        ["! Upgrade the ASA to %s or later, or use a crypto map entry with policy-based selectors "
         "(Azure: usePolicyBasedTrafficSelectors)" % release_text(row.release)],
        [end.name],
    )


# -- removed crypto -----------------------------------------------------------------------
_KEYWORD_TABLES = {
    "encryption": (
        tables.IKEV2_ENCRYPTION,
        tables.ESP_ENCRYPTION,
        tables.IKEV1_ENCRYPTION,
        tables.TRANSFORM_ENCRYPTION,
    ),
    "integrity": (tables.IKEV2_INTEGRITY, tables.ESP_INTEGRITY, tables.IKEV1_HASH, tables.TRANSFORM_INTEGRITY),
}


_LINE_KEYWORDS = {"encryption": {"encryption"}, "integrity": {"integrity", "hash", "prf"}}


def _removed(kind, value, release, ike):
    row = REMOVED[kind].get(value)
    if row is None or release < row.release or (row.ike_only and not ike):
        return None
    return row


_NAMED = 10  # tunnels named in an ASA_VERSION_UNSUPPORTED summary


def _removed_crypto(ctx, ends, release):
    # (line, kind, value) -> (row, {end name: None}, dropped); lines and names in first-seen order
    hits = {}
    for end in ends:
        _filter_end(end, release, hits)
    for (line, kind, value), (row, names, dropped) in hits.items():
        names = list(names)
        # the line's own word: a "prf md5" line was said to list "integrity MD5" (review 2026-12-05)
        word = (line.text.split() or [kind])[0]
        what = "DH group %d" % value if kind == "dh" else "%s %s" % (word if word in ("prf", "hash") else kind, value)
        # the first names only: the summary is in every tunnel's entry of the report (a hub's shared IKE policy
        # names thousands), the scope has them all
        named = first_of(names, _NAMED)
        if dropped:
            outcome = "it was left out of what the ASA offers for %s" % named
        else:
            # A removed PFS group: whether the upgrade deleted the line (no PFS) or replaced it
            # is not known, so the end keeps it and the warning says so.
            outcome = "the upgrade replaced or deleted it, so PFS for %s may differ from the config" % named
        ctx.add(
            "ASA_VERSION_UNSUPPORTED",
            WARNING,
            "Line %d lists %s, which ASA %s no longer supports (removed by %s); %s."
            % (line.line, what, ctx.config.version, release_text(row.release), outcome),
            _evidence(ctx, release, row, [ctx.config.version_line, line], removed={"kind": kind, "value": value}),
            ["! Replace %s on line %d with an algorithm the release supports" % (what, line.line)],
            names,
        )


# every value the table lists, of any kind: a proposal none of whose values is here loses nothing and notes
# nothing (_filter_proposal's answer is the proposal itself), which four C checks tell (issue 12: the
# same few proposals, 8,692 times at 100k lines)
_ANY_REMOVED = frozenset(value for rows in REMOVED.values() for value in rows)


def _filter_end(end, release, hits):
    _filter_holder(end, end, ("ike_proposals", "ike_proposals_responder", "child_proposals",
                              "child_proposals_responder"), release, hits)
    if end.other_version is not None:
        # the other IKE version's proposals, which the end negotiates with a peer of that version (model.for_version;
        # review 2026-12-04: a dual-version entry on 9.16 kept IKEv1 group 2 there)
        _filter_holder(end, end.other_version, ("ike_proposals", "child_proposals"), release, hits)


def _filter_holder(end, holder, fields, release, hits):
    """``holder``'s proposal lists (``fields``) without what the release removed; ``end`` names the tunnel."""
    changed = {}
    untouched = _ANY_REMOVED.isdisjoint
    for field in fields:
        proposals = getattr(holder, field)
        if proposals is None:
            continue
        kept = []
        for proposal in proposals:
            if (untouched(proposal.encryption) and untouched(proposal.integrity) and untouched(proposal.dh_groups)
                    and untouched(getattr(proposal, "prf", ()))):
                kept.append(proposal)
                continue
            filtered = _filter_proposal(end, proposal, release, hits)
            if filtered is not None:
                kept.append(filtered)
        changed[field] = kept
    for field, kept in changed.items():
        setattr(holder, field, kept)


def _filter_proposal(end, proposal, release, hits):
    """The proposal without the removed values (None when nothing usable is left)."""
    updates = {}
    ike = hasattr(proposal, "prf")  # IkeProposal; ChildSaProposal has no PRF
    fields = [("encryption", "encryption"), ("integrity", "integrity"), ("dh_groups", "dh")]
    if ike:
        fields.append(("prf", "integrity"))
    for field, kind in fields:
        values = getattr(proposal, field)
        if REMOVED[kind].keys().isdisjoint(values):
            continue  # no value the table lists: nothing removed (one C pass per field, issue 12)
        gone = [v for v in values if _removed(kind, v, release, ike)]
        if not gone:
            continue
        keep_pfs = field == "dh_groups" and not ike  # a Child SA's PFS group
        for value in gone:
            _note(hits, end, proposal.source, kind, value, _removed(kind, value, release, ike), not keep_pfs)
        if not keep_pfs:
            updates[field] = tuple(v for v in values if v not in gone)
    if not updates:
        return proposal
    result = dataclasses.replace(proposal, **updates)
    if not result.encryption or not result.dh_groups:
        return None
    if "integrity" in updates and proposal.integrity and not result.integrity:
        return None  # a non-AEAD proposal with no integrity left
    if "prf" in updates and proposal.prf and not result.prf:
        return None
    return result


def _note(hits, end, source, kind, value, row, dropped):
    for line in _lines_naming(source, kind, value):
        # the names as a dict (ordered, each once): a shared IKE policy names every tunnel, and a test of the
        # list per tunnel was tunnels squared (issue 12)
        entry = hits.setdefault((line, kind, value), (row, {}, dropped))
        entry[1][end.name] = None


def _lines_naming(source, kind, value):
    """The lines of ``source`` that spell ``value`` (a canonical name or DH group)."""
    found = []
    for line in source:
        words = line.text.split()
        if kind == "dh":
            spelled = {"%d" % value, "group%d" % value}
            # "group 2 14" (IKE policy) or "set pfs group2" (crypto map entry / ipsec profile)
            if words and words[0] in ("group", "set", "crypto") and spelled.intersection(words):
                found.append(line)
            continue
        # only the words after the keyword that sets this kind ("integrity null" is not encryption NULL)
        if not _LINE_KEYWORDS[kind].intersection(words) and "transform-set" not in words:
            continue
        for table in _KEYWORD_TABLES[kind]:
            if any(table.get(word) == value for word in words):
                found.append(line)
                break
    return found
