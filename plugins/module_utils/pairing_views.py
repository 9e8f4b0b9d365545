# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pairs as the check runs them: pairing.pair_ends says which ASA end and which Azure end are one tunnel; this
makes the views of those ends the check compares. Crypto map entries to the same peer that answer parts of Azure's
offer each get the part they answer (``answering_entries``; an entry that answers none is a finding of the first
entry's tunnel), and an ASA end set for both IKE versions is seen as it negotiates with its Azure end
(``negotiating_versions``, model.for_version). compat.run_check calls both before the engine runs.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import TrafficSelector, copy_end, for_version


def answering_entries(pairs, rest_asa, side_of, unanswered):
    """``pairs`` and ``rest_asa`` with the crypto map entries that answer a paired Azure connection in parts paired
    too. An entry whose settings differ from the first entry's to the same peer is an end of its own
    (asa/crypto_map_end._entries_agreeing); as responder the ASA matches each Child SA the peer asks for "to a static
    crypto map" entry whose ACL takes its selectors (Cisco ASA 5500 Series Configuration Guide using the CLI,
    Configuring IPsec and ISAKMP), so each entry is checked with the part of Azure's offer it answers: a view of the
    Azure end holding those selectors (the rest stays with the first entry). Review 2026-12-04: the second entry was
    left unpaired, its PFS mismatch unseen, and a "proven" Azure selector fix dropped its networks. An entry that
    answers none of Azure's selectors is a finding of the first entry's tunnel (``unanswered``: id of that ASA end ->
    [Finding]), not an unpaired end."""
    if not rest_asa:
        return pairs, rest_asa
    waiting = {}
    for end in rest_asa:
        ref = end.ref or {}
        if ref.get("kind") == "crypto_map" and end.peer_address and end.traffic_selectors:
            waiting.setdefault((id(side_of[id(end)]), ref.get("crypto_map"), end.peer_address), []).append(end)
    if not waiting:
        return pairs, rest_asa
    out, taken = [], set()
    for asa_end, azure_end in pairs:
        ref = asa_end.ref or {}
        key = (id(side_of[id(asa_end)]), ref.get("crypto_map"), asa_end.peer_address)
        others = waiting.pop(key, None) if ref.get("kind") == "crypto_map" else None
        if not others or not azure_end.traffic_selectors or azure_end.any_to_any:
            out.append((asa_end, azure_end))
            continue
        entries = sorted([asa_end] + others, key=lambda e: e.ref.get("seq") or 0)
        parts = {id(e): [] for e in entries}
        for selector in azure_end.traffic_selectors:
            answering = next((e for e in entries if _answers(e, selector)), asa_end)
            parts[id(answering)].append(selector)
        for entry in entries:
            if entry is not asa_end and not parts[id(entry)]:
                # answers nothing Azure offers: said on the first entry's tunnel, not left unpaired as if no connection
                # had its peer (review 2026-12-04)
                unanswered.setdefault(id(asa_end), []).append(_unanswered_entry(entry, asa_end, azure_end))
                taken.add(id(entry))
                continue
            view = copy_end(azure_end)
            view.traffic_selectors = parts[id(entry)]
            side_of[id(view)] = side_of[id(azure_end)]
            if entry is not asa_end:
                view.ref["answered_by"] = "crypto map %s %s" % (entry.ref.get("crypto_map"), entry.ref.get("seq"))
                taken.add(id(entry))
            out.append((entry, view))
    return out, [e for e in rest_asa if id(e) not in taken]


def negotiating_versions(pairs, side_of):
    """Each pair with its ASA end as it negotiates with the Azure end (model.for_version: an entry set for IKEv1 and
    IKEv2 facing a connection with IKEv1 only is checked, proven and fixed with its IKEv1 policies)."""
    out = []
    for asa_end, azure_end in pairs:
        view = for_version(asa_end, azure_end)
        if view is not asa_end:
            side_of[id(view)] = side_of[id(asa_end)]
        out.append((view, azure_end))
    return out


def _unanswered_entry(entry, first, azure_end):
    """The finding for crypto map ``entry``, to the same peer as ``first`` (paired with ``azure_end``), that answers
    none of Azure's selectors: its pairs are taken by an earlier entry (its own settings never apply), or Azure's
    connection does not hold them (a Child SA the ASA starts for them is refused)."""
    label = "crypto map %s %s" % (entry.ref.get("crypto_map"), entry.ref.get("seq"))
    pairs = ["%s <-> %s" % (ts.local, ts.remote) for ts in entry.traffic_selectors]
    # Azure's selectors as the ASA sees them: a pair of the entry inside one of them is one Azure holds
    azure_seen_from_asa = [TrafficSelector(ts.remote, ts.local, ts.protocol) for ts in azure_end.traffic_selectors]
    outside = [p for p, ts in zip(pairs, entry.traffic_selectors)
               if not _takes(azure_seen_from_asa, TrafficSelector(ts.remote, ts.local, ts.protocol))]
    connection = azure_end.ref.get("connection", azure_end.name)
    lines = [line for ts in entry.traffic_selectors for line in ts.source][:5]
    evidence = {"asa": {"entry": label, "pairs": pairs, "lines": [line.to_dict() for line in lines]},
                "azure": {"connection": connection, "traffic_selectors": [
                    "%s <-> %s" % (ts.local, ts.remote) for ts in azure_end.traffic_selectors]}}
    if outside:
        return Finding(
            code="TRAFFIC_SELECTOR_MISMATCH", severity=ERROR, phase="child_init",
            summary="ASA %s also sets peer %s (Azure connection %s), but Azure's traffic selectors hold none of its "
                    "pairs %s: Azure refuses the Child SA the ASA starts for them (TS_UNACCEPTABLE) and never offers "
                    "one, so that traffic never passes." % (label, entry.peer_address, connection, ", ".join(outside[:5])),
            evidence=evidence,
            remediation={"asa": ["! %s: remove the entry if that traffic does not belong to Azure, or add its networks to "
                                 "the connection's traffic selectors (Azure's address spaces) and to %s" % (
                                     label, first.ref.get("crypto_map"))]},
            scope=[first.name])
    return Finding(
        code="UNSUPPORTED_CONSTRUCT", severity=WARNING, phase="config",
        summary="ASA %s also sets peer %s (Azure connection %s), but no traffic selector Azure offers falls to it whole "
                "(each goes to %s): a Child SA Azure starts never uses its settings, and one the ASA starts for its "
                "pairs %s is not compared with Azure's here (its proposals, PFS and lifetimes are not checked)." % (
                    label, entry.peer_address, connection, "crypto map %s %s" % (
                        first.ref.get("crypto_map"), first.ref.get("seq")), ", ".join(pairs[:5])),
        evidence=evidence,
        remediation={"asa": ["! %s: remove it, or narrow the earlier entry's ACL so that the pairs %s fall to it"
                             % (label, ", ".join(pairs[:5]))]},
        scope=[first.name])


def _answers(entry, selector):
    """Does the crypto map ``entry`` (an ASA end) take Azure's ``selector`` (local: Azure's side) as it is?"""
    return _takes(entry.traffic_selectors, selector)


def _takes(selectors, selector):
    """Does one of ``selectors`` (as one end sees them) take ``selector`` (as the other end sees it) whole?"""
    try:
        local = ipaddress.ip_network(selector.local, strict=False)
        remote = ipaddress.ip_network(selector.remote, strict=False)
        for own in selectors:
            if own.protocol not in (0, selector.protocol):
                continue
            mine, theirs = ipaddress.ip_network(own.local, strict=False), ipaddress.ip_network(own.remote, strict=False)
            if mine.version == remote.version == theirs.version == local.version and remote.subnet_of(mine) \
                    and local.subnet_of(theirs):
                return True
    except (TypeError, ValueError):
        return False
    return False
