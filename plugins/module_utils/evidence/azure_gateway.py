# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Azure gateway reports about a connection on request: Network Watcher VPN troubleshoot and the
connection's IKE SAs (getikesas) -> observations.

Plain Python, no Ansible import. Shapes and their sources:

- VPN troubleshoot ("VPN troubleshoot overview",
  https://learn.microsoft.com/en-us/azure/network-watcher/vpn-troubleshoot-overview): a JSON result with
  ``startTime``, ``endTime``, ``code`` (UnHealthy on any failed diagnosis) and ``results`` of ``id`` (the
  fault type), ``summary``, ``detailed`` (``detail`` in the REST TroubleshootingDetails object),
  ``recommendedActions``; fault types of a connection: NoFault, GatewayNotFound, PlannedMaintenance,
  UserDrivenUpdate, VipUnResponsive, ConnectionEntityNotFound, ConnectionIsMarkedDisconnected,
  ConnectionNotConfiguredOnGateway, ConnectionMarkedStandby, Authentication (pre-shared key mismatch),
  PeerReachability, IkePolicyMismatch, WfpParse Error. The log files it writes to the storage account are
  read as text: ConnectionStats.txt (``Connectivity State : Connected``, ``Ingress Bytes (since last
  connected) : 288 B``), IKEErrors.txt (``Error: ...`` then ``based on log : ... (ERROR_IPSEC_IKE_...)``)
  and IKElogs.txt (the IKEDiagnosticLog event lines, read by azure_logs).
- IKE SAs (``Get-AzVirtualNetworkGatewayConnectionIkeSa``,
  https://learn.microsoft.com/en-us/powershell/module/az.network/get-azvirtualnetworkgatewayconnectionikesa;
  REST "Virtual Network Gateway Connections - Get Ike Sas", whose 200 body is a JSON string): a list of
  IKE SAs with ``localEndpoint``, ``remoteEndpoint``, ``encryption``, ``integrity``, ``dhGroup``,
  ``lifeTimeSeconds``, ``isSaInitiator``, ``elapsedTimeInseconds`` and ``quickModeSa`` (the Child SAs).
  The fields of a quick mode SA are not in the documented example: the reader looks for packet counters
  under a few spellings (``inboundPacketsCount``/``outboundPacketsCount``, ``inboundPackets``...) and
  PFS under ``pfsGroupId``/``pfsGroup``, and says so in a note when it finds none.

Cookies and SPIs are identifiers, not keys; no other field is kept.
"""

import json
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_logs import diagnostic_signals
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact, redacted, split_lines

# Fault type (results[].id) -> (finding codes, phases). Meanings from the fault table of the page above.
FAULT_FINDINGS = {
    "Authentication": (["AUTH_MISMATCH"], ["ike_init", "config"]),
    "IkePolicyMismatch": (["IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL"], ["ike_init", "child_init"]),
}
# Fault types that say something about the path or the gateway but no finding of the check covers.
FAULT_NOTES = {
    "PeerReachability": "the peer gateway is not reachable (UDP 500/4500 blocked on the path, or the device down)",
    "ConnectionIsMarkedDisconnected": "the connection is marked disconnected",
    "ConnectionNotConfiguredOnGateway": "the gateway's service does not have the connection configured",
    "ConnectionMarkedStandby": "the gateway's service has the connection on standby",
    "VipUnResponsive": "the gateway's primary instance fails its health probe",
    "PlannedMaintenance": "the gateway instance is under maintenance",
    "UserDrivenUpdate": "an update of the gateway (e.g. a resize) is in progress",
    "GatewayNotFound": "the gateway is not found or not provisioned",
    "ConnectionEntityNotFound": "the connection's configuration is missing",
    "WfpParse Error": "Network Watcher could not parse the gateway's WFP log",
}
# Windows IKE error names in IKEErrors.txt -> finding codes (names as printed, e.g. ERROR_IPSEC_IKE_AUTH_FAIL).
_WIN_ERRORS = (
    (re.compile(r"AUTH_FAIL"), ["AUTH_MISMATCH"], ["ike_init", "config"]),
    (re.compile(r"NO_PROPOSAL|POLICY_MATCH|NO_POLICY"), ["IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL"],
     ["ike_init", "child_init"]),
)
_STATS_RE = re.compile(r"^\s*(Connectivity State|Remote Tunnel Endpoint|Ingress Bytes[^:]*|Egress Bytes[^:]*|"
                       r"Connected Since)\s*:\s*(.*?)\s*$", re.I)
_BYTES_RE = re.compile(r"([\d.]+)\s*([KMGT]?B)", re.I)


def _json(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        return text
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # nested deeper than the decoder goes: not what we read
        return None
    for _depth in range(2):  # the REST body is a JSON string holding JSON
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except (ValueError, RecursionError):
                break
    return data


@redacted
def parse_troubleshoot(texts):
    """The troubleshoot result (JSON) and its log files (text), one or more; never raises."""
    texts = [texts] if isinstance(texts, (str, bytes)) or texts is None else list(texts)
    parsed = {"code": None, "results": [], "errors": [], "stats": {}, "ike_lines": [], "notes": []}
    for index, text in enumerate(texts):
        data = _json(text)
        if isinstance(data, dict):
            body = data.get("properties") if isinstance(data.get("properties"), dict) else data
            parsed["code"] = body.get("code") or parsed["code"]
            parsed["start_time"] = body.get("startTime")
            for number, item in enumerate(body.get("results") or [], start=1):
                if isinstance(item, dict):
                    parsed["results"].append({"id": redact(str(item.get("id"))), "summary": redact(str(item.get("summary") or "")),
                                              "detail": redact(str(item.get("detailed") or item.get("detail") or "")),
                                              "file": index + 1, "line": number, "time": body.get("startTime")})
            if not body.get("results") and not body.get("code"):
                parsed["notes"].append("file %d: JSON without code or results: is this a VPN troubleshoot result?"
                                       % (index + 1))
            continue
        if data is not None:
            parsed["notes"].append("file %d: JSON of an unexpected shape: skipped" % (index + 1))
            continue
        _read_text_file(text, index + 1, parsed)
    parsed["read"] = parsed["results"] + parsed["errors"] + list(parsed["stats"]) + parsed["ike_lines"]
    return parsed


def _read_text_file(text, file_number, parsed):
    lines = split_lines(text)
    pending = None
    read = 0
    for number, raw in lines:
        line = redact(raw.strip())
        stats = _STATS_RE.match(line)
        if stats:
            parsed["stats"][stats.group(1).split(" (")[0].strip().lower()] = (stats.group(2), file_number, number)
            read += 1
        elif line.startswith("Error:"):
            pending = {"error": line[len("Error:"):].strip(), "file": file_number, "line": number, "based_on": ""}
            parsed["errors"].append(pending)
            read += 1
        elif pending is not None and line.startswith("based on log"):
            pending["based_on"] = line.split(":", 1)[-1].strip()
            read += 1
        elif re.search(r"Remote\s+\S+:\d+:\s*Local\s+\S+:\d+:", line):
            parsed["ike_lines"].append((file_number, number, line))
            read += 1
    if lines and not read:
        parsed["notes"].append("file %d: nothing of a troubleshoot result or its logs (ConnectionStats.txt, "
                               "IKEErrors.txt, IKElogs.txt) found" % file_number)


def _bytes(value):
    match = _BYTES_RE.search(value or "")
    if not match:
        return None
    scale = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}[match.group(2).upper()]
    return float(match.group(1)) * scale


def troubleshoot_signals(parsed):
    """Observations of a parsed troubleshoot result. ``{local}`` is the ASA, ``{peer}`` the Azure gateway."""
    parsed = parsed or {}
    signals = []
    base = {"source": "azure_troubleshoot", "peer": None, "contradicts": [], "consequence_of": []}
    for result in parsed.get("results", []):
        common = dict(base, time=result["time"], lines=[result["line"]], message_id=result["id"])
        text = "%s%s" % (result["summary"], (": " + result["detail"]) if result["detail"] else "")
        if result["id"] in FAULT_FINDINGS:
            codes, phases = FAULT_FINDINGS[result["id"]]
            signals.append(dict(common, kind="fault", codes=list(codes), phases=list(phases), abnormal=True,
                                says="Network Watcher VPN troubleshoot on {peer}: %s (%s)" % (result["id"], text)))
        elif result["id"] == "PeerReachability":
            signals.append(dict(common, kind="no_answer", codes=[], phases=[], abnormal=True,
                                says="Network Watcher VPN troubleshoot on {peer}: %s - %s (%s)"
                                % (result["id"], FAULT_NOTES[result["id"]], text)))
        elif result["id"] == "NoFault":
            signals.append(dict(common, kind="ok", codes=[], phases=["ike_init", "child_init"], abnormal=False,
                                contradicts=["IKE_NO_COMMON_PROPOSAL", "AUTH_MISMATCH"],
                                says="Network Watcher VPN troubleshoot on {peer}: no fault"))
        else:
            signals.append(dict(common, kind="gateway_state", codes=[], phases=[], abnormal=True,
                                says="Network Watcher VPN troubleshoot on {peer}: %s - %s (%s)"
                                % (result["id"], FAULT_NOTES.get(result["id"], "a fault type this reader does not know"),
                                   text)))
    for error in parsed.get("errors", []):
        common = dict(base, time=None, lines=[error["line"]], message_id="IKEErrors")
        for pattern, codes, phases in _WIN_ERRORS:
            if pattern.search(error["based_on"]) or pattern.search(error["error"].upper().replace(" ", "_")):
                signals.append(dict(common, kind="fault", codes=list(codes), phases=list(phases), abnormal=True,
                                    says="{peer}'s IKEErrors.txt: %s (%s)" % (error["error"], error["based_on"])))
                break
        else:
            signals.append(dict(common, kind="ike_error", codes=[], phases=[], abnormal=True,
                                says="{peer}'s IKEErrors.txt: %s (%s)" % (error["error"], error["based_on"])))
    signals.extend(_stats_signal(parsed.get("stats") or {}, base))
    if parsed.get("ike_lines"):
        records = [{"row": number, "time": None, "category": "IKEDiagnosticLog", "operation": None, "message": line,
                    "instance": None, "status": None, "reason": None} for _file, number, line in parsed["ike_lines"]]
        for signal in diagnostic_signals({"records": records}):
            signal["source"] = "azure_troubleshoot"
            signals.append(signal)
    return signals


def _stats_signal(stats, base):
    state = (stats.get("connectivity state") or (None,))[0]
    ingress, egress = stats.get("ingress bytes"), stats.get("egress bytes")
    lines = sorted(v[2] for v in stats.values())
    if state is None:
        return []
    common = dict(base, time=(stats.get("connected since") or (None,))[0], lines=lines, message_id="ConnectionStats",
                  site=(stats.get("remote tunnel endpoint") or (None,))[0])
    if state.lower() != "connected":
        return [dict(common, kind="tunnel_down", codes=[], phases=[], abnormal=True,
                     says="{peer}'s ConnectionStats.txt: Connectivity State %s" % state)]
    if ingress and egress and _bytes(egress[0]) and _bytes(ingress[0]) == 0:
        return [dict(common, kind="one_way", codes=["ONE_WAY_TRAFFIC"], phases=["traffic"], abnormal=True,
                     consequence_of=["PFS_MISMATCH"],
                     says="{peer}'s ConnectionStats.txt: connected, egress %s and ingress %s since it connected: {peer} "
                          "sends into the tunnel and nothing comes back from {local}" % (egress[0], ingress[0]))]
    two_way = ["ONE_WAY_TRAFFIC"] if ingress and _bytes(ingress[0]) else []
    return [dict(common, kind="ok", codes=[], phases=["ike_init", "child_init"], abnormal=False,
                 contradicts=["IKE_NO_COMMON_PROPOSAL", "AUTH_MISMATCH"] + two_way,
                 says="{peer}'s ConnectionStats.txt: connected (ingress %s, egress %s)"
                 % ((ingress or ("?",))[0], (egress or ("?",))[0]))]


_COUNTERS = {"in": ("inboundPacketsCount", "inboundPackets", "packetsIn"),
             "out": ("outboundPacketsCount", "outboundPackets", "packetsOut")}


def _text(value):
    return redact(str(value)) if value is not None else None


# lower-cased member name -> the name this reader reads. The REST reference's Get Ike Sas example has an
# empty body ("Data": null; azure-rest-api-specs, examples/VirtualNetworkGatewayConnectionGetIkeSas.json), so
# no casing is documented: PowerShell's Get-AzVirtualNetworkGatewayConnectionIkeSa writes PascalCase.
_IKE_SA_NAMES = dict((name.lower(), name) for name in (
    "localEndpoint", "remoteEndpoint", "encryption", "integrity", "dhGroup", "lifeTimeSeconds", "isSaInitiator",
    "elapsedTimeInseconds", "quickModeSa", "pfsGroupId", "inboundPacketsCount", "outboundPacketsCount",
    "inboundSPI", "outboundSPI", "lifetimeKilobytes", "localTrafficSelectors", "remoteTrafficSelectors"))
_IKE_SA_NAMES["quickmodesas"] = "quickModeSa"


def _renamed(item):
    return dict((_IKE_SA_NAMES.get(str(key).lower(), key), value) for key, value in item.items())


def rest_names(value):
    """An IKE SA list (or one SA) with the members this reader reads renamed to its spelling, whatever
    their case; the SAs' quick mode SAs too. Other members and deeper values are left as they are."""
    if isinstance(value, dict):
        return rest_names([value])[0]
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, dict):
            item = _renamed(item)
            if isinstance(item.get("quickModeSa"), list):
                item["quickModeSa"] = [_renamed(c) if isinstance(c, dict) else c for c in item["quickModeSa"]]
        out.append(item)
    return out


