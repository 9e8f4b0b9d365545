# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the align role decides, in Python rather than Jinja.

``jobs`` turns the checked tunnels into one job per end a module may change, in every align_to
mode: the module's options (the check's proven plan for that mode, or the intent), whether the
pre-shared key goes with them, whether the module runs at all, and what is left to do by hand
with its reason. ``plan`` groups the jobs that run per inventory host (each ASA runs its own,
each Azure subscription host its own), ``done`` turns the modules' results back into what was
changed and what is left, ``story`` and ``record`` into the lines printed and align.json. The
role itself only keeps the order of the steps.

Modes: ``safest`` (per finding, the end whose proven fix touches least: either end or both may
change), ``azure`` (only the ASA changes), ``asa`` (only Azure changes), ``intent`` (both ends
to one intent), ``none`` (check only). In safest, azure and asa only what the check proved is
pushed: the check's ``alignment`` already holds nothing else.

Used by the action plugin vpn_align_plan (plugins/action/vpn_align_plan.py). Plain Python, no
Ansible import.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import (
    AZURE_IKE_DROPPED,
    INTENT_REFUSED,
    any_network_error,
    connection_ends,
    intent_refusals,
    refuse_connection_mates,
)
# the role's plan step and its tests know it here; it lives with the rest of the intent's judgement
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import weak_intent_error  # noqa: F401 pylint: disable=unused-import
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import own_proposal
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_partial import END_NAMES
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_recheck import tunnel_key
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.invented_names import PREFIX

MODES = ("safest", "azure", "asa", "intent", "none")
SIDES = ("asa", "azure")
_LABEL = {"asa": "ASA", "azure": "Azure"}
# align_to intent: the intent keys each module takes (README: align_intent).
_CRYPTO = ("ike", "esp", "pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")
_INTENT_KEYS = {
    "asa": _CRYPTO + ("local_networks", "remote_networks", "peer", "group_policy", "interface", "nat_exemption",
                      "tcp_mss"),
    "azure": _CRYPTO + ("use_policy_based_traffic_selectors", "traffic_selector_policies", "dpd_timeout_seconds",
                        "connection_mode", "enable_bgp"),
}
# align_to intent: what each entry of a tunnel of several crypto map entries holds for itself (neither end takes them).
_ENTRY_KEYS = _CRYPTO + ("local_networks", "remote_networks", "use_policy_based_traffic_selectors",
                         "traffic_selector_policies")
# What a crypto map entry has and a VTI does not (asa_vpn_tunnel refuses them together).
_CRYPTO_MAP_ONLY = ("crypto_map", "seq", "acl", "local_networks", "remote_networks", "interface", "nat_exemption")
_VTI_ONLY = ("tunnel_interface", "tunnel_nameif", "tunnel_address", "tunnel_source_interface", "ipsec_profile",
             "routes", "bgp", "tunnel_enabled")
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
    return {k: v for k, v in options.items() if k not in END_NAMES[side]}


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
    options = {k: v for k, v in entry["options"].items() if k in END_NAMES[side]}
    manual = []
    wanted = {k: v for k, v in (intent or {}).items() if k in _INTENT_KEYS[side]}
    wanted.update(extra or {})
    if side == "azure" and wanted.get("ike"):
        wanted["ike"] = {k: v for k, v in wanted["ike"].items() if k not in AZURE_IKE_DROPPED}
    vti = "tunnel_interface" in options
    refused = _CRYPTO_MAP_ONLY if vti else _VTI_ONLY
    entries = (tunnel.get("asa") or {}).get("entries") or ()
    for key in sorted(wanted):
        if side == "asa" and key in refused:
            manual.append({"kind": key, "reason": "%s is for %s, and %s is %s" % (
                key, "crypto map entries" if vti else "VTIs", tunnel["name"],
                "a VTI (route-based)" if vti else "a crypto map entry (policy-based)")})
            continue
        if len(entries) > 1 and key in _ENTRY_KEYS:
            # asa_vpn_tunnel sets one entry: the others would keep the old settings, and an Azure end set to the intent
            # would then disagree with them (review 2026-12-04: entry 20 failed PFS_MISMATCH), so neither end takes it
            manual.append({"kind": "crypto_entries", "reason": "%s: the ASA end is %d crypto map entries to one peer "
                           "(%s), and asa_vpn_tunnel sets one; set it on each entry by hand, then on Azure" % (
                               key, len(entries), ", ".join(str(seq) for seq in entries))})
            continue
        options[key] = wanted[key]
    if side == "asa" and "esp" in wanted and str(options.get("ipsec_proposal") or "").startswith(PREFIX + "-"):
        # the plan's own proposal was named for the report's ESP fix; the intent's ESP is another (review 2026-12-06:
        # VPNALIGN-AES-GCM-128 came to hold aes-gcm-256)
        options["ipsec_proposal"] = own_proposal(wanted["esp"], {}) or options["ipsec_proposal"]
    if side == "asa" and "esp" in wanted and "ipsec_proposal" not in (extra or {}) and tunnel.get("intent_ipsec_proposal"):
        # the end's proposal is named by another entry too: the intent's ESP goes to one of its own (review C4)
        options["ipsec_proposal"] = tunnel["intent_ipsec_proposal"]
    # Keys are not part of an intent (README: align_pre_shared_key).
    return {"options": options, "manual": manual, "needs_pre_shared_key": False}


