# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the align role decides, in Python rather than Jinja.

``jobs`` turns the checked tunnels into one job per end a module may change, in every align_to
mode: the module's options (the check's proven plan for that mode, or the intent), whether the
pre-shared key goes with them, whether the module runs at all, and what is left to do by hand
with its reason. ``done`` turns the modules' results back into the story the role prints and
align.json. The role itself only keeps the order of the steps.

Modes: ``safest`` (per finding, the end whose proven fix touches least: either end or both may
change), ``azure`` (only the ASA changes), ``asa`` (only Azure changes), ``intent`` (both ends
to one intent), ``none`` (check only). In safest, azure and asa only what the check proved is
pushed: the check's ``alignment`` already holds nothing else.

Used by the filter plugins in plugins/filter/align.py. Plain Python, no Ansible import.
"""

import json

MODES = ("safest", "azure", "asa", "intent", "none")
SIDES = ("asa", "azure")
_LABEL = {"asa": "ASA", "azure": "Azure"}
# Names that say which end a module changes (not a change in themselves): kept in align_to intent,
# and a module whose options hold nothing else has nothing to do.
_NAMES = {
    "asa": ("crypto_map", "seq", "tunnel_group", "acl", "ipsec_proposal", "tunnel_interface", "ipsec_profile"),
    "azure": ("name", "resource_group", "subscription_id"),
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
# The reason compat.py gives an end for a finding only the other end can fix. In safest both ends
# may change, so the other end's entry says what happens to that finding.
_ONLY_OTHER = tuple("only %s can fix this" % label for label in _LABEL.values())


def _way(side):
    """The alignment entry of the one-end mode that changes ``side``."""
    return "align_to_azure" if side == "asa" else "align_to_asa"


def sides(align_to):
    """The ends a mode may change."""
    return {"safest": SIDES, "intent": SIDES, "azure": ("asa",), "asa": ("azure",)}.get(align_to, ())


def plan_entry(tunnel, side, align_to):
    """The check's alignment entry for ``side`` in mode ``align_to`` (intent: the one-end entry, for its names)."""
    alignment = tunnel["alignment"]
    if align_to == "safest":
        return alignment["safest"][side]
    return alignment[_way(side)]


def changes_in(options, side):
    """The options that change something (not the names of the end)."""
    return {k: v for k, v in options.items() if k not in _NAMES[side]}


def _only_other(step):
    return step["reason"].startswith(_ONLY_OTHER)


def safest_manual(tunnel):
    """{side: steps} left to do when both ends may change. A step one end leaves to the other ("only
    ASA can fix this") is dropped: the other end's own entry says what happens to that finding (fixed,
    so not among its steps, or left to do with its own reason). A step both ends list is kept once."""
    out, seen = {}, set()
    for side in SIDES:
        out[side] = []
        for step in tunnel["alignment"]["safest"][side]["manual"]:
            key = (step["kind"], step["reason"])
            if _only_other(step) or key in seen:
                continue
            seen.add(key)
            out[side].append(dict(step))
    return out


def module_options(tunnel, side, align_to, intent=None, extra=None):
    """{"options": ..., "manual": [...], "needs_pre_shared_key": bool} for the module that changes
    ``side`` ("asa" or "azure") of ``tunnel`` (a tunnel of the check's report) when aligning ``align_to``."""
    entry = plan_entry(tunnel, side, align_to)
    if align_to != "intent":
        manual = safest_manual(tunnel)[side] if align_to == "safest" else [dict(m) for m in entry["manual"]]
        return {"options": dict(entry["options"]), "manual": manual,
                "needs_pre_shared_key": bool(entry.get("needs_pre_shared_key"))}
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
    # Keys are not part of an intent (README: align_pre_shared_key).
    return {"options": options, "manual": manual, "needs_pre_shared_key": False}


def _end_label(tunnel, side, entry):
    if side == "asa":
        label = entry.get("end") or "crypto map %s %s" % (tunnel["asa"]["crypto_map"], tunnel["asa"]["seq"])
        return "%s %s" % (tunnel["asa"]["host"], label)
    return entry.get("end") or "connection %s" % tunnel["azure"]["connection"]


