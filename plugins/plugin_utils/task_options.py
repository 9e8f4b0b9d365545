# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a controller-side task, checked as a module's would be: one place for the action plugins."""

import re

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


def validated_options(plugin, argument_spec, args):
    """``args`` checked against ``argument_spec`` (types, choices, defaults); a bad one fails the task naming
    ``plugin`` and every problem found."""
    result = ArgumentSpecValidator(argument_spec).validate(args)
    if result.error_messages:
        said = [_TAGGED_TYPE.sub(_plain_type, message) for message in result.error_messages]
        raise AnsibleActionFail("%s: %s" % (plugin, "; ".join(said)))
    return result.validated_parameters


# A value from a playbook or -e is one of ansible-core's tagged types: its message named
# "<class 'ansible.module_utils._internal._datatag._AnsibleTaggedStr'>" where a user expects "str".
_TAGGED_TYPE = re.compile(r"<class '[\w.]*_AnsibleTagged(\w+)'>")


def _plain_type(match):
    return match.group(1).lower()
