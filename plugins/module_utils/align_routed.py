# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alignment of route-based ends: the routing and BGP fix intents (fixes.py) in a
tunnel intent, and the asa_vpn_tunnel options of an ASA VTI end.

A VTI end takes the same crypto options as a crypto map entry, applied to its
ipsec profile; what a crypto map end has and a VTI does not (crypto ACL, NAT
exemption, binding the map) becomes a manual step with the reason.

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import crypto_options, finished_options
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import manual_step as _manual
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_routed import has_password, neighbor_options

# fix kind -> the intent keys it sets (align.py's table for the crypto kinds)
TOUCHES = {
    "route": ("routes",),
    "bgp_enabled": ("enable_bgp",),
    "bgp_neighbor": ("bgp",),
    "bgp_multihop": ("bgp",),
    "bgp_activate": ("bgp",),
    "bgp_advertise": ("bgp",),
    "bgp_import": ("bgp_import",),
    "bgp_export": ("bgp_export",),
    "initiator": ("initiator",),
}
# Of these an end holds one value per tunnel: the first (most severe finding) wins.
SINGULAR = ("bgp_enabled", "bgp_neighbor", "bgp_multihop")

# The step that says a moved BGP neighbor's old address stays configured: a note beside a fix the module carries, not
# a fix left to a person (align._held_fixes; route-based review 2026-12-04: it counted the neighbor fix as held)
NEIGHBOR_LEFT = "bgp_neighbor_left"


def end_bgp(end):
    """The BGP part of a tunnel intent for what ``end`` does today (None: no BGP)."""
    if end.bgp is None:
        return None
    return {"asn": end.bgp.asn, "neighbor": end.bgp.peer_address, "remote_as": end.bgp.peer_asn,
            "ebgp_multihop": end.bgp.multihop if end.bgp.multihop and end.bgp.multihop > 1 else None}


def apply_routed_fix(out, fix):
    """Apply one routing/BGP fix intent to the tunnel intent ``out``; False when ``fix`` is not one of them."""
    kind = fix["kind"]
    if kind not in TOUCHES:
        return False
    if kind == "route":
        routes = out.setdefault("routes", [])
        route = {"network": fix["network"], "next_hop": fix.get("next_hop")}
        if route not in routes:
            routes.append(route)
    elif kind == "bgp_enabled":
        out["enable_bgp"] = bool(fix["enabled"])
    elif kind in ("bgp_neighbor", "bgp_multihop", "bgp_activate", "bgp_advertise"):
        bgp = out.get("bgp") or {}
        out["bgp"] = bgp
        if kind == "bgp_neighbor":
            bgp["neighbor"] = fix["address"]
            bgp["remote_as"] = fix["remote_as"]
            if fix.get("asn") is not None and bgp.get("asn") is None:
                bgp["asn"] = fix["asn"]
        elif kind == "bgp_multihop":
            bgp["neighbor"] = fix["address"]
            bgp["ebgp_multihop"] = fix["ttl"]
        elif kind == "bgp_activate":
            bgp["neighbor"] = fix["address"]
        elif fix["networks"]:
            bgp["networks"] = sorted(set(bgp.get("networks") or []) | set(fix["networks"]))
        else:
            # The engine knows the end advertises nothing but not what it should (a VTI has no crypto ACL).
            out["advertise_unknown"] = True
    return True


def _gateway(end, next_hop):
    """The next hop of a route into the tunnel: the engine's, else the other address of a /30 or /31."""
    if next_hop:
        return next_hop
    if not end.tunnel_address:
        return None
    interface = ipaddress.ip_interface(end.tunnel_address)
    network = interface.network
    # RFC 3021: both addresses of a /31 are hosts; a /30 has two usable ones.
    if network.prefixlen == 31:
        candidates = list(network)
    elif network.prefixlen == 30:
        candidates = list(network.hosts())
    else:
        return None
    others = [str(h) for h in candidates if h != interface.ip]
    return others[0] if len(others) == 1 else None


def config_fixes(end, findings):
    """The ASA config findings of a VTI end that asa_vpn_tunnel options fix: {code: options}."""
    ref, out = end.ref, {}
    for finding in findings:
        if "asa" not in (finding.remediation or {}) or finding.fixes.get("asa"):
            continue
        if finding.code == "IKEV2_NOT_ENABLED" and ref.get("source_interface"):
            out[finding.code] = {"tunnel_source_interface": ref["source_interface"]}
        elif finding.code == "PEER_NOT_FOUND" and ref.get("peer"):
            # The tunnel-group of the tunnel's destination is missing (asa/peer.py): create it with the key.
            out[finding.code] = {"tunnel_group": ref["peer"]}
        elif finding.code == "TUNNEL_INTERFACE_SHUTDOWN" or (finding.code == "ROUTE_MISSING" and ref.get("shutdown")):
            # asa/vti_end.py: a shut VTI routes nothing (ROUTE_MISSING: facts saved by an earlier release)
            out[finding.code] = {"tunnel_enabled": True}
    return out


