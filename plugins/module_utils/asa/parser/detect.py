# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is the text an ASA configuration at all? Decided from evidence gathered during the one pass.

A text that is not (empty, binary, another vendor's or IOS's configuration) must not read as
"an ASA with 0 tunnels": ``verdict`` says why it is not, and ``NotAsaConfig`` carries that to
the caller. Partial pastes (only the crypto lines of an ASA) are ASA text and accepted.

Evidence, strongest first:
- ``ASA Version x.y(z)`` or a ``: Saved`` / ``: end`` line (every ``show running-config`` of an
  ASA starts with the first and ends with the second): ASA, whatever else is there.
- NUL bytes or undecodable bytes (more than 1 % of the characters): binary, not a config.
- Fewer than half of the top-level lines start with an ASA global command: not an ASA config
  (Junos ``set ...`` lines and curly-brace blocks, free text).
- Forms only Cisco IOS/IOS-XE has (``version 17.3``, ``line vty``, ``ip route``, ``crypto ikev2
  keyring|profile|proposal``, ``boot-start-marker``...) and no form only the ASA has (``nat (a,b)``,
  ``route <nameif>``, ``tunnel-group``, ``object network``...): IOS.
"""

import re


class NotAsaConfig(ValueError):
    """The text given as an ASA configuration is not one (empty, binary, another vendor's)."""


# Forms of Cisco IOS / IOS-XE that the ASA does not have (IOS-XE configuration guides; the
# Azure-vpn-config-samples Cisco/Current/ASR and ISR files show them side by side with the ASA one).
IOS_FIRST_WORDS = frozenset(
    ["version", "line", "boot-start-marker", "boot-end-marker", "control-plane", "Building", "Current",
     "redundancy", "platform", "vrf", "spanning-tree"]
)
IOS_FORMS = frozenset(
    [("ip", "route"), ("ip", "vrf"), ("ip", "nat"), ("ip", "forward-protocol"), ("ip", "http"), ("ip", "ssh"),
     ("crypto", "ikev2", "keyring"), ("crypto", "ikev2", "profile"), ("crypto", "ikev2", "proposal"),
     ("crypto", "isakmp", "profile"), ("crypto", "isakmp", "key"), ("crypto", "keyring")]
)
_IOS_SECOND_WORDS = frozenset(form[1] for form in IOS_FORMS)  # no other line can be one of them
IOS_SECOND_WORDS = _IOS_SECOND_WORDS  # the driver's own count of global commands (core.ParserCore.feed)
# Global commands only the ASA has (IOS spells them "ip nat", "ip route"... or lacks them).
ASA_ONLY_WORDS = frozenset(
    ["tunnel-group", "group-policy", "nat", "route", "sysopt", "same-security-traffic", "names", "pager",
     "failover", "asdm", "mtu", "access-group", "object", "ASA", "dynamic-access-policy-record", "webvpn"]
)
# UTF-16 byte order marks as the module's decoding (UTF-8, surrogateescape or replace) leaves them
_UTF16_BOMS = ("\udcff\udcfe", "\udcfe\udcff", "\ufffd\ufffd")
_BINARY = re.compile("[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f\ufffd\udc80-\udcff]")


class InputEvidence(object):
    """Counters the driver feeds with each top-level line (a few operations per line)."""

    __slots__ = ("top", "known", "asa_only", "ios", "ios_line", "junos_set", "braces", "unknown_line", "saved",
                 "odd_input")

    def __init__(self):
        self.top = self.known = self.asa_only = self.ios = self.junos_set = self.braces = 0
        # (line number, form) of the first IOS form: the form is one of IOS_FORMS / IOS_FIRST_WORDS, never the text;
        # (line number, what it looks like) of the first line no ASA command starts: input text is never kept (a
        # file that is not a configuration, e.g. Oxidized's router.db "name:model:user:password", may hold a secret)
        self.ios_line = self.unknown_line = None
        self.saved = False
        self.odd_input = True  # the driver's scan found characters no configuration holds (until it says not)

    def marker(self, text):
        if text.startswith(": Saved") or text == ": end":
            self.saved = True

    def top_level(self, words, number, known):
        self.top += 1
        first = words[0]
        if known:
            self.known += 1
            if first in ASA_ONLY_WORDS:
                self.asa_only += 1
            elif (first == "ip" or first == "crypto") and len(words) > 1 and words[1] in _IOS_SECOND_WORDS and (
                tuple(words[:2]) in IOS_FORMS or tuple(words[:3]) in IOS_FORMS
            ):
                form = tuple(words[:2]) if tuple(words[:2]) in IOS_FORMS else tuple(words[:3])
                self._ios(number, " ".join(form))
            return
        if first in IOS_FIRST_WORDS:
            self._ios(number, first)
        elif first in ("set", "delete", "edit"):
            self.junos_set += 1
        if words[-1] == "{" or first == "}":
            self.braces += 1
        if self.unknown_line is None:
            self.unknown_line = (number, looks_like(first))

    def _ios(self, number, form):
        self.ios += 1
        if self.ios_line is None:
            self.ios_line = (number, form)


# First words that other vendors' configurations start lines with: quoted by name (they are these constants)
KNOWN_OTHER_WORDS = frozenset(["set", "delete", "edit"]) | IOS_FIRST_WORDS


def looks_like(first):
    """What a line whose first word is ``first`` looks like, in words that never repeat the input's text: the
    first word itself only when it is one of KNOWN_OTHER_WORDS."""
    if first in KNOWN_OTHER_WORDS:
        return "starts with %r" % first
    if first[:1] in ("{", "[", '"'):
        return "looks like JSON"
    if first[:1] == "<":
        return "looks like markup (XML or HTML)"
    if first[:1] in ("#", ";", "/"):
        return "looks like a comment of another format"
    if first.count(":") >= 2:
        return "holds colon-separated fields (as a router.db, CSV or passwd line does)"
    if "," in first or ";" in first:
        return "holds comma- or semicolon-separated fields (as a CSV line does)"
    if "=" in first:
        return "holds a name=value setting"
    return "starts with a word that is no ASA command"


def _utf16_without_bom(head):
    """Whether ``head`` (the first 400 characters) reads as UTF-16 text saved without a byte order mark: ASCII in
    UTF-16 is a NUL byte beside each character, so one of the two byte positions is mostly NUL (little endian: the
    second; big endian: the first) and the other is not (Unicode Standard, 3.10 "Encoding Schemes", UTF-16LE/BE). A
    file of zeros (a backup written as the disk filled, a crash's zero-filled blocks) has NULs in both: it is binary,
    not text to save again as UTF-8 (before: "it looks like UTF-16 text")."""
    even, odd = head[0::2].count("\x00"), head[1::2].count("\x00")
    return max(even, odd) > 100 and min(even, odd) * 10 < len(head) // 2


def verdict(text, config, evidence):
    """None when ``text`` is ASA configuration text; else why it is not (one sentence)."""
    if not text or text.isspace():  # what "not text.strip()" says, without copying the text
        return "it is empty"
    if text[:2] in _UTF16_BOMS or _utf16_without_bom(text[:400]):
        return "it looks like UTF-16 text (as some Windows editors save it); save it as UTF-8 or ASCII"
    # the driver's scan for odd characters covers all of _BINARY's but U+FFFD: no second scan after a clean one
    odd = len(_BINARY.findall(text)) if evidence.odd_input or "\ufffd" in text else 0
    if "\x00" in text or odd * 100 > len(text):
        return "it holds binary data (%d NUL, control or undecodable characters in %d)" % (odd, len(text))
    if config.version or evidence.saved:
        return None
    if evidence.top == 0:
        return "it holds no configuration command, only comments"
    if evidence.known * 2 < evidence.top:
        if evidence.junos_set * 2 >= evidence.top:
            kind = "it looks like Junos 'set' commands"
        elif evidence.braces * 4 >= evidence.top:
            kind = "it looks like a curly-brace (Junos-style) configuration"
        else:
            kind = "it does not look like an ASA configuration"
        number, what = evidence.unknown_line  # where, and what it looks like: never its text (it may hold a secret)
        return "%s: only %d of %d top-level lines start with an ASA command (first other: line %d %s)" % (
            kind, evidence.known, evidence.top, number, what)
    # IOS shares most global commands with the ASA, so it passes the ratio above
    if evidence.ios and not evidence.asa_only:
        return "it looks like a Cisco IOS / IOS-XE configuration (line %d: %r), not an ASA one" % evidence.ios_line
    return None
