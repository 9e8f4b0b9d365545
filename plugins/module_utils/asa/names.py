# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ASA command line takes as a name, an address, a number or a pre-shared key.

Each ``*_error`` function returns why a value cannot go into an ASA command (a message that
names the option), or None. A value that passes is one word of printable ASCII, so it can
neither split a line into two commands nor end one early. Messages quote names and
addresses (shortened), never a pre-shared key.

Plain Python, no Ansible import.
"""

import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import INSIDE_WHY, PSK_MIN, redact, too_short

# Length limits, in characters.
# Cisco ASA command reference, "nameif": "The name is a text string up to 48 characters".
NAMEIF_MAX = 48
# Cisco ASA command reference, "crypto map match address" / "crypto map set ...": map-name
# (verified: false - the page was not found with the search tool; 64 as the brief states).
CRYPTO_MAP_MAX = 64
# Cisco ASA command reference, "access-list extended": access_list_name up to 241 characters
# (verified: false, as above).
ACL_MAX = 241
# Cisco ASA command reference, "tunnel-group": a site-to-site IKEv2 PSK tunnel-group is named
# after the peer's address (Azure ASA sample, DOC_ASA_SAMPLE in the reference yaml), any other
# name up to 64 characters (verified: false, as above).
TUNNEL_GROUP_MAX = 64
# Cisco ASA command reference, "group-policy": "The name can be up to 64 characters long"
# (verified: false, as above).
GROUP_POLICY_MAX = 64
# Cisco ASA command reference, "crypto ipsec ikev2 ipsec-proposal" and "crypto ipsec profile"
# (verified: false; 64 like the other VPN object names).
IPSEC_PROPOSAL_MAX = 64
IPSEC_PROFILE_MAX = 64
# Cisco ASA command reference, "object-group network": obj_grp_id up to 64 characters
# (verified: false, as above).
OBJECT_GROUP_MAX = 64
# Cisco ASA CLI configuration guide, Multiple Context Mode, "Configuring a Security Context": the context name
# "is a string up to 32 characters long" and "'System' or 'Null' (in upper or lower case letters) are reserved
# names" (ASA 8.x guide, as mirrored at https://1library.net/article/configuring-a-security-context-asa-cli-cfg.q2vp542y;
# the same text in the ASA 8.4 chapter https://www.cisco.com/c/en/us/td/docs/security/asa/asa84/configuration/guide/
# asa_84_cli_config/mode_contexts.html).
CONTEXT_MAX = 32
CONTEXT_RESERVED = ("system", "null")
# what a `prompt hostname context priority state` command adds to the prompt (failover unit and state; Cisco ASA
# command reference, "prompt": state is act, stby, actNoFailover or stbyNoFailover, the last two where failover is
# off): a context with one of these names cannot be told from them in the prompt. Lower case: compared so.
FAILOVER_PROMPT_WORDS = frozenset(("pri", "sec", "act", "stby", "actnofailover", "stbynofailover"))
# Cisco ASA command reference, "ikev2 local-authentication pre-shared-key" / "ikev1 pre-shared-key":
# a key of 1 to 128 characters (verified: false, as above).
PSK_MAX = 128
# "interface tunnel number": 0-10413 (ASA VPN CLI guide, VTI chapter, "Add a VTI Interface";
# the lab cites the same, tests/lab/asa_ssh/cli/vti.py).
TUNNEL_NUMBER_RANGE = (0, 10413)

# Characters a name may not carry even though they are printable:
#   ?  the ASA command line answers it with help instead of taking the line (any position);
#   "  the ASA reads a quoted string as one word (group-policy "A B"): a quote in a name
#      would change where the word ends;
#   ;  no ASA meaning is documented, but it separates commands in other Cisco shells and in
#      tools that replay configs (refused defensively, as the issue asks).
FORBIDDEN_IN_NAMES = '?";'
# Cisco ASA firewall configuration guide (ASDM 7.12), "Objects for Access Control", Guidelines for Objects: "Object
# names are limited to 64 characters, including letters, numbers, and these characters: .!@#$%^&()-_{}"
# (https://cisco.com/c/en/us/td/docs/security/asa/asa912/asdm712/firewall/asdm-712-firewall-config/access-objects.html;
# the ASA Series firewall CLI guide's chapter says the same). Objects and object-groups share that namespace. The
# guides give no such list for crypto map, ACL or tunnel-group names: those keep the looser rule above.
OBJECT_NAME_PUNCTUATION = ".!@#$%^&()-_{}"
# A pre-shared key goes into the line as one word: no whitespace, and ? would ask for help.
FORBIDDEN_IN_KEYS = "?"
# Longest value quoted back in a message (a 5,000-character name is not echoed whole).
QUOTE_MAX = 60

_DIGITS = re.compile(r"[0-9]+\Z")
_TUNNEL = re.compile(r"Tunnel([0-9]{1,5})\Z")


def quoted(value):
    """``repr`` of ``value``, shortened, for messages. Never raises: Python refuses to print an int
    of more than 4,300 digits (ValueError), and Ansible makes such an int of an option's text."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a number of about %d digits" % int(value.bit_length() * 0.30103 + 1)
    try:
        text = repr(value)
    except ValueError:
        return "a value too long to show"
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 4] + "...'"


