# -*- coding: utf-8 -*-
"""gc_pause: the collector paused while a reader builds its output, and that output aged at the end (issue 12)."""

import gc

from seed_example import seed_arm, seed_asa_text

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused, gc_paused_aged


def test_aged_pause_moves_what_it_built_to_the_oldest_generation():
    gc.collect()
    with gc_paused_aged():
        assert not gc.isenabled()
        kept = [[index] for index in range(50000)]  # long-lived containers, as a parser's records
    assert gc.isenabled()
    # in the oldest generation: the next young collections do not scan them again (with the plain pause the
    # first young collection after it scans all 50,000 and leaves them in the middle generation)
    assert any(item is kept for item in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0  # moved, not frozen: a full collection still sees them


def test_aged_pause_inside_a_pause_keeps_the_collector_off_and_leaves_a_process_freeze_alone():
    with gc_paused():
        with gc_paused_aged():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    frozen = [[1]]
    gc.freeze()
    try:
        with gc_paused_aged():
            more = [[2] for _index in range(100)]
        assert gc.get_freeze_count() > 0 and more and frozen  # the process's own freeze is not undone
    finally:
        gc.unfreeze()


def test_the_checks_report_is_in_the_oldest_generation_when_it_returns():
    # the report outlives run_check (the report files are written from it): with the plain pause, the first young
    # collection after the check scanned all of it, a third of the engine stage's time at 100k lines (issue 12)
    asa, azure = asa_facts_from_text(seed_asa_text(), host="fw-a"), azure_facts_from_data(seed_arm())
    gc.collect()
    report = run_check(asa, azure)
    assert gc.isenabled()
    oldest = set(map(id, gc.get_objects(generation=2)))
    [tunnel] = report["tunnels"]
    assert id(report) in oldest and id(tunnel) in oldest and all(id(f) in oldest for f in tunnel["findings"])
