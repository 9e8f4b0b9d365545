# -*- coding: utf-8 -*-
"""ASA parser under hostile input (issue 11): budgets on lines, findings and evidence, numbers of
ASCII digits only, text made safe, and no failure of the parser passed off as a finding."""

import ast
import json
import os
import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import findings_made, parse_running_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.bgp import parse_asn
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.dispatch import _Parser
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SEED = os.path.join(ROOT, "examples", "seed-asa-azure-pfs", "asa_running_config.txt")
LIFETIME_LINE = "crypto map CRYPTO-MAP 2 set security-association lifetime seconds 3600"


def seed_bytes():
    with open(SEED, "rb") as handle:
        return handle.read()


def seed_text():
    return seed_bytes().decode("utf-8")


def as_module_reads(data):
    """asa_vpn_facts reads src as bytes and decodes them with surrogate_or_replace (surrogateescape)."""
    return data.decode("utf-8", "surrogateescape")


def strict_json(value):
    """What Ansible accepts from a module: JSON without NaN, text that encodes to UTF-8."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


def unread(findings):
    return [f for f in findings if "could not be read" in f.summary]


# -- numbers: ASCII digits only, and not too many ---------------------------------------------
def test_as_int_takes_ascii_digits_only():
    assert as_int("3600") == 3600 and as_int("000000003600") == 3600
    for token in ("\u00b3600", "\u0663\u0666\u0660\u0660", "\uff13\uff16\uff10\uff10", "\u00b3", "9" * 4301,
                  "1" * 13, "-1", "+5", "0x10", "3600.5", ""):
        assert as_int(token) is None, token


def test_superscript_lifetime_is_an_invalid_value_naming_its_line():
    """`seconds ³600` was read by str.isdigit() and int() then failed: the line was dropped as
    'could not be read' and the tunnel silently took the global lifetime."""
    text = seed_text().replace(LIFETIME_LINE, LIFETIME_LINE.replace("3600", "\u00b3600"))
    config, findings = parse_running_config(text)
    assert unread(findings) == []
    [finding] = [f for f in findings if f.code == "INVALID_VALUE"]
    assert finding.evidence["asa"]["value"] == "\u00b3600"
    assert finding.evidence["asa"]["lines"] == [{"line": 43, "text": LIFETIME_LINE.replace("3600", "\u00b3600")}]
    assert finding.evidence["asa"]["context"] == {"kind": "crypto-map", "name": "CRYPTO-MAP", "seq": 2}
    assert "Line 43" in finding.summary and "lifetime in seconds" in finding.summary
    assert config.crypto_maps["CRYPTO-MAP"].entries[2].lifetime.seconds is None


def test_numbers_of_too_many_digits_are_invalid_values_naming_their_line():
    """4,301 digits made int() raise (CPython's limit), so the line was 'could not be read'."""
    for digits, length in ((20, 20), (4000, 80)):
        text = seed_text().replace(LIFETIME_LINE, LIFETIME_LINE.replace("3600", "9" * digits))
        _config, findings = parse_running_config(text)
        assert unread(findings) == []
        [finding] = [f for f in findings if f.code == "INVALID_VALUE"]
        assert finding.summary.startswith("Line 43: '%s" % ("9" * length))  # the number is quoted cut
        assert len(finding.summary) < 400
    text = seed_text().replace(LIFETIME_LINE, LIFETIME_LINE.replace("3600", "9" * 4301))
    _config, findings = parse_running_config(text)
    assert [f.summary[:40] for f in findings] == ["Line 43 is 4367 characters long; lines o"]


def test_asn_in_other_scripts_digits_is_refused_not_a_crash():
    assert parse_asn("65010") == 65010 and parse_asn("1.10") == 65546
    assert parse_asn("\u00b3") is None and parse_asn("6501\u00b3") is None and parse_asn("1.\u00b3") is None
    _config, findings = parse_running_config("router bgp \u00b3\u00b3\n address-family ipv4 unicast\n")
    assert unread(findings) == [] and [f.code for f in findings] == ["INVALID_VALUE"]


# -- text that is not UTF-8, control characters ---------------------------------------------
def test_a_byte_that_is_not_utf8_in_a_name_gives_facts_ansible_accepts():
    """A \\xff in the hostname once made the facts hold '\\udcff', which Ansible refuses
    (MODULE_STRICT_UTF8_RESPONSE): the check stopped with no report."""
    data = seed_bytes().replace(b"hostname gateway", b"hostname gate\xffway")
    facts = asa_facts_from_text(as_module_reads(data))
    strict_json(facts)
    assert facts["hostname"] == "gate\\xffway"
    [finding] = [f for f in facts["findings"] if f["code"] == "INVALID_VALUE"]
    assert finding["evidence"]["asa"]["lines"] == [{"line": 5, "text": "hostname gate\\xffway"}]
    assert "Line 5" in finding["summary"]


def test_a_lone_surrogate_in_running_config_text_is_escaped():
    facts = asa_facts_from_text(seed_text().replace("CRYPTO-MAP 2 set peer", "CRYPTO-MAP\ud800 2 set peer"))
    strict_json(facts)


def test_control_characters_in_names_are_escaped_and_reported_once_per_line():
    data = seed_bytes().replace(b"hostname gateway", b"hostname gate\x1b[2J\x07way")
    facts = asa_facts_from_text(as_module_reads(data))
    # the terminal sequence (ESC[2J) is removed as a terminal capture's are, and said once; the BEL stays, escaped
    assert facts["hostname"] == "gate\\x07way"
    assert [f["summary"][:7] for f in facts["findings"]] == ["Line 5 ", "Termina"]


def test_secrets_stay_masked_on_a_line_with_odd_characters():
    _config, findings = parse_running_config("tunnel-group 203.0.113.20 ipsec-attributes\n"
                                             " ikev2 remote-authentication pre-shared-key s3cr\x1bet\n")
    assert "s3cr" not in json.dumps([f.to_dict() for f in findings])


# -- budgets: line length, findings per line and per config, evidence ------------------------
def test_a_16_kb_line_of_invalid_values_gives_a_bounded_report():
    """Once: 8,000 findings, each quoting the whole 16 KB line (132 MB of facts, 1.1 GB of memory)."""
    line = " encryption " + "bad " * 4000
    text = seed_text().replace(" encryption aes\n", line + "\n", 1)
    start = time.process_time()
    facts = asa_facts_from_text(text)
    assert time.process_time() - start < 1.0
    [finding] = facts["findings"]
    assert finding["summary"] == ("Line 48 is 16012 characters long; lines over 4096 characters are no ASA command "
                                  "and are not read.")
    assert len(json.dumps(facts)) < 64 * 1024


def test_findings_per_line_are_bounded_with_a_count_of_the_rest():
    line = " encryption " + "bad " * 1000
    text = seed_text().replace(" encryption aes\n", line + "\n", 1)
    facts = asa_facts_from_text(text)
    # 10 findings for the line (MAX_FINDINGS_PER_LINE), one counting the rest
    assert len(facts["findings"]) == findings_made.MAX_FINDINGS_PER_LINE + 1
    left_out = facts["findings"][-1]
    assert left_out["evidence"]["asa"]["left_out"] == {"INVALID_VALUE": 990}
    assert left_out["summary"].startswith("990 more finding(s) are not listed (990 INVALID_VALUE): at most 10 per line")
    assert "first lines concerned: 48." in left_out["summary"]
    assert len(json.dumps(facts)) < 64 * 1024


def test_a_1_mb_line_is_reported_and_not_read():
    """A 1 MB line once never finished (each finding copied the whole line)."""
    huge = "crypto ikev2 policy 1 " + "x " * 512 * 1024
    text = seed_text().replace(": end", huge + "\n: end")
    line = text.splitlines().index(huge) + 1
    start = time.process_time()
    facts = asa_facts_from_text(text)
    assert time.process_time() - start < 1.0
    [finding] = facts["findings"]
    assert finding["summary"].startswith("Line %d is 1048598 characters long" % line)
    assert finding["evidence"]["asa"]["lines"] == [{"line": line, "text": "crypto ikev2 policy ..."}]
    assert len(json.dumps(facts)) < 64 * 1024


def test_a_long_line_is_quoted_without_what_follows_a_secret_word():
    _config, findings = parse_running_config("username admin password " + "s" * 5000 + "\n")
    assert findings[0].evidence["asa"]["lines"][0]["text"] == "username admin ..."


def test_findings_per_config_are_bounded_with_a_count_of_the_rest():
    lines = ["crypto ikev2 policy 1"] + [" group %d" % (100 + n) for n in range(findings_made.MAX_FINDINGS + 500)]
    _config, findings = parse_running_config("\n".join(lines) + "\n")
    assert len(findings) == findings_made.MAX_FINDINGS + 1
    assert findings[-1].evidence["asa"]["left_out"] == {"INVALID_VALUE": 500}


def test_the_count_of_the_rest_is_as_severe_as_the_worst_finding_left_out():
    lines = ["access-list A extended permit ip object-group G%d any" % n for n in range(findings_made.MAX_FINDINGS + 5)]
    _config, findings = parse_running_config("\n".join(lines) + "\n")
    assert findings[-1].code == "UNDEFINED_REFERENCE" and findings[-1].severity == "error"


def test_evidence_quotes_a_long_line_cut_with_a_marker():
    _config, findings = parse_running_config("access-list A extended permit ip host " + "1" * 4000 + " any\n")
    text = findings[0].evidence["asa"]["lines"][0]["text"]
    assert len(text) < findings_made.MAX_EVIDENCE_TEXT + 40 and text.endswith("more characters]")


# -- no exception swallowed silently ----------------------------------------------------------
def test_a_failure_of_the_parser_is_a_finding_with_the_line_and_the_exception_type():
    class Failing(_Parser):
        TOP_LEVEL = dict(_Parser.TOP_LEVEL, hostname=lambda p, words, line, indent: {}["boom"])

    parser = Failing()
    parser.feed("hostname x\nobject network N\n host 10.0.0.1\n")
    parser.finish()
    [finding] = parser.config.findings
    assert finding.summary == "Line 1 could not be read (KeyError) and was skipped."
    assert finding.evidence["asa"]["exception"] == "KeyError" and finding.evidence["asa"]["line"] == 1
    assert "N" in parser.config.objects  # the rest was read


def _broad_handlers(path):
    """(line, what the handler does) for every ``except Exception`` / bare ``except`` in ``path``."""
    with open(path) as handle:
        tree = ast.parse(handle.read())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ExceptHandler):
            continue
        names = [n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)] if node.type is not None else ["<bare>"]
        if not set(names) & {"Exception", "BaseException", "<bare>"}:
            continue
        calls = {n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        reraises = any(isinstance(n, ast.Raise) for n in ast.walk(node))
        found.append((node.lineno, "raise" if reraises else ",".join(sorted(calls))))
    return found


def test_every_broad_except_in_the_input_readers_re_raises_or_becomes_a_finding():
    """Counted: one handler today (the parser's per-line guard, which makes a finding naming the
    line and the exception type); any new one must re-raise or do the same."""
    files = [os.path.join(ROOT, "plugins", "module_utils", "asa", "parser", name)
             for name in sorted(os.listdir(os.path.join(ROOT, "plugins", "module_utils", "asa", "parser")))
             if name.endswith(".py")]
    files += [os.path.join(ROOT, "plugins", "module_utils", "azure", name + ".py")
              for name in ("adapter", "gateway", "policy", "session")]
    files.append(os.path.join(ROOT, "plugins", "module_utils", "safe_text.py"))
    handlers = {os.path.relpath(path, ROOT): _broad_handlers(path) for path in files}
    handlers = {path: found for path, found in handlers.items() if found}
    # and values.py's import-time check of the IPv4 fast path (reads no input: if it cannot run, the constructors)
    assert len(handlers.pop("plugins/module_utils/asa/parser/values.py")) == 1
    assert list(handlers) == ["plugins/module_utils/asa/parser/core.py"]
    [(_line, does)] = handlers["plugins/module_utils/asa/parser/core.py"]
    assert "unreadable" in does.split(",")
