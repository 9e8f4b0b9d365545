# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_compat_check on the controller (documented in plugins/modules/vpn_compat_check.py).

The check used to be a module: the facts of every ASA and Azure end were registered, templated
into its arguments, shipped to it, echoed back and returned again inside the report, 16 KB per
tunnel each time. Here the facts are read where they already are (hostvars of the hosts that
gathered them, or saved files read on the controller; plugin_utils/fact_sources.py), the report
is written to files by Python, and the task result is compact (module_utils/report_files.py).
"""

import os
import time

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import FactsError
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import should_fail
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused
from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import read_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import (
    REPORT_FORMATS,
    other_report_files,
    ready_report_dir,
    write_not_run,
    write_reports,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import text_options_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import run_id_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts
from ansible_collections.vpnalign.s2s.plugins.module_utils import live_evidence, report_time, variable_names
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_evidence import EVIDENCE_KINDS, attach_evidence, has_evidence
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result, gate, split_inputs_without_tunnels
from ansible_collections.vpnalign.s2s.plugins.module_utils.tunnel_ids import id_keys, tunnel_labels
from ansible_collections.vpnalign.s2s.plugins.module_utils.unread_hosts import (
    unread_note,
    with_conflicting_connections,
    with_unclear_pairs,
    with_unread_hosts,
)
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.controller_paths import controller_paths
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.task_options import validated_options
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from, host_vars, task_hostvars
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.progress import checked_progress, line_progress
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import BaselineError, canonical_baseline
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import file_text

display = Display()

# Defaults: the engine's weak-crypto baseline (engine/ and DESIGN.md "WEAK_CRYPTO"), as the module had them.
ARGUMENT_SPEC = dict(
    asa_facts=dict(type="raw"),
    azure_facts=dict(type="raw"),
    asa_hosts=dict(type="list", elements="str", default=[]),
    azure_hosts=dict(type="list", elements="str", default=[]),
    asa_config_files=dict(type="raw", default=[]),
    azure_resources_files=dict(type="raw", default=[]),
    baseline=dict(
        type="dict",
        options=dict(
            weak_encryption=dict(type="list", elements="str", default=["DES", "3DES", "NULL"]),
            weak_integrity=dict(type="list", elements="str", default=["MD5", "SHA1"]),
            weak_dh_groups=dict(type="list", elements="int", default=[1, 2, 5]),
        ),
    ),
    fail_on=dict(type="str", choices=["error", "warning", "never"], default="never"),
    gate_on=dict(type="str", choices=["error", "warning", "never"]),
    report_dir=dict(type="str", default=""),
    report_formats=dict(type="list", elements="str", choices=sorted(REPORT_FORMATS), default=list(REPORT_FORMATS)),
    return_report=dict(type="bool", default=False),
    unpaired_ok=dict(type="bool", default=False),
    run_id=dict(type="str"),  # host facts count only with this run's id (module_utils/run_id.py)
    timeline_throughput_mbps=dict(type="float"),  # not set: report_html's default (timeline.DEFAULT_THROUGHPUT_MBPS)
    # What the devices said (issue 14), saved files on the controller: correlated with the report's tunnels here,
    # where the report already is (no module round trip, no report re-read from disk); see report_evidence.py.
    evidence=dict(type="dict", options=dict(
        dict((kind, dict(type="list", elements="path", default=[])) for kind, _arg, _how in EVIDENCE_KINDS),
        tunnel=dict(type="list", elements="str", default=[]))),
    # Evidence the run gathered live (roles/compliance tasks/live_asa.yml, live_azure.yml): the registered results of
    # asa_vpn_evidence / azure_vpn_evidence read from the hostvars of asa_hosts / azure_hosts, as the facts are.
    live_evidence=dict(type="bool", default=False),
    # The compact result published as this set_stats name by the task itself (see _stats).
    publish_stats=dict(type="str", default=""),
    # Variables visible to the task that look like a misspelling of one of known_variables, or start with one of
    # variable_prefixes without being one of them, fail the task before anything is read (module_utils/variable_names.py):
    # -e failon=warning passed silently at the default fail_on=error. Empty known_variables: no such check.
    known_variables=dict(type="list", elements="str", default=[]),
    variable_prefixes=dict(type="list", elements="str", default=[]),
    # Nothing is checked: report_dir is made ready and left with report.json status not_run only (see _mark_not_run).
    mark_not_run=dict(type="bool", default=False),
    not_run_reason=dict(type="str", default=""),
)
# report.xml's verdict when neither gate_on nor fail_on is given: the check's default fail_on (README "fail_on",
# playbooks/check.yml, roles/compliance)
JUDGED_BY_DEFAULT = "error"
# 1 Tbit/s, this collection's bound: far above any site-to-site tunnel's load
MAX_THROUGHPUT_MBPS = 1000000

# What report.json says from the start of a run until the check replaces it (playbooks/check.yml marks it first): a
# run stopped before the check (a refused option, a session guard, an interrupted play) leaves this, never last
# night's verdict (review 2026-12-04).
NOT_RUN_YET = ("this run has not written its report: it is still running, or it stopped before the check (its output "
               "says why)")


def _validated(args):
    """The task's arguments checked against ARGUMENT_SPEC; a bad one fails naming it. A text or path option given as a
    list (or a mapping...) first: Ansible's str type made report_dir [/tmp/x] the directory "['/tmp/x']" (review C4)."""
    not_text = text_options_error(args, ARGUMENT_SPEC)
    if not_text:
        raise AnsibleActionFail("vpn_compat_check: %s; nothing was read or written" % not_text)
    params = validated_options("vpn_compat_check", ARGUMENT_SPEC, args)
    # the facts modules refuse such an id (run_id.py): a check given one matched no host's facts and reported every
    # host as not read, naming no option
    bad_run_id = run_id_error(params.get("run_id") or None)  # blank: no id, as the compliance role omits it
    if bad_run_id:
        raise AnsibleActionFail("vpn_compat_check: %s; nothing was read or written" % bad_run_id)
    return params


