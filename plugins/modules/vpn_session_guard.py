#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: vpn_session_guard
short_description: Refuse a play whose hosts would share one persistent connection at the same time
version_added: "0.1.0"
description:
  - Runs on the controller (an action plugin) and sends nothing to any device. C(playbooks/check.yml) (the play that
    reads the ASAs) and the role C(vpnalign.s2s.align) (entry points C(gather_asa) and C(push_asa)) run it once per
    batch of hosts, before anything is read or pushed.
  - ansible-core names a persistent connection (C(network_cli), C(httpapi), C(netconf)) by the remote address, port,
    remote user and connection type only, not by the inventory hostname
    (U(https://github.com/ansible/ansible/blob/stable-2.19/lib/ansible/cli/scripts/ansible_connection_cli_stub.py)).
    Two inventory hosts of one multi-context ASA (one per security context, C(vpnalign_asa_context)) with the same
    C(ansible_host), C(ansible_port) (default 22), C(ansible_user) and C(ansible_connection) share one SSH session;
    run at the same time, their commands interleave on it (one host's C(changeto context) undoes the other's, one
    host's C(close_connection) ends the other's session).
  - The task fails naming each group of such hosts when O(forks) is more than 1 and the group is in O(hosts) (the
    batch the play runs now), and says what to do - C(--forks 1) for these hosts, the play keyword C(serial) set to 1, or a login
    (C(ansible_user)) of their own for each. With O(forks=1) (under the linear strategy one host's task ends before
    the next host's starts) or a host alone in its batch, it returns the groups and the run goes on.
  - Unset values take the run's defaults - the address C(inventory_hostname), the port 22 (or C(remote_port) of
    C(ansible.cfg)), the user of C(-u) or C(remote_user) of C(ansible.cfg), the connection C(ssh). C(ansible_host)
    spelled differently for one device (a name and an address) is not recognised as the same device.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  hosts:
    description: The hosts that may run at once - the play's current batch (C(ansible_play_batch)).
    type: list
    elements: str
    required: true
  forks:
    description: How many hosts the run runs at once (C(ansible_forks)).
    type: int
    required: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: It only reads inventory variables.
  diff_mode:
    support: none
  platform:
    platforms: all
    details: Runs on the controller.
notes:
  - Run it with C(run_once), delegated to C(localhost); with C(any_errors_fatal) its failure stops the run.
seealso:
  - module: vpnalign.s2s.asa_vpn_facts
  - module: vpnalign.s2s.asa_vpn_tunnel
"""

EXAMPLES = r"""
- name: One SSH session per ASA at a time (context hosts of one ASA share it)
  vpnalign.s2s.vpn_session_guard:
    hosts: "{{ ansible_play_batch }}"
    forks: "{{ ansible_forks }}"
  run_once: true
  delegate_to: localhost
  any_errors_fatal: true
"""

RETURN = r"""
shared:
  description: Each group of hosts of O(hosts) that share one persistent connection (empty when none do).
  returned: always
  type: list
  elements: list
  sample: [["fw-admin", "fw-cust1"]]
msg:
  description: Why the play was refused - the groups, their address, port, user and connection, and what to do.
  returned: failed
  type: str
"""
