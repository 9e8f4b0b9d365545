# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Traffic selectors Azure offers for a connection, and whether it is route-based.

  PolicyBased gateway             trafficSelectorPolicies as written if any (DOC_CUSTOM_TS: "supported for
                                  both policy-based and route-based VPN gateways"), else VNet (and
                                  transit-peered) prefixes x LNG prefixes, whatever usePolicyBasedTrafficSelectors
                                  says (review_2026_11_30 item 2, DOC_MULTI_POLICYBASED)
  usePolicyBasedTrafficSelectors  trafficSelectorPolicies as written if any (DOC_CUSTOM_TS: they take effect
                                  only with this switch on), else VNet prefixes x LNG prefixes (DOC_MULTI_POLICYBASED)
  otherwise (RouteBased)          any-to-any; routing decides what enters: route-based (a trafficSelectorPolicies
                                  list is named as ignored)

``read_plan`` reads the connection once (its findings are the connection's);
``apply`` fills one TunnelEnd per gateway instance, whose networks may differ by NAT.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    ANY_IPV4,
    line,
    list_prop,
    prefix,
    same_family,
    unset_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector

CUSTOM, PREFIXES, ANY = "custom", "prefixes", "any"


class SelectorPlan:
    def __init__(self, kind, switch_line, custom=None):
        self.kind = kind
        self.switch_line = switch_line  # the evidence that decided the kind
        self.custom = custom  # CUSTOM: the selectors as written


def read_plan(reader, vpn_type):
    conn = reader.conn
    policies = list_prop(conn, "trafficSelectorPolicies")
    switch = conn.get("usePolicyBasedTrafficSelectors")
    reader.ref["use_policy_based_traffic_selectors"] = switch is True
    reader.ref["custom_traffic_selectors"] = bool(policies)
    if vpn_type == tables.POLICY_BASED:
        if policies:
            # "Custom traffic selectors are supported for both policy-based and route-based VPN gateways"
            # (DOC_CUSTOM_TS); a PolicyBased gateway's selectors are policy-based whatever the switch says
            return SelectorPlan(CUSTOM, None, _custom_selectors(reader, policies))
        return SelectorPlan(PREFIXES, line(reader.gateway, "vpnType", tables.POLICY_BASED,
                                           "selectors: local network gateway prefixes x VNet prefixes"))
    if switch is True:
        if policies:
            return SelectorPlan(CUSTOM, None, _custom_selectors(reader, policies))
        return SelectorPlan(PREFIXES, line(conn, "usePolicyBasedTrafficSelectors", True))
    switch_line = (line(conn, "usePolicyBasedTrafficSelectors", switch) if switch is not None
                   else unset_line(conn, "usePolicyBasedTrafficSelectors", "default false: any-to-any"))
    if policies:
        # "For the specified traffic selector to take effect, be sure to enable policy-based traffic selectors"
        # (DOC_CUSTOM_TS): with the switch off the list is not what Azure offers
        reader.find(
            "UNSUPPORTED_CONSTRUCT", INFO,
            "%s: trafficSelectorPolicies are ignored because usePolicyBasedTrafficSelectors is off; Azure offers "
            "any-to-any selectors, and the list takes effect only with the switch on." % reader.name,
            [switch_line, line(conn, "trafficSelectorPolicies", policies)], property="trafficSelectorPolicies")
    return SelectorPlan(ANY, switch_line)


def apply(reader, end, plan, vpn_type, local_lines):
    """Selectors, any_to_any and route_based of one end (local/remote networks already set)."""
    end.narrows_selectors = True
    # "The custom-configured traffic selectors are proposed only when a VPN gateway initiates the connection. A VPN
    # gateway accepts any traffic selectors proposed by a remote gateway (on-premises VPN device). This behavior is
    # consistent among all connection modes" (Microsoft, "Custom traffic selectors for VPN Gateway",
    # https://learn.microsoft.com/azure/vpn-gateway/custom-traffic-selectors, read 2026-12-04; reference facts
    # traffic_selectors.usePolicyBasedTrafficSelectors.azure_accepts_any_ts_from_peer, verified: true).
    end.accepts_any_selectors = True
    end.any_to_any = plan.kind == ANY
    end.route_based = plan.kind == ANY and vpn_type == tables.ROUTE_BASED
    if plan.kind == CUSTOM:
        # each end its own selectors: the instances of an active-active connection share one plan
        end.traffic_selectors = [TrafficSelector(**vars(selector)) for selector in plan.custom]
    elif plan.kind == PREFIXES:
        end.traffic_selectors = _prefix_selectors(reader, end, plan.switch_line, local_lines)
    else:
        end.traffic_selectors = [TrafficSelector(local=ANY_IPV4, remote=ANY_IPV4, source=(plan.switch_line,))]


def _custom_selectors(reader, policies):
    """The selector pairs of the entries as written: each entry's local x remote ranges of one IP version. An entry
    that is no object, a range list that is empty, or a range with no range of its IP version on the other side of its
    entry forms no selector: each is INVALID_VALUE naming the entry, and the selectors are not compared (they were
    dropped without a word, and the tunnel passed on the other entries)."""
    selectors = []
    for i, policy in enumerate(policies):
        if not isinstance(policy, dict):
            reader.invalid(reader.conn, "trafficSelectorPolicies[%d]" % i, policy,
                           "an object with localAddressRanges and remoteAddressRanges", "traffic_selectors")
            continue
        local = _range_list(reader, policy, i, "localAddressRanges")
        remote = _range_list(reader, policy, i, "remoteAddressRanges")
        if local and remote:
            _unpaired(reader, i, local, remote, "localAddressRanges", "remoteAddressRanges")
            _unpaired(reader, i, remote, local, "remoteAddressRanges", "localAddressRanges")
        for local_prefix, local_line in local:
            for remote_prefix, remote_line in remote:
                if same_family(local_prefix, remote_prefix):
                    source = (local_line, remote_line)
                    selectors.append(TrafficSelector(local_prefix, remote_prefix, source=source))
    return selectors


def _unpaired(reader, i, ranges, others, key, other_key):
    """Each of an entry's ``ranges`` with no range of its IP version among ``others`` (the entry's other side): a
    selector pairs addresses of one IP version (RFC 7296 3.13.1: TS_IPV4_ADDR_RANGE, TS_IPV6_ADDR_RANGE), so it
    forms none."""
    for j, (found, _line) in enumerate(ranges):
        if any(same_family(found, other) for other, _other_line in others):
            continue
        version, other_version = ("IPv6", "IPv4") if ":" in found else ("IPv4", "IPv6")
        reader.invalid(
            reader.conn, "trafficSelectorPolicies[%d].%s[%d]" % (i, key, j), found,
            "paired with anything: trafficSelectorPolicies[%d].%s holds no %s range, only %s, and a selector pairs "
            "addresses of one IP version, so this %s range forms no selector" % (i, other_key, version, other_version, version),
            "traffic_selectors")


def _range_list(reader, policy, i, key):
    raw_list = prop(policy, key)
    path = "trafficSelectorPolicies[%d].%s" % (i, key)
    if not isinstance(raw_list, list) or not raw_list:
        expected = "a list of IP prefixes" if raw_list is None or not isinstance(raw_list, list) else \
            "a list of at least one IP prefix: with none, trafficSelectorPolicies[%d] forms no selector" % i
        reader.invalid(reader.conn, path, raw_list, expected, "traffic_selectors")
        return []
    ranges = []
    for j, raw in enumerate(raw_list):
        found = prefix(raw)
        if found is None:
            reader.invalid(reader.conn, "%s[%d]" % (path, j), raw, "an IP prefix", "traffic_selectors")
            continue
        ranges.append((found, line(reader.conn, "%s[%d]" % (path, j), raw)))
    return ranges


def _prefix_selectors(reader, end, switch_line, local_lines):
    """One selector per (VNet prefix x LNG prefix), VNet side local (DOC_MULTI_POLICYBASED)."""
    if end.local_networks is None or end.remote_networks is None or \
            {"local_networks", "remote_networks"} & set(reader.unknowns):
        reader.unknowns.append("traffic_selectors")
        return None
    return [
        TrafficSelector(local, remote, source=(switch_line, local_lines[local], reader.remote_lines[remote]))
        for local in end.local_networks
        for remote in end.remote_networks
        if same_family(local, remote)
    ]


def check_sa_pairs(reader, end, vpn_type, local_lines):
    """A PolicyBased gateway's connection whose subnet SA pairs (its VNet prefixes x the local network gateway's, one
    selector pair each) pass tables.POLICY_BASED_MAX_SA_PAIRS: some pairs disconnect at random (DOC_TSHOOT_INTERMITTENT;
    review I, defect 1: 15 x 14 = 210 passed with no finding). Counted in one pass over the selectors."""
    if vpn_type != tables.POLICY_BASED or end.any_to_any or not end.traffic_selectors:
        return
    pairs = len(end.traffic_selectors)
    if pairs <= tables.POLICY_BASED_MAX_SA_PAIRS:
        return
    local = list(dict.fromkeys(ts.local for ts in end.traffic_selectors))
    remote = list(dict.fromkeys(ts.remote for ts in end.traffic_selectors))
    cited = [local_lines[n] for n in local[:3] if n in local_lines] + \
        [reader.remote_lines[n] for n in remote[:3] if n in reader.remote_lines]
    reader.find(
        "AZURE_SKU_UNSUPPORTED", WARNING,
        "%s has %d subnet SA pairs (%d virtual network prefixes x %d local network gateway prefixes), above the %d a "
        "PolicyBased gateway supports: some subnet pairs disconnect at random. Summarize the prefixes on either side "
        "(fewer, larger ones), or move to a RouteBased gateway (a Basic gateway is deleted and created anew)."
        % (reader.name, pairs, len(local), len(remote), tables.POLICY_BASED_MAX_SA_PAIRS),
        cited, sa_pairs=pairs, virtual_network_prefixes=len(local), local_network_gateway_prefixes=len(remote),
        limit=tables.POLICY_BASED_MAX_SA_PAIRS)
