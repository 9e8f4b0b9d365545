# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure VPN gateway diagnostic logs exported from Log Analytics -> records -> observations.

Plain Python, no Ansible import. Input: the rows of the ``AzureDiagnostics`` table as a JSON array (the
output of ``az monitor log-analytics query``, or a file of such rows), a JSON object with ``records``
(a diagnostic setting's archive to a storage account), JSON lines, or the portal's CSV export (header
row; ``TimeGenerated [UTC]`` as the portal names the column). Columns read, with their source -
"Troubleshoot Azure VPN Gateway using diagnostic logs",
https://learn.microsoft.com/en-us/azure/vpn-gateway/troubleshoot-vpn-with-azure-diagnostics:

- ``TimeGenerated`` (UTC), ``Category`` (GatewayDiagnosticLog, TunnelDiagnosticLog, RouteDiagnosticLog,
  IKEDiagnosticLog, P2SDiagnosticLog), ``OperationName``, ``Message``, ``Level``, ``Resource``;
- TunnelDiagnosticLog: ``OperationName`` TunnelConnected / TunnelDisconnected, ``instance_s`` (the gateway
  instance, GatewayTenantWorker_IN_0 / _IN_1); ``remoteIP_s`` and ``status_s`` as the alert query of
  "Set up alerts on VPN Gateway resource logs" uses them
  (https://learn.microsoft.com/en-us/azure/vpn-gateway/vpn-gateway-howto-setup-alerts-virtual-network-gateway-log);
  a failover is, in the first page's words (section TunnelDiagnosticLog, "Some troubleshooting tips"): "a
  disconnection event on one gateway instance, followed by a connection event on the different gateway instance in
  a few seconds" - of the same connection: the next tunnel event of the same ``remoteIP_s`` (review F2 #3). The
  page's IKEDiagnosticLog section says nothing of failovers: the IKE log is not read for them;
- RouteDiagnosticLog: ``OperationName`` StaticRouteUpdate, BgpRouteUpdate, BgpConnectedEvent, BgpDisconnectedEvent;
- IKEDiagnosticLog: ``Message`` ``[SESSION_ID :{..}] Remote <ip>:<port>: Local <ip>:<port>: <event>``, the
  event starting with ``[SEND]`` (sent by the gateway), ``[RECEIVED]`` (received from the on-premises
  device) or ``[LOCAL]``, then e.g. ``[SA_INIT]``, ``[SA_AUTH]``, ``[NOTIFY]`` (examples of the same lines in
  "VPN troubleshoot overview", IKElogs.txt: https://learn.microsoft.com/en-us/azure/network-watcher/vpn-troubleshoot-overview).

The words of the events after the tags are not documented; the reader keys on the tags, the notify names
of RFC 7296 and a few phrases (``Policy Mismatch`` appears in the documented example). From the tunnel's
point of view the ASA is the local end: an IKE log line's ``Local`` address is the Azure gateway (the
tunnel's peer), its ``Remote`` the ASA.
"""

import csv
import io
import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.signals import NOTIFY_FINDINGS
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import instant, order_times, redact, redacted, split_lines
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

_FIELDS = {  # our name -> column names (case-insensitive), the first present wins
    "time": ("TimeGenerated", "TimeGenerated [UTC]", "time", "timeStamp"),
    "category": ("Category", "category"),
    "operation": ("OperationName", "operationName"),
    "message": ("Message", "message"),
    "level": ("Level", "level"),
    "resource": ("Resource", "resourceId"),
    "instance": ("instance_s", "instance"),
    "remote_ip": ("remoteIP_s", "remoteIP"),
    "local_ip": ("localIP_s", "localIP"),
    "status": ("status_s", "status"),
    "reason": ("stateChangeReason_s", "stateChangeReason"),
}
CATEGORIES = ("GatewayDiagnosticLog", "TunnelDiagnosticLog", "RouteDiagnosticLog", "IKEDiagnosticLog", "P2SDiagnosticLog")
_IKE_RE = re.compile(r"Remote\s+([0-9A-Fa-f.:]+?):(\d+):\s*Local\s+([0-9A-Fa-f.:]+?):(\d+):\s*(.*)$")
_TAGS_RE = re.compile(r"\[([A-Z_]+)\]")
# The exchange a tag names, as asa_debug's kinds (IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA).
_TAG_KINDS = {"SA_INIT": ("IKE_SA_INIT", "ike_init"), "SA_AUTH": ("IKE_AUTH", "ike_auth"),
              "AUTH": ("IKE_AUTH", "ike_auth"), "CHILD_SA": ("CREATE_CHILD_SA", "create_child_sa"),
              "CREATE_CHILD_SA": ("CREATE_CHILD_SA", "create_child_sa"), "QM": ("CREATE_CHILD_SA", "create_child_sa")}
# Words of an IKE event -> RFC 7296 notify name. "Policy Mismatch" is the documented example's refusal.
_NOTIFY_WORDS = (
    (re.compile(r"(?i)no[ _]proposal[ _]chosen|policy mismatch|no matching (?:policy|proposal)"), "NO_PROPOSAL_CHOSEN"),
    (re.compile(r"(?i)invalid[ _]ke"), "INVALID_KE_PAYLOAD"),
    (re.compile(r"(?i)authentication[ _]failed|auth[ _]fail"), "AUTHENTICATION_FAILED"),
    (re.compile(r"(?i)ts[ _]unacceptable|traffic selectors? (?:mismatch|unacceptable|not acceptable)"), "TS_UNACCEPTABLE"),
    (re.compile(r"(?i)temporary[ _]failure"), "TEMPORARY_FAILURE"),
)
_DPD_RE = re.compile(r"(?i)\bDPD\b|dead[ -]peer|peer (?:is )?not responding|liveness")
_COLLISION_RE = re.compile(r"(?i)rekey collision|collision detected|simultaneous rekey")
_EXPIRED_RE = re.compile(r"(?i)(?:sa|lifetime|life time) (?:has )?expired|expired (?:sa|quick mode|child sa)")
_RETRANSMIT_RE = re.compile(r"(?i)retransmit")


def _field(row, name):
    lowered = {str(k).lower(): v for k, v in row.items()}
    for column in _FIELDS[name]:
        value = lowered.get(column.lower())
        if value is None and isinstance(lowered.get("properties"), dict):
            value = {str(k).lower(): v for k, v in lowered["properties"].items()}.get(column.lower())
        if value not in (None, ""):
            return value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return None


def _rows(text, notes):
    """Rows of one export (JSON array / object / lines, or CSV) as dicts."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = (text or "").lstrip("\ufeff").strip()
    if not text:
        notes.append("empty export")
        return []
    if text[0] in "[{":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the decoder goes
            data = None
            rows = []
            for number, line in split_lines(text):
                try:
                    item = json.loads(line) if line.strip() else None
                except (ValueError, RecursionError):
                    notes.append("line %d is not JSON (cut short?): skipped" % number)
                    continue
                if isinstance(item, dict):
                    rows.append(item)
            if rows:
                return rows
            notes.append("the JSON export does not parse (cut short?): nothing read")
            return []
        if isinstance(data, dict):
            data = data.get("records") or data.get("value") or data.get("tables") or [data]
        if isinstance(data, list) and data and isinstance(data[0], dict) and "rows" in data[0] and "columns" in data[0]:
            table = data[0]  # the Log Analytics query API's tables/columns/rows form
            names = [c.get("name") if isinstance(c, dict) else str(c) for c in table.get("columns") or []]
            data = [dict(zip(names, row)) for row in table.get("rows") or [] if isinstance(row, list)]
        return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []
    try:
        reader = csv.DictReader(io.StringIO(text))
        rows = [row for row in reader if row]
    except csv.Error as exc:
        notes.append("the CSV export does not parse (%s): nothing read" % exc)
        return []
    if not reader.fieldnames or not any(f and f.split(" [")[0] in ("TimeGenerated", "Message", "OperationName")
                                        for f in reader.fieldnames):
        notes.append("no TimeGenerated/OperationName/Message column: is this an AzureDiagnostics export?")
        return []
    return rows


@redacted
def parse_diagnostic_logs(texts):
    """Records of one or more exports, in time order; never raises on bad input."""
    texts = [texts] if isinstance(texts, (str, bytes)) or texts is None else list(texts)
    records, notes = [], []
    for index, text in enumerate(texts):
        local_notes = []
        for row in _rows(text, local_notes):
            record = {key: redact(_field(row, key)) if _field(row, key) else None for key in _FIELDS}
            record["row"] = len(records) + 1
            record["export"] = index + 1
            if record["category"] not in CATEGORIES:
                record["category"] = _guess_category(record)
            records.append(record)
        notes += [("export %d: %s" % (index + 1, n)) if len(texts) > 1 else n for n in local_notes]
    # in UTC: exports of different offsets are merged as they happened (review F2 #2)
    keys, _notes = order_times([r["time"] for r in records])
    ordered = [r for _key, r in sorted(zip((k for k, _clock in keys), records), key=lambda kr: (kr[0], kr[1]["row"]))]
    if [r["row"] for r in ordered] != [r["row"] for r in records]:
        notes.append("rows were not in time order (exports merged or sorted otherwise): read in TimeGenerated order")
    unknown = sum(1 for r in records if not r["category"])
    if unknown:
        notes.append("%d row(s) of no known category (Category column missing or renamed) were read by their "
                     "message only" % unknown)
    return {"records": ordered, "notes": notes}


def _guess_category(record):
    operation = record.get("operation") or ""
    if operation.startswith("Tunnel"):
        return "TunnelDiagnosticLog"
    if operation.startswith(("Bgp", "StaticRoute")):
        return "RouteDiagnosticLog"
    if _IKE_RE.search(record.get("message") or ""):
        return "IKEDiagnosticLog"
    return None


def _ike_event(record):
    match = _IKE_RE.search(record["message"] or "")
    if not match:
        return None
    event = match.group(5)
    tags = _TAGS_RE.findall(event)
    return {"remote": match.group(1), "local": match.group(3), "event": event, "tags": tags,
            "direction": "sent" if "SEND" in tags else "received" if "RECEIVED" in tags else "local"}


def diagnostic_signals(parsed):
    """Observations of parsed diagnostic logs. ``{local}`` is the ASA, ``{peer}`` the Azure gateway."""
    signals, sends, answered, last_kind = [], {}, set(), {}
    records = (parsed or {}).get("records", [])
    following = _next_tunnel_events(records)
    for position, record in enumerate(records):
        base = {"source": "azure_logs", "time": record["time"], "lines": [record["row"]], "contradicts": [],
                "consequence_of": [], "message_id": record["operation"] or record["category"]}
        category = record["category"]
        if category == "TunnelDiagnosticLog":
            signals.extend(_tunnel_signal(record, following.get(position), base))
        elif category == "RouteDiagnosticLog":
            signals.extend(_route_signal(record, base))
        elif category == "IKEDiagnosticLog" or _ike_event(record):
            event = _ike_event(record)
            if not event:
                continue
            base["peer"] = event["local"]
            base["site"] = event["remote"]  # the on-premises device: a gateway's log covers all its connections
            for tag in event["tags"]:
                if tag in _TAG_KINDS:
                    last_kind[event["remote"]] = _TAG_KINDS[tag]
            if event["direction"] == "received":
                answered.add(event["remote"])
            elif event["direction"] == "sent" and any(t in ("SA_INIT",) for t in event["tags"]):
                sends.setdefault(event["remote"], []).append((record, base))
            signals.extend(_ike_signal(record, event, last_kind.get(event["remote"]), base))
    for remote, sent in sends.items():
        if remote in answered or len(sent) < 2:
            continue
        record, base = sent[-1]
        signals.append(dict(base, kind="no_answer", codes=[], phases=[], abnormal=True, lines=[r["row"] for r, _b in sent],
                            says="{peer} sent IKE_SA_INIT to {local} (%s) %d times and received nothing back: UDP "
                                 "500/4500 blocked on the path, or {local} not answering" % (remote, len(sent))))
    return signals


def _ike_signal(record, event, exchange, base):
    text = event["event"]
    for pattern, notify in _NOTIFY_WORDS:
        if not pattern.search(text):
            continue
        if not ("NOTIFY" in event["tags"] or re.search(r"(?i)notify", text)):
            break
        name, kind = exchange or ("an exchange", "*")
        codes, phases = NOTIFY_FINDINGS.get((notify, kind)) or NOTIFY_FINDINGS.get((notify, "*")) or ([], [])
        if kind == "*" and notify == "NO_PROPOSAL_CHOSEN":
            codes, phases = ["IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL"], ["ike_init", "child_init", "child_rekey"]
        if event["direction"] == "sent":
            says = "{local} started %s; {peer} answered %s (Azure IKE log: %s)" % (name, notify, text)
        else:
            says = "{peer} started %s; {local} answered %s (Azure IKE log: %s)" % (name, notify, text)
        benign = notify == "TEMPORARY_FAILURE"
        return [dict(base, kind="notify", notify=notify, exchange=name if exchange else None, codes=codes,
                     phases=phases, abnormal=not benign, says=says)]
    if _DPD_RE.search(text) and re.search(r"(?i)delet|disconnect|tear|down|timeout|timed out", text):
        return [dict(base, kind="dpd_teardown", codes=["DPD_MISMATCH"], phases=["traffic"], abnormal=True,
                     says="{peer} tore the tunnel to {local} down: dead-peer detection (Azure IKE log: %s)" % text)]
    if _COLLISION_RE.search(text):
        return [dict(base, kind="rekey_collision", codes=[], phases=["child_rekey"], abnormal=True,
                     says="both ends rekeyed at once (Azure IKE log: %s)" % text)]
    if _EXPIRED_RE.search(text):
        return [dict(base, kind="lifetime_expiry", codes=[], phases=["child_rekey"], abnormal=True,
                     consequence_of=["PFS_MISMATCH", "CHILD_NO_COMMON_PROPOSAL"],
                     says="{peer} let an SA expire without a successful rekey (Azure IKE log: %s)" % text)]
    return []


# "in a few seconds" (the page in the module's docstring) read as at most this many: a connect later than that on the
# other instance is a reconnect, not the failover's
FAILOVER_SECONDS = 30


def _next_tunnel_events(records):
    """Position of each TunnelDiagnosticLog row -> the next such row of the same connection (``remoteIP_s``; rows
    without it are one connection, an export that lacks the column), in one pass from the end (issue 12: linear)."""
    following, last = {}, {}
    for position in range(len(records) - 1, -1, -1):
        record = records[position]
        if record["category"] == "TunnelDiagnosticLog":
            site = record.get("remote_ip")
            if site in last:
                following[position] = last[site]
            last[site] = record
    return following


def _tunnel_signal(record, following, base):
    """``following``: the next tunnel event of the same connection, or None."""
    operation = record["operation"] or ""
    status = (record["status"] or "").lower()
    base = dict(base, peer=None, instance=record["instance"], site=record.get("remote_ip"))
    why = " ".join(x for x in (record["reason"], record["message"]) if x)
    if operation == "TunnelConnected" or status == "connected":
        return [dict(base, kind="ok", codes=[], phases=["ike_init", "child_init"], abnormal=False,
                     contradicts=["IKE_NO_COMMON_PROPOSAL", "AUTH_MISMATCH", "NO_INITIATOR"],
                     says="the tunnel from {peer} to {local} connected (TunnelConnected on %s)" % record["instance"])]
    if operation != "TunnelDisconnected" and status != "disconnected":
        return []
    down, up = instant(record["time"]), instant((following or {}).get("time"))
    if following and (following["operation"] == "TunnelConnected" or (following["status"] or "").lower() == "connected") \
            and following["instance"] and record["instance"] and following["instance"] != record["instance"] \
            and down is not None and up is not None and 0 <= (up - down).total_seconds() <= FAILOVER_SECONDS:
        return [dict(base, kind="misleading", codes=[], phases=[], abnormal=False,
                     explanation="a disconnect on %s followed %ds later by a connect of the same connection%s on %s "
                                 "(at %s) is a gateway failover (maintenance or a gateway reset), not a fault of the "
                                 "tunnel's configuration (Microsoft: 'Troubleshoot Azure VPN Gateway using diagnostic "
                                 "logs', TunnelDiagnosticLog)"
                                 % (record["instance"], (up - down).total_seconds(),
                                    " (%s)" % record["remote_ip"] if record.get("remote_ip") else "",
                                    following["instance"], following["time"]),
                     says="TunnelDisconnected on %s" % record["instance"])]
    if _DPD_RE.search(why):
        return [dict(base, kind="dpd_teardown", codes=["DPD_MISMATCH"], phases=["traffic"], abnormal=True,
                     says="{peer} disconnected the tunnel to {local}: dead-peer detection (TunnelDisconnected on %s: %s)"
                     % (record["instance"], why))]
    return [dict(base, kind="tunnel_down", codes=[], phases=[], abnormal=True,
                 says="the tunnel from {peer} to {local} disconnected (TunnelDisconnected on %s%s)"
                 % (record["instance"], ": " + why if why else ""))]


# A BGP session that goes down while the tunnel stays up is one of these findings (engine/bgp.py), all in
# phase traffic: the evidence cannot tell which; the one the check reported is confirmed.
BGP_SESSION_CODES = ["BGP_NOT_CONFIGURED", "BGP_ASN_MISMATCH", "BGP_PEER_ADDRESS_MISMATCH", "BGP_NO_ROUTE_TO_PEER",
                     "BGP_MULTIHOP_MISSING", "BGP_APIPA_INVALID", "BGP_NEITHER_OPENS"]


_INSTANCE_RE = re.compile(r"(?i)_IN_(\d+)\s*$")
# How many tunnels the note on a BGP event of an untold tunnel names (as bgp_peers.SHOWN)
SHOWN_TUNNELS = 5


def instance_number(name):
    """A gateway instance as the tunnel and route logs name it ("GatewayTenantWorker_IN_1" -> "1"; another name as
    it is, lowercased), or None: what report.json's ``azure.instance`` is compared with."""
    if not name:
        return None
    match = _INSTANCE_RE.search(name)
    return match.group(1) if match else name.strip().lower()


def _where(event):
    """Which tunnel a tunnel event is of, in words: "198.51.100.10 on GatewayTenantWorker_IN_1" (either part may lack)."""
    return " ".join(x for x in (event.get("site"), "on %s" % event["instance"] if event.get("instance") else None) if x)


def bgp_over_tunnel_state(signals):
    """``signals`` with each BgpDisconnectedEvent as a copy that says the state of its own tunnel at the time: a BGP
    session lost while its tunnel was down is the tunnel's effect, not a BGP finding. A tunnel is one gateway
    instance's to one on-premises device (TunnelDiagnosticLog ``instance_s``, ``remoteIP_s``); a route log event names
    the instance, not the device. The last tunnel event of ANY connection decided it: one site's disconnect (or the
    other instance's of an active-active gateway) excused another tunnel's BGP failure, and another's reconnect blamed
    BGP for a session its own tunnel's outage ended. Several tunnels on the event's instance: the state is not told
    (said so). correlate passes a tunnel's own signals (its site's tunnel events, the BGP events bgp_peers.BgpPeers
    ties to it), where the state is its tunnel's. A new list, the signals unchanged (a SharedEvidence signal serves
    every tunnel); linear: the tunnels' states are kept by instance."""
    states, out = {}, []  # instance number (None: the column missing) -> {site: (up, tunnel event)}
    for signal in signals:
        if signal.get("source") != "azure_logs":
            out.append(signal)
            continue
        if "instance" in signal and "bgp_peer" not in signal:
            up = True if signal["kind"] == "ok" else False if signal["kind"] in ("tunnel_down", "dpd_teardown") else None
            if up is not None:
                states.setdefault(instance_number(signal["instance"]), {})[signal.get("site")] = (up, signal)
        elif signal["kind"] == "bgp_down":
            signal = _with_tunnel_state(signal, states)
        out.append(signal)
    return out


def _with_tunnel_state(signal, states):
    instance = instance_number(signal.get("gateway_instance"))
    # a tunnel event without the instance column (an export that lacks it) is any instance's, as a BGP event without it
    groups = list(states.values()) if instance is None else [states.get(instance) or {}, states.get(None) or {}]
    count = sum(len(group) for group in groups)
    if not count:
        return signal
    if count > 1:
        shown = [_where(event) or "?" for group in groups for _up, event in list(group.values())[:SHOWN_TUNNELS]]
        return dict(signal, says=signal["says"] + "; the state of its tunnel is not told: %d tunnels%s in the log (%s)"
                    % (count, " on %s" % signal["gateway_instance"] if instance else "",
                       first_of(shown[:SHOWN_TUNNELS], SHOWN_TUNNELS, total=count)))
    up, event = next(iter(next(group for group in groups if group).values()))
    tunnel = "its tunnel (%s)" % _where(event) if _where(event) else "the tunnel"
    if up:
        return dict(signal, says=signal["says"] + "; %s was up (BGP down over an up tunnel)" % tunnel)
    # still shown (unexplained, with why): the tunnel's report says its BGP session went with it, not that none was seen
    return dict(signal, kind="bgp_down_tunnel_down", codes=[], says=signal["says"] + "; %s was down at the time (%s at "
                "%s): an effect of that, not of BGP" % (tunnel, event.get("message_id"), event.get("time")))


def _route_signal(record, base):
    operation = record["operation"] or ""
    neighbor = re.search(r"\b(\d{1,3}(?:\.\d{1,3}){3})\b", record["message"] or "")
    # bgp_peer: the neighbor the event names; with the gateway instance and the gateway (Resource), what correlate
    # (bgp_peers.py) ties it to one tunnel with: the gateway's log covers all its BGP sessions (review F2 #5)
    base = dict(base, peer=None, bgp_peer=neighbor.group(1) if neighbor else None, gateway_instance=record["instance"],
                resource=(record["resource"] or "").rstrip("/").rsplit("/", 1)[-1] or None)
    if operation == "BgpDisconnectedEvent":
        return [dict(base, kind="bgp_down", codes=list(BGP_SESSION_CODES), phases=["traffic"], abnormal=True,
                     says="{peer} lost its BGP session%s (BgpDisconnectedEvent: %s)"
                     % (" with %s" % base["bgp_peer"] if base["bgp_peer"] else "", record["message"] or ""))]
    if operation == "BgpConnectedEvent":
        return [dict(base, kind="ok", codes=[], phases=["traffic"], abnormal=False,
                     contradicts=["BGP_ASN_MISMATCH", "BGP_PEER_ADDRESS_MISMATCH", "BGP_NO_ROUTE_TO_PEER",
                                  "BGP_MULTIHOP_MISSING", "BGP_NOT_CONFIGURED", "BGP_NEITHER_OPENS"],
                     says="{peer} established its BGP session%s (BgpConnectedEvent)"
                     % (" with %s" % base["bgp_peer"] if base["bgp_peer"] else ""))]
    return []
