#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: asa_vpn_facts
short_description: Read a Cisco ASA's site-to-site VPN configuration into a vendor-neutral model
version_added: "0.1.0"
description:
  - Parses an ASA running configuration - interfaces, objects and object-groups, access-lists, NAT, IKEv1 and
    IKEv2 policies, IPsec proposals and transform-sets, SA lifetimes, crypto maps, tunnel-groups, group-policies
    and C(sysopt connection tcpmss) - into one vendor-neutral description per crypto map entry (tunnel end).
  - Offline form - reads a saved or pasted configuration given as O(running_config) or O(src). Indented or
    flattened text, LF or CRLF and pager remnants are all accepted.
  - Live form - when neither O(running_config) nor O(src) is given, reads the configuration from the ASA over
    the play's persistent connection (C(ansible_connection=ansible.netcommon.network_cli),
    C(ansible_network_os=vpnalign.s2s.asa); C(cisco.asa.asa) works too, without O(include_secrets)) with one
    C(show running-config).
    With O(gather_state=true) it also reads the live SA state and checks the traffic counters.
  - What cannot be resolved (undefined names, masked addresses, unknown keywords) becomes a finding
    (C(UNDEFINED_REFERENCE), C(INVALID_VALUE)) with the line number, never a failure; a construct that is
    recognised but not modelled (a crypto map entry using a dynamic map, an IPv6 VTI, BGP redistribution...)
    becomes C(UNSUPPORTED_CONSTRUCT) naming the line.
  - Text that is not an ASA configuration at all (empty, binary, a Junos or IOS configuration) fails the task
    with a message saying why, instead of reporting an ASA with no tunnels.
  - Pre-shared keys never enter the facts, the result or the logs; at most a keyed digest of each
    (see O(include_secrets) and O(psk_hash_key)).
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.run_id
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - ansible.builtin.action_common_attributes.facts
attributes:
  action:
    support: full
    details: The live form over a persistent connection, and the offline form when the task runs on the controller (local
      or network_cli connection), run in the controller's worker; a task with C(async) or C(timeout) runs the module.
  async:
    support: full
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: It only reads (C(show) commands), in check mode too.
  diff_mode:
    support: none
  facts:
    support: full
    details: Returns the facts under C(ansible_facts.vpnalign_asa).
  platform:
    platforms: [network, posix]
    details: The live form reads a Cisco ASA over C(ansible.netcommon.network_cli); the offline form reads saved text on
      any host.
