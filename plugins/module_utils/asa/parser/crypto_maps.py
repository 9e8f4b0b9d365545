# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``crypto map`` and ``crypto dynamic-map`` entries, and ``crypto map M interface X``."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import CryptoMap, CryptoMapEntry
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.crypto_ipsec import set_common
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import MAX_DIGITS, ipv4_int, looks_like_fqdn
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING

# "crypto map M S set ..." forms read but not modelled, and what is then not checked (keywords of
# the ASA command reference "crypto map set", as the lab's grammar lists them; verified: false).
SETTINGS_NOT_MODELLED = {
    "ikev1 phase1-mode": (WARNING, "the IKEv1 phase 1 mode is not modelled; Azure negotiates main mode only, so "
                                   "aggressive mode fails phase 1"),
    "inheritance": (INFO, "one SA per host pair (inheritance data) instead of per ACE is not modelled"),
    "trustpoint": (INFO, "the certificate this entry authenticates with is not read"),
    "reverse-route": (INFO, "routes injected for the remote networks are not modelled"),
    "security-association replay": (INFO, "the anti-replay window is not modelled"),
    "tfc-packets": (INFO, "traffic flow confidentiality padding is not modelled"),
    "validation-usage": (INFO, "certificate validation usage is not read"),
}

# "crypto dynamic-map D S set ..." forms a static entry's end models (crypto_map_end) but a dynamic entry's does not
# (asa/dynamic_map_end.py: it answers whichever peer starts IKE, "The ASA cannot use dynamic crypto maps to initiate
# connections to a remote peer", ASA_VPN_GUIDE_92_DYNAMIC_MAPS: Cisco ASA VPN CLI guide, "Using Dynamic Crypto Maps",
# https://www.cisco.com/c/en/us/td/docs/security/asa/asa92/configuration/vpn/asa-vpn-cli/vpn-ike.html). What the ASA
# does with them on a dynamic entry is not stated there (verified: false): each is named with what is then not checked
# (review s49: they were read silently). Keyed by the setting's words as _dynamic_not_modelled makes them.
DYNAMIC_SETTINGS_NOT_MODELLED = {
    "connection-type answer-only": (INFO, "the entry is checked as answering only, which a dynamic entry does anyway"),
    "connection-type bidirectional": (WARNING, "a dynamic entry never initiates, so it is checked as answering only: "
                                               "the ASA does not start this tunnel whatever the line says"),
    "connection-type originate-only": (WARNING, "the entry is checked as answering the peers that start IKE; whether "
                                                "the ASA still answers with an originate-only dynamic entry, which "
                                                "cannot originate, is not known, so the tunnel may never come up"),
    "peer": (WARNING, "the entry is checked as answering any peer whose tunnel-group takes it; which peers 'set peer' "
                      "then limits it to is not modelled"),
    "nat-t-disable": (INFO, "NAT traversal off is not modelled for the peers it answers: a peer, or this ASA, behind "
                            "NAT then fails IKE and ESP"),
}


_SEQ_LOW, _SEQ_HIGH = tables.CRYPTO_MAP_SEQ_RANGE


