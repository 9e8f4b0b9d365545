#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: vpn_align_plan
short_description: The align role's controller-side steps - check, plan per host, what was done, report
version_added: "0.1.0"
description:
  - Runs on the controller (an action plugin); the role C(vpnalign.s2s.align) and C(playbooks/align.yml) use it between
    the plays that gather and push on the ASA and Azure hosts. It reads the facts those plays left in C(hostvars)
    (C(vpnalign_asa) from M(vpnalign.s2s.asa_vpn_facts), C(vpnalign_azure) from M(vpnalign.s2s.azure_vpn_facts))
    directly, never through module arguments.
  - O(step=plan) checks every ASA of O(asa_hosts) against every Azure connection of O(azure_hosts) (as
    M(vpnalign.s2s.vpn_compat_check) does) and plans, for O(align_to), the options of
    M(vpnalign.s2s.asa_vpn_tunnel) per ASA host and of M(vpnalign.s2s.azure_vpn_connection) per Azure host
    (the host whose facts hold the connection). O(align_to=safest) takes each tunnel's proven safest fix (either
    end or both), V(azure) changes only the ASA, V(asa) only Azure, V(intent) both ends to O(intent), V(none)
    nothing. Only proven fixes are planned; an end whose plan changes nothing is not run, and an end whose fix
    needs the pre-shared key is left alone without it.
  - O(step=preflight), after each Azure host ran its jobs with M(vpnalign.s2s.azure_vpn_connection) in check mode
    (registered in O(checked_var); nothing is sent) and before the ASA push play, returns the jobs the push plays run
    (C(asa), C(asa_tunnels), C(azure)) without both ends of each tunnel whose Azure job was refused there or left no
    result (C(refused) with the reason, C(held)); every job on a refused job's connection is held too. The module
    refuses some jobs only when it runs, before it sends anything (the pre-shared key inside a name its result
    prints, an option the connection cannot take); refused after the ASA push, the two ends were left apart.
  - O(step=hold), between the ASA and the Azure push plays, returns the Azure jobs to run per host (C(azure)) without
    those of a tunnel whose ASA end failed to push (C(held), each with its reason), as the check proved both ends'
    fixes as one plan, not the Azure end alone.
  - O(step=done), after the push plays, reads each host's registered results (O(results_var)) and returns what
    changed, what is left to do with its reason, and whether anything changed (C(recheck)).
  - O(step=report) checks again from the hosts' facts, writes C(report.json), C(report.xml), C(report.md),
    C(report.html) and C(align.json) into O(report_dir) (not in check mode) and returns the story the role prints.
