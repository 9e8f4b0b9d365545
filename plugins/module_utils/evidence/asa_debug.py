# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ASA's ``debug crypto ikev2 protocol|platform`` output -> IKEv2 packets and exchanges.

Plain Python, no Ansible import. The debug is noisy: lines run together, packets are logged twice
(platform: ``RECV PKT [CREATE_CHILD_SA] [a]:500->[b]:500 InitSPI=.. RespSPI=.. MID=..``; protocol:
``Received Packet [From a:500/To b:500/VRF ..]``, ``Initiator SPI : .. Message id: 2``), hex dumps sit
between them. So every line is searched for every known phrase, in order of position, and the
phrases build up one packet record at a time. What the ASA builds before ``Sending Packet`` (the
notifies of its answer) is held and given to the next packet it sends.

Each packet: ``line`` (first), ``lines``, ``time`` (the last timestamp printed before it, e.g. the
``Sep 19 17:35:29 [IKEv1]IKE Receiver: Packet received on ..`` header), ``direction`` (``in``: the
ASA received it, ``out``: the ASA sent it), ``src``/``dst`` addresses and ports, ``exchange``,
``message`` (request/response), ``flags`` (INITIATOR = sent by the original initiator of the IKE
SA), SPIs, ``message_id``, ``notifies`` ([{type, number, data, line}]), ``proposals``
([{number, protocol, transforms}]), ``ke_group``, ``selectors`` ({tsi, tsr}), ``dpd``.
Key material (KE data, nonces, the RAW packet dump) is never read into the result.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import ASA_MESSAGE_RE
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.notify_types import notify_number
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import TIME_RE, is_hex_dump, redacted, sort_key, split_lines

EXCHANGES = ("IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA", "INFORMATIONAL")
_EXCH = "|".join(EXCHANGES)
_ADDR = r"[^\s\]/]+?"


class _CaseBlind(tuple):
    """Needles of a case-blind pattern: looked for in the lowered line, and only in an ASCII line (re's
    IGNORECASE matches some non-ASCII letters to ASCII ones, e.g. U+0130 to "i", that lower() does not)."""

    def __new__(cls, *needles):
        return super().__new__(cls, needles)


