# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cisco ASA command line of the lab, without SSH (``server.py`` carries it over SSH).

Test code only.  It keeps the configuration as text (a list of lines; a child line is
indented by one space more than its parent) and deliberately imports nothing from
``plugins/``: the lab must not share a parser with the code it tests.

``Device`` is shared by every session of one server: configuration stores (one per
security context), the scenario, the command log and the state file.  ``CliSession`` is
one interactive shell: ``feed()`` takes the bytes the client typed, and the session
answers through the ``write``/``close`` callables it was given.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import threading
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

ASA_VERSION = "9.16(4)"
ASDM_VERSION = "7.18(1)"
MODEL = "ASA5516"
SERIAL = "JAD21420ABC"
# The device pretends to have been up this long when the server starts.
UPTIME_OFFSET = 12 * 86400 + 3 * 3600 + 17 * 60

INVALID_INPUT = "ERROR: % Invalid input detected at '^' marker."
INCOMPLETE = "ERROR: % Incomplete command"
AUTH_FAILED = "Command authorization failed"
MORE_PROMPT = "<--- More --->"

NO_IKEV2_SA = "There are no IKEv2 SAs"
NO_IKEV1_SA = "There are no IKEv1 SAs"
NO_IPSEC_SA = "There are no ipsec sas"
NO_SESSIONS = "INFO: There are presently no active sessions"


def norm(text: str) -> str:
    """Collapse runs of whitespace; the key used to compare commands and config lines."""
    return " ".join(text.split())


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else 0


def mask_secrets(line: str) -> str:
    """``show running-config`` prints pre-shared keys as ``*****`` (``more system:`` does not)."""
    return re.sub(r"(\bpre-shared-key\s+)\S.*$", r"\g<1>*****", line)


# ---------------------------------------------------------------------------------------------
# Grammar: what the lab knows.  Anything else is "% Invalid input".
# ---------------------------------------------------------------------------------------------

# First words accepted in global configuration mode.
TOP_KEYWORDS = frozenset("""
aaa aaa-server access-group access-list arp asdm asp auth-prompt banner boot call-home class-map
clock command-alias community-list compression console context crypto ddns dhcp-client dhcpd
dhcprelay dns dns-group domain-name dynamic-access-policy-record dynamic-filter enable established
failover firewall fips flow-export ftp group-delimiter group-policy hostname http icmp igmp interface
ip ipv6 jumbo-frame ldap license logging mac-address management-access monitor-interface mtu
multicast-routing name names nat ntp object object-group pager passwd password policy-list
policy-map prefix-list priority-queue privilege prompt quota route route-map router
same-security-traffic service service-policy smtp-server snmp-server ssh ssl sysopt telnet
tftp-server threat-detection time-range timeout tls-proxy tunnel-group tunnel-group-map
user-identity username vpdn vpn vpn-addr-assign vpnclient vpn-sessiondb webvpn wccp xlate zone
""".split())

# Commands that run the same in privileged EXEC and in any configuration mode.
EXEC_IN_CONFIG = frozenset(["show", "more", "write", "terminal", "changeto", "ping", "traceroute"])

CRYPTO_SECOND = {"ipsec", "ikev1", "ikev2", "map", "dynamic-map", "ca", "key", "engine"}
CRYPTO_IPSEC_THIRD = {"ikev1", "ikev2", "security-association", "profile", "inner-routing-lookup",
                      "df-bit", "fragmentation"}
CRYPTO_IKEV2_THIRD = {"policy", "enable", "remote-access", "limit", "notify", "cookie-challenge",
                      "fragmentation", "redirect"}
CRYPTO_IKEV1_THIRD = {"policy", "enable", "am-disable", "identity", "ipsec-over-tcp", "limit"}
CRYPTO_MAP_SET = {"peer", "pfs", "ikev1", "ikev2", "security-association", "nat-t-disable", "reverse-route",
                  "connection-type", "trustpoint", "inheritance", "phase1-mode", "tfc-packets",
                  "validation-usage"}
# "crypto map M S <these words>" is one setting: a new value replaces the old one.
CRYPTO_MAP_SETTINGS = sorted([
    ("match", "address"), ("set", "peer"), ("set", "pfs"), ("set", "ikev2", "ipsec-proposal"),
    ("set", "ikev1", "transform-set"), ("set", "ikev2", "pre-shared-key"),
    ("set", "security-association", "lifetime", "seconds"), ("set", "security-association", "lifetime", "kilobytes"),
    ("set", "security-association", "replay"), ("set", "connection-type"), ("set", "trustpoint"),
    ("set", "inheritance"), ("set", "nat-t-disable"), ("set", "reverse-route"), ("set", "ikev1", "phase1-mode"),
    ("set", "tfc-packets"), ("set", "validation-usage"),
], key=len, reverse=True)

DH_GROUPS = {"1", "2", "5", "14", "15", "16", "19", "20", "21", "24", "31"}
PFS_GROUPS = {"group" + g for g in DH_GROUPS}
IKEV2_ENCRYPTION = {"des", "3des", "aes", "aes-192", "aes-256", "aes-gcm", "aes-gcm-192", "aes-gcm-256", "null"}
IKEV2_INTEGRITY = {"md5", "sha", "sha256", "sha384", "sha512", "null"}
IKEV2_PRF = {"md5", "sha", "sha256", "sha384", "sha512"}
IKEV1_ENCRYPTION = {"des", "3des", "aes", "aes-192", "aes-256"}
ESP_ENCRYPTION = {"des", "3des", "aes", "aes-192", "aes-256", "aes-gcm", "aes-gcm-192", "aes-gcm-256",
                  "aes-gmac", "aes-gmac-192", "aes-gmac-256", "null"}
ESP_INTEGRITY = {"md5", "sha-1", "sha-256", "sha-384", "sha-512", "null"}

# Top-level commands that open a sub-mode: (regex on the normalised line, prompt mode).
TOP_PARENTS = [
    (re.compile(r"^interface \S+( \S+)?$"), "config-if"),
    (re.compile(r"^object network \S+$"), "config-network-object"),
    (re.compile(r"^object service \S+$"), "config-service-object"),
    (re.compile(r"^object-group network \S+$"), "config-network-object-group"),
    (re.compile(r"^object-group service \S+( (tcp|udp|tcp-udp))?$"), "config-service-object-group"),
    (re.compile(r"^object-group protocol \S+$"), "config-protocol-object-group"),
    (re.compile(r"^object-group icmp-type \S+$"), "config-icmp-object-group"),
    (re.compile(r"^crypto ikev2 policy \d+$"), "config-ikev2-policy"),
    (re.compile(r"^crypto ikev1 policy \d+$"), "config-ikev1-policy"),
    (re.compile(r"^crypto ipsec ikev2 ipsec-proposal \S+$"), "config-ipsec-proposal"),
    (re.compile(r"^crypto ipsec profile \S+$"), "config-ipsec-profile"),
    (re.compile(r"^crypto ca trustpool policy$"), "config-ca-trustpool"),
    (re.compile(r"^crypto ca trustpoint \S+$"), "config-ca-trustpoint"),
    (re.compile(r"^tunnel-group \S+ general-attributes$"), "config-tunnel-general"),
    (re.compile(r"^tunnel-group \S+ ipsec-attributes$"), "config-tunnel-ipsec"),
    (re.compile(r"^tunnel-group \S+ webvpn-attributes$"), "config-tunnel-webvpn"),
    (re.compile(r"^group-policy \S+ attributes$"), "config-group-policy"),
    (re.compile(r"^username \S+ attributes$"), "config-username"),
    (re.compile(r"^dynamic-access-policy-record \S+$"), "config-dynamic-access-policy-record"),
    (re.compile(r"^class-map \S+$"), "config-cmap"),
    (re.compile(r"^policy-map( type inspect \S+)? \S+$"), "config-pmap"),
    (re.compile(r"^webvpn$"), "config-webvpn"),
]


def _first(tokens: Sequence[str], n: int = 1) -> str:
    return " ".join(tokens[:n])


def _key_first(tokens):
    return tokens[0]


def _key_proposal(tokens):
    return _first(tokens, 3) if tokens[:2] == ["protocol", "esp"] else tokens[0]


def _key_network_object(tokens):
    return "address" if tokens[0] in ("host", "subnet", "range", "fqdn") else tokens[0]