def _end_label(tunnel, side, entry):
    if side == "asa":
        label = entry.get("end") or "crypto map %s %s" % (tunnel["asa"]["crypto_map"], tunnel["asa"]["seq"])
        return "%s %s" % (tunnel["asa"]["host"], label)
    return entry.get("end") or "connection %s" % tunnel["azure"]["connection"]


def subscription_of(tunnel):
    """The subscription of the tunnel's Azure end (the report's ``azure`` names only its group and connection;
    the check's Azure options carry it)."""
    alignment = tunnel.get("alignment") or {}
    for entry in (alignment.get("align_to_asa"), (alignment.get("safest") or {}).get("azure")):
        subscription = ((entry or {}).get("options") or {}).get("subscription_id")
        if subscription:
            return subscription
    return (tunnel.get("azure") or {}).get("subscription")


def jobs(tunnels, align_to, have_key=False, intent=None, asa_extra=None, azure_extra=None):
    """One job per end a module may change, for the tunnels of the check's report.

    Each job: ``id``, ``tunnel`` (name), ``side``, ``host`` (the inventory host that runs it: the ASA's;
    ``plan`` fills in Azure's), ``asa_host`` (the tunnel's ASA), ``end`` (label),
    ``options`` (for asa_vpn_tunnel or azure_vpn_connection), ``send_key`` (give it
    align_pre_shared_key), ``run`` (whether the module runs), ``skipped`` (why not, or None),
    ``key_missing`` and ``manual`` (what is left to do on that end, each with its reason).

    A module runs when its options change something, or when the fix needs the key and it is given.
    In align_to intent both modules run for every checked tunnel the intent is not refused for (align_intent: the
    check's proof and Azure's own validation; a refused tunnel runs on neither end); elsewhere only tunnels with findings
    count, and an end whose options carry nothing but its names is left alone."""
    out = []
    for tunnel in tunnels or []:
        if not tunnel.get("alignment"):
            continue  # no pair: nothing to align (the report says what is missing)
        if align_to != "intent" and not tunnel.get("findings"):
            continue
        start = len(out)
        got_of = {side: module_options(tunnel, side, align_to, intent, asa_extra if side == "asa" else azure_extra)
                  for side in sides(align_to)}
        refused = intent_refusals(tunnel, got_of["azure"]["options"]) if align_to == "intent" else []
        for side in sides(align_to):
            got = got_of[side]
            needs_key = got["needs_pre_shared_key"]
            key_missing = needs_key and not have_key
            if refused:
                # proven before any push: the ASA goes first and is not rolled back when Azure then refuses
                run, skipped = False, "%s: %s" % (INTENT_REFUSED, "; ".join(refused))
                got["manual"] = got["manual"] + [{"kind": "intent_refused", "reason": why} for why in refused]
            elif align_to == "intent":
                run, skipped = True, None
            elif key_missing:
                run, skipped = False, "needs the pre-shared key (give align_pre_shared_key)"
            elif changes_in(got["options"], side) or needs_key:
                run, skipped = True, None
            else:
                run, skipped = False, "nothing to change"
            if not run and not got["manual"] and not key_missing:
                continue  # nothing to do and nothing to say
            asa_host = (tunnel.get("asa") or {}).get("host")
            out.append({
                # Tunnel names repeat across ASAs, resource groups and subscriptions (prod and DR may share a
                # group's and a connection's name): the id names both ends, the subscription included.
                "id": "%s|%s" % (tunnel_key(asa_host, subscription_of(tunnel),
                                            (tunnel.get("azure") or {}).get("resource_group"), tunnel["name"]), side),
                "tunnel": tunnel["name"],
                "side": side,
                "host": asa_host if side == "asa" else None,
                "asa_host": asa_host,
                "end": _end_label(tunnel, side, plan_entry(tunnel, side, align_to)),
                "options": got["options"],
                "send_key": bool(needs_key and have_key),
                "run": run,
                "skipped": skipped,
                "key_missing": key_missing,
                "manual": got["manual"],
            })
        if align_to == "safest":
            _hold_beside_missing_key(out[start:], tunnel)
    return out


