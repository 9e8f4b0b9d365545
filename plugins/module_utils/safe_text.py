# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text that came from a device or a file, made safe for where it is shown, and input budgets.

Plain Python, no Ansible import. Two halves:

Output. Names and values in a report come from the input, so they may hold anything: bytes that
were not UTF-8 (decoded with ``surrogateescape`` they are lone surrogates ``\\udcff``, which no
UTF-8 writer accepts and Ansible refuses in a module result), terminal escapes (``\\x1b[2J``),
characters XML 1.0 forbids (``\\x00``-``\\x08``...), line breaks that would forge a console or
Markdown line, bidirectional overrides that make text read differently than it is, and numbers
JSON cannot hold (NaN, Infinity). ``escape`` turns each such character into a visible ``\\xNN``
/ ``\\uNNNN`` escape (a surrogateescape byte shows as the byte: ``\\xff``); ``safe_tree`` applies
it to every string (keys too) of a JSON-like tree and turns non-finite floats into strings, so
one call makes a report safe for JSON, XML, Markdown and the console at once. The writers in
findings.py call it once at their start; ``md_code`` and ``md_text`` add what Markdown needs.

Input. ``load_json_text`` parses JSON within budgets: nesting depth (``MAX_DEPTH``; Python's
reader and every recursive walk fail near 1,000 levels with RecursionError), number size (an
integer of more than ``MAX_INT_DIGITS`` digits, NaN, Infinity or a float too large stays the text
it was, so readers that want a number report it as INVALID_VALUE), string size. ``safe_data``
applies the same budgets to data already parsed (a module option), iteratively.
"""

import itertools
import json
import math
import re

# -- output -------------------------------------------------------------------------------
# Characters escaped everywhere: C0 controls but tab, DEL, C1 controls, lone surrogates, the
# Unicode line/paragraph separators, bidirectional embeddings/overrides/isolates (the "Trojan
# Source" characters, CVE-2021-42574), and the noncharacters U+FFFE/U+FFFF (XML 1.0 forbids
# them, with most C0 controls and all surrogates: XML 1.0 section 2.2 "Char").
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# UNSAFE but the line feed: text whose only unsafe characters are line breaks (a report.md cell: a <br> each).
UNSAFE_BUT_LF = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all; used by the fuzz tests to check writers, and as a last guard.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Strings longer than this are cut, with a marker saying how much was cut (evidence budget).
MAX_TEXT = 2048
TRUNCATED = " ...[%d more characters]"


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape_char(match):
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return "\\x%02x" % (code - 0xDC00)
    if code < 0x100:
        return "\\x%02x" % code
    return "\\u%04x" % code


def escape(text):
    """``text`` with every unsafe character (see ``UNSAFE``) shown as an escape."""
    if not isinstance(text, str):
        text = str(text)
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_escape_char, text)


def has_unsafe(text):
    return isinstance(text, str) and UNSAFE.search(text) is not None


def clip(text, limit=MAX_TEXT):
    """``text`` cut to about ``limit`` characters, with a marker naming how many were cut."""
    if not isinstance(text, str) or len(text) <= limit:
        return text
    return text[:limit] + TRUNCATED % (len(text) - limit)


def first_of(texts, shown, separator=", ", total=None):
    """The first ``shown`` of ``texts`` joined by ``separator``, then " and K more" for the rest: a list that grows
    with the input (a hub's tunnels, a crypto ACL's lines) named in a bounded line. ``total``: how many there are,
    when ``texts`` holds only the first ones."""
    more = (len(texts) if total is None else total) - min(shown, len(texts))
    named = separator.join(texts[:shown])
    return named + " and %d more" % more if more > 0 else named


def clip_value(value, limit=MAX_TEXT):
    """A JSON-like value kept as is when small; a string cut by ``clip``; a list or dict whose JSON
    is longer than ``limit`` becomes that JSON text, cut (evidence budget)."""
    if isinstance(value, str):
        return clip(value, limit)
    if isinstance(value, (list, dict)):
        text = json.dumps(value, default=str, skipkeys=True)
        return value if len(text) <= limit else clip(text, limit)
    return value


def non_finite_text(value):
    """How a float JSON cannot hold is written instead: "NaN", "Infinity", "-Infinity"."""
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def safe_tree(value):
    """A copy of a JSON-like tree (dict, list, tuple, str, numbers, bool, None) where every string
    and key is ``escape``d and every NaN/Infinity is a string. Iterative: depth costs no stack."""
    root = [None]
    todo = [(value, root, 0)]
    while todo:
        item, holder, slot = todo.pop()
        if isinstance(item, str):
            holder[slot] = escape(item)
        elif isinstance(item, bool) or item is None or isinstance(item, int):
            holder[slot] = item
        elif isinstance(item, float):
            holder[slot] = item if math.isfinite(item) else non_finite_text(item)
        elif isinstance(item, dict):
            copy = {}
            holder[slot] = copy
            keys = []
            for key, child in item.items():
                key = escape(key) if isinstance(key, str) else key
                keys.append(key)
                copy[key] = None
                todo.append((child, copy, key))
        elif isinstance(item, (list, tuple)):
            copy = [None] * len(item)
            holder[slot] = copy
            todo.extend((child, copy, i) for i, child in enumerate(item))
        else:
            holder[slot] = escape(item)
    return root[0]


def html_text(value):
    """Any value as escaped HTML text (quotes too: safe inside attributes): html.escape(quote=True)'s replacements,
    inline (330,000 calls at 100k lines; issue 12)."""
    text = value if isinstance(value, str) else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def console(text):
    """One line for the console: unsafe characters (line breaks too) escaped."""
    return escape(text)


# A name or value in report.md's prose, headings and cells is text, never Markdown: what CommonMark reads as inline
# syntax in it is backslash-escaped (CommonMark 0.31 "Backslash escapes": any ASCII punctuation): "\\" itself, code
# span backticks, emphasis "*", links' "[" "]", GFM strikethrough "~"; "_" only where it could open or close
# emphasis, not between two letters or digits ("Emphasis and strong emphasis": an intraword "_" does neither, so
# AZ_VPN_ACL stays as it is written).
_MD_INLINE = re.compile(r"[\\`*\[\]~]|(?<![^\W_])_|_(?![^\W_])")
# What opens a block at the start of a line ("ATX headings", "List items", "Setext headings") or closes an ATX heading
# at its end ("## name #": the " #" is dropped)
_MD_LINE_START = re.compile(r"#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=]+\s*$|\d{1,9}(?=[.)](\s|$))")
_MD_CLOSING_HASHES = re.compile(r"(?:(?<=\s)|^)#+\s*$")
# Whether any line of a text of several lines holds what md_text escapes (a superset): report.md's cells of many
# lines (selectors, prefixes) take a faster path without it
MD_SYNTAX_IN_LINES = re.compile(r"[\\`*\[\]~_#]|^(?:[-+](?:\s|$)|[-=]+\s*$|\d{1,9}[.)](?:\s|$))", re.M)


def _md_inline(text):
    if _MD_INLINE.search(text) is not None:
        text = _MD_INLINE.sub(r"\\\g<0>", text)
    start = _MD_LINE_START.match(text)
    if start is not None:
        text = text[:start.end()] + "\\" + text[start.end():] if text[0].isdigit() else "\\" + text
    if "#" in text:
        text = _MD_CLOSING_HASHES.sub(lambda found: "\\" + found.group(0), text)
    return text


def md_text(text):
    """Text for Markdown prose: escaped, the characters that would open HTML made entities, and what CommonMark would
    read as syntax (emphasis, a code span, a link, a heading or list marker) backslash-escaped: a name holding them
    (an ACL ``*AZ-VPN*``, a crypto map ``S2S[prod]``) is shown as it is written."""
    return _md_inline(escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def md_code(text):
    """An inline code span holding ``text`` exactly: a backtick fence longer than any run of
    backticks inside (CommonMark "Code spans"), padded when the text starts or ends with one."""
    text = escape(text)
    # no backtick (most text: ASA lines, names): no run to measure (issue 12: findall and max were most of its time)
    longest = max((len(run) for run in re.findall("`+", text)), default=0) if "`" in text else 0
    fence = "`" * (longest + 1)
    if longest or text[:1] == " " or text[-1:] == " ":
        return "%s %s %s" % (fence, text, fence)
    return "%s%s%s" % (fence, text, fence)


# -- input ----------------------------------------------------------------------------------
# Nesting of JSON input. ARM resources nest about 8 levels (connection -> properties ->
# ipsecPolicies -> [0] -> field; a gateway's bgpSettings -> bgpPeeringAddresses -> [i] ->
# tunnelIpAddresses), az output fewer; 64 leaves room for wrappers and stays far below the
# ~1,000 frames where Python's JSON reader and recursive walks fail.
MAX_DEPTH = 64
# ARM integers are 32- or 64-bit (REST specs: int32/int64); 19 digits hold any int64.
MAX_INT_DIGITS = 19
# A JSON string longer than this is cut (ARM names are at most 80 characters, ids a few hundred).
MAX_JSON_STRING = 4096
_INT_LIMIT = 10 ** MAX_INT_DIGITS


class InputBudgetError(ValueError):
    """Input beyond a budget of this module (nesting depth); the message names the budget."""


def _parse_int(text):
    digits = text.lstrip("-")
    return int(text) if len(digits) <= MAX_INT_DIGITS else text


def _parse_float(text):
    value = float(text)
    return value if math.isfinite(value) else text


def _parse_constant(text):
    return text  # NaN, Infinity, -Infinity stay text: a reader wanting a number reports it


def file_text(data, errors="replace"):
    """A saved file's bytes as text: UTF-16 with its byte order mark (Windows PowerShell 5.1's '>' and Out-File write
    it: Microsoft, about_Character_Encoding; review 2026-12-04) or UTF-8 (a byte order mark dropped), undecodable
    UTF-8 bytes handled by ``errors`` (UTF-16's replaced)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", errors)


def load_json_text(text):
    """JSON text -> data within the budgets; raises ValueError (json's, or InputBudgetError)."""
    if isinstance(text, bytes):
        text = file_text(text, "surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except RecursionError:
        raise InputBudgetError("JSON nested more than %d levels deep (the input nests deeper than Python's JSON "
                               "reader can follow)" % MAX_DEPTH)
    if _text_within_budgets(text):
        return data  # what safe_data would give back, without its copy (issue 12: 0.4-0.8 s at 2,000 connections)
    return safe_data(data)


# The bytes a bracket and a quote are in UTF-8 (no byte of a multi-byte sequence is one), and what else to delete.
_NOT_BRACKET_OR_QUOTE = bytes(b for b in range(256) if b not in b'[]{}"')
_BRACKET_DEPTH = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
# A quote followed by more characters than a JSON string may hold, none of them a quote.
_LONG_AFTER_QUOTE = re.compile('"[^"]{%d}' % (MAX_JSON_STRING + 1))
# A lone surrogate in the text, or a \uD800-\uDFFF escape that json.loads may turn into one.
_SURROGATE_OR_ESCAPE = re.compile("[\ud800-\udfff]|\\\\u[dD][89a-fA-F]")


def _has_surrogate_or_escape(text):
    """``_SURROGATE_OR_ESCAPE.search(text) is not None``. ASCII text (str.isascii: no scan) holds no surrogate,
    and without a ``\\u`` no escape of one: C-speed substring search, not the regex's scan of every character
    (0.035 of 0.09 s on a 6 MB export; issue 12)."""
    if text.isascii() and "\\u" not in text:
        return False
    return _SURROGATE_OR_ESCAPE.search(text) is not None


def _text_within_budgets(text):
    """Whether ``json.loads`` of ``text`` (valid JSON, read with this module's number hooks) is already
    what ``safe_data`` returns: no string longer than MAX_JSON_STRING, no lone surrogate, nesting
    within MAX_DEPTH. Decided on the text with C-speed string operations; False when unsure (an escaped
    quote, a surrogate escape), and safe_data decides."""
    if '\\"' in text or _has_surrogate_or_escape(text):
        return False
    # Without escaped quotes, every '"' opens or closes a string: the pieces between quotes are the
    # strings (odd pieces, each at least as long as the string it decodes to) and what lies between them.
    # No piece longer than MAX_JSON_STRING: neither the first nor one after a quote.
    first = text.find('"')
    if (len(text) if first < 0 else first) > MAX_JSON_STRING or _LONG_AFTER_QUOTE.search(text) is not None:
        return False
    # The brackets of the even pieces, in order, without splitting the text into its pieces (issue 12: the
    # split was most of this check's 0.09 s on a 6 MB export): its brackets and quotes only (bytes.translate;
    # no surrogate is left to encode), then two adjacent quotes dropped: they hold no bracket and the pieces
    # on either side of them are of one parity, so the pieces after keep theirs. Quotes left enclose strings
    # holding brackets; those few pieces are split as before.
    brackets = text.encode("utf-8").translate(None, _NOT_BRACKET_OR_QUOTE).replace(b'""', b"")
    if b'"' in brackets:
        brackets = b"".join(brackets.split(b'"')[0::2])
    # a container at depth d (the top is 0) is the (d+1)th open bracket; safe_data refuses d >= MAX_DEPTH
    return max(itertools.accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)), default=0) <= MAX_DEPTH


