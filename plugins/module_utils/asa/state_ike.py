# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for ``show crypto ikev2 sa detail`` (sessions with their IKE SAs and Child SAs) and
``show vpn-sessiondb detail l2l`` (per peer, the IKE and IPsec tunnels as the session database
sees them: this is where the PFS group of a Child SA shows). See state.py for the conventions.

Plain Python, no Ansible import.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state_text import (
    _comma_pairs,
    _hex_spi,
    _ident,
    _int,
    _lines,
    _norm_key,
    _note_address,
    _NOTHING_RE,
    _range_prefix,
    _split_endpoint,
)


# ---------------------------------------------------------------------------
# show crypto ikev2 sa detail
# ---------------------------------------------------------------------------
_SESSION_RE = re.compile(r"^Session-id:\s*(\d+)\s*,(.*)$", re.I)
# Status and role are optional: a narrow terminal wraps a long (IPv6) row, and they come on the next line.
_TUNNEL_ROW_RE = re.compile(
    r"^(\d+)\s+(\S+/\d+)\s+(\S+/\d+)(?:\s+(\S+/\S+))?(?:\s+([A-Z][A-Z\-]*)(?:\s+([A-Z]+))?)?\s*$")
_STATUS_ROLE_RE = re.compile(r"^([A-Z][A-Z\-]*)(?:\s+([A-Z]+))?$")
# A line that starts like a row (the tunnel id) but is not one: named in a note, never read as detail of the SA above.
_ROW_LIKE_RE = re.compile(r"^\d+\s+\S")
_IKE_KEYS = {
    "encr": "encryption",
    "keysize": "keysize",
    "hash": "integrity",
    "prf": "prf",
    "dh_grp": "dh_group",
    "auth_sign": "auth_sign",
    "auth_verify": "auth_verify",
}
_CHILD_KEYS = {"encr": "encryption", "keysize": "keysize", "esp_hmac": "integrity", "ah_hmac": "ah_integrity",
               "comp": "compression", "mode": "mode"}


def _new_ike_sa(match):
    local, local_port = _split_endpoint(match.group(2))
    remote, remote_port = _split_endpoint(match.group(3))
    ike = {
        "tunnel_id": match.group(1),
        "local": local,
        "local_port": local_port,
        "remote": remote,
        "remote_port": remote_port,
        "status": match.group(5),
        "role": (match.group(6) or "").lower() or None,
        "encryption": None,
        "keysize": None,
        "integrity": None,
        "prf": None,
        "dh_group": None,
        "auth_sign": None,
        "auth_verify": None,
        "lifetime_seconds": None,
        "active_seconds": None,
        "remaining_seconds": None,
        "local_id": None,
        "remote_id": None,
        "status_description": None,
        "dpd": None,
        "nat_t": None,
        "complete": True,
        "missing": [],
    }
    _note_address(ike, "local", local)
    _note_address(ike, "remote", remote)
    return ike


def _new_ike_child():
    return {"local_selector": None, "remote_selector": None, "local_prefix": None, "remote_prefix": None,
            "spi_in": None, "spi_out": None, "encryption": None, "keysize": None, "integrity": None,
            "mode": None, "complete": True, "missing": []}


def _selector(text):
    """"10.0.0.0/0 - 10.255.255.255/65535" -> (raw, prefix or None)."""
    raw = " ".join(text.split())
    match = re.match(r"^(\S+?)/(\d+)\s*-\s*(\S+?)/(\d+)$", raw)
    if not match:
        return raw, None
    return raw, _range_prefix(match.group(1), match.group(3))


def _finish_ike(ike):
    missing = [f for f in ("status", "encryption", "dh_group", "lifetime_seconds") if ike.get(f) is None]
    ike["missing"] = missing
    ike["complete"] = not missing
    return ike


def _finish_ike_child(child):
    missing = [f for f in ("local_selector", "remote_selector", "spi_in", "spi_out") if child.get(f) is None]
    child["missing"] = missing
    child["complete"] = not missing
    return child


