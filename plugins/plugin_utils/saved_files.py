# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The saved files a controller-side step reads (fact_sources.py): which files an option's paths name, and their
bytes and text.

``expand_paths``: a file, a directory (its files in sorted order; hidden files, subdirectories and files without the
suffix asked for are said in ``skipped``, not read), a glob (the files it matches; a directory or a link to nothing
it matches is said in ``skipped``), or a list of those, each file once. ``read_file`` and
``read_text`` read one within the facts modules' input budgets (input_files.read_input) and decode it as they decode
their ``src``. Every bad input raises ``AnsibleActionFail`` naming the option and the path.
"""

import fnmatch
import glob
import os

from ansible.errors import AnsibleActionFail
from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import read_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import file_text

GLOB_CHARS = ("*", "?", "[")


def as_names(value, option):
    """None, a string or a list of strings -> a list of strings."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise AnsibleActionFail("%s[%d] must be a string, got %s" % (option, i, type(item).__name__))
            if item:
                out.append(item)
        return out
    raise AnsibleActionFail("%s must be a string or a list of strings, got %s" % (option, type(value).__name__))


def _dir_files(directory, suffix, skipped=None):
    """The files of ``directory`` in sorted order; hidden files and directories (.git) are left out (a hidden file,
    a link to nothing and anything not a regular file are said in ``skipped``). Subdirectories
    are not read (an archive of old backups beside the current ones would be read as second copies of each device):
    ``skipped``, a list, gets each of them, and each file left out for its ``suffix``, to be said (review 2026-12-04:
    subdirectories, as Oxidized keeps its groups, and *.txt exports were passed over in silence)."""
    found = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.startswith("."):
            # a hidden directory (.git, .svn) is a tool's; a hidden file may be a device's backup (review 2026-12-06,
            # estate #7: left out without a word)
            if skipped is not None and not os.path.isdir(path):
                skipped.append("%s (a hidden file: name it to read it)" % path)
        elif os.path.isdir(path):
            if skipped is not None:
                skipped.append("subdirectory %s (name it, or a glob such as %s, to read the files in it)"
                               % (path, os.path.join(path, "*")))
        elif not os.path.isfile(path):
            if skipped is not None:
                skipped.append("%s (%s)" % (path, _not_a_file(path)))
        elif name.lower().endswith(suffix):
            found.append(path)
        elif skipped is not None:
            skipped.append("%s (not *%s)" % (path, suffix))
    return found


def _not_a_file(path):
    """Why ``path`` (in a directory, neither a directory nor a regular file) is not read. A link is said to lead to
    nothing only when its target does not exist: a link to a device or a pipe (a backup replaced by a link to
    /dev/null) was said to be "a link to nothing: /dev/null"."""
    if not os.path.islink(path):
        return "not a regular file"
    if not os.path.exists(path):
        return "a link to nothing: %s" % os.readlink(path)
    return "a link to %s, which is not a regular file" % os.readlink(path)


def expand_paths(paths, option, suffix="", skipped=None):
    """Files named by ``paths`` (a path, directory or glob, or a list of them), each once, in order.

    ``suffix``: in a directory, only files whose name ends with it (lower case) are taken; ``skipped``: see
    _dir_files."""
    files, seen, hidden_left = [], set(), []
    for given in as_names(paths, option):
        path = os.path.expanduser(given)
        if os.path.isdir(path):
            found = _dir_files(path, suffix, skipped)
            if not found:
                below = any(os.path.isdir(os.path.join(path, n)) for n in os.listdir(path) if not n.startswith("."))
                raise AnsibleActionFail("%s: directory %s has no %sfile to read%s" % (
                    option, given, "*%s " % suffix if suffix else "",
                    " (its subdirectories are not read: give a glob such as %s)" % os.path.join(given, "*", "*")
                    if below else ""))
        elif os.path.exists(path) or not any(c in path for c in GLOB_CHARS):
            found = [path]  # read later; a missing file fails there with the reason
        else:
            found, not_files = [], []
            for match in sorted(glob.glob(path)):
                if os.path.isfile(match):
                    found.append(match)
                else:
                    not_files.append(_not_read_match(match))
            hidden = _hidden_matches(path)
            if not found:
                raise AnsibleActionFail("%s: %s matches no file%s%s" % (option, given, (
                    " (but for hidden files, which a glob's wildcards do not match: %s; name them to read them)"
                    % ", ".join(hidden)) if hidden else "", (
                    "; not read: %s" % "; ".join(not_files)) if not_files else ""))
            if skipped is not None:
                skipped.extend(not_files)
            hidden_left.extend(hidden)
        for name in found:
            key = os.path.realpath(name)
            if key not in seen:
                seen.add(key)
                files.append(name)
    if skipped is not None:
        skipped.extend("%s (a hidden file, which a glob's wildcards do not match: name it to read it)" % name
                       for name in hidden_left if os.path.realpath(name) not in seen)
    return files


def _not_read_match(match):
    """Why a glob's match that is not a regular file is not read, as _dir_files says it of a directory's entry: a glob
    reads the files it matches, as the directory form reads a directory's files. A subdirectory it matches was read
    whole (``backups/*`` beside an ``old/`` archive read each device twice and stopped the run, where README and
    asa_config_files say subdirectories are named, not read, and ``backups/*/*`` reads them), and a link to nothing
    was a device not read (an error entry) where the directory form names it in the notes."""
    if os.path.isdir(match):
        return "subdirectory %s (name it, or a glob such as %s, to read the files in it)" % (match, os.path.join(match, "*"))
    return "%s (%s)" % (match, _not_a_file(match))


def _hidden_matches(pattern):
    """The hidden files (not directories) a glob ``pattern`` would match but for the leading dot, which glob's
    wildcards never match ("files beginning with a dot (.) can only be matched by patterns that also start with a dot",
    Python docs, glob module): the directory form says such a file (_dir_files), the glob form left it out without a
    word (a backup saved as ``.fw2.cfg`` was one device fewer with ``backups/*``). Only the last part of the pattern:
    a hidden directory (.git) is a tool's, as _dir_files has it."""
    head, tail = os.path.split(pattern)
    if not tail or tail.startswith(".") or not any(c in tail for c in GLOB_CHARS):
        return []
    heads = sorted(glob.glob(head)) if any(c in head for c in GLOB_CHARS) else [head or os.curdir]
    found = []
    for directory in heads:
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name) if head else name
            if name.startswith(".") and fnmatch.fnmatch(name, tail) and not os.path.isdir(path):
                found.append(path)
    return found


def read_file(path, option):
    try:
        return read_input(path)
    except (IOError, OSError) as exc:
        raise AnsibleActionFail("%s: cannot read %s: %s" % (option, path, exc.strerror or exc))


def read_text(path, option):
    """A saved config's text, as the facts modules decode their ``src``."""
    # UTF-16 with its byte order mark too (a show run captured by Windows PowerShell 5.1's '>'), as the exports and
    # evidence are read (review 2026-12-06, estate #9)
    return file_text(read_file(path, option), "surrogateescape")
