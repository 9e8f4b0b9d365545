# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seeded mutations of config text (bytes, line by line) and of ARM JSON (the parsed tree, then
raw text). Every mutator is ``f(rng, data) -> data``; the same seed gives the same input."""

from __future__ import annotations

import json
import random
import re

# -- values a hostile or damaged input carries ---------------------------------------------------
HUGE_DIGITS = "9" * 4301  # one past CPython's int-from-text limit (4300 digits)
NUMBER_TOKENS = [HUGE_DIGITS, "\u00b3600", "\u0663\u0666\u0660\u0660", "\uff13\uff16\uff10\uff10", "1e400",
                 "-1", "0", "99999999999999999999", "NaN", "Infinity", "3600.5", "0x10", "+5", "\u00b3", "",
                 "4294967296", "2147483648", "1" * 40]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\x1b]0;owned\x07", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u202e",
           "\x7f", "\x9b2J", "\ufeff", "\ufffe", "\r", "\b\b\b"]
BAD_BYTES = [b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xc0\xaf",
             b"\xe2\x82"]
PAGER = [b"<--- More --->", b"<--- More --->\r              \r", b"\b \b" * 14, b"--More--"]


def _lines(data):
    return data.split(b"\n")


def _join(lines):
    return b"\n".join(lines)


def _pick_line(rng, lines):
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    return rng.choice(candidates) if candidates else 0


def _insert_in_word(rng, line, payload):
    words = list(re.finditer(rb"\S+", line))
    if not words:
        return line + payload
    word = rng.choice(words)
    at = rng.randint(word.start(), word.end())
    return line[:at] + payload + line[at:]


# -- text mutators ---------------------------------------------------------------------------
def byte_flip(rng, data):
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _n in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def truncate(rng, data):
    return data[:rng.randrange(len(data) + 1)]


def duplicate_lines(rng, data):
    lines = _lines(data)
    start = rng.randrange(len(lines))
    end = min(len(lines), start + rng.randint(1, 12))
    times = rng.choice([1, 2, 5, 50])
    return _join(lines[:end] + lines[start:end] * times + lines[end:])


def delete_lines(rng, data):
    lines = _lines(data)
    for _n in range(rng.randint(1, 6)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return _join(lines)


def swap_lines(rng, data):
    lines = _lines(data)
    for _n in range(rng.randint(1, 4)):
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return _join(lines)


def dedent(rng, data):
    """Indentation lost (a flattened paste), or extra indentation."""
    lines = _lines(data)
    if rng.random() < 0.5:
        return _join([line.lstrip() for line in lines])
    i = _pick_line(rng, lines)
    lines[i] = b" " * rng.choice([1, 8, 4096]) + lines[i]
    return _join(lines)


def huge_line(rng, data):
    """A line of 16 KB to 1 MB: invalid values in a modelled command, a name, or junk."""
    lines = _lines(data)
    size = rng.choice([16 * 1024, 64 * 1024, 1024 * 1024])
    choice = rng.randrange(5)
    if choice == 0:  # many invalid values on one modelled line, inside its block
        head = rng.choice([b"crypto ikev2 policy 1\n encryption ", b"crypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption ",
                           b"crypto ikev1 policy 5\n group ", b"crypto ipsec ikev1 transform-set T ",
                           b"access-list A extended permit ip host ", b"crypto map CRYPTO-MAP 2 set peer "])
        token = rng.choice([b"bad ", b"aes-999 ", b"1.2.3 ", b"x "])
        line = head + token * (size // len(token))
    elif choice == 1:  # one huge name
        line = b"object network " + b"N" * size
    elif choice == 2:
        line = b"A" * size
    elif choice == 3:  # an existing line with its last word repeated
        base = lines[_pick_line(rng, lines)]
        word = (base.split() or [b"x"])[-1]
        line = base + (b" " + word) * (size // (len(word) + 1))
    else:  # pager remnants and backspaces, many of them
        line = rng.choice(PAGER) * (size // 16)
    lines.insert(rng.randrange(len(lines) + 1), line)
    return _join(lines)


def deep_nesting(rng, data):
    """A chain of object-groups, each naming the next (the ASA's only nesting), used by the crypto ACL."""
    depth = rng.choice([50, 500, 3000])
    out = []
    for n in range(depth):
        out.append(b"object-group network DEEP-%d" % n)
        out.append(b" group-object DEEP-%d" % (n + 1) if n + 1 < depth else b" network-object host 10.9.9.9")
    if rng.random() < 0.3:
        out.append(b"object-group network DEEP-%d\n group-object DEEP-0" % (depth - 1))  # and a loop
    out.append(b"access-list DEEP-ACL extended permit ip object-group DEEP-0 any")
    return _join(out + _lines(data))


def non_utf8(rng, data):
    lines = _lines(data)
    for _n in range(rng.randint(1, 3)):
        i = _pick_line(rng, lines)
        lines[i] = _insert_in_word(rng, lines[i], rng.choice(BAD_BYTES))
    return _join(lines)


def control_chars(rng, data):
    lines = _lines(data)
    for _n in range(rng.randint(1, 3)):
        i = _pick_line(rng, lines)
        lines[i] = _insert_in_word(rng, lines[i], rng.choice(CONTROL).encode("utf-8", "surrogatepass"))
    return _join(lines)


def huge_numbers(rng, data):
    lines = _lines(data)
    numbered = [i for i, line in enumerate(lines) if re.search(rb"\b\d+\b", line)]
    for _n in range(rng.randint(1, 3)):
        if not numbered:
            break
        i = rng.choice(numbered)
        matches = list(re.finditer(rb"\b\d+\b", lines[i]))
        if not matches:
            continue
        m = rng.choice(matches)
        lines[i] = lines[i][:m.start()] + rng.choice(NUMBER_TOKENS).encode("utf-8") + lines[i][m.end():]
    return _join(lines)


def lifetime_lines(rng, data):
    """The lifetime forms the issue names: ``seconds ³600`` and friends, on a crypto map entry."""
    value = rng.choice(NUMBER_TOKENS).encode("utf-8")
    line = rng.choice([b"crypto map CRYPTO-MAP 2 set security-association lifetime seconds %s",
                       b"crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes %s",
                       b"crypto ipsec security-association lifetime seconds %s"]) % value
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), line)
    return _join(lines)