def _generated_at():
    """When this run's reports say they were written: now, or SOURCE_DATE_EPOCH (module_utils/report_time.py); a
    malformed SOURCE_DATE_EPOCH fails the task before anything is read or written."""
    try:
        return report_time.generated_at()
    except ValueError as exc:
        raise AnsibleActionFail("vpn_compat_check: %s; nothing was read" % exc)


def _files_option(value, option):
    """asa_config_files / azure_resources_files: a path, directory or glob, or a list of them."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v]
    raise AnsibleActionFail("vpn_compat_check: %s must be a path, a directory, a glob, or a list of them" % option)


def _evidence_texts(evidence):
    """{kind: [(file name, text)]} of the evidence option's files (read on the controller); a file that cannot
    be read fails the task naming it."""
    texts = {}
    for kind, _arg, _how in EVIDENCE_KINDS:
        for path in (evidence or {}).get(kind) or []:
            try:
                text = file_text(read_input(path))
            except (IOError, OSError) as exc:
                raise AnsibleActionFail("vpn_compat_check: evidence %s: cannot read %s: %s" % (kind, path, exc.strerror or exc))
            texts.setdefault(kind, []).append((os.path.basename(path), text))
    return texts


def _live_evidence(task_vars, asa_hosts, azure_hosts):
    """The live runs' results of the hosts, from hostvars (never through task arguments; parsed evidence only)."""
    hostvars = task_hostvars(task_vars)

    def registered(hosts, name):
        out = {}
        for host in hosts:
            found = host_vars(hostvars, host) or {}
            out[host] = (found.get(name), found.get(name + live_evidence.TARGETS_SUFFIX),
                         found.get(name + live_evidence.SET_BACK_SUFFIX))
        return out
    return live_evidence.gathered(registered(asa_hosts, live_evidence.ASA_RESULT),
                                  registered(azure_hosts, live_evidence.AZURE_RESULT))


