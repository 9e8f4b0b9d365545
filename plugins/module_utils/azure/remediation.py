# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fix intents (see fixes.py) -> changes a user can apply to Azure as they are.

``azure_remediation(end, intents, fixed=None)`` returns a dict; only the
resources that change appear:
  connection               {"name", "resource_group", "properties": {...}}
  local_network_gateway    the same, for the connection's local network gateway
  virtual_network_gateway  the same, for the connection's gateway
  az                       azure-cli commands that make these changes, in order
  powershell               Az PowerShell lines that make the same changes
  unsupported              Azure cannot do what an intent asks; one sentence per
                           intent saying why, so the report tells to change the other end
  note                     something a person must know to apply the change
``properties`` are ARM property names relative to the resource's ``properties``
(nested objects as objects). A policy change is always the complete
``ipsecPolicies`` list with its one policy: Azure takes no partial policy.
With ``fixed`` (the Azure end after the intents were applied to the model and
proven) that policy is exactly the suite of ``fixed``; without it, the current
policy with the intents' fields changed. That policy, and the intent kinds that change only its fields:
remediation_policy.py; here every other kind, per resource. Commands: remediation_cli.py.
"""

import copy
import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils import bgp_asn
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation_cli import (
    CONNECTION,
    GATEWAY,
    LOCAL_GATEWAY,
    RESOURCES,
    check_commands,
    commands,
    resource_entry,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import remediation_policy
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation_policy import (
    POLICY,
    Unsupported,
    documented,
    policy_entry,
    valid_field,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import network, normalized
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import renderers

PREFIXES = ("localNetworkAddressSpace", "addressPrefixes")


def azure_remediation(end, intents, fixed=None, command_lines=True):
    """What to change on Azure, per resource and as commands, so ``end`` carries out ``intents``.

    ``end`` is an Azure TunnelEnd; ``fixed`` (optional) the same end after the
    intents were applied to the model: its first IKE proposal, first Child SA
    proposal, pfs_group and child_lifetime make the policy when one must change.
    Raises ValueError for an intent kind nobody renders and for a resource name
    that is not a valid Azure name (it would go into a command).
    ``command_lines`` False: the commands are checked (the same ValueError) but not written, and the
    result has no ``az``, ``powershell`` or the notes they bring: for whoever asks only ``unsupported``.
    """
    changes = {resource: {} for resource in RESOURCES}
    policy, reasons, notes, policy_kinds = {}, [], [], set()
    changed = as_changed(end, intents)
    for item in intents:
        if not item:
            continue
        render = _RENDERERS.get(item.get("kind"))
        if render is None:
            raise ValueError("no Azure rendering for fix intent %r" % item.get("kind"))
        try:
            rendered = render(changed, item)
        except Unsupported as exc:
            reasons.append(str(exc))
            continue
        for key, value in rendered.items():
            if key == "note":
                notes.append(value)
            elif key == POLICY:
                policy.update(value)
                policy_kinds.add(item.get("kind"))
            else:
                _merge(changes[key], value)
    if policy:
        try:
            changes[CONNECTION] = dict([("ipsecPolicies", [policy_entry(end, policy, policy_kinds, fixed)])],
                                       **changes[CONNECTION])
            notes = [n for n in notes if n != _NEEDS_POLICY]
        except Unsupported as exc:
            reasons.append(str(exc))
    if "connectionProtocol" in changes[CONNECTION] and len(changes[CONNECTION]) > 1 and \
            tables.CONNECTION_PROTOCOL_IMMUTABLE:
        # the connection is created again: what else changes on it goes into the new one, or is lost with the old one
        notes = [_recreate_note(changes[CONNECTION]["connectionProtocol"], sorted(changes[CONNECTION]))
                 if n == _recreate_note(changes[CONNECTION]["connectionProtocol"]) else n for n in notes]
    result = {}
    for resource in RESOURCES:
        if changes[resource]:
            result[resource] = resource_entry(end, resource, changes[resource])
    if not command_lines:
        check_commands(end, result)
        az, powershell, command_notes = [], [], []
    else:
        az, powershell, command_notes = commands(end, result)
    if az:
        result["az"] = az
        result["powershell"] = powershell
    notes.extend(command_notes)
    if reasons:
        result["unsupported"] = " ".join(dict.fromkeys(reasons))
    if notes:
        result["note"] = " ".join(dict.fromkeys(notes))
    return result


CONFIG_POLICY_PATH = "ipsecPolicies[0]."


def config_remediation(end, flat, other_fields=None):
    """A config finding's connection changes, given as ``{property: value}`` or
    ``{"ipsecPolicies[0].<field>": value}``, in the shape of ``azure_remediation``: a policy
    field becomes the complete policy (the fields read today with this one changed), with the
    commands that apply it. ``other_fields`` (policy paths -> values) are the corrections other
    findings of the connection make, carried into the same complete policy. Returns ``flat``
    unchanged when the complete policy cannot be known (a field of today's policy is missing or
    invalid): then no command is given for it, and a note says why."""
    properties, fields = {}, {}
    for key, value in flat.items():
        if key.startswith(CONFIG_POLICY_PATH):
            fields[key[len(CONFIG_POLICY_PATH):]] = value
        else:
            properties[key] = value
    if fields:
        policy = dict(end.ref.get("policy") or {})
        policy.update((k[len(CONFIG_POLICY_PATH):], v) for k, v in (other_fields or {}).items())
        policy.update(fields)
        policy = documented(policy)
        unknown = [name for name in tables.POLICY_FIELDS if not valid_field(name, policy.get(name))]
        if unknown:
            return dict(flat, note=_incomplete_policy_note(unknown))
        properties["ipsecPolicies"] = [{name: policy[name] for name in tables.POLICY_FIELDS}]
    try:
        result = {CONNECTION: resource_entry(end, CONNECTION, properties)}
        az, powershell, notes = commands(end, result)
    except ValueError as error:  # a name that is no valid Azure name goes into no command
        if properties.get("ipsecPolicies") == []:  # the commands write one policy, never none
            return dict(flat, note="No command is given: remove the connection's custom IPsec policy, so that it "
                                   "runs Azure's default policy.")
        return dict(flat, note="No command is given: %s." % str(error).rstrip("."))
    if az:
        result["az"], result["powershell"] = az, powershell
    if "connectionProtocol" in properties and tables.CONNECTION_PROTOCOL_IMMUTABLE:
        notes.append(_recreate_note(properties["connectionProtocol"]))
    if notes:
        result["note"] = " ".join(notes)
    return result


def _incomplete_policy_note(fields):
    # every IpsecPolicy field is required (REST_2024_05_01, facts yaml required_in_rest: tables.POLICY_FIELDS)
    return ("No command is given: Azure replaces the IPsec policy as a whole, and today's policy has no valid %s, so "
            "the complete policy cannot be written from it. Set all %d fields in one policy, %s included." % (
                ", ".join(CONFIG_POLICY_PATH + name for name in fields), len(tables.POLICY_FIELDS),
                "these" if len(fields) > 1 else "this one"))


def _merge(into, changes):
    """Deep-merge property changes; address prefix lists from several intents are joined."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif key == PREFIXES[1] and isinstance(into.get(key), list):
            into[key] = into[key] + [v for v in value if v not in into[key]]
        else:
            into[key] = value