def vti_options(end, intent, touched, bgp_changed, findings=()):
    """asa_vpn_tunnel options for the ASA VTI end ``end``: its names from the facts' ref and only the
    settings a fix touched. Returns (options, manual steps, whether the pre-shared key is needed)."""
    ref = end.ref
    manual, needs_key = [], False
    proposals = ref.get("ipsec_proposals") or []
    options = {
        "tunnel_interface": ref.get("interface"),
        "ipsec_profile": ref.get("ipsec_profile"),
        "ipsec_proposal": proposals[0] if proposals else None,
        "tunnel_group": ref.get("tunnel_group"),
    }
    crypto_options(options, manual, intent, touched, end)
    if "peer" in touched:
        # The tunnel-group of an IKEv2 L2L peer is named after its address (see align.asa_options).
        options["peer"] = intent["peer"]
        options["tunnel_group"] = intent["peer"]
        needs_key = True
    if "pre_shared_key" in touched:
        needs_key = True
    if "tcp_mss" in touched:
        options["tcp_mss"] = intent["tcp_mss"]
    if "routes" in touched:
        routes = []
        for route in intent.get("routes") or []:
            gateway = _gateway(end, route.get("next_hop"))
            if gateway:
                routes.append({"network": route["network"], "gateway": gateway})
            else:
                manual.append(_manual("route", "route %s into %s: no next hop inside the tunnel subnet is known"
                                      % (route["network"], ref.get("nameif") or ref.get("interface"))))
        if routes:
            options["routes"] = routes
    if bgp_changed:
        bgp = {k: v for k, v in (intent.get("bgp") or {}).items() if v not in (None, [])}
        if bgp.get("asn") is None:
            manual.append(_manual("bgp", "this ASA's own AS number is not known; configure router bgp by hand"))
        else:
            options["bgp"] = bgp
            old = end.bgp.peer_address if end.bgp is not None else None
            if old and bgp.get("neighbor") and bgp["neighbor"] != old:
                manual.append(_manual(NEIGHBOR_LEFT, "neighbor %s stays configured (asa_vpn_tunnel adds "
                                      "neighbors, never removes them): remove it by hand once nothing peers "
                                      "with it" % old))
                carried = neighbor_options(end.bgp)
                if has_password(carried):
                    # masked in the config, so asa_vpn_tunnel cannot copy it: the move is a person's (the report's fix
                    # is not shown either), rather than a neighbor without its password or a refused push
                    options.pop("bgp", None)
                    manual.append(_manual("bgp_neighbor", "neighbor %s has a password, which the running config masks: "
                                          "move it to %s by hand with its options and password" % (old, bgp["neighbor"])))
                elif carried:
                    # the old neighbor's route filters go with it (review 2026-12-04: without them the new session
                    # took and sent every route); asa_vpn_tunnel reads them on the device
                    bgp["options_from"] = old
    if intent.get("advertise_unknown"):
        manual.append(_manual("bgp_advertise", "which networks this ASA should advertise over BGP is not known (a "
                              "VTI has no crypto ACL to tell): add network statements under router bgp by hand"))
    if intent.get("enable_bgp") is False and "enable_bgp" in touched:
        manual.append(_manual("bgp_enabled", "asa_vpn_tunnel does not remove BGP; remove the neighbor by hand"))
    for key, kind, reason in (
            ("local_networks", "traffic_selectors", "a VTI offers any-to-any selectors; routing decides what enters"),
            ("nat_exemption", "nat_exemption", "exempt the tunnel's traffic from NAT by hand"),
            ("bgp_import", "bgp_import", "asa_vpn_tunnel does not manage prefix-lists or route-maps"),
            ("bgp_export", "bgp_export", "asa_vpn_tunnel does not manage prefix-lists or route-maps"),
            ("initiator", "initiator", "remove responder-only from ipsec profile %s by hand"
             % ref.get("ipsec_profile")),
            ("dpd_timeout_seconds", "dpd_timeout", "asa_vpn_tunnel does not manage isakmp keepalive"),
            ("ike_version", "ike_version", "asa_vpn_tunnel configures IKEv2 tunnels only")):
        if key in touched:
            manual.append(_manual(kind, reason))
    for code, extra in config_fixes(end, findings).items():
        options.update(extra)
        if code == "PEER_NOT_FOUND":
            needs_key = True
            if ref.get("group_policy") and ref["group_policy"] != "DfltGrpPolicy":
                options["group_policy"] = ref["group_policy"]
    return finished_options(options), manual, needs_key


def azure_routed_options(intent, touched):
    """azure_vpn_connection options and manual steps for the routing/BGP intents of an Azure end."""
    options, manual = {}, []
    if "enable_bgp" in touched:
        options["enable_bgp"] = intent["enable_bgp"]
    if "initiator" in touched:
        options["connection_mode"] = "Default"
    if "routes" in touched:
        manual.append(_manual("route", "Azure routes into the tunnel what the local network gateway's address "
                              "space holds, which azure_vpn_connection does not manage: add %s there"
                              % ", ".join(r["network"] for r in intent.get("routes") or [])))
    if "bgp" in touched:
        manual.append(_manual("bgp", "Azure's BGP neighbor is the local network gateway's bgpSettings (ASN, "
                              "peering address), which azure_vpn_connection does not manage"))
    if "bgp_import" in touched:
        manual.append(_manual("bgp_import", "Azure accepts every prefix its BGP neighbor advertises; fix the "
                              "advertising side"))
    return options, manual
