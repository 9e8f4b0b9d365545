# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which object of an end a fix changes, and which other tunnels use that object too.

A fix is proven against every tunnel that uses what it changes (proof.py, "first, do no harm"). On the
ASA that is the device-wide kinds of EndRules. On Azure a fix changes one of three resources
(the renderers of azure/remediation.py and remediation_policy.py), each of which several tunnels may use:

- the connection: both instances of an active-active gateway use it (its ipsecPolicies, selectors, DPD,
  connection mode, enableBgp, shared key);
- the local network gateway: every connection (and each of its instances) that names it uses its address
  space, gatewayIpAddress and bgpSettings (one BGP peering address for all of them);
- the virtual network gateway: every connection on it uses its BGP ASN.

``SharedObjects.changed(end, fix)`` names the objects, ``part(end, fix, objects)`` is what of ``fix`` a
tunnel whose end uses only ``objects`` of them gets (the same change seen from that tunnel's end).

Plain Python on the model; no Ansible.
"""

CONNECTION = "connection"
LOCAL_GATEWAY = "local network gateway"
GATEWAY = "virtual network gateway"

# Azure intent kinds rendered onto the local network gateway (azure/remediation.py): its address space
# (remote_networks, route), gatewayIpAddress (peer_address) and bgpSettings (bgp_neighbor's address and ASN).
_LNG_KINDS = ("remote_networks", "route", "peer_address", "bgp_neighbor")


class SharedObjects(object):
    """Azure's: an object is (kind of object, its key); ``name(end, what)`` is how a person knows it."""

    _REFS = {CONNECTION: ("id", "connection"), LOCAL_GATEWAY: ("local_network_gateway_id", "local_network_gateway"),
             GATEWAY: ("gateway_id", "gateway")}

    objects = (CONNECTION, LOCAL_GATEWAY, GATEWAY)

    def key(self, end, what):
        """The object ``what`` of ``end`` (equal for two ends that use the same one), or None when unknown."""
        ref = end.ref or {}
        rid, name = self._REFS[what]
        if ref.get(rid):
            return (what, ref[rid].lower())  # ARM ids are case-insensitive
        if what == CONNECTION and ref.get(name, end.name):
            # no id (facts from elsewhere): a connection is named within its gateway and resource group
            return (what, ref.get("resource_group"), ref.get("gateway"), ref.get(name, end.name))
        return None

    def name(self, end, what):
        ref = end.ref or {}
        return "%s %s" % (what, ref.get(self._REFS[what][1]) or (end.name if what == CONNECTION else "?"))

    def identity(self, end):
        """Equal for the ends of one tunnel: a connection's one instance (read twice from two exports of one
        subscription, still one tunnel)."""
        ref = end.ref or {}
        return (self.key(end, CONNECTION), ref.get("instance"), ref.get("answered_by"))

    def same_tunnel(self, end, other):
        """Two ends of one connection's one instance are one tunnel read twice (two exports of one subscription):
        not another tunnel that uses the object."""
        return self.identity(end) == self.identity(other)

    @staticmethod
    def tunnel_name(end):
        """The tunnel's name in the report: the connection's, which instance of an active-active gateway, and which
        crypto map entry answers the part of it (pairing_views.answering_entries)."""
        ref = end.ref or {}
        count = ref.get("instance_count")
        name = end.name
        if isinstance(count, int) and count > 1:
            name = "%s (instance %s)" % (name, ref.get("instance"))
        return "%s (%s)" % (name, ref["answered_by"]) if ref.get("answered_by") else name

    def kinds_of(self, fix):
        """The kinds of object ``fix`` changes."""
        kind = fix.get("kind")
        if kind == "bgp_neighbor":
            # the peer's address and ASN are the LNG's bgpSettings; an own ASN is the gateway's
            return (LOCAL_GATEWAY, GATEWAY) if fix.get("asn") is not None else (LOCAL_GATEWAY,)
        if kind in _LNG_KINDS:
            return (LOCAL_GATEWAY,)
        # Everything else is the connection's (a gateway that must turn BGP on for bgp_enabled changes
        # nothing the other connections' tunnels depend on).
        return (CONNECTION,)

    def changed(self, end, fix):
        """[(what, key)] of the objects of ``end`` that ``fix`` changes (those whose key is known)."""
        out = []
        for what in self.kinds_of(fix):
            key = self.key(end, what)
            if key is not None:
                out.append(key)
        return out

    def part(self, end, fix, whats):
        """What of ``fix`` reaches ``end``, an end that uses the objects (kinds) ``whats`` of those it changes:
        the fix itself when it uses all of them, else the change to those only, or None."""
        kinds = self.kinds_of(fix)
        if all(k in whats for k in kinds):
            return fix
        if fix.get("kind") == "bgp_neighbor":
            if LOCAL_GATEWAY in whats:  # the LNG's bgpSettings, not the other gateway's ASN
                return dict(fix, asn=None)
            if GATEWAY in whats and end.bgp is not None:  # the gateway's ASN under this end's own neighbor
                return dict(fix, address=end.bgp.peer_address, remote_as=end.bgp.peer_asn)
        return None

    def essence(self, fix, what):
        """What of ``fix`` reaches a tunnel that uses only the object ``what`` of those it changes, with that tunnel's
        own values left out (part() puts them in), as a hashable value; None when nothing reaches it. Two fixes of
        one essence are the same change to that tunnel (a hub gateway's ASN, asked for by every spoke)."""
        kinds = self.kinds_of(fix)
        if all(k == what for k in kinds):
            return repr(sorted(fix.items()))
        if fix.get("kind") == "bgp_neighbor":
            if what == LOCAL_GATEWAY:
                return repr(sorted(dict(fix, asn=None).items()))
            if what == GATEWAY:
                return ("gateway asn", fix.get("asn"))
        return None

    def advice(self, end, fixes, whats):
        """What a person can do when no change of the shared object works for every tunnel that uses it."""
        if LOCAL_GATEWAY in whats and any(f.get("kind") == "bgp_neighbor" for f in fixes):
            wanted = next(f.get("address") for f in fixes if f.get("kind") == "bgp_neighbor")
            today = end.bgp.peer_address if end.bgp is not None else None
            return ("a local network gateway has one BGP peering address (Microsoft: one local network gateway "
                    "per on-premises BGP address): give this tunnel its own local network gateway (bgpPeeringAddress "
                    "%s) and connection, or, where the on-premises device can source BGP from one address for "
                    "every instance, peer from %s" % (
                        wanted, "%s, the address %s has" % (today, _lng_name(end)) if today else "that address"))
        if LOCAL_GATEWAY in whats:
            return ("a local network gateway is one on-premises device: give this tunnel its own local network "
                    "gateway and connection, or change the device so that one setting serves every tunnel")
        if CONNECTION in whats:
            ref = end.ref or {}
            count = ref.get("instance_count")
            if isinstance(count, int) and count > 1:
                return ("both instances of an active-active gateway use one connection: make the device's tunnels to "
                        "them agree, then fix them together")
            return ("crypto map entries with different settings answer parts of this one connection, which has one "
                    "IPsec policy: give those entries the same settings, then fix them together")
        return None


def _lng_name(end):
    return "local network gateway %s" % ((end.ref or {}).get("local_network_gateway") or "?")


IPSEC_PROFILE = "ipsec profile"
# ASA intent kinds rendered into a VTI's ``crypto ipsec profile`` block (asa/remediation.py ``_Entry.set``: PFS,
# the ipsec-proposal it names, the Child SA lifetimes); a crypto map entry has them on its own lines.
_PROFILE_KINDS = ("child_pfs", "child_proposal", "child_lifetime_seconds", "child_lifetime_kilobytes")


PREFIX_LIST_OUT = "outbound prefix-list"
# ASA intent kinds rendered as permits in a prefix-list other tunnels' BGP neighbors may share, by the object they
# change (asa/remediation_routed.py _prefix_list_permits: only the outbound one is given for a shared list)
_PREFIX_LIST_KINDS = {"bgp_export": PREFIX_LIST_OUT}
_PREFIX_LIST_WAYS = {PREFIX_LIST_OUT: "out"}


class AsaSharedObjects(object):
    """The ASA's: a VTI's ``crypto ipsec profile``, which other tunnel interfaces of the device may name too (one
    profile for both tunnels to an active-active gateway, or for tunnels to other peers), and the prefix-list its BGP
    neighbor is filtered with outbound (one ``TO-AZURE`` list for the neighbors of several Azure tunnels). The other
    device-wide objects (ikev2 policies, tcpmss, group-policies) are EndRules.device_wide; the prover's ASA siblings
    are the tunnels of one device, so an object's name is its key."""

    objects = (IPSEC_PROFILE, PREFIX_LIST_OUT)

    @staticmethod
    def key(end, what):
        ref = end.ref or {}
        if ref.get("kind") != "vti":
            return None
        if what == IPSEC_PROFILE:
            return (what, ref["ipsec_profile"]) if ref.get("ipsec_profile") else None
        name = (ref.get("bgp_prefix_lists") or {}).get(_PREFIX_LIST_WAYS.get(what))
        # (users of one list in the other way are other keys: the rendering refuses such a list, filters_shared_alike)
        return (what, name) if name else None

    @staticmethod
    def name(end, what):
        ref = end.ref or {}
        if what == IPSEC_PROFILE:
            return "%s %s" % (what, ref.get("ipsec_profile") or "?")
        return "%s %s" % (what, (ref.get("bgp_prefix_lists") or {}).get(_PREFIX_LIST_WAYS.get(what)) or "?")

    @staticmethod
    def identity(end):
        """The tunnel interface (one device's siblings: its name is the tunnel's)."""
        interface = (end.ref or {}).get("interface")
        return ("interface", interface) if interface is not None else ("end", id(end))

    def same_tunnel(self, end, other):
        return end is other or self.identity(end) == self.identity(other)

    @staticmethod
    def tunnel_name(end):
        return end.name

    @staticmethod
    def _object_of(fix):
        kind = fix.get("kind")
        return IPSEC_PROFILE if kind in _PROFILE_KINDS else _PREFIX_LIST_KINDS.get(kind)

    def changed(self, end, fix):
        what = self._object_of(fix)
        key = self.key(end, what) if what is not None else None
        return [key] if key is not None else []

    def part(self, end, fix, whats):
        return fix if self._object_of(fix) in whats else None

    def essence(self, fix, what):
        return repr(sorted(fix.items())) if self._object_of(fix) == what else None

    @staticmethod
    def advice(end, fixes, whats):
        if IPSEC_PROFILE not in whats:
            bgp = end.bgp
            return ("give BGP neighbor %s a prefix-list of its own with the permit, or change the other tunnels so that "
                    "one list serves them all" % (bgp.peer_address if bgp is not None else "<neighbor>"))
        profile = (end.ref or {}).get("ipsec_profile") or "<profile>"
        return ("give this tunnel interface its own ipsec profile (a copy of %s with the change, then `tunnel "
                "protection ipsec profile <copy>` under %s), or change the other tunnels' peers so that one profile "
                "serves them all" % (profile, (end.ref or {}).get("interface") or "the tunnel interface"))


# vendor -> its SharedObjects (the ASA's other shared objects are EndRules.device_wide, proven the same way).
SHARED = {"azure": SharedObjects(), "asa": AsaSharedObjects()}

__all__ = ["CONNECTION", "GATEWAY", "IPSEC_PROFILE", "LOCAL_GATEWAY", "PREFIX_LIST_OUT", "SHARED", "AsaSharedObjects",
           "SharedObjects"]
