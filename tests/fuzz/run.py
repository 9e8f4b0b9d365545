# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seeded fuzzing of every input the offline check reads: ``make fuzz`` (and the slice in tests).

    .venv/bin/python tests/fuzz/run.py --count 50000 --seed 11 --jobs 8 [--save out/fuzz]

Input ``i`` of seed ``s`` is always the same: ``--only i`` replays one. Besides the ``--count`` inputs,
``--evidence`` inputs (default a tenth of ``--count``) of the evidence readers (evidence.py), numbered -1, -2, ... Exit status 1 when any
input escaped with an exception, gave an invalid output or broke the time budget; the summary
says how many inputs ran, how long they took, the memory peak measured, and each failure.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus as corpus_module  # noqa: E402
import evidence  # noqa: E402
import mutate  # noqa: E402
from pipeline import InputTimeout, Pipeline  # noqa: E402

# Share of ASA configs, ARM exports, show outputs and module options among the inputs.
KINDS = (("asa", 0.50), ("arm", 0.30), ("show", 0.10), ("option", 0.10))
# Memory is traced (tracemalloc, slow) for one input in this many, and for every input over 256 KB.
TRACE_EVERY = 25
TRACE_SIZE = 256 * 1024
# Memory bound: a fixed allowance plus a multiple of the input size (linear in the input).
MEMORY_BASE = 48 * 1024 * 1024
MEMORY_PER_INPUT_BYTE = 40
# An input still running after this many CPU seconds is stopped and counted as too slow.
HARD_LIMIT = 30
# Evidence inputs (evidence.py) have their own numbers, -1, -2, ...: the inputs 0, 1, ... of a seed stay
# what they were. `run.py --count N` adds N/10 of them unless --evidence says otherwise.
EVIDENCE_SHARE = 0.10

_STATE = {}


def make_input(corpus, seed, index, kinds=None):
    """(kind, bytes, partner ARM path, show kind, mutator names) of input ``index``; ``kinds``
    limits the kinds (the others' shares are given to them). A negative ``index`` is an evidence input:
    its show kind is the reader it is given to."""
    if index < 0:
        reader, data, names = evidence.make_evidence_input(corpus.evidence, mutate.rng_for("%s:evidence" % seed, -index))
        return "evidence", data, None, reader, names
    rng = mutate.rng_for(seed, index)
    shares = [(name, share) for name, share in KINDS if not kinds or name in kinds]
    roll, kind = rng.random() * sum(share for _name, share in shares), shares[0][0]
    for name, share in shares:
        if roll < share:
            kind = name
            break
        roll -= share
    if kind == "asa":
        path = rng.choice(sorted(corpus.asa))
        data, names = mutate.mutate_text(rng, corpus.asa[path], corpus.words)
        return kind, data, corpus.pair[path], None, [path] + names
    if kind == "arm":
        path = rng.choice(sorted(corpus.arm))
        data, names = mutate.mutate_json(rng, corpus.arm[path])
        return kind, data, None, None, [path] + names
    if kind == "option":
        import options  # pylint: disable=import-outside-toplevel

        which, params = options.make(rng)
        return kind, (which, params), None, None, ["option:%s" % which]
    show_kind = rng.choice(sorted(k for k, v in corpus.shows.items() if v))
    name = rng.choice(sorted(corpus.shows[show_kind]))
    data, names = mutate.mutate_text(rng, corpus.shows[show_kind][name].encode("utf-8"), corpus.words,
                                     mutators=mutate.SHOW_MUTATORS)
    return kind, data, None, show_kind, ["show:%s:%s" % (show_kind, name)] + names


def _alarm(_signum, _frame):
    raise InputTimeout()


def _init(seed, kinds=None):
    _STATE["kinds"] = kinds
    signal.signal(signal.SIGPROF, _alarm)
    _STATE["corpus"] = corpus_module.load()
    _STATE["pipeline"] = Pipeline(_STATE["corpus"])
    _STATE["seed"] = seed


def run_one(index):
    corpus, pipeline, seed = _STATE["corpus"], _STATE["pipeline"], _STATE["seed"]
    kind, data, partner, show_kind, names = make_input(corpus, seed, index, _STATE.get("kinds"))
    trace = kind != "option" and (index % TRACE_EVERY == 0 or len(data) > TRACE_SIZE)
    signal.setitimer(signal.ITIMER_PROF, HARD_LIMIT)  # CPU time of this process
    try:
        outcome = pipeline.run(kind, data, partner=partner, show_kind=show_kind)
        if trace and not outcome.failed:  # traced apart: tracemalloc slows a run several times over
            outcome.peak = pipeline.run(kind, data, partner=partner, show_kind=show_kind, trace_memory=True).peak
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    if outcome.peak is not None and outcome.peak > MEMORY_BASE + MEMORY_PER_INPUT_BYTE * outcome.size:
        outcome.verdict = "memory"
        outcome.detail = "peak %.1f MB for %d bytes" % (outcome.peak / 1e6, outcome.size)
    return index, names, outcome


