# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One index of a config tree's interface addresses, tunnel source/destination pairs, nameifs and static routes, read
once per tree (``ConfigTree.memo``) and carried to a batch's next tree in the time of the blocks it changed.

Two modules ask it: push_config_checks (an address on another interface's subnet, the ASA's own address as peer, a
second VTI to the same destination) and push_vti_neighbors (which interface a BGP neighbor or a tunnel destination is
behind). They had an index each, and the second was built again for every tree of a batch: a routed end of a hub of
1,000 tunnels cost 23 ms against 3 at 100 (test_plan_hub_linear).

Plain Python, no Ansible import.
"""

import ipaddress
from bisect import bisect_left

ADDRESS_BITS = 32


class InterfaceIndex(object):
    """The interfaces' ``ip address A M [standby S]`` (the standby's too: either unit may be active), the tunnel
    interfaces' source and destination, and for the longest-prefix owner of an IPv4 address the connected subnets
    (the active address's), the nameifs and the routes through them."""

    def __init__(self, tree=None):
        self.by_address = {}  # address -> (interface, line)
        self.by_network = {}  # (version, prefixlen, first address) -> [(interface, network, line)]
        self.starts = []  # (version, first address, prefixlen, interface, network, line), sorted
        self.pairs = {}  # (source nameif, destination) -> tunnel interface
        self.entries = {}  # interface -> its keys in the above, to take them out again (``carried``)
        self.connected = {}  # (prefixlen, IPv4 network as int) -> [interface block]
        self.nameifs = {}  # nameif -> [interface block]
        self.routed = {}  # (prefixlen, IPv4 network as int) -> [(nameif, route block)]
        for block in tree.starting("interface ") if tree is not None else ():
            self._read(block)
        for block in tree.starting("route ") if tree is not None else ():
            self._read_route(block)
        self._sorted()

    def _sorted(self):
        self.starts.sort(key=_start_key)
        self._keys = [entry[:2] for entry in self.starts]

    def carried(self, gone, added):
        """This index for the tree ``ConfigTree.replaced`` makes (``gone`` blocks out, ``added`` in): copied, not
        changed (the old tree is still planned on), in the time of the interfaces and routes that changed (a batch
        of a hub's VTI ends replaces one interface block per end; building the index again cost 8 times the end's
        plan)."""
        gone = [b for b in gone if b.parent.startswith(("interface ", "route "))]
        added = [b for b in added if b.parent.startswith(("interface ", "route "))]
        if not gone and not added:
            return self
        new = InterfaceIndex()
        new.by_address, new.by_network, new.pairs = dict(self.by_address), dict(self.by_network), dict(self.pairs)
        new.starts, new.entries = list(self.starts), dict(self.entries)
        new.connected, new.nameifs, new.routed = dict(self.connected), dict(self.nameifs), dict(self.routed)
        for block in gone:
            if block.parent.startswith("route "):
                new._drop_route(block)
                continue
            new._drop_links(block)
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
            if block.parent.startswith("route "):
                new._read_route(block)
            else:
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
            elif words[:1] == ["nameif"] and len(words) == 2:
                _append(self.nameifs, words[1], block)
            elif words[:2] == ["ip", "address"] and len(words) >= 4:
                for address in [words[2]] + (words[5:6] if words[4:5] == ["standby"] else []):
                    self._add(name, address, words[3], child)
                network = _network(words[2], words[3])
                if network is not None:
                    _append(self.connected, _key(network), block)
        if source and destination and (source, destination) not in self.pairs:
            self.pairs[(source, destination)] = name
            self.entries[name][3].append((source, destination))

    def _drop_links(self, block):
        """Take an interface block out of ``connected`` and ``nameifs`` (lists copied: a carried copy shares them)."""
        for child in block.children:
            words = child.split()
            if words[:1] == ["nameif"] and len(words) == 2:
                _remove(self.nameifs, words[1], block)
            elif words[:2] == ["ip", "address"] and len(words) >= 4:
                network = _network(words[2], words[3])
                if network is not None:
                    _remove(self.connected, _key(network), block)

    def _read_route(self, block):
        words = block.parent.split()
        network = _network(words[2], words[3]) if len(words) >= 5 else None
        if network is not None:
            _append(self.routed, _key(network), (words[1], block))

    def _drop_route(self, block):
        words = block.parent.split()
        network = _network(words[2], words[3]) if len(words) >= 5 else None
        if network is not None:
            _remove(self.routed, _key(network), block)

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
        holds it (``holding``), else one inside it (the interfaces sorted by first address)."""
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

    def longest_subnet(self, tree, address):
        """(prefix length, interface header) of the connected subnet that holds IPv4 ``address`` most specifically,
        or (None, None); of two interfaces on one subnet, the later in ``tree`` (as a pass over it in order finds)."""
        value = int(address)
        for length in range(ADDRESS_BITS, -1, -1):
            blocks = self.connected.get((length, value & _mask(length)))
            if blocks:
                return length, _last(tree, blocks).parent
        return None, None

    def longest_routes(self, tree, address):
        """(prefix length, {interface header}) of the longest static routes to IPv4 ``address`` through a nameif an
        interface has, or (None, None)."""
        value = int(address)
        for length in range(ADDRESS_BITS, -1, -1):
            routes = self.routed.get((length, value & _mask(length)))
            owners = {self._owner(tree, nameif) for nameif, _block in routes or ()} - {None}
            if owners:
                return length, owners
        return None, None

    def _owner(self, tree, nameif):
        blocks = self.nameifs.get(nameif)
        return _last(tree, blocks).parent if blocks else None


def connected_where(interface, nameif, line):
    """How a finding names the interface a connected network is on: "interface GigabitEthernet0/1 (inside), line 12"
    (the engine's ROUTE_MISSING through compat_facts, and the route fixes held back in remediation_routed)."""
    return "interface %s (%s)%s" % (interface, nameif, ", line %d" % line if line > 0 else "")


def interface_index(tree):
    """The tree's InterfaceIndex, built once per tree and carried (ConfigTree._carry_memos)."""
    return tree.memo("interface addresses", InterfaceIndex)


def _append(table, key, value):
    table[key] = table.get(key, []) + [value]  # a new list: a carried copy shares the old


def _remove(table, key, block):
    """``table[key]`` without ``block`` (an entry of it, or the block of a (nameif, block) entry): a new list."""
    left = [v for v in table.get(key, ()) if (v[1] if isinstance(v, tuple) else v) is not block]
    if left:
        table[key] = left
    else:
        table.pop(key, None)


def _last(tree, blocks):
    """The block of ``blocks`` that comes last in ``tree``: a carried index appends the blocks a batch put in, which
    may stand before others; two interfaces with one subnet or nameif are a config the ASA refuses, so this pass over
    the tree is for a hand-written config only."""
    if len(blocks) == 1:
        return blocks[0]
    wanted = {id(block) for block in blocks}
    return [block for block in tree.blocks if id(block) in wanted][-1]


def _mask(length):
    return ((1 << ADDRESS_BITS) - 1) ^ ((1 << (ADDRESS_BITS - length)) - 1)


def _network(address, mask):
    try:
        return ipaddress.IPv4Network("%s/%s" % (address, mask), strict=False)
    except ValueError:
        return None


def _key(network):
    return network.prefixlen, int(network.network_address)


def _start_key(entry):
    return entry[:3]
