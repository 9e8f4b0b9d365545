# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Azure connection no ASA end pairs with, served by a dynamic crypto map of the ASA at its peer address.

A dynamic crypto map (``crypto map M 65535 ipsec-isakmp dynamic D``) answers whichever peer starts IKE and has a
tunnel-group (its own, named after its address, or DefaultL2LGroup), but never starts one: "Dynamic crypto maps work only
to negotiate SAs with remote peers that initiate the connection. The ASA cannot use dynamic crypto maps to initiate
connections to a remote peer" (ASA_VPN_GUIDE_92_DYNAMIC_MAPS: Cisco ASA VPN CLI guide, "Using Dynamic Crypto Maps",
https://www.cisco.com/c/en/us/td/docs/security/asa/asa92/configuration/vpn/asa-vpn-cli/vpn-ike.html; verified).
So the tunnel comes up while Azure starts it (connectionMode Default or InitiatorOnly), and never when Azure is
ResponderOnly: NO_INITIATOR, whose fix (Azure's connectionMode) is proven by the engine on a responder-only model of
the dynamic entry (review 2026-12-07: this was PEER_NOT_FOUND, "the tunnel cannot come up", of a tunnel that works, and
NO_INITIATOR was never said).

The dynamic entry's crypto (its ESP proposals, PFS, lifetimes and crypto ACL, with the ASA's IKE policies:
asa/dynamic_map_end.py) is checked against the connection as a static entry's is, on the entry's end with the
connection's gateway as its peer: the engine's findings, each fix proven on that model and rendered for the dynamic map
("crypto dynamic-map D S ..."), with a note that the entry answers other peers too (review s49: a dynamic entry without
'set pfs' against Azure's PFS policy, the seed case's failure, gave no finding). A change to the entry that would break
another connection of the run the same entry answers is not shown: a static entry for the peer carries it alone.
"""

import dataclasses
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import behind_nat
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding, sort_findings
from ansible_collections.vpnalign.s2s.plugins.module_utils.fix_rendering import PROOF_RULES, RENDERS, prove_and_render
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import MODE_RESPONDER_ONLY, ConfigLine, Dpd, PeerAuth, TunnelEnd, for_version
from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing_findings import DEFAULT_L2L_GROUP, gateway_group_among
from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import Prover
from ansible_collections.vpnalign.s2s.plugins.module_utils.superseded import auth_missing_said_once


def _dynamic_evidence(finding):
    """The ASA evidence of a dynamic crypto map entry's finding (parser.crypto_maps.dynamic_entries), or None; None too
    when the dynamic map it names is not defined (``dynamic_map_defined`` False; facts of an earlier release have no
    such key): that entry answers no peer, and the connection is PEER_NOT_FOUND's error."""
    evidence = finding.evidence.get("asa") or {}
    if finding.code != "UNSUPPORTED_CONSTRUCT" or not evidence.get("dynamic_map") or \
            evidence.get("dynamic_map_defined") is False:
        return None
    return evidence


def dynamic_maps_serving(asa_wide, azure_end, addresses=()):
    """The ASA-wide findings naming a dynamic crypto map entry that answers ``azure_end``: on the interface whose address
    is the one the connection expects the ASA at (or one the text does not state), with a tunnel-group the gateway lands
    in (its address or DefaultL2LGroup; any, when the facts name fewer groups than there are). The ASA picks an L2L
    tunnel-group by the peer's IKE identity, and Azure sends its public address (as pairing_findings.dvti_may_serve).
    A map on a private address serves a connection that expects the ASA at a public one (behind NAT: ``natted``) unless
    ``addresses`` (the ASA's interface addresses) hold that one: the ASA is then not behind NAT, and the map is bound
    to an interface Azure does not send to."""
    out = []
    for finding in asa_wide:
        evidence = _dynamic_evidence(finding)
        if evidence is None:
            continue
        address = evidence.get("interface_address")
        if not evidence.get("interface") or (address and azure_end.peer_address and address != azure_end.peer_address
                                             and (azure_end.peer_address in addresses
                                                  or not natted(address, azure_end.peer_address))):
            continue  # a map bound to no interface answers nobody; one on another address is not where Azure sends
        if gateway_group_among(evidence, azure_end.local_address):
            out.append(finding)
    return out


