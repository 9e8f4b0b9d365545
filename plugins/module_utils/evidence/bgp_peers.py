# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which tunnel of a report an Azure BGP event (RouteDiagnosticLog BgpConnectedEvent / BgpDisconnectedEvent) is about.

Plain Python, no Ansible import. An Azure gateway's route log covers every BGP session of the gateway; its events name
the neighbor (the on-premises BGP address, ``bgp_peer`` of azure_logs._route_signal). Review F2 #5: the address was
never compared, so one neighbor's disconnect confirmed the BGP finding of every tunnel of the gateway. A report's
tunnel carries its ends' BGP addresses (compat._add_bgp_id: ``asa.bgp.addresses`` and ``azure.bgp.neighbor``, the
on-premises address; ``azure.bgp.addresses`` is the gateway instance's, shared by all its connections, so never
matched). An event is the tunnel's whose on-premises BGP address it names; when several tunnels have that address
(an active-active gateway's two instances peering with one loopback) the event's gateway instance, then its gateway
(``Resource``), tells them apart. An event that names no address is the tunnel's only when that tunnel is the one BGP
tunnel of its gateway in the report. Every other event is unattributed: a note, never evidence for a finding.

Built once per report (``BgpPeers(tunnels)``) and each source's events attributed once (cached): a tunnel then costs
its own events, not the gateway's (issue 12: linear)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_logs import instance_number
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import is_ip

# How many addresses or tunnels a note names (as correlate.SHOWN_PEERS)
SHOWN = 5


def _bgp(end):
    block = (end or {}).get("bgp") if isinstance(end, dict) else None
    return block if isinstance(block, dict) else None


def on_premises_addresses(tunnel):
    """The tunnel's on-premises BGP addresses as the report has them: what the ASA peers from and the neighbor
    Azure expects (empty for a tunnel without BGP, or a report written before they were recorded)."""
    found = []
    asa, azure = _bgp(tunnel.get("asa")), _bgp(tunnel.get("azure"))
    addresses = (asa or {}).get("addresses")
    if isinstance(addresses, list):
        found += [a for a in addresses if isinstance(a, str) and is_ip(a)]
    neighbor = (azure or {}).get("neighbor")
    if isinstance(neighbor, str) and is_ip(neighbor):
        found.append(neighbor)
    return list(dict.fromkeys(found))


def runs_bgp(tunnel):
    """The report says an end of the tunnel runs BGP over it."""
    return bool(_bgp(tunnel.get("asa")) or _bgp(tunnel.get("azure")))


def _gateway_key(tunnel):
    azure = tunnel.get("azure") if isinstance(tunnel.get("azure"), dict) else {}
    return tuple(str(azure.get(k)) for k in ("subscription", "resource_group", "gateway"))


def _name(tunnel):
    return str(tunnel.get("name"))


class BgpPeers(object):
    """The BGP addresses of a report's tunnels, read once."""

    def __init__(self, tunnels):
        self.tunnels = [t for t in tunnels or [] if isinstance(t, dict)]
        self.ids = {id(t) for t in self.tunnels}
        self.by_address, self.by_gateway = {}, {}
        for tunnel in self.tunnels:
            for address in on_premises_addresses(tunnel):
                self.by_address.setdefault(address, []).append(tunnel)
            if runs_bgp(tunnel):
                self.by_gateway.setdefault(_gateway_key(tunnel), []).append(tunnel)
        self.recorded = bool(self.by_address)  # False: a report of no BGP addresses (no BGP, or an earlier version)
        self._done = {}

    def knows(self, tunnel):
        return id(tunnel) in self.ids

    def attribution(self, events):
        """``events``: [(position, signal)] of BGP signals (each with ``bgp_peer``), the same list object for every
        tunnel of a shared source. Returns ({id(tunnel): [(position, signal)]}, [(signal, why)] unattributed)."""
        cached = self._done.get(id(events))
        if cached is not None and cached[0] is events:
            return cached[1]
        owned, unattributed = {}, []
        for position, signal in events:
            owner, why = self._owner(signal)
            if owner is None:
                unattributed.append((signal, why))
            else:
                owned.setdefault(id(owner), []).append((position, signal))
        self._done[id(events)] = (events, (owned, unattributed))
        return owned, unattributed

    def _owner(self, signal):
        address = signal.get("bgp_peer")
        if address:
            candidates = self.by_address.get(address, [])
            if not candidates:
                if not self.recorded:
                    return None, ("it names neighbor %s and the report's tunnels carry no BGP address (a report of an "
                                  "earlier version, or no BGP checked): check again to tie it to its tunnel" % address)
                return None, "it names neighbor %s, the BGP address of no tunnel of the report" % address
        else:
            candidates = [t for tunnels in self.by_gateway.values() for t in tunnels] if len(self.by_gateway) == 1 \
                else self._same_gateway(signal)
        candidates = self._narrowed(signal, candidates)
        if len(candidates) == 1:
            return candidates[0], None
        names = sorted(_name(t) for t in candidates)
        shown = ", ".join(names[:SHOWN]) + (" and %d more" % (len(names) - SHOWN) if len(names) > SHOWN else "")
        if address:
            return None, "it names neighbor %s, the BGP address of %d tunnels (%s), which it does not tell apart" % (
                address, len(names), shown)
        if not candidates:
            return None, "it names no neighbor address and the report has no BGP tunnel on its gateway"
        return None, "it names no neighbor address and the gateway has %d BGP tunnels in the report (%s)" % (
            len(names), shown)

    def _same_gateway(self, signal):
        resource = (signal.get("resource") or "").lower()
        if not resource:
            return [t for tunnels in self.by_gateway.values() for t in tunnels]
        return [t for key, tunnels in self.by_gateway.items() if key[2].lower() == resource for t in tunnels]

    @staticmethod
    def _narrowed(signal, candidates):
        """Of several tunnels, those of the event's gateway instance, then of its gateway (``Resource``)."""
        if len(candidates) > 1:
            number = instance_number(signal.get("gateway_instance"))
            if number is not None:
                same = [t for t in candidates if str((t.get("azure") or {}).get("instance")) == number]
                candidates = same or candidates
        if len(candidates) > 1 and signal.get("resource"):
            resource = signal["resource"].lower()
            same = [t for t in candidates if str((t.get("azure") or {}).get("gateway")).lower() == resource]
            candidates = same or candidates
        return candidates


def unattributed_note(unattributed):
    """One note for the unattributed events of a source (the first few with their line and why)."""
    if not unattributed:
        return None
    parts = ["%s line %s: %s" % (s.get("message_id"), ",".join(str(n) for n in s.get("lines") or []) or "?", why)
             for s, why in unattributed[:SHOWN]]
    more = " and %d more" % (len(unattributed) - SHOWN) if len(unattributed) > SHOWN else ""
    return ("%d Azure BGP event(s) are unattributed, not taken as evidence for this tunnel's findings (%s%s)"
            % (len(unattributed), "; ".join(parts), more))
