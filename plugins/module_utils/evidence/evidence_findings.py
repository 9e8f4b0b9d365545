# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings that only the evidence can give (issue 14): IKE_NO_RESPONSE, REKEY_COLLISION,
SA_EXPIRED_WITHOUT_REKEY.

Plain Python, no Ansible import. The check reads configuration; these three failures are about the path
or the timing of the two ends, so no configuration finding names them. ``evidence_findings(signals, ...)``
turns the observations of those kinds (signals.py) into findings marked ``"from": "evidence"``, with the
evidence lines, an explanation and what to check on each end. They never change the tunnel's verdict, the
gate or report.xml: the configuration decides, the evidence explains.

Where the evidence is ambiguous the finding is not given or is milder, and the rule is in ``explanation``:
- a request sent once with the text ending before any answer or retransmission is not IKE_NO_RESPONSE (the
  capture may just end); a request retransmitted and then answered is not either (it is an ``ok`` exchange);
- a collision the protocol resolved is info; it is a warning when the same evidence shows an SA lost with it
  (INVALID_SPI for an SA one end deleted, an SA expiring, one-way traffic);
- an SA that expired after a rekey was attempted (refused, unanswered or collided) is not "without rekey":
  the refusal is the cause and is listed (or confirms a finding) on its own.
"""

FROM_EVIDENCE = "evidence"
_NOT_THE_VERDICT = ("A finding from the evidence only: it does not change the tunnel's verdict, the gate or report.xml "
                    "(the configuration decides whether the tunnel passes; the evidence explains an outage).")
# Exchanges that are a rekey attempt (signals' exchange_kind)
_REKEY_KINDS = ("child_rekey", "ike_rekey", "create_child_sa")
# Observations that show an SA lost around a collision
_HARM_KINDS = ("invalid_spi", "lifetime_expiry", "one_way", "no_sa")

NEXT_STEPS = {
    "IKE_NO_RESPONSE": {
        "asa": "check that UDP 500 and 4500 (and ESP, IP protocol 50, when NAT-T is not used) from the Azure gateway's "
               "public address reach the ASA's outside interface and that replies leave it (capture on the outside "
               "interface, packet-tracer for udp/500 and udp/4500 from the peer, ACLs and any device in front); "
               "check `crypto ikev2 enable` on that interface and the peer address in the crypto map or tunnel",
        "azure": "check the local network gateway's gatewayIpAddress is the ASA's public address, that the VPN gateway "
                 "is provisioned and its public IP is the one the ASA peers with (VPN troubleshoot: PeerReachability); "
                 "an NSG does not apply to the GatewaySubnet's IKE traffic but a forced route or firewall in front of "
                 "the ASA does",
        "path": "a NAT device between the ends must pass UDP 4500 both ways once NAT is detected (RFC 3948); an ISP "
                "or firewall that drops UDP 500/4500 gives exactly this picture",
    },
    "REKEY_COLLISION": {
        "asa": "nothing to change for a single collision the protocol resolved; if collisions repeat, give the ASA a "
               "Child SA lifetime clearly different from Azure's so that one end always rekeys first "
               "(`set security-association lifetime seconds`), and check `show crypto ipsec sa` for two SAs or "
               "none after the collision",
        "azure": "if collisions repeat, set the connection's IPsec policy saLifeTimeSeconds clearly different from the "
                 "ASA's; check getikesas for one quick mode SA per selector pair after the collision. How the Azure "
                 "gateway resolves a collision is not documented in any source this project holds",
    },
    "SA_EXPIRED_WITHOUT_REKEY": {
        "asa": "check that the ASA rekeys before the hard lifetime (the crypto map or IPsec profile lifetime in "
               "seconds and kilobytes, `show crypto ipsec sa` remaining key lifetime) and whether it is set to answer "
               "only (`set connection-type answer-only`, VTI `responder-only`), which leaves the rekey to Azure",
        "azure": "check the connection's saLifeTimeSeconds / saDataSizeKilobytes and connectionMode (ResponderOnly "
                 "leaves the rekey to the ASA); getikesas shows each SA's elapsedTimeInseconds against its "
                 "lifeTimeSeconds",
        "capture": "capture the IKEv2 debug (ASA) or IKEDiagnosticLog (Azure) over the lifetime's end: a rekey that "
                   "was started and refused points at PFS_MISMATCH or CHILD_NO_COMMON_PROPOSAL instead",
    },
}


def _harm(signals):
    return [s for s in signals if s["kind"] in _HARM_KINDS and s.get("abnormal")]


def _rekey_attempts(signals):
    return [s for s in signals if s.get("exchange_kind") in _REKEY_KINDS or s["kind"] == "rekey_collision"]


def _rekeyed(expiry, attempts):
    """A rekey of the expired SA's kind (Child SA or IKE SA) was attempted somewhere in the evidence."""
    wanted = set(expiry.get("phases") or ["child_rekey"])
    for attempt in attempts:
        kind = attempt.get("exchange_kind")
        phases = {kind} if kind in ("child_rekey", "ike_rekey") else set(attempt.get("phases") or []) or \
            {"child_rekey", "ike_rekey"}
        if phases & wanted:
            return True
    return False


