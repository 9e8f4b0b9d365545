"""Documentation that states what the code does, checked against the code so that it cannot drift (review pass 39:
docs/finding_codes.md left out severities the code emits)."""
import ast
import os
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import CATALOG

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SEVERITY_NAMES = {"ERROR": "error", "WARNING": "warning", "INFO": "info"}
# how the codes table names each severity in its "severity and the rule" column
SEVERITY_WORDS = {"error": r"\berrors?\b", "warning": r"\bwarnings?\b", "info": r"\binfo(rmation)?\b"}


def _literal_severities(node):
    """The severities a severity argument can take when the source spells them out (ERROR, ``INFO if x else WARNING``);
    None for one computed elsewhere, which this check cannot see."""
    if isinstance(node, ast.Name) and node.id in SEVERITY_NAMES:
        return {SEVERITY_NAMES[node.id]}
    if isinstance(node, ast.Attribute) and node.attr in SEVERITY_NAMES:
        return {SEVERITY_NAMES[node.attr]}
    if isinstance(node, ast.Constant) and node.value in SEVERITY_WORDS:
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_severities(node.body), _literal_severities(node.orelse)
        return body | orelse if body and orelse else None
    return None


def _plugin_trees():
    """(path, parsed module) for every Python file under plugins/."""
    for directory, _dirs, files in os.walk(os.path.join(ROOT, "plugins")):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    yield path, ast.parse(handle.read())


def _emitted_severities():
    """code -> {severity: [file:line]} for every call whose first argument is a code and second a literal severity
    (``self.add("CODE", WARNING, ...)``, ``reader.find(...)``, ``Finding(code=..., severity=...)``)."""
    emitted = {}
    for path, tree in _plugin_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            code = node.args[0] if node.args else keywords.get("code")
            severity = node.args[1] if len(node.args) > 1 else keywords.get("severity")
            if not (isinstance(code, ast.Constant) and code.value in CATALOG) or severity is None:
                continue
            for level in _literal_severities(severity) or ():
                emitted.setdefault(code.value, {}).setdefault(level, []).append(
                    "%s:%d" % (os.path.relpath(path, ROOT), node.lineno))
    return emitted


def _severity_column():
    with open(os.path.join(ROOT, "docs", "finding_codes.md"), encoding="utf-8") as handle:
        rows = re.findall(r"^\| ([A-Z0-9_]+) \| [^|]* \| (.*) \| [^|]* \|$", handle.read(), re.M)
    return dict(rows)


def test_the_codes_table_names_every_severity_the_code_emits_for_a_code():
    emitted = _emitted_severities()
    # most codes pass their severity as a literal; if a refactor hides them all, this check would pass vacuously
    assert len(emitted) >= 35
    column = _severity_column()
    assert sorted(column) == sorted(CATALOG)
    missing = ["%s %s (%s)" % (code, level, ", ".join(where))
               for code, levels in sorted(emitted.items()) for level, where in sorted(levels.items())
               if not re.search(SEVERITY_WORDS[level], column[code], re.I)]
    assert missing == []


# options whose default the spec describes rather than repeats: the role's own list of some 40 variable names
SPEC_DEFAULT_DESCRIBED = {("compliance", "compliance_known_variables")}


