# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure_vpn_evidence on the controller (documented in plugins/modules/azure_vpn_evidence.py): an option given as a list
(or a mapping) where a name or a path is expected refused naming it; then the module's code run here, in Ansible's
worker, where the module would run on this controller with this Python (plugin_utils/module_fallback.RunsOnController),
else the module."""

from ansible_collections.vpnalign.s2s.plugins.modules.azure_vpn_evidence import ARGUMENT_SPEC, RULES as MODULE_RULES, run
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import AZURE_SDK, RunsOnController


class ActionModule(RunsOnController):
    MODULE = "vpnalign.s2s.azure_vpn_evidence"
    SPEC = ARGUMENT_SPEC
    RULES = MODULE_RULES
    CODE = staticmethod(run)
    NEEDS = AZURE_SDK
    PATHS = ("report",)

    def refusal(self, args):
        return None
