# -*- coding: utf-8 -*-
"""write_atomic gathers a file's pieces in a larger buffer before each write call (issue 12: a call per tunnel's piece):
the file is the pieces' text, whatever their sizes against the buffer (WRITE_BUFFER) and the piece a write encodes
(WRITE_PIECE), non-ASCII included; a failing writer leaves the old file and no temporary one."""

import os
import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import report_files


def _pieces(rng):
    sizes = [0, 1, 7, report_files.WRITE_BUFFER - 1, report_files.WRITE_BUFFER, report_files.WRITE_BUFFER + 3,
             report_files.WRITE_PIECE + 5, 5000, 20000]
    alphabet = "ab\n{}\"<>&\u00e9\u20ac\U0001f600"
    return ["".join(rng.choice(alphabet) for _c in range(min(size, 64))) * max(1, size // 64)
            for size in (rng.choice(sizes) for _piece in range(rng.randint(1, 40)))]


@pytest.mark.parametrize("seed", range(6))
def test_the_file_is_the_pieces_text(tmp_path, seed):
    pieces = _pieces(random.Random(seed))
    path = str(tmp_path / "report.json")
    report_files.write_atomic(path, iter(pieces))
    with open(path, "rb") as handle:
        assert handle.read() == "".join(pieces).encode("utf-8")
    report_files.write_atomic(path, "".join(pieces[:2]))  # a str, written again over it
    with open(path, "rb") as handle:
        assert handle.read() == "".join(pieces[:2]).encode("utf-8")
    assert os.listdir(str(tmp_path)) == ["report.json"]


def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    path = str(tmp_path / "report.md")
    report_files.write_atomic(path, "old")

    def pieces():
        yield "x" * (report_files.WRITE_BUFFER * 3)  # more than a buffer written before it fails
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        report_files.write_atomic(path, pieces())
    with open(path) as handle:
        assert handle.read() == "old"
    assert os.listdir(str(tmp_path)) == ["report.md"]
