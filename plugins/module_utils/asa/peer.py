# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The peer side of an ASA tunnel end, shared by crypto map entries and VTIs: the
tunnel-group named after the peer, its group-policy's protocols, authentication, DPD, and
the global TCP MSS clamp; with the config findings each of them can raise."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine, Dpd, PeerAuth


def tunnel_group(ctx, origin, peer, peer_address, peer_lines, deps):
    """The tunnel-group named like the peer; DefaultL2LGroup as the ASA's fallback.

    ``origin.label`` names what points at the peer in PEER_NOT_FOUND ("Crypto map entry X
    sets peer", "Interface Tunnel1 has tunnel destination"); ``peer_lines`` are its lines."""
    groups = ctx.config.tunnel_groups
    group = groups.get(peer) or (groups.get(peer_address) if peer_address else None)
    if group is not None:
        deps.add(("tunnel-group", group.name, None))
    if group is not None and group.type == "ipsec-l2l":
        return group
    if peer_address is None and group is None:
        return None  # the masked/invalid peer is already reported
    fallback = groups.get(tables.DEFAULT_L2L_GROUP)
    _peer_not_found(ctx, origin, peer, peer_lines, group, fallback)
    if fallback is not None:
        deps.add(("tunnel-group", fallback.name, None))
    return fallback


def setting_policy(config, policy_name, attribute):
    """The group-policy whose ``attribute`` a tunnel of group-policy ``policy_name`` has: its own where it sets it,
    else DfltGrpPolicy where that does (group-policy attributes are inherited), else None."""
    policies = config.group_policies
    for candidate in (policies.get(policy_name), policies.get(tables.DFLT_GRP_POLICY)):
        if candidate is not None and getattr(candidate, attribute) is not None:
            return candidate
    return None


def vpn_filter(config, policy_name):
    """(group-policy, its 'vpn-filter value' line) that filters the traffic of a tunnel whose group-policy is
    ``policy_name`` (setting_policy), or None."""
    policy = setting_policy(config, policy_name, "vpn_filter")
    return (policy.name, policy.vpn_filter_line) if policy is not None and policy.vpn_filter else None


def tunnel_protocols(config, group, deps, assumptions):
    """(group-policy name, allowed protocols or None when undecidable, the vpn-tunnel-protocol line that says them
    or None)."""
    policies = config.group_policies
    name = group.default_group_policy if group is not None and group.default_group_policy else tables.DFLT_GRP_POLICY
    deps.add(("group-policy", name, None))
    policy = policies.get(name)
    if policy is None and name != tables.DFLT_GRP_POLICY:
        return name, None, None  # undefined group-policy: reported by the parser
    setting = setting_policy(config, name, "tunnel_protocols")
    if setting is not None:
        return name, _normalise_protocols(setting.tunnel_protocols), setting.tunnel_protocols_line
    default = tables.DEFAULT_TUNNEL_PROTOCOLS
    assumptions.append(
        "vpn-tunnel-protocol not set in %s or %s: assumed %s (%s, unverified)"
        % (name, tables.DFLT_GRP_POLICY, " ".join(default.value), default.note)
    )
    return name, _normalise_protocols(default.value), None


def auth(ctx, origin, group, version, report=True):
    """How the end authenticates with IKE ``version``; with ``report``, a missing method or differing keys are
    findings of the config."""
    if group is None:
        return PeerAuth(method=None)
    if version == 2:
        remote, local = group.ikev2_remote_auth, group.ikev2_local_auth
        lines = tuple(line for line in (group.ikev2_remote_line, group.ikev2_local_line) if line is not None)
        remote_key, local_key = group.ikev2_remote_psk, group.ikev2_local_psk
    else:
        remote = local = "psk" if group.ikev1_psk else ("certificate" if group.ikev1_trustpoint else None)
        lines = tuple(l for l in (group.ikev1_psk.line if group.ikev1_psk else None, group.ikev1_trustpoint_line) if l)
        remote_key = local_key = group.ikev1_psk
    if report and (remote is None or local is None):
        missing = "remote and local" if remote is None and local is None else ("remote" if remote is None else "local")
        _auth_missing(ctx, origin, group, version, missing, lines)
    digest = remote_key.digest if remote_key is not None else None
    local_digest = local_key.digest if local_key is not None else None
    if report and digest and local_digest and digest != local_digest:
        _keys_differ(ctx, origin, group, lines)
    method = remote or local
    if remote is not None and local is not None and remote != local:
        # IKEv2 lets each end choose how it proves itself (RFC 7296 s2.15): this one signs with ``local`` and asks
        # ``remote`` of its peer, so a peer that uses one method both ways (Azure) fails one of the two
        method = "%s to the peer, %s from it" % (local, remote)
    return PeerAuth(method=method, psk_digest=digest, source=lines)


