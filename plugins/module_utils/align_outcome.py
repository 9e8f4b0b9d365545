# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the align role's pushes did, in Python rather than Jinja (the plan that precedes them: align_role.py).

``hold`` keeps back the Azure ends whose ASA end's push is not proven, ``done`` turns the modules' results into what
was changed and what is left (``unproven`` stands for a push that left no result), ``changed_any`` says whether the
ends are read again, ``story`` and ``record`` make the lines printed and align.json, ``incomplete`` the sentence a run
that did not cover every host fails with.

Used by the action plugin vpn_align_plan (plugins/action/vpn_align_plan.py). Plain Python, no Ansible import.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import connection_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_partial import END_NAMES
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import SIDE_LABEL, azure_key, tunnel_of_job


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


def _pushed(result):
    """Whether a module's result proves its push went through: there is one, it ran, and it did not fail."""
    return result is not None and not result.get("skipped") and not _failed(result)


# What an asa_vpn_tunnel end may have left on the device beside its change, or in its place (asa/tunnel_task.py)
_LEFT_BEHIND = ("left_over", "not_restored", "keys_not_restored", "still_to_send")


def _held_unsaved(result):
    """Whether an ASA end's result proves its change is in the running config and only the save failed: asa_vpn_tunnel
    fails an end that went through (read back, nothing left to send) with ``saved`` False when write memory was
    refused or not run (another end left lines) and None when its reply was lost (asa/tunnel_task.py save_batch)."""
    return bool(result.get("failed") and "saved" in result and result["saved"] is not True and result.get("changed")
                and not result.get("unreachable") and result.get("device_state_known") is not False
                and not any(result.get(key) for key in _LEFT_BEHIND))


# What an Azure job may ask and still follow an ASA end whose own push failed and was undone, while the ASA holds the
# IKE and IPsec settings that end asked for all the same (asa_vpn_tunnel's crypto_in_place: a mate of the task set them
# on a profile or proposal they share): its connection's names and IPsec policy (azure_vpn_connection's options)
_POLICY_ONLY = END_NAMES["azure"] + ("ike", "esp", "pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")


def _crypto_in_place(result):
    """Whether a failed ASA end's result proves the device runs the IKE and IPsec settings it asked for: every line of
    its own undone (read back, nothing left) and its settings read back all the same (asa/tunnel_task.py
    _note_crypto_in_place)."""
    return bool(result.get("failed") and result.get("crypto_in_place") is True and not result.get("unreachable")
                and result.get("device_state_known") is True and not any(result.get(key) for key in _LEFT_BEHIND))


def _policy_only(entry):
    """Whether an Azure job asks its connection for its IPsec policy only (no key, no other setting)."""
    return not entry.get("send_key") and all(key in _POLICY_ONLY for key in entry.get("options") or {})


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
    {ASA host: [job]}) or one that a result of ``asa_results`` (the ASA hosts' loop results) proves pushed (or applied
    and read back, only its save failed: _held_unsaved; or, for a job asking the connection's IPsec policy only, failed
    and undone while the ASA runs that end's IKE and IPsec settings all the same: _crypto_in_place).
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
            asa_end[tunnel_of_job(entry["id"])] = entry
    mates = connection_ends(azure_jobs, asa_end, tunnel_of_job, azure_key) if by_connection else {}
    proven, failed, in_place = set(), set(), set()
    for result in asa_results or []:
        job = result.get("job")
        if job:
            # an end only the save failed holds its change: the Azure end goes with it (the run still fails on the save)
            (proven if _pushed(result) or _held_unsaved(result) else failed).add(job["id"])
            if _crypto_in_place(result):
                in_place.add(job["id"])
    keep, held, same, asked = {}, [], [], {}
    for host, entries in (azure_jobs or {}).items():
        for entry in entries:
            ends = mates.get(entry["id"]) or [asa_end.get(tunnel_of_job(entry["id"]))]
            # a failed end whose tunnel runs the new IPsec settings all the same (a mate moved their shared profile)
            # takes its Azure end's new policy: held, the tunnel would have none in common (review s45 I)
            follows = in_place if _policy_only(entry) else set()
            asa = next((end for end in ends if end is not None and end["id"] not in follows
                        and (end["id"] not in proven or end["id"] in failed)), None)
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
        head = "  %s %s: " % (SIDE_LABEL[job["side"]], job["end"])
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
              "keys_not_restored", "concurrent_changes", "crypto_in_place")


def _what_is_left(result):
    out = {"msg": result.get("msg") or "failed without a message"}
    out.update((key, result[key]) for key in _LEFT_KEYS if key in result)
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
    ``push_failed`` (each end whose module failed; its entry in ``changes`` says what is left on the device),
    ``held`` (Azure ends not pushed because their ASA end failed, and both ends of a tunnel whose Azure end was refused
    in check mode before any push) and ``refused_before_push`` (those refusals, align_preflight.py: tunnel and reason)."""
    return {
        "not_read": [dict(entry) for entry in not_read_before or ()],
        "not_read_after": [dict(entry) for entry in not_read_after] if not_read_after is not None else None,
        "not_aligned": [dict(entry) for entry in not_aligned or ()],
        "push_failed": list(done_result.get("push_failed") or []),
        "held": list(done_result.get("held") or []),
        "refused_before_push": list(done_result.get("refused_before_push") or []),
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