def run(count, seed, jobs=1, start=0, save=None, only=None, progress=False, kinds=None, evidence_count=0):
    indexes = [only] if only is not None else list(range(start, start + count)) + [-n for n in range(1, evidence_count + 1)]
    began = time.perf_counter()
    results = []
    if jobs > 1 and only is None:
        with multiprocessing.get_context("fork").Pool(jobs, _init, (seed, kinds)) as pool:
            for n, result in enumerate(pool.imap_unordered(run_one, indexes, chunksize=20), 1):
                results.append(result)
                if progress and n % 5000 == 0:
                    print("  %d inputs, %.0f s" % (n, time.perf_counter() - began), file=sys.stderr, flush=True)
    else:
        _init(seed, kinds)
        results = [run_one(i) for i in indexes]
    elapsed = time.perf_counter() - began
    summary = summarize(results, elapsed, seed, jobs)
    if save:
        _save(save, seed, results)
    return summary, results


def summarize(results, elapsed, seed, jobs):
    verdicts = collections.Counter(o.verdict for _i, _n, o in results)
    kinds = collections.Counter(o.kind for _i, _n, o in results)
    failures = [(i, n, o) for i, n, o in results if o.verdict in ("escaped", "invalid", "slow", "memory")]
    peaks = [o.peak for _i, _n, o in results if o.peak is not None]
    slowest = max(results, key=lambda r: r[2].seconds)
    biggest = max(results, key=lambda r: r[2].size)
    per_10k = max((o.seconds * 10000.0 / max(o.lines, 1), i) for i, _n, o in results if o.lines >= 1000) \
        if any(o.lines >= 1000 for _i, _n, o in results) else (0.0, None)
    return {
        "seed": seed,
        "inputs": len(results),
        "jobs": jobs,
        "seconds": round(elapsed, 1),
        "kinds": dict(kinds),
        "verdicts": dict(verdicts),
        "failures": len(failures),
        "parser_failures": sum(o.parser_failures for _i, _n, o in results),
        "escaped_by_type": dict(collections.Counter(o.detail.split(" ", 1)[0] for _i, _n, o in failures
                                                    if o.verdict == "escaped")),
        "failures_by_cause": dict(collections.Counter(
            "%s %s %s" % (o.kind, o.verdict, o.detail.split(":", 2)[0] if o.verdict == "escaped" else o.detail[:40])
            for _i, _n, o in failures).most_common()),
        "slowest": {"index": slowest[0], "cpu_seconds": round(slowest[2].seconds, 3),
                    "wall_seconds": round(slowest[2].wall, 3), "lines": slowest[2].lines, "bytes": slowest[2].size},
        "worst_cpu_seconds_per_10k_lines": {"seconds": round(per_10k[0], 3), "index": per_10k[1]},
        "largest_input_bytes": biggest[2].size,
        "memory_traced": len(peaks),
        "memory_peak_mb": round(max(peaks) / 1e6, 1) if peaks else None,
        "examples": [{"index": i, "verdict": o.verdict, "detail": o.detail, "mutations": n}
                     for i, n, o in failures[:25]],
    }


def _save(directory, seed, results):
    os.makedirs(directory, exist_ok=True)
    corpus = _STATE.get("corpus") or corpus_module.load()
    for index, _names, outcome in results:
        if outcome.verdict in ("escaped", "invalid", "slow", "memory"):
            kind, data, _p, _s, _n = make_input(corpus, seed, index, _STATE.get("kinds"))
            if kind == "option":
                data = repr(data).encode("utf-8", "backslashreplace")
            with open(os.path.join(directory, "%s-%s.%s" % (seed, index if index >= 0 else "evidence%d" % -index,
                                                            "json" if kind == "arm" else "txt")), "wb") as out:
                out.write(data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", default="11")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=max(1, min(8, (os.cpu_count() or 2) - 1)))
    parser.add_argument("--only", type=int, help="replay one input and print its outcome (-N: evidence input N)")
    parser.add_argument("--evidence", type=int, help="evidence inputs besides --count (default: a tenth of --count)")
    parser.add_argument("--save", help="directory for the inputs that failed")
    parser.add_argument("--json", help="write the summary here as JSON")
    parser.add_argument("--kinds", help="comma-separated subset of: %s" % ", ".join(k for k, _s in KINDS))
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else None
    evidence_count = args.evidence if args.evidence is not None else int(args.count * EVIDENCE_SHARE)
    summary, results = run(args.count, args.seed, args.jobs, args.start, args.save, args.only, progress=True,
                           kinds=kinds, evidence_count=evidence_count)
    if args.only is not None:
        index, names, outcome = results[0]
        print(json.dumps({"index": index, "mutations": names, "verdict": outcome.verdict, "detail": outcome.detail,
                          "seconds": outcome.seconds, "lines": outcome.lines, "bytes": outcome.size}, indent=2))
    print(json.dumps(summary, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(summary, out, indent=2)
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
