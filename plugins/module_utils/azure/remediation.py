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
policy with the intents' fields changed. Commands: remediation_cli.py.
"""

import ipaddress

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
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DEFAULT_BASELINE
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import network, normalized
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import weak_parts
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import NEGOTIATED
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import renderers

POLICY = "policy"  # renderer key: fields of the connection's ipsecPolicies[0]
PREFIXES = ("localNetworkAddressSpace", "addressPrefixes")


# How an intent Azure cannot carry out ends: the check takes it back when the other end has no proven fix either.
OTHER_END_TAIL = "; change the other end instead."


class _Unsupported(Exception):
    """Azure has no way to do what an intent asks."""

    def __init__(self, reason):
        Exception.__init__(self, reason + OTHER_END_TAIL)


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
    for item in intents:
        if not item:
            continue
        render = _RENDERERS.get(item.get("kind"))
        if render is None:
            raise ValueError("no Azure rendering for fix intent %r" % item.get("kind"))
        try:
            rendered = render(end, item)
        except _Unsupported as exc:
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
            if policy_kinds <= _KEEPING_THE_SUITE and not end.ref.get("custom_policy") and fixed is not None:
                _negotiated_suite_only(fixed)
            if policy_kinds <= _LIFETIME_KINDS and not end.ref.get("custom_policy"):
                _no_weak_default_pinned(fixed if fixed is not None else end)
            changes[CONNECTION] = dict([("ipsecPolicies", [_complete_policy(end, policy, fixed)])],
                                       **changes[CONNECTION])
            notes = [n for n in notes if n != _NEEDS_POLICY]
        except _Unsupported as exc:
            reasons.append(str(exc))
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
        unknown = [name for name in tables.POLICY_FIELDS if not _valid_field(name, policy.get(name))]
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


# ---- the custom policy ------------------------------------------------------
_LIFETIME_KINDS = frozenset(["child_lifetime_seconds", "child_lifetime_kilobytes"])
# Changes that choose no suite: on the default policy the whole policy they write keeps the suite the pair negotiates
_KEEPING_THE_SUITE = _LIFETIME_KINDS | {"child_pfs"}


def _negotiated_suite_only(fixed):
    """A change that chooses no suite, on Azure's default policy, writes the suite the pair negotiates into the custom
    policy; where the pair negotiates none, that would pin the default's first offers, which the peer does not take
    (review 2026-12-05: a PFS fix wrote SHA1 and DH group 2 next to an ASA on SHA384 and group 24)."""
    for proposals, what, code in ((fixed.ike_proposals, "IKE", "IKE_NO_COMMON_PROPOSAL"),
                                  (fixed.child_proposals, "ESP", "CHILD_NO_COMMON_PROPOSAL")):
        if not proposals or proposals[0].label != NEGOTIATED:
            raise _Unsupported("Azure takes this change only within a whole custom policy, and connection %s "
                               "negotiates no %s suite with its peer to keep in it (the policy would pin the default "
                               "policy's first offer): fix %s first, then this" % (fixed.name, what, code))


def _no_weak_default_pinned(source):
    """A lifetime change on Azure's default policy writes a custom policy drawn from the default's first offers; none
    of them may be weak (DEFAULT_BASELINE), or aligning a lifetime would pin DH group 2 into the connection (review
    2026-12-05: "proven", as the weak-crypto warning was there before, and it could overwrite that warning's fix)."""
    ike = source.ike_proposals[0] if source.ike_proposals else None
    child = source.child_proposals[0] if source.child_proposals else None
    weak = []
    if ike is not None:
        weak += weak_parts(DEFAULT_BASELINE, ike.encryption[:1], ike.integrity[:1])
        weak += ["DH group %s" % g for g in weak_parts(DEFAULT_BASELINE, dh_groups=ike.dh_groups[:1])]
    if child is not None:
        weak += weak_parts(DEFAULT_BASELINE, child.encryption[:1], child.integrity[:1])
    weak += ["PFS group %s" % g for g in weak_parts(DEFAULT_BASELINE, dh_groups=(source.pfs_group,))]
    if weak:
        raise _Unsupported("a lifetime is set on Azure only within a whole custom policy, and one drawn from "
                           "connection %s's default policy would pin %s, which is weak: fix the weak crypto first "
                           "(its fix writes a strong policy), then align the lifetime" % (source.name, ", ".join(weak)))


def _complete_policy(end, fields, fixed):
    """The one ipsecPolicies entry, all eight fields, in Azure names (POLICY_FIELDS order)."""
    _require_custom_policy_support(end)
    if fixed is not None:
        policy = _policy_of(fixed)
    else:
        policy = _current_policy(end)
        policy.update(fields)
    return {name: policy[name] for name in tables.POLICY_FIELDS}


def _require_custom_policy_support(end):
    sku = end.ref.get("sku")
    if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}:
        raise _Unsupported("gateway %s is of the %s SKU, which takes no custom IPsec/IKE policy%s"
                           % (end.ref.get("gateway"), sku, _RECREATE_ONLY))
    if end.ref.get("vpn_type") == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY:
        raise _Unsupported("gateway %s is PolicyBased, which takes no custom IPsec/IKE policy%s"
                           % (end.ref.get("gateway"), _RECREATE_ONLY))


