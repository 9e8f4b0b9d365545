# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Digests of the facts and reports the check makes on every bundled input, to prove a speed change
changes no output: run before and after, compare the two listings (``diff``).

Inputs: the examples, tests/fixtures/route_based/*, and the benchmarks' synthetic configs (both shapes,
10k lines; ``--large`` adds 100k). Per input it prints the sha256 of the ASA facts, the Azure facts,
each report file (canonical JSON for the facts), labelled.

    .venv/bin/python tools/report_digest.py [--large] > /tmp/before.txt
"""

import argparse
import glob
import hashlib
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))

# imported for its side effect: it puts the collection on sys.path
import asa_parser_bench  # noqa: E402,F401  pylint: disable=unused-import
import synthetic  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.module_utils import compat  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_texts import report_texts  # noqa: E402


def _sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _inputs(large):
    for directory in sorted(glob.glob(os.path.join(REPO, "examples", "*")) +
                            glob.glob(os.path.join(REPO, "tests", "fixtures", "route_based", "*"))):
        asa = os.path.join(directory, "asa_running_config.txt")
        azure = os.path.join(directory, "azure_resources.json")
        if os.path.isfile(asa) and os.path.isfile(azure):
            with open(asa, encoding="utf-8") as a, open(azure, encoding="utf-8") as z:
                yield os.path.relpath(directory, REPO), a.read(), json.load(z)
    for shape in ("few", "many"):
        for lines in (10000, 100000) if large else (10000,):
            text, sites = synthetic.generate(shape, lines)
            yield "synthetic-%s-%d" % (shape, lines), text, synthetic.azure_export(sites, faults=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also the 100k-line synthetic configs")
    args = parser.parse_args()
    for name, text, export in _inputs(args.large):
        asa = asa_facts_from_text(text, host="digest")
        azure = azure_facts_from_data(export)
        report = compat.run_check(asa, azure)
        texts = report_texts(report)
        digests = ["asa_facts=" + _sha(json.dumps(asa, sort_keys=True)),
                   "azure_facts=" + _sha(json.dumps(azure, sort_keys=True))]
        digests += ["%s=%s" % (key, _sha(texts[key])) for key in sorted(texts)]
        print(name, " ".join(digests))


if __name__ == "__main__":
    main()
