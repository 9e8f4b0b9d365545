# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress lines at -v for the controller-side steps that take a while at fleet scale (issue 12: progress for the
user during long runs): the check over thousands of tunnels, saved files as they are read."""

import time

from ansible.utils.display import Display

display = Display()


def checked_progress(plugin):
    """``compat.run_check``'s progress: at -v, how many paired tunnels are checked (every compat.PROGRESS_EVERY) and
    the time since the check began."""
    started = time.monotonic()

    def progress(checked, total):
        display.v("%s: %d of %d paired tunnel(s) checked, %.1f s" % (plugin, checked, total, time.monotonic() - started))
    return progress


def line_progress(plugin, started):
    """A progress line at -v with the time since ``started`` (time.monotonic()): each saved file as it is read."""
    def progress(line):
        display.v("%s: %s, %.1f s" % (plugin, line, time.monotonic() - started))
    return progress
