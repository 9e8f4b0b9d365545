# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vendor-neutral fix intents: what one end must change, not how.

The engine says "end X must do PFS with group 19"; the ASA adapter renders
that as ``crypto map M 2 set pfs group19`` and the Azure adapter as
``ipsecPolicies[0].pfsGroup: ECP256``. Every intent is a plain dict with a
``kind`` and the values below; names use the model's canonical spellings.

kind                      values
child_pfs                 group: int or None (None = no PFS)
child_proposal            encryption: str, integrity: str or None (None for AEAD)
ike_proposal              encryption, integrity (None for AEAD), prf (None = same as integrity), dh_group: int
child_lifetime_seconds    seconds: int
child_lifetime_kilobytes  kilobytes: int or None (None = no data limit)
ike_lifetime_seconds      seconds: int
traffic_selectors         pairs: [[local_cidr, remote_cidr], ...] as seen from the end being fixed
policy_selectors          enabled: bool (offer prefix selectors instead of any-to-any)
peer_address              address: str (the address this end must expect its peer at)
ike_version               version: int
tcp_mss                   mss: int
dpd_timeout               seconds: int
nat_exemption             local: [cidr], remote: [cidr]
remote_networks           networks: [cidr] (what this end expects behind the peer)
pre_shared_key            (no values: set the same key on both ends; keys never travel here)
ike_auth_method           method: "psk" or "certificate", labels: [IKE proposal labels] (make these proposals
                          authenticate the peer by that method; no algorithm changes)
initiator                 (no values: this end must be allowed to start IKE, not answer only)
route                     network: cidr, next_hop: address or None (route this prefix into the tunnel)
bgp_enabled               enabled: bool (run BGP over this tunnel, or stop)
bgp_neighbor              address, remote_as: int, asn: int or None (this end's own ASN when it has
                          no BGP yet), peers_from: address or absent (where the peer expects this end's
                          BGP, when this end has none yet): the BGP neighbor this end must expect
bgp_multihop              address, ttl: int (eBGP TTL towards that neighbor)
bgp_activate              address (exchange IPv4 routes with that neighbor)
bgp_advertise             networks: [cidr] (advertise these over BGP)
bgp_import                networks: [cidr] (accept these from the BGP neighbor)
bgp_export                networks: [cidr] (let the outbound filter toward the BGP neighbor pass these)
"""

# How a reason an adapter gives for not carrying out an intent ends when the other end may do it instead (the Azure
# adapter's Unsupported); fix_rendering and align_partial take it back where that is not proven either.
OTHER_END_TAIL = "; change the other end instead."


def without_other_end_tail(reason):
    """``reason`` without OTHER_END_TAIL (and its full stop), for a sentence that goes on."""
    return (reason[:-len(OTHER_END_TAIL)] if reason.endswith(OTHER_END_TAIL) else reason).rstrip(".")


KINDS = (
    "child_pfs",
    "child_proposal",
    "ike_proposal",
    "child_lifetime_seconds",
    "child_lifetime_kilobytes",
    "ike_lifetime_seconds",
    "traffic_selectors",
    "policy_selectors",
    "peer_address",
    "ike_version",
    "tcp_mss",
    "dpd_timeout",
    "nat_exemption",
    "remote_networks",
    "pre_shared_key",
    "ike_auth_method",
    "initiator",
    "route",
    "bgp_enabled",
    "bgp_neighbor",
    "bgp_multihop",
    "bgp_activate",
    "bgp_advertise",
    "bgp_import",
    "bgp_export",
)


def intent(kind, **values):
    """Build one fix intent, refusing kinds nobody renders."""
    if kind not in KINDS:
        raise ValueError("unknown fix intent %r" % kind)
    values["kind"] = kind
    return values


def renderers(namespace):
    """Map every intent kind to the function ``_<kind>`` of a vendor's remediation module.

    Called with the module's ``globals()``: a vendor that forgets a kind fails on
    import, not in front of a user.
    """
    missing = [kind for kind in KINDS if "_" + kind not in namespace]
    if missing:
        raise ImportError("no renderer for fix intent(s): %s" % ", ".join(missing))
    return {kind: namespace["_" + kind] for kind in KINDS}
