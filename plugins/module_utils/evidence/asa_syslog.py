# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA syslog lines -> (time, severity, message ID, text, line), and the table of the message IDs read.

Plain Python, no Ansible import. A line is ``%ASA-<severity>-<6 digits>: <text>`` (the format of the
Cisco ASA configuration guide, "Syslog Message Format": %ASA Level Message_number: Message_text -
https://manualsdump.com/en/manuals/cisco_systems-asa_5500-asa5515k9/121452/1745), with whatever a
collector or the ASA put before it: nothing, the ASA's own timestamp (``logging timestamp``), RFC 3164
framing (``<166>Sep 19 17:35:29 host ...``), RFC 5424 (``<166>1 2026-09-19T17:35:29Z host ...``) or
EMBLEM (``<166>123: host: Sep 19 17:35:29: ...``). The timestamp nearest the message is the device's.
Lines that are not ASA syslog are counted and skipped. Texts are redacted (text.redact).
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import TIME_RE, redact, redacted, split_lines

# The message IDs this package reads. Source of each: "Cisco Secure Firewall ASA Series Syslog Messages",
# chapter "Syslog Messages 750001 to 776020"
#   https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog/syslog-messages-750001-to-776020.html
# (602303/602304: chapter "Syslog Messages 602101 to 634001"
#   https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog/syslog-messages-602101-to-634001.html;
#  113019: chapter "Syslog Messages 101001 to 199027"
#   https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog/syslog-messages-101001-to-199021.html,
#  listed in the ASA 9.0 guide's contents, http://www.cisco.com/en/US/docs/security/asa/asa90/system/message/logmsgs.html).
# `confirmed: False`: the stored copy of the guide available while writing this had no text for the message,
# so its wording here is from the guide as remembered, not checked line by line - check before relying on it.
MESSAGE_IDS = {
    "750001": {"severity": 5, "what": "IKEv2: received a request to establish an IPsec tunnel (local and remote "
                                      "traffic selectors)", "confirmed": False},
    "750002": {"severity": 6, "what": "IKEv2: received an IKE_SA_INIT request", "confirmed": False},
    "750003": {"severity": 4, "what": "IKEv2: negotiation aborted due to ERROR: <error text>", "confirmed": False},
    "750004": {"severity": 5, "what": "IKEv2: sending a COOKIE challenge", "confirmed": False},
    "750005": {"severity": 5, "what": "IKEv2: IPsec rekey collision detected; the SA of the lower nonce is deleted",
               "confirmed": False},
    "750006": {"severity": 5, "what": "IKEv2: SA UP, with the reason", "confirmed": False},
    "750007": {"severity": 5, "what": "IKEv2: SA DOWN, with the reason", "confirmed": False},
    "750008": {"severity": 5, "what": "IKEv2: SA rejected, system resources low", "confirmed": False},
    "750009": {"severity": 5, "what": "IKEv2: SA request rejected, call admission limit reached", "confirmed": False},
    "750010": {"severity": 5, "what": "IKEv2: local throttle-request queue depth reached", "confirmed": False},
    "750011": {"severity": 3, "what": "IKEv2: tunnel rejected, IKE encryption weaker than the proposed IPsec "
                                      "encryption", "confirmed": False},
    "750012": {"severity": 4, "what": "IKEv2: selected IKE encryption weaker than the proposed IPsec encryption",
               "confirmed": False},
    "750013": {"severity": 5, "what": "IKEv2: peer moved (new address for an IKE SA)", "confirmed": False},
    "750014": {"severity": 4, "what": "IKEv2: session aborted, INITIAL_CONTACT received", "confirmed": False},
    "750015": {"severity": 4, "what": "IKEv2: deleting an IPsec SA after an INVALID_SPI notification", "confirmed": False},
    "602303": {"severity": 6, "what": "IPsec: an SA (inbound or outbound, SPI) between local and remote was created",
               "confirmed": False},
    "602304": {"severity": 6, "what": "IPsec: an SA (inbound or outbound, SPI) between local and remote was deleted",
               "confirmed": False},
    "113019": {"severity": 4, "what": "session disconnected: group, user, peer, type, duration, bytes, reason",
               "confirmed": False},
}
# Ranges read as context (their single messages are not mapped to findings here): 751xxx are further
# IKEv2 messages, 752xxx the tunnel manager (e.g. 752012 "IKEv2 was unsuccessful at setting up a tunnel",
# 752015 all configured IKE versions failed), 713xxx IKEv1 and tunnel-group messages ("Group = .., IP = ..").
CONTEXT_RANGES = {"751": "IKEv2", "752": "tunnel manager", "713": "IKEv1 / tunnel-group"}

# 750003 whose error text says "failover version": why it does not mean failover. Explanation written for
# this package; the guide documents 750003 only as a generic "negotiation aborted" with the error appended.
MISLEADING = {
    ("750003", "failover version"): (
        "750003 says an IKEv2 negotiation was aborted; the error text 'Detected unsupported failover version' "
        "is not about the ASA's failover (HA) pair, which takes no part in an IKEv2 exchange with a peer. "
        "Read the exchange that was aborted, not the wording: the IKEv2 debug (or the notifies) around the "
        "same time show why."),
}

# "%ASA-4-750003: ...", and in EMBLEM format with the message class: "%ASA-vpn-4-750003: ..." (review 2026-12-04:
# skipped whole, as "not the syslog")
# (asa_debug asks it too: a debug file that holds syslog lines)
ASA_MESSAGE_RE = re.compile(r"%(ASA|FTD|PIX)-(?:[a-z][a-z-]*-)?(\d)-(\d{6}):?\s*(.*)$")
_PRI_RE = re.compile(r"<(\d{1,3})>")
_ENDPOINTS_RE = re.compile(r"Local:\s*([^\s:]+|\[[^\]]+\]):(\d+)\s+Remote:\s*([^\s:]+|\[[^\]]+\]):(\d+)")
_IP_EQ_RE = re.compile(r"\bIP\s*=\s*([^\s,]+)")
_BETWEEN_RE = re.compile(r"between\s+(\S+)\s+and\s+(\S+?)[\s,(]")


@redacted
def parse_syslog(text):
    """ASA syslog records of ``text``; never raises on bad input."""
    records, skipped, notes = [], 0, []
    for number, raw in split_lines(text):
        match = ASA_MESSAGE_RE.search(raw)
        if not match:
            if raw.strip():
                skipped += 1
            continue
        prefix = raw[:match.start()]
        times = TIME_RE.findall(prefix)
        record = {
            "line": number,
            "time": times[-1] if times else None,
            "severity": int(match.group(2)),
            "message_id": match.group(3),
            "text": redact(match.group(4).strip()),
            "framing": _framing(prefix),
        }
        record.update(_addresses(match.group(4)))
        known = MESSAGE_IDS.get(record["message_id"])
        if known:
            record["what"] = known["what"]
        elif record["message_id"][:3] in CONTEXT_RANGES:
            record["what"] = CONTEXT_RANGES[record["message_id"][:3]] + " message"
        records.append(record)
    if skipped:
        notes.append("%d line(s) are not ASA syslog messages and were skipped" % skipped)
    if not records and skipped:
        notes.append("no ASA syslog line found: is this file the syslog?")
    traced = sum(1 for r in records if r["message_id"] == "711001")
    if traced:
        # `logging debug-trace` sends the debug as message 711001 (Cisco TechNote 200365, "Differences Between Logs
        # and Debugs on ASA"): its exchanges are read from the debug, not as syslog (review 2026-12-04: dropped in
        # silence)
        notes.append("%d line(s) are message 711001, the IKEv2 debug sent as syslog (logging debug-trace): give this "
                     "file as the debug too (asa_debug) for its exchanges to be read" % traced)
    if any(r["time"] is None for r in records):
        notes.append("%d syslog line(s) carry no timestamp (enable `logging timestamp` on the ASA)"
                     % sum(1 for r in records if r["time"] is None))
    return {"records": records, "notes": notes}


def misleading_explanation(record):
    """Why a known misleading message does not mean what it says, or None."""
    for (message_id, words), why in MISLEADING.items():
        if record.get("message_id") == message_id and words in (record.get("text") or "").lower():
            return why
    return None


def _framing(prefix):
    pri = _PRI_RE.search(prefix)
    if pri:
        rest = prefix[pri.end():]
        if re.match(r"1\s", rest):
            return "rfc5424"
        if re.match(r"\d+:\s", rest):
            return "emblem"
        return "rfc3164"
    return "timestamped" if TIME_RE.search(prefix) else "plain"


def _addresses(text):
    endpoints = _ENDPOINTS_RE.search(text)
    if endpoints:
        return {"local": endpoints.group(1).strip("[]"), "local_port": int(endpoints.group(2)),
                "remote": endpoints.group(3).strip("[]"), "remote_port": int(endpoints.group(4))}
    between = _BETWEEN_RE.search(text + " ")
    if between:
        return {"local": between.group(1), "remote": between.group(2)}
    ip_eq = _IP_EQ_RE.search(text)
    if ip_eq:
        return {"remote": ip_eq.group(1)}
    return {}