def _stats(result, name):
    """What a set_stats task of ``name`` publishing the compact result gives (per_host false, aggregate false): the
    strategy reads ``ansible_stats`` from any task's result, as it does from set_stats'. The compliance role's
    set_stats task templated the result's 2,000 tunnels twice (the verdicts, then the list) and echoed them back:
    0.5-0.7 CPU s of the playbook at 100k lines (issue 12)."""
    data = {"counts": result["counts"], "summary": result["summary"],
            # keyed by a label no other tunnel has: its name, unless a connection of that name is in another
            # subscription too (tunnel_ids.py; keyed by name, one's verdict replaced the other's)
            "verdicts": dict(zip(tunnel_labels(result["tunnels"]), (t["verdict"] for t in result["tunnels"]))),
            # keyed by report.json's stable id (tunnel_ids.id_keys): the same key every night, whatever else is read
            "verdicts_by_id": dict(zip(id_keys(result["tunnels"]), (t["verdict"] for t in result["tunnels"]))),
            "tunnels": result["tunnels"], "unpaired": result["unpaired"], "report_files": result["report_files"]}
    if "gate" in result:
        data["gate"] = result["gate"]
    if "evidence" in result:
        data["evidence"] = result["evidence"]
    if "notes" in result:
        data["notes"] = result["notes"]
    return {"data": {name: data}, "per_host": False, "aggregate": False}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    _requires_connection = False  # everything happens on the controller

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # no remote temp directory: nothing runs on the target
        # The collector paused for the whole step, not only inside the check: reading the export and writing
        # the reports allocate millions of objects that live to the end of the task, and each full collection
        # rescanned the facts, the report and Ansible's own objects (0.4-0.5 of the action's 4.4-5 CPU s at 100k
        # lines in the playbook's worker, issue 12). Reference counting frees the rest as before; the worker ends
        # with the task.
        with gc_paused():
            return self._check(result, task_vars)

    def _check(self, result, task_vars):
        params = _validated(self._task.args)
        try:
            params["baseline"] = canonical_baseline(params["baseline"])
        except BaselineError as exc:
            raise AnsibleActionFail("vpn_compat_check: %s; nothing was checked" % exc)
        if params["mark_not_run"]:
            return self._mark_not_run(result, params)
        if params["known_variables"]:  # names only (no value read), before any input is read
            found = variable_names.lookalikes(task_vars, params["known_variables"], params["variable_prefixes"])
            if found:
                raise AnsibleActionFail("vpn_compat_check: %s Nothing was checked." % variable_names.message(
                    found, "known_variables, e.g. roles/compliance/defaults/main.yml compliance_known_variables"))
        throughput, given = params["timeline_throughput_mbps"], self._task.args.get("timeline_throughput_mbps")
        # a YAML true passed Ansible's float type as 1 Mbit/s, and 1e308 drew no rekey at all (review 2026-12-05)
        if throughput is not None and (isinstance(given, bool) or not 0 < throughput <= MAX_THROUGHPUT_MBPS):
            raise AnsibleActionFail("vpn_compat_check: timeline_throughput_mbps must be above 0 and at most %d "
                                    "(Mbit/s), not %s" % (MAX_THROUGHPUT_MBPS, given))
        if params["report_dir"] and not params["report_formats"]:  # before anything is read: a run that writes nothing
            raise AnsibleActionFail("vpn_compat_check: report_formats is empty: give at least one of %s, or no report_dir"
                                    % ", ".join(REPORT_FORMATS))
        # What report.xml, report.md and the summary are judged at: gate_on, else fail_on; neither given, error. The
        # task's fail_on default (never) means "do not fail the task", and judged at it report.xml failed nothing: the
        # module's own nightly example gave CI a green JUnit for a tunnel that dies at its first rekey.
        judged = params["gate_on"] or (params["fail_on"] if "fail_on" in self._task.args else JUDGED_BY_DEFAULT)
        run = {"generated_at": _generated_at(), "fail_on": judged}
        if params["report_dir"]:
            try:
                ready_report_dir(params["report_dir"])
            except (IOError, OSError) as exc:
                raise AnsibleActionFail("vpn_compat_check: report_dir %s: cannot write the reports: %s; nothing was read"
                                        % (params["report_dir"], exc.strerror or exc))
        try:
            return self._checked(result, task_vars, params, run)
        except AnsibleActionFail as exc:
            if params["report_dir"]:
                self._not_run(params, exc, run)
            raise
        except Exception as exc:
            # a defect of ours: report_dir must not keep an earlier night's verdict, and the console and the report
            # say the same thing (the original exception rides along for -vvv)
            stop = AnsibleActionFail("vpn_compat_check: unexpected %s: %s; nothing was reported (a defect: please "
                                     "report it with -vvv output)" % (type(exc).__name__, exc), orig_exc=exc)
            if params["report_dir"]:
                self._not_run(params, stop, run)
            raise stop from exc

    @staticmethod
    def _mark_not_run(result, params):
        """report_dir made ready (created, proven writable) and left with report.json status not_run, why
        (``not_run_reason``, else NOT_RUN_YET) and when, and none of the other report files. Without a reason this
        starts a run, and a report_dir it cannot write stops it before anything is read; with one it records a stop
        the run fails on anyway, so a write that fails is a warning beside that failure."""
        directory, reason = params["report_dir"], params["not_run_reason"]
        if not directory:
            raise AnsibleActionFail("vpn_compat_check: mark_not_run needs report_dir")
        if not params["report_formats"]:  # as the check says it, before report_dir is made
            raise AnsibleActionFail("vpn_compat_check: report_formats is empty: give at least one of %s, or no report_dir"
                                    % ", ".join(REPORT_FORMATS))
        try:
            run, stop = {"generated_at": _generated_at()}, None
        except AnsibleActionFail as exc:
            # a malformed SOURCE_DATE_EPOCH stops the run, but the earlier run's reports go all the same (a CI job read
            # them as this run's); report.json says why, with no time (there is none it may write)
            run, stop = {}, exc
        try:
            ready_report_dir(directory)
            files = write_not_run(directory, tuple(REPORT_FORMATS[n] for n in params["report_formats"]),
                                  reason or (str(stop) if stop else NOT_RUN_YET), run)
        except (IOError, OSError) as exc:
            message = "report_dir %s: cannot write the reports: %s" % (directory, exc.strerror or exc)
            if not reason:
                raise AnsibleActionFail("vpn_compat_check: %s; nothing was read" % message)
            result["warnings"] = ["vpn_compat_check: %s, so it does not say this run stopped" % message]
            files = []
        if stop is not None and not reason:  # a run starting: it stops here (a recorded stop fails on its own reason)
            raise stop
        result.update(changed=False, report_files=files, status="not_run")
        return result

    @staticmethod
    def _not_run(params, exc, run):
        """report_dir after a run that stopped before its report: report.json says so, the other files are gone
        (report_files.write_not_run); a failure to write that is said with the run's own failure."""
        try:
            write_not_run(params["report_dir"], tuple(REPORT_FORMATS[n] for n in params["report_formats"]),
                          str(exc), run)
        except (IOError, OSError) as error:
            exc.message = "%s (and report_dir %s could not be cleared of the earlier run's report: %s)" % (
                exc.message, params["report_dir"], error.strerror or error)

    def _checked(self, result, task_vars, params, run):
        # relative paths found as copy src finds them (plugin_utils/controller_paths.py)
        asa_files = controller_paths(self, _files_option(params["asa_config_files"], "asa_config_files"), as_given=True)
        azure_files = controller_paths(self, _files_option(params["azure_resources_files"], "azure_resources_files"),
                                       as_given=True)

        started = time.monotonic()
        # A host of asa_hosts / azure_hosts whose read failed or that was unreachable has no facts: it is
        # reported (HOST_NOT_READ) and the check covers the others, rather than no report at all.
        unread_asa, unread_azure, notes, failover = [], [], [], {}
        # Saved files: their tunnel ends as read (compat_facts.ReadEnds), not facts dicts to rebuild them from.
        asa = asa_facts_from(task_vars, hosts=params["asa_hosts"], paths=asa_files, facts=params["asa_facts"],
                             unread=unread_asa, progress=line_progress("vpn_compat_check", started), ends=True, notes=notes,
                             failover=failover, run_id=params["run_id"])
        unclear = failover.get("unclear_pairs") or []  # a failover pair both or neither active: an entry, not a stop
        azure_origins = []
        # one connection in two exports that differ (before and after a change): an entry, not a stop
        conflicts = []
        azure = azure_facts_from(task_vars, hosts=params["azure_hosts"], paths=azure_files, facts=params["azure_facts"],
                                 unread=unread_azure, progress=line_progress("vpn_compat_check", started), ends=True, origins=azure_origins,
                                 notes=notes, run_id=params["run_id"], conflicts=conflicts)
        for note in notes:  # a source left out (the other unit of a failover pair, a file not read) is said, at every verbosity
            display.display("vpn_compat_check: %s" % note)
        # A check over nothing must not read as a pass.
        for side, found, unread, options in (
                ("ASA", asa, unread_asa + unclear, "asa_hosts, asa_config_files or asa_facts"),
                ("Azure", azure, unread_azure + conflicts, "azure_hosts, azure_resources_files or azure_facts")):
            if not found and not unread:
                raise AnsibleActionFail("vpn_compat_check: no %s end to check: give %s" % (side, options))
        for host, why in unread_asa + unread_azure:
            display.warning("vpn_compat_check: host %s was not read, its tunnels are not checked: %s" % (host, why))
        for _hosts, why in unclear:
            display.warning("vpn_compat_check: %s" % why)
        for item in conflicts:
            display.warning("vpn_compat_check: Azure connection %s is in both %s and %s with different settings: it is "
                            "not checked (AZURE_EXPORTS_DIFFER)" % (item["id"], item["files"][0], item["files"][1]))
        # Progress at -v: a fleet's check takes a while on the controller.
        display.v("vpn_compat_check: %d ASA(s) with %d tunnel end(s), %d Azure source(s) with %d end(s), read in %.1f s"
                  % (len(asa), sum(len(f.get("tunnels") or []) for f in asa),
                     len(azure), sum(len(f.get("tunnels") or []) for f in azure), time.monotonic() - started))
        empty_inputs, no_tunnel = split_inputs_without_tunnels(asa, azure, azure_origins)
        for text in no_tunnel:  # read and named, in the console and the report's notes; they fail nothing
            notes.append("%s: nothing of it is checked; other inputs of its side hold tunnels, so it fails nothing" % text)
            display.display("vpn_compat_check: %s" % notes[-1])
        started = time.monotonic()
        try:
            # the notes go into the report too: the report files say which sources were left out, as the console does
            report = run_check(asa, azure, params["baseline"], progress=checked_progress("vpn_compat_check"), notes=notes)
        except FactsError as exc:
            raise AnsibleActionFail("vpn_compat_check: %s" % exc)
        del asa, azure  # not needed past the check: freed before the reports are written (35-75 MB at 100k lines; issue 12)
        display.v("vpn_compat_check: %d tunnel(s) checked in %.1f s" % (len(report["tunnels"]), time.monotonic() - started))
        report = with_unread_hosts(with_conflicting_connections(with_unclear_pairs(report, unclear), conflicts), unread_asa,
                                   unread_azure)
        evidence = _evidence_texts(dict((kind, controller_paths(self, (params["evidence"] or {}).get(kind) or []))
                                        for kind, _arg, _how in EVIDENCE_KINDS))
        live = None
        if params["live_evidence"]:
            gathered = _live_evidence(task_vars, params["asa_hosts"], params["azure_hosts"])
            tunnels, live_notes = live_evidence.live_for_tunnels(report, gathered["runs"])
            live = {"tunnels": tunnels, "inputs": gathered["inputs"], "notes": gathered["notes"] + live_notes}
            for note in gathered["notes"]:  # a failed capture, a debug left on: said on the console too
                display.warning("vpn_compat_check: live evidence: %s" % note)
        if has_evidence(evidence) or live:  # no evidence: the report is not touched (report.json as before)
            started = time.monotonic()
            attach_evidence(report, evidence, (params["evidence"] or {}).get("tunnel"), live=live)
            display.v("vpn_compat_check: evidence read and tied to %d tunnel(s) in %.1f s"
                      % (len(report["evidence"]["tunnels"]), time.monotonic() - started))

        if params["timeline_throughput_mbps"] is not None:  # report.html draws the rekeys at this load
            report["timeline_throughput_mbps"] = params["timeline_throughput_mbps"]
        report["run"] = run  # when it was written and how it was judged: a file read later says which night it is
        judged_on = run["fail_on"]  # what report.xml fails
        texts = report_texts(report, judged_on, params["unpaired_ok"]) if params["report_dir"] or params["return_report"] else None
        files = []
        if params["report_dir"]:
            try:
                names = tuple(REPORT_FORMATS[name] for name in params["report_formats"])
                files = write_reports(report, params["report_dir"], texts, names)
                others = other_report_files(params["report_dir"], names)
            except (IOError, OSError) as exc:
                raise AnsibleActionFail("vpn_compat_check: report_dir %s: cannot write the reports: %s"
                                        % (params["report_dir"], exc.strerror or exc))
            for path in others:  # left as they are (another tool's report.xml is not ours to delete): said
                display.warning("vpn_compat_check: %s was not written by this run (report_formats %s): it may describe "
                                "an earlier run or come from another tool" % (path, ", ".join(params["report_formats"])))
        result.update(compact_result(report, files, judged_on, params["unpaired_ok"]))
        note = unread_note(unread_asa, unread_azure, conflicts)  # which hosts the verdict does not cover
        if params["gate_on"]:
            result["gate"] = gate(result, params["gate_on"], files, params["unpaired_ok"], empty_inputs)
            if note:
                result["gate"]["message"] = note + " " + result["gate"]["message"]
                if not result["gate"]["passed"]:  # under fail_on=never the finding fails nothing, but is named
                    result["gate"].setdefault("reasons", []).insert(0, note)
        result["changed"] = False
        if params["publish_stats"]:
            result["ansible_stats"] = _stats(result, params["publish_stats"])
        if params["return_report"]:
            result.update(report=report, junit=texts["report.xml"], markdown=texts["report.md"])
        if should_fail(report, params["fail_on"]):
            result["failed"] = True
            result["msg"] = ((note + " ") if note else "") + "%d error(s), %d warning(s) found" % (
                result["counts"]["error"], result["counts"]["warning"])
        return result