def _key_description_only(tokens):
    return "description" if tokens[0] == "description" else None


def _key_tunnel_ipsec(tokens):
    return _first(tokens, 2) if len(tokens) > 2 else tokens[0]


def _key_interface(tokens):
    return _first(tokens, 2) if tokens[0] in ("ip", "ipv6", "tunnel") else tokens[0]


def _key_ipsec_profile(tokens):
    if tokens[:3] == ["set", "security-association", "lifetime"]:
        return _first(tokens, 4)
    if tokens[:2] == ["set", "ikev2"] or tokens[:2] == ["set", "ikev1"]:
        return _first(tokens, 3)
    return _first(tokens, 2)


def _key_none(tokens):
    return None


def _bad_values(tokens, start, allowed):
    """Index of the first token from ``start`` on that is not in ``allowed``; len if none given."""
    if len(tokens) <= start:
        return len(tokens)
    for i in range(start, len(tokens)):
        if tokens[i] not in allowed:
            return i
    return None


def _bad_number(tokens, i, low, high, words=()):
    if len(tokens) <= i:
        return len(tokens)
    if tokens[i] in words:
        return None
    if not tokens[i].isdigit() or not low <= int(tokens[i]) <= high:
        return i
    return None


def _check_ikev2_policy(tokens, negated):
    if negated:
        return None
    word = tokens[0]
    if word == "encryption":
        return _bad_values(tokens, 1, IKEV2_ENCRYPTION)
    if word == "integrity":
        return _bad_values(tokens, 1, IKEV2_INTEGRITY)
    if word == "group":
        return _bad_values(tokens, 1, DH_GROUPS)
    if word == "prf":
        return _bad_values(tokens, 1, IKEV2_PRF)
    if word == "lifetime":
        if len(tokens) < 2:
            return 1
        if tokens[1] == "none":
            return None
        if tokens[1] != "seconds":
            return 1
        return _bad_number(tokens, 2, 120, 2147483647)
    return None


def _check_ikev1_policy(tokens, negated):
    if negated:
        return None
    word = tokens[0]
    allowed = {"authentication": {"pre-share", "rsa-sig", "crack"}, "encryption": IKEV1_ENCRYPTION,
               "hash": {"md5", "sha"}, "group": DH_GROUPS}
    if word in allowed:
        if len(tokens) != 2:
            return min(len(tokens), 2)
        return None if tokens[1] in allowed[word] else 1
    if word == "lifetime":
        return _bad_number(tokens, 1, 120, 2147483647)
    return None


def _check_proposal(tokens, negated):
    if tokens[0] != "protocol":
        return 0
    if len(tokens) < 2:
        return 1
    if tokens[1] != "esp":
        return 1
    if len(tokens) < 3:
        return 2
    if tokens[2] not in ("encryption", "integrity"):
        return 2
    if negated:
        return None
    return _bad_values(tokens, 3, ESP_ENCRYPTION if tokens[2] == "encryption" else ESP_INTEGRITY)


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _check_network_object(tokens, negated):
    if negated:
        return None
    word = tokens[0]
    if word == "host":
        return (1 if len(tokens) < 2 or not _is_address(tokens[1]) else None)
    if word == "subnet":
        if len(tokens) < 2 or not (_is_address(tokens[1]) or "/" in tokens[1]):
            return 1
        if "." in tokens[1] and (len(tokens) < 3 or not _is_address(tokens[2])):
            return 2
        return None
    if word == "range":
        for i in (1, 2):
            if len(tokens) <= i or not _is_address(tokens[i]):
                return i
    return None


def _check_none(tokens, negated):
    return None


class ModeSpec:
    """A configuration sub-mode: the first words it accepts and how its children replace each other."""

    def __init__(self, children, key=_key_none, check=_check_none, sub_parents=()):
        self.children = frozenset(children.split()) if isinstance(children, str) else children
        self.key = key
        self.check = check
        # (regex on the normalised child line, sub-mode) for children that open a nested mode
        self.sub_parents = [(re.compile(p), m) for p, m in sub_parents]


MODES: Dict[str, ModeSpec] = {
    "config-if": ModeSpec("nameif security-level ip ipv6 shutdown description speed duplex vlan management-only "
                          "tunnel channel-group mac-address pppoe delay zone-member nve-only flowcontrol lacp "
                          "bridge-group ospf authentication policy-route", key=_key_interface),
    "config-network-object": ModeSpec("host subnet range fqdn description nat", key=_key_network_object,
                                      check=_check_network_object),
    "config-service-object": ModeSpec("service description", key=_key_first),
    "config-network-object-group": ModeSpec("network-object group-object description", key=_key_description_only),
    "config-service-object-group": ModeSpec("port-object service-object group-object description",
                                            key=_key_description_only),
    "config-protocol-object-group": ModeSpec("protocol-object group-object description", key=_key_description_only),
    "config-icmp-object-group": ModeSpec("icmp-object group-object description", key=_key_description_only),
    "config-ikev2-policy": ModeSpec("encryption integrity group prf lifetime", key=_key_first,
                                    check=_check_ikev2_policy),
    "config-ikev1-policy": ModeSpec("authentication encryption hash group lifetime", key=_key_first,
                                    check=_check_ikev1_policy),
    "config-ipsec-proposal": ModeSpec("protocol", key=_key_proposal, check=_check_proposal),
    "config-ipsec-profile": ModeSpec("set responder-only", key=_key_ipsec_profile),
    "config-ca-trustpool": ModeSpec(None),
    "config-ca-trustpoint": ModeSpec(None, key=_key_first),
    "config-tunnel-general": ModeSpec("default-group-policy address-pool authentication-server-group "
                                      "accounting-server-group authorization-server-group ipv6-address-pool "
                                      "dhcp-server password-management strip-realm strip-group annotation",
                                      key=_key_first),
    "config-tunnel-ipsec": ModeSpec("ikev1 ikev2 isakmp peer-id-validate chain trust-point",
                                    key=_key_tunnel_ipsec),
    "config-tunnel-webvpn": ModeSpec(None),
    "config-group-policy": ModeSpec("vpn-tunnel-protocol vpn-filter vpn-idle-timeout vpn-session-timeout "
                                    "vpn-simultaneous-logins split-tunnel-policy split-tunnel-network-list "
                                    "ipv6-split-tunnel-policy dns-server default-domain address-pools banner "
                                    "group-lock password-storage ip-comp re-xauth pfs ipsec-udp webvpn "
                                    "anyconnect wins-server dhcp-network-scope vpn-access-hours "
                                    "split-dns msie-proxy client-bypass-protocol", key=_key_first,
                                    sub_parents=[(r"^webvpn$", "config-group-webvpn")]),
    "config-group-webvpn": ModeSpec(None),
    "config-username": ModeSpec(None, key=_key_first),
    "config-dynamic-access-policy-record": ModeSpec(None),
    "config-cmap": ModeSpec("match description", key=_key_first),
    "config-pmap": ModeSpec("class parameters description",
                            sub_parents=[(r"^class \S+$", "config-pmap-c"), (r"^parameters$", "config-pmap-p")]),
    "config-pmap-c": ModeSpec(None),
    "config-pmap-p": ModeSpec(None),
    "config-webvpn": ModeSpec(None),
}

# Lines that can name an object or object-group (what makes it "in use").
REFERRING_WORDS = ("access-list", "nat", "network-object", "group-object", "service-object", "port-object",
                   "protocol-object")

# Values that show up as ``no ...`` lines in a running-config when they are turned off.
DEFAULT_ON = ("sysopt connection permit-vpn", "tunnel-group-map enable")

# Where a new top-level line goes when nothing like it is in the config yet (show run order).
SECTION_ORDER = [
    "ASA", "hostname", "domain-name", "enable", "passwd", "names", "name", "ip", "interface", "ftp", "boot",
    "dns", "same-security-traffic", "object", "object-group", "access-list", "pager", "logging", "mtu",
    "failover", "monitor-interface", "icmp", "asdm", "arp", "nat", "access-group", "route", "timeout",
    "user-identity", "aaa-server", "aaa", "http", "snmp-server", "service", "crypto ipsec", "crypto map",
    "crypto dynamic-map", "crypto ca", "crypto ikev2", "crypto ikev1", "crypto", "telnet", "ssh", "console",
    "threat-detection", "dhcpd", "ntp", "ssl", "webvpn", "group-policy", "dynamic-access-policy-record",
    "username", "tunnel-group", "tunnel-group-map", "class-map", "policy-map", "service-policy", "prompt",
    "call-home", "sysopt",
]

