# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the action plugins that run a module's live form in Ansible's worker (asa_vpn_facts, asa_vpn_tunnel) leave to
the module itself, and how they run it."""

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import text_options_error
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.controller_paths import with_controller_paths


def leave_to_module(action, socket_path):
    """True when the task must run as the module whatever its options: no persistent connection, ``async``, or a task
    ``timeout`` - Ansible ends a task past it by an exception raised in the worker (TaskTimeoutError, a
    BaseException) that no rollback and no change back out of a context would see; a module finishes on its own."""
    return not socket_path or bool(action._task.async_val) or bool(action._task.timeout)


def run_module(action, module_name, result, task_vars, masked=()):
    """The module run as ActionBase would run it (async wrapped where the connection has no native async), its result
    merged into ``result``, with the strings of ``masked`` hidden wherever they show."""
    wrap_async = action._task.async_val and not action._connection.has_native_async
    ran = action._execute_module(module_name=module_name, module_args=action._task.args, task_vars=task_vars,
                                 wrap_async=wrap_async)
    if masked:
        ran = remove_values(ran, masked)
    if not wrap_async:
        action._remove_tmp_path(action._connection._shell.tmpdir)
    return merge_hash(result, ran)


class ArgumentsCheckedFirst(ActionBase):
    """An action plugin that checks the task's arguments as given, on the controller, before its module runs: what it
    refuses (``refusal``: a message, or None) fails the task naming it, with nothing run; anything else is the
    module's to answer. For what ansible-core's own checks would garble (a short no_log value masked into every
    message) or answer naming no option (a mapping given as a word)."""

    MODULE = None
    PATHS = ()  # the module's options that name files: relative ones found as the controller finds them
    SPEC = {}  # the module's argument spec: a text or path option given as a list (or a mapping...) is refused here

    def refusal(self, args):
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super(ArgumentsCheckedFirst, self).run(tmp, task_vars)
        del tmp
        error = self.refusal(self._task.args)
        if not error and text_options_error(self._task.args, self.SPEC):
            error = "%s: %s; nothing was run" % (self.MODULE.rsplit(".", 1)[-1],
                                                 text_options_error(self._task.args, self.SPEC))
        if error:
            return merge_hash(result, dict(failed=True, changed=False, msg=error))
        self._task.args = with_controller_paths(self, self._task.args, self.PATHS)
        return run_module(self, self.MODULE, result, task_vars)
