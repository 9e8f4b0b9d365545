# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the align role needs from a checked tunnel, in Python rather than Jinja: the options of the
module that changes one end (in every align_to mode, for crypto map and VTI ends alike) and the
one-line-per-end story of what was done.

Used by the filter plugins in plugins/filter/align.py. Plain Python, no Ansible import.
"""

# Names that say which end a module changes; kept from the check's alignment in align_to intent.
_NAMES = {
    "asa": ("crypto_map", "seq", "tunnel_group", "acl", "ipsec_proposal", "tunnel_interface", "ipsec_profile"),
    "azure": ("name", "resource_group"),
}
# align_to intent: the intent keys each module takes (README: align_intent).
_CRYPTO = ("ike", "esp", "pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")
_INTENT_KEYS = {
    "asa": _CRYPTO + ("local_networks", "remote_networks", "peer", "group_policy", "interface", "nat_exemption",
                      "tcp_mss"),
    "azure": _CRYPTO + ("use_policy_based_traffic_selectors", "traffic_selector_policies", "dpd_timeout_seconds",
                        "connection_mode", "enable_bgp"),
}
# What a crypto map entry has and a VTI does not (asa_vpn_tunnel refuses them together).
_CRYPTO_MAP_ONLY = ("crypto_map", "seq", "acl", "local_networks", "remote_networks", "interface", "nat_exemption")
_VTI_ONLY = ("tunnel_interface", "tunnel_nameif", "tunnel_address", "tunnel_source_interface", "ipsec_profile",
             "routes", "bgp", "tunnel_enabled")
# Azure has no IKE lifetime or policy priority setting.
_AZURE_IKE_DROPPED = ("lifetime_seconds", "priority")


def _way(side):
    return "align_to_azure" if side == "asa" else "align_to_asa"


def module_options(tunnel, side, align_to, intent=None, extra=None):
    """{"options": ..., "manual": [...]} for the module that changes ``side`` ("asa" or "azure") of
    ``tunnel`` (a tunnel of the check's report) when aligning ``align_to``."""
    entry = tunnel["alignment"][_way(side)]
    if align_to != "intent":
        return {"options": dict(entry["options"]), "manual": list(entry["manual"])}
    options = {k: v for k, v in entry["options"].items() if k in _NAMES[side]}
    manual = []
    wanted = {k: v for k, v in (intent or {}).items() if k in _INTENT_KEYS[side]}
    wanted.update(extra or {})
    if side == "azure" and wanted.get("ike"):
        wanted["ike"] = {k: v for k, v in wanted["ike"].items() if k not in _AZURE_IKE_DROPPED}
    vti = "tunnel_interface" in options
    refused = _CRYPTO_MAP_ONLY if vti else _VTI_ONLY
    for key in sorted(wanted):
        if side == "asa" and key in refused:
            manual.append({"kind": key, "reason": "%s is for %s, and %s is %s" % (
                key, "crypto map entries" if vti else "VTIs", tunnel["name"],
                "a VTI (route-based)" if vti else "a crypto map entry (policy-based)")})
            continue
        options[key] = wanted[key]
    return {"options": options, "manual": manual}


def _indented(lines, prefix):
    return [prefix + line for line in lines]


def done(results, align_to, intent=None, asa_extra=None, azure_extra=None):
    """One entry per end a module ran for: what changed (commands or properties) and what is left to do."""
    out = []
    for result in results or []:
        if result.get("skipped"):
            continue
        tunnel = result["tunnel"]
        asa = "commands" in result
        side = "asa" if asa else "azure"
        alignment = tunnel["alignment"][_way(side)]
        if asa:
            label = alignment.get("end") or "crypto map %s %s" % (tunnel["asa"]["crypto_map"], tunnel["asa"]["seq"])
            end = "%s %s" % (tunnel["asa"]["host"], label)
        else:
            end = alignment.get("end") or "connection %s" % tunnel["azure"]["connection"]
        changed = bool(result.get("changed"))
        manual = module_options(tunnel, side, align_to, intent, asa_extra if asa else azure_extra)["manual"]
        entry = {
            "tunnel": tunnel["name"],
            "side": side,
            "end": end,
            "changed": changed,
            "failed": bool(result.get("failed")),
            "commands": list(result.get("commands") or []),
            "properties": list((result.get("changes") or {}).keys()),
            "manual": manual,
        }
        what = ("%d command(s)" % len(entry["commands"])) if asa else "set " + ", ".join(entry["properties"])
        lines = ["  %s %s: %s" % ("ASA" if asa else "Azure", end, what if changed else "no change")]
        if changed:
            lines += _indented(entry["commands"], "    ")
        lines += ["    left to do: %s: %s" % (m["kind"], m["reason"]) for m in manual]
        entry["lines"] = lines
        out.append(entry)
    return out
