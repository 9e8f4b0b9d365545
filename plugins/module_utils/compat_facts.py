# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The facts the check reads, checked: what compat.run_check takes for each vendor (facts dicts as the facts modules
return them, or ``ReadEnds`` of saved files), one ``Side`` per source with its tunnel ends and its config findings
indexed by the end they concern. A source that is not such facts is a ``FactsError``.

compat.py pairs the Sides' ends and checks them; model_facts.py rebuilds an end from its facts.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import is_active
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.interface_index import connected_where
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.networks_behind import NetworksBehind
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import PeerAuths
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts, facts_with_tunnels, tunnel_end_from_dict
from ansible_collections.vpnalign.s2s.plugins.module_utils.prefixes import prefix_text


class FactsError(ValueError):
    """Facts that are not what asa_vpn_facts / azure_vpn_facts return."""


class ReadEnds(object):
    """One source read where the check runs (a saved config or export, plugin_utils/fact_sources.py): its
    facts but the tunnels (``facts``, whose "tunnels" is None) and the TunnelEnds its adapter made (``ends``).
    compat.run_check takes it beside facts dicts and checks the ends as they are: making each end's facts dict only
    to rebuild the same end from it was 0.55-0.7 CPU s of the offline check at 100k lines (issue 12); the
    rebuilt ends equal these (repr, every end of the bundled inputs and of both 100k-line shapes).
    ``get`` reads it as the facts dict, except that "tunnels" gives the ends."""

    def __init__(self, facts, ends):
        self.facts = facts
        self.ends = ends

    def get(self, key, default=None):
        if key == "tunnels":
            return self.ends
        return self.facts.get(key, default)

    def facts_dict(self):
        """The facts dict the facts module gives for the same input."""
        return facts_with_tunnels(self.facts, self.ends)


def facts_list(facts, what):
    """``facts`` (a facts dict or ReadEnds, a list of them, or None) as a list, checked; ``what`` names it in errors."""
    if facts is None:
        return []
    if isinstance(facts, (dict, ReadEnds)):
        facts = [facts]
    if not isinstance(facts, list):
        raise FactsError("%s must be the facts dict that the facts module returns, or a list of them" % what)
    for i, item in enumerate(facts):
        if isinstance(item, ReadEnds):
            continue
        if not isinstance(item, dict) or not isinstance(item.get("tunnels"), list):
            raise FactsError("%s[%d] has no 'tunnels' list: pass ansible_facts.vpnalign_%s as returned by the "
                             "facts module" % (what, i, "asa" if what == "asa_facts" else "azure"))
    return facts


class Side(object):
    """The ends and config-level findings of one facts source (an ASA or an Azure export)."""

    def __init__(self, facts, what):
        self.host = facts.get("host")
        failover = facts.get("failover")
        # a unit that is not active, read without its active mate (fact_sources puts it last): pairing prefers the
        # active unit's end at the same address (pairing.pair_ends)
        self.standby = (isinstance(failover, dict) and failover.get("enabled") is True and not failover.get("groups")
                        and not is_active(failover.get("state")))
        try:
            if isinstance(facts, ReadEnds):
                self.ends = list(facts.ends)
            else:
                self.ends = ends_from_facts(facts)
            self.findings = [Finding.from_dict(f) for f in facts.get("findings") or []]
            # an ASA's dynamic crypto map entries, with no peer (asa/dynamic_map_end.py): checked only against the
            # connections they answer (pairing_dynamic_map), never paired as tunnels of their own
            self.dynamic_ends = [tunnel_end_from_dict(d) for d in facts.get("dynamic_map_ends") or []]
            self.static_routes = _static_routes(facts.get("static_routes"))
            self.connected_networks = _connected_networks(facts.get("connected_networks"))
            connected = _where_connected(self.connected_networks)
            if connected is not None:
                for end in self.ends:
                    if end.route_based:
                        end.connected_networks = connected  # one tuple for the device's ends
            self.addresses = _addresses(facts.get("interface_addresses"))
            self.networks_behind = NetworksBehind(_known_networks(facts.get("known_networks"), "known_networks"),
                                                  _known_networks(facts.get("translated_networks"), "translated_networks"),
                                                  self.ends)
            peer_configs = _peer_configs(facts.get("peer_configs"))
            if peer_configs is not None:
                for end in self.ends:
                    end.peer_configs = peer_configs  # one tuple for the device's ends
            plain_auths = facts.get("peer_auths")
            if plain_auths is not None:
                auths = PeerAuths.from_plain(plain_auths)
                for end in self.ends:
                    end.peer_auths = auths  # one for the device's ends
            ingress = _ingress_routes(facts.get("ingress"))
            if ingress is not None:
                for end in self.ends:
                    if not end.route_based:
                        end.ingress_routes = ingress  # one tuple for the device's ends
            held = self.networks_behind.for_peer_routes
            if held is not None and facts.get("tunneled_default_route") is not True:
                # a "tunneled" default route: decrypted traffic goes on to a router inside, behind which anything may be
                # (review 2026-12-06)
                for end in self.ends:
                    if end.route_based and end.local_networks is None:
                        end.held_networks = held
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise FactsError("%s: a tunnel or finding is malformed (%s)" % (what, exc))

        # finding indexes by the end they concern (an ASA tunnel name, an Azure connection id), so that
        # each end's lookup costs what it returns, not the whole source (thousands of ends per ASA)
        self.whole_source = []
        self.by_scope = {}
        for index, finding in enumerate(self.findings):
            if not finding.scope:
                self.whole_source.append(index)
            for key in finding.scope:
                if not isinstance(key, str):
                    raise FactsError("%s: a finding's scope holds %s, not an end's name" % (what, type(key).__name__))
                self.by_scope.setdefault(key, []).append(index)

    def findings_for(self, end, whole_source=True):
        """Config findings that concern this end, or (``whole_source``) the whole source, in the source's order."""
        keys = {end.name, end.ref.get("id")}
        indexes = set(self.whole_source) if whole_source else set()
        for key in keys:
            indexes.update(self.by_scope.get(key, ()))
        return [self.findings[i] for i in sorted(indexes) if not _other_instance(self.findings[i], end)]


