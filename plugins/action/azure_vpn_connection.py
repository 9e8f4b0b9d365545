# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure_vpn_connection's arguments checked as given, on the controller, before the module runs (documented in
plugins/modules/azure_vpn_connection.py): a shared key too short to be masked without starring out every message,
and an option with sub-options given as no mapping (ansible-core's own message names no option). Then the module's code
runs here, in Ansible's worker, where the module would run on this controller with this Python
(plugin_utils/module_fallback.RunsOnController), else the module."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import sub_options_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import PSK_MIN, short_secret_error
from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_connection
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.azure_in_worker import RunsAzureOnController


class ActionModule(RunsAzureOnController):
    SOURCE = azure_vpn_connection

    def refusal(self, args):
        error = short_secret_error(args, {"shared_key": PSK_MIN}) or sub_options_error(args, self.SPEC)
        return "azure_vpn_connection: %s; nothing was sent" % error if error else None