# The connection's properties an intent sets, as the ref keys the renderers judge other intents by.
_SETS = {"ike_version": lambda item: {"connection_protocol": tables.IKE_VERSION_TO_PROTOCOL.get(item["version"])},
         "policy_selectors": lambda item: {"use_policy_based_traffic_selectors": bool(item["enabled"])},
         "traffic_selectors": lambda item: {"use_policy_based_traffic_selectors": True}}
# The kinds of fix the others of a change are judged with (as_changed; the prover passes only these)
JOINT_KINDS = tuple(_SETS)


def as_changed(end, intents):
    """``end`` as the renderers judge each of ``intents``: with the connection protocol and the policy-based traffic
    selectors switch that ``intents`` set together. A connection created again with IKEv2 and policy-based selectors
    has both at once (review 2026-12-06: the IKEv1 connection's protocol fix, which needs the selectors on against a
    crypto-map ASA, was refused because the selectors were judged against today's IKEv1). ``end`` when they set
    neither."""
    ref = dict(end.ref or {})
    for item in intents or ():
        sets = _SETS.get((item or {}).get("kind"))
        if sets is not None:
            ref.update((k, v) for k, v in sets(item).items() if v is not None)
    if ref == (end.ref or {}):
        return end
    view = copy.copy(end)  # shallow: only ref differs, and it is a new dict
    view.ref = ref
    return view


# ---- one renderer per intent kind -----------------------------------------
# Each returns {resource: {property: value}}, POLICY: {field: value} and/or "note".
def _connection(**properties):
    return {CONNECTION: properties}


