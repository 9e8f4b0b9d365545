# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``show failover``: is this ASA one unit of a failover pair, which unit, and in which state.

The lines read (Cisco ASA command reference, ``show failover``; the shapes also in ntc-templates'
cisco_asa_show_failover fixtures), indented or not, in any case:

- ``Failover On`` / ``Failover Off``: the first line;
- ``Failover unit Primary`` / ``Secondary``: the unit's configured role (``failover lan unit``);
- ``This host: Primary - Active`` / ``Other host: Secondary - Standby Ready`` (Active/Standby, system or single
  context); ``This context: Active`` / ``Other context: Standby Ready`` (read inside a security context);
  ``This host: Primary`` followed by ``Group 1 State: Active`` lines (Active/Active, failover groups).

Plain Python, no Ansible import. ``parse_show_failover`` raises ValueError on a reply that is not ``show failover``
(no ``Failover On``/``Off`` line): a refused or garbled read is never taken for "failover off".

``config_digest``: what proves that two hosts are one pair's units (module_utils/asa/failover_pairs.py) - a keyed
digest (HMAC-SHA256 with the run's ``psk_hash_key``) of the configuration lines failover replicates
(``replicated_lines``), secrets masked first, so that two units' facts can be compared without carrying the
configuration (nor the inventory host, which findings name). Keyed because the masking is a list of known forms: an
unkeyed hash of text with one secret left unmasked could be tested offline against guesses by whoever holds the
masked configuration and the facts; without the key, the digest says nothing.
"""

import hashlib
import hmac
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import clean_line
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact

SHOW_FAILOVER = "show failover"

_ON_OFF_RE = re.compile(r"^failover\s+(on|off)\s*$", re.I)
_UNIT_RE = re.compile(r"^failover\s+unit\s+(primary|secondary)\s*$", re.I)
# "This host: Primary - Active", "Other host: Secondary - Standby Ready", "This host: Primary" (Active/Active)
_HOST_RE = re.compile(r"^(this|other)\s+host\s*:\s*(primary|secondary)\s*(?:-\s*(\S.*?))?\s*$", re.I)
_CONTEXT_RE = re.compile(r"^(this|other)\s+context\s*:\s*(\S.*?)\s*$", re.I)
_GROUP_RE = re.compile(r"^group\s+(\d+)\s+state\s*:\s*(\S.*?)\s*$", re.I)
# A failover state as printed ("Standby Ready", "Just Active", "Active Drain"): lower case, one space between words.
_STATE_MAX = 40


def _state(text):
    state = " ".join(text.split()).lower()
    return state[:_STATE_MAX] if state else None


def is_active(state):
    """True for the states in which a unit passes traffic and takes configuration: ``active``, and the transitions into
    it (``just active``, ``active drain``, ``active applying config``, ``active config applied``)."""
    return bool(state) and (state == "just active" or state == "active" or state.startswith("active "))


def parse_show_failover(text):
    """The compact failover fact: ``{"enabled": bool, "unit": "primary"|"secondary"|None, "state": str|None,
    "mate_state": str|None}``, plus ``groups`` ({"1": "active", ...}) on an Active/Active unit, whose state per
    context is the state of its failover group. States are lower case (``active``, ``standby ready``,
    ``cold standby``, ``failed``...); ``state`` is None when failover is off or the reply names no single state."""
    if not isinstance(text, str):
        raise ValueError("no reply")
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    found = next((_ON_OFF_RE.match(line) for line in lines[:3] if _ON_OFF_RE.match(line)), None)
    if found is None:
        first = lines[0][:80] if lines else "an empty reply"
        raise ValueError("it has no 'Failover On' or 'Failover Off' line (it starts with %r)" % first)
    facts = {"enabled": found.group(1).lower() == "on", "unit": None, "state": None, "mate_state": None}
    groups, section = {}, None
    for line in lines:
        unit = _UNIT_RE.match(line)
        if unit:
            facts["unit"] = unit.group(1).lower()
            continue
        host = _HOST_RE.match(line) or _CONTEXT_RE.match(line)
        if host:
            section = host.group(1).lower()
            is_host = host.re is _HOST_RE
            state = _state(host.group(3) or "") if is_host else _state(host.group(2))
            if section == "this":
                if is_host:
                    facts["unit"] = host.group(2).lower()
                facts["state"] = state
            else:
                facts["mate_state"] = state
            continue
        group = _GROUP_RE.match(line)
        if group and section == "this":
            groups[group.group(1)] = _state(group.group(2))
    if not facts["enabled"]:
        facts["state"] = facts["mate_state"] = None  # off: the unit is on its own, whatever else is printed
    elif groups:
        facts["groups"] = groups
    return facts


# Cisco ASA 8.4 CLI configuration guide, "Command Replication" (Active/Standby failover): every configuration command is
# replicated from the active unit to the standby "except for the mode, firewall, and failover lan unit commands"
# (https://www.cisco.com/c/en/us/td/docs/security/asa/asa84/configuration/guide/asa_84_cli_config/ha_active_standby.html,
# the ASA 5505 guide's Table 59-1 says the same). So the two units' running-configs differ in that one line; "mode" and
# "firewall" must be alike for the pair to form.
FAILOVER_UNIT = ("failover", "lan", "unit")
DIGEST_PREFIX = "hmac-sha256:"


def replicated_lines(text):
    """(this unit's role - "primary", "secondary" or None -, the lines failover replicates, their line numbers): every
    configuration line but ``failover lan unit``, with comments and markers (``!``, ``:`` lines: backup tools' headers,
    ``: Saved``), ``Cryptochecksum`` and blank lines left out, each with its indentation and its words joined by one
    space. A ``!`` line holding a backup tool's ``<removed>`` stays (the parser may read it as the sub-command it hid).
    Lines are counted at line feeds, as an editor counts them (str.splitlines also breaks at form feeds and more).
    What the parser reads past is left out here too: a UTF-8 byte order mark, pager remnants, terminal escape sequences
    (colour, erase-line) and the indentation they may eat (so lines are compared by their words; each sub-command
    follows its parent in the list), review 2026-12-04: one unit saved with a BOM or a '<--- More --->' was declared
    out of sync with the other."""
    role, lines, numbers = None, [], []
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), 1):
        if "\b" in line or "More" in line or "\x1b" in line:  # terminal escape sequences too (review 2026-12-07)
            line = clean_line(line)[1]
        words = line.split()
        if not words or words[0].startswith("Cryptochecksum:") or (
                words[0][0] in "!:" and not (words[0][0] == "!" and "<removed>" in words)):
            continue
        if tuple(words[:3]) == FAILOVER_UNIT and len(words) == 4:
            role = role or words[3].lower()
            continue
        lines.append(" ".join(words))
        numbers.append(number)
    return role, lines, numbers


def config_digest(text, key):
    """``hmac-sha256:<64 hex>``: HMAC-SHA256 keyed with ``key`` (the run's ``psk_hash_key``, the same for every ASA of
    a run) of ``replicated_lines(text)`` with every secret-looking value masked first (secrets.redact: pre-shared keys,
    passwords, communities, keys). The two units of one pair in sync, read in one run, give the same digest; it never
    names the host that read it. Masking covers known forms only: the key is what keeps a secret it missed from being
    guessed offline against the digest. None without a key (no digest: the units then never prove to be one pair)."""
    if key is None or key == "":
        return None
    _role, lines, _numbers = replicated_lines(text)
    masked = redact("\n".join(lines))
    mac = hmac.new(key.encode("utf-8", "surrogateescape") if not isinstance(key, bytes) else key,
                   masked.encode("utf-8", "surrogateescape"), hashlib.sha256)
    return DIGEST_PREFIX + mac.hexdigest()
