#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: asa_vpn_tunnel
short_description: Make one site-to-site tunnel's configuration on a Cisco ASA match a desired state
version_added: "0.1.0"
description:
  - Reads the running configuration, works out the fewest commands that bring one tunnel end and what it names to
    the desired state, and sends them in a safe order - define before reference, unreference before delete.
  - A policy-based end is a crypto map entry (O(crypto_map), O(seq)) with its ACL, IKEv2 IPsec proposal, IKEv2
    policy, group-policy and tunnel-group.
  - A route-based end is a static virtual tunnel interface (O(tunnel_interface), ASA 9.8 or later) with its
    C(crypto ipsec profile), IKEv2 IPsec proposal, IKEv2 policy, tunnel-group, static routes through the tunnel
    (O(routes)) and a BGP neighbor over it (O(bgp)). O(pfs_group), O(esp), O(child_lifetime_seconds) and
    O(child_lifetime_kilobytes) then apply to the ipsec profile. Routes, BGP neighbors and networks are added,
    never removed, because other tunnels may rely on them.
  - The crypto map options and the VTI options cannot be mixed.
  - Every option that ends up in a command (names, addresses, numbers, the key) is checked before anything is sent,
    and the task fails with a message naming the option. Names are printable ASCII without whitespace, control
    characters, C(?), C(") or C(;), within the ASA's lengths (nameifs 48, ACLs 241, crypto maps, tunnel-groups,
    group-policies, IPsec proposals and profiles 64 characters; names made from O(crypto_map) and O(seq) too);
    addresses are plain IPv4/IPv6 addresses (no C(%zone)); numbers are in the ASA's ranges.
  - Options left out are left as they are on the device. Unrelated configuration is never touched; an IKEv2 policy
    that differs is added at a free priority rather than edited, because other tunnels share policies.
  - A push is a transaction. The undo of every change is known before the first line. The running config is read
    again just before the first line and must equal the one the plan was made from, and each part of the config
    (an ACL, a tunnel-group, an IKEv2 policy, the crypto map of an interface...) is read again just before this run
    first changes it; when another session changed it, the run stops there instead of overwriting it. After the
    last line the config is read back and planned again, and the task succeeds only when nothing is left to change.
  - When the device refuses a line, the connection drops or a command times out, or another session's change is
    found, the changes made so far are undone newest first (after logging in again when the connection was lost,
    which needs C(ansible_network_os=vpnalign.s2s.asa)), and the config is read back. The task fails and lists
    RV(applied), RV(rolled_back) and RV(left_over), what still differs from before, as read
    back; it says every change was undone only when that read-back shows it.
  - The ASA has no configuration lock for these commands (its configuration sessions cover only access-group ACLs
    and objects), so a writer whose whole change falls between one of these reads and the write after it is not
    seen.
  - Crypto values use the collection's canonical names (C(AES-CBC-256), C(AES-GCM-128), C(SHA256), DH group numbers),
    the same tunnel intent M(vpnalign.s2s.azure_vpn_connection) takes.
  - Supports check mode (returns the commands it would send) and diff (the tunnel's own lines before and after,
    pre-shared keys masked; of the BGP process, which every route-based tunnel shares, the address-family lines, the
    lines of the end's neighbor and of any neighbor its change touches, and its networks).
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the device and returns the commands it would send, and sends none.
  diff_mode:
    support: full
    details: The tunnel's own configuration lines before and after; the pre-shared key is masked.
  platform:
    platforms: network
    details: A Cisco ASA over C(ansible.netcommon.network_cli) (O(running_config) plans offline, sending nothing).
options:
  crypto_map:
    description:
      - Name of the crypto map (a policy-based end). Needs O(seq). One of O(crypto_map), O(tunnel_interface) and
        O(tunnels) is required.
    type: str
  seq:
    description: Sequence number of the crypto map entry.
    type: int
  tunnel_interface:
    description:
      - The virtual tunnel interface of a route-based end, e.g. C(Tunnel1). Created when missing, which needs
        O(tunnel_nameif), O(tunnel_address), O(tunnel_source_interface) and O(peer).
    type: str
  tunnel_nameif:
    description: The C(nameif) of the tunnel interface (at most 48 characters); routes go through it.
    type: str
  tunnel_address:
    description: The tunnel interface's IPv4 address with its prefix length, e.g. C(169.254.21.1/30).
    type: str
  tunnel_source_interface:
    description: The C(nameif) the tunnel leaves from (C(tunnel source interface)); also enables IKEv2 there.
    type: str
  tunnel_enabled:
    description:
      - V(true) brings a shut tunnel interface up (C(no shutdown)), V(false) shuts it down; left out, it stays as it is.
    type: bool
  ipsec_profile:
    description:
      - Name of the C(crypto ipsec profile) the tunnel is protected with. Defaults to the one the tunnel uses, or
        C(<tunnel_interface>-vpnalign) for a new tunnel.
    type: str
  routes:
    description:
      - Static routes into the tunnel, C(route <tunnel_nameif> <network> <mask> <gateway> 1). Added when missing.
    type: list
    elements: dict
    suboptions:
      network:
        description: IPv4 prefix, e.g. C(10.20.0.0/16).
        type: str
        required: true
      gateway:
        description: Next hop inside the tunnel, usually the peer's tunnel or BGP address.
        type: str
        required: true
  bgp:
    description:
      - BGP over the tunnel, under C(router bgp <asn>) / C(address-family ipv4 unicast). The neighbor is activated.
        An ASA runs one BGP process; a different O(bgp.asn) from the one configured fails the task.
    type: dict
    suboptions:
      asn:
        description: This ASA's AS number (1 to 4294967295).
        type: int
        required: true
      neighbor:
        description: The peer's BGP address (for Azure, its BGP peering address).
        type: str
      remote_as:
        description: The peer's AS number (Azure's default is 65515). Needed for a new neighbor.
        type: int
      ebgp_multihop:
        description: TTL for eBGP to a peer that is not on the tunnel's subnet (1 to 255).
        type: int
      networks:
        description: IPv4 prefixes to advertise (C(network <address> mask <mask>)). Added when missing.
        type: list
        elements: str
  state:
    description:
      - V(present) makes the end match the options; V(absent) removes a crypto map entry, its tunnel-group and its
        ACL when no other entry uses it.
      - For a VTI, V(absent) removes the BGP neighbors on the tunnel's subnet (and O(bgp.neighbor)), the routes
        through its nameif, the interface, and the tunnel-group, ipsec profile and IKEv2 IPsec proposals when no
        other tunnel interface or crypto map entry uses them. IKEv2 policies stay (every tunnel shares them).
    type: str
    choices: [present, absent]
    default: present
  interface:
    description: The C(nameif) the crypto map is bound to; also enables IKEv2 there. Crypto map entries only.
    type: str
  peer:
    description:
      - Public address of the peer (the Azure gateway's public IP); for a VTI the C(tunnel destination), by default
        the one the tunnel has.
    type: str
  tunnel_group:
    description: Name of the tunnel-group. Defaults to O(peer), as IKEv2 site-to-site tunnels require.
    type: str
  acl:
    description: Name of the crypto ACL. Defaults to C(<crypto_map>-<seq>-vpnalign).
    type: str
  local_networks:
    description:
      - Prefixes behind the ASA. With O(remote_networks), the ACL permits each local/remote pair and nothing else.
    type: list
    elements: str
  remote_networks:
    description: Prefixes behind the peer.
    type: list
    elements: str
  ipsec_proposal:
    description:
      - Name of the IKEv2 IPsec proposal. Defaults to C(<crypto_map>-<seq>-vpnalign), or C(<tunnel_interface>-vpnalign)
        for a VTI.
    type: str
  ike:
    description: The IKEv2 proposal (an IKEv2 policy that says exactly this is used or added).
    type: dict
    suboptions:
      encryption:
        description: Encryption algorithms, e.g. C(AES-CBC-256), C(AES-GCM-256).
        type: list
        elements: str
        required: true
      integrity:
        description:
          - Integrity hashes, e.g. C(SHA256). Required with AES-CBC; empty for AES-GCM (AES-GCM and other ciphers
            cannot share one IKEv2 policy).
        type: list
        elements: str
      prf:
        description:
          - PRF hashes. Defaults to the integrity hashes.
          - Required with AES-GCM encryption, which takes no integrity hash (the ASA sets C(integrity null)); IKEv2
            always needs a PRF, and the peer's must be matched, so it is not guessed.
        type: list
        elements: str
      dh_groups:
        description: Diffie-Hellman groups, e.g. C(14), C(19).
        type: list
        elements: int
        required: true
      lifetime_seconds:
        description: IKE SA lifetime.
        type: int
        default: 86400
      priority:
        description:
          - Priority for a new IKEv2 policy. Defaults to the lowest free one.
          - A priority another policy holds fails the task before anything is sent (shared policies are never
            edited), unless that policy already has exactly these settings.
        type: int
  esp:
    description: The ESP proposal of the IPsec proposal.
    type: dict
    suboptions:
      encryption:
        description: Encryption algorithms, e.g. C(AES-GCM-256).
        type: list
        elements: str
        required: true
      integrity:
        description: Integrity hashes, e.g. C(SHA256); empty for AES-GCM.
        type: list
        elements: str
  pfs_group:
    description:
      - PFS for Child SA rekeys (on the crypto map entry, or the ipsec profile of a VTI). V(0) removes PFS; a group
        number sets it; leave out to keep what is there.
    type: int
  child_lifetime_seconds:
    description: Child SA lifetime of this entry (or ipsec profile) in seconds.
    type: int
  child_lifetime_kilobytes:
    description: Child SA lifetime of this entry in kilobytes, or V(unlimited).
    type: str
  group_policy:
    description: Group-policy for the tunnel-group; created if missing, with C(vpn-tunnel-protocol ikev2).
    type: str
  nat_exemption:
    description:
      - Keep the tunnel's traffic untranslated with an identity twice-NAT rule at line 1 of section 1 (before every
        other manual rule and before object NAT), C(nat (inside,outside) 1 source static L L destination static R R
        no-proxy-arp route-lookup), where C(L) and C(R) are the object-groups C(VPNALIGN-<crypto_map>-<seq>-LOCAL)
        and C(-REMOTE), created or corrected to hold exactly the networks.
      - A rule that says the same at another line counts as present.
    type: dict
    suboptions:
      inside_interface:
        description: The C(nameif) the local networks are behind.
        type: str
        required: true
      outside_interface:
        description: The C(nameif) towards the peer. Defaults to O(interface), else the interface the crypto map is bound to.
        type: str
      local_networks:
        description: Prefixes behind the ASA. Defaults to O(local_networks).
        type: list
        elements: str
      remote_networks:
        description: Prefixes behind the peer. Defaults to O(remote_networks).
        type: list
        elements: str
  tcp_mss:
    description:
      - C(sysopt connection tcpmss) value. This setting is global on the ASA (every tunnel and interface), not per
        tunnel; Azure recommends 1350.
    type: int
  pre_shared_key:
    description:
      - The pre-shared key, 1 to 128 printable ASCII characters without whitespace or C(?).
      - Never shown in output, diffs or logs; device replies and connection errors that quote it are masked.
    type: str
  update_pre_shared_key:
    description:
      - V(on_create) sets the key only when the tunnel-group has none (an ASA shows keys masked, so they cannot be
        compared); V(always) sends it on every run and therefore always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  save_when:
    description: V(changed) runs C(write memory) after a change.
    type: str
    choices: [never, changed]
    default: never
  backup:
    description: Save the running configuration to O(backup_dir) before changing anything.
    type: bool
    default: false
  backup_dir:
    description: Directory on the controller for O(backup) files.
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
      - Each item takes the options of one end as the module takes them (O(crypto_map) to O(tcp_mss), O(state),
        O(update_pre_shared_key)), checked the same way before anything is sent; and C(name) (a label returned with the
        item's result in RV(results)) and C(use_pre_shared_key) (V(true) - this end gets the module's
        O(pre_shared_key)). A key in an item is refused (an item is not hidden in the task's arguments).
      - The ends are changed in order, each planned from the running config the one before left and pushed as its own
        transaction (see above); that read, made right before, is the read before the first line (not made twice).
        A failed end does not stop the others; it is undone as described above, and the task fails after the last
        end, naming each failed one. Check mode plans every end from the config read at the start.
      - Where reading an end's sections (C(show running-config crypto map), C(show running-config tunnel-group
        <peer>)...) costs less than reading the whole config - their lines, and 5,000 lines a command for the round
        trip, against the config's lines - the end reads back those sections instead of the whole config, and
        re-reads them before its first line unless the end before just read them; the next end is planned on the
        config read before with those sections put in. The last end then reads the whole config back (or, when
        it changes nothing, the task reads it once more), and every end pushed since the last such read is planned
        again on it - one that no longer holds (another session changed it since) fails with C(still_to_send) in
        RV(results), and what another session changed outside the sections read is returned as
        RV(concurrent_changes).
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
      - With or without it, the prompt is read before every C(configure terminal) (the rollback's too); when it shows
        another context than the one the push is for, nothing is sent there and the task fails saying where the
        session is. Without O(context), a prompt that does not tell the context is not a failure (only the system
        configuration check applies).
      - Not with O(running_config).
    type: str
notes:
  - Runs over C(ansible.netcommon.network_cli) with C(ansible_network_os=vpnalign.s2s.asa) (or C(cisco.asa.asa)).
  - VTIs need ASA 9.8(1) or later, routed mode, single context (Cisco document 214109).
  - Besides the configuration lines, it sends C(show running-config) (and per part changed a filtered one),
    C(configure terminal), C(end), with O(context) C(changeto context <context>) first and C(changeto system) or
    C(changeto context <where the session was>) last (RV(changeto)), and reads the session's prompt (no command)
    before changing context and before every C(configure terminal).
  - Supports check mode and diff.
seealso:
  - module: vpnalign.s2s.asa_vpn_facts
  - module: vpnalign.s2s.azure_vpn_connection
"""

EXAMPLES = r"""
- name: Ask for PFS group 19 on the rekeys of the Azure tunnel
  vpnalign.s2s.asa_vpn_tunnel:
    crypto_map: CRYPTO-MAP
    seq: 2
    pfs_group: 19

- name: A whole tunnel to Azure
  vpnalign.s2s.asa_vpn_tunnel:
    crypto_map: AZURE
    seq: 10
    interface: outside
    peer: 203.0.113.20
    local_networks: [10.0.0.0/8]
    remote_networks: [172.16.0.0/16]
    ike: {encryption: [AES-CBC-256], integrity: [SHA256], dh_groups: [14], lifetime_seconds: 28800}
    esp: {encryption: [AES-GCM-256]}
    pfs_group: 0
    child_lifetime_seconds: 27000
    child_lifetime_kilobytes: "102400000"
    group_policy: AZURE-GP
    pre_shared_key: "{{ vault_azure_psk }}"
    save_when: changed
  diff: true

- name: Route-based tunnel to Azure with BGP over APIPA addresses
  vpnalign.s2s.asa_vpn_tunnel:
    tunnel_interface: Tunnel1
    tunnel_nameif: AZURE-VTI
    tunnel_address: 169.254.21.1/30
    tunnel_source_interface: outside
    peer: 203.0.113.20
    ipsec_profile: AZURE-PROFILE
    ike: {encryption: [AES-CBC-256], integrity: [SHA256], dh_groups: [14], lifetime_seconds: 28800}
    esp: {encryption: [AES-GCM-256]}
    pfs_group: 14
    child_lifetime_seconds: 27000
    pre_shared_key: "{{ vault_azure_psk }}"
    bgp:
      asn: 65010
      neighbor: 169.254.21.2
      remote_as: 65515
      ebgp_multihop: 255
      networks: [10.0.0.0/16]
  diff: true

- name: The same end with static routing instead of BGP
  vpnalign.s2s.asa_vpn_tunnel:
    tunnel_interface: Tunnel1
    routes:
      - {network: 10.20.0.0/16, gateway: 169.254.21.2}

- name: Three ends of one hub ASA in one session (an align run gives each ASA its ends this way)
  vpnalign.s2s.asa_vpn_tunnel:
    pre_shared_key: "{{ vault_azure_psk }}"
    save_when: changed
    tunnels:
      - {name: spoke-1, crypto_map: AZURE, seq: 10, pfs_group: 19}
      - {name: spoke-2, crypto_map: AZURE, seq: 20, pfs_group: 19, child_lifetime_kilobytes: "102400000"}
      - {name: spoke-3, tunnel_interface: Tunnel3, pfs_group: 14, use_pre_shared_key: true}

- name: On a multi-context ASA, fix the PFS group in context cust1 (the session returns where the login put it)
  vpnalign.s2s.asa_vpn_tunnel:
    context: cust1
    crypto_map: CRYPTO-MAP
    seq: 2
    pfs_group: 19

- name: Fix only the PFS group of a VTI's ipsec profile
  vpnalign.s2s.asa_vpn_tunnel:
    tunnel_interface: Tunnel1
    pfs_group: 14
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent); pre-shared keys masked.
  returned: always
  type: list
  elements: str
  sample: ["crypto map CRYPTO-MAP 2 set pfs group19"]