def parse_ikev2_sa_detail(text):
    """``show crypto ikev2 sa [detail]`` -> {"sessions": [{"session_id", "status", "ike_sas", "child_sas"}],
    "complete": bool, "notes": [...]}."""
    sessions = []
    notes = []
    session = None
    ike = None
    child = None
    pending_selector = None  # "local" | "remote": next line carries it (two-line layout)
    wrapped = None  # an IKE SA whose row ended before its status and role

    def new_session(session_id=None, rest=""):
        record = {"session_id": session_id, "status": None, "ike_count": None, "child_count": None,
                  "ike_sas": [], "child_sas": []}
        for key, value in _comma_pairs(rest):
            if key == "status":
                record["status"] = value
            elif key == "ike_count":
                record["ike_count"] = _int(value)
            elif key == "child_count":
                record["child_count"] = _int(value)
        sessions.append(record)
        return record

    for number, line in enumerate(_lines(text), 1):
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower()
        if wrapped is not None:
            match = _STATUS_ROLE_RE.match(stripped)
            if match:
                wrapped["status"], wrapped["role"] = match.group(1), (match.group(2) or "").lower() or None
                wrapped = None
                continue
            wrapped = None
        match = _SESSION_RE.match(stripped)
        if match and not line.startswith(" "):
            session, ike, child = new_session(_int(match.group(1)), match.group(2)), None, None
            continue
        if low.startswith("tunnel-id") or low.startswith("ikev2 sas") or low.startswith("ipv4 crypto") \
                or low.startswith("ipv6 crypto"):
            continue
        match = _TUNNEL_ROW_RE.match(stripped)
        if match:
            if session is None:
                session = new_session()
            ike = _new_ike_sa(match)
            session["ike_sas"].append(ike)
            child = None
            wrapped = ike if match.group(5) is None else None
            continue
        if _ROW_LIKE_RE.match(stripped):
            notes.append("line %d: not read as an IKE SA row: %r" % (number, " ".join(stripped.split())))
            if session is not None:
                session["unread_rows"] = session.get("unread_rows", 0) + 1
            ike, child = None, None
            continue
        if low.startswith("child sa:"):
            if session is None:
                session = new_session()
            child = _new_ike_child()
            session["child_sas"].append(child)
            rest = stripped[len("child sa:"):].strip()
            pending_selector = _child_selector_line(child, rest)
            continue
        if child is not None:
            if pending_selector and not low.startswith(("local selector", "remote selector", "esp spi", "ah spi")):
                raw, prefix = _selector(stripped.split("->")[0] if "->" in stripped else stripped)
                child["%s_selector" % pending_selector], child["%s_prefix" % pending_selector] = raw, prefix
                if "->" in stripped:  # "A - B    ->    C - D" (one line for both)
                    raw, prefix = _selector(stripped.split("->", 1)[1])
                    child["remote_selector"], child["remote_prefix"] = raw, prefix
                pending_selector = None
                continue
            if low.startswith(("local selector", "remote selector")):
                pending_selector = _child_selector_line(child, stripped)
                continue
            if low.startswith("esp spi in/out:"):
                value = stripped.split(":", 1)[1].strip()
                spi_in, _sep, spi_out = value.partition("/")
                child["spi_in"], child["spi_out"] = _hex_spi(spi_in), _hex_spi(spi_out)
                continue
            if low.startswith("encr:") or low.startswith("ah_hmac"):
                for key, value in _comma_pairs(stripped):
                    name = _CHILD_KEYS.get(key)
                    if name == "keysize":
                        child[name] = _int(value)
                    elif name:
                        child[name] = value
                continue
            continue
        if ike is None:
            continue
        if low.startswith("encr:") or low.startswith("hash:") or low.startswith("prf:"):
            for key, value in _comma_pairs(stripped):
                name = _IKE_KEYS.get(key)
                if name in ("keysize", "dh_group"):
                    ike[name] = _int(value)
                elif name:
                    ike[name] = value
        elif low.startswith("life/active time"):
            match = re.search(r"(\d+)\s*/\s*(\d+)", stripped)
            if match:
                ike["lifetime_seconds"], ike["active_seconds"] = _int(match.group(1)), _int(match.group(2))
                if None not in (ike["lifetime_seconds"], ike["active_seconds"]):
                    ike["remaining_seconds"] = max(0, ike["lifetime_seconds"] - ike["active_seconds"])
        elif low.startswith("status description:"):
            ike["status_description"] = stripped.split(":", 1)[1].strip()
        elif low.startswith("local id:"):
            ike["local_id"] = stripped.split(":", 1)[1].strip()
        elif low.startswith("remote id:"):
            ike["remote_id"] = stripped.split(":", 1)[1].strip()
        elif low.startswith("dpd configured"):
            ike["dpd"] = stripped
        elif low.startswith("nat-t is"):
            ike["nat_t"] = "not detected" not in low
        elif low.startswith("local spi:"):
            match = re.match(r"local spi:\s*(\S+)\s+remote spi:\s*(\S+)", stripped, re.I)
            if match:
                ike["local_spi"], ike["remote_spi"] = match.group(1), match.group(2)
    for record in sessions:
        for ike_sa in record["ike_sas"]:
            _finish_ike(ike_sa)
        for ike_child in record["child_sas"]:
            _finish_ike_child(ike_child)
        if record.get("unread_rows"):
            record["complete"] = False
        elif record["child_count"] is not None and len(record["child_sas"]) < record["child_count"]:
            record["complete"] = False
        elif record["ike_count"] is not None and len(record["ike_sas"]) < record["ike_count"]:
            record["complete"] = False
        else:
            record["complete"] = all(x["complete"] for x in record["ike_sas"] + record["child_sas"])
    if not sessions and (text or "").strip() and not _NOTHING_RE.search(text):
        notes.append("no IKEv2 SA could be read")
    return {"sessions": sessions, "complete": all(s["complete"] for s in sessions), "notes": notes}


