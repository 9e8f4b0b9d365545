# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NAT for a local network whose ingress interface is not one: the candidate rules per interface it may enter by
(a part no route reaches, or one an interface whose IPv6 networks are not stated may take), decided only where they
all agree, and a network the routes split into many parts judged per group of parts the same rules decide. The
methods NatIndex (nat_index.py) takes from IngressAlternatives use its rules_for and its Ingress (nat_ingress.py).

Plain Python, no Ansible import."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_first_match import CompiledNat, first_match

MAX_DETAILS = 3  # the parts (and pairs) a verdict's text names


def network_text(version, first, length):
    return str((ipaddress.IPv4Network if version == 4 else ipaddress.IPv6Network)((first, length)))


class UnknownIngress(CompiledNat):
    """A rule bound to a real interface, as a candidate for a local network (``local``, its text) whose
    ingress interface the routes do not tell (or, ``unknown``, an interface whose IPv6 networks are not stated
    may take it): where the rule would decide, the verdict is undecidable."""

    __slots__ = ("local", "unknown")

    def __init__(self, compiled, local, unknown=None):
        CompiledNat.__init__(self, compiled.rule, compiled.source, compiled.destination, compiled.identity,
                             compiled.source_spans, compiled.destination_spans)
        self.local = local
        self.unknown = unknown  # Alternatives.unknown


class IngressAlternatives(object):
    """NatIndex's decisions for a local network that may enter by several interfaces (``_alternatives``) or that the
    routes split into many parts (``_grouped``), each remembered; NatIndex sets ``_alternatives_of``, ``_groups``,
    ``possible``, ``ingress``, ``entry_nameifs`` and ``unknown_networks``."""

    def _grouped(self, local, map_interface):
        """The parts of ``local`` (more than MAX_PARTS) as ((Alternatives or rules_for, [their texts]), ...):
        parts the same candidate rules decide (the same rules, covering or not, per interface) give the same
        verdict for any remote network, so one decides for all. Remembered per network and map interface."""
        key = (local, map_interface)
        found = self._groups.get(key)
        if found is not None:
            return found
        groups = {}  # rules' key -> [decider, [part spans]]
        for part, nameif in self.possible(local) or self.ingress(local):
            rules = (self._alternatives(part, map_interface) if nameif is None
                     else self._alternatives(part, map_interface, nameif) if nameif.__class__ is tuple
                     else self.rules_for(part, map_interface, nameif))
            lists = rules.lists if rules.__class__ is Alternatives else (rules,)
            rules_key = (nameif, rules.__class__ is Alternatives,
                         tuple(tuple((id(compiled), covers) for compiled, covers in each) for each in lists))
            group = groups.get(rules_key)
            if group is None:
                groups[rules_key] = [rules, [part]]
            else:
                group[1].append(part)
        found = []
        for rules, parts in groups.values():
            texts = [network_text(part[0], part[1], part[3]) for part in parts]
            if rules.__class__ is Alternatives and len(texts) > 1:  # its finding names the group's parts
                named = ", ".join(texts[:MAX_DETAILS])
                if len(texts) > MAX_DETAILS:
                    whole = network_text(local[0], local[1], local[3])
                    named += " and %d more parts of %s" % (len(texts) - MAX_DETAILS, whole)
                unknown = rules.unknown and self.unknown_networks(named, rules.unknown[3])  # why names the parts
                rules = Alternatives(rules.lists, named, unknown)
            found.append((rules, texts))
        found = self._groups[key] = tuple(found)
        return found

    def _alternatives(self, local, map_interface, possible=None):
        """Alternatives for a local network no route reaches: rules_for per interface it may enter by (every
        nameif but the crypto map's; those no candidate rule is bound to give one list between them). ``possible``
        (Ingress.possible): the part is routed to possible[0] but may enter by the others, interfaces whose IPv6
        networks are not stated, but the crypto map's (not taken as an ingress, as above)."""
        key = (local, map_interface, possible)
        found = self._alternatives_of.get(key)
        if found is None:
            found = self._alternatives_of[key] = self._make_alternatives(local, map_interface, possible)
        return found

    def _make_alternatives(self, local, map_interface, possible=None):
        if possible is not None:
            ingresses = [possible[0]] + [nameif for nameif in possible[1:] if nameif != map_interface]
            if len(ingresses) == 1:
                return self.rules_for(local, map_interface, ingresses[0])
            text = network_text(local[0], local[1], local[3])
            return Alternatives([self.rules_for(local, map_interface, nameif) for nameif in ingresses], text,
                                self.unknown_networks(text, tuple(ingresses)))
        bound = []
        for compiled, _covers in self.rules_for(local, map_interface):
            real = compiled.rule.real_if
            if real != "any" and real not in bound:
                bound.append(real)
        others = [nameif for nameif in self.entry_nameifs() if nameif != map_interface and nameif not in bound]
        ingresses = bound + others[:1]
        if not ingresses:  # no interface but the crypto map's: as before the real interface was judged
            return self.rules_for(local, map_interface)
        return Alternatives([self.rules_for(local, map_interface, nameif) for nameif in ingresses],
                            network_text(local[0], local[1], local[3]))


class Alternatives(object):
    """The candidate rules of a local network per interface it may enter by: a pair is decided when they all
    give the same verdict, else undecidable (named by an UnknownIngress of a rule bound to an interface).
    ``unknown``: None (no route tells the interface), or Ingress.unknown_networks's (why, lines, remediation,
    interfaces) (the routes tell one, but an interface whose IPv6 networks are not stated may take it)."""

    __slots__ = ("lists", "local", "proxies", "unknown")

    def __init__(self, lists, local, unknown=None):
        self.lists, self.local, self.proxies, self.unknown = lists, local, {}, unknown

    def decide(self, remote_span):
        found = [first_match(rules, remote_span) for rules in self.lists]
        exempt, compiled = found[0]
        if all(other[0] is exempt for other in found):
            return exempt, compiled
        for _exempt, candidate in found:
            if candidate is not None and candidate.rule.real_if != "any":
                proxy = self.proxies.get(candidate)
                if proxy is None:
                    proxy = self.proxies[candidate] = UnknownIngress(candidate, self.local, self.unknown)
                return None, proxy
        return None, compiled  # not reached: verdicts differ only where a rule bound to an interface decides
