# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One input through what the offline check runs (playbooks/check.yml), and every output verified.

ASA text: decoded as asa_vpn_facts decodes ``src`` (``to_text``, surrogate_or_replace), read by
``asa_facts_from_text``; ARM JSON: read as azure_vpn_facts reads ``src`` (``load_json_text``) and
``azure_facts_from_data``; show outputs: ``add_state`` on the seed's facts. Then ``run_check``
and the writers. What each step may raise, and nothing else:

- ``NotAsaConfig`` (text that is no ASA configuration), ``ValueError`` from the JSON reader
  (not JSON, nested past the budget), ``AzureInputError``: the documented clear errors.

Verified for every input that gets that far: the facts are what Ansible accepts from a module
(strict UTF-8, no NaN); report.json is strict JSON (no NaN/Infinity, no lone surrogate);
report.xml is well-formed XML; report.md and the console lines hold no raw control character;
no finding says the parser failed on a line ("could not be read"); every tunnel end equals the end
rebuilt from its facts (the offline check, run here, reads the ends, compat_facts.ReadEnds; the live check
rebuilds them from the facts); time within the budget.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
import traceback
import tracemalloc
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import List, Optional

import fuzzpath

fuzzpath.ensure()  # the collection on sys.path before it is imported

from ansible.module_utils.common.text.converters import to_text
from ansible_collections.vpnalign.s2s.plugins.module_utils import report_texts as report_writers
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import add_state, asa_facts_and_ends, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import (
    AzureInputError,
    azure_facts_and_ends,
    azure_facts_from_data,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat_facts import ReadEnds
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import device_lines, tunnel_end_from_dict
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import make_psk_digester

try:  # the reader azure_vpn_facts uses for src
    from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text
except ImportError:  # before safe_text.py (to measure the code as it was)
    def load_json_text(data):
        return json.loads(data.decode("utf-8-sig"))

# Raw control characters no report text may carry (tab and, in Markdown/XML, newline aside),
# lone surrogates, and the bidirectional overrides.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
CONSOLE_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
UNREAD_LINE = re.compile(r"could not be read \(")

# Time budget: 1 s per 10,000 lines (the bound), never less than 1 s for one input (evidence: and
# at least 2 s per MB, its lines being records that a capture may glue onto one line). CPU
# time of this process: on a shared machine wall time measures the other processes too.
SECONDS_PER_10K_LINES = 1.0


class InputTimeout(BaseException):
    """Raised by the runner's alarm in an input that runs past the hard limit. A BaseException, so
    that no ``except Exception`` of the code under test takes it for an error of the input."""


@dataclass
class Outcome:
    kind: str  # asa | arm | show | option | evidence
    verdict: str = "ok"  # ok | refused | escaped | invalid | slow
    detail: str = ""
    seconds: float = 0.0  # CPU seconds
    wall: float = 0.0
    lines: int = 0
    size: int = 0
    peak: Optional[int] = None  # bytes, when memory was traced
    findings: int = 0
    parser_failures: int = 0  # "Line N could not be read (X)" findings
    problems: List[str] = field(default_factory=list)
    checking: float = 0.0  # CPU seconds of this pipeline's own comparisons, left out of ``seconds``

    @property
    def failed(self):
        return self.verdict in ("escaped", "invalid", "slow")


def _strict_json(value, what, problems):
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)
        text.encode("utf-8")  # lone surrogates: what Ansible's MODULE_STRICT_UTF8_RESPONSE refuses
    except (ValueError, UnicodeEncodeError) as exc:
        problems.append("%s is not strict JSON / UTF-8: %s" % (what, str(exc)[:200]))


def _no_constant(name):
    raise ValueError("JSON constant %s" % name)