@redacted
def parse_ike_sas(text):
    """IKE SAs of getikesas (list, REST string body, or {value|Data: [...]}); never raises."""
    data = _json(text)
    notes = []
    if isinstance(data, dict):
        # {"Status": "Successful", "Data": null}: the REST example's body when the connection has no IKE SA
        data = data.get("value") if "value" in data else (data.get("Data") or []) if "Data" in data else \
            data.get("ikeSas") if "ikeSas" in data else [data]
    if data is None:
        notes.append("not JSON (cut short?): no IKE SA read")
        data = []
    data = rest_names(data)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        notes.append("JSON of an unexpected shape: no IKE SA read")
        data = []
    ike_sas = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            continue
        children = item.get("quickModeSa") if isinstance(item.get("quickModeSa"), list) else []
        child_entries = []
        for child in children:
            if not isinstance(child, dict):
                continue
            counters = {side: next((child[k] for k in keys if isinstance(child.get(k), (int, float))), None)
                        for side, keys in _COUNTERS.items()}
            child_entries.append({"in": counters["in"], "out": counters["out"],
                                  "pfs": child.get("pfsGroupId", child.get("pfsGroup")),
                                  "lifetime": child.get("lifeTimeSeconds"), "elapsed": child.get("elapsedTimeInseconds")})
        ike_sas.append({"index": number, "local": _text(item.get("localEndpoint")), "remote": _text(item.get("remoteEndpoint")),
                        "encryption": _text(item.get("encryption")), "integrity": _text(item.get("integrity")),
                        "dh_group": _text(item.get("dhGroup")), "lifetime": item.get("lifeTimeSeconds"),
                        "elapsed": item.get("elapsedTimeInseconds"), "initiator": item.get("isSaInitiator"),
                        "children": child_entries})
    if any(sa["children"] and all(c["in"] is None for c in sa["children"]) for sa in ike_sas):
        notes.append("quick mode SAs without packet counters this reader knows: traffic not judged")
    return {"ike_sas": ike_sas, "notes": notes}