def safe_data(data, max_depth=MAX_DEPTH):
    """A copy of parsed JSON within the budgets: strings with lone surrogates escaped and cut at
    ``MAX_JSON_STRING``, integers of more than ``MAX_INT_DIGITS`` digits and non-finite floats
    turned into their text; raises InputBudgetError past ``max_depth`` levels, naming where.

    Written for speed (issue 12: 0.13 CPU s for a 2,000-connection export): a child that is a plain
    ``str``, ``int``, ``float``, ``bool`` or None is copied where its container is, what the loop would do
    with it, and where a container is (for the error) is kept as its parent and key, put into words only
    when it is too deep. A dict whose keys are not all plain strings kept as they are takes the loop's
    general path, so keys that become equal are resolved as before."""
    root = [None]
    todo = [(data, root, 0, 0, None)]
    while todo:
        item, holder, slot, depth, where = todo.pop()
        if isinstance(item, str):
            holder[slot] = _safe_string(item)
        elif isinstance(item, bool) or item is None:
            holder[slot] = item
        elif isinstance(item, int):
            holder[slot] = item if -_INT_LIMIT < item < _INT_LIMIT else "(an integer of %d bits)" % item.bit_length()
        elif isinstance(item, float):
            holder[slot] = item if math.isfinite(item) else non_finite_text(item)
        elif isinstance(item, (dict, list, tuple)):
            if depth >= max_depth:
                raise InputBudgetError("JSON nested more than %d levels deep (at %s)"
                                       % (max_depth, clip(_where_text(where) or "the top", 200)))
            depth += 1
            if isinstance(item, dict):
                copy = {}
                holder[slot] = copy
                if only_str(item) and all(map(_kept_string, item)):
                    for key, child in item.items():
                        if type(child) in _PLAIN_SCALARS and _plain_scalar_kept(child):
                            copy[key] = child
                        else:
                            copy[key] = None
                            todo.append((child, copy, key, depth, (where, _KEY, key)))
                else:
                    for key, child in item.items():
                        key = _safe_string(key) if isinstance(key, str) else key
                        copy[key] = None
                        todo.append((child, copy, key, depth, (where, _TEXT, ".%s" % clip(str(key), 40))))
            else:
                copy = [None] * len(item)
                holder[slot] = copy
                for i, child in enumerate(item):
                    if type(child) in _PLAIN_SCALARS and _plain_scalar_kept(child):
                        copy[i] = child
                    else:
                        todo.append((child, copy, i, depth, (where, _INDEX, i)))
        else:
            holder[slot] = item
    return root[0]


