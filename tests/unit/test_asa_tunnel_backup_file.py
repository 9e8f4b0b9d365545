# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's backup files (module_utils/asa/backup_file.py): a file of each push's own, whose name says the host,
created exclusively with mode 0600, and a backup_dir checked before anything is read (the two-ASA race against the SSH
labs is tests/integration/test_asa_tunnel_backup.py)."""

import datetime
import os
import stat

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.backup_file import (
    backup_dir_problem,
    host_label,
    write_backup,
)

NOW = datetime.datetime(2026, 12, 5, 12, 0, 0)


def test_the_name_holds_the_host_made_safe_the_second_and_a_random_part(tmp_path):
    one = write_backup(str(tmp_path), "fw/one two", "hostname x\n", now=NOW)
    two = write_backup(str(tmp_path), "fw/one two", "hostname y\n", now=NOW)
    assert one != two
    for path in (one, two):
        name = os.path.basename(path)
        assert name.startswith("asa_vpn_tunnel_fw_one_two_20261205-120000_") and name.endswith(".cfg")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(one, encoding="utf-8") as handle:
        assert handle.read() == "hostname x\n"


def test_an_existing_file_is_never_written_over(tmp_path):
    taken = write_backup(str(tmp_path), "fw", "first\n", now=NOW, token="0000")
    with pytest.raises(FileExistsError):
        write_backup(str(tmp_path), "fw", "second\n", now=NOW, token="0000")
    with open(taken, encoding="utf-8") as handle:
        assert handle.read() == "first\n"


def test_without_an_inventory_name_the_device_hostname_names_the_file():
    assert host_label(None, "ASA Version 9.16\nhostname edge-fw1\n") == "edge-fw1"
    assert host_label(None, "no hostname line\n") == "asa"
    assert host_label("../../etc", "hostname x\n") == ".._.._etc"


def test_backup_dir_made_0700_or_refused_when_a_file_or_not_writable(tmp_path):
    made = tmp_path / "a" / "b"
    assert backup_dir_problem(str(made)) is None
    assert made.is_dir() and stat.S_IMODE(made.stat().st_mode) & 0o077 == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert backup_dir_problem(str(blocker)) == "not a directory"
    assert backup_dir_problem(str(blocker / "sub")) == "Not a directory"
    assert backup_dir_problem(str(blocker), create=False) == "not a directory"
    assert backup_dir_problem(str(blocker / "sub"), create=False) == "%s is not a directory" % blocker


def test_check_mode_makes_no_directory(tmp_path):
    assert backup_dir_problem(str(tmp_path / "later"), create=False) is None
    assert not (tmp_path / "later").exists()


def test_a_read_only_backup_dir_is_refused(tmp_path, monkeypatch):
    # what the kernel answers a user without write permission (root, who runs CI, writes anywhere)
    monkeypatch.setattr(os, "access", lambda path, mode: os.path.abspath(path) != str(tmp_path))
    assert backup_dir_problem(str(tmp_path)) == "not writable"
    assert backup_dir_problem(str(tmp_path / "new"), create=False) == "%s is not writable" % tmp_path
