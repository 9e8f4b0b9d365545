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
    When the connection goes after the last line (with C(end) or the read-back), the config is read back after
    logging in again; a complete push is kept, not undone.
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
  - Over a persistent connection the task runs in the controller's worker (an action plugin, with this module's code
    and results), so a long push says at C(-v) each end of O(tunnels) as it is done - its number, name and outcome,
    the number of its commands and the time since the first end began (never a command). The offline form
    (O(running_config)), a task with C(async) or C(timeout) and options the module refuses run the module itself.
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.asa_tunnel_vti
  - vpnalign.s2s.asa_tunnel_task
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details: The live form over a persistent connection runs in the controller's worker; the offline form and a task
      with C(async) or C(timeout) run the module.
  async:
    support: full
  bypass_host_loop:
    support: none
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
  state:
    description:
      - V(present) makes the end match the options; V(absent) removes a crypto map entry, its tunnel-group and its
        ACL (O(acl), else the one its C(match address) names) when no other line names it (another crypto map entry,
        an access-group, NAT, a vpn-filter, a route-map, a class-map). An ACL another line names is kept and listed
        in RV(kept).
      - For a VTI, V(absent) removes the BGP neighbors on the tunnel's subnet (and O(bgp.neighbor)), the routes
        through its nameif (not when another interface has that nameif too, in any case; they are left to it), the
        interface, and the tunnel-group, ipsec profile and IKEv2 IPsec proposals when no
        other tunnel interface or crypto map entry uses them. IKEv2 policies stay (every tunnel shares them).
        An O(bgp.neighbor) neither on the tunnel's subnet nor routed through its nameif (another tunnel's, or no
        tunnel's) is refused before anything is sent, naming the interface it is behind.
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
      - A broadcast, loopback, link-local, reserved, multicast or unspecified address, and an address an interface
        of the ASA has, are refused before anything is sent.
      - For a VTI, a C(tunnel destination) another tunnel interface already has from the same
        O(tunnel_source_interface) is refused, naming that interface.
    type: str
  tunnel_group:
    description:
      - Name of the tunnel-group. Defaults to O(peer), as IKEv2 site-to-site tunnels require.
      - The ASA's built-in C(DefaultL2LGroup), C(DefaultRAGroup) and C(DefaultWEBVPNGroup) (in any case) are refused
        before anything is sent, since every peer without a group of its own uses them and they cannot be deleted.
    type: str
  acl:
    description:
      - Name of the crypto ACL. Defaults to C(<crypto_map>-<seq>-vpnalign).
      - With O(state=absent), defaults to the ACL the entry's C(match address) names.
    type: str
  local_networks:
    description:
      - Prefixes behind the ASA. With O(remote_networks), the ACL permits each local/remote pair and nothing else.
      - With O(state=present), an empty list and a V(/0) (here, in O(remote_networks) and in O(nat_exemption)) are
        refused before anything is sent; a crypto ACL is never widened to any.
      - Refused before anything is sent, naming the option and index - a prefix with host bits set (C(10.1.2.3/8);
        azure_vpn_connection refuses it the same way), a prefix given twice, prefixes of another address family than
        O(remote_networks) (an entry no packet could match), and a prefix that overlaps one of O(remote_networks).
    type: list
    elements: str
  remote_networks:
    description:
      - Prefixes behind the peer. Refused like O(local_networks), and also when a network an interface of the ASA is
        on (its C(ip address)) overlaps one, as that traffic is the ASA's own side.
    type: list
    elements: str
  ipsec_proposal:
    description:
      - Name of the IKEv2 IPsec proposal. Defaults to C(<crypto_map>-<seq>-vpnalign), or C(<tunnel_interface>-vpnalign)
        for a VTI.
      - An existing proposal that another crypto map entry or ipsec profile also names is not rewritten to O(esp) -
        the task fails before anything is sent, naming them (their tunnels' ESP would change too), unless they are
        items of the same O(tunnels) asking the same O(esp) of it. Give a new name to change this tunnel alone.
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
          - Priority for a new IKEv2 policy. Defaults to one after the highest existing policy, so every other tunnel's
            peer is offered what it was before, in the same order (the lowest free one only when 65535 is taken).
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
    description:
      - Group-policy for the tunnel-group; created if missing, with C(vpn-tunnel-protocol ikev2).
      - C(DfltGrpPolicy) (in any case) is refused before anything is sent, since every group-policy inherits from it.
        Leave O(group_policy) out to use it.
    type: str
  nat_exemption:
    description:
      - Keep the tunnel's traffic untranslated with an identity twice-NAT rule at line 1 of section 1 (before every
        other manual rule and before object NAT), C(nat (inside,outside) 1 source static L L destination static R R
        no-proxy-arp route-lookup), where C(L) and C(R) are the object-groups C(VPNALIGN-<crypto_map>-<seq>-LOCAL)
        and C(-REMOTE), created or corrected to hold exactly the networks.
      - One rule per inside interface, when the local networks are behind several (a rule applies only to traffic
        entering its real interface).
      - A rule that says the same at another line counts as present.
      - Give O(nat_exemption.inside_interface) or O(nat_exemption.inside_interfaces).
    type: dict
    suboptions:
      inside_interface:
        description: The C(nameif) the local networks are behind.
        type: str
      inside_interfaces:
        description:
          - The C(nameif)s the local networks are behind, each given a rule, for local networks behind several
            interfaces (for example C(inside) and C(dmz)).
          - The outside interface may be one of them (C(nat (outside,outside) ...)) for traffic that enters and
            leaves by it, such as remote-access VPN clients reaching the tunnel; the ASA then also needs
            C(same-security-traffic permit intra-interface), which this module does not manage.
        type: list
        elements: str
      outside_interface:
        description: The C(nameif) towards the peer. Defaults to O(interface), else the interface the crypto map is bound to.
        type: str
      local_networks:
        description: Prefixes behind the ASA. Defaults to O(local_networks). Checked as O(local_networks) is.
        type: list
        elements: str
      remote_networks:
        description: Prefixes behind the peer. Defaults to O(remote_networks). Checked as O(remote_networks) is.
        type: list
        elements: str
  tcp_mss:
    description:
      - C(sysopt connection tcpmss) value. This setting is global on the ASA (every tunnel and interface), not per
        tunnel; Azure recommends 1350.
    type: int
  ikev1_authentication:
    description:
      - IKEv1 policies that authenticate the way the tunnel does (its tunnel-group's pre-shared key or certificate),
        where the ASA's policies authenticate otherwise (C(authentication rsa-sig) against a pre-shared key, so that
        Main Mode finds no policy and fails with NO_PROPOSAL_CHOSEN).
      - For each policy of O(ikev1_authentication.policies) that authenticates otherwise, a new C(crypto ikev1 policy)
        at a free priority after every other one, with that policy's encryption, hash, group and lifetime and
        C(authentication pre-share) (V(psk)) or C(authentication rsa-sig) (V(certificate)). The policies named are
        never edited - IKEv1 policies are global, and other tunnels or remote-access clients may authenticate with
        them.
      - Nothing is added for a policy that authenticates so already, or when a policy of the same settings and
        authentication exists (a second run changes nothing). A policy named that the ASA does not have, or an ASA
        that holds 20 IKEv1 policies already (the most it takes), fails the task before anything is sent.
      - The pre-shared key is the tunnel-group's (O(pre_shared_key)); this option sends none.
    type: dict
    suboptions:
      method:
        description: The method the tunnel authenticates with.
        type: str
        required: true
        choices: [psk, certificate]
      policies:
        description: The priorities of the IKEv1 policies whose settings the new policies take, e.g. V([20]).
        type: list
        elements: int
        required: true
  pre_shared_key:
    description:
      - The pre-shared key, 8 to 128 printable ASCII characters without whitespace or C(?) (the ASA takes 1 to 128; fewer
        than 8 are refused, as Ansible masks the key wherever it occurs in the result and a short key is guessed).
      - It may not be a word of the running config (a nameif, an object name, a number) outside its key lines, nor part
        of one (a key C(AzureVPN1) in an object-group C(AzureVPN12), the hostname), nor occur in the value of another
        option (a crypto map, group policy or tunnel-group name), since Ansible masks a secret wherever it occurs in
        the result, inside longer words too; the task fails before sending anything, naming the line or option.
      - Never shown in output, diffs or logs; device replies and connection errors that quote it are masked.
      - Needs C(ansible_network_os=vpnalign.s2s.asa) (outside check mode). Over another cliconf plugin
        (C(cisco.asa.asa)) the task fails before anything is sent, since that plugin raises the device's reply
        unmasked and ansible-connection writes it to C(log_path) at C(-vvv).
    type: str
  update_pre_shared_key:
    description:
      - V(on_create) sets the key only when the tunnel-group has none (an ASA shows keys masked, so they cannot be
        compared); V(always) sends it on every run and therefore always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
