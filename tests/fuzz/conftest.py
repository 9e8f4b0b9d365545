# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fuzz tests: the ``fuzz`` marker, and tests/fuzz importable (it makes the checkout importable
as ``ansible_collections.vpnalign.s2s``, as tests/unit/conftest.py does)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fuzzpath  # noqa: E402

fuzzpath.ensure()  # the collection on sys.path, as tests/unit/conftest.py does


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: seeded mutation tests of every input the collection reads")
