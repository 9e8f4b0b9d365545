# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section rules beyond the grammar: what a real ASA refuses for reasons of state (a profile
that does not exist, a second BGP process, ...), the values it fills in (route metric 1,
``ebgp-multihop 255``, ...) and the order it prints a block in.

``config_mode.py`` calls three hooks, each a table by keyword or mode:

* ``top_edit``/``child_edit`` before a line is stored: ``None`` (store it as typed) or an
  ``Edit`` (refuse it, store another spelling, or "done": the hook edited the store itself);
* ``created`` when a parent line is new (defaults a real ASA adds, e.g. ``bgp log-neighbor-changes``);
* ``tidy`` after every change of a top-level block: put its children in show-run order.
"""

from __future__ import annotations

from typing import List, Optional

from . import routing, vti
from .rules import Ctx, Edit
from .store import ConfigStore

TOP = {"interface": vti.top_interface, "crypto": vti.top_crypto, "route": routing.top_route,
       "router": routing.top_router, "prefix-list": routing.top_prefix_list, "route-map": routing.top_route_map}
CHILD = {"config-if": vti.child_interface, "config-ipsec-profile": vti.child_profile,
         "config-router": routing.child_router, "config-router-af": routing.child_af}
TIDY = [(("interface",), vti.tidy_interface), (("crypto", "ipsec", "profile"), vti.tidy_profile),
        (("router", "bgp"), routing.tidy_bgp), (("route-map",), routing.tidy_route_map)]
CREATED = [(("router", "bgp"), routing.created_bgp)]


def top_edit(ctx: Ctx, body: List[str], negated: bool) -> Optional[Edit]:
    rule = TOP.get(body[0])
    return rule(ctx, body, negated) if rule else None


def child_edit(ctx: Ctx, mode: str, parent: int, body: List[str], negated: bool) -> Optional[Edit]:
    rule = CHILD.get(mode)
    return rule(ctx, parent, body, negated) if rule else None


def _block_rule(table, store: ConfigStore, index: int):
    tokens = store.lines[index].split()
    return next((rule for words, rule in table if tuple(tokens[:len(words)]) == words), None)


def created(store: ConfigStore, index: int) -> None:
    rule = _block_rule(CREATED, store, index)
    if rule:
        rule(store, index)


def tidy(store: ConfigStore, index: Optional[int]) -> None:
    if index is None:
        return
    rule = _block_rule(TIDY, store, index)
    if rule:
        rule(store, index)