notes:
  - Runs over C(ansible.netcommon.network_cli) with C(ansible_network_os=vpnalign.s2s.asa) (or C(cisco.asa.asa)
    when no O(pre_shared_key) is given).
  - VTIs need ASA 9.8(1) or later, routed mode, single context (Cisco document 214109).
  - Besides the configuration lines, it sends C(show running-config) (and per part changed a filtered one),
    C(configure terminal), C(end), with O(context) C(changeto context <context>) first and C(changeto system) or
    C(changeto context <where the session was>) last (RV(changeto)), and reads the session's prompt (no command)
    before changing context, before every C(configure terminal) and before each end's first line.
  - The nameifs it is given (O(interface), O(tunnel_source_interface), O(nat_exemption.inside_interface),
    O(nat_exemption.inside_interfaces), O(nat_exemption.outside_interface)) must be interfaces' C(nameif) in the
    running config, spelled as it spells them (a name that differs in case only is refused with the config's
    spelling); otherwise O(state=present) fails before anything is sent. A
    O(running_config) that names no interface (a part of a config) is not checked, nor is O(state=absent), which
    sends no line naming an interface.
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

- name: An IKEv1 tunnel whose only policy is rsa-sig, against Azure's pre-shared key (policy 20 stays as it is)
  vpnalign.s2s.asa_vpn_tunnel:
    crypto_map: AZ-MAP
    seq: 10
    ikev1_authentication:
      method: psk
      policies: [20]

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
saved:
  description:
    - With O(save_when=changed), on a change applied and read back whose C(write memory) did not go through - V(false)
      when the ASA refused it (the running config holds the change, the startup config does not), V(null) when its
      reply was lost and sending it again after a new login failed too (the startup config may or may not hold it).
      The task fails saying so.
    - With O(tunnels), on each end that went through and was then not saved - also V(false) when a failed end may have
      left lines on the device, so that no C(write memory) was sent. M(vpnalign.s2s.vpn_align_plan) lets the Azure end
      of such a tunnel follow (the running config holds the change) and still fails the run.
  returned: when a change was applied and not saved
  type: bool
  sample: false
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
  description: Undo lines of pre-shared keys this run changed or removed that were not sent because the ASA shows
    keys masked, so the key before this run cannot be put back (the task reports changed). A key line the device
    did not take is not listed, as the key before is still there.
  returned: when a push that changed a key failed
  type: list
  elements: str
  sample: [" ikev2 remote-authentication pre-shared-key *****", " ikev2 local-authentication pre-shared-key *****"]