# Second word of exec/privileged commands, for unique-prefix abbreviation (``sh run``, ``conf t``).
EXEC_WORDS = ["changeto", "clear", "configure", "disable", "enable", "exit", "logout", "more", "no", "ping",
              "quit", "show", "terminal", "traceroute", "write"]
SHOW_WORDS = ["access-list", "arp", "asp", "clock", "conn", "context", "cpu", "crypto", "curpriv", "failover",
              "firewall", "hostname", "interface", "inventory", "ip", "ipv6", "logging", "memory", "mode", "nat",
              "ntp", "processes", "route", "running-config", "ssh", "startup-config", "version",
              "vpn-sessiondb", "xlate"]
SUB_WORDS = {
    "configure": ["terminal", "memory", "network", "factory-default"],
    "write": ["memory", "terminal", "erase", "net", "standby"],
    "terminal": ["pager", "width", "monitor", "no", "interactive"],
    "changeto": ["context", "system"],
}


def _expand(word: str, choices: Sequence[str]) -> Tuple[Optional[str], bool]:
    """(full word, ambiguous) for a possibly abbreviated keyword."""
    if word in choices:
        return word, False
    hits = [c for c in choices if c.startswith(word)]
    if len(hits) == 1:
        return hits[0], False
    return None, len(hits) > 1


def expand_exec(tokens: List[str]) -> Tuple[List[str], Optional[int], bool]:
    """Expand abbreviations of the first two words; (tokens, bad index, ambiguous)."""
    tokens = list(tokens)
    full, amb = _expand(tokens[0], EXEC_WORDS)
    if full is None:
        return tokens, 0, amb
    tokens[0] = full
    choices = SHOW_WORDS if full == "show" else SUB_WORDS.get(full)
    if choices and len(tokens) > 1:
        full2, amb2 = _expand(tokens[1], choices)
        if full2 is not None:
            tokens[1] = full2
        elif full in ("configure", "write", "changeto"):
            return tokens, 1, amb2
    return tokens, None, False


def top_key(tokens: Sequence[str]) -> Optional[str]:
    """Lines with the same key are one setting: a new one replaces the old (ASA semantics)."""
    t = list(tokens)
    if not t:
        return None
    if t[0] in ("hostname", "domain-name", "pager") or t[:2] == ["ASA", "Version"]:
        return t[0]
    if t[:2] in (["crypto", "map"], ["crypto", "dynamic-map"]) and len(t) >= 5:
        if t[3] == "interface":
            return "crypto map interface %s" % t[4]
        rest = t[4:]
        for setting in CRYPTO_MAP_SETTINGS:
            if tuple(rest[:len(setting)]) == setting:
                return "%s %s %s %s" % (_first(t, 2), t[2], t[3], " ".join(setting))
        return None
    if t[:4] == ["crypto", "ipsec", "security-association", "lifetime"] and len(t) > 4:
        return _first(t, 5)
    if t[:3] == ["crypto", "ipsec", "security-association"] and len(t) > 3:
        return _first(t, 4)
    if t[:3] == ["sysopt", "connection", "tcpmss"]:
        return "sysopt connection tcpmss" + (" minimum" if t[3:4] == ["minimum"] else "")
    if t[0] == "tunnel-group" and len(t) >= 3 and t[2] == "type":
        return "tunnel-group %s type" % t[1]
    if t[0] == "group-policy" and len(t) == 3 and t[2] in ("internal", "external"):
        return "group-policy %s type" % t[1]
    if t[0] in ("mtu", "timeout", "name") and len(t) >= 3:
        return _first(t, 2)
    if t[:2] == ["tunnel-group-map", "default-group"]:
        return "tunnel-group-map default-group"
    if t[:3] == ["crypto", "ikev2", "enable"] and len(t) >= 4:
        return _first(t, 4)
    return None


def check_top(tokens: Sequence[str], negated: bool) -> Optional[int]:
    """Index of the first token the lab does not accept (len(tokens) when a word is missing)."""
    t = list(tokens)
    n = len(t)
    if t[0] not in TOP_KEYWORDS:
        return 0
    if t[0] in ("interface", "hostname", "domain-name", "access-list", "nat", "route") and n == 1 and not negated:
        return 1
    if t[0] == "object":
        if n < 2 or t[1] not in ("network", "service"):
            return 1
        return 2 if n < 3 else None
    if t[0] == "object-group":
        if n < 2 or t[1] not in ("network", "service", "protocol", "icmp-type", "user", "security"):
            return 1
        return 2 if n < 3 else None
    if t[0] == "tunnel-group":
        if n < 2:
            return 1
        if n == 2:
            return None if negated else 2
        if t[2] not in ("type", "general-attributes", "ipsec-attributes", "webvpn-attributes", "ppp-attributes"):
            return 2
        if t[2] == "type" and not negated:
            if n < 4:
                return 3
            return None if t[3] in ("ipsec-l2l", "remote-access", "webvpn") else 3
        return None
    if t[0] == "group-policy":
        if n < 2:
            return 1
        if n == 2:
            return None if negated else 2
        return None if t[2] in ("internal", "external", "attributes") else 2
    if t[0] == "crypto":
        return _check_crypto(t, negated)
    return None


def _check_crypto(t, negated):
    n = len(t)
    if n < 2 or t[1] not in CRYPTO_SECOND:
        return 1
    if t[1] == "ipsec":
        if n < 3 or t[2] not in CRYPTO_IPSEC_THIRD:
            return 2
        if t[2] in ("ikev2", "ikev1"):
            want = "ipsec-proposal" if t[2] == "ikev2" else "transform-set"
            if n < 4 or t[3] != want:
                return 3
            return 4 if n < 5 else None
        if t[2] == "security-association":
            if n < 4 or t[3] not in ("lifetime", "pmtu-aging", "replay"):
                return 3
            if t[3] == "lifetime":
                if n < 5 or t[4] not in ("seconds", "kilobytes"):
                    return 4
                if negated and n == 5:
                    return None
                if t[4] == "seconds":
                    return _bad_number(t, 5, 120, 2147483647)
                return _bad_number(t, 5, 10, 2147483647, words=("unlimited",))
            return None
        if t[2] == "profile":
            return 3 if n < 4 else None
        return None
    if t[1] in ("ikev2", "ikev1"):
        third = CRYPTO_IKEV2_THIRD if t[1] == "ikev2" else CRYPTO_IKEV1_THIRD
        if n < 3 or t[2] not in third:
            return 2
        if t[2] == "policy":
            return _bad_number(t, 3, 1, 65535)
        if t[2] == "enable":
            return 3 if n < 4 else None
        return None
    if t[1] in ("map", "dynamic-map"):
        if n < 3:
            return 2
        if n < 4:
            return None if negated else 3
        if t[3] == "interface" and t[1] == "map":
            return 4 if n < 5 else None
        bad = _bad_number(t, 3, 1, 65535)
        if bad is not None:
            return bad
        if n < 5:
            return None if negated else 4
        if t[4] == "match":
            if n < 6 or t[5] != "address":
                return 5
            return None if negated or n >= 7 else 6
        if t[4] == "ipsec-isakmp":
            return None
        if t[4] != "set":
            return 4
        if n < 6 or t[5] not in CRYPTO_MAP_SET:
            return 5
        if negated:
            return None
        if t[5] == "pfs":
            return None if n == 6 or (n == 7 and t[6] in PFS_GROUPS) else 6
        if t[5] == "peer":
            return 6 if n < 7 else None
        if t[5] == "ikev2":
            if n < 7 or t[6] not in ("ipsec-proposal", "pre-shared-key", "phase1-mode"):
                return 6
            return 7 if n < 8 else None
        if t[5] == "ikev1":
            if n < 7 or t[6] not in ("transform-set", "phase1-mode"):
                return 6
            return 7 if n < 8 else None
        if t[5] == "security-association":
            if n < 7 or t[6] not in ("lifetime", "replay"):
                return 6
            if t[6] == "lifetime":
                if n < 8 or t[7] not in ("seconds", "kilobytes"):
                    return 7
                if t[7] == "seconds":
                    return _bad_number(t, 8, 120, 2147483647)
                return _bad_number(t, 8, 10, 2147483647, words=("unlimited",))
        return None
    return None


