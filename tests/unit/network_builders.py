# -*- coding: utf-8 -*-
"""Random networks for the NAT tests (overlapping, touching, nested, both IP versions) and the ASA
object-group that holds them."""

import ipaddress


def random_networks(rng, count, ipv4_lengths=(21, 32), ipv6_lengths=(45, 48)):
    """``count`` networks drawn from ``rng``: one in five in 2001:db8:0-7::, the others in 10.0.0-3.x,
    their prefix lengths drawn from the inclusive ranges (host bits cleared)."""
    networks = []
    for _n in range(count):
        if rng.random() < 0.2:
            networks.append(ipaddress.ip_network("2001:db8:%x::/%d" % (rng.randint(0, 7), rng.randint(*ipv6_lengths)),
                                                 strict=False))
        else:
            networks.append(ipaddress.ip_network("10.0.%d.%d/%d" % (rng.randint(0, 3), rng.randint(0, 255),
                                                                    rng.randint(*ipv4_lengths)), strict=False))
    return networks


def object_group(name, networks):
    """An ASA 'object-group network' of these networks (none: an empty group), as config lines."""
    lines = ["object-group network %s" % name]
    for network in networks:
        if network.version == 4:
            lines.append(" network-object %s %s" % (network.network_address, network.netmask))
        else:
            lines.append(" network-object %s" % network)
    return "\n".join(lines) + "\n"
