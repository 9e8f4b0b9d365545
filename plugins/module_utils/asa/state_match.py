# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attaching the parsed live state to the tunnel ends of the config facts (``match_state``), and
the traffic check on it (``one_way_traffic``: encaps rising while decaps stay frozen is the
ONE_WAY_TRAFFIC finding).

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state_text import is_ip
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, Finding


# ---------------------------------------------------------------------------
# attaching state to tunnel ends
# ---------------------------------------------------------------------------
def _end_selectors(end):
    return {(s.get("local"), s.get("remote")) for s in end.get("traffic_selectors") or []}


def _score(child, end):
    """(score, reasons, conflicts) of a child SA entry against a config tunnel end dict."""
    ref = end.get("ref") or {}
    reasons, conflicts = [], []
    score = 0
    if child.get("seq") is not None and ref.get("seq") is not None:
        if child["seq"] == ref["seq"]:
            score += 8
            reasons.append("seq")
        else:
            conflicts.append("seq %s (config %s)" % (child["seq"], ref["seq"]))
    peers = set(ref.get("peers") or []) | {end.get("peer_address")} - {None}
    if child.get("peer"):
        if child["peer"] in peers:
            score += 4
            reasons.append("peer")
        else:
            conflicts.append("peer %s (config %s)" % (child["peer"], ", ".join(sorted(peers)) or "none"))
    if child.get("acl") and ref.get("acl"):
        if child["acl"] == ref["acl"]:
            score += 2
            reasons.append("acl")
        else:
            conflicts.append("access-list %s (config %s)" % (child["acl"], ref["acl"]))
    local = (child.get("local_ident") or {}).get("prefix")
    remote = (child.get("remote_ident") or {}).get("prefix")
    if local and remote and (local, remote) in _end_selectors(end):
        score += 1
        reasons.append("selectors")
    return score, reasons, conflicts


# A VTI's SAs show under "interface: <the VTI's nameif>" with an internal crypto map "__vti-crypto-map-<n>-0-<m>",
# seq 65280, that no config line names (Cisco's ASA VTI guides show it so): they belong to the VTI end of that nameif.
VTI_MAP_PREFIX = "__vti-crypto-map-"


class EndIndex(object):
    """The ends by crypto map and VTI ends by nameif and interface name, made once per match_state: a hub's every SA
    scanned every end (SAs x ends; review 2026-12-06)."""

    def __init__(self, ends):
        self.ends = list(ends)
        self.by_map, self.vti_by_interface = {}, {}
        for end in self.ends:
            ref = end.get("ref") or {}
            self.by_map.setdefault(ref.get("crypto_map"), []).append(end)
            if ref.get("kind") == "vti":
                for name in {ref.get("nameif"), ref.get("interface")} - {None}:
                    self.vti_by_interface.setdefault(name, []).append(end)


def _match_vti_child(child, index):
    interface = child.get("interface")
    same_interface = index.vti_by_interface.get(interface, []) if interface else []
    if len(same_interface) != 1:
        return None, {"reason": "VTI SA (crypto map %s) on interface %s: %s" % (
            child.get("crypto_map"), interface,
            "no tunnel interface of that name in the config" if not same_interface else "several tunnel interfaces")}
    end = same_interface[0]
    _points, reasons, conflicts = _score(child, end)
    return end, {"by": ["interface"] + reasons, "conflicts": conflicts}


def match_child(child, ends, index=None):
    """The end (dict) a ``show crypto ipsec sa`` entry belongs to, with how it matched, or (None, info).

    A VTI's SA belongs to the VTI end of its interface. Otherwise candidates are the ends on the
    same crypto map; among them the best of: same seq (8), same peer (4), same ACL (2), same
    selectors (1). A lone candidate matches even with score 0 (everything masked); a tie matches
    nothing. ``index``: an EndIndex of ``ends``, made once by a caller matching many SAs."""
    index = index or EndIndex(ends)
    if str(child.get("crypto_map") or "").startswith(VTI_MAP_PREFIX):
        return _match_vti_child(child, index)
    if child.get("crypto_map") is None:
        same_map = index.ends
    else:
        same_map = index.by_map.get(child.get("crypto_map"), [])
    if not same_map:
        return None, {"reason": "crypto map %s has no tunnel end in the config" % child.get("crypto_map")}
    scored = sorted(((_score(child, e), i, e) for i, e in enumerate(same_map)), key=lambda x: (-x[0][0], x[1]))
    (best, reasons, conflicts), _i, end = scored[0]
    if len(scored) > 1 and scored[1][0][0] == best:
        return None, {"reason": "matches %d tunnel ends equally" % sum(1 for s in scored if s[0][0] == best)}
    if best == 0 and len(same_map) > 1:
        return None, {"reason": "nothing identifies the tunnel end"}
    return end, {"by": reasons or ["crypto_map"], "conflicts": conflicts}


