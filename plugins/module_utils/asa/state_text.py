# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the ASA's show outputs: logical lines (CRLF, pager remnants, backspaces, terminal escapes), numbers,
addresses, idents, SPIs. Shared by the live-state parsers (state.py, state_ike.py).

Plain Python, no Ansible import; nothing here raises on bad input.
"""

import ipaddress
import re

# The config reader's terminal: backspaces, CRs and ECMA-48 control sequences (colour, erase-line, cursor moves)
# applied as a terminal applies them (asa/parser/lines.py _TERMINAL_SEQUENCE cites the standard).
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import render_terminal

_PAGER_RE = re.compile(r"<--- More --->|--More--")
# "There are no IKEv2 SAs", "There are no ipsec sas", "INFO: There are presently no active sessions"
_NOTHING_RE = re.compile(r"there are (?:presently )?no ", re.I)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
# Undecodable bytes arrive as lone surrogates (to_text's surrogateescape): facts must be strict UTF-8.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# The longest number an ASA prints in these outputs: a 64-bit counter has 20 digits. Longer is not a
# number (and int() refuses over 4,300 digits).
MAX_DIGITS = 20


def _lines(text):
    """Logical lines: CRLF/CR handled, backspaces, terminal escape sequences (colour, erase-line) and pager
    remnants applied and removed as the config reader does, right-stripped, bytes that were not UTF-8 as U+FFFD."""
    if not isinstance(text, str):
        return []
    text = _SURROGATE_RE.sub("\ufffd", text)
    if "\n" not in text and "\r" in text:
        raw = text.split("\r")
    else:
        raw = text.split("\n")
    out = []
    for line in raw:
        line = line.rstrip("\r")
        if "\r" in line:  # a pager prompt erased with CR: keep what follows it
            line = line.split("\r")[-1]
        if "\x1b" in line or "\b" in line:
            line = render_terminal(line)
        line = _PAGER_RE.sub("", line)
        out.append(line.rstrip())
    return out


def number(digits):
    """int of a string of ASCII digits, None when it is longer than any number the ASA prints."""
    return int(digits) if len(digits.lstrip("-")) <= MAX_DIGITS else None


def _int(text):
    text = (text or "").strip() if isinstance(text, str) else ""
    match = re.match(r"^-?[0-9]+", text)
    return number(match.group(0)) if match else None


def is_ip(text):
    try:
        ipaddress.ip_address(text)
        return True
    except (ValueError, TypeError):
        return False


def _split_endpoint(text):
    """"a.b.c.d/500" -> (address, port); IPv6 "2001:db8::1/500" too."""
    text = (text or "").strip()
    if "/" in text:
        addr, _sep, port = text.rpartition("/")
        if port.isascii() and port.isdigit():
            return addr, number(port)
    return text, None


def _note_address(record, field, value):
    if value and not is_ip(value):
        record.setdefault("notes", []).append(
            "%s %r is not an IP address (masked or garbled); kept as printed" % (field, value))


def _ident(text):
    """``(10.0.0.0/255.0.0.0/0/0)`` -> {"address", "mask", "protocol", "port", "prefix"}."""
    raw = text.strip()
    inner = raw.strip("()")
    parts = inner.split("/")
    ident = {"raw": raw, "address": None, "mask": None, "protocol": None, "port": None, "prefix": None}
    if len(parts) >= 2:
        ident["address"], ident["mask"] = parts[0], parts[1]
    if len(parts) >= 4:
        ident["protocol"], ident["port"] = _int(parts[2]), _int(parts[3])
    ident["prefix"] = _prefix(ident["address"], ident["mask"])
    return ident


def _prefix(address, mask):
    if not address or not mask:
        return None
    try:
        return str(ipaddress.ip_network("%s/%s" % (address, mask), strict=False))
    except ValueError:
        return None


def _range_prefix(start, end):
    try:
        nets = list(ipaddress.summarize_address_range(ipaddress.ip_address(start), ipaddress.ip_address(end)))
    except (ValueError, TypeError):
        return None
    return str(nets[0]) if len(nets) == 1 else None


def _norm_key(key):
    return re.sub(r"[^a-z0-9]+", "_", key.strip().lower()).strip("_")


def _comma_pairs(text):
    """"Encr: AES-CBC, keysize: 256, DH Grp:2" -> [("encr", "AES-CBC"), ("keysize", "256"), ("dh_grp", "2")]."""
    pairs = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if ":" in chunk:
            key, _sep, value = chunk.partition(":")
            pairs.append((_norm_key(key), value.strip()))
        else:
            words = chunk.split(None, 1)  # "mode tunnel"
            pairs.append((_norm_key(words[0]), words[1].strip() if len(words) > 1 else ""))
    return pairs


def _hex_spi(text):
    """"0x766AF315" / "766AF315" / "0x766af315 (1986720533)" -> "0x766AF315" (None when not hex)."""
    token = (text or "").strip().split()[0] if (text or "").strip() else ""
    if token.lower().startswith("0x"):
        token = token[2:]
    if not token or not re.match(r"^[0-9a-fA-F]+$", token):
        return None
    return "0x%08X" % int(token, 16)
