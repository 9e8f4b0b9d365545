# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What nat_stale asks of the whole config, by network: the permits of the crypto ACLs, the manual identity twice NAT
rules and the routes into a VTI. Read once per tree (``ConfigTree.memo``) and carried to a batch's next tree in the
time of the blocks it changed: every end of a hub that drops crypto ACL lines asks, and reading every crypto ACL and
NAT line per end made such a batch cost its size squared (test_plan_hub_linear).

A line's networks are read (``config_networks``) when first asked, and again after a definition of an object it
names, directly or through groups, changed. Plain Python, no Ansible import.
"""

import ipaddress
from bisect import bisect_left, bisect_right

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_networks import ace_networks

_DEFINITIONS = ("object network ", "object-group network ")


class Nets(object):
    """Items by network, for the items whose network overlaps a given one: copied (``copy``) before a change when a
    carried index shares it with the index of an older tree."""

    def __init__(self):
        self.exact = {}  # (version, prefixlen, first address) -> (item, ...)
        self.starts = []  # the keys of ``exact``, sorted by (version, first address)
        self._sorted = True

    def copy(self):
        new = Nets()
        new.exact, new.starts, new._sorted = dict(self.exact), list(self.starts), self._sorted
        return new

    def add(self, network, item):
        key = (network.version, network.prefixlen, int(network.network_address))
        found = self.exact.get(key, ())
        if not found:
            self.starts.append((key[0], key[2], key[1]))
            self._sorted = False
        self.exact[key] = found + (item,)

    def remove(self, network, block):
        """Take out the items of ``block`` (an item's second value) under ``network``."""
        key = (network.version, network.prefixlen, int(network.network_address))
        left = tuple(i for i in self.exact.get(key, ()) if i[1] is not block)
        if left:
            self.exact[key] = left
        elif key in self.exact:
            del self.exact[key]
            self.starts.remove((key[0], key[2], key[1]))

    def overlapping(self, network):
        """The items of the networks that hold ``network`` or lie in it (CIDR networks overlap only so)."""
        if not self._sorted:
            self.starts.sort()
            self._sorted = True
        version, first = network.version, int(network.network_address)
        out = []
        for length in range(network.prefixlen + 1):
            mask = ((1 << length) - 1) << (network.max_prefixlen - length)
            out += self.exact.get((version, length, first & mask), ())
        low = bisect_left(self.starts, (version, first))
        high = bisect_right(self.starts, (version, int(network.broadcast_address), network.max_prefixlen + 1))
        for _version, start, length in self.starts[low:high]:
            if length > network.prefixlen:  # those as long or shorter were found above
                out += self.exact[(version, length, start)]
        return out


class StaleNatIndex(object):
    """The crypto ACLs' permits (their pairs of networks, by destination), the manual identity twice NAT rules (by
    destination) and the routes (by network) with the nameifs of the tunnel interfaces. Blocks are known by id (a
    Block is a dataclass, not hashable); each entry holds its block, so that the id stays its own."""

    def __init__(self, tree=None):
        self.matched = {}  # ACL name -> crypto map entry lines naming it in ``match address``
        self.aces = {}  # ACL name -> {id(access-list block): (ACL name, block, sources, destinations) or None}
        self.rules = {}  # id(nat block) -> ((A, B), block, sources, destinations), None when A or B is not read
        self.blocks = {}  # id(block) -> block, of ``aces`` and ``rules``
        self.pending = {}  # id(nat or access-list block) -> block, or ACL name -> True: read when next asked
        self.users = {}  # object name -> {id(block) or a group's name: how many times it names it}
        self.ace_nets, self.rule_nets, self.routes = Nets(), Nets(), Nets()
        self.tunnel_nameifs = {}  # nameif of a TunnelN -> how many interfaces have it
        if tree is None:
            return
        for block in tree.starting("crypto "):
            self._entry(block, 1)
        self.pending.update((name, True) for name, count in self.matched.items() if count > 0)
        for prefix in _DEFINITIONS:
            for block in tree.starting(prefix):
                self._definition(block, 1)
        for block in tree.starting("nat "):
            self._nat(block)
        for block in tree.starting("interface "):
            self._interface(block, 1)
        for block in tree.starting("route "):
            self._route(block, True)

    # -- reading blocks ---------------------------------------------------------------------------------------------
    def _entry(self, block, step):
        """A crypto map entry's ``match address``: the ACL it names counted (``step`` 1) or no longer (-1)."""
        words = block.parent.split()
        if "match" in words and words[-2:-1] == ["address"]:
            self.matched[words[-1]] = self.matched.get(words[-1], 0) + step

    def _definition(self, block, step):
        """The objects a network object or group names (``network-object object N``, ``group-object G``)."""
        words = block.parent.split()
        if len(words) < 3:
            return
        for child in block.children:
            named = child.split()
            if named[:1] == ["network-object"]:
                named = named[1:]
            if len(named) > 1 and named[0] in ("object", "group-object"):
                self._use(named[1], words[2], None, step)

    def _nat(self, block):
        if " after-auto " in block.parent:
            return
        names = _identity_names(block.parent)
        if names is not None:
            self.rules[id(block)] = None
            self.blocks[id(block)] = block
            self.pending[id(block)] = block
            for name in set(names):
                self._use(name, id(block), block, 1)

    def _interface(self, block, step):
        if block.parent.split()[1].lower().startswith("tunnel"):
            for child in block.children:
                if child.startswith("nameif "):
                    name = child.split()[1]
                    self.tunnel_nameifs[name] = self.tunnel_nameifs.get(name, 0) + step

    def _route(self, block, add):
        words = block.parent.split()
        network = _network("%s/%s" % (words[2], words[3])) if len(words) > 3 else None
        if network is not None and add:
            self.routes.add(network, (words[1], block, network))
        elif network is not None:
            self.routes.remove(network, block)

    def _use(self, name, user, block, step):
        users = dict(self.users.get(name, {}))  # a new dict: a carried copy shares the old
        count = users.get(user, (0, block))[0] + step
        if count > 0:
            users[user] = (count, block)
        else:
            users.pop(user, None)
        self.users[name] = users

    # -- carrying -------------------------------------------------------------------------------------------------
    def carried(self, gone, added):
        """This index for the tree ``ConfigTree.replaced`` makes (``gone`` blocks out, ``added`` in): copied, not
        changed (the old tree is still planned on), in the time of the blocks that changed."""
        kinds = ("crypto ", "access-list ", "nat ", "interface ", "route ") + _DEFINITIONS
        gone = [b for b in gone if b.parent.startswith(kinds)]
        added = [b for b in added if b.parent.startswith(kinds)]
        if not gone and not added:
            return self
        new = StaleNatIndex()
        new.matched, new.aces, new.rules, new.blocks = dict(self.matched), dict(self.aces), dict(self.rules), dict(
            self.blocks)
        new.pending, new.users, new.tunnel_nameifs = dict(self.pending), dict(self.users), dict(self.tunnel_nameifs)
        new.ace_nets, new.rule_nets, new.routes = self.ace_nets.copy(), self.rule_nets.copy(), self.routes.copy()
        new._carry(gone, added)
        return new

    def _carry(self, gone, added):
        was = {name for name, count in self.matched.items() if count > 0}
        for block in gone:
            if block.parent.startswith("crypto "):
                self._entry(block, -1)
        for block in added:
            if block.parent.startswith("crypto "):
                self._entry(block, 1)
        now = {name for name, count in self.matched.items() if count > 0}
        for name in was - now:
            self._drop_acl(name)
        self.pending.update((name, True) for name in now - was)
        changed = set()
        for block in gone:
            words = block.parent.split()
            if words[0] == "access-list":
                self._drop_ace(block)
            elif words[0] == "nat":
                self._drop_rule(block)
            elif words[0] == "interface":
                self._interface(block, -1)
            elif words[0] == "route":
                self._route(block, False)
            elif block.parent.startswith(_DEFINITIONS) and len(words) > 2:
                self._definition(block, -1)
                changed.add(words[2])
        for block in added:
            words = block.parent.split()
            if words[0] == "access-list":
                if len(words) > 1 and words[1] in now and words[1] not in self.pending:
                    self.pending[id(block)] = block
            elif words[0] == "nat":
                self._nat(block)
            elif words[0] == "interface":
                self._interface(block, 1)
            elif words[0] == "route":
                self._route(block, True)
            elif block.parent.startswith(_DEFINITIONS) and len(words) > 2:
                self._definition(block, 1)
                changed.add(words[2])
        self._read_again(changed)

    def _read_again(self, changed):
        """The entries naming an object of ``changed``, or a group that holds one, read again when next asked."""
        seen, todo = set(), list(changed)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for user, (_count, block) in self.users.get(name, {}).items():
                if block is None:
                    todo.append(user)  # a group naming it
                elif user in self.rules:
                    self._drop_rule(block)
                    self._nat(block)
                elif user in self.aces.get(block.parent.split()[1], {}):
                    self._drop_ace(block)
                    self.pending[user] = block

    def _drop_acl(self, name):
        for _entry, block in list(self.aces.get(name, {}).values()):
            self._drop_ace(block)
        self.aces.pop(name, None)
        self.pending.pop(name, None)

    def _drop_ace(self, block):
        self.pending.pop(id(block), None)
        words = block.parent.split()
        entries = self.aces.get(words[1]) if len(words) > 1 else None
        if not entries or id(block) not in entries:
            return
        entries = dict(entries)
        entry, _block = entries.pop(id(block))
        self.aces[words[1]] = entries
        self.blocks.pop(id(block), None)
        for network in entry[3] if entry else ():
            self.ace_nets.remove(network, block)
        for name in _object_names(words):
            self._use(name, id(block), block, -1)

    def _drop_rule(self, block):
        self.pending.pop(id(block), None)
        if id(block) not in self.rules:
            return
        entry = self.rules.pop(id(block))
        self.blocks.pop(id(block), None)
        for network in entry[3] if entry else ():
            self.rule_nets.remove(network, block)
        for name in set(_identity_names(block.parent) or ()):
            self._use(name, id(block), block, -1)

    # -- reading what is pending ------------------------------------------------------------------------------------
    def ready(self, tree, identity_rule):
        """This index with what is pending read from ``tree`` (the tree it is the memo of); ``identity_rule(tree,
        line)``: nat_stale's reading of a rule. It changes its own structures only: a carried index copied them."""
        if not self.pending:
            return self
        pending, self.pending = self.pending, {}
        for name in [p for p in pending if isinstance(p, str)]:
            prefix = "access-list %s " % name
            for block in tree.starting(prefix):
                self._read_ace(tree, name, prefix, block)
        for key, block in pending.items():
            if isinstance(key, str):
                continue
            if block.parent.startswith("nat "):
                found = identity_rule(tree, block.parent)
                entry = found and (found[0], block, found[1], found[2])
                self.rules[key] = entry
                for network in entry[3] if entry else ():
                    self.rule_nets.add(network, entry)
            else:
                name = block.parent.split()[1]
                if name not in pending and self.matched.get(name, 0) > 0:
                    self._read_ace(tree, name, "access-list %s " % name, block)
        return self

    def _read_ace(self, tree, name, prefix, block):
        if id(block) in self.aces.get(name, {}):
            return
        words = block.parent[len(prefix):].split()
        if words[:1] == ["extended"]:
            words = words[1:]
        found = ace_networks(tree, words) if words[:1] == ["permit"] else None
        entry = (name, block, found[0], found[1]) if found is not None else None
        entries = dict(self.aces.get(name, {}))
        entries[id(block)] = (entry, block)
        self.aces[name] = entries
        self.blocks[id(block)] = block
        for network in entry[3] if entry else ():
            self.ace_nets.add(network, entry)
        for other in _object_names(block.parent.split()):
            self._use(other, id(block), block, 1)

    # -- asking -----------------------------------------------------------------------------------------------------
    def rules_meeting(self, destinations):
        """The identity rules ((A, B), block, sources, destinations) with a destination overlapping one of
        ``destinations``."""
        found = {}
        for network in destinations:
            for entry in self.rule_nets.overlapping(network):
                found[id(entry)] = entry
        return list(found.values())

    def other_acl_meets(self, acl, source, destination):
        """Whether a permit of a crypto ACL other than ``acl`` meets (source, destination)."""
        return any(entry[0] != acl and any(_overlaps(source, s) for s in entry[2])
                   for entry in self.ace_nets.overlapping(destination))

    def vti_route_meets(self, network):
        """Whether a route into a tunnel interface's nameif meets ``network``."""
        return any(self.tunnel_nameifs.get(nameif, 0) > 0 for nameif, _block, _route in self.routes.overlapping(network))


def _identity_names(line):
    """(A, B) of a line shaped ``nat (x,y) [N] source static A A destination static B B [options]``, else None."""
    words = line.split()
    at = 3 if len(words) > 2 and words[2].isdigit() else 2
    rest = words[at:]
    if len(rest) < 8 or rest[:2] != ["source", "static"] or rest[4:6] != ["destination", "static"]:
        return None
    return rest[2], rest[6]


def _object_names(words):
    return {words[i + 1] for i, word in enumerate(words[:-1]) if word in ("object", "object-group")}


def _network(text):
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def _overlaps(one, other):
    return one.version == other.version and one.overlaps(other)