# (name, pattern, needles) in no particular order: every match on a line is handled in order of position.
# Needles: text every match of the pattern contains (lowercase for the case-blind ones, looked for in the
# lowered line): a line holding none of them is not searched with that pattern, which keeps a line to the
# few patterns it can match (a capture is tens of thousands of lines, most of them matching one or two).
_PATTERNS = [
    ("time", TIME_RE, (":",)),
    ("plat_pkt", re.compile(r"(RECV|SENT) PKT \[(%s)\] \[(%s)\]:(\d+)->\[(%s)\]:(\d+) InitSPI=0x([0-9a-fA-F]+) "
                            r"RespSPI=0x([0-9a-fA-F]+) MID=([0-9a-fA-F]+)" % (_EXCH, _ADDR, _ADDR)), (" PKT [",)),
    ("proto_pkt", re.compile(r"(Received|Sending) Packet \[(?:From|To) (%s):(\d+)(?:/(?:To|From)\s*(%s):(\d+))?"
                             % (_ADDR, _ADDR)), (" Packet [",)),
    ("spis", re.compile(r"Initiator SPI : ([0-9A-Fa-f]{16}) - Responder SPI : ([0-9A-Fa-f]{16}) Message id: (\d+)"),
     ("Initiator SPI : ",)),
    ("exchange", re.compile(r"IKEv2 (%s) Exchange (REQUEST|RESPONSE)" % _EXCH), (" Exchange ",)),
    ("flags", re.compile(r"Exchange type: (%s), flags: ((?:INITIATOR|RESPONDER|MSG-RESPONSE)"
                         r"(?:\s+(?:INITIATOR|RESPONDER|MSG-RESPONSE))*)" % _EXCH), ("Exchange type: ",)),
    ("notify", re.compile(r"(?:NOTIFY\(|Notify Payload: |spi size: \d+, type: )([A-Z][A-Z0-9_]{2,}?)(?=\)|IKEv2-|\s|,|$)"),
     ("NOTIFY(", "Notify Payload: ", ", type: ")),
    ("invalid_ke", re.compile(r"[Ss]ending invalid ke notification, peer sent group (\d+), local policy prefers group (\d+)"),
     ("ending invalid ke notification",)),
    ("no_proposal", re.compile(r"(?i)(?:failed to find a matching policy|no proposal chosen|failed to verify the proposed policies)"),
     _CaseBlind("failed to find a matching policy", "no proposal chosen", "failed to verify the proposed policies")),
    ("auth_failed", re.compile(r"(?i)(?:failed to verify (?:the |peer'?s? )?auth|authentication failed)"),
     _CaseBlind("failed to verify", "authentication failed")),
    ("proposal", re.compile(r"Proposal: (\d+), Protocol id: (\w+), SPI size: \d+, #trans: (\d+)"), ("Proposal: ",)),
    ("transform", re.compile(r"type: (\d+), reserved: 0x[0-9a-fA-F]+, id: (.+?)(?=\s*(?:last transform|IKEv2-|\(\d+\):|"
                             r"[A-Z][A-Za-z]* Next payload|$))"), ("reserved: 0x",)),
    ("ke", re.compile(r"DH group: (\d+)"), ("DH group: ",)),
    ("ts_side", re.compile(r"\b(TSi|TSr) Next payload"), ("TSi Next payload", "TSr Next payload")),
    ("ts_proto", re.compile(r"proto id: (\d+)"), ("proto id: ",)),
    ("ts_ports", re.compile(r"start port: (\d+), end port: (\d+)"), ("start port: ",)),
    ("ts_addr", re.compile(r"start addr: ([0-9A-Fa-f.:]+), end addr: ([0-9A-Fa-f.:]+)"), ("start addr: ",)),
    ("outbound", re.compile(r"Building packet for encryption|Construct Notify Payload"),
     ("Building packet for encryption", "Construct Notify Payload")),
    ("inbound", re.compile(r"Decrypted packet|Parse Notify Payload"), ("Decrypted packet", "Parse Notify Payload")),
    ("dpd", re.compile(r"Received DPD/liveness query"), ("Received DPD/liveness query",)),
    ("role", re.compile(r"SM Trace-> SA: I_SPI=([0-9A-Fa-f]+) R_SPI=([0-9A-Fa-f]+) \((I|R)\) MsgID = ([0-9A-Fa-f]+)"),
     ("SM Trace-> SA: I_SPI=",)),
    ("proxy_match", re.compile(r"PROXY MATCH on crypto map (\S+) seq (\d+)"), ("PROXY MATCH on crypto map ",)),
    ("failed", re.compile(r"(Create child exchange failed|IPSec SA create failed|Child SA rekey failure reported)"),
     ("Create child exchange failed", "IPSec SA create failed", "Child SA rekey failure reported")),
]

# One scan of a line for every case-sensitive needle (a lookahead, so needles that overlap are all found;
# no needle is the start of another, so one position holds at most one of them).
_NEEDLE_PATTERN = {needle: index for index, (_n, _p, needles) in enumerate(_PATTERNS)
                   if not isinstance(needles, _CaseBlind) and needles != (":",) for needle in needles}
_NEEDLES_RE = re.compile("(?=(%s))" % "|".join(re.escape(needle) for needle in _NEEDLE_PATTERN))
_TIME_INDEX = [index for index, (name, _p, _n) in enumerate(_PATTERNS) if name == "time"][0]
_CASE_BLIND_INDEXES = [index for index, (_n, _p, needles) in enumerate(_PATTERNS) if isinstance(needles, _CaseBlind)]


def _candidates(raw):
    """Indexes into _PATTERNS of the patterns that may match ``raw``, in _PATTERNS order (matches at one position
    are handled in that order)."""
    indexes = {_NEEDLE_PATTERN[needle] for needle in _NEEDLES_RE.findall(raw)}
    if ":" in raw:
        indexes.add(_TIME_INDEX)
    lowered = raw.lower() if raw.isascii() else None
    for index in _CASE_BLIND_INDEXES:
        if lowered is None or any(needle in lowered for needle in _PATTERNS[index][2]):
            indexes.add(index)
    return sorted(indexes)