_STR_ONLY = frozenset((str,))


def only_str(items):
    """Whether every item is exactly a ``str`` (no subclass): one C-speed pass over their types, where the
    reports and safe_data choose a path for text only (issue 12)."""
    return _STR_ONLY.issuperset(map(type, items))


_PLAIN_SCALARS = frozenset((str, int, float, bool, type(None)))
_TEXT, _KEY, _INDEX = 0, 1, 2  # how one step of a place in safe_data's input is put into words


def _kept_string(text):
    """Whether ``_safe_string(text)`` is ``text`` itself (ASCII text holds no surrogate; str.isascii is no scan)."""
    return len(text) <= MAX_JSON_STRING and (text.isascii() or _SURROGATE.search(text) is None)


def _plain_scalar_kept(value):
    """Whether safe_data keeps this plain str, int, float, bool or None as it is."""
    kind = type(value)
    if kind is str:
        return _kept_string(value)
    if kind is int:
        return -_INT_LIMIT < value < _INT_LIMIT
    if kind is float:
        return math.isfinite(value)
    return True


def _where_text(where):
    """A place in safe_data's input as words ("" for the top): each step ``.key`` or ``[index]``."""
    steps = []
    while where is not None:
        where, how, step = where
        steps.append(step if how == _TEXT else "[%d]" % step if how == _INDEX else ".%s" % clip(step, 40))
    return "".join(reversed(steps))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _safe_string(text):
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub(_escape_char, text)
    return clip(text, MAX_JSON_STRING)