options:
  running_config:
    description:
      - The output of C(show running-config) (or C(more system:running-config)) as text.
      - Mutually exclusive with O(src).
    type: str
  src:
    description:
      - Path of a file holding the configuration, on the host the module runs on (the controller when the
        play uses the local connection).
      - Mutually exclusive with O(running_config).
    type: path
  host:
    description:
      - Name of the ASA in the report. Defaults to the C(hostname) in the configuration.
    type: str
  context:
    description:
      - Live form, multi-context ASA - the security context to read. The module first sends
        C(changeto context <context>) (the session must be in the system execution space or the admin context, the
        ones a C(changeto) works from) unless its prompt shows it in O(context) already (a login to that context's
        own address, where C(changeto) does not exist), reads, then changes back to where the session was, as its prompt showed it
        (C(hostname/context#) in a context, C(hostname#) in the system execution space; Cisco ASA CLI configuration
        guide, "Changing Between Contexts and the System Execution Space") - also when the read failed - so that a
        later task on the same connection (another M(vpnalign.s2s.asa_vpn_facts), M(vpnalign.s2s.asa_vpn_tunnel))
        runs where the login put it, not in O(context).
      - If changing back fails, the task fails naming the context the session is left in, and the persistent
        connection is closed, so that the next task logs in again instead of running in O(context).
      - A prompt that does not tell the context (a C(prompt) command adding the domain, say) fails the task before
        any C(changeto); a prompt that does not show O(context) after the C(changeto) fails it before anything is
        read (the session is then changed back).
      - On an ASA in single context mode C(changeto) does not exist; the task fails saying so.
      - Without O(context), a live read that lands in the system execution space of a multiple-context ASA (its
        configuration has C(ASA Version X <system>), C(admin-context) or C(context) lines) fails naming the contexts
        defined there, since none of the ASA's tunnels was read (C(playbooks/check.yml) reports the host as not read,
        HOST_NOT_READ). A saved system configuration given offline (O(src), O(running_config)) is still read, with
        its C(system_context) fact true.
    type: str
  include_secrets:
    description:
      - Live form - read C(more system:running-config), which shows pre-shared keys in clear, instead of
        C(show running-config), which masks them. Each clear key is turned into a keyed digest
        (see O(psk_hash_key)) as soon as it is read, so that C(AUTH_MISMATCH) can compare the two ends' keys;
        the keys themselves are never returned or logged.
      - Needs C(ansible_network_os=vpnalign.s2s.asa). Over another cliconf plugin (C(cisco.asa.asa)) the task fails
        before anything is read, since that plugin raises the device's reply unmasked and ansible-connection
        writes it to C(log_path) at C(-vvv).
    type: bool
    default: false
  psk_hash_key:
    description:
      - The key of the digests of pre-shared keys (HMAC-SHA256, shown as C(hmac-sha256:) and 16 hex digits).
      - Give the same value to M(vpnalign.s2s.azure_vpn_facts) in the same run so that the ASA's and Azure's
        digests can be compared. When not given, a random key is drawn for this task - the digests then match
        nothing and say nothing about the keys.
      - In the offline form, clear keys found in the text are digested only when this is given.
      - Live form - also the key of C(failover.config_digest); without it there is no digest, and two hosts never
        prove to be one failover pair's units. Give every ASA of a run the same value (C(playbooks/check.yml) and the
        align role do).
      - At least 16 characters; a random string (the task fails before anything is read otherwise).
    type: str
  gather_state:
    description:
      - Live form - also read C(show crypto ikev2 sa detail), C(show vpn-sessiondb detail l2l) and
        O(samples) times C(show crypto ipsec sa), and put the IKE and Child SA state of each tunnel end in
        C(state). With two or more samples, a Child SA whose C(#pkts encaps) rose while C(#pkts decaps) stayed
        frozen gets a C(ONE_WAY_TRAFFIC) finding.
    type: bool
    default: false
  gather_failover:
    description:
      - Live form - also read C(show failover), and put in C(failover) whether this ASA is a unit of a failover pair,
        which unit (primary or secondary) and its state (active, standby ready...).
        M(vpnalign.s2s.vpn_compat_check) then checks the two units of one pair, both inventory hosts, once (from the
        active unit), and the align role never pushes to a standby unit (configuration entered on a standby is not
        replicated to the active unit - Cisco ASA CLI configuration guide, failover chapter, Command Replication).
      - Two hosts are one pair's units only with proof - failover on, the same hostname, one primary and one
        secondary unit, and the same C(failover.config_digest) (the same configuration as read); any other hosts are
        independent ASAs, checked on their own (README, Failover pairs).
      - A C(show failover) the ASA refuses (AAA command authorization) or that does not read as one does not fail the
        read - the configuration facts stand, and C(failover) says the unit is unknown (C(enabled) null, C(error) why);
        the check then says so in a note. A session lost during it (the connection closed, or no prompt within the
        command timeout) fails the read, as it does at any other command. With C(false), no C(show failover) is sent,
        C(failover) is null and the pair's two units are checked as two ASAs.
    type: bool
    default: true
  samples:
    description:
      - How many times to read C(show crypto ipsec sa) when O(gather_state=true), 1 to 20.
    type: int
    default: 1
  sample_interval:
    description:
      - Seconds to wait between two samples, 0 to 300.
    type: float
    default: 5
  close_connection:
    description:
      - Live form - end the persistent connection to the ASA (its C(ansible-connection) process) when the read is
        done, success or failure, instead of leaving it open for later tasks until its idle timeout
        (C(persistent_connect_timeout)) or a C(reset_connection) meta task.
      - Over a fleet this keeps one connection per ASA being read, not one per ASA read in the last 30 s
        (a C(reset_connection) meta task after it runs only when every host has done the task). A later task on
        the same host opens a new connection. Not with C(async).
      - playbooks/check.yml and the align role's gather set it to C(true).
    type: bool
    default: false
notes:
  - Supports check mode; it only reads.
  - A relative O(src) is found as the C(src) of M(ansible.builtin.copy) is - in the role's C(files/) directory and
    the role's own, then in the playbook's directory and its C(files/) - and, not found there, in the directory
    C(ansible-playbook) runs in. Run on another host (neither the local connection nor network_cli), the module
    reads O(src) there, as given.
  - As with C(gather_facts), C(-v) does not print the facts (megabytes for a big configuration); at C(-v) the
    offline form prints a progress line per stage instead (lines to read, parsed, tunnel ends found, done), as
    it runs on the controller when the task does (local or network_cli connection).
  - The live form sends, after the terminal set-up of the connection (C(enable) with become, C(terminal pager 0)),
    C(show running-config) and C(show failover) (unless O(gather_failover=false)), plus C(changeto context) first
    (unless the login put the session in O(context)) and C(changeto system) or C(changeto context <where the session
    was>) last when O(context) is set, and with O(gather_state) two more commands and one C(show crypto ipsec sa) per
    sample.
  - When the ASA refuses C(terminal pager 0) (command authorization, a low privilege), a reply longer than its
    C(pager lines) stops at C(<--- More --->); with C(ansible_network_os=vpnalign.s2s.asa) the read then fails at
    once, saying that the pager stopped it and why.
  - The live form needs privileged EXEC - C(become=true) with C(become_method=ansible.netcommon.enable) and the
    enable password in C(ansible_become_password) - unless the user logs in at privilege 15.
seealso:
  - module: vpnalign.s2s.vpn_compat_check
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
- name: Read a saved running-config
  vpnalign.s2s.asa_vpn_facts:
    src: backups/asa01.txt

- name: Read a config held in a variable
  vpnalign.s2s.asa_vpn_facts:
    running_config: "{{ lookup('ansible.builtin.file', 'asa01.txt') }}"
    host: asa01

- name: Read the running config of a live ASA (inventory sets network_cli and vpnalign.s2s.asa)
  vpnalign.s2s.asa_vpn_facts:
  become: true
  become_method: ansible.netcommon.enable

- name: Read config and SA state, sample the counters three times 10 s apart, digest the keys
  vpnalign.s2s.asa_vpn_facts:
    gather_state: true
    samples: 3
    sample_interval: 10
    include_secrets: true
    psk_hash_key: "{{ vault_psk_hash_key }}"
  become: true
  become_method: ansible.netcommon.enable

- name: Show the tunnels found
  ansible.builtin.debug:
    msg: "{{ ansible_facts.vpnalign_asa.tunnels | map(attribute='name') }}"
"""

RETURN = r"""
commands:
  description: Live form - the commands the module sent (not counting the connection's terminal set-up).
  returned: live form
  type: list
  elements: str
  sample: ["show running-config", "show failover"]
ansible_facts:
  description: Facts added to the host.
  returned: always
  type: dict
  contains:
    vpnalign_asa:
      description: The ASA's tunnel ends in the vendor-neutral model, and the findings the parser made.
      type: dict
      contains:
        host:
          description: The ASA's name (O(host) or the configured hostname).
          type: str
          sample: gateway
        hostname:
          description: The C(hostname) line of the configuration; null when the text has none. O(host), when given,
            names the ASA in C(host) instead; this stays the configured name (failover units are paired by it).
          type: str
          sample: gateway
        version:
          description: The ASA software release from the C(ASA Version) line of the configuration, as printed;
            null when the text has no such line (a partial paste).
          type: str
          sample: "9.18(3)56"
        source:
          description: Where the configuration came from (C(running_config), C(src) or C(device)).
          type: str
          sample: src
        tunnels:
          description:
            - One entry per static crypto map entry with a peer; the vendor-neutral TunnelEnd with IKE and
              Child SA proposals, PFS group, lifetimes, traffic selectors, peer addresses, authentication
              method, DPD, NAT exemption and TCP MSS, each with the config lines it came from.
            - A value's C(source) cites those lines, each by its number in the configuration (its text in
              C(cited_lines)); a negative number -1-i cites C(cited_notes[i]).
            - Facts of releases before C(cited_lines) gave each tunnel a C(lines) table its sources indexed; the check
              still reads them.
          type: list
          elements: dict
        cited_lines:
          description:
            - The configuration lines the tunnels cite, each once for the device, keyed by line number (as a string).
              A line many tunnels share (an IKEv2 policy, an ipsec-proposal) is not repeated per tunnel.
          type: dict
          sample: {"31": "crypto ikev2 enable outside", "197": "crypto map OUTSIDE-MAP 4 set peer 203.0.113.4"}
        cited_notes:
          description:
            - Explanations the tunnels cite where no configuration line says it (such as no C(router bgp)), each once.
          type: list
          elements: str
          sample: ["(no 'router bgp': BGP is not configured)"]
        findings:
          description: Findings about the configuration itself (undefined references, values that cannot be read,
            crypto map not applied, IKEv2 not enabled), each with the lines it concerns; with O(gather_state),
            also C(ONE_WAY_TRAFFIC).
          type: list
          elements: dict
        counts:
          description: How many config lines were read and how many tunnel ends were found.
          type: dict
          sample: {"lines": 68, "tunnels": 1}
        static_routes:
          description:
            - The IPv4 static routes, each as [nameif, network, gateway, distance, whether the nameif is a tunnel
              interface's, the number of its line in the configuration].
            - A route fix must not clash with them - the ASA refuses an equal-cost route through another interface.
            - A finding about a route cites its line by that number.
          type: list
          elements: list
          sample: [["AZURE", "10.20.0.0/16", "169.254.21.1", 1, true, 61], ["outside", "0.0.0.0/0", "198.51.100.1", 1, false, 60]]
        connected_networks:
          description:
            - The networks the interfaces' addresses put them on (tunnel interfaces too), each as [nameif,
              network, interface, the number of its C(ip address) or C(ipv6 address) line in the configuration].
            - Each IPv6 prefix of an C(ipv6 address X/len) line is one (an interface may have several); a link-local
              address and one learnt by C(autoconfig) or DHCPv6 are not, as no fixed prefix is forwarded by them.
            - A route fix into a tunnel for a network within (or equal to) one of another interface is not shown nor
              planned - it would take the ASA's own traffic into the tunnel, and M(vpnalign.s2s.asa_vpn_tunnel) refuses
              it. C(ROUTE_MISSING) then says the traffic goes to that interface, naming it and its line.
            - With facts without it (an older release's) no route fix into a tunnel is shown, as none can be proven to
              leave the ASA's own networks alone - a note asks to gather the facts again.
          type: list
          elements: list
          sample: [["outside", "198.51.100.0/24", "GigabitEthernet0/0", 12], ["inside", "10.1.0.0/16", "GigabitEthernet0/1", 17],
                   ["inside", "2001:db8:1::/64", "GigabitEthernet0/1", 18]]
        known_networks:
          description:
            - The networks the ASA reaches other than through its default route - the connected networks and static
              routes of the interfaces no crypto map is bound to and no IKE is enabled on.
            - A selector fix never takes one of them out of a crypto ACL, and never gives a crypto ACL a new local
              network that none of these, of C(translated_networks) or of another tunnel's holds (such as a local
              network gateway's typo).
            - Null when C(router ospf), C(eigrp), C(rip) or C(isis) runs, BGP peers with a router not across a tunnel
              interface, or a default route leads inward - routes the collection does not read may reach anything.
          type: list
          elements: str
          sample: ["10.1.0.0/16", "10.0.0.0/8"]
        translated_networks:
          description:
            - The networks NAT rules translate from and to (a mapped range for overlapping addresses), which a crypto
              ACL may name.
          type: list
          elements: str
          sample: ["192.168.70.0/24"]
        tunneled_default_route:
          description:
            - Whether a C(tunneled) default route sends decrypted traffic to any address on to a router inside. Then
              which networks are behind the ASA is not known to the check of a route-based peer's routes.
          type: bool
          sample: false
        interface_addresses:
          description:
            - The static addresses (and standby addresses) of the interfaces that are not tunnel interfaces. A
              connection whose local network gateway holds one is aimed at this ASA, even where no tunnel of it is
              read; its C(PEER_NOT_FOUND) then carries this ASA's findings (a dynamic crypto map, say).
          type: list
          elements: str
          sample: ["198.51.100.10", "10.1.0.1"]
        dynamic_map_ends:
          description:
            - One tunnel end (the form of C(tunnels), with its own C(lines)) per entry of each dynamic crypto map a
              bound crypto map entry uses (C(crypto map M S ipsec-isakmp dynamic D)), with no peer. It is no tunnel;
              M(vpnalign.s2s.vpn_compat_check) checks its crypto (proposals, PFS, lifetimes, crypto ACL) against an
              Azure connection the dynamic map answers, and its fixes are C(crypto dynamic-map D S ...) lines.
          type: list
          elements: dict
        peer_configs:
          description:
            - The names of the site-to-site tunnel-groups (C(tunnel-group NAME type ipsec-l2l)) that authenticate their
              peer (IKEv2 remote and local authentication, or an IKEv1 key or trust-point). A fix that sets one of
              these peers as a crypto map entry's peer does not write its tunnel-group again.
            - M(vpnalign.s2s.vpn_compat_check) reads it from facts given as data; without it, such a fix writes the
              tunnel-group lines as for a peer with none.
          type: list
          elements: str
          sample: ["203.0.113.20"]
        peer_auths:
          description:
            - How each of the tunnel-groups in RV(ansible_facts.vpnalign_asa.peer_configs) authenticates, per IKE
              version it authenticates both ways with (C("1"), C("2")) - C(method) (C(psk), C(certificate), or
              C("<local> to the peer, <remote> from it")), C(psk_digest) (a keyed digest made per run, never the key) and C(source), the lines that say it.
            - M(vpnalign.s2s.vpn_compat_check) proves a fix that sets one of these peers with that tunnel-group's
              authentication; a tunnel-group without authentication of the tunnel's IKE version gets it written.
            - C(settings) says what else the tunnel-group decides for a tunnel to its peer - C(dpd) (its isakmp
              keepalive), C(ike_versions) (those its group-policy's vpn-tunnel-protocol allows; null when that
              group-policy is not defined) with C(ike_versions_source), and C(ref) (its C(group_policy) and
              C(vpn_tunnel_protocols)) - which that proof uses too.
          type: dict
          sample: {"203.0.113.20": {"2": {"method": "psk", "psk_digest": null,
                   "source": [{"line": 58, "text": " ikev2 remote-authentication pre-shared-key *****"}]}}}
        ingress:
          description:
            - Which interface the ASA routes each network to, for a fix that gives a crypto ACL a new local network and
              must exempt it from NAT on the interface it enters by - C(route <prefix> <nameif>) for a static route
              and for an interface's IPv4 network (the connected route it makes; it wins over a static route for the
              same prefix), C(connected <prefix> <nameif>) for an interface's IPv6 network (C(-) where the route names
              no nameif),
              C(entry <nameif>) for each interface through traffic can enter by (not management-only, not shut down),
              and C(ipv6-unknown <nameif> <length>|any) for an interface whose IPv6 networks the text does not state.
              Default routes are left out.
            - M(vpnalign.s2s.vpn_compat_check) reads it from facts given as data
              (O(vpnalign.s2s.vpn_compat_check#module:asa_facts)); without it, no NAT exemption fix for a new local
              network is proven (it is left to a person).
          type: list
          elements: str
          sample: ["route 198.51.100.8/29 INTERNET", "route 10.1.0.0/16 LAN", "entry INTERNET", "entry LAN"]
        system_context:
          description:
            - Whether the config is the system configuration of a multiple-context ASA (C(ASA Version X <system>)),
              which holds no VPN; the check then asks for the running-config of the security context instead.
              A live read of it fails (see O(context)), so only the offline form returns it true.
          type: bool
        failover:
          description:
            - Live form - what C(show failover) says of this ASA; null with O(gather_failover=false).
            - C(enabled) (C(Failover On)), C(unit) (C(primary) or C(secondary), as configured by
              C(failover lan unit)), C(state) (this unit's state in lower case - C(active), C(standby ready),
              C(cold standby), C(failed)...; null when failover is off), C(mate_state) (the other unit's state as
              this unit sees it), and on an Active/Active unit C(groups) (failover group number to its state).
            - C(config_digest) - C(hmac-sha256:) and the HMAC-SHA256, keyed with O(psk_hash_key), of the configuration
              lines failover replicates (without C(failover lan unit), header, comment and marker lines), every
              secret-looking value masked first - the same on the two units of one pair in sync read with one key; it
              proves them one pair's units. Null without O(psk_hash_key) (the key keeps a secret the masking missed
              from being guessed offline against the digest).
            - When C(show failover) was refused or not read as one - C(enabled) null and C(error) (why); the unit is
              unknown.
          type: dict
          returned: live form
          sample: {"enabled": true, "unit": "secondary", "state": "standby ready", "mate_state": "active",
                   "config_digest": "hmac-sha256:5d41402abc4b2a76b9719d911017c592b8a2c8ddc8b1a1a5e4e0d4f3b0c1a2b3"}
        state:
          description:
            - With O(gather_state) - per tunnel end name, the live state - C(ike_sas) (local/remote, status, role,
              encryption, integrity, PRF, DH group, lifetime, remaining seconds), C(child_sas) (crypto map, seq,
              local/remote ident, peer, SPIs in/out, inbound/outbound SAs with transform and remaining kB/seconds,
              PFS group when the session database shows it, counters, C(samples), C(traffic) verdict
              C(one_way)/C(two_way)/C(idle)/C(unknown)), C(sessions) (from C(show vpn-sessiondb detail l2l)) and
              C(complete) (false when a reply was cut short or a record could not be read whole).
            - Values the device masked or garbled (C(51.a.b.c)) are kept as printed, with a note.
          type: dict
          returned: when O(gather_state=true)
        state_info:
          description: With O(gather_state) - samples taken, interval, commands sent, state records that fit
            no tunnel end (C(unmatched)) and notes about what could not be read.
          type: dict
          returned: when O(gather_state=true)
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
# the live form (shared with the action plugin, plugins/action/asa_vpn_facts.py)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.live_read import gather_live
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state import SAMPLE_INTERVAL_MAX, SAMPLES_MAX
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_src
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import file_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import run_id_error, stamped
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import hash_key_error, make_psk_digester, redact


def option_error(params):
    """Why the validated options cannot run (None: they can), before anything is read. The action plugin leaves such
    options to the module, so that these words are the only ones."""
    samples, interval = params["samples"], params["sample_interval"]
    if not 1 <= samples <= SAMPLES_MAX:
        return "samples must be 1 to %d, not %s" % (SAMPLES_MAX, samples)
    if not 0 <= interval <= SAMPLE_INTERVAL_MAX:  # NaN and inf fail this too
        return "sample_interval must be 0 to %d seconds, not %s" % (SAMPLE_INTERVAL_MAX, interval)
    if run_id_error(params["run_id"]):
        return run_id_error(params["run_id"])
    if hash_key_error(params["psk_hash_key"]):
        return hash_key_error(params["psk_hash_key"])
    if params["context"] is not None:  # it goes into `changeto context <context>`: a newline would be one more command
        return names.context_error(params["context"])
    return None


def echoed_params(params):
    """``params`` as the result echoes them (``invocation``, shown at -vvv and in log_path): a ``running_config`` given
    as text with its secrets masked, as ``more system:running-config`` holds them in clear (review 2026-12-06: the keys
    came back in the module_args of the offline form). Not no_log: that would hide the whole text of every task."""
    if not isinstance(params.get("running_config"), str):
        return params
    return dict(params, running_config=redact(params["running_config"]))


# Shared with the action plugin (plugins/action/asa_vpn_facts.py), which validates the same options.
ARGUMENT_SPEC = dict(
    running_config=dict(type="str"),
    src=dict(type="path"),
    host=dict(type="str"),
    context=dict(type="str"),
    include_secrets=dict(type="bool", default=False),
    psk_hash_key=dict(type="str", no_log=True),
    run_id=dict(type="str"),
    gather_state=dict(type="bool", default=False),
    gather_failover=dict(type="bool", default=True),
    samples=dict(type="int", default=1),
    sample_interval=dict(type="float", default=5),
    close_connection=dict(type="bool", default=False),  # done by the action plugin (plugins/action/asa_vpn_facts.py)
)
MUTUALLY_EXCLUSIVE = [("running_config", "src")]


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=MUTUALLY_EXCLUSIVE,
        supports_check_mode=True,
    )
    params = dict(module.params)
    module.params.update(echoed_params(params))  # what exit_json and fail_json echo; ``params`` keeps the text
    problem = option_error(params)
    if problem:
        module.fail_json(msg="asa_vpn_facts: %s" % problem)
    secrets = set()
    offline = params["running_config"] is not None or params["src"] is not None
    if offline:
        live_only = [name for name in ("context", "gather_state", "include_secrets") if params[name]]
        if live_only:
            module.fail_json(msg="asa_vpn_facts: %s only apply to the live form (without running_config/src)"
                                 % ", ".join(live_only))
        digester = make_psk_digester(params["psk_hash_key"], secrets) if params["psk_hash_key"] else None
        text, source = params["running_config"], "running_config"
        if params["src"]:
            source = "src"
            text = file_text(read_src(module, "asa_vpn_facts"), "surrogateescape")  # UTF-16 with a BOM too
        try:
            facts = asa_facts_from_text(text, host=params["host"], source=source, psk_digest=digester)
        except NotAsaConfig as exc:
            where = params["src"] if params["src"] else "running_config"
            module.fail_json(msg="asa_vpn_facts: %s is %s" % (where, exc))
        module.exit_json(changed=False, ansible_facts=dict(vpnalign_asa=stamped(facts, params["run_id"])))
    digester = make_psk_digester(params["psk_hash_key"], secrets)
    result = gather_live(module, digester, secrets)
    module.exit_json(changed=False, commands=result["commands"],
                     ansible_facts=dict(vpnalign_asa=stamped(result["facts"], params["run_id"])))


if __name__ == "__main__":
    main()