def natted(interface_address, lng_address):
    """Whether the ASA's interface has a private address and the connection expects it at a public one: a NAT device in
    between maps one to the other (as a static entry behind NAT is paired by its peer, pairing.py, and the engine's
    PEER_ADDRESS_MISMATCH warning says so, engine/peers.py _behind_nat)."""
    return behind_nat(interface_address) and not behind_nat(lng_address)


def natted_dynamic_maps(sides):
    """[(side, evidence)] of the dynamic crypto map entries of ``sides`` (compat_facts.Side) bound to an interface with
    a private address: an ASA behind NAT (made once per run, for natted_dynamic_sides)."""
    out = []
    for side in sides:
        for finding in side.findings:
            evidence = _dynamic_evidence(finding) if not finding.scope else None
            if evidence and evidence.get("interface") and behind_nat(evidence.get("interface_address")):
                out.append((side, evidence))
    return out


def natted_dynamic_sides(maps, azure_end):
    """The sides of ``maps`` (natted_dynamic_maps) whose ASA may answer ``azure_end`` from behind NAT: the connection
    expects it at a public address, and a tunnel-group on it is named after the connection's gateway address (the
    positive sign a static entry's 'set peer' gives; DefaultL2LGroup alone names no peer, and would claim every
    connection of a site not in the run)."""
    out = []
    for side, evidence in maps:
        if natted(evidence.get("interface_address"), azure_end.peer_address) and \
                azure_end.local_address in (evidence.get("tunnel_groups") or ()) and side not in out:
            out.append(side)
    return out


def _label(evidence):
    return "crypto map %s %s (dynamic map %s)" % (evidence.get("crypto_map"), evidence.get("seq"), evidence.get("dynamic_map"))


def _lines(findings):
    return [line for f in findings for line in (f.evidence.get("asa") or {}).get("lines") or ()]


def _responder_view(evidence, azure_end, lines, template=None):
    """The dynamic entry as the engine sees it against ``azure_end``: an ASA end that only answers, at the address the
    connection expects it, whose peer is the connection's gateway. ``template``: the entry's end with its crypto
    (asa/dynamic_map_end.py), or None (facts of an earlier release): then nothing but its part in who starts the
    tunnel is modelled, and only NO_INITIATOR is read from its findings."""
    source = tuple(ConfigLine(line.get("line"), line.get("text", "")) for line in lines if isinstance(line, dict))
    if template is not None:
        view = dataclasses.replace(template, peer_address=azure_end.local_address,
                                   local_address=template.local_address or azure_end.peer_address,
                                   mode=MODE_RESPONDER_ONLY, mode_source=source or template.mode_source)
        # an entry set for both IKE versions is checked with the proposals of the version it negotiates with this
        # connection (model.for_version, as pairing_views.negotiating_versions does for a static entry)
        return for_version(_in_group(view, azure_end.local_address), azure_end)
    return TunnelEnd(vendor="asa", name=_label(evidence), ref={"kind": "dynamic_map"},
                     local_address=azure_end.peer_address, peer_address=azure_end.local_address,
                     mode=MODE_RESPONDER_ONLY, mode_source=source)


def landing_group(ref, gateway_address, groups=()):
    """The tunnel-group a peer at ``gateway_address`` lands in: its own (named after its address), else
    DefaultL2LGroup (pairing_findings.gateway_group_among). ``ref``: a dynamic entry's (its ``peer_groups``), or None;
    ``groups``: the group names the dynamic map's finding lists, when no ref tells."""
    names = (ref or {}).get("peer_groups") or {}
    return gateway_address if gateway_address and (gateway_address in names or gateway_address in groups) \
        else DEFAULT_L2L_GROUP


def _group_record(ref, gateway_address):
    """(group name, its record of ref ``peer_groups`` (asa/dynamic_map_end._peer_groups) or None when the facts hold
    none for it: an earlier release's, or a group beyond those the facts list)."""
    name = landing_group(ref, gateway_address)
    record = ((ref or {}).get("peer_groups") or {}).get(name)
    if record is None and name == DEFAULT_L2L_GROUP and gateway_address and \
            (ref or {}).get("peer_groups_total", 0) > len((ref or {}).get("peer_groups") or {}):
        name = gateway_address  # its own group may be among those the facts leave out: not known which
    return name, record if isinstance(record, dict) else None


