# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A static VTI and an applied crypto map entry to the same peer (VTI_CRYPTO_MAP_SAME_PEER).

Cisco's VTI guidelines let a VTI and a crypto map share a physical interface only "provided the peer address
configured in the crypto map and the tunnel destination for the VTI are different" (ASA_VPN_GUIDE_VTI_GUIDELINES,
docs/sources.md). With both to one peer, which of the two answers that peer's IKE and Child SAs is not defined: the
usual cause is a policy-based tunnel left over after the move to a VTI (review s39 D1). Error on the VTI's own
source interface (the case the guideline names); a warning when the map is on another interface (the guideline does
not say, and the peer still has two ways to one tunnel). An unapplied map takes no traffic: CRYPTO_MAP_NOT_APPLIED
says what there is to say of it.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING

CODE = "VTI_CRYPTO_MAP_SAME_PEER"


def check_vti_crypto_map_conflicts(ctx, ends):
    """Adds a finding per (VTI, applied crypto map entry) pair to one peer, scoped to both ends."""
    maps_by_peer = {}
    for end in ends:
        ref = end.ref or {}
        if ref.get("kind") == "crypto_map" and ref.get("interface") and end.peer_address:
            maps_by_peer.setdefault(end.peer_address, []).append(end)
    if not maps_by_peer:
        return
    for end in ends:
        ref = end.ref or {}
        if ref.get("kind") != "vti" or end.peer_address not in maps_by_peer:
            continue
        iface = ctx.config.interfaces.get(ref.get("interface"))
        destination = next((line for line in (iface.tunnel.lines if iface and iface.tunnel else ())
                            if line.text.strip().startswith("tunnel destination")), None)
        for entry_end in maps_by_peer[end.peer_address]:
            _add(ctx, end, entry_end, destination)


def _add(ctx, vti, entry_end, destination):
    ref = entry_end.ref
    crypto_map = ctx.config.crypto_maps.get(ref.get("crypto_map"))
    entry = crypto_map.entries.get(ref.get("seq")) if crypto_map else None
    peer_line = entry.peer_line if entry else None
    same = ref.get("interface") == vti.ref.get("source_interface")
    where = "on the VTI's own source interface %s" % ref["interface"] if same else (
        "on interface %s (the VTI's source: %s)" % (ref["interface"], vti.ref.get("source_interface") or "none"))
    ctx.add(
        CODE,
        ERROR if same else WARNING,
        "Crypto map %s %s sets peer %s (line %s), the tunnel destination of %s (line %s), and is applied %s: "
        "Cisco's VTI guidelines allow a crypto map beside a VTI only when the crypto map's peer and the VTI's tunnel "
        "destination differ, so which of the two serves peer %s is not defined. Remove the entry that is not in use "
        "(often a policy-based tunnel left over after the move to the VTI)." % (
            ref.get("crypto_map"), ref.get("seq"), vti.peer_address, peer_line.line if peer_line else "?",
            vti.name, destination.line if destination else "?", where, vti.peer_address),
        ctx.evidence({"interface": vti.ref.get("interface"), "crypto_map": ref.get("crypto_map"),
                      "seq": ref.get("seq")}, [destination, peer_line], peer=vti.peer_address,
                     crypto_map_interface=ref.get("interface")),
        ["! Remove the crypto map entry or the tunnel interface to %s, whichever is not in use: "
         "'clear configure crypto map %s %s' removes the entry" % (vti.peer_address, ref.get("crypto_map"),
                                                                   ref.get("seq"))],
        [vti.name, entry_end.name],
    )