# said of every end with DPD: made once (issue 12)
_DPD_TIMEOUT_NOTE = ("DPD timeout = threshold + retry x %d retries (retry count verified: false)"
                     % tables.DPD_RETRIES_BEFORE_DEAD.value)


def dpd(group, assumptions):
    keepalive = group.keepalive if group is not None else None
    retries = tables.DPD_RETRIES_BEFORE_DEAD
    if keepalive is not None and (keepalive.disabled or keepalive.infinite):
        return Dpd(enabled=False, timeout_seconds=None, source=(keepalive.line,))
    threshold = keepalive.threshold if keepalive is not None and keepalive.threshold else None
    retry = keepalive.retry if keepalive is not None and keepalive.retry else None
    if threshold is None or retry is None:
        assumptions.append(
            "isakmp keepalive %s: assumed ASA L2L default threshold %d retry %d (verified: false)"
            % (
                "not set" if keepalive is None else "incomplete",
                tables.DPD_THRESHOLD_DEFAULT.value,
                tables.DPD_RETRY_DEFAULT.value,
            )
        )
        threshold = threshold or tables.DPD_THRESHOLD_DEFAULT.value
        retry = retry or tables.DPD_RETRY_DEFAULT.value
    assumptions.append(_DPD_TIMEOUT_NOTE)
    # where nothing sets it, a note naming the missing line and the default, for DPD_MISMATCH to cite (s41: nothing)
    source = (keepalive.line,) if keepalive is not None else (_dpd_default_line(group),)
    return Dpd(enabled=True, timeout_seconds=threshold + retry * retries.value, source=source)


def _dpd_default_line(group):
    where = "under tunnel-group %s ipsec-attributes" % group.name if group is not None else "(no tunnel-group)"
    return ConfigLine(0, "(no 'isakmp keepalive' %s: the ASA L2L default threshold %d retry %d; reference %s, verified: %s)" % (
        where, tables.DPD_THRESHOLD_DEFAULT.value, tables.DPD_RETRY_DEFAULT.value, tables.DPD_THRESHOLD_DEFAULT.src,
        tables.DPD_THRESHOLD_DEFAULT.verified))


def address_source(iface):
    """The lines stating ``iface``'s address: its ``interface`` line and its ``ip address`` line (none when the config
    gives it no address)."""
    if iface is None or iface.address is None:
        return ()
    head = [line for line in iface.lines[:1] if line.text.startswith("interface ")]
    return tuple(head + [line for line in iface.lines if line.text.strip().startswith("ip address ")][:1])


def tcp_mss_source(config):
    """Where the end's tcp_mss comes from: the ``sysopt connection tcpmss`` line, else a line 0 naming the default
    and its source (tables.TCP_MSS_DEFAULT), as ike_versions_source names a default (proposals.py)."""
    if config.tcp_mss_line is not None:
        return (config.tcp_mss_line,)
    default = tables.TCP_MSS_DEFAULT
    return (ConfigLine(0, "(no 'sysopt connection tcpmss': the ASA default %d, %s)" % (default.value, default.src)),)


