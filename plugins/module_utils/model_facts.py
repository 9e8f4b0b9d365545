# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tunnel ends as facts carry them between modules, as plain JSON, and back.

model.py holds the dataclasses of the vendor-neutral model (and ``TunnelEnd.to_dict``, every field); this is how
they travel: the facts modules (asa/facts.py, azure/facts.py) write each end with ``compact_end_dict`` /
``facts_with_tunnels``, and the check (compat.py) rebuilds it with ``tunnel_end_from_dict``.

Three forms, all read by ``tunnel_end_from_dict``:
  to_dict()            every field; each ``source`` entry a {"line", "text"} dict
  compact_end_dict()   fields still at their "nothing here" default are left out, and every cited line
                       is stored once per tunnel in ``lines`` ([[line, text], ...]); a ``source`` entry
                       is then its index in that list. A crypto ACL line that expands to 60 selectors is
                       written once, not 60 times. Azure's facts, and ASA facts of earlier releases.
  device lines         what ASA facts carry (issue 12: evidence lines referenced, not copied): as
                       compact_end_dict, but the tunnels have no ``lines``; the facts hold each cited
                       line once for the device, ``cited_lines`` ({"<line number>": text}) and
                       ``cited_notes`` ([text, ...]: the explanations a source cites as line 0). A
                       ``source`` entry is then the line's number (n > 0), -1 - i for cited_notes[i],
                       or a {"line", "text"} dict (a second text for a number: not in a parsed config).
                       An ikev2 policy named by 5,000 crypto map entries is written once, not 5,000 times.

Plain Python, no Ansible import.
"""

import dataclasses

from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    Bgp,
    ChildSaProposal,
    ConfigLine,
    Dpd,
    IkeProposal,
    Lifetimes,
    NatExemption,
    PeerAuth,
    PeerAuths,
    PrefixRule,
    TrafficSelector,
    TunnelEnd,
    VersionProposals,
    address_text,
    address_texts,
    field_names,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.prefixes import prefix_text

_NESTED = {
    "ike_proposals": IkeProposal,
    "ike_proposals_responder": IkeProposal,
    "child_proposals": ChildSaProposal,
    "child_proposals_responder": ChildSaProposal,
    "traffic_selectors": TrafficSelector,
    "inactive_selectors": TrafficSelector,
}
_SINGLE = {"ike_lifetime": Lifetimes, "child_lifetime": Lifetimes, "auth": PeerAuth, "dpd": Dpd, "nat": NatExemption}
_SELECTOR_KEYS = frozenset(("local", "remote", "protocol", "source"))
_PLAIN_LISTS = ("local_networks", "remote_networks", "routed_networks", "advertised")
# TunnelEnd fields a compact dict leaves out while they hold their default, and that default; the rest
# are always written, so readers of the facts find e.g. nat.exempt or route_based where they look. Only
# the default itself is left out: an empty list is not None there (routed_networks [] is "routes nothing",
# None "not decidable"; child_proposals_responder [] is "accepts none", None "as child_proposals"), and
# reading one as the other hid ROUTE_MISSING from a check over facts.
_OMITTED_WHEN_DEFAULT = {"ike_proposals_responder": None, "child_proposals_responder": None, "pfs_source": (),
                         "networks_source": (), "local_address_source": (), "peer_address_source": (),
                         "tcp_mss_source": (), "mode_source": (), "no_bgp_source": (),
                         "max_tcp_mss": None, "tunnel_address": None, "routed_networks": None, "held_networks": None, "ingress_routes": None,
                         "bgp": None,
                         "unknowns": (), "ike_versions_source": (), "refused_dh_groups": (), "refused_algorithms": (),
                         "ikev1_refused_algorithms": (),
                         "accepts_any_selectors": False, "accepted_dh_groups": None, "proposals_version": None,
                         "other_version": None, "accepted_ike_algorithms": None, "accepted_esp_algorithms": None,
                         "ike_prf_is_integrity": False, "ike_lifetime_fixed": False, "crypto_fixed": None,
                         "child_data_limit_required": False, "ike_proposals_kept": False,
                         "local_address_private": False, "inactive_selectors": []}


class _LineTable(object):
    """The lines one compact tunnel dict cites, each once."""

    def __init__(self):
        self.rows, self._index = [], {}

    def ref(self, line):
        key = (line.line, line.text)
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.rows)
            self.rows.append([line.line, line.text])
        return index


class _DeviceLines(object):
    """The lines every compact tunnel dict of one device cites, each once: see "device lines" in the module
    docstring."""

    def __init__(self):
        self._numbered, self._notes, self._note_index = {}, [], {}

    def ref(self, line):
        number, text = line.line, line.text
        if number > 0:
            known = self._numbered.setdefault(number, text)
            if known == text:
                return number
        elif number == 0:
            index = self._note_index.get(text)
            if index is None:
                index = self._note_index[text] = len(self._notes)
                self._notes.append(text)
            return -1 - index
        return line.to_dict()  # a second text for a number (or a negative number): as it is, not lost

    def facts(self):
        """The facts' "cited_lines" and "cited_notes"; string keys, as JSON (and so Ansible) gives them back."""
        return {"cited_lines": {str(n): self._numbered[n] for n in sorted(self._numbered)},
                "cited_notes": list(self._notes)}


