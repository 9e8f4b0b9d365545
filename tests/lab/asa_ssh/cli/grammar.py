# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lab ASA accepts: keywords, value checks, sub-modes and show-run order (no state)."""

from __future__ import annotations

import ipaddress
import re
from typing import Dict, List, Optional, Sequence, Tuple

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


# The other secrets show running-config prints as ``*****``: an aaa-server host's `` key`` (a line of its own), an
# LDAP login password, an SNMP community, the failover key, an NTP authentication key, RADIUS's common password
# (Cisco ASA command reference, show running-config: "more system:running-config" shows them in clear).
_MASKED_VALUE = re.compile(r"(^\s*key\s+|\b(?:ldap-login-password|community|failover\s+key|radius-common-pw|"
                           r"authentication-key\s+\d+\s+(?:md5|sha1|sha256|sha512|cmac))\s+(?:[078]\s+)?(?:hex\s+)?)"
                           r"(?!\*{5}(?:\s|$))\S+")


def mask_secrets(line: str) -> str:
    """``show running-config`` prints keys and passwords as ``*****`` (``more system:`` does not)."""
    line = _MASKED_VALUE.sub(r"\g<1>*****", line)
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
    (re.compile(r"^router bgp \S+$"), "config-router"),
    (re.compile(r"^route-map \S+ (permit|deny) \d+$"), "config-route-map"),
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


def _key_router(tokens):
    return _first(tokens, 2) if tokens[0] in ("bgp", "address-family", "timers") else tokens[0]


def _key_router_af(tokens):
    if tokens[0] == "neighbor" and len(tokens) > 2:
        if tokens[2] in ("route-map", "prefix-list", "distribute-list", "filter-list") and len(tokens) > 4:
            return "%s %s %s" % (_first(tokens, 3), "*", tokens[4])  # one per direction
        return _first(tokens, 3)
    if tokens[0] == "network":
        return _first(tokens, 4) if tokens[2:3] == ["mask"] else _first(tokens, 2)
    if tokens[0] == "redistribute":
        return _first(tokens, 2)
    return None


def _key_route_map(tokens):
    if tokens[0] == "match":
        return _first(tokens, 3) if tokens[1:2] in (["ip"], ["ipv6"]) else _first(tokens, 2)
    return _first(tokens, 2) if tokens[0] == "set" else tokens[0]


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
    # router bgp, its address family and route-maps: routing.py checks and orders them
    "config-router": ModeSpec("bgp address-family timers", key=_key_router,
                              sub_parents=[(r"^address-family (ipv4|ipv6) unicast$", "config-router-af")]),
    "config-router-af": ModeSpec("neighbor network redistribute auto-summary synchronization default-information "
                                 "aggregate-address distance maximum-paths table-map", key=_key_router_af),
    "config-route-map": ModeSpec("match set description continue", key=_key_route_map),
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
    "failover", "monitor-interface", "icmp", "asdm", "arp", "nat", "access-group", "prefix-list", "route-map",
    "router", "route", "timeout",
    "user-identity", "aaa-server", "aaa", "http", "snmp-server", "service", "crypto ipsec", "crypto map",
    "crypto dynamic-map", "crypto ca", "crypto ikev2", "crypto ikev1", "crypto", "telnet", "ssh", "console",
    "threat-detection", "dhcpd", "ntp", "ssl", "webvpn", "group-policy", "dynamic-access-policy-record",
    "username", "tunnel-group", "tunnel-group-map", "class-map", "policy-map", "service-policy", "prompt",
    "call-home", "sysopt",
]

# Second word of exec/privileged commands, for unique-prefix abbreviation (``sh run``, ``conf t``).
EXEC_WORDS = ["changeto", "clear", "configure", "debug", "disable", "enable", "exit", "logout", "more", "no", "ping",
              "quit", "show", "terminal", "traceroute", "undebug", "write"]
SHOW_WORDS = ["access-list", "arp", "asp", "bgp", "clock", "conn", "context", "cpu", "crypto", "curpriv", "debug", "failover",
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
    if t[0] == "route" and len(t) >= 5:
        return _first(t, 5)  # same interface, network and gateway: the new metric replaces the old
    if t[0] == "prefix-list" and len(t) >= 4 and t[2] == "seq":
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
