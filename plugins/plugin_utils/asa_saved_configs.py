# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Saved ASA configurations as fact_sources.py's entries: a file is one device, or each security context of a
multiple-context backup (Oxidized's CONTEXT lines); a backup that ends before its last line is said. When one
hostname is in two files: ``failover_primary`` says whether they are the two units of one failover pair (checked once,
from the primary unit's file), ``distinct_devices`` whether they are two devices (each then named after as much of its
path as tells them apart, ``distinct_path_labels``). Which entries are kept is fact_sources.asa_facts_from's.
"""

import os
import re

from ansible.errors import AnsibleActionFail
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_and_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import replicated_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.dispatch import pager_quit_at
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import ReadEnds
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.saved_files import read_text

# The line Oxidized's asa model writes before each security context of a multiple-context ASA, after the system
# configuration: "----------========== [ CONTEXT <name> FILE <config-url> ] ==========----------" (ytti/oxidized
# lib/oxidized/model/asa.rb, multiple_context). Each context is a device of its own (Cisco ASA CLI configuration guide,
# "Multiple Context Mode").
_CONTEXT_LINE = re.compile(r"^-{10}={10} \[ CONTEXT (\S+) FILE (\S+) \] ={10}-{10}\s*$", re.M)
_CONTEXT_OF = " [context %s]"


def origin_path(origin):
    """The file an origin names ("path" or "path [context NAME]")."""
    at = origin.rfind(" [context ")
    return origin[:at] if at > 0 and origin.endswith("]") else origin


def _cut_short(text):
    """Whether a saved full configuration (an "ASA Version" line) ends without the last line every saved shape has:
    ": end" (show running-config, RANCID) or "Cryptochecksum:" (more system:running-config as Oxidized keeps it, its
    ": " lines dropped). A pasted fragment without "ASA Version" is not judged."""
    if not re.search(r"^ASA Version ", text[:4096], re.M):
        return False
    tail = [line.strip() for line in text[-2048:].splitlines() if line.strip() and not line.startswith("!")]
    if any(line == ": end" or line.startswith("Cryptochecksum:") for line in tail[-5:]):
        return False
    # show output saved after it: the configuration ended (the parser names the lines after ": end")
    return not re.search(r"^[ \t]*: end[ \t\r]*$", text, re.M)


def asa_file_entries(path, option, progress=None, ends=False, notes=None):
    """[(facts, origin)] of a saved config: one device, or each security context of a multiple-context ASA saved as
    Oxidized saves it (system configuration, then each context behind a CONTEXT line), named "<system>/<context>"
    and read with the file's own line numbers (review 2026-12-04: read as one device, the contexts' tunnels and
    policies were mixed). The system configuration itself holds no tunnel and is not an entry."""
    text = read_text(path, option)
    quit_at = pager_quit_at(text) if notes is not None else None
    if quit_at:
        # review 2026-12-07: the pager quit at its prompt is no "possibly": the findings that follow from it point at it
        notes.append("%s: %s is cut short at line %d: it ends at the pager's '<--- More --->' prompt and then the CLI "
                     "prompt (line %d), the pager was quit; what it lacks is reported missing, each such finding says "
                     "so and shows no ASA fix: save it again whole ('terminal pager 0')" % (
                         option, path, quit_at[0], quit_at[1]))
    elif notes is not None and _cut_short(text):
        # review 2026-12-04: a cut-off backup gave "proven" fixes for lines the device has
        notes.append("%s: %s ends without ': end' or 'Cryptochecksum:', the last line of a saved configuration: if it "
                     "was cut short, what it lacks is reported missing" % (option, path))
    marks = list(_CONTEXT_LINE.finditer(text))
    if not marks:
        return [(asa_text_facts(text, path, os.path.basename(path), option, progress, ends), path)]
    try:
        device = asa_facts_and_ends(text[:marks[0].start()], source="src")[0].get("host") or os.path.basename(path)
    except NotAsaConfig:
        device = os.path.basename(path)  # the contexts are read whatever the system part is
    if progress is not None:
        progress("%s: %s is a multiple-context ASA (%s): %d security context(s), each read as a device" % (
            option, path, device, len(marks)))
    out = []
    for index, mark in enumerate(marks):
        section = _section(text, marks, index)
        name = "%s/%s" % (device, mark.group(1))
        out.append((asa_text_facts(section, path + _CONTEXT_OF % mark.group(1), name, option, progress, ends,
                                   host=name), path + _CONTEXT_OF % mark.group(1)))
    return out


def _section(text, marks, index):
    """Context ``index``'s part of a multiple-context backup, behind blank lines for the lines before it: its findings
    cite the file's line numbers."""
    mark = marks[index]
    end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
    return "\n" * text.count("\n", 0, mark.end()) + text[mark.end():end]