def crypto_map(p, words, line, indent, dynamic=False):
    last = p.map_entry
    if last is not None and len(words) > 4 and last[0] == words[3] and last[1] == words[2] and last[2] is dynamic:
        # the entry of the line before (an entry's lines come together): its record, number and findings
        # context as they were found and made for that line (issue 12: the commonest command of a large config)
        entry, context = last[3], last[4]
        entry.lines.append(line)
        _entry_command(p, entry, words, line, context)
        return p.ignored_blocks.get(indent) or p.ignored(indent)
    maps = p.config.dynamic_maps if dynamic else p.config.crypto_maps
    name = words[2]
    record = maps.get(name)
    if record is None:
        record = maps[name] = CryptoMap(name)
    if len(words) < 4:
        return p.ignored(indent)
    if words[3] == "interface" and not dynamic:
        if len(words) > 4:
            if record.interface is None or record.interface == words[4]:
                record.interface, record.interface_line = words[4], line
            else:  # a second interface: the first kept, this one named (it overwrote the first, silently)
                if not any(m.more_interfaces for m in maps.values()):
                    p.at_finish.append(_more_interfaces)
                record.more_interfaces.append((words[4], line))
            p.refer("interface", words[4], line, {"kind": "crypto-map", "name": name})
        return p.ignored(indent)
    token = words[3]  # as_int and in_range inline: the commonest command of a large config (issue 12)
    seq = int(token) if token.isdigit() and token.isascii() and len(token) <= MAX_DIGITS else None
    if seq is None or not _SEQ_LOW <= seq <= _SEQ_HIGH:  # the finding (its context made only then)
        seq = p.number(
            words[3], tables.CRYPTO_MAP_SEQ_RANGE, line, "a crypto map sequence number", {"kind": "crypto-map", "name": name}
        )
    if seq is None:
        return p.ignored(indent)
    entry = record.entries.get(seq)
    if entry is None:
        entry = record.entries[seq] = CryptoMapEntry(name, seq, dynamic=dynamic)
    entry.lines.append(line)
    context = {"kind": "dynamic-map" if dynamic else "crypto-map", "name": name, "seq": seq}
    p.map_entry = (token, name, dynamic, entry, context)
    _entry_command(p, entry, words, line, context)
    return p.ignored_blocks.get(indent) or p.ignored(indent)


def _more_interfaces(p):
    """A crypto map bound to more than one interface (an ASA takes one crypto map per interface, but one map may be
    bound to several, as in a dual-ISP head end: https://integrate.uk.com/asa-dual-isp-backup-vpn, verified: false).
    Its tunnels are checked as ends on the first interface bound; what the others change is named, not checked."""
    for crypto_map in p.config.crypto_maps.values():
        if not crypto_map.more_interfaces:
            continue
        others = []
        for nameif, _line in crypto_map.more_interfaces:
            if nameif not in others:
                others.append(nameif)
        first = crypto_map.interface
        p.unsupported(
            [crypto_map.interface_line] + [line for _nameif, line in crypto_map.more_interfaces], WARNING,
            "crypto map %s bound to %d interfaces (%s)" % (crypto_map.name, len(others) + 1, ", ".join([first] + others)),
            "its tunnels are checked as leaving %s (bound first, line %d) only: from %s they leave with another local "
            "address, which the peer's configuration (an Azure local network gateway's address) must name as well, and "
            "their routes, NAT and IKE there are not checked" % (first, crypto_map.interface_line.line, " or ".join(others)),
            {"kind": "crypto-map", "name": crypto_map.name},
            ["! Check the tunnels of crypto map %s through %s by hand." % (crypto_map.name, ", ".join(others))],
        )


def dynamic_map(p, words, line, indent):
    return crypto_map(p, words, line, indent, dynamic=True)


