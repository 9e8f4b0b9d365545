# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Value parsing shared by every section: addresses, masks, numbers, keywords, keys.

A value that cannot be read is an ``INVALID_VALUE`` finding (through the parser's
``invalid``) and ``None``; never an exception.
"""

import functools
import ipaddress
import itertools
import socket

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config import PresharedKey


# Most digits a number of an ASA command has: the largest ranges (AS numbers, kilobyte
# lifetimes) end below 2**32, ten digits; two more allow leading zeros. A longer run of digits is
# no ASA number (and CPython refuses int() of more than 4,300 digits).
MAX_DIGITS = 12


def as_int(token):
    """A non-negative integer of ASCII digits only, or None. ``str.isdigit`` alone also accepts
    superscripts and other scripts' digits (``\u00b3600``), which ``int`` then refuses or reads."""
    if not token or len(token) > MAX_DIGITS or not token.isascii() or not token.isdigit():
        return None
    return int(token)


# The fast path for IPv4 text (issue 12: ipaddress's own parsing was ~2.5 us per address, tens of
# thousands per config). inet_pton reads exactly what ipaddress.IPv4Address reads: four decimal octets
# of at most 255, no leading zeros, nothing else (tests/unit/test_asa_parser_values.py compares them);
# anything it refuses goes to ipaddress, which makes the same objects and the same findings as before.
_INET_PTON, _AF_INET, _FROM_BYTES = socket.inet_pton, socket.AF_INET, int.from_bytes
# A netmask's dotted text -> its prefix length ("255.255.255.0" -> 24); other masks take the slow path.
NETMASK_BITS = {str(ipaddress.IPv4Address((0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF)): bits for bits in range(33)}


def ipv4_int(token):
    """The integer of an IPv4 address text as ipaddress reads it, or None when it is not one."""
    try:
        return _FROM_BYTES(_INET_PTON(_AF_INET, token), "big")
    except (OSError, ValueError, TypeError, UnicodeError):
        return None


# Networks and addresses from integers without ipaddress's constructors (issue 12: ~1 us a network,
# tens of thousands per config). They set what the constructors set (CPython 3.8-3.13: the address's
# _ip; the network's network_address, netmask, _prefixlen and, for /31 and /32, hosts); checked at
# import against the constructors on every prefix length, else the constructors are used
# (tests/unit/test_asa_parser_values.py compares them too).
_NEW, _IPv4Address, _IPv4Network = object.__new__, ipaddress.IPv4Address, ipaddress.IPv4Network
_V4_MASKS = tuple(_IPv4Network((0, bits)).netmask for bits in range(33))
_V4_MASK_INTS = tuple(int(mask) for mask in _V4_MASKS)


def _ipv4_address_fast(number):
    address = _NEW(_IPv4Address)
    address._ip = number  # pylint: disable=protected-access
    return address


def _ipv4_network_fast(number, bits):
    network = _NEW(_IPv4Network)
    network.network_address = address = _NEW(_IPv4Address)  # _ipv4_address_fast, inlined
    address._ip = number & _V4_MASK_INTS[bits]  # pylint: disable=protected-access
    network.netmask, network._prefixlen = _V4_MASKS[bits], bits  # pylint: disable=protected-access
    if bits == 31:
        network.hosts = network.__iter__
    elif bits == 32:
        network.hosts = functools.partial(_one_host, number)
    return network


def _one_host(number):
    return [_IPv4Address(number)]


def _ipv4_network_built(number, bits):
    return _IPv4Network((number, bits), strict=False)


def _fast_is_constructor():
    """Do the fast makers make what the constructors make (attributes, text, hash, hosts)? A check that cannot
    even run (another Python's ipaddress: objects with __slots__, so vars() raises; attributes renamed) means
    no: the constructors are used, and the import goes on."""
    try:
        return _fast_matches()
    except Exception:  # pylint: disable=broad-except
        return False


def _fast_matches():
    for bits in range(33):
        for number in (0, 0x0A010203, 0xC0A80101, 0xFFFFFFFF):
            built, made = _IPv4Network((number, bits), strict=False), _ipv4_network_fast(number, bits)
            built_attrs = {k: v for k, v in vars(built).items() if k != "hosts"}
            made_attrs = {k: v for k, v in vars(made).items() if k != "hosts"}
            if (built_attrs != made_attrs or built != made or str(built) != str(made) or hash(built) != hash(made)
                    or built.hostmask != made.hostmask or ("hosts" in vars(built)) != ("hosts" in vars(made))
                    or list(itertools.islice(built.hosts(), 3)) != list(itertools.islice(made.hosts(), 3))):
                return False
            address = _ipv4_address_fast(number)
            if address != _IPv4Address(number) or str(address) != str(_IPv4Address(number)):
                return False
    return True


FAST_IPV4 = _fast_is_constructor()
if FAST_IPV4:
    ipv4_network, ipv4_address = _ipv4_network_fast, _ipv4_address_fast
else:  # another Python's ipaddress: its own constructors
    ipv4_network, ipv4_address = _ipv4_network_built, _IPv4Address


def host_network(address):
    """The /32 or /128 network of an ipaddress address."""
    if address.version == 4:
        return ipv4_network(int(address), 32)
    return ipaddress.ip_network(address)


def ipv4_range_networks(first, last):
    """``list(ipaddress.summarize_address_range(first, last))`` for IPv4 integers ``first <= last``: the
    largest aligned blocks, in order (integer arithmetic; ipaddress's generator took ~10 us a range)."""
    networks = []
    while first <= last:
        size = min((first & -first).bit_length() - 1 if first else 32, (last - first + 1).bit_length() - 1)
        networks.append(ipv4_network(first, 32 - size))
        first += 1 << size
    return networks


def in_range(value, bounds):
    return value is not None and bounds[0] <= value <= bounds[1]


def is_address_literal(token, names):
    if token in names or ipv4_int(token) is not None:
        return True
    try:
        ipaddress.ip_address(token)
        return True
    except ValueError:
        return False


def looks_like_fqdn(token):
    """A DNS name (``vpn.example.com``), as opposed to a damaged address (``51.a.b.c``):
    dotted labels of letters, digits and hyphens, ending in a top-level label of two or more
    letters (RFC 1123 host names; top-level domains are never one character)."""
    labels = token.split(".")
    if len(labels) < 2 or len(labels[-1]) < 2 or not labels[-1].isalpha():
        return False
    return all(label and label.replace("-", "").isalnum() for label in labels)


def describe(context):
    kind, name = context.get("kind", ""), context.get("name", "")
    if "seq" in context:
        return "%s %s %s" % (kind, name, context["seq"])
    return ("%s %s" % (kind, name)).strip()


# What backup tools write in place of a key they filter out: RANCID "<removed>" (haussli/rancid lib/ios.pm.in,
# WriteTerm, with FILTER_PWDS, its default), Oxidized "<secret hidden>" (ytti/oxidized lib/oxidized/model/asa.rb,
# cmd :secret; it keeps a "hex" before it, and the rest of a type-8 key after it). No key: digested, it would be
# compared with the peer's key as a different one.
KEY_PLACEHOLDERS = ("<removed>", "<secret hidden>")


class ValueReader(object):
    """Mixin of the parser: value readers that report what they cannot read.

    Needs ``self.config`` (for ``name`` aliases), ``self.invalid`` and ``self.psk_digest``."""

    def address(self, token, line, context, expected="an IPv4 or IPv6 address"):
        """An address or a ``name`` alias; INVALID_VALUE and None if neither."""
        token = self.config.names.get(token, token)
        number = ipv4_int(token)
        if number is not None:
            return ipv4_address(number)
        try:
            return ipaddress.ip_address(token)
        except ValueError:
            self.invalid(line, token, expected, context)
            return None

    def host(self, token, line, context):
        """``host_network(self.address(token, ...))``: the /32 (/128) network of an address or ``name``
        alias; None (and the address's finding) if it is neither. IPv4 without the address object."""
        try:  # ipv4_int, inline (issue 12: an ACE's host operands, objects and group members)
            return ipv4_network(_FROM_BYTES(_INET_PTON(_AF_INET, self.config.names.get(token, token)), "big"), 32)
        except (OSError, ValueError, TypeError, UnicodeError):
            pass
        address = self.address(token, line, context)
        return host_network(address) if address is not None else None

    def network(self, address_token, mask_token, line, context):
        bits = NETMASK_BITS.get(mask_token)
        if bits is not None:
            try:  # ipv4_int, inline (issue 12: 29k group members with many selectors)
                return ipv4_network(_FROM_BYTES(_INET_PTON(_AF_INET, self.config.names.get(address_token, address_token)),
                                                "big"), bits)
            except (OSError, ValueError, TypeError, UnicodeError):
                pass
        address = self.address(address_token, line, context)
        if address is None:
            return None
        if mask_token is None:
            self.invalid(line, address_token, "followed by a network mask", context)
            return None
        try:
            return ipaddress.ip_network("%s/%s" % (address, mask_token), strict=False)
        except ValueError:
            self.invalid(line, mask_token, "a contiguous network mask", context)
            return None

    def prefix(self, token, line, context):
        """An IPv6-style ``address/length`` operand."""
        try:
            return ipaddress.ip_network(token, strict=False)
        except ValueError:
            self.invalid(line, token, "an address/prefix-length", context)
            return None

    def number(self, token, bounds, line, what, context):
        value = as_int(token) if token is not None else None
        if not in_range(value, bounds):
            self.invalid(line, token if token is not None else "", "%s (%d-%d)" % (what, bounds[0], bounds[1]), context)
            return None
        return value

    def keywords(self, tokens, table, line, what, context):
        """Keywords known to ``table``; each unknown one is an INVALID_VALUE."""
        known = []
        for token in tokens:
            if token in table:
                known.append(token)
            else:
                self.invalid(line, token, "%s (one of: %s)" % (what, ", ".join(sorted(table))), context)
        return known

    def preshared_key(self, tokens, line):
        """PresharedKey from the words after ``pre-shared-key``; the key itself is dropped. A backup tool's
        placeholder reads as masked: the key is not known."""
        if not tokens:
            return None
        if tokens[0].strip("*") == "":
            return PresharedKey("masked", line)
        given = " ".join(tokens)
        if any(placeholder in given for placeholder in KEY_PLACEHOLDERS):
            return PresharedKey("masked", line)
        if tokens[0] == "8" and len(tokens) > 1:
            return PresharedKey("encrypted", line)
        if tokens[0] == "hex" and len(tokens) > 1:
            # "pre-shared-key hex <digits>" (the form ytti/oxidized lib/oxidized/model/asa.rb's :secret filter matches):
            # the key's bytes in hexadecimal. Its digest as text would never equal the peer's, so it is not compared.
            return PresharedKey("masked", line)
        key = " ".join(tokens[1:] if tokens[0] == "0" and len(tokens) > 1 else tokens)
        digest = self.psk_digest(key) if callable(self.psk_digest) else None
        return PresharedKey("clear", line, digest)
