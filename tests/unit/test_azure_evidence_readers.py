# -*- coding: utf-8 -*-
"""The Azure adapter's address and prefix readers (issue 12: read without ipaddress where the text is a
plain IPv4 one) give what ipaddress gives for any value: the same text, or None for what is not one."""

import ipaddress

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import address, prefix, same_family

VALUES = ["10.0.0.1/8", " 10.1.2.3/24 ", "10.0.0.0/33", "010.0.0.0/8", "1.2.3.4", "0.0.0.0/0", "255.255.255.255/32",
          "2001:db8::1/64", "2001:DB8::1", "::/0", "::ffff:1.2.3.4", "10.0.0.0/255.0.0.0", "10.0.0.0/0.0.0.255",
          "1.2.3.4/", "1.2.3", "1.2.3.4.5", "1.2.3.256", "10.0.0.0/ 8", "1.2.3.4%eth0", "fe80::1%eth0", "x", "",
          None, 5, ["10.0.0.0/8"]]


def _ipaddress_prefix(value):
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except (AttributeError, ValueError, TypeError):
        return None


def _ipaddress_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (AttributeError, ValueError):
        return None


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_prefix_and_address_read_as_ipaddress_reads(value):
    assert prefix(value) == _ipaddress_prefix(value)
    assert address(value) == _ipaddress_address(value)


def test_same_family_of_prefixes_as_prefix_writes_them():
    written = [p for p in (prefix(v) for v in VALUES) if p is not None]
    for a in written:
        for b in written:
            assert same_family(a, b) == (ipaddress.ip_network(a).version == ipaddress.ip_network(b).version)