def _lines_of(plain):
    return tuple(ConfigLine(int(l.get("line") or 0), str(l.get("text", ""))) for l in plain or () if isinstance(l, dict))


def _in_group(view, gateway_address):
    """``view`` with the authentication and DPD of the tunnel-group its peer lands in (ref ``peer_groups``), as a
    static entry's end has its tunnel-group's (asa/protection.py), and ref ``tunnel_group`` naming it (the fixes' lines
    go to that group); unchanged ("auth" unknown, DPD not judged) when the facts hold no record of that group."""
    name, record = _group_record(view.ref, gateway_address)
    if record is None:
        return view
    auth, dpd = record.get("auth") or {}, record.get("dpd") or {}
    ref = dict(view.ref, tunnel_group=name,
               assumptions=list(dict.fromkeys(list(view.ref.get("assumptions") or []) + list(record.get("assumptions") or []))))
    unknowns, versions = tuple(u for u in view.unknowns if u != "auth"), {}
    other = view.other_version
    if isinstance(record.get("ike_versions"), list):
        # the IKE versions the group's group-policy allows (vpn-tunnel-protocol, else DfltGrpPolicy's), not
        # DfltGrpPolicy's alone: the fixes' lines go to that group-policy (remediation._ike_version)
        ref.update(group_policy=record.get("group_policy"), vpn_tunnel_protocols=record.get("vpn_tunnel_protocols"))
        versions = {"ike_versions": tuple(record["ike_versions"]),
                    "ike_versions_source": _lines_of(record.get("ike_versions_source"))}
        if record.get("proposals_version") != view.proposals_version and (
                other is None or other.version != record.get("proposals_version")):
            # the group allows a version whose proposals the facts do not hold (an earlier release's, which kept one
            # version of an entry set for both): those of the end are not what it negotiates, so they are not judged
            unknowns += ("ike_proposals", "child_proposals")
    if other is not None:
        # an entry set for both versions: each version authenticates by the group's own method for it, and the
        # version the tunnel negotiates is taken when the engine runs (model.for_version, as a static entry's)
        by_version = {record.get("proposals_version"): auth, 3 - (record.get("proposals_version") or 0): record.get("other_auth")}
        auth = by_version.get(view.proposals_version) or {}
        other = dataclasses.replace(other, auth=_auth(by_version.get(other.version)),
                                    unknowns=tuple(u for u in other.unknowns if u != "auth"))
    return dataclasses.replace(
        view, ref=ref, unknowns=unknowns, **versions, auth=_auth(auth), other_version=other,
        dpd=Dpd(enabled=dpd.get("enabled") is not False, timeout_seconds=dpd.get("timeout_seconds"),
                source=_lines_of(dpd.get("source"))))


def _auth(plain):
    """A PeerAuth of a plain record (ref ``peer_groups``); no method where the record holds none."""
    plain = plain if isinstance(plain, dict) else {}
    return PeerAuth(method=plain.get("method"), psk_digest=plain.get("psk_digest"), source=_lines_of(plain.get("source")))


def _group_findings(view):
    """The config findings of the authentication of the tunnel-group ``view``'s peer lands in (ref ``peer_groups``:
    a direction with no method, local and remote keys that differ), as a static entry's tunnel-group gives them."""
    record = ((view.ref or {}).get("peer_groups") or {}).get((view.ref or {}).get("tunnel_group"))
    if not isinstance(record, dict):
        return []
    return [Finding.from_dict(f) for f in record.get("findings") or ()]


def _entries_of(evidence, dynamic_ends):
    """The ends (asa/dynamic_map_end.py) of the entries of the dynamic map the serving crypto map entry uses, lowest
    sequence number first; [] when the facts carry none (an earlier release's)."""
    found = [end for end in dynamic_ends if end.ref.get("parent_map") == evidence.get("crypto_map")
             and end.ref.get("parent_seq") == evidence.get("seq") and end.ref.get("crypto_map") == evidence.get("dynamic_map")]
    return sorted(found, key=lambda end: end.ref.get("seq") or 0)