def _bad_char(value, forbidden):
    """The first character of ``value`` that is not printable ASCII without spaces, or in ``forbidden``."""
    for char in value:
        if not "\x21" <= char <= "\x7e" or char in forbidden:
            return char
    return None


def _char_error(what, char):
    if char in " \t\r\n\v\f" or ord(char) < 0x20 or ord(char) == 0x7F:
        return "%s contains whitespace or a control character (%r), which would split or end the command" % (
            what, char)
    if ord(char) > 0x7F:
        return "%s contains %r: the ASA takes names of printable ASCII only" % (what, char)
    if char == "?":
        return "%s contains '?', which the ASA command line takes as a request for help" % what
    return "%s contains %r, which this module does not put into an ASA command" % (what, char)


def name_error(value, what, max_len):
    """Why ``value`` cannot be an ASA name of at most ``max_len`` characters (None when it can)."""
    if not isinstance(value, str) or not value:
        return "%s must be a non-empty name" % what
    char = _bad_char(value, FORBIDDEN_IN_NAMES)
    if char is not None:
        return "%s %s: %s" % (what, quoted(value), _char_error("the name", char))
    if len(value) > max_len:
        return "%s %s is longer than %d characters (%d), the most the ASA takes" % (
            what, quoted(value), max_len, len(value))
    return None


def object_name_char(value):
    """The first character of ``value`` an ASA object or object-group name cannot hold, or None."""
    for char in value:
        if not (char.isascii() and char.isalnum()) and char not in OBJECT_NAME_PUNCTUATION:
            return char
    return None


def context_error(value, what="context"):
    """Why ``value`` cannot be a security context name (None when it can): the one check of the ``context`` option of
    asa_vpn_facts and asa_vpn_tunnel, done before anything is sent (it goes into ``changeto context <value>``: a
    newline in it would be one more command)."""
    problem = name_error(value, what, CONTEXT_MAX)
    if problem is None and value.lower() in CONTEXT_RESERVED:
        problem = "%s %s is a name the ASA reserves (System and Null name no security context)" % (what, quoted(value))
    if problem is None and value.lower() in FAILOVER_PROMPT_WORDS:
        # `fw/act#` is the system execution space under `prompt hostname state` as much as context act: where the
        # session is could not be checked before reading or pushing, so such a name is refused, not guessed
        problem = ("%s %s cannot be told apart from the failover words a `prompt ... priority state` command adds to the "
                   "prompt (pri, sec, act, stby), so which context the session is in could not be checked; nothing was "
                   "sent" % (what, quoted(value)))
    return problem


def address_error(value, what, version=None):
    """Why ``value`` is not a plain IP address (IPv``version`` when given) the ASA takes."""
    if not isinstance(value, str) or not value:
        return "%s must be an IP address" % what
    if _bad_char(value, "%"):
        # ipaddress takes an IPv6 zone after '%' with any characters in it, newlines included
        return "%s: %s is not an IP address (no spaces, control characters or %%zone)" % (what, quoted(value))
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return "%s: %s is not an IP address" % (what, quoted(value))
    if version and address.version != version:
        return "%s: %s is not an IPv%d address" % (what, quoted(value), version)
    if address.is_unspecified or address.is_multicast:
        return "%s: %s is not a unicast address" % (what, quoted(value))
    return None


