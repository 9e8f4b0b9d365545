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
the dynamic entry. Its crypto is not modelled: the finding says so (review 2026-12-07: this was PEER_NOT_FOUND, "the
tunnel cannot come up", of a tunnel that works, and NO_INITIATOR was never said).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.fix_rendering import PROOF_RULES, RENDERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import MODE_RESPONDER_ONLY, ConfigLine, TunnelEnd
from ansible_collections.vpnalign.s2s.plugins.module_utils.pairing_findings import DEFAULT_L2L_GROUP, gateway_group_among
from ansible_collections.vpnalign.s2s.plugins.module_utils.proof import Prover


def _dynamic_evidence(finding):
    """The ASA evidence of a dynamic crypto map entry's finding (parser.crypto_maps.dynamic_entries), or None."""
    evidence = finding.evidence.get("asa") or {}
    if finding.code != "UNSUPPORTED_CONSTRUCT" or not evidence.get("dynamic_map"):
        return None
    return evidence


def dynamic_maps_serving(asa_wide, azure_end):
    """The ASA-wide findings naming a dynamic crypto map entry that answers ``azure_end``: on the interface whose address
    is the one the connection expects the ASA at (or one the text does not state), with a tunnel-group the gateway lands
    in (its address or DefaultL2LGroup; any, when the facts name fewer groups than there are). The ASA picks an L2L
    tunnel-group by the peer's IKE identity, and Azure sends its public address (as pairing_findings.dvti_may_serve)."""
    out = []
    for finding in asa_wide:
        evidence = _dynamic_evidence(finding)
        if evidence is None:
            continue
        address = evidence.get("interface_address")
        if not evidence.get("interface") or (address and azure_end.peer_address and address != azure_end.peer_address):
            continue  # a map bound to no interface answers nobody; one on another address is not where Azure sends
        if gateway_group_among(evidence, azure_end.local_address):
            out.append(finding)
    return out


def _label(evidence):
    return "crypto map %s %s (dynamic map %s)" % (evidence.get("crypto_map"), evidence.get("seq"), evidence.get("dynamic_map"))


def _lines(findings):
    return [line for f in findings for line in (f.evidence.get("asa") or {}).get("lines") or ()]


def _responder_view(evidence, azure_end, lines):
    """The dynamic entry as the engine sees its part in who starts the tunnel: an ASA end that only answers. Nothing
    else of it is modelled (its crypto is checked by nobody), so only NO_INITIATOR is read from its findings."""
    source = tuple(ConfigLine(line.get("line"), line.get("text", "")) for line in lines if isinstance(line, dict))
    return TunnelEnd(vendor="asa", name=_label(evidence), ref={"kind": "dynamic_map"},
                     local_address=azure_end.peer_address, peer_address=azure_end.local_address,
                     mode=MODE_RESPONDER_ONLY, mode_source=source)


def served_by_dynamic_map(azure_end, serving, baseline=None):
    """The finding for a connection no ASA end pairs with, that ``serving`` (dynamic_maps_serving) answer."""
    evidence = _dynamic_evidence(serving[0])
    label, lines = _label(evidence), _lines(serving)
    groups = evidence.get("tunnel_groups") or ()
    group = azure_end.local_address if azure_end.local_address in groups else DEFAULT_L2L_GROUP
    asa = {"crypto_map_peers": [], "dynamic_maps": [_label(f.evidence["asa"]) for f in serving], "lines": lines,
           "tunnel_group": group, "mode": "responder-only (a dynamic crypto map never initiates)"}
    said = {"peer_address": azure_end.peer_address, "gateway_address": azure_end.local_address,
            "connection_mode": azure_end.mode}
    if azure_end.mode == MODE_RESPONDER_ONLY:
        return _no_initiator(azure_end, evidence, label, asa, said, lines, baseline)
    gw = azure_end.local_address or "the Azure gateway's public IP"
    return Finding(
        code="PEER_NOT_FOUND",
        severity=WARNING,
        phase="config",
        summary="Azure connection %s expects its peer at %s, and no static crypto map entry or tunnel interface of the "
                "ASA is for %s; %s answers it (tunnel-group %s) but never initiates, so the tunnel comes up only when "
                "Azure starts it, as its connectionMode lets it. Its crypto is not modelled: this tunnel is not "
                "checked." % (azure_end.name, azure_end.peer_address, gw, label, group),
        evidence={"azure": said, "asa": asa},
        remediation={"asa": ["! Check by hand that %s and tunnel-group %s accept peer %s with this connection's key "
                             "and crypto; for a checked tunnel the ASA can also start, give the peer a static entry "
                             "before it: crypto map %s <seq below %s> match address <acl> / set peer %s / set ikev2 "
                             "ipsec-proposal <proposal>, and tunnel-group %s"
                             % (label, group, gw, evidence.get("crypto_map"), evidence.get("seq"), gw, gw)]},
    )


def _no_initiator(azure_end, evidence, label, asa, said, lines, baseline):
    """NO_INITIATOR: Azure only answers, the dynamic map only answers. Azure's fix (connectionMode Default) is shown
    only where the engine, run again on the model with it, clears NO_INITIATOR and brings nothing new; the ASA's own fix
    (a static entry) is a person's, as its crypto is not modelled."""
    view = _responder_view(evidence, azure_end, lines)
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
