# -*- coding: utf-8 -*-
"""A module's main() run in the test's process as Ansible runs it: its options from ANSIBLE_MODULE_ARGS, its result
the JSON it prints before it exits."""

import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes


def run_main(monkeypatch, capsys, module, args):
    """``module.main()`` with the options ``args``: (its result, the text it printed)."""
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    # ansible-core 2.19 reads the result's serialization profile from here; earlier cores have none
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy", raising=False)
    with pytest.raises(SystemExit):
        module.main()
    out = capsys.readouterr().out
    return json.loads(out), out