def check_outputs(report, problems):
    """report.json, report.xml, report.md and the console lines of ``report``."""
    _strict_json(report, "the report the module returns", problems)
    if hasattr(report_writers, "to_json"):
        text = report_writers.to_json(report)
    else:  # before report_texts.to_json (to measure the code as it was)
        text = json.dumps(report, indent=2, sort_keys=True, allow_nan=False)
    try:
        json.loads(text, parse_constant=_no_constant)
        text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        problems.append("report.json is not strict JSON: %s" % str(exc)[:200])
    xml = report_writers.to_junit(report)
    try:
        ET.fromstring(xml.encode("utf-8"))
    except (ET.ParseError, UnicodeEncodeError) as exc:
        problems.append("report.xml is not well-formed: %s" % str(exc)[:200])
    markdown = report_writers.to_markdown(report)
    bad = RAW_CONTROL.search(markdown)
    if bad:
        problems.append("report.md holds raw %r" % bad.group(0))
    for line in report_writers.summary_lines(report):
        bad = CONSOLE_CONTROL.search(line)
        if bad:
            problems.append("a console line holds raw %r" % bad.group(0))
            break


def read_ends(facts, ends, outcome):
    """What the offline check takes (compat_facts.ReadEnds), after checking that the facts dict of the same input (as
    the facts modules return it, for the live check) is strict JSON and rebuilds each end as read. The
    comparison's time is the pipeline's, not the code's under test (``outcome.checking``)."""
    read = ReadEnds(facts, ends)
    facts = read.facts_dict()
    _strict_json(facts, "the facts", outcome.problems)
    problems, started = outcome.problems, time.process_time()
    as_json = json.loads(json.dumps(facts))
    lines = device_lines(as_json)
    for end, tunnel in zip(ends, as_json["tunnels"]):
        rebuilt = tunnel_end_from_dict(tunnel, lines)
        if rebuilt != end:
            differ = [f.name for f in dataclasses.fields(end) if getattr(end, f.name) != getattr(rebuilt, f.name)]
            problems.append("%s rebuilt from its facts differs in %s" % (end.name, ", ".join(differ)))
    outcome.checking += time.process_time() - started
    return read


def _count_parser_failures(facts):
    return sum(1 for f in facts.get("findings") or [] if UNREAD_LINE.search(str(f.get("summary", ""))))


