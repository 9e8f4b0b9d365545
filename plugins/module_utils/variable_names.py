# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Variables set that look like a misspelling of one a role or playbook reads.

Ansible takes any variable: ``-e aling_to=none`` (meant: align_to=none, check only) is a variable nobody reads, and
the role runs with its default (align_to=safest, which pushes). The action plugins (vpn_align_plan step=variables,
vpn_compat_check known_variables) pass here the names visible on localhost (extra vars, inventory and play vars,
magic variables; ``ansible_*`` names are Ansible's and never compared) and the names their role and playbook know; a
name is a likely misspelling when it is not one of them and either

* is close to one of them, read as words (split at ``_`` and ``-``):

  - the same once case, ``_`` and ``-`` are ignored and ``okay`` is read as ``ok``, in a word or in words written
    together (``failon``, ``Fail-On``, ``unpaired_okay``, ``unpairedokay``);
  - the singular of a known plural, whatever its separators (``report_format``, ``compare_key``, ``reportformat``);
  - the plural of a known name of one word (``baselines``: an option, not a list an inventory names so) or of one
    whose last word has no plural (``fail_ons``, ``unpaired_oks``, ``align_tos``, ``evidence_lives``), whatever its
    separators;
  - one word of the same number of words off by a typo the word's length makes unlikely to be another word: a
    letter added or dropped (``fail_onn``, ``fail_o``) or two neighbours swapped (``fial_on``) in any word, a letter
    changed too in a word of 4 letters or more (``aling_to``), and up to 2 edits in a word of 8 letters or more
    (``timeline_thrugput_mbps``); a letter changed in a word of 1-3 letters is another word (``fail_ok`` is not
    ``fail_on``);
  - or 1 edit away from a known name of 8 characters or more, whatever its words;

  but never the plural of another known name (``resource_groups`` is an inventory's list, not a misspelt
  ``resource_group``) and never a word changed by 2 edits or more below 8 letters (``repo_dir``, ``export_dir``,
  ``ssh_config_file``, ``evidence_file`` are ordinary inventory names); or
* starts with one of the role's prefixes (``align_``) - a role's own variable it does not know - or with a
  misspelling of one (``aling_``, 1 edit).

Only names near the known ones count, so the many other variables of an inventory are left alone
(tests/unit/test_role_variable_typos.py holds the names of Ansible and common inventories that must not count).
Plain Python, no Ansible import; cost: a word split, then a bounded distance, per (visible name, known name) pair.
"""

import re

MIN_NEAR = 8  # a known name this long or longer matches by 1 edit of the whole name, whatever its words
# Words written either way; each is read as its value before names are compared.
SYNONYMS = {"okay": "ok"}
# Last words of the roles' options that have no plural: a name that ends in their plural is no list of its own.
NO_PLURAL = ("ok", "on", "to", "when", "live")
_SEPARATORS = re.compile(r"[_-]+")


def _folded(name):
    """``name`` without case and separators, its synonyms read as their value also where words are written together
    (``unpairedokay`` is ``unpairedok``)."""
    folded = "".join(_SEPARATORS.split(name.lower()))
    for word, value in SYNONYMS.items():
        folded = folded.replace(word, value)
    return folded


def _words(name):
    return [SYNONYMS.get(word, word) for word in _SEPARATORS.split(name.lower()) if word]


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


def _plural(word, of):
    """``word`` is ``of`` in the plural."""
    return word in (of + "s", of + "es")


def _word_typo(word, known):
    """Edits of a typo from ``known`` (one word) to ``word``, or None when ``word`` is more likely another word."""
    if _plural(known, word):  # the singular of a known plural
        return 1
    edits = distance(word, known, 2)
    if edits == 1 and (len(known) >= 4 or len(word) != len(known) or sorted(word) == sorted(known)):
        return 1  # any edit from 4 letters; below, a letter added or dropped or two swapped, never one changed
    if edits == 2 and len(known) >= 8:
        return 2
    return None


def _typo(name, known):
    """Edits of a typo from ``known`` to ``name`` (both lower case), or None (module docstring)."""
    words, known_words = _words(name), _words(known)
    if words and known_words and _plural(words[-1], known_words[-1]) and words[:-1] == known_words[:-1]:
        return None  # a plural of a known name: a list of its own
    if _plural(name, known):
        return None
    if len(words) == len(known_words):
        changed = [(word, of) for word, of in zip(words, known_words) if word != of]
        if len(changed) == 1:
            found = _word_typo(*changed[0])
            if found is not None:
                return found
    if len(known) >= MIN_NEAR and abs(len(known) - len(name)) <= 1 and distance(name, known, 1) <= 1:
        return 1
    return None


def _number_changed(folded, candidate):
    """``folded`` (a name, _folded) is ``candidate`` with its number changed by mistake: the singular of a plural, or
    the plural of a name of one word or of one whose last word has no plural (module docstring)."""
    known = _folded(candidate)
    if _plural(known, folded):
        return True
    words = _words(candidate)
    return _plural(folded, known) and (len(words) == 1 or words[-1] in NO_PLURAL)


def nearest(name, known):
    """The known name ``name`` looks like a misspelling of, or None."""
    folded = _folded(name)
    best, best_edits = None, None
    for candidate in known:
        if _folded(candidate) == folded:
            return candidate
        edits = 1 if _number_changed(folded, candidate) else _typo(name.lower(), candidate.lower())
        if edits is not None and (best_edits is None or edits < best_edits):
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
