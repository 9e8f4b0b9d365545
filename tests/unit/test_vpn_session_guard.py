# -*- coding: utf-8 -*-
"""vpn_session_guard: inventory hosts that ansible-core would give one persistent connection (its socket is named by
address, port, user and connection - ansible_connection_cli_stub.py -, not by inventory host), e.g. the context hosts
of one multi-context ASA, are refused when the run can run them at once (forks > 1, one batch); and the plays that
read and push the ASAs run it first. End to end: tests/integration/test_asa_context_hosts_session.py."""

import os
from unittest import mock

import yaml

from ansible_collections.vpnalign.s2s.plugins.action import vpn_session_guard as guard
from ansible_collections.vpnalign.s2s.plugins.modules import vpn_session_guard as module

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB = {"ansible_host": "192.0.2.1", "ansible_user": "netops", "ansible_connection": "ansible.netcommon.network_cli",
       "ansible_network_os": "vpnalign.s2s.asa"}


def context_host(context, **extra):
    return dict(LAB, vpnalign_asa_context=context, **extra)


def run(hostvars, hosts=None, forks=5):
    task = mock.MagicMock(async_val=0, check_mode=False, diff=False, args={"hosts": hosts or list(hostvars),
                                                                           "forks": forks})
    action = guard.ActionModule(task, mock.MagicMock(), mock.MagicMock(), mock.MagicMock(), mock.MagicMock(),
                                mock.MagicMock())
    return action.run(task_vars={"hostvars": hostvars})


def test_context_hosts_of_one_asa_at_forks_above_1_are_refused_naming_them_and_what_to_do():
    result = run({"fw-admin": context_host("admin"), "fw-cust1": context_host("cust1"),
                  "fw-other": dict(LAB, ansible_host="192.0.2.2")})
    assert result["failed"] is True
    assert result["shared"] == [["fw-admin", "fw-cust1"]]
    msg = result["msg"]
    assert "fw-admin, fw-cust1 (192.0.2.1:22, user netops, network_cli)" in msg and "fw-other" not in msg
    assert "forks 5" in msg and "--forks 1" in msg and "serial: 1" in msg and "ansible_user" in msg
    assert "Nothing was read or sent" in msg


def test_at_forks_1_or_alone_in_the_batch_the_run_goes_on():
    hostvars = {"fw-admin": context_host("admin"), "fw-cust1": context_host("cust1")}
    result = run(hostvars, forks=1)
    assert not result.get("failed") and result["shared"] == [["fw-admin", "fw-cust1"]]
    assert not run(hostvars, hosts=["fw-cust1"]).get("failed")  # serial: 1 - one host per batch


def test_a_login_port_or_address_of_its_own_gives_a_connection_of_its_own():
    for extra in ({"ansible_user": "cust1-admin"}, {"ansible_port": 2222}, {"ansible_host": "192.0.2.9"}):
        result = run({"fw-admin": context_host("admin"), "fw-cust1": context_host("cust1", **extra)})
        assert not result.get("failed") and result["shared"] == [], extra


def test_unset_values_take_the_defaults_ansible_takes():
    # port unset and 22 are one port (network_cli's default); no ansible_host: the inventory hostname
    same = guard.session_key("a", dict(LAB, ansible_port=22), None)
    assert guard.session_key("b", LAB, None) == same
    assert guard.session_key("b", dict(LAB, ansible_port="22"), None) == same
    assert guard.session_key("fw", {"ansible_connection": "network_cli"}, None) == ("fw", 22, None, "network_cli")
    # the older ansible_ssh_* names, and the run's default user for a host without ansible_user
    assert guard.session_key("x", {"ansible_ssh_host": "192.0.2.1", "ansible_connection": "network_cli"},
                             "netops") == same
    # connections that keep no shared persistent session are left alone
    assert guard.session_key("x", dict(LAB, ansible_connection="local"), None) is None
    assert guard.session_key("x", {}, None, default_connection="ssh") is None
    assert run({"a": dict(LAB, ansible_connection="ssh"), "b": dict(LAB, ansible_connection="ssh")})["shared"] == []


def test_groups_keep_the_hosts_order_and_several_groups_are_all_named():
    keys = {"a": ("h1", 22, "u", "network_cli"), "b": ("h2", 22, "u", "network_cli"), "c": ("h1", 22, "u", "network_cli"),
            "d": ("h2", 22, "u", "network_cli"), "e": None}
    groups = guard.shared_groups(keys)
    assert groups == [["a", "c"], ["b", "d"]]
    msg = guard.refusal(groups, keys, 2)
    assert "a, c (h1:22" in msg and "b, d (h2:22" in msg
    assert guard.refusal(groups, keys, 1) is None and guard.refusal([], keys, 9) is None


def test_an_unknown_host_or_bad_forks_fails_naming_it():
    import pytest
    from ansible.errors import AnsibleActionFail
    with pytest.raises(AnsibleActionFail, match="not in the inventory: ghost"):
        run({"a": LAB}, hosts=["a", "ghost"])
    with pytest.raises(AnsibleActionFail, match="forks"):
        run({"a": LAB}, forks="many")


def test_options_are_the_documented_ones():
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]
    assert set(guard.ARGUMENT_SPEC) == set(documented)
    for name, spec in guard.ARGUMENT_SPEC.items():
        assert spec["type"] == documented[name]["type"], name
    yaml.safe_load(module.EXAMPLES)
    yaml.safe_load(module.RETURN)


def _tasks(path):
    with open(os.path.join(REPO, path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _is_guard(task):
    return ("vpnalign.s2s.vpn_session_guard" in task and task.get("run_once") is True
            and task.get("delegate_to") == "localhost" and task.get("any_errors_fatal") is True
            and task["vpnalign.s2s.vpn_session_guard"] == {"hosts": "{{ ansible_play_batch }}", "forks": "{{ ansible_forks }}"})


def test_the_asa_read_and_push_steps_run_the_guard_first():
    read_play = [play for play in _tasks("playbooks/check.yml") if play["name"] == "Read the ASA ends"][0]
    assert _is_guard(read_play["tasks"][0])
    for path in ("roles/align/tasks/gather_asa.yml", "roles/align/tasks/push_asa.yml"):
        assert _is_guard(_tasks(path)[0]), path


def test_the_ansible_ssh_names_win_as_in_ansible_and_an_unset_connection_is_the_plays():
    """Ansible reads ansible_ssh_host/_user/_port before ansible_host/_user/_port (constants.MAGIC_VARIABLE_MAPPING):
    two hosts whose group sets one ansible_ssh_host share it whatever their ansible_host says; a host without
    ansible_connection runs over the play's `connection:` or -c (network_cli in an ASA play). Both were missed."""
    by_ssh_host = {name: dict(LAB, ansible_host=name + ".example", ansible_ssh_host="192.0.2.1") for name in ("a", "b")}
    assert run(by_ssh_host)["shared"] == [["a", "b"]]
    by_ssh_user = {name: dict(LAB, ansible_user=name, ansible_ssh_user="netops") for name in ("a", "b")}
    assert run(by_ssh_user)["shared"] == [["a", "b"]]
    unset = {name: {k: v for k, v in LAB.items() if k != "ansible_connection"} for name in ("a", "b")}
    assert run(unset)["failed"] is True
