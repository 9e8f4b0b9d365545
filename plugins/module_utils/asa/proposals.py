# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IKE and Child SA proposals, PFS and Child SA lifetime of an ASA tunnel end.

Crypto map entries and ``crypto ipsec profile`` (VTI) carry the same ``set`` commands, so
the functions that read them take either record (both have ``ikev2_proposals``,
``transform_sets``, ``pfs_*`` and ``lifetime``).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import SCOPE_SHOWN
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    AEAD_CIPHERS,
    NO_PFS,
    ChildSaProposal,
    ConfigLine,
    IkeProposal,
    Lifetimes,
)


def pfs_group(holder, assumptions, unknowns):
    """The group of ``set pfs`` (None: no PFS). ``holder``: crypto map entry or ipsec profile."""
    if not holder.pfs_present:
        return None
    if holder.pfs_invalid:
        unknowns.append("pfs_group")
        return None
    if holder.pfs_group is None:
        assumptions.append("line %d %s" % (holder.pfs_line.line, _bare_pfs_note()))
        return tables.PFS_GROUP_WITHOUT_NUMBER.value
    return holder.pfs_group


# What a bare 'set pfs' is read as, said wherever the group shows up as evidence. No ASA document
# read here states the group; the one public statement found is in Cisco IOS wording, and says
# group 1 (Cisco Community, "How to configure PFS with IPsec VPN", community.cisco.com
# /t5/security-knowledge-base/how-to-configure-pfs-with-ipsec-vpn/ta-p/3130878: "The default
# (group1) is sent if the set pfs statement does not specify a group").
BARE_PFS_OTHER_SOURCE = "Cisco Community 'How to configure PFS with IPsec VPN' (IOS wording) says group1"


def _bare_pfs_note():
    default = tables.PFS_GROUP_WITHOUT_NUMBER
    return ("'set pfs' has no group: group%d is ASSUMED, an assumption (verified: %s; no Cisco ASA document read "
            "states it; %s); name the group explicitly" % (default.value, default.verified, BARE_PFS_OTHER_SOURCE))


def pfs_source(holder, fallback):
    """Evidence lines for an end's PFS: the 'set pfs' line and, when it names no group, a note
    that states the group assumed and that it is an assumption; ``fallback`` without one."""
    if holder.pfs_line is None:
        return tuple(fallback)
    lines = (holder.pfs_line,)
    if holder.pfs_present and not holder.pfs_invalid and holder.pfs_group is None:
        lines += (ConfigLine(holder.pfs_line.line, "(%s)" % _bare_pfs_note()),)
    return lines


def ike_versions(ctx, nameif, holder, protocols, name):
    """The IKE versions a crypto map entry or ipsec profile (``holder``) on interface ``nameif``
    is configured for. An unbound map or IKEv2 not enabled on the interface are findings of
    their own (CRYPTO_MAP_NOT_APPLIED, IKEV2_NOT_ENABLED), so they do not show up a second
    time as a version mismatch."""
    allowed = protocols if protocols is not None else ("ikev1", "ikev2")
    versions = []
    # IKEv1 has no code of its own for "not enabled": the version mismatch says it.
    if holder.transform_sets and nameif in ctx.config.ikev1_enabled and "ikev1" in allowed:
        versions.append(1)
    if holder.ikev2_proposals:
        if nameif is not None and nameif not in ctx.config.ikev2_enabled:
            names = ctx.ikev2_missing.setdefault(nameif, [])
            names.append(name)
            if holder.ikev2_proposals_line is not None and len(names) <= SCOPE_SHOWN:
                # the lines that use IKEv2 there, of the tunnels the finding names (IKEV2_NOT_ENABLED cites them)
                ctx.ikev2_missing_lines.setdefault(nameif, []).append(holder.ikev2_proposals_line)
        if "ikev2" in allowed:
            versions.append(2)
    return tuple(versions)


