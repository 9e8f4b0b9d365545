# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a checked tunnel to the options of the modules that fix it.

A tunnel intent is the vendor-neutral desired crypto of one tunnel (canonical
names, the options asa_vpn_tunnel and azure_vpn_connection share). It comes
from one end's current values with the engine's fix intents for that end
applied: "align the ASA to Azure" keeps the ASA as it is except where a finding
says it must take Azure's value.

Only fixes one end can carry out alone are applied. WEAK_CRYPTO asks both ends
for a stronger suite at once (one end alone would break the tunnel): that is
what align_to intent is for. Fixes no module option carries are returned as
``manual`` steps, each with the reason, for a person.

Plain Python, no Ansible import.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils import align_routed
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import CRYPTO_KEYS, crypto_options, finished_options, plain_copy
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import manual_step as _manual
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.crypto_map_end import nat_interfaces
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation_selectors import pairs_to_exempt
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import select_child, select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import network, normalized
from ansible_collections.vpnalign.s2s.plugins.module_utils.end_labels import end_label

# Findings whose fixes need both ends changed together; never applied to one end.
BOTH_ENDS = ("WEAK_CRYPTO",)

# Fix kinds of which an end holds one value: the first (most severe finding) wins.
SINGULAR = ("child_pfs", "child_proposal", "ike_proposal", "child_lifetime_seconds", "child_lifetime_kilobytes",
            "ike_lifetime_seconds", "peer_address", "ike_version", "tcp_mss", "dpd_timeout", "policy_selectors",
            "traffic_selectors", "remote_networks", "nat_exemption") + align_routed.SINGULAR

# Azure's limits for the values a policy takes (azure/tables.py has the sources).
AZURE_SA_LIFETIME_MIN = 300
AZURE_SA_DATA_KB_MIN = 1024
AZURE_IKE_LIFETIME = 28800
AZURE_DPD_RANGE = (9, 3600)


def _first(values, default=None):
    values = list(values or [])
    return values[0] if values else default


def end_intent(end):
    """The tunnel intent that describes what ``end`` does today."""
    ike = end.ike_proposals[0] if end.ike_proposals else None
    esp = end.child_proposals[0] if end.child_proposals else None
    intent = {
        "pfs_group": end.pfs_group or 0,
        "child_lifetime_seconds": end.child_lifetime.seconds,
        "child_lifetime_kilobytes": end.child_lifetime.kilobytes,
        "local_networks": list(end.local_networks) if end.local_networks is not None else None,
        "remote_networks": list(end.remote_networks) if end.remote_networks is not None else None,
        "peer": end.peer_address,
        "bgp": align_routed.end_bgp(end),
    }
    if ike is not None:
        intent["ike"] = {
            "encryption": [_first(ike.encryption)],
            "integrity": [_first(ike.integrity)] if ike.integrity else [],
            "prf": [_first(ike.prf)] if ike.prf else [],
            "dh_groups": [_first(ike.dh_groups)],
            "lifetime_seconds": end.ike_lifetime.seconds,
        }
    if esp is not None:
        intent["esp"] = {"encryption": [_first(esp.encryption)],
                         "integrity": [_first(esp.integrity)] if esp.integrity else []}
    return intent


def _negotiated(intent, end, other):
    """An end with several proposals (Azure's default policy) keeps the one the pair agrees on
    today, so a one-value policy drawn from it still matches the other end."""
    ike = select_ike(end.ike_proposals, other.responder_ike()) or select_ike(other.ike_proposals, end.responder_ike())
    if ike is not None and intent.get("ike"):
        enc, integ, prf, group = ike
        intent["ike"].update({"encryption": [enc], "integrity": [integ] if integ else [],
                              "prf": [prf] if prf else ([integ] if integ else []), "dh_groups": [group]})
    esp = select_child(end.child_proposals, other.responder_child(), False) or \
        select_child(other.child_proposals, end.responder_child(), False)
    if esp is not None and intent.get("esp"):
        enc, integ, _group = esp
        intent["esp"] = {"encryption": [enc], "integrity": [integ] if integ else []}


# The model fields an adapter may leave undecided -> the intent keys that then come from the other end.
_UNKNOWN_KEYS = {
    "ike_proposals": ("ike",),
    "child_proposals": ("esp",),
    "pfs_group": ("pfs_group",),
    "child_lifetime": ("child_lifetime_seconds", "child_lifetime_kilobytes"),
}


