# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every stage of the check after reading the files, per size and shape, against the naive floor.

Stages (CPU seconds of this process, so other work on a shared machine does not count):
  parse      ASA text -> AsaConfig                        (parse_asa_config)
  adapter    AsaConfig -> tunnel ends                     (asa_tunnel_ends)
  facts      ends -> the compact facts dicts              (facts_with_tunnels), size per tunnel as JSON (the
             tunnels and the lines they cite, cited_lines and cited_notes)
  azure      ARM export -> Azure facts                    (azure_facts_from_data: adapter + facts)
  rebuild    facts -> tunnel ends again, both vendors     (ends_from_facts)
  pairing    ASA ends x Azure ends                        (compat.pair_ends)
  engine     the IKEv2 simulation of every pair           (engine.check_tunnel)
  check      the whole controller-side step               (compat.run_check: rebuild, pairing, engine,
             proofs, plans, alignment, report); ``alignment`` is its share in align.alignment
  reports    the report files and the compact result the check action writes from the report
  action     what the controller-side step (action vpn_compat_check) does from saved files: the ASA
             and Azure facts from files (plugin_utils/fact_sources.py), run_check, the three report
             texts, written, and the compact result; beside it the same for the bundled seed example
             (examples/seed-asa-azure-pfs) in the same run, and the ratio. ``--playbook`` also runs
             playbooks/check.yml on both and compares the CPU of the whole ansible-playbook process tree.
The naive floor is one pass over the same text that splits every line into words: a stage's ``x
floor`` is how many such passes it costs. Per-unit cost (us/line, us/tunnel) that stays flat as the
input grows 10x and 100x means the stage is linear; ``--check-linear`` fails if it grows over 2.5x.

Shapes (benchmarks/synthetic.py): policy-based with ``few`` selectors per tunnel (3) and ``many`` (4 to ~180),
and ``routed`` (VTIs, most with a BGP neighbor); the Azure export has a fault in three of four connections, so
proofs and alignment have work to do.