def _ikev2_for_selectors(end):
    """Policy-based traffic selectors are documented for IKEv2 only (DOC_MULTI_POLICYBASED): no fix turns them on
    for an IKEv1 connection."""
    if end.ref.get("vpn_type") != tables.POLICY_BASED and end.ref.get("connection_protocol") == "IKEv1":
        raise Unsupported("Microsoft documents policy-based traffic selectors only for devices that use IKEv2, and "
                          "connection %s uses IKEv1" % end.name)


def _no_nat_for_selectors(end):
    """Azure does not support NAT rules with policy-based traffic selectors (tables.NAT_WITH_POLICY_SELECTORS): no fix
    turns them on for a connection that links NAT rules (review 2026-12-05: one did, undoing the NAT finding's)."""
    if end.ref.get("nat_rules") and not tables.NAT_WITH_POLICY_SELECTORS:
        raise Unsupported("connection %s links NAT rules (%s), and Azure does not support NAT with policy-based "
                          "traffic selectors" % (end.name, ", ".join(str(r.get("name")) for r in end.ref["nat_rules"])))


def _traffic_selectors(end, item):
    _ikev2_for_selectors(end)
    _no_nat_for_selectors(end)
    pairs = [(_norm(local), _norm(remote)) for local, remote in item["pairs"]]
    changes = {"usePolicyBasedTrafficSelectors": True}
    if set(pairs) == _prefix_pairs(end):
        # Exactly what usePolicyBasedTrafficSelectors derives: no custom list needed.
        if end.ref.get("custom_traffic_selectors"):
            changes["trafficSelectorPolicies"] = []
        return _connection(**changes)
    by_local = {}  # local -> its remotes, each once, in order (a dict's keys)
    for local, remote in pairs:
        by_local.setdefault(local, {})[remote] = None
    changes["trafficSelectorPolicies"] = [
        {"localAddressRanges": [local], "remoteAddressRanges": list(remotes)} for local, remotes in by_local.items()
    ]
    rendered = _connection(**changes)
    left_out = _left_out(end.local_networks, [local for local, _remote in pairs]) + \
        _left_out(end.remote_networks, [remote for _local, remote in pairs])
    if left_out:
        # review 2026-12-05: a peered spoke VNet the ASA's ACL missed was cut off without a word
        rendered["note"] = ("These selectors leave %s out of the tunnel: traffic to and from %s stops. If it "
                            "should cross, change the other end instead." % (
                                ", ".join(left_out), "it" if len(left_out) == 1 else "them"))
    return rendered


def _left_out(prefixes, covered):
    """The prefixes of ``prefixes`` (an end's address space) that no prefix of ``covered`` holds."""
    try:
        held = [network(prefix) for prefix in covered]
        return [_norm(prefix) for prefix in prefixes or () if not any(
            network(prefix).version == h.version and network(prefix).subnet_of(h) for h in held)]
    except (ValueError, TypeError):
        return []  # a prefix that is no prefix is the adapter's finding


def _prefix_pairs(end):
    """The (VNet prefix x LNG prefix) selectors the connection derives, if both sides are known. Each prefix is
    read once, not once per pair (issue 12: each local prefix was read again for every remote one and the other
    way round); when one is no prefix, pair by pair, which raises for the first such as ever."""
    if end.local_networks is None or end.remote_networks is None or \
            {"local_networks", "remote_networks"} & set(end.unknowns):
        return None
    try:
        local = [(_norm(prefix), network(prefix).version) for prefix in end.local_networks]
        remote = [(_norm(prefix), network(prefix).version) for prefix in end.remote_networks]
    except (ValueError, TypeError):
        return _prefix_pairs_each(end)
    return {(local_prefix, remote_prefix) for local_prefix, local_version in local
            for remote_prefix, remote_version in remote if local_version == remote_version}


def _prefix_pairs_each(end):
    """``_prefix_pairs`` pair by pair: the general path."""
    return {
        (_norm(local), _norm(remote))
        for local in end.local_networks
        for remote in end.remote_networks
        if network(local).version == network(remote).version
    }


def _norm(prefix):
    return normalized(prefix)


