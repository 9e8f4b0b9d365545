# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The texts of a report's files (report.json, report.xml, report.md, report.html); the writers' to_junit,
to_markdown and summary_lines (the console summary) are reached from here too.

Plain Python, no Ansible import. Apart from findings.py, which holds the report as data: a module that
makes findings (every fact gatherer) does not carry the writers with it. Ansible packs every module_utils
file a module imports, anywhere in it, into the module's AnsiballZ payload and compiles it on each run.
"""

from collections.abc import Mapping

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, _safe, _unsafe_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_html import html_chunks
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_json import _ESCAPE, _indented_at, _reindented, indented_json
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_junit import junit_chunks, to_junit
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_markdown import markdown_chunks, to_markdown
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import only_str, safe_tree


# to_junit, to_markdown and summary_lines are the writers' own, named here for the callers of this module.
__all__ = ["REPORT_FILE_NAMES", "ReportTexts", "report_texts", "summary_lines", "to_json", "to_junit", "to_markdown"]

REPORT_FILE_NAMES = ("report.json", "report.xml", "report.md", "report.html")


def report_texts(report, fail_on=ERROR, unpaired_ok=False):
    """File name -> content: report.json, report.xml, report.md and report.html of one report, made
    safe once for all. ``fail_on``: what report.xml fails and report.md marks as failing;
    ``unpaired_ok``: unpaired ends are expected (skipped, not failed). A ``ReportTexts`` mapping: each
    text is rendered when asked for and not kept, so writing the files holds one text at a time."""
    return ReportTexts(report, fail_on, unpaired_ok)


class ReportTexts(Mapping):
    """The texts of one report's files by file name, rendered on each access (the four together were
    120 MB at 100k lines; issue 12). ``chunks(name)`` gives a text in pieces for writing, each file a
    piece per tunnel (the whole texts and report.xml's ElementTree tree were the peaks).

    Made safe once: report.json is written from the report as given, and each piece is checked in its
    own ASCII text (an escape of a character ``escape`` changes); a piece that is not safe, or not
    JSON, is written from ``safe_tree`` of its part instead. The other files are written from the
    report those parts make up (``_safe`` when one of them is asked for before report.json)."""

    def __init__(self, report, fail_on=ERROR, unpaired_ok=False):
        self.given = report
        self.safe = None  # the report made safe, once known
        # id(a finding's evidence) -> (the evidence, its indented JSON): report.json's text of it, kept for report.xml,
        # which writes the same text (issue 12: 0.2 CPU s and 14 MB at 100k lines, many selectors). Emptied by report.xml
        self.evidence_texts = {}
        self.fail_on = fail_on
        self.unpaired_ok = unpaired_ok

    def __getitem__(self, name):
        return "".join(self.chunks(name))

    def __iter__(self):
        return iter(REPORT_FILE_NAMES)

    def __len__(self):
        return len(REPORT_FILE_NAMES)

    def chunks(self, name):
        if name == "report.json":
            return self._json_chunks()
        if name not in REPORT_FILE_NAMES:
            raise KeyError(name)
        if self.safe is None:
            self.safe = _safe(self.given)
        if name == "report.xml":
            evidence_texts, self.evidence_texts = self.evidence_texts, {}
            # a piece per tunnel: no tree, no whole text
            return junit_chunks(self.safe, self.fail_on, self.unpaired_ok, evidence_texts)
        if name == "report.md":
            return markdown_chunks(self.safe, self.fail_on, self.unpaired_ok)  # a piece per tunnel
        return html_chunks(self.safe)  # a piece per tunnel

    def _json_chunks(self):
        report = self.safe if self.safe is not None else self.given
        # exact types, as the C encoder sees them: a subclass goes the whole way through _safe
        plain = type(report) is dict  # pylint: disable=unidiomatic-typecheck
        if not plain or not report or not only_str(report) or \
                _unsafe_json("".join(map(_ESCAPE, report))):  # keys as given: whole, as safe_tree makes it
            self.safe = report = _safe(report)
            yield _json_text(report)
            return
        safe = {}
        yield "{"
        for n, key in enumerate(sorted(report)):
            value = report[key]
            yield "%s\n  %s: " % ("," if n else "", _ESCAPE(key))
            if type(value) is list and value:  # pylint: disable=unidiomatic-typecheck
                items = []
                for i, item in enumerate(value):
                    memo = {}  # a tunnel's containers written so far: one shared by two keys is written once
                    text, safe_item = _safe_piece(item, "    ", memo)
                    if safe_item is item:
                        self._keep_evidence(item, memo)
                    items.append(safe_item)
                    yield ("[\n    " if i == 0 else ",\n    ") + text
                yield "\n  ]"
                safe[key] = items
            else:
                text, safe[key] = _safe_piece(value, "  ")
                yield text
        yield "\n}\n"
        self.safe = {key: safe[key] for key in report}  # the given key order

    def _keep_evidence(self, tunnel, memo):
        """The texts of ``tunnel``'s findings' evidence that report.json wrote (``memo``), for report.xml."""
        found = tunnel.get("findings") if type(tunnel) is dict else None  # pylint: disable=unidiomatic-typecheck
        if type(found) is not list:  # pylint: disable=unidiomatic-typecheck
            return
        for finding in found:
            evidence = finding.get("evidence") if type(finding) is dict else None  # pylint: disable=unidiomatic-typecheck
            written = memo.get(id(evidence))
            if written is not None and written[0] is evidence:
                self.evidence_texts[id(evidence)] = (evidence, _reindented(written, ""))


def _safe_piece(value, indent, memo=None):
    """(report.json's text of ``value`` at ``indent``, ``value`` as safe): ``value`` itself when its
    text holds no unsafe escape, else ``safe_tree(value)`` and its text. ``memo``: see _plain_json."""
    try:
        text = _indented_at(value, indent, memo)
    except (TypeError, ValueError, RecursionError):  # not JSON as it is (NaN, a type of its own)
        text = None
    if text is None or _unsafe_json(text):
        value = safe_tree(value)
        text = _indented_at(value, indent)
    return text, value


def to_json(report):
    """report.json: strict JSON (NaN/Infinity refused), as Ansible's to_nice_json lays it out."""
    return _json_text(_safe(report))


def _json_text(report):
    return indented_json(report) + "\n"