def versions_source(ctx, nameif, holder, protocols, protocols_line, versions):
    """The lines IKE_VERSION_MISMATCH cites (review 2026-12-04: "ASA allows IKE version none", with no line; s41: an
    IKEv2-only end cited nothing): per usable version, the entry's ``set ikevN`` line, the ``crypto ikevN enable`` line
    and the vpn-tunnel-protocol line that allow it; per configured version left out, the vpn-tunnel-protocol line that
    leaves it out, or a note that IKEv1 is not enabled on the interface."""
    lines = []
    enabled = {1: ctx.config.ikev1_enabled, 2: ctx.config.ikev2_enabled}
    for version in versions:
        set_line = holder.transform_sets_line if version == 1 else holder.ikev2_proposals_line
        lines += [found for found in (set_line, enabled[version].get(nameif), protocols_line) if found is not None]
        if version == 2 and nameif is not None and nameif not in enabled[2]:
            lines.append(ConfigLine(0, "(no 'crypto ikev2 enable %s': IKEV2_NOT_ENABLED)" % nameif))
    allowed = protocols if protocols is not None else ("ikev1", "ikev2")
    configured = [(1, "ikev1")] if holder.transform_sets else []
    configured += [(2, "ikev2")] if holder.ikev2_proposals else []
    for version, word in configured:
        if version in versions:
            continue
        if word not in allowed and protocols_line is not None:
            lines.append(protocols_line)
        elif word not in allowed:
            lines.append(ConfigLine(0, "(the group-policy's vpn-tunnel-protocol default leaves out %s)" % word))
        elif version == 1 and nameif is not None and nameif not in ctx.config.ikev1_enabled:
            # an unbound map (nameif None) is CRYPTO_MAP_NOT_APPLIED's to say
            lines.append(ConfigLine(0, "(no 'crypto ikev1 enable %s': IKEv1 is not enabled on the interface)" % nameif))
        elif version == 2 and nameif is not None and nameif not in ctx.config.ikev2_enabled:
            # a dynamic entry's versions leave out IKEv2 where it is not enabled (dynamic_map_end._versions); a static
            # entry keeps it and IKEV2_NOT_ENABLED says so. The entry's line says it asks for IKEv2 (review: "no IKE
            # version is configured" was said of an entry with 'set ikev2 ipsec-proposal')
            lines += [found for found in (holder.ikev2_proposals_line,) if found is not None]
            lines.append(ConfigLine(0, "(no 'crypto ikev2 enable %s': IKEv2 is not enabled on the interface)" % nameif))
    return in_config_order(lines)


def in_config_order(lines):
    """``lines`` each once, in the order of the config, the notes of lines it lacks (line 0) after them."""
    return tuple(sorted(dict.fromkeys(lines), key=lambda found: (found.line == 0, found.line)))


def proposal_version(versions, holder):
    """Which IKE version's proposals describe the tunnel: the one it can use, else the one configured."""
    if versions:
        return max(versions)
    return 1 if holder.transform_sets and not holder.ikev2_proposals else 2