def _entry_command(p, entry, words, line, context):
    """The command after ``crypto map M S`` (``words[4:]``). ``context``: the entry's (shared by its lines)."""
    count = len(words)
    if count < 5:
        return
    head = words[4]
    if head == "set" and count > 5:
        if not _entry_set_read(p, entry, words, count, line, context):
            _entry_set(p, entry, words[5:], line, context)
        if entry.dynamic:
            _dynamic_not_modelled(p, entry, words[5:], line)
        return
    second = words[5] if count > 5 else None
    if head == "match" and second == "address" and count > 6:
        entry.acl, entry.acl_line = words[6], line
        if words[6] not in p.config.access_lists:  # refer_unless, inline
            p.refer("access-list", words[6], line, context)
        return
    if head == "ipsec-isakmp" and second == "dynamic" and count > 6:
        entry.dynamic_map = words[6]
        p.refer("dynamic-map", words[6], line, context)
        p.state.setdefault("dynamic_entries", []).append((entry, words[6], line, context))
    elif head == "ipsec-manual":
        p.unsupported(
            [line], WARNING, "crypto map %s %d with manual keys (ipsec-manual)" % (entry.map_name, entry.seq),
            "it uses no IKE at all, so nothing of it can be negotiated or checked against Azure (IKE only)",
            context, ["! Use an ipsec-isakmp entry (IKEv2) for a tunnel to Azure."],
        )
    elif head != "ipsec-isakmp" or count > 5:
        # 'ipsec-isakmp' alone is the default kind of entry, said explicitly. Anything else is no entry command
        # (Cisco ASA command reference, "crypto map": match address, set ..., ipsec-isakmp [dynamic <map>],
        # ipsec-manual; verified: false): a line cut short or mistyped, whose setting is not read (review s41: it was
        # read as nothing)
        p.invalid(line, " ".join(words[4:]), "a crypto map entry command (match address <acl>, set <setting> <value>, "
                  "ipsec-isakmp [dynamic <map>] or ipsec-manual)", context)


_SECONDS_LOW, _SECONDS_HIGH = tables.SA_LIFETIME_SECONDS_RANGE
_KILOBYTES_LOW, _KILOBYTES_HIGH = tables.SA_LIFETIME_KILOBYTES_RANGE
_DH_GROUPS = tables.DH_GROUPS


def _entry_set_read(p, entry, words, count, line, context):
    """The commonest ``crypto map M S set ...`` lines (a lifetime, an IPv4 peer, a PFS group, IKEv2 proposals) with
    valid values, read in place into ``entry`` as _entry_set reads them, without its chain of calls and copies of
    the words (issue 12: each tunnel has five of them); False for anything else, which _entry_set reads (and makes
    its findings). tests/unit/test_parser_fast_forms.py compares the two."""
    setting = words[5]
    if setting == "security-association":
        if count == 9 and words[6] == "lifetime":
            token = words[8]
            if token.isdigit() and token.isascii() and len(token) <= MAX_DIGITS:  # as_int
                value, unit = int(token), words[7]
                if unit == "seconds" and _SECONDS_LOW <= value <= _SECONDS_HIGH:
                    lifetime = entry.lifetime
                    lifetime.seconds, lifetime.seconds_line = value, line
                    return True
                if unit == "kilobytes" and _KILOBYTES_LOW <= value <= _KILOBYTES_HIGH:
                    lifetime = entry.lifetime
                    lifetime.kilobytes, lifetime.kilobytes_unlimited, lifetime.kilobytes_line = value, False, line
                    return True
    elif setting == "peer":
        if count == 7:
            token = words[6]
            # IPv4 text is no DNS name (_peer's first test) and is kept as written
            if token not in p.config.names and ipv4_int(token) is not None:
                entry.peers, entry.peer_line, entry.peer_addresses = [token], line, [token]
                return True
    elif setting == "pfs":
        if count == 7:
            token = words[6]
            if token.startswith("group"):
                digits = token[5:]
                if digits.isdigit() and digits.isascii() and len(digits) <= MAX_DIGITS and int(digits) in _DH_GROUPS:
                    entry.pfs_present, entry.pfs_line, entry.pfs_group, entry.pfs_invalid = True, line, int(digits), False
                    return True
    elif setting == "ikev2":
        if count > 7 and words[6] == "ipsec-proposal":
            names = words[7:]
            entry.ikev2_proposals, entry.ikev2_proposals_line = names, line
            defined = p.config.ipsec_proposals
            for name in names:
                if name not in defined:  # refer_unless, inline
                    p.refer("ipsec-proposal", name, line, context)
            return True
    return False