_TRANSFORM_TYPES = {"1": "encryption", "2": "prf", "3": "integrity", "4": "dh", "5": "esn"}
_GROUP_RE = re.compile(r"Group (\d+)")


_SESSION_RE = re.compile(r"\((\d+)\):")


class _Reader(object):
    def __init__(self):
        self.packets = []
        self.notes = []
        self.time = None
        self.current = None
        self.pending_out = []  # notifies the ASA built before the packet that carries them
        self.session = None  # the "(N):" IKE session the line being read is of (None: not printed)
        self.mode = "in"
        self.ts_side = None
        self.ts_entry = None
        self.local = None
        self.roles = {}
        self.crypto_map = None
        self.times_seen = []

    # -- packets -----------------------------------------------------------------------------
    def _new_packet(self, line, direction, logged_by):
        packet = {"line": line, "lines": [line], "time": self.time, "direction": direction, "src": None,
                  "src_port": None, "dst": None, "dst_port": None, "exchange": None, "message": None, "flags": [],
                  "initiator_spi": None, "responder_spi": None, "message_id": None, "notifies": [], "proposals": [],
                  "ke_group": None, "selectors": {}, "dpd": False, "_logged_by": [logged_by]}
        previous = self.current
        self.packets.append(packet)
        self.current = packet
        self.ts_side = None
        if direction == "out" and self.pending_out:
            # a notify goes out in its own session's packet: with several peers the debug interleaves sessions, and
            # another peer's packet sent in between must not take it (review 2026-12-04: a DPD reply to another
            # peer took the INVALID_KE_PAYLOAD, and the refused rekey read as one that succeeded)
            kept = []
            for notify in self.pending_out:
                if notify.get("session") and self.session and notify["session"] != self.session:
                    kept.append(notify)
                else:
                    self._add_notify(packet, notify)
            self.pending_out = kept
        return packet, previous

    def _merge_into_previous(self, previous):
        """The platform and the protocol line of one packet: keep the first record, fill it from the second."""
        packet = self.current
        if previous is None or previous is packet or previous["direction"] != packet["direction"]:
            return
        if _key(previous) != _key(packet) or None in _key(packet)[1:]:
            return
        if set(packet["_logged_by"]) & set(previous["_logged_by"]):  # the same line twice: a retransmission
            return
        for name, value in packet.items():
            if name in ("lines",):
                previous["lines"] = sorted(set(previous["lines"] + value))
            elif name == "notifies":
                for notify in value:
                    self._add_notify(previous, notify)
            elif name == "proposals":
                previous["proposals"] = previous["proposals"] or value
            elif name == "selectors":
                previous["selectors"] = previous["selectors"] or value
            elif name == "flags":
                previous["flags"] = previous["flags"] or value
            elif name == "dpd":
                previous["dpd"] = previous["dpd"] or value
            elif name == "_logged_by":
                previous["_logged_by"] = previous["_logged_by"] + value
            elif previous.get(name) is None:
                previous[name] = value
        self._drop(packet)
        self.current = previous

    def _drop(self, packet):
        """Take ``packet`` (this very record: list.remove compares dicts from the front, every packet read so far,
        issue 12) out of the packets; it is the last one read but for a record in between."""
        if self.packets[-1] is packet:
            self.packets.pop()
            return
        for index in range(len(self.packets) - 1, -1, -1):
            if self.packets[index] is packet:
                del self.packets[index]
                return

    def _add_notify(self, packet, notify):
        for known in packet["notifies"]:
            if known["type"] == notify["type"]:
                known["data"] = known.get("data") or notify.get("data")
                return
        packet["notifies"].append(dict(notify))

    def _touch(self, line):
        if self.current is not None and line not in self.current["lines"]:
            self.current["lines"].append(line)

    # -- phrases -----------------------------------------------------------------------------
    def handle(self, name, match, line):
        getattr(self, "_on_" + name)(match, line)

    def _on_time(self, match, line):
        earlier = self.times_seen[-1][1] if self.times_seen else None
        if earlier and _time_order(match.group(1)) < _time_order(earlier) and not _year_turn(earlier, match.group(1)):
            self.notes.append("line %d: time %s is earlier than %s at line %d: the text may be reordered"
                              % (line, match.group(1), self.times_seen[-1][1], self.times_seen[-1][0]))
        self.time = match.group(1)
        self.times_seen.append((line, match.group(1)))

    def _on_plat_pkt(self, match, line):
        direction = "in" if match.group(1) == "RECV" else "out"
        packet, previous = self._new_packet(line, direction, "platform")
        packet.update(exchange=match.group(2), src=match.group(3), src_port=int(match.group(4)), dst=match.group(5),
                      dst_port=int(match.group(6)), initiator_spi=match.group(7).upper().zfill(16),
                      responder_spi=match.group(8).upper().zfill(16), message_id=int(match.group(9), 16))
        self.local = self.local or (packet["dst"] if direction == "in" else packet["src"])
        self.mode = "in" if direction == "in" else "out"
        self._merge_into_previous(previous)

    def _on_proto_pkt(self, match, line):
        direction = "in" if match.group(1) == "Received" else "out"
        packet, previous = self._new_packet(line, direction, "protocol")
        first, first_port, second, second_port = match.group(2), match.group(3), match.group(4), match.group(5)
        if direction == "in":
            packet.update(src=first, src_port=int(first_port), dst=second, dst_port=_int(second_port))
        else:
            packet.update(dst=first, dst_port=int(first_port), src=second, src_port=_int(second_port))
        self.mode = direction
        packet["_previous"] = previous

    def _on_spis(self, match, line):
        packet = self.current
        if packet is None:
            self.notes.append("line %d: SPIs with no packet before them (the text may be cut)" % line)
            return
        self._touch(line)
        if packet["initiator_spi"] is None:
            packet.update(initiator_spi=match.group(1).upper(), responder_spi=match.group(2).upper(),
                          message_id=int(match.group(3)))
        previous = packet.pop("_previous", None)
        self._merge_into_previous(previous)

    def _on_exchange(self, match, line):
        if self.current is None:
            return
        self._touch(line)
        self.current["exchange"] = self.current["exchange"] or match.group(1)
        self.current["message"] = self.current["message"] or match.group(2).lower()

    def _on_flags(self, match, line):
        if self.current is None:
            return
        self._touch(line)
        flags = match.group(2).split()
        self.current["flags"] = flags
        self.current["exchange"] = self.current["exchange"] or match.group(1)
        if self.current["message"] is None:
            self.current["message"] = "response" if "MSG-RESPONSE" in flags else "request"

    def _on_notify(self, match, line):
        notify = {"type": match.group(1), "number": notify_number(match.group(1)), "line": line}
        self._attach_notify(notify, line)

    def _attach_notify(self, notify, line):
        if self.mode == "out" and (self.current is None or self.current["direction"] == "in"):
            for known in self.pending_out:
                if known["type"] == notify["type"] and known.get("session") == self.session:
                    known["data"] = known.get("data") or notify.get("data")
                    return
            notify["session"] = self.session
            self.pending_out.append(notify)
        elif self.current is not None:
            self._touch(line)
            self._add_notify(self.current, notify)

    def _on_invalid_ke(self, match, line):
        self.mode = "out"
        data = {"peer_group": int(match.group(1)), "local_group": int(match.group(2))}
        self._attach_notify({"type": "INVALID_KE_PAYLOAD", "number": notify_number("INVALID_KE_PAYLOAD"),
                             "line": line, "data": data}, line)

    def _on_no_proposal(self, match, line):
        self._attach_notify({"type": "NO_PROPOSAL_CHOSEN", "number": notify_number("NO_PROPOSAL_CHOSEN"),
                             "line": line, "data": {"said": match.group(0)}}, line)

    def _on_auth_failed(self, match, line):
        self._attach_notify({"type": "AUTHENTICATION_FAILED", "number": notify_number("AUTHENTICATION_FAILED"),
                             "line": line, "data": {"said": match.group(0)}}, line)

    def _on_proposal(self, match, line):
        if self.current is None:
            return
        self._touch(line)
        self.current["proposals"].append({"number": int(match.group(1)), "protocol": match.group(2),
                                          "transforms": {}, "line": line})

    def _on_transform(self, match, line):
        if self.current is None or not self.current["proposals"]:
            return
        kind = _TRANSFORM_TYPES.get(match.group(1), "type %s" % match.group(1))
        value = match.group(2).strip()
        group = _GROUP_RE.search(value)
        self.current["proposals"][-1]["transforms"].setdefault(kind, []).append(
            int(group.group(1)) if kind == "dh" and group else value)

    def _on_ke(self, match, line):
        if self.current is not None:
            self._touch(line)
            self.current["ke_group"] = int(match.group(1))

    def _on_ts_side(self, match, line):
        if self.current is not None:
            self.ts_side = match.group(1).lower()
            self.current["selectors"].setdefault(self.ts_side, [])

    def _on_ts_proto(self, match, line):
        self.ts_entry = {"protocol": int(match.group(1))}

    def _on_ts_ports(self, match, line):
        self.ts_entry = dict(self.ts_entry or {}, ports=[int(match.group(1)), int(match.group(2))])

    def _on_ts_addr(self, match, line):
        if self.current is None or self.ts_side is None:
            return
        entry = dict(self.ts_entry or {}, start=match.group(1), end=match.group(2), line=line)
        self.current["selectors"].setdefault(self.ts_side, []).append(entry)
        self.ts_entry = None

    def _on_outbound(self, match, line):
        self.mode = "out"

    def _on_inbound(self, match, line):
        self.mode = "in"

    def _on_dpd(self, match, line):
        if self.current is not None:
            self._touch(line)
            self.current["dpd"] = True

    def _on_role(self, match, line):
        self.roles[match.group(1).upper()] = "responder" if match.group(3) == "R" else "initiator"

    def _on_proxy_match(self, match, line):
        self.crypto_map = {"name": match.group(1), "seq": int(match.group(2)), "line": line}

    def _on_failed(self, match, line):
        if self.current is not None:
            self.current.setdefault("failures", []).append({"said": match.group(1), "line": line})


