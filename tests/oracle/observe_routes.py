# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One run of a route-based or BGP scenario: what observe.DirectionRun observes
(bring-up, rekeys or automatic rekeys), plus, in obs["route"]:

* traffic          one ping each way between the first inside hosts of the two
                   ends (local_networks), through the tunnel, after the BGP phases
                   (routes learned over BGP are in the kernel by then): ok / fail
* bgp_session      both bgpds report the neighbor Established within
                   SESSION_WAIT after the Child SA is up: established / not established
                   (an OPEN Message Error NOTIFICATION, such as Bad Peer AS, ends
                   the wait: the peers met and one refused)
* bgp_routes       once established: each end accepted (after its import filter),
                   as a valid path it can use, every prefix the other advertises,
                   and each got at least one: exchanged / not exchanged
* bgp_after_rekey  (short lifetimes) the session HOLD + 1 s after the automatic
                   rekeys: established / down

The routes and tunnel addresses of route-based ends are set up by routes.py,
zebra and bgpd by frr.py.
"""

import ipaddress
import os
import time

from ansible_collections.vpnalign.s2s.tests.oracle import frr, observe, routes, swan

SESSION_WAIT = 3.5  # connect-retry 1 s: a session that can come up does so in about 1.5 s
ROUTES_WAIT = 1.5  # advertisement-interval 0, coalesce-time 50 ms: UPDATEs follow the OPENs at once
KERNEL_WAIT = 2.0  # zebra installs what bgpd uses within milliseconds
# RFC 4271 6.2: an OPEN the peer refuses (bad peer AS, bad BGP identifier, ...) ends in this
# NOTIFICATION; unlike Cease (connection collision) it repeats on every attempt.
REFUSED = "OPEN Message Error"


class RouteRun(observe.DirectionRun):
    def __init__(self, slot, scenario, init, logdir):
        super(RouteRun, self).__init__(slot, scenario, init, logdir)
        self.obs["route"] = {}
        self.frrs = {}
        self.used = {}  # side -> prefixes its bgpd holds as valid paths from the peer

    def run(self):
        addresses = {}
        for side, peer in (("a", "b"), ("b", "a")):
            mine = swan.inner_addresses(self.ends[side], self.ends[peer])
            addresses[side] = mine + [c for c in routes.lo_addresses(self.ends[side]) if c not in mine]
        install = {side: not self.ends[side].route_based for side in ("a", "b")}
        charons = self.start_charons(addresses, install)
        tag = self.tag
        try:
            self._plumb(tag)
            self._bring_up(charons)
            child_up = (self.obs["ike_init"] and self.obs["ike_init"][0] == "ok" and self.obs["child_init"]
                        and self.obs["child_init"][0][0] != "fail")
            if child_up:
                # bgpd starts once the tunnel is up: its first connection then goes through
                # (started earlier, its SYNs die on the missing SA and it waits for connect-retry).
                self._start_bgp(tag)
                if self.frrs:
                    self._observe_bgp()
                if self.scenario.check_traffic:
                    self.obs["route"]["traffic"] = self._traffic()
            if self.obs["ike_init"] and self.obs["ike_init"][0] == "ok":
                if self.scenario.auto:
                    self._auto(charons)
                    if child_up and "bgp_session" in self.obs["route"]:
                        self.obs["route"]["bgp_after_rekey"] = self._after_rekey()
                else:
                    self._rekeys(charons)
        finally:
            for daemon in self.frrs.values():
                daemon.stop()
            self.slot.stop()
        return self.obs

    # -- setup -------------------------------------------------------------------
    def _plumb(self, tag):
        lines = []
        for side, peer in (("a", "b"), ("b", "a")):
            end = self.ends[side]
            if end.route_based:
                done = routes.plumb(self.slot.ns[side], self.slot.veth(side), end, swan.ADDR[peer])
                lines += ["%s: ip %s" % (side.upper(), cmd) for cmd in done]
        with open(os.path.join(self.logdir, "%s-routes.txt" % tag), "w") as handle:
            handle.write("\n".join(lines) + "\n")

    def _start_bgp(self, tag):
        for side in ("a", "b"):
            if self.ends[side].bgp is not None:
                daemon = frr.Frr(self.slot.ns[side], self.slot.base,
                                 os.path.join(self.logdir, "%s-%s-" % (tag, side.upper())))
                self.frrs[side] = daemon
                daemon.start(self.ends[side])

    # -- traffic -----------------------------------------------------------------
    def _traffic(self):
        a, b = self.ends["a"], self.ends["b"]
        src_a, src_b = routes.source_host(a), routes.source_host(b)
        if not src_a or not src_b:
            return ("fail", "no inside host on one end (local_networks)")
        self._await_kernel_routes()
        there, back = routes.pings([(self.slot.ns["a"], src_a, src_b), (self.slot.ns["b"], src_b, src_a)])
        note = "ping %s->%s %s, %s->%s %s" % (
            src_a, src_b, "ok" if there else "lost", src_b, src_a, "ok" if back else "lost")
        return ("ok" if there and back else "fail", note)

    def _await_kernel_routes(self):
        """bgpd hands the routes it uses to zebra, which installs them a moment later: wait
        (at most KERNEL_WAIT) until each end's kernel has them, so the pings test the routes
        and not the race."""
        deadline = time.time() + KERNEL_WAIT
        for side, prefixes in sorted(self.used.items()):
            while prefixes and time.time() < deadline:
                table = swan.run(["ip", "-n", self.slot.ns[side], "route", "show", "proto", "bgp"],
                                 check=False).stdout
                installed = {_prefix(line.split()[0]) for line in table.splitlines() if line.strip()}
                if all(p in installed for p in prefixes):
                    break
                time.sleep(0.05)

    # -- BGP ---------------------------------------------------------------------
    def _session(self, final=False):
        """(both ends Established?, note with each end's state, and its last reset when not up)."""
        states, notes = [], []
        for side in ("a", "b"):
            end, daemon = self.ends[side], self.frrs.get(side)
            if daemon is None or not end.bgp.peer_address:
                states.append(None)
                notes.append("%s: no BGP" % side.upper())
                continue
            info = daemon.neighbor(end.bgp.peer_address)
            state = info.get("state", "no such neighbor")
            states.append(state)
            notes.append("%s: %s %s" % (side.upper(), end.bgp.peer_address, state))
        up = all(s == "Established" for s in states)
        # Why not, only where it can be known: after a reset a bgpd waits in Idle (each
        # vtysh call costs about 0.1 s, so Active/Connect polls skip it).
        if not up and (final or "Idle" in states):
            for side, daemon in sorted(self.frrs.items()):
                peer = self.ends[side].bgp.peer_address
                if peer:
                    notes.append("%s last: %s" % (side.upper(), daemon.last_error(peer)))
        return up, "; ".join(notes)

    def _observe_bgp(self):
        deadline = time.time() + SESSION_WAIT
        up, note = self._session()
        while not up and time.time() < deadline and REFUSED not in note:
            time.sleep(0.2)
            up, note = self._session()
        if not up:
            up, note = self._session(final=True)
        self.obs["route"]["bgp_session"] = ("established" if up else "not established", note)
        if not up:
            return
        deadline = time.time() + ROUTES_WAIT
        ok, note = self._routes()
        while not ok and time.time() < deadline:
            time.sleep(0.25)
            ok, note = self._routes()
        self.obs["route"]["bgp_routes"] = ("exchanged" if ok else "not exchanged", note)

    def _after_rekey(self):
        """Established when it still is a hold time (+1 s) after the automatic rekeys: a tunnel
        that stopped carrying the keepalives has had the session drop by then."""
        deadline = time.time() + frr.HOLD + 1.0
        up, note = self._session()
        while up and time.time() < deadline:
            time.sleep(0.25)
            up, note = self._session()
        if not up:
            up, note = self._session(final=True)
        return ("established" if up else "down", note)

    def _routes(self):
        ok, notes = True, []
        for side, peer in (("a", "b"), ("b", "a")):
            got = self.frrs[side].accepted(self.ends[side].bgp.peer_address)
            self.used[side] = got
            sent = sorted(str(ipaddress.ip_network(p, strict=False)) for p in self.ends[peer].bgp.advertised or [])
            missing = [p for p in sent if p not in got]
            if missing or not got:
                ok = False
            extra = " missing [%s]" % " ".join(missing) if missing else ""
            notes.append("%s uses [%s]%s" % (side.upper(), " ".join(got), extra))
        return ok, "; ".join(notes)


def _prefix(token):
    """`ip route` spelling of a destination ("default", "10.1.2.3", "10.0.0.0/8") as a CIDR."""
    return "0.0.0.0/0" if token == "default" else str(ipaddress.ip_network(token, strict=False))
