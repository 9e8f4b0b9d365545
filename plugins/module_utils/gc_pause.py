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


@contextlib.contextmanager
def gc_paused_aged():
    """``gc_paused``, and what the block made alive moved to the oldest generation at its end.

    For readers whose output outlives them (the ASA parser and adapter, the Azure reader). With the collector
    paused, everything they build (the parser: 5 objects a line) stays in the youngest generation; the first
    allocation after the pause then scanned all of it (0.1 s per 100k lines), and the next generation's pass
    again. They are long-lived: gc.freeze() + unfreeze() moves them (and
    whatever else is alive) to the oldest generation in constant time, where the next full collection
    still sees them (nothing stays frozen; skipped when the process froze objects itself)."""
    with gc_paused():
        yield
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
