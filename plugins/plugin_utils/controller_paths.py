# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a relative path of a file the controller reads is found, for every module of the collection alike (review C3:
asa_vpn_facts and vpn_compat_check read from the directory ansible-playbook runs in, azure_vpn_facts and vpn_evidence
from the playbook's directory, in one play).

As ``copy src`` and ``template`` find theirs (ActionBase._find_needle, the task's search path): the role's ``files/``
and the role, then the play's ``files/`` and its directory (for a play given to ansible-playbook, the playbook's
directory); not found there, the directory ansible-playbook runs in, where the collection read relative paths before
(``playbooks/check.yml -e asa_config_file=examples/...``, an AWX job's project checkout). A path found nowhere is
returned as given, and its read fails naming it. Absolute paths and ``~`` are only expanded."""

import glob
import os

from ansible.errors import AnsibleFileNotFound

# Connections whose modules run on the controller: there a path names a controller file, as in an action plugin.
LOCAL_CONNECTIONS = ("local", "ansible.builtin.local", "ansible.legacy.local")


def on_controller(action):
    """True when the task's module runs on the controller (a local connection, or a persistent one: network_cli's
    modules run in the controller's worker)."""
    return bool(getattr(action._connection, "socket_path", None)) or \
        getattr(action._connection, "_load_name", None) in LOCAL_CONNECTIONS


def controller_path(action, path, as_given=False):
    """``path`` (a file, a directory or a glob) as the controller finds it; a value that is no text is left as it is
    (the option's type check answers it). ``as_given``: a file found where ansible-playbook runs keeps the path as the
    user gave it, for a reader in this process (its reports then name the file as the user did, not by a path of this
    machine); a module runs elsewhere (its own working directory) and takes the absolute one."""
    if not isinstance(path, str) or not path:
        return path
    expanded = os.path.expanduser(path)
    if os.path.isabs(expanded):
        return expanded
    if glob.has_magic(expanded):
        return _glob_base(action, expanded, as_given)
    try:
        found = action._find_needle("files", expanded)
    except AnsibleFileNotFound:
        found = os.path.abspath(expanded) if os.path.exists(expanded) else None
    if found is None:
        return path
    return expanded if as_given and os.path.abspath(expanded) == os.path.abspath(found) else found


def _glob_base(action, pattern, as_given):
    """A glob is taken where its leading directory (the part without wildcards) is found, else where it matches."""
    parts = pattern.split(os.sep)
    lead = parts[:next(i for i, part in enumerate(parts) if glob.has_magic(part))]
    if lead:
        base = controller_path(action, os.path.join(*lead), as_given)
        return os.path.join(base, *parts[len(lead):])
    for base in (action._loader.get_basedir(), os.getcwd()):
        if glob.glob(os.path.join(base, pattern)):
            return os.path.join(base, pattern)
    return pattern


def controller_paths(action, value, as_given=False):
    """A path option's value (one path, or a list of them) with each path as the controller finds it."""
    if isinstance(value, list):
        return [controller_path(action, item, as_given) for item in value]
    return controller_path(action, value, as_given)


def with_controller_paths(action, args, names):
    """``args`` with the options ``names`` (dotted for a sub-option: ``evidence.asa_debug``) found on the controller,
    when the module runs there; elsewhere a path names a file of the host the module runs on, and is left to it."""
    if not on_controller(action):
        return args
    args = dict(args)
    for name in names:
        top, _dot, sub = name.partition(".")
        if sub:
            if isinstance(args.get(top), dict) and sub in args[top]:
                args[top] = dict(args[top])
                args[top][sub] = controller_paths(action, args[top][sub])
        elif top in args:
            args[top] = controller_paths(action, args[top])
    return args
