# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_evidence_targets on the controller (documented in plugins/modules/vpn_evidence_targets.py): what the
compliance role's live evidence steps capture on this host - decided here, in Python (module_utils/live_evidence.py),
from the host's own facts read from hostvars, so that the role only orders its steps."""

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase
from ansible_collections.vpnalign.s2s.plugins.module_utils.live_evidence import TargetsError, asa_targets, azure_targets
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import host_vars

ARGUMENT_SPEC = dict(
    side=dict(type="str", choices=["asa", "azure"], required=True),
    peers=dict(type="raw", default=[]),
    connections=dict(type="raw", default=[]),
    limits=dict(type="raw", default={}),
)
FACTS = {"asa": "vpnalign_asa", "azure": "vpnalign_azure"}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    _requires_connection = False  # reads this host's facts on the controller; the device is not touched

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        validated = ArgumentSpecValidator(ARGUMENT_SPEC).validate(self._task.args)
        if validated.error_messages:
            raise AnsibleActionFail("vpn_evidence_targets: %s" % "; ".join(validated.error_messages))
        params = validated.validated_parameters
        found = host_vars(task_vars.get("hostvars") or {}, task_vars.get("inventory_hostname")) or {}
        facts = found.get(FACTS[params["side"]])
        try:
            if params["side"] == "asa":
                result.update(asa_targets(facts, params["peers"], params["limits"]))
            else:
                result.update(azure_targets(facts, params["connections"], params["limits"]))
        except TargetsError as exc:
            raise AnsibleActionFail("vpn_evidence_targets: %s; nothing was captured" % exc)
        result["changed"] = False
        return result
