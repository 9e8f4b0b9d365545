# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The networks behind an ASA for one of its crypto map tunnels: what its connected networks and static routes reach
through any interface but the one the crypto map is bound to (its default route too, where that goes inward).

A crypto ACL's local side names networks behind the ASA (Microsoft's ASA sample builds it from the on-premises
networks, azure/tables.py DOC_ASA_SAMPLE). A fix that copies the other end's view of them (a local network gateway
with a typo) would protect a network the ASA does not have and leave its real one out of the tunnel: the proof refuses
it (review 2026-12-05). Unknown (None) where a routing protocol the collection does not model runs, for a VTI, or for
facts of an older release without ``connected_networks``.
"""


class NetworksBehind(object):
    """One ASA's reach by interface, from its facts' ``connected_networks`` and ``static_routes``."""

    def __init__(self, connected, static_routes):
        self.known = connected is not None
        self.by_nameif = {}
        for nameif, network in connected or ():
            self.by_nameif.setdefault(nameif, []).append(network)
        for nameif, network, _gateway, _distance, tunnel in static_routes or ():
            if not tunnel:
                self.by_nameif.setdefault(nameif, []).append(network)
        self.memo = {}

    def of(self, end):
        """The networks behind the ASA for ``end`` (texts), or None when not known."""
        egress = (end.ref or {}).get("interface")
        if not self.known or end.route_based or not isinstance(egress, str):
            return None
        found = self.memo.get(egress)
        if found is None:
            found = self.memo[egress] = [n for nameif, nets in self.by_nameif.items() if nameif != egress for n in nets]
        return found
