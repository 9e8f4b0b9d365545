#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: vpn_evidence_targets
short_description: What the compliance role's live evidence steps capture on a host - peers of an ASA, connections of a subscription
version_added: "0.1.0"
description:
  - Runs on the controller (an action plugin) for the host of the task; the role C(vpnalign.s2s.compliance) (entry
    points C(live_asa) and C(live_azure), C(playbooks/check.yml -e evidence_live=true)) runs it before
    M(vpnalign.s2s.asa_vpn_evidence) / M(vpnalign.s2s.azure_vpn_evidence). It reads the host's facts
    (C(vpnalign_asa) of M(vpnalign.s2s.asa_vpn_facts), C(vpnalign_azure) of M(vpnalign.s2s.azure_vpn_facts)) from
    C(hostvars) and sends nothing to any device (it starts the host's persistent connection, which connects on the
    first command only).
  - O(side=asa) - the options of one bounded capture per peer - the peers named in O(peers), else the peer of each
    tunnel in the facts -, at most O(limits) C(max_peers) (4).
  - O(side=azure) - the resource group and name of each connection in the facts, or of those named in O(connections),
    at most O(limits) C(max_connections) (10).
  - A bad limit or peer address fails the task naming it, before anything is captured.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  side:
    description: Which facts - the ASA's or the Azure subscription's.
    type: str
    choices: [asa, azure]
    required: true
  step:
    description:
      - V(capture) - what to capture (above). V(set_back) (O(side=asa), after the captures) - when a capture lost its
        session before the debug levels were set back and read back, the C(restore_debug) of one
        M(vpnalign.s2s.asa_vpn_evidence) run on a new connection - the IKEv2 levels the host's first capture found
        before - read from the captures' results in C(hostvars) (C(compliance_asa_evidence)); none otherwise. It also
        ends the host's persistent connection (the captures' session), so that the set-back runs on a new one.
    type: str
    choices: [capture, set_back]
    default: capture
  peers:
    description: O(side=asa) - the peer addresses to capture for, instead of every tunnel's peer.
    type: raw
    default: []
  connections:
    description: O(side=azure) - the connection names to read, instead of every connection of the facts.
    type: raw
    default: []
  limits:
    description:
      - The bounds of each capture - C(seconds) (30, 1-600), C(max_lines) (5000), C(max_bytes) (2097152), C(poll_interval)
        (1), C(samples) (2), C(sample_interval) (5), C(protocol_level) and C(platform_level) (127; 0 leaves that debug off)
        - as M(vpnalign.s2s.asa_vpn_evidence) takes them, and C(max_peers) (4) and C(max_connections) (10).
    type: raw
    default: {}
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
    details: It only reads facts.
  diff_mode:
    support: none
  platform:
    platforms: all
    details: Runs on the controller.
seealso:
  - module: vpnalign.s2s.asa_vpn_evidence
  - module: vpnalign.s2s.azure_vpn_evidence
  - module: vpnalign.s2s.vpn_compat_check
"""

EXAMPLES = r"""
- name: Capture for at most two peers of this ASA, 10 s each
  vpnalign.s2s.vpn_evidence_targets:
    side: asa
    limits: {seconds: 10, max_peers: 2}
  register: targets
"""

RETURN = r"""
captures:
  description: O(side=asa) - the options of M(vpnalign.s2s.asa_vpn_evidence) for each capture (C(peer), C(duration),
    C(max_lines), C(max_bytes), C(poll_interval), C(samples), C(sample_interval), C(protocol_level), C(platform_level)).
  returned: side is asa
  type: list
  elements: dict
connections:
  description: O(side=azure) - C(resource_group) and C(connection) of each connection to read.
  returned: side is azure
  type: list
  elements: dict
restores:
  description: O(step=set_back) - C(peer) and C(restore_debug) of the set-back to run, or none.
  returned: step is set_back
  type: list
  elements: dict
facts_host:
  description: O(side=asa) - the host the ASA's facts name (the config's hostname unless asa_vpn_facts got C(host));
    the check ties the captures to the tunnels of that host as well as of the inventory host.
  returned: side is asa and the host has facts
  type: str
notes:
  description: Peers or connections left out (over the bound, not found), a host without facts.
  returned: step is capture
  type: list
  elements: str
"""
