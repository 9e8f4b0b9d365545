# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which ASA end and which Azure end are one tunnel (compat.run_check pairs them with pair_ends).

An estate is read in one run: many ASAs, many subscriptions. One Azure VPN gateway usually serves many sites (hub and
spoke), so every spoke's ASA has the same peer, the gateway's address: the peer alone does not tell the sites apart.
What tells them apart is the connection's local network gateway (LNG): its ``gatewayIpAddress`` is the ASA's own
address (the Azure end's ``peer_address``, the ASA end's ``local_address``). When an ASA is behind NAT its own address
is not the LNG's, and then what the two ends say of the site (the BGP neighbour, the site's networks) decides, or,
when nothing does, the connection is reported as unclear (compat) rather than paired with a guess.

Plain Python, no Ansible import. Linear in the number of ends: every lookup is a dict; each candidate list is walked
once from its head (issue 12: 20,000 tunnels).
"""

import ipaddress

# How many candidate ASA ends an unclear connection's finding names (the count says how many there were).
UNCLEAR_NAMED = 10
# How many free ends past the head of one address pair's list pairing looks at for one of the connection's kind.
FITTING_LOOKAHEAD = 8


def connection_key(end):
    """The connection an end belongs to: the instances of one active-active connection share it. The subscription is
    part of it: one landing-zone template gives the same resource group, gateway and connection names in each."""
    ref = end.ref or {}
    return (end.vendor, ref.get("subscription"), ref.get("resource_group"), ref.get("gateway"),
            ref.get("connection", end.name))


def instance_count(end):
    count = (end.ref or {}).get("instance_count")
    return count if isinstance(count, int) else 1


def site_keys(end, asa):
    """What an end says of the site beyond its addresses, as keys both vendors' ends give alike: the BGP neighbour
    (the ASA's own ASN and peering address = the LNG's bgpSettings) and the site's networks (what the ASA protects or
    routes = the LNG's address space)."""
    keys = []
    bgp = end.bgp
    if bgp is not None:
        asn, addresses = (bgp.asn, bgp.local_addresses) if asa else (bgp.peer_asn, (bgp.peer_address,))
        keys.extend(("bgp", asn, address) for address in addresses or () if address)
    networks = end.local_networks if asa else end.remote_networks
    if networks:
        keys.append(("networks", frozenset(networks)))
    return list(dict.fromkeys(keys))


def _other_site(asa_end, azure_end):
    """Whether what the two ends say of the site (site_keys' BGP neighbour and networks) is known on both and differs
    wholly: the connection is to another site. An end saying nothing of one of them is no other site."""
    said = 0
    mine, theirs = asa_end.bgp, azure_end.bgp
    if mine is not None and theirs is not None and mine.asn and theirs.peer_asn and theirs.peer_address:
        if mine.asn == theirs.peer_asn or theirs.peer_address in (mine.local_addresses or ()):
            return False
        said += 1
    networks, others = asa_end.local_networks, azure_end.remote_networks
    if networks and others:
        if not _disjoint(networks, others):
            return False
        said += 1
    return said > 0


def _says_this_site(asa_end, azure_end):
    """Whether the ASA end's remote networks reach the connection's own, or its BGP neighbour is the local network
    gateway's (ASN and address): positive evidence, not the absence of a contradiction."""
    remote, local = asa_end.remote_networks, azure_end.local_networks
    if remote and local and not _disjoint(remote, local):
        return True
    return _bgp_neighbour_is_the_lngs(asa_end, azure_end)


def _bgp_neighbour_is_the_lngs(asa_end, azure_end):
    """The ASA end's BGP (its ASN and a peering address) is what the local network gateway's bgpSettings name."""
    mine, theirs = asa_end.bgp, azure_end.bgp
    return bool(mine is not None and theirs is not None and mine.asn and mine.asn == theirs.peer_asn
                and theirs.peer_address and theirs.peer_address in (mine.local_addresses or ()))


def peer_fix_safe(asa_end, azure_end):
    """Whether pointing ``asa_end`` (paired by its own address alone) at the connection cuts no other VPN as far as the
    ends say: every network it protects is within the connection's own, or its BGP neighbour is the local network
    gateway's. An entry to wider or other networks may be a partner's (review 2026-12-06)."""
    remote, local = asa_end.remote_networks, azure_end.local_networks
    if remote and local:
        try:
            nets = [ipaddress.ip_network(n, strict=False) for n in local]
            if all(any(net.version == mine.version and mine.subnet_of(net) for net in nets)
                   for mine in (ipaddress.ip_network(n, strict=False) for n in remote)):
                return True
        except ValueError:
            return False
    return _bgp_neighbour_is_the_lngs(asa_end, azure_end)


