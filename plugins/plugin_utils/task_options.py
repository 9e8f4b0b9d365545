# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a controller-side task, checked as a module's would be: one place for the action plugins."""

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


def validated_options(plugin, argument_spec, args):
    """``args`` checked against ``argument_spec`` (types, choices, defaults); a bad one fails the task naming
    ``plugin`` and every problem found."""
    result = ArgumentSpecValidator(argument_spec).validate(args)
    if result.error_messages:
        raise AnsibleActionFail("%s: %s" % (plugin, "; ".join(result.error_messages)))
    return result.validated_parameters