applied:
  description: The lines the device took, in order (keys masked); on success the same as RV(commands).
  returned: when something was sent
  type: list
  elements: str
rolled_back:
  description: Undo lines the device took after the push failed midway, newest change first.
  returned: when something was sent
  type: list
  elements: str
left_over:
  description:
    - After a failed push, what differs from the config before it in the parts this run changed, as read back
      from the device. C(+ line) is on the device and was not before, C(- line) was and is gone; a changed block
      is introduced by its parent line (two spaces), its children one space deeper. Empty when every change was
      undone.
  returned: failure after something was sent
  type: list
  elements: str
  sample: ["+ crypto ikev2 policy 1", "+  encryption aes-256"]
device_state_known:
  description: False when something was sent and the config could not be read back (the connection could not
    be re-established); True when nothing was sent.
  returned: on failure
  type: bool
rollback_refused:
  description: Undo lines the device refused (for a part that was never applied this changes nothing).
  returned: when it happened
  type: list
  elements: str
not_restored:
  description: Undo lines that could not be sent because the connection was gone; sending them restores the config.
  returned: when it happened
  type: list
  elements: str
keys_not_restored:
  description: Undo lines of pre-shared keys that were not sent because the ASA shows keys masked, so the key
    before this run cannot be put back; the key this run set stays on the device (the task reports changed).
  returned: when a push that changed a key failed
  type: list
  elements: str
  sample: [" ikev2 remote-authentication pre-shared-key *****", " ikev2 local-authentication pre-shared-key *****"]
