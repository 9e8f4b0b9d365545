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

This module parses ``show crypto ipsec sa``; ``state_ike`` the other two, ``state_match``
attaches the state to tunnel ends and checks traffic, ``state_text`` holds the shared line
and value readers. The names of all three are importable from here.
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
    _split_endpoint,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state_ike import (
    parse_ikev2_sa_detail,
    parse_vpn_sessiondb_l2l,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.state_match import (
    match_child,
    match_state,
    one_way_traffic,
    traffic_verdict,
)

__all__ = [
    "SHOW_IPSEC_SA", "SHOW_IKEV2_SA", "SHOW_SESSIONDB_L2L", "parse_ipsec_sa", "parse_ikev2_sa_detail",
    "parse_vpn_sessiondb_l2l", "match_child", "match_state", "one_way_traffic", "traffic_verdict",
]

SHOW_IPSEC_SA = "show crypto ipsec sa"
# How many `show crypto ipsec sa` samples a read takes at most, and the longest wait between two (seconds): this
# collection's bounds, shared by asa_vpn_facts and asa_vpn_evidence (review 2026-12-05: asa_vpn_facts took
# sample_interval inf and waited for ever holding the session, and samples 1000000).
SAMPLES_MAX = 20
SAMPLE_INTERVAL_MAX = 300
SHOW_IKEV2_SA = "show crypto ikev2 sa detail"
SHOW_SESSIONDB_L2L = "show vpn-sessiondb detail l2l"


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
                child["counters"][_COUNTER_NAMES.get(key, key)] = _int(value)
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
        sa["remaining_kb"], sa["remaining_seconds"] = _int(match.group(1)), _int(match.group(2))
        return
    match = re.search(r"\(sec\):\s*\(?\s*(\d+)", stripped, re.I)
    if match:
        sa["remaining_seconds"] = _int(match.group(1))