def jobs(tunnels, align_to, have_key=False, intent=None, asa_extra=None, azure_extra=None):
    """One job per end a module may change, for the tunnels of the check's report.

    Each job: ``id``, ``tunnel`` (name), ``side``, ``host`` (the ASA's inventory host), ``end`` (label),
    ``options`` (for asa_vpn_tunnel or azure_vpn_connection), ``send_key`` (give it
    align_pre_shared_key), ``run`` (whether the module runs), ``skipped`` (why not, or None),
    ``key_missing`` and ``manual`` (what is left to do on that end, each with its reason).

    A module runs when its options change something, or when the fix needs the key and it is given.
    In align_to intent both modules run for every checked tunnel; elsewhere only tunnels with findings
    count, and an end whose options carry nothing but its names is left alone."""
    out = []
    for tunnel in tunnels or []:
        if not tunnel.get("alignment"):
            continue  # no pair: nothing to align (the report says what is missing)
        if align_to != "intent" and not tunnel.get("findings"):
            continue
        for side in sides(align_to):
            got = module_options(tunnel, side, align_to, intent, asa_extra if side == "asa" else azure_extra)
            needs_key = got["needs_pre_shared_key"]
            key_missing = needs_key and not have_key
            if align_to == "intent":
                run, skipped = True, None
            elif key_missing:
                run, skipped = False, "needs the pre-shared key (give align_pre_shared_key)"
            elif changes_in(got["options"], side) or needs_key:
                run, skipped = True, None
            else:
                run, skipped = False, "nothing to change"
            if not run and not got["manual"] and not key_missing:
                continue  # nothing to do and nothing to say
            out.append({
                "id": "%s|%s" % (tunnel["name"], side),
                "tunnel": tunnel["name"],
                "side": side,
                "host": (tunnel.get("asa") or {}).get("host") if side == "asa" else None,
                "end": _end_label(tunnel, side, plan_entry(tunnel, side, align_to)),
                "options": got["options"],
                "send_key": bool(needs_key and have_key),
                "run": run,
                "skipped": skipped,
                "key_missing": key_missing,
                "manual": got["manual"],
            })
    return out


def _short(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def property_lines(changes):
    """``prop[i].field: before -> after`` for each changed field of azure_vpn_connection's ``changes``."""
    lines = []
    for prop in sorted(changes or {}):
        before, after = changes[prop].get("before"), changes[prop].get("after")
        if isinstance(before, list) and isinstance(after, list) and len(before) == len(after) \
                and all(isinstance(v, dict) for v in before + after):
            for index, (old, new) in enumerate(zip(before, after)):
                for field in sorted(set(old) | set(new)):
                    if old.get(field) != new.get(field):
                        lines.append("%s[%d].%s: %s -> %s" % (prop, index, field, _short(old.get(field)),
                                                              _short(new.get(field))))
        else:
            lines.append("%s: %s -> %s" % (prop, _short(before), _short(after)))
    return lines


def done(all_jobs, results):
    """What was done: ``changes`` (one entry per end a module ran for: ``tunnel``, ``side``, ``end``,
    ``changed``, ``failed``, ``commands``, ``properties``, ``manual``), ``left_to_do`` (every step left
    to a person, with ``tunnel``, ``side``, ``end``, ``kind``, ``reason``), ``key_missing`` (tunnels left
    alone for want of the key) and ``lines`` (the story printed, one line per end)."""
    by_id = {}
    for result in results or []:
        job = result.get("job")
        if job and not result.get("skipped"):
            by_id[job["id"]] = result
    changes, left, key_missing, lines = [], [], [], []
    for job in all_jobs or []:
        result = by_id.get(job["id"])
        asa = job["side"] == "asa"
        head = "  %s %s: " % (_LABEL[job["side"]], job["end"])
        if result is not None:
            entry = {
                "tunnel": job["tunnel"],
                "side": job["side"],
                "end": job["end"],
                "changed": bool(result.get("changed")),
                "failed": bool(result.get("failed")),
                "commands": list(result.get("commands") or []),
                "properties": sorted((result.get("changes") or {}).keys()),
                "manual": job["manual"],
            }
            changes.append(entry)
            if entry["failed"]:
                lines.append(head + "failed: %s" % result.get("msg", ""))
            elif not entry["changed"]:
                lines.append(head + "no change")
            elif asa:
                lines.append(head + "%d command(s)" % len(entry["commands"]))
                lines += ["    " + c for c in entry["commands"]]
            else:
                lines.append(head + "set " + ", ".join(entry["properties"]))
                lines += ["    " + c for c in property_lines(result.get("changes"))]
        else:
            lines.append(head + "left alone: " + (job["skipped"] or "not run"))
        if job["key_missing"] and job["tunnel"] not in key_missing:
            key_missing.append(job["tunnel"])
        for step in job["manual"]:
            left.append({"tunnel": job["tunnel"], "side": job["side"], "end": job["end"], "kind": step["kind"],
                         "reason": step["reason"]})
            lines.append("    left to do: %s: %s" % (step["kind"], step["reason"]))
    if not lines:
        lines = ["  none: no tunnel has a finding to fix"]
    return {"changes": changes, "left_to_do": left, "key_missing": key_missing, "lines": lines}
