# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a checked tunnel to the options of the modules that fix it.

A tunnel intent is the vendor-neutral desired crypto of one tunnel (canonical
names, the options asa_vpn_tunnel and azure_vpn_connection share). It comes
from one end's current values with the engine's fix intents for that end
applied: "align the ASA to Azure" keeps the ASA as it is except where a finding
says it must take Azure's value.

Plain Python, no Ansible import.
"""

import copy


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


# fix kind -> the intent keys it sets
_TOUCHES = {
    "child_pfs": ("pfs_group",),
    "child_proposal": ("esp",),
    "ike_proposal": ("ike",),
    "child_lifetime_seconds": ("child_lifetime_seconds",),
    "child_lifetime_kilobytes": ("child_lifetime_kilobytes",),
    "ike_lifetime_seconds": ("ike",),
    "traffic_selectors": ("local_networks", "remote_networks"),
    "policy_selectors": ("use_policy_based_traffic_selectors",),
    "peer_address": ("peer",),
    "dpd_timeout": ("dpd_timeout_seconds",),
}


def apply_fixes(intent, fixes):
    """``intent`` with the fix intents (fixes.py kinds) applied, the keys they touched, and the
    fixes no module option carries (left for a person)."""
    out = copy.deepcopy(intent)
    manual, touched = [], set()
    for fix in fixes:
        kind = fix["kind"]
        touched.update(_TOUCHES.get(kind, ()))
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
        elif kind == "ike_lifetime_seconds" and out.get("ike"):
            out["ike"]["lifetime_seconds"] = fix["seconds"]
        elif kind == "traffic_selectors":
            pairs = fix["pairs"]
            out["local_networks"] = sorted({p[0] for p in pairs})
            out["remote_networks"] = sorted({p[1] for p in pairs})
        elif kind == "policy_selectors":
            out["use_policy_based_traffic_selectors"] = fix["enabled"]
        elif kind == "peer_address":
            out["peer"] = fix["address"]
        elif kind == "dpd_timeout":
            out["dpd_timeout_seconds"] = fix["seconds"]
        else:
            manual.append(fix)
    return out, touched, manual


def asa_options(end, intent, touched):
    """asa_vpn_tunnel options for the ASA end ``end``: its names from the facts' ref, and only
    the settings a fix touched (the rest stays exactly as configured, multi-value policies included)."""
    ref = end.ref
    options = {
        "crypto_map": ref.get("crypto_map"),
        "seq": ref.get("seq"),
        "tunnel_group": ref.get("tunnel_group"),
        "acl": ref.get("acl"),
        "ipsec_proposal": _first(ref.get("ipsec_proposals")),
    }
    for key in touched:
        value = intent.get(key)
        if key == "child_lifetime_kilobytes":
            value = "unlimited" if value is None else str(value)
        options[key] = copy.deepcopy(value)
    if options.get("ike"):
        ike = {k: v for k, v in options["ike"].items() if v not in (None, [])}
        if not ike.get("prf") and ike.get("integrity"):
            ike["prf"] = list(ike["integrity"])
        options["ike"] = ike
    return {k: v for k, v in options.items() if v is not None}


def azure_options(end, intent):
    """azure_vpn_connection options for the Azure end ``end``."""
    ref = end.ref
    options = {
        "name": ref.get("connection", end.name),
        "resource_group": ref.get("resource_group"),
        "subscription_id": ref.get("subscription"),
        "ike": intent.get("ike"),
        "esp": intent.get("esp"),
        "pfs_group": intent.get("pfs_group"),
        "child_lifetime_seconds": intent.get("child_lifetime_seconds"),
        "child_lifetime_kilobytes": intent.get("child_lifetime_kilobytes"),
        "use_policy_based_traffic_selectors": intent.get("use_policy_based_traffic_selectors"),
        "dpd_timeout_seconds": intent.get("dpd_timeout_seconds"),
    }
    if options["ike"]:
        options["ike"] = {k: v for k, v in options["ike"].items() if k != "lifetime_seconds"}
    return {k: v for k, v in options.items() if v is not None}


def alignment(asa_end, azure_end, findings, align_to):
    """What to change so the tunnel passes: {"asa": options} or {"azure": options}, plus manual steps."""
    side, end = ("asa", asa_end) if align_to == "azure" else ("azure", azure_end)
    fixes = [fix for f in findings for fix in f.fixes.get(end.vendor, [])]
    intent, touched, manual = apply_fixes(end_intent(end), fixes)
    # Azure takes a whole policy, so its options carry every value; the ASA only what changes.
    options = asa_options(end, intent, touched) if side == "asa" else azure_options(end, intent)
    return {"side": side, "options": options, "manual": manual, "fixes": len(fixes)}
