# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of an asa_vpn_tunnel task and the checks they pass before anything is read or sent; running the task
on them is tunnel_task.py.

``TASK_SPEC``/``TASK_RULES`` are the module's argument spec (plugins/modules/asa_vpn_tunnel.py) and what its action
plugin validates with (plugins/action/asa_vpn_tunnel.py); ``END_SPEC`` is one end's options, ``ITEM_SPEC`` an item of
``tunnels``. ``raw_args_error`` checks the arguments as given, before Ansible's own checks; ``checked_item`` one item
of ``tunnels`` merged with the task's options; ``planned_items_error`` the same on what align planned (vpn_align_plan),
so an option the module would refuse stops a run before any push. ``refused_items`` is each item's result when the
task is refused before anything is sent.
"""

import json

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import (
    CRYPTO_MAP_ONLY,
    VTI_ONLY,
    option_error,
    raw_type_error,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import sub_options_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import PSK_MIN, short_secret_error

_DH = dict(type="list", elements="int", required=True)
# The options of one end: the module's own, and each item of ``tunnels``.
END_SPEC = dict(
    crypto_map=dict(type="str"),
    seq=dict(type="int"),
    tunnel_interface=dict(type="str"),
    tunnel_nameif=dict(type="str"),
    tunnel_address=dict(type="str"),
    tunnel_source_interface=dict(type="str"),
    ipsec_profile=dict(type="str"),
    tunnel_enabled=dict(type="bool"),
    routes=dict(type="list", elements="dict", options=dict(
        network=dict(type="str", required=True),
        gateway=dict(type="str", required=True),
        metric=dict(type="int"),
    )),
    bgp=dict(type="dict", options=dict(
        asn=dict(type="int", required=True),
        neighbor=dict(type="str"),
        remote_as=dict(type="int"),
        ebgp_multihop=dict(type="int"),
        networks=dict(type="list", elements="str"),
        options_from=dict(type="str"),
    )),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    interface=dict(type="str"),
    peer=dict(type="str"),
    tunnel_group=dict(type="str"),
    acl=dict(type="str"),
    local_networks=dict(type="list", elements="str"),
    remote_networks=dict(type="list", elements="str"),
    ipsec_proposal=dict(type="str"),
    ike=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
        prf=dict(type="list", elements="str"),
        dh_groups=_DH,
        lifetime_seconds=dict(type="int", default=86400),
        priority=dict(type="int"),
    )),
    esp=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
    )),
    pfs_group=dict(type="int"),
    child_lifetime_seconds=dict(type="int"),
    child_lifetime_kilobytes=dict(type="str"),
    group_policy=dict(type="str"),
    nat_exemption=dict(type="dict", options=dict(
        inside_interface=dict(type="str"),
        inside_interfaces=dict(type="list", elements="str"),
        outside_interface=dict(type="str"),
        local_networks=dict(type="list", elements="str"),
        remote_networks=dict(type="list", elements="str"),
    ), mutually_exclusive=[("inside_interface", "inside_interfaces")],
        required_one_of=[("inside_interface", "inside_interfaces")]),
    tcp_mss=dict(type="int"),
    ikev1_authentication=dict(type="dict", options=dict(
        method=dict(type="str", required=True, choices=["psk", "certificate"]),
        policies=dict(type="list", elements="int", required=True),
    )),
    update_pre_shared_key=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
)
END_RULES = dict(
    mutually_exclusive=[(a, b) for a in CRYPTO_MAP_ONLY for b in VTI_ONLY],
    required_together=[("crypto_map", "seq")],
)
# An item of ``tunnels``: one end's options, its label, and whether it gets the module's key
ITEM_SPEC = dict(END_SPEC, name=dict(type="str"), use_pre_shared_key=dict(type="bool", default=False))
# The options that hold for the whole task, never per end
TASK_OPTIONS = ("pre_shared_key", "save_when", "backup", "backup_dir", "running_config", "context", "tunnels")

# The task's options: one end's (END_SPEC), or ``tunnels``, and those that hold for the whole task.
TASK_SPEC = dict(
    END_SPEC,
    # items checked here (ITEM_SPEC), after their keys are masked: Ansible's own element check would echo them
    tunnels=dict(type="list", elements="raw"),
    pre_shared_key=dict(type="str", no_log=True),
    save_when=dict(type="str", choices=["never", "changed"], default="never"),
    backup=dict(type="bool", default=False),
    backup_dir=dict(type="path", default="backup"),
    running_config=dict(type="str", no_log=True),
    context=dict(type="str"),
)
TASK_RULES = dict(END_RULES, required_one_of=[("crypto_map", "tunnel_interface", "tunnels")])


def raw_args_error(args):
    """Why the task's arguments, as given (the items of ``tunnels`` too), cannot be checked by Ansible's own spec
    without harm, or None: a key too short to be masked without starring out every message (secrets.short_secret_error),
    a name that is no text would be made text of ("access-list [] ...", push_options
    raw_type_error), and an option with sub-options given as something else than a mapping stops ansible-core with
    "argument of type 'int' is not iterable", naming no option (review 2026-12-05)."""
    items = args.get("tunnels") if isinstance(args.get("tunnels"), list) else []
    scopes = [("", args)] + [("tunnels[%d]." % i, item) for i, item in enumerate(items) if isinstance(item, dict)]
    for scope, values in scopes:
        error = short_secret_error(values, {"pre_shared_key": PSK_MIN}, scope) or raw_type_error(values, scope)
        if error:
            return error
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            return "tunnels[%d] must be a mapping of one end's options" % i
    for scope, values in scopes:
        error = sub_options_error(values, END_SPEC, scope)
        if error:
            return error
    return None


def checked_item(item, params):
    """(options, None) of one item of ``tunnels`` (a dict) as the module takes it: checked against ITEM_SPEC after
    Ansible's conversion, then by the checks beyond the spec on the options merged with the task's (``params``: the
    task's options, TASK_OPTIONS); else (None, why it is refused). vpn_align_plan checks the items it plans with it, so
    an option the module would refuse stops the run before any push (review C3)."""
    given = [key for key in TASK_OPTIONS if key in item]
    if given:
        return None, ("%s apply to the whole task, not to one end (pre_shared_key: give it once and set "
                      "use_pre_shared_key on the ends that need it)" % ", ".join(given))
    checked = ArgumentSpecValidator(ITEM_SPEC, **END_RULES).validate(item)
    if checked.error_messages:
        return None, "; ".join(checked.error_messages)
    out = dict(checked.validated_parameters)
    use_key = out.pop("use_pre_shared_key")
    out.pop("name")
    if use_key and params.get("pre_shared_key") is None:
        return None, "use_pre_shared_key needs the task's pre_shared_key"
    out.update((key, params.get(key)) for key in TASK_OPTIONS if key != "tunnels")
    out["pre_shared_key"] = params.get("pre_shared_key") if use_key else None
    problem = end_error(out)
    return (None, problem) if problem else (out, None)


def end_error(params):
    """What is wrong with one end's options (the checks beyond the argument spec), or None."""
    problem = option_error(params)
    if problem:
        return problem
    kb = params.get("child_lifetime_kilobytes")
    if kb is not None and kb != "unlimited" and not kb.isdigit():
        return "child_lifetime_kilobytes must be a number or 'unlimited', got %r" % kb
    return None


def planned_items_error(items_by_host, labels=None):
    """Why asa_vpn_tunnel would refuse an item of ``items_by_host`` ({ASA host: [item of tunnels]}: what align planned),
    naming the item (``labels``: {item name: how to call it}) and the option, or None: the checks the task makes before it connects (raw_args_error,
    then each item as tunnel_task._item_params takes it), on the items as the module gets them (JSON: a tuple is a list there). The
    key is the task's and checked on its own: the items are checked without it."""
    for host, items in sorted((items_by_host or {}).items()):
        items = json.loads(json.dumps(items, default=str))
        for number, item in enumerate(items):
            problem = raw_args_error({"tunnels": [item]})
            if problem is None and isinstance(item, dict):
                problem = checked_item(dict(item, use_pre_shared_key=False), {})[1]
            if problem:
                name = item_name(item, number)
                return ("ASA %s: asa_vpn_tunnel would refuse the options of %s, so nothing is pushed anywhere: %s"
                        % (host, (labels or {}).get(name, name), problem.replace("tunnels[0].", "")))
    return None


def item_name(item, number):
    """How an item of ``tunnels`` is named in the task's results: its ``name``, else its place."""
    return item.get("name") if isinstance(item, dict) and item.get("name") else "tunnels[%d]" % number


def refused_items(items, why):
    """The result of each item of ``tunnels`` when the task is refused before anything is sent: failed, nothing sent,
    nothing left (align reads item results only: a task failure without them was taken as device state unknown, C3)."""
    return [dict(name="%s" % item_name(item, number), failed=True, changed=False, commands=[], device_state_known=True,
                 left_over=[], msg="nothing was sent: the task was refused before connecting: %s" % why)
            for number, item in enumerate(items if isinstance(items, list) else ())]


def mask_item_keys(module, items):
    """Keys put in items (refused later) are masked in every message, the arguments echoed back included: before any
    check can fail the task."""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and item.get("pre_shared_key") is not None:
            module.no_log_values.add("%s" % item["pre_shared_key"])
