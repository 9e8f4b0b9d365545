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