def token_swap(rng, data, words=()):
    lines = _lines(data)
    for _n in range(rng.randint(1, 4)):
        i = _pick_line(rng, lines)
        parts = lines[i].split(b" ")
        if not parts:
            continue
        j = rng.randrange(len(parts))
        parts[j] = rng.choice(words).encode("utf-8", "surrogateescape") if words and rng.random() < 0.8 else b""
        lines[i] = b" ".join(parts)
    return _join(lines)


def pager(rng, data):
    lines = _lines(data)
    for _n in range(rng.randint(1, 4)):
        i = _pick_line(rng, lines)
        lines[i] = rng.choice(PAGER) + lines[i]
    if rng.random() < 0.3:
        return data.replace(b"\n", b"\r\n")
    return _join(lines)


def repeat_all(rng, data):
    """The whole text several times (large inputs, for the linear time bound)."""
    return data * rng.choice([2, 10, 40])


TEXT_MUTATORS = [byte_flip, truncate, duplicate_lines, delete_lines, swap_lines, dedent, huge_line, deep_nesting,
                 non_utf8, control_chars, huge_numbers, lifetime_lines, token_swap, pager, repeat_all]
# weights: the structural ones that reach deep code paths more often; the big ones (slow) rarely
TEXT_WEIGHTS = [6, 3, 4, 4, 3, 2, 1, 1, 5, 5, 6, 4, 8, 3, 1]
SHOW_MUTATORS = [byte_flip, truncate, duplicate_lines, delete_lines, swap_lines, dedent, non_utf8, control_chars,
                 huge_numbers, token_swap, pager, repeat_all]


def mutate_text(rng, data, words=(), rounds=None, mutators=None, weights=None):
    names = []
    mutators = mutators or TEXT_MUTATORS
    weights = weights or (TEXT_WEIGHTS if mutators is TEXT_MUTATORS else None)
    for _n in range(rounds or rng.choice([1, 1, 1, 2, 3])):
        mutator = rng.choices(mutators, weights)[0]
        data = token_swap(rng, data, words) if mutator is token_swap else mutator(rng, data)
        names.append(mutator.__name__)
    return data, names


