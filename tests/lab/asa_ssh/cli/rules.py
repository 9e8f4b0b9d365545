# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the section rules (vti.py, routing.py) share: their answer (``Edit``), what they may
look at (``Ctx``), address checks and the re-ordering of a block's children."""

from __future__ import annotations

import ipaddress
import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .store import ConfigStore


class Edit:
    """What a section rule decided about one line.

    ``invalid``: index of the token to put the ``^`` under; ``error``: an ``ERROR: ...`` text;
    ``done``: the rule changed the store itself (True) or found nothing to change (False);
    ``body``: the tokens to store instead of those typed."""

    def __init__(self, body: Optional[List[str]] = None, error: Optional[str] = None,
                 invalid: Optional[int] = None, done: Optional[bool] = None):
        self.body = body
        self.error = error
        self.invalid = invalid
        self.done = done


class Ctx:
    """What a rule may look at: the store being edited, the software version, the context."""

    def __init__(self, store: ConfigStore, version: Tuple[int, ...], in_context: bool):
        self.store = store
        self.version = version
        self.in_context = in_context


# ---------------------------------------------------------------------------------------------
# Helpers shared by the section modules
# ---------------------------------------------------------------------------------------------

VERSION_RE = re.compile(r"^(\d+)\.(\d+)\((\d+)\)(\d+)?")


def parse_version(text: str) -> Tuple[int, ...]:
    """``9.16(4)`` -> (9, 16, 4, 0); ``9.8(2)20`` -> (9, 8, 2, 20); unknown -> (0,)."""
    match = VERSION_RE.match(text or "")
    if not match:
        return (0,)
    return tuple(int(g or 0) for g in match.groups())


def config_version(store: ConfigStore) -> Optional[str]:
    """The ``ASA Version x.y(z)`` of a configuration, or None."""
    for i in store.top_level():
        tokens = store.lines[i].split()
        if tokens[:2] == ["ASA", "Version"] and len(tokens) > 2:
            return tokens[2]
    return None


def ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def netmask(text: str) -> bool:
    """A contiguous IPv4 mask (255.255.255.0 yes, 255.0.255.0 no)."""
    if not ipv4(text):
        return False
    value = int(ipaddress.IPv4Address(text))
    inverted = ~value & 0xFFFFFFFF
    return inverted & (inverted + 1) == 0


def consistent(address: str, mask: str) -> bool:
    """No host bits set outside the mask."""
    return int(ipaddress.IPv4Address(address)) & ~int(ipaddress.IPv4Address(mask)) & 0xFFFFFFFF == 0


def nameifs(store: ConfigStore) -> Dict[str, str]:
    """nameif -> interface name, for every interface of the configuration."""
    found = {}
    for i in store.top_level():
        tokens = store.lines[i].split()
        if tokens[:1] != ["interface"] or len(tokens) < 2:
            continue
        for j in store.children(i):
            kid = store.lines[j].split()
            if kid[:1] == ["nameif"] and len(kid) == 2:
                found[kid[1]] = tokens[1]
    return found


def reorder_children(store: ConfigStore, parent: int, rank: Callable[[List[str]], Tuple]) -> None:
    """Sort the child blocks of ``parent`` by ``rank(tokens)`` (stable: equal ranks keep their order)."""
    blocks = []
    for j in store.children(parent):
        blocks.append(store.lines[j:store.block_end(j)])
    ordered = sorted(blocks, key=lambda block: rank(block[0].split()))
    if ordered == blocks:
        return
    start, end = parent + 1, store.block_end(parent)
    store.lines[start:end] = [line for block in ordered for line in block]


def address_key(text: str) -> Tuple[int, int]:
    """Numeric order of addresses; anything else after them."""
    try:
        return (0, int(ipaddress.ip_address(text)))
    except ValueError:
        return (1, 0)


def rank_in(order: Sequence[str], tokens: Sequence[str]) -> int:
    """Position of the first ``order`` entry whose words start ``tokens``; unknown lines last."""
    line = " ".join(tokens)
    for n, start in enumerate(order):
        if line == start or line.startswith(start + " "):
            return n
    return len(order)