rollback_not_sent:
  description: Undo lines not sent because the device refused the line that opens their block, such as C(router bgp)
    or C(interface Tunnel1). Typed outside it, they would land in the wrong mode and its C(exit) would leave
    configuration mode. What they would have undone is in RV(left_over).
  returned: when it happened
  type: list
  elements: str
kept_for_other_session:
  description: Undo lines not sent because another session changed those parts after this run did.
  returned: when it happened
  type: list
  elements: str
kept:
  description:
    - With O(state=absent), what the entry used and is left in place because other lines still name it, and which
      lines (its crypto ACL named by another crypto map entry, an access-group, a vpn-filter...).
    - With O(state=present), the identity NAT rules of the pairs the crypto ACL change takes out of the tunnel that
      are left in place, each with why (its object also named by another line, it also exempts other pairs). Such a
      rule is removed, with its objects, only when nothing else can use it - every pair it exempts was permitted by
      the lines this push removes, no other crypto map entry's ACL nor route into a VTI covers any of it, and no other
      line names its objects; the new exemption is added before it goes.
  returned: when it happened
  type: list
  elements: str
  sample: ["access-list uksouth-s2s-acl kept: still named by access-group uksouth-s2s-acl in interface LAN"]
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
  description:
    - Where the running configuration was saved before the change - a file of this task's own, mode 0600 (O(backup)).
  returned: when backup is true and a change was pushed
  type: str
results:
  description:
    - With O(tunnels), one result per item in order - C(name), C(changed), C(commands), RV(kept), on failure
      C(failed) and C(msg), and the transaction's keys above (RV(applied), RV(rolled_back), RV(left_over), RV(device_state_known)...)
      for that end. RV(commands) is then every item's commands in order, and the diff one entry per changed end.
    - C(still_to_send) - an end pushed and read back in its sections whose change the read of the whole config after
      it no longer shows (another session changed it); the end fails and nothing is saved.
    - C(crypto_in_place) - true on a failed end whose own lines were all undone, when the running config read back
      after the last end holds the IKE and IPsec settings it asks for all the same (an earlier end set them on an ipsec
      profile or proposal the two share); its C(msg) says so and which of its lines are not on the device.
    - A task refused before it connects (an item's option it does not take, a bad context) still has a result per
      item, failed with C(device_state_known=true) and an empty C(left_over) (nothing was sent).
  returned: with tunnels
  type: list
  elements: dict
  sample: [{"name": "spoke-1", "changed": true, "commands": ["crypto map AZURE 10 set pfs group19"],
            "applied": ["crypto map AZURE 10 set pfs group19"], "rolled_back": []}]
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection, ConnectionError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import ConnectionCli
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import TASK_RULES, TASK_SPEC
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_task import run_task


def main():
    # The live form runs in the action plugin (plugins/action/asa_vpn_tunnel.py) over the persistent connection;
    # this runs what it hands over: the offline form, async, a task timeout, and options it leaves to this module's own
    # words.
    module = AnsibleModule(argument_spec=TASK_SPEC, supports_check_mode=True, **TASK_RULES)
    run_task(module, lambda: ConnectionCli(Connection(module._socket_path), ConnectionError))


if __name__ == "__main__":
    main()