def _fill_unknowns(intent, end, other):
    """Values ``end`` does not have (an invalid Azure policy, say) taken from ``other``; the keys filled."""
    filled = set()
    theirs = end_intent(other)
    for field, keys in _UNKNOWN_KEYS.items():
        if field in end.unknowns or any(intent.get(k) is None for k in keys if k in ("ike", "esp")):
            for key in keys:
                if theirs.get(key) is not None:
                    intent[key] = plain_copy(theirs[key])
                    filled.add(key)
    return filled


# Fix intent kinds align never pushes to a vendor's end, whatever their values: asa_vpn_tunnel manages no connection
# type (crypto map connection-type, ipsec profile responder-only), no isakmp keepalive and does not narrow a crypto ACL
# (asa_options, align_routed.asa_routed_options leave them as manual steps). The plans prefer an equally safe fix of the
# other end (proof.TunnelPlan).
UNPUSHED_KINDS = {"asa": frozenset(("initiator", "dpd_timeout", "remote_networks"))}

# fix kind -> the intent keys it sets
_TOUCHES = {
    "child_pfs": ("pfs_group",),
    "child_proposal": ("esp",),
    "ike_proposal": ("ike",),
    "child_lifetime_seconds": ("child_lifetime_seconds",),
    "child_lifetime_kilobytes": ("child_lifetime_kilobytes",),
    "ike_lifetime_seconds": ("ike_lifetime_seconds",),
    "traffic_selectors": ("local_networks", "remote_networks"),
    "policy_selectors": ("use_policy_based_traffic_selectors",),
    "peer_address": ("peer",),
    "dpd_timeout": ("dpd_timeout_seconds",),
    "tcp_mss": ("tcp_mss",),
    "nat_exemption": ("nat_exemption",),
    "ike_version": ("ike_version",),
    "remote_networks": ("lng_address_space",),
    "pre_shared_key": ("pre_shared_key",),
    "ike_auth_method": ("ike_auth_method",),
}
_TOUCHES.update(align_routed.TOUCHES)


def one_end_fixes(findings, vendor):
    """The fix intents for ``vendor``'s end, first (most severe) wins per singular kind."""
    out, kinds = [], set()
    for finding in findings:
        if finding.code in BOTH_ENDS:
            continue
        for fix in finding.fixes.get(vendor, []) or []:
            if not fix:
                continue
            if fix["kind"] in SINGULAR:
                if fix["kind"] in kinds:
                    continue
                kinds.add(fix["kind"])
            if fix not in out:
                out.append(fix)
    return out


def apply_fixes(intent, fixes, in_place=False):
    """``intent`` with the fix intents (fixes.py kinds) applied, and the keys they touched.
    ``in_place``: change ``intent`` itself, for a caller that has no further use for it."""
    out = intent if in_place else plain_copy(intent)
    touched = set()
    for fix in fixes:
        kind = fix["kind"]
        touched.update(_TOUCHES.get(kind, ()))
        if align_routed.apply_routed_fix(out, fix):
            continue
        if kind == "child_pfs":
            out["pfs_group"] = fix["group"] or 0
        elif kind == "child_proposal":
            out["esp"] = {"encryption": [fix["encryption"]], "integrity": [fix["integrity"]] if fix["integrity"] else []}
        elif kind == "ike_proposal":
            lifetime = (out.get("ike") or {}).get("lifetime_seconds")
            out["ike"] = {"encryption": [fix["encryption"]],
                          "integrity": [fix["integrity"]] if fix["integrity"] else [],
                          "prf": [fix["prf"]] if fix.get("prf") else ([fix["integrity"]] if fix["integrity"] else []),
                          "dh_groups": [fix["dh_group"]], "lifetime_seconds": lifetime}
        elif kind == "child_lifetime_seconds":
            out["child_lifetime_seconds"] = fix["seconds"]
        elif kind == "child_lifetime_kilobytes":
            out["child_lifetime_kilobytes"] = fix["kilobytes"]
        elif kind == "ike_lifetime_seconds":
            out["ike_lifetime_seconds"] = fix["seconds"]
            if out.get("ike"):
                out["ike"]["lifetime_seconds"] = fix["seconds"]
        elif kind == "traffic_selectors":
            out["selector_pairs"] = [list(p) for p in fix["pairs"]]
            out["local_networks"] = sorted({p[0] for p in fix["pairs"]}, key=_net_key)
            out["remote_networks"] = sorted({p[1] for p in fix["pairs"]}, key=_net_key)
        elif kind == "policy_selectors":
            out["use_policy_based_traffic_selectors"] = fix["enabled"]
        elif kind == "peer_address":
            out["peer"] = fix["address"]
        elif kind == "dpd_timeout":
            out["dpd_timeout_seconds"] = fix["seconds"]
        elif kind == "tcp_mss":
            out["tcp_mss"] = fix["mss"]
        elif kind == "nat_exemption":
            out["nat_exemption"] = {"local_networks": list(fix["local"]), "remote_networks": list(fix["remote"])}
        elif kind == "ike_version":
            out["ike_version"] = fix["version"]
        elif kind == "remote_networks":
            out["lng_address_space"] = list(fix["networks"])
        elif kind == "ike_auth_method":
            out["ike_auth_method"] = {"method": fix["method"], "labels": list(fix.get("labels") or ())}
    return out, touched