# What a user can do about a gateway that takes no policy: a Basic gateway (PolicyBased ones are all Basic, reference
# yaml, verified: true) is not upgraded to another SKU, only deleted and created anew (Microsoft "Upgrade a gateway
# SKU", learn.microsoft.com/azure/vpn-gateway/gateway-sku-upgrade: "Basic SKU | Any other SKU | No | Yes"; verified)
_RECREATE_ONLY = (" (a Basic gateway cannot be upgraded to a SKU that does: it is deleted and created anew as a "
                  "RouteBased VpnGw gateway)")


def _policy_of(end):
    """The eight policy fields for the first IKE and Child SA proposals, PFS and lifetimes of ``end``."""
    ike = end.ike_proposals[0] if end.ike_proposals else None
    child = end.child_proposals[0] if end.child_proposals else None
    if ike is None or child is None:
        raise _Unsupported("the suite %s would use is not known, so no complete custom policy can be drawn up"
                           % end.name)
    policy = _ike_fields(_first(ike.encryption), _first(ike.integrity), _first(ike.prf), _first(ike.dh_groups))
    policy.update(_child_fields(_first(child.encryption), _first(child.integrity)))
    policy["pfsGroup"] = _pfs_name(end.pfs_group)
    # A custom policy always has both lifetimes; PowerShell's defaults when none is
    # given (DOC_ALG_TABLE_2024, see tables.CUSTOM_POLICY_DEFAULT_*).
    policy["saLifeTimeSeconds"] = end.child_lifetime.seconds or tables.CUSTOM_POLICY_DEFAULT_SECONDS
    policy["saDataSizeKilobytes"] = end.child_lifetime.kilobytes or tables.CUSTOM_POLICY_DEFAULT_KILOBYTES
    return policy


def _current_policy(end):
    """Without a proven end: the policy as set today (values the adapter read), the rest
    from the model - on Azure's default policy that is its first own offers."""
    current = end.ref.get("policy") if end.ref.get("custom_policy") else None
    if isinstance(current, dict) and all(_valid_field(name, current.get(name)) for name in tables.POLICY_FIELDS):
        return documented(current)
    return _policy_of(end)


def documented(policy):
    """``policy`` (a dict of IpsecPolicy fields) with REST-only aliases in their documented spelling (PFS14: PFS2048),
    so that every rendering of a fix names one value, and one New-AzIpsecPolicy takes."""
    return {name: tables.DOCUMENTED_SPELLING.get(name, {}).get(value, value) for name, value in policy.items()}


def _valid_field(name, value):
    if name in tables.ENUMS:
        return tables.enum_value(name, value) is not None
    return isinstance(value, int) and not isinstance(value, bool)


def _first(values):
    return values[0] if values else None


def _ike_fields(encryption, integrity, prf, group):
    azure_encryption = _named(tables.IKE_ENCRYPTION_TO_AZURE, encryption, "IKE encryption")
    if encryption in AEAD_CIPHERS:
        # With GCM, Azure's ikeIntegrity names the PRF (UNVERIFIED, see tables.IKE_PRF);
        # with no PRF asked for, the GCMAES pair of the 2023 doc table.
        azure_integrity = _named(tables.IKE_INTEGRITY_TO_AZURE, prf, "IKE PRF") if prf else azure_encryption
    else:
        azure_integrity = _named(tables.IKE_INTEGRITY_TO_AZURE, integrity, "IKE integrity")
        if prf not in (None, integrity):
            raise _Unsupported("Azure's IKE PRF is always its integrity algorithm, so it cannot pair integrity %s "
                               "with PRF %s" % (integrity, prf))
    return {
        "ikeEncryption": azure_encryption,
        "ikeIntegrity": azure_integrity,
        "dhGroup": _named(tables.DH_GROUP_TO_AZURE, group, "IKE DH group"),
    }


def _child_fields(encryption, integrity):
    azure_encryption = _named(tables.IPSEC_ENCRYPTION_TO_AZURE, encryption, "ESP encryption")
    if encryption in AEAD_CIPHERS:
        azure_integrity = azure_encryption  # GCM pairing rule (DOC_REQUIREMENTS)
    else:
        azure_integrity = _named(tables.IPSEC_INTEGRITY_TO_AZURE, integrity, "ESP integrity")
    return {"ipsecEncryption": azure_encryption, "ipsecIntegrity": azure_integrity}


