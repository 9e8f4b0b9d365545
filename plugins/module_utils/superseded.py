# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixes of one tunnel that a user would paste one after the other, and that replace or undo each other.

A config finding's printed fix that the tunnel's proven engine fix makes wrong. An adapter's config finding is judged
on its own device: "crypto map entry 2 sets peer 203.0.113.21 but there is no
tunnel-group 203.0.113.21" comes with the tunnel-group for .21. Paired with Azure at .20, the engine finds the peer
itself wrong (PEER_ADDRESS_MISMATCH) and its proven fix moves the peer, with the tunnel-group for .20. The config fix
would build a tunnel-group for the mistyped address, with no key (review 2026-12-05: pasted alone it left the mismatch
and added two AUTH_MISMATCH errors).

Azure fixes that each set the connection's whole IPsec policy, differently: each is proven against today's policy,
and pasted in report order the last one wins (review 2026-12-05: an info finding's lifetime fix wrote PFS24 back over
the PFS_MISMATCH error's fix). Each such fix then says so and names the others. Plain Python, no Ansible import.
"""

import dataclasses
import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING


def without_superseded_fixes(config_findings, engine_findings, asa_end):
    """``config_findings`` with the ASA fix taken off a PEER_NOT_FOUND about the tunnel's own peer address where an
    engine PEER_ADDRESS_MISMATCH moves that peer with a shown fix; the others as they are (copies are made, the
    findings may be shared by several tunnels)."""
    moved = any(f.code == "PEER_ADDRESS_MISMATCH" and f.remediation.get("asa")
                and (f.evidence.get("asa") or {}).get("peer_address") == asa_end.peer_address for f in engine_findings)
    if not moved:
        return config_findings
    out = []
    for finding in config_findings:
        if finding.code == "PEER_NOT_FOUND" and finding.remediation.get("asa") \
                and (finding.evidence.get("asa") or {}).get("peer") == asa_end.peer_address:
            remediation = {k: v for k, v in finding.remediation.items() if k != "asa"}
            proof = dict(finding.proof, asa={
                "proven": False,
                "reason": "not shown: %s is not the peer's address; the fix for PEER_ADDRESS_MISMATCH moves the peer "
                          "and adds the tunnel-group for the right one" % asa_end.peer_address})
            finding = dataclasses.replace(finding, remediation=remediation, proof=proof)
        out.append(finding)
    return out


def with_property_fixes_agreed(config_findings, engine_findings):
    """``config_findings`` (an Azure export's, not proven) with the Azure fix of one that sets a connection property a
    proven engine fix of the tunnel sets too, to another value, replaced by that proven fix: a user pasting both set
    the property twice (review 2026-12-05: AZURE_POLICY_INVALID set dpdTimeoutSeconds to 45, DPD_MISMATCH's proven fix
    to 30). The proven value is one the engine's model of Azure takes, inside Azure's range (azure/session.py)."""
    proven = {}
    for finding in engine_findings:
        fix = finding.remediation.get("azure")
        if isinstance(fix, dict) and (finding.proof.get("azure") or {}).get("proven"):
            properties = (fix.get("connection") or {}).get("properties") or {}
            proven.setdefault(tuple(sorted(properties)), (finding, fix))
    out = []
    for finding in config_findings:
        fix = finding.remediation.get("azure")
        properties = ((fix.get("connection") or {}).get("properties") or {}) if isinstance(fix, dict) else {}
        found = proven.get(tuple(sorted(properties))) if properties and "ipsecPolicies" not in properties else None
        if found is not None and found[1]["connection"]["properties"] != properties:
            other, agreed = found
            note = "the proven fix of %s %s, which sets %s inside Azure's range too" % (
                other.severity.upper(), other.code, ", ".join(sorted(properties)))
            finding = dataclasses.replace(finding, remediation=dict(finding.remediation, azure=dict(agreed, note=" ".join(
                n for n in (agreed.get("note"), "This is " + note + ".") if n))))
        out.append(finding)
    return out


def with_policy_fixes_checked(config_findings, new_if_applied, intents_of, rules_broken=None, left_if_applied=None,
                              removal_brings=None, property_intents=None):
    """``config_findings`` (an Azure export's, not proven) with the Azure fix of one that sets the connection's IPsec
    policy taken off where that policy, applied to the model of the connection (``intents_of``: policy -> intents, or
    None when the model cannot read it), brings the tunnel a new error or warning against its peer
    (``new_if_applied``: Prover.new_if_applied). A config finding's fix is drawn from the connection alone: review s45 B,
    ikeEncryption AES256 with ikeIntegrity GCMAES256 was "fixed" to GCMAES256 IKE encryption against an ASA on
    AES-CBC-256, and the tunnel pasted with it never came up.

    A fix that passes is proven (its proof says so, as an engine fix's does) when its policy, re-read by the adapter's
    policy rules (``rules_broken``: policy -> what they find in it), keeps them too: AZURE_POLICY_INVALID is then
    cleared and the tunnel gets nothing new (review: such a fix had an empty proof, so it was not labelled proven).

    A finding with alternatives (another GCM pairing, another of several ipsecPolicies entries), given
    ``left_if_applied`` (Prover.left_if_applied), shows the candidate whose policy the model reads, keeps Azure's rules
    (``rules_broken``), brings nothing new and leaves the tunnel the fewest errors, then warnings; the first on a tie.
    The first alone was kept while it brought nothing new: of two ipsecPolicies entries, the first was written even
    where it broke Azure's rules or failed against the peer and the second negotiated.

    A fix that removes the policy (``ipsecPolicies`` []: a Basic or PolicyBased gateway takes none), given
    ``removal_brings`` (() -> what the tunnel gets new with the connection on Azure's default policy), is taken off as
    above when that brings something, else proven: it was shown unchecked, and against an ASA without DH group 2 the
    default policy never comes up.

    A fix that sets a connection property ``property_intents`` (properties -> intents, or None) turns into intents
    (dpdTimeoutSeconds inside Azure's range) is tried the same way: taken off when it brings something, else proven (it
    was shown with an empty proof, not labelled proven)."""
    out = []
    for finding in config_findings:
        if removal_brings is not None and _removes_policy(finding.remediation.get("azure")):
            out.append(_removal_checked(finding, removal_brings()))
            continue
        intents = property_intents(_properties(finding.remediation.get("azure"))) if property_intents else None
        if intents:
            out.append(_property_checked(finding, intents, new_if_applied({"azure": intents})))
            continue
        best = _best_candidate(finding, new_if_applied, intents_of, rules_broken, left_if_applied)
        if best is not None and best is not finding.remediation.get("azure"):
            finding = dataclasses.replace(finding, remediation=dict(finding.remediation, azure=best))
        new = _new_if_fixed(finding.remediation.get("azure"), new_if_applied, intents_of)
        for alternative in finding.alternatives.get("azure", ()) if new else ():
            # another fix of the same finding (a GCM pairing made the other way: azure/tables.gcm_pairings) that suits
            # the peer is shown instead (review s47 B: none was shown though one was valid and negotiated)
            if isinstance(alternative, dict) and "connection" in alternative and \
                    not _new_if_fixed(alternative, new_if_applied, intents_of):
                finding = dataclasses.replace(finding, remediation=dict(finding.remediation, azure=alternative))
                new = []
                break
        if new:
            remediation = {k: v for k, v in finding.remediation.items() if k != "azure"}
            proof = dict(finding.proof, azure={
                "proven": False,
                "reason": "not shown: applied to the model it clears %s but brings %s." % (finding.code, "; ".join(
                    "%s %s (%s)" % (f.severity, f.code, f.summary) for f in new[:2]))})
            finding = dataclasses.replace(finding, remediation=remediation, proof=proof)
        elif rules_broken is not None:
            finding = _proven_if_kept(finding, intents_of, rules_broken)
        out.append(finding)
    return out


def _removes_policy(fix):
    """Whether an Azure fix (a config finding's, flat or rendered) removes the connection's custom IPsec policy."""
    if not isinstance(fix, dict):
        return False
    properties = (fix.get("connection") or {}).get("properties") or {} if isinstance(fix.get("connection"), dict) else fix
    return isinstance(properties, dict) and properties.get("ipsecPolicies") == []


def _properties(fix):
    """The connection properties a rendered Azure fix sets, or None."""
    connection = fix.get("connection") if isinstance(fix, dict) else None
    return connection.get("properties") if isinstance(connection, dict) else None


def _property_checked(finding, intents, new):
    """``finding`` with its Azure property fix (``intents``, checked: ``new``) taken off or proven."""
    changed = ", ".join("%s %s" % (k, v) for k, v in sorted(_properties(finding.remediation["azure"]).items()))
    if new:
        remediation = {k: v for k, v in finding.remediation.items() if k != "azure"}
        return dataclasses.replace(finding, remediation=remediation, proof=dict(finding.proof, azure={
            "proven": False,
            "reason": "not shown: %s, applied to the model, clears %s but brings %s." % (changed, finding.code, "; ".join(
                "%s %s (%s)" % (f.severity, f.code, f.summary) for f in new[:2]))}))
    return dataclasses.replace(finding, proof=dict(finding.proof, azure={
        "proven": True,
        "reason": "proven: %s is inside Azure's range, so it clears %s, and applied to the model of the connection it "
                  "brings no new error or warning against the peer." % (changed, finding.code)}))


def _removal_checked(finding, new):
    """``finding`` with its policy-removing Azure fix taken off, the proof saying what the default policy brings
    (``new``), or proven when it brings nothing."""
    if new:
        remediation = {k: v for k, v in finding.remediation.items() if k != "azure"}
        return dataclasses.replace(finding, remediation=remediation, proof=dict(finding.proof, azure={
            "proven": False,
            "reason": "not shown: removing the custom IPsec policy leaves the connection on Azure's default policy, "
                      "which, applied to the model, clears %s but brings %s. Keep the policy on a gateway that takes "
                      "one instead: RouteBased, SKU VpnGw1 or higher (a Basic gateway is deleted and created anew)."
                      % (finding.code, "; ".join("%s %s (%s)" % (f.severity, f.code, f.summary) for f in new[:2]))}))
    return dataclasses.replace(finding, proof=dict(finding.proof, azure={
        "proven": True,
        "reason": "proven: removing the custom IPsec policy leaves the connection on Azure's default policy, which, "
                  "applied to the model, brings no new error or warning against the peer."}))


def _best_candidate(finding, new_if_applied, intents_of, rules_broken, left_if_applied):
    """The Azure fix of ``finding`` or one of its alternatives that with_policy_fixes_checked shows (see there), or
    None when there is no choice to make (no alternatives, no ``left_if_applied``) or no candidate qualifies."""
    alternatives = finding.alternatives.get("azure") or ()
    if left_if_applied is None or not alternatives:
        return None
    best, best_key = None, None
    candidates = [finding.remediation.get("azure")] + list(alternatives)
    for order, fix in enumerate(candidates):
        policy = _one_policy(fix)
        intents = intents_of(policy) if policy is not None else None
        if not intents or (rules_broken is not None and rules_broken(policy)) or new_if_applied({"azure": intents}):
            continue
        left = left_if_applied({"azure": intents})
        key = (sum(1 for f in left if f.severity == ERROR), sum(1 for f in left if f.severity == WARNING), order)
        if best_key is None or key < best_key:
            best, best_key = fix, key
    return best


def _proven_if_kept(finding, intents_of, rules_broken):
    """``finding`` with its Azure proof said when its fix (checked: it brings the tunnel nothing new) writes one policy
    the model reads and that keeps Azure's policy rules; as it is otherwise."""
    policy = _one_policy(finding.remediation.get("azure"))
    if policy is None or not intents_of(policy) or rules_broken(policy):
        return finding
    return dataclasses.replace(finding, proof=dict(finding.proof, azure={
        "proven": True,
        "reason": "proven: the IPsec policy this fix writes keeps Azure's policy rules, so it clears %s, and applied "
                  "to the model of the connection it brings no new error or warning against the peer." % finding.code}))


def _one_policy(fix):
    policies = ((fix.get("connection") or {}).get("properties") or {}).get("ipsecPolicies") \
        if isinstance(fix, dict) else None
    return policies[0] if isinstance(policies, list) and len(policies) == 1 else None


def policy_seeds(config_findings, new_if_applied, intents_of, rules_broken=None, left_if_applied=None):
    """{"azure": (code, intents)} of the first of ``config_findings`` (an Azure export's, most severe first) whose Azure
    fix sets the connection's IPsec policy and, checked as with_policy_fixes_checked checks it, brings the tunnel no new
    error or warning: the plans take it first (proof.TunnelPlan), so the tunnel's plan for Azure and align write that
    policy, not one of the other end's values that no proof saw. {} when there is none."""
    for finding in with_policy_fixes_checked(config_findings, new_if_applied, intents_of, rules_broken, left_if_applied):
        fix = finding.remediation.get("azure")
        policies = ((fix.get("connection") or {}).get("properties") or {}).get("ipsecPolicies") \
            if isinstance(fix, dict) else None
        intents = intents_of(policies[0]) if isinstance(policies, list) and len(policies) == 1 else None
        if intents:
            return {"azure": (finding.code, intents)}
    return {}


def _new_if_fixed(fix, new_if_applied, intents_of):
    """What a config finding's Azure fix that sets the connection's IPsec policy brings the tunnel (Prover.new_if_applied);
    [] for a fix that sets no policy or one the model cannot read."""
    policies = ((fix.get("connection") or {}).get("properties") or {}).get("ipsecPolicies") \
        if isinstance(fix, dict) else None
    intents = intents_of(policies[0]) if isinstance(policies, list) and len(policies) == 1 else None
    return new_if_applied({"azure": intents}) if intents else []


def with_policy_conflicts_said(findings):
    """``findings`` (rendered) with a note on each Azure fix that sets the IPsec policy to one of two or more different
    policies: Azure holds one policy per connection, so making a second undoes the first. The tunnel's plan for Azure
    alone composes them (fix_rendering.plan_remediation)."""
    setting = []
    for index, finding in enumerate(findings):
        fix = finding.remediation.get("azure")
        policies = ((fix.get("connection") or {}).get("properties") or {}).get("ipsecPolicies") \
            if isinstance(fix, dict) else None
        if policies is not None:
            setting.append((index, json.dumps(policies, sort_keys=True)))
    if len({policy for _i, policy in setting}) < 2:
        return findings
    out = list(findings)
    for index, policy in setting:
        others = [findings[i] for i, other in setting if other != policy]
        names = ", ".join(dict.fromkeys("%s %s" % (f.severity.upper(), f.code) for f in others))
        note = ("Azure holds one IPsec policy per connection and this fix sets it whole; the fix for %s sets a "
                "different one, so making both leaves only the last: make the one of the most severe finding and run "
                "the check again, or take a plan for the tunnel below (each sets one policy for all the findings it fixes)." % names)
        fix = dict(findings[index].remediation["azure"])
        fix["note"] = " ".join(n for n in (fix.get("note"), note) if n)
        out[index] = dataclasses.replace(findings[index], remediation=dict(findings[index].remediation, azure=fix))
    return out


def auth_missing_said_once(engine_findings, config_findings):
    """(``engine_findings``, ``config_findings``) with an ASA's missing-authentication AUTH_MISMATCH (its tunnel-group
    has no IKE authentication in one or both directions, evidence ``missing``) folded into the engine's AUTH_MISMATCH
    that found the ASA authenticating with nothing: one error for one tunnel, saying both directions and citing the
    tunnel-group, with the engine's proven fix (review 2026-12-07: a tunnel-group with no authentication lines was two
    AUTH_MISMATCH errors). Copies are made, the config findings may be shared by several tunnels."""
    said = [f for f in config_findings if f.code == "AUTH_MISMATCH" and "missing" in (f.evidence.get("asa") or {})]
    found = [i for i, f in enumerate(engine_findings) if f.code == "AUTH_MISMATCH"
             and "method" in (f.evidence.get("asa") or {}) and f.evidence["asa"]["method"] is None]
    if not said or not found:
        return engine_findings, config_findings
    config = said[0]
    out = list(engine_findings)
    engine = out[found[0]]
    engine_asa = engine.evidence["asa"]
    lines = list(config.evidence["asa"].get("lines") or []) + [
        line for line in engine_asa.get("lines") or [] if line not in (config.evidence["asa"].get("lines") or [])]
    evidence = dict(engine.evidence, asa=dict(config.evidence["asa"], method=None, lines=lines))
    out[found[0]] = dataclasses.replace(engine, summary="%s %s" % (config.summary, engine.summary), evidence=evidence,
                                        scope=list(dict.fromkeys(list(engine.scope) + list(config.scope))))
    return out, [f for f in config_findings if f is not config]