def _hold_beside_missing_key(tunnel_jobs, tunnel):
    """safest: an end waiting for the pre-shared key holds the other end's part when that part alone was not proven
    harmless (compat's ``alone_proven``, align_partial._mark_parts_alone)."""
    waiting = [job for job in tunnel_jobs if job["key_missing"]]
    if not waiting:
        return
    for job in tunnel_jobs:
        if job["run"] and job not in waiting and \
                (tunnel["alignment"]["safest"].get(job["side"]) or {}).get("alone_proven") is False:
            job["run"] = False
            job["skipped"] = ("held: the %s end's part of this plan needs the pre-shared key (give "
                              "align_pre_shared_key), and this part alone breaks the tunnel" % _LABEL[waiting[0]["side"]])


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


def _failed(result):
    """Whether a module's result (a loop item) is a push that did not go through: failed, or its host unreachable."""
    return bool(result.get("failed") or result.get("unreachable"))


def _tunnel_of(job_id):
    """The tunnel part of a job's id (both ends' jobs share it): "ASA host|subscription|resource group|name"."""
    return job_id.rsplit("|", 1)[0]


def _pushed(result):
    """Whether a module's result proves its push went through: there is one, it ran, and it did not fail."""
    return result is not None and not result.get("skipped") and not _failed(result)


# What a push that left no result of its own is taken for (a loop Ansible ended before the job, a host the push
# play never reached): failed, and whatever the loop pushed before it is unknown, so the host is read again.
_UNKNOWN = "device state unknown: re-read it"


def unproven(job, why, unreachable=False):
    """The result a job stands for when its push left none: failed with ``why`` (Ansible's message),
    ``device_state_known`` False (``changed_any`` then has both ends read again)."""
    out = {"job": job, "failed": True, "changed": False, "device_state_known": False,
           "msg": "%s: %s" % (why or "did not run: its push left no result", _UNKNOWN)}
    if unreachable:
        out["unreachable"] = True
    return out


