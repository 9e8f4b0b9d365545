# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Variables set that look like a misspelling of one a role or playbook reads.

Ansible takes any variable: ``-e aling_to=none`` (meant: align_to=none, check only) is a variable nobody reads, and
the role runs with its default (align_to=safest, which pushes). The action plugins (vpn_align_plan step=variables,
vpn_compat_check known_variables) pass here the names visible on localhost (extra vars, inventory and play vars,
magic variables) and the names their role and playbook know; a name is a likely misspelling when it is not one of
them and either

* is close to one of them: the same once case, ``_`` and ``-`` are ignored (``failon``, ``Fail-On``), or 1 edit
  away (a letter added, dropped, changed, or two neighbours swapped: ``aling_to``) from a known name of 8 characters
  or more, and not its plural (``resource_groups`` is an inventory's list, not a misspelt ``resource_group``); a
  known name under 8 characters matches only the first way (2 edits, or 1 from a short name, flagged ordinary
  inventory names: ``repo_dir``, ``export_dir``, ``ssh_config_file``, ``fail_ok``), or
* starts with one of the role's prefixes (``align_``) - a role's own variable it does not know - or with a
  misspelling of one (``aling_``, 1 edit).

Only names near the known ones count, so the many other variables of an inventory are left alone. Plain Python,
no Ansible import; cost: a length filter, then a bounded distance, per (visible name, known name) pair.
"""

MIN_NEAR = 8  # a known name shorter than this matches only with case, "_" and "-" ignored; longer ones by 1 edit


def _folded(name):
    return name.lower().replace("_", "").replace("-", "")


def distance(first, second, bound=2):
    """Edits (insert, delete, substitute, swap two neighbours) from ``first`` to ``second``; ``bound + 1`` when more
    than ``bound`` (the rows stop early)."""
    if abs(len(first) - len(second)) > bound:
        return bound + 1
    previous2, previous = None, list(range(len(second) + 1))
    for i in range(1, len(first) + 1):
        row = [i] + [0] * len(second)
        for j in range(1, len(second) + 1):
            cost = 0 if first[i - 1] == second[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if (previous2 is not None and i > 1 and j > 1 and first[i - 1] == second[j - 2]
                    and first[i - 2] == second[j - 1]):
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > bound:
            return bound + 1
        previous2, previous = previous, row
    return min(previous[-1], bound + 1)


def _allowed(known):
    return 1 if len(known) >= MIN_NEAR else 0


def _plural(name, known):
    """``name`` is ``known`` in the plural (or the other way round): another variable, not a misspelling."""
    longer, shorter = (name, known) if len(name) > len(known) else (known, name)
    return longer in (shorter + "s", shorter + "es")


def nearest(name, known):
    """The known name ``name`` looks like a misspelling of, or None."""
    folded = _folded(name)
    best, best_edits = None, None
    for candidate in known:
        if _folded(candidate) == folded:
            return candidate
        allowed = _allowed(candidate)
        if allowed == 0 or abs(len(candidate) - len(name)) > allowed or _plural(name.lower(), candidate.lower()):
            continue
        edits = distance(name.lower(), candidate.lower(), allowed)
        if edits <= allowed and (best_edits is None or edits < best_edits):
            best, best_edits = candidate, edits
    return best


def _prefixed(name, prefixes):
    """The prefix (e.g. ``align_``) ``name`` starts with, or with a misspelling of (``aling_``), or None."""
    for prefix in prefixes:
        if name.startswith(prefix):
            return prefix
        head, sep, _rest = name.partition("_")
        stem = prefix.rstrip("_")
        if sep and len(stem) >= 4 and distance(head.lower(), stem.lower(), 1) <= 1:
            return prefix
    return None


def lookalikes(visible, known, prefixes=()):
    """[(name, the known name it looks like or None, the prefix it has or None)] of the ``visible`` names that look
    like a misspelling (module docstring), sorted by name. ``known``: names never reported; ``prefixes``: e.g.
    ``["align_"]``."""
    known = set(known)
    found = []
    for name in sorted(set(visible) - known):
        if not isinstance(name, str) or name.startswith("ansible_"):
            continue
        near = nearest(name, known)
        prefix = _prefixed(name, prefixes)
        if near is not None or prefix is not None:
            found.append((name, near, prefix))
    return found


def message(found, where):
    """One sentence naming each look-alike and what it looks like; ``where``: where the known names are listed."""
    parts = []
    for name, near, prefix in found:
        if near is not None:
            parts.append("%s (did you mean %s?)" % (name, near))
        else:
            parts.append("%s (named like the role's %s* variables, but not one it or the playbook reads)" % (name, prefix))
    return ("Variables set that look like a misspelling: %s. Nothing read them; fix or remove them (the variables "
            "known: %s)." % ("; ".join(parts), where))