kept_for_other_session:
  description: Undo lines not sent because another session changed those parts after this run did.
  returned: when it happened
  type: list
  elements: str
concurrent_changes:
  description:
    - Differences from before outside this run's parts, made by another session during the run (same form as
      RV(left_over)).
    - With O(tunnels), an end's result has those its read-back found; the task's, those the closing read of the whole
      config found where the last end read back only its sections (see O(tunnels)).
  returned: when it happened
  type: list
  elements: str
changeto:
  description:
    - With O(context) - the C(changeto) commands sent - into the context (unless the session was there already), again
      after a new login, and back to where the session was.
  returned: when a changeto was sent
  type: list
  elements: str
  sample: ["changeto context cust1", "changeto system"]
backup_path:
  description: Where the running configuration was saved before the change.
  returned: when backup is true
  type: str
results:
  description:
    - With O(tunnels), one result per item in order - C(name), C(changed), C(commands), on failure C(failed) and
      C(msg), and the transaction's keys above (RV(applied), RV(rolled_back), RV(left_over), RV(device_state_known)...)
      for that end. RV(commands) is then every item's commands in order, and the diff one entry per changed end.
    - C(still_to_send) - an end pushed and read back in its sections whose change the read of the whole config after
      it no longer shows (another session changed it); the end fails and nothing is saved.
  returned: with tunnels
  type: list
  elements: dict
  sample: [{"name": "spoke-1", "changed": true, "commands": ["crypto map AZURE 10 set pfs group19"],
            "applied": ["crypto map AZURE 10 set pfs group19"], "rolled_back": []}]
