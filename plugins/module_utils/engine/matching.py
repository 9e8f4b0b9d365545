# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How two ends' proposals match: the combinations a proposal allows, the first one the responder takes (IKE and
ESP), and the IKE SA lifetime of the proposal that negotiates. Remembered per the proposals' transforms. Both the
proposal checks and the lifetime checks read these, so they live apart from either."""

import itertools

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS, NO_PFS, Lifetimes


def ike_combinations(proposal):
    """Every (encryption, integrity, prf, dh) a single IKE proposal allows."""
    for enc in proposal.encryption:
        integs = [None] if enc in AEAD_CIPHERS else (list(proposal.integrity) or [None])
        for integ, prf, group in itertools.product(integs, list(proposal.prf) or [None], proposal.dh_groups):
            yield (enc, integ, prf, group)


def child_combinations(proposal, with_ke=True):
    """Every (encryption, integrity, dh) a single ESP proposal allows."""
    groups = proposal.dh_groups if with_ke else (NO_PFS,)
    for enc in proposal.encryption:
        integs = [None] if enc in AEAD_CIPHERS else (list(proposal.integrity) or [None])
        for integ, group in itertools.product(integs, groups):
            yield (enc, integ, group)


def _prf_compatible(a, b):
    # An unknown PRF (None) is not held against either end.
    return a is None or b is None or a == b


def select_ike(offered, accepted):
    """The first offered IKE combination the responder accepts, or None."""
    accepted_combos = [c for p in accepted for c in ike_combinations(p)]
    for proposal in offered:
        for enc, integ, prf, group in ike_combinations(proposal):
            for a_enc, a_integ, a_prf, a_group in accepted_combos:
                if (enc, integ, group) == (a_enc, a_integ, a_group) and _prf_compatible(prf, a_prf):
                    return (enc, integ, prf if prf is not None else a_prf, group)
    return None


def negotiated_ike_lifetime(end, other):
    """The IKE SA lifetime ``end`` runs with ``other``. Where its proposals differ in it (ASA policies of different
    lifetimes), the lifetime of its first proposal that shares a combination with ``other``: an ASA offers its
    policies in priority order and, as responder, "checks all of the peer's policies against each of its configured
    policies in priority order (highest priority first) until it discovers a match" (Cisco ASA Series CLI
    Configuration Guide, Configuring ISAKMP: https://www.easymanua.ls/cisco/asa-5515-x/manual/941771?p=1561). When
    the proposal differs with who initiates, the shorter lifetime (the sooner rekey); when none is shared (IKE fails
    anyway), ``end.ike_lifetime``."""
    if all(p.lifetime_seconds is None for p in end.ike_proposals):
        return end.ike_lifetime
    own_offers, own_accepts = end.ike_proposals, end.responder_ike()
    # which of the end's proposals negotiate, remembered per the transforms of the four lists (an estate's ends share
    # a few; every proof re-runs the engine): indexes, so the end's own proposals (its lines) are what is cited
    key = (_ike_transforms(own_offers), _ike_transforms(own_accepts), _ike_transforms(other.ike_proposals),
           _ike_transforms(other.responder_ike()))
    try:
        indexes = _NEGOTIATING.get(key)
    except TypeError:  # a transform list that is no tuple: found, not remembered
        indexes, key = None, None
    if indexes is None:
        indexes = (next((n for n, p in enumerate(own_offers) if select_ike([p], other.responder_ike())), None),
                   next((n for n, p in enumerate(own_accepts) if select_ike(other.ike_proposals, [p])), None))
        if key is not None:
            if len(_NEGOTIATING) >= _SELECTIONS_MAX:
                _NEGOTIATING.clear()
            _NEGOTIATING[key] = indexes
    found = [props[n] for props, n in zip((own_offers, own_accepts), indexes) if n is not None]
    if not found:
        return end.ike_lifetime
    proposal = min(found, key=lambda p: p.lifetime_seconds if p.lifetime_seconds is not None else float("inf"))
    if proposal.lifetime_seconds is None:
        return end.ike_lifetime
    # the policy's first line (which policy) and its lifetime line, when it has one (else the ASA's default)
    lines = tuple(line for i, line in enumerate(proposal.source) if i == 0 or line.text.split()[0] == "lifetime")
    return Lifetimes(seconds=proposal.lifetime_seconds, source=lines)


def _ike_transforms(props):
    """What IKE matching reads of a list of proposals (labels, lines and lifetimes play no part)."""
    return tuple([(p.encryption, p.integrity, p.prf, p.dh_groups) for p in props])


def select_child(offered, accepted, with_ke):
    """The first offered ESP combination the responder accepts, or None."""
    accepted_set = {c for p in accepted for c in child_combinations(p, with_ke)}
    for proposal in offered:
        for combo in child_combinations(proposal, with_ke):
            if combo in accepted_set:
                return combo
    return None


# select_ike / select_child per the transforms of the two proposal lists (labels and lines play no part): the
# ends of an estate share a few proposal sets, and each pair asked the same matching again (issue 12). A key,
# not the ends: ends are changed and copied for the proofs. Bounded for long-lived processes.
_SELECTIONS = {}
_SELECTIONS_MAX = 4096
_NEGOTIATING = {}  # negotiated_ike_lifetime's, by the same kind of key
_UNSET = object()


def forget_selections():
    """Empty the memos of ``selection`` and ``negotiated_ike_lifetime``: a run timed from a cold start
    (benchmarks/pipeline_bench.py's best of N)."""
    _SELECTIONS.clear()
    _NEGOTIATING.clear()


def selection(init, resp, child=False, with_ke=False):
    """select_child(init's offers, resp's accepted list, with_ke) if ``child``, else select_ike, remembered per
    the proposals' transforms."""
    if child:
        offered, accepted = init.child_proposals, resp.responder_child()
        key = (True, with_ke, tuple([(p.encryption, p.integrity, p.dh_groups) for p in offered]),
               tuple([(p.encryption, p.integrity, p.dh_groups) for p in accepted]))
    else:
        offered, accepted = init.ike_proposals, resp.responder_ike()
        key = (False, False, _ike_transforms(offered), _ike_transforms(accepted))
    try:
        found = _SELECTIONS.get(key, _UNSET)
    except TypeError:  # a transform list that is no tuple: matched, not remembered
        found = key = None
    if found is _UNSET or key is None:
        found = select_child(offered, accepted, with_ke) if child else select_ike(offered, accepted)
        if key is not None:
            if len(_SELECTIONS) >= _SELECTIONS_MAX:
                _SELECTIONS.clear()
            _SELECTIONS[key] = found
    return found
