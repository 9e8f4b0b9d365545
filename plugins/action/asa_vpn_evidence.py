# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_evidence on the controller (documented in plugins/modules/asa_vpn_evidence.py).

Over a persistent connection (network_cli) the module cost a fresh Python process (AnsiballZ: the payload built, a
Python started, Ansible's module_utils imported: about 0.75 CPU s the first time in a run) next to the worker that
already holds the connection; its code (``run`` of the module) runs here, in the worker, with a ModuleSide, as
asa_vpn_facts' live read does. Without a persistent connection, with ``async`` or a task ``timeout``
(module_fallback.leave_to_module), or with options AnsibleModule would refuse, the module runs as before, so its words
stay the only ones."""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.modules.asa_vpn_evidence import ARGUMENT_SPEC, run
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import CodeOnPersistentConnection, leave_to_module, run_module

MODULE = "vpnalign.s2s.asa_vpn_evidence"


class ActionModule(CodeOnPersistentConnection):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        socket_path, options = self.socket_and_options()
        validation = ArgumentSpecValidator(ARGUMENT_SPEC).validate(options)
        if leave_to_module(self, socket_path) or validation.error_messages:
            return run_module(self, MODULE, result, task_vars)
        return merge_hash(result, self.run_code("asa_vpn_evidence", run, validation, socket_path))
