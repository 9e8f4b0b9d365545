# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_evidence's relative paths found on the controller before the module runs (documented in
plugins/modules/vpn_evidence.py), as every module of the collection finds them (plugin_utils/controller_paths.py).
Anything else is the module's to answer."""

from ansible_collections.vpnalign.s2s.plugins.modules.vpn_evidence import ARGUMENT_SPEC
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import ArgumentsCheckedFirst


class ActionModule(ArgumentsCheckedFirst):
    MODULE = "vpnalign.s2s.vpn_evidence"
    SPEC = ARGUMENT_SPEC
    PATHS = ("report", "debug", "syslog", "counters", "azure_diagnostic_logs", "azure_troubleshoot", "azure_ike_sas",
             "charon_logs")

    def refusal(self, args):
        return None