def _net_key(cidr):
    try:
        net = network(cidr)
        return (net.version, int(net.network_address), net.prefixlen)
    except ValueError:
        return (9, 0, 0)


# ----------------------------------------------------------------------------------------------
# ASA: asa_vpn_tunnel options
# ----------------------------------------------------------------------------------------------
def _asa_interface(end, other):
    """The nameif the tunnel belongs on: where the map is bound, else the one with the address
    the peer expects (Azure's local network gateway address)."""
    ref = end.ref
    if ref.get("interface"):
        return ref["interface"]
    interfaces = ref.get("interfaces") or {}
    for nameif, address in sorted(interfaces.items()):
        if other is not None and address and address == other.peer_address:
            return nameif
    return None


def _nat_option(options, manual, ref, local, remote):
    """options["nat_exemption"]: a rule per interface the local networks enter by, as the report's fix
    (asa/remediation.py), or a manual step when that is not known."""
    insides, unplaced = nat_interfaces(ref)
    if not (insides and local and remote):
        manual.append(_manual("nat_exemption", "the inside interface or the tunnel's networks are not known"))
        return
    where = {"inside_interface": insides[0]} if len(insides) == 1 else {"inside_interfaces": insides}
    options["nat_exemption"] = dict(where, local_networks=list(local), remote_networks=list(remote))
    if unplaced:
        manual.append(_manual("nat_exemption", "no connected network or static route tells which interface "
                              "%s enter(s) by: add the same rule for that interface by hand" % ", ".join(unplaced)))


