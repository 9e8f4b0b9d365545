#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: asa_vpn_evidence
short_description: Gather live evidence of a failing tunnel from a Cisco ASA - a bounded IKEv2 debug, syslog, SA counters
version_added: "0.1.0"
description:
  - For one peer, over the play's persistent connection (C(ansible.netcommon.network_cli) with
    C(ansible_network_os=vpnalign.s2s.asa)), gathers what the ASA says about the tunnel and reads it with the
    evidence readers of M(vpnalign.s2s.vpn_evidence) - IKEv2 exchanges, notifies, proposals, KE groups and SPIs of
    the debug, the syslog records, and the per-SA counter deltas.
  - Debug capture - reads C(show debug), sets C(terminal monitor) (an SSH session sees debug output only with it),
    C(debug crypto ikev2 protocol) and/or C(platform) at the levels given, then reads the session with C(show clock)
    every O(poll_interval) seconds until O(duration) seconds have passed or O(max_lines) lines or O(max_bytes) bytes
    were kept.
  - The debug levels found before are set back afterwards, also when the capture fails - the level that was there,
    else C(no debug crypto ikev2 ...) - and C(terminal no monitor) is sent; C(show debug) is then read back and
    the result says whether the levels are as before (RV(restore.restored)) and what is left on (RV(restore.left_on)).
  - When the session is lost mid-capture the restore cannot be sent; the task fails saying what this task turned on
    and what was there before (RV(debug_before)). Run the module again with O(restore_debug) set to that value on a
    new connection (after the task C(ansible.builtin.meta) C(reset_connection)) to set the levels back and read them back.
  - Syslog - C(show logging | include) the IKEv2, IPsec and tunnel-group message IDs the syslog reader knows (the
    buffer must be enabled, C(logging buffered)).
  - Counters - O(samples) C(show crypto ipsec sa peer) outputs, the first before the capture, the others after it,
    O(sample_interval) seconds apart.
  - With O(report) (a check report), the evidence is tied to that report's findings for the tunnel as
    M(vpnalign.s2s.vpn_evidence) does.
  - No raw output is returned - only what the readers made of it, which leaves out hex dumps, nonces and key
    material.
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details:
      - Over a persistent connection its action plugin runs the module's code in Ansible's worker process, on the same
        connection (same options, checks and results; no module payload is built and no Python started); with C(async)
        or a task C(timeout) the module runs as usual.
  async:
    support: full
  bypass_host_loop:
    support: none
  check_mode:
    support: partial
    details: Debugging counts as a change to the device. In check mode only C(show debug), C(show logging) and
      C(show crypto ipsec sa peer) are sent - no debug, no terminal monitor - and the result has no debug evidence.
  diff_mode:
    support: none
  platform:
    platforms: network
    details: A Cisco ASA over C(ansible.netcommon.network_cli), in privileged EXEC (C(become) with
      C(ansible.netcommon.enable)).
options:
  peer:
    description: The tunnel's peer address (IPv4 or IPv6), as in C(show crypto ipsec sa peer).
    type: str
    required: true
  protocol_level:
    description: Level of C(debug crypto ikev2 protocol), 1-255. Leave out to not turn it on.
    type: int
  platform_level:
    description: Level of C(debug crypto ikev2 platform), 1-255. Leave out to not turn it on. One of the two is needed.
    type: int
  duration:
    description: Seconds the debug runs (1-600).
    type: float
    default: 30
  max_lines:
    description: The capture stops once this many debug lines are kept (1-100000).
    type: int
    default: 5000
  max_bytes:
    description: The capture stops once this many bytes of debug are kept (1024-16777216).
    type: int
    default: 2097152
  poll_interval:
    description: Seconds between two reads of the session during the capture (0.1-10).
    type: float
    default: 1
  samples:
    description: Number of C(show crypto ipsec sa peer) samples (0-20); two or more show traffic in one direction.
    type: int
    default: 2
  sample_interval:
    description: Seconds between two samples after the capture (0-300).
    type: float
    default: 5
  restore_debug:
    description:
      - Only set the debug levels back to these (as RV(debug_before) of a run whose session was lost), read them
        back, and return; nothing is captured. C({}) turns the IKEv2 debugs off.
    type: dict
  context:
    description:
      - Multi-context ASA - the security context of the tunnel. Its SAs and syslog buffer are the context's own, so
        read from anywhere else they would tell of another context's tunnels, or of none (Cisco ASA CLI configuration
        guide, Multiple Context Mode). The module first sends C(changeto context <context>) (from the system execution
        space or the admin context, the ones a C(changeto) works from) unless the prompt shows it already, and the
        prompt must then show C(hostname/<context>#); it captures and sets the debug levels back there (or, with
        O(restore_debug), only sets them back there), then changes back to where the session was, also when the
        capture failed, so that a later task on the same connection runs where the login put it.
      - If changing back fails, the task fails naming the context the session is left in, and the persistent
        connection is closed, so that the next task logs in again instead of running in O(context).
      - A prompt that does not tell the context (a C(prompt) command adding the domain, say), or an ASA in single
        context mode (no C(changeto)), fails the task before anything else is sent.
      - The compliance role passes C(vpnalign_asa_context), the host variable M(vpnalign.s2s.asa_vpn_facts) read the
        tunnels with.
    type: str
  report:
    description: A check report (report.json of C(playbooks/check.yml)) whose findings the evidence is tied to.
    type: path
  tunnel:
    description: The report's tunnel to tie the evidence to; by default the only one, or the one whose ASA peer is O(peer).
    type: str
