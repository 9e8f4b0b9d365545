# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_align_plan: the align role's controller-side steps (documented in plugins/modules/vpn_align_plan.py).

It reads the facts the gather plays left on the ASA and Azure hosts straight from hostvars (never
through module arguments; plugin_utils/fact_sources.py), checks, plans (module_utils/align_role.py) and, after the push plays (module_utils/align_outcome.py),
reads the modules' registered results from the same hosts. Runs on the controller only.
"""

import json
import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.vpnalign.s2s.plugins.module_utils import (
    align_failover, align_intent, align_outcome, align_preflight, align_recheck, align_role, variable_names)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import planned_items_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import BaselineError, canonical_baseline
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import FactsError
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import should_fail
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import (
    ready_report_dir, report_counts, write_atomic, write_reports)
from ansible_collections.vpnalign.s2s.plugins.module_utils.unread_hosts import with_unclear_pairs, with_unread_hosts
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import (
    WHY_MAX,
    asa_facts_from,
    azure_facts_from,
    host_vars,
    task_hostvars,
)
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.progress import checked_progress

ARGUMENT_SPEC = dict(
    step=dict(type="str", choices=["variables", "plan", "preflight", "hold", "done", "report"], default="plan"),
    align_to=dict(type="str", choices=list(align_role.MODES), default="safest"),
    asa_hosts=dict(type="list", elements="str", default=[]),
    azure_hosts=dict(type="list", elements="str", default=[]),
    baseline=dict(type="dict"),
    have_pre_shared_key=dict(type="bool", default=False),
    intent=dict(type="dict", default={}),
    asa_entry=dict(type="dict", default={}),
    azure_connection=dict(type="dict", default={}),
    plan_var=dict(type="str", default="align_plan"),
    results_var=dict(type="str", default="align_pushed"),
    checked_var=dict(type="str", default="align_azure_checked"),
    preflight_var=dict(type="str", default="align_preflight"),
    hold_var=dict(type="str", default="align_hold"),
    done_var=dict(type="str", default="align_done"),
    report_dir=dict(type="str", default=""),
    fail_on=dict(type="str", choices=["error", "warning", "never"], default="error"),
    # step variables: the names the role and its playbook know, and the role's prefix (module_utils/variable_names.py)
    known_variables=dict(type="list", elements="str", default=[]),
    variable_prefixes=dict(type="list", elements="str", default=["align_"]),
)


# the role's variable of each plan option that only align_to intent reads (align_role.module_options)
INTENT_ONLY_OPTIONS = (("intent", "align_intent"), ("asa_entry", "align_asa_entry"),
                       ("azure_connection", "align_azure_connection"))


def ignored_intent_options(args):
    """The warning that options only align_to intent reads were given with another align_to (they were dropped
    without a word: an align_asa_entry group_policy given with safest never reached the ASA), or None."""
    given = [variable for option, variable in INTENT_ONLY_OPTIONS if args.get(option)]
    if args["align_to"] == "intent" or not given:
        return None
    return ("%s %s used only with align_to=intent; with align_to=%s %s not read and nothing of %s is pushed"
            % (" and ".join(given), "is" if len(given) == 1 else "are", args["align_to"],
               "it is" if len(given) == 1 else "they are", "it" if len(given) == 1 else "them"))


def compact(report):
    """What the role keeps of a check: counts, summary lines, verdicts (never the whole report)."""
    return {"summary": report["summary"], "counts": report_counts(report), "summary_lines": summary_lines(report),
            "verdicts": align_outcome.verdicts(report), "tunnels": align_outcome.tunnel_verdicts(report),
            "unpaired": len(report.get("unpaired") or [])}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        if "report_dir" in self._task.args and self._task.args["report_dir"] is None:
            # null (an empty value in a vars file or an AWX survey) was taken as the default "": no report, and the
            # run went on. Step variables, the first, stops here.
            raise AnsibleActionFail('vpn_align_plan: align_report_dir is blank (null): give the directory for the reports, '
                                    'or "" for no report files; nothing was read or changed')
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        step = getattr(self, "_" + args["step"])
        result.update(step(args, task_vars))
        result["changed"] = False
        return result

    # -- the check, from the hosts' facts -------------------------------------------------------
    @staticmethod
    def _read_hosts(task_vars, hosts, side):
        """(hosts the last gather read, [(host, why)] of those it did not). A host whose last gather failed or
        was unreachable (roles/align/tasks/gather_*.yml set ``align_<side>_not_read`` and keep Ansible's message
        in ``align_<side>_error``) is not read even when an earlier gather's facts are still in its variables.
        A host without facts and without that record is found by fact_sources (``unread``)."""
        hostvars = task_hostvars(task_vars)
        errors = {}
        for host in hosts:
            found = host_vars(hostvars, host) or {}
            if found.get("align_%s_not_read" % side) is True:
                errors[host] = found.get("align_%s_error" % side) or "the read failed without a message"
        unread = align_role.not_read(errors, WHY_MAX)
        failed = set(host for host, _why in unread)
        return [host for host in hosts if host not in failed], unread

    def _check(self, args, task_vars, failover=None, intent=None):
        """(report, [(Azure host, facts)], not read [{"host", "side", "why"}]). A host that was not read is
        an entry of the report with the error HOST_NOT_READ (unread_hosts.py); the ends it holds are not
        in the check, so those paired with them are unpaired, and nothing is planned for either.
        The standby unit of a failover pair whose active unit was read is left out: the pair is checked, and
        changed, from its active unit (fact_sources; ``failover``, a dict, gets what it found and its notes); a pair
        both or neither active is an entry of the report (FAILOVER_PAIR_UNCLEAR), the rest is checked."""
        asa_hosts, unread_asa = self._read_hosts(task_vars, args["asa_hosts"], "asa")
        notes, units = [], {}
        asa = asa_facts_from(task_vars, hosts=asa_hosts, unread=unread_asa, notes=notes, failover=units)
        if failover is not None:
            failover.update(units, notes=notes)
        # Per host: a connection is changed by the subscription host that read it.
        azure_hosts, unread_azure = self._read_hosts(task_vars, args["azure_hosts"], "azure")
        azure = [(host, facts) for host in azure_hosts
                 for facts in azure_facts_from(task_vars, hosts=[host], unread=unread_azure)]
        unread_asa = align_role.host_order(unread_asa, args["asa_hosts"])
        unread_azure = align_role.host_order(unread_azure, args["azure_hosts"])
        try:
            # the notes go into the report files too (a standby checked from its active unit is named there)
            report = run_check(asa, [f for _h, f in azure], args["baseline"], notes=notes,
                               progress=checked_progress("vpn_align_plan"), intent=intent)
        except FactsError as exc:
            raise AnsibleActionFail("vpn_align_plan: %s" % exc)
        report = with_unread_hosts(with_unclear_pairs(report, units["unclear_pairs"]), unread_asa, unread_azure)
        not_read = ([{"host": h, "side": "asa", "why": why} for h, why in unread_asa]
                    + [{"host": h, "side": "azure", "why": why} for h, why in unread_azure])
        return report, azure, not_read

    def _stored(self, task_vars, name, what):
        value = task_vars.get(name)
        if not isinstance(value, dict):
            raise AnsibleActionFail("vpn_align_plan: no %s in variable %s on this host (run step %s first)"
                                    % (what, name, "plan" if what == "plan" else "done"))
        return value

    # -- step variables: first, before anything is read or changed ----------------------------------
    def _variables(self, args, task_vars):
        """Fails naming each variable visible here (extra vars, inventory, play vars) that looks like a misspelling
        of one of ``known_variables`` or has the role's prefix without being one of them (-e aling_to=none ran
        align_to's default, safest, which pushes). Names only: no value is read or templated. Then ``report_dir``
        (align_report_dir) is made ready: a directory that cannot be written was found only after both ends had
        changed (review 2026-12-05), and the story of what changed was never printed."""
        if not args["known_variables"]:
            raise AnsibleActionFail("vpn_align_plan: step variables needs known_variables (the names the role reads)")
        found = variable_names.lookalikes(task_vars, args["known_variables"], args["variable_prefixes"])
        if found:
            raise AnsibleActionFail("vpn_align_plan: %s Nothing was read or changed." % variable_names.message(
                found, "roles/align/meta/argument_specs.yml and vars/main.yml align_known_variables"))
        if args["report_dir"] and not self._play_context.check_mode:
            try:
                ready_report_dir(args["report_dir"])
            except OSError as exc:
                raise AnsibleActionFail("vpn_align_plan: align_report_dir %s: the reports cannot be written there (%s); "
                                        "nothing was read or changed" % (args["report_dir"], exc.strerror or exc))
        return {"lookalikes": []}

    @staticmethod
    def _baseline(args):
        """align_baseline in the check's names, or the run stops before anything is read (strength.canonical_baseline)."""
        try:
            return canonical_baseline(args["baseline"])
        except BaselineError as exc:
            raise AnsibleActionFail("vpn_align_plan: align_%s; nothing was read or changed" % exc)

    # -- step plan ------------------------------------------------------------------------------
    def _plan(self, args, task_vars):
        args["baseline"] = self._baseline(args)
        failover = {}
        intent = args["intent"] if args["align_to"] == "intent" else None
        if intent:
            # refused before anything is read or pushed: no tunnel can take it as given
            problem = align_intent.intent_error(intent) or align_intent.weak_intent_error(intent, args["baseline"])
            if problem:
                raise AnsibleActionFail("vpn_align_plan: %s" % problem)
        # with an intent, the check proves it per tunnel (align_intent.tunnel_refusals)
        report, azure, not_read = self._check(args, task_vars, failover, align_intent.proven_intent(intent, args["asa_entry"]))
        # a standby without its proven active mate, a pair both or neither active: nothing planned for them (nor for
        # the Azure ends of their tunnels, whichever end align_to changes: an Azure end aligned to a standby's stale
        # configuration is harm done), every other host aligned, the run fails at the end naming them. A pair both or
        # neither active was not checked at all, so it fails the run in every mode, align_to none too.
        lone_standbys = failover["lone_standbys"] if args["align_to"] != "none" else {}
        held_back = align_failover.not_aligned(lone_standbys, failover["unclear_pairs"])
        owners, subscriptions = {}, set()
        for host, facts in azure:
            for end in facts.get("tunnels") or []:
                ref = end.get("ref") or {}
                owners.setdefault(align_role.azure_key(ref.get("subscription"), ref.get("resource_group"),
                                                       ref.get("connection") or end.get("name")), host)
                subscriptions.add(ref.get("subscription"))
        if args["align_to"] == "intent" and not args["intent"]:
            raise AnsibleActionFail("align_to is intent but align_intent is empty: give the desired crypto "
                                    "(ike, esp, pfs_group, ...)")
        try:
            planned = align_role.plan(report["tunnels"], args["align_to"], args["have_pre_shared_key"], args["intent"],
                                      args["asa_entry"], args["azure_connection"], owners,
                                      default_azure_host=(args["azure_hosts"] or ["localhost"])[0],
                                      not_read=[(entry["host"], entry["why"]) for entry in not_read],
                                      not_aligned=held_back, subscriptions=subscriptions)
        except align_role.PlanError as exc:
            raise AnsibleActionFail("vpn_align_plan: %s" % exc)
        # an option the ASA's module would refuse (align_asa_entry, align_intent) stops the run here, before any push
        # of any host, rather than failing that host's push (review C3)
        problem = planned_items_error(planned["asa_tunnels"], dict((job["id"], job["end"]) for job in planned["jobs"]))
        if problem:
            raise AnsibleActionFail("vpn_align_plan: %s" % problem)
        planned["before"] = compact(report)
        planned["failover_notes"] = failover["notes"]
        planned["standby"] = dict(align_failover.standby_messages(failover["checked_from"]),
                                  **align_failover.same_device_messages(failover["same_device"]))
        planned["not_read"] = not_read
        planned["not_aligned"] = [{"host": host, "side": "asa", "why": why} for host, why in held_back]
        planned["align_to"] = args["align_to"]
        ignored = ignored_intent_options(args)
        if ignored:
            planned["warnings"] = [ignored]
        planned["runs"] = {"asa": sum(len(v) for v in planned["asa"].values()),
                           "azure": sum(len(v) for v in planned["azure"].values())}
        return planned

    @staticmethod
    def _results(task_vars, pushes, results_var, what="push"):
        """One result per job of ``pushes`` ({side: {host: [job]}}: what each push play was given), from the
        item results its host registered (``results_var``: an Azure loop's, an ASA's asa_vpn_tunnel `tunnels`). A job
        with no item result of its own gets a failed one (align_outcome.unproven: device state unknown, read again):
        ansible-core 2.19 registers a loop (or a task) that an error ended early (a persistent connection that failed
        to start, an unreachable host under ignore_unreachable) as a task-level {failed or unreachable, msg} without
        ``results``, and a host the push play never reached registers nothing. Only a result proves a push."""
        results = []
        for side in align_role.SIDES:
            for host, entries in ((pushes or {}).get(side) or {}).items():
                found = host_vars(task_hostvars(task_vars), host) or {}
                registered = found.get(results_var)
                items = registered.get("results") if isinstance(registered, dict) else None
                if isinstance(items, list):
                    # a loop's item results carry their job; asa_vpn_tunnel's `tunnels` results their job's id as name
                    got = dict((r["job"].get("id") if isinstance(r.get("job"), dict) else r.get("name"), r)
                               for r in items if isinstance(r, dict))
                    why, unreachable = "did not run: the %s's loop ended before it" % what, False
                elif isinstance(registered, dict):
                    got = {}
                    why = "the %s ended before its items reported: %s" % (
                        what, registered.get("msg") or "Ansible gave no message")
                    unreachable = bool(registered.get("unreachable"))
                else:
                    got, why, unreachable = {}, "did not run: the %s registered no result on %s" % (what, host), False
                for entry in entries:
                    result = got.get(entry["id"])
                    results.append(dict(result, job=entry) if result is not None
                                   else align_outcome.unproven(entry, why, unreachable))
        return results

    # -- step preflight: after the Azure hosts ran their jobs in check mode, before any push ---------
    def _preflight(self, args, task_vars):
        """The ASA and Azure jobs the push plays run: the plan's, less both ends of each tunnel whose Azure job
        azure_vpn_connection refused in check mode (module_utils/align_preflight.py). Only a result that passed proves
        the Azure end would be taken: a job that left none is refused too."""
        planned = self._stored(task_vars, args["plan_var"], "plan")
        azure_jobs = planned.get("azure") or {}
        checks = self._results(task_vars, {"azure": azure_jobs}, args["checked_var"], what="check before the ASA push")
        return align_preflight.preflight(azure_jobs, checks, planned.get("asa") or {})

    def _checked(self, args, task_vars):
        """Step preflight's result (the jobs that go on after the Azure ends were checked), or the run stops: without
        it the ASA push play runs nothing and every job would be reported as never run."""
        value = task_vars.get(args["preflight_var"])
        if not isinstance(value, dict) or not isinstance(value.get("asa"), dict):
            raise AnsibleActionFail("vpn_align_plan: no checked jobs in variable %s on this host (run step preflight, "
                                    "after step plan and before the ASA push)" % args["preflight_var"])
        return value

    # -- step hold: after the ASA pushes, before Azure's -----------------------------------------
    def _hold(self, args, task_vars):
        planned = self._stored(task_vars, args["plan_var"], "plan")
        checked = self._checked(args, task_vars)
        asa_jobs = checked["asa"]
        return align_outcome.hold(checked.get("azure"), self._results(task_vars, {"asa": asa_jobs}, args["results_var"]),
                                  asa_jobs, by_connection=planned.get("align_to") == "intent")

    # -- step done: after the pushes ------------------------------------------------------------
    def _done(self, args, task_vars):
        planned = self._stored(task_vars, args["plan_var"], "plan")
        checked = self._checked(args, task_vars)
        kept = task_vars.get(args["hold_var"]) or {}
        held = list(checked.get("held") or []) + list(kept.get("held") or [])
        # The Azure jobs step hold let go (without it, push_azure.yml runs none: each is then a job that did not run).
        azure_jobs = kept["azure"] if isinstance(kept.get("azure"), dict) else checked.get("azure")
        results = self._results(task_vars, {"asa": checked["asa"], "azure": azure_jobs}, args["results_var"])
        done = align_outcome.done(planned["jobs"], results, held, kept.get("same") or [])
        done["refused_before_push"] = list(checked.get("refused") or [])
        done["recheck"] = (planned["align_to"] != "none" and not self._play_context.check_mode
                           and align_outcome.changed_any(results))
        return done

    # -- step report: the check again, the files, the story -------------------------------------
    def _report(self, args, task_vars):
        planned = self._stored(task_vars, args["plan_var"], "plan")
        done = self._stored(task_vars, args["done_var"], "done")
        args["baseline"] = self._baseline(args)
        report, _azure, not_read = self._check(args, task_vars)
        after = compact(report) if done.get("recheck") else None
        not_read_after = not_read if done.get("recheck") else None
        check_mode = bool(self._play_context.check_mode)
        if after:
            left = align_recheck.not_cleared(planned["jobs"], done["changes"], report["tunnels"],
                                             align_role.subscription_of)
            done = dict(done, left_to_do=list(done["left_to_do"]) + left)
        lines = align_outcome.story(planned["align_to"], planned["before"]["summary_lines"], done,
                                    after["summary_lines"] if after else None, check_mode)
        if after:
            lines += align_recheck.story_lines(left)
        last = after or planned["before"]
        out = {"story": lines, "counts": last["counts"], "summary": last["summary"], "report_files": [],
               "not_read": planned.get("not_read") or [], "not_read_after": not_read_after,
               "push_failed": done.get("push_failed") or [],
               "refused_before_push": done.get("refused_before_push") or []}
        unwritten = None
        if args["report_dir"] and not check_mode:
            record = align_outcome.record(planned["align_to"], planned["before"], after, done,
                                          planned.get("not_read"), not_read_after, planned.get("not_aligned"))
            try:
                out["report_files"] = self._write(args["report_dir"], report, record)
            except OSError as exc:  # the story is still printed, then the run fails saying what was not written
                unwritten = "align_report_dir %s: cannot write the reports: %s%s" % (
                    args["report_dir"], exc.strerror or exc, "; the changes above were made" if done.get("recheck")
                    else "")
        # The role prints the story first, then fails on ``fails`` with ``fail_msg``: a host not read or a
        # failed push fails the run in every mode (the run did not cover it), findings per align_fail_on.
        incomplete = " ".join(part for part in (
            align_outcome.incomplete(planned.get("not_read"), not_read_after, done.get("push_failed"),
                                     planned.get("not_aligned")),
            align_preflight.refused_sentence(done.get("refused_before_push"))) if part)
        by_findings = not check_mode and should_fail(report, args["fail_on"])
        out["fails"] = bool(incomplete) or by_findings or bool(unwritten)
        if out["fails"]:
            gate = ""
            if by_findings:
                gate = "%d error(s) and %d warning(s) after %s; align_fail_on is %s." % (
                    last["counts"]["error"], last["counts"]["warning"],
                    "aligning" if planned["align_to"] != "none" else "the check", args["fail_on"])
            out["fail_msg"] = " ".join(part for part in (unwritten and unwritten + ".", incomplete, gate) if part)
        return out

    @staticmethod
    def _write(directory, report, record):
        written = write_reports(report, directory)
        path = os.path.join(os.path.dirname(written[0]), "align.json")
        write_atomic(path, json.dumps(record, indent=2, sort_keys=True) + "\n")
        return written + [path]