def _policy_selectors(end, item):
    if not item["enabled"] and end.ref.get("vpn_type") == tables.POLICY_BASED:
        raise Unsupported("PolicyBased gateway %s always offers its local network gateway's prefixes (or its custom "
                          "trafficSelectorPolicies) as selectors, never any-to-any" % end.ref.get("gateway"))
    if item["enabled"]:
        _ikev2_for_selectors(end)
        _no_nat_for_selectors(end)
    changes = {"usePolicyBasedTrafficSelectors": bool(item["enabled"])}
    if not item["enabled"] and end.ref.get("custom_traffic_selectors"):
        changes["trafficSelectorPolicies"] = []  # a custom list would keep selectors narrow
    rendered = _connection(**changes)
    if item["enabled"] and not end.ref.get("custom_policy"):
        # DOC_MULTI_POLICYBASED (2023) needs a custom policy for this; DOC_POLICY_HOWTO_PORTAL does not.
        rendered["note"] = _NEEDS_POLICY
    return rendered


_NEEDS_POLICY = ("If Azure refuses usePolicyBasedTrafficSelectors without a custom IPsec/IKE policy "
                 "(older API tooling), set one as well.")


def _peer_address(end, item):
    return {LOCAL_GATEWAY: {"gatewayIpAddress": str(ipaddress.ip_address(item["address"]))}}


def _ike_version(end, item):
    version = item["version"]
    protocol = tables.IKE_VERSION_TO_PROTOCOL.get(version)
    if protocol is None:
        raise Unsupported("Azure has no IKE version %s" % version)
    vpn_type, sku = end.ref.get("vpn_type"), end.ref.get("sku")
    if vpn_type == tables.POLICY_BASED and version not in tables.POLICY_BASED_IKE_VERSIONS:
        raise Unsupported("PolicyBased gateway %s does IKEv1 only" % end.ref.get("gateway"))
    if vpn_type == tables.ROUTE_BASED and version == 1 and isinstance(sku, str) and \
            sku.casefold() in {s.casefold() for s in tables.ROUTE_BASED_IKEV1_UNSUPPORTED_SKUS}:
        raise Unsupported("RouteBased gateway %s of the %s SKU does not do IKEv1" % (end.ref.get("gateway"), sku))
    if vpn_type == tables.ROUTE_BASED and version == 1 and end.ref.get("use_policy_based_traffic_selectors"):
        # the combination the adapter warns about (session.py; review 2026-12-04: a "proven" fix made it)
        raise Unsupported("connection %s uses policy-based traffic selectors, which Microsoft documents only for "
                          "devices that use IKEv2" % end.name)
    rendered = _connection(connectionProtocol=protocol)
    if tables.CONNECTION_PROTOCOL_IMMUTABLE:
        rendered["note"] = _recreate_note(protocol)
    return rendered


def _recreate_note(protocol, properties=()):
    others = [p for p in properties if p != "connectionProtocol"]
    if others:
        return ("Azure cannot change connectionProtocol in place: delete the connection and create it again with "
                "connectionProtocol %s and %s as listed (no command is given for that)." % (protocol, ", ".join(others)))
    return ("Azure cannot change connectionProtocol in place: delete the connection and create it again with "
            "connectionProtocol %s (no command is given for that)." % protocol)


def _tcp_mss(end, item):
    raise Unsupported("Azure VPN gateways have no TCP MSS setting (Azure recommends clamping to %d on the device)"
                      % tables.MAX_TCP_MSS)


def _dpd_timeout(end, item):
    seconds = item["seconds"]
    vpn_type = end.ref.get("vpn_type")
    if vpn_type in tables.DPD_SUPPORTED and not tables.DPD_SUPPORTED[vpn_type]:
        raise Unsupported("%s gateways do no dead-peer detection" % vpn_type)
    if not tables.DPD_TIMEOUT_MIN <= seconds <= tables.DPD_TIMEOUT_MAX:
        raise Unsupported("Azure's DPD timeout is %d to %d seconds, so it cannot be %d" % (
            tables.DPD_TIMEOUT_MIN, tables.DPD_TIMEOUT_MAX, seconds))
    return _connection(dpdTimeoutSeconds=seconds)


def _nat_exemption(end, item):
    raise Unsupported("Azure does not translate tunnel traffic, so NAT exemption is set on the device only")


def _address_space(prefixes):
    return {LOCAL_GATEWAY: {PREFIXES[0]: {PREFIXES[1]: prefixes}}}


def _remote_networks(end, item):
    prefixes = [_norm(p) for p in item["networks"]]
    _vnet_overlap(end, prefixes)
    return _address_space(prefixes)