def peerless_entries(p):
    """A static entry with lines but no 'set peer' (a half-removed tunnel, a line lost in a copy): the ASA builds no
    tunnel from it, so the traffic its ACL matches, which the engineer believes protected, goes out in clear or is
    matched by no tunnel (Cisco ASA CLI configuration guide, "Configuring IPsec and ISAKMP": a crypto map entry needs
    match address, set peer and a transform set or proposal; verified: false). One finding per entry naming its
    lines; in the map's context, so it goes with the map's tunnels (or the whole ASA when the map has none). An entry
    that hands its peers to a dynamic map has none of its own (dynamic_entries names it).

    Run on the facts path (``parse_asa_config``) only, as dynamic_entries: ``parse_running_config`` keeps its
    record-level contract, where such an entry is a record and not a problem."""
    for crypto_map in p.config.crypto_maps.values():
        for seq, entry in sorted(crypto_map.entries.items()):
            if not entry.peerless():
                continue
            acl = "the traffic its ACL %s matches" % entry.acl if entry.acl else "no traffic (it has no 'match address' either)"
            p.unsupported(
                entry.lines, WARNING, "crypto map %s %d, which sets no peer (no 'set peer' line)" % (crypto_map.name, seq),
                "the ASA builds no tunnel from an entry without a peer, so %s is protected by no tunnel, and the entry is "
                "not checked" % acl,
                {"kind": "crypto-map", "name": crypto_map.name},
                ["! Add the peer: crypto map %s %d set peer <address>; or remove the entry (its 'no crypto map %s %d "
                 "...' lines)" % (crypto_map.name, seq, crypto_map.name, seq)],
                count=len(entry.lines),
            )


def dynamic_entries(p):
    """One UNSUPPORTED_CONSTRUCT per crypto map entry that hands its peers to a dynamic map.

    Run on the facts path (``parse_asa_config``) only: ``parse_running_config`` keeps its
    record-level contract, where such an entry is a record and not a problem."""
    for entry, dynamic, line, context in p.state.get("dynamic_entries", ()):
        # Peers of a dynamic map are whoever connects: no address to pair with an Azure end. Information next to
        # tunnels of the ASA with a peer (static entries, VTIs): those are checked as they are (a dynamic entry comes
        # after the static ones), and an Azure connection none of them serves is PEER_NOT_FOUND already; as a warning
        # it degraded every tunnel of an ASA that also serves remote access (review 2026-12-04: a fail_on=warning
        # gate failed on all of them). A warning where the ASA has no such tunnel: nothing of it is checked.
        static = any(e.peers and not e.dynamic for m in p.config.crypto_maps.values() for e in m.entries.values()) \
            or any(i.tunnel is not None for i in p.config.interfaces.values())
        crypto_map = p.config.crypto_maps.get(entry.map_name)
        nameif = crypto_map.interface if crypto_map is not None else None
        iface = next((i for i in p.config.interfaces.values() if nameif and i.nameif == nameif), None)
        groups = l2l_groups(p.config)
        # a dynamic map no 'crypto dynamic-map' line defines has no entry, so no proposal: it answers no peer ("A
        # dynamic crypto map requires only the transform-set parameter", ASA_VPN_GUIDE_92_DYNAMIC_MAPS); the name is
        # UNDEFINED_REFERENCE's to say
        defined = dynamic in p.config.dynamic_maps
        p.unsupported(
            [line], INFO if static else WARNING,
            "crypto map %s %d, which uses dynamic map %s" % (entry.map_name, entry.seq, dynamic),
            "the tunnels it serves have no configured peer, so they are paired with no Azure end: an Azure "
            "connection it answers is checked against its entries' crypto (proposals, PFS, lifetimes, crypto ACL), "
            "with the authentication and DPD of the tunnel-group the connection's gateway lands in, and its other "
            "peers are not checked" if defined else
            "no 'crypto dynamic-map %s' line defines that map, so the entry has no proposal and answers no peer "
            "(UNDEFINED_REFERENCE)" % dynamic,
            context,
            ["! Check the tunnels that use crypto dynamic-map %s by hand, or give each peer a static entry: "
             "crypto map %s <seq> match address <acl> / set peer <address>" % (dynamic, entry.map_name)],
            # what an Azure connection no static entry serves needs to tell whether this entry answers it
            # (pairing_dynamic_map.dynamic_maps_serving)
            dynamic_map=dynamic, dynamic_map_defined=defined, crypto_map=entry.map_name, seq=entry.seq, interface=nameif,
            interface_address=iface.address if iface is not None else None,
            tunnel_groups=groups[:GROUPS_KEPT], tunnel_groups_total=len(groups),
        )


