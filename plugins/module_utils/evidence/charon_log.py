# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""strongSwan charon logs -> the same exchanges the ASA debug reader builds, plus charon's own events.

Plain Python, no Ansible import. A line is ``[<time>] <thread>[<group>] <text>``: the time an epoch
(``filelog`` with ``time_format = %s``, the oracle's logs), a strftime date, or a syslog prefix; the
group a log subsystem (IKE, ENC, NET, CFG...; strongSwan docs, "Logger Configuration" -
https://docs.strongswan.org/docs/5.9/config/logging.html). What is read:

- ``generating <EXCHANGE> request|response <message ID> [ payloads ]`` (sent) and ``parsed ...`` (received),
  with the payload list's short names (``N(NO_PROP)``, ``KE``, ``TSi``...) - the short notify names are
  strongSwan's (src/libcharon/encoding/payloads/notify_payload.c, ``notify_type_short_names``), mapped to
  RFC 7296 names below;
- ``retransmit <n> of request with message ID <m>``, ``giving up after <n> retransmits``,
  ``sending DPD request``, ``detected CHILD_REKEY collision with ...``, ``closing expired CHILD_SA``,
  ``sending packet: from A[port] to B[port]`` (the addresses).

charon logs no key material at the levels used here (``ike = 2``); a line that holds a hex run or a long
hex word (``ike = 4`` and above dump keys and nonces) is never kept: texts are redacted (text.redact).
"""

import bisect
import datetime
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.notify_types import notify_number
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import TIME_RE, redact, redacted, split_lines

# strongSwan short notify names (notify_payload.c) -> RFC 7296 section 3.10.1 names.
SHORT_NOTIFIES = {
    "NO_PROP": "NO_PROPOSAL_CHOSEN", "INVAL_KE": "INVALID_KE_PAYLOAD", "AUTH_FAILED": "AUTHENTICATION_FAILED",
    "TS_UNACCEPT": "TS_UNACCEPTABLE", "TEMP_FAIL": "TEMPORARY_FAILURE", "NO_CHILD_SA": "CHILD_SA_NOT_FOUND",
    "INVAL_SPI": "INVALID_SPI", "INVAL_SYN": "INVALID_SYNTAX", "INVAL_MID": "INVALID_MESSAGE_ID",
    "INVAL_SEL": "INVALID_SELECTORS", "SINGLE_PAIR": "SINGLE_PAIR_REQUIRED", "NO_ADD_SAS": "NO_ADDITIONAL_SAS",
    "INT_ADDR_FAIL": "INTERNAL_ADDRESS_FAILURE", "FAIL_CP_REQ": "FAILED_CP_REQUIRED", "REKEY_SA": "REKEY_SA",
    "INIT_CONTACT": "INITIAL_CONTACT",
}

# (?<!\d): the thread number is a whole run of digits, tried once per run (without it a long run of digits
# is tried from each of its digits: quadratic time)
_LINE_RE = re.compile(r"^(?P<prefix>.*?)(?<!\d)(?P<thread>\d{2,})\[(?P<group>[A-Z]{2,4})\] (?P<text>.*)$")
_EPOCH_RE = re.compile(r"^\s*(\d{9,11}(?:\.\d+)?)\s*$")
_MESSAGE_RE = re.compile(r"^(generating|parsed) ([A-Z_]+) (request|response) (\d+) \[(.*)\]\s*$")
_PACKET_RE = re.compile(r"^(sending|received) packet: from ([0-9A-Fa-f.:]+)\[(\d+)\] to ([0-9A-Fa-f.:]+)\[(\d+)\]")
_RETRANSMIT_RE = re.compile(r"^retransmit (\d+) of request with message ID (\d+)")
_GIVE_UP_RE = re.compile(r"^giving up after (\d+) retransmits")
_COLLISION_RE = re.compile(r"^detected (CHILD_REKEY|IKE_REKEY|CHILD_DELETE|IKE_DELETE) collision with (\w+)")
_EXPIRED_RE = re.compile(r"^closing expired (CHILD_SA|IKE_SA) (\S+)")
_LOCAL_ADDR_RE = re.compile(r"^initiating IKE_SA \S+ to ([0-9A-Fa-f.:]+)|^(\S+) is initiating an IKE_SA")


def _time(prefix):
    epoch = _EPOCH_RE.match(prefix)
    if epoch:
        try:
            moment = datetime.datetime.fromtimestamp(float(epoch.group(1)), datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)
    match = TIME_RE.search(prefix)
    return match.group(1) if match else None


def _payloads(text):
    payloads, notifies = [], []
    for word in text.split():
        inner = re.fullmatch(r"N\((\w+)\)", word)
        if inner:
            notifies.append(SHORT_NOTIFIES.get(inner.group(1), inner.group(1)))
        else:
            payloads.append(word)
    return payloads, notifies


class _Reader(object):
    def __init__(self):
        self.lines, self.messages, self.events, self.notes = 0, [], [], []
        self.local, self.peer, self.time = None, None, None
        self.last_sent = None

    def handle(self, number, raw):
        match = _LINE_RE.match(raw)
        if not match:
            return False
        self.lines += 1
        self.time = _time(match.group("prefix")) or self.time
        text = redact(match.group("text").strip())
        packet = _PACKET_RE.match(text)
        if packet:
            sending = packet.group(1) == "sending"
            self.local = packet.group(2) if sending else packet.group(4)
            self.peer = packet.group(4) if sending else packet.group(2)
            return True
        message = _MESSAGE_RE.match(text)
        if message:
            payloads, notifies = _payloads(message.group(5))
            entry = {"line": number, "time": self.time, "direction": "out" if message.group(1) == "generating" else "in",
                     "exchange": message.group(2), "message": message.group(3), "message_id": int(message.group(4)),
                     "payloads": payloads, "notifies": notifies, "peer": self.peer}
            self.messages.append(entry)
            if entry["direction"] == "out" and entry["message"] == "request":
                self.last_sent = entry
            return True
        self._event(number, text)
        return True

    def _event(self, number, text):
        base = {"line": number, "time": self.time, "peer": self.peer, "text": text}
        retransmit = _RETRANSMIT_RE.match(text)
        if retransmit:
            self.events.append(dict(base, kind="retransmit", message_id=int(retransmit.group(2))))
        elif _GIVE_UP_RE.match(text):
            self.events.append(dict(base, kind="gave_up", retransmits=int(_GIVE_UP_RE.match(text).group(1))))
        elif text.startswith("sending DPD request"):
            self.events.append(dict(base, kind="dpd_request"))
        elif _COLLISION_RE.match(text):
            self.events.append(dict(base, kind="collision", what=_COLLISION_RE.match(text).group(1),
                                    other=_COLLISION_RE.match(text).group(2)))
        elif _EXPIRED_RE.match(text):
            self.events.append(dict(base, kind="expired", sa=_EXPIRED_RE.match(text).group(1)))
        elif _LOCAL_ADDR_RE.match(text):
            found = _LOCAL_ADDR_RE.match(text)
            self.peer = found.group(1) or found.group(2) or self.peer


@redacted
def parse_charon(text):
    """Messages, exchanges and events of a charon log; never raises on bad input."""
    reader = _Reader()
    other = 0
    for number, raw in split_lines(text):
        if raw.strip() and not reader.handle(number, raw):
            other += 1
    if not reader.lines:
        reader.notes.append("no charon log line found (``<thread>[IKE] ...``): is this a strongSwan charon log?")
    elif other:
        reader.notes.append("%d line(s) that are not charon log lines were skipped" % other)
    result = {"messages": reader.messages, "events": reader.events, "local_address": reader.local,
              "peer_address": reader.peer, "notes": reader.notes}
    result["exchanges"] = exchanges(reader.messages, reader.events, reader.notes)
    return result


def exchanges(messages, events, notes):
    """Requests with their responses, in the shape of asa_debug.exchanges (who started, outcome, notifies)."""
    result, open_requests = [], {}
    for message in messages:
        started_by = "local" if (message["direction"] == "out") == (message["message"] == "request") else "peer"
        key = (started_by, message["message_id"], message["exchange"])
        if message["message"] == "request":
            if key in open_requests:
                notes.append("line %d: a second %s request %d before the answer to the first (a new IKE SA, or "
                             "lines missing)" % (message["line"], message["exchange"], message["message_id"]))
            open_requests[key] = {"request": message, "response": None}
            result.append(open_requests[key])
        elif key in open_requests:
            open_requests.pop(key)["response"] = message
        else:
            result.append({"request": None, "response": message})
            notes.append("line %d: the %s response %d has no request in the text (cut before it?)"
                         % (message["line"], message["exchange"], message["message_id"]))
    retransmits = {}
    for event in events:
        if event["kind"] == "retransmit":
            retransmits[event["message_id"]] = retransmits.get(event["message_id"], 0) + 1
    built = [_exchange(pair, retransmits) for pair in result]
    cut = [e for e in built if e["outcome"] == "unanswered in the text"]
    if cut:
        where = ", ".join("%s %d at line %d" % (e["exchange"], e["message_id"], e["request_line"]) for e in cut)
        notes.append("%d request(s) without an answer or a retransmission (the log ends first): not counted as "
                     "unanswered (%s)" % (len(cut), where))
    return built


def _exchange(pair, retransmits):
    request, response = pair["request"], pair["response"]
    first = request or response
    started_by = "local" if (first["direction"] == "out") == (first["message"] == "request") else "peer"
    payloads = (request or {}).get("payloads", [])
    errors = [{"type": n, "number": notify_number(n), "line": response["line"]}
              for n in (response or {}).get("notifies", []) if (notify_number(n) or 16384) < 16384]
    entry = {"exchange": first["exchange"], "message_id": first["message_id"], "initiator_spi": None,
             "responder_spi": None, "time": (request or response)["time"], "started_by": started_by,
             "peer": first["peer"], "ike_sa_initiator": None,
             "request_line": request["line"] if request else None, "response_line": response["line"] if response else None,
             "ke_group": None, "has_ke": "KE" in payloads, "proposals": [], "selectors": {"TSi": []} if "TSi" in payloads else {},
             "rekey_sa": "REKEY_SA" in (request or {}).get("notifies", []), "dpd": False, "error_notifies": errors,
             "failures": [], "retransmits": retransmits.get(first["message_id"], 0) if started_by == "local" else 0,
             "outcome": ("error" if errors else "ok") if response is not None else "no response"}
    if response is None and not entry["retransmits"]:
        # never retransmitted: the log ends (or the daemon stopped) before the answer could come
        entry["outcome"] = "unanswered in the text"
    entry["kind"] = _kind(entry, payloads, request is not None)
    entry["dpd"] = entry["exchange"] == "INFORMATIONAL" and request is not None and not payloads \
        and not request["notifies"]
    return entry


def _kind(entry, payloads, have_request):
    exchange = entry["exchange"]
    if exchange == "IKE_SA_INIT":
        return "ike_init"
    if exchange == "IKE_AUTH":
        return "ike_auth"
    if exchange == "CREATE_CHILD_SA":
        if not have_request:
            return "create_child_sa"
        if entry["rekey_sa"]:
            return "child_rekey"
        # CREATE_CHILD_SA without selectors rekeys the IKE SA (RFC 7296 s1.3.2)
        return "child_create" if "TSi" in payloads else "ike_rekey"
    return "informational"


def charon_signals(parsed, exchange_signals):
    """Observations of a parsed charon log: the exchanges read as the debug's (``exchange_signals`` is
    signals.debug_signals) and charon's own events. The local end is named strongSwan."""
    parsed = parsed or {}
    signals = exchange_signals({"exchanges": parsed.get("exchanges", [])}, source="charon")
    for signal in signals:
        signal["local_name"] = "strongSwan"
    events = parsed.get("events", [])
    # the DPD requests' line numbers, sorted: the last one before a "giving up" found by bisection, and whether a
    # no_answer signal is there kept as a flag - a scan of both per event was a long log's square (issue 12)
    dpd_lines = sorted(e["line"] for e in events if e["kind"] == "dpd_request")
    no_answer = any(s["kind"] == "no_answer" for s in signals)
    base = {"source": "charon", "contradicts": [], "local_name": "strongSwan"}
    for event in events:
        common = dict(base, time=event["time"], peer=event["peer"], lines=[event["line"]])
        if event["kind"] == "gave_up":
            before = bisect.bisect_left(dpd_lines, event["line"])
            if before:
                signals.append(dict(common, kind="dpd_teardown", codes=["DPD_MISMATCH"], phases=["traffic"],
                                    abnormal=True, consequence_of=[], lines=[dpd_lines[before - 1], event["line"]],
                                    says="{local} sent a DPD request to {peer}, had no answer after %d retransmissions "
                                         "and tore the IKE SA down (dead-peer detection)" % event["retransmits"]))
            elif not no_answer:  # else the unanswered exchange says it
                no_answer = True
                signals.append(dict(common, kind="no_answer", codes=[], phases=[], abnormal=True, consequence_of=[],
                                    says="{local} gave up after %d retransmissions: {peer} never answered "
                                         "(UDP 500/4500 blocked on the path, or the peer is down)" % event["retransmits"]))
        elif event["kind"] == "collision":
            signals.append(dict(common, kind="rekey_collision", codes=[], phases=["child_rekey"], abnormal=True,
                                consequence_of=[], says="both ends rekeyed at once: {local} detected a %s collision "
                                                        "with %s (RFC 7296 s2.8.1)" % (event["what"], event["other"])))
        elif event["kind"] == "expired":
            signals.append(dict(common, kind="lifetime_expiry", codes=[], phases=["child_rekey"], abnormal=True,
                                consequence_of=["PFS_MISMATCH", "CHILD_NO_COMMON_PROPOSAL"],
                                says="{local} closed an expired %s: its hard lifetime ran out without a successful "
                                     "rekey" % event["sa"]))
    # a DPD request that gave up is reported once, as the teardown: not also as an unanswered exchange
    teardown = any(s["kind"] == "dpd_teardown" for s in signals)
    return [s for s in signals if not (teardown and s["kind"] == "no_answer" and s.get("exchange") == "INFORMATIONAL")]