_BROKEN_ADDRESS_RE = re.compile(r"(?:Packet \[(?:From|To)|/(?:To|From))\s*$")


def _joined_lines(text):
    """Lines, with an address that the console wrapped onto the next line joined back to its phrase
    ("Received Packet [From a:500/To" + "b:500/VRF i0:f0]"); the first line's number is kept."""
    result = []
    for number, raw in split_lines(text):
        if result and _BROKEN_ADDRESS_RE.search(result[-1][1]):
            result[-1] = (result[-1][0], result[-1][1].rstrip() + " " + raw.lstrip())
        else:
            result.append((number, raw))
    return result


def _int(value):
    return int(value) if value is not None else None


def _key(packet):
    return (packet["direction"], packet["initiator_spi"], packet["message_id"])


def _time_order(text):
    return sort_key(text)


def _year_turn(before, after):
    """Dec 31 then Jan 1 with no year printed: the capture ran over midnight of the new year, not out of order."""
    first, second = sort_key(before), sort_key(after)
    return first[1] == second[1] == 0 and first[2] == 12 and second[2] == 1


@redacted
def parse_debug(text):
    """Packets and exchanges of an ASA IKEv2 debug; never raises on bad input."""
    reader = _Reader()
    hex_lines = 0
    for number, raw in _joined_lines(text):
        if is_hex_dump(raw):
            hex_lines += 1
            continue
        found = []
        for index in _candidates(raw):
            name, pattern, _needles = _PATTERNS[index]
            for match in pattern.finditer(raw):
                found.append((match.start(), name, match))
        sessions = [(m.start(), m.group(1)) for m in _SESSION_RE.finditer(raw)] if found and "):" in raw else []
        for position, name, match in sorted(found, key=lambda item: item[0]):
            for start, session in sessions:  # the last "(N):" before the match on its line, else the line before's
                if start > position:
                    break
                reader.session = session
            reader.handle(name, match, number)
        if sessions:
            reader.session = sessions[-1][1]
    for packet in reader.packets:
        packet.pop("_previous", None)
        packet.pop("_logged_by", None)
    if reader.pending_out:
        reader.notes.append("the ASA built %s but the packet that carries it is not in the text (cut short?)"
                            % ", ".join(n["type"] for n in reader.pending_out))
    if not reader.packets:
        reader.notes.append("no IKEv2 packet found: is this `debug crypto ikev2 protocol|platform` output?")
    result = {"packets": reader.packets, "exchanges": exchanges(reader.packets),
              "local_address": reader.local, "crypto_map": reader.crypto_map, "notes": reader.notes,
              "hex_dump_lines_skipped": hex_lines}
    for number, raw in split_lines(text)[:50]:
        message = ASA_MESSAGE_RE.search(raw)
        if message and message.group(3) != "711001":
            result["notes"].append("line %d looks like a syslog line: is this file the syslog rather than the debug?"
                                   % number)
            break
    return result