def parent_mode(line_norm: str) -> Optional[str]:
    for regex, mode in TOP_PARENTS:
        if regex.match(line_norm):
            return mode
    return None


def section_rank(tokens: Sequence[str]) -> int:
    two = _first(tokens, 2)
    for key in (two, tokens[0]):
        if key in SECTION_ORDER:
            return SECTION_ORDER.index(key)
    return SECTION_ORDER.index("prompt")


# ---------------------------------------------------------------------------------------------
# Configuration store
# ---------------------------------------------------------------------------------------------

class ConfigStore:
    """Configuration text as lines; blocks are a line plus the following more-indented lines."""

    def __init__(self, text: str = ""):
        self.set_text(text)

    def set_text(self, text: str) -> None:
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(1)
        lines = [line.rstrip() for line in text.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        self.lines: List[str] = lines

    def text(self) -> str:
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    # -- navigation ---------------------------------------------------------------------------
    def block_end(self, i: int) -> int:
        depth = indent_of(self.lines[i])
        j = i + 1
        while j < len(self.lines) and self.lines[j].strip() and indent_of(self.lines[j]) > depth:
            j += 1
        return j

    def children(self, i: int) -> List[int]:
        """Indexes of the direct children of line ``i``."""
        end = self.block_end(i)
        if end == i + 1:
            return []
        child_depth = min(indent_of(self.lines[j]) for j in range(i + 1, end))
        return [j for j in range(i + 1, end) if indent_of(self.lines[j]) == child_depth]

    def child_indent(self, i: int) -> int:
        kids = self.children(i)
        return indent_of(self.lines[kids[0]]) if kids else indent_of(self.lines[i]) + 1

    def top_level(self) -> List[int]:
        # lines are right-stripped, so a non-empty line that does not start with a space is top-level
        return [i for i, line in enumerate(self.lines) if line and line[0] != " "]

    def find_top(self, line_norm: str) -> Optional[int]:
        first = line_norm.split(" ", 1)[0]
        for i in self.top_level():
            line = self.lines[i]
            if line.startswith(first) and norm(line) == line_norm:
                return i
        return None

    def resolve(self, path: Sequence[str]) -> Optional[int]:
        """Index of the block named by ``path`` (normalised parent lines from the top), or None."""
        index = self.find_top(path[0])
        for name in path[1:]:
            if index is None:
                return None
            index = next((j for j in self.children(index) if norm(self.lines[j]) == name), None)
        return index

    def sections(self, words: Sequence[str], masked: bool, nat_objects: bool = False) -> List[str]:
        """``show running-config <words>``: matching top-level blocks."""
        out: List[str] = []
        for i in self.top_level():
            tokens = self.lines[i].split()
            end = self.block_end(i)
            if tokens[:len(words)] == list(words):
                out.extend(self.lines[i:end])
            elif nat_objects and tokens[:1] == ["object"]:
                nats = [self.lines[j] for j in self.children(i) if self.lines[j].split()[:1] == ["nat"]]
                if nats:
                    out.append(self.lines[i])
                    out.extend(nats)
        return [mask_secrets(line) for line in out] if masked else out

    # -- edits --------------------------------------------------------------------------------
    def remove_block(self, i: int) -> None:
        del self.lines[i:self.block_end(i)]

    def remove_top(self, line_norm: str) -> int:
        """Remove the top-level block equal to ``line_norm``, else every block it prefixes."""
        i = self.find_top(line_norm)
        if i is not None:
            self.remove_block(i)
            return 1
        removed = 0
        for i in reversed(self.top_level()):
            if norm(self.lines[i]).startswith(line_norm + " "):
                self.remove_block(i)
                removed += 1
        return removed

    def insert_top(self, new_line: str) -> int:
        """Insert a top-level line where an ASA would show it; return its index."""
        index = self._insert_index(new_line.split())
        self.lines.insert(index, new_line)
        return index

    def _insert_index(self, tokens: List[str]) -> int:
        tops = [i for i in self.top_level() if not self.lines[i].startswith((":", "!"))]
        ordered = self._ordered_index(tokens, tops)
        if ordered is not None:
            return ordered
        best, best_len = None, 0
        for i in tops:
            other = self.lines[i].split()
            common = 0
            while common < min(len(other), len(tokens)) and other[common] == tokens[common]:
                common += 1
            if common >= best_len and common > 0:
                best, best_len = i, common
        if best is not None:
            return self.block_end(best)
        rank = section_rank(tokens)
        for i in tops:
            if section_rank(self.lines[i].split()) > rank:
                return i
        return self._end_index()

    def _ordered_index(self, tokens, tops) -> Optional[int]:
        """Crypto map entries sort by sequence number, IKE policies by priority."""
        if tokens[:2] == ["crypto", "map"] and len(tokens) > 4 and tokens[3].isdigit():
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3]]
            same = [i for i in family if self.lines[i].split()[3:4] == tokens[3:4]]
            if same:
                return self.block_end(same[-1])
            for i in family:
                word = self.lines[i].split()[3]
                if word == "interface" or (word.isdigit() and int(word) > int(tokens[3])):
                    return i
            return self.block_end(family[-1]) if family else None
        if tokens[:3] in (["crypto", "ikev2", "policy"], ["crypto", "ikev1", "policy"]) and len(tokens) == 4:
            family = [i for i in tops if self.lines[i].split()[:3] == tokens[:3] and len(self.lines[i].split()) == 4]
            for i in family:
                if self.lines[i].split()[3].isdigit() and int(self.lines[i].split()[3]) > int(tokens[3]):
                    return i
            return self.block_end(family[-1]) if family else None
        return None

    def _end_index(self) -> int:
        """Before a trailing ``: end`` if there is one."""
        j = len(self.lines)
        while j > 0 and not self.lines[j - 1].strip():
            j -= 1
        if j > 0 and norm(self.lines[j - 1]) == ": end":
            return j - 1
        return len(self.lines)

    def references(self, name: str, exclude: Tuple[int, int]) -> bool:
        """Is object/object-group ``name`` used by an ACL, NAT or object-group line?"""
        for i, line in enumerate(self.lines):
            if exclude[0] <= i < exclude[1]:
                continue
            tokens = line.split()
            if not tokens or tokens[0] not in REFERRING_WORDS:
                continue
            if name in tokens[1:]:
                return True
        return False


# ---------------------------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------------------------

class Scenario:
    """What the test wants the device to do besides its config (see README.md)."""

    def __init__(self, data: Optional[dict] = None):
        data = dict(data or {})
        self.data = data
        show = data.get("show") or {}
        self.show: Dict[str, List[str]] = {}
        for key, value in show.items():
            values = value if isinstance(value, list) else [value]
            self.show[norm(key)] = [str(v) for v in values] or [""]
        self.counters: Dict[str, int] = {}
        self.deny = [re.compile(r) for r in data.get("deny") or []]
        self.truncate = [re.compile(r) for r in data.get("truncate") or []]
        self.reject = [re.compile(r) for r in data.get("reject") or []]
        self.delay = [(re.compile(r), float(s)) for r, s in (data.get("delay") or {}).items()]
        self.errors = [(re.compile(r), str(m)) for r, m in (data.get("errors") or {}).items()]
        self.contexts: List[str] = [str(c) for c in data.get("contexts") or []]
        self.context_configs: Dict[str, str] = {str(k): str(v) for k, v in (data.get("context_configs") or {}).items()}
        self.enable_attempts = max(1, int(data.get("enable_attempts", 3)))
        self.pager_lines = int(data.get("pager_lines", 0))
        self.banner = data.get("banner")

    @staticmethod
    def _any(regexes, command):
        return any(r.search(command) for r in regexes)

    def denies(self, command):
        return self._any(self.deny, command)

    def truncates(self, command):
        return self._any(self.truncate, command)

    def rejects(self, command):
        return self._any(self.reject, command)

    def delay_for(self, command):
        return sum(seconds for regex, seconds in self.delay if regex.search(command))

    def error_for(self, command):
        return next((message for regex, message in self.errors if regex.search(command)), None)

    def answer(self, command) -> Optional[str]:
        key = norm(command)
        if key not in self.show:
            return None
        n = self.counters.get(key, 0)
        self.counters[key] = n + 1
        entries = self.show[key]
        return entries[min(n, len(entries) - 1)]


