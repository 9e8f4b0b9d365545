# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the checkout importable as ``ansible_collections.vpnalign.s2s`` under plain pytest.

``make setup`` creates ``.collections/ansible_collections/vpnalign/s2s -> <repo>``, so with
``<repo>/.collections`` first on ``sys.path``::

    from ansible_collections.vpnalign.s2s.plugins.module_utils import model

imports this checkout's code (ansible.netcommon and ansible.utils are there too).
"""

from __future__ import annotations

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".collections")


def _collections_root() -> str:
    """The directory to put on sys.path so that ansible_collections.vpnalign.s2s is this code."""
    parts = REPO_ROOT.split(os.sep)
    if parts[-3:] == ["ansible_collections", "vpnalign", "s2s"]:
        # already laid out as a collection (ansible-test's copy, an installed collection)
        return os.sep.join(parts[:-3])
    if not os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "vpnalign", "s2s", "plugins")):
        raise RuntimeError("%s is missing or incomplete: run `make setup` first" % COLLECTIONS)
    return COLLECTIONS


if sys.path[:1] != [_collections_root()]:
    sys.path.insert(0, _collections_root())