def hold(azure_jobs, asa_results, asa_jobs, by_connection=False):
    """After the ASA pushes, before Azure's: the Azure jobs to run, {Azure host: [job]} (``azure_jobs`` as
    ``plan`` gave them), only those of a tunnel whose ASA end has no job (``asa_jobs``: ``plan``'s
    {ASA host: [job]}) or one that a result of ``asa_results`` (the ASA hosts' loop results) proves pushed.
    Any other Azure end is held: the check proved the two ends' fixes as a plan (some only together,
    align_to intent moves both), not one end alone beside an ASA the push left as it found it, half way or
    in a state nobody knows (a push with no result to show is no proof). ``held``: {"id", "tunnel", "end",
    "host", "reason"} per job held. ``by_connection`` (align_to intent): an Azure job is released only when the ASA
    ends of every tunnel using its connection were pushed (align_intent.connection_ends: active-active's two
    instances share one connection, review D3). ``same``: {"id", "same_as", "reason"} per job kept back because a job kept
    before it asks its connection for the same change (_same_change)."""
    asa_end = {}
    for entries in (asa_jobs or {}).values():
        for entry in entries:
            asa_end[_tunnel_of(entry["id"])] = entry
    mates = connection_ends(azure_jobs, asa_end, _tunnel_of, azure_key) if by_connection else {}
    proven, failed = set(), set()
    for result in asa_results or []:
        job = result.get("job")
        if job:
            (proven if _pushed(result) else failed).add(job["id"])
    keep, held, same, asked = {}, [], [], {}
    for host, entries in (azure_jobs or {}).items():
        for entry in entries:
            ends = mates.get(entry["id"]) or [asa_end.get(_tunnel_of(entry["id"]))]
            asa = next((end for end in ends if end is not None and (end["id"] not in proven or end["id"] in failed)),
                       None)
            if asa is None:
                same_job = _same_change(asked, entry)
                if same_job is not None:
                    same.append({"id": entry["id"], "same_as": same_job["id"],
                                 "reason": "the change %s asks of it" % same_job["end"]})
                    continue
                keep.setdefault(host, []).append(entry)
                continue
            what = "failed" if asa["id"] in failed else "left no result"
            held.append({"id": entry["id"], "tunnel": entry["tunnel"], "end": entry["end"], "host": host,
                         "reason": "held: the push to its ASA end (%s) %s, and the check proved the fix of "
                                   "both ends, not of this one alone" % (asa["end"], what)})
    return {"azure": keep, "held": held, "same": same}


def _same_change(asked, entry):
    """The job kept before ``entry`` that asks its connection for the same change, else None (``entry`` is then
    remembered in ``asked``). The two tunnels of an active-active gateway's instances share one connection: run, the
    second found nothing to change; in check mode it showed the same change twice, as if two PUTs were made (review
    2026-12-05, align D5)."""
    options = entry.get("options") or {}
    key = (azure_key(options.get("subscription_id"), options.get("resource_group"), options.get("name")),
           json.dumps(options, sort_keys=True, default=str), bool(entry.get("send_key")))
    found = asked.get(key)
    if found is None:
        asked[key] = entry
    return found


