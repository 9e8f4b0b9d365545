# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module's code uses of an AnsibleModule, for the action plugins that run that code in Ansible's worker
(asa_vpn_facts, asa_vpn_tunnel): the options, check and diff mode, the socket, the values to mask, warn, and the two
ways a task ends."""

import traceback

from ansible.module_utils.common.parameters import remove_values
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact


class Ended(BaseException):
    """exit_json or fail_json was called: ``result`` is the task's. Not an Exception, as AnsibleModule's exit is a
    SystemExit: no ``except Exception`` on the way (a rollback, a change back out of a context) takes it for a crash."""

    def __init__(self, result):
        super(Ended, self).__init__(result.get("msg"))
        self.result = result


class ModuleSide(object):
    """An AnsibleModule's part in a module's code run by an action plugin; ``no_log_values``: the values it masks
    (those of no_log options; the code may add more); ``inventory_hostname``: the host the task runs for, which an
    AnsibleModule does not know (asa_vpn_tunnel names its backup file with it)."""

    def __init__(self, params, no_log_values, socket_path=None, check_mode=False, diff=False,
                 inventory_hostname=None):
        self.params = params
        self.inventory_hostname = inventory_hostname
        self._socket_path = socket_path
        self.check_mode = check_mode
        self._diff = diff
        self.no_log_values = set(no_log_values)
        self.warnings = []

    def warn(self, warning):
        self.warnings.append(warning)

    def exit_json(self, **result):
        raise Ended(result)

    def fail_json(self, **result):
        result["failed"] = True
        raise Ended(result)


def crashed(module_name, exc, masked):
    """The result of a module whose code raised what it does not expect, as a module's crash is: failed, the
    exception's type (str() of a KeyError is only the key) and the traceback for -vvv, with every value of
    ``masked`` (keys the device printed, no_log values) taken out first."""
    why = redact("unexpected %s: %s" % (type(exc).__name__, exc), masked)
    return dict(failed=True, msg="%s: %s" % (module_name, why), exception=redact(traceback.format_exc(), masked))


def module_result(module_name, side, code, *args):
    """``code(side, *args)`` (a module's code, which ends with side's exit_json or fail_json) run here, and its result
    as AnsibleModule returns one: a crash as crashed() words it, the warnings, the options echoed (``invocation``, as
    the code left them), and every value of ``side.no_log_values`` masked."""
    try:
        code(side, *args)
    except Ended as ended:
        outcome = ended.result
    except Exception as exc:  # pylint: disable=broad-except
        outcome = crashed(module_name, exc, side.no_log_values)
    else:
        outcome = dict(failed=True, msg="%s: the task ended without a result" % module_name)
    if side.warnings:
        outcome["warnings"] = side.warnings
    outcome["invocation"] = dict(module_args=side.params)
    return remove_values(outcome, side.no_log_values)