def ike_proposals(config, version, deps, assumptions, unknowns, ikev1_method=None):
    """(proposals, lifetime of the first policy, [[priority, seconds], ...]). ``ikev1_method``: how the tunnel
    authenticates with IKEv1 ("psk", "certificate"); an IKEv1 policy of another ``authentication`` is left out, as
    the ASA matches a policy only when "both policies ... contain the same encryption, hash, authentication, and
    Diffie-Hellman parameter values" (ASA_CLI_GUIDE_IKE_POLICY; review 2026-12-04: an rsa-sig-only policy matched
    Azure's pre-shared key)."""
    policies = config.ikev2_policies if version == 2 else config.ikev1_policies
    kind = "ikev%d-policy" % version
    proposals, lifetimes = [], []
    # where no IKEv1 policy is of the tunnel's method, its policies are kept with their own method (IkeProposal
    # auth_method): the engine reports the methods that differ (AUTH_MISMATCH) citing them, not "no IKE proposal"
    # (review I, defect 5)
    none_match = version == 1 and ikev1_method is not None and not any(
        _ikev1_method(policy) == ikev1_method for policy in policies.values())
    for priority in sorted(policies):
        policy = policies[priority]
        deps.add((kind, str(priority), None))
        if not none_match and version == 1 and ikev1_method is not None and _ikev1_method(policy) != ikev1_method:
            assumptions.append("ikev1 policy %d authenticates with %s (line %d): not offered to or taken from a peer "
                               "that authenticates with %s" % (priority, policy.authentication, policy.lines[0].line,
                                                               _METHOD_WORDS.get(ikev1_method, ikev1_method)))
            continue
        values = _ikev2_values(policy) if version == 2 else _ikev1_values(policy, assumptions)
        if not values["encryption"] or not values["dh"]:
            unknowns.append("ike_proposals")
        proposals.extend(
            split_aead(
                "ikev%d policy %d" % (version, priority),
                values["encryption"],
                values["integrity"],
                lambda label, enc, integ, values=values, policy=policy: IkeProposal(
                    label, enc, integ, values["prf"] or integ, values["dh"], tuple(policy.lines),
                    values["lifetime"], _ikev1_method(policy) if none_match else None
                ),
            )
        )
        lifetimes.append([priority, values["lifetime"]])
    if not lifetimes:
        unknowns.append("ike_lifetime")
        return proposals, Lifetimes(seconds=None), lifetimes
    if len({seconds for _priority, seconds in lifetimes}) == 1:
        # one lifetime whichever policy negotiates: the end's ike_lifetime says it (facts stay as they were)
        for proposal in proposals:
            proposal.lifetime_seconds = None
    elif any(seconds is None for _priority, seconds in lifetimes):
        # 'lifetime none' (no limit) next to policies with one: a proposal's None means "the end's lifetime", so
        # which one negotiates cannot be said in the model; nothing is timed on the IKE lifetime (review 2026-12-04:
        # a fix to a policy that does not negotiate was shown)
        for proposal in proposals:
            proposal.lifetime_seconds = None
        return proposals, Lifetimes(seconds=None), lifetimes
    first = policies[sorted(policies)[0]]
    lifetime_lines = tuple(line for line in first.lines if line.text.split()[0] == "lifetime")
    return proposals, Lifetimes(seconds=lifetimes[0][1], source=lifetime_lines), lifetimes


def child_proposals(config, version, holder, pfs, unknowns, made=None):
    """ESP proposals of the ipsec-proposals (IKEv2) or transform-sets (IKEv1) ``holder`` names,
    each with the PFS group ``pfs`` (None: no PFS) as its rekey key exchange. ``made``: a dict kept
    for one config, where what each named proposal splits into is remembered (tunnels name the same
    few; issue 12): each tunnel still gets proposals of its own."""
    dh = (pfs,) if pfs is not None else (NO_PFS,)
    pfs_lines = (holder.pfs_line,) if holder.pfs_line is not None else ()
    proposals = []
    names = holder.ikev2_proposals if version == 2 else holder.transform_sets
    made = {} if made is None else made
    for proposal_name in names:
        parts = made.get((version, proposal_name))
        if parts is None:
            parts = made[(version, proposal_name)] = _child_parts(config, version, proposal_name)
        if parts is False:
            unknowns.append("child_proposals")
            continue
        lines, built = parts
        source = lines + pfs_lines
        proposals.extend(ChildSaProposal(label, enc, integ, dh, source, ignored) for label, enc, integ, ignored in built)
    return proposals