# How many tunnel-groups a dynamic map entry's finding names; beyond them any peer may have one
# (pairing_dynamic_map.dynamic_maps_serving)
GROUPS_KEPT = 100


def l2l_groups(config):
    """The tunnel-groups an L2L peer that a dynamic map answers may land in: DefaultL2LGroup (every ASA has it; it
    serves a peer only with a key or trustpoint set) and the ipsec-l2l groups named after a peer's address. The ASA picks
    the group by the peer's IKE identity, its address for an Azure gateway, else DefaultL2LGroup (Cisco ASA VPN CLI guide,
    "Connection Profiles": "Default Tunnel Groups"; verified: false)."""
    groups = []
    for name, group in config.tunnel_groups.items():
        keyed = group.ikev2_remote_auth or group.ikev2_remote_psk is not None or group.ikev1_psk is not None \
            or group.ikev1_trustpoint
        if name == "DefaultL2LGroup" and keyed:
            groups.append(name)
        elif group.type == "ipsec-l2l" and ipv4_int(name) is not None:
            groups.append(name)
    return groups


def _entry_set(p, entry, words, line, context):
    head = words[0]
    if head == "peer" and len(words) == 1:
        # 'set peer' takes one or more addresses (Cisco ASA command reference, "crypto map set peer"; verified: false):
        # a line cut short, which the ASA refuses. The entry's peers are kept (they were emptied, and the entry named
        # as setting no peer, with no word of this line), as a 'set ikev2 ipsec-proposal' naming nothing is read
        p.invalid(line, line.text, "'set peer' followed by one or more addresses", context)
    elif head == "peer":
        entry.peers, entry.peer_line = words[1:], line
        entry.peer_addresses = []
        for token in words[1:]:
            entry.peer_addresses.append(_peer(p, entry, token, line, context))
    elif set_common(p, entry, words, line, context):
        return
    elif head == "nat-t-disable":
        entry.nat_t_disable = True
    elif head == "connection-type" and len(words) > 1:
        if words[1] in tables.CONNECTION_TYPES:
            entry.connection_type, entry.connection_type_line = words[1], line
        else:
            p.invalid(line, words[1], "one of: %s" % ", ".join(sorted(tables.CONNECTION_TYPES)), context)
    elif words[:2] == ["ikev2", "pre-shared-key"]:
        entry.map_psk = p.preshared_key(words[2:], line)
    elif head in _IKE_SET_WORDS and len(words) > 1 and words[1] not in _IKE_SET_WORDS[head]:
        # a word the command does not take (a line wrapped in a ticket: "set ikev2 ipsec-pro" / "posal X"): what the
        # line was to set is not read (review 2026-12-06: it was "not modelled" information)
        p.invalid(line, words[1], "one of: %s" % ", ".join(sorted(_IKE_SET_WORDS[head])), context)
    else:
        _not_modelled(p, entry, words, line)


# What "crypto map M S set ikev1|ikev2" takes next (Cisco ASA command reference, crypto map set ikev1 transform-set,
# set ikev2 ipsec-proposal / pre-shared-key, set ikev1 phase1-mode; verified: false)
_IKE_SET_WORDS = {"ikev1": frozenset(("transform-set", "phase1-mode")),
                  "ikev2": frozenset(("ipsec-proposal", "pre-shared-key"))}