# -- ARM JSON mutators ---------------------------------------------------------------------------
RAW = "@@RAW%d@@"  # placeholder for a token json.dumps cannot write (a 4301-digit number)


def _paths(tree):
    """Every (container, key) of the tree."""
    out, todo = [], [tree]
    while todo:
        node = todo.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            out.append((node, key))
            if isinstance(child, (dict, list)):
                todo.append(child)
    return out


def _nest(value, depth, rng):
    for _n in range(depth):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _deep(value, depth, rng, raws):
    """``value`` nested ``depth`` levels; as raw text past what json.dumps itself can write."""
    if depth <= 200:
        return _nest(value, depth, rng)
    opener, closer = ("[", "]") if rng.random() < 0.5 else ('{"a":', "}")
    raws.append(opener * depth + json.dumps(value) + closer * depth)
    return RAW % (len(raws) - 1)


def json_values(rng):
    """(value, raw text or None): values that break readers."""
    choices = [
        (float("nan"), None), (float("inf"), None), (float("-inf"), None), (None, "1e400"), (None, "-1e400"),
        (None, HUGE_DIGITS), (None, "-" + HUGE_DIGITS), (10 ** 25, None), (-1, None), (0, None), (3600.5, None),
        (3600.0, None), ("", None), ("x" * 100000, None), (None, None), (True, None), ([], None), ({}, None),
        ("\udcff", None), ("\ud800", None), ("a\x1b[31mb\x00c", None), ("\u202egnp.exe", None), ("\u00b3600", None),
        ("NaN", None), ([["x"] * 3] * 3, None), (["bad-prefix"] * 5000, None),
    ]
    return rng.choice(choices)


def mutate_json(rng, data):
    """``data``: the export's bytes. Returns (bytes, mutator names)."""
    names = []
    if rng.random() < 0.15:  # raw text damage
        raw_mutators = [byte_flip, truncate, non_utf8, control_chars, huge_numbers, swap_lines, delete_lines]
        mutated, names = mutate_text(rng, data, rounds=1, mutators=raw_mutators)
        return mutated, ["raw:" + n for n in names]
    tree = json.loads(data.decode("utf-8-sig"))
    raws = []
    for _n in range(rng.choice([1, 1, 2, 3, 5])):
        paths = _paths(tree)
        if not paths:
            break
        holder, key = rng.choice(paths)
        kind = rng.randrange(7)
        if kind <= 2:
            value, raw = json_values(rng)
            if raw is not None:
                raws.append(raw)
                value = RAW % (len(raws) - 1)
            holder[key] = value
            names.append("value")
        elif kind == 3 and isinstance(holder, dict):
            del holder[key]
            names.append("delete")
        elif kind == 4:
            depth = rng.choice([10, 63, 65, 500, 5000, 100000])
            holder[key] = _deep(holder[key], depth, rng, raws)
            names.append("nest%d" % depth)
        elif kind == 5 and isinstance(holder[key], str):
            value = holder[key]
            at = rng.randint(0, len(value))
            payload = rng.choice(CONTROL + ["\udcff", "\ud83d", "\u00e9\u0301"])
            holder[key] = value[:at] + payload + value[at:]
            names.append("string")
        elif isinstance(holder, list) and holder:
            holder.append(holder[rng.randrange(len(holder))])  # a duplicate
            names.append("duplicate")
        else:
            names.append("none")
    if rng.random() < 0.05:
        tree = _deep(tree, rng.choice([100, 5000]), rng, raws)
        names.append("nest-top")
    text = json.dumps(tree, indent=rng.choice([None, 2]))
    for i in reversed(range(len(raws))):  # a later raw text may hold an earlier placeholder
        text = text.replace('"%s"' % (RAW % i), raws[i])
    return text.encode("utf-8", "surrogatepass"), names


def rng_for(seed, index):
    return random.Random("%s:%d" % (seed, index))