def _is_no_response(signal):
    """An unanswered request that is evidence the peer is not answering: retransmitted at least once (a debug or
    charon exchange), given up on, sent repeatedly (Azure's IKE log) or unreachable (VPN troubleshoot)."""
    if signal["kind"] != "no_answer":
        return False
    if signal["source"] in ("debug", "charon") and signal.get("exchange"):
        return bool(signal.get("retransmits"))
    return True


def _phase(signals, default):
    for signal in signals:
        kind = signal.get("exchange_kind")
        if kind in ("ike_init", "ike_auth"):
            return "ike_init"
        if kind in ("child_rekey", "ike_rekey"):
            return kind
        if kind == "informational":
            return "traffic"
    phases = [p for s in signals for p in s.get("phases") or []]
    return phases[0] if phases else default


def evidence_findings(signals, context, evidence_of):
    """The findings the observations ``signals`` (this tunnel's, not used by a configuration finding nor the
    effect of a confirmed one) give, and the ids of the signals they use. ``context`` is all of this tunnel's
    observations (an SA lost with a collision, a rekey attempted before an expiry may be the effect of a
    confirmed finding); ``evidence_of(signal)`` is the evidence entry of one signal (correlate._evidence)."""
    found, used = [], set()

    unanswered = [s for s in signals if _is_no_response(s)]
    if unanswered:
        phase = _phase(unanswered, "ike_init")
        found.append(_finding(
            "IKE_NO_RESPONSE", "error", phase, unanswered, evidence_of,
            "IKE requests to the peer were sent again and again and never answered in this evidence (%d observation(s)): "
            "the requests do not reach the peer or its answers do not come back - UDP 500/4500 blocked on the path, "
            "NAT-T broken between the ends, or the peer down. A request retransmitted once and then answered is not "
            "this finding, nor a request sent once with the capture ending before any retransmission. No configuration "
            "finding covers the path. %s" % (len(unanswered), _NOT_THE_VERDICT)))
        used.update(id(s) for s in unanswered)

    collisions = [s for s in signals if s["kind"] == "rekey_collision"]
    if collisions:
        harm = _harm(context)
        severity = "warning" if harm else "info"
        outcome = ("the same evidence shows an SA lost with it (%s): the collision was not resolved cleanly - "
                   "both ends may have deleted the surviving SA or kept different ones" % ", ".join(
                       sorted({h["kind"] for h in harm}))) if harm else \
            "nothing in this evidence shows an SA lost with it: resolved as the protocol intends, normally harmless"
        found.append(_finding(
            "REKEY_COLLISION", severity, _phase(collisions, "child_rekey"), collisions, evidence_of,
            "Both ends rekeyed the same SA at once. RFC 7296 s2.8.1: the SA created with the lowest of the four nonces "
            "is deleted by the end that created it, and the other one is kept; the ASA's 750005 message says which SA "
            "it deletes. Here %s. It is a problem when it repeats (equal lifetimes on both ends make both rekey at the "
            "same moment) or when an SA is lost with it. %s" % (outcome, _NOT_THE_VERDICT)))
        used.update(id(s) for s in collisions)

    attempts = _rekey_attempts(context)
    expired = [s for s in signals if s["kind"] == "lifetime_expiry" and not _rekeyed(s, attempts)]
    if expired:
        closed = [s for s in expired if s["source"] != "azure_ike_sas"]
        severity = "error" if closed else "warning"
        found.append(_finding(
            "SA_EXPIRED_WITHOUT_REKEY", severity, _phase(expired, "child_rekey"), expired, evidence_of,
            "An SA reached its hard lifetime and no rekey of it was started in this evidence: %s. Neither end rekeyed "
            "in time (a rekey margin or data limit never reached, an end that only answers, or the end that should "
            "rekey had no traffic or lost its state). An expiry after a refused, unanswered or collided rekey is not "
            "this finding: the refusal is the cause. %s"
            % ("traffic stops until a new SA is negotiated" if closed else
               "the IKE SA is still listed past its lifetime (Azure getikesas), not rekeyed yet", _NOT_THE_VERDICT)))
        used.update(id(s) for s in expired)
    return found, used


def _finding(code, severity, phase, signals, evidence_of, explanation):
    # imported here: findings.py imports the report renderers, which import this package
    from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import CATALOG  # pylint: disable=import-outside-toplevel

    return {"code": code, "severity": severity, "phase": phase, "from": FROM_EVIDENCE, "summary": CATALOG[code],
            "explanation": explanation, "evidence": [evidence_of(s) for s in signals],
            "next_steps": dict(NEXT_STEPS[code])}