def _disjoint(networks, others):
    """Both lists known, and no network of one overlaps one of the other (False where one is not a network)."""
    if not networks or not others:
        return False
    try:
        nets = [ipaddress.ip_network(n, strict=False) for n in networks]
        return not any(a.version == b.version and a.overlaps(b) for a in nets
                       for b in (ipaddress.ip_network(n, strict=False) for n in others))
    except ValueError:
        return False


def _only(index, keys):
    """The one item the keys find in ``index`` (key -> items), or None when they find none or more than one."""
    found = None
    for key in keys:
        items = index.get(key)
        if not items:
            continue
        if len(items) > 1 or (found is not None and found != items[0]):
            return None
        found = items[0]
    return found


def _differ(one, other):
    """Two addresses both known (valid IP addresses: not masked, not missing) and not the same."""
    try:
        return ipaddress.ip_address(one) != ipaddress.ip_address(other)
    except ValueError:
        return False


def pair_ends(left, right, unclear=None, one_source_each=False, standby=None, contended=None, inferred=None):
    """Pair ASA ends (``left``) with Azure ends (``right``): an ASA end's peer is the Azure end's local address.

    Returns (pairs, unpaired_left, unpaired_right). A route-based end (VTI) pairs with a route-based
    connection the same way. In three steps, none depending on the order of the right ends:

    0. Right ends that both addresses match with more of them than left ends at those addresses (two connections from
       one gateway address to one ASA: a stale export in another subscription, a public IP reused) are contended: none
       is paired by its place in the input (review 2026-12-06, estate #4: the file that sorted first took the ASA, the
       other got a false PEER_NOT_FOUND). Each is appended to ``contended`` (a list, if given) as (the end, the left
       ends at those addresses, (up to UNCLEAR_NAMED other right ends, how many there are)) and left out of every step
       below, as are those left ends: a third connection that matches them by the peer alone is not theirs either.

    1. Both addresses: the first free left end (input order; one of the right end's kind, route-based or not, first:
       first_fitting) whose peer is the right end's local address and whose own
       address is the right end's peer (the LNG's address), or which has no peer and is at that address.
    2. The peer only, for the right ends left: among the free left ends with that peer and the right ends left at that
       gateway address (a right end on its private address by design, Azure's useLocalAzureIpAddress, waits at its
       gateway's public address when no left end has the private one as its peer), one of each is a pair; more on
       either side pair only where the site keys (site_keys) match one end on each side. A right end with candidates
       none of which is told apart is appended to ``unclear`` (a list, if given) as (the end, up to UNCLEAR_NAMED
       candidate left ends, how many there were) and not paired; one whose candidates all paired so with other right
       ends is left, as it is when it had none (step 3, compat).
       ``standby``: ids of left ends of a failover unit that is not active (read without its active mate): such an end
       is no candidate where an end of another ASA is at its address (the README's failover promise: an Azure end
       pairs with the active unit's end at the same address; step 1 keeps it by the input order, fact_sources.py).
    3. When exactly one end is left on each side and one address still matches (the ASA's own address is the LNG's:
       its ``set peer`` is wrong or masked), they are paired anyway, so the wrong address shows up as a finding on the
       pair instead of two lonely ends. Not when no address matches: in an estate the last two ends are as likely two
       unrelated devices (a partner VPN, a site not in the run) as one tunnel, and "one ASA and one Azure source"
       alone does not make them one either (an ASA's partner tunnels and a subscription's other sites are there too),
       so a shared address is the safer of the two conditions. The one exception: with ``one_source_each`` (the run
       reads one ASA and one Azure source) and no address known on both ends that differs (masked, or an export whose
       references do not resolve), nothing says they are two devices, and two lonely ends would hide the masked value.
       An active-active instance whose sibling found its peer never takes part in that (its missing tunnel is a
       finding of its own). The ends of one crypto map entry's peers ('set peer PRIMARY BACKUP', one end each) are
       that one end left: the first of them an address matches is paired.
       ``inferred`` (a list, if given) gets the left ends step 3 paired: their own ``set peer`` names no end of the run,
       so a fix of it is left to a person (it may be another VPN of that ASA; compat).
    """
    exact, by_peer, by_local = {}, {}, {}
    for i, l in enumerate(left):
        if l.peer_address:
            by_peer.setdefault(l.peer_address, []).append(i)
            if l.local_address:
                exact.setdefault((l.peer_address, l.local_address), []).append(i)
        elif l.local_address:
            by_local.setdefault(l.local_address, []).append(i)
    used = [False] * len(left)
    heads = {}  # list id -> position of its first index not used (an index may be in two lists: skip the used ones)

    def first_free(candidates):
        if not candidates:
            return None
        pos = heads.get(id(candidates), 0)
        while pos < len(candidates) and used[candidates[pos]]:
            pos += 1
        heads[id(candidates)] = pos
        return candidates[pos] if pos < len(candidates) else None

    def first_fitting(candidates, r):
        """The first free end of ``candidates`` whose kind (route-based or not) is the right end's (route-based, or
        running BGP), looked for among the next few free ones; else the first free. A VTI and a crypto map entry left
        over to the same peer are both at one address pair (review s39 D1: the entry took a route-based BGP connection,
        its VTI set aside); Cisco does not allow the two to one peer (asa/vti_conflicts.py says so), and the connection
        is the end its settings are built for. Bounded: a list at one address pair is walked at most FITTING_LOOKAHEAD
        ends past its head. getattr: test doubles of an end may lack the fields."""
        i = first_free(candidates)
        # BGP over the connection is a route-based design even with policy-based selectors on
        routed = bool(getattr(r, "route_based", False) or getattr(r, "bgp", None) is not None)
        if i is None or bool(getattr(left[i], "route_based", False)) == routed:
            return i
        pos = heads[id(candidates)]
        for j in candidates[pos + 1:pos + 1 + FITTING_LOOKAHEAD]:
            if not used[j] and bool(getattr(left[j], "route_based", False)) == routed:
                return j
        return i

    pairs, paired_right = [], set()

    def pair(i, r):
        used[i] = True
        paired_right.add(id(r))
        pairs.append((left[i], r))

    claims = {}  # (gateway address, LNG address) -> the right ends with both
    for r in right:
        if r.local_address and r.peer_address:
            claims.setdefault((r.local_address, r.peer_address), []).append(r)
    contended_ids = set()
    for key, claimants in claims.items():
        at = exact.get(key)
        if at and len(claimants) > len(at):
            claimed = [left[i] for i in at]  # one list for all its claimants
            for i in at:  # theirs: no later step pairs them with a connection that matches them less (review R2)
                used[i] = True
            # each names at most UNCLEAR_NAMED others (a list per claimant of all the others was quadratic: a
            # thousand connections to one address in a fuzzed export)
            shown = claimants[:UNCLEAR_NAMED + 1]
            for r in claimants:
                contended_ids.add(id(r))
                if contended is not None:
                    contended.append((r, claimed, ([o for o in shown if o is not r][:UNCLEAR_NAMED],
                                                   len(claimants) - 1)))

    waiting = {}  # gateway address -> right ends that step 1 left, in input order
    for r in right:
        if id(r) in contended_ids:
            continue
        lists = (exact.get((r.local_address, r.peer_address)) if r.local_address and r.peer_address else None,
                 by_local.get(r.peer_address) if r.peer_address else None)
        options = [i for i in (first_fitting(c, r) for c in lists) if i is not None]
        if options:
            pair(min(options), r)
        elif r.local_address in by_peer:
            waiting.setdefault(r.local_address, []).append(r)
        elif r.local_address_private and (r.ref or {}).get("public_ip") in by_peer:
            # an ASA aimed at the public address of a gateway whose connection ends on its private one: one tunnel
            # with a wrong peer (the engine's PEER_ADDRESS_MISMATCH), not a missing one
            waiting.setdefault(r.ref["public_ip"], []).append(r)

    unclear_ids = set()
    for address, group in waiting.items():
        candidates = [i for i in by_peer[address] if not used[i]]  # each by_peer list walked once here
        if standby:
            active_at = {left[i].local_address for i in candidates if id(left[i]) not in standby}
            candidates = [i for i in candidates if id(left[i]) not in standby or left[i].local_address not in active_at]
        if not candidates:
            continue
        if len(candidates) == 1 and len(group) == 1:
            pair(candidates[0], group[0])
            continue
        left_keys, right_keys = {}, {}
        for i in candidates:
            for key in site_keys(left[i], True):
                left_keys.setdefault(key, []).append(i)
        for j, r in enumerate(group):
            for key in site_keys(r, False):
                right_keys.setdefault(key, []).append(j)
        unmatched = []
        for j, r in enumerate(group):
            i = _only(left_keys, site_keys(r, False))
            if i is not None and _only(right_keys, site_keys(left[i], True)) == j:
                pair(i, r)
            else:
                unmatched.append(r)
        # The candidates the keys gave to other connections are theirs: an end whose every candidate went so has no
        # tunnel here (an active-active instance without its cross tunnel, behind NAT as in public), nothing unclear.
        candidates = [i for i in candidates if not used[i]]
        for r in unmatched if candidates else ():
            # a candidate whose BGP neighbour and networks both name another site is none (review 2026-12-05: a spoke
            # read alone against its hub's export made the hub's other sites' connections unclear errors)
            possible = [i for i in candidates if not _other_site(left[i], r)]
            if not possible:
                continue
            unclear_ids.add(id(r))
            if unclear is not None:
                unclear.append((r, [left[i] for i in possible[:UNCLEAR_NAMED]], len(possible)))

    rest_left = [l for i, l in enumerate(left) if not used[i]]
    rest_right = [r for r in right if id(r) not in paired_right]
    paired_connections = {connection_key(r) for _l, r in pairs}
    lonely_right = [r for r in rest_right if id(r) not in unclear_ids and id(r) not in contended_ids
                    and not (instance_count(r) > 1 and connection_key(r) in paired_connections)]
    alone = _alone_at_one_address(rest_left, lonely_right)
    if inferred is not None:
        inferred.extend(l for l, _r in alone)
    if alone:  # the lists filtered once, not per pair (20,000 stale peers after a gateway's new address: quadratic)
        pairs.extend(alone)
        taken = {id(end) for pair in alone for end in pair}
        rest_left = [l for l in rest_left if id(l) not in taken]
        rest_right = [r for r in rest_right if id(r) not in taken]
        lonely_right = [r for r in lonely_right if id(r) not in taken]
    if len(lonely_right) == 1 and rest_left and (len(rest_left) == 1 or _one_entry(rest_left)):
        last_right = lonely_right[0]
        for last_left in rest_left:  # the peers of one entry ('set peer A B'), first peer first
            if _disjoint(last_left.remote_networks, last_right.local_networks):
                continue  # a partner's entry, not this connection's (see _alone_at_one_address)
            if (last_left.local_address and last_left.local_address == last_right.peer_address) or (
                    last_left.peer_address and last_left.peer_address == last_right.local_address) or (
                    one_source_each and not _differ(last_left.local_address, last_right.peer_address)
                    and not _differ(last_left.peer_address, last_right.local_address)):
                pairs.append((last_left, last_right))
                if inferred is not None:
                    inferred.append(last_left)
                rest_left = [l for l in rest_left if l is not last_left]
                rest_right = [r for r in rest_right if r is not last_right]
                break
    return pairs, rest_left, rest_right