def _not_modelled(p, entry, words, line):
    """Collected per map and setting, reported once each at the end: a setting on every entry of
    a large map is one finding, not one per entry."""
    if words[0] == "phase1-mode":  # the pre-8.4 spelling of 'set ikev1 phase1-mode' (review 2026-12-04)
        words = ["ikev1"] + words
    if words[:2] == ["ikev1", "phase1-mode"] and words[2:3] == ["main"]:
        return  # main mode, the default and what Azure negotiates: nothing to say
    setting = " ".join(words[:2])
    if setting not in SETTINGS_NOT_MODELLED:
        setting = words[0]
    collected = p.gathered("map_settings", dict, _settings_not_modelled)
    collected.setdefault((entry.dynamic, entry.map_name, setting), []).append((entry.seq, line))


def _dynamic_not_modelled(p, entry, words, line):
    """A setting of a dynamic entry read as a static entry's (DYNAMIC_SETTINGS_NOT_MODELLED) is collected as
    _not_modelled's are: its end does not model it."""
    setting = " ".join(words[:2]) if words[0] == "connection-type" else words[0]
    if setting not in DYNAMIC_SETTINGS_NOT_MODELLED:
        return  # another word (an invalid connection-type is INVALID_VALUE already), or one _entry_set names
    collected = p.gathered("map_settings", dict, _settings_not_modelled)
    collected.setdefault((True, entry.map_name, setting), []).append((entry.seq, line))


def _settings_not_modelled(p):
    for (dynamic, map_name, setting), uses in p.state["map_settings"].items():
        table = DYNAMIC_SETTINGS_NOT_MODELLED if dynamic and setting in DYNAMIC_SETTINGS_NOT_MODELLED \
            else SETTINGS_NOT_MODELLED
        severity, why = table.get(setting, (INFO, "this crypto map setting is not read"))
        kind = "dynamic-map" if dynamic else "crypto-map"
        by_seq = {}
        for seq, line in uses:
            by_seq.setdefault(seq, []).append(line)
        # A warning concerns the tunnel of its entry only; a note may stand for the whole map.
        groups = [({"kind": kind, "name": map_name, "seq": seq}, [seq], lines) for seq, lines in by_seq.items()]
        if severity == INFO and len(by_seq) > 1:
            groups = [({"kind": kind, "name": map_name}, sorted(by_seq), [line for _seq, line in uses])]
        # the command as the config holds it: a dynamic map's entries are "crypto dynamic-map D S set ..." (review
        # s49: they were named "crypto map D", which no line of the config is)
        command = "crypto dynamic-map" if dynamic else "crypto map"
        for context, seqs, lines in groups:
            p.unsupported(
                lines, severity, "%s %s set %s" % (command, map_name, setting), why, context,
                ["! Check 'set %s' on %s %s %s by hand." % (
                    setting, command, map_name, ", ".join(str(s) for s in seqs[:10]) + (" ..." if len(seqs) > 10 else ""))],
                count=len(lines),
            )


def _peer(p, entry, token, line, context):
    if token not in p.config.names and looks_like_fqdn(token):
        p.unsupported(
            [line], WARNING, "a crypto map peer given by DNS name (%s)" % token,
            "the address it resolves to is not known offline, so the peer cannot be matched with an Azure gateway",
            context, ["! Give the peer's address: crypto map %s %d set peer <address>" % (entry.map_name, entry.seq)],
        )
        return None
    text = p.config.names.get(token, token)
    if ipv4_int(text) is not None:
        return text  # str() of the address: inet_pton reads canonical IPv4 text only (test_asa_parser_values)
    address = p.address(token, line, context, "an IPv4 or IPv6 address (or a name defined by 'name')")
    return str(address) if address is not None else None


TOP_LEVEL = {
    ("crypto", "map"): crypto_map,
    ("crypto", "dynamic-map"): dynamic_map,
}
