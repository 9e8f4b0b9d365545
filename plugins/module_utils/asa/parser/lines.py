# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Physical lines -> (indent, text): CRLF/CR, pager remnants, backspaces; secrets masked."""

import re

PAGER_MARKERS = ("<--- More --->", "--More--")
MASK = "*****"


def split_lines(text):
    """Physical lines; numbering matches an editor's for LF, CRLF and CR-only text."""
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def pieces_of_lines(text, size=1 << 16):
    """``split_lines(text)`` in lists of the lines of about ``size`` characters each (the last piece may be
    empty of text: ``[""]`` after a final newline, as split_lines ends)."""
    if "\n" not in text:
        yield split_lines(text)
        return
    start = 0
    while True:
        cut = text.find("\n", start + size)
        if cut < 0:
            yield text[start:].split("\n")
            return
        yield text[start:cut].split("\n")
        start = cut + 1


def _render_terminal(raw):
    """Apply backspaces and carriage returns the way a terminal would."""
    cells, pos = [], 0
    for ch in raw:
        if ch == "\b":
            pos = max(0, pos - 1)
        elif ch == "\r":
            pos = 0
        else:
            if pos < len(cells):
                cells[pos] = ch
            else:
                cells.append(ch)
            pos += 1
    return "".join(cells)


def clean_line(raw):
    """(indent, text) of a physical line; indent None when a pager remnant ate it."""
    raw = raw.rstrip("\r\n")
    if "\b" in raw or "\r" in raw:
        raw = _render_terminal(raw)
    indent_known = True
    for marker in PAGER_MARKERS:
        at = raw.find(marker)
        while at >= 0:
            raw = raw[:at] + raw[at + len(marker) :].lstrip(" \t")
            indent_known = False
            at = raw.find(marker)
    text = raw.strip()
    if not indent_known:
        return None, text
    return len(raw) - len(raw.lstrip(" \t")), text


_FREE_TEXT = re.compile(r"(?:^|[ \t])(?:description|remark)(?:[ \t]|$)|^banner[ \t]")


def free_text_start(text):
    """Where a line's free text begins (after ``description`` or ``remark``, or a ``banner`` line's start), or None."""
    found = _FREE_TEXT.search(text)
    return None if found is None else found.end()


PSK_KEYWORD = "pre-shared-key"


_KEY_FIRST_WORDS = frozenset(("ikev1", "ikev2"))


def may_name_a_key(text, words):
    """Whether a line may name a pre-shared key, spelt out or abbreviated, in any case (a quick test before
    ``key_word_at``): the keyword spelt out anywhere, or a line where the ASA takes one (a tunnel-group's
    ``ikev1``/``ikev2`` and ``pre-shared-key`` lines, a crypto map's ``set ikev1|ikev2``), review 2026-12-06:
    ``ikev2 local-authentication pre-shared K`` reached the report in clear. Tested on every line: a word test, not a
    scan of each line for ``pre`` (a fifth of the parse at 100k lines)."""
    if PSK_KEYWORD in text:
        return True
    first = words[0].lower() if words else ""
    return first in _KEY_FIRST_WORDS or first.startswith("pre") or (
        first == "crypto" and " set ikev" in text.lower())


def key_word_at(words):
    """The index of the word that names a pre-shared key in ``words`` (-1: none). The ASA takes keywords in any case and
    any unambiguous abbreviation of one (Cisco ASA command reference, "Command abbreviation"): ``pre``, ``pre-sh``,
    ``p`` are pre-shared-key where one is taken, the line's first word (``pre-shared-key K`` under ipsec-attributes),
    after ``ikev1``/``ikev2`` (``ikev1 pre-shared-key``, a crypto map's ``set ikev2 pre-shared-key``) or after
    ``local-authentication``/``remote-authentication`` (abbreviated too). Elsewhere only the whole keyword counts: a
    crypto map named ``pre`` is no key."""
    for at, word in enumerate(words):
        word = word.lower()
        if not PSK_KEYWORD.startswith(word):
            continue
        if word == PSK_KEYWORD or at == 0:
            return at
        before = words[at - 1].lower()
        if before in _KEY_FIRST_WORDS or before.startswith(("local-a", "remote-a")):
            return at
    return -1


def redact(text, words):
    """The line text with any pre-shared key replaced by ***** (its keyword spelt out or abbreviated)."""
    at = key_word_at(words)
    if at < 0 or at + 1 >= len(words) or words[at + 1].strip("*") == "":
        return text
    kept = words[: at + 1]
    if words[at + 1] in ("0", "8") and at + 2 < len(words):
        kept.append(words[at + 1])
    return " ".join(kept + [MASK])


def redact_after(text, words, keyword):
    """``text`` cut after ``keyword`` with the rest masked (e.g. a BGP neighbor password)."""
    if keyword not in words:
        return text
    at = words.index(keyword)
    return " ".join(words[: at + 1] + [MASK])