def _child_parts(config, version, proposal_name):
    """(the proposal's lines, [(label, encryption, integrity, ignored integrity), ...]) of one named
    ipsec-proposal or transform-set, as ``split_aead`` splits it; False when it is not defined or
    names no encryption."""
    if version == 2:
        proposal, kind = config.ipsec_proposals.get(proposal_name), "ipsec-proposal"
        encryption_table, integrity_table = tables.ESP_ENCRYPTION, tables.ESP_INTEGRITY
    else:
        proposal, kind = config.transform_sets.get(proposal_name), "transform-set"
        encryption_table, integrity_table = tables.TRANSFORM_ENCRYPTION, tables.TRANSFORM_INTEGRITY
    if proposal is None or not proposal.encryption:
        return False
    encryption = tuple(encryption_table[k] for k in proposal.encryption)
    integrity = tuple(v for v in (integrity_table[k] for k in proposal.integrity) if v is not None)
    # 'protocol esp integrity sha-256' next to AES-GCM/GMAC only: kept visible for the engine
    # (AEAD_WITH_INTEGRITY), ignored when matching.
    ignored = integrity if integrity and all(e in AEAD_CIPHERS for e in encryption) else ()
    built = split_aead("%s %s" % (kind, proposal_name), encryption, integrity,
                       lambda label, enc, integ: (label, enc, integ, ignored))
    return tuple(proposal.lines), built


def child_lifetime(config, own, own_label, deps):
    """Own value (crypto map entry or ipsec profile, named ``own_label``), else global, else
    the ASA default; which one is recorded per unit."""
    overall = config.global_lifetime
    lines, origin = [], {}
    if own.seconds is not None:
        seconds, origin["seconds"] = own.seconds, own_label
        lines.append(own.seconds_line)
    elif overall.seconds is not None:
        seconds, origin["seconds"] = overall.seconds, "global"
        lines.append(overall.seconds_line)
    else:
        seconds, origin["seconds"] = tables.IPSEC_SA_LIFETIME_SECONDS.value, "default"
    if own.kilobytes is not None or own.kilobytes_unlimited:
        kilobytes, origin["kilobytes"] = own.kilobytes, own_label
        lines.append(own.kilobytes_line)
    elif overall.kilobytes is not None or overall.kilobytes_unlimited:
        kilobytes, origin["kilobytes"] = overall.kilobytes, "global"
        lines.append(overall.kilobytes_line)
    else:
        kilobytes, origin["kilobytes"] = tables.IPSEC_SA_LIFETIME_KILOBYTES.value, "default"
    if "global" in origin.values():
        deps.add(("ipsec-global", "", None))
    return Lifetimes(seconds=seconds, kilobytes=kilobytes, source=tuple(lines)), origin


def new_policy_priority(used):
    """The priority for an IKE policy we add: after every existing one, so that each tunnel's peer is offered
    what it was before, in the same order, and the new policy only where nothing else matched (a lower number
    put it ahead of stronger policies for every tunnel of the ASA). When the range's top is taken
    (tables.POLICY_PRIORITY_RANGE), the highest free one: after as many of them as can be. The one rule for the
    report's IKE fixes (asa/remediation.py free_priority, NewPolicyNumbers) and align_to intent's policy
    (push_intent.ike_block); a policy placed elsewhere (intent's ike.priority), or meant to set a lifetime, is proven
    to be the one its peer negotiates and to change no other tunnel's negotiation (proof_others.NewPolicyProof)."""
    low, high = tables.POLICY_PRIORITY_RANGE
    top = max(used, default=low - 1)
    if top < high:
        return top + 1
    priority = high
    while priority in used and priority > low:
        priority -= 1
    return priority


_POLICY_LABEL = re.compile(r"^ikev2 policy (\d+)\b")


def policy_priority(proposal):
    """The priority of the ``crypto ikev2 policy`` an IKE proposal of an ASA end is (its label, ike_proposals), or None
    (an IKEv1 policy, a proposal a fix adds after every policy)."""
    match = _POLICY_LABEL.match(str(getattr(proposal, "label", "") or ""))
    return int(match.group(1)) if match else None