def _unit_lines(origin, option, read):
    """replicated_lines of what ``origin`` names: a file, or one context of a multiple-context backup (its role is the
    system part's ``failover lan unit``; its lines are the context's own, so a difference names that context).
    ``read``: path -> (text, replicated_lines of it), filled here, so a backup of many contexts is read once."""
    path = origin_path(origin)
    if path not in read:
        text = read_text(path, option)
        read[path] = (text, replicated_lines(text))
    text, (role, lines, numbers) = read[path]
    if origin != path:
        name = origin[len(path) + len(" [context "):-1]
        marks = list(_CONTEXT_LINE.finditer(text))
        [index] = [i for i, mark in enumerate(marks) if mark.group(1) == name]
        _role, lines, numbers = replicated_lines(_section(text, marks, index))
    return role, lines, numbers


def asa_text_facts(text, where, fallback_host, option, progress, ends, host=None):
    try:
        read = ReadEnds(*asa_facts_and_ends(text, host=host, source="src"))
        if not read.get("host"):  # no hostname line: the device is named after its file
            read = ReadEnds(*asa_facts_and_ends(text, host=fallback_host, source="src"))
    except NotAsaConfig as exc:
        raise AnsibleActionFail("%s: %s is %s" % (option, where, exc))
    for end in read.ends:  # the file a tunnel's cited lines are in (review 2026-12-04: a directory's report named none)
        end.ref["file"] = where
    if progress is not None:
        progress("%s: read %s (%s): %d line(s), %d tunnel end(s)" % (
            option, where, read.get("host"), read.get("counts")["lines"], len(read.ends)))
    return read if ends else read.facts_dict()


def distinct_path_labels(paths):
    """{path: its shortest ending of whole path parts that ends no other of ``paths``} (the file name when that is
    enough). Two labels of one length differ by that rule, and labels of two lengths differ in their parts."""
    parts = {path: os.path.normpath(path).split(os.sep) for path in paths}
    labels, left = {}, dict(parts)
    for count in range(1, max(len(split) for split in parts.values()) + 1):
        endings = {}
        for split in parts.values():
            ending = tuple(split[-count:])
            endings[ending] = endings.get(ending, 0) + 1
        for path, split in list(left.items()):
            if endings[tuple(split[-count:])] == 1 or count >= len(split):
                labels[path] = "/".join(split[-count:])
                del left[path]
        if not left:
            break
    return labels


def _local_addresses(item):
    ends = getattr(item, "ends", None)
    if ends is not None:
        return {end.local_address for end in ends if end.local_address}
    return {t.get("local_address") for t in item.get("tunnels") or () if isinstance(t, dict) and t.get("local_address")}


def distinct_devices(first, second):
    """Whether two saved configs of one hostname are two devices: each has tunnels, and no tunnel address of one is
    the other's (two backups of one device, old and new, share their outside addresses)."""
    mine, theirs = _local_addresses(first), _local_addresses(second)
    return bool(mine) and bool(theirs) and not mine & theirs


def failover_primary(device, first, second, option, read=None):
    """Which of saved configs ``first`` and ``second`` of ``device`` (files, or contexts "path [context NAME]" of
    multiple-context backups) is the primary unit's, when they are the two units of one failover pair (``failover lan
    unit primary`` in one, ``secondary`` in the other) with the same replicated configuration; None when they are not
    a pair's two units. A pair whose configurations differ is an error: which one runs the tunnels is not in the files.
    Read only when one device is named twice, so a directory costs nothing more."""
    units, read = {}, {} if read is None else read
    for origin in (first, second):
        role, lines, numbers = _unit_lines(origin, option, read)
        units[role] = (origin, lines, numbers)
    if set(units) != {"primary", "secondary"}:
        return None
    (primary, primary_lines, primary_numbers), (secondary, secondary_lines, secondary_numbers) = (
        units["primary"], units["secondary"])
    if primary_lines != secondary_lines:
        at = next((i for i, (a, b) in enumerate(zip(primary_lines, secondary_lines)) if a != b),
                  min(len(primary_lines), len(secondary_lines)))

        def where(numbers):
            return "line %d" % numbers[at] if at < len(numbers) else "its end"

        # where, never what: a configuration line may hold a key
        raise AnsibleActionFail(
            "%s: device %s is in both %s and %s, the primary and secondary units of one failover pair, and their "
            "configurations differ from %s of the first and %s of the second on (comments and 'failover lan unit' "
            "left out). Failover copies the active unit's configuration to the standby, so one backup is stale or "
            "replication has stopped: keep the active unit's file" % (
                option, device, primary, secondary, where(primary_numbers), where(secondary_numbers)))
    return primary
