# -*- coding: utf-8 -*-
"""align with an inventory that holds no host (or only empty `asa`/`azure` groups): the Azure ends are read on the
implicit localhost (playbooks/align.yml), which Ansible's HostVars holds but does not count (its len() is the
inventory's hosts). The plan read an empty HostVars as "no hostvars" and stopped with "azure_hosts: host localhost is
not in the inventory"; it must read localhost's variables like any host's: a failed read is HOST_NOT_READ with
Ansible's reason, and read facts are checked."""

from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.vars.hostvars import HostVars
from ansible.vars.manager import VariableManager

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import azure_facts_from

from align_steps import action_of, args_of
from seed_example import seed_arm

NO_CREDENTIALS = "azure_vpn_facts: no Azure credentials found: pass client_id, secret, tenant and subscription_id"


def _empty_inventory_hostvars(tmp_path, localhost_facts):
    """Ansible's own HostVars over an inventory with empty `asa` and `azure` groups; ``localhost_facts`` set on the
    implicit localhost as set_fact does (non-persistent facts)."""
    inventory_file = tmp_path / "inventory.ini"
    inventory_file.write_text("[asa]\n\n[azure]\n", encoding="utf-8")
    loader = DataLoader()
    inventory = InventoryManager(loader=loader, sources=[str(inventory_file)])
    variables = VariableManager(loader=loader, inventory=inventory)
    hostvars = HostVars(inventory=inventory, variable_manager=variables, loader=loader)
    assert len(hostvars) == 0 and "localhost" in hostvars, "the shape this test is about: localhost held, not counted"
    variables.set_nonpersistent_facts("localhost", localhost_facts)
    return hostvars


def test_a_failed_azure_read_on_the_implicit_localhost_is_host_not_read_not_a_missing_host(tmp_path):
    hostvars = _empty_inventory_hostvars(tmp_path, {"align_azure_not_read": True, "align_azure_error": NO_CREDENTIALS})
    planned = action_of()._plan(args_of(asa_hosts=[], azure_hosts=["localhost"]), {"hostvars": hostvars})
    assert [(e["host"], e["side"], e["why"]) for e in planned["not_read"]] == [("localhost", "azure", NO_CREDENTIALS)]
    assert planned["asa"] == {} and planned["azure"] == {}


def test_the_facts_read_on_the_implicit_localhost_are_checked(tmp_path):
    facts = azure_facts_from_data(seed_arm())
    hostvars = _empty_inventory_hostvars(tmp_path, {"vpnalign_azure": facts})
    origins = []
    found = azure_facts_from({"hostvars": hostvars}, hosts=["localhost"], origins=origins)
    assert origins == ["host localhost"]
    assert found == [facts]
