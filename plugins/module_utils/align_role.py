# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the align role decides, in Python rather than Jinja.

``jobs`` turns the checked tunnels into one job per end a module may change, in every align_to
mode: the module's options (the check's proven plan for that mode, or the intent), whether the
pre-shared key goes with them, whether the module runs at all, and what is left to do by hand
with its reason. ``plan`` groups the jobs that run per inventory host (each ASA runs its own,
each Azure subscription host its own); align_outcome.py turns the modules' results back into what
was changed and what is left, and into the lines printed and align.json. The role itself only
keeps the order of the steps.

Modes: ``safest`` (per finding, the end whose proven fix touches least: either end or both may
change), ``azure`` (only the ASA changes), ``asa`` (only Azure changes), ``intent`` (both ends
to one intent), ``none`` (check only). In safest, azure and asa only what the check proved is
pushed: the check's ``alignment`` already holds nothing else.

Used by the action plugin vpn_align_plan (plugins/action/vpn_align_plan.py). Plain Python, no
Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import (
    AZURE_IKE_DROPPED,
    INTENT_REFUSED,
    any_network_error,
    intent_refusals,
    refuse_connection_mates,
)
# the role's plan step and its tests know it here; it lives with the rest of the intent's judgement
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_intent import weak_intent_error  # noqa: F401 pylint: disable=unused-import
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import own_proposal
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_dynamic import dynamic_map_job
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_partial import END_NAMES
from ansible_collections.vpnalign.s2s.plugins.module_utils.align_recheck import tunnel_key
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.invented_names import PREFIX

MODES = ("safest", "azure", "asa", "intent", "none")
SIDES = ("asa", "azure")
SIDE_LABEL = {"asa": "ASA", "azure": "Azure"}
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
_ONLY_OTHER = tuple("only %s can fix this" % label for label in SIDE_LABEL.values())


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
            # no pair: nothing to align (the report says what is missing); one a dynamic crypto map serves is said to
            # be left as it is, with what to do by hand (align_dynamic.py)
            job = dynamic_map_job(tunnel, subscription_of(tunnel))
            if job is not None:
                out.append(job)
            continue
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
                              "align_pre_shared_key), and this part alone breaks the tunnel" % SIDE_LABEL[waiting[0]["side"]])


def tunnel_of_job(job_id):
    """The tunnel part of a job's id (both ends' jobs share it): "ASA host|subscription|resource group|name"."""
    return job_id.rsplit("|", 1)[0]


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
         default_azure_host="localhost", not_read=(), not_aligned=(), subscriptions=()):
    """The jobs (``jobs``) and, per inventory host, the ones it runs: ``asa`` {ASA host: [job]} and
    ``azure`` {Azure host: [job]}. ``azure_hosts`` maps ``azure_key`` of each connection to the host
    whose facts held it; a connection no host claims goes to ``default_azure_host``.
    ``unassigned``: ASA jobs without a host (a tunnel whose ASA facts named none), not run.
    ``not_read``: (host, why) of the hosts whose gather failed: no job of a tunnel with an end on one of
    them runs, on either end (the check leaves such ends unpaired; this holds even if one were paired).
    ``not_aligned``: (host, why) of ASA hosts read but not to be pushed to (a failover unit that is not active without
    its active unit in the run: align_failover.not_aligned): no job of a tunnel with an end on one of them runs.
    ``subscriptions``: those the Azure facts were read from; with several, no job runs of a tunnel whose Azure job
    names none (``_unnamed_subscription``).
    Raises PlanError when two jobs would have one id: results are matched to jobs by id, so a result of one
    would be reported for both (a failed push as done) and a hold would hold both."""
    problem = (asa_entry_error(asa_extra) or any_network_error(asa_extra, "align_asa_entry")
               or any_network_error(azure_extra, "align_azure_connection"))
    if problem:
        raise PlanError(problem)
    all_jobs = [] if align_to == "none" else jobs(tunnels, align_to, have_key, intent, asa_extra, azure_extra)
    if align_to == "intent":
        refuse_connection_mates(all_jobs, tunnel_of_job, azure_key)
    _refuse_duplicates(all_jobs)
    by_host = {"asa": {}, "azure": {}}
    unassigned = []
    unread = dict(not_read or ())
    held_back = dict(not_aligned or ())
    unnamed = _unnamed_subscription(all_jobs, subscriptions)
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
        if not withheld and tunnel_of_job(job["id"]) in unnamed:
            withheld = unnamed[tunnel_of_job(job["id"])]
            job["manual"] = list(job["manual"]) + [{"kind": "subscription_unknown", "reason": withheld}]
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
                            % (SIDE_LABEL[side], job["id"], asa_host, name, group, subscription))
        seen.add(job["id"])


def _unnamed_subscription(all_jobs, subscriptions):
    """{tunnel part of a job id: why} of the tunnels whose Azure job would run naming no subscription while the
    facts came from several: azure_vpn_connection would then change the host's subscription, or guess one, which may
    not be the one the connection was read from (prod and staging often mirror group and connection names). Both ends
    are held, as for a host not read: the ASA end alone may break the tunnel."""
    read = sorted(set(str(sub).lower() for sub in subscriptions or () if sub))
    if len(read) < 2:
        return {}
    out = {}
    for job in all_jobs:
        options = job["options"]
        if job["side"] == "azure" and job["run"] and not options.get("subscription_id"):
            out[tunnel_of_job(job["id"])] = (
                "held: its Azure end (connection %s of resource group %s) was read without its subscription, and this "
                "run read %d subscriptions (%s): azure_vpn_connection would have to guess which one holds it; nothing "
                "is pushed to either end of this tunnel (read it from a source that names its subscription, such as "
                "ARM resource ids, or align that subscription in a run of its own)"
                % (options.get("name"), options.get("resource_group"), len(read), ", ".join(read)))
    return out


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