def _child_key(child):
    return ((child.get("local_ident") or {}).get("raw"), (child.get("remote_ident") or {}).get("raw"),
            child.get("crypto_map"), child.get("seq"))


def match_state(ends, ipsec_samples, ikev2=None, sessiondb=None):
    """Attach parsed state to the config tunnel ends.

    ``ends``: tunnel end dicts (facts ``tunnels``); ``ipsec_samples``: list of
    ``parse_ipsec_sa`` results, oldest first (one per sample); ``ikev2``/``sessiondb``:
    parse results or None. Returns ``(state, unmatched)``: ``state`` maps end name ->
    {"ike_sas", "child_sas", "sessions", "complete"}; ``unmatched`` lists what fits no end.
    """
    state = {e["name"]: {"ike_sas": [], "child_sas": [], "sessions": [], "complete": True} for e in ends}
    by_name = {e["name"]: e for e in ends}
    unmatched = []
    spi_owner = {}
    samples = ipsec_samples or []
    index = EndIndex(ends)
    last = samples[-1] if samples else {"children": []}
    # children of the last sample carry the state; earlier samples only their counters
    history = {}
    for number, sample in enumerate(samples, 1):
        for child in sample.get("children", []):
            end, info = match_child(child, ends, index)
            if end is None:
                if sample is last:
                    unmatched.append({"kind": "ipsec_sa", "crypto_map": child.get("crypto_map"),
                                      "seq": child.get("seq"), "peer": child.get("peer"), "reason": info["reason"]})
                continue
            point = {"sample": number, "encaps": child.get("encaps"), "decaps": child.get("decaps"),
                     "spi_in": child.get("spi_in"), "spi_out": child.get("spi_out")}
            # one point per sample: a child SA printed twice in one sample (garbled output) must not
            # multiply the points of every copy (quadratic in the SAs)
            history.setdefault((end["name"], _child_key(child)), {}).setdefault(number, point)
            if sample is last:
                record = dict(child)
                record["matched_by"] = info["by"]
                if info["conflicts"]:
                    record["match_conflicts"] = info["conflicts"]
                record["pfs_group"] = None
                state[end["name"]]["child_sas"].append(record)
                for spi in (child.get("spi_in"), child.get("spi_out")):
                    if spi:
                        spi_owner[spi] = end["name"]
    # indexes of each end's child SAs by SPI and by selectors: the IKE and session lookups below stay
    # linear in the number of SAs
    by_spi, by_idents = {}, {}
    for name, entry in state.items():
        for record in entry["child_sas"]:
            points = history.get((name, _child_key(record)), {})
            record["samples"] = [points[number] for number in sorted(points)]
            for spi in dict.fromkeys((record.get("spi_in"), record.get("spi_out"))):
                if spi:
                    by_spi.setdefault(name, {}).setdefault(spi, []).append(record)
            if _idents(record):
                by_idents.setdefault(name, {}).setdefault(_idents(record), []).append(record)
    if ikev2:
        for session in ikev2.get("sessions", []):
            owner = _ike_owner(session, by_name, spi_owner)
            if owner is None:
                unmatched.append({"kind": "ikev2_session", "session_id": session.get("session_id"),
                                  "remote": [i.get("remote") for i in session.get("ike_sas", [])]})
                continue
            target = state[owner]
            for ike in session.get("ike_sas", []):
                record = dict(ike)
                record["session_id"] = session.get("session_id")
                target["ike_sas"].append(record)
            for ike_child in session.get("child_sas", []):
                spi = ike_child.get("spi_in")
                for record in by_spi.get(owner, {}).get(spi, []) if spi else []:
                    record["negotiated"] = {k: ike_child.get(k) for k in ("encryption", "keysize", "integrity", "mode")}
            if not session.get("complete", True):
                target["complete"] = False
    if sessiondb:
        for session in sessiondb.get("sessions", []):
            owner = _session_owner(session, ends, by_idents)
            if owner is None:
                unmatched.append({"kind": "l2l_session", "connection": session.get("connection")})
                continue
            state[owner]["sessions"].append(session)
            for tunnel in session.get("ipsec", []):
                for record in by_idents.get(owner, {}).get(_idents(tunnel), []):
                    if tunnel.get("pfs_group") is not None:
                        record["pfs_group"] = tunnel["pfs_group"]
            if not session.get("complete", True):
                state[owner]["complete"] = False
    for entry in state.values():
        if any(not c.get("complete", True) for c in entry["child_sas"]):
            entry["complete"] = False
    return state, unmatched