def _vnet_overlap(end, prefixes):
    """Refuse local network gateway ``prefixes`` that overlap what the gateway has behind it (``end.local_networks``:
    the VNet with its gateway subnet and the peered VNets using its gateway, or what egress NAT makes of them).
    Microsoft: "If a duplicate address range exists on both sides of the VPN connection, traffic will route in an
    unexpected way" (MicrosoftDocs/azure-docs includes/vpn-gateway-cross-premises.md); Azure's own answer to on-premises
    ranges that overlap the VNet is NAT, which no prefix list gives. Such a fix would route part of Azure's own
    address space into the tunnel."""
    for prefix in prefixes:
        try:
            mine = network(prefix)
            theirs = [(vnet, network(vnet)) for vnet in end.local_networks or ()]
        except (ValueError, TypeError):
            return  # a prefix that is no prefix is the adapter's finding
        for vnet, held in theirs:
            if held.version == mine.version and held.overlaps(mine):
                raise Unsupported(
                    "local network gateway %s (connection %s): %s overlaps %s, an address range of %s behind the "
                    "gateway; an address space that overlaps it would route Azure's own traffic into the tunnel" % (
                        end.ref.get("local_network_gateway") or "?", end.name, prefix, _norm(vnet),
                        "virtual network %s" % end.ref["virtual_network"] if end.ref.get("virtual_network")
                        else "the virtual network"))


def _pre_shared_key(end, item):
    _keeps_certificate(end)
    return {"note": "Set the connection's sharedKey to the same pre-shared key as the other end "
                    "(keys are never shown in this report)."}


def _keeps_certificate(end):
    """Refuse a fix that would move a connection on certificates to a pre-shared key (tables.CERTIFICATE_AUTHENTICATION:
    its sharedKey is not used, and a key is the weaker method). The sharedKey note alone was shown as a proven fix and
    left the connection on certificates."""
    if end.ref.get("authentication_type") == tables.CERTIFICATE_AUTHENTICATION:
        raise Unsupported("connection %s authenticates with a certificate (authenticationType Certificate): a "
                          "sharedKey does not change that, and a pre-shared key is weaker than a certificate"
                          % end.name)


def _ike_auth_method(end, item):
    # psk: the sharedKey a person gives (pre_shared_key); certificate: Key Vault set-up no module here does
    if item.get("method") == "psk":
        _keeps_certificate(end)
        return {}
    if item.get("method") == "certificate":
        raise Unsupported("connection %s authenticates with a pre-shared key; moving it to a certificate "
                          "(authenticationType Certificate, with a certificate in Key Vault and the peer's CA chain; "
                          "not on a Basic gateway, DOC_S2S_CERT_AUTH in azure/tables.py) is for a person to set up"
                          % end.name)
    raise Unsupported("connection %s cannot authenticate with %s" % (end.name, item.get("method")))


def _initiator(end, item):
    return _connection(connectionMode=tables.DEFAULT_CONNECTION_MODE)


def _route(end, item):
    # A route-based Azure gateway routes the local network gateway's address space into the tunnel;
    # the host route to the BGP peer is Azure's own (adapter), not part of that space.
    network = _norm(item["network"])
    peer = end.bgp.peer_address if end.bgp is not None else None
    own = {_norm(peer)} if peer else set()
    current = [p for p in (_norm(p) for p in end.routed_networks or []) if p not in own]
    _vnet_overlap(end, [network])
    return _address_space(current + ([network] if network not in current else []))


def _require_bgp_support(end):
    # BGP: route-based gateways of every SKU but Basic (tables.BGP_UNSUPPORTED_SKUS, DOC_BGP_FAQ, verified).
    sku = end.ref.get("sku")
    if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.BGP_UNSUPPORTED_SKUS}:
        raise Unsupported("gateway %s is of the %s SKU, which cannot run BGP" % (end.ref.get("gateway"), sku))
    if end.ref.get("vpn_type") == tables.POLICY_BASED:
        raise Unsupported("gateway %s is PolicyBased, which cannot run BGP" % end.ref.get("gateway"))


def _require_bgp_address(end, address):
    """The peer expects Azure's BGP at ``address``: Azure must already have it, since a fix here sets no BGP address.
    An APIPA neighbor is answered from the instance's custom APIPA addresses, any other from its default one
    (DOC_BGP_FAQ "What address does VPN Gateway use for BGP peer IP"); turning BGP on sets neither."""
    if not address:
        return
    addresses = end.ref.get("bgp_addresses") or {}
    apipa = ipaddress.ip_address(address) in ipaddress.ip_network(tables.APIPA_NETWORK)
    if address in (addresses.get("custom" if apipa else "default") or ()):
        return
    where = ("a custom APIPA BGP address of gateway %s's IP configuration %s (portal: the gateway's Configuration, "
             "Custom Azure APIPA BGP IP address; PowerShell: New-AzIpConfigurationBgpPeeringAddressObject "
             "-CustomAddress)" if apipa else "the default BGP address of gateway %s's IP configuration %s")
    raise Unsupported("the peer expects Azure's BGP at %s, which must be %s; this fix sets no BGP address, so set "
                      "it first" % (address, where % (end.ref.get("gateway"), end.ref.get("ip_configuration"))))


