# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a fix gives an end networks that are not behind it, or behind its peer (proof.Prover's checks before a
fix is tried: a typo of one end copied into the other would protect a network nobody has and leave the real site
out of the tunnel).

Plain Python: the model and the intents; no Ansible, no vendor (the networks behind an end come in as
``networks_behind``, {vendor: end -> view or None}, from compat.py).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import uncovered
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of


class NetworksBehindChecks(object):
    """Mixin of proof.Prover: ``self.networks_behind`` is the Prover's."""

    networks_behind = None

    def _not_behind(self, vendor, end, fix):
        """Why a selector ``fix`` gives ``end`` local selectors for networks that are not behind it, or None: they would
        protect a network the end does not have and leave its own out of the tunnel (review 2026-12-05: an ASA fix copied
        a local network gateway's typo, and an Azure fix took the ASA's typo as its VNet side)."""
        behind_of = self.networks_behind.get(vendor)
        if fix["kind"] != "traffic_selectors" or behind_of is None:
            return None
        behind = behind_of(end)
        if behind is None:
            return None
        # only what is new to its local side is judged: a network it protects today stays as the user has it
        has = list(dict.fromkeys(list(end.local_networks or ()) + [t.local for t in end.traffic_selectors or ()]))
        local = list(dict.fromkeys(str(pair[0]) for pair in fix.get("pairs") or [] if pair))
        new = uncovered(local, has)
        # an IP version it names no network of is not judged (an IPv4-only view of an end says nothing of IPv6)
        outside = behind.held.missing(new, set(behind.held.ranges)) if new else []
        if outside:
            return ("it would give %s local selectors for %s, which none of its networks holds (%s): the other end's "
                    "view of its networks is what to correct" % (
                        end.name, ", ".join(outside[:3]), first_of(behind.held.texts, 4) or "none known"))
        # nor does it take out of the tunnel a network the end reaches (review 2026-12-05: a local network gateway of
        # a /24 where the site is a /23 got a "proven" ASA fix narrowing the right ACL to the /24, half the site out)
        dropped = [n for n in uncovered(has, local) if not n.endswith("/0")]  # any: no network of its own
        unreached = set(behind.reached.missing(dropped, set(behind.reached.ranges)))
        lost = [n for n in dropped if n not in unreached]
        if lost:
            return ("it would take %s, which %s reaches, out of %s's selectors: the other end's view of its networks is "
                    "what to correct" % (", ".join(lost[:3]), end.name, end.name))
        return None

    def _not_behind_peer(self, peer, end, fix):
        """Why a ``remote_networks`` fix gives ``end`` networks to expect behind ``peer`` that are not there, or takes
        out one the peer reaches, or None. A network new to it must be one of the peer's (a crypto ACL's typo copied
        into a local network gateway would route the typo into the tunnel and the real site elsewhere): where the
        peer's networks are not known, nothing new is shown. A ``traffic_selectors`` fix: _selectors_past_peer."""
        if fix["kind"] == "traffic_selectors":
            return self._selectors_past_peer(peer, end, fix)
        if fix["kind"] != "remote_networks" or peer is None:
            return None
        had = list(end.remote_networks or ())
        networks = list(fix.get("networks") or ())
        new = uncovered(networks, had)
        if not new:
            return None  # narrowing what it has (LNG_CONTAINS_PEER_ADDRESS)
        behind_of = self.networks_behind.get(peer.vendor)
        behind = behind_of(peer) if behind_of is not None else None
        if behind is None:
            return ("it would have %s expect %s behind %s, and which networks are behind %s is not known here: the "
                    "networks to expect there are the user's to say" % (
                        end.name, ", ".join(new[:3]), peer.name, peer.name))
        # only what it reaches: a crypto ACL's typo is one of what its tunnels protect, and its NAT exemption often
        # carries the same typo (a NAT-mapped range is left to the user: the safe direction)
        outside = behind.reached.missing(new, set(behind.reached.ranges))
        taken_out = uncovered(had, networks)
        unreached = set(behind.reached.missing(taken_out, set(behind.reached.ranges)))
        dropped = [n for n in taken_out if n in unreached and not n.endswith("/0")]
        if outside and dropped:
            # what the finding is about is a network the fix drops (the peer refuses it); the one it adds, from the
            # peer's selectors, is what refuses the fix: name both (review D, finding 5: only the added one was named)
            return ("it would have %s expect %s behind %s in place of %s, and %s reaches neither (its networks: %s): "
                    "take %s out of what %s expects behind %s, and %s out of %s's selectors, which offer it"
                    % (end.name, ", ".join(outside[:3]), peer.name, ", ".join(dropped[:3]), peer.name,
                       first_of(behind.reached.texts, 4) or "none known", ", ".join(dropped[:3]), end.name, peer.name,
                       ", ".join(outside[:3]), peer.name))
        if outside:
            return ("it would have %s expect %s behind %s, which none of %s's networks holds (%s): %s's view of its "
                    "networks is what to correct" % (end.name, ", ".join(outside[:3]), peer.name, peer.name,
                                                     first_of(behind.reached.texts, 4) or "none known", peer.name))
        lost = [n for n in taken_out if n not in unreached and not n.endswith("/0")]
        if lost:
            return "it would take %s, which %s reaches, out of what %s expects behind it" % (
                ", ".join(lost[:3]), peer.name, end.name)
        return None

    def _selectors_past_peer(self, peer, end, fix):
        """Why a selector ``fix`` gives ``end`` remote selectors past the networks ``peer`` has, or None. Matching a
        peer that offers more than its site (Azure trafficSelectorPolicies of a /12 where the VNet is a /16) would
        widen the crypto ACL, and its NAT exemption, toward networks nobody has there; narrowing the peer's selectors
        is the fix (review 2026-12-07, "first, do no harm"). Only what is new to its remote side is judged (what it
        protects today stays as the user has it); any (/0) is refusal()'s; where the peer's networks are not known,
        nothing is refused here."""
        behind_of = self.networks_behind.get(peer.vendor) if peer is not None else None
        behind = behind_of(peer) if behind_of is not None else None
        if behind is None:
            return None
        has = list(dict.fromkeys(list(end.remote_networks or ()) + [t.remote for t in end.traffic_selectors or ()]))
        remote = list(dict.fromkeys(str(pair[1]) for pair in fix.get("pairs") or [] if pair and len(pair) > 1))
        new = [n for n in uncovered(remote, has) if not n.endswith("/0")]
        outside = behind.held.missing(new, set(behind.held.ranges)) if new else []
        if outside:
            return ("it would give %s remote selectors for %s, past the networks %s has (%s): narrow %s's selectors "
                    "to its networks instead" % (end.name, ", ".join(outside[:3]), peer.name,
                                                 first_of(behind.held.texts, 4) or "none known", peer.name))
        return None
