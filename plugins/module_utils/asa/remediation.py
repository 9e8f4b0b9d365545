# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fix intents (see fixes.py) -> ASA CLI lines for one crypto map entry or VTI.

``asa_remediation(end, intents)`` uses ``end.ref`` as the ASA adapter fills it
(crypto_map, seq, acl, interface, tunnel_group, group_policy, ...; a VTI end has
kind "vti", interface "Tunnel1", nameif and ipsec_profile, and its per-tunnel
IPsec settings go to ``crypto ipsec profile``). Block
commands are followed by their sub-commands indented by one space, as the ASA
prints them. Anything the ASA cannot express, or that a person must supply (a
pre-shared key is never rendered), is a line starting with "! ". Never raises.

Names this module invents are deterministic, so running it twice gives the
same commands: ``VPNALIGN-<ENC>[-<INTEG>]`` for ipsec-proposals and
transform-sets, ``VPNALIGN-<map>-<seq>-LOCAL|REMOTE`` for NAT object-groups,
``VPNALIGN-<map>-<seq>`` for a crypto ACL the entry lacks; a name the device
holds with other content is followed by ``-2``, ``-3``... (invented_names.py).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import (
    ikev1_auth,
    invented_names,
    remediation_routed,
    remediation_selectors,
    tables,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.invented_names import PROPOSAL, TRANSFORM_SET
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.peer_move import moved_ref
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.proposals import new_policy_priority
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import shown_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import renderers

PREFIX = invented_names.PREFIX
_NEW_POLICY = re.compile(r"^crypto (ikev[12]) policy (\d+)$")


class NewPolicyNumbers(object):
    """One ASA's new IKE policies across the tunnels of a run: each distinct policy gets a number of its own, the same
    policy the same number (a fix that edits one of the device's own policies, ``ref`` ikev1/ikev2_policies, is left as
    it is). Each fix is rendered on its own from the device's policies (free_priority), so two tunnels
    needing different suites were both handed the first free number: "the priority number uniquely identifies the
    policy" (Cisco ASA CLI configuration guide, Configuring ISAKMP), and pasting the second overwrote the first's
    (review 2026-12-04: the first tunnel failed again). Numbers only go up from the one rendered, which is after every
    policy of the device."""

    def __init__(self, ref):
        self.by_content = {}  # (version, the policy's lines) -> its number
        self.existing = {"ikev2": set(ref.get("ikev2_policies") or ()), "ikev1": set(ref.get("ikev1_policies") or ())}
        self.taken = {version: set(numbers) for version, numbers in self.existing.items()}  # the device's, and given

    def renumber(self, lines):
        out, index = list(lines), 0
        while index < len(out):
            match = _NEW_POLICY.match(out[index]) if isinstance(out[index], str) else None
            if match is None:
                index += 1
                continue
            end = index + 1
            while end < len(out) and isinstance(out[end], str) and out[end].startswith(" "):
                end += 1
            version, key = match.group(1), (match.group(1), tuple(out[index + 1:end]))
            if int(match.group(2)) in self.existing[version]:
                index = end  # an edit of the device's own policy
                continue
            number = self.by_content.get(key)
            if number is None:
                taken = self.taken.setdefault(version, set())
                number = int(match.group(2))
                while number in taken:
                    number += 1
                if number > tables.POLICY_PRIORITY_RANGE[1]:
                    number = int(match.group(2))  # no higher one is free: as rendered (the range's top, said there)
                taken.add(number)
                self.by_content[key] = number
            out[index] = "crypto %s policy %d" % (version, number)
            index = end
        return out

    def renumber_tunnel(self, entry):
        """The ASA lines of a report tunnel entry: each finding's fix and the tunnel's own plans."""
        for finding in entry.get("findings") or ():
            fixes = finding.get("remediation") or {}
            if isinstance(fixes.get("asa"), list):
                fixes["asa"] = self.renumber(fixes["asa"])
        for key in ("remediation", "remediation_both"):
            fixes = entry.get(key) or {}
            if isinstance(fixes.get("asa"), list):
                fixes["asa"] = self.renumber(fixes["asa"])


def asa_remediation(end, intents):
    """CLI lines (and "! " notes) carrying out ``intents`` on the ASA entry ``end`` describes."""
    entry = _Entry(end)
    lines = []
    older = entry.ref.get("release_before_8_4")
    if older and intents:
        # review 2026-12-04: 8.4+ commands "proven" for an 8.3 config, which the ASA refuses
        return ["! ASA %s takes the commands of releases before 8.4 (crypto isakmp, crypto ipsec transform-set, "
                "set transform-set), which these fixes are not written in: carry them out by hand" % older]
    items = [item for item in intents or () if isinstance(item, dict)]
    moved = [item.get("address") for item in items if item.get("kind") == "peer_address" and item.get("address")]
    if moved:
        # the tunnel-group of the peer the fix moves to authenticates the tunnel then: fixes of its authentication or
        # DPD go there, after the peer's lines that may create it (not to the old peer's group)
        entry.moved_to = moved[0]
        if new_peer_auth(end, moved[0]) is not None:
            # only 'set peer' is written: the tunnel then has that group's group-policy (asa/peer_move)
            entry.ref = dict(entry.ref, **moved_ref(end, moved[0]))
        items.sort(key=lambda item: item.get("kind") != "peer_address")
    for item in items:
        render = _RENDERERS.get(item.get("kind"))
        if render is None:
            lines.append("! no ASA rendering for fix %r; change the other end or apply it by hand" % item.get("kind"))
            continue
        try:
            lines.extend(render(entry, item))
        except (KeyError, TypeError, ValueError) as exc:
            lines.append("! could not render fix %r (%s)" % (item.get("kind"), exc))
    return shown_lines(lines)  # a value with a newline in it never becomes a line to paste


class _Entry(object):
    """What the renderers need from ``end.ref``, with the defaults when a key is absent."""

    def __init__(self, end):
        ref = end.ref or {}
        self.end = end
        self.map = ref.get("crypto_map") or end.name.rsplit(" ", 1)[0]
        self.seq = ref.get("seq") if ref.get("seq") is not None else end.name.rsplit(" ", 1)[-1]
        self.ref = ref
        self.vti = ref.get("kind") == "vti"
        # Names this module invents: VPNALIGN-<map>-<seq>, or VPNALIGN-<TunnelN> for a VTI.
        self.tag = (ref.get("interface") or end.name.split(" ", 1)[0]) if self.vti else "%s-%s" % (self.map, self.seq)
        self.profile = ref.get("ipsec_profile") or "<ipsec-profile>"
        self.used_ikev2 = set(ref.get("ikev2_policies") or ())
        self.used_ikev1 = set(ref.get("ikev1_policies") or ())
        self.moved_to = None  # the peer address a fix of the same rendering sets (asa_remediation)

    @property
    def prefix(self):
        # a dynamic crypto map entry's settings are "crypto dynamic-map <name> <seq> set ..." (Cisco ASA command
        # reference, "crypto dynamic-map set pfs / set ikev2 ipsec-proposal / set security-association lifetime";
        # ASA_VPN_GUIDE_92_DYNAMIC_MAPS, asa/dynamic_map_end.py)
        kind = "crypto dynamic-map" if self.ref.get("kind") == "dynamic_map" else "crypto map"
        return "%s %s %s" % (kind, self.map, self.seq)

    @property
    def prefixes(self):
        """The crypto map entries of this tunnel: the one, or every entry of the map to this peer whose crypto
        settings agree (crypto_map_end: one tunnel, so a PFS, proposal or lifetime fix goes to each)."""
        entries = self.ref.get("entries") or ()
        if len(entries) > 1:
            return ["crypto map %s %s" % (self.map, e["seq"]) for e in entries]
        return [self.prefix]

    def set(self, *subcommands):
        """Per-tunnel IPsec settings: crypto map entry lines (each entry of the tunnel), or the VTI's ipsec profile
        block."""
        if self.vti:
            return ["crypto ipsec profile %s" % self.profile] + [" " + sub for sub in subcommands]
        return ["%s %s" % (prefix, sub) for prefix in self.prefixes for sub in subcommands]

    @property
    def nameif(self):
        """The interface tunnel traffic leaves by: the VTI's nameif, or where the crypto map is bound."""
        return self.ref.get("nameif") if self.vti else self.ref.get("interface")

    @property
    def what(self):
        return ("tunnel interface %s" % self.ref.get("interface")) if self.vti else (
            "%s entry %s %s" % (self.prefix.rsplit(" ", 2)[0], self.map, self.seq))

    @property
    def tunnel_group(self):
        return self.moved_to or self.ref.get("tunnel_group") or self.ref.get("peer") or self.end.peer_address or "<peer-address>"

    @property
    def ikev1_only(self):
        return tuple(self.end.ike_versions) == (1,) or (
            not self.ref.get("ipsec_proposals") and bool(self.ref.get("transform_sets"))
        )

    def policy_limit_reached(self, version):
        """The "!" note when the device holds as many IKE policies of ``version`` as it takes, else None."""
        used = self.used_ikev2 if version == 2 else self.used_ikev1
        if len(used) < tables.MAX_IKE_POLICIES:
            return None
        return ("! the ASA holds %d IKEv%d policies, the most it takes: this suite needs one of its own; change a policy "
                "no tunnel uses to it, by hand" % (len(used), version))

    def free_priority(self, version):
        """A priority after every policy in use and every one handed out earlier in this run."""
        used = self.used_ikev2 if version == 2 else self.used_ikev1
        priority = new_policy_priority(used)
        used.add(priority)
        return priority


# ---------------------------------------------------------------------------
# Renderers: (entry, intent) -> [lines]
# ---------------------------------------------------------------------------
def _child_pfs(entry, item):
    group = item.get("group")
    if group is None:
        if entry.ref.get("pfs_line_present") is False:
            return []
        return entry.set("no set pfs") if entry.vti else ["no %s set pfs" % prefix for prefix in entry.prefixes]
    if group not in tables.DH_GROUPS:
        return [
            "! the ASA has no PFS group %s (it offers %s); choose a group both ends support"
            % (group, ", ".join("group%d" % g for g in sorted(tables.DH_GROUPS)))
        ]
    return entry.set("set pfs group%d" % group)


def _child_proposal(entry, item):
    encryption, integrity = item["encryption"], item.get("integrity")
    if entry.ikev1_only:
        return _transform_set(entry, encryption, integrity)
    return _ipsec_proposal(entry, encryption, integrity)


def _ipsec_proposal(entry, encryption, integrity):
    enc_keyword = tables.ESP_ENCRYPTION_KEYWORD.get(encryption)
    if enc_keyword is None:
        return ["! the ASA has no ESP encryption %s; choose one both ends support" % encryption]
    if integrity is None or encryption in AEAD_CIPHERS:
        int_keyword = "null"
    else:
        int_keyword = tables.ESP_INTEGRITY_KEYWORD.get(integrity)
        if int_keyword is None:
            return ["! the ASA has no ESP integrity %s; choose one both ends support" % integrity]
    name = invented_names.free_name(entry.ref.get("invented_names"), PROPOSAL,
                                    _proposal_name(encryption, None if int_keyword == "null" else integrity),
                                    invented_names.proposal_content([enc_keyword], [int_keyword]))
    # The entry then offers this proposal alone, as the proof (proof.py) applied it: keeping the old
    # ones would keep offering what the finding is about (an AEAD cipher with integrity, a weak suite).
    return [
        "crypto ipsec ikev2 ipsec-proposal %s" % name,
        " protocol esp encryption %s" % enc_keyword,
        " protocol esp integrity %s" % int_keyword,
    ] + entry.set("set ikev2 ipsec-proposal %s" % name)


def _transform_set(entry, encryption, integrity):
    enc = {v: k for k, v in tables.TRANSFORM_ENCRYPTION.items()}.get(encryption)
    if enc is None:
        return ["! IKEv1 transform-sets have no %s; use IKEv2 or choose another cipher" % encryption]
    integ = "esp-none" if integrity is None else {v: k for k, v in tables.TRANSFORM_INTEGRITY.items() if v}.get(
        integrity)
    if integ is None:
        return ["! IKEv1 transform-sets have no ESP integrity %s (the ASA has SHA-2 for IKEv2 only); use IKEv2 or "
                "choose another integrity" % integrity]
    name = invented_names.free_name(entry.ref.get("invented_names"), TRANSFORM_SET, _proposal_name(encryption, integrity),
                                    invented_names.proposal_content([enc], [integ]))
    return ["crypto ipsec ikev1 transform-set %s %s %s" % (name, enc, integ)] + entry.set(
        "set ikev1 transform-set %s" % name)


def _ike_proposal(entry, item):
    encryption, integrity, group = item["encryption"], item.get("integrity"), item["dh_group"]
    prf = item.get("prf") or integrity
    if entry.ikev1_only:
        return _ikev1_policy(entry, encryption, integrity, group)
    notes, problems = [], []
    enc = tables.IKEV2_ENCRYPTION_KEYWORD.get(encryption)
    integ = "null" if integrity is None else tables.IKEV2_INTEGRITY_KEYWORD.get(integrity)
    if prf is None:
        prf = "SHA256"
        notes.append("! no PRF given for an AEAD proposal: prf sha256 used; match the peer's PRF")
    prf_keyword = tables.IKEV2_PRF_KEYWORD.get(prf)
    for value, keyword, what in (
        (encryption, enc, "encryption"),
        (integrity, integ, "integrity"),
        (prf, prf_keyword, "prf"),
    ):
        if keyword is None:
            problems.append("! the ASA has no IKEv2 %s %s; choose one both ends support" % (what, value))
    if group not in tables.DH_GROUPS:
        problems.append("! the ASA has no DH group %s; choose one both ends support" % group)
    if problems:
        return problems
    full = entry.policy_limit_reached(2)
    if full:
        return [full]
    lines = [
        "crypto ikev2 policy %d" % entry.free_priority(2),
        " encryption %s" % enc,
        " integrity %s" % integ,
        " group %d" % group,
        " prf %s" % prf_keyword,
    ]
    seconds = entry.end.ike_lifetime.seconds if entry.end.ike_lifetime else None
    if seconds is not None:
        lines.append(" lifetime seconds %d" % seconds)
    return notes + lines


def _ikev1_policy(entry, encryption, integrity, group):
    enc = tables.IKEV1_ENCRYPTION_KEYWORD.get(encryption)
    hash_keyword = tables.IKEV1_HASH_KEYWORD.get(integrity)
    if enc is None or hash_keyword is None or group not in tables.DH_GROUPS:
        return [
            "! an IKEv1 policy cannot use %s/%s/group %s; use IKEv2 or other algorithms"
            % (encryption, integrity, group)
        ]
    full = entry.policy_limit_reached(1)
    if full:
        return [full]
    lines = [
        "crypto ikev1 policy %d" % entry.free_priority(1),
        " authentication pre-share",
        " encryption %s" % enc,
        " hash %s" % hash_keyword,
        " group %d" % group,
    ]
    seconds = entry.end.ike_lifetime.seconds if entry.end.ike_lifetime else None
    if seconds is not None:
        lines.append(" lifetime %d" % seconds)
    return lines


def _child_lifetime_seconds(entry, item):
    return entry.set("set security-association lifetime seconds %d" % item["seconds"])


def _child_lifetime_kilobytes(entry, item):
    kilobytes = item.get("kilobytes")
    value = "unlimited" if kilobytes is None else "%d" % kilobytes
    return entry.set("set security-association lifetime kilobytes %s" % value)


def _ike_lifetime_seconds(entry, item):
    version = 1 if entry.ikev1_only else 2
    if version == 1:
        # IKEv1 negotiates the lifetime: a policy matches only when its lifetime and the initiator's compare as the
        # ASA requires (Cisco ASA Series CLI Configuration Guide, Configuring ISAKMP: "the remote peer policy must
        # also specify a lifetime less than or equal to the lifetime in the policy the initiator sent"), so a raised
        # global policy could stop matching another IKEv1 peer; left to a person
        return ["! IKEv1 policies negotiate their lifetime with each peer: raise it to %d s by hand where every IKEv1 "
                "peer of this ASA still matches" % item["seconds"]]
    policies = entry.ref.get("ikev%d_policies" % version) or []
    if not policies:
        return ["! this ASA has no crypto ikev%d policy whose lifetime could change" % version]
    # Each policy below it is raised, so the lifetime holds whichever negotiates and none is lowered. Policies are
    # global: the proof checks every other tunnel of the ASA (EndRules.device_wide); a '!' note here would read as
    # a step left to a person.
    known = {str(priority): seconds for priority, seconds in entry.ref.get("ike_policy_lifetimes") or ()}
    lines = []
    # IKEv2 policies spell it "lifetime seconds N", IKEv1 policies "lifetime N"
    lifetime = (" lifetime seconds %d" if version == 2 else " lifetime %d") % item["seconds"]
    for priority in policies:
        if str(priority) in known and (known[str(priority)] is None or known[str(priority)] >= item["seconds"]):
            continue  # as long already, or no lifetime limit ("lifetime none")
        lines += ["crypto ikev%d policy %s" % (version, priority), lifetime]
    return lines


def _peer_address(entry, item):
    address = item["address"]
    peers = [p for p in entry.ref.get("set_peers") or () if isinstance(p, str)]  # 'set peer A B' (crypto_map_end)
    if entry.vti:
        lines = ["interface %s" % entry.ref.get("interface"), " tunnel destination %s" % address]
    elif len(peers) > 1:
        return _added_peer(entry, peers, address)
    else:
        lines = ["%s set peer %s" % (entry.prefix, address)]
    if entry.ref.get("tunnel_group") == address or _has_tunnel_group(entry, address):
        return lines  # its tunnel-group is there: it authenticates the new peer as it is
    lines.append("tunnel-group %s type ipsec-l2l" % address)
    policy = entry.ref.get("group_policy")
    if policy and policy != tables.DFLT_GRP_POLICY:
        lines += ["tunnel-group %s general-attributes" % address, " default-group-policy %s" % policy]
    lines.append("tunnel-group %s ipsec-attributes" % address)
    old = entry.ref.get("tunnel_group")
    if old:
        lines.append(
            "! copy the authentication and isakmp keepalive lines of tunnel-group %s here (keys are never shown)" % old
        )
    else:
        lines.append(
            "! set the key shared with the peer: ikev2 remote-authentication pre-shared-key <key> and "
            "ikev2 local-authentication pre-shared-key <key>"
        )
    return lines


def _has_tunnel_group(entry, address):
    """Whether the ASA holds an ipsec-l2l tunnel-group for ``address`` (TunnelEnd.peer_configs) already: a fix that
    sets that peer writes no 'tunnel-group ADDRESS type ipsec-l2l' nor asks for its key again."""
    if entry.end.peer_auths is not None:
        return new_peer_auth(entry.end, address) is not None
    return address in (entry.end.peer_configs or ())


def new_peer_auth(end, address, version=None):
    """The PeerAuth of the tunnel-group for ``address`` (TunnelEnd.peer_auths) with the IKE version ``end`` uses, when
    it authenticates both ways with it: a fix setting that peer writes only 'set peer' and the end then authenticates
    by that group (the proof uses it: fix_rendering PROOF_RULES). None: no such group, or one without authentication of
    that version (an IKEv1 key for an IKEv2 tunnel), which the fix then writes as for a peer with none. ``version``:
    another IKE version than the end's own (its other_version)."""
    auths = end.peer_auths
    if auths is None:
        return None
    if version is None:
        version = end.proposals_version or (end.ike_versions[0] if len(end.ike_versions) == 1 else 2)
    return auths.get(address, version)


def _added_peer(entry, peers, address):
    """'set peer PRIMARY BACKUP' names more than one peer, and which one was meant for this peer cannot be told:
    the address is added after them (the line replaces the list as a whole), none is dropped, and its
    tunnel-group gets a key of its own (another peer's authentication is never copied to it)."""
    if address in peers:
        return ["! %s sets %s already ('set peer %s'): check tunnel-group %s"
                % (entry.what, address, " ".join(peers), address)]
    lines = [
        "%s set peer %s %s" % (entry.prefix, " ".join(peers), address),
        "! %s sets several peers (%s) and which one was meant for %s cannot be told: this adds it as the last "
        "peer, which the ASA initiates to only when the others do not answer; replace the one meant for it by hand"
        % (entry.what, " ".join(peers), address),
    ]
    if _has_tunnel_group(entry, address):
        return lines  # its tunnel-group is there already
    return lines + [
        "tunnel-group %s type ipsec-l2l" % address,
    ] + ([
        "tunnel-group %s general-attributes" % address, " default-group-policy %s" % entry.ref["group_policy"],
    ] if entry.ref.get("group_policy") and entry.ref["group_policy"] != tables.DFLT_GRP_POLICY else []) + [
        "tunnel-group %s ipsec-attributes" % address,
        "! set the key shared with %s: ikev2 remote-authentication pre-shared-key <key> and "
        "ikev2 local-authentication pre-shared-key <key>" % address,
    ]


def _ike_version(entry, item):
    version = item["version"]
    if version not in (1, 2):
        return ["! the ASA speaks IKEv1 and IKEv2 only, not IKEv%s" % version]
    lines = []
    interface = entry.ref.get("source_interface") if entry.vti else entry.ref.get("interface")
    if not entry.ref.get("ikev%d_enabled" % version):
        if interface:
            lines.append("crypto ikev%d enable %s" % (version, interface))
        else:
            lines.append(
                "! bind crypto map %s to an interface, then: crypto ikev%d enable <nameif>" % (entry.map, version)
                if not entry.vti else "! crypto ikev%d enable <the nameif of the tunnel source interface>" % version
            )
    lines += _proposals_for_version(entry, version)
    protocols = entry.ref.get("vpn_tunnel_protocols")
    policy = entry.ref.get("group_policy") or tables.DFLT_GRP_POLICY
    if protocols is not None and "ikev%d" % version not in protocols:
        wanted = list(protocols) + ["ikev%d" % version]
        lines += ["group-policy %s attributes" % policy, " vpn-tunnel-protocol %s" % " ".join(wanted)]
    return lines


def _proposals_for_version(entry, version):
    """An ipsec-proposal (IKEv2) or transform-set (IKEv1) when the entry has none of that kind."""
    key = "ipsec_proposals" if version == 2 else "transform_sets"
    if entry.ref.get(key):
        return []
    template = entry.end.child_proposals[0] if entry.end.child_proposals else None
    if template is None or not template.encryption:
        return ["! %s has no IKEv%d proposal; add one with the peer's ESP algorithms" % (entry.what, version)]
    integrity = template.integrity[0] if template.integrity else None
    if version == 2:
        return _ipsec_proposal(entry, template.encryption[0], integrity)
    return _transform_set(entry, template.encryption[0], integrity)


def _tcp_mss(entry, item):
    return ["sysopt connection tcpmss %d" % item["mss"]]


def _dpd_timeout(entry, item):
    seconds = item["seconds"]
    retry = tables.DPD_RETRY_DEFAULT.value
    retries = tables.DPD_RETRIES_BEFORE_DEAD.value
    low, high = tables.DPD_THRESHOLD_RANGE
    threshold = min(max(seconds - retry * retries, low), high)
    lines = [
        "tunnel-group %s ipsec-attributes" % entry.tunnel_group,
        " isakmp keepalive threshold %d retry %d" % (threshold, retry),
    ]
    reached = threshold + retry * retries
    if reached != seconds:
        lines.append(
            "! this gives about %d s before the peer is declared dead, not %d s (ASA limits)" % (reached, seconds)
        )
    lines.append("! assumes the ASA declares the peer dead after %d unanswered retries (unverified)" % retries)
    return lines


def _pre_shared_key(entry, item):
    group = entry.tunnel_group
    if entry.ikev1_only:
        keys = ["! ikev1 pre-shared-key <key>"]
    else:
        keys = [
            "! ikev2 remote-authentication pre-shared-key <key>",
            "! ikev2 local-authentication pre-shared-key <key>",
        ]
    return [
        "! set the same pre-shared key on both ends (keys are never shown here):",
        "! tunnel-group %s ipsec-attributes" % group,
    ] + keys


def _ike_auth_method(entry, item):
    """A copy of each IKEv1 policy named (labels "ikev1 policy N") that authenticates as the peer does, at a free
    priority: the policy itself is global and is left as it is for what else uses it (asa/ikev1_auth.py). No algorithm
    changes (review I, defect 5). No policy named: the tunnel-group's own method, both ways."""
    if item.get("labels"):
        return ikev1_auth.remediation_lines(entry, item)
    if item.get("method") == "psk":
        return _pre_shared_key(entry, item)
    if item.get("method") != "certificate":
        return ["! authenticate the peer with %s by hand" % item.get("method")]
    group = entry.tunnel_group
    if entry.ikev1_only:
        return ["! tunnel-group %s ipsec-attributes" % group,
                "! ikev1 trust-point <trustpoint>, and an IKEv1 policy with authentication rsa-sig, for a certificate "
                "the peer trusts (a person enrols it)"]
    lines = ["tunnel-group %s ipsec-attributes" % group, " ikev2 remote-authentication certificate"]
    method = entry.end.auth.method or ""
    if not (method == "certificate" or method.startswith("certificate to the peer")):
        # the trustpoint holds a certificate a person enrols, as a key is one a person gives
        lines.append("! then set ikev2 local-authentication certificate <trustpoint>, a certificate the peer's CA "
                     "chain validates;")
    # what no config read here shows: the ASA validates the peer's certificate only with its issuer's CA, so the fix
    # is left to a person, with this as its reason (fix_rendering._asa_cannot)
    return lines + ["! ikev2 remote-authentication certificate needs the ASA to trust the CA that signed the peer's "
                    "certificate (a crypto ca trustpoint, which a person sets up)"]


def _initiator(entry, item):
    if entry.vti:
        return entry.set("no responder-only")
    return entry.set("set connection-type bidirectional")


def _proposal_name(encryption, integrity):
    return "%s-%s%s" % (PREFIX, encryption, "-" + integrity if integrity else "")


def ipsec_proposal_name(esp, invented=None):
    """The ipsec-proposal the report's ESP fix writes for ``esp`` ({"encryption": [...], "integrity": [...]}, one of
    each at most), so that align pushes the fix the check proved, a proposal of the entry's own, rather than editing
    the one it names today, which other entries may share (review 2026-12-05: align refused a shared AZ-SHARED and
    left the entry's other fixes undone, or edited an entry's own proposal in place); None for several values."""
    encryption, integrity = list(esp.get("encryption") or ()), list(esp.get("integrity") or ())
    if len(encryption) != 1 or len(integrity) > 1:
        return None
    aead = encryption[0] in AEAD_CIPHERS or not integrity
    name = _proposal_name(encryption[0], None if aead else integrity[0])
    content = esp_content(esp)
    if content is None:
        return name
    # the name the report's lines take (``invented``: ref ``invented_names``), not one the device holds otherwise
    return invented_names.free_name(invented, PROPOSAL, name, content)


def esp_content(esp):
    """What an ipsec-proposal holding ``esp`` ({"encryption": [...], "integrity": [...]}, canonical names) holds, as
    invented_names.proposal_content gives it: ``protocol esp integrity null`` with an AEAD cipher or no integrity; None
    where a value has no ASA keyword."""
    encryption, integrity = list(esp.get("encryption") or ()), list(esp.get("integrity") or ())
    enc_keywords = [tables.ESP_ENCRYPTION_KEYWORD.get(value) for value in encryption]
    if any(value in AEAD_CIPHERS for value in encryption) or not integrity:
        int_keywords = ["null"]
    else:
        int_keywords = [tables.ESP_INTEGRITY_KEYWORD.get(value) for value in integrity]
    if None in enc_keywords or None in int_keywords:
        return None
    return invented_names.proposal_content(enc_keywords, int_keywords)


_RENDERERS = renderers(dict(globals(), **dict(remediation_routed.RENDERERS, **remediation_selectors.RENDERERS)))
