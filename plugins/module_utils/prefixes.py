# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prefix rules both ends' push modules hold a value to (asa_vpn_tunnel, azure_vpn_connection), so that the same
typo is refused the same way on either side. Vendor-neutral, plain Python, no Ansible import."""

import ipaddress


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
