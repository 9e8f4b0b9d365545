# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an asa_vpn_tunnel task does, for the module (plugins/modules/asa_vpn_tunnel.py) and for its action plugin
(plugins/action/asa_vpn_tunnel.py), which runs the live form in Ansible's worker so a long push shows its progress.

``module`` is what either gives: ``params``, ``check_mode``, ``_diff``, ``no_log_values``, ``warn``, ``fail_json``
and ``exit_json`` (both end the task: the module's exit, the action's exception). The options it runs on, their
argument spec and the checks they pass before anything is read or sent are tunnel_options.py; here: one end planned
and pushed (``_work``), the ends of ``tunnels`` in order on one session (``_batch``, ``save_batch``), and the task
around them (``run_task``: the context, the connection, the result).
"""

import time
import traceback

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.backup_file import backup_dir_problem, write_backup
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import changed_outside, planned
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError, is_refusal, short
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_absent, plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import command_error, is_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree, IntentError, masked
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import (
    InContextCli,
    SessionContext,
    and_then,
    in_config_mode,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import run_transaction
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import (
    END_SPEC,
    checked_item,
    end_error,
    item_name,
    mask_item_keys,
    refused_items,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import key_in_options_error, redact


# The options of a VTI end that go into its ipsec profile and ESP proposal (push_vti: _profile_changes and the proposal)
_PROFILE_OPTIONS = ("ipsec_profile", "ipsec_proposal", "esp", "pfs_group", "child_lifetime_seconds",
                    "child_lifetime_kilobytes")


def _note_profile_mates(ends):
    """Each present VTI end of a batch gets ``profile_mates``: the other tunnel interfaces of the batch that ask the
    same of their profile. A profile they share may change for them (an active-active Azure gateway's two tunnels
    on one profile, aligned in one run); push_vti refuses it where another tunnel uses the profile."""
    keyed = [(repr([end.get(option) for option in _PROFILE_OPTIONS]), end) for _name, end in ends
             if is_vti(end) and end.get("state") == "present"]
    asked = {}
    for key, end in keyed:
        asked.setdefault(key, set()).add(end["tunnel_interface"])
    for key, end in keyed:
        end["profile_mates"] = frozenset(asked[key] - {end["tunnel_interface"]})


def _proposal_user(end):
    """What names the end's ESP proposal in the config: its crypto map entry, or a VTI's ipsec profile (None when the
    profile is not given: push_vti then reads it from the interface)."""
    if is_vti(end):
        return "crypto ipsec profile %s" % end["ipsec_profile"] if end.get("ipsec_profile") else None
    return "crypto map %s %s" % (end["crypto_map"], end["seq"])


def _note_proposal_mates(ends):
    """Each present end of a batch gets ``proposal_mates``: what names the proposal for the other ends of the batch
    that ask the same ESP of the same ipsec_proposal (their crypto map entries, or their VTIs' profiles). Rewriting a
    proposal other tunnels name is refused, unless those tunnels are these (a hub's entries, or the two VTIs of an
    active-active gateway on two profiles, aligned in one run)."""
    keyed = [(repr([end.get("ipsec_proposal"), end.get("esp")]), _proposal_user(end), end) for _name, end in ends
             if end.get("state") == "present" and end.get("esp") and end.get("ipsec_proposal") and _proposal_user(end)]
    asked = {}
    for key, entry, _end in keyed:
        asked.setdefault(key, set()).add(entry)
    for key, entry, end in keyed:
        end["proposal_mates"] = frozenset(asked[key] - {entry})


def plan_end(config, params):
    """The plan of one end (its options ``params``) against ``config``: text, or a ConfigTree."""
    if is_vti(params):
        return plan_vti(config, params) if params["state"] == "present" else plan_vti_absent(config, params)
    return plan_present(config, params) if params["state"] == "present" else plan_absent(config, params)


def replanner(params):
    """Planning again on the config read back after the push: nothing left means the device holds
    the desired state (a key sent on every run is not something left)."""
    again = dict(params, update_pre_shared_key="on_create")

    def replan(config):
        return plan_end(config, again)
    return replan


def _backup(module, config):
    """``config`` saved to a new file of its own in backup_dir (backup_file); raises _Stop before anything is sent."""
    directory = module.params["backup_dir"]
    try:
        return write_backup(directory, getattr(module, "inventory_hostname", None), config)
    except OSError as exc:
        raise _Stop("backup_dir %s: cannot write the backup: %s; nothing was sent" % (directory, exc.strerror or exc),
                    changed=False)


class _Stop(Exception):
    """The task (with ``tunnels``: the end) fails with this message and ``result``; in a context, after changing back."""

    def __init__(self, message, **result):
        super(_Stop, self).__init__(message)
        self.result = result


def _read(cli, session, key=None):
    """The running config over ``cli``, in the context ``session`` keeps; raises _Stop. ``key``: the task's
    pre-shared key, which may not be a word of it (names.psk_word_error)."""
    try:
        config = cli.get("show running-config")
    except DeviceError as exc:
        raise _Stop("cannot read the running config: %s" % exc)
    problem = session.system_space(config) or (key is not None and names.psk_word_error(config, key))
    if problem:
        raise _Stop(problem, changed=False, commands=[])
    return config


def _work(module, params, config, cli=None, session=None, fresh=False, batch=None, in_config=False):
    """Plan against ``config`` (read over ``cli`` when None) and, over ``cli``, push as a transaction in the context
    ``session`` keeps. Returns the module result, the running config the device holds after it, and what of it this
    call just read: True (the whole config), the sections read back (a batch's end, below), else False; raises
    _Stop. ``fresh`` (the ends of ``tunnels``): that value for ``config`` - read right before this call (at the start,
    or as the read-back of the end before); the transaction then does not read it a second time before its first
    line. An older config (an end with nothing to change came between) is not fresh: the guard reads it again.
    ``batch`` (an end of ``tunnels``: "next", or "last"): where the end's sections are a small share of the config
    the transaction reads them rather than the whole config (before its first line unless just read, and after its
    last but for the last end) and the config returned is a tree patched with them (``transaction.run_transaction``).
    ``in_config``: the session is in configuration mode, where the end before left it; the fourth value returned says
    whether this end left it there (a "next" end that went through)."""
    if config is None:
        config = _read(cli, session, params.get("pre_shared_key"))
    try:
        plan = plan_end(config, params)
    except IntentError as exc:
        raise _Stop("%s" % exc)
    problem = command_error(plan.commands + plan.rollback)
    if problem:
        raise _Stop(problem)

    commands = [redact(line) for line in masked(plan.commands)]  # a running_config given as text may hold keys in clear
    result = dict(changed=bool(plan.changes), commands=commands)
    if plan.kept:
        result["kept"] = [redact(line) for line in masked(plan.kept)]
    if module._diff and plan.changes:
        end = params["tunnel_interface"] if is_vti(params) else "%s %s" % (params["crypto_map"], params["seq"])
        result["diff"] = dict(before="\n".join(plan.before) + "\n", after="\n".join(plan.after) + "\n",
                              before_header="%s (running-config)" % end, after_header="%s (desired)" % end)
    if not plan.changes or module.check_mode or cli is None:
        if plan.changes and batch == "next":  # the next end is planned on what this one would leave
            config = planned(ConfigTree.of(config), plan)
        return result, config, False, in_config

    if params["backup"]:
        result["backup_path"] = _backup(module, config)
    # the prompt is checked before every `configure terminal`, and a new login after a lost connection changes to
    # the context again before anything is undone or read back
    outcome = run_transaction(InContextCli(cli, session), plan, config, replanner(params),
                              secret=params.get("pre_shared_key"), guard=session.check, fresh=fresh, batch=batch,
                              in_config=in_config)
    result.update(outcome.result())
    if not outcome.ok:
        result["changed"] = outcome.changed
        raise _Stop(outcome.message(), **result)
    if outcome.concurrent:
        module.warn("another session changed %d line(s) of the running config during this run (concurrent_changes); "
                    "this run's own changes are in place" % len(outcome.concurrent))
    if params["save_when"] == "changed":
        _write_memory(cli, session, result)
    return (result, outcome.final_config, isinstance(outcome.final_config, str) or outcome.final_sections,
            outcome.in_config)


def _write_memory(cli, session, result):
    """``write memory`` (in the context pushed to: it saves that context's configuration); raises _Stop with
    ``result``. A reply lost with the connection says nothing of the save, and saving is idempotent: it is sent once
    more after a new login (back in the context), and if that fails too the save is stated as unknown."""
    try:
        cli.get("write memory")
        return
    except DeviceError as exc:
        if is_refusal("%s" % exc):
            # the next run finds nothing to change and saves nothing (save_when changed): say what is left to do
            # (review 2026-12-05)
            raise _Stop("change applied but the ASA refused write memory: %s; the running config holds the change "
                        "and the startup config does not: run write memory once it is allowed (a next run finds "
                        "nothing to change, so save_when changed does not save), or a reload loses the change" % exc, **dict(result, saved=False))
        lost = exc
    try:
        InContextCli(cli, session).reconnect()
        cli.get("write memory")
    except DeviceError as again:
        raise _Stop("change applied; write memory was sent but its reply was lost (%s), and sending it again after a "
                    "new login failed too (%s): the startup-config may or may not hold the change; check `show "
                    "startup-config` or save by hand" % (short(lost), short(again)), **dict(result, saved=None))


def _item_params(params, number, item):
    """The options of item ``number`` of ``tunnels``, checked as the module's own and merged with the task's;
    raises _Stop naming the item."""
    where = "tunnels[%d]" % number
    if not isinstance(item, dict):
        raise _Stop("%s must be a dict of one end's options" % where)
    out, problem = checked_item(item, params)
    if problem:
        raise _Stop("%s: %s" % (where, problem))
    return dict(out, save_when="never")  # one write memory after the last end


def _batch(module, params, ends, cli=None, session=None, progress=None):
    """Each end of ``ends`` ((name, options)) in order, each planned from the config the one before left; a failed
    end does not stop the others, an unexpected error does (the ends after it are not run). Returns the task's result,
    the failures' messages and the traceback of an unexpected error (None). ``progress``: told after each end."""
    results, failures, diffs = [], [], []
    config, just_read, crashed = params["running_config"], False, None
    in_config = False  # the session left in configuration mode by the end before (transaction.run_transaction)
    backed_up = False
    unchecked = []  # (result, options) of ends pushed on a patched tree since the last read of the whole config
    failed_shares = {}  # what a failed end asked of a profile or proposal it shares with mates: its name
    for number, (name, end) in enumerate(ends):
        if crashed is not None:
            results.append(dict(name=name, failed=True, changed=False, commands=[], device_state_known=True,
                                msg="not run: an earlier end of this task failed unexpectedly (nothing sent for it)"))
            failures.append("%s: not run" % name)
            continue
        mate = _failed_mate(end, failed_shares)
        if mate is not None:
            results.append(dict(name=name, failed=True, changed=False, commands=[], device_state_known=True,
                                msg="not run: %s (nothing sent for it)" % mate))
            failures.append("%s: not run" % name)
            continue
        try:
            if config is None:
                config, just_read = _read(cli, session, params["pre_shared_key"]), True
            if just_read is True:
                _check_pushed(unchecked, config, failures)
            result, config, just_read, in_config = _work(
                module, dict(end, backup=params["backup"] and not backed_up), config, cli, session, fresh=just_read,
                batch="next" if number + 1 < len(ends) else "last", in_config=in_config)
        except _Stop as stop:
            # a failed end's undo ends configuration mode; an end stopped before its push leaves it as it was: the next
            # end enters it again (`configure terminal` is taken in configuration mode too) and _leave_config ends it
            in_config = False
            result = dict(stop.result, failed=True, msg="%s" % stop)
            failures.append("%s: %s" % (name, stop))
            # read again: what the device holds after a failure is only what it says; nothing was sent in check mode
            # or offline, where the next end is planned on what the ends before would leave
            if cli is not None and not module.check_mode:
                config = None
            just_read = False
        except Exception as exc:  # reported with its traceback, and the ends after it are not run
            crashed = traceback.format_exc()
            result = dict(failed=True, msg="unexpected %s: %s" % (type(exc).__name__, exc), traceback=crashed,
                          device_state_known=cli is None)
            failures.append("%s: unexpected %s: %s" % (name, type(exc).__name__, exc))
        result.setdefault("changed", False)
        result.setdefault("commands", [])
        if result.get("failed"):
            failed_shares.update((share, name) for share in _shares(end))
        backed_up = backed_up or "backup_path" in result
        if "diff" in result:
            diffs.append(result.pop("diff"))
        results.append(dict(result, name=name))
        if progress is not None:
            progress(number + 1, len(ends), results[-1])
        if result.get("applied") and not result.get("failed") and just_read is not True:
            unchecked.append((results[-1], end))
    if cli is not None:
        _leave_config(module, cli)
    out = dict(changed=any(r["changed"] for r in results), results=results,
               commands=[line for r in results for line in r["commands"]])
    if unchecked and crashed is None and just_read is True:  # the last end read the whole config back
        _check_pushed(unchecked, config, failures)
    elif unchecked and crashed is None:
        concurrent = _closing_read(module, cli, session, config, unchecked, failures)
        if concurrent:
            out["concurrent_changes"] = concurrent
    if cli is not None and not module.check_mode and crashed is None:
        _note_crypto_in_place(cli, session, config if just_read is True else None, ends, results)
    if diffs:
        out["diff"] = diffs
    if cli is not None and not module.check_mode and params["save_when"] == "changed":
        save_batch(cli, session, results, failures)
    return out, failures, crashed


def _shares(end):
    """What ``end`` asks the same of as its mates of the batch (_note_profile_mates, _note_proposal_mates): its VTI's
    ipsec profile, what names its ESP proposal."""
    found = []
    if end.get("profile_mates"):
        found.append(("profile", end["tunnel_interface"]))
    if end.get("proposal_mates"):
        found.append(("proposal", _proposal_user(end)))
    return found


def _failed_mate(end, failed_shares):
    """Why ``end`` is not run, or None: a mate of its profile or proposal failed (``failed_shares``). Their change is
    one change of a shared object, which that end's failure undid (or left as its result says): this end would push it
    alone, changing the object for the failed end's tunnel too (an active-active gateway's two VTIs: both tunnels moved
    while align holds the Azure end of the failed one, review s45 D)."""
    for kind, mates in (("profile", end.get("profile_mates")), ("proposal", end.get("proposal_mates"))):
        for mate in sorted(mates or ()):
            name = failed_shares.get((kind, mate))
            if name is not None:
                what = ("ipsec profile %s" % end.get("ipsec_profile") if kind == "profile" and end.get("ipsec_profile")
                        else "ipsec profile" if kind == "profile" else "ipsec-proposal %s" % end.get("ipsec_proposal"))
                return ("it asks the same of its %s as %s (%s), whose push failed: pushed for this end alone, the "
                        "change would reach that tunnel too" % (what, name, mate))
    return None


# What an end asks that IKE and ESP do not negotiate: where its traffic goes (routes, BGP), its NAT exemption, the MSS
_NOT_NEGOTIATED = ("routes", "bgp", "nat_exemption", "tcp_mss")


def _note_crypto_in_place(cli, session, config, ends, results):
    """Each failed end whose own lines are all undone (nothing left, the device read back), but whose tunnel's IKE and
    IPsec settings the running config holds all the same - another end of the task set them on what the two share
    (an active-active gateway's two VTIs on one ipsec profile) - gets ``crypto_in_place`` and its
    message says so: its tunnel runs what it asked for but for what IKE and ESP do not negotiate (_NOT_NEGOTIATED), so
    align lets its Azure end follow (align_outcome.hold). Review s45 I: Tunnel2 failed on its BGP network line after
    Tunnel1 moved their shared profile; its Azure end, held on the old crypto, left both tunnels without a common
    proposal. ``config``: a read of the whole config made after the last end (text), else None: read here. No such
    end, no read: a failed end that shares nothing another end changed keeps its result (the config of a hub is not
    read whole again for it)."""
    done = [(end, result, setters) for (_name, end), result in zip(ends, results)
            if result.get("failed") and result.get("device_state_known") is True and end.get("state") == "present"
            and not any(result.get(key) for key in _LEFT_BEHIND)
            for setters in [_setters(end, ends, results)] if setters]
    if not done:
        return  # no failed end shares an object another end changed: the config is not read again for nothing
    try:
        text = config if isinstance(config, str) else _read(cli, session)
    except _Stop:
        return  # nothing is known of the device then: the ends stay as their results say
    for end, result, setters in done:
        asked = dict(end, pre_shared_key=None, **dict((key, None) for key in _NOT_NEGOTIATED))
        try:
            if replanner(asked)(text).commands:
                continue
        except IntentError:
            continue
        result["crypto_in_place"] = True
        result["msg"] += ("; its tunnel runs the IKE and IPsec settings it asks for all the same: the running config read "
                          "back holds them (%s); not on the device: its %s lines"
                          % ("set by %s" % ", ".join(setters),
                             ", ".join(key for key in _NOT_NEGOTIATED if end.get(key)) or "other"))


def _setters(end, ends, results):
    """'<end> on the <object> they share' for each end of the batch that changed, without failing, an object it shares
    with ``end`` (its ipsec profile or proposal)."""
    return ["%s on the %s they share" % (other["name"], shared) for (_name, mate), other in zip(ends, results)
            for shared in [_shared_with(mate, end)] if shared and other["changed"] and not other.get("failed")]


def _shared_with(mate, end):
    """What ``mate`` asks the same of as ``end`` (_note_profile_mates, _note_proposal_mates), or None."""
    if end.get("tunnel_interface") in (mate.get("profile_mates") or ()):
        return "ipsec profile %s" % mate.get("ipsec_profile") if mate.get("ipsec_profile") else "ipsec profile"
    if _proposal_user(end) in (mate.get("proposal_mates") or ()):
        return "ipsec-proposal %s" % mate.get("ipsec_proposal")
    return None


def _leave_config(module, cli):
    """`end`, when the session's prompt shows configuration mode (``hostname(config)#``,
    ``hostname/context(config-...)#``): where a batch's ends left it (the last one changed nothing, or one was stopped
    before its push), so that the closing read, `write memory` and `changeto` run in privileged EXEC as a single end's
    do. A failure is a warning, not a failed end (the ends went through): a lost connection fails the closing read and
    `write memory` after it, which fail the ends they concern."""
    try:
        if in_config_mode(cli.prompt()):
            cli.get("end")
    except DeviceError as exc:
        module.warn("`end` after the last end of tunnels failed (the session may still be in configuration mode): %s"
                    % exc)


def _check_pushed(unchecked, text, failures):
    """The ends pushed on a patched tree (``unchecked``), planned again on ``text``, a read of the whole config made
    after them: an end with something left to send fails with it (``still_to_send``) - another session changed its
    parts after its own read-back. Empties ``unchecked``."""
    for result, end in unchecked:
        try:
            remaining = masked(replanner(end)(text).commands)
        except IntentError as exc:  # what the end relies on is gone
            remaining = ["(%s)" % exc]
        if remaining:
            why = ("pushed and read back, but the running config read after the later ends no longer holds it (another "
                   "session changed it since): still to send %s" % ", ".join("`%s`" % line.strip() for line in remaining))
            result.update(failed=True, still_to_send=remaining, msg=why)
            failures.append("%s: %s" % (result["name"], why))
    del unchecked[:]


def _closing_read(module, cli, session, config, unchecked, failures):
    """The read of the whole config that ends a batch whose last pushes re-read only their parts: those ends are
    checked on it (``_check_pushed``); returns what differs from the tree they left (``config``; None after a failed
    end): another session's changes during the batch, warned about."""
    try:
        text = _read(cli, session)
    except _Stop as stop:
        for result, _end in unchecked:
            result.update(failed=True, device_state_known=False,
                          msg="pushed and its parts read back, but the closing read of the whole config failed: %s" % stop)
            failures.append("%s: %s" % (result["name"], result["msg"]))
        return []
    _check_pushed(unchecked, text, failures)
    if config is None:
        return []
    moved = changed_outside(ConfigTree.of(config), ConfigTree.of(text), ())
    if moved:
        module.warn("another session changed %d line(s) of the running config during this run (concurrent_changes)"
                    % len(moved))
    return moved


# What a failed end may have left on the device (push_outcome.Outcome.result): nothing of it is saved
_LEFT_BEHIND = ("left_over", "not_restored", "keys_not_restored", "still_to_send")


def save_batch(cli, session, results, failures):
    """One ``write memory`` for the ends that went through, unless a failed end may have left something on the
    device (its lines would be saved with them). An end whose change is not saved is failed with why: the device
    would go back to the saved config at its next reload."""
    pushed = [r for r in results if r["changed"] and not r.get("failed")]
    if not pushed:
        return
    left = [r["name"] for r in results if r.get("failed") and (any(r.get(key) for key in _LEFT_BEHIND)
                                                               or r.get("device_state_known") is False)]
    saved = False
    if left:
        why = ("applied but not saved: %s may have left lines on the device (left_over) or no longer hold their change "
               "(still_to_send), which write memory would save too; save after dealing with them" % ", ".join(left))
    else:
        try:
            _write_memory(cli, session, {})
            return
        except _Stop as stop:
            why, saved = "%s" % stop, stop.result.get("saved")
    for result in pushed:
        result.update(failed=True, saved=saved, msg=why)
        failures.append("%s: %s" % (result["name"], why))


def _failed_ends(failures, total):
    return "%d of %d ends failed: %s" % (len(failures), total, "; ".join(failures))


def _left_in_context(result, left):
    """The session could not change back (``left``): every end's result says so (align reads item results only)."""
    for item in result.get("results") or ():
        if not item.get("failed"):
            item.update(failed=True, msg=left)


def _traced(result, crashed):
    """fail_json's arguments: with the traceback of an unexpected error (also in its end's result), else without
    (ansible-core 2.19 takes exception=None for "the current call stack")."""
    return dict(result, exception=crashed) if crashed is not None else result


def end_progress(say):
    """``_batch``'s progress: ``say`` gets a line per end done (how far, its name and outcome, the time since the
    first end began; issue 12: a hub's 300 ends take minutes in one task). Names and counts only, never a command
    (a key may be in one)."""
    started = time.monotonic()

    def progress(done, total, result):
        outcome = "failed" if result.get("failed") else "changed" if result.get("changed") else "ok"
        say("end %d of %d (%s): %s, %d command(s), %.1f s"
            % (done, total, result["name"], outcome, len(result.get("commands") or ()), time.monotonic() - started))
    return progress


def run_task(module, connect, progress=None):
    """The task on ``module``'s validated options: offline on ``running_config``, else over the connection
    ``connect()`` gives (a ConnectionCli); ``progress``: called after each end of ``tunnels`` (``end_progress``).
    Ends with ``module.exit_json`` or ``module.fail_json``."""
    params = dict(module.params)
    mask_item_keys(module, params["tunnels"])

    def refuse(why, **result):
        """Fails the task before anything is sent; with ``tunnels``, each item's result says so."""
        if params["tunnels"] is not None:
            result.update(changed=False, commands=[], results=refused_items(params["tunnels"], why))
        module.fail_json(msg="asa_vpn_tunnel: %s" % why, **result)

    if params["tunnels"] is not None:
        single = [key for key, spec in END_SPEC.items() if params[key] is not None and params[key] != spec.get("default")]
        if single:
            refuse("tunnels is not taken with the options of a single end (%s): give each end as an item"
                   % ", ".join(single))
        try:
            ends = [(item_name(item, n), _item_params(params, n, item)) for n, item in enumerate(params["tunnels"])]
        except _Stop as stop:
            refuse("%s" % stop)
        _note_profile_mates(ends)
        _note_proposal_mates(ends)
    else:
        problem = end_error(params)
        if problem:
            module.fail_json(msg="asa_vpn_tunnel: %s" % problem)
        ends = None
    # every key is masked in the whole result (mask_item_keys): none may be inside a name, address or path it prints
    for key in [params["pre_shared_key"]] + [item.get("pre_shared_key") for item in params["tunnels"] or ()
                                             if isinstance(item, dict)]:
        problem = isinstance(key, str) and key_in_options_error(key, params, skip=("pre_shared_key", "running_config"))
        if problem:
            refuse(problem, changed=False)
    if params["context"] is not None:
        # the check asa_vpn_facts makes (names.context_error): it goes into `changeto context <context>`
        problem = names.context_error(params["context"])
        if problem is None and params["running_config"] is not None:
            problem = "context only applies to a push over a connection (without running_config)"
        if problem:
            refuse(problem)

    if params["running_config"] is not None:
        key = params["pre_shared_key"]
        problem = key is not None and names.psk_word_error(params["running_config"], key)
        if problem:
            refuse(problem)
        if ends is not None:
            result, failures, crashed = _batch(module, params, ends, progress=progress)
            if failures:
                module.fail_json(msg="asa_vpn_tunnel: %s" % _failed_ends(failures, len(ends)), **_traced(result, crashed))
            module.exit_json(**result)
        try:
            result = _work(module, params, params["running_config"])[0]
        except _Stop as stop:
            module.fail_json(msg="asa_vpn_tunnel: %s" % stop, **stop.result)
        module.exit_json(**result)
    if params["backup"]:
        # a backup_dir that cannot take the backup fails the task before the config is read, not after the plan
        problem = backup_dir_problem(params["backup_dir"], create=not module.check_mode)
        if problem:
            refuse("backup_dir %s: cannot write the backup: %s; nothing was read or sent" % (params["backup_dir"], problem),
                   changed=False)
    cli = connect()
    if params["pre_shared_key"] is not None and not module.check_mode:
        problem = cli.unmasked_error("pre_shared_key")
        if problem:
            refuse("%s; nothing was sent" % problem, changed=False, commands=[])
    session = SessionContext(cli, params["context"])

    def work():
        """(result, failure or None, a crash's trace or None) of the push in the context."""
        try:
            if ends is not None:
                found, failures, traced = _batch(module, params, ends, cli, session, progress)
                return found, (_failed_ends(failures, len(ends)) if failures else None), traced
            return _work(module, params, None, cli, session)[0], None, None
        except _Stop as stop:
            return stop.result, "%s" % stop, None

    # back also after a failure: a later task on this connection must run where the login put the session
    failure = session.enter()
    if failure is None:
        (result, failure, crashed), left = session.run(work)
    else:  # a changeto the prompt then did not show is undone
        result, crashed, left = {}, None, session.leave()
    if session.sent:
        result["changeto"] = session.sent
    if left:
        failure = and_then(failure, left)
        _left_in_context(result, left)
    if failure:
        module.fail_json(msg="asa_vpn_tunnel: %s" % failure, **_traced(result, crashed))
    module.exit_json(**result)
