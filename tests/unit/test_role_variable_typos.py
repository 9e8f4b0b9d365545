# -*- coding: utf-8 -*-
"""A variable set that looks like a misspelling of one a role or playbook reads stops the run naming it
(module_utils/variable_names.py): -e aling_to=none ran align with align_to's default, safest, and pushed;
-e failon=warning let check.yml pass at fail_on=error. Other variables of an inventory are left alone."""

import os
import types

import pytest
import yaml
from ansible.errors import AnsibleActionFail
from ansible.vars.reserved import get_reserved_names
from ansible_collections.vpnalign.s2s.plugins.action.vpn_align_plan import ActionModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.variable_names import distance, lookalikes, message, nearest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def _yaml(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


ALIGN_KNOWN = _yaml("roles", "align", "vars", "main.yml")["align_known_variables"]
COMPLIANCE_KNOWN = _yaml("roles", "compliance", "defaults", "main.yml")["compliance_known_variables"]
# What Ansible puts in every task's variables on localhost (magic variables), and a few an inventory may hold.
MAGIC = ["inventory_hostname", "inventory_hostname_short", "groups", "group_names", "hostvars", "omit", "playbook_dir",
         "play_hosts", "role_names", "role_name", "role_path", "role_uuid", "inventory_dir", "inventory_file",
         "environment", "vars", "ansible_check_mode", "ansible_play_hosts_all", "ansible_facts", "ansible_version"]
INVENTORY = ["ntp_servers", "dns_servers", "asa_username", "azure_location", "report_owner", "failover_ip",
             "evidence_bucket", "aligned_at", "alignment", "resource_groups_all", "site_name", "tenant", "secret",
             "profile", "client_id", "fail_fast", "compliance", "align", "report", "unpaired", "evidence_dir"]


@pytest.mark.parametrize("first,second,edits", [
    ("align_to", "align_to", 0), ("aling_to", "align_to", 1), ("align_t", "align_to", 1), ("alignto", "align_to", 1),
    ("fail_no", "fail_on", 1), ("report_dri", "report_dir", 1), ("reprot_dri", "report_dir", 2),
    ("abcdef", "uvwxyz", 3)])
def test_distance_counts_inserts_deletes_changes_and_swaps(first, second, edits):
    assert distance(first, second, 2) == min(edits, 3)


@pytest.mark.parametrize("name,known", [
    ("aling_to", "align_to"), ("align_too", "align_to"), ("Align-To", "align_to"), ("align_fail_no", "align_fail_on"),
    ("align_report_dri", "align_report_dir"), ("algn_azure", "align_azure"), ("failon", "fail_on"),
    ("fail-on", "fail_on"), ("FAIL_ON", "fail_on"), ("unpaired_okk", "unpaired_ok"), ("report_dri", "report_dir"),
    ("asa_config_fle", "asa_config_file"), ("evidence_lve", "evidence_live"), ("timeline_throughput", None),
    ("resource_grup", "resource_group"), ("vpnalign_asa_grop", "vpnalign_asa_group")])
def test_a_name_close_to_a_known_one_is_named_with_it(name, known):
    names = ALIGN_KNOWN + COMPLIANCE_KNOWN
    assert nearest(name, names) == known


def test_aling_to_none_is_named_as_align_to():
    found = lookalikes(MAGIC + INVENTORY + ALIGN_KNOWN + ["aling_to"], ALIGN_KNOWN, ["align_"])
    assert found == [("aling_to", "align_to", "align_")]
    text = message(found, "roles/align/meta/argument_specs.yml")
    assert "aling_to (did you mean align_to?)" in text and "roles/align/meta/argument_specs.yml" in text


def test_a_role_prefixed_name_the_role_does_not_read_is_named():
    found = lookalikes(["align_dry_run", "aling_mode", "compliance_failon", "compliance_strict"],
                       ALIGN_KNOWN, ["align_"])
    assert found == [("align_dry_run", None, "align_"), ("aling_mode", None, "align_")]
    assert "align_dry_run (named like the role's align_* variables" in message(found, "x")
    found = lookalikes(["compliance_failon", "compliance_strict", "failon"], COMPLIANCE_KNOWN, ["compliance_"])
    assert found == [("compliance_failon", "compliance_fail_on", "compliance_"),
                     ("compliance_strict", None, "compliance_"), ("failon", "fail_on", None)]


def test_other_variables_of_an_inventory_and_magic_variables_are_left_alone():
    for known, prefixes in ((ALIGN_KNOWN, ["align_"]), (COMPLIANCE_KNOWN, ["compliance_"])):
        assert lookalikes(MAGIC + INVENTORY + known, known, prefixes) == []


def test_the_align_role_knows_each_of_its_options_and_what_its_tasks_set():
    """align_known_variables holds every option of every entry point and every variable its tasks register or set."""
    specs = _yaml("roles", "align", "meta", "argument_specs.yml")["argument_specs"]
    options = set(name for entry in specs.values() for name in (entry.get("options") or {}))
    assert options <= set(ALIGN_KNOWN)
    tasks = os.path.join(ROOT, "roles", "align", "tasks")
    set_here = set()
    for name in os.listdir(tasks):
        def walk(items):
            for task in items or []:
                set_here.update([task["register"]] if "register" in task else [])
                set_here.update(task.get("ansible.builtin.set_fact") or {})
                for key in ("block", "rescue", "always"):
                    walk(task.get(key))
        walk(_yaml("roles", "align", "tasks", name))
    set_here |= set(_yaml("roles", "align", "vars", "main.yml"))
    assert set_here and set_here <= set(ALIGN_KNOWN), set_here - set(ALIGN_KNOWN)


def test_the_compliance_role_knows_each_of_its_options():
    specs = _yaml("roles", "compliance", "meta", "argument_specs.yml")["argument_specs"]
    options = set(name for entry in specs.values() for name in (entry.get("options") or {}))
    assert options <= set(COMPLIANCE_KNOWN)
    for play in _yaml("playbooks", "check.yml"):  # check.yml's own variables
        assert set(play.get("vars") or {}) <= set(COMPLIANCE_KNOWN)


def _variables_step(task_vars, known=ALIGN_KNOWN):
    args = {"step": "variables", "known_variables": known, "variable_prefixes": ["align_"], "report_dir": ""}
    plugin = types.SimpleNamespace(_play_context=types.SimpleNamespace(check_mode=False))
    return ActionModule._variables(plugin, args, task_vars)


def test_the_align_variables_step_fails_naming_the_variable_and_passes_a_clean_run():
    clean = dict((name, 1) for name in MAGIC + INVENTORY + ["align_to", "align_azure", "align_azure_auth"])
    assert _variables_step(clean) == {"lookalikes": []}
    with pytest.raises(AnsibleActionFail) as failed:
        _variables_step(dict(clean, aling_to="none"))
    assert "aling_to (did you mean align_to?)" in str(failed.value)
    assert "Nothing was read or changed" in str(failed.value)
    with pytest.raises(AnsibleActionFail, match="needs known_variables"):
        _variables_step(clean, known=[])


def test_the_check_fails_on_a_lookalike_before_reading_any_input(tmp_path):
    """vpn_compat_check with known_variables: -e failon=warning fails naming it, before any input is read (a path
    that does not exist is not reached); without known_variables nothing is compared."""
    from types import SimpleNamespace
    from ansible_collections.vpnalign.s2s.plugins.action import vpn_compat_check

    action = object.__new__(vpn_compat_check.ActionModule)
    missing = str(tmp_path / "nowhere.txt")
    action._task = SimpleNamespace(args={"asa_config_files": missing, "azure_resources_files": missing,
                                         "known_variables": COMPLIANCE_KNOWN, "variable_prefixes": ["compliance_"]})
    task_vars = dict((name, 1) for name in MAGIC + INVENTORY + ["fail_on", "failon"])
    with pytest.raises(AnsibleActionFail) as failed:
        action._check({}, task_vars)
    assert "failon (did you mean fail_on?)" in str(failed.value) and "Nothing was checked" in str(failed.value)
    del action._task.args["known_variables"]
    with pytest.raises(AnsibleActionFail) as failed:  # now the inputs are read: the missing file is what fails
        action._check({}, task_vars)
    assert "failon" not in str(failed.value)


# Variables an Azure/ops inventory commonly holds in group_vars/all (visible on localhost): lists named in the plural,
# a checkout's or an export's directory, another tool's config file. Review: each stopped a healthy run.
ORDINARY = ["resource_groups", "subscription_ids", "azure_connections", "ca_bundles", "auth_sources",
            "virtual_network_gateways", "repo_dir", "export_dir", "ssh_config_file", "evidence_file", "fail_ok"]


@pytest.mark.parametrize("known,prefixes", [(ALIGN_KNOWN, ["align_"]), (COMPLIANCE_KNOWN, ["compliance_"])])
def test_ordinary_inventory_variables_near_a_known_name_are_not_misspellings(known, prefixes):
    assert lookalikes(ORDINARY + known, known, prefixes) == []


# Review H4: -e fail_onn=warning (fail_on has 7 characters: only case, "_" and "-" were ignored below 8), report_format,
# compare_key (the singular of a known plural) and unpaired_okay were taken by nobody, and the gate ran at its default.
@pytest.mark.parametrize("name,known", [
    ("fail_onn", "fail_on"), ("fial_on", "fail_on"), ("fail_o", "fail_on"), ("faill_on", "fail_on"),
    ("Fail-Onn", "fail_on"), ("report_format", "report_formats"), ("compare_key", "compare_keys"),
    ("unpaired_okay", "unpaired_ok"), ("unpaired-okay", "unpaired_ok"),
    ("evidence_live_peer", "evidence_live_peers"), ("timeline_thrugput_mbps", "timeline_throughput_mbps"),
    ("reprot_dir", "report_dir"), ("align_fial_on", "align_fail_on"), ("aling_to", "align_to")])
def test_short_names_singulars_and_ok_okay_are_named_with_the_known_name(name, known):
    assert nearest(name, ALIGN_KNOWN + COMPLIANCE_KNOWN) == known


def test_fail_onn_in_a_vars_file_stops_the_check_naming_fail_on():
    task_vars = dict((name, 1) for name in MAGIC + INVENTORY + ["fail_onn", "report_format", "compare_key",
                                                                "unpaired_okay"])
    found = lookalikes(task_vars, COMPLIANCE_KNOWN, ["compliance_"])
    assert found == [("compare_key", "compare_keys", None), ("fail_onn", "fail_on", None),
                     ("report_format", "report_formats", None), ("unpaired_okay", "unpaired_ok", None)]


# Names Ansible defines (its reserved play/task keywords and magic variables; ansible_* is never compared), names the
# azure.azcollection azure_rm inventory plugin and cisco/Azure inventories commonly set, and group names: none is a
# misspelling of a name the roles know, so none may stop a run.
ANSIBLE_NAMES = sorted(get_reserved_names()) + [
    "groups", "group_names", "hostvars", "inventory_dir", "inventory_file", "inventory_hostname",
    "inventory_hostname_short", "omit", "play_hosts", "playbook_dir", "role_name", "role_names", "role_path",
    "role_uuid", "environment", "vars", "module_setup", "gather_subset", "discovered_interpreter_python"]
AZURE_RM_INVENTORY = ["id", "image", "location", "mac_address", "name", "network_interface", "network_interface_id",
                      "os_disk", "os_profile", "plan", "powerstate", "private_ipv4_addresses", "public_dns_hostnames",
                      "public_ip_address", "public_ipv4_addresses", "public_ip_id", "public_ip_name", "resource_group",
                      "resource_type", "security_group", "security_group_id", "tags", "virtual_machine_size", "vmid",
                      "vmss", "computer_name", "availability_zone", "default_inventory_hostname", "provisioning_state"]
COMMON_INVENTORY = ["azure_location", "azure_tenant", "azure_client_id", "azure_secret", "azure_subscription_id",
                    "azure_resource_group", "azure_resource_groups", "azure_region", "azure_tags", "vnet_name",
                    "subnet_name", "gateway_name", "local_network_gateway", "local_network_gateways", "vpn_gateway",
                    "shared_key", "peer_ip", "peer_address", "crypto_map", "tunnel_group", "tunnel_groups",
                    "proxy_env", "http_proxy", "https_proxy", "no_proxy", "ntp_server", "ntp_servers", "dns_server",
                    "dns_servers", "domain_name", "timezone", "syslog_server", "snmp_community", "region", "site",
                    "datacenter", "stage", "env", "backup_dir", "config_dir", "output_dir", "log_dir", "report_path",
                    "report_name", "report_date", "report_owner", "reports_path", "fail_fast", "fail_ok", "run_id",
                    "asa_username", "asa_password", "asa_enable_password", "asa_version", "asa_model",
                    "azure_connection_string", "connection_name", "connection_names", "evidence_bucket",
                    "evidence_dir", "evidence_path", "compare_mode", "baseline_file", "baselines_dir",
                    "vpnalign_run_id", "failover_ip", "failover_unit", "unpaired_hosts", "aligned_at"]
GROUP_NAMES = ["all", "ungrouped", "asa", "azure", "firewalls", "routers", "switches", "vpn", "prod", "staging",
               "asa_firewalls", "azure_subscriptions"]


@pytest.mark.parametrize("known,prefixes", [(ALIGN_KNOWN, ["align_"]), (COMPLIANCE_KNOWN, ["compliance_"])])
def test_the_names_ansible_and_common_inventories_define_are_not_misspellings(known, prefixes):
    names = ANSIBLE_NAMES + AZURE_RM_INVENTORY + COMMON_INVENTORY + GROUP_NAMES + ORDINARY + MAGIC + INVENTORY
    assert lookalikes(names + known, known, prefixes) == []


def test_check_yml_takes_baseline_and_passes_it_to_the_role_as_compliance_baseline():
    # review H5: -e baseline=... was read by nothing (the role's name is compliance_baseline), silently
    check_play = _yaml("playbooks", "check.yml")[-1]
    assert check_play["vars"]["baseline"] == {}
    [role_task] = [task for task in check_play["tasks"] if "ansible.builtin.import_role" in task]
    assert role_task["vars"]["compliance_baseline"] == "{{ baseline }}"
    assert "baseline" in COMPLIANCE_KNOWN
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        assert '-e \'{"baseline": {' in handle.read()


# Review of this pass: -e baselines=... (baseline), -e unpairedokay=true (unpaired_ok) and -e reportformat=md
# (report_formats) were read by nothing and the check ran at the defaults; the guard compared number and "okay" only
# word by word, and never took a plural for a misspelling.
@pytest.mark.parametrize("name,known", [
    ("baselines", "baseline"), ("evidences", "evidence"), ("unpairedokay", "unpaired_ok"),
    ("unpaired_okay", "unpaired_ok"), ("UnpairedOkay", "unpaired_ok"), ("unpaired_okays", "unpaired_ok"),
    ("unpaired_oks", "unpaired_ok"), ("fail_ons", "fail_on"), ("failons", "fail_on"), ("evidence_lives", "evidence_live"),
    ("reportformat", "report_formats"), ("report-format", "report_formats"), ("comparekey", "compare_keys"),
    ("evidencelivepeer", "evidence_live_peers")])
def test_the_check_stops_on_a_plural_singular_or_joined_spelling_of_an_option(name, known):
    from types import SimpleNamespace
    from ansible_collections.vpnalign.s2s.plugins.action import vpn_compat_check

    action = object.__new__(vpn_compat_check.ActionModule)
    action._task = SimpleNamespace(args={"asa_config_files": "nowhere.txt", "azure_resources_files": "nowhere.json",
                                         "known_variables": COMPLIANCE_KNOWN, "variable_prefixes": ["compliance_"]})
    task_vars = dict((visible, 1) for visible in MAGIC + INVENTORY + COMPLIANCE_KNOWN + [name])
    with pytest.raises(AnsibleActionFail) as failed:
        action._check({}, task_vars)
    assert "%s (did you mean %s?)" % (name, known) in str(failed.value) and "Nothing was checked" in str(failed.value)


@pytest.mark.parametrize("name,known", [("align_tos", "align_to"), ("alignsavewhens", "align_save_when"),
                                        ("align_asa_host", "align_asa_hosts"), ("alignfailons", "align_fail_on")])
def test_align_stops_on_a_plural_singular_or_joined_spelling_of_an_option(name, known):
    clean = dict((visible, 1) for visible in MAGIC + INVENTORY + ALIGN_KNOWN)
    with pytest.raises(AnsibleActionFail) as failed:
        _variables_step(dict(clean, **{name: 1}))
    assert "%s (did you mean %s?)" % (name, known) in str(failed.value)


def test_no_name_either_role_knows_looks_like_a_misspelling_of_the_other_s():
    # both lists are visible to one play of a site that runs both playbooks from one inventory
    assert lookalikes(ALIGN_KNOWN + COMPLIANCE_KNOWN, COMPLIANCE_KNOWN, ["compliance_"]) == []
    assert lookalikes(COMPLIANCE_KNOWN + ALIGN_KNOWN, ALIGN_KNOWN, ["align_"]) == []
