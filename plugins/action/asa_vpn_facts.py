# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_facts on the controller (documented in plugins/modules/asa_vpn_facts.py).

Read over a persistent connection (network_cli), the module cost every ASA a fresh Python process
(AnsiballZ: unpack, import Ansible's module_utils and the parser) next to the worker that already has
them imported (issue 12: CPU per ASA in a fleet). The live form, with valid options, runs here in the
worker instead, over the same persistent connection (as ansible.netcommon's net_get does), with the
module's own code (LiveAsa, gather_live of module_utils/asa/live_read.py): same commands, facts, errors and masking. The offline form
runs here too when the module would have run on the controller anyway (local or persistent
connection): that is where Display is, so a long config shows progress at -v (issue 13). Everything
else - src on a remote host, async, a task timeout, options the module would refuse - runs the module as before, so
its words stay the only ones.

close_connection ends the persistent connection when the read is done (as `meta: reset_connection`
does), inside the task: a fleet then holds one ansible-connection process per ASA being read.
"""

import time

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection, ConnectionError as PersistentConnectionError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import NotAsaConfig
from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import read_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import HASH_KEY_MIN, make_psk_digester, short_secret_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.live_read import gather_live
from ansible_collections.vpnalign.s2s.plugins.modules.asa_vpn_facts import ARGUMENT_SPEC, MUTUALLY_EXCLUSIVE, echoed_params, option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import text_options_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import stamped
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.controller_paths import LOCAL_CONNECTIONS, with_controller_paths
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_fallback import leave_to_module, run_module
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.module_side import Ended, ModuleSide, crashed
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.progress import line_progress

MODULE = "vpnalign.s2s.asa_vpn_facts"
LIVE_ONLY = ("context", "gather_state", "include_secrets")

display = Display()


def _no_log_values(params):
    """The values AnsibleModule masks: those of no_log options (psk_hash_key is the one)."""
    return set(str(params[name]) for name, spec in ARGUMENT_SPEC.items()
               if spec.get("no_log") and params.get(name) is not None)


def _close_connection(socket_path):
    """End the persistent connection (its ansible-connection process), as `meta: reset_connection` does."""
    try:
        Connection(socket_path).reset()
    except PersistentConnectionError as exc:  # already gone (idle timeout, or the device ended it)
        display.vvvv("asa_vpn_facts: closing the persistent connection: %s" % exc)


def _runs_as_module(params, errors):
    """True when the module must answer: an option it refuses (``errors``: a list), or the offline form."""
    if errors:
        return True
    if params["running_config"] is not None or params["src"] is not None:
        return True
    return option_error(params) is not None


def _offline_here(params, errors, on_controller):
    """True when the offline form can run in this worker: the module would run on the controller, and
    it would accept the options (anything it refuses goes to it, for its own message)."""
    if errors or not on_controller:
        return False
    if params["running_config"] is None and params["src"] is None:
        return False
    if any(params[name] for name in LIVE_ONLY) or option_error(params) is not None:
        return False
    return params["context"] is None


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        socket_path = getattr(self._connection, "socket_path", None)
        # on the controller, a relative src is found as copy src finds it (plugin_utils/controller_paths.py), whether
        # it is read here or by the module
        self._task.args = with_controller_paths(self, self._task.args, ("src",))
        # internal keys (_ansible_socket, set below, is still there when the task is retried) are not options
        options = dict((name, value) for name, value in self._task.args.items() if not name.startswith("_ansible_"))
        too_short = short_secret_error(options, {"psk_hash_key": HASH_KEY_MIN})  # first: see secrets.short_secret_error
        if too_short:
            return merge_hash(result, dict(failed=True, changed=False, msg="asa_vpn_facts: %s" % too_short))
        not_text = text_options_error(options, ARGUMENT_SPEC)  # before Ansible's str type makes text of a list
        if not_text:
            return merge_hash(result, dict(failed=True, changed=False, msg="asa_vpn_facts: %s; nothing was read" % not_text))
        validation = ArgumentSpecValidator(ARGUMENT_SPEC, mutually_exclusive=MUTUALLY_EXCLUSIVE).validate(options)
        params = validation.validated_parameters
        close = bool(socket_path) and params.get("close_connection") is True and not self._task.async_val
        try:
            on_controller = bool(socket_path) or getattr(self._connection, "_load_name", None) in LOCAL_CONNECTIONS
            if not self._task.async_val and _offline_here(params, validation.errors.errors, on_controller):
                result = merge_hash(result, self._run_offline(params))
            elif leave_to_module(self, socket_path) or _runs_as_module(params, validation.errors.errors):
                result = run_module(self, MODULE, result, task_vars)
            else:
                if not close:
                    # as ActionBase._execute_module does: the socket in the task's args tells the strategy which
                    # persistent connection this host has, so `meta: reset_connection` and the end of the run close it
                    self._task.args["_ansible_socket"] = socket_path
                result = merge_hash(result, self._run_live(params, socket_path, (task_vars or {}).get("inventory_hostname")))
        finally:
            if close:
                _close_connection(socket_path)
        if isinstance(result.get("ansible_facts"), dict) and not result.get("failed"):
            # as gather_facts does: -v does not print the facts (megabytes for a big config: 18 MB at 100k lines)
            result["_ansible_verbose_override"] = True
        return result

    def _run_live(self, params, socket_path, label):
        # the values AnsibleModule masks: those of no_log options (psk_hash_key is the one)
        no_log_values = _no_log_values(params)
        module = ModuleSide(params, no_log_values, socket_path=socket_path)
        secrets = set()
        try:
            progress = line_progress("asa_vpn_facts: %s" % (params["host"] or label), time.monotonic())
            live = gather_live(module, make_psk_digester(params["psk_hash_key"], secrets), secrets)
            outcome = dict(changed=False, commands=live["commands"],
                           ansible_facts=dict(vpnalign_asa=stamped(live["facts"], params["run_id"])))
            progress("read live: %d line(s), %d tunnel end(s)" % (live["facts"]["counts"]["lines"], len(live["facts"]["tunnels"])))
        except Ended as failed:
            outcome = failed.result
        except Exception as exc:  # pylint: disable=broad-except
            # a crash must not carry a key the device printed into the task result
            outcome = crashed("asa_vpn_facts", exc, secrets | module.no_log_values)
        # as AnsibleModule returns it: the arguments echoed, and every no_log value masked
        outcome["invocation"] = dict(module_args=echoed_params(params))
        return remove_values(outcome, module.no_log_values)

    def _run_offline(self, params):
        """The module's offline form (main()), here in the worker, with progress at -v."""
        no_log_values = _no_log_values(params)
        secrets = set()
        digester = make_psk_digester(params["psk_hash_key"], secrets) if params["psk_hash_key"] else None
        text, source, where = params["running_config"], "running_config", "running_config"
        if params["src"]:
            source, where = "src", params["src"]
            try:
                text = to_text(read_input(params["src"]), errors="surrogate_or_replace")
            except (IOError, OSError) as exc:
                outcome = dict(failed=True, msg="asa_vpn_facts: cannot read src %s: %s" % (params["src"], exc.strerror or exc))
                return remove_values(dict(outcome, invocation=dict(module_args=echoed_params(params))), no_log_values)
        progress = line_progress("asa_vpn_facts: %s" % (params["host"] or where), time.monotonic())
        progress("%d line(s) to read from %s" % (text.count("\n") + (not text.endswith("\n") and bool(text)), where))
        try:
            facts = asa_facts_from_text(text, host=params["host"], source=source, psk_digest=digester, progress=progress)
            outcome = dict(changed=False, ansible_facts=dict(vpnalign_asa=stamped(facts, params["run_id"])))
            progress("done: %d tunnel end(s), %d finding(s)" % (len(facts["tunnels"]), len(facts["findings"])))
        except NotAsaConfig as exc:
            outcome = dict(failed=True, msg="asa_vpn_facts: %s is %s" % (where, exc))
        except Exception as exc:  # pylint: disable=broad-except
            outcome = crashed("asa_vpn_facts", exc, secrets | no_log_values)
        outcome["invocation"] = dict(module_args=echoed_params(params))
        return remove_values(outcome, no_log_values)
