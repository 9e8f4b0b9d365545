# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a file a user names (a saved config, an export, a report, evidence): a regular file, of bounded size.

A device, a pipe or a socket is no input file: /dev/zero grew a worker to 11 GB in 20 s and a FIFO blocked the run
for ever (review 2026-12-05). The bound is far above what the check reads at scale (issue 12: 1M config lines are
about 60 MB). Plain Python, no Ansible import.
"""

import errno
import os
import stat

MAX_INPUT_BYTES = 512 * 1024 * 1024


class InputFileError(OSError):
    """Raised like the OSError of a failed open: callers report ``strerror`` as they report an unreadable file."""

    def __init__(self, message):
        super(InputFileError, self).__init__(errno.EINVAL, message)


def read_input(path, limit=MAX_INPUT_BYTES):
    """The bytes of the regular file at ``path``; InputFileError when it is something else or larger than
    ``limit``, OSError when it cannot be read."""
    mode = os.stat(path).st_mode  # before open(): opening a FIFO blocks until a writer comes
    if not stat.S_ISREG(mode):
        raise InputFileError("it is %s, not a regular file" % _kind(mode))
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)  # a file that grows while it is read still stops at the bound
    if len(data) > limit:
        raise InputFileError("larger than %d MB, more than any configuration, export or log this reads"
                             % (limit // (1024 * 1024)))
    return data


def _kind(mode):
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a file"