# ---------------------------------------------------------------------------------------------
# Device (shared by all sessions)
# ---------------------------------------------------------------------------------------------

class Device:
    def __init__(self, config_text: str, scenario: Optional[dict] = None, *, hostname: Optional[str] = None,
                 username: str = "admin", password: str = "admin-pw", enable_password: str = "enable-pw",
                 log_path: Optional[str] = None, state_path: Optional[str] = None,
                 config_path: Optional[str] = None, scenario_path: Optional[str] = None):
        self.lock = threading.RLock()
        self.log_lock = threading.Lock()
        self.started = time.time()
        self.username = username
        self.password = password
        self.enable_password = enable_password
        self.hostname_override = hostname
        self.log_path = log_path
        self.state_path = state_path
        self.config_path = config_path
        self.scenario_path = scenario_path
        self.sessions = 0
        self.generation = 0
        self.load_errors: List[str] = []
        self.modified_by = "enable_15"
        self.modified_at = time.time()
        self._log = open(log_path, "a", encoding="utf-8") if log_path else None
        self._signatures = {path: self._signature(path) for path in (config_path, scenario_path) if path}
        self.stores: Dict[Optional[str], ConfigStore] = {}
        self.startup: Dict[Optional[str], str] = {}
        self.scenario = Scenario()
        self.load_config(config_text)
        self.load_scenario(scenario)

    # -- loading ------------------------------------------------------------------------------
    def load_config(self, text: str) -> None:
        with self.lock:
            store = ConfigStore(text)
            names = [i for i in store.top_level() if store.lines[i].split()[0] == "hostname"]
            if self.hostname_override:
                if names:
                    store.lines[names[0]] = "hostname " + self.hostname_override
                self.hostname = self.hostname_override
            else:
                self.hostname = store.lines[names[0]].split()[1] if names and len(store.lines[names[0]].split()) > 1 \
                    else "ciscoasa"
            self.stores[None] = store
            self.startup[None] = store.text()
            self.write_state()

    def load_scenario(self, data: Optional[dict]) -> None:
        with self.lock:
            self.scenario = Scenario(data)
            for name in list(self.stores):
                if name is not None:
                    del self.stores[name]
                    self.startup.pop(name, None)
            for name in self.scenario.contexts:
                self.stores[name] = ConfigStore(self.scenario.context_configs.get(name, "hostname %s\n" % name))
                self.startup[name] = self.stores[name].text()
            self.write_state()

    @staticmethod
    def _signature(path):
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def maybe_reload(self) -> None:
        """Pick up a config or scenario file the test rewrote (lab.set_scenario, set_running_config)."""
        with self.lock:
            for path in list(self._signatures):
                signature = self._signature(path)
                if signature == self._signatures[path] or signature is None:
                    continue
                self._signatures[path] = signature  # files are replaced atomically: read each version once
                try:
                    if path == self.config_path:
                        with open(path, encoding="utf-8") as handle:
                            self.load_config(handle.read())
                    else:
                        self.load_scenario(load_scenario_file(path))
                except Exception as exc:  # pylint: disable=broad-except  # a bad file: keep the old state
                    self.load_errors.append("%s: %s: %s" % (path, type(exc).__name__, exc))
                    self.write_state()

    # -- state and log ------------------------------------------------------------------------
    @property
    def multi(self) -> bool:
        return bool(self.scenario.contexts)

    def new_session(self) -> int:
        with self.lock:
            self.sessions += 1
            return self.sessions

    def changed(self, who: str) -> None:
        self.modified_by = who
        self.modified_at = time.time()
        self.write_state()

    def write_state(self) -> None:
        if not self.state_path:
            return
        with self.lock:
            self.generation += 1
            state = {
                "generation": self.generation,
                "hostname": self.hostname,
                "running_config": self.stores[None].text(),
                "startup_config": self.startup.get(None, ""),
                "contexts": {name: {"running_config": store.text(), "startup_config": self.startup.get(name, "")}
                             for name, store in self.stores.items() if name is not None},
                "sessions": self.sessions,
                "load_errors": self.load_errors[-5:],
                # os.stat (inode, mtime_ns, size) of the config/scenario files last loaded: lab.py waits
                # for these after rewriting a file, so set_scenario() is in force when it returns
                "loaded": {"config": self._signatures.get(self.config_path),
                           "scenario": self._signatures.get(self.scenario_path)},
            }
            tmp = "%s.%d.tmp" % (self.state_path, os.getpid())
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(state, handle)
            os.replace(tmp, self.state_path)

    def log(self, session: int, mode: str, command: str, result: str, **extra) -> None:
        if not self._log:
            return
        entry = {"t": round(time.time(), 6), "session": session, "mode": mode, "command": command,
                 "result": result}
        entry.update(extra)
        with self.log_lock:
            self._log.write(json.dumps(entry) + "\n")
            self._log.flush()

    # -- canned outputs -----------------------------------------------------------------------
    def show_version(self) -> str:
        up = int(time.time() - self.started) + UPTIME_OFFSET
        days, rest = divmod(up, 86400)
        hours = rest // 3600
        modified = time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime(self.modified_at))
        macs = "\n".join(" %d: Ext: GigabitEthernet1/%d  : address is 00a3.8e1c.4a%02d, irq 255" % (n, n, n)
                         for n in range(1, 9))
        return (
            "\n"
            "Cisco Adaptive Security Appliance Software Version %s \n"
            "Device Manager Version %s\n"
            "\n"
            "Compiled on Mon 22-Aug-22 14:23 GMT by builders\n"
            "System image file is \"disk0:/asa9-16-4-lfbff-k8.SPA\"\n"
            "Config file at boot was \"startup-config\"\n"
            "\n"
            "%s up %d days %d hours\n"
            "\n"
            "Hardware:   %s, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)\n"
            "Internal ATA Compact Flash, 8192MB\n"
            "BIOS Flash M25P64 @ 0xfed01000, 16384KB\n"
            "\n"
            "Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)\n"
            "                             Number of accelerators: 1\n"
            "\n"
            "%s\n"
            " 9: Int: Internal-Data1/1    : address is 00a3.8e1c.4a00, irq 255\n"
            "10: Ext: Management1/1       : address is 00a3.8e1c.4a09, irq 0\n"
            "\n"
            "Licensed features for this platform:\n"
            "Maximum Physical Interfaces       : Unlimited      perpetual\n"
            "Maximum VLANs                     : 150            perpetual\n"
            "Inside Hosts                      : Unlimited      perpetual\n"
            "Failover                          : Active/Active  perpetual\n"
            "Encryption-DES                    : Enabled        perpetual\n"
            "Encryption-3DES-AES               : Enabled        perpetual\n"
            "Security Contexts                 : %d              perpetual\n"
            "Carrier                           : Disabled       perpetual\n"
            "AnyConnect Premium Peers          : 4              perpetual\n"
            "Other VPN Peers                   : 300            perpetual\n"
            "Total VPN Peers                   : 300            perpetual\n"
            "\n"
            "This platform has an %s Security Plus license.\n"
            "\n"
            "Serial Number: %s\n"
            "Running Permanent Activation Key: 0x1234abcd 0x5678ef01 0x9abc2345 0xdef06789 0x0a1b2c3d\n"
            "Configuration register is 0x1\n"
            "Image type          : Release\n"
            "Key version         : A\n"
            "Configuration last modified by %s at %s\n"
        ) % (ASA_VERSION, ASDM_VERSION, self.hostname, days, hours, MODEL, macs, max(2, len(self.scenario.contexts)),
             MODEL, SERIAL, self.modified_by, modified)