def _to_compact(value, table):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if type(value) is TrafficSelector:  # pylint: disable=unidiomatic-typecheck
        # what the dataclass branch below makes of it, without its per-field loop (an end may hold thousands; issue 12)
        source = value.source
        return {"local": _to_compact(value.local, table), "remote": _to_compact(value.remote, table),
                "protocol": _to_compact(value.protocol, table),
                "source": ([table.ref(s) if type(s) is ConfigLine else _to_compact(s, table)  # pylint: disable=unidiomatic-typecheck
                            for s in source] if type(source) is tuple else _to_compact(source, table))}  # pylint: disable=unidiomatic-typecheck
    if isinstance(value, ConfigLine):
        return table.ref(value)
    if isinstance(value, (list, tuple)):
        return [_to_compact(v, table) for v in value]
    if isinstance(value, dict):
        return {k: _to_compact(v, table) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        out = {}
        for name in field_names(type(value)):
            item = getattr(value, name)
            unset = item is None and name in ("lifetime_seconds", "auth_method")
            if unset or (name == "ignored_integrity" and not item):
                continue
            out[name] = _to_compact(item, table)
        return out
    return value


def compact_end_dict(end, device_lines=None):
    """``end`` as facts carry it: see the forms in the module docstring. ``device_lines``: a _DeviceLines the end's
    lines go to (the "device lines" form, no ``lines`` of its own)."""
    table = _LineTable() if device_lines is None else device_lines
    out = {}
    for name in field_names(TunnelEnd):
        if name in ("ingress_routes", "connected_networks", "peer_configs", "peer_auths"):
            continue  # the device's, carried once by its facts ("ingress", "connected_networks"), not by each end
        value = getattr(end, name)
        if name in _OMITTED_WHEN_DEFAULT and value == _OMITTED_WHEN_DEFAULT[name] \
                and type(value) is type(_OMITTED_WHEN_DEFAULT[name]):  # pylint: disable=unidiomatic-typecheck
            continue
        out[name] = _to_compact(value, table)
    if device_lines is None:
        out["lines"] = table.rows
    return out


def facts_with_tunnels(facts, ends):
    """A facts module's dict: ``facts`` (whose "tunnels" holds a placeholder) with each end's compact dict as its
    tunnels, in a new dict, "tunnels" where ``facts`` holds it. One place for every reader (asa and azure facts,
    compat_facts.ReadEnds), each with the collector paused: many small dicts, no cycles, and its scans of the objects
    a 100k-line config leaves alive were most of the time (gc_pause.py). Facts with a "cited_lines" placeholder too
    (the ASA's) get the "device lines" form, "cited_lines" and "cited_notes" where their placeholders are."""
    with gc_paused():
        if "cited_lines" not in facts:
            return dict(facts, tunnels=[compact_end_dict(end) for end in ends])
        table = _DeviceLines()
        out = dict(facts, tunnels=[compact_end_dict(end, table) for end in ends])
        out.update(table.facts())
        return out


def device_lines(facts):
    """The lines a facts dict of the "device lines" form cites ({source entry: ConfigLine}), for
    ``tunnel_end_from_dict``; None when it has none (Azure's facts, an earlier release's ASA facts)."""
    numbered, notes = facts.get("cited_lines"), facts.get("cited_notes")
    if numbered is None and notes is None:
        return None
    if not isinstance(numbered or {}, dict) or not isinstance(notes or [], list) \
            or not all(isinstance(t, str) for t in (numbered or {}).values()) \
            or not all(isinstance(t, str) for t in notes or ()):
        raise ValueError("cited_lines is not a {line number: text} dict, or cited_notes not a list of texts")
    out = {}
    for key, text in (numbered or {}).items():
        number = int(key)
        if number <= 0:
            raise ValueError("cited_lines holds line number %r" % key)
        out[number] = ConfigLine(number, text)
    for index, text in enumerate(notes or ()):
        out[-1 - index] = ConfigLine(0, text)
    return out


def ends_from_facts(facts):
    """The TunnelEnds of a facts dict's tunnels, whichever form its tunnels take."""
    lines = device_lines(facts)
    return [tunnel_end_from_dict(t, lines) for t in facts["tunnels"]]


_INT_ONLY = frozenset((int,))


def _source(entries, lines):
    if lines is None:
        return tuple(_cited(lines, s) if isinstance(s, int) else ConfigLine(int(s["line"]), s["text"])
                     for s in entries or ())
    if isinstance(lines, dict):  # the "device lines" form
        if isinstance(entries, list) and _INT_ONLY.issuperset(map(type, entries)):
            try:
                return tuple(map(lines.__getitem__, entries))  # C-speed, as below
            except KeyError as exc:
                raise ValueError("a source cites line %s, which the facts' cited_lines/cited_notes do not hold" % exc)
    elif isinstance(entries, list) and entries and _INT_ONLY.issuperset(map(type, entries)) \
            and min(entries) >= 0 and max(entries) < len(lines):
        # indexes only, all cited (what facts carry): C-speed calls, not a Python test per index (issue 12)
        return tuple(map(lines.__getitem__, entries))
    return tuple(_cited(lines, s) if isinstance(s, int) else ConfigLine(int(s["line"]), s["text"]) for s in entries or ())


def _cited(lines, index):
    """The line a compact source index (or, in the "device lines" form, number) points at; facts that point elsewhere
    are malformed, not a traceback (a negative index would silently cite another line)."""
    if lines is None:
        raise ValueError("a source cites line entry %r, and neither the tunnel's lines nor the facts' cited_lines are "
                         "given" % index)
    if isinstance(lines, dict):
        if isinstance(index, bool) or index not in lines:
            raise ValueError("a source cites line %r, which the facts' cited_lines/cited_notes do not hold" % index)
        return lines[index]
    if isinstance(index, bool) or not 0 <= index < len(lines):
        raise ValueError("a source refers to line entry %r of %d" % (index, len(lines)))
    return lines[index]


def _selectors_from_plain(items, lines):
    """TrafficSelectors from their dicts: what _from_plain makes of them, without its per-field loop
    (an end may hold thousands; issue 12). A dict with other keys goes to _from_plain."""
    out = []
    for data in items:
        if (isinstance(data, dict) and data.keys() <= _SELECTOR_KEYS and isinstance(data.get("local"), str)
                and isinstance(data.get("remote"), str) and not isinstance(data.get("protocol"), list)):
            source = data.get("source")
            out.append(TrafficSelector(data["local"], data["remote"], data.get("protocol", 0),
                                       () if not source else _source(source, lines)))
        else:
            out.append(_from_plain(TrafficSelector, data, lines))
    return out


def _from_plain(cls, data, lines=None):
    kwargs = {}
    for name in field_names(cls):
        if name not in data:
            continue
        value = data[name]
        if name == "source":
            value = _source(value, lines)
        elif name in ("import_filter", "export_filter"):
            value = None if value is None else [_from_plain(PrefixRule, v, lines) for v in value]
        elif isinstance(value, list) and name not in _PLAIN_LISTS:
            value = tuple(value)
        kwargs[name] = value
    return cls(**kwargs)


def _version_from_plain(data, lines):
    kwargs = {"version": int(data["version"]), "ref": dict(data.get("ref") or {}),
              "unknowns": tuple(data.get("unknowns") or ())}
    for name in ("ike_proposals", "child_proposals"):
        kwargs[name] = [_from_plain(_NESTED[name], v, lines) for v in data.get(name) or ()]
    for name in ("ike_lifetime", "auth"):
        kwargs[name] = _from_plain(_SINGLE[name], data.get(name) or {}, lines)
    return VersionProposals(**kwargs)


# Facts written by hand or by another tool may spell an IPv6 address or prefix otherwise than the adapters do
# (``2001:DB8:0::1``); pairing, the engine, align and superseded.py compare these as text, so they are written one way
# here, where every end read from facts passes (model.address_text). Traffic selectors are left as given: the engine
# compares them as networks, and an end may hold thousands (issue 12).
_ADDRESS_FIELDS = frozenset(("local_address", "peer_address", "tunnel_address"))
# Prefixes (not interface addresses): written as ipaddress writes the network, and one with host bits set is refused
# naming the field, as asa_vpn_tunnel and azure_vpn_connection refuse it (prefixes.host_bits_problem): "10.1.0.5/24"
# may be a typo for /32, and read as 10.1.0.0/24 it widens a network on one end only. By text, "10.1.0.5/24" and
# "10.1.0.0/24" were two networks to pairing and align, and "2001:DB8::5/48" kept its spelling.
_NETWORK_LISTS = frozenset(("local_networks", "remote_networks", "routed_networks"))
_BGP_ADDRESSES = ("local_addresses", "refused_addresses")
_BGP_PREFIXES = ("advertised", "export_dropped", "refused_prefixes")
# Azure's ref: the gateway instance's public IP, which pairing matches with an ASA's peer (useLocalAzureIpAddress)
_ADDRESS_REFS = frozenset(("public_ip", "public_ips", "private_ip"))


def _prefix_text(value, field, tunnel):
    return prefix_text(value, "%s of tunnel %r" % (field, tunnel))


def _prefix_texts(values, field, tunnel):
    """``values`` (a list or tuple of prefixes; None) each as _prefix_text writes it, in the same type."""
    if values is None:
        return None
    return type(values)(_prefix_text(v, "%s[%d]" % (field, i), tunnel) for i, v in enumerate(values))


def _bgp_from_plain(data, lines, tunnel):
    bgp = _from_plain(Bgp, data, lines)
    bgp.peer_address = address_text(bgp.peer_address)
    for name in _BGP_ADDRESSES:
        setattr(bgp, name, address_texts(getattr(bgp, name)))
    for name in _BGP_PREFIXES:
        setattr(bgp, name, _prefix_texts(getattr(bgp, name), "bgp." + name, tunnel))
    for name in ("import_filter", "export_filter"):
        for i, rule in enumerate(getattr(bgp, name) or ()):
            rule.prefix = _prefix_text(rule.prefix, "bgp.%s[%d].prefix" % (name, i), tunnel)
    return bgp


def _ref_addresses(ref):
    out = dict(ref)
    for name in _ADDRESS_REFS.intersection(ref):
        value = ref[name]
        out[name] = address_texts(value) if isinstance(value, (list, tuple)) else address_text(value)
    return out


def tunnel_end_from_dict(data, cited=None):
    """Rebuild a TunnelEnd from ``to_dict()`` or ``compact_end_dict()`` output (as facts carry it). ``cited``: the
    ``device_lines`` of the facts the tunnel is in, for the "device lines" form; a tunnel with ``lines`` of its own
    (an earlier release's facts) reads those."""
    lines = data.get("lines")
    if lines is not None:
        lines = [ConfigLine(int(row[0]), row[1]) for row in lines]
    else:
        lines = cited
    kwargs = {}
    for name in field_names(TunnelEnd):
        if name not in data:
            continue
        value = data[name]
        if name in ("traffic_selectors", "inactive_selectors"):
            value = None if value is None else _selectors_from_plain(value, lines)
        elif name in _NESTED:
            cls = _NESTED[name]
            value = None if value is None else [_from_plain(cls, v, lines) for v in value]
        elif name in _SINGLE:
            value = _from_plain(_SINGLE[name], value or {}, lines)
        elif name == "bgp":
            value = None if value is None else _bgp_from_plain(value, lines, data.get("name"))
        elif name == "other_version":
            value = None if value is None else _version_from_plain(value, lines)
        elif name in ("pfs_source", "ike_versions_source", "networks_source", "local_address_source",
                      "peer_address_source", "tcp_mss_source", "mode_source", "no_bgp_source"):
            value = _source(value, lines)
        elif name in _ADDRESS_FIELDS:
            value = address_text(value)  # facts written by hand or by another tool: compared as addresses
        elif name in _NETWORK_LISTS:
            value = _prefix_texts(value, name, data.get("name"))
        elif name == "ref" and isinstance(value, dict) and _ADDRESS_REFS.intersection(value):
            value = _ref_addresses(value)
        elif name == "peer_auths":
            value = None if value is None else PeerAuths.from_plain(value)
        elif name in ("held_networks", "ingress_routes"):
            value = None if value is None else tuple(
                value if name == "ingress_routes" else _prefix_texts(value, name, data.get("name")))
        elif name in ("ike_versions", "unknowns", "refused_dh_groups", "refused_algorithms", "ikev1_refused_algorithms",
                      "ike_rekey_reconnects") or (
                name in ("accepted_dh_groups", "accepted_ike_algorithms", "accepted_esp_algorithms")
                and value is not None):
            value = tuple(value)
        kwargs[name] = value
    return TunnelEnd(**kwargs)
