# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The indented JSON text of report.json (and of the evidence report.xml quotes): ``indented_json`` gives
``json.dumps(value, indent=2, sort_keys=True, separators=(",", ": "))`` without Python's pure-Python
indented writer, which was most of the report writers' time at 100k lines (issue 12).

Plain Python, no Ansible import. findings.py writes report.json a tunnel at a time with it.
"""

import json
import math
from itertools import chain


def _indented_at(value, indent, memo=None):
    """``indented_json(value)`` as it reads inside a document at ``indent`` (every line break of an
    indented JSON text is followed by its indent; strings hold none: they are escaped)."""
    try:
        return _plain_json(value, indent, memo)
    except (_NotPlain, RecursionError, TypeError, ValueError):
        return indented_json(value).replace("\n", "\n" + indent)


class _NotPlain(Exception):
    """A value the fast writer leaves to json.dumps (a key that is no string, NaN, a type of its own)."""


_ESCAPE = json.encoder.encode_basestring_ascii
_DICT_ONLY = frozenset((dict,))
_LIST_ONLY = frozenset((list,))
_STR_ONLY = frozenset((str,))
_SCALARS = frozenset((str, int, float, bool, type(None)))
_FLAT_ENCODERS = {}


def _flat_encoder(inner):
    """The C encoder (sorted keys, ASCII, NaN refused) with ``inner``'s indented layout as its item separator; None
    when Python has none."""
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        if json.encoder.c_make_encoder is None:
            return None
        encoder = _FLAT_ENCODERS[inner] = json.encoder.c_make_encoder(
            None, None, _ESCAPE, None, ": ", ",\n" + inner, True, False, False)
    return encoder


def _flat_json(value, inner, indent):
    """A dict or list of scalars only, written by the C encoder (sorted keys, ASCII, NaN refused) with
    the indented layout as its item separator; None when Python has no C encoder."""
    encoder = _flat_encoder(inner)
    if encoder is None:
        return None
    try:
        text = "".join(encoder(value, 0))
    except ValueError:  # NaN or Infinity
        raise _NotPlain()
    return "".join((text[0], "\n", inner, text[1:-1], "\n", indent, text[-1]))  # one copy of the text (see _dict_json)


def _reindented(written, indent):
    """A text _plain_json wrote at one indent (``written``: (value, text, indent)) as it reads at ``indent``: every
    line break of it is followed by the indent it was written at (strings hold no line break: they are escaped)."""
    _value, text, was = written
    return text if was == indent else text.replace("\n" + was, "\n" + indent)


def _flat_records_json(value, inner, indent):
    """A list of non-empty dicts of scalars under string keys (cited lines, rekeys, policies, manual steps), written
    by the C encoder at once: its item separator (a line break and the records' items' indent) is right inside the
    records; between records (a "}" then "{" around it: a scalar never ends in "}", a string holds no line break)
    and at the ends the records' own indent is put in. None when Python has no C encoder."""
    deeper = inner + "  "
    encoder = _flat_encoder(deeper)
    if encoder is None:
        return None
    try:
        text = "".join(encoder(value, 0))  # '[{"k": v,\n<deeper>"k": v},\n<deeper>{...}]'
    except ValueError:  # NaN or Infinity
        raise _NotPlain()
    return "".join(("[\n", inner, "{\n", deeper, text[2:-2].replace(
        "},\n" + deeper + "{", "\n" + inner + "},\n" + inner + "{\n" + deeper), "\n", inner, "}\n", indent, "]"))


def _composed(compose, value, indent, memo):
    """``compose(value, indent, memo)``, or the text kept in ``memo`` for this very object (re-indented), keeping
    the one it writes there: see _plain_json."""
    if memo is None:
        return compose(value, indent, memo)
    written = memo.get(id(value))
    if written is not None and written[0] is value:
        return _reindented(written, indent)
    text = compose(value, indent, memo)
    memo[id(value)] = (value, text, indent)
    return text


_KEY_TEXT = {}  # a key -> its JSON text and ": ": a few dozen names, each written thousands of times (issue 12)
_KEY_TEXT_MAX = 4096