notes:
  - A debug at a high level loads the ASA's CPU; keep O(duration) short on a busy device.
  - Debug output is written to the SSH session whenever it happens; it is read with the next command's reply,
    so the capture is as fine-grained in time as O(poll_interval).
  - An ASA that sends debug output to syslog (C(logging debug-trace)) shows none in the session; the capture is
    then empty and RV(notes) says so.
seealso:
  - module: vpnalign.s2s.vpn_evidence
  - module: vpnalign.s2s.asa_vpn_facts
"""

EXAMPLES = r"""
- name: Capture 20 s of IKEv2 debug for the Azure peer, with syslog and counters
  vpnalign.s2s.asa_vpn_evidence:
    peer: 203.0.113.20
    protocol_level: 127
    platform_level: 127
    duration: 20
    samples: 3
    report: out/report.json
  register: evidence

- name: Set the debug levels back after a session lost mid-capture (new connection)
  block:
    - ansible.builtin.meta: reset_connection
    - vpnalign.s2s.asa_vpn_evidence:
        peer: 203.0.113.20
        restore_debug: "{{ evidence.debug_before }}"
  when: evidence is failed and evidence.debug_before is defined

- name: On a multi-context ASA, capture in the context that holds the tunnel
  vpnalign.s2s.asa_vpn_evidence:
    peer: 203.0.113.20
    protocol_level: 127
    duration: 20
    context: cust1
"""

RETURN = r"""
commands:
  description: The commands sent, in order.
  returned: always
  type: list
  elements: str
  sample: ["show debug", "show crypto ipsec sa peer 203.0.113.20", "terminal monitor", "debug crypto ikev2 protocol 127"]
debug_before:
  description: The debugs C(show debug) listed before anything was changed, name -> level.
  returned: always
  type: dict
  sample: {"crypto ikev2 protocol": 1}
capture:
  description: The debug capture - C(seconds), C(lines), C(bytes) kept and C(stopped_by) (C(duration), C(max_lines),
    C(max_bytes), C(connection_lost), C(error)).
  returned: when not in check mode
  type: dict
restore:
  description: How the debug levels were set back.
  returned: when not in check mode
  type: dict
  contains:
    commands:
      description: The commands that set things back.
      type: list
      elements: str
      sample: ["debug crypto ikev2 protocol 1", "no debug crypto ikev2 platform", "terminal no monitor"]
    sent:
      description: Those of RV(restore.commands) that were sent.
      type: list
      elements: str
    debug_after:
      description: C(show debug) read back afterwards, name -> level; null when it could not be read.
      type: dict
    restored:
      description: The levels read back are those of RV(debug_before).
      type: bool
    left_on:
      description: Debugs on now that were not before (read back), or, when the read-back failed, those this task
        turned on.
      type: dict
      sample: {}
    error:
      description: Why the restore or the read-back failed.
      type: str
      returned: when it failed
evidence:
  description: What the readers made of the output - C(debug) (packets, exchanges, notes), C(syslog) (records, notes),
    C(counters) (samples, per-SA deltas and verdict); null for what was not read.
  returned: always
  type: dict
changeto:
  description:
    - With O(context) - the C(changeto) commands sent - into the context (unless the session was there already) and
      back to where the session was. Not in RV(commands).
  returned: when a changeto was sent
  type: list
  elements: str
  sample: ["changeto context cust1", "changeto system"]
correlation:
  description: With O(report) - each finding confirmed, contradicted or not covered, unexplained evidence, misleading
    messages and the timeline, as M(vpnalign.s2s.vpn_evidence) returns them.
  returned: when O(report) is given
  type: dict
