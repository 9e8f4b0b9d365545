# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""azure_vpn_facts on the controller (documented in plugins/modules/azure_vpn_facts.py): its digest key checked as
given, before anything runs (Ansible masks it wherever it occurs, so a key of a letter or two starred out the module's
every message, its refusal of that key too); then the module's code run here, in Ansible's worker, where the module
would run on this controller with this Python (plugin_utils/module_fallback.RunsOnController), else the module."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import HASH_KEY_MIN, arm_secrets_in, maskable, short_secret_error
from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_facts
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.azure_in_worker import RunsAzureOnController


class ActionModule(RunsAzureOnController):
    SOURCE = azure_vpn_facts
    PATHS = ("src",)

    def refusal(self, args):
        error = short_secret_error(args, {"psk_hash_key": HASH_KEY_MIN})
        return "azure_vpn_facts: %s" % error if error else None

    def masked_in(self, options):
        # the keys of resources given inline (review R2: a refused task echoed them in clear at -vvv and in log_path)
        return set(key for key in arm_secrets_in(options.get("resources")) if maskable(key))
