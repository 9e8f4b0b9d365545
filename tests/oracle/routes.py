# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route-based ends in the oracle's namespaces: routing, not selectors, decides
what enters the tunnel.

kernel-libipsec gives each charon one TUN device, `ipsec0`, that stands for all
its Child SAs: a packet routed into it is matched against the installed SAs'
selectors, encrypted and sent to the peer; a decrypted packet comes out of it
(strongSwan wiki "kernel-libipsec plugin").  With any-to-any selectors that is
what a VTI is, so a route-based end gets:

* no route of strongSwan's own: charon has `install_routes = no`, and the rule
  that consults table 220, where kernel-libipsec still puts a 0.0.0.0/0 route into
  ipsec0 for an any-to-any Child SA, is removed (routing is the end's
  configuration, TunnelEnd.routed_networks);
* TunnelEnd.tunnel_address on ipsec0 (its connected subnet is the tunnel's, like
  an ASA VTI's `ip address` or Azure's APIPA BGP address);
* one route per routed network through ipsec0, from the end's first inside host;
* a /32 route to the peer's outer address through the veth, so IKE and ESP-in-UDP
  never follow a routed network (0.0.0.0/0 included) into the tunnel itself;
* the first host of each of its local networks and its BGP peering addresses
  that are not on the tunnel subnet on `lo` (hosts to send traffic from, and
  Azure-style peering addresses inside the VNet).

This runs after charon has started (ipsec0 exists only while charon runs).
"""

import ipaddress
import subprocess
import time

from ansible_collections.vpnalign.s2s.tests.oracle import swan

TUN = "ipsec0"
SWAN_TABLE = 220  # charon.routing_table default (strongswan.conf(5))


def first_host(prefix):
    net = ipaddress.ip_network(prefix, strict=False)
    host = net.network_address if net.num_addresses == 1 else net.network_address + 1
    return str(host)


def _on_tunnel_subnet(end, address):
    if not end.tunnel_address:
        return False
    return ipaddress.ip_address(address) in ipaddress.ip_interface(end.tunnel_address).network


def lo_addresses(end):
    """/32s for `lo`: a host in each local network, BGP addresses not on the tunnel subnet."""
    out = []
    for prefix in end.local_networks or []:
        if ipaddress.ip_network(prefix, strict=False).prefixlen:
            out.append("%s/32" % first_host(prefix))
    if end.bgp is not None:
        for cidr in end.bgp.local_addresses or ():
            address = cidr.split("/")[0]
            if not _on_tunnel_subnet(end, address):
                out.append("%s/32" % address)
    return [cidr for n, cidr in enumerate(out) if cidr not in out[:n]]


def source_host(end):
    """The address traffic and routes of this end come from: its first inside host."""
    for prefix in end.local_networks or []:
        if ipaddress.ip_network(prefix, strict=False).prefixlen:
            return first_host(prefix)
    return end.tunnel_address.split("/")[0] if end.tunnel_address else None


def plumb(ns, veth, end, peer_outer):
    """Tunnel address and routes of a route-based end; returns the commands, for the log."""
    _await_tun(ns)
    done = []

    def ip(*args):
        cmd = ["ip", "-n", ns] + list(args)
        swan.run(cmd)
        done.append(" ".join(cmd[3:]))

    # kernel-libipsec installs a route for every Child SA's remote selector whatever
    # `install_routes` says (0.0.0.0/0 here), into kernel-netlink's table 220; without the
    # rule that consults that table only the end's own routes below decide.
    while swan.run(["ip", "-n", ns, "rule", "del", "table", str(SWAN_TABLE)], check=False).returncode == 0:
        done.append("rule del table %d" % SWAN_TABLE)
    if swan.run(["ip", "-n", ns, "rule", "show", "table", str(SWAN_TABLE)], check=False).stdout.strip():
        raise RuntimeError("could not remove the rule for routing table %d in %s" % (SWAN_TABLE, ns))
    ip("route", "replace", "%s/32" % peer_outer, "dev", veth)
    if end.tunnel_address:
        ip("addr", "add", end.tunnel_address, "dev", TUN)
    src = source_host(end)
    for prefix in end.routed_networks or []:
        net = str(ipaddress.ip_network(prefix, strict=False))
        ip("route", "replace", net, "dev", TUN, *(("src", src) if src else ()))
    return done


def _await_tun(ns, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if swan.run(["ip", "-n", ns, "link", "show", TUN], check=False).returncode == 0:
            return
        time.sleep(0.02)
    raise RuntimeError("%s did not appear in %s (kernel-libipsec)" % (TUN, ns))


def pings(probes, timeout=0.5):
    """One ICMP echo per (namespace, src, dst), all at once: True for each reply that came back.
    A reply through the tunnel takes about a millisecond; ``timeout`` (s) is for a lost one."""
    procs = [subprocess.Popen(["ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "1", "-W", str(timeout),
                               "-I", src, dst],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for ns, src, dst in probes]
    return [proc.wait(timeout + 5) == 0 for proc in procs]
