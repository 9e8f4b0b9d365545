# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The networks an ACE or a network object(-group) of a running config names, as the push reads them (a crypto ACL's
deny below new permits, push_crypto_map.py; a NAT exemption the tunnel no longer needs, nat_stale.py).

Plain Python, no Ansible import.
"""

import ipaddress

__all__ = ["ace_networks", "networks_overlap", "object_networks", "parse_networks"]


def ace_networks(tree, words):
    """([source networks], [destination networks]) of an ``[extended] permit|deny ip SRC DST`` ACE, or None when an
    operand is not read (a service object, an undefined object, another protocol form)."""
    if words[:1] == ["extended"]:
        words = words[1:]
    if len(words) < 2 or words[0] not in ("permit", "deny"):
        return None
    position, sides = 2, []
    for _side in ("source", "destination"):
        found = _operand_networks(tree, words, position)
        if found is None or found[0] is None:
            return None
        networks, position = found
        sides.append(networks)
    return sides


def _operand_networks(tree, words, position):
    if position >= len(words):
        return None
    word = words[position]
    if word in ("any", "any4", "any6"):
        return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")], position + 1
    if word == "host" and position + 1 < len(words):
        return parse_networks([words[position + 1]]), position + 2
    if word in ("object", "object-group") and position + 1 < len(words):
        return object_networks(tree, word, words[position + 1], 0), position + 2
    if position + 1 < len(words):
        return parse_networks(["%s/%s" % (word, words[position + 1])]), position + 2
    return None


def object_networks(tree, kind, name, depth):
    block = tree.get("%s network %s" % (kind, name))
    if block is None or depth > 8:
        return None
    texts = []
    for child in block.children:
        words = child.split()
        if words[:1] == ["network-object"]:
            words = words[1:]
        nested = {"object": "object", "group-object": "object-group"}.get(words[0] if len(words) > 1 else None)
        if nested:  # network-object object N, group-object G
            found = object_networks(tree, nested, words[1], depth + 1)
            if found is None:
                return None
            texts += [str(n) for n in found]
            continue
        if words[:1] == ["host"] and len(words) > 1:
            texts.append(words[1])
        elif words[:1] == ["subnet"] and len(words) > 2:
            texts.append("%s/%s" % (words[1], words[2]))
        elif words[:1] == ["subnet"] and len(words) == 2:
            texts.append(words[1])
        elif len(words) == 2 and words[0][:1].isdigit():
            texts.append("%s/%s" % (words[0], words[1]))
        elif words[:1] in (["description"], ["nat"], []):  # an object's own NAT says nothing of its networks
            continue
        else:
            return None  # a range, an fqdn: not read here
    return parse_networks(texts)


def parse_networks(texts):
    try:
        return [ipaddress.ip_network(text, strict=False) for text in texts]
    except ValueError:
        return None


def networks_overlap(mine, theirs):
    return mine is not None and theirs is not None and any(
        a.version == b.version and a.overlaps(b) for a in mine for b in theirs)
