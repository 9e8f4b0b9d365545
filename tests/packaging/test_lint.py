# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-lint's production profile on the collection, its roles and playbooks (what Automation Hub
certification asks for), and each module's `attributes:` against what its code does."""

import ast
import os
import re

import yaml

from conftest import REPO_ROOT, run, tool, tool_env

MODULES = os.path.join(REPO_ROOT, "plugins", "modules")
ACTIONS = os.path.join(REPO_ROOT, "plugins", "action")


def test_ansible_lint_production_profile_passes():
    # .ansible-lint leaves out the local environments, output and tests/; ansible.netcommon and
    # ansible.utils come from `make setup`'s .collections (no Galaxy: --offline).
    env = tool_env(ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO_ROOT, ".collections"), NO_COLOR="1")
    rc, text = run([tool("ansible-lint"), "--profile", "production", "--offline", "--nocolor"], env=env)
    assert rc == 0, text
    assert "Profile 'production' was required, and it passed" in text, text


def _documentation(path):
    for node in ast.parse(open(path).read()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no DOCUMENTATION" % path)


def _source(path):
    if not os.path.exists(path):
        return ""
    with open(path) as handle:
        return handle.read()


def _supported(attributes, name):
    return attributes[name]["support"] in ("full", "partial")


def _delegated(module):
    """The source of the module_utils a module imports ``run_task``-style entry points from (``from
    ...plugins.module_utils.x.y import``): where a thin module's work is."""
    found = re.findall(r"plugins\.module_utils\.([\w.]+) import", module)
    return "".join(_source(os.path.join(REPO_ROOT, "plugins", "module_utils", *name.split(".")) + ".py") for name in found)


def test_module_attributes_match_what_each_module_does():
    wrong = []
    names = sorted(name[:-3] for name in os.listdir(MODULES) if name.endswith(".py") and name != "__init__.py")
    assert names
    for name in names:
        module = _source(os.path.join(MODULES, name + ".py"))
        action = _source(os.path.join(ACTIONS, name + ".py"))
        attributes = _documentation(os.path.join(MODULES, name + ".py")).get("attributes") or {}
        missing = [key for key in ("check_mode", "diff_mode", "platform") if key not in attributes]
        if missing:
            wrong.append("%s: no %s" % (name, ", ".join(missing)))
            continue
        # check mode: the module declares it, or an action plugin that does not refuse it does the work
        checks = "supports_check_mode=True" in module or (bool(action) and "_supports_check_mode = False" not in action)
        if checks != _supported(attributes, "check_mode"):
            wrong.append("%s: check_mode says %s" % (name, attributes["check_mode"]["support"]))
        # diff: only what reads the --diff flag returns a diff (in the module, its action plugin, or the module_utils
        # the module hands its work to, as asa_vpn_tunnel does to module_utils/asa/tunnel_task.py)
        diffs = bool(re.search(r"\._diff\b", module + action + _delegated(module)))
        if diffs != _supported(attributes, "diff_mode"):
            wrong.append("%s: diff_mode says %s" % (name, attributes["diff_mode"]["support"]))
        if bool(action) != ("action" in attributes and _supported(attributes, "action")):
            wrong.append("%s: action plugin %s, attribute action %s" % (name, bool(action), attributes.get("action")))
        if not attributes["platform"].get("platforms"):
            wrong.append("%s: platform names no platforms" % name)
    assert not wrong, wrong
