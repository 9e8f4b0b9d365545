# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The seeds every mutation starts from: the bundled ASA configs and ARM exports (examples/,
tests/fixtures/, the ASA lab's configs) and ASA show outputs (the seed example's and the ones
tests/unit/test_asa_state.py spells out)."""

from __future__ import annotations

import ast
import glob
import os
from dataclasses import dataclass, field
from typing import Dict, List

from fuzzpath import REPO_ROOT


@dataclass
class Corpus:
    asa: Dict[str, bytes] = field(default_factory=dict)  # path -> config text
    arm: Dict[str, bytes] = field(default_factory=dict)  # path -> JSON export
    pair: Dict[str, str] = field(default_factory=dict)  # ASA path -> the ARM path beside it (or the seed's)
    shows: Dict[str, Dict[str, str]] = field(default_factory=dict)  # kind -> name -> text
    words: List[str] = field(default_factory=list)  # every word of the ASA seeds, for token swaps
    evidence: Dict[str, Dict[str, bytes]] = field(default_factory=dict)  # reader kind -> path -> text (evidence.py)


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


def _rel(path):
    return os.path.relpath(path, REPO_ROOT)


def _test_constants(path, names):
    """String constants of a test module, read without importing it."""
    tree = ast.parse(_read(path).decode("utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found[name] = node.value.value
    return found


def load() -> Corpus:
    corpus = Corpus()
    seed_dir = os.path.join(REPO_ROOT, "examples", "seed-asa-azure-pfs")
    seed_arm = os.path.join(seed_dir, "azure_resources.json")
    patterns = [
        os.path.join(REPO_ROOT, "examples", "*", "asa_running_config*.txt"),
        os.path.join(REPO_ROOT, "tests", "fixtures", "*", "*", "asa_running_config.txt"),
        os.path.join(REPO_ROOT, "tests", "lab", "asa_ssh", "configs", "*.txt"),
    ]
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            corpus.asa[_rel(path)] = _read(path)
            beside = os.path.join(os.path.dirname(path), "azure_resources.json")
            corpus.pair[_rel(path)] = _rel(beside if os.path.exists(beside) else seed_arm)
    for pattern in (os.path.join(REPO_ROOT, "examples", "*", "azure_resources.json"),
                    os.path.join(REPO_ROOT, "tests", "fixtures", "*", "*", "azure_resources.json")):
        for path in sorted(glob.glob(pattern)):
            corpus.arm[_rel(path)] = _read(path)
    for path in corpus.pair.values():
        corpus.arm.setdefault(path, _read(os.path.join(REPO_ROOT, path)))
    words = set()
    for text in corpus.asa.values():
        words.update(text.decode("utf-8", "replace").split())
    corpus.words = sorted(words)
    state_tests = os.path.join(REPO_ROOT, "tests", "unit", "test_asa_state.py")
    constants = _test_constants(state_tests, {"IKEV2_DETAIL", "IKEV2_BRIEF", "SESSIONDB"})
    corpus.shows = {
        "ipsec": {"seed": _read(os.path.join(seed_dir, "show_crypto_ipsec_sa.txt")).decode("utf-8")},
        "ikev2": {k: v for k, v in constants.items() if k.startswith("IKEV2")},
        "sessiondb": {k: v for k, v in constants.items() if k == "SESSIONDB"},
    }
    import evidence  # it imports the collection; pylint: disable=import-outside-toplevel

    corpus.evidence = evidence.load_seeds()
    return corpus