def _ike_owner(session, by_name, spi_owner):
    for ike_child in session.get("child_sas", []):
        for spi in (ike_child.get("spi_in"), ike_child.get("spi_out")):
            if spi in spi_owner:
                return spi_owner[spi]
    owners = set()
    for ike in session.get("ike_sas", []):
        for name, end in by_name.items():
            peers = set((end.get("ref") or {}).get("peers") or []) | {end.get("peer_address")}
            if ike.get("remote") in peers - {None}:
                owners.add(name)
    return owners.pop() if len(owners) == 1 else None


def _idents(record):
    """(local prefix, remote prefix) of a child SA or a session-db IPsec tunnel; None when either is unknown."""
    pair = ((record.get("local_ident") or {}).get("prefix"), (record.get("remote_ident") or {}).get("prefix"))
    return None if None in pair else pair


def _session_owner(session, ends, by_idents):
    owners = set()
    for end in ends:
        peers = set((end.get("ref") or {}).get("peers") or []) | {end.get("peer_address")}
        if {session.get("connection"), session.get("ip_address")} & (peers - {None}):
            owners.add(end["name"])
    if len(owners) == 1:
        return owners.pop()
    if owners:
        return None
    for tunnel in session.get("ipsec", []):
        for name, index in by_idents.items():
            if _idents(tunnel) in index:
                owners.add(name)
    return owners.pop() if len(owners) == 1 else None


# ---------------------------------------------------------------------------
# traffic: encaps rising, decaps frozen
# ---------------------------------------------------------------------------
def traffic_verdict(points):
    """From the samples of one child SA (oldest first): ``one_way`` when encaps rose and decaps
    stayed frozen in every comparable step (same SPIs, both counters read) and at least one step
    exists; ``two_way`` when both moved; ``idle`` when nothing moved; ``unknown`` otherwise."""
    steps = []
    for before, after in zip(points, points[1:]):
        if None in (before.get("encaps"), before.get("decaps"), after.get("encaps"), after.get("decaps")):
            continue
        if (before.get("spi_in"), before.get("spi_out")) != (after.get("spi_in"), after.get("spi_out")):
            continue  # rekeyed between samples: the counters restarted
        steps.append((after["encaps"] - before["encaps"], after["decaps"] - before["decaps"]))
    if not steps:
        return "unknown"
    if all(enc > 0 and dec == 0 for enc, dec in steps):
        return "one_way"
    if all(enc == 0 and dec == 0 for enc, dec in steps):
        return "idle"
    if any(dec > 0 for _enc, dec in steps):
        return "two_way"
    return "unknown"


def one_way_traffic(state, ends, interval=None):
    """ONE_WAY_TRAFFIC findings, one per child SA whose samples show encaps rising and decaps frozen.
    Sets ``traffic`` on every child SA record of ``state``."""
    by_name = {e["name"]: e for e in ends}
    findings = []
    for name, entry in state.items():
        for child in entry["child_sas"]:
            points = child.get("samples") or []
            verdict = traffic_verdict(points)
            child["traffic"] = verdict
            if verdict != "one_way":
                continue
            end = by_name.get(name) or {}
            peer = end.get("peer_address") if end.get("peer_address") and is_ip(end.get("peer_address")) \
                else child.get("peer") or end.get("peer_address") or "<peer>"
            first, last = points[0], points[-1]
            spacing = " %s s apart" % _num(interval) if interval else ""
            findings.append(Finding(
                code="ONE_WAY_TRAFFIC",
                severity=ERROR,
                phase="traffic",
                summary=(
                    "%s: across %d samples%s #pkts encaps rose from %s to %s while #pkts decaps stayed at %s: "
                    "packets go into the tunnel to %s and nothing comes back - typical after a Child SA rekey "
                    "that one side refused, so the other keeps sending on an SA its peer has dropped."
                    % (name, len(points), spacing, first["encaps"], last["encaps"], last["decaps"], peer)),
                evidence={"asa": {
                    "tunnel": name,
                    "crypto_map": child.get("crypto_map"),
                    "seq": child.get("seq"),
                    "peer": child.get("peer"),
                    "local_ident": (child.get("local_ident") or {}).get("raw"),
                    "remote_ident": (child.get("remote_ident") or {}).get("raw"),
                    "interval_seconds": interval,
                    "samples": [dict(p) for p in points],
                }},
                remediation={"asa": [
                    "clear crypto ipsec sa peer %s ! restores traffic until the next rekey; "
                    "fix the cause the check reports" % peer]},
                scope=[name],
            ))
    return findings


def _num(value):
    return int(value) if float(value).is_integer() else value
