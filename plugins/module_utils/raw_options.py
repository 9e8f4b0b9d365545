# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of a task's arguments as given, which the action plugins make before ansible-core's own: an option with
sub-options given as no mapping stops ansible-core with "argument of type 'int' is not iterable" or "dictionary
requested, could not parse JSON or key=value", naming no option (review 2026-12-05)."""


def sub_options_error(values, spec, scope=""):
    """Why an option of ``spec`` that has sub-options is not given as they must be (a mapping, or a list of
    mappings), or None. ``scope`` prefixes the option's name in the message (``tunnels[2].``)."""
    for key, option in spec.items():
        value = values.get(key)
        if value is None or "options" not in option:
            continue
        if option["type"] == "dict" and not isinstance(value, dict):
            return "%s%s must be a mapping of its options" % (scope, key)
        if option["type"] == "list" and (not isinstance(value, list) or not all(isinstance(v, dict) for v in value)):
            return "%s%s must be a list of mappings" % (scope, key)
    return None


# ansible-core's str and path types make text of anything (a list given for report_dir became the directory
# "['/tmp/x']", review C4), with no word from an action plugin's ArgumentSpecValidator and a warning at most from a
# module. A whole number stays allowed: an unquoted numeric name is the same text.
_TEXT_TYPES = {"str": "text", "path": "a path (text)"}


def value_kind(value):
    """What a value that is no text is, in a user's words (also asa/push_options' names)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return "the number %r" % value
    return "a value of type %s" % type(value).__name__


def _not_text(value):
    return isinstance(value, (bool, float, list, tuple, dict))


def text_options_error(values, spec, scope=""):
    """Why an option of ``spec`` whose type is str or path (or a list of them), or one of its sub-options, is given as
    no text (a list, a mapping, true/false, a fraction), or None: before ansible-core's types make text of it. Options
    with choices are left to their choices check, which names the option and the values it takes."""
    if not isinstance(values, dict):
        return None
    for key, option in spec.items():
        value = values.get(key)
        if value is None:
            continue
        kind = option.get("type", "str")
        if kind in _TEXT_TYPES and not option.get("choices") and _not_text(value):
            return "%s%s must be %s, got %s" % (scope, key, _TEXT_TYPES[kind], value_kind(value))
        if kind == "list" and option.get("elements") in _TEXT_TYPES and isinstance(value, list):
            for number, item in enumerate(value):
                if _not_text(item):
                    return "%s%s[%d] must be %s, got %s" % (scope, key, number, _TEXT_TYPES[option["elements"]],
                                                            value_kind(item))
        if option.get("options") and kind == "dict":
            error = text_options_error(value, option["options"], "%s%s." % (scope, key))
            if error:
                return error
    return None