Run:  python3 benchmarks/pipeline_bench.py [--sizes 1000,10000,100000,1000000] [--shapes few,many,routed]
"""

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# imported for its side effect: it puts the collection on sys.path
import asa_parser_bench  # noqa: E402,F401  pylint: disable=unused-import
import synthetic  # noqa: E402
from process_tree import PeakPss  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.module_utils import compat  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import forget_selections  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.gc_pause import gc_paused, gc_paused_aged  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts, facts_with_tunnels  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import REPORT_FORMATS, write_reports  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from  # noqa: E402

REPO = os.path.dirname(HERE)
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED_FILES = (os.path.join(SEED, "asa_running_config.txt"), os.path.join(SEED, "azure_resources.json"))
ACTION_PARTS = ("asa facts", "azure facts", "check", "reports")

STAGES = ("parse", "adapter", "facts", "azure", "rebuild", "pairing", "engine", "check", "alignment", "reports")
PER_LINE = ("parse", "adapter", "facts")


def _cpu(fn):
    started = time.process_time()
    result = fn()
    return time.process_time() - started, result


def naive_floor(text):
    """One pass over the text, every line split into words: the least any reader does."""
    return sum(len(line.split()) for line in text.splitlines())


class _TimedAlignment(object):
    """compat.alignment wrapped to add up its CPU time (the benchmark's own instrument)."""

    def __init__(self):
        self.seconds = 0.0
        self.real = compat.alignment

    def __call__(self, *args, **kwargs):
        started = time.process_time()
        try:
            return self.real(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - started


def _best_cpu(fn, repeat):
    """``_cpu`` run ``repeat`` times: the least CPU time and the last result (the shared machine's noise)."""
    best = None
    for _run in range(max(1, repeat)):
        if best is not None:
            gc.collect()
        seconds, result = _cpu(fn)
        best = seconds if best is None else min(best, seconds)
    return best, result


def run_pipeline(shape, target_lines=None, tunnels=None, stages=STAGES, repeat=1):
    """CPU seconds per stage, and the counts, for one synthetic input. ``repeat``: the floor, parse, adapter and
    engine are each run that many times and the least time kept (the engine's proposal memo emptied before each)."""
    text, sites = synthetic.generate(shape, target_lines, tunnels)
    export = synthetic.azure_export(sites, faults=True)
    gc.collect()
    out = {"lines": text.count("\n"), "tunnels": len(sites)}
    out["floor"], _words = _best_cpu(lambda: naive_floor(text), repeat)
    out["parse"], (config, _findings) = _best_cpu(lambda: parse_asa_config(text), repeat)
    out["adapter"], (ends, _findings) = _best_cpu(lambda: asa_tunnel_ends(config, host="bench"), repeat)

    def facts():  # as asa.facts.asa_facts_from_text does (it pauses the collector)
        return facts_with_tunnels({"host": "bench", "tunnels": None, "cited_lines": None, "cited_notes": None,
                                   "findings": []}, ends)

    out["facts"], asa = _cpu(facts)
    out["facts_bytes_per_tunnel"] = len(json.dumps([asa[k] for k in ("tunnels", "cited_lines", "cited_notes")])) \
        / max(1, len(ends))
    out["azure"], azure = _cpu(lambda: azure_facts_from_data(export))
    out["azure_bytes_per_tunnel"] = len(json.dumps(azure["tunnels"])) / max(1, len(azure["tunnels"]))
    del config, ends
    gc.collect()

    def rebuild():
        with gc_paused():  # as compat.run_check does
            return ends_from_facts(asa), ends_from_facts(azure)

    out["rebuild"], (left, right) = _cpu(rebuild)

    def pairing():
        with gc_paused():  # as compat.run_check does; else one full collection over 1M lines' objects is the time
            return compat.pair_ends(left, right)

    out["pairing"], (pairs, _l, _r) = _cpu(pairing)
    out["pairs"] = len(pairs)

    def engine():
        forget_selections()  # each run from a cold start, as one check begins
        with gc_paused_aged():  # as compat.run_check does
            return [check_tunnel(a, b, None) for a, b in pairs]

    out["engine"], _results = _best_cpu(engine, repeat)
    if "check" in stages:
        timed = _TimedAlignment()
        compat.alignment = timed
        try:
            out["check"], report = _cpu(lambda: compat.run_check(asa, azure))
        finally:
            compat.alignment = timed.real
        out["alignment"] = timed.seconds
        out["report_tunnels"] = len(report["tunnels"])
        with tempfile.TemporaryDirectory() as report_dir, gc_paused():  # as the check action writes them
            out["reports"] = _cpu(lambda: _reports(report, report_dir))[0]
    return out


def _reports(report, report_dir, formats=tuple(REPORT_FORMATS)):
    """What the check action does with the report: every report file, and the compact result."""
    texts = report_texts(report)
    return compact_result(report, write_reports(report, report_dir, texts, tuple(REPORT_FORMATS[f] for f in formats)))


def synthetic_files(shape, target_lines, directory, faults=True):
    """The synthetic ASA config and its Azure export saved as files, as the offline check reads them; ``faults``:
    three connections in four have one (synthetic.azure_export), else none."""
    text, sites = synthetic.generate(shape, target_lines)
    asa_file, azure_file = os.path.join(directory, "asa.txt"), os.path.join(directory, "azure.json")
    with open(asa_file, "w") as handle:
        handle.write(text)
    with open(azure_file, "w") as handle:
        json.dump(synthetic.azure_export(sites, faults=faults), handle)
    return asa_file, azure_file, text.count("\n"), len(sites)


def run_action(asa_file, azure_file, report_dir, formats=tuple(REPORT_FORMATS)):
    """CPU seconds of each part of the action's work (plugins/action/vpn_compat_check.py) on saved files;
    ``formats``: the report files written (its report_formats)."""
    out = {}
    gc.collect()
    out["asa facts"], asa = _cpu(lambda: asa_facts_from({}, paths=[asa_file], ends=True))  # as the action reads them
    out["azure facts"], azure = _cpu(lambda: azure_facts_from({}, paths=[azure_file], ends=True))
    out["check"], report = _cpu(lambda: compat.run_check(asa, azure))

    out["reports"] = _cpu(lambda: _reports(report, report_dir, formats))[0]
    out["total"] = sum(out[part] for part in ACTION_PARTS)
    out["tunnels"] = len(report["tunnels"])
    return out


def seed_action(report_dir, formats, repeat=20):
    """The seed example's action work, the mean of ``repeat`` runs (one is a few milliseconds)."""
    runs = [run_action(SEED_FILES[0], SEED_FILES[1], report_dir, formats) for _i in range(repeat)]
    return {k: sum(r[k] for r in runs) / repeat for k in runs[0]}


def playbook_cpu(asa_file, azure_file, report_dir, formats=tuple(REPORT_FORMATS)):
    """CPU seconds (user + system) of ansible-playbook playbooks/check.yml and every process it waited for,
    its peak memory in MB: the largest sum of the PSS of ansible-playbook and all its processes at one
    time (sampled every 50 ms; the issue's <= 300 MB), and its wall time (what a user waits; on a machine
    shared with other runs it moves more than the CPU time)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [os.path.join(REPO, ".venv", "bin", "ansible-playbook"), "playbooks/check.yml",
               "-e", "asa_config_file=%s" % asa_file, "-e", "azure_resources_file=%s" % azure_file,
               "-e", "report_dir=%s" % report_dir, "-e", "fail_on=never",
               "-e", json.dumps({"report_formats": list(formats)})]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True)
    started = time.monotonic()
    sampler = PeakPss(process)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.monotonic() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise RuntimeError("ansible-playbook exited %d:\n%s\n%s" % (process.returncode, stdout[-3000:], stderr[-3000:]))
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), sampler.peak_mb, wall


def action_table(shapes, sizes, playbook=False, healthy=False, formats=tuple(REPORT_FORMATS)):
    """The action stage for each shape and size, and its ratio to the seed example's, measured in this run.
    ``healthy``: each also with an Azure export without faults (row "<shape>/ok"): what reading and checking cost
    when (nearly) every tunnel passes, as on most nights of a compliance run, beside the rows where three tunnels
    in four have a finding to prove, align and report. ``formats``: the report files written, the seed's too."""
    work = tempfile.mkdtemp(prefix="vpnalign-bench-")
    try:
        seed = seed_action(os.path.join(work, "seed-report"), formats)
        seed_playbook, seed_mb, seed_wall = (
            playbook_cpu(SEED_FILES[0], SEED_FILES[1], os.path.join(work, "seed-pb"), formats) if playbook else (None, 0, None))
        playbook_note = "; playbook {:.2f} CPU s, {:.2f} s wall, peak {:.0f} MB".format(
            seed_playbook, seed_wall, seed_mb) if seed_playbook is not None else ""
        print("\naction: facts from files + check + reports (%s; CPU s); seed example: %s total %.4f s%s" % (
            ", ".join(formats), " ".join("%s %.4f" % (part, seed[part]) for part in ACTION_PARTS), seed["total"],
            playbook_note))
        print("  %-7s %8s %8s %11s %11s %8s %8s %8s %10s %36s" % (
            "shape", "lines", "tunnels", "asa facts", "azure facts", "check", "reports", "total", "x seed",
            "playbook CPU x seed, wall x seed, peak" if playbook else ""))
        variants = ((shape, faults) for shape in shapes for faults in ((True, False) if healthy else (True,)))
        for shape, faults in variants:
            for size in sizes:
                folder = os.path.join(work, "%s-%d-%s" % (shape, size, faults))
                os.makedirs(folder)
                asa_file, azure_file, lines, tunnels = synthetic_files(shape, size, folder, faults)
                result = run_action(asa_file, azure_file, os.path.join(folder, "report"), formats)
                assert result["tunnels"] == tunnels, result
                ratio_pb = ""
                if playbook:
                    cpu, peak_mb, wall = playbook_cpu(asa_file, azure_file, os.path.join(folder, "pb"), formats)
                    ratio_pb = "%.1f s %.2fx, %.1f s %.2fx, %.0f MB" % (cpu, cpu / seed_playbook, wall, wall / seed_wall, peak_mb)
                print("  %-7s %8d %8d %11.3f %11.3f %8.3f %8.3f %8.3f %10.0f %36s" % (
                    shape if faults else shape + "/ok", lines, tunnels, result["asa facts"], result["azure facts"], result["check"],
                    result["reports"], result["total"], result["total"] / max(seed["total"], 1e-9), ratio_pb))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def per_unit(result, stage):
    """Microseconds per line for the stages that read text, per tunnel for the rest."""
    unit = result["lines"] if stage in PER_LINE else max(1, result["tunnels"])
    return result[stage] / unit * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated target line counts")
    parser.add_argument("--shapes", default="few,many")
    parser.add_argument("--action-sizes", default="100000",
                        help="sizes for the action stage (facts from files + check + reports); empty: skip it")
    parser.add_argument("--playbook", action="store_true",
                        help="also run playbooks/check.yml on the seed example and each action size (CPU of its process tree)")
    parser.add_argument("--report-formats", default=",".join(REPORT_FORMATS),
                        help="the report files the action and the playbook write (report_formats), e.g. json,xml")
    parser.add_argument("--healthy", action="store_true",
                        help="the action stage also with Azure exports without faults (rows <shape>/ok)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the floor, parse, adapter and engine this many times each and keep the least CPU time")
    parser.add_argument("--check-linear", action="store_true",
                        help="exit 1 when a stage's per-unit cost at the largest size is over 2.5x that at 10k lines")
    args = parser.parse_args()
    failed = []
    print("CPU seconds (time.process_time); x floor = stage time / one naive split pass over the same text")
    for shape in args.shapes.split(","):
        results = []
        for size in (int(s) for s in args.sizes.split(",")):
            result = run_pipeline(shape, target_lines=size, repeat=args.repeat)
            results.append(result)
            assert result["pairs"] == result["tunnels"] == result["report_tunnels"], result
            print("\n%s: %d lines, %d tunnels; floor %.3f s; facts %.0f B/tunnel (ASA), %.0f B (Azure)"
                  % (shape, result["lines"], result["tunnels"], result["floor"],
                     result["facts_bytes_per_tunnel"], result["azure_bytes_per_tunnel"]))
            print("  %-10s %9s %14s %10s %12s" % ("stage", "cpu s", "rate", "x floor", "us/unit"))
            for stage in STAGES:
                seconds = result[stage]
                if stage in PER_LINE:
                    rate = "%.0f lines/s" % (result["lines"] / seconds if seconds else float("inf"))
                else:
                    rate = "%.0f tun/s" % (result["tunnels"] / seconds if seconds else float("inf"))
                floors = seconds / max(result["floor"], 1e-9)
                print("  %-10s %9.3f %14s %10.1f %12.1f" % (stage, seconds, rate, floors, per_unit(result, stage)))
            both = result["parse"] + result["adapter"]
            print("  parse+adapter %.0f lines/s (%.1f x floor)" % (result["lines"] / both, both / max(result["floor"], 1e-9)))
        base = [r for r in results if r["lines"] >= 9000][:1]
        if base and results[-1] is not base[0]:
            base, last = base[0], results[-1]
            print("  per-unit cost at %d lines / at %d lines:" % (last["lines"], base["lines"]))
            for stage in STAGES:
                if stage == "pairing" and base[stage] < 0.01:
                    continue  # too short to time at the small size
                ratio = per_unit(last, stage) / max(per_unit(base, stage), 1e-9)
                print("    %-10s %.2fx" % (stage, ratio))
                if ratio > 2.5:
                    failed.append((shape, stage, ratio))
    if args.action_sizes:
        action_table(args.shapes.split(","), [int(s) for s in args.action_sizes.split(",")], args.playbook, args.healthy,
                     tuple(args.report_formats.split(",")))
    if args.check_linear and failed:
        print("NOT LINEAR: %s" % failed)
        sys.exit(1)


if __name__ == "__main__":
    main()
