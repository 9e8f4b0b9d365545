# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the parsed evidence shows, as observations that point at finding codes.

Plain Python, no Ansible import. An observation (``signal``): ``kind``, ``source`` (debug, syslog,
counters), ``time``, ``lines``, ``peer``, ``codes`` (findings it confirms), ``phases`` (the finding
phases it speaks of), ``contradicts`` (findings it shows did not happen), ``consequence_of`` (findings
that explain it as their effect), ``abnormal`` (a failure worth explaining) and ``says``, a sentence
with ``{peer}``/``{local}`` left for the caller to name the ends.

The mapping follows RFC 7296 and DESIGN.md's negotiation semantics: a notify in the response to a
request says why that request failed; INVALID_KE_PAYLOAD at IKE_SA_INIT is a DH guess that costs a
round trip and is not a failure, on a Child SA CREATE_CHILD_SA it is a PFS disagreement.
"""

import re

# (notify, exchange kind) -> (finding codes, finding phases); kind "*" is any exchange.
NOTIFY_FINDINGS = {
    ("NO_PROPOSAL_CHOSEN", "ike_init"): (["IKE_NO_COMMON_PROPOSAL"], ["ike_init"]),
    ("NO_PROPOSAL_CHOSEN", "ike_auth"): (["CHILD_NO_COMMON_PROPOSAL"], ["child_init"]),
    ("NO_PROPOSAL_CHOSEN", "ike_rekey"): (["IKE_NO_COMMON_PROPOSAL"], ["ike_rekey"]),
    # A responder that demands PFS answers a rekey without KE with NO_PROPOSAL_CHOSEN (strongSwan oracle).
    ("NO_PROPOSAL_CHOSEN", "child_rekey"): (["CHILD_NO_COMMON_PROPOSAL", "PFS_MISMATCH"], ["child_rekey"]),
    ("NO_PROPOSAL_CHOSEN", "child_create"): (["CHILD_NO_COMMON_PROPOSAL", "PFS_MISMATCH"], ["child_init", "child_rekey"]),
    ("NO_PROPOSAL_CHOSEN", "create_child_sa"): (["CHILD_NO_COMMON_PROPOSAL", "PFS_MISMATCH", "IKE_NO_COMMON_PROPOSAL"],
                                                ["child_init", "child_rekey", "ike_rekey"]),
    ("INVALID_KE_PAYLOAD", "child_rekey"): (["PFS_MISMATCH"], ["child_rekey"]),
    ("INVALID_KE_PAYLOAD", "child_create"): (["PFS_MISMATCH"], ["child_init", "child_rekey"]),
    ("INVALID_KE_PAYLOAD", "create_child_sa"): (["PFS_MISMATCH"], ["child_init", "child_rekey"]),
    ("AUTHENTICATION_FAILED", "*"): (["AUTH_MISMATCH"], ["ike_init", "config"]),
    ("TS_UNACCEPTABLE", "*"): (["TRAFFIC_SELECTOR_MISMATCH"], ["child_init", "child_rekey", "config"]),
}
# Notifies that are not a misconfiguration by themselves.
BENIGN = {
    ("INVALID_KE_PAYLOAD", "ike_init"): "a DH group guess: the initiator retries with the group asked for",
    ("INVALID_KE_PAYLOAD", "ike_rekey"): "a DH group guess on an IKE SA rekey: the initiator retries",
    # RFC 7296 s2.25: the answer to a rekey that collides with one in progress; the sender retries later
    ("TEMPORARY_FAILURE", "child_rekey"): "the answer to a rekey that collided with one in progress: retried later",
    ("TEMPORARY_FAILURE", "ike_rekey"): "the answer to a rekey that collided with one in progress: retried later",
}
# A successful exchange of this kind shows that these findings did not bite (when it ran in that phase).
OK_CONTRADICTS = {
    "ike_init": ["IKE_NO_COMMON_PROPOSAL"],
    "ike_auth": ["AUTH_MISMATCH", "CHILD_NO_COMMON_PROPOSAL"],
    "ike_rekey": ["IKE_NO_COMMON_PROPOSAL"],
}
# Failures the evidence shows that no finding code of the check names: why, and where to look.
NO_FINDING = {
    "no_answer": "a request sent once with no answer and no retransmission in the text: the capture may end before "
                 "the answer, so this is not IKE_NO_RESPONSE (a request retransmitted and never answered is); "
                 "capture longer, and look for UDP 500/4500 (and ESP) blocked or NAT-T broken if it repeats",
    "rekey_collision": "REKEY_COLLISION (from the evidence): both ends rekeying the same SA at once is resolved by the "
                       "protocol (RFC 7296 s2.8.1)",
    "lifetime_expiry": "not SA_EXPIRED_WITHOUT_REKEY: a rekey was attempted in this evidence (refused rekey, "
                       "collision or unanswered request); PFS_MISMATCH, CHILD_NO_COMMON_PROPOSAL, IKE_NO_COMMON_PROPOSAL "
                       "at ike_rekey are confirmed alongside when the check reported them",
    "tunnel_down": "no finding code for a disconnect without a stated cause: see the IKE log around that time",
    "gateway_state": "no finding code: a state of the Azure gateway, not of the tunnel's configuration",
    "ike_error": "no finding code for this IKE error: see the IKE log around that time",
    "no_sa": "no finding code: the tunnel is down; the other evidence may say why",
    "aborted": "no finding code for this error text: capture the IKEv2 debug",
    "invalid_spi": "no finding code unless a refused rekey or one-way traffic explains it",
    "bgp_down": "none of the BGP findings was reported for this tunnel: the session went down for a reason the "
                "configuration does not show (peer reset, hold timer, route to the peer lost)",
    "bgp_down_tunnel_down": "no BGP finding: the session went down with its tunnel; why the tunnel went down is the "
                            "question (the tunnel log's disconnect, the IKE log around that time)",
    "dpd_teardown": "DPD_MISMATCH was not reported: the peer really stopped answering (path or device)",
    "one_way": "ONE_WAY_TRAFFIC is a runtime finding: the check of the configuration alone does not report it",
}
_EXCHANGE_WORDS = {"child_rekey": "a Child SA rekey", "child_create": "a new Child SA", "ike_rekey": "an IKE SA rekey",
                   "ike_init": "IKE SA set-up", "ike_auth": "authentication and the first Child SA",
                   "create_child_sa": "a Child SA", "informational": "an informational exchange"}


def debug_signals(debug, source="debug"):
    """Observations of a parsed debug (asa_debug.parse_debug), or of exchanges in its shape (charon_log)."""
    signals = []
    for ex in (debug or {}).get("exchanges", []):
        lines = [n for n in (ex["request_line"], ex["response_line"]) if n]
        base = {"source": source, "time": ex["time"], "peer": ex["peer"], "exchange": ex["exchange"],
                "exchange_kind": ex["kind"], "message_id": ex["message_id"], "started_by": ex["started_by"]}
        starter = "{peer}" if ex["started_by"] == "peer" else "{local}"
        answerer = "{local}" if ex["started_by"] == "peer" else "{peer}"
        offered = " with KE group %s" % ex["ke_group"] if ex["ke_group"] is not None else ""
        has_ke = ex["ke_group"] is not None or ex.get("has_ke")
        if ex.get("has_ke") and ex["ke_group"] is None:
            offered = " with KE"
        if ex["kind"] == "child_rekey" and not has_ke:
            offered = " without KE (no PFS)"
        start = "%s started %s (%s, message %s)%s" % (starter, ex["exchange"], _EXCHANGE_WORDS.get(ex["kind"], ""),
                                                      ex["message_id"], offered)
        for notify in ex["error_notifies"]:
            kind = ex["kind"]
            codes, phases = NOTIFY_FINDINGS.get((notify["type"], kind)) or NOTIFY_FINDINGS.get((notify["type"], "*")) \
                or ([], [])
            data = notify.get("data") or {}
            detail = ""
            if "peer_group" in data:
                detail = " (peer sent group %s, local policy prefers group %s)" % (data["peer_group"], data["local_group"])
            benign = BENIGN.get((notify["type"], kind))
            signals.append(dict(base, kind="notify", notify=notify["type"], notify_number=notify.get("number"),
                                lines=sorted(set(lines + [notify["line"]])), codes=codes, phases=phases,
                                contradicts=[], consequence_of=[], abnormal=not benign, benign_because=benign,
                                says="%s; %s answered %s%s" % (start, answerer, notify["type"], detail)))
        if ex["outcome"] == "ok":
            contradicts = list(OK_CONTRADICTS.get(ex["kind"], []))
            if ex["kind"] in ("child_rekey", "child_create") and has_ke:
                contradicts.append("PFS_MISMATCH")
            if ex["kind"] in ("child_create", "ike_auth") and ex["selectors"]:
                contradicts.append("TRAFFIC_SELECTOR_MISMATCH")
            what = "DPD liveness check" if ex["dpd"] else "exchange"
            signals.append(dict(base, kind="ok", lines=lines, codes=[], phases=_phase_of(ex["kind"]),
                                contradicts=contradicts, consequence_of=[], abnormal=False,
                                says="%s; %s answered (%s succeeded)" % (start, answerer, what)))
        elif ex["outcome"] == "no response" and ex["started_by"] == "local":
            signals.append(dict(base, kind="no_answer", lines=lines, codes=[], phases=[], contradicts=[],
                                consequence_of=[], abnormal=True, retransmits=ex["retransmits"],
                                says="%s; no answer in the text (%d retransmission(s))" % (start, ex["retransmits"])))
    return signals


def _phase_of(kind):
    return {"ike_init": ["ike_init"], "ike_auth": ["ike_init", "child_init"], "child_rekey": ["child_rekey"],
            "child_create": ["child_init"], "ike_rekey": ["ike_rekey"]}.get(kind, [])


_750003_CUES = [
    (re.compile(r"(?i)no[ _]proposal[ _]chosen|no matching (?:policy|proposal)"), "NO_PROPOSAL_CHOSEN",
     ["IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL"], ["ike_init", "child_init", "child_rekey", "ike_rekey"]),
    (re.compile(r"(?i)authentication[ _]failed|auth(?:entication)? (?:verify|verification) failed"),
     "AUTHENTICATION_FAILED", ["AUTH_MISMATCH"], ["ike_init", "config"]),
    (re.compile(r"(?i)ts[ _]unacceptable|traffic selectors? (?:not acceptable|unacceptable)"), "TS_UNACCEPTABLE",
     ["TRAFFIC_SELECTOR_MISMATCH"], ["child_init", "child_rekey", "config"]),
    (re.compile(r"(?i)invalid[ _]ke[ _]payload"), "INVALID_KE_PAYLOAD", ["PFS_MISMATCH"], ["child_rekey", "child_init"]),
]
_DPD_CUES = re.compile(r"(?i)\bDPD\b|peer (?:lost|unreachable|not responding|dead)|lost service|liveness")


def syslog_signals(syslog, misleading_explanation):
    """Observations of parsed syslog records (asa_syslog.parse_syslog)."""
    signals = []
    for record in (syslog or {}).get("records", []):
        base = {"source": "syslog", "time": record["time"], "lines": [record["line"]], "peer": record.get("remote"),
                "message_id": record["message_id"], "text": record["text"], "contradicts": [], "consequence_of": []}
        message_id, text = record["message_id"], record["text"]
        why = misleading_explanation(record)
        if why:
            signals.append(dict(base, kind="misleading", codes=[], phases=[], abnormal=False, explanation=why,
                                says="%s %s" % (message_id, text)))
            continue
        if message_id == "750003":
            for pattern, notify, codes, phases in _750003_CUES:
                if pattern.search(text):
                    signals.append(dict(base, kind="notify", notify=notify, codes=codes, phases=phases, abnormal=True,
                                        says="{local} aborted an IKEv2 negotiation with {peer}: %s" % text))
                    break
            else:
                signals.append(dict(base, kind="aborted", codes=[], phases=[], abnormal=True,
                                    says="{local} aborted an IKEv2 negotiation with {peer}: %s" % text))
        elif message_id in ("750007", "113019") and _DPD_CUES.search(text):
            signals.append(dict(base, kind="dpd_teardown", codes=["DPD_MISMATCH"], phases=["traffic"], abnormal=True,
                                says="{local} tore the tunnel to {peer} down: dead-peer detection (%s %s)"
                                % (message_id, text)))
        elif message_id == "750006":
            signals.append(dict(base, kind="ok", codes=[], phases=["ike_init"], abnormal=False,
                                contradicts=["IKE_NO_COMMON_PROPOSAL", "AUTH_MISMATCH"],
                                says="{local} brought an SA up with {peer} (%s)" % text))
        elif message_id == "750005":
            signals.append(dict(base, kind="rekey_collision", codes=[], phases=["child_rekey"], abnormal=True,
                                says="both ends rekeyed the same SA at once (%s %s)" % (message_id, text)))
        elif message_id == "750015":
            signals.append(dict(base, kind="invalid_spi", codes=[], phases=["traffic"], abnormal=True,
                                consequence_of=["PFS_MISMATCH", "ONE_WAY_TRAFFIC"],
                                says="{peer} sent on an SA {local} no longer has (%s)" % text))
    return signals


def counter_signals(counters):
    """Observations of parsed counter samples (ipsec_counters.parse_counters)."""
    signals = []
    for sa in (counters or {}).get("sas", []):
        # the samples that hold both counters (those the verdict was made of); a sample cut short has None
        points = [p for p in sa["points"] if p["encaps"] is not None and p["decaps"] is not None]
        if len(points) < 2:
            continue
        first, last = points[0], points[-1]
        base = {"source": "counters", "time": last["time"], "start_time": first["time"],
                "lines": [p["line"] for p in points], "inputs": [p["input"] for p in points], "peer": sa["peer"],
                "crypto_map": sa["crypto_map"],
                "seq": sa["seq"]}
        if sa["verdict"] == "one_way":
            signals.append(dict(base, kind="one_way", codes=["ONE_WAY_TRAFFIC"], phases=["traffic"], abnormal=True,
                                contradicts=[], consequence_of=["PFS_MISMATCH"],
                                says="#pkts encaps rose from %d to %d while #pkts decaps stayed at %d (%d samples): "
                                     "{local} sends into the tunnel and nothing comes back from {peer}"
                                % (first["encaps"], last["encaps"], last["decaps"], len(points))))
        elif sa["verdict"] == "two_way":
            signals.append(dict(base, kind="ok", codes=[], phases=["traffic"], abnormal=False,
                                contradicts=["ONE_WAY_TRAFFIC"], consequence_of=[],
                                says="#pkts decaps rose from %d to %d: packets come back from {peer}"
                                % (first["decaps"], last["decaps"])))
    return signals
