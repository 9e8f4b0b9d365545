# -*- coding: utf-8 -*-
"""The asa_vpn_facts action plugin (live form in the worker) takes exactly the options the module
documents and validates, and leaves to the module whatever the module must answer itself.
The live form end to end is in tests/integration (test_asa_live.py, test_asa_lab*.py)."""

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.vpnalign.s2s.plugins.action import asa_vpn_facts as action
from ansible_collections.vpnalign.s2s.plugins.doc_fragments import run_id as run_id_fragment
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_facts as module


def validate(args):
    result = ArgumentSpecValidator(action.ARGUMENT_SPEC, mutually_exclusive=action.MUTUALLY_EXCLUSIVE).validate(args)
    return result.validated_parameters, result.errors.errors


def test_action_options_are_the_documented_ones():
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]
    assert "vpnalign.s2s.run_id" in yaml.safe_load(module.DOCUMENTATION)["extends_documentation_fragment"]
    documented.update(yaml.safe_load(run_id_fragment.ModuleDocFragment.DOCUMENTATION)["options"])
    assert set(action.ARGUMENT_SPEC) == set(documented)
    for name, spec in action.ARGUMENT_SPEC.items():
        assert spec["type"] == documented[name]["type"], name
        assert spec.get("default") == documented[name].get("default"), name
    assert action.ARGUMENT_SPEC["psk_hash_key"]["no_log"] is True


def test_live_form_with_valid_options_runs_in_the_worker():
    params, errors = validate({"host": "fw1", "gather_state": "yes", "samples": "2", "context": "ctx1"})
    assert not action._runs_as_module(params, errors)
    assert params["gather_state"] is True and params["samples"] == 2


def test_offline_form_and_refused_options_go_to_the_module():
    for args in ({"src": "/tmp/x.txt"}, {"running_config": "hostname a"}, {"samples": 0},
                 {"sample_interval": -1}, {"context": "a\nshow run"}, {"samples": "many"},
                 {"running_config": "x", "src": "y"}, {"no_such_option": 1},
                 # review 2026-12-05: unbounded, these held the session for ever or sent a million commands
                 {"sample_interval": "inf"}, {"sample_interval": 301}, {"samples": 21}, {"psk_hash_key": "short"}):
        params, errors = validate(args)
        assert action._runs_as_module(params, errors), args


def test_offline_form_runs_in_the_worker_only_where_the_module_would_run_on_the_controller():
    params, errors = validate({"src": "/tmp/x.txt", "host": "fw1"})
    assert action._offline_here(params, errors, on_controller=True)
    # src on a remote host (ssh connection): the module reads it there
    assert not action._offline_here(params, errors, on_controller=False)
    # what the module refuses goes to the module, for its own message
    for args in ({"src": "/tmp/x.txt", "gather_state": True}, {"running_config": "x", "context": "c"},
                 {"running_config": "x", "samples": 0}, {"running_config": "x", "src": "y"}, {"host": "fw1"},
                 {"running_config": "x", "sample_interval": "inf"}, {"running_config": "x", "psk_hash_key": "short"}):
        params, errors = validate(args)
        assert not action._offline_here(params, errors, on_controller=True), args


def test_a_crash_in_the_reader_is_a_failed_result_with_its_type_and_traceback_and_no_key(monkeypatch):
    hash_key = "Hash-Key-4-Digests"

    def crash(*_args, **_kwargs):
        raise KeyError("crypto_map %s" % hash_key)
    monkeypatch.setattr(action, "asa_facts_from_text", crash)
    params, errors = validate({"running_config": "hostname fw\n", "psk_hash_key": hash_key})
    assert not errors
    result = action.ActionModule._run_offline(None, params)
    assert result["failed"] is True
    assert result["msg"].startswith("asa_vpn_facts: unexpected KeyError: ")
    assert "Traceback" in result["exception"] and "in crash" in result["exception"]
    assert hash_key not in repr(result)