notes:
  description: What could not be read or was left out.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection, ConnectionError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import ConnectionCli, wait_alive
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.evidence_capture import (
    DeviceError,
    capture,
    reply_tail,
    restore_only,
    validate,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import SessionContext, and_then
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.correlate import explain
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_check_report

# network_cli hands back the text "None" when the channel closed before the prompt returned
CLOSED_REPLY = "None"
_LOST = ("closed", "eof", "socket", "timeout", "timed out", "broken pipe", "not connected", "reset by peer",
         "unable to open shell", "ssh connect failed", "channel")


def _keepalive_sleep(module):
    """A sleep that keeps the persistent connection through a long sample_interval (device_cli.wait_alive)."""
    conn = Connection(module._socket_path)

    def ping():
        try:
            conn.get_prompt()  # answered by ansible-connection: nothing reaches the ASA
        except ConnectionError as exc:
            raise DeviceError("the connection ended while waiting: %s" % reply_tail(to_text(exc, errors="surrogate_or_replace")),
                              lost=True)
    return lambda seconds: wait_alive(seconds, ping)


def _runner(module):
    conn = Connection(module._socket_path)

    def run(command):
        try:
            reply = conn.get(command=command)
        except ConnectionError as exc:
            words = to_text(exc, errors="surrogate_or_replace")
            raise DeviceError("`%s` failed: %s" % (command, reply_tail(words)),
                              lost=any(marker in words.lower() for marker in _LOST))
        reply = to_text(reply, errors="surrogate_or_replace") if reply is not None else None
        if reply is None or reply.strip() == CLOSED_REPLY:
            raise DeviceError("`%s` failed: the ASA closed the connection" % command, lost=True)
        if "% Invalid input" in reply or "ERROR: %" in reply:
            raise DeviceError("`%s` was refused: %s" % (command, reply_tail(reply)))
        return reply
    return run


# At module level: the action plugin (plugins/action/asa_vpn_evidence.py) validates the same way when it runs run()
ARGUMENT_SPEC = dict(
    peer=dict(type="str", required=True),
    protocol_level=dict(type="int"),
    platform_level=dict(type="int"),
    duration=dict(type="float", default=30),
    max_lines=dict(type="int", default=5000),
    max_bytes=dict(type="int", default=2097152),
    poll_interval=dict(type="float", default=1),
    samples=dict(type="int", default=2),
    sample_interval=dict(type="float", default=5),
    restore_debug=dict(type="dict"),
    context=dict(type="str"),
    report=dict(type="path"),
    tunnel=dict(type="str"),
)


def main():
    run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True))


def run(module):
    """The module on an AnsibleModule, or on what the action plugin gives in its place (plugin_utils/module_side.py)."""
    params = module.params
    errors = validate(params, restore=params["restore_debug"] is not None)
    if errors:
        module.fail_json(msg="asa_vpn_evidence: %s" % "; ".join(errors))
    report = read_check_report(module, "asa_vpn_evidence", params["report"]) if params["report"] else None
    if not module._socket_path:
        module.fail_json(msg="asa_vpn_evidence: no persistent connection: run it against an ASA host with "
                             "ansible_connection=ansible.netcommon.network_cli and ansible_network_os=vpnalign.s2s.asa")
    session = None
    restoring = params["restore_debug"] is not None
    if params["context"] is not None:
        session = SessionContext(ConnectionCli(Connection(module._socket_path), ConnectionError), params["context"],
                                 activity="set-back" if restoring else "capture")
        problem = session.enter()
        if problem is not None:
            left = session.leave()  # a changeto the prompt then did not show is undone
            module.fail_json(msg="asa_vpn_evidence: nothing was %s: %s" % (
                "set back" if restoring else "captured", and_then(problem, left)), **_changeto(session))
        # back also after a failed capture: a later task on this connection must not run in `context`
        (failure, changed, result), left = session.run(lambda: _gather(module, report))
        failure = and_then(failure, left)
    else:
        failure, changed, result = _gather(module, report)
    result.update(_changeto(session))
    if failure:
        module.fail_json(msg="asa_vpn_evidence: %s" % failure, changed=changed, **result)
    module.exit_json(changed=changed, **result)


def _changeto(session):
    return {"changeto": session.sent} if session is not None and session.sent else {}


def _gather(module, report):
    """(why the task fails or None, changed, result) of the capture, or of the restore alone."""
    params = module.params
    run = _runner(module)
    if params["restore_debug"] is not None:
        try:
            result = restore_only(run, params["restore_debug"], check_mode=module.check_mode)
        except DeviceError as exc:
            return "%s" % exc, False, {}
        changed = bool(result["restore"]["sent"])
        if not result["restore"]["restored"] and not module.check_mode:
            return ("the debug levels are not as asked after the restore: %s" % result["restore"]["debug_after"],
                    changed, result)
        return None, changed, result
    try:
        result = capture(run, params, check_mode=module.check_mode, sleep=_keepalive_sleep(module))
    except DeviceError as exc:
        return "nothing was changed: %s" % exc, False, {}
    texts = result.pop("_texts")
    if report is not None:
        result["correlation"] = explain(report, tunnel=params["tunnel"], debug_text=texts["debug"],
                                        syslog_text=texts["syslog"], counter_texts=texts["counters"] or None)
    del texts
    for warning in result.pop("warnings"):
        module.warn(warning)
    restore = result.get("restore")
    changed = not module.check_mode
    if restore is not None and not restore["restored"]:
        left = ", ".join("debug %s %s" % (key, level) for key, level in sorted(restore["left_on"].items())) or "none"
        return ("the debug levels could not be set back (%s); possibly left on: %s; before: %s. Run again with "
                "restore_debug set to debug_before on a new connection."
                % (restore.get("error") or "read back differs", left, result["debug_before"] or "none"), changed, result)
    if "error" in result:
        return "%s (the debug levels were set back and read back)" % result["error"], changed, result
    return None, changed, result


if __name__ == "__main__":
    main()