def _dict_json(value, indent, memo):
    """A dict (string keys) holding a container: each key's text kept (_KEY_TEXT), a text child written here,
    not by a call of its own; the same text as _dict_json_each. The pieces joined once: a + b + c over a child's
    text copied it at each "+", at each level of the tree (issue 12: a fifth of report.json's time)."""
    inner = indent + "  "
    between = ",\n" + inner
    parts = ["{\n", inner]
    for key in sorted(value):
        child = value[key]
        prefix = _KEY_TEXT.get(key)
        if prefix is None:
            if len(_KEY_TEXT) >= _KEY_TEXT_MAX:
                _KEY_TEXT.clear()
            prefix = _KEY_TEXT[key] = _ESCAPE(key) + ": "
        parts += (prefix, _ESCAPE(child) if type(child) is str else _plain_json(child, inner, memo), between)  # pylint: disable=unidiomatic-typecheck
    parts[-1] = "\n" + indent + "}"
    return "".join(parts)


def _dict_json_each(value, indent, memo):
    """_dict_json a child at a time (the general path)."""
    inner = indent + "  "
    parts = [_ESCAPE(key) + ": " + _plain_json(value[key], inner, memo) for key in sorted(value)]
    return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"


def _list_json(value, indent, memo):
    inner = indent + "  "
    return "".join(("[\n", inner, (",\n" + inner).join([_plain_json(v, inner, memo) for v in value]), "\n", indent, "]"))


# A container child of a record stands in the C encoder's text of the records as this string does (an escape:
# "\u0000") and is written into its place. Each such child is one occurrence; a text or key holding the character
# (or an escaped quote and it) adds one, and then the list is written a record at a time.
_HOLE = "\x00"
_HOLE_JSON = _ESCAPE(_HOLE)
# Fewer records (a tunnel's findings: one to three, each with containers) are written faster one by one.
_RECORDS_AT_ONCE = 4


def _are_flat_records(value):
    """Whether ``value`` (a list or tuple of dicts only) holds non-empty records of scalars under string keys: told by
    C-speed calls over them all, not a Python step per record (issue 12)."""
    return all(value) and _STR_ONLY.issuperset(map(type, chain.from_iterable(value))) and \
        _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, value))))


def _records_json(value, indent, memo):
    """A list of non-empty dicts with string keys, some holding containers (selectors with their cited lines, the
    findings): the records' scalars written by the C encoder at once, as _flat_records_json writes flat records,
    each container child into its place (issue 12: a record a call was most of report.json's time with many
    selectors); the children that are flat records themselves (cited lines) written at once too. The same text as
    _list_json."""
    inner = indent + "  "
    deeper = inner + "  "
    encoder = _flat_encoder(deeper)
    if encoder is None:
        return _list_json(value, indent, memo)
    shallow, children = [], []
    for item in value:
        if _SCALARS.issuperset(map(type, item.values())):
            shallow.append(item)
            continue
        holes = [key for key, child in item.items() if type(child) not in _SCALARS]
        holes.sort()  # the encoder's order
        item = item.copy()
        for key in holes:
            children.append(item[key])
            item[key] = _HOLE
        shallow.append(item)
    try:
        text = "".join(encoder(shallow, 0))  # '[{"k": v,\n<deeper>"k": "\\u0000"},\n<deeper>{...}]'
    except ValueError:  # NaN or Infinity
        raise _NotPlain()
    pieces = text[2:-2].replace("},\n" + deeper + "{", "\n" + inner + "},\n" + inner + "{\n" + deeper).split(_HOLE_JSON)
    if len(pieces) != len(children) + 1:
        return _list_json(value, indent, memo)
    texts = _flat_records_at_once(children, deeper)
    parts = ["[\n", inner, "{\n", deeper, pieces[0]]
    for child, written, piece in zip(children, texts, pieces[1:]):
        parts.append(written if written is not None else _plain_json(child, deeper, memo))
        parts.append(piece)
    parts += ("\n", inner, "}\n", indent, "]")
    return "".join(parts)