def asa_options(end, intent, touched, findings=(), other=None):
    """asa_vpn_tunnel options for the ASA end ``end``: its names from the facts' ref, and only
    the settings a fix touched (the rest stays exactly as configured, multi-value policies included).
    Returns (options, manual steps, whether the pre-shared key is needed)."""
    ref = end.ref
    if ref.get("kind") == "vti":
        bgp_changed = "bgp" in touched or ("enable_bgp" in touched and intent.get("enable_bgp"))
        return align_routed.vti_options(end, intent, touched, bgp_changed, findings)
    manual, needs_key = [], False
    options = {
        "crypto_map": ref.get("crypto_map"),
        "seq": ref.get("seq"),
        "tunnel_group": ref.get("tunnel_group"),
        "acl": ref.get("acl"),
        "ipsec_proposal": _first(ref.get("ipsec_proposals")),
    }
    entries = ref.get("entries") or []
    crypto = [key for key in CRYPTO_KEYS if key in touched and key != "ike"]
    if crypto and len(entries) > 1:
        # asa_vpn_tunnel sets one entry: the tunnel's other entries would keep the old settings
        seqs = ", ".join(str(e["seq"]) for e in entries)
        manual.append(_manual("crypto_entries", "the tunnel is %d crypto map entries to one peer (%s): set %s on each, "
                              "as the report's ASA lines do" % (len(entries), seqs, ", ".join(crypto))))
        touched = set(touched) - set(crypto)
    if "pfs_group" in touched and not intent.get("pfs_group") and end.pfs_group:
        # the one fix that removes PFS (against a gateway that can never do it, engine/proposals._pfs_removal): shown
        # in the report, labelled, but a weakening is never pushed without a person deciding it
        manual.append(_manual("child_pfs", "removing PFS (group %d) is the only setting that works with %s as it is, "
                              "and align never weakens an end: remove it by hand, as the report's ASA lines do, or "
                              "move the gateway to one that takes a custom policy with PFS" % (
                                  end.pfs_group, "the other end" if other is None else other.name)))
        touched = set(touched) - {"pfs_group"}
    crypto_options(options, manual, intent, touched, end)
    if "local_networks" in touched and len(entries) > 1:
        # asa_vpn_tunnel sets one entry's ACL to every local x remote pair: the other entries' pairs would be
        # duplicated into it. The report's ASA lines add each pair to the entry whose ACL holds its networks.
        manual.append(_manual("traffic_selectors", "the tunnel is %d crypto map entries to one peer (%s); add each "
                              "pair to its own entry's ACL as the report's ASA lines do" % (
                                  len(entries), ", ".join("%s %s" % (e["seq"], e["acl"]) for e in entries))))
    elif "local_networks" in touched:
        if intent.get("local_networks") and intent.get("remote_networks"):
            options["local_networks"] = list(intent["local_networks"])
            options["remote_networks"] = list(intent["remote_networks"])
            pairs = {tuple(p) for p in intent.get("selector_pairs") or []}
            full = {(a, b) for a in options["local_networks"] for b in options["remote_networks"]}
            if pairs and pairs != full:
                manual.append(_manual("traffic_selectors", "the crypto ACL permits every local x remote pair, which "
                                      "is wider than the pairs asked for: %s" % sorted(pairs)))
            if "nat_exemption" not in touched and ref.get("nat_rule_lines"):
                # NAT rules decide this tunnel's traffic: the pairs the ACL gains are exempted with it, as the report's
                # proven fix does (asa/remediation.py _traffic_selectors), or they are translated before the crypto
                # map (review 2026-12-04: align pushed the ACL alone and the check then said NAT_EXEMPTION_MISSING);
                # only the pairs the report's fix exempts, by the same rule (review L, finding 1)
                added = pairs_to_exempt(end, sorted(pairs or full))
                if added:
                    _nat_option(options, manual, ref, sorted({a for a, _b in added}), sorted({b for _a, b in added}))
        else:
            manual.append(_manual("traffic_selectors", "the other end's selectors are not known"))
    if "tcp_mss" in touched:
        options["tcp_mss"] = intent["tcp_mss"]
    if "nat_exemption" in touched:
        nat = intent["nat_exemption"]
        _nat_option(options, manual, ref, nat.get("local_networks"), nat.get("remote_networks"))
    if "ike_version" in touched:
        if intent.get("ike_version") == 2 and ref.get("group_policy"):
            options["group_policy"] = ref["group_policy"]
        else:
            manual.append(_manual("ike_version", "asa_vpn_tunnel configures IKEv2 tunnels only"))
    if "peer" in touched:
        # The tunnel-group of an IKEv2 L2L peer is named after its address: a new peer needs a new
        # tunnel-group, with the pre-shared key (the ASA shows keys masked, so it cannot be copied).
        options["peer"] = intent["peer"]
        options["tunnel_group"] = intent["peer"]
        if ref.get("group_policy"):
            options["group_policy"] = ref["group_policy"]
        needs_key = True
    if "pre_shared_key" in touched:
        needs_key = True
    if "dpd_timeout_seconds" in touched:
        manual.append(_manual("dpd_timeout", "asa_vpn_tunnel does not manage isakmp keepalive"))
    if "initiator" in touched:
        manual.append(_manual("initiator", "asa_vpn_tunnel does not manage the connection type: remove "
                              "'crypto map %s %s set connection-type answer-only' by hand"
                              % (ref.get("crypto_map"), ref.get("seq"))))
    if "lng_address_space" in touched:
        manual.append(_manual("remote_networks", "narrow the crypto ACL by hand"))
    for finding in findings:
        if finding.code in ("CRYPTO_MAP_NOT_APPLIED", "IKEV2_NOT_ENABLED") and "asa" in finding.remediation:
            interface = _asa_interface(end, other)
            if interface:
                options["interface"] = interface
            else:
                manual.append(_manual("interface", "no interface has the address the peer expects"))
        elif finding.code == "PEER_NOT_FOUND" and "asa" in finding.remediation and ref.get("peer"):
            options["tunnel_group"] = ref["peer"]
            if ref.get("group_policy") and ref["group_policy"] != "DfltGrpPolicy":
                options["group_policy"] = ref["group_policy"]
            needs_key = True
    return finished_options(options), manual, needs_key


