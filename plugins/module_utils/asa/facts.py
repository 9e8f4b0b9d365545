# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA running-config text -> the ``vpnalign_asa`` fact: what asa_vpn_facts returns."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends, l2l_tunnel_group_auths, l2l_tunnel_groups
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.dynamic_map_end import dynamic_map_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.networks_behind import known_networks, translated_networks
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.routes import connected_network
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state import (
    match_state,
    one_way_traffic,
    parse_ikev2_sa_detail,
    parse_ipsec_sa,
    parse_vpn_sessiondb_l2l,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import compact_end_dict, facts_with_tunnels


def asa_facts_from_text(text, host=None, source="running_config", psk_digest=None, progress=None):
    """Facts for every tunnel end in ``text``. What cannot be read in an ASA config becomes a
    finding; text that is no ASA config at all (empty, binary, another vendor's) raises
    ``NotAsaConfig`` (a ValueError) saying why, rather than reading as an ASA with no tunnels.
    ``progress``, if given, is called with a few words after each stage (long configs take seconds)."""
    return facts_with_tunnels(*asa_facts_and_ends(text, host, source, psk_digest, progress))


def asa_facts_and_ends(text, host=None, source="running_config", psk_digest=None, progress=None):
    """``asa_facts_from_text``'s facts with ``tunnels`` still None, and the TunnelEnds the tunnels are made of:
    the check on the controller takes the ends as they are (compat_facts.ReadEnds; issue 12)."""
    config, _parse_findings = parse_asa_config(text or "", psk_digest=psk_digest)
    if progress is not None:
        progress("configuration parsed")
    name = host or config.hostname
    ends, findings = asa_tunnel_ends(config, host=name)
    # the crypto of each dynamic crypto map entry, with no peer: compat checks it against the Azure connection it
    # answers (pairing_dynamic_map); its findings are scoped to its name
    dynamic_ends, dynamic_findings = dynamic_map_ends(config, host=name)
    findings = findings + dynamic_findings
    if progress is not None:
        progress("%d tunnel end(s) found" % len(ends))
    with gc_paused():
        return {
            "host": name,
            "hostname": config.hostname,
            "version": config.version,  # "9.18(3)56" from the "ASA Version" line; None when absent
            "source": source,
            "tunnels": None,  # asa_facts_from_text: one compact dict per end (model_facts.facts_with_tunnels)
            # the lines the tunnels cite, each once for the device (model_facts "device lines"; issue 12)
            "cited_lines": None,
            "cited_notes": None,
            "findings": [f.to_dict() for f in findings],
            "counts": {"lines": line_count(text or ""), "tunnels": len(ends)},
            # each dynamic crypto map entry's end, with its own lines (model_facts.compact_end_dict): no tunnel of its
            # own (no peer to pair with), read by compat_facts.Side as dynamic_ends
            "dynamic_map_ends": [compact_end_dict(end) for end in dynamic_ends],
            "static_routes": static_routes(config),
            "connected_networks": connected_networks(config),
            "known_networks": known_networks(config),
            "translated_networks": translated_networks(config),
            # a "tunneled" default route: decrypted traffic to any address goes on to a router inside
            "tunneled_default_route": any(r.tunneled and r.network is not None and r.network.prefixlen == 0
                                          for r in config.routes),
            "system_context": config.system_space_line is not None,
            "interface_addresses": interface_addresses(config),
            # where the ASA routes each network to (nat_ingress.Ingress.facts): the interface a fix's new local network
            # enters by, whose NAT exemption it needs (review I, defect 2)
            # the peers an ipsec-l2l tunnel-group is named for (adapter.l2l_tunnel_groups): a fix setting one of them as
            # a peer does not write its tunnel-group again
            "peer_configs": list(l2l_tunnel_groups(config)),
            # how each of them authenticates (adapter.l2l_tunnel_group_auths): a fix setting one of them as a peer is
            # proven with that tunnel-group's authentication; digests only, never a key
            "peer_auths": (next((e.peer_auths for e in ends if e.peer_auths is not None), None)
                           or l2l_tunnel_group_auths(config)).to_plain(),
            "ingress": list(next((e.ingress_routes for e in ends if e.ingress_routes is not None), None)
                            or Ingress(config).facts()),
        }, ends


def interface_addresses(config):
    """The addresses of the config's interfaces that are not tunnel interfaces (set statically): a connection whose
    local network gateway holds one is aimed at this ASA even where the ASA has no tunnel end the check reads (a
    dynamic crypto map, a map not bound), so its PEER_NOT_FOUND is reported with this ASA's findings instead of a bare
    unpaired connection (review 2026-12-06, estate #2). The standby addresses too: either unit may be active. Their
    IPv6 addresses too (an IPv6 peer's local address)."""
    out = []
    for iface in config.interfaces.values():
        if iface.tunnel is None:
            out.extend(a for a in (iface.address, iface.standby) if a)
            out.extend(iface.ipv6_addresses + iface.ipv6_standby)
    return sorted(set(out))


def static_routes(config):
    """[[nameif, network, gateway, distance, through a tunnel interface, line number], ...] of the config's IPv4
    static routes: what a route fix must not clash with (the ASA refuses an equal-cost route through another interface;
    remediation_routed.py TunnelRouteDistances), and the lines a finding about one of them cites (static_over_bgp.py).
    Once per device, not per tunnel; the line by its number only (issue 12: facts reference lines, not copy them)."""
    tunnels = {i.nameif for i in config.interfaces.values() if i.tunnel is not None and i.nameif}
    return [[r.interface, str(r.network), r.gateway, r.metric, r.interface in tunnels, r.line.line] for r in config.routes
            if r.network is not None and r.network.version == 4 and r.gateway is not None]


def connected_networks(config):
    """[[nameif, network, interface, line number of its ip address], ...] of the networks the interfaces' addresses
    put them on (tunnel interfaces too): a route fix for a network within one of them would take the ASA's own traffic
    into the tunnel (remediation_routed.py TunnelRouteDistances; asa_vpn_tunnel refuses such a route,
    push_config_checks._route_connected_error), and ROUTE_MISSING names the interface such traffic goes to. The IPv4
    one of ``ip address``, then each IPv6 prefix of ``ipv6 address X/len`` (several lines possible; eui-64 states the
    prefix too), by its own line; a link-local address is never forwarded (RFC 4291 section 2.5.6) and autoconfig or
    DHCPv6 states no prefix, so neither is one. Once per device; the line by its number only (issue 12)."""
    out = []
    for iface in config.interfaces.values():
        network = connected_network(iface)
        if network is not None and network.version == 4:
            line = next((cited.line for cited in iface.lines if cited.text.split()[:2] == ["ip", "address"]), 0)
            out.append([iface.nameif, str(network), iface.hardware, line])
        if not iface.nameif:
            continue  # as connected_network: an interface without a nameif forwards nothing
        seen = set()
        for address, line, _written in iface.ipv6_assigned:
            prefix = address.network
            if prefix.is_link_local or prefix in seen:
                continue
            seen.add(prefix)
            out.append([iface.nameif, str(prefix), iface.hardware, line.line])
    return out


# What str.splitlines breaks at besides LF (ASCII ones; other text takes splitlines itself)
_OTHER_ASCII_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")


def line_count(text):
    """``len(text.splitlines())``, for ASCII text broken at LF only without making a string per line
    (issue 12: 9 ms of the facts at 100k lines)."""
    if text.isascii() and not any(other in text for other in _OTHER_ASCII_BREAKS):
        return text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    return len(text.splitlines())


def add_state(facts, ipsec_texts, ikev2_text=None, sessiondb_text=None, interval=None, commands=None):
    """Add the live SA state to ``facts`` (in place; also returned).

    ``ipsec_texts``: the replies to ``show crypto ipsec sa``, one per sample, oldest first;
    ``ikev2_text``/``sessiondb_text``: replies to ``show crypto ikev2 sa detail`` and
    ``show vpn-sessiondb detail l2l`` (None when not read); ``interval``: seconds between
    samples. Sets ``facts["state"]`` (per tunnel end name), ``facts["state_info"]`` and
    appends ONE_WAY_TRAFFIC findings to ``facts["findings"]``.
    """
    samples = [parse_ipsec_sa(t) for t in ipsec_texts or []]
    ikev2 = parse_ikev2_sa_detail(ikev2_text) if ikev2_text is not None else None
    sessiondb = parse_vpn_sessiondb_l2l(sessiondb_text) if sessiondb_text is not None else None
    ends = facts.get("tunnels") or []
    state, unmatched = match_state(ends, samples, ikev2, sessiondb)
    findings = one_way_traffic(state, ends, interval=interval if len(samples) > 1 else None)
    notes = []
    for label, parsed in (("show crypto ipsec sa", samples[-1] if samples else None),
                          ("show crypto ikev2 sa detail", ikev2), ("show vpn-sessiondb detail l2l", sessiondb)):
        if parsed is None:
            continue
        notes.extend("%s: %s" % (label, n) for n in parsed.get("notes", []))
        if not parsed.get("complete", True):
            notes.append("%s: some records are incomplete (see 'complete'/'missing')" % label)
    facts["state"] = state
    facts["state_info"] = {
        "samples": len(samples),
        "sample_interval": interval,
        "commands": list(commands or []),
        "unmatched": unmatched,
        "notes": notes,
    }
    facts["findings"] = list(facts.get("findings") or []) + [f.to_dict() for f in findings]
    return facts
