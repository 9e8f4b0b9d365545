# -*- coding: utf-8 -*-
"""A backup that is a file of zeros (written as the disk filled; a crash leaves a file's new blocks zero-filled) in a
directory of ASA backups: its HOST_NOT_READ reason said "it looks like UTF-16 text (as some Windows editors save it);
save it as UTF-8 or ASCII", a wrong cause and a remedy that cannot work. It is binary data; UTF-16 text saved without a
byte order mark, in either byte order, is still said to be UTF-16."""

import sys

import pytest

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_fact_sources_estate import site_asa  # noqa: E402

from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from  # noqa: E402


def _unread_reason(tmp_path, data):
    (tmp_path / "hq.cfg").write_text(site_asa("hq-asa", "198.51.100.10"))
    (tmp_path / "branch.cfg").write_bytes(data)
    unread = []
    assert [f["host"] for f in asa_facts_from({}, paths=str(tmp_path), unread=unread)] == ["hq-asa"]
    [(path, why)] = unread
    assert path == str(tmp_path / "branch.cfg")
    return why


@pytest.mark.parametrize("size", [4096, 200000])
def test_a_zero_filled_backup_is_said_to_be_binary_not_utf16(tmp_path, size):
    why = _unread_reason(tmp_path, b"\x00" * size)
    assert why.startswith("asa_config_files: %s is not an ASA configuration: it holds binary data (" % (tmp_path / "branch.cfg"))
    assert "UTF-16" not in why


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_still_said_to_be_utf16(tmp_path, codec):
    why = _unread_reason(tmp_path, site_asa("branch-asa", "198.51.100.34").encode(codec))
    assert why.endswith("it looks like UTF-16 text (as some Windows editors save it); save it as UTF-8 or ASCII")
