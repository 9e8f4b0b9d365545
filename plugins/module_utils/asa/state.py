# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for the ASA's live VPN state, and the traffic check on them.

Plain Python, no Ansible import. Three commands are read:

* ``show crypto ipsec sa``: one entry per crypto map entry and proxy-identity pair:
  interface, crypto map and seq, ACL, local/remote ident, peer, packet counters,
  crypto endpoints, inbound/outbound SAs (SPI, state, transform, settings, remaining
  kB/seconds);
* ``show crypto ikev2 sa detail``: sessions with their IKE SAs (local/remote,
  status, role, encryption/integrity/PRF/DH, lifetime and active time) and Child SAs
  (selectors, ESP SPIs, transforms);
* ``show vpn-sessiondb detail l2l``: per peer, the IKE and IPsec tunnels as the
  session database sees them (this is where the PFS group of a Child SA shows).

Everything comes back as plain JSON-able dicts. Values are kept as the device
printed them when they are not what they should be (masked addresses such as
``51.a.b.c``): the record gets a note instead. Output cut short (a closed
connection, a pager) leaves the last record with ``complete: false`` and a list of
what is ``missing``; nothing here raises on bad input.

``match_state`` attaches what was read to the tunnel ends of the config facts,
and ``one_way_traffic`` compares samples of the counters: encaps rising while
decaps stay frozen is the ONE_WAY_TRAFFIC finding.
"""

import ipaddress
import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, Finding

SHOW_IPSEC_SA = "show crypto ipsec sa"
SHOW_IKEV2_SA = "show crypto ikev2 sa detail"
SHOW_SESSIONDB_L2L = "show vpn-sessiondb detail l2l"

_PAGER_RE = re.compile(r"<--- More --->|--More--")
# "There are no IKEv2 SAs", "There are no ipsec sas", "INFO: There are presently no active sessions"
_NOTHING_RE = re.compile(r"there are (?:presently )?no ", re.I)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _lines(text):
    """Logical lines: CRLF/CR handled, backspace/pager remnants removed, right-stripped."""
    if not isinstance(text, str):
        return []
    if "\n" not in text and "\r" in text:
        raw = text.split("\r")
    else:
        raw = text.split("\n")
    out = []
    for line in raw:
        line = line.rstrip("\r")
        if "\r" in line:  # a pager prompt erased with CR: keep what follows it
            line = line.split("\r")[-1]
        if "\b" in line:
            cells = []
            for ch in line:
                if ch == "\b":
                    if cells:
                        cells.pop()
                else:
                    cells.append(ch)
            line = "".join(cells)
        line = _PAGER_RE.sub("", line)
        out.append(line.rstrip())
    return out


def _int(text):
    text = (text or "").strip()
    match = re.match(r"^-?\d+", text)
    return int(match.group(0)) if match else None


def is_ip(text):
    try:
        ipaddress.ip_address(text)
        return True
    except (ValueError, TypeError):
        return False


def _split_endpoint(text):
    """"a.b.c.d/500" -> (address, port); IPv6 "2001:db8::1/500" too."""
    text = (text or "").strip()
    if "/" in text:
        addr, _sep, port = text.rpartition("/")
        if port.isdigit():
            return addr, int(port)
    return text, None


def _note_address(record, field, value):
    if value and not is_ip(value):
        record.setdefault("notes", []).append(
            "%s %r is not an IP address (masked or garbled); kept as printed" % (field, value))


def _ident(text):
    """``(10.0.0.0/255.0.0.0/0/0)`` -> {"address", "mask", "protocol", "port", "prefix"}."""
    raw = text.strip()
    inner = raw.strip("()")
    parts = inner.split("/")
    ident = {"raw": raw, "address": None, "mask": None, "protocol": None, "port": None, "prefix": None}
    if len(parts) >= 2:
        ident["address"], ident["mask"] = parts[0], parts[1]
    if len(parts) >= 4:
        ident["protocol"], ident["port"] = _int(parts[2]), _int(parts[3])
    ident["prefix"] = _prefix(ident["address"], ident["mask"])
    return ident


def _prefix(address, mask):
    if not address or not mask:
        return None
    try:
        return str(ipaddress.ip_network("%s/%s" % (address, mask), strict=False))
    except ValueError:
        return None


def _range_prefix(start, end):
    try:
        nets = list(ipaddress.summarize_address_range(ipaddress.ip_address(start), ipaddress.ip_address(end)))
    except (ValueError, TypeError):
        return None
    return str(nets[0]) if len(nets) == 1 else None


def _norm_key(key):
    return re.sub(r"[^a-z0-9]+", "_", key.strip().lower()).strip("_")


def _comma_pairs(text):
    """"Encr: AES-CBC, keysize: 256, DH Grp:2" -> [("encr", "AES-CBC"), ("keysize", "256"), ("dh_grp", "2")]."""
    pairs = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if ":" in chunk:
            key, _sep, value = chunk.partition(":")
            pairs.append((_norm_key(key), value.strip()))
        else:
            words = chunk.split(None, 1)  # "mode tunnel"
            pairs.append((_norm_key(words[0]), words[1].strip() if len(words) > 1 else ""))
    return pairs


def _hex_spi(text):
    """"0x766AF315" / "766AF315" / "0x766af315 (1986720533)" -> "0x766AF315" (None when not hex)."""
    token = (text or "").strip().split()[0] if (text or "").strip() else ""
    if token.lower().startswith("0x"):
        token = token[2:]
    if not token or not re.match(r"^[0-9a-fA-F]+$", token):
        return None
    return "0x%08X" % int(token, 16)


# ---------------------------------------------------------------------------
# show crypto ipsec sa
# ---------------------------------------------------------------------------
_COUNTER_RE = re.compile(r"#\s*([A-Za-z][A-Za-z .\-]*?)\s*:\s*(\d+)")
_COUNTER_NAMES = {
    "pkts_encaps": "encaps",
    "pkts_encrypt": "encrypt",
    "pkts_digest": "digest",
    "pkts_decaps": "decaps",
    "pkts_decrypt": "decrypt",
    "pkts_verify": "verify",
}
_CHILD_REQUIRED = ("local_ident", "remote_ident", "peer", "encaps", "decaps", "inbound", "outbound")


def _new_child(interface, header):
    child = {
        "interface": interface,
        "crypto_map": header.get("crypto_map"),
        "seq": header.get("seq"),
        "local_address": header.get("local_address"),
        "acl": None,
        "acl_line": None,
        "local_ident": None,
        "remote_ident": None,
        "peer": None,
        "counters": {},
        "local_endpoint": None,
        "local_port": None,
        "remote_endpoint": None,
        "remote_port": None,
        "path_mtu": None,
        "spi_out": None,
        "spi_in": None,
        "inbound": [],
        "outbound": [],
        "ike_version": None,
        "nat_t": None,
        "mode": None,
        "complete": True,
        "missing": [],
    }
    if header.get("notes"):
        child["notes"] = list(header["notes"])
    return child


def _child_has_body(child):
    return bool(child["local_ident"] or child["acl"] or child["counters"] or child["inbound"] or child["outbound"])


def _finish_child(child):
    missing = []
    if not child["local_ident"]:
        missing.append("local_ident")
    if not child["remote_ident"]:
        missing.append("remote_ident")
    if not child["peer"]:
        missing.append("peer")
    for name in ("encaps", "decaps"):
        if name not in child["counters"]:
            missing.append(name)
    if not child["inbound"]:
        missing.append("inbound")
    if not child["outbound"]:
        missing.append("outbound")
    for sa in child["inbound"] + child["outbound"]:
        if sa.get("transform") is None and "sa:%s" % sa.get("spi") not in missing:
            missing.append("sa:%s" % sa.get("spi"))
    child["missing"] = missing
    child["complete"] = not missing
    child["encaps"] = child["counters"].get("encaps")
    child["decaps"] = child["counters"].get("decaps")
    settings = [s for sa in child["inbound"] + child["outbound"] for s in sa.get("settings", [])]
    for version in ("IKEv2", "IKEv1"):
        if version in settings:
            child["ike_version"] = version
            break
    child["nat_t"] = any(s.startswith("NAT-T") for s in settings) if settings else None
    for mode in ("Tunnel", "Transport"):
        if mode in settings:
            child["mode"] = mode.lower()
    return child


def parse_ipsec_sa(text):
    """``show crypto ipsec sa`` -> {"children": [...], "complete": bool, "notes": [...]}.

    One child per proxy-identity pair under a crypto map entry. A child whose
    text stopped early has ``complete: false`` and ``missing``."""
    children = []
    notes = []
    interface = None
    header = {}
    child = None
    sa = None
    section = None  # "inbound" | "outbound" | None

    def close():
        if child is not None and _child_has_body(child):
            children.append(_finish_child(child))

    for line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower()
        if low.startswith("interface:"):
            close()
            child, sa, section = None, None, None
            interface = stripped.split(":", 1)[1].strip() or None
            header = {}
            continue
        if low.startswith("crypto map tag:"):
            close()
            sa, section = None, None
            header = _map_header(stripped)
            child = _new_child(interface, header)
            continue
        if child is None:
            if low.startswith(("local ident", "access-list", "current_peer", "#pkts")):
                child = _new_child(interface, header)
            else:
                continue
        if low.startswith("access-list "):
            if _child_has_body(child):
                close()
                child = _new_child(interface, header)
                sa, section = None, None
            words = stripped.split()
            child["acl"] = words[1] if len(words) > 1 else None
            child["acl_line"] = stripped
            continue
        if low.startswith("local ident"):
            if child["local_ident"] is not None:
                close()
                child = _new_child(interface, header)
                sa, section = None, None
            child["local_ident"] = _ident(stripped.split(":", 1)[1]) if ":" in stripped else None
            continue
        if low.startswith("remote ident"):
            child["remote_ident"] = _ident(stripped.split(":", 1)[1]) if ":" in stripped else None
            continue
        if low.startswith("current_peer"):
            value = stripped.split(":", 1)[1].strip() if ":" in stripped else stripped.split(None, 1)[-1]
            peer = value.split()[0] if value else None
            child["peer"] = peer
            _note_address(child, "current_peer", peer)
            continue
        if low.startswith("dynamic allocated peer ip"):
            child["dynamic_peer_ip"] = stripped.split(":", 1)[1].strip()
            continue
        if stripped.startswith("#"):
            for name, value in _COUNTER_RE.findall(stripped):
                key = _norm_key(name)
                child["counters"][_COUNTER_NAMES.get(key, key)] = int(value)
            continue
        if low.startswith("local crypto endpt"):
            _endpoints(child, stripped)
            continue
        if low.startswith("path mtu"):
            child["path_mtu"] = _int(stripped[len("path mtu"):])
            continue
        if low.startswith("current outbound spi"):
            child["spi_out"] = _hex_spi(stripped.split(":", 1)[1] if ":" in stripped else "")
            continue
        if low.startswith("current inbound spi"):
            child["spi_in"] = _hex_spi(stripped.split(":", 1)[1] if ":" in stripped else "")
            continue
        if re.match(r"^(inbound|outbound) (esp|ah|pcp) sas:", low):
            section = low.split()[0]
            sa = None
            continue
        if low.startswith("spi:") and section:
            sa = {"spi": _hex_spi(stripped[4:]), "protocol": "esp", "state": None, "transform": None,
                  "settings": [], "conn_id": None, "crypto_map": None, "remaining_kb": None,
                  "remaining_seconds": None}
            child[section].append(sa)
            continue
        if sa is None:
            continue
        if low.startswith("sa state:"):
            sa["state"] = stripped.split(":", 1)[1].strip()
        elif low.startswith("transform:"):
            sa["transform"] = stripped.split(":", 1)[1].strip()
        elif low.startswith("in use settings"):
            inner = stripped.split("{", 1)[1] if "{" in stripped else ""
            sa["settings"] = [s.strip() for s in inner.rstrip("}").split(",") if s.strip()]
        elif low.startswith("slot:"):
            for key, value in _comma_pairs(stripped):
                if key == "conn_id":
                    sa["conn_id"] = _int(value)
                elif key == "crypto_map":
                    sa["crypto_map"] = value
        elif low.startswith("sa timing:"):
            _sa_timing(sa, stripped)
    close()
    if not children and (text or "").strip() and not _NOTHING_RE.search(text):
        notes.append("no IPsec SA entry could be read")
    return {"children": children, "complete": all(c["complete"] for c in children), "notes": notes}


def _map_header(stripped):
    """"Crypto map tag: CRYPTO-MAP, seq num: 1, local addr: 80.x.y.z" (seq absent for dynamic maps)."""
    header = {"crypto_map": None, "seq": None, "local_address": None}
    body = stripped.split(":", 1)[1]
    for chunk in body.split(","):
        chunk = chunk.strip()
        low = chunk.lower()
        if low.startswith("seq num"):
            header["seq"] = _int(chunk.split(":", 1)[1] if ":" in chunk else chunk[len("seq num"):])
        elif low.startswith("local addr"):
            value = chunk.split(":", 1)[1] if ":" in chunk else chunk[len("local addr"):]
            header["local_address"] = value.strip() or None
            _note_address(header, "local addr", header["local_address"])
        elif header["crypto_map"] is None and chunk:
            header["crypto_map"] = chunk
    return header


def _endpoints(child, stripped):
    """"local crypto endpt.: 80.x.y.z/500, remote crypto endpt.: 51.a.b.c/500"."""
    match = re.match(r"local crypto endpt\.?:\s*(\S+?),?\s+remote crypto endpt\.?:\s*(\S+)", stripped, re.I)
    if not match:
        return
    child["local_endpoint"], child["local_port"] = _split_endpoint(match.group(1).rstrip(","))
    child["remote_endpoint"], child["remote_port"] = _split_endpoint(match.group(2))


def _sa_timing(sa, stripped):
    """"sa timing: remaining key lifetime (kB/sec): (92159057/2555)" or "... (sec): 548"."""
    match = re.search(r"\(kB/sec\):\s*\(?\s*(\d+)\s*/\s*(\d+)", stripped, re.I)
    if match:
        sa["remaining_kb"], sa["remaining_seconds"] = int(match.group(1)), int(match.group(2))
        return
    match = re.search(r"\(sec\):\s*\(?\s*(\d+)", stripped, re.I)
    if match:
        sa["remaining_seconds"] = int(match.group(1))


# ---------------------------------------------------------------------------
# show crypto ikev2 sa detail
# ---------------------------------------------------------------------------
_SESSION_RE = re.compile(r"^Session-id:\s*(\d+)\s*,(.*)$", re.I)
_TUNNEL_ROW_RE = re.compile(r"^(\d+)\s+(\S+/\d+)\s+(\S+/\d+)\s+(?:(\S+/\S+)\s+)?([A-Z][A-Z\-]*)(?:\s+([A-Z]+))?\s*$")
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
    missing = [f for f in ("encryption", "dh_group", "lifetime_seconds") if ike.get(f) is None]
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

    for line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower()
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
                ike["lifetime_seconds"], ike["active_seconds"] = int(match.group(1)), int(match.group(2))
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
        if record["child_count"] is not None and len(record["child_sas"]) < record["child_count"]:
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
_NUMERIC = frozenset(["index", "bytes_tx", "bytes_rx", "pkts_tx", "pkts_rx", "udp_src_port", "udp_dst_port",
                      "rekey_interval_seconds", "rekey_left_seconds", "rekey_interval_kb", "rekey_left_kb",
                      "dh_group", "pfs_group", "idle_timeout_minutes", "idle_left_minutes", "ikev2_tunnels",
                      "ikev1_tunnels", "ipsec_tunnels"])
_TUNNEL_SECTIONS = {"ikev2": "ike", "ikev1": "ike", "ipsec": "ipsec", "ipsecovernatt": "ipsec"}


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
        if re.match(r"^connection\s*:", low):
            session, tunnel = _new_session(sessions), None
        if session is None:
            continue
        if tunnel is None and re.match(r"^(encryption|hashing)\s*:", low):
            key, _sep, value = stripped.partition(":")
            session[_norm_key(key)] = " ".join(value.split())
            continue
        for key, value in _pairs(stripped):
            norm = _norm_key(key)
            if tunnel is not None:
                name = _TUNNEL_KEYS.get(norm, norm)
                tunnel[name] = _int(value) if name in _NUMERIC and _int(value) is not None else value
            else:
                name = _SESSION_KEYS.get(norm, norm)
                session[name] = _int(value) if name in _NUMERIC and _int(value) is not None else value
    for record in sessions:
        _note_address(record, "connection", record.get("connection"))
        for t in record["ipsec"]:
            t["local_ident"] = _ident("(%s)" % t["local_addr"]) if t.get("local_addr") else None
            t["remote_ident"] = _ident("(%s)" % t["remote_addr"]) if t.get("remote_addr") else None
        missing = []
        if not record.get("connection"):
            missing.append("connection")
        if record.get("ipsec_tunnels") is not None and len(record["ipsec"]) < record["ipsec_tunnels"]:
            missing.append("ipsec")
        for t in record["ipsec"]:
            if "pkts_rx" not in t and "bytes_rx" not in t:
                missing.append("ipsec:%s" % t.get("tunnel_id"))
        record["missing"] = missing
        record["complete"] = not missing
    if not sessions and (text or "").strip() and not _NOTHING_RE.search(text):
        notes.append("no L2L session could be read")
    return {"sessions": sessions, "complete": all(s["complete"] for s in sessions), "notes": notes}


def _new_session(sessions):
    record = {"connection": None, "ike": [], "ipsec": []}
    sessions.append(record)
    return record


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


def match_child(child, ends):
    """The end (dict) a ``show crypto ipsec sa`` entry belongs to, with how it matched, or (None, info).

    Candidates are the ends on the same crypto map; among them the best of: same seq (8),
    same peer (4), same ACL (2), same selectors (1). A lone candidate matches even with
    score 0 (everything masked); a tie matches nothing."""
    same_map = [e for e in ends if (e.get("ref") or {}).get("crypto_map") == child.get("crypto_map")]
    if child.get("crypto_map") is None:
        same_map = list(ends)
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
    last = samples[-1] if samples else {"children": []}
    # children of the last sample carry the state; earlier samples only their counters
    history = {}
    for number, sample in enumerate(samples, 1):
        for child in sample.get("children", []):
            end, info = match_child(child, ends)
            if end is None:
                if sample is last:
                    unmatched.append({"kind": "ipsec_sa", "crypto_map": child.get("crypto_map"),
                                      "seq": child.get("seq"), "peer": child.get("peer"), "reason": info["reason"]})
                continue
            point = {"sample": number, "encaps": child.get("encaps"), "decaps": child.get("decaps"),
                     "spi_in": child.get("spi_in"), "spi_out": child.get("spi_out")}
            history.setdefault((end["name"], _child_key(child)), []).append(point)
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
    for name, entry in state.items():
        for record in entry["child_sas"]:
            record["samples"] = history.get((name, _child_key(record)), [])
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
                for record in target["child_sas"]:
                    if ike_child.get("spi_in") and ike_child["spi_in"] in (record.get("spi_in"), record.get("spi_out")):
                        record["negotiated"] = {k: ike_child.get(k) for k in
                                                ("encryption", "keysize", "integrity", "mode")}
            if not session.get("complete", True):
                target["complete"] = False
    if sessiondb:
        for session in sessiondb.get("sessions", []):
            owner = _session_owner(session, ends, state)
            if owner is None:
                unmatched.append({"kind": "l2l_session", "connection": session.get("connection")})
                continue
            state[owner]["sessions"].append(session)
            for tunnel in session.get("ipsec", []):
                for record in state[owner]["child_sas"]:
                    if _same_idents(record, tunnel) and tunnel.get("pfs_group") is not None:
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


def _same_idents(child, tunnel):
    a = ((child.get("local_ident") or {}).get("prefix"), (child.get("remote_ident") or {}).get("prefix"))
    b = ((tunnel.get("local_ident") or {}).get("prefix"), (tunnel.get("remote_ident") or {}).get("prefix"))
    return None not in a and a == b


def _session_owner(session, ends, state):
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
        for name, entry in state.items():
            if any(_same_idents(record, tunnel) for record in entry["child_sas"]):
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
