# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compatibility engine: will two tunnel ends negotiate, now and at every rekey,
and will traffic and BGP run over the tunnel once it is up?

Plain Python, no Ansible and no vendor knowledge: it reads two TunnelEnds and
simulates IKEv2 (RFC 7296) in both directions:

* IKE_SA_INIT: the initiator's IKE proposals against what the responder accepts.
  A wrong KE guess costs a round trip (INVALID_KE_PAYLOAD) but is no failure.
  Both ends responder-only means nobody sends it (``peers``).
* IKE_AUTH: the first Child SA. It carries no KE (RFC 7296 s1.2), so PFS is not
  exercised; traffic selectors are checked here (``selectors``).
* CREATE_CHILD_SA rekey of the Child SA, by either end: the KE is part of the
  proposal, so a PFS group the responder does not accept fails the rekey.
* CREATE_CHILD_SA rekey of the IKE SA: a common IKE proposal with a fresh DH.
Lifetimes are local (never negotiated in IKEv2); they decide who rekeys and
how often, which decides when a rekey failure bites (``lifetimes``): a
difference alone is information, a lifetime that rekeys too often a warning.
Weak crypto is a warning when this pair negotiates it, information when an end
only offers or accepts it (``weak``). Fixes never weaken an end (``strength``).

For IKEv1-only pairs the same matching is used, except that PFS is part of
every Quick Mode, the first one included.

Route-based ends: routing decides what enters the tunnel (``routing``), and BGP
over the tunnel must come up and exchange routes (``bgp``).

One module per concept; ``Check`` puts their mixins together.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import (  # noqa: F401 (public names)
    DEFAULT_BASELINE,
    MIN_DPD_TIMEOUT,
    REKEY_MARGIN,
    STRONG_ESP,
    STRONG_IKE,
    CheckBase,
    who,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.bgp import BgpChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.lifetimes import LifetimeChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.peers import InitiatorChecks, PeerChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.matching import (  # noqa: F401 (public names)
    child_combinations,
    ike_combinations,
    select_child,
    select_ike,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.proposals import ProposalChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.routing import RoutingChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.selectors import SelectorChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.traffic import TrafficChecks
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.weak import WeakChecks


class Check(PeerChecks, InitiatorChecks, ProposalChecks, WeakChecks, SelectorChecks, LifetimeChecks, TrafficChecks,
            RoutingChecks, BgpChecks, CheckBase):
    """All checks for one pair of ends."""


def check_tunnel(a, b, baseline=None):
    """All findings for two ends of one tunnel. ``baseline`` overrides DEFAULT_BASELINE keys."""
    check = Check(a, b, baseline)
    check.check_addresses()
    version = check.check_versions()
    check.check_auth()
    check.check_initiator()
    if version is not None:
        check.check_ike()
        check.check_child(version)
        check.check_aead_integrity()
        check.check_selectors()
        check.check_vti_offers()
        check.check_weak()
    check.check_lifetimes()
    check.check_traffic()
    check.check_routes()
    check.check_bgp()
    return check.findings