"""

import datetime
import os
import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.connection import Connection, ConnectionError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.config_parts import changed_outside
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import ConnectionCli, DeviceError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_absent, plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import (
    CRYPTO_MAP_ONLY,
    VTI_ONLY,
    command_error,
    is_vti,
    option_error,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import ConfigTree, IntentError, masked
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti_absent import plan_vti_absent
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import InContextCli, SessionContext
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import run_transaction
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact

_DH = dict(type="list", elements="int", required=True)
# The options of one end: the module's own, and each item of ``tunnels``.
END_SPEC = dict(
    crypto_map=dict(type="str"),
    seq=dict(type="int"),
    tunnel_interface=dict(type="str"),
    tunnel_nameif=dict(type="str"),
    tunnel_address=dict(type="str"),
    tunnel_source_interface=dict(type="str"),
    ipsec_profile=dict(type="str"),
    tunnel_enabled=dict(type="bool"),
    routes=dict(type="list", elements="dict", options=dict(
        network=dict(type="str", required=True),
        gateway=dict(type="str", required=True),
    )),
    bgp=dict(type="dict", options=dict(
        asn=dict(type="int", required=True),
        neighbor=dict(type="str"),
        remote_as=dict(type="int"),
        ebgp_multihop=dict(type="int"),
        networks=dict(type="list", elements="str"),
    )),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    interface=dict(type="str"),
    peer=dict(type="str"),
    tunnel_group=dict(type="str"),
    acl=dict(type="str"),
    local_networks=dict(type="list", elements="str"),
    remote_networks=dict(type="list", elements="str"),
    ipsec_proposal=dict(type="str"),
    ike=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
        prf=dict(type="list", elements="str"),
        dh_groups=_DH,
        lifetime_seconds=dict(type="int", default=86400),
        priority=dict(type="int"),
    )),
    esp=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
    )),
    pfs_group=dict(type="int"),
    child_lifetime_seconds=dict(type="int"),
    child_lifetime_kilobytes=dict(type="str"),
    group_policy=dict(type="str"),
    nat_exemption=dict(type="dict", options=dict(
        inside_interface=dict(type="str", required=True),
        outside_interface=dict(type="str"),
        local_networks=dict(type="list", elements="str"),
        remote_networks=dict(type="list", elements="str"),
    )),
    tcp_mss=dict(type="int"),
    update_pre_shared_key=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
)
_END_RULES = dict(
    mutually_exclusive=[(a, b) for a in CRYPTO_MAP_ONLY for b in VTI_ONLY],
    required_together=[("crypto_map", "seq")],
)
# An item of ``tunnels``: one end's options, its label, and whether it gets the module's key
ITEM_SPEC = dict(END_SPEC, name=dict(type="str"), use_pre_shared_key=dict(type="bool", default=False))
# The options that hold for the whole task, never per end
_TASK_OPTIONS = ("pre_shared_key", "save_when", "backup", "backup_dir", "running_config", "context", "tunnels")


def _plan(config, params):
    if is_vti(params):
        return plan_vti(config, params) if params["state"] == "present" else plan_vti_absent(config, params)
    return plan_present(config, params) if params["state"] == "present" else plan_absent(config, params)


def _replanner(params):
    """Planning again on the config read back after the push: nothing left means the device holds
    the desired state (a key sent on every run is not something left)."""
    again = dict(params, update_pre_shared_key="on_create")

    def replan(config):
        return _plan(config, again)
    return replan


def _backup(module, config):
    directory = module.params["backup_dir"]
    os.makedirs(directory, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(directory, "asa_vpn_tunnel_%s.cfg" % stamp)
    with open(path, "w") as handle:
        handle.write(config)
    return os.path.abspath(path)


class _Stop(Exception):
    """The task (with ``tunnels``: the end) fails with this message and ``result``; in a context, after changing back."""

    def __init__(self, message, **result):
        super(_Stop, self).__init__(message)
        self.result = result


def _read(cli, session):
    """The running config over ``cli``, in the context ``session`` keeps; raises _Stop."""
    try:
        config = cli.get("show running-config")
    except DeviceError as exc:
        raise _Stop("cannot read the running config: %s" % exc)
    problem = session.system_space(config)
    if problem:
        raise _Stop(problem, changed=False, commands=[])
    return config


def _work(module, params, config, cli=None, session=None, fresh=False, batch=None):
    """Plan against ``config`` (read over ``cli`` when None) and, over ``cli``, push as a transaction in the context
    ``session`` keeps. Returns the module result, the running config the device holds after it, and what of it this
    call just read: True (the whole config), the sections read back (a batch's end, below), else False; raises
    _Stop. ``fresh`` (the ends of ``tunnels``): that value for ``config`` - read right before this call (at the start,
    or as the read-back of the end before); the transaction then does not read it a second time before its first
    line. An older config (an end with nothing to change came between) is not fresh: the guard reads it again.
    ``batch`` (an end of ``tunnels``: "next", or "last"): where the end's sections are a small share of the config
    the transaction reads them rather than the whole config (before its first line unless just read, and after its
    last but for the last end) and the config returned is a tree patched with them (``transaction.run_transaction``)."""
    if config is None:
        config = _read(cli, session)
    try:
        plan = _plan(config, params)
    except IntentError as exc:
        raise _Stop("%s" % exc)
    problem = command_error(plan.commands + plan.rollback)
    if problem:
        raise _Stop(problem)

    commands = [redact(line) for line in masked(plan.commands)]  # a running_config given as text may hold keys in clear
    result = dict(changed=bool(plan.changes), commands=commands)
    if module._diff and plan.changes:
        end = params["tunnel_interface"] if is_vti(params) else "%s %s" % (params["crypto_map"], params["seq"])
        result["diff"] = dict(before="\n".join(plan.before) + "\n", after="\n".join(plan.after) + "\n",
                              before_header="%s (running-config)" % end, after_header="%s (desired)" % end)
    if not plan.changes or module.check_mode or cli is None:
        return result, config, False

    if params["backup"]:
        result["backup_path"] = _backup(module, config)
    # the prompt is checked before every `configure terminal`, and a new login after a lost connection changes to
    # the context again before anything is undone or read back
    outcome = run_transaction(InContextCli(cli, session), plan, config, _replanner(params),
                              secret=params.get("pre_shared_key"), guard=session.check, fresh=fresh, batch=batch)
    result.update(outcome.result())
    if not outcome.ok:
        result["changed"] = outcome.changed
        raise _Stop(outcome.message(), **result)
    if outcome.concurrent:
        module.warn("another session changed %d line(s) of the running config during this run (concurrent_changes); "
                    "this run's own changes are in place" % len(outcome.concurrent))
    if params["save_when"] == "changed":
        _write_memory(cli, result)
    return result, outcome.final_config, isinstance(outcome.final_config, str) or outcome.final_sections


def _write_memory(cli, result):
    """``write memory`` (in the context pushed to: it saves that context's configuration); raises _Stop with
    ``result``."""
    try:
        cli.get("write memory")
    except DeviceError as exc:
        raise _Stop("change applied but write memory failed: %s" % exc, **result)


def _item_params(module, params, number, item):
    """The options of item ``number`` of ``tunnels``, checked as the module's own and merged with the task's;
    fails the task naming the item."""
    where = "tunnels[%d]" % number
    if not isinstance(item, dict):
        module.fail_json(msg="asa_vpn_tunnel: %s must be a dict of one end's options" % where)
    if item.get("pre_shared_key") is not None:
        module.no_log_values.add("%s" % item["pre_shared_key"])  # masked in the failure's echo of the arguments
    given = [key for key in _TASK_OPTIONS if key in item]
    if given:
        module.fail_json(msg="asa_vpn_tunnel: %s: %s apply to the whole task, not to one end (pre_shared_key: give it "
                             "once and set use_pre_shared_key on the ends that need it)" % (where, ", ".join(given)))
    checked = ArgumentSpecValidator(ITEM_SPEC, **_END_RULES).validate(item)
    if checked.error_messages:
        module.fail_json(msg="asa_vpn_tunnel: %s: %s" % (where, "; ".join(checked.error_messages)))
    out = dict(checked.validated_parameters)
    use_key = out.pop("use_pre_shared_key")
    out.pop("name")
    if use_key and params["pre_shared_key"] is None:
        module.fail_json(msg="asa_vpn_tunnel: %s: use_pre_shared_key needs the task's pre_shared_key" % where)
    out.update((key, params[key]) for key in _TASK_OPTIONS if key != "tunnels")
    out["pre_shared_key"] = params["pre_shared_key"] if use_key else None
    problem = _end_error(out)
    if problem:
        module.fail_json(msg="asa_vpn_tunnel: %s: %s" % (where, problem))
    return dict(out, save_when="never")  # one write memory after the last end


def _end_error(params):
    """What is wrong with one end's options (the checks beyond the argument spec), or None."""
    problem = option_error(params)
    if problem:
        return problem
    kb = params.get("child_lifetime_kilobytes")
    if kb is not None and kb != "unlimited" and not kb.isdigit():
        return "child_lifetime_kilobytes must be a number or 'unlimited', got %r" % kb
    return None


def _batch(module, params, ends, cli=None, session=None):
    """Each end of ``ends`` ((name, options)) in order, each planned from the config the one before left; a failed
    end does not stop the others, an unexpected error does (the ends after it are not run). Returns the task's result,
    the failures' messages and the traceback of an unexpected error (None)."""
    results, failures, diffs = [], [], []
    config, just_read, crashed = params["running_config"], False, None
    backed_up = False
    unchecked = []  # (result, options) of ends pushed on a patched tree since the last read of the whole config
    for number, (name, end) in enumerate(ends):
        if crashed is not None:
            results.append(dict(name=name, failed=True, changed=False, commands=[], device_state_known=True,
                                msg="not run: an earlier end of this task failed unexpectedly (nothing sent for it)"))
            failures.append("%s: not run" % name)
            continue
        try:
            if config is None:
                config, just_read = _read(cli, session), True
            if just_read is True:
                _check_pushed(unchecked, config, failures)
            result, config, just_read = _work(module, dict(end, backup=params["backup"] and not backed_up), config,
                                              cli, session, fresh=just_read,
                                              batch="next" if number + 1 < len(ends) else "last")
        except _Stop as stop:
            result = dict(stop.result, failed=True, msg="%s" % stop)
            failures.append("%s: %s" % (name, stop))
            # read again: what the device holds after a failure is only what it says (offline: the text given)
            config, just_read = (None if cli is not None else params["running_config"]), False
        except Exception as exc:  # reported with its traceback, and the ends after it are not run
            crashed = traceback.format_exc()
            result = dict(failed=True, msg="unexpected %s: %s" % (type(exc).__name__, exc), traceback=crashed,
                          device_state_known=cli is None)
            failures.append("%s: unexpected %s: %s" % (name, type(exc).__name__, exc))
        result.setdefault("changed", False)
        result.setdefault("commands", [])
        backed_up = backed_up or "backup_path" in result
        if "diff" in result:
            diffs.append(result.pop("diff"))
        results.append(dict(result, name=name))
        if result.get("applied") and not result.get("failed") and just_read is not True:
            unchecked.append((results[-1], end))
    out = dict(changed=any(r["changed"] for r in results), results=results,
               commands=[line for r in results for line in r["commands"]])
    if unchecked and crashed is None and just_read is True:  # the last end read the whole config back
        _check_pushed(unchecked, config, failures)
    elif unchecked and crashed is None:
        concurrent = _closing_read(module, cli, session, config, unchecked, failures)
        if concurrent:
            out["concurrent_changes"] = concurrent
    if diffs:
        out["diff"] = diffs
    if cli is not None and not module.check_mode and params["save_when"] == "changed":
        _save_batch(cli, results, failures)
    return out, failures, crashed


def _check_pushed(unchecked, text, failures):
    """The ends pushed on a patched tree (``unchecked``), planned again on ``text``, a read of the whole config made
    after them: an end with something left to send fails with it (``still_to_send``) - another session changed its
    parts after its own read-back. Empties ``unchecked``."""
    for result, end in unchecked:
        try:
            remaining = masked(_replanner(end)(text).commands)
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


def _save_batch(cli, results, failures):
    """One ``write memory`` for the ends that went through, unless a failed end may have left something on the
    device (its lines would be saved with them). An end whose change is not saved is failed with why: the device
    would go back to the saved config at its next reload."""
    pushed = [r for r in results if r["changed"] and not r.get("failed")]
    if not pushed:
        return
    left = [r["name"] for r in results if r.get("failed") and (any(r.get(key) for key in _LEFT_BEHIND)
                                                               or r.get("device_state_known") is False)]
    if left:
        why = ("applied but not saved: %s may have left lines on the device (left_over) or no longer hold their change "
               "(still_to_send), which write memory would save too; save after dealing with them" % ", ".join(left))
    else:
        try:
            _write_memory(cli, {})
            return
        except _Stop as stop:
            why = "%s" % stop
    for result in pushed:
        result.update(failed=True, saved=False, msg=why)
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


def _mask_item_keys(module, items):
    """Keys put in items (refused later) are masked in every message, the arguments echoed back included: before any
    check can fail the task."""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and item.get("pre_shared_key") is not None:
            module.no_log_values.add("%s" % item["pre_shared_key"])


def main():
    module = AnsibleModule(
        argument_spec=dict(
            END_SPEC,
            # items checked here (ITEM_SPEC), after their keys are masked: Ansible's own element check would echo them
            tunnels=dict(type="list", elements="raw"),
            pre_shared_key=dict(type="str", no_log=True),
            save_when=dict(type="str", choices=["never", "changed"], default="never"),
            backup=dict(type="bool", default=False),
            backup_dir=dict(type="path", default="backup"),
            running_config=dict(type="str", no_log=True),
            context=dict(type="str"),
        ),
        required_one_of=[("crypto_map", "tunnel_interface", "tunnels")],
        supports_check_mode=True,
        **_END_RULES
    )
    params = dict(module.params)
    _mask_item_keys(module, params["tunnels"])
    if params["tunnels"] is not None:
        single = [key for key, spec in END_SPEC.items() if params[key] is not None and params[key] != spec.get("default")]
        if single:
            module.fail_json(msg="asa_vpn_tunnel: tunnels is not taken with the options of a single end (%s): give "
                                 "each end as an item" % ", ".join(single))
        ends = [(item.get("name") if isinstance(item, dict) and item.get("name") else "tunnels[%d]" % n,
                 _item_params(module, params, n, item)) for n, item in enumerate(params["tunnels"])]
    else:
        problem = _end_error(params)
        if problem:
            module.fail_json(msg="asa_vpn_tunnel: %s" % problem)
        ends = None
    if params["context"] is not None:
        # the check asa_vpn_facts makes (names.context_error): it goes into `changeto context <context>`
        problem = names.context_error(params["context"])
        if problem is None and params["running_config"] is not None:
            problem = "context only applies to a push over a connection (without running_config)"
        if problem:
            module.fail_json(msg="asa_vpn_tunnel: %s" % problem)

    if params["running_config"] is not None:
        if ends is not None:
            result, failures, crashed = _batch(module, params, ends)
            if failures:
                module.fail_json(msg="asa_vpn_tunnel: %s" % _failed_ends(failures, len(ends)), **_traced(result, crashed))
            module.exit_json(**result)
        try:
            module.exit_json(**_work(module, params, params["running_config"])[0])
        except _Stop as stop:
            module.fail_json(msg="asa_vpn_tunnel: %s" % stop, **stop.result)
    cli = ConnectionCli(Connection(module._socket_path), ConnectionError)
    session = SessionContext(cli, params["context"])
    result, failure, crashed = {}, session.enter(), None
    if failure is None:
        try:
            if ends is not None:
                result, failures, crashed = _batch(module, params, ends, cli, session)
                failure = _failed_ends(failures, len(ends)) if failures else None
            else:
                result = _work(module, params, None, cli, session)[0]
        except _Stop as stop:
            failure, result = "%s" % stop, stop.result
        except Exception as exc:
            left = session.leave()
            if left:
                raise RuntimeError("%s; and %s" % (exc, left)) from exc
            raise
    # also after a failure: a later task on this connection must run where the login put the session
    left = session.leave()
    if session.sent:
        result["changeto"] = session.sent
    if left:
        failure = "%s; and %s" % (failure, left) if failure else left
        _left_in_context(result, left)
    if failure:
        module.fail_json(msg="asa_vpn_tunnel: %s" % failure, **_traced(result, crashed))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