author:
  - vpnalign.s2s developers (@vpnalign)
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details: All of it runs in the action plugin on the controller, reading the hosts' facts and results from hostvars.
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: Reads and plans in check mode too; O(step=report) writes no file and never fails on findings then.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
    details: The push modules show the diff.
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
options:
  step:
    description:
      - Which step (see the description).
      - O(step=variables) fails when a variable visible on this host looks like a misspelling of O(known_variables) or
        starts with one of O(variable_prefixes) without being known (C(aling_to) for C(align_to)), naming both; the
        align role runs it first, before anything is read or pushed.
    type: str
    choices: [plan, preflight, hold, done, report, variables]
    default: plan
  align_to:
    description: V(safest), V(azure) (only the ASA changes), V(asa) (only Azure changes), V(intent) or V(none).
    type: str
    choices: [safest, azure, asa, intent, none]
    default: safest
  asa_hosts:
    description: Inventory hosts whose C(vpnalign_asa) facts are checked (O(step=plan) and O(step=report)).
    type: list
    elements: str
    default: []
  azure_hosts:
    description: Inventory hosts whose C(vpnalign_azure) facts are checked; the first runs connections no host claims.
    type: list
    elements: str
    default: []
  baseline:
    description: The M(vpnalign.s2s.vpn_compat_check) O(vpnalign.s2s.vpn_compat_check#module:baseline).
    type: dict
  have_pre_shared_key:
    description: Whether the pre-shared key is given to the push tasks (the key itself never comes here).
    type: bool
    default: false
  intent:
    description: With O(align_to=intent), the desired crypto in canonical names (the role's C(align_intent)).
    type: dict
    default: {}
  asa_entry:
    description: With O(align_to=intent), more M(vpnalign.s2s.asa_vpn_tunnel) options (the role's C(align_asa_entry)).
    type: dict
    default: {}
  azure_connection:
    description: With O(align_to=intent), more M(vpnalign.s2s.azure_vpn_connection) options.
    type: dict
    default: {}
  plan_var:
    description: The variable on this host that holds the result of O(step=plan) (O(step=done) and O(step=report)).
    type: str
    default: align_plan
  results_var:
    description: The variable each push host registered its loop results in (O(step=done)).
    type: str
    default: align_pushed
  checked_var:
    description: The variable each Azure host registered its check-mode loop results in (O(step=preflight)).
    type: str
    default: align_azure_checked
  preflight_var:
    description: The variable on this host that holds the result of O(step=preflight) (O(step=hold) and O(step=done)).
    type: str
    default: align_preflight
  hold_var:
    description: The variable on this host that holds the result of O(step=hold) (O(step=done)).
    type: str
    default: align_hold
  done_var:
    description: The variable on this host that holds the result of O(step=done) (O(step=report)).
    type: str
    default: align_done
  report_dir:
    description: Directory on the controller for the report files (O(step=report)); empty for none.
    type: str
    default: ""
  fail_on:
    description: O(step=report) returns C(fails) when the last check finds an V(error), a V(warning) or worse, or V(never).
    type: str
    choices: [error, warning, never]
    default: error
  known_variables:
    description: The variable names the role and its playbook know (O(step=variables)); only names close to one of these,
      or starting with one of O(variable_prefixes), are judged, never an inventory's other variables.
    type: list
    elements: str
    default: []
  variable_prefixes:
    description: Prefixes whose unknown variables are misspellings (O(step=variables)).
    type: list
    elements: str
    default: [align_]
notes:
  - Pre-shared keys never reach this step; the facts carry only per-run keyed digests.
seealso:
  - module: vpnalign.s2s.vpn_compat_check
  - module: vpnalign.s2s.asa_vpn_tunnel
  - module: vpnalign.s2s.azure_vpn_connection
"""

EXAMPLES = r"""
# In a play on localhost, after plays over the ASA hosts (asa_vpn_facts) and the Azure hosts (azure_vpn_facts):
- name: Check both ends and plan the changes
  vpnalign.s2s.vpn_align_plan:
    step: plan
    align_to: safest
    asa_hosts: "{{ groups['asa'] }}"
    azure_hosts: "{{ groups['azure'] }}"
  register: align_plan

# In a play over the ASA hosts: each runs its own jobs, in one task (each item's result is named by its job's id).
- name: Change this ASA's ends
  vpnalign.s2s.asa_vpn_tunnel:
    tunnels: "{{ hostvars['localhost'].align_plan.asa_tunnels[inventory_hostname] }}"
    pre_shared_key: "{{ align_pre_shared_key | default(omit, true) }}"
  when: hostvars['localhost'].align_plan.asa_tunnels[inventory_hostname] is defined
  register: align_pushed

# Back on localhost:
- name: What was done
  vpnalign.s2s.vpn_align_plan:
    step: done
  register: align_done

- name: Check again and write the reports
  vpnalign.s2s.vpn_align_plan:
    step: report
    asa_hosts: "{{ groups['asa'] }}"
    azure_hosts: "{{ groups['azure'] }}"
    report_dir: out/align
  register: align_report
"""

RETURN = r"""
before:
  description: O(step=plan) - the check before aligning, compact (never the whole report).
  returned: step is plan
  type: dict
  contains:
    summary:
      description: Tunnels per verdict.
      type: dict
      sample: {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
    counts:
      description: Findings per severity.
      type: dict
      sample: {"error": 1, "warning": 1, "info": 1}
    summary_lines:
      description: The check's readable summary (over 100 tunnels, the tunnels that do not pass and a count of the rest).
      type: list
      elements: str
    verdicts:
      description: Verdict per tunnel name.
      type: dict
    tunnels:
      description: Per tunnel C(name), C(asa_host), C(resource_group), C(connection), C(verdict).
      type: list
      elements: dict
jobs:
  description:
    - O(step=plan) - one entry per end a module may change or that has something left to do, with C(id), C(tunnel),
      C(side), C(host) (the inventory host that runs it), C(asa_host), C(end), C(options), C(send_key), C(run),
      C(skipped) (why not), C(key_missing) and C(manual) (what is left to do, each with C(kind) and C(reason)).
  returned: step is plan
  type: list
  elements: dict
asa:
  description: O(step=plan) - per ASA inventory host, the jobs it runs (C(id), C(tunnel), C(end), C(options), C(send_key));
    O(step=preflight) - those it still runs once the Azure ends were checked.
  returned: step is plan or preflight
  type: dict
  sample: {"hq-asa": [{"id": "hq-asa|RG|S2S|asa", "tunnel": "S2S", "end": "hq-asa crypto map M 2",
           "options": {"crypto_map": "M", "seq": 2, "pfs_group": 19}, "send_key": false}]}
asa_tunnels:
  description:
    - O(step=plan) - per ASA inventory host, its jobs as the items of one M(vpnalign.s2s.asa_vpn_tunnel) task's
      O(vpnalign.s2s.asa_vpn_tunnel#module:tunnels) - each job's options, C(name) (the job's C(id), which steps hold
      and done match the item's result by) and C(use_pre_shared_key) (the job's C(send_key); the key is never in the
      plan).
    - O(step=preflight) - the same, for the jobs it still runs (the push play gives these).
  returned: step is plan or preflight
  type: dict
  sample: {"hq-asa": [{"crypto_map": "M", "seq": 2, "pfs_group": 19, "name": "hq-asa|RG|S2S|asa",
           "use_pre_shared_key": false}]}
azure:
  description: O(step=plan) - per Azure inventory host, the jobs it runs; O(step=preflight) and O(step=hold) - those it
    still runs.
  returned: step is plan, preflight or hold
  type: dict
not_read:
  description:
    - O(step=plan) and O(step=report) - the hosts the plan could not read (their gather failed or they were unreachable),
      each with C(host), C(side) (C(asa) or C(azure)) and C(why) (Ansible's message). Each is an error HOST_NOT_READ
      in the check, and no job of a tunnel with an end on one of them runs.
  returned: step is plan or report
  type: list
  elements: dict
  sample: [{"host": "fw-down", "side": "asa", "why": "asa_vpn_facts: could not open a CLI session ...: Connection refused"}]
not_read_after:
  description: O(step=report) - as RV(not_read), for the check after aligning; null when nothing changed (no re-check).
  returned: step is report
  type: list
  elements: dict
push_failed:
  description:
    - O(step=done) and O(step=report) - each end whose module failed or whose host was unreachable, with C(host),
      C(side), C(tunnel), C(end); its entry in RV(changes) carries C(msg) and what the module says is left on the
      device (C(applied), C(rolled_back), C(left_over), C(device_state_known), ...).
    - An end planned to run that left no result of its own (a loop Ansible ended early, a host the push play did
      not reach) is one of them too, with C(device_state_known=false); its host is read again.
  returned: step is done or report
  type: list
  elements: dict
held:
  description:
    - O(step=hold) and O(step=done) - the Azure jobs not run because the push to their tunnel's ASA end failed,
      each with C(id), C(tunnel), C(end), C(host) and C(reason).
    - O(step=preflight) and O(step=done) - both ends of each tunnel whose Azure end was refused in check mode before any
      push, with C(side) too.
  returned: step is preflight, hold or done
  type: list
  elements: dict
refused:
  description: O(step=preflight) - each Azure job M(vpnalign.s2s.azure_vpn_connection) refused in check mode before any
    push (or that left no result), with C(id), C(tunnel), C(host), C(end) and C(reason) (the module's message).
  returned: step is preflight
  type: list
  elements: dict
refused_before_push:
  description: O(step=done) and O(step=report) - as RV(refused); O(step=report) fails naming each tunnel and the reason.
  returned: step is done or report
  type: list
  elements: dict
failover_notes:
  description:
    - O(step=plan) - the lines M(vpnalign.s2s.vpn_compat_check) prints about the ASA hosts' failover units - a pair
      checked and planned from its active unit (the standby left out), a unit that is not active read without a
      proven active mate (left alone, see RV(not_aligned)), two hosts that look like one pair whose configurations
      differ, a host whose C(show failover) could not be read.
    - Two hosts are one pair only with proof - same hostname, one primary and one secondary unit, the same
      C(failover.config_digest); other hosts are independent ASAs (README, Failover pairs).
  returned: step is plan
  type: list
  elements: str
not_aligned:
  description:
    - O(step=plan) - the ASA hosts read but left alone, each with C(host), C(side) and C(why), whatever C(align_to)
      changes - a unit that is not active without a proven active mate in the run (configuration entered on a standby
      unit is not replicated to the active unit, and its configuration may be stale, so neither its end nor the Azure
      end of its tunnels is aligned; not with C(align_to=none), where nothing is aligned), both units of a pair both or
      neither active (in every mode, C(none) too - neither was checked). Nothing is planned for them nor for the Azure
      ends of their tunnels; every other host is aligned, and O(step=report) fails naming them (C(fail_msg) says
      C(Not aligned), whatever O(fail_on) says).
  returned: step is plan
  type: list
  elements: dict
  sample: [{"host": "fw-b", "side": "asa", "why": "fw-b (standby ready) is not the active unit of its failover pair..."}]
standby:
  description: O(step=plan) - per standby unit left out, and per host that is the same ASA as an earlier host (the same
    hostname, failover unit, state and configuration digest - one ASA listed twice, aligned through the first), the line
    its push play prints (no job runs on it).
  returned: step is plan
  type: dict
  sample: {"fw-b": "fw-b is the standby unit of a failover pair - nothing is pushed to it..."}
runs:
  description: O(step=plan) - how many module runs are planned per side.
  returned: step is plan
  type: dict
  sample: {"asa": 1, "azure": 1}
changes:
  description: O(step=done) - per end a module ran for C(id) (its job's), C(tunnel), C(asa_host), C(side), C(end), C(changed), C(failed),
    C(commands), C(properties), C(manual).
  returned: step is done
  type: list
  elements: dict
left_to_do:
  description:
    - O(step=done) - every step left to a person, with C(tunnel), C(asa_host), C(side), C(end), C(kind), C(reason).
    - In align.json it also holds, with C(kind=not_cleared), each error or warning the check after the push still finds
      on a tunnel whose pushes all went through and that no step above names.
  returned: step is done
  type: list
  elements: dict
key_missing:
  description: O(step=done) - tunnels left alone for want of the pre-shared key.
  returned: step is done
  type: list
  elements: str
recheck:
  description: O(step=done) - whether a module changed something (not in check mode), so both ends are read again.
  returned: step is done
  type: bool
story:
  description: O(step=report) - the lines the role prints (before, changes, left to do, after).
  returned: step is report
  type: list
  elements: str
counts:
  description: O(step=report) - findings per severity of the last check.
  returned: step is report
  type: dict
report_files:
  description: O(step=report) - the files written.
  returned: step is report
  type: list
  elements: str
fails:
  description: O(step=report) - whether the last check finds what O(fail_on) fails on (never in check mode), or a host
    was not read, was left alone (RV(not_aligned)) or a push failed (in every mode, whatever O(fail_on) says);
    RV(fail_msg) says what, naming those hosts.
  returned: step is report
  type: bool
fail_msg:
  description: O(step=report) - when RV(fails) is true, why - the report files that could not be written, the hosts not
    read, not aligned or whose push failed, the tunnels refused before any push, and the count of errors and warnings
    that O(fail_on) fails on. The role fails with it.
  returned: step is report and fails is true
  type: str
summary:
  description: O(step=report) - tunnels per verdict of the last check (the one after aligning when something changed,
    else the one before).
  returned: step is report
  type: dict
  sample: {"tunnels": 1, "fail": 0, "degraded": 0, "pass": 1}
lines:
  description: O(step=done) - the changes part of the story step report prints, one line per end (its commands or
    properties, no change, failed with what is left on the device, left alone and why) and its steps left to do.
  returned: step is done
  type: list
  elements: str
same:
  description: O(step=hold) - the Azure jobs not run because a job run before them asks their connection for the same
    change (the two tunnels of an active-active connection), each with C(id), C(same_as) (that job's id) and
    C(reason).
  returned: step is hold
  type: list
  elements: dict
unassigned:
  description: O(step=plan) - the ids of the ASA jobs no inventory host runs (a tunnel whose ASA facts name no host);
    they are not run.
  returned: step is plan
  type: list
  elements: str
align_to:
  description: O(step=plan) - the O(align_to) planned for, which the later steps read from the stored plan.
  returned: step is plan
  type: str
  sample: safest
lookalikes:
  description: O(step=variables) - always empty; a variable that looks like a misspelling fails the step instead,
    naming it.
  returned: step is variables
  type: list
  elements: str
"""