def policy_suite(lines):
    """What a ``crypto ikev2 policy`` block's sub-commands say, as a comparable value: {keyword: frozenset(values)},
    the lifetime as the ASA takes it (no line: tables.IKEV2_POLICY_LIFETIME_SECONDS). The one test of "the same
    policy" for push_intent.ike_block (two orders of one list are one policy)."""
    out = {}
    for line in lines:
        words = str(line).split()
        if not words:
            continue
        if words[0] == "lifetime":
            out["lifetime"] = frozenset(words[1:][-1:])
            continue
        out[words[0]] = frozenset(words[1:])
    out.setdefault("lifetime", frozenset([str(tables.IKEV2_POLICY_LIFETIME_SECONDS.value)]))
    return out


def split_aead(label, encryption, integrity, build):
    """One proposal, or two when AEAD and non-AEAD ciphers share a policy (AEAD takes no integrity)."""
    aead = tuple(e for e in encryption if e in AEAD_CIPHERS)
    classic = tuple(e for e in encryption if e not in AEAD_CIPHERS)
    if aead and classic:
        return [build(label, classic, tuple(integrity)), build(label + " (AEAD)", aead, ())]
    if aead:
        return [build(label, aead, ())]
    return [build(label, classic, tuple(integrity))]


def _ikev2_values(policy):
    integrity = tuple(v for v in (tables.IKEV2_INTEGRITY[k] for k in policy.integrity) if v is not None)
    prf = tuple(tables.IKEV2_PRF[k] for k in policy.prf)
    if not prf:
        # Default PRF is sha whatever the integrity (ASA_CLI_GUIDE_IKE_POLICY, verified)
        prf = (tables.IKEV2_PRF[tables.IKEV2_PRF_DEFAULT.value],)
    if policy.lifetime_set:
        lifetime = policy.lifetime_seconds
    else:
        lifetime = tables.IKEV2_POLICY_LIFETIME_SECONDS.value
    return {
        "encryption": tuple(tables.IKEV2_ENCRYPTION[k] for k in policy.encryption),
        "integrity": integrity,
        "prf": prf,
        "dh": tuple(policy.groups),
        "lifetime": lifetime,
    }


_METHOD_WORDS = {"psk": "a pre-shared key", "certificate": "a certificate"}


def _ikev1_method(policy):
    """The authentication method an IKEv1 policy matches (its ``authentication``, else the default)."""
    keyword = policy.authentication or tables.IKEV1_POLICY_DEFAULTS.value["authentication"]
    return tables.IKEV1_AUTHENTICATION.get(keyword, keyword)


def _ikev1_values(policy, assumptions):
    defaults = tables.IKEV1_POLICY_DEFAULTS.value
    missing = [
        k
        for k, v in (
            ("encryption", policy.encryption),
            ("hash", policy.integrity),
            ("group", policy.groups),
            ("lifetime", policy.lifetime_set),
        )
        if not v
    ]
    if missing:
        assumptions.append(
            "ikev1 policy %d has no %s line: assumed %s (verified: %s, %s)"
            % (policy.priority, "/".join(missing), ", ".join("%s %s" % (k, defaults[k]) for k in missing),
               tables.IKEV1_POLICY_DEFAULTS.verified, tables.IKEV1_POLICY_DEFAULTS.src)
        )
    encryption = policy.encryption or [defaults["encryption"]]
    hashes = policy.integrity or [defaults["hash"]]
    integrity = tuple(tables.IKEV1_HASH[k] for k in hashes)
    return {
        "encryption": tuple(tables.IKEV1_ENCRYPTION[k] for k in encryption),
        "integrity": integrity,
        "prf": integrity,  # IKEv1 derives keys with the negotiated hash
        "dh": tuple(policy.groups or [defaults["group"]]),
        "lifetime": policy.lifetime_seconds if policy.lifetime_set else defaults["lifetime"],
    }
