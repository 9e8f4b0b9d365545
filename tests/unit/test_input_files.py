# -*- coding: utf-8 -*-
"""Files users name are read only when they are regular files of bounded size (review 2026-12-05: /dev/zero grew a
worker to 11 GB, a FIFO blocked the run for ever)."""

import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import InputFileError, read_input


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "asa.txt"
    path.write_bytes(b"hostname fw\n")
    assert read_input(str(path)) == b"hostname fw\n"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(str(path))
    with pytest.raises(InputFileError, match="a pipe"):
        read_input(str(path))  # opening it would block until a writer came


def test_a_device_is_refused():
    with pytest.raises(InputFileError, match="a device, not a regular file") as info:
        read_input("/dev/zero")
    assert info.value.strerror.startswith("it is a device")  # what callers print after "cannot read PATH:"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="a directory"):
        read_input(str(tmp_path))


def test_a_file_over_the_bound_is_refused_naming_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(InputFileError, match="larger than 2 MB"):
        read_input(str(path), limit=2 * 1024 * 1024)
    assert len(read_input(str(path), limit=3 * 1024 * 1024)) == 2 * 1024 * 1024 + 1


def test_a_missing_file_is_the_usual_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_input(str(tmp_path / "absent.txt"))
