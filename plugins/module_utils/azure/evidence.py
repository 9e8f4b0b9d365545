# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small readers shared by the Azure adapter's modules: evidence lines, typed
property access and address parsing.

Evidence convention (see adapter.py): every ``source`` entry is
``ConfigLine(0, "<resource>: <path> = <value>")`` or one of its two variants.
"""

import ipaddress
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import normalized, parse, plain_v4_address
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine

ANY_IPV4 = "0.0.0.0/0"


def list_prop(resource, *keys):
    """A list property; absent -> []; any other shape is bad input, and so is an object on the way to it that is
    not one (``addressSpace: "10.0.0.0/8"`` read as no prefixes left the VNet's networks empty without a word)."""
    value = resource.get(*keys)
    if value is None:
        for at in range(1, len(keys)):
            holder = resource.get(*keys[:at])
            if holder is None:
                break
            if not isinstance(holder, dict):
                raise AzureInputError("%s: %s is a %s, not an object (it holds %s)" % (
                    resource.describe(), ".".join(keys[:at]), type(holder).__name__, ".".join(keys[at:])))
        return []
    if not isinstance(value, list):
        raise AzureInputError(
            "%s: %s is a %s, not a list" % (resource.describe(), ".".join(keys), type(value).__name__)
        )
    return value


def object_value(resource, path, value):
    """``value`` when it is an object or absent; a string or list where ARM has an object is bad input, named (read
    as absent it made an instance's address, a site's BGP neighbor or a VNet's peering unknown without a word)."""
    if value is not None and not isinstance(value, dict):
        raise AzureInputError("%s: %s is a %s, not an object" % (resource.describe(), path, type(value).__name__))
    return value


def show(value):
    """A value as evidence writes it: a string as it is, anything else as JSON. JSON's words and a plain
    int's digits are written here, what json.dumps writes for them (one json.dumps was 2 us; issue 12)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:  # pylint: disable=unidiomatic-typecheck  # not a subclass: an IntEnum writes its own
        return int.__repr__(value)
    return json.dumps(value, sort_keys=True)


def line(resource, path, value, note=None):
    text = "%s: %s = %s" % (resource.name, path, value if isinstance(value, str) else show(value))
    return ConfigLine(0, text if note is None else "%s (%s)" % (text, note))


def unset_line(resource, path, note):
    return ConfigLine(0, "%s: %s not set (%s)" % (resource.name, path, note))


def note_line(resource, description, why):
    return ConfigLine(0, "%s: %s (%s)" % (resource.name, description, why))


def ci_key(mapping, value):
    """The key of ``mapping`` equal to ``value`` ignoring case, or None."""
    if not isinstance(value, str):
        return None
    folded = value.casefold()
    for key in mapping:
        if key.casefold() == folded:
            return key
    return None


def address(value):
    """An IP address as ipaddress writes it, or None. A plain dotted quad is written as it is given
    (engine prefixes.plain_v4_address: the same text; ipaddress was most of this adapter, issue 12)."""
    try:
        text = value.strip()
    except AttributeError:
        return None
    if plain_v4_address(text) is not None:
        return text
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def prefix(value):
    """A prefix as ipaddress writes it (host bits cleared), or None. An IPv4 one is read by the engine's
    prefix memo (prefixes.parse: a gateway's VNet prefixes come again for each of its connections, and
    the engine reads the same texts later) and written from its integers."""
    try:
        text = value.strip()
        net = parse(text)
    except (AttributeError, ValueError, TypeError):
        return None
    if net.version == 4:
        start = net.start
        return "%d.%d.%d.%d/%d" % (start >> 24, (start >> 16) & 255, (start >> 8) & 255, start & 255, net.length)
    return normalized(text)


def int_value(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number_expected(expected, raw):
    """What an invalid-value finding says a number should be, saying so where ``raw`` is the number as text ("65010"):
    "is 65010, which is not an AS number" was untrue (review 2026-12-06)."""
    return expected + (" (it is text: a JSON number is what Azure returns)" if isinstance(raw, str) else "")


def same_family(a, b):
    """Whether two prefixes as ``prefix`` writes them are of one IP version: an IPv6 one holds a colon
    (parsing both with ipaddress for this was most of the adapter's time at 2,000 connections, issue 12)."""
    return (":" in a) == (":" in b)
