# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the networks a fix exempts from NAT enter the ASA, and whether a fix's exemption covers them there.

A NAT rule applies to traffic entering its real interface only (Cisco ASA command reference, ``nat``); tunnel traffic
from a local network enters by the interface the ASA routes that network to (nat_ingress.Ingress, the NAT check's own
placement). A fix that adds local networks needs its exemption on *their* interfaces, not on those of the networks
the tunnel had before (review I, defect 2: 10.4.16.0/20, behind ``servers``, got ``nat (inside,outside)``).
``fix_interfaces`` places the networks for the rendering (remediation_selectors._nat_exemption); ``exemption_after`` re-checks a
rendered fix on the fixed end for the proof, so that a fix whose rules miss an interface is never shown as proven.

Plain Python, no Ansible import.
"""

import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_map_end import nat_interfaces
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_ingress import Ingress, network_text_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import span_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import Coverage
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import NatExemption

_INGRESS = {}  # id(end.ingress_routes) -> (the tuple, its Ingress): a device's ends share one tuple


def _ingress(end):
    routes = end.ingress_routes
    if routes is None:
        return None
    found = _INGRESS.get(id(routes))
    if found is None or found[0] is not routes:
        if len(_INGRESS) > 64:
            _INGRESS.clear()
        found = _INGRESS[id(routes)] = (routes, Ingress.from_facts(routes))
    return found[1]


def _parts(ingress, text, outside):
    """[(part text, nameif or None)] of the local network ``text`` by the interface it enters by; a part no route
    places enters by the one interface through traffic can enter by besides ``outside``, if there is one."""
    span = span_of(ipaddress.ip_network(text, strict=False))
    others = [nameif for nameif in ingress.entry_nameifs() if nameif != outside]
    pieces = ingress.possible(span) or ingress.ingress(span)
    out = []
    for part, nameif in pieces:
        if nameif.__class__ is tuple:
            nameif = None  # an interface whose IPv6 networks are not stated may take it: not known
        elif nameif is None and len(others) == 1:
            nameif = others[0]
        out.append((network_text_of(part[0], part[1], part[3]), nameif))
    return out


def fix_interfaces(end, local, outside):
    """(nameifs, routed out, unknown) for an exemption of the networks ``local`` (texts) of ``end``: the interfaces
    they enter by, one rule each, in their order; their parts the ASA routes out of ``outside`` (the interface the
    tunnel leaves by); and the parts whose interface is not known. Without the device's routes (facts of an older
    release), the end's own placement (ref "inside_interfaces") serves the networks it was made for only; others are
    not known."""
    ingress = _ingress(end)
    if ingress is None:
        insides, unplaced = nat_interfaces(end.ref)
        had = Coverage(list(end.local_networks or ()))
        unknown = had.missing(list(local))
        routed_out = [n for found in end.ref.get("inside_interfaces") or () if isinstance(found, dict)
                      and found.get("nameif") == outside for n in found.get("networks") or ()
                      if any(_overlaps(n, mine) for mine in local)]
        return insides, routed_out, list(unknown) + list(unplaced)
    insides, routed_out, unplaced = [], [], []
    for text in local:
        for part, nameif in _parts(ingress, text, outside):
            if nameif is None:
                unplaced.append(part)
            elif nameif == outside:
                routed_out.append(part)
            elif nameif not in insides:
                insides.append(nameif)
    # a part no route places may enter by any interface through traffic enters by but ``outside``: covered only where
    # the rules cover each of them (as the NAT check decides it, nat_alternatives)
    others = [nameif for nameif in ingress.entry_nameifs() if nameif != outside]
    unknown = unplaced if not others or not set(others) <= set(insides) else []
    return insides, routed_out, unknown


def _overlaps(text, other_text):
    try:
        one, other = ipaddress.ip_network(text, strict=False), ipaddress.ip_network(other_text, strict=False)
    except ValueError:
        return True
    return one.version == other.version and one.overlaps(other)


_RULE = re.compile(r"^nat \(([^,()]+),([^,()]+)\) 1 source static (\S+) \3 destination static (\S+) \4 ")


def _rules(lines):
    """[(real nameif, mapped nameif, local Coverage, remote Coverage)] of the identity rules in rendered ``lines``."""
    groups, current = {}, None
    for line in lines:
        if line.startswith("object-group network "):
            current = groups.setdefault(line.split()[2], [])
        elif line.startswith(" network-object ") and current is not None:
            words = line.split()
            if words[1] == "host":
                current.append(words[2])
            elif len(words) == 3 and "." in words[2]:
                current.append(str(ipaddress.ip_network("%s/%s" % (words[1], words[2]), strict=False)))
            else:
                current.append(words[1])
        else:
            current = None
    found = []
    for line in lines:
        match = _RULE.match(line)
        if match:
            real, mapped, local, remote = match.groups()
            found.append((real, mapped, Coverage(groups.get(local) or []), Coverage(groups.get(remote) or [])))
    return found


def exemption_after(original, fixed, lines, kept):
    """The NatExemption of ``fixed`` (``original`` with a fix applied whose ASA lines are ``lines``): each selector pair
    of ``fixed`` that ``kept`` (the original NAT's test, remediation_selectors.nat_kept) does not keep untranslated must be
    covered, on the interface each part of its local network enters by, by an identity rule the fix adds, as the NAT
    check reads a rule (its real interface, then its networks). None: nothing to re-check (no NAT rule decides the
    tunnel, or the device's routes are not known)."""
    ingress = _ingress(original)
    if ingress is None or not original.ref.get("nat_rule_lines") and original.nat.exempt is not False:
        return None
    outside = original.ref.get("interface") or "any"
    rules = _rules(lines)
    for ts in fixed.traffic_selectors or ():
        pair = (ts.local, ts.remote)
        if kept(pair):
            continue
        for part, nameif in _parts(ingress, ts.local, outside):
            if nameif == outside:
                continue  # routed out where the tunnel leaves: not behind the ASA (the rendering says so)
            # a part no route places may enter by any interface through traffic enters by (but the map's)
            entering = [nameif] if nameif is not None else [n for n in ingress.entry_nameifs() if n != outside]
            for each in entering:
                if not any(real in (each, "any") and mapped in (outside, "any")
                           and not local.missing([part]) and not remote.missing([ts.remote])
                           for real, mapped, local, remote in rules):
                    placed = sorted({real for real, _m, _l, _r in rules})
                    return NatExemption(False, "the fix exempts %s <-> %s on %s only, but %s %s %s, where NAT still "
                                               "decides its traffic" % (
                                                   part, ts.remote, ", ".join(placed) or "no interface", part,
                                                   "enters by" if nameif is not None else "may enter by", each))
    return NatExemption(True, "exempted by the fix")
