# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The names fixes invent on an ASA (``VPNALIGN-...``), kept clear of what the device already holds under them.

``crypto ipsec ikev2 ipsec-proposal NAME`` enters an existing proposal and its ``protocol esp`` lines rewrite it in
place; ``object-group network NAME`` adds its ``network-object`` lines to an existing group. A fix that reuses a name
the device already holds with other content changes every entry using it, which the proof (a new proposal or group
for one tunnel) never modelled (review 2026-12-06: a proven fix rewrote another tunnel's proposal). So the device's
names of that prefix are read with what they hold (``held``, ref ``invented_names``), and a fix takes the name
itself only when it is free or holds the same; else the first free ``NAME-2``, ``NAME-3``...

Plain Python, no Ansible import.
"""

PREFIX = "VPNALIGN"
PROPOSAL, TRANSFORM_SET, OBJECT_GROUP, ACCESS_LIST = "ipsec-proposal", "transform-set", "object-group", "access-list"


def proposal_content(encryption, integrity):
    """What an ipsec-proposal holds, as its ``protocol esp`` keywords."""
    return [" ".join(encryption), " ".join(integrity)]


def held(config):
    """{kind: {name: content}} of the config's ipsec-proposals, transform-sets and network object-groups whose name
    starts with the prefix; {} when there are none (most devices: the ref then carries nothing)."""
    found = {}
    for name, proposal in config.ipsec_proposals.items():
        if name.startswith(PREFIX):
            found.setdefault(PROPOSAL, {})[name] = proposal_content(proposal.encryption, proposal.integrity)
    for name, transform in config.transform_sets.items():
        if name.startswith(PREFIX):
            found.setdefault(TRANSFORM_SET, {})[name] = proposal_content(transform.encryption, transform.integrity)
    for name, group in config.object_groups.items():
        if name.startswith(PREFIX):
            found.setdefault(OBJECT_GROUP, {})[name] = sorted(line.text.strip() for line in group.lines[1:])
    for name, acl in config.access_lists.items():
        if name.startswith(PREFIX):  # access-list NAME adds its lines to an ACL of that name: never taken as it is
            found.setdefault(ACCESS_LIST, {})[name] = sorted(line.text for line in acl.lines)
    for name, kind in config.other_object_groups.items():
        if name.startswith(PREFIX):  # a service or protocol group of that name: no network group can take it
            found.setdefault(OBJECT_GROUP, {})[name] = ["object-group %s" % kind]
    for name in config.objects:
        if name.startswith(PREFIX):  # objects and object-groups share one namespace on the ASA
            found.setdefault(OBJECT_GROUP, {})[name] = ["object network"]
    return found


def free_name(invented, kind, name, content):
    """``name``, or ``name-2``, ``name-3``... : the first the device (``invented``: ref ``invented_names``) does not
    hold under ``kind``, or holds with ``content`` (None: any it holds is taken)."""
    taken = (invented or {}).get(kind) or {}
    return first_usable(name, lambda candidate: candidate not in taken or (
        content is not None and list(taken[candidate]) == list(content)))


def first_usable(name, usable):
    """``name``, or ``name-2``, ``name-3``...: the first ``usable`` (a predicate) takes, as the report's fixes and the
    push (asa/push_intent.py) both number them."""
    candidate, number = name, 1
    while not usable(candidate):
        number += 1
        candidate = "%s-%d" % (name, number)
    return candidate
