# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Static routes, ``router bgp``, ``prefix-list`` and ``route-map``.

Sources: Cisco ASA general operations CLI configuration guide, chapters "Static and Default
Routes" (``route if_name dest mask gateway [distance]``, distance 1-255, default 1, shown in the
running configuration) and "BGP" (``router bgp``; neighbors are configured in ``address-family
ipv4 [unicast]`` mode: ``neighbor ip remote-as``, ``ebgp-multihop [ttl]`` 1-255, ``activate``,
``network ip mask m``; ``bgp log-neighbor-changes`` is on by default and shown; the address
family shows ``no auto-summary``, ``no synchronization`` and ends with ``exit-address-family``),
the ASA command reference for ``prefix-list`` (sequence numbers step 5, ``len < ge <= le``) and
``route-map``.  Refusals follow IOS/ASA BGP wording ("% BGP is already running; AS is N",
"% Specify remote-as or peer-group commands first") with the ASA's ``ERROR:`` prefix.
"""

from __future__ import annotations

import ipaddress
from typing import List, Optional

from .grammar import norm
from .rules import (Ctx, Edit, address_key, consistent, ipv4, nameifs, netmask, rank_in,
                    reorder_children)
from .store import ConfigStore

ASN_MAX = 4294967295  # 4-byte ASNs (ASA 9.6(1) and later; asdot X.Y accepted too)
ROUTER_ORDER = ["bgp log-neighbor-changes", "bgp router-id", "bgp", "timers"]
NEIGHBOR_ORDER = ["remote-as", "description", "password", "shutdown", "ebgp-multihop", "timers", "transport",
                  "ha-mode", "activate", "default-originate", "next-hop-self", "send-community",
                  "soft-reconfiguration", "weight", "maximum-prefix", "remove-private-as", "distribute-list",
                  "filter-list", "prefix-list", "route-map"]
AF_ORDER = ["neighbor", "network", "aggregate-address", "redistribute", "default-information", "distance",
            "maximum-paths", "table-map", "auto-summary", "no auto-summary", "synchronization",
            "no synchronization"]
NO_REMOTE_AS = "ERROR: % Specify remote-as or peer-group commands first"
# An equal-cost route through another interface (Cisco ASA 5500 Series Configuration Guide using the CLI,
# "Configuring Static and Default Routes": "Load sharing on the ASA is possible only for multiple next hops
# available using a single egress interface"; a default route "with a different interface than a previously
# defined default route" gets this message). Traffic zones, which allow it, are not modelled.
ROUTE_CONFLICT = "ERROR: Cannot add route entry, possible conflict with existing routes."


def valid_asn(text: str) -> bool:
    if "." in text:
        high, _dot, low = text.partition(".")
        return high.isdigit() and low.isdigit() and int(high) <= 65535 and int(low) <= 65535 \
            and (int(high), int(low)) != (0, 0)
    return text.isdigit() and 1 <= int(text) <= ASN_MAX


def _ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# -- route ----------------------------------------------------------------------------------------
def top_route(ctx: Ctx, body: List[str], negated: bool):
    n = len(body)
    if negated:
        return Edit(invalid=1) if n < 2 else None
    if n < 5:
        return Edit(invalid=n)
    if body[1] not in nameifs(ctx.store):
        return Edit(invalid=1)
    for i, check in ((2, ipv4), (3, netmask), (4, ipv4)):
        if not check(body[i]):
            return Edit(invalid=i)
    if not consistent(body[2], body[3]):
        return Edit(error="ERROR: Inconsistent address and mask")
    rest = body[5:]
    if rest and rest[0].isdigit():
        if not 1 <= int(rest[0]) <= 255:
            return Edit(invalid=5)
        metric, rest = rest[0], rest[1:]
    else:
        metric = "1"  # administrative distance: default 1, always shown
    if rest and not (rest == ["tunneled"] or (len(rest) == 2 and rest[0] == "track" and rest[1].isdigit())):
        return Edit(invalid=n - len(rest))
    if _equal_cost_elsewhere(ctx.store, body[1], body[2], body[3], metric):
        return Edit(error=ROUTE_CONFLICT)
    return Edit(body=body[:5] + [metric] + rest)


def _equal_cost_elsewhere(store: ConfigStore, nameif: str, network: str, mask: str, metric: str) -> bool:
    """Does a route to the same network with the same distance go through another interface?"""
    for i in store.top_level():
        tokens = store.lines[i].split()
        if tokens[:1] == ["route"] and len(tokens) >= 6 and tokens[2:4] == [network, mask] \
                and tokens[5] == metric and tokens[1] != nameif:
            return True
    return False


# -- router bgp -----------------------------------------------------------------------------------
def _bgp_blocks(store: ConfigStore) -> List[int]:
    return [i for i in store.top_level() if store.lines[i].split()[:2] == ["router", "bgp"]]


def top_router(ctx: Ctx, body: List[str], negated: bool):
    if body[1:2] != ["bgp"]:
        return None
    if len(body) < 3:
        return Edit(invalid=2)
    if not valid_asn(body[2]):
        return Edit(invalid=2)
    if len(body) > 3:
        return Edit(invalid=3)
    running = [ctx.store.lines[i].split()[2] for i in _bgp_blocks(ctx.store)]
    if running and running[0] != body[2]:
        return Edit(error="ERROR: %% BGP is already running; AS is %s" % running[0])
    return None


def created_bgp(store: ConfigStore, index: int) -> None:
    store.lines.insert(index + 1, " bgp log-neighbor-changes")


def child_router(ctx: Ctx, parent: int, body: List[str], negated: bool):
    n = len(body)
    if body[0] == "bgp":
        if n < 2:
            return Edit(invalid=1)
        if body[1] == "router-id" and not negated and (n != 3 or not ipv4(body[2])):
            return Edit(invalid=min(n, 2) if n < 3 or not ipv4(body[2]) else 3)
        return None
    if body[0] == "address-family":
        if n < 2 or body[1] not in ("ipv4", "ipv6"):
            return Edit(invalid=1)
        if n == 2:
            return Edit(body=body + ["unicast"])
        if body[2] != "unicast" or n > 3:
            return Edit(invalid=2 if body[2] != "unicast" else 3)
    return None


def _neighbor_lines(store: ConfigStore, af: int, address: str) -> List[List[str]]:
    return [store.lines[j].split() for j in store.children(af) if store.lines[j].split()[:2] == ["neighbor", address]]


def child_af(ctx: Ctx, parent: int, body: List[str], negated: bool):
    word = body[0]
    if word == "neighbor":
        return _neighbor(ctx, parent, body, negated)
    if word == "network":
        return None if negated else _network(body)
    if word in ("auto-summary", "synchronization"):
        if len(body) > 1:
            return Edit(invalid=1)
        return Edit(done=_set_flag(ctx.store, parent, word, not negated))
    return None


def _neighbor(ctx: Ctx, af: int, body: List[str], negated: bool):
    n = len(body)
    if n < 2 or not _ip(body[1]):
        return Edit(invalid=1)
    if negated:
        if n >= 3 and body[2] == "remote-as":
            return Edit(body=body[:2])  # "no neighbor X remote-as N" removes the neighbor
        return None
    if n < 3:
        return Edit(invalid=2)
    sub = body[2]
    if sub == "remote-as":
        if n < 4 or not valid_asn(body[3]):
            return Edit(invalid=3)
        return Edit(invalid=4) if n > 4 else None
    if sub not in NEIGHBOR_ORDER:
        return Edit(invalid=2)
    if not any(tokens[2:3] == ["remote-as"] for tokens in _neighbor_lines(ctx.store, af, body[1])):
        return Edit(error=NO_REMOTE_AS)
    if sub == "ebgp-multihop":
        if n == 3:
            return Edit(body=body + ["255"])  # no TTL given: the maximum, as shown in the config
        if n > 4 or not body[3].isdigit() or not 1 <= int(body[3]) <= 255:
            return Edit(invalid=3 if n == 4 else 4)
        return None
    if sub == "activate":
        return Edit(invalid=3) if n > 3 else None
    if sub in ("route-map", "prefix-list", "distribute-list", "filter-list"):
        if n < 4:
            return Edit(invalid=3)
        if n < 5 or body[4] not in ("in", "out") or n > 5:
            return Edit(invalid=4 if n < 5 or body[4] not in ("in", "out") else 5)
    return None


def _network(body: List[str]):
    n = len(body)
    if n < 2 or not ipv4(body[1]):
        return Edit(invalid=1)
    rest = body[2:]
    if rest[:1] == ["mask"]:
        if n < 4 or not netmask(body[3]):
            return Edit(invalid=3)
        if not consistent(body[1], body[3]):
            return Edit(error="ERROR: % Inconsistent address and mask")
        rest = body[4:]
    if rest and (rest[0] != "route-map" or len(rest) != 2):
        return Edit(invalid=n - len(rest) + (1 if rest[0] == "route-map" else 0))
    return None


def _set_flag(store: ConfigStore, af: int, word: str, on: bool) -> bool:
    """``auto-summary``/``synchronization`` are shown either way: ``no X`` is the default."""
    want = word if on else "no " + word
    prefix = " " * store.child_indent(af)
    for j in store.children(af):
        if norm(store.lines[j]) in (word, "no " + word):
            if norm(store.lines[j]) == want:
                return False
            store.lines[j] = prefix + want
            return True
    store.lines.insert(store.block_end(af), prefix + want)
    return True


def _af_rank(tokens: List[str]):
    if tokens[0] == "neighbor" and len(tokens) > 2:
        return (0, address_key(tokens[1]), rank_in(NEIGHBOR_ORDER, tokens[2:]))
    if tokens[0] == "network" and len(tokens) > 1:
        return (1, address_key(tokens[1]), 0)
    return (rank_in(AF_ORDER, tokens), (0, 0), 0)


def tidy_bgp(store: ConfigStore, index: int) -> None:
    """Router-level lines first, then each address family with its defaults and its
    ``exit-address-family`` (stray ones dropped)."""
    end = store.block_end(index)
    kids = store.children(index)
    indent = " " * store.child_indent(index)
    router: List[List[str]] = []
    families: List[List[str]] = []
    for j in kids:
        block = store.lines[j:store.block_end(j)]
        tokens = block[0].split()
        if tokens == ["exit-address-family"]:
            continue
        (families if tokens[0] == "address-family" else router).append(block)
    router.sort(key=lambda block: rank_in(ROUTER_ORDER, block[0].split()))
    lines = [store.lines[index]] + [line for block in router for line in block]
    for block in families:
        lines.extend(block)
    store.lines[index:end] = lines
    # defaults and order inside each family, then its exit line
    at = index + 1
    while at < store.block_end(index):
        tokens = store.lines[at].split()
        if tokens[0] == "address-family":
            for word in ("auto-summary", "synchronization"):
                if not any(norm(store.lines[j]) in (word, "no " + word) for j in store.children(at)):
                    store.lines.insert(store.block_end(at), " " * store.child_indent(at) + "no " + word)
            reorder_children(store, at, _af_rank)
            after = store.block_end(at)
            store.lines.insert(after, indent + "exit-address-family")
            at = after + 1
        else:
            at = store.block_end(at)


# -- prefix-list ----------------------------------------------------------------------------------
PREFIX_RANGE = "ERROR: %% Invalid prefix range for %s, make sure: len < ge-value <= le-value"


def _prefix_entries(store: ConfigStore, name: str) -> List[List[str]]:
    return [store.lines[i].split() for i in store.top_level()
            if store.lines[i].split()[:3] == ["prefix-list", name, "seq"]]


def top_prefix_list(ctx: Ctx, body: List[str], negated: bool):
    n = len(body)
    if n < 2:
        return Edit(invalid=1)
    if body[1] == "sequence-number" or (n > 2 and body[2] == "description"):
        return None
    if n == 2:
        return None if negated else Edit(invalid=2)
    at, seq = 2, None
    if body[2] == "seq":
        if n < 4 or not body[3].isdigit() or not 1 <= int(body[3]) <= 4294967294:
            return Edit(invalid=3)
        at, seq = 4, body[3]
        if negated and n == 4:
            return None
    if n <= at or body[at] not in ("permit", "deny"):
        return Edit(invalid=at)
    if n <= at + 1:
        return Edit(invalid=at + 1)
    try:
        network = ipaddress.IPv4Network(body[at + 1], strict=False)
    except ValueError:
        return Edit(invalid=at + 1)
    if "/" not in body[at + 1]:
        return Edit(invalid=at + 1)
    bounds = _bounds(body[at + 2:])
    if bounds is None:
        return Edit(invalid=at + 2)
    ge, le = bounds
    if (ge is not None and not network.prefixlen < ge <= 32) or (le is not None and not network.prefixlen < le <= 32) \
            or (ge is not None and le is not None and ge > le):
        return Edit(error=PREFIX_RANGE % network.with_prefixlen)
    entry = [body[at], network.with_prefixlen] + body[at + 2:]
    if negated:
        return Edit(done=_remove_prefix_entry(ctx.store, body[1], seq, entry))
    if seq is None:
        seqs = [int(tokens[3]) for tokens in _prefix_entries(ctx.store, body[1]) if tokens[3].isdigit()]
        seq = str((max(seqs) // 5 + 1) * 5 if seqs else 5)  # next multiple of 5, as the ASA numbers them
    return Edit(body=["prefix-list", body[1], "seq", seq] + entry)


def _bounds(words: List[str]):
    ge = le = None
    i = 0
    while i < len(words):
        if words[i] not in ("ge", "le") or i + 1 >= len(words) or not words[i + 1].isdigit():
            return None
        if words[i] == "ge":
            ge = int(words[i + 1])
        else:
            le = int(words[i + 1])
        i += 2
    return ge, le


def _remove_prefix_entry(store: ConfigStore, name: str, seq: Optional[str], entry: List[str]) -> bool:
    for i in store.top_level():
        tokens = store.lines[i].split()
        if tokens[:3] == ["prefix-list", name, "seq"] and tokens[4:] == entry and (seq is None or tokens[3] == seq):
            store.remove_block(i)
            return True
    return False


# -- route-map ------------------------------------------------------------------------------------
def top_route_map(ctx: Ctx, body: List[str], negated: bool):
    n = len(body)
    if n < 2:
        return Edit(invalid=1)
    if n == 2 and negated:
        return None  # every entry of the map
    action, seq, at = "permit", "10", 2
    if n > at and body[at] in ("permit", "deny"):
        action, at = body[at], at + 1
    if n > at:
        if not body[at].isdigit() or not 0 <= int(body[at]) <= 65535:
            return Edit(invalid=at)
        seq, at = body[at], at + 1
    if n > at:
        return Edit(invalid=at)
    line = ["route-map", body[1], action, seq]
    if not negated:
        for i in ctx.store.top_level():
            tokens = ctx.store.lines[i].split()
            if tokens[:2] == line[:2] and tokens[3:4] == [seq] and tokens[2] != action:
                ctx.store.lines[i] = " ".join(line)  # same sequence, other action: the entry changes action
    return Edit(body=line)


def tidy_route_map(store: ConfigStore, index: int) -> None:
    reorder_children(store, index, lambda tokens: (0 if tokens[0] == "description" else 1,))


# -- show bgp summary -----------------------------------------------------------------------------
def bgp_summary(store: ConfigStore) -> str:
    """``show bgp summary``: the configured neighbors, none ever established (the lab has no BGP
    speaker: a scenario ``show`` answer stands in for a live session)."""
    blocks = _bgp_blocks(store)
    if not blocks:
        return "% BGP not active\n"
    router = blocks[0]
    asn = store.lines[router].split()[2]
    router_id = next((store.lines[j].split()[2] for j in store.children(router)
                      if store.lines[j].split()[:2] == ["bgp", "router-id"] and len(store.lines[j].split()) > 2), None)
    if router_id is None:  # the highest interface address, as the router picks it
        addresses = [store.lines[j].split()[2] for i in store.top_level() if store.lines[i].startswith("interface ")
                     for j in store.children(i) if store.lines[j].split()[:2] == ["ip", "address"]]
        router_id = max(addresses, key=ipaddress.ip_address, default="0.0.0.0")
    rows = []
    for j in store.children(router):
        if store.lines[j].split()[:1] == ["address-family"]:
            for k in store.children(j):
                tokens = store.lines[k].split()
                if tokens[0] == "neighbor" and tokens[2:3] == ["remote-as"]:
                    rows.append("%-15s 4 %12s       0       0        1    0    0 never    Active" % (tokens[1], tokens[3]))
    return ("BGP router identifier %s, local AS number %s\nBGP table version is 1, main routing table version 1\n\n"
            "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n%s"
            % (router_id, asn, "".join(row + "\n" for row in rows)))
