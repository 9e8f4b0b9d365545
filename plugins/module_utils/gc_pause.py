# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pause Python's cyclic garbage collector while a stage builds many long-lived objects.

Reading facts back into tunnel ends, and checking thousands of tunnels, allocate many small
objects that survive; the collector then rescans everything alive (the facts of every device) again
and again: half the CPU time of those stages at 100k lines (benchmarks/pipeline_bench.py, issue 12).
Reference counting still frees all garbage at once; cycles wait for the collector, which runs
again when the stage ends. Plain Python, no Ansible import.
"""

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