def _alone_at_one_address(rest_left, lonely_right):
    """Step 3 address by address: where the one Azure end left whose LNG is at an address (its ``peer_address``) meets
    the one ASA end left at that address (or the peers of one entry), and what they say of the site does not name two
    sites, they are one tunnel whose ``set peer`` is wrong or masked. Decided at that address alone, so a tunnel's
    verdict does not hang on how many unrelated ends the rest of the estate leaves (review 2026-12-06, estate #1:
    a typo in ``set peer`` paired in a directory run only when no other site was left unpaired)."""
    at_address = {}
    for r in lonely_right:
        if r.peer_address:
            at_address.setdefault(r.peer_address, []).append(r)
    left_at = {}
    for l in rest_left:
        if l.local_address in at_address:
            left_at.setdefault(l.local_address, []).append(l)
    out = []
    for address, rights in at_address.items():
        ends = left_at.get(address)
        if len(rights) != 1 or not ends or not (len(ends) == 1 or _one_entry(ends)):
            continue
        # the peers of one entry ('set peer A B'), first peer first: the first that says it is this site's tunnel, its
        # networks reaching the connection's or its BGP neighbour the local network gateway's. Without that it may be a
        # partner's entry (another VPN of this ASA), whose "set peer" fix would cut the partner: left to step 3 below,
        # which pairs only the run's one end left on each side
        chosen = next((l for l in ends if not _other_site(l, rights[0]) and _says_this_site(l, rights[0])), None)
        if chosen is not None:
            out.append((chosen, rights[0]))
    return out


def _one_entry(ends):
    """Whether the ends are the peers of one crypto map entry ('set peer PRIMARY BACKUP': an end per peer): step 3
    then takes them as the one end left that they are."""
    keys = {((e.ref or {}).get("kind"), (e.ref or {}).get("host"), (e.ref or {}).get("crypto_map"),
             (e.ref or {}).get("seq")) for e in ends}
    return len(keys) == 1 and next(iter(keys))[0] == "crypto_map" and all((e.ref or {}).get("set_peers") for e in ends)
