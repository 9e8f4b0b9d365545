# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the check after a push still finds on the tunnels align changed.

A push that went through is not proof that the tunnel is fixed: the device may hold a line the facts did not
show, or the change may bring a finding of its own. Every error and warning the re-check still finds on a tunnel a
push changed, where the plan left nothing to a person, is a step left to do (kind ``not_cleared``):
align.json and the story say it, instead of an empty ``left_to_do`` beside a failing verdict (review 2026-12-05,
align #2)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

NOT_CLEARED = "not_cleared"
_SHOWN = ("error", "warning")


def tunnel_key(asa_host, subscription, resource_group, name):
    """The key of a tunnel in the plan's job ids (align_role.jobs: the key and the side), names both ends: tunnel
    names repeat across ASAs, resource groups and subscriptions."""
    return "%s|%s|%s|%s" % (asa_host, subscription, resource_group, name)


def _key_of(job_id):
    return job_id.rsplit("|", 1)[0]


def not_cleared(jobs, changes, tunnels, subscription_of):
    """The steps left after the push: one per (tunnel, code) of ``tunnels`` (the re-check's report entries) whose
    tunnel a job changed (``changes``: done's entries), no job failed on, and no job left a step to a person for.
    ``subscription_of``: the tunnel's subscription as the job ids name it."""
    pushed, listed, failed = {}, {}, set()
    for job in jobs or []:
        listed.setdefault(_key_of(job["id"]), set()).update(step["kind"] for step in job.get("manual") or [])
    for entry in changes or []:
        key = _key_of(entry.get("id") or "")
        if entry.get("failed"):
            failed.add(key)
        elif entry.get("changed"):
            pushed.setdefault(key, []).append(entry)
    out = []
    for tunnel in tunnels or []:
        asa, azure = tunnel.get("asa") or {}, tunnel.get("azure") or {}
        key = tunnel_key(asa.get("host"), subscription_of(tunnel), azure.get("resource_group"), tunnel.get("name"))
        ends = pushed.get(key)
        if not ends or key in failed:
            continue  # a failed push already says what it left on the device; what it did not make stays failing
        if listed.get(key):
            # a step left to a person may name a fix's kind (remote_networks) rather than the finding it clears: what
            # the re-check finds is then theirs to judge beside those steps, which are listed already
            continue
        seen = set()
        where = " and ".join("%s %s" % (end["side"], end["end"]) for end in ends)
        for finding in tunnel.get("findings") or []:
            code = finding.get("code")
            if finding.get("severity") not in _SHOWN or code in seen:
                continue
            seen.add(code)
            out.append({"tunnel": tunnel.get("name"), "asa_host": asa.get("host"), "side": ends[-1]["side"],
                        "end": ends[-1]["end"], "kind": NOT_CLEARED,
                        "reason": "after the push to %s the check still finds %s (%s): %s; see the report's fix"
                                  % (where, code, finding.get("severity"), finding.get("summary"))})
    return out


def story_lines(steps):
    """The lines the story prints after the re-check for ``not_cleared``'s steps."""
    if not steps:
        return []
    return ["left to do after the push (the check above still finds them):"] + [
        "  %s: %s" % (step["tunnel"], step["reason"]) for step in steps]
