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
  tunnel_interface:
    description:
      - The virtual tunnel interface of a route-based end, e.g. C(Tunnel1). Created when missing, which needs
        O(tunnel_nameif), O(tunnel_address), O(tunnel_source_interface) and O(peer).
      - An existing one is not turned into another tunnel - an O(peer) other than its C(tunnel destination), or an
        O(tunnel_nameif) other than its C(nameif), is refused before anything is sent (its tunnel-group, routes and BGP
        neighbor would be left behind); remove it first with O(state=absent), or give another interface.
      - Spelled as the ASA spells it, C(Tunnel) and the number without leading zeros. C(Tunnel01) is refused before
        anything is sent (the ASA reads it as C(Tunnel1)), as is a name the running config has in another spelling
        (the message names the config's).
    type: str
  tunnel_nameif:
    description:
      - The C(nameif) of the tunnel interface (at most 48 characters); routes go through it.
      - A nameif another interface has (C(outside), another tunnel's), in any case, is refused before anything is sent;
        the routes, NAT rules and access-groups that name it are that interface's.
    type: str
  tunnel_address:
    description:
      - The tunnel interface's IPv4 address with its prefix length, e.g. C(169.254.21.1/30).
      - The network or broadcast address of its subnet (C(169.254.21.0/30), C(169.254.21.3/30)) and a C(/32) are
        refused before anything is sent; both addresses of a C(/31) are taken (RFC 3021).
      - On a failover pair the interface's C(standby) address is kept when the address stays the same. No option
        gives a standby address, so a new address for an interface that has one is refused before anything is sent;
        change the address and its standby address by hand (C(ip address A M standby S)).
      - An address on a subnet another interface of the running config has (overlapping it) is refused before
        anything is sent, naming that interface's C(ip address) line.
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
      - A profile another tunnel interface also uses is not changed for this one (refused before anything is sent,
        naming that interface), unless that interface is an item of the same O(tunnels) asking the same of the profile
        (an active-active Azure gateway's two tunnels on one profile). An ESP proposal (O(ipsec_proposal)) another
        profile or crypto map entry names is not changed either.
    type: str
  routes:
    description:
      - Static routes into the tunnel, C(route <tunnel_nameif> <network> <mask> <gateway> <metric>). Added when
        missing; a route to the same network and gateway through the tunnel is kept as it is, whatever its metric.
      - A network holding a tunnel destination or a crypto map peer (this tunnel's, e.g. V(0.0.0.0/0), or
        another's) is refused before anything is sent, unless a more specific route or subnet keeps that address
        where it is reached now, since the tunnel's own IKE and ESP packets would be routed into a tunnel.
    type: list
    elements: dict
    suboptions:
      network:
        description:
          - IPv4 prefix, e.g. C(10.20.0.0/16). A prefix with host bits set (C(10.20.1.1/16)) is refused, as
            azure_vpn_connection refuses it, and so is one given twice.
          - A prefix within (or equal to) the network of another interface of the ASA (its C(ip address), on the
            inside, the outside or another tunnel) is refused before anything is sent, since the ASA routes by the
            longest prefix and that part of the ASA's own side would go into the tunnel. A summary holding such a
            network (C(10.0.0.0/8) beside an inside C(10.1.0.0/24)) is planned, as the connected network stays.
        type: str
        required: true
      gateway:
        description:
          - Next hop inside the tunnel, usually the peer's tunnel or BGP address.
          - The tunnel's own address (O(tunnel_address), or the one the interface has) is refused before anything is
            sent, and so is an address off the tunnel's subnet (the ASA could not use the route).
        type: str
        required: true
      metric:
        description:
          - The route's administrative distance, 1-255.
          - Default 1. When other tunnel interfaces route the same network (the VTIs to an active-active Azure
            gateway's two instances), one more than theirs, a floating route that carries the traffic while those
            tunnels are down. The ASA shares load over one egress interface only and refuses an equal-cost route
            through another interface, so such a route fails the task before anything is sent, as does a route to
            a network that an interface other than a tunnel routes, unless O(routes[].metric) is given.
        type: int
  bgp:
    description:
      - BGP over the tunnel, under C(router bgp <asn>) / C(address-family ipv4 unicast). The neighbor is activated, and a C(neighbor X shutdown) is removed.
        An ASA runs one BGP process; a different O(bgp.asn) from the one configured fails the task.
      - A neighbor that is another tunnel interface's (on its subnet, or routed through its nameif) is left alone -
        the task fails before anything is sent, naming that interface.
    type: dict
    suboptions:
      asn:
        description: This ASA's AS number (1 to 4294967295).
        type: int
        required: true
      neighbor:
        description:
          - The peer's BGP address (for Azure, its BGP peering address).
          - The tunnel's own address (O(tunnel_address), or the one the interface has) is refused before anything is
            sent.
        type: str
      remote_as:
        description: The peer's AS number (Azure's default is 65515). Needed for a new neighbor.
        type: int
      ebgp_multihop:
        description: TTL for eBGP to a peer that is not on the tunnel's subnet (1 to 255).
        type: int
      networks:
        description:
          - IPv4 prefixes to advertise (C(network <address> mask <mask>)). Added when missing.
          - A prefix with host bits set, or one given twice, is refused before anything is sent.
        type: list
        elements: str
      options_from:
        description:
          - The address of a configured neighbor whose options O(bgp.neighbor) gets too - its route-maps,
            prefix-lists, distribute-lists and filter-lists, maximum-prefix, timers and the like (not remote-as,
            activate, shutdown or disable-connected-check). For a neighbor that moves to a new address, so the
            new session filters routes as the old one did. The old neighbor stays.
          - Fails before anything is sent when that neighbor is not configured, when it has a password (the running
            config masks it, so it cannot be copied), or when O(bgp.neighbor) already has another option of the same
            kind (another route-map in the same direction).
        type: str
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
        end, naming each failed one. Check mode, and O(running_config), read nothing back; each end is planned on
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