def load_scenario_file(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except ValueError:
        import yaml  # PyYAML is in the .venv; JSON needs nothing
        return yaml.safe_load(text) or {}


# ---------------------------------------------------------------------------------------------
# One interactive session
# ---------------------------------------------------------------------------------------------

class Reply:
    """What a command produced: text, log result, and what happens to the prompt."""

    def __init__(self, text: str = "", result: str = "ok", prompt: bool = True, close: bool = False):
        self.text = text
        self.result = result
        self.prompt = prompt
        self.close = close
        self.changed = False  # the configuration changed (the state file is rewritten)


class CliSession:
    def __init__(self, device: Device, write: Callable[[bytes], None], close: Callable[[bool], None],
                 username: str = "admin", number: Optional[int] = None):
        self.device = device
        self._write_raw = write
        self._close_cb = close
        self.username = username
        self.number = number if number is not None else device.new_session()
        self.privileged = False
        self.in_config = False
        self.stack: List[Tuple[str, str]] = []  # (mode, normalised parent line), outermost first
        self.context: Optional[str] = None
        self.buffer: List[str] = []
        self.last_cr = False
        self.escape = 0
        self.password_tries: Optional[int] = None  # not None while "Password: " waits
        self.pager = device.scenario.pager_lines
        self.more: Optional[List[str]] = None  # lines still to page out
        self.closed = False
        self._pending: List[str] = []

    # -- output -------------------------------------------------------------------------------
    def write(self, text: str) -> None:
        """Queue output (LF becomes CRLF); ``flush()`` sends it, at the latest when feed() returns."""
        if not self.closed and text:
            self._pending.append(text)

    def flush(self) -> None:
        if self._pending and not self.closed:
            text = "".join(self._pending).replace("\r\n", "\n").replace("\n", "\r\n")
            self._pending = []
            self._write_raw(text.encode("utf-8", "replace"))

    def close(self, abrupt: bool = False) -> None:
        if not self.closed:
            self.flush()
            self.closed = True
            self._close_cb(abrupt)

    def mode(self) -> str:
        if not self.privileged:
            return "exec"
        if not self.in_config:
            return "enable"
        return self.stack[-1][0] if self.stack else "config"

    def prompt(self) -> str:
        name = self.device.hostname + ("/" + self.context if self.context else "")
        if not self.privileged:
            return name + "> "
        if not self.in_config:
            return name + "# "
        return "%s(%s)# " % (name, self.mode())

    def start(self) -> None:
        banner = self.device.scenario.banner
        if banner:
            self.write(str(banner).rstrip("\n") + "\n")
        self.write("Type help or '?' for a list of available commands.\n")
        self.write(self.prompt())
        self.flush()

    # -- input --------------------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        try:
            self._feed(data)
        finally:
            self.flush()

    def _feed(self, data: bytes) -> None:
        for ch in data.decode("utf-8", "replace"):
            if self.closed:
                return
            if self.more is not None:
                self._more_key(ch)
                continue
            if self.escape:
                # swallow ANSI escape sequences (arrow keys): ESC [ ... final byte
                if self.escape == 1 and ch in "[O":
                    self.escape = 2
                elif self.escape == 1 or "\x40" <= ch <= "\x7e":
                    self.escape = 0
                continue
            if ch in "\r\n":
                if ch == "\n" and self.last_cr:
                    self.last_cr = False
                    continue
                self.last_cr = ch == "\r"
                line = "".join(self.buffer)
                self.buffer = []
                self.write("\n")
                if self.password_tries is not None:
                    self._password(line)
                else:
                    self._line(line)
                continue
            self.last_cr = False
            if ch in "\x08\x7f":
                if self.buffer:
                    self.buffer.pop()
                    self.write("\b \b")
            elif ch == "\x03":  # ctrl-c: drop the line
                self.buffer = []
                self.password_tries = None
                self.write("\n" + self.prompt())
            elif ch == "\x15":  # ctrl-u
                self.buffer = []
            elif ch == "\x1a":  # ctrl-z: end
                self.buffer = []
                self.write("\n")
                self._line("end" if self.in_config else "")
            elif ch == "\x1b":
                self.escape = 1
            elif ch >= " ":
                self.buffer.append(ch)
                self.write("*" if self.password_tries is not None else ch)

    def _more_key(self, ch: str) -> None:
        lines = self.more or []
        self.write("\r" + " " * len(MORE_PROMPT) + "\r")
        if ch in "qQ\x03":
            lines = []
        elif ch in "\r\n":
            self.write("\n".join(lines[:1]) + ("\n" if lines[:1] else ""))
            lines = lines[1:]
        else:
            self.write("\n".join(lines[:self.pager]) + ("\n" if lines[:self.pager] else ""))
            lines = lines[self.pager:]
        if lines:
            self.more = lines
            self.write(MORE_PROMPT)
        else:
            self.more = None
            self.write(self.prompt())

    def _emit(self, text: str) -> bool:
        """Write command output, paging it if the pager is on; False while '<--- More --->' waits."""
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        if self.pager > 0 and len(lines) > self.pager:
            self.write("\n".join(lines[:self.pager]) + "\n" + MORE_PROMPT)
            self.more = lines[self.pager:]
            return False
        self.write(text)
        return True

    def _password(self, line: str) -> None:
        dev = self.device
        if line == dev.enable_password:
            self.password_tries = None
            self.privileged = True
            dev.log(self.number, "exec", "<password>", "ok")
            self.write(self.prompt())
            return
        self.password_tries += 1
        if self.password_tries >= dev.scenario.enable_attempts:
            self.password_tries = None
            dev.log(self.number, "exec", "<password>", "denied")
            self.write("Invalid password\nAccess denied.\n" + self.prompt())
        else:
            dev.log(self.number, "exec", "<password>", "error")
            self.write("Invalid password\nPassword: ")

    def _line(self, raw: str) -> None:
        dev = self.device
        command = norm(raw)  # what is logged and what scenario regexes are searched in
        if not command:
            self.write(self.prompt())
            return
        dev.maybe_reload()
        prompt, mode = self.prompt(), self.mode()
        scenario = dev.scenario
        extra = {"context": self.context} if self.context else {}
        if scenario.denies(command):
            reply = Reply(AUTH_FAILED + "\n", "denied")
        else:
            delay = scenario.delay_for(command)
            if delay > 0:
                self.flush()  # the echo shows before the device "thinks"
                time.sleep(delay)
            try:
                reply = self._dispatch(raw, prompt)
            except Exception as exc:  # a lab bug must not kill the session silently
                reply = Reply("ERROR: lab internal error: %s: %s\n" % (type(exc).__name__, exc), "error")
        truncated = scenario.truncates(command)
        if truncated:
            extra["truncated"] = True
        dev.log(self.number, mode, command, reply.result, **extra)
        if truncated:
            text = reply.text.replace("\r\n", "\n")
            self.write(text[:len(text) // 2])
            self.close(abrupt=True)
            return
        if reply.close:
            self.write(reply.text)
            self.close()
            return
        if not self._emit(reply.text):
            return
        if reply.prompt:
            self.write(self.prompt())

    # -- dispatch -----------------------------------------------------------------------------
    def _dispatch(self, raw: str, prompt: str) -> Reply:
        positions = [m.start() for m in re.finditer(r"\S+", raw)]
        tokens = raw.split()

        def invalid(index: int) -> Reply:
            if index >= len(tokens):
                return Reply(INCOMPLETE + "\n", "error")
            column = len(prompt) + positions[index]
            return Reply(" " * column + "^\n" + INVALID_INPUT + "\n", "error")

        if tokens[0].startswith("!") or (tokens[0].startswith(":") and self.in_config):
            return Reply()  # comments are accepted anywhere
        if not self.in_config:
            expanded, bad, ambiguous = expand_exec(tokens)
            if bad is not None:
                if ambiguous:
                    return Reply('ERROR: %% Ambiguous command:  "%s"\n' % raw.strip(), "error")
                return invalid(bad)
            return self._exec(expanded, invalid)
        return self._config(tokens, raw, invalid)

    def _exec(self, t: List[str], invalid) -> Reply:
        dev = self.device
        word = t[0]
        if word in ("exit", "logout", "quit"):
            return Reply("\nLogoff\n\n", close=True)
        if word == "terminal" or t[:2] == ["no", "terminal"]:
            return self._terminal(t, invalid)
        if word == "enable":
            if self.privileged:
                return Reply()
            self.password_tries = 0
            return Reply("Password: ", prompt=False)
        if word == "show" and not self.privileged:
            if len(t) > 1 and t[1] in ("version", "clock", "curpriv"):
                return self._show(t, invalid)
            return invalid(1 if len(t) > 1 else 0)
        if not self.privileged:
            return invalid(0)
        if word == "disable":
            self.privileged = False
            return Reply()
        if word == "configure":
            if len(t) < 2:
                return invalid(1)
            if t[1] != "terminal" or len(t) > 2:
                return invalid(1 if t[1] != "terminal" else 2)
            self.in_config = True
            self.stack = []
            return Reply()
        if word == "changeto":
            return self._changeto(t, invalid)
        if word in ("show", "more"):
            return self._show(t, invalid)
        if word == "write":
            return self._write_cmd(t, invalid)
        if word == "clear":
            if len(t) > 1 and t[1] in ("crypto", "counters", "logging", "xlate", "conn", "vpn-sessiondb"):
                return Reply()
            return invalid(min(1, len(t)))
        if word in ("ping", "traceroute"):
            return Reply("Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos, timeout is 2 seconds:\n"
                         "?????\nSuccess rate is 0 percent (0/5)\n")
        return invalid(0)

    def _terminal(self, t: List[str], invalid) -> Reply:
        if t[0] == "no":
            if t[1:] == ["terminal", "pager"]:
                self.pager = 0
                return Reply()
            return invalid(2)
        if len(t) < 2:
            return invalid(1)
        if t[1] == "pager":
            value = t[3] if t[2:3] == ["lines"] else (t[2] if len(t) > 2 else None)
            if value is None or not value.isdigit():
                return invalid(min(len(t), 3 if t[2:3] == ["lines"] else 2))
            self.pager = int(value)
            return Reply()
        if t[1] == "width":
            return Reply() if len(t) == 3 and t[2].isdigit() else invalid(2)
        if t[1] in ("monitor", "interactive") or t[1:3] == ["no", "monitor"]:
            return Reply()
        return invalid(1)

    def _changeto(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if not dev.multi:
            return invalid(0)
        if t[1:] == ["system"]:
            self.context = None
        elif len(t) == 3 and t[1] == "context":
            if t[2] not in dev.scenario.contexts:
                return Reply("ERROR: Context '%s' does not exist\n" % t[2], "error")
            self.context = t[2]
        else:
            return invalid(min(len(t), 1 if len(t) < 2 or t[1] not in ("context", "system") else 2))
        self.in_config = False
        self.stack = []
        return Reply()

    def _store(self) -> ConfigStore:
        return self.device.stores[self.context]

    def _write_cmd(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if len(t) == 1 or t[1] == "memory":
            with dev.lock:
                text = self._store().text()
                dev.startup[self.context] = text
                dev.write_state()
            digest = hashlib.md5(text.encode("utf-8")).hexdigest()  # nosec - a display checksum
            return Reply("Building configuration...\nCryptochecksum: %s %s %s %s \n\n%d bytes copied in 0.110 secs\n[OK]\n"
                         % (digest[:8], digest[8:16], digest[16:24], digest[24:], len(text)))
        if t[1] == "terminal":
            return self._show(["show", "running-config"], invalid)
        return invalid(1)

    # -- show ---------------------------------------------------------------------------------
    def _show(self, t: List[str], invalid) -> Reply:
        command = " ".join(t)
        pipe = None
        if "|" in t:
            at = t.index("|")
            pipe, t = t[at + 1:], t[:at]
            command = " ".join(t)
        with self.device.lock:
            answer = self.device.scenario.answer(command)
        if answer is None:
            reply = self._builtin_show(t, invalid)
        else:
            reply = Reply(answer if answer.endswith("\n") or not answer else answer + "\n")
        if pipe is not None and reply.result == "ok":
            return self._filter(reply, pipe, len(t) + 1, invalid)
        return reply

    def _filter(self, reply: Reply, pipe: List[str], at: int, invalid) -> Reply:
        what = _expand(pipe[0], ["include", "exclude", "begin", "grep"])[0] if pipe else None
        if what is None:
            return invalid(at)
        pipe = [what] + pipe[1:]
        args = pipe[1:]
        negate = False
        if pipe[0] == "grep" and args[:1] == ["-v"]:
            negate, args = True, args[1:]
        if not args:
            return invalid(at + 1)
        try:
            regex = re.compile(" ".join(args))
        except re.error:
            return invalid(at + 1)
        lines = reply.text.split("\n")
        if pipe[0] == "begin":
            start = next((i for i, line in enumerate(lines) if regex.search(line)), len(lines))
            kept = lines[start:]
        else:
            keep = pipe[0] != "exclude" and not negate
            kept = [line for line in lines if bool(regex.search(line)) == keep and line]
        text = "\n".join(kept).strip("\n")
        return Reply(text + "\n" if text else "")

    def _builtin_show(self, t: List[str], invalid) -> Reply:
        dev = self.device
        if t[0] == "more":
            if len(t) == 2 and t[1] in ("system:running-config", "system:/running-config"):
                with dev.lock:
                    return Reply(self._store().text())
            if len(t) < 2:
                return invalid(1)
            return Reply("%%Error opening %s (No such file or directory)\n" % t[1], "error")
        if len(t) < 2:
            return invalid(1)
        what = t[1]
        if what == "version":
            return Reply(dev.show_version())
        if what == "running-config":
            return self._show_run(t, invalid)
        if what == "startup-config":
            text = dev.startup.get(self.context, "")
            return Reply("\n".join(mask_secrets(line) for line in text.split("\n")))
        if what == "clock":
            return Reply(time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime()) + "\n")
        if what == "curpriv":
            level = 15 if self.privileged else 1
            mode = "P_CONF" if self.in_config else ("P_PRIV" if self.privileged else "P_UNPR")
            return Reply("Username : %s\nCurrent privilege level : %d\nCurrent Mode/s : %s\n"
                         % (self.username, level, mode))
        if what == "mode":
            return Reply("Security context mode: %s\n" % ("multiple" if dev.multi else "single"))
        if what == "context":
            if not dev.multi:
                return invalid(1)
            rows = ["Context Name      Class                Interfaces           Mode         URL"]
            rows += ["%-17s default              GigabitEthernet1/%d   Routed       disk0:/%s.cfg"
                     % (name, n + 1, name) for n, name in enumerate(dev.scenario.contexts)]
            return Reply("\n".join(rows) + "\n\nTotal active Security Contexts: %d\n" % len(dev.scenario.contexts))
        if what == "crypto":
            rest = t[2:]
            if rest[:2] == ["ikev2", "sa"]:
                return Reply(NO_IKEV2_SA + "\n")
            if rest[:2] in (["ikev1", "sa"], ["isakmp", "sa"]):
                return Reply(NO_IKEV1_SA + "\n")
            if rest[:2] == ["ipsec", "sa"]:
                return Reply(NO_IPSEC_SA + "\n")
            if not rest or rest[0] not in ("ikev2", "ikev1", "isakmp", "ipsec", "map", "ca", "key", "accelerator",
                                           "protocol", "debug-condition"):
                return invalid(2)
            return Reply()
        if what == "vpn-sessiondb":
            return Reply(NO_SESSIONS + "\n")
        if what == "hostname":
            return Reply(dev.hostname + "\n")
        if what in SHOW_WORDS:
            return Reply()
        return invalid(1)

    def _show_run(self, t: List[str], invalid) -> Reply:
        words = t[2:]
        if words[:1] == ["all"]:
            words = words[1:]
        if words == ["?"]:
            keys = sorted(TOP_KEYWORDS | {"all"})
            return Reply("".join("  %s\n" % k for k in keys))
        with self.device.lock:
            store = self._store()
            if not words:
                return Reply("".join(mask_secrets(line) + "\n" for line in store.lines))
            if words[0] not in TOP_KEYWORDS:
                return invalid(len(t) - len(words))
            lines = store.sections(words, masked=True, nat_objects=words == ["nat"])
        return Reply("".join(line + "\n" for line in lines))

    # -- configuration ------------------------------------------------------------------------
    def _config(self, tokens: List[str], raw: str, invalid) -> Reply:
        word = tokens[0]
        if word == "end":
            self.in_config = False
            self.stack = []
            return Reply()
        if word == "exit":
            if self.stack:
                self.stack.pop()
            else:
                self.in_config = False
            return Reply()
        if word not in TOP_KEYWORDS and word not in self._children():
            # privileged EXEC commands work in every configuration mode, abbreviated too (sh run)
            full = _expand(word, sorted(EXEC_IN_CONFIG))[0]
            if full is not None:
                word = full
        if word in EXEC_IN_CONFIG or tokens[:2] == ["no", "terminal"]:
            expanded, bad = expand_exec(tokens)[:2]
            return invalid(bad) if bad is not None else self._exec(expanded, invalid)
        if tokens[:2] == ["configure", "terminal"]:
            return Reply()
        if word == "ASA" or tokens[:2] == ["clear", "crypto"]:
            return Reply()
        scenario = self.device.scenario
        command = norm(raw)
        if scenario.rejects(command):
            return invalid(0)
        message = scenario.error_for(command)
        if message is not None:
            return Reply(message.rstrip("\n") + "\n", "error")
        with self.device.lock:
            reply = self._config_locked(tokens, invalid)
            if reply.result == "ok" and reply.changed:
                self.device.changed(self.username)
        return reply

    def _children(self):
        spec = MODES.get(self.stack[-1][0]) if self.stack else None
        return spec.children or () if spec else ()

    def _config_locked(self, tokens: List[str], invalid) -> Reply:
        negated = tokens[0] == "no"
        body = tokens[1:] if negated else tokens
        offset = 1 if negated else 0
        if not body:
            return invalid(1)
        if tokens[:2] == ["clear", "configure"]:
            if len(tokens) < 3:
                return invalid(2)
            bad = check_top(tokens[2:], True)
            if bad is not None:
                return invalid(bad + 2)
            return self._changed(Reply(), self._store().remove_top(norm(" ".join(tokens[2:]))) > 0)
        # inside a sub-mode: a child of that mode, else a global command (which leaves the sub-mode)
        while self.stack:
            spec = MODES.get(self.stack[-1][0], ModeSpec(None))
            is_child = body[0] in spec.children if spec.children is not None else body[0] not in TOP_KEYWORDS
            if is_child:
                return self._child(body, negated, offset, spec, invalid)
            if body[0] in TOP_KEYWORDS:
                self.stack = []
                break
            return invalid(offset)
        return self._top(body, negated, offset, invalid)

    @staticmethod
    def _changed(reply: Reply, changed: bool) -> Reply:
        reply.changed = changed
        return reply

    def _top(self, body: List[str], negated: bool, offset: int, invalid) -> Reply:
        bad = check_top(body, negated)
        if bad is not None:
            return invalid(bad + offset)
        store = self._store()
        line = " ".join(body)
        mode = parent_mode(line)
        if negated:
            i = store.find_top(line)
            if body[0] in ("object", "object-group") and len(body) >= 3:
                i = i if i is not None else next(
                    (j for j in store.top_level() if store.lines[j].split()[:3] == body[:3]), None)
                if i is not None and store.references(body[2], (i, store.block_end(i))):
                    if body[0] == "object":
                        return Reply("ERROR: unable to delete object (%s). Object is being used.\n" % body[2], "error")
                    return Reply("Removing object-group (%s) not allowed, it is being used.\n" % body[2], "error")
            removed = store.remove_top(line)
            if not removed and any(line.startswith(d) for d in DEFAULT_ON) and store.find_top("no " + line) is None:
                store.insert_top("no " + line)
                removed = 1
            return self._changed(Reply(), removed > 0)
        if mode:
            if body[0] == "tunnel-group" and not any(
                    store.lines[i].split()[:3] == ["tunnel-group", body[1], "type"] for i in store.top_level()):
                return Reply("ERROR: tunnel-group %s has not been created; configure 'tunnel-group %s type' first\n"
                             % (body[1], body[1]), "error")
            if body[0] == "group-policy" and not any(
                    store.lines[i].split()[:2] == ["group-policy", body[1]] and store.lines[i].split()[2:3] in
                    (["internal"], ["external"]) for i in store.top_level()):
                return Reply("ERROR: group-policy %s does not exist\n" % body[1], "error")
            changed = False
            if store.find_top(line) is None:
                store.insert_top(line)
                changed = True
            self.stack = [(mode, line)]
            return self._changed(Reply(), changed)
        no_form = store.find_top("no " + line)
        if no_form is not None:
            store.remove_block(no_form)
            if any(line.startswith(d) for d in DEFAULT_ON):
                return self._changed(Reply(), True)  # back to the default, which is not shown
        changed = self._put_line(store, None, line, top_key(body)) or no_form is not None
        if body[0] == "hostname" and self.context is None and len(body) > 1:
            self.device.hostname = body[1]
        return self._changed(Reply(), changed)

    def _put_line(self, store: ConfigStore, parent: Optional[int], line: str, key: Optional[str],
                  keyfn=None) -> bool:
        """Add ``line`` (top-level when parent is None, else a child of ``parent``) unless present;
        a line with the same key replaces the old one in place."""
        def key_of(text):
            return top_key(text.split()) if parent is None else keyfn(text.split())

        if parent is None:
            first = line.split(" ", 1)[0]  # a same-key line starts with the same word: skip the rest
            indexes = [i for i in store.top_level() if store.lines[i].startswith(first)]
            prefix = ""
        else:
            indexes = store.children(parent)
            prefix = " " * store.child_indent(parent)
        if any(norm(store.lines[i]) == line for i in indexes):
            return False
        same = [i for i in indexes if key is not None and key_of(store.lines[i]) == key]
        if same:
            store.lines[same[0]] = prefix + line
            for i in reversed(same[1:]):
                store.remove_block(i)
            return True
        if parent is None:
            store.insert_top(line)
        else:
            store.lines.insert(store.block_end(parent), prefix + line)
        return True

    def _child(self, body: List[str], negated: bool, offset: int, spec: ModeSpec, invalid) -> Reply:
        bad = spec.check(body, negated)
        if bad is not None:
            return invalid(bad + offset)
        store = self._store()
        path = [entry[1] for entry in self.stack]
        parent = store.resolve(path)
        if parent is None:  # another session removed it: recreate the chain
            parent = store.find_top(path[0])
            if parent is None:
                parent = store.insert_top(path[0])
            for name in path[1:]:
                kids = [j for j in store.children(parent) if norm(store.lines[j]) == name]
                if kids:
                    parent = kids[0]
                else:
                    at = store.block_end(parent)
                    store.lines.insert(at, " " * store.child_indent(parent) + name)
                    parent = at
        line = " ".join(body)
        sub = next((m for regex, m in spec.sub_parents if regex.match(line)), None)
        kids = store.children(parent)
        if negated:
            exact = [j for j in kids if norm(store.lines[j]) == line]
            if exact:
                store.remove_block(exact[0])
                return self._changed(Reply(), True)
            prefixed = [j for j in kids if norm(store.lines[j]).startswith(line + " ")]
            if prefixed:
                for j in reversed(prefixed):
                    store.remove_block(j)
                return self._changed(Reply(), True)
            return self._changed(Reply(), self._remove_values(store, kids, body, spec))
        if sub:
            changed = False
            if not any(norm(store.lines[j]) == line for j in kids):
                store.lines.insert(store.block_end(parent), " " * store.child_indent(parent) + line)
                changed = True
            self.stack.append((sub, line))
            return self._changed(Reply(), changed)
        changed = self._put_line(store, parent, line, spec.key(body), spec.key)
        no_form = [j for j in store.children(parent) if norm(store.lines[j]) == "no " + line]
        for j in reversed(no_form):
            store.remove_block(j)
        return self._changed(Reply(), changed or bool(no_form))

    @staticmethod
    def _remove_values(store: ConfigStore, kids: List[int], body: List[str], spec: ModeSpec) -> bool:
        """``no encryption aes`` on ``encryption aes-256 aes`` leaves ``encryption aes-256``."""
        key = spec.key(body)
        if key is None:
            return False
        width = len(key.split())
        for j in kids:
            tokens = store.lines[j].split()
            if spec.key(tokens) == key and tokens[:width] == body[:width]:
                values = [v for v in tokens[width:] if v not in body[width:]]
                if values == tokens[width:]:
                    return False
                if values:
                    store.lines[j] = " " * indent_of(store.lines[j]) + " ".join(tokens[:width] + values)
                else:
                    store.remove_block(j)
                return True
        return False