def _role_yaml(role, *parts):
    import yaml

    with open(os.path.join(ROOT, "roles", role, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_each_role_spec_default_is_the_value_defaults_main_sets():
    # review pass 39: align_asa_hosts showed default [] in ansible-doc while defaults/main.yml takes the asa group
    roles = sorted(os.listdir(os.path.join(ROOT, "roles")))
    assert roles
    wrong = []
    for role in roles:
        defaults = _role_yaml(role, "defaults", "main.yml") or {}
        for entry, spec in sorted(_role_yaml(role, "meta", "argument_specs.yml")["argument_specs"].items()):
            for name, option in sorted((spec.get("options") or {}).items()):
                if (role, name) in SPEC_DEFAULT_DESCRIBED:
                    continue
                if name in defaults and option.get("default", "<no default>") != defaults[name]:
                    wrong.append("%s %s %s: spec %r, defaults/main.yml %r"
                                 % (role, entry, name, option.get("default", "<no default>"), defaults[name]))
                elif name not in defaults and "default" in option:
                    wrong.append("%s %s %s: spec default %r, not set in defaults/main.yml"
                                 % (role, entry, name, option["default"]))
    assert wrong == []


def test_every_key_of_the_asa_facts_is_in_asa_vpn_facts_return():
    # review pass 39: hostname and ingress were returned but not documented; vpn_compat_check reads ingress from
    # facts given as data, so a user who leaves it out loses the NAT exemption fixes for new local networks
    import yaml
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
    from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_facts

    documented = yaml.safe_load(asa_vpn_facts.RETURN)["ansible_facts"]["contains"]["vpnalign_asa"]["contains"]
    with open(os.path.join(ROOT, "examples", "seed-asa-azure-pfs", "asa_running_config.txt"), encoding="utf-8") as handle:
        returned = asa_facts_from_text(handle.read())
    assert sorted(set(returned) - set(documented)) == []


def _versions_added(node, where, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "version_added":
                out.append((where, str(value)))
            else:
                _versions_added(value, "%s.%s" % (where, key), out)
    elif isinstance(node, list):
        for value in node:
            _versions_added(value, where, out)
    return out


def test_every_version_added_is_a_release_of_the_collection_or_the_one_in_galaxy_yml():
    # review pass 39: modules said "added in 0.4.0" to the users of 0.1.0, the collection's first version. Valid: a
    # version changelogs/changelog.yaml lists as released, or galaxy.yml's (the release being prepared).
    import yaml

    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        valid = {str(yaml.safe_load(handle)["version"])}
    with open(os.path.join(ROOT, "changelogs", "changelog.yaml"), encoding="utf-8") as handle:
        valid |= set(str(version) for version in (yaml.safe_load(handle).get("releases") or {}))
    found = []
    for path, tree in _plugin_trees():
        for node in tree.body:
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["DOCUMENTATION"]:
                _versions_added(yaml.safe_load(node.value.value), os.path.relpath(path, ROOT), found)
    for role in sorted(os.listdir(os.path.join(ROOT, "roles"))):
        _versions_added(_role_yaml(role, "meta", "argument_specs.yml"), "roles/" + role, found)
    assert len(found) >= 10  # the modules' and the cliconf plugin's own
    assert [(where, version) for where, version in found if version not in valid] == []


def _readme_number(pattern, text):
    found = re.findall(pattern, text)
    assert len(found) == 1, pattern  # the sentence was reworded: update the pattern with it
    return tuple(int(n) for n in found[0]) if isinstance(found[0], tuple) else int(found[0])


def test_the_readme_counts_are_those_of_the_tests():
    # review pass 39: README said 248 oracle scenarios (254) and 165 align cases (174)
    from ansible_collections.vpnalign.s2s.tests.oracle.scenarios import all_scenarios

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = " ".join(handle.read().split())
    ids = [scenario.id for scenario in all_scenarios()]
    assert _readme_number(r"then (\d+) scenarios \(IKE and ESP suites", text) == len(ids)
    assert _readme_number(r"; (\d+) route-based ones with", text) == sum(i.startswith("rb-") for i in ids)
    assert _readme_number(r"; (\d+) with BGP over the tunnel", text) == sum(i.startswith("bgp-") for i in ids)
    # test_align.py's TABLE (scenario -> what each mode leaves) and MODES, read without importing its labs
    with open(os.path.join(ROOT, "tests", "integration", "test_align.py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    assigned = {node.targets[0].id: node.value for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    scenarios, modes = len(assigned["TABLE"].keys), len(ast.literal_eval(assigned["MODES"]))
    assert _readme_number(r"All (\d+) cases \((\d+) scenarios x (\d+) modes\)", text) == (
        scenarios * modes, scenarios, modes)


def test_each_code_means_in_the_catalog_what_the_codes_table_says():
    # review pass 39: CATALOG's line (JUnit testcase descriptions, report.md) said ROUTE_MISSING was route-based only
    # and IKEV2_NOT_ENABLED crypto maps only; both are emitted for the other kind of tunnel too
    with open(os.path.join(ROOT, "docs", "finding_codes.md"), encoding="utf-8") as handle:
        meanings = dict(re.findall(r"^\| ([A-Z0-9_]+) \| ([^|]*) \|", handle.read(), re.M))
    assert dict((code, meanings.get(code)) for code in CATALOG) == CATALOG


def _readme_check_excerpts():
    """(the excerpt's lines, ASA file, Azure file) for each block of check output README.md quotes: a code block after
    a line that says it prints, whose FAIL/DEGRADED/PASS line names both files it was run on."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = handle.read()
    for block in re.findall(r"prints[^\n]*:\n\n```\n(.*?)\n```", text, re.S):
        files = re.findall(r"\((examples/[^)\s]+)\)", block)
        asa = [f for f in files if not f.endswith(".json")]
        azure = [f for f in files if f.endswith(".json")]
        if asa and azure:
            yield block.splitlines(), asa[0], azure[0]


def test_the_lines_readme_quotes_are_those_the_check_prints(monkeypatch):
    """Each verdict, finding and fix line of a check excerpt in README.md is printed by the check of the files the
    excerpt names: a fix line as it stands (unless abridged with '...'), a verdict or finding line as the start of the
    printed one (README wraps them; '...' ends what it quotes). README quoted the route-based fix without the
    '(proven)' the check prints."""
    from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
    from ansible_collections.vpnalign.s2s.plugins.module_utils.report_lines import summary_lines
    from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

    monkeypatch.chdir(ROOT)  # the files by the relative paths the excerpt names them with
    excerpts = list(_readme_check_excerpts())
    assert len(excerpts) >= 2, "README's quoted check output was not found"
    for lines, asa, azure in excerpts:
        report = run_check(asa_facts_from({}, paths=[asa], ends=True), azure_facts_from({}, paths=[azure], ends=True))
        printed = [line.strip() for line in summary_lines(report)]
        quoted = [line.strip() for line in lines]
        fixes = [line for line in quoted if line.startswith("fix ") and "..." not in line]
        starts = [line.split("...", 1)[0].rstrip() for line in quoted
                  if re.match(r"(FAIL|DEGRADED|PASS) \[|(ERROR|WARNING) [A-Z_]+ \(", line)]
        assert fixes and starts, asa
        assert [line for line in fixes if line not in printed] == [], (asa, printed)
        assert [start for start in starts if not any(line.startswith(start) for line in printed)] == [], (asa, printed)
