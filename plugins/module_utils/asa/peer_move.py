# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an ASA tunnel end runs with once a fix moves it onto a peer whose tunnel-group the ASA holds already.

The ASA picks the tunnel-group named by the peer's address (Cisco ASA command reference, tunnel-group: a LAN-to-LAN
group is named by the peer's address), so a 'set peer' fix onto such an address writes only that line, and the tunnel
then runs with that group's authentication (remediation.new_peer_auth), its isakmp keepalive (DPD) and the IKE
versions its group-policy's vpn-tunnel-protocol allows. The proof (model_edit, fix_rendering PROOF_RULES) applies
them: review 2026-12-07, a move onto a group allowing only IKEv1 was proven with the old group's IKEv2, and onto a
group with 'isakmp keepalive disable' with the old group's DPD.
"""


def moved_ref(end, address):
    """The ref keys of the tunnel-group for ``address`` (its group_policy and vpn_tunnel_protocols), which a fix moving
    ``end`` there is written with for that group's settings; {} when not known."""
    auths = end.peer_auths
    found = auths.settings(address) if auths is not None else None
    return dict(found.ref) if found is not None else {}


def new_peer_settings(end, address):
    """The TunnelEnd fields (dpd, ike_versions, ike_versions_source, unknowns, ref) ``end`` runs with once a fix sets peer
    ``address``, per the tunnel-group of that address (TunnelEnd.peer_auths settings); {} when not known (no such
    group, or facts of an earlier release). The IKE versions are those the end is configured for (its proposals'
    version and its other_version's) that the group's group-policy allows, IKEv1 only where it is enabled on the
    interface (the adapter's ref ``ikev1_enabled``), as proposals.ike_versions reads them."""
    auths = end.peer_auths
    found = auths.settings(address) if auths is not None else None
    if found is None:
        return {}
    values = {"dpd": found.dpd, "ref": dict(end.ref, **found.ref)}
    if found.ike_versions is None:
        values["unknowns"] = tuple(end.unknowns) + (("ike_versions",) if "ike_versions" not in end.unknowns else ())
        return values
    configured = {end.proposals_version} | ({end.other_version.version} if end.other_version is not None else set())
    ikev1_on_interface = end.ref.get("ikev1_enabled", True) is not False
    versions = tuple(v for v in (1, 2) if v in configured and v in found.ike_versions and (v != 1 or ikev1_on_interface))
    if versions != tuple(end.ike_versions):
        values["ike_versions"] = versions
        values["ike_versions_source"] = tuple(end.ike_versions_source) + found.ike_versions_source
    return values