# ----------------------------------------------------------------------------------------------
# Azure: azure_vpn_connection options
# ----------------------------------------------------------------------------------------------
def _azure_selector_policies(end, pairs):
    """trafficSelectorPolicies for selector pairs seen from Azure, or [] when exactly what
    usePolicyBasedTrafficSelectors derives (VNet prefixes x local network gateway prefixes)."""
    norm = [(normalized(a), normalized(b)) for a, b in pairs]
    if end.local_networks is not None and end.remote_networks is not None:
        derived = {(normalized(a), normalized(b))
                   for a in end.local_networks for b in end.remote_networks}
        if set(norm) == derived:
            return []
    by_local = {}  # local -> {remote: None}: each once, in order (a test of a list per pair: issue 12)
    for local, remote in norm:
        by_local.setdefault(local, {})[remote] = None
    return [{"local_address_ranges": [local], "remote_address_ranges": list(remotes)} for local, remotes in by_local.items()]


# The keys that make up Azure's one IPsec/IKE policy (it takes all of them or none).
POLICY_KEYS = ("ike", "esp", "pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")


def azure_options(end, intent, touched=(), current=None):
    """azure_vpn_connection options for the Azure end ``end``: the whole policy (Azure takes no
    partial one) and the settings a fix touched. Returns (options, manual steps, whether the
    pre-shared key is needed). ``current``: the end's intent before the fixes; only its
    ``child_lifetime_kilobytes`` is read (alignment passes no more)."""
    ref = end.ref
    current = current or {}
    touched = set(touched)
    manual, needs_key = [], False
    options = {
        "name": ref.get("connection", end.name),
        "resource_group": ref.get("resource_group"),
        "subscription_id": ref.get("subscription"),
        "ike": plain_copy(intent.get("ike")),
        "esp": plain_copy(intent.get("esp")),
        "pfs_group": intent.get("pfs_group"),
        "child_lifetime_seconds": intent.get("child_lifetime_seconds"),
        "child_lifetime_kilobytes": intent.get("child_lifetime_kilobytes"),
        "use_policy_based_traffic_selectors": intent.get("use_policy_based_traffic_selectors"),
        "dpd_timeout_seconds": intent.get("dpd_timeout_seconds"),
    }
    if not touched & set(POLICY_KEYS):
        # Nothing in the policy changes: leave it as it is (a default-policy connection stays on it).
        for key in POLICY_KEYS:
            options[key] = None
    if options["ike"]:
        ike = options["ike"]
        if ike.get("prf") and ike.get("integrity") and ike["prf"] != ike["integrity"]:
            manual.append(_manual("ike_proposal", "Azure's IKE PRF is always its integrity algorithm, so it cannot "
                                  "use PRF %s with integrity %s" % (ike["prf"][0], ike["integrity"][0])))
        options["ike"] = {k: v for k, v in ike.items() if k not in ("lifetime_seconds", "prf")}
    kb = options["child_lifetime_kilobytes"]
    if kb is None and "child_lifetime_kilobytes" in touched:
        manual.append(_manual("child_lifetime_kilobytes", "no fix removes Azure's Child SA data limit: "
                              "saDataSizeKilobytes 0 is not documented by Microsoft to mean no limit; set it by hand "
                              "if that is meant"))
        options["child_lifetime_kilobytes"] = current.get("child_lifetime_kilobytes")
    elif kb is not None and kb < AZURE_SA_DATA_KB_MIN:
        manual.append(_manual("child_lifetime_kilobytes", "Azure's data limit is at least %d KB, not %d"
                              % (AZURE_SA_DATA_KB_MIN, kb)))
        options["child_lifetime_kilobytes"] = None  # left out: the connection keeps its own (the module refuses it)
    seconds = options["child_lifetime_seconds"]
    if seconds is not None and seconds < AZURE_SA_LIFETIME_MIN:
        manual.append(_manual("child_lifetime_seconds", "Azure's Child SA lifetime is at least %d s, not %d"
                              % (AZURE_SA_LIFETIME_MIN, seconds)))
        options["child_lifetime_seconds"] = None
    if "local_networks" in touched and intent.get("selector_pairs") is not None:
        options["use_policy_based_traffic_selectors"] = True
        options["traffic_selector_policies"] = _azure_selector_policies(end, intent["selector_pairs"])
    dpd = options["dpd_timeout_seconds"]
    if dpd is not None and not AZURE_DPD_RANGE[0] <= dpd <= AZURE_DPD_RANGE[1]:
        manual.append(_manual("dpd_timeout", "Azure's DPD timeout is %d to %d s, not %d" % (AZURE_DPD_RANGE + (dpd,))))
        options["dpd_timeout_seconds"] = None
    if "ike_lifetime_seconds" in touched and intent.get("ike_lifetime_seconds") != AZURE_IKE_LIFETIME:
        manual.append(_manual("ike_lifetime_seconds", "Azure's IKE SA lifetime is fixed at %d s; set the other end "
                              "to it" % AZURE_IKE_LIFETIME))
    if "peer" in touched:
        manual.append(_manual("peer_address", "the address is the local network gateway's gatewayIpAddress, which "
                              "azure_vpn_connection does not manage"))
    if "lng_address_space" in touched:
        # what to set, and where: the report's proven value (review 2026-12-06: "the address space is the local network
        # gateway's" said neither which gateway nor what to)
        manual.append(_manual("remote_networks", "set local network gateway %s's address space "
                              "(localNetworkAddressSpace.addressPrefixes) to %s, as the report's Azure fix does: "
                              "azure_vpn_connection does not manage local network gateways" % (
                                  ref.get("local_network_gateway") or "(not in the input)",
                                  json.dumps(list(intent.get("lng_address_space") or ())))))
    if "ike_version" in touched:
        manual.append(_manual("ike_version", "Azure cannot change connectionProtocol on an existing connection: "
                              "delete it and create it again"))
    if "tcp_mss" in touched or "nat_exemption" in touched:
        manual.append(_manual("device_only", "TCP MSS clamping and NAT exemption are set on the device, not in Azure"))
    if "pre_shared_key" in touched:
        needs_key = True
    routed, routed_manual = align_routed.azure_routed_options(intent, touched)
    options.update(routed)
    manual += routed_manual
    return {k: v for k, v in options.items() if v is not None}, manual, needs_key


