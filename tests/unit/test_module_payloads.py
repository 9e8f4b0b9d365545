# -*- coding: utf-8 -*-
"""What each module carries: Ansible packs every module_utils file a module imports (at any depth of its code,
a function's imports included: executor/module_common.py, ModuleDepFinder) into its AnsiballZ payload, and the
module's process compiles what it imports from that zip on every run (no bytecode cache in a zip). A module that
gathers facts or pushes a change must not carry the report writers: findings.py imported report_html (and through
it the timeline and every evidence reader), 0.1 CPU s more per azure_vpn_facts run (issue 12)."""

import ast
import os

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
PREFIX = "ansible_collections.vpnalign.s2s.plugins."
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules")) if name.endswith(".py"))
# The files that write the report: what the controller-side check (an action plugin) needs, no module.
REPORT_WRITERS = {"report_texts", "report_html", "report_html_timeline", "report_markdown", "report_junit",
                  "report_lines", "report_files", "report_evidence"}


def _file_of(dotted):
    """The collection file of a dotted name (a module or package), or None (a name inside a module)."""
    rel = os.path.join(ROOT, "plugins", *dotted[len(PREFIX):].split("."))
    for path in (rel + ".py", os.path.join(rel, "__init__.py")):
        if os.path.exists(path):
            return os.path.normpath(path)
    return None


def _imported(path):
    """The collection files ``path`` imports, from any depth of its code, as Ansible finds them."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            names = [node.module] + [node.module + "." + alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.startswith(PREFIX)]
        else:
            continue
        found.update(filter(None, map(_file_of, names)))
    return found


def payload(module):
    """Every collection file the module's payload holds: the module and what it imports, transitively."""
    seen, todo = set(), [os.path.normpath(os.path.join(ROOT, "plugins", "modules", module + ".py"))]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(_imported(path) - seen)
    return seen


def test_the_walk_finds_imports_inside_functions(tmp_path):
    """The rule Ansible applies, which the test below relies on: an import in a function body is packed too."""
    source = tmp_path / "m.py"
    source.write_text("def later():\n    from %splugins.module_utils.report_html import to_html\n" % PREFIX[:-len("plugins.")])
    assert [os.path.basename(p) for p in _imported(str(source))] == ["report_html.py"]


@pytest.mark.parametrize("module", MODULES)
def test_no_module_carries_the_report_writers(module):
    names = {os.path.splitext(os.path.basename(path))[0] for path in payload(module)}
    assert not names & REPORT_WRITERS, sorted(names & REPORT_WRITERS)


def test_a_facts_module_carries_what_it_reads_with():
    """The walk is not vacuous: azure_vpn_facts carries its adapter and findings.py, asa_vpn_tunnel the parser."""
    azure = {os.path.relpath(p, os.path.join(ROOT, "plugins")) for p in payload("azure_vpn_facts")}
    assert {"module_utils/azure/adapter.py", "module_utils/findings.py", "module_utils/model.py"} <= azure
    tunnel = {os.path.relpath(p, os.path.join(ROOT, "plugins")) for p in payload("asa_vpn_tunnel")}
    assert "module_utils/asa/parser/core.py" in tunnel