def _named(table, canonical, what):
    name = table.get(canonical)
    if name is None:
        if canonical is None:
            raise _Unsupported("Azure needs an %s and none was given" % what)
        raise _Unsupported("Azure has no %s %s (it offers %s)" % (what, canonical, ", ".join(
            str(k) for k in dict.fromkeys(table) if k is not None)))
    return name


def _pfs_name(group):
    if group in tables.PFS_GROUP_TO_AZURE:
        return tables.PFS_GROUP_TO_AZURE[group]
    if group == tables.PFS_SAME_AS_IKE:
        return "PFSMM"  # kept as read (tables.PFS_GROUP)
    raise _Unsupported("Azure has no PFS group for DH group %s (it offers %s)" % (
        group, ", ".join(str(g) for g in tables.PFS_GROUP_TO_AZURE if g)))


# ---- one renderer per intent kind -----------------------------------------
# Each returns {resource: {property: value}}, POLICY: {field: value} and/or "note".
def _connection(**properties):
    return {CONNECTION: properties}


def _child_pfs(end, item):
    return {POLICY: {"pfsGroup": _pfs_name(item.get("group"))}}


def _child_proposal(end, item):
    return {POLICY: _child_fields(item.get("encryption"), item.get("integrity"))}


def _ike_proposal(end, item):
    return {POLICY: _ike_fields(item.get("encryption"), item.get("integrity"), item.get("prf"), item.get("dh_group"))}


def _child_lifetime_seconds(end, item):
    seconds = item["seconds"]
    if not tables.SA_LIFETIME_SECONDS_MIN <= seconds <= tables.SA_LIFETIME_SECONDS_MAX:
        raise _Unsupported("Azure's Child SA lifetime is set from %d to %d seconds (New-AzIpsecPolicy's range), so "
                           "it is not set to %d" % (tables.SA_LIFETIME_SECONDS_MIN, tables.SA_LIFETIME_SECONDS_MAX,
                                                    seconds))
    return {POLICY: {"saLifeTimeSeconds": seconds}}


def _child_lifetime_kilobytes(end, item):
    kilobytes = item.get("kilobytes")
    if kilobytes is None:
        raise _Unsupported("Azure always limits a Child SA's data (saDataSizeKilobytes), so it cannot run without one")
    if not tables.SA_DATA_SIZE_KB_MIN <= kilobytes <= tables.INT32_MAX:
        raise _Unsupported("Azure's Child SA data limit is %d to %d KB, so it cannot be %d KB" % (
            tables.SA_DATA_SIZE_KB_MIN, tables.INT32_MAX, kilobytes))
    return {POLICY: {"saDataSizeKilobytes": kilobytes}}


def _ike_lifetime_seconds(end, item):
    if item["seconds"] == tables.IKE_SA_LIFETIME_SECONDS:
        return {}
    raise _Unsupported("Azure's IKE SA lifetime is fixed at %d seconds, so it cannot be %d" % (
        tables.IKE_SA_LIFETIME_SECONDS, item["seconds"]))


def _ikev2_for_selectors(end):
    """Policy-based traffic selectors are documented for IKEv2 only (DOC_MULTI_POLICYBASED): no fix turns them on
    for an IKEv1 connection."""
    if end.ref.get("vpn_type") != tables.POLICY_BASED and end.ref.get("connection_protocol") == "IKEv1":
        raise _Unsupported("Microsoft documents policy-based traffic selectors only for devices that use IKEv2, and "
                           "connection %s uses IKEv1" % end.name)