_VENDOR = {"asa": "ASA", "azure": "Azure"}
# Config findings of the ASA that asa_options turns into options.
_ASA_CONFIG_FIXED = ("CRYPTO_MAP_NOT_APPLIED", "IKEV2_NOT_ENABLED", "PEER_NOT_FOUND")


# Azure config findings about the policy itself: the complete policy the options carry replaces it.
_AZURE_POLICY_REPLACED = ("AZURE_POLICY_INVALID",)


def _policy_finding(finding):
    """Whether ``finding`` is about a field of the Azure connection's IPsec policy, which the complete policy of an
    alignment to the ASA replaces, shown fix or not (superseded.with_policy_fixes_checked takes off one that the peer
    does not negotiate)."""
    properties = (finding.evidence.get("azure") or {}).get("properties") or {}
    return finding.code in _AZURE_POLICY_REPLACED and any(str(k).startswith("ipsecPolicies") for k in properties)


# A connection property a config finding's Azure fix sets -> the azure_vpn_connection option that sets it (azure_options)
_AZURE_PROPERTY_OPTIONS = {"dpdTimeoutSeconds": "dpd_timeout_seconds", "connectionMode": "connection_mode"}


def _carried_by_options(finding, options):
    """Whether the Azure fix of a config finding (AZURE_POLICY_INVALID's dpdTimeoutSeconds) sets only connection
    properties that the module's ``options`` set to the same values: the module pushes that fix, so it is no step left
    to a person (review 2026-12-07: dpdTimeoutSeconds 30, pushed for DPD_MISMATCH, was also listed as "fix by hand")."""
    fix = finding.remediation.get("azure")
    properties = ((fix.get("connection") or {}).get("properties") or {}) if isinstance(fix, dict) else {}
    return bool(properties) and all(
        key in _AZURE_PROPERTY_OPTIONS and (options or {}).get(_AZURE_PROPERTY_OPTIONS[key]) == value
        for key, value in properties.items())