def _child_selector_line(child, text):
    """"local selector  A/0 - B/65535" on the same line, or the header of a two-line layout."""
    low = text.lower()
    for side in ("local", "remote"):
        key = "%s selector" % side
        if low.startswith(key):
            rest = text[len(key):].strip()
            if rest.startswith("->"):
                return side
            if not rest or rest.lower().startswith(("->", "remote_selector")):
                return side
            if "->" in rest:  # header "local selector -> remote_selector": values on next line
                return side
            child["%s_selector" % side], child["%s_prefix" % side] = _selector(rest)
            return None
    return None


# ---------------------------------------------------------------------------
# show vpn-sessiondb detail l2l
# ---------------------------------------------------------------------------
_PAIR_RE = re.compile(
    r"(?P<key>[A-Za-z][A-Za-z0-9 /().#\-]*?)\s*:(?=\s|$)\s*(?P<value>.*?)"
    r"(?=\s{2,}[A-Za-z][A-Za-z0-9 /().#\-]*?\s*:(?:\s|$)|\s*$)"
)
_SESSION_KEYS = {
    "connection": "connection", "index": "index", "ip_addr": "ip_address", "protocol": "protocol",
    "bytes_tx": "bytes_tx", "bytes_rx": "bytes_rx", "login_time": "login_time", "duration": "duration",
    "tunnel_group": "tunnel_group", "group_policy": "group_policy", "ikev2_tunnels": "ikev2_tunnels",
    "ikev1_tunnels": "ikev1_tunnels", "ipsec_tunnels": "ipsec_tunnels", "encryption": "encryption",
    "hashing": "hashing",
}
_TUNNEL_KEYS = {
    "tunnel_id": "tunnel_id", "udp_src_port": "udp_src_port", "udp_dst_port": "udp_dst_port",
    "rem_auth_mode": "remote_auth", "loc_auth_mode": "local_auth", "encryption": "encryption",
    "hashing": "integrity", "rekey_int_t": "rekey_interval_seconds", "rekey_left_t": "rekey_left_seconds",
    "rekey_int_d": "rekey_interval_kb", "rekey_left_d": "rekey_left_kb", "prf": "prf", "d_h_group": "dh_group",
    "local_addr": "local_addr", "remote_addr": "remote_addr", "encapsulation": "encapsulation",
    "pfs_group": "pfs_group", "idle_time_out": "idle_timeout_minutes", "idle_to_left": "idle_left_minutes",
    "bytes_tx": "bytes_tx", "bytes_rx": "bytes_rx", "pkts_tx": "pkts_tx", "pkts_rx": "pkts_rx",
    "filter_name": "filter_name", "conn_time_out": "conn_timeout",
}
# The tunnel counts of the session, by the list their sections go to: "IKE Tunnels" (IKEv1 in some 9.x
# releases), "IPsecOverNatT Tunnels" (IPsec under NAT-T) count tunnels as the others do.
_COUNTS = {"ike": ("ike_tunnels", "ikev1_tunnels", "ikev2_tunnels"), "ipsec": ("ipsec_tunnels", "ipsecovernatt_tunnels")}
_NUMERIC = frozenset(["index", "bytes_tx", "bytes_rx", "pkts_tx", "pkts_rx", "udp_src_port", "udp_dst_port",
                      "rekey_interval_seconds", "rekey_left_seconds", "rekey_interval_kb", "rekey_left_kb",
                      "dh_group", "pfs_group", "idle_timeout_minutes", "idle_left_minutes"]
                     + [name for names in _COUNTS.values() for name in names])
