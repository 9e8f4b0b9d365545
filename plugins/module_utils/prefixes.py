# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prefix rules both ends' push modules hold a value to (asa_vpn_tunnel, azure_vpn_connection), so that the same
typo is refused the same way on either side. Vendor-neutral, plain Python, no Ansible import."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import network_of


def host_bits_problem(value):
    """Why the prefix ``value`` (text ipaddress reads) has host bits set, or None (None too when it is no prefix:
    the caller's own syntax check says what is wrong then). ``10.1.2.3/8`` is refused rather than read as
    ``10.0.0.0/8``: a typo for /28 or /32 would widen a selector to a /8, on one end only."""
    try:
        ipaddress.ip_network(value)
    except ValueError:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return None
        return "has host bits set (the prefix is %s)" % network
    except TypeError:
        return None
    return None


# The text prefix_text writes per text it was given: facts repeat the same networks for each of a device's ends
# (issue 12: a plain dict lookup, not an ip_network and a str per entry)
_WRITTEN = BoundedMemo(1 << 17)


def prefix_text(value, where):
    """``value`` as ipaddress writes the network (``2001:DB8:0::/48`` is ``2001:db8::/48``), for a prefix read from
    facts written by hand or by another tool; ValueError naming ``where`` when it is no prefix or has host bits set
    (host_bits_problem: refused as the push modules refuse it, not widened on one end)."""
    found = _WRITTEN.get(value) if value.__class__ is str else None
    if found is not None:
        return found
    try:
        text = str(network_of(value))
    except (ValueError, TypeError):
        raise ValueError("%s: %r is not an IP prefix" % (where, value))
    if text != value:
        problem = host_bits_problem(value)
        if problem is not None:
            raise ValueError("%s: %r %s" % (where, value, problem))
    return _WRITTEN.get_or_make(value, lambda _key: text)
