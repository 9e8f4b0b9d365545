# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel's backup files: ``asa_vpn_tunnel_<host>_<YYYYmmdd-HHMMSS>_<8 hex>.cfg`` in backup_dir, mode 0600.

A name of the second alone was the same for two ASAs pushed in the same second (forks): each reported the one file,
holding the other's config (review 2026-12-05). The host and a random part make each push's file its own, and it is
created exclusively (never an existing file written over); the config holds password hashes, hence 0600.
"""

import binascii
import datetime
import os
import re

FILE_MODE = 0o600
DIR_MODE = 0o700  # a backup_dir made here: only its owner reads the configs in it
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_HOSTNAME = re.compile(r"^hostname (\S+)", re.MULTILINE)
_TRIES = 5


def host_label(host, config=""):
    """The part of a file name that says whose config it is: ``host`` (the inventory name), else the ``hostname``
    line of ``config`` (the module run without the action plugin knows no inventory name), else ``asa``; any character
    but ``[A-Za-z0-9._-]`` made ``_``."""
    if not host:
        found = _HOSTNAME.search(config if isinstance(config, str) else "")
        host = found.group(1) if found else "asa"
    return _UNSAFE.sub("_", "%s" % host)[:64]


def backup_dir_problem(directory, create=True):
    """None when ``directory`` can take a backup: a directory (made here, mode 0700, if missing and ``create``)
    this process may write in; else why not. Without ``create`` (check mode) a missing one needs its nearest existing
    parent to be such a directory."""
    path = os.path.abspath(directory)
    if create and not os.path.lexists(path):
        try:
            os.makedirs(path, mode=DIR_MODE, exist_ok=True)  # another fork may make it first
        except OSError as exc:
            return exc.strerror or "%s" % exc
    else:
        while not os.path.lexists(path) and os.path.dirname(path) != path:
            path = os.path.dirname(path)
    if not os.path.isdir(path):
        return "not a directory" if path == os.path.abspath(directory) else "%s is not a directory" % path
    if not os.access(path, os.W_OK | os.X_OK):
        return "not writable" if path == os.path.abspath(directory) else "%s is not writable" % path
    return None


def write_backup(directory, host, config, now=None, token=None):
    """``config`` written to a new file of its own in ``directory``; returns its absolute path. Raises OSError (a
    name taken ``_TRIES`` times over raises FileExistsError). ``now``, ``token``: the time and the random part
    (tests)."""
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    label = host_label(host, config)
    for _attempt in range(_TRIES):
        unique = token or binascii.hexlify(os.urandom(4)).decode("ascii")
        path = os.path.abspath(os.path.join(directory, "asa_vpn_tunnel_%s_%s_%s.cfg" % (label, stamp, unique)))
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(config)
        except BaseException:
            os.unlink(path)  # a half-written backup is no backup
            raise
        return path
    raise FileExistsError("no free file name for the backup after %d tries" % _TRIES)
