# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The findings the ASA parser makes about the text itself (values it cannot read, constructs it does not
model, names never defined, lines too long or damaged), within budgets that keep their number and size
linear in the text: mixed into the driver (core.ParserCore), which holds the state they count in."""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.lines import key_word_at, redact
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import describe
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, SEVERITY_RANK, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import clip, escape

# Evidence lines kept in one UNSUPPORTED_CONSTRUCT finding that stands for many lines.
EVIDENCE_LINES_MAX = 10

# Budgets: limits of this reader, not ASA rules. They keep time and memory linear in the size of
# the text whatever it holds (one 16 KB line of unknown keywords once gave 8,000 findings, each
# quoting the whole line).
# Longest line read: eight times the 512 characters the ASA CLI takes in one command (ASA CLI
# configuration guide, "Command line editing"; verified: false). A longer line is reported, not read.
MAX_LINE_CHARS = 4096
# Findings listed per line and per configuration; the rest are counted in one finding at the end.
MAX_FINDINGS_PER_LINE = 10
MAX_FINDINGS = 1000
# Characters quoted: a value in a summary, a line in evidence, a summary or remediation line.
MAX_VALUE_TEXT = 80
MAX_EVIDENCE_TEXT = 1024
# A word an ASA command can start with (running-config prints every command word in lower case)
_COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*$")
# The first word of an ASA CLI prompt: hostname, "/context" (multiple context mode) or "/pri/act" (failover state in
# the prompt), "(config...)" in a configuration mode, then "#" or ">" (Cisco ASA general operations CLI guide,
# "prompt"; verified: false). A session log copied whole starts with one: "gateway# show running-config".
_PROMPT_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.-]+)*(?:\(config[a-z0-9-]*\))?[#>]$")


def is_prompt(word):
    """Whether ``word`` (a line's first) is a CLI prompt (_PROMPT_WORD)."""
    return _PROMPT_WORD.match(word) is not None


_PROMPT = 2  # unknown_commands' key of prompt lines (False: a command not known, True: the rest of a cut line)
# The text kept of a line whose first word is no command: none (it may be the rest of a secret)
_NOT_SHOWN = NOT_SHOWN = "(text not shown)"  # the text of a line that may hold the rest of a secret
MAX_SUMMARY_TEXT = 1000

# Words after which a line may carry a secret: a line not read is quoted up to the first of them.
_SECRET_WORDS = ("password", "pre-shared-key", "key", "secret", "passphrase", "community")


def first_words(raw, count):
    """The first ``count`` words of a line that was not redacted, up to the first that names a secret, escaped and
    clipped: what a finding may quote of it."""
    words = []
    split = raw[:200].split()
    cut = key_word_at(split)  # it compares in lower case itself
    for at, word in enumerate(split[:count]):
        if at == cut or any(secret in word.lower() for secret in _SECRET_WORDS):
            break
        words.append(clip(escape(word), 40))
    return words


class FindingsMaker(object):
    """The parser's findings, each listed within the budgets above or counted in one finding at the end.
    Uses the driver's ``config`` (where findings go), ``per_line``, ``left_out``, ``left_out_lines`` and
    ``left_out_worst``."""

    def unreadable(self, number, exc):
        """A line the parser failed on (a bug, not bad input): say so, keep going. The text is not
        repeated, as it was never redacted. The fuzz tests count these: there must be none."""
        self._finding(
            "INVALID_VALUE",
            WARNING,
            "Line %d could not be read (%s) and was skipped." % (number, type(exc).__name__),
            [],
            {"kind": "config", "name": ""},
            ["! Check line %d of the config text." % number],
            line=number,
            exception=type(exc).__name__,
        )

    def too_long(self, number, raw):
        """A line over MAX_LINE_CHARS: not read. Quoted by its first words only (it was not redacted)."""
        words = first_words(raw, 3)
        self._finding(
            "INVALID_VALUE",
            WARNING,
            "Line %d is %d characters long; lines over %d characters are no ASA command and are not read."
            % (number, len(raw), MAX_LINE_CHARS),
            [ConfigLine(number, " ".join(words + ["..."]))],
            {"kind": "config", "name": ""},
            ["! Check line %d of the config text." % number],
            length=len(raw),
        )

    def odd_characters(self, number, text, in_free_text=False):
        """A line holding characters no ASA configuration holds; read with them shown escaped. Only in its free text (a
        description, a remark, a banner: a Windows-1252 umlaut), nothing the check reads changes: information (review
        2026-12-06: a warning there failed a fail_on=warning gate over a description)."""
        line = ConfigLine(number, redact(text, text.split()))
        self._finding(
            "INVALID_VALUE",
            INFO if in_free_text else WARNING,
            "Line %d holds characters no ASA configuration holds (bytes that are not UTF-8, control or "
            "direction characters)%s; they are shown escaped (\\xNN, \\uNNNN)." % (
                number, ", in its free text only (nothing the check reads)" if in_free_text else ""),
            [line],
            {"kind": "config", "name": ""},
            ["! Check line %d of the config text for damage (encoding, terminal escapes)." % number],
        )

    def _finding(self, code, severity, summary, lines, context, remediation, **details):
        if not self._within_budget(lines[0].line if lines else details.get("line"), code, severity):
            return
        evidence = {"lines": [{"line": cl.line, "text": clip(cl.text, MAX_EVIDENCE_TEXT)} for cl in lines],
                    "context": {k: clip(v, MAX_VALUE_TEXT) for k, v in context.items()}}
        evidence.update((k, clip(v, MAX_EVIDENCE_TEXT)) for k, v in details.items())
        self.config.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary=clip(summary, MAX_SUMMARY_TEXT),
                evidence={"asa": evidence},
                remediation={"asa": [clip(r, MAX_SUMMARY_TEXT) for r in remediation]},
            )
        )

    def _within_budget(self, number, code, severity):
        """Whether one more finding for line ``number`` may be listed; if not, it is counted."""
        count = 0
        if number is not None:
            count = self.per_line[number] = self.per_line.get(number, 0) + 1
        if count <= MAX_FINDINGS_PER_LINE and len(self.config.findings) < MAX_FINDINGS:
            return True
        self.left_out[code] = self.left_out.get(code, 0) + 1
        if number is not None and len(self.left_out_lines) < EVIDENCE_LINES_MAX and number not in self.left_out_lines:
            self.left_out_lines.append(number)
        if self.left_out_worst is None or SEVERITY_RANK[severity] > SEVERITY_RANK[self.left_out_worst[0]]:
            self.left_out_worst = (severity, code)
        return False

    def _report_left_out(self):
        """One finding that counts the findings the budgets left out, as severe as the worst of them."""
        if not self.left_out:
            return
        total = sum(self.left_out.values())
        severity, code = self.left_out_worst
        codes = ", ".join("%d %s" % (n, c) for c, n in sorted(self.left_out.items()))
        self.config.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase="config",
                summary="%d more finding(s) are not listed (%s): at most %d per line and %d per configuration "
                        "are; first lines concerned: %s." % (total, codes, MAX_FINDINGS_PER_LINE, MAX_FINDINGS,
                                                             ", ".join(str(n) for n in self.left_out_lines) or "-"),
                evidence={"asa": {"lines": [], "context": {"kind": "config", "name": ""},
                                  "left_out": dict(self.left_out), "left_out_lines": list(self.left_out_lines)}},
                remediation={"asa": ["! Fix the findings listed, then check again to see the rest."]},
            )
        )

    def after_end(self, first, last, raw):
        """Text after the configuration's ``: end`` (lines ``first`` to ``last``; ``raw``, the first of them): a show
        command's output saved with it. Not read: an ``access-list`` line of ``show crypto ipsec sa`` read as one of the
        crypto ACL's made a failing tunnel pass (review 2026-12-06)."""
        # quoted by its first two words only: show output may hold any secret (a community, a password), which only
        # configuration lines are redacted of (review 2026-12-06: an SNMP community reached the report)
        text = " ".join(first_words(raw, 2) + ["..."])
        self.unsupported(
            [ConfigLine(first, text)], INFO, "text after ': end'",
            "lines %d to %d follow the end of the configuration (the output of show commands saved with it?) and "
            "are not read as configuration" % (first, last),
            {"kind": "config", "name": ""},
            ["! Lines %d-%d are not read: keep the configuration and command output in separate files." % (first, last)],
            count=last - first + 1)

    def unknown_command(self, line, head, after_read):
        """A top-level line whose first word starts no command this parser knows (core.TOP_LEVEL_WORDS), reported once
        at the end (report_unknown_commands): as the rest of a line cut in two when the configuration was copied
        when its first word could start no ASA command (lower-case letters, digits, hyphens) or ``after_read``, it
        comes right after a line a section read (a long crypto map, ACL or NAT line is what wraps); else as a command
        this check does not know. Its text is never kept: the rest of a cut pre-shared-key line is such a line."""
        if head.startswith("Cryptochecksum:"):  # show running-config's last line but ": end"
            return
        if _PROMPT_WORD.match(head):
            cut = _PROMPT  # a prompt cuts no line: named as what it is, not as a line read short
        else:
            cut = after_read or _COMMAND_WORD.match(head) is None
        counted = self.unknown_commands.get(cut)
        if counted is None:
            counted = self.unknown_commands[cut] = [0, []]
        counted[0] += 1
        if len(counted[1]) < EVIDENCE_LINES_MAX:
            counted[1].append(ConfigLine(line.line, _NOT_SHOWN))

    def pager_quit(self, pager_line, prompt_line, raw):
        """The text ends at the pager's prompt (line ``pager_line``) and then the CLI prompt (line ``prompt_line``, whose
        raw text is ``raw``), with no ': end': the pager was quit and what follows is not in the text (dispatch.
        pager_quit_at). An error: whatever the check says is missing may be on the lines the capture lacks."""
        where = "line %d" % pager_line + ("" if prompt_line == pager_line else ", then the CLI prompt on line %d" % prompt_line)
        self._finding(
            "INVALID_VALUE", ERROR,
            "The configuration is cut short at line %d: it ends at the pager's '<--- More --->' prompt (%s), so the "
            "pager was quit before the end of 'show running-config' and what follows is not in the text; anything "
            "this check finds missing, or at its default, may be on the lines the capture lacks." % (pager_line, where),
            [ConfigLine(pager_line, "<--- More --->")] + (
                [] if prompt_line == pager_line else [ConfigLine(prompt_line, " ".join(first_words(raw, 1)))]),
            {"kind": "config", "name": ""},
            ["! Save the configuration again whole ('terminal pager 0', then 'show running-config') and run the check "
             "again: the capture ends at line %d." % pager_line],
            cut_short_at=pager_line)

    def terminal_sequences(self, number, text):
        """Line ``number`` held terminal escape sequences (colour, erase-line) that clean_line removed, leaving ``text``:
        counted for report_terminal_sequences, its text kept redacted for the first EVIDENCE_LINES_MAX."""
        counted = self.terminal_lines
        counted[0] += 1
        if len(counted[1]) < EVIDENCE_LINES_MAX:
            counted[1].append(ConfigLine(number, redact(text, text.split())))

    def report_terminal_sequences(self):
        """One information finding for the lines terminal_sequences counted: the text is a terminal capture, cleaned
        as backspaces and pager prompts are (review 2026-12-07: each such line was an INVALID_VALUE warning, and its
        values, "255.255.0.0\\x1b[m", were not read)."""
        count, lines = self.terminal_lines
        if not count:
            return
        numbers = ", ".join(str(line.line) for line in lines) + (", ..." if count > len(lines) else "")
        self._finding(
            "INVALID_VALUE", INFO,
            "Terminal escape sequences (colour or erase codes a terminal, an SSH client or the ASA's pager left in a "
            "terminal capture) were removed from %s (line%s %s) before %s read, as backspaces and pager prompts are; "
            "what %s set%s is checked." % (
                "1 line" if count == 1 else "%d lines" % count, "" if count == 1 else "s", numbers,
                "it was" if count == 1 else "they were", "it" if count == 1 else "they", "s" if count == 1 else ""),
            lines, {"kind": "config", "name": ""},
            ["! Nothing to change on the ASA: the configuration was read from a terminal capture with escape sequences "
             "(lines %s); save 'show running-config' with 'terminal pager 0' and no colour to avoid this note." % numbers],
            cleaned="terminal escape sequences removed", count=count)

    def report_unknown_commands(self):
        """The lines unknown_command counted: a warning for those that look like the rest of a cut line, information
        for the rest (a command this check does not know)."""
        for cut, (count, lines) in sorted(self.unknown_commands.items()):
            numbers = ", ".join(str(line.line) for line in lines) + (", ..." if count > len(lines) else "")
            one = count == 1
            if cut == _PROMPT:
                self.unsupported(
                    lines, INFO, "a CLI prompt (a line starting 'hostname#' or 'hostname>')",
                    "%s the command typed when the configuration was copied from a terminal, not configuration; "
                    "had it been a 'show running-config <section>', only that section was saved and what the "
                    "others set is not seen" % ("it is" if one else "they are"),
                    {"kind": "config", "name": ""},
                    ["! Lines %s are prompts: save the output of 'show running-config' alone." % numbers], count=count)
                continue
            if cut:
                self._finding(
                    "INVALID_VALUE", WARNING,
                    "%s not read (lines %s): %s start%s with no ASA command this check knows and look%s like the "
                    "rest of a line cut in two when the configuration was copied (%s a line the check reads, or its "
                    "first word starts no command). What the line above held may be read short; the text is not "
                    "shown, as it may be the rest of a secret." % (
                        "A line was" if one else "%d lines were" % count, numbers, "it" if one else "they",
                        "s" if one else "", "s" if one else "", "it follows" if one else "each follows"),
                    lines, {"kind": "config", "name": ""},
                    ["! Look at lines %s of the saved configuration: join a line cut in two to the line above it and "
                     "run the check again." % numbers],
                    count=count)
                continue
            self.unsupported(
                lines, INFO, "a line starting with a command this check does not know",
                "what %s configure%s is not checked" % ("it" if one else "they", "s" if one else ""),
                {"kind": "config", "name": ""},
                ["! Check lines %s of the saved configuration by hand." % numbers], count=count)

    def invalid(self, line, value, expected, context):
        """A value inside a modelled command that cannot be understood."""
        shown = clip(value, MAX_VALUE_TEXT)
        self._finding(
            "INVALID_VALUE",
            WARNING,
            "Line %d: %r is not %s." % (line.line, shown, expected),
            [line],
            context,
            ["! Replace %r on line %d with %s." % (shown, line.line, expected)],
            value=value,
            expected=expected,
        )

    def unsupported(self, lines, severity, construct, why, context, remediation, count=None, **details):
        """A construct recognised but not modelled: one finding naming its line(s).

        ``lines``: the line, or the first lines of a construct that spans many (``count`` says
        how many there were); ``why``: what is not checked because of it."""
        lines = list(lines[:EVIDENCE_LINES_MAX])
        count = len(lines) if count is None else count
        where = "Line %d" % lines[0].line if count == 1 else "%d lines from line %d" % (count, lines[0].line)
        self._finding(
            "UNSUPPORTED_CONSTRUCT",
            severity,
            "%s: %s is not modelled: %s." % (where, construct, why),
            lines,
            context,
            remediation,
            construct=construct,
            why=why,
            count=count,
            **details
        )

    def undefined(self, kind, name, line, context):
        """UNDEFINED_REFERENCE: ``name`` of ``kind`` on ``line`` is not defined (references.check_references)."""
        where = describe(context)
        self._finding(
            "UNDEFINED_REFERENCE",
            ERROR,
            "%s names %s %r on line %d, which is not defined in this config." % (where, kind, name, line.line),
            [line],
            context,
            ["! Define %s %s, or correct the name on line %d." % (kind, name, line.line)],
            name=name,
            kind=kind,
        )