def _left_over(findings, end, other, plan=None, options=None):
    """Manual steps for the findings this end's options do not address, so the report says why the
    tunnel may still fail after aligning this end."""
    steps, seen = [], set()
    if end.vendor == "azure" and (options or {}).get("ike") and (options or {}).get("esp"):
        seen.update(_AZURE_POLICY_REPLACED)
    for left in (plan.left if plan is not None else []):
        if left["code"] not in seen:
            seen.add(left["code"])
            steps.append(_manual(left["code"], left["reason"]))
    for finding in findings:
        if finding.severity == "info" or finding.code in seen:
            continue
        if plan is not None and finding.fixes:
            continue  # an engine finding: the plan fixed it, or it is in plan.left with the proof's reason
        if plan is None and finding.code in BOTH_ENDS:
            reason = "both ends must move to a stronger suite together (align_to intent)"
        elif finding.fixes.get(end.vendor):
            continue
        elif end.vendor == "asa" and end.ref.get("kind") == "vti" and align_routed.config_fixes(end, [finding]):
            continue
        elif (end.vendor == "asa" and end.ref.get("kind") != "vti" and finding.code in _ASA_CONFIG_FIXED
              and "asa" in finding.remediation):
            continue
        elif end.vendor == "azure" and _carried_by_options(finding, options):
            continue
        elif end.vendor in finding.remediation and finding.remediation[end.vendor]:
            fix = finding.remediation[end.vendor]
            reason = "fix by hand: %s" % ("; ".join(fix) if isinstance(fix, list) else fix)
        elif finding.fixes.get(other.vendor) or other.vendor in finding.remediation or \
                (other.vendor == "azure" and _policy_finding(finding)):
            reason = "only %s can fix this (align to %s instead)" % (_VENDOR[other.vendor], _VENDOR[end.vendor])
        else:
            reason = "no module can fix this: %s" % finding.summary
        seen.add(finding.code)
        steps.append(_manual(finding.code, reason))
    return steps


def alignment(asa_end, azure_end, findings, align_to, plan=None):
    """What to change so the tunnel passes: the options for the end being fixed, the steps no
    module can take (``manual``) and whether the pre-shared key must be given (``needs_pre_shared_key``).

    ``findings``: the engine's findings for the pair and the config findings of both ends. ``plan``: the
    proven plan (proof.TunnelPlan) whose fixes for this end are applied; without one, every fix the
    findings ask of this end (first wins per kind), as before proofs existed.

    ``carried``: the plan's fixes the options carry; ``held``: those they leave to a person (a step of ``manual``),
    so what the module pushes is the plan without them (compat.hold_unproven_parts proves that part again)."""
    if align_to == "azure":
        side, end, other = "asa", asa_end, azure_end
    else:
        side, end, other = "azure", azure_end, asa_end
    fixes = list(plan.fixes.get(end.vendor) or []) if plan is not None else one_end_fixes(findings, end.vendor)
    options, manual, needs_key = _end_options(side, end, other, findings, fixes)
    held = _held_fixes(side, end, other, findings, fixes) if plan is not None and manual else []
    manual += _left_over(findings, end, other, plan, options)
    return {"side": side, "end": end_label(end), "options": options, "manual": manual, "fixes": len(fixes),
            "needs_pre_shared_key": needs_key, "carried": [f for f in fixes if f not in held],
            "held": [f["kind"] for f in held]}


def _end_options(side, end, other, findings, fixes):
    """(options, manual steps, whether the key is needed) of the module that changes ``end`` with ``fixes`` applied."""
    base = end_intent(end)
    # what azure_options compares with: of the end as it is, it reads the data limit only (a copy of the whole intent,
    # its networks one by one, was most of plain_copy's 85,000 calls at 100k lines; issue 12)
    current = {"child_lifetime_kilobytes": plain_copy(base["child_lifetime_kilobytes"])} if side == "azure" else None
    filled = set()
    if side == "azure":
        _negotiated(base, end, other)
        filled = _fill_unknowns(base, end, other)
    intent, touched = apply_fixes(base, fixes, in_place=True)  # base is this call's own, not used after
    touched |= filled
    if side == "asa":
        return asa_options(end, intent, touched, findings, other)
    return azure_options(end, intent, touched, current)


def _held_fixes(side, end, other, findings, fixes):
    """The fixes of ``fixes`` the module's options leave to a person: each alone brings a manual step that no fix
    brings (a crypto setting of a tunnel of several crypto map entries, an IKEv1 proposal, a value outside Azure's
    limits). Asked only when some step was made, so a plan carried whole costs nothing more."""
    steps = {(m["kind"], m["reason"]) for m in _end_options(side, end, other, findings, [])[1]}
    held = []
    for fix in fixes:
        if any((m["kind"], m["reason"]) not in steps and m["kind"] != align_routed.NEIGHBOR_LEFT
               for m in _end_options(side, end, other, findings, [fix])[1]):
            held.append(fix)
    return held
