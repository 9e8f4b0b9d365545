# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure_vpn_facts' digest key checked as given, on the controller, before the module runs (documented in
plugins/modules/azure_vpn_facts.py): Ansible masks it wherever it occurs, so a key of a letter or two starred out the
module's every message, its refusal of that key too. Anything else is the module's to answer."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import HASH_KEY_MIN, short_secret_error
from ansible_collections.vpnalign.s2s.plugins.modules.azure_vpn_facts import ARGUMENT_SPEC
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import ArgumentsCheckedFirst


class ActionModule(ArgumentsCheckedFirst):
    MODULE = "vpnalign.s2s.azure_vpn_facts"
    SPEC = ARGUMENT_SPEC
    PATHS = ("src",)

    def refusal(self, args):
        error = short_secret_error(args, {"psk_hash_key": HASH_KEY_MIN})
        return "azure_vpn_facts: %s" % error if error else None
