# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_evidence_targets on the controller (documented in plugins/modules/vpn_evidence_targets.py): what the
compliance role's live evidence steps capture on this host - decided here, in Python (module_utils/live_evidence.py),
from the host's own facts read from hostvars, so that the role only orders its steps."""

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection, ConnectionError as PersistentConnectionError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible_collections.vpnalign.s2s.plugins.module_utils.live_evidence import (
    ASA_RESULT,
    TargetsError,
    asa_restores,
    asa_targets,
    azure_targets,
)
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import host_vars, task_hostvars
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.task_options import validated_options

display = Display()


def _end_connection(socket_path):
    """End the persistent connection (as asa_vpn_facts close_connection does); gone already is fine."""
    if not socket_path:
        return
    try:
        Connection(socket_path).reset()
    except PersistentConnectionError as exc:
        display.vvvv("vpn_evidence_targets: ending the persistent connection: %s" % exc)


ARGUMENT_SPEC = dict(
    side=dict(type="str", choices=["asa", "azure"], required=True),
    step=dict(type="str", choices=["capture", "set_back"], default="capture"),
    peers=dict(type="raw", default=[]),
    connections=dict(type="raw", default=[]),
    limits=dict(type="raw", default={}),
)
FACTS = {"asa": "vpnalign_asa", "azure": "vpnalign_azure"}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    # The host's persistent connection is started (no command is sent: network_cli connects on the first command) so
    # that step=set_back can end it: `meta: reset_connection` does not reach it under the linear strategy.
    _requires_connection = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        params = validated_options("vpn_evidence_targets", ARGUMENT_SPEC, self._task.args)
        found = host_vars(task_hostvars(task_vars), task_vars.get("inventory_hostname")) or {}
        facts = found.get(FACTS[params["side"]])
        if params["step"] == "set_back":
            if params["side"] != "asa":
                raise AnsibleActionFail("vpn_evidence_targets: step=set_back is for side=asa (the ASA's debug levels)")
            result.update(asa_restores(found.get(ASA_RESULT)), changed=False)
            # end the captures' connection (a lost session's, or one that holds an ansible-connection process ~30 MB):
            # a set-back then runs on a new one
            _end_connection(getattr(self._connection, "socket_path", None))
            return result
        try:
            if params["side"] == "asa":
                result.update(asa_targets(facts, params["peers"], params["limits"]))
            else:
                result.update(azure_targets(facts, params["connections"], params["limits"]))
        except TargetsError as exc:
            raise AnsibleActionFail("vpn_evidence_targets: %s; nothing was captured" % exc)
        result["changed"] = False
        return result