def done(all_jobs, results, held=(), same=()):
    """What was done: ``changes`` (one entry per end a module ran for: ``id`` (its job's), ``tunnel``, ``side``, ``end``,
    ``changed``, ``failed``, ``commands``, ``properties``, ``manual``), ``left_to_do`` (every step left
    to a person, with ``tunnel``, ``side``, ``end``, ``kind``, ``reason``), ``key_missing`` (tunnels left
    alone for want of the key), ``lines`` (the story printed, one line per end), ``push_failed`` (each
    end whose module failed, and each job planned to run that left no result: it did not run, or nobody knows
    what it did) and ``held`` (``hold``'s: Azure ends not pushed because their ASA end failed). ``same``: ``hold``'s,
    the jobs whose change another job made (each is reported unchanged, as a run of its own would have found it)."""
    held_why = dict((entry["id"], entry["reason"]) for entry in held or ())
    same_as = dict((entry["id"], entry) for entry in same or ())
    by_id = {}
    for result in results or []:
        job = result.get("job")
        if job and not result.get("skipped"):
            by_id[job["id"]] = result
    changes, left, key_missing, lines, failed = [], [], [], [], []
    for job in all_jobs or []:
        result = by_id.get(job["id"])
        if job["id"] in same_as:
            first = by_id.get(same_as[job["id"]]["same_as"])
            # its connection took the change with the job it shares it with, as a run of its own would have found
            result = {"changed": False} if first is not None and not _failed(first) else unproven(
                job, "not run: %s, which failed or left no result" % same_as[job["id"]]["reason"])
        elif result is None and job["run"] and job["id"] not in held_why:
            result = unproven(job, "did not run: its push left no result")
        asa = job["side"] == "asa"
        head = "  %s %s: " % (_LABEL[job["side"]], job["end"])
        if result is not None:
            entry = {
                "id": job["id"],
                "tunnel": job["tunnel"],
                "asa_host": job.get("asa_host"),
                "host": job.get("host"),
                "side": job["side"],
                "end": job["end"],
                "changed": bool(result.get("changed")),
                # an unreachable host (ignore_unreachable keeps it in the run) did not push either
                "failed": _failed(result),
                "commands": list(result.get("commands") or []),
                "properties": sorted((result.get("changes") or {}).keys()),
                "manual": job["manual"],
            }
            changes.append(entry)
            if entry["failed"]:
                entry.update(_what_is_left(result))
                failed.append({"host": job.get("host"), "side": job["side"], "tunnel": job["tunnel"],
                               "end": job["end"]})
                lines.append(head + "failed: %s" % entry["msg"])
                lines += ["    left on the device: " + line for line in entry.get("left_over") or []]
            elif not entry["changed"] and job["id"] in same_as:
                lines.append(head + "no change: its connection took %s, above" % same_as[job["id"]]["reason"])
            elif not entry["changed"]:
                lines.append(head + "no change")
            elif asa:
                lines.append(head + "%d command(s)" % len(entry["commands"]))
                lines += ["    " + c for c in entry["commands"]]
            else:
                lines.append(head + "set " + ", ".join(entry["properties"]))
                lines += ["    " + c for c in property_lines(result.get("changes"))]
        else:
            lines.append(head + "left alone: " + (held_why.get(job["id"]) or job["skipped"] or "not run"))
        kept = (result.get("kept") or []) if asa and result is not None and not _failed(result) else []
        for note in kept:
            # an old NAT exemption the push could not prove this tunnel's alone (asa/nat_stale.py): a person's
            left.append({"tunnel": job["tunnel"], "asa_host": job.get("asa_host"), "side": job["side"],
                         "end": job["end"], "kind": "nat_exemption_left", "reason": note})
            lines.append("    left to do: nat_exemption_left: %s" % note)
        if job["key_missing"]:
            key_missing.append(job["tunnel"])
        for step in job["manual"]:
            left.append({"tunnel": job["tunnel"], "asa_host": job.get("asa_host"), "side": job["side"],
                         "end": job["end"], "kind": step["kind"], "reason": step["reason"]})
            lines.append("    left to do: %s: %s" % (step["kind"], step["reason"]))
    if not lines:
        lines = ["  none: no tunnel has a finding to fix"]
    # each tunnel once, in the order of its first job (a membership test of the list per job was tunnels squared)
    return {"changes": changes, "left_to_do": left, "key_missing": list(dict.fromkeys(key_missing)), "lines": lines,
            "push_failed": failed,
            "held": [dict(entry) for entry in held or ()]}


# What a failed asa_vpn_tunnel says is on the device (its transaction reads the config back after a failure):
# applied, rolled_back, left_over ("+ line" / "- line" against the config before), device_state_known (False:
# it could not be read back), not_restored (undo lines never sent). A failed azure_vpn_connection has only msg.
_LEFT_KEYS = ("applied", "rolled_back", "left_over", "device_state_known", "rollback_refused", "not_restored",
              "keys_not_restored", "concurrent_changes")


def _what_is_left(result):
    out = {"msg": result.get("msg") or "failed without a message"}
    out.update((key, result[key]) for key in _LEFT_KEYS if key in result)
    return out


def azure_key(subscription, resource_group, connection):
    """How a connection is found among the Azure hosts' facts (Azure names are case-insensitive)."""
    return "%s/%s/%s" % ((subscription or "").lower(), (resource_group or "").lower(), (connection or "").lower())


