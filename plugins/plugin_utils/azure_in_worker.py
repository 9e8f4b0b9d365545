# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Azure modules' action plugins (azure_vpn_facts, azure_vpn_connection, azure_vpn_evidence): their code runs in
Ansible's worker (module_fallback.RunsOnController) and needs the Azure SDK there.

The SDK is imported with this file. ansible-playbook's own process loads an action plugin before it forks the worker
of each task that names it (the strategy asks the plugin class whether it bypasses the host loop), so every worker
then starts with the SDK imported: about 0.4 CPU s once per run instead of once per Azure task (an align run has four).
Without the SDK, HAS_AZURE is False and the module runs (code_can_run_here)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import sdk
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import RunsOnController


class RunsAzureOnController(RunsOnController):
    """RunsOnController for the Azure modules: their code needs the Azure SDK (module_utils/azure/sdk.py) here."""

    def code_can_run_here(self):
        return sdk.HAS_AZURE