def exchanges(packets):
    """Requests and their responses, keyed by initiator SPI and message ID; who started each."""
    table, order = {}, []
    for packet in packets:
        if packet["message_id"] is None or packet["initiator_spi"] is None:
            continue
        key = (packet["initiator_spi"], packet["message_id"], packet["exchange"])
        if key not in table:
            table[key] = {"exchange": packet["exchange"], "message_id": packet["message_id"],
                          "initiator_spi": packet["initiator_spi"], "responder_spi": None, "request": None,
                          "response": None, "retransmits": 0}
            order.append(key)
        entry = table[key]
        if packet["responder_spi"] and packet["responder_spi"].strip("0"):
            entry["responder_spi"] = packet["responder_spi"]
        slot = "response" if packet["message"] == "response" else "request"
        if entry[slot] is not None:
            entry["retransmits"] += 1
            continue
        entry[slot] = packet
    result = []
    for key in order:
        entry = table[key]
        request, response = entry.pop("request"), entry.pop("response")
        first = request or response
        started_by = None
        if request is not None:
            started_by = "peer" if request["direction"] == "in" else "local"
        elif response is not None:
            started_by = "local" if response["direction"] == "in" else "peer"
        peer = None
        if first is not None:
            peer = first["src"] if first["direction"] == "in" else first["dst"]
        errors = [n for n in (response or {}).get("notifies", []) if n.get("number") and n["number"] < 16384]
        rekey = any(n["type"] == "REKEY_SA" for n in (request or {}).get("notifies", []))
        protocols = sorted({p["protocol"] for p in (request or {}).get("proposals", [])})
        entry.update(
            time=(request or {}).get("time") or (response or {}).get("time"), started_by=started_by, peer=peer,
            ike_sa_initiator=_ike_initiator(first),
            request_line=request["line"] if request else None, response_line=response["line"] if response else None,
            ke_group=(request or {}).get("ke_group"), proposals=(request or {}).get("proposals", []),
            selectors=(request or {}).get("selectors", {}), rekey_sa=rekey, protocols=protocols,
            dpd=bool((request or {}).get("dpd")), error_notifies=errors,
            failures=(request or {}).get("failures", []) + (response or {}).get("failures", []),
            outcome=("error" if errors else "ok") if response is not None else "no response",
        )
        entry["kind"] = _kind(entry)
        result.append(entry)
    return result


def _ike_initiator(packet):
    if packet is None or not packet["flags"]:
        return None
    sender = "peer" if packet["direction"] == "in" else "local"
    other = "local" if sender == "peer" else "peer"
    return sender if "INITIATOR" in packet["flags"] else other


def _kind(entry):
    """What the exchange does: ike_init, ike_auth, child_rekey, child_create, ike_rekey, informational."""
    exchange = entry["exchange"]
    if exchange == "IKE_SA_INIT":
        return "ike_init"
    if exchange == "IKE_AUTH":
        return "ike_auth"
    if exchange == "CREATE_CHILD_SA":
        if "IKE" in entry["protocols"]:
            return "ike_rekey"
        if entry["rekey_sa"]:
            return "child_rekey"
        return "child_create" if entry["protocols"] else "create_child_sa"
    return "informational"