class Pipeline:
    def __init__(self, corpus):
        self.corpus = corpus
        self.digest = make_psk_digester("fuzz")
        self._azure_facts = {}
        self._asa_facts = None
        self._seed_report = None

    def seed_report(self):
        """The seed case's check report: what explain() ties evidence to."""
        if self._seed_report is None:
            self._seed_report = run_check([self.seed_asa_facts()], [self.azure_facts("examples/seed-asa-azure-pfs/azure_resources.json")])
        return self._seed_report

    def azure_facts(self, path):
        if path not in self._azure_facts:
            self._azure_facts[path] = azure_facts_from_data(load_json_text(self.corpus.arm[path]), source="src")
        return self._azure_facts[path]

    def seed_asa_facts(self):
        if self._asa_facts is None:
            seed = "examples/seed-asa-azure-pfs/asa_running_config.txt"
            self._asa_facts = asa_facts_from_text(self.corpus.asa[seed].decode("utf-8"), source="src")
        return self._asa_facts

    def run(self, kind, data, partner=None, show_kind=None, trace_memory=False):
        """``data``: bytes, or for kind "option" a (module, options) pair."""
        if kind == "option":
            outcome = Outcome(kind=kind, size=len(repr(data)), lines=1)
        else:
            outcome = Outcome(kind=kind, size=len(data), lines=data.count(b"\n") + 1)
        if trace_memory:
            tracemalloc.start()
        start, wall = time.process_time(), time.perf_counter()
        try:
            self._run(outcome, kind, data, partner, show_kind)
        except InputTimeout:
            outcome.verdict, outcome.detail = "slow", "stopped after the hard limit"
        except (NotAsaConfig, AzureInputError) as exc:
            outcome.verdict, outcome.detail = "refused", "%s: %s" % (type(exc).__name__, str(exc)[:160])
        except RecursionError as exc:  # a ValueError neither: never an accepted answer
            outcome.verdict, outcome.detail = "escaped", _where(exc)
        except ValueError as exc:
            if getattr(exc, "_fuzz_stage", None) == "json":
                outcome.verdict, outcome.detail = "refused", "%s: %s" % (type(exc).__name__, str(exc)[:160])
            else:
                outcome.verdict, outcome.detail = "escaped", _where(exc)
        except Exception as exc:  # noqa: BLE001  (counting what escapes is the point)
            outcome.verdict, outcome.detail = "escaped", _where(exc)
        outcome.seconds, outcome.wall = time.process_time() - start - outcome.checking, time.perf_counter() - wall
        if trace_memory:
            outcome.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        if outcome.verdict == "slow":
            outcome.detail = "%.0f s for %d lines (%d bytes): %s" % (
                outcome.seconds, outcome.lines, outcome.size, outcome.detail)
        if outcome.verdict == "ok" and outcome.problems:
            outcome.verdict, outcome.detail = "invalid", "; ".join(outcome.problems)[:400]
        budget = max(1.0, SECONDS_PER_10K_LINES * outcome.lines / 10000.0)
        if kind == "evidence":  # a capture glued onto few lines is as many records: 2 s per MB (10,000 records of 50 bytes)
            budget = max(budget, SECONDS_PER_10K_LINES * outcome.size / 500e3)
        if outcome.verdict != "slow" and not outcome.failed and outcome.seconds > budget:
            outcome.verdict = "slow"
            outcome.detail = "%.2f s CPU for %d lines (%d bytes); budget %.2f s" % (
                outcome.seconds, outcome.lines, outcome.size, budget)
        return outcome

    def _run(self, outcome, kind, data, partner, show_kind):
        problems = outcome.problems
        if kind == "option":
            # imported here: the validators load the modules, which only this kind needs
            import options  # pylint: disable=import-outside-toplevel

            which, params = data
            seed = self.corpus.asa["examples/seed-asa-azure-pfs/asa_running_config.txt"].decode("utf-8")
            if options.check(which, params, seed, problems) == "refused" and not problems:
                outcome.verdict = "refused"
            return
        if kind == "evidence":  # show_kind: the reader (evidence.py)
            import evidence  # pylint: disable=import-outside-toplevel

            evidence.run_reader_and_explain(self.seed_report(), show_kind, data, problems)
            return
        if kind == "asa":
            text = to_text(data, errors="surrogate_or_replace")
            asa = read_ends(*asa_facts_and_ends(text, source="src", psk_digest=self.digest), outcome)
            outcome.parser_failures = _count_parser_failures(asa.facts)
            if outcome.parser_failures:
                problems.append("%d finding(s) say the parser failed on a line" % outcome.parser_failures)
            azure = self.azure_facts(partner)
        elif kind == "arm":
            try:
                parsed = load_json_text(data)
            except ValueError as exc:
                exc._fuzz_stage = "json"
                raise
            # checked: load_json_text kept the budgets, as fact_sources tells the adapter for a saved export
            azure = read_ends(*azure_facts_and_ends(parsed, source="src", psk_digest=self.digest, checked=True), outcome)
            asa = self.seed_asa_facts()
        else:
            text = to_text(data, errors="surrogate_or_replace")
            asa = json.loads(json.dumps(self.seed_asa_facts()))
            texts = {"ipsec": None, "ikev2": None, "sessiondb": None}
            texts[show_kind] = text
            add_state(asa, [texts["ipsec"] or ""] * 2, texts["ikev2"], texts["sessiondb"], interval=5.0)
            _strict_json(asa, "asa_vpn_facts' facts with state", problems)
            azure = self.azure_facts("examples/seed-asa-azure-pfs/azure_resources.json")
        report = run_check([asa], [azure])
        outcome.findings = sum(len(t["findings"]) for t in report["tunnels"])
        check_outputs(report, problems)


def _where(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/plugins/" in f.filename]  # the collection's frame nearest the error
    inner = (ours or frames or [None])[-1]
    place = "%s:%d %s" % (inner.filename.rsplit("/", 1)[-1], inner.lineno, inner.name) if inner else "?"
    return "%s at %s: %s" % (type(exc).__name__, place, str(exc)[:160])
