# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the action plugins that run a module's code in Ansible's worker (asa_vpn_facts, asa_vpn_tunnel, the Azure
modules) leave to the module itself, and how they run it."""

import os
import sys

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import text_options_error
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.controller_paths import LOCAL_CONNECTIONS, with_controller_paths
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_side import ModuleSide, module_result


def leave_to_module(action, socket_path):
    """True when the task must run as the module whatever its options: no persistent connection, or one that runs on
    its own (runs_on_its_own)."""
    return not socket_path or runs_on_its_own(action)


def runs_on_its_own(action):
    """``async``, or a task ``timeout`` - Ansible ends a task past it by an exception raised in the worker
    (TaskTimeoutError, a BaseException) that no rollback and no change back out of a context would see; a module
    finishes on its own."""
    return bool(action._task.async_val) or bool(action._task.timeout)


def task_side(action, validation, **options):
    """A ModuleSide of the validated options, in the task's check and diff mode (``options``: ModuleSide's others)."""
    return ModuleSide(validation.validated_parameters, validation._no_log_values,
                      check_mode=bool(action._task.check_mode), diff=bool(action._task.diff), **options)


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


class CodeOnPersistentConnection(ActionBase):
    """An action plugin that runs its module's code here, in Ansible's worker, over the host's persistent connection
    (network_cli), as the module would over the same socket (asa_vpn_tunnel, asa_vpn_evidence)."""

    _supports_check_mode = True
    _supports_async = True

    def socket_and_options(self):
        """The persistent connection's socket (None without one) and the task's options: ``_ansible_socket``, set by
        run_code, is still among the arguments when the task is retried; any other key is the module's to refuse."""
        options = dict((name, value) for name, value in self._task.args.items() if name != "_ansible_socket")
        return getattr(self._connection, "socket_path", None), options

    def run_code(self, module_name, code, validation, socket_path, *args, **side_options):
        """``code(side, *args)`` with a ModuleSide of the validated options on ``socket_path``; its result as
        AnsibleModule returns one (module_side.module_result)."""
        # as ActionBase._execute_module does: the socket in the task's args tells the strategy which persistent
        # connection this host has, so `meta: reset_connection` and the end of the run close it
        self._task.args["_ansible_socket"] = socket_path
        return module_result(module_name, task_side(self, validation, socket_path=socket_path, **side_options), code,
                             *args)


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
        return self.execute(result, task_vars)

    def execute(self, result, task_vars):
        """The task, its arguments checked: the module run."""
        return run_module(self, self.MODULE, result, task_vars)


class RunsOnController(ArgumentsCheckedFirst):
    """ArgumentsCheckedFirst for a module that runs on the controller (a local connection): its code (``run`` of
    ``SOURCE``, a function of an AnsibleModule) runs here, in Ansible's worker, with a ModuleSide, in the play's
    directory, when nothing tells it apart from the module's own run. The module's process costs about 0.5 CPU s the
    first time in a run (AnsiballZ finds and compiles every module_utils file it imports) and 0.25 each time (a Python
    started, Ansible's module_utils imported): most of an Azure read of a few connections (issue 12). The module runs
    as before - its words stay the only ones - for options AnsibleModule would refuse, another connection, ``async``
    or a task ``timeout`` (runs_on_its_own), ``become`` (another user), an ``environment`` (the module's, not this
    process's), another Python than this one for the host (or the delegated host), macOS without
    OBJC_DISABLE_INITIALIZE_FORK_SAFETY, or code that cannot run here (``code_can_run_here``)."""

    _supports_async = True  # the module's run (run_module wraps it), as its documentation says; ActionBase refused it

    SOURCE = None  # the module's Python module: its ARGUMENT_SPEC, RULES (AnsibleModule's other arguments) and run()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.SOURCE is not None:
            cls.MODULE = "vpnalign.s2s." + cls.SOURCE.__name__.rsplit(".", 1)[-1]
            cls.SPEC, cls.RULES, cls.CODE = cls.SOURCE.ARGUMENT_SPEC, cls.SOURCE.RULES, staticmethod(cls.SOURCE.run)

    def execute(self, result, task_vars):
        options = dict((name, value) for name, value in self._task.args.items() if not name.startswith("_ansible_"))
        validation = ArgumentSpecValidator(self.SPEC, **self.RULES).validate(options)
        if validation.error_messages or not self._runs_here(task_vars or {}):
            return run_module(self, self.MODULE, result, task_vars, self.masked_in(options))
        side = task_side(self, validation)
        # where ActionBase starts a module on a local connection (_low_level_execute_command: the loader's basedir,
        # the play's directory): a relative path (ca_bundle, REQUESTS_CA_BUNDLE) is found there alike (review R2)
        here = os.getcwd()
        try:
            os.chdir(self._loader.get_basedir())
        except OSError:
            return run_module(self, self.MODULE, result, task_vars, self.masked_in(options))
        try:
            return merge_hash(result, module_result(self.MODULE.rsplit(".", 1)[-1], side, self.CODE))
        finally:
            os.chdir(here)

    def code_can_run_here(self):
        """False when this Python lacks what the code needs (the module, with its interpreter, says what)."""
        return True

    def masked_in(self, options):
        """Values of ``options`` to mask in the module's result, beyond its no_log options: AnsibleModule's own refusal
        (mutually exclusive options...) echoes every option before the module's code could mask what it holds."""
        return ()

    def _runs_here(self, task_vars):
        if getattr(self._connection, "_load_name", None) not in LOCAL_CONNECTIONS or runs_on_its_own(self):
            return False
        if self._play_context.become or any(self._task.environment or ()):
            return False  # another user (its HOME, ~/.azure), or the module's environment: the module's own run
        if sys.platform == "darwin" and os.environ.get("OBJC_DISABLE_INITIALIZE_FORK_SAFETY") != "YES":
            # HTTPS from a forked worker can kill it on macOS (ansible/ansible#49207); a module is a new process
            return False
        return self._same_python(task_vars) and self.code_can_run_here()

    def _same_python(self, task_vars):
        """True when the module would run with this very Python: the interpreter set for the host the task runs on
        (the delegated one's, as ActionBase takes it) is this one's path. Interpreter discovery ("auto", no interpreter
        set) is left to the module: it may pick another Python, and its result carries what it found."""
        if self._task.delegate_to:
            task_vars = (task_vars.get("ansible_delegated_vars") or {}).get(self._task.delegate_to) or {}
        interpreter = task_vars.get("ansible_python_interpreter")
        if interpreter is None:
            return False
        interpreter = self._templar.template(interpreter)
        if not isinstance(interpreter, str) or not os.path.isabs(interpreter):
            return False
        # a venv's python links to the Python it was made from, which has not the venv's packages: the same path, or
        # the same file in the same directory (python and python3 of one venv)
        here = sys.executable
        return os.path.abspath(interpreter) == os.path.abspath(here) or (
            os.path.exists(interpreter) and os.path.samefile(os.path.dirname(interpreter), os.path.dirname(here))
            and os.path.samefile(interpreter, here))
