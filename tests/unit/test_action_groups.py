# -*- coding: utf-8 -*-
"""meta/runtime.yml's module_defaults groups hold every module of their family: a play that sets Azure
credentials once for group/vpnalign.s2s.azure must reach each module that takes them (azure_vpn_evidence was
left out and ran without them; tests/integration/test_module_defaults.py shows it on the ARM lab)."""

import os

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES = os.path.join(REPO, "plugins", "modules")


def _documentation(name):
    with open(os.path.join(MODULES, name + ".py"), encoding="utf-8") as handle:
        source = handle.read()
    start = source.index('DOCUMENTATION = r"""') + len('DOCUMENTATION = r"""')
    return yaml.safe_load(source[start:source.index('"""', start)])


def _groups():
    with open(os.path.join(REPO, "meta", "runtime.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["action_groups"]


def _modules():
    return sorted(name[:-3] for name in os.listdir(MODULES) if name.endswith(".py") and name != "__init__.py")


def test_azure_group_is_every_module_taking_azure_credentials():
    taking = {name for name in _modules() if "vpnalign.s2s.azure_auth" in _documentation(name).get("extends_documentation_fragment", [])}
    assert taking >= {"azure_vpn_facts", "azure_vpn_connection", "azure_vpn_evidence"}
    assert set(_groups()["azure"]) == taking


def test_asa_group_is_every_module_run_on_the_asa():
    assert set(_groups()["asa"]) == {name for name in _modules() if name.startswith("asa_")}