def _push_entry(job):
    """What a push task needs of a job (and ``done`` matches its result by): no reasons, no key."""
    return {"id": job["id"], "tunnel": job["tunnel"], "end": job["end"], "options": job["options"],
            "send_key": job["send_key"]}


# The asa_vpn_tunnel options an ASA job may carry (an end's options; the task's - key, save_when, context - are the
# push task's own): what the role passed when it looped one task per end. align_asa_entry may add only these.
ASA_ITEM_KEYS = frozenset((
    "crypto_map", "seq", "interface", "tunnel_interface", "tunnel_nameif", "tunnel_address", "tunnel_source_interface",
    "ipsec_profile", "tunnel_enabled", "routes", "bgp", "peer", "tunnel_group", "acl", "local_networks",
    "remote_networks", "ipsec_proposal", "ike", "esp", "pfs_group", "child_lifetime_seconds",
    "child_lifetime_kilobytes", "group_policy", "nat_exemption", "tcp_mss", "ikev1_authentication"))


def asa_entry_error(extra):
    """Why ``extra`` (align_asa_entry) cannot be given to the ASA ends, or None: a key that is no end option of
    asa_vpn_tunnel, or one align does not hand on (state: absent would remove the end; the key, save_when and context
    are the role's own variables). Refused before anything is planned, not dropped."""
    unknown = sorted(set(extra or ()) - ASA_ITEM_KEYS)
    if not unknown:
        return None
    return ("align_asa_entry: %s %s not an asa_vpn_tunnel option align gives an ASA end (it takes %s; the key, "
            "save_when and context are align_pre_shared_key, align_save_when and vpnalign_asa_context)"
            % (", ".join(unknown), "is" if len(unknown) == 1 else "are", ", ".join(sorted(ASA_ITEM_KEYS))))


def asa_items(entries):
    """The ``tunnels`` items of one ASA's asa_vpn_tunnel task (issue 12: one task per ASA, not one per end): each
    job's options, its id as the item's ``name`` (``done`` matches the item's result by it) and whether the end gets
    the key (``use_pre_shared_key``; the key itself is the task's, never in an item)."""
    return [dict(((key, value) for key, value in entry["options"].items() if value is not None),
                 name=entry["id"], use_pre_shared_key=entry["send_key"]) for entry in entries]


class PlanError(ValueError):
    """The tunnels cannot be planned as given (two of them would be one job)."""


def plan(tunnels, align_to, have_key=False, intent=None, asa_extra=None, azure_extra=None, azure_hosts=None,
         default_azure_host="localhost", not_read=(), not_aligned=()):
    """The jobs (``jobs``) and, per inventory host, the ones it runs: ``asa`` {ASA host: [job]} and
    ``azure`` {Azure host: [job]}. ``azure_hosts`` maps ``azure_key`` of each connection to the host
    whose facts held it; a connection no host claims goes to ``default_azure_host``.
    ``unassigned``: ASA jobs without a host (a tunnel whose ASA facts named none), not run.
    ``not_read``: (host, why) of the hosts whose gather failed: no job of a tunnel with an end on one of
    them runs, on either end (the check leaves such ends unpaired; this holds even if one were paired).
    ``not_aligned``: (host, why) of ASA hosts read but not to be pushed to (a failover unit that is not active without
    its active unit in the run: align_failover.not_aligned): no job of a tunnel with an end on one of them runs.
    Raises PlanError when two jobs would have one id: results are matched to jobs by id, so a result of one
    would be reported for both (a failed push as done) and a hold would hold both."""
    problem = (asa_entry_error(asa_extra) or any_network_error(asa_extra, "align_asa_entry")
               or any_network_error(azure_extra, "align_azure_connection"))
    if problem:
        raise PlanError(problem)
    all_jobs = [] if align_to == "none" else jobs(tunnels, align_to, have_key, intent, asa_extra, azure_extra)
    if align_to == "intent":
        refuse_connection_mates(all_jobs, _tunnel_of, azure_key)
    _refuse_duplicates(all_jobs)
    by_host = {"asa": {}, "azure": {}}
    unassigned = []
    unread = dict(not_read or ())
    held_back = dict(not_aligned or ())
    for job in all_jobs:
        if not job["run"]:
            continue
        if job["side"] == "asa":
            host = job["host"]
        else:
            options = job["options"]
            host = (azure_hosts or {}).get(azure_key(options.get("subscription_id"), options.get("resource_group"),
                                                     options.get("name")), default_azure_host)
            job["host"] = host
        withheld = _unread_end(job, host, unread) or _not_aligned_end(job, held_back)
        if withheld:
            job["run"], job["skipped"] = False, withheld
            continue
        if not host:
            job["run"], job["skipped"] = False, "the ASA facts name no inventory host"
            unassigned.append(job["id"])
            continue
        by_host[job["side"]].setdefault(host, []).append(_push_entry(job))
    return {"jobs": all_jobs, "asa": by_host["asa"], "azure": by_host["azure"], "unassigned": unassigned,
            "asa_tunnels": dict((host, asa_items(entries)) for host, entries in by_host["asa"].items())}