def _flat_records_at_once(children, indent):
    """For each of ``children`` (values at ``indent``): its text if it is a list of flat records, written by the C
    encoder with the others as one list of lists (_flat_records_json's text of each), else None."""
    texts = [None] * len(children)
    if _LIST_ONLY.issuperset(map(type, children)) and all(children) and \
            _DICT_ONLY.issuperset(map(type, chain.from_iterable(children))) and \
            _are_flat_records(list(chain.from_iterable(children))):  # all of them (selectors' cited lines): one look
        at = range(len(children))
    else:
        at = [i for i, child in enumerate(children) if type(child) is list and child  # pylint: disable=unidiomatic-typecheck
              and _DICT_ONLY.issuperset(map(type, child)) and _are_flat_records(child)]
    if not at:
        return texts
    inner = indent + "  "
    deeper = inner + "  "
    encoder = _flat_encoder(deeper)
    if encoder is None:
        return texts
    try:
        text = "".join(encoder([children[i] for i in at], 0))  # '[[{..},\n<deeper>{..}],\n<deeper>[{..}]]'
    except ValueError:  # NaN or Infinity
        raise _NotPlain()
    # between two lists: "}]," and a line break (a scalar never ends in "}", a text holds no line break)
    bodies = text[3:-3].replace("},\n" + deeper + "{", "\n" + inner + "},\n" + inner + "{\n" + deeper).split(
        "}],\n" + deeper + "[{")
    if len(bodies) != len(at):
        return [None] * len(children)
    head, tail = "[\n" + inner + "{\n" + deeper, "\n" + inner + "}\n" + indent + "]"
    for i, body in zip(at, bodies):
        texts[i] = "".join((head, body, tail))
    return texts


def _plain_json(value, indent, memo=None):
    """``indented_json(value)`` at ``indent``, or _NotPlain. ``memo`` (a dict, or None): each container with a
    container in it that was written is kept there by id, with itself (so its id is no other's) and its text, and
    written again from that text (a tunnel's safest alignment and plan remediation are its other entries' objects)."""
    if isinstance(value, str):
        return _ESCAPE(value)
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        if not _STR_ONLY.issuperset(map(type, value)):  # exact str keys, as for the values: else json.dumps
            raise _NotPlain()
        if _SCALARS.issuperset(map(type, value.values())):
            flat = _flat_json(value, indent + "  ", indent)
            if flat is not None:
                return flat
        return _composed(_dict_json, value, indent, memo)
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        if _STR_ONLY.issuperset(map(type, value)):  # strings only (selectors, command lines): half the C encoder's time
            return "".join(("[\n", inner, (",\n" + inner).join(map(_ESCAPE, value)), "\n", indent, "]"))
        if _SCALARS.issuperset(map(type, value)):
            flat = _flat_json(value, inner, indent)
            if flat is not None:
                return flat
        if _DICT_ONLY.issuperset(map(type, value)):
            if _are_flat_records(value):
                flat = _flat_records_json(value, inner, indent)
                if flat is not None:
                    return flat
            elif len(value) >= _RECORDS_AT_ONCE and all(value) and _STR_ONLY.issuperset(map(type, chain.from_iterable(value))):
                return _composed(_records_json, value, indent, memo)
        return _composed(_list_json, value, indent, memo)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _NotPlain()


def indented_json(value, allow_nan=False):
    """``json.dumps(value, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=False)``, the same
    text: Python's JSON writer has no C code for indented output, and its generators were most of the
    report writers' time at 100k lines (issue 12). A tree of plain dicts (string keys), lists, tuples,
    strings, ints, finite floats, booleans and None is written here (a dict or list of scalars only by
    the C encoder); anything else by json.dumps."""
    try:
        return _plain_json(value, "")
    except (_NotPlain, RecursionError, TypeError):  # TypeError: keys sorted() cannot order; json.dumps says so
        return json.dumps(value, indent=2, sort_keys=True, separators=(",", ": "), allow_nan=allow_nan)