# What the ASA picks a dynamic map's entry by: the peer's ESP proposals and selectors (and so the IKE version the
# entry's proposals are for) must match the entry's; PFS and lifetimes come after, at a rekey. ASA_VPN_GUIDE_92_DYNAMIC_MAPS:
# a dynamic entry is "a policy template where the missing parameters are later dynamically learned, as the result of an
# IPsec negotiation, to match the peer requirements", its entries taken in sequence order as a static map's are
# (crypto_map_end: "matched against the map's ... entries in sequence order"); verified: false for the order
_ENTRY_REFUSED = frozenset(("IKE_VERSION_MISMATCH", "CHILD_NO_COMMON_PROPOSAL", "TRAFFIC_SELECTOR_MISMATCH"))


def _answering(entries, azure_end, evidence, lines, baseline, memo=None):
    """(the view of the entry that answers ``azure_end``: the first whose proposals and selectors the engine finds
    acceptable, else the first entry's; the engine's findings of it; the labels of the entries passed over). Made once
    per connection and dynamic map in a run (``memo``: served_by_dynamic_map's): each connection the map answers asks it
    of every other one (_answered_by_the_same_entry), k connections k*k engine runs before."""
    if memo is None:
        return _answer(entries, azure_end, evidence, lines, baseline)
    key = ("answering", _label(evidence), tuple(id(entry) for entry in entries), id(azure_end), id(baseline))
    found = memo.get(key)
    if found is None or found[0] is not azure_end or found[1] is not baseline:
        # the objects are kept with the answer, so their ids are nobody else's while the memo lives
        found = memo[key] = (azure_end, baseline, list(entries), _answer(entries, azure_end, evidence, lines, baseline))
    return found[3]


def _answer(entries, azure_end, evidence, lines, baseline):
    first = None
    for index, entry in enumerate(entries):
        view = _responder_view(evidence, azure_end, lines, entry)
        findings = check_tunnel(view, azure_end, baseline)
        if first is None:
            first = (view, findings)
        if not any(f.code in _ENTRY_REFUSED and f.severity == ERROR for f in findings):
            return view, findings, [_entry_label(e) for e in entries[:index]]
    return first[0], first[1], []


def _entry_label(end):
    return "crypto dynamic-map %s %s" % (end.ref.get("crypto_map"), end.ref.get("seq"))


def served_by_dynamic_map(azure_end, serving, baseline=None, dynamic_ends=(), also_served=(), memo=None):
    """The findings for a connection no ASA end pairs with, that ``serving`` (dynamic_maps_serving) answer: who starts
    the tunnel (PEER_NOT_FOUND's warning, or NO_INITIATOR), then what the engine finds of the crypto of the dynamic
    map's first entry (``dynamic_ends``: the ASA's, asa/dynamic_map_end.py) against the connection. ``also_served``:
    the run's other unpaired Azure ends expecting the ASA at the same address: a fix to the entry must not break those
    the same entry answers. ``memo``: a dict the run's calls share (the engine's findings of each connection against
    the entry that answers it, and of each changed entry against each other connection), made here when None."""
    memo = {} if memo is None else memo
    evidence = _dynamic_evidence(serving[0])
    label, lines = _label(evidence), _lines(serving)
    entries = _entries_of(evidence, dynamic_ends)
    template = entries[0] if entries else None
    view, engine_findings, passed = _answering(entries, azure_end, evidence, lines, baseline, memo) if entries else \
        (_responder_view(evidence, azure_end, lines), None, [])
    group = view.ref.get("tunnel_group") or landing_group(None, azure_end.local_address, evidence.get("tunnel_groups") or ())
    judged = template is not None and "auth" not in view.unknowns  # its group's authentication and DPD (_in_group)
    asa = {"crypto_map_peers": [], "dynamic_maps": [_label(f.evidence["asa"]) for f in serving], "lines": lines,
           "tunnel_group": group, "mode": "responder-only (a dynamic crypto map never initiates)"}
    if template is not None and template.ref.get("host"):
        asa["host"] = template.ref["host"]  # the ASA the dynamic map is on (align names it: align_dynamic.py)
    said = {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
            "connection_mode": azure_end.mode}
    answered_too = _answered_by_the_same_entry(view, also_served, serving, entries, evidence, lines, baseline, memo)
    checked = _crypto_findings(view, azure_end, engine_findings, baseline, group, answered_too, memo) \
        if template is not None else []
    if azure_end.mode == MODE_RESPONDER_ONLY:
        return [_no_initiator(azure_end, evidence, label, asa, said, view, baseline)] + checked
    gw = azure_end.local_address or "the Azure gateway's public IP"
    if template is None:
        crypto = "Its crypto is not modelled: this tunnel is not checked."
    else:
        if len(entries) == 1:
            which = "the dynamic map's only entry"
        elif passed:
            which = "the first entry of the dynamic map whose ESP proposals and crypto ACL take Azure's offer; %s " \
                    "before it do%s not" % (", ".join(passed), "es" if len(passed) == 1 else "")
        elif _entry_label(view) == _entry_label(template) and any(
                f.code in _ENTRY_REFUSED and f.severity == ERROR for f in engine_findings):
            which = "the dynamic map's first entry: none of its %d entries takes Azure's offer" % len(entries)
        else:
            which = "the first of the dynamic map's %d entries, which takes Azure's offer" % len(entries)
        crypto = ("Its crypto (%s, %s) is checked against this connection; its authentication and DPD (tunnel-group "
                  "%s) %s." % (_entry_label(view), which, group, "too" if judged else "are not"))
    return [Finding(
        code="PEER_NOT_FOUND",
        severity=WARNING,
        phase="config",
        summary="Azure connection %s expects its peer at %s, and no static crypto map entry or tunnel interface of the "
                "ASA is for %s; %s answers it (tunnel-group %s) but never initiates, so the tunnel comes up only when "
                "Azure starts it, as its connectionMode lets it. %s" % (
                    azure_end.name, azure_end.peer_address, gw, label, group, crypto),
        evidence={"azure": said, "asa": asa},
        remediation={"asa": ["! Check by hand that %s and tunnel-group %s accept peer %s with this connection's key%s; "
                             "for a tunnel the ASA can also start, give the peer a static entry "
                             "before it: crypto map %s <seq below %s> match address <acl> / set peer %s / set ikev2 "
                             "ipsec-proposal <proposal>, and tunnel-group %s"
                             % (label, group, gw, "" if template is not None else " and crypto", evidence.get("crypto_map"),
                                evidence.get("seq"), gw, gw)]},
    )] + checked