def ike_sa_signals(parsed):
    """Observations of parsed IKE SAs. ``{local}`` is the ASA, ``{peer}`` the Azure gateway."""
    if parsed is None:
        return []
    signals = []
    base = {"source": "azure_ike_sas", "time": None, "contradicts": [], "consequence_of": [], "message_id": "getikesas"}
    if not parsed.get("ike_sas") and not parsed.get("notes"):
        signals.append(dict(base, peer=None, lines=[], kind="no_sa", codes=[], phases=[], abnormal=True,
                            says="{peer} holds no IKE SA for the connection: the tunnel is not up"))
    for sa in parsed.get("ike_sas", []):
        # the site is the IKE SA's remoteEndpoint, the on-premises device: a gateway's SAs with its other connections'
        # sites are left out of this tunnel's (and noted) as diagnostic_signals does for the IKE log (review F2 #4)
        common = dict(base, peer=sa["local"], lines=[sa["index"]], site=sa["remote"])
        suite = "/".join(str(x) for x in (sa["encryption"], sa["integrity"], sa["dh_group"]) if x)
        contradicts = ["IKE_NO_COMMON_PROPOSAL", "AUTH_MISMATCH", "NO_INITIATOR"]
        if sa["children"]:
            contradicts.append("CHILD_NO_COMMON_PROPOSAL")
        signals.append(dict(common, kind="ok", codes=[], phases=["ike_init", "child_init"], abnormal=False,
                            contradicts=contradicts,
                            says="{peer} holds an IKE SA with {local} (%s, %s, %s quick mode SA(s), started by %s)"
                            % (sa["remote"], suite or "suite not given", len(sa["children"]),
                               "{peer}" if sa["initiator"] else "{local}")))
        if isinstance(sa["elapsed"], (int, float)) and isinstance(sa["lifetime"], (int, float)) \
                and sa["lifetime"] and sa["elapsed"] > sa["lifetime"]:
            signals.append(dict(common, kind="lifetime_expiry", codes=[], phases=["ike_rekey"], abnormal=True,
                                consequence_of=["IKE_NO_COMMON_PROPOSAL"],
                                says="{peer}'s IKE SA with {local} is %ss old, past its %ss lifetime: it was not rekeyed"
                                % (sa["elapsed"], sa["lifetime"])))
        for child in sa["children"]:
            if child["out"] and child["in"] == 0:
                signals.append(dict(common, kind="one_way", codes=["ONE_WAY_TRAFFIC"], phases=["traffic"],
                                    abnormal=True, consequence_of=["PFS_MISMATCH"],
                                    says="{peer}'s quick mode SA with {local}: %s packets out, 0 in" % child["out"]))
            elif child["in"]:
                signals.append(dict(common, kind="ok", codes=[], phases=["traffic"], abnormal=False,
                                    contradicts=["ONE_WAY_TRAFFIC"],
                                    says="{peer}'s quick mode SA with {local}: %s packets in" % child["in"]))
    return signals
