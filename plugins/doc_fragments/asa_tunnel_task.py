# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The options of asa_vpn_tunnel that apply to the whole task: several ends, context, offline plan, save and backup."""

    DOCUMENTATION = r"""
options:
  save_when:
    description:
      - V(changed) runs C(write memory) after a change.
      - A C(write memory) whose reply is lost with the connection is sent once more after a new login (saving is
        idempotent); if that fails too the task fails with C(saved=null) and says the startup-config may or may not
        hold the change. A C(write memory) the ASA refuses fails with C(saved=false).
    type: str
    choices: [never, changed]
    default: never
  backup:
    description:
      - Save the running configuration to O(backup_dir) before changing anything (nothing is saved when there is
        nothing to change, nor in check mode).
      - Each backup is a new file C(asa_vpn_tunnel_<host>_<YYYYmmdd-HHMMSS>_<8 hex digits>.cfg) - the inventory
        hostname (any character but letters, digits, C(.), C(_) and C(-) made C(_); run as a module, with C(async) or
        a task C(timeout), the device's C(hostname)) and a random part, so two ASAs pushed in the same second never
        share one. It is created with mode 0600 (it holds password hashes) and never written over an existing file.
    type: bool
    default: false
  backup_dir:
    description:
      - Directory on the controller for O(backup) files, created (mode 0700) if missing.
      - With O(backup), a O(backup_dir) that is not a directory or cannot be written fails the task before the
        configuration is read.
    type: path
    default: backup
  running_config:
    description:
      - Plan against this configuration text instead of reading the device. Nothing is sent; the commands are
        returned. Useful to review a change offline. Treated as secret (it may hold keys in clear).
    type: str
  tunnels:
    description:
      - Several ends of this ASA changed by one task - one login, the running config read once at the start and read
        back after each change (in a big config, only the end's sections; below), one C(write memory) at the end
        (O(save_when)), one O(backup) - where a loop over the ends would start an C(ansible-connection) helper, a
        module process and three reads of the whole running config per end.
      - Each item takes the options of one end as the module takes them (O(crypto_map) to O(ikev1_authentication),
        O(state), O(update_pre_shared_key)), checked the same way before anything is sent; and C(name) (a label returned with the
        item's result in RV(results)) and C(use_pre_shared_key) (V(true) - this end gets the module's
        O(pre_shared_key)). A key in an item is refused (an item is not hidden in the task's arguments).
      - The ends are changed in order, each planned from the running config the one before left and pushed as its own
        transaction (see above); that read, made right before, is the read before the first line (not made twice).
        A failed end does not stop the others; it is undone as described above, and the task fails after the last
        end, naming each failed one. Only a later end asking the same of an ipsec profile or ESP proposal
        it shares with the failed end (the two VTIs of an active-active gateway) is not run, as it would change that
        object for the failed end's tunnel too. Check mode, and O(running_config), read nothing back; each end is planned on
        the config read at the start (or given) as the ends before it would leave it, by the module's model of how
        the ASA takes their lines (so two new ends take two free IKEv2 policy priorities, and an end asking for
        what an earlier one adds shows nothing to send); a refused end leaves it as it was.
      - Where reading an end's sections (C(show running-config crypto map), C(show running-config tunnel-group
        <peer>)...) costs less than reading the whole config - their lines, and 5,000 lines a command for the round
        trip, against the config's lines - the end reads back those sections instead of the whole config, and
        re-reads them before its first line unless the end before just read them; the next end is planned on the
        config read before with those sections put in. The last end then reads the whole config back (or, when
        it changes nothing, the task reads it once more), and every end pushed since the last such read is planned
        again on it - one that no longer holds (another session changed it since) fails with C(still_to_send) in
        RV(results), and what another session changed outside the sections read is returned as
        RV(concurrent_changes).
      - An end that went through leaves the session in configuration mode for the next one (no C(end) and
        C(configure terminal) between them, two round trips an end fewer); the read-backs and the next end's reads are
        privileged EXEC commands, which an ASA takes in configuration mode too (Cisco ASA configuration guide, "Command
        Modes and Prompts"). A failed end's undo ends configuration mode, and the next end enters it again; after the
        last end the task sends C(end) when the prompt still shows configuration mode, before the closing read,
        C(write memory) and C(changeto).
      - Not with the options of a single end; O(pre_shared_key), O(save_when), O(backup), O(backup_dir) and O(context)
        apply to the whole task. With O(save_when=changed), C(write memory) runs once after the last end, unless a
        failed end may have left lines on the device (they would be saved too); the ends that went through are then
        failed as not saved.
      - An unexpected error in one end fails the task with its traceback; the ends after it are not run.
      - Each item is a dict; it is checked by the module (not by Ansible), after any key put in an item is masked.
    type: list
    elements: raw
  context:
    description:
      - Multi-context ASA - the security context to change, as M(vpnalign.s2s.asa_vpn_facts) reads one. Unless the
        prompt already shows it, the module first sends C(changeto context <context>) (from the system execution
        space or the admin context, the ones a C(changeto) works from), and the prompt must then show
        C(hostname/<context>#). The read, the push, the checks before each part is changed, the read-back, the
        rollback and C(write memory) all run there - also after a new login when the connection was lost midway.
        Then the session changes back to where it was, as its prompt showed it (C(hostname/context#) in a context,
        C(hostname#) in the system execution space; Cisco ASA CLI configuration guide, "Changing Between Contexts and
        the System Execution Space") - also when the push failed, and in check mode - so that a later task on the
        same connection runs where the login put it, not in O(context).
      - If changing back fails, the task fails naming the context the session is left in, and the persistent
        connection is closed, so that the next task logs in again instead of running in O(context).
      - The same check of the name as M(vpnalign.s2s.asa_vpn_facts) makes, before anything is sent - at most 32
        printable ASCII characters without whitespace, C(?), C(") or C(;), and not C(System) or C(Null), which the ASA
        reserves.
      - A prompt that does not tell the context (a C(prompt) command adding the domain, say) fails the task before
        any C(changeto). On an ASA in single context mode C(changeto) does not exist; the task fails saying so.
      - Left out, the push runs where the session is - the context the login put it in - but never in the system
        execution space of a multi-context ASA - when the running config read is the system configuration
        (C(admin-context), C(context) lines) the task fails before sending anything and asks for O(context).
      - With or without it, the prompt is read before every C(configure terminal) (the rollback's too) and before the
        first line of each end of O(tunnels) that goes on in configuration mode; when it shows
        another context than the one the push is for, nothing is sent there and the task fails saying where the
        session is. Without O(context), a prompt that does not tell the context is not a failure (only the system
        configuration check applies).
      - Not with O(running_config).
    type: str
"""