def _refuse_duplicates(all_jobs):
    seen = set()
    for job in all_jobs:
        if job["id"] in seen:
            asa_host, subscription, group, name, side = job["id"].split("|")[-5:]
            raise PlanError("two tunnels give one %s job (%s): ASA %s with connection %s of resource group %s in "
                            "subscription %s twice; each end must be paired once (align them one at a time)"
                            % (_LABEL[side], job["id"], asa_host, name, group, subscription))
        seen.add(job["id"])


def _unread_end(job, host, unread):
    """Why ``job`` must not run because an end of its tunnel was not read ("" when both were)."""
    for name in (job.get("asa_host"), host):
        if name in unread:
            return "%s was not read (%s): nothing is pushed to either end of its tunnels" % (name, unread[name])
    return ""


def _not_aligned_end(job, held_back):
    """Why ``job`` must not run because the ASA end of its tunnel is a host align leaves alone ("" when it is not)."""
    name = job.get("asa_host")
    if name in held_back:
        return "%s is not aligned (%s): nothing is pushed to either end of its tunnels" % (name, held_back[name])
    return ""


def not_read(errors, why_max=600):
    """[(host, why)] of the hosts whose last gather left a failure message, in the order of ``errors``
    ({host: message or None}). A host with a message is not read even when facts of an earlier gather
    are still in its variables (the re-check after a push must not report those as its state).
    ``why_max``: characters kept of a message (the report's limit for a failure message)."""
    out = []
    for host, message in (errors or {}).items():
        if isinstance(message, str) and message.strip():
            why = " ".join(message.split())
            out.append((host, why if len(why) <= why_max else why[:why_max - 3] + "..."))
    return out


def host_order(unread, hosts):
    """``unread`` ((host, why) pairs) in the order of ``hosts`` (inventory order), each host once."""
    rank = {host: index for index, host in enumerate(hosts or [])}
    seen, out = set(), []
    for host, why in sorted(unread or [], key=lambda pair: rank.get(pair[0], len(rank))):
        if host not in seen:
            seen.add(host)
            out.append((host, why))
    return out


def changed_any(results):
    """Whether any module run changed something, or may have (its device's state is unknown: a push that
    ended early may have sent some of its lines): then both ends are gathered and checked again."""
    return any((r.get("changed") or r.get("device_state_known") is False) and not r.get("skipped")
               for r in results or [])


def story(align_to, before_lines, done_result, after_lines=None, check_mode=False):
    """The lines the role prints: the check before, the changes, what is left, the check after."""
    lines = [("check:" if align_to == "none" else "before:")] + list(before_lines)
    if align_to != "none":
        lines.append("changes (align_to %s%s):" % (align_to, ", check mode: nothing sent" if check_mode else ""))
        lines += done_result["lines"]
    if done_result["key_missing"]:
        lines.append("left alone, they need the pre-shared key (give align_pre_shared_key): "
                     + ", ".join(done_result["key_missing"]))
    if after_lines is not None:
        lines += ["after:"] + list(after_lines)
    elif align_to != "none" and not check_mode:
        lines.append("nothing changed, so the check above stands")
    return lines


