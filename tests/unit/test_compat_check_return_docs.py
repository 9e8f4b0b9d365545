# -*- coding: utf-8 -*-
"""vpn_compat_check's RETURN against what the check really returns on the bundled seed example, with every optional
part asked for (return_report, evidence, gate_on): a key returned and not documented, or documented as returned
always and missing, fails here, so the docs cannot drift from the result again (review: report.json's ``run``,
``keys_not_compared`` and ``evidence`` were in the returned report, undocumented)."""

from pathlib import Path
from types import SimpleNamespace

import yaml

from ansible_collections.vpnalign.s2s.plugins.action.vpn_compat_check import ActionModule
from ansible_collections.vpnalign.s2s.plugins.modules import vpn_compat_check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "seed-asa-azure-pfs"
# keys every action result carries (ansible-core), not the module's to document
ANSIBLE_KEYS = {"changed", "failed", "msg", "warnings", "deprecations", "invocation"}


def _result(tmp_path):
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=dict(
        asa_config_files=str(EXAMPLE / "asa_running_config.txt"),
        azure_resources_files=str(EXAMPLE / "azure_resources.json"),
        report_dir=str(tmp_path), return_report=True, gate_on="error", publish_stats="vpnalign_check",
        evidence={"asa_debug": [str(EXAMPLE / "debug_crypto_ikev2.txt")], "asa_syslog": [str(EXAMPLE / "syslog.txt")]}))
    return action._check({}, {})


def _keys(value):
    """The keys of a dict, or the union of those of a list of dicts."""
    if isinstance(value, dict):
        return set(value)
    return set().union(*(set(item) for item in value if isinstance(item, dict))) if isinstance(value, list) else set()


def _drift(documented, value, where):
    """(key path, what is wrong) for every level RETURN documents with ``contains``."""
    returned = _keys(value)
    wrong = [("%s%s" % (where, key), "returned, not documented") for key in sorted(returned - set(documented))]
    wrong += [("%s%s" % (where, key), "documented as returned always, not returned") for key, doc in
              sorted(documented.items()) if key not in returned and doc.get("returned", "always") == "always"]
    for key, doc in sorted(documented.items()):
        if doc.get("contains") and key in returned:
            inner = [item[key] for item in value if key in item] if isinstance(value, list) else [value[key]]
            for one in inner:
                wrong += _drift(doc["contains"], one, "%s%s." % (where, key))
    return sorted(set(wrong))


def test_every_key_vpn_compat_check_returns_is_in_its_return_docs_and_back(tmp_path):
    result = _result(tmp_path)
    # the optional parts this test is for were all returned: a change that drops one must change this test too
    assert {"report", "evidence", "gate", "junit", "markdown", "ansible_stats"} <= set(result)
    assert {"run", "keys_not_compared", "evidence"} <= set(result["report"])
    documented = yaml.safe_load(vpn_compat_check.RETURN)
    assert _drift(documented, {k: v for k, v in result.items() if k not in ANSIBLE_KEYS}, "") == []


def test_every_key_published_by_set_stats_is_named_in_the_return_docs(tmp_path):
    result = _result(tmp_path)
    documented = yaml.safe_load(vpn_compat_check.RETURN)["ansible_stats"]["contains"]["data"]["description"]
    text = " ".join(documented) if isinstance(documented, list) else documented
    published = result["ansible_stats"]["data"]["vpnalign_check"]
    assert [key for key in sorted(published) if "C(%s)" % key not in text] == []
