# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_facts on the controller for the live form (documented in plugins/modules/asa_vpn_facts.py).

Read over a persistent connection (network_cli), the module cost every ASA a fresh Python process
(AnsiballZ: unpack, import Ansible's module_utils and the parser) next to the worker that already has
them imported (issue 12: CPU per ASA in a fleet). The live form, with valid options, runs here in the
worker instead, over the same persistent connection (as ansible.netcommon's net_get does), with the
module's own code (LiveAsa, gather_live): same commands, facts, errors and masking. Everything else -
the offline form (src is a path on the host the module runs on), a connection that is not persistent,
options the module would refuse - runs the module as before, so its words stay the only ones.
"""

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import names
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import make_psk_digester, redact
from ansible_collections.vpnalign.s2s.plugins.modules.asa_vpn_facts import ARGUMENT_SPEC, MUTUALLY_EXCLUSIVE, gather_live

MODULE = "vpnalign.s2s.asa_vpn_facts"


class _Failed(Exception):
    def __init__(self, result):
        super(_Failed, self).__init__(result.get("msg"))
        self.result = result


class _ModuleSide(object):
    """What gather_live and LiveAsa use of an AnsibleModule: params, the socket, fail_json and the
    values to mask."""

    def __init__(self, params, socket_path, no_log_values):
        self.params = params
        self._socket_path = socket_path
        self.no_log_values = set(no_log_values)

    def fail_json(self, **kwargs):
        kwargs["failed"] = True
        raise _Failed(kwargs)


def _runs_as_module(params, errors):
    """True when the module must answer: an option it refuses (``errors``: a list), or the offline form."""
    if errors:
        return True
    if params["running_config"] is not None or params["src"] is not None:
        return True
    if params["samples"] < 1 or params["sample_interval"] < 0:
        return True
    return params["context"] is not None and bool(names.name_error(params["context"], "context", names.CONTEXT_MAX))


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        socket_path = getattr(self._connection, "socket_path", None)
        # internal keys (_ansible_socket, set below, is still there when the task is retried) are not options
        options = dict((name, value) for name, value in self._task.args.items() if not name.startswith("_ansible_"))
        validation = ArgumentSpecValidator(ARGUMENT_SPEC, mutually_exclusive=MUTUALLY_EXCLUSIVE).validate(options)
        params = validation.validated_parameters
        if not socket_path or self._task.async_val or _runs_as_module(params, validation.errors.errors):
            return self._run_module(result, task_vars)
        # as ActionBase._execute_module does: the socket in the task's args tells the strategy which persistent
        # connection this host has, so `meta: reset_connection` and the end of the run close it
        self._task.args["_ansible_socket"] = socket_path
        # the values AnsibleModule masks: those of no_log options (psk_hash_key is the one)
        no_log_values = set(str(params[name]) for name, spec in ARGUMENT_SPEC.items()
                            if spec.get("no_log") and params.get(name) is not None)
        module = _ModuleSide(params, socket_path, no_log_values)
        secrets = set()
        try:
            live = gather_live(module, make_psk_digester(params["psk_hash_key"], secrets), secrets)
            outcome = dict(changed=False, commands=live["commands"], ansible_facts=dict(vpnalign_asa=live["facts"]))
        except _Failed as failed:
            outcome = failed.result
        except Exception as exc:  # pylint: disable=broad-except
            # a crash must not carry a key the device printed into the task result
            raise AnsibleActionFail("asa_vpn_facts: unexpected error: %s"
                                    % redact(str(exc), secrets | module.no_log_values))
        # as AnsibleModule returns it: the arguments echoed, and every no_log value masked
        outcome["invocation"] = dict(module_args=params)
        outcome = remove_values(outcome, module.no_log_values)
        return merge_hash(result, outcome)

    def _run_module(self, result, task_vars):
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(module_name=MODULE, module_args=self._task.args,
                                                         task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
