# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_session_guard on the controller (documented in plugins/modules/vpn_session_guard.py): refuse a play whose hosts
would share one persistent connection at the same time.

ansible-core names a persistent connection's socket (ansible_connection_cli_stub.py, ssh._create_control_path) from the
remote address, port, remote user, connection type and the playbook's pid only - not from the inventory hostname. Two
inventory hosts of one ASA (one per security context) with the same login therefore share one SSH session; with
forks > 1 their tasks interleave on it (one host's `changeto` undoes the other's, one's close_connection ends the
other's session). Under the linear strategy with forks 1, one host's task ends before the next host's starts."""

from ansible import constants as C
from ansible import context as cli_context
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import task_hostvars
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.task_options import validated_options

ARGUMENT_SPEC = dict(
    hosts=dict(type="list", elements="str", required=True),
    forks=dict(type="int", required=True),
)

# The connection plugins that keep a persistent connection (an ansible-connection process behind a socket); others
# (ssh's ControlPersist multiplexes sessions safely, local) are not shared this way.
# https://docs.ansible.com/ansible/latest/network/user_guide/network_best_practices_2.5.html (persistent connections)
PERSISTENT = frozenset(("network_cli", "httpapi", "netconf"))
# network_cli's port option defaults to 22 (ansible.netcommon network_cli, option `port`)
DEFAULT_PORT = 22
# the variables Ansible takes for each connection attribute, first wins (ansible/constants.py MAGIC_VARIABLE_MAPPING,
# read in that order by ansible/playbook/play_context.py: the ansible_ssh_* names before the short ones)
ADDRESS_VARS = ("ansible_ssh_host", "ansible_host")
PORT_VARS = ("ansible_ssh_port", "ansible_port")
USER_VARS = ("ansible_ssh_user", "ansible_user")
# A host without ansible_connection takes the play's `connection:` or -c, which its variables do not show: taken as
# network_cli, the connection of every ASA play (refusing a run that would not share is the safe side)
ASSUMED_CONNECTION = "network_cli"


def _first(found, names):
    for name in names:
        value = found.get(name)
        if value not in (None, ""):
            return value
    return None


def session_key(host, found, default_user=None, default_port=DEFAULT_PORT, default_connection="ssh"):
    """(address, port, user, connection) that name `host`'s persistent connection, or None when its connection is not
    a persistent one. `found`: the host's variables (templated); unset values take the run's defaults."""
    connection = str(found.get("ansible_connection") or default_connection)
    short = connection.rsplit(".", 1)[-1]
    if short not in PERSISTENT:
        return None
    port = _first(found, PORT_VARS)
    try:
        port = int(port) if port is not None else int(default_port)
    except (TypeError, ValueError):
        port = str(port)
    user = _first(found, USER_VARS)
    user = str(user) if user is not None else default_user
    # the FQCN and the short name load the same plugin: taken as one
    return (str(_first(found, ADDRESS_VARS) or host), port, user, short)


def shared_groups(keys):
    """{host: key or None} -> the hosts that share one key, each group in the given order, groups by first host."""
    by_key = {}
    for host, key in keys.items():
        if key is not None:
            by_key.setdefault(key, []).append(host)
    return [hosts for hosts in by_key.values() if len(hosts) > 1]


def refusal(groups, keys, forks):
    """The message that fails the run, naming each group, or None when nothing can run at once."""
    if not groups or forks <= 1:
        return None
    parts = []
    for hosts in groups:
        address, port, user, connection = keys[hosts[0]]
        shown_user = user if user is not None else "the run's default"
        parts.append("%s (%s:%s, user %s, %s)" % (", ".join(hosts), address, port, shown_user, connection))
    return ("these hosts would share one persistent connection (Ansible names it by address, port, user and "
            "connection, not by inventory host) and run at the same time at forks %d: %s; their commands would "
            "interleave on one SSH session (one host's `changeto context` undoing the other's). Nothing was read or "
            "sent. Run them with --forks 1, or `serial: 1`, or give each of them its own login (ansible_user)"
            % (forks, "; ".join(parts)))


def _host_connection_vars(hostvars, host):
    """The connection variables of `host`, templated as Ansible would (an ansible_host may be a template)."""
    found = hostvars[host]
    return {name: found.get(name) for name in ("ansible_connection",) + ADDRESS_VARS + PORT_VARS + USER_VARS}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        params = validated_options("vpn_session_guard", ARGUMENT_SPEC, self._task.args)
        hostvars = task_hostvars(task_vars)
        unknown = [host for host in params["hosts"] if host not in hostvars]
        if unknown:
            raise AnsibleActionFail("vpn_session_guard: hosts not in the inventory: %s" % ", ".join(unknown))
        # -u on the command line, else ansible.cfg / ANSIBLE_REMOTE_USER (None: the login user, the same for all)
        default_user = (cli_context.CLIARGS.get("remote_user") if cli_context.CLIARGS else None) or C.DEFAULT_REMOTE_USER
        default_port = C.config.get_config_value("DEFAULT_REMOTE_PORT") or DEFAULT_PORT
        # -c, unless it is its default (ssh, no persistent connection: an ASA play does not run over it)
        given = str((cli_context.CLIARGS.get("connection") if cli_context.CLIARGS else None) or "")
        default_connection = given if given and given.rsplit(".", 1)[-1] != "ssh" else ASSUMED_CONNECTION
        keys = {host: session_key(host, _host_connection_vars(hostvars, host), default_user, default_port,
                                  default_connection)
                for host in params["hosts"]}
        groups = shared_groups(keys)
        result.update(changed=False, shared=groups)
        message = refusal(groups, keys, params["forks"])
        if message:
            result.update(failed=True, msg="vpn_session_guard: " + message)
        return result