def _require_custom_apipa(end, neighbor):
    """An APIPA neighbor is answered only from a custom APIPA address of the instance (DOC_BGP_FAQ; the adapter's
    BGP_APIPA_INVALID): on an instance with none, a local network gateway moved onto the peer's APIPA address agrees
    with it on paper and fails the next check. Not judged where the instance is not known (no bgp_peering)."""
    choices = end.ref.get("bgp_peering")
    if not neighbor or not choices or choices.get("apipa") is not None:
        return
    if ipaddress.ip_address(neighbor) not in ipaddress.ip_network(tables.APIPA_NETWORK):
        return
    raise Unsupported("Azure peers with an APIPA neighbor such as %s only from a custom APIPA BGP address, and gateway "
                      "%s's IP configuration %s has none (portal: the gateway's Configuration, Custom Azure APIPA BGP "
                      "IP address); add one first, or have the peer use a BGP address outside APIPA" % (
                          neighbor, end.ref.get("gateway"), end.ref.get("ip_configuration")))


def _bgp_enabled(end, item):
    if item["enabled"]:
        _require_bgp_support(end)
    rendered = _connection(enableBgp=bool(item["enabled"]))
    if item["enabled"] and end.ref.get("gateway_enable_bgp") is not True:
        # A connection takes enableBgp only when its gateway has BGP on (DOC_BGP_HOWTO; the
        # ARM lab refuses it with BgpNotEnabledOnGateway as Azure does).
        rendered[GATEWAY] = {"enableBgp": True}
    return rendered


def _bgp_neighbor(end, item):
    _require_bgp_support(end)
    _require_bgp_address(end, item.get("peers_from"))
    _require_custom_apipa(end, item["address"])
    _require_free_asn(item["remote_as"])
    # The neighbor Azure expects is the local network gateway's bgpSettings (DOC_BGP_HOWTO).
    rendered = {LOCAL_GATEWAY: {"bgpSettings": {
        "asn": _asn(item["remote_as"]), "bgpPeeringAddress": str(ipaddress.ip_address(item["address"]))}}}
    if item.get("asn") is not None:
        rendered[GATEWAY] = {"bgpSettings": {"asn": _asn(item["asn"])}}
    return rendered


def _require_free_asn(remote_as):
    """Azure refuses an ASN it or IANA reserves in a local network gateway's bgpSettings.asn (DOC_BGP_FAQ, "Are there
    ASNs reserved by Azure?": "You can't specify these ASNs for your on-premises VPN devices"; tables.asn_reserved, as
    the adapter's BGP_ASN_RESERVED reads it): a peer on 65515, Azure's own ASN, is not matched by moving the local
    network gateway onto it; the peer's ASN is what must change."""
    who = tables.asn_reserved(remote_as) if isinstance(remote_as, int) and not isinstance(remote_as, bool) else None
    if who is not None:
        raise Unsupported("the peer runs BGP on ASN %d, which %s reserves: Azure refuses it in the local network "
                          "gateway's bgpSettings.asn, so the peer's ASN must change (private: %s)" % (
                              remote_as, who, bgp_asn.PRIVATE_FREE))


def _asn(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= tables.ASN_MAX:
        raise ValueError("ASN %r is not a number from 1 to %d" % (value, tables.ASN_MAX))
    return value


def _bgp_multihop(end, item):
    raise Unsupported("Azure VPN gateways have no eBGP multihop setting (they peer with a BGP address off the "
                      "tunnel subnet by themselves)")


def _bgp_activate(end, item):
    raise Unsupported("Azure exchanges IPv4 routes on every BGP-enabled connection; there is nothing to activate")


def _bgp_advertise(end, item):
    raise Unsupported("Azure advertises its virtual network's address space over BGP by itself and has no "
                      "per-prefix advertisement setting")


def _bgp_import(end, item):
    raise Unsupported("Azure VPN gateways have no inbound BGP route filter")


def _bgp_export(end, item):
    raise Unsupported("Azure VPN gateways have no outbound BGP route filter")


_RENDERERS = renderers(dict(globals(), **remediation_policy.RENDERERS))
