# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel on the controller (documented in plugins/modules/asa_vpn_tunnel.py).

As a module, a push over a persistent connection ran in a fresh Python process per ASA (AnsiballZ: unpack, import
Ansible's module_utils and the planners) and could say nothing until it ended: a hub's 300 ends in one task were
minutes of silence (issue 12). The live form, with options the module would take, runs here in Ansible's worker over
the same persistent connection, with the module's own code (module_utils/asa/tunnel_task.py): the same commands,
transactions, results, warnings and masking, and at -v a line per end as it is done. Everything else - the offline
form (running_config), async, a task timeout (plugin_utils/module_fallback.py), options the module would refuse -
runs the module as before, so its words stay the only ones.
"""


from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.connection import Connection, ConnectionError as PersistentConnectionError
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import ConnectionCli
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_options import TASK_RULES, TASK_SPEC, raw_args_error, refused_items
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.tunnel_task import end_progress, run_task
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import CodeOnPersistentConnection, leave_to_module, run_module

MODULE = "vpnalign.s2s.asa_vpn_tunnel"

display = Display()


class ActionModule(CodeOnPersistentConnection):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        socket_path, options = self.socket_and_options()
        wrong_type = raw_args_error(options)  # before Ansible's own checks: see tunnel_options.raw_args_error
        if wrong_type:
            refused = dict(failed=True, changed=False, msg="asa_vpn_tunnel: %s; nothing was sent" % wrong_type)
            if isinstance(options.get("tunnels"), list):  # align reads item results only (review C3)
                refused.update(commands=[], results=refused_items(options["tunnels"], wrong_type))
            return merge_hash(result, refused)
        validation = ArgumentSpecValidator(TASK_SPEC, **TASK_RULES).validate(options)
        if (leave_to_module(self, socket_path) or validation.error_messages
                or validation.validated_parameters.get("running_config") is not None):
            # A key given in an item is masked by the module (tunnel_task) only once AnsibleModule's own checks
            # passed: a task they refuse (an unknown option, a bad choice) echoed the items in clear.
            return run_module(self, MODULE, result, task_vars, _item_keys(self._task.args.get("tunnels")))
        label = (task_vars or {}).get("inventory_hostname") or "asa"

        def say(line):
            display.v("asa_vpn_tunnel: %s: %s" % (label, line))
        progress = None if self._task.no_log else end_progress(say)  # no_log: the ends' names are not shown either
        return merge_hash(result, self.run_code(
            "asa_vpn_tunnel", run_task, validation, socket_path,
            lambda: ConnectionCli(Connection(socket_path), PersistentConnectionError), progress, inventory_hostname=label))


def _item_keys(items):
    """The pre-shared keys given in items of ``tunnels`` (refused there, but to be masked wherever they would show)."""
    return set("%s" % item["pre_shared_key"] for item in items if isinstance(item, dict)
               and item.get("pre_shared_key") not in (None, "")) if isinstance(items, list) else set()