def _answered_by_the_same_entry(view, also_served, serving, entries, evidence, lines, baseline, memo=None):
    """Of ``also_served``, the Azure ends the same dynamic map serves (dynamic_maps_serving) and the same entry of it
    answers (_answering), each with the engine's findings of that entry against it today: [(end, findings)]. Which
    entry answers each end is found once per run (``memo``), not again by each connection that asks."""
    if not entries:
        return []
    memo = {} if memo is None else memo
    label, wanted = _label(evidence), _entry_label(view)
    key = ("answered by", label, id(serving[0]), id(baseline))
    held = memo.get(key)
    if held is None or held[0] is not serving[0] or held[1] is not baseline:
        held = memo[key] = (serving[0], baseline, {})  # the objects kept: their ids are nobody else's meanwhile
    by_other, out = held[2], []
    for other in also_served:
        found = by_other.get(id(other))
        if found is None or found[0] is not other:
            found = by_other[id(other)] = (other,) + _entry_answering(other, serving, entries, evidence, lines, baseline,
                                                                      label, memo)
        if found[1] == wanted:
            out.append((other, found[2]))
    return out


def _entry_answering(other, serving, entries, evidence, lines, baseline, label, memo):
    """(the label of the entry of the dynamic map ``label`` that answers ``other``, the engine's findings of it), or
    (None, None) when the map does not serve it."""
    if not any(_label(_dynamic_evidence(f)) == label for f in dynamic_maps_serving(serving, other)):
        return None, None
    answering, findings, _passed = _answering(entries, other, evidence, lines, baseline, memo)
    return _entry_label(answering), findings


def _change_key(fixed):
    """What a changed dynamic entry is, whichever peer it is moved to: one key per change for the run."""
    return json.dumps(dataclasses.replace(fixed, peer_address=None).to_dict(), sort_keys=True, default=repr)


def _broken_by(fixed, answered_too, baseline, memo=None):
    """The connections of ``answered_too`` ((end, findings today)) the fixed dynamic entry ``fixed`` brings an error or
    warning they do not have today, each named with the new codes. The same change to the entry is asked of by every
    connection that needs it: the engine runs once per changed entry (all of it but the peer it is moved to) and
    connection in a run (``memo``), not once per connection that asks and connection it answers (k*k)."""
    memo = {} if memo is None else memo
    changed = _change_key(fixed)
    broken = []
    for other, today in answered_too:
        key = ("broken", changed, id(other), id(baseline))
        found = memo.get(key)
        if found is None or found[0] is not other or found[1] is not baseline:
            found = memo[key] = (other, baseline, _new_codes(fixed, other, today, baseline))
        if found[2]:
            broken.append("connection %s of gateway %s (%s)" % (other.name, other.local_address, ", ".join(found[2])))
    return broken