def tcp_mss(config, assumptions):
    if config.tcp_mss_line is None:
        default = tables.TCP_MSS_DEFAULT
        assumptions.append(
            "no 'sysopt connection tcpmss': assumed ASA default %d (verified: %s)" % (default.value, default.verified)
        )
        return default.value
    if config.tcp_mss == 0:
        unclamped = tables.UNCLAMPED_TCP_MSS
        assumptions.append(
            "'sysopt connection tcpmss 0' turns clamping off: assumed hosts send MSS %d (%s; verified: %s)"
            % (unclamped.value, unclamped.src, unclamped.verified))
        return unclamped.value
    return config.tcp_mss


# tokens -> _normalise_protocols: tunnels share a few group-policies (issue 12). Bounded: cleared when full.
_NORMALISED = {}
_NORMALISED_MAX = 1024


def _normalise_protocols(tokens):
    key = tuple(tokens)
    found = _NORMALISED.get(key)
    if found is None:
        if len(_NORMALISED) >= _NORMALISED_MAX:
            _NORMALISED.clear()
        found = _NORMALISED[key] = tuple(
            dict.fromkeys(tables.TUNNEL_PROTOCOL_ALIASES.get(t.lower(), t.lower()) for t in tokens))
    return found


# -- findings ------------------------------------------------------------------------------
def _peer_not_found(ctx, origin, peer, peer_lines, group, fallback):
    if group is not None:
        problem = "tunnel-group %s has type %s, not ipsec-l2l" % (peer, group.type or "(none)")
    else:
        problem = "there is no 'tunnel-group %s type ipsec-l2l'" % peer
    if fallback is not None:
        severity, outcome = WARNING, "the ASA falls back to %s for this peer" % tables.DEFAULT_L2L_GROUP
    else:
        severity, outcome = ERROR, "the peer cannot be authenticated"
    policy = ctx.config.group_policies
    remediation = ["tunnel-group %s type ipsec-l2l" % peer]
    if len(policy) == 1:
        remediation += [
            "tunnel-group %s general-attributes" % peer,
            " default-group-policy %s" % next(iter(policy)),
        ]
    remediation += [
        "tunnel-group %s ipsec-attributes" % peer,
        "! then set the key shared with the peer: ikev2 remote-authentication pre-shared-key <key> and "
        "ikev2 local-authentication pre-shared-key <key>",
    ]
    lines = list(peer_lines) + ([group.type_line] if group is not None else [])
    ctx.add(
        "PEER_NOT_FOUND",
        severity,
        "%s %s but %s; %s." % (origin.label, peer, problem, outcome),
        ctx.evidence(origin.keys, lines, peer=peer),
        remediation,
        [origin.name],
    )


def _auth_missing(ctx, origin, group, version, missing, lines):
    remediation = ["tunnel-group %s ipsec-attributes" % group.name]
    if version == 2:
        for side in ("remote", "local"):
            if side in missing:
                remediation.append(
                    "! then set: ikev2 %s-authentication pre-shared-key <key shared with the peer>" % side
                )
    else:
        remediation.append("! then set: ikev1 pre-shared-key <key shared with the peer>")
    ctx.add(
        "AUTH_MISMATCH",
        ERROR,
        "Tunnel-group %s has no IKEv%d %s authentication configured, so the tunnel for %s cannot authenticate."
        % (group.name, version, missing, origin.name),
        ctx.evidence(origin.keys, list(lines) + group.lines[:1], tunnel_group=group.name, missing=missing),
        remediation,
        [origin.name],
    )


def _keys_differ(ctx, origin, group, lines):
    ctx.add(
        "AUTH_MISMATCH",
        ERROR,
        "Tunnel-group %s uses different IKEv2 local and remote pre-shared keys; a peer with one shared key "
        "(such as Azure) cannot match both." % group.name,
        ctx.evidence(origin.keys, lines, tunnel_group=group.name, keys="local and remote digests differ"),
        [
            "tunnel-group %s ipsec-attributes" % group.name,
            "! then set the same key on both: ikev2 remote-authentication pre-shared-key <key> and "
            "ikev2 local-authentication pre-shared-key <key>",
        ],
        [origin.name],
    )
