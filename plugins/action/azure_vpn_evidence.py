# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure_vpn_evidence on the controller (documented in plugins/modules/azure_vpn_evidence.py): an option given as a list
(or a mapping) where a name or a path is expected refused naming it; then the module's code run here, in Ansible's
worker, where the module would run on this controller with this Python (plugin_utils/module_fallback.RunsOnController),
else the module."""

from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_evidence
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.azure_in_worker import RunsAzureOnController


class ActionModule(RunsAzureOnController):
    SOURCE = azure_vpn_evidence
    PATHS = ("report",)

    def refusal(self, args):
        return None