def _new_codes(fixed, other, today, baseline):
    """The codes of the errors and warnings the fixed entry ``fixed``, answering ``other``, brings that ``today`` (the
    engine's findings of the entry against it now) has not."""
    moved = dataclasses.replace(fixed, peer_address=other.local_address)
    if landing_group(fixed.ref, other.local_address) != fixed.ref.get("tunnel_group"):
        moved = _in_group(moved, other.local_address)  # another group: its own authentication and DPD
    after = check_tunnel(for_version(moved, other), other, baseline)  # the version it negotiates with that one
    return sorted({f.code for f in after if f.severity in (ERROR, WARNING)} -
                  {f.code for f in today if f.severity in (ERROR, WARNING)})


def _fixed_entry(prover, finding):
    """The dynamic entry's end with the finding's ASA fix applied, as the proof built it (alone, else with the other
    end's fix), or None."""
    for wanted in ({"asa": finding.fixes.get("asa")}, dict(finding.fixes)):
        proof = prover.prove(finding, wanted)
        if proof["proven"] and proof["fixed"].get("asa") is not None:
            return proof["fixed"]["asa"]
    return None


def _crypto_findings(view, azure_end, engine_findings, baseline, group, answered_too=(), memo=None):
    """The engine's findings (``engine_findings``) of the dynamic entry's end ``view`` against ``azure_end`` but who
    starts the tunnel (said by the caller), each fix proven on that model (fix_rendering.prove_and_render). An ASA fix
    is a change to the dynamic entry, which answers every peer no static entry serves: a note says so, and a change
    that would break another connection of the run the entry answers (``answered_too``: (end, findings today)) is not
    shown (review s49: 'set pfs group19' for one Azure connection was shown as proven while the entry also answered one
    without PFS, whose rekeys it would then refuse)."""
    RENDERS.next_tunnel()
    findings = sort_findings([f for f in engine_findings if f.code != "NO_INITIATOR"])
    prover = Prover(view, azure_end, findings, PROOF_RULES, baseline)
    out = []
    for finding in findings:
        finding = prove_and_render(finding, prover, (view, azure_end), {})
        asa_lines = finding.remediation.get("asa")
        prefix = _entry_label(view) + " "
        if isinstance(asa_lines, list) and any(line.startswith(("access-list ", "no access-list ")) for line in asa_lines):
            # the crypto ACL of a dynamic entry is every answered peer's: a line of it removed or widened for this peer
            # changes what the others may negotiate, which no end of the run stands for (do no harm)
            del finding.remediation["asa"]
            finding.proof["asa"] = {"proven": False, "reason": (
                "not shown: the change is to access-list %s, the crypto ACL of %s, which every peer it answers "
                "negotiates with (no end of this run stands for them); change it by hand, or give %s a static entry "
                "with its own ACL" % (view.ref.get("acl"), _entry_label(view), azure_end.local_address or "the peer"))}
        elif isinstance(asa_lines, list) and any(line.startswith(prefix) for line in asa_lines) and \
                not _withheld_for_others(finding, prover, view, azure_end, answered_too, baseline, memo):
            finding.remediation["asa"] = list(asa_lines) + [
                "! %s answers every peer no static crypto map entry serves (here by tunnel-group %s): this change "
                "applies to each of them; check they can take it, or give %s a static entry with it"
                % (_entry_label(view), group, azure_end.local_address or "the Azure gateway")]
        elif group == DEFAULT_L2L_GROUP and isinstance(asa_lines, list) and any(
                line.lstrip("! ").startswith("tunnel-group %s " % DEFAULT_L2L_GROUP) for line in asa_lines):
            finding.remediation["asa"] = list(asa_lines) + [
                "! %s serves every L2L peer without a tunnel-group of its own: this change applies to each of them; "
                "or give %s its own: tunnel-group %s type ipsec-l2l" % (
                    DEFAULT_L2L_GROUP, azure_end.local_address or "the Azure gateway",
                    azure_end.local_address or "<gateway address>")]
        out.append(finding)
    # the authentication of the peer's tunnel-group as a static entry's is said (compat: auth_missing_said_once)
    out, config = auth_missing_said_once(out, _group_findings(view))
    return out + config