def network_error(value, what, version=None):
    """Why ``value`` is not a prefix (``10.0.0.0/8``, or an address for a host) the ASA takes."""
    if not isinstance(value, str) or not value:
        return "%s must be a network prefix" % what
    if _bad_char(value, "%"):
        return "%s: %s is not a network prefix (no spaces, control characters or %%zone)" % (what, quoted(value))
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "%s: %s is not a network prefix" % (what, quoted(value))
    if version and network.version != version:
        return "%s: %s is not an IPv%d prefix" % (what, quoted(value), version)
    return None


def tunnel_group_error(value, what="tunnel_group"):
    """A tunnel-group name: the peer's address for a site-to-site IKEv2 tunnel, else a name."""
    if isinstance(value, str) and value and not _bad_char(value, "%"):
        try:
            ipaddress.ip_address(value)
            return None
        except ValueError:
            pass
    return name_error(value, what, TUNNEL_GROUP_MAX)


def tunnel_interface_error(value, what="tunnel_interface"):
    """``TunnelN`` with N in the ASA's range."""
    match = _TUNNEL.match(value) if isinstance(value, str) else None
    if match is None or not TUNNEL_NUMBER_RANGE[0] <= int(match.group(1)) <= TUNNEL_NUMBER_RANGE[1]:
        return "%s must look like Tunnel1 (Tunnel%d to Tunnel%d), got %s" % (
            what, TUNNEL_NUMBER_RANGE[0], TUNNEL_NUMBER_RANGE[1], quoted(value))
    return None


def psk_error(value, what="pre_shared_key"):
    """Why ``value`` cannot be sent as a pre-shared key. The message never quotes the key."""
    if not isinstance(value, str) or not value:
        return "%s must be a non-empty string" % what
    if len(value) > PSK_MAX:
        return "%s is %d characters long; the ASA takes 1 to %d" % (what, len(value), PSK_MAX)
    if len(value) < PSK_MIN:
        return too_short(what, len(value), PSK_MIN)
    char = _bad_char(value, FORBIDDEN_IN_KEYS)
    if char is not None:
        if char in " \t\r\n\v\f" or ord(char) < 0x20 or ord(char) == 0x7F:
            return "%s contains whitespace or a control character" % what
        if char == "?":
            return "%s contains '?', which the ASA command line takes as a request for help" % what
        return "%s contains a character that is not printable ASCII" % what
    return None


def range_error(value, what, bounds):
    """Why ``value`` is not a whole number within ``bounds`` (None also when it is None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
        return "%s must be a whole number from %d to %d, got %s" % (what, bounds[0], bounds[1], quoted(value))
    return None


def digits_value(value):
    """``value`` as an int when it is ASCII digits only (``str.isdigit`` also takes '³' and '٣'), else None."""
    if isinstance(value, str) and len(value) <= 20 and _DIGITS.match(value):
        return int(value)
    return None


def psk_word_error(config, key, what="pre_shared_key"):
    """Why ``key`` may not be used with the running config ``config`` (text): it is a word of it - a name, number or
    keyword - or part of one (an object-group "AzureVPN12" of a key "AzureVPN1"), outside the key lines. Ansible
    masks a secret wherever it occurs in a task's result, inside a longer word too, so the commands, diff and backup
    path would come back garbled, and the masked places would tell where the key is (review 2026-12-05: a key
    "outside" turned "crypto map AZ interface outside" into "... interface ********"). The message names the line by
    its number and the words before the key, never the key."""
    at = config.find(key)
    while at >= 0:
        start, end = config.rfind("\n", 0, at) + 1, config.find("\n", at + len(key))
        line = config[start:] if end < 0 else config[start:end]
        shown = redact(line)
        if key in shown:  # not the key of a key line (a config read in clear holds it)
            words, whole = [], False
            for word in shown.split():
                if key in word:
                    whole = word == key
                    break
                words.append(word)
            where = "line %d%s" % (
                config.count("\n", 0, start) + 1, ", after '%s%s'" % (" ".join(words[:3]), " ..." if len(words) > 3 else "") if words else ", its first word")
            return ("%s is also %s (%s): %s (nothing was sent)"
                    % (what, "a word of the running config" if whole else "part of a longer word of the running config",
                       where, INSIDE_WHY))
        at = config.find(key, len(config) if end < 0 else end)
    return None