def _no_nat_for_selectors(end):
    """Azure does not support NAT rules with policy-based traffic selectors (tables.NAT_WITH_POLICY_SELECTORS): no fix
    turns them on for a connection that links NAT rules (review 2026-12-05: one did, undoing the NAT finding's)."""
    if end.ref.get("nat_rules") and not tables.NAT_WITH_POLICY_SELECTORS:
        raise _Unsupported("connection %s links NAT rules (%s), and Azure does not support NAT with policy-based "
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
        raise _Unsupported("PolicyBased gateway %s always offers its local network gateway's prefixes (or its custom "
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
        raise _Unsupported("Azure has no IKE version %s" % version)
    vpn_type, sku = end.ref.get("vpn_type"), end.ref.get("sku")
    if vpn_type == tables.POLICY_BASED and version not in tables.POLICY_BASED_IKE_VERSIONS:
        raise _Unsupported("PolicyBased gateway %s does IKEv1 only" % end.ref.get("gateway"))
    if vpn_type == tables.ROUTE_BASED and version == 1 and isinstance(sku, str) and \
            sku.casefold() in {s.casefold() for s in tables.ROUTE_BASED_IKEV1_UNSUPPORTED_SKUS}:
        raise _Unsupported("RouteBased gateway %s of the %s SKU does not do IKEv1" % (end.ref.get("gateway"), sku))
    if vpn_type == tables.ROUTE_BASED and version == 1 and end.ref.get("use_policy_based_traffic_selectors"):
        # the combination the adapter warns about (session.py; review 2026-12-04: a "proven" fix made it)
        raise _Unsupported("connection %s uses policy-based traffic selectors, which Microsoft documents only for "
                           "devices that use IKEv2" % end.name)
    rendered = _connection(connectionProtocol=protocol)
    if tables.CONNECTION_PROTOCOL_IMMUTABLE:
        rendered["note"] = _recreate_note(protocol)
    return rendered


def _recreate_note(protocol):
    return ("Azure cannot change connectionProtocol in place: delete the connection and create it again with "
            "connectionProtocol %s (no command is given for that)." % protocol)


def _tcp_mss(end, item):
    raise _Unsupported("Azure VPN gateways have no TCP MSS setting (Azure recommends clamping to %d on the device)"
                       % tables.MAX_TCP_MSS)


def _dpd_timeout(end, item):
    seconds = item["seconds"]
    vpn_type = end.ref.get("vpn_type")
    if vpn_type in tables.DPD_SUPPORTED and not tables.DPD_SUPPORTED[vpn_type]:
        raise _Unsupported("%s gateways do no dead-peer detection" % vpn_type)
    if not tables.DPD_TIMEOUT_MIN <= seconds <= tables.DPD_TIMEOUT_MAX:
        raise _Unsupported("Azure's DPD timeout is %d to %d seconds, so it cannot be %d" % (
            tables.DPD_TIMEOUT_MIN, tables.DPD_TIMEOUT_MAX, seconds))
    return _connection(dpdTimeoutSeconds=seconds)


def _nat_exemption(end, item):
    raise _Unsupported("Azure does not translate tunnel traffic, so NAT exemption is set on the device only")


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
                raise _Unsupported(
                    "local network gateway %s (connection %s): %s overlaps %s, an address range of %s behind the "
                    "gateway; an address space that overlaps it would route Azure's own traffic into the tunnel" % (
                        end.ref.get("local_network_gateway") or "?", end.name, prefix, _norm(vnet),
                        "virtual network %s" % end.ref["virtual_network"] if end.ref.get("virtual_network")
                        else "the virtual network"))


def _pre_shared_key(end, item):
    return {"note": "Set the connection's sharedKey to the same pre-shared key as the other end "
                    "(keys are never shown in this report)."}


def _ike_auth_method(end, item):
    # a site-to-site connection authenticates with its sharedKey only (connectionType IPsec: no certificate)
    if item.get("method") == "psk":
        return {}
    raise _Unsupported("An Azure site-to-site connection authenticates with a pre-shared key only; it cannot "
                       "authenticate with %s" % {"certificate": "a certificate"}.get(item.get("method"), item.get("method")))


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
        raise _Unsupported("gateway %s is of the %s SKU, which cannot run BGP" % (end.ref.get("gateway"), sku))
    if end.ref.get("vpn_type") == tables.POLICY_BASED:
        raise _Unsupported("gateway %s is PolicyBased, which cannot run BGP" % end.ref.get("gateway"))


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
    raise _Unsupported("the peer expects Azure's BGP at %s, which must be %s; this fix sets no BGP address, so set "
                       "it first" % (address, where % (end.ref.get("gateway"), end.ref.get("ip_configuration"))))


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
    # The neighbor Azure expects is the local network gateway's bgpSettings (DOC_BGP_HOWTO).
    rendered = {LOCAL_GATEWAY: {"bgpSettings": {
        "asn": _asn(item["remote_as"]), "bgpPeeringAddress": str(ipaddress.ip_address(item["address"]))}}}
    if item.get("asn") is not None:
        rendered[GATEWAY] = {"bgpSettings": {"asn": _asn(item["asn"])}}
    return rendered


def _asn(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= tables.ASN_MAX:
        raise ValueError("ASN %r is not a number from 1 to %d" % (value, tables.ASN_MAX))
    return value


def _bgp_multihop(end, item):
    raise _Unsupported("Azure VPN gateways have no eBGP multihop setting (they peer with a BGP address off the "
                       "tunnel subnet by themselves)")


def _bgp_activate(end, item):
    raise _Unsupported("Azure exchanges IPv4 routes on every BGP-enabled connection; there is nothing to activate")


def _bgp_advertise(end, item):
    raise _Unsupported("Azure advertises its virtual network's address space over BGP by itself and has no "
                       "per-prefix advertisement setting")


def _bgp_import(end, item):
    raise _Unsupported("Azure VPN gateways have no inbound BGP route filter")


def _bgp_export(end, item):
    raise _Unsupported("Azure VPN gateways have no outbound BGP route filter")


_RENDERERS = renderers(globals())