_TUNNEL_SECTIONS = {"ike": "ike", "ikev2": "ike", "ikev1": "ike", "ipsec": "ipsec", "ipsecovernatt": "ipsec"}
# "Encryption   : AES256     Hashing      : SHA1" (one protocol) holds two pairs; "Encryption   : IKEv2: (1)AES256
# IPsec: (1)AES256" (several) one value with colons in it.
_SESSION_ALGORITHMS_RE = re.compile(r"^(encryption|hashing)\s*:\s*(.*?)(?:\s{2,}(hashing)\s*:\s*(.*))?$", re.I)
# Keys of the records themselves, which no "Key : value" pair of the output may overwrite.
_STRUCTURE = frozenset(["ike", "ipsec", "other_sections", "kind", "missing", "complete", "notes", "local_ident",
                        "remote_ident"])


def _pairs(line):
    return [(m.group("key").strip(), m.group("value").strip()) for m in _PAIR_RE.finditer(line.strip())
            if m.group("key").strip()]


def parse_vpn_sessiondb_l2l(text):
    """``show vpn-sessiondb detail l2l`` -> {"sessions": [{"connection", ..., "ike": [...], "ipsec": [...]}],
    "complete": bool, "notes": [...]}."""
    sessions = []
    session = None
    tunnel = None
    notes = []
    for line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower()
        if low.startswith("session type"):
            continue
        header = re.match(r"^([A-Za-z0-9]+):$", stripped)
        if header and _norm_key(header.group(1)) in _TUNNEL_SECTIONS:
            if session is None:
                session = _new_session(sessions)
            kind = _TUNNEL_SECTIONS[_norm_key(header.group(1))]
            tunnel = {"kind": header.group(1)}
            session[kind].append(tunnel)
            continue
        if header and session is not None and _norm_key(header.group(1)) not in _SESSION_KEYS:
            # another section ("NAC:"): kept apart, its fields are not the tunnel's above it
            tunnel = {"kind": header.group(1)}
            session["other_sections"].append(tunnel)
            continue
        if re.match(r"^connection\s*:", low):
            session, tunnel = _new_session(sessions), None
        if session is None:
            continue
        algorithms = _SESSION_ALGORITHMS_RE.match(stripped) if tunnel is None else None
        if algorithms:
            session[algorithms.group(1).lower()] = " ".join(algorithms.group(2).split())
            if algorithms.group(3):
                session["hashing"] = " ".join(algorithms.group(4).split())
            continue
        for key, value in _pairs(stripped):
            norm = _norm_key(key)
            target, name = (tunnel, _TUNNEL_KEYS.get(norm, norm)) if tunnel is not None else \
                (session, _SESSION_KEYS.get(norm, norm))
            if name in _STRUCTURE:
                name = "field_" + name  # a "Ike: ..." pair must not replace the list of IKE tunnels
            if name in _NUMERIC and _int(value) is not None:
                value = _int(value)  # else kept as printed (a masked or garbled value)
            target[name] = value
    for record in sessions:
        _note_address(record, "connection", record.get("connection"))
        if record.get("ip_address") != record.get("connection"):
            _note_address(record, "IP Addr", record.get("ip_address"))
        for t in record["ipsec"]:
            t["local_ident"] = _ident("(%s)" % t["local_addr"]) if t.get("local_addr") else None
            t["remote_ident"] = _ident("(%s)" % t["remote_addr"]) if t.get("remote_addr") else None
        missing = []
        if not record.get("connection"):
            missing.append("connection")
        for kind, names in _COUNTS.items():
            counts = [record[name] for name in names if isinstance(record.get(name), int)]
            if counts and len(record[kind]) < sum(counts):
                missing.append(kind)
        for t in record["ipsec"]:
            if "pkts_rx" not in t and "bytes_rx" not in t:
                missing.append("ipsec:%s" % t.get("tunnel_id"))
        record["missing"] = missing
        record["complete"] = not missing
    if not sessions and (text or "").strip() and not _NOTHING_RE.search(text):
        notes.append("no L2L session could be read")
    return {"sessions": sessions, "complete": all(s["complete"] for s in sessions), "notes": notes}


def _new_session(sessions):
    record = {"connection": None, "ike": [], "ipsec": [], "other_sections": []}
    sessions.append(record)
    return record