# The connections a withheld change to a dynamic entry would break that its reason names; the rest are counted
BROKEN_NAMED = 3


def _withheld_for_others(finding, prover, view, azure_end, answered_too, baseline, memo=None):
    """Whether the finding's ASA fix (a change to the dynamic entry ``view``) was taken back because it would break
    another connection the entry answers (or its fixed model could not be rebuilt to tell): the proof then says which,
    and that a static entry for this peer carries the change to it alone."""
    if not answered_too:
        return False
    memo = {} if memo is None else memo
    fixed = _fixed_entry(prover, finding)
    broken = _broken_by(fixed, answered_too, baseline, memo) if fixed is not None else \
        [other.name + " (not checked)" for other, _today in answered_too]
    if not broken:
        return False
    del finding.remediation["asa"]
    this = "connection %s of gateway %s" % (azure_end.name, azure_end.local_address)
    named, where = broken[:BROKEN_NAMED], ""
    if len(broken) > BROKEN_NAMED:
        # every connection the entry answers withholds the same change naming the others: listed in full each time the
        # report grew as k*k (100 connections, 50 names in each of 50 findings). The full list is kept once per change
        # for the run, in the proof's "breaks" of the first connection that withholds it; the others name that one.
        key = ("broken listed", _change_key(fixed) if fixed is not None else None, _entry_label(view), id(baseline))
        held = memo.get(key)
        if held is None or held[0] is not baseline:
            held = memo[key] = (baseline, this)
        named.append("and %d more connection(s) (all %d listed in the proof's 'breaks' of this finding%s)" % (
            len(broken) - BROKEN_NAMED, len(broken), "" if held[1] == this else " for %s" % held[1]))
        where = held[1]
    finding.proof["asa"] = {"proven": False, "reason": (
        "not shown: the change to %s would break what it answers for %s; give %s a static crypto map entry with the "
        "change instead, which applies to that peer alone" % (
            _entry_label(view), "; ".join(named), azure_end.local_address or "the peer"))}
    if len(broken) <= BROKEN_NAMED or where == this:
        finding.proof["asa"]["breaks"] = list(broken)
    return True


def _no_initiator(azure_end, evidence, label, asa, said, view, baseline):
    """NO_INITIATOR: Azure only answers, the dynamic map only answers. Azure's fix (connectionMode Default) is shown
    only where the engine, run again on the model with it, clears NO_INITIATOR and brings nothing new; the ASA's own fix
    (a static entry) is a person's: a dynamic entry never initiates."""
    findings = check_tunnel(view, azure_end, baseline)
    target = next((f for f in findings if f.code == "NO_INITIATOR"), None)
    remediation, proof = {}, {}
    if target is not None:
        prover = Prover(view, azure_end, findings, PROOF_RULES, baseline)
        proven = prover.prove(target, {"azure": [intent("initiator")]})
        proof["azure"] = {"proven": proven["proven"], "reason": proven["reason"]}
        if proven["proven"]:
            remediation["azure"] = RENDERS.render("azure", azure_end, proven["fixes"]["azure"], proven["fixed"]["azure"])
    gw = azure_end.local_address or "the Azure gateway's public IP"
    remediation["asa"] = ["! Or give peer %s a static crypto map entry before %s, which the ASA can start from: "
                          "crypto map %s <seq below %s> match address <acl> / set peer %s / set ikev2 ipsec-proposal "
                          "<proposal>" % (gw, label, evidence.get("crypto_map"), evidence.get("seq"), gw)]
    return Finding(
        code="NO_INITIATOR",
        severity=ERROR,
        phase="ike_init",
        summary="Azure connection %s only answers IKE (connectionMode ResponderOnly), and the ASA serves peer %s only "
                "through %s, which answers but never initiates: neither starts IKE_SA_INIT and the tunnel never comes "
                "up." % (azure_end.name, gw, label),
        evidence={"azure": dict(said, lines=[line.to_dict() for line in azure_end.mode_source]), "asa": asa},
        remediation=remediation,
        proof=proof,
    )