_HOST_LABEL = {"asa": "ASA", "azure": "Azure host"}


def _host_names(entries):
    names = []
    for entry in entries or []:
        name = "%s %s" % (_HOST_LABEL[entry["side"]], entry["host"])
        if name not in names:
            names.append(name)
    return names


def incomplete(not_read_before, not_read_after=None, failed=(), not_aligned=()):
    """The sentence the run fails with when it did not cover every host ("" when it did): the hosts the
    plan could not read ({"host", "side", "why"}), those the re-check could not read, and the hosts where
    a push failed (``done``'s ``push_failed``), and the ASA hosts left alone (``not_aligned``: {"host", "side",
    "why"}). Whatever align_fail_on says: the run did not do what it was asked for on them, and AWX must show it."""
    parts = []
    before = _host_names(not_read_before)
    if before:
        parts.append("Not read: %s (HOST_NOT_READ: nothing was planned or pushed for them, nor for the ends paired "
                     "with them)." % ", ".join(before))
    after = [name for name in _host_names(not_read_after) if name not in before]
    if after:
        parts.append("Not read by the check after aligning: %s (HOST_NOT_READ in the report)." % ", ".join(after))
    held_back = _host_names(not_aligned)
    if held_back:
        parts.append("Not aligned: %s (a failover unit that is not active without its active unit in the run, or a "
                     "pair both or neither active: nothing was planned or pushed for them, nor for the ends paired "
                     "with them; the plan's not_aligned says why)." % ", ".join(held_back))
    pushed = _host_names(failed)
    if pushed:
        parts.append("Push failed on: %s (align.json's changes say what is left on each)." % ", ".join(pushed))
    return " ".join(parts)


def verdicts(report):
    """{tunnel name: verdict} (names repeat across ASAs: ``tunnel_verdicts`` keeps them apart)."""
    return {t["name"]: t["verdict"] for t in report["tunnels"]}


def tunnel_verdicts(report):
    """One entry per tunnel: its name, ASA host, Azure connection and verdict."""
    out = []
    for tunnel in report["tunnels"]:
        asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
        out.append({"name": tunnel["name"], "asa_host": asa.get("host"), "resource_group": azure.get("resource_group"),
                    "connection": azure.get("connection"), "verdict": tunnel["verdict"]})
    return out


def record(align_to, before, after, done_result, not_read_before=(), not_read_after=None, not_aligned=()):
    """align.json: ``before``/``after`` are {"summary", "verdicts", "tunnels"} of the checks (after: None
    when nothing changed), ``changes``, ``left_to_do``, ``needs_pre_shared_key``, ``not_read`` (the hosts
    the plan could not read: {"host", "side", "why"}), ``not_read_after`` (those of the re-check; None
    without one), ``not_aligned`` (ASA hosts read but left alone: {"host", "side", "why"}),
    ``push_failed`` (each end whose module failed; its entry in ``changes`` says what is left on the device)
    and ``held`` (Azure ends not pushed because their ASA end failed)."""
    return {
        "not_read": [dict(entry) for entry in not_read_before or ()],
        "not_read_after": [dict(entry) for entry in not_read_after] if not_read_after is not None else None,
        "not_aligned": [dict(entry) for entry in not_aligned or ()],
        "push_failed": list(done_result.get("push_failed") or []),
        "held": list(done_result.get("held") or []),
        "align_to": align_to,
        "before": before["summary"],
        "after": after["summary"] if after else None,
        "verdicts_before": before["verdicts"],
        "verdicts_after": after["verdicts"] if after else None,
        "tunnels_before": before["tunnels"],
        "tunnels_after": after["tunnels"] if after else None,
        "changes": done_result["changes"],
        "left_to_do": done_result["left_to_do"],
        "needs_pre_shared_key": done_result["key_missing"],
    }
