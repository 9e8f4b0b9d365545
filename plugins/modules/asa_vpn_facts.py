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
        ones a C(changeto) works from), reads, then changes back to where the session was, as its prompt showed it
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
        the check then says so in a note. With C(false), no C(show failover) is sent, C(failover) is null and the
        pair's two units are checked as two ASAs.
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
    and C(changeto system) or C(changeto context <where the session was>) last when O(context) is set, and with
    O(gather_state) two more commands and one C(show crypto ipsec sa) per sample.
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
          type: list
          elements: dict
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
            - The IPv4 networks the interfaces' addresses put them on (tunnel interfaces too), each as [nameif,
              network, interface, the number of its C(ip address) line in the configuration].
            - A route fix into a tunnel for a network within (or equal to) one of another interface is not shown nor
              planned - it would take the ASA's own traffic into the tunnel, and M(vpnalign.s2s.asa_vpn_tunnel) refuses
              it. C(ROUTE_MISSING) then says the traffic goes to that interface, naming it and its line.
            - With facts without it (an older release's) no route fix into a tunnel is shown, as none can be proven to
              leave the ASA's own networks alone - a note asks to gather the facts again.
          type: list
          elements: list
          sample: [["outside", "198.51.100.0/24", "GigabitEthernet0/0", 12], ["inside", "10.1.0.0/16", "GigabitEthernet0/1", 17]]
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

import ast
import re

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection, ConnectionError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import add_state, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import SHOW_FAILOVER, config_digest, parse_show_failover
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
# one reading of the prompt and of `changeto` for this module and asa_vpn_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import CHANGETO_HINT, and_then, context_of_prompt
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import context_names, system_config_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.session_context import where as _where
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state import (
    SAMPLE_INTERVAL_MAX,
    SAMPLES_MAX,
    SHOW_IKEV2_SA,
    SHOW_IPSEC_SA,
    SHOW_SESSIONDB_L2L,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import SECRETS_MASKED_RPC, unmasked_error, wait_alive
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_src
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import file_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import run_id_error, stamped
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import hash_key_error, make_psk_digester, redact

SHOW_RUN = "show running-config"
MORE_SYSTEM_RUN = "more system:running-config"
# network_cli hands back the text "None" when the channel closed before the prompt returned
CLOSED_REPLY = "None"

_HINTS = (
    # the cliconf's message when the pager stopped a reply names its own cause (terminal pager 0 refused)
    ("<--- more --->", None),
    # SSH trust, before the words a failed login shares with it (review E2)
    ("host key", "the ASA's SSH host key is not the one known_hosts holds for this address (a replaced device, or "
                 "something in between): check the key, then update ~/.ssh/known_hosts; ansible_host_key_checking: "
                 "false skips the check"),
    ("authenticity of host", "the ASA's SSH host key is not in known_hosts: add it (ssh-keyscan, after checking its "
                             "fingerprint on the console), or set ansible_host_key_checking: false"),
    ("command authorization failed", "the ASA's command authorization (AAA) refused it for this user"),
    ("invalid input", "the ASA does not accept it here: is the session in privileged EXEC? Use become: true with "
                      "become_method: ansible.netcommon.enable (and the enable password in ansible_become_password)"),
    ("incomplete command", "the ASA found the command incomplete"),
    ("enable failed", None),
    ("authentication", "check ansible_user and ansible_password"),
    ("access denied", "check ansible_user and ansible_password"),
    ("command timeout", "no prompt came back in time: the reply was cut short (connection closed mid-reply) or "
                        "the ASA is slow; see ansible_command_timeout"),
    ("timed out", "is the ASA reachable on that address and port?"),
    ("timeout", "is the ASA reachable on that address and port?"),
    ("refused", "is the ASA reachable on that address and port, with SSH enabled?"),
    ("unable to connect", "is the ASA reachable on that address and port, with SSH enabled?"),
    ("no route", "is the ASA reachable on that address and port?"),
    ("cut short", None),
    ("closed", "the reply was cut short: the connection dropped, or the ASA ended the session"),
)


# Failures of the connection set-up (login, enable, terminal) rather than of the command sent
_SESSION_FAILURES = ("ssh connection failed", "ssh connect failed", "enable failed", "authentication",
                     "unable to open shell", "unable to elevate privilege", "timed out", "no route to host",
                     "name or service not known", "connection refused", "unable to connect",
                     "host key", "authenticity of host", "could not resolve")


class DeviceError(Exception):
    pass


_BYTES_REPR = re.compile(r"\bb'(?:[^'\\]|\\.)*'" + r'|\bb"(?:[^"\\]|\\.)*"')


def _unrepr(match):
    try:
        return to_text(ast.literal_eval(match.group(0)), errors="surrogate_or_replace")
    except (ValueError, SyntaxError):
        return match.group(0)


def _device_words(message, secrets):
    """The device's message, reduced to its meaningful lines and redacted. network_cli raises
    with the raw reply (bytes), which arrives here as its repr: decode it first."""
    text = _BYTES_REPR.sub(_unrepr, to_text(message, errors="surrogate_or_replace"))
    text = redact(text, secrets)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    markers = ("error", "failed", "invalid", "incomplete", "denied", "refused", "timed out", "timeout", "closed",
               "unable", "cannot", "could not", "authentication", "unreachable", "no route", "cut short")
    keep = [line for line in lines if any(m in line.lower() for m in markers)]
    keep = (keep or lines)[-4:]
    return " | ".join(keep)[:800] or "no message"


def _hint(words):
    low = words.lower()
    for marker, hint in _HINTS:
        if marker in low:
            return hint
    return None


class LiveAsa(object):
    """The commands this module sends, through whichever cliconf serves the connection
    (vpnalign.s2s.asa or cisco.asa.asa): only ``get`` is used, which both have."""

    def __init__(self, module, secrets):
        self.module = module
        self.secrets = secrets
        self.sent = []
        self.conn = Connection(module._socket_path)

    def context(self):
        """The context the session is in now, from its prompt (context_of_prompt)."""
        try:
            prompt = self.conn.get_prompt()
        except ConnectionError as exc:
            raise DeviceError("could not read the session's prompt: %s" % _device_words(exc, self.secrets))
        try:
            return context_of_prompt(prompt)
        except ValueError as exc:
            raise DeviceError("cannot tell which context the session is in, so it could not be changed back after the "
                              "read (%s): nothing was sent; use the default prompt (hostname and context)" % exc)

    def wait(self, seconds):
        """Sleep ``seconds`` between samples, keeping the persistent connection (device_cli.wait_alive)."""
        wait_alive(seconds, self._ping)

    def _ping(self):
        try:
            self.conn.get_prompt()  # answered by ansible-connection from the last prompt seen: nothing reaches the ASA
        except ConnectionError as exc:
            raise DeviceError("the connection ended while waiting between samples: %s" % _device_words(exc, self.secrets))

    def run(self, command, hint=None):
        self.sent.append(command)
        try:
            reply = self.conn.get(command=command)
        except ConnectionError as exc:
            words = _device_words(exc, self.secrets)
            hint = hint or _hint(words)
            hint = (" (%s)" % hint) if hint else ""
            if any(marker in words.lower() for marker in _SESSION_FAILURES):
                raise DeviceError("could not open a CLI session on the ASA: %s%s" % (words, hint))
            raise DeviceError("`%s` failed: %s%s" % (command, words, hint))
        reply = to_text(reply, errors="surrogate_or_replace") if reply is not None else None
        if reply is None or reply.strip() == CLOSED_REPLY:
            raise DeviceError("`%s` failed: the ASA closed the connection before the reply was complete "
                              "(reply cut short)" % command)
        return reply


def _config_complete(text):
    """A whole ``show running-config`` ends with ``: end``."""
    for line in reversed(text.splitlines()):
        if line.strip():
            return line.strip().lower() in (": end", ":end", "end")
    return False


def read_failover(asa, text, key=None, secrets=()):
    """The compact failover fact with ``config_digest`` (failover.config_digest of ``text`` keyed with ``key``, the
    run's psk_hash_key: secrets masked, never a line; None without a key). A ``show failover`` refused (AAA command
    authorization) or not read as one does not fail the read: the configuration facts stand, and the fact says the
    unit is unknown (``enabled`` null) and why - redacted (secrets.redact, and ``secrets``: the clear keys read), since
    the reason may quote the reply's first line and goes into notes and reports."""
    try:
        facts = parse_show_failover(asa.run(SHOW_FAILOVER))
    except (DeviceError, ValueError) as exc:
        why = " ".join(("%s" % exc).split())
        if not isinstance(exc, DeviceError):
            # a DeviceError holds the device's words redacted already (LiveAsa.run) and this module's hint, which
            # redact would garble ("the enable password ***** ansible_become_password", review E5)
            why = redact(why, secrets)
        return {"enabled": None, "unit": None, "state": None, "mate_state": None,
                "error": "`%s` did not return the failover status: %s" % (SHOW_FAILOVER, why[:300])}
    facts["config_digest"] = config_digest(text, key)
    return facts


def enter_context(asa, context):
    """``changeto context <context>``; returns where the session was before (None: the system execution space)."""
    home = asa.context()
    asa.run("changeto context %s" % context, hint=CHANGETO_HINT)
    return home


def in_context(asa, context):
    """DeviceError unless the prompt shows ``context`` after the changeto: an ASA that answered it without changing
    (AAA command authorization, a reply network_cli took for success) would have had another context read as this one,
    and align would plan its push on that."""
    now = asa.context()
    if now != context:
        raise DeviceError("after `changeto context %s` the session's prompt shows %s, not context %s: nothing was read"
                          % (context, _where(now), context))


def leave_context(asa, context, home):
    """Change back to ``home`` after reading ``context``. None when the session is back there; else what went wrong,
    after closing the persistent connection, so that no later task on it runs in ``context``."""
    if home == context:
        return None
    back = "changeto system" if home is None else "changeto context %s" % home
    left = context
    try:
        asa.run(back, hint=CHANGETO_HINT)
        left = asa.context()
        if left == home:
            return None
        why = "the prompt then showed %s" % _where(left)
    except DeviceError as exc:
        why = "%s" % exc
    try:
        asa.conn.reset()
        closed = "the persistent connection was closed, so the next task logs in again"
    except ConnectionError as exc:
        closed = ("closing the persistent connection failed too (%s): end it (meta: reset_connection) before any other "
                  "task on this host" % _device_words(exc, asa.secrets))
    return ("could not change back to %s after reading context %s (%s): the session was left in %s; %s"
            % (_where(home), context, why, _where(left), closed))


def system_space_error(facts, text):
    """Why a live read without ``context`` is no read of the ASA's tunnels: the session is in the system execution space
    of a multiple-context ASA (``ASA Version X <system>``, or the lines only its configuration has), whose VPNs run in
    the contexts; None otherwise. A forgotten vpnalign_asa_context must fail the host (HOST_NOT_READ), not read as an
    ASA without tunnels next to others (review E1); a saved system configuration given as a file is still only noted."""
    line = "ASA Version %s <system>" % facts["version"] if facts.get("system_context") else system_config_line(text)
    if not line:
        return None
    names = context_names(text)
    which = "one of its contexts (%s)" % ", ".join(names) if names else "the context"
    return ("the session is in the system execution space of a multiple-context ASA (the configuration read has `%s`): "
            "its VPN tunnels are in the security contexts, none of which was read; set context (the host variable "
            "vpnalign_asa_context in playbooks/check.yml and the align role) to %s that terminates the tunnels"
            % (line, which))


def read_live(asa, params, digester, secrets):
    """The facts of the context the session is in."""
    command = MORE_SYSTEM_RUN if params["include_secrets"] else SHOW_RUN
    text = asa.run(command)
    if not _config_complete(text):
        lines = len(text.splitlines())
        raise DeviceError("`%s` failed: the reply was cut short (%d line(s) and no ': end' line)" % (command, lines))
    try:
        facts = asa_facts_from_text(text, host=params["host"], source="device", psk_digest=digester)
    except NotAsaConfig as exc:
        raise DeviceError("`%s` did not return an ASA configuration (%s)" % (command, exc))
    problem = system_space_error(facts, text) if params["context"] is None else None
    if problem:
        raise DeviceError(problem)
    # which unit of a failover pair this is (vpn_compat_check checks a proven pair once; align never pushes to a
    # standby); the digest of the replicated lines is what proves two hosts are one pair's units
    facts["failover"] = (read_failover(asa, text, params["psk_hash_key"], secrets) if params["gather_failover"]
                         else None)
    del text
    if params["gather_state"]:
        samples = max(1, params["samples"])
        interval = max(0.0, float(params["sample_interval"]))
        ipsec = [asa.run(SHOW_IPSEC_SA)]
        ikev2 = asa.run(SHOW_IKEV2_SA)
        sessiondb = asa.run(SHOW_SESSIONDB_L2L)
        for _n in range(1, samples):
            asa.wait(interval)
            ipsec.append(asa.run(SHOW_IPSEC_SA))
        add_state(facts, ipsec, ikev2, sessiondb, interval=interval, commands=asa.sent)
    return facts


def gather_live(module, digester, secrets):
    params = module.params
    if not module._socket_path:
        module.fail_json(msg="asa_vpn_facts: no running_config or src given, and no persistent connection to read "
                             "the ASA live: run it against an ASA host with ansible_connection="
                             "ansible.netcommon.network_cli and ansible_network_os=vpnalign.s2s.asa (or cisco.asa.asa)")
    asa = LiveAsa(module, secrets)
    if params["include_secrets"]:
        problem = unmasked_error(getattr(asa.conn, SECRETS_MASKED_RPC), ConnectionError, "include_secrets")
        if problem:
            module.fail_json(msg="asa_vpn_facts: %s; nothing was read" % problem, commands=[])
    context = params["context"]
    errors = []
    facts = None
    try:
        home = enter_context(asa, context) if context else None
    except DeviceError as exc:
        errors.append("%s" % exc)
    else:
        # also when the read failed, or crashed: a later task on this connection must not run in `context`
        try:
            if context:
                in_context(asa, context)
            facts = read_live(asa, params, digester, secrets)
        except DeviceError as exc:
            errors.append("%s" % exc)
        except Exception as exc:
            left = leave_context(asa, context, home) if context else None
            if left:
                raise RuntimeError(and_then("%s" % exc, left)) from exc
            raise
        left = leave_context(asa, context, home) if context else None
        if left:
            errors.append(left)
    if errors:
        module.no_log_values.update(secrets)
        module.fail_json(msg="asa_vpn_facts: %s" % "; and ".join(errors), commands=asa.sent)
    return {"commands": asa.sent, "facts": facts}


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
