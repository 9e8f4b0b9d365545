# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the checkout importable as ``ansible_collections.vpnalign.s2s`` (``make setup`` links
``.collections/ansible_collections/vpnalign/s2s`` to it), for pytest and for ``run.py``."""

from __future__ import annotations

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def collections_root() -> str:
    parts = REPO_ROOT.split(os.sep)
    if parts[-3:] == ["ansible_collections", "vpnalign", "s2s"]:
        return os.sep.join(parts[:-3])
    root = os.path.join(REPO_ROOT, ".collections")
    if not os.path.isdir(os.path.join(root, "ansible_collections", "vpnalign", "s2s", "plugins")):
        raise RuntimeError("%s is missing or incomplete: run `make setup` first" % root)
    return root


def ensure():
    """Put the collection root first on sys.path (once)."""
    if collections_root() not in sys.path:
        sys.path.insert(0, collections_root())


ensure()
