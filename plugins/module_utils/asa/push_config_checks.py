# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of asa_vpn_tunnel's addresses against the running config read from the device, made before the first line
is sent (push_options.py's rule: what the ASA would refuse, or could not use, fails before a push, not halfway through
it). Review s39 rev2, 7, 10 and 11: an overlapping tunnel_address, a second VTI to the same destination from the same
source, the ASA's own address as peer, a route gateway off the tunnel's subnet and a remote network the ASA is on.

Plain Python, no Ansible import.
"""

import ipaddress
from bisect import bisect_left

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_option_networks import gateway_subnet_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError


class _Addresses(object):
    """The interfaces' ``ip address A M [standby S]`` (the standby's too: either unit may be active) and the tunnel
    interfaces' source and destination, indexed once per tree (``ConfigTree.memo``): every end of a hub asks, and a
    pass over every interface per end would make planning a hub's end cost the hub's size (test_plan_hub_linear)."""

    def __init__(self, tree=None):
        self.by_address = {}  # address -> (interface, line)
        self.by_network = {}  # (version, prefixlen, first address) -> [(interface, network, line)]
        self.starts = []  # (version, first address, prefixlen, interface, network, line), sorted
        self.pairs = {}  # (source nameif, destination) -> tunnel interface
        self.entries = {}  # interface -> its keys in the above, to take them out again (``carried``)
        for block in tree.starting("interface ") if tree is not None else ():
            self._read(block)
        self._sorted()

    def _sorted(self):
        self.starts.sort(key=_start_key)
        self._keys = [entry[:2] for entry in self.starts]

    def carried(self, gone, added):
        """This index for the tree ``ConfigTree.replaced`` makes (``gone`` blocks out, ``added`` in): copied, not
        changed (the old tree is still planned on), in the time of the interfaces that changed (a batch of a hub's VTI
        ends replaces one interface block per end; building the index again cost 8 times the end's plan)."""
        gone = [b for b in gone if b.parent.startswith("interface ")]
        added = [b for b in added if b.parent.startswith("interface ")]
        if not gone and not added:
            return self
        new = _Addresses()
        new.by_address, new.by_network, new.pairs = dict(self.by_address), dict(self.by_network), dict(self.pairs)
        new.starts, new.entries = list(self.starts), dict(self.entries)
        for block in gone:
            addresses, networks, starts, pairs = new.entries.pop(block.parent.split(None, 1)[1], ((), (), (), ()))
            for key in addresses:
                new.by_address.pop(key, None)
            for key, entry in networks:
                new.by_network[key] = [e for e in new.by_network.get(key, ()) if e is not entry]
            for entry in starts:
                new.starts.remove(entry)
            for key in pairs:
                new.pairs.pop(key, None)
        for block in added:
            new._read(block)
        new._sorted()  # nearly sorted: timsort's run detection makes it a pass
        return new

    def _read(self, block):
        name = block.parent.split(None, 1)[1]
        self.entries[name] = ([], [], [], [])
        source = destination = None
        for child in block.children:
            words = child.split()
            if words[:3] == ["tunnel", "source", "interface"] and len(words) > 3:
                source = words[3]
            elif words[:2] == ["tunnel", "destination"] and len(words) > 2:
                destination = words[2]
            elif words[:2] == ["ip", "address"] and len(words) >= 4:
                for address in [words[2]] + (words[5:6] if words[4:5] == ["standby"] else []):
                    self._add(name, address, words[3], child)
        if source and destination and (source, destination) not in self.pairs:
            self.pairs[(source, destination)] = name
            self.entries[name][3].append((source, destination))

    def _add(self, name, address, mask, line):
        try:
            iface = ipaddress.ip_interface("%s/%s" % (address, mask))
        except ValueError:
            return  # ip address dhcp, or what this reader does not take
        network, entries = iface.network, self.entries[name]
        if iface.ip not in self.by_address:
            self.by_address[iface.ip] = (name, line)
            entries[0].append(iface.ip)
        key = (network.version, network.prefixlen, int(network.network_address))
        entry = (name, network, line)
        self.by_network[key] = self.by_network.get(key, []) + [entry]  # a new list: a carried copy shares the old
        entries[1].append((key, entry))
        start = (network.version, int(network.network_address), network.prefixlen, name, network, line)
        self.starts.append(start)
        entries[2].append(start)

    def holding(self, network, exclude=None):
        """(interface, its network, its line) of an interface whose network holds ``network`` (or is it), or None:
        looked up per prefix length."""
        first = int(network.network_address)
        for length in range(network.prefixlen + 1):
            mask = ((1 << length) - 1) << (network.max_prefixlen - length)
            for found in self.by_network.get((network.version, length, first & mask), ()):
                if found[0] != exclude:
                    return found
        return None

    def overlapping(self, network, exclude=None):
        """(interface, its network, its line) of an interface whose network overlaps ``network``, or None: one that
        holds it (looked up per prefix length), else one inside it (the interfaces sorted by first address)."""
        found = self.holding(network, exclude)
        if found:
            return found
        first, last = int(network.network_address), int(network.broadcast_address)
        for entry in self.starts[bisect_left(self._keys, (network.version, first)):]:
            if entry[0] != network.version or entry[1] > last:
                break
            if entry[3] != exclude:
                return entry[3:]
        return None


def _start_key(entry):
    return entry[:3]


def _addresses(tree):
    return tree.memo("interface addresses", _Addresses)


def _peer_own_error(tree, peer):
    if not peer:
        return None
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return None  # push_options says why
    found = _addresses(tree).by_address.get(address)
    if found:
        return "peer: %s is the ASA's own address (interface %s, %s): give the peer's public address" % (
            peer, found[0], found[1])
    return None


def _remote_connected_error(tree, params):
    """A remote network a connected network of the ASA overlaps: its traffic is the ASA's own side."""
    nat = params.get("nat_exemption") or {}
    given = [("remote_networks", params.get("remote_networks")), ("nat_exemption.remote_networks",
                                                                  nat.get("remote_networks"))]
    for option, values in given:
        for i, value in enumerate(values or ()):
            try:
                network = ipaddress.ip_network(value, strict=False)
            except (TypeError, ValueError):
                continue  # the planner says what is wrong with it (push_intent._net)
            # a /0 is any traffic: whether a tunnel may carry it is asked elsewhere (review s39 rev2, 4)
            found = _addresses(tree).overlapping(network) if network.prefixlen else None
            if found:
                return ("%s[%d] (%s) overlaps %s, the network of interface %s (%s): that traffic is the ASA's own "
                        "side, not the peer's; give remote networks that are behind the peer only"
                        % (option, i, network, found[1], found[0], found[2]))
    return None


def crypto_map_config_error(tree, params):
    """Raise IntentError before planning a crypto map entry whose peer or remote networks the config refutes."""
    if params.get("state", "present") != "present":
        return
    error = _peer_own_error(tree, params.get("peer")) or _remote_connected_error(tree, params)
    if error:
        raise IntentError(error)


def _address_overlap_error(tree, interface, address):
    if not address:
        return None
    found = _addresses(tree).overlapping(ipaddress.ip_interface(address).network, exclude=interface)
    if found:
        name, network, line = found
        return ("tunnel_address: %s overlaps %s, the network of interface %s (%s): the ASA refuses an address on a "
                "subnet another interface has; give the tunnel a subnet of its own" % (address, network, name, line))
    return None


def _same_pair_error(tree, intent):
    source = intent.p.get("tunnel_source_interface") or " ".join((intent.have.get("tunnel source") or [])[3:4])
    other = _addresses(tree).pairs.get((source, intent.peer)) if source and intent.peer else None
    if other is None or other == intent.interface:
        return None
    return ("interface %s already tunnels from %s to %s: a second VTI with the same source and destination would be "
            "ambiguous to IKE; give another peer, or change %s (tunnel_interface: %s)"
            % (other, source, intent.peer, other, other))


def _gateway_error(intent):
    if intent.p.get("tunnel_address") or not intent.p.get("routes"):
        return None  # push_option_networks checked them against tunnel_address
    have = intent.have.get("ip address") or []
    try:
        subnet = ipaddress.ip_interface("%s/%s" % (have[2], have[3])).network
    except (IndexError, ValueError):
        return None
    return gateway_subnet_error(intent.p["routes"], subnet, "the address interface %s has" % intent.interface)


def _route_connected_error(tree, intent):
    """A routes[].network inside (or equal to) the network of another interface (the inside, the outside the tunnel
    leaves by, another tunnel's subnet), or None: the ASA routes by the longest prefix, so that part of the network
    would go into the tunnel instead of onto the interface it is on. A route holding a whole connected network is no
    such harm (the connected network is the longer prefix: a summary such as 10.0.0.0/8 beside an inside 10.1.0.0/24);
    what it holds of a tunnel destination route_loop_error asks. The tunnel's own subnet is its own."""
    for i, route in enumerate(intent.p.get("routes") or ()):
        try:
            network = ipaddress.ip_network(route["network"], strict=False)
        except (KeyError, TypeError, ValueError):
            continue  # push_options says why
        found = _addresses(tree).holding(network, exclude=intent.interface)
        if found:
            return ("routes[%d].network: %s is within %s, the network of interface %s (%s): the route would take the "
                    "ASA's own traffic into %s; give networks behind the peer only"
                    % (i, network, found[1], found[0], found[2], intent.interface))
    return None


def vti_config_error(tree, intent):
    """Raise IntentError before planning a VTI end whose addresses the config refutes."""
    error = (_address_overlap_error(tree, "%s" % intent.interface, intent.p.get("tunnel_address"))
             or _same_pair_error(tree, intent) or _peer_own_error(tree, intent.p.get("peer"))
             or _gateway_error(intent) or _route_connected_error(tree, intent))
    if error:
        raise IntentError(error)