def instance_of(finding):
    """The Azure gateway instance an Azure finding is about (its evidence's ``instance``), or None."""
    about = (finding.evidence.get("azure") or {}).get("instance")
    return about if isinstance(about, int) and not isinstance(about, bool) else None


def _other_instance(finding, end):
    """True when ``finding`` is about one instance of an active-active Azure gateway and ``end`` is another's: a
    connection's findings are scoped to the connection, whose ends are one per instance, and an instance's own
    problem (its custom BGP address, azure/bgp.py) belongs on its tunnel alone (review 2026-12-06: each tunnel
    carried both instances' BGP_APIPA_INVALID, 4 findings for 2 problems)."""
    about = instance_of(finding)
    mine = end.ref.get("instance")
    return about is not None and isinstance(mine, int) and about != mine


def _static_routes(value):
    """An ASA facts' ``static_routes`` (asa/facts.py), checked; None when the facts have none (Azure's, an older
    release's)."""
    if value is None:
        return None
    # the line number (6th) is not in an older release's facts
    if not isinstance(value, list) or not all(
            isinstance(r, list) and len(r) in (5, 6) and all(isinstance(r[i], str) for i in range(3))
            and isinstance(r[3], int) and isinstance(r[4], bool)
            and (len(r) == 5 or (isinstance(r[5], int) and not isinstance(r[5], bool))) for r in value):
        raise ValueError("static_routes is not a list of [nameif, network, gateway, distance, tunnel, line]")
    return [[r[0], prefix_text(r[1], "static_routes[%d] network" % i)] + r[2:] for i, r in enumerate(value)]


def _connected_networks(value):
    """An ASA facts' ``connected_networks`` (asa/facts.py), checked; None when the facts have none (Azure's, an older
    release's)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(
            isinstance(n, list) and len(n) == 4 and all(isinstance(n[i], str) for i in range(3))
            and isinstance(n[3], int) and not isinstance(n[3], bool) for n in value):
        raise ValueError("connected_networks is not a list of [nameif, network, interface, line]")
    return [[n[0], prefix_text(n[1], "connected_networks[%d] network" % i)] + n[2:] for i, n in enumerate(value)]


def _where_connected(value):
    """``connected_networks`` (checked) as the engine reads them (TunnelEnd.connected_networks): each network with the
    interface and ``ip address`` line it is on, as remediation_routed._own_network names them; None when not known."""
    if value is None:
        return None
    return tuple((network, connected_where(interface, nameif, line)) for nameif, network, interface, line in value)


def _addresses(value):
    """An ASA facts' ``interface_addresses`` (asa/facts.py), checked, as normalised text; () when the facts have none
    (Azure's, an older release's)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise ValueError("interface_addresses is not a list of addresses")
    return tuple(str(ipaddress.ip_address(a)) for a in value)


def _peer_configs(value):
    """An ASA facts' ``peer_configs`` (asa/adapter.py l2l_tunnel_groups), checked, as a tuple; None when the facts have
    none (Azure's, an older release's)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("peer_configs is not a list of strings")
    return tuple(value)


def _ingress_routes(value):
    """An ASA facts' ``ingress`` (asa/nat_ingress.py Ingress.facts), checked, as a tuple; None when the facts have none
    (Azure's, an older release's)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("ingress is not a list of strings")
    return tuple(value)


def _known_networks(value, key):
    """An ASA facts' ``known_networks`` or ``translated_networks`` (asa/networks_behind.py), checked; None when not
    known."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise ValueError("%s is not a list of networks" % key)
    return [prefix_text(network, "%s[%d]" % (key, i)) for i, network in enumerate(value)]
