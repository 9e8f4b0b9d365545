# -*- coding: utf-8 -*-
"""ASA live-state parsers (show crypto ipsec sa / ikev2 sa detail / vpn-sessiondb detail l2l),
matching state to tunnel ends, the ONE_WAY_TRAFFIC check, and the keyed PSK digest."""

import hashlib
import hmac
import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils import secrets
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import state
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import add_state, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "examples", "seed-asa-azure-pfs")
PUBLIC = "/work/shared/cases/public-device-output/asa_show_crypto_ipsec_sa.ntc-templates.txt"


def read(name):
    with open(os.path.join(SEED, name)) as handle:
        return handle.read()


SEED_IPSEC = read("show_crypto_ipsec_sa.txt")
SEED_CONFIG = read("asa_running_config.txt")

# `show crypto ikev2 sa detail` as ASA 9.x prints it, for the seed tunnel (documentation addresses).
IKEV2_DETAIL = """\
IKEv2 SAs:

Session-id:7, Status:UP-ACTIVE, IKE count:1, CHILD count:1

Tunnel-id Local                                               Remote                                                  Status         Role
 29892608 198.51.100.10/500                                   203.0.113.20/500                                        READY    RESPONDER
      Encr: AES-CBC, keysize: 128, Hash: SHA256, DH Grp:19, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 28800/1045 sec
      Session-id: 7
      Status Description: Negotiation done
      Local spi: 5D1A0C3B9E4F7A21       Remote spi: 0E9F3C2B1A7D6E54
      Local id: 198.51.100.10
      Remote id: 203.0.113.20
      Local req mess id: 0              Remote req mess id: 3
      Local next mess id: 0             Remote next mess id: 3
      Local req queued: 0               Remote req queued: 3
      Local window: 1                   Remote window: 1
      DPD configured for 10 seconds, retry 2
      NAT-T is not detected
Child sa: local selector  10.0.0.0/0 - 10.255.255.255/65535
          remote selector 172.16.0.0/0 - 172.16.255.255/65535
          ESP spi in/out: 0x766af315/0x73ef6fc2
          AH spi in/out: 0x0/0x0
          CPI in/out: 0x0/0x0
          Encr: AES-GCM, keysize: 128, esp_hmac: N/A
          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel
"""

# The shorter `show crypto ikev2 sa` layout (VTI, NAT-T), any-to-any selectors.
IKEV2_BRIEF = """\
IKEv2 SAs:

Session-id:54426, Status:UP-ACTIVE, IKE count:1, CHILD count:1

Tunnel-id Local                                               Remote                                                  Status         Role
180382363 192.0.2.229/4500                                 198.51.100.216/4500                                     READY    INITIATOR
      Encr: AES-CBC, keysize: 256, Hash: SHA96, DH Grp:2, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 86400/415 sec
Child sa: local selector  0.0.0.0/0 - 255.255.255.255/65535
          remote selector 0.0.0.0/0 - 255.255.255.255/65535
          ESP spi in/out: 0x8d2c8231/0xea8a498e
"""

SESSIONDB = """\

Session Type: LAN-to-LAN Detailed

Connection   : 203.0.113.20
Index        : 7                      IP Addr      : 203.0.113.20
Protocol     : IKEv2 IPsec
Encryption   : IKEv2: (1)AES128  IPsec: (1)AES-GCM-128
Hashing      : IKEv2: (1)SHA256  IPsec: (1)none
Bytes Tx     : 612334                 Bytes Rx     : 702112
Login Time   : 10:14:03 UTC Tue Mar 4 2025
Duration     : 0h:17m:25s

IKEv2 Tunnels: 1
IPsec Tunnels: 1

IKEv2:
  Tunnel ID    : 7.1
  UDP Src Port : 500                    UDP Dst Port : 500
  Rem Auth Mode: preSharedKeys
  Loc Auth Mode: preSharedKeys
  Encryption   : AES128                 Hashing      : SHA256
  Rekey Int (T): 28800 Seconds          Rekey Left(T): 27755 Seconds
  PRF          : SHA256                 D/H Group    : 19
  Filter Name  :

IPsec:
  Tunnel ID    : 7.2
  Local Addr   : 10.0.0.0/255.0.0.0/0/0
  Remote Addr  : 172.16.0.0/255.255.0.0/0/0
  Encryption   : AES-GCM-128            Hashing      : none
  Encapsulation: Tunnel                 PFS Group    : 19
  Rekey Int (T): 3600 Seconds           Rekey Left(T): 2555 Seconds
  Rekey Int (D): 102400000 K-Bytes      Rekey Left(D): 92159057 K-Bytes
  Idle Time Out: 30 Minutes             Idle TO Left : 29 Minutes
  Bytes Tx     : 612334                 Bytes Rx     : 702112
  Pkts Tx      : 4549                   Pkts Rx      : 4953

Connection   : 192.0.2.77
Index        : 9                      IP Addr      : 192.0.2.77
Protocol     : IKEv2 IPsec
Encryption   : IKEv2: (1)AES256  IPsec: (2)AES256
Hashing      : IKEv2: (1)SHA1  IPsec: (2)SHA256
Bytes Tx     : 41618993999            Bytes Rx     : 25353000310
Login Time   : 16:36:35 PDT Thu May 17 2018
Duration     : 19d 15h:49m:47s

IKEv2 Tunnels: 1
IPsec Tunnels: 2

IKEv2:
  Tunnel ID    : 9.1
  UDP Src Port : 500                    UDP Dst Port : 500
  Rem Auth Mode: preSharedKeys
  Loc Auth Mode: preSharedKeys
  Encryption   : AES256                 Hashing      : SHA1
  Rekey Int (T): 86400 Seconds          Rekey Left(T): 28201 Seconds
  PRF          : SHA1                   D/H Group    : 5
  Filter Name  :

IPsec:
  Tunnel ID    : 9.2
  Local Addr   : 0.0.0.0/0.0.0.0/0/0
  Remote Addr  : 10.250.255.96/255.255.255.224/0/0
  Encryption   : AES256                 Hashing      : SHA256
  Encapsulation: Tunnel
  Rekey Int (T): 3600 Seconds           Rekey Left(T): 2434 Seconds
  Rekey Int (D): 4608000 K-Bytes        Rekey Left(D): 4606885 K-Bytes
  Idle Time Out: 30 Minutes             Idle TO Left : 30 Minutes
  Bytes Tx     : 210022273              Bytes Rx     : 1080309110
  Pkts Tx      : 471828                 Pkts Rx      : 2458698

IPsec:
  Tunnel ID    : 9.3
  Local Addr   : 0.0.0.0/0.0.0.0/0/0
  Remote Addr  : 10.250.253.120/255.255.255.248/0/0
  Encryption   : AES256                 Hashing      : SHA256
  Encapsulation: Tunnel                 PFS Group    : 2
  Rekey Int (T): 3600 Seconds           Rekey Left(T): 3094 Seconds
  Rekey Int (D): 4608000 K-Bytes        Rekey Left(D): 4607999 K-Bytes
  Idle Time Out: 30 Minutes             Idle TO Left : 27 Minutes
  Bytes Tx     : 9993110                Bytes Rx     : 12080533
  Pkts Tx      : 93673                  Pkts Rx      : 72095
"""


def with_counters(text, encaps, decaps, spi_in=None, spi_out=None):
    """The seed `show crypto ipsec sa` with other counters (and SPIs)."""
    out = text.replace("#pkts encaps: 4549, #pkts encrypt: 4549, #pkts digest: 4549",
                       "#pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d" % (encaps, encaps, encaps))
    out = out.replace("#pkts decaps: 4953, #pkts decrypt: 4953, #pkts verify: 4953",
                      "#pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d" % (decaps, decaps, decaps))
    if spi_in:
        out = out.replace("766AF315", spi_in)
    if spi_out:
        out = out.replace("73EF6FC2", spi_out)
    return out


@pytest.fixture
def seed_facts():
    return asa_facts_from_text(SEED_CONFIG, source="device")


# ---------------------------------------------------------------------------
# show crypto ipsec sa
# ---------------------------------------------------------------------------
def test_seed_ipsec_sa_reads_every_field():
    parsed = state.parse_ipsec_sa(SEED_IPSEC)
    assert parsed["complete"] is True and parsed["notes"] == []
    [child] = parsed["children"]
    assert (child["interface"], child["crypto_map"], child["seq"]) == ("INTERNET", "CRYPTO-MAP", 1)
    assert child["acl"] == "uksouth-s2s-acl"
    assert child["local_ident"]["prefix"] == "10.0.0.0/8"
    assert child["remote_ident"]["prefix"] == "172.16.0.0/16"
    assert child["local_ident"]["protocol"] == 0 and child["local_ident"]["port"] == 0
    assert child["peer"] == "51.a.b.c"
    assert (child["encaps"], child["decaps"]) == (4549, 4953)
    assert child["counters"]["send_errors"] == 0 and child["counters"]["verify"] == 4953
    assert (child["spi_in"], child["spi_out"]) == ("0x766AF315", "0x73EF6FC2")
    assert (child["local_endpoint"], child["local_port"]) == ("80.x.y.z", 500)
    assert (child["remote_endpoint"], child["remote_port"]) == ("51.a.b.c", 500)
    assert child["path_mtu"] == 1494
    [inbound], [outbound] = child["inbound"], child["outbound"]
    assert inbound["spi"] == "0x766AF315" and outbound["spi"] == "0x73EF6FC2"
    assert inbound["transform"] == "esp-aes-gcm esp-null-hmac no compression"
    assert inbound["state"] == "active"
    assert inbound["settings"] == ["L2L", "Tunnel", "IKEv2"]
    assert (inbound["remaining_kb"], inbound["remaining_seconds"]) == (92159057, 2555)
    assert (outbound["remaining_kb"], outbound["remaining_seconds"]) == (93181492, 2555)
    assert inbound["conn_id"] == 29892608 and inbound["crypto_map"] == "CRYPTO-MAP"
    assert child["ike_version"] == "IKEv2" and child["nat_t"] is False and child["mode"] == "tunnel"


def test_masked_addresses_are_kept_and_noted():
    [child] = state.parse_ipsec_sa(SEED_IPSEC)["children"]
    notes = " ".join(child["notes"])
    assert "51.a.b.c" in notes and "80.x.y.z" in notes
    assert child["complete"] is True  # masked is not missing


@pytest.mark.skipif(not os.path.exists(PUBLIC), reason="shared public device output not available")
def test_public_device_output_ra_and_ikev1_nat_t():
    with open(PUBLIC) as handle:
        parsed = state.parse_ipsec_sa(handle.read())
    ra, l2l = parsed["children"]
    assert (ra["interface"], ra["crypto_map"], ra["seq"]) == ("outside2", "def", None)
    assert ra["dynamic_peer_ip"] == "10.135.1.5"
    assert (ra["encaps"], ra["decaps"]) == (0, 1145)
    assert ra["inbound"][0]["remaining_seconds"] == 548 and ra["inbound"][0]["remaining_kb"] is None
    assert ra["inbound"][0]["settings"] == ["RA", "Tunnel"]
    assert (l2l["crypto_map"], l2l["seq"], l2l["acl"]) == ("COLO-MAP", 2, "2")
    assert (l2l["encaps"], l2l["decaps"]) == (13915315, 23606461)
    assert l2l["ike_version"] == "IKEv1" and l2l["nat_t"] is True
    assert (l2l["local_port"], l2l["remote_port"]) == (4500, 4500)
    assert l2l["inbound"][0]["remaining_kb"] == 2699423
    assert l2l["complete"] is True


def test_two_ident_pairs_under_one_map_entry():
    second = SEED_IPSEC.split("local ident")[1]
    text = SEED_IPSEC + "access-list uksouth-s2s-acl extended permit ip 10.1.0.0 255.255.0.0 172.16.0.0 255.255.0.0\n" \
        + "local ident" + second.replace("10.0.0.0/255.0.0.0", "10.1.0.0/255.255.0.0")
    parsed = state.parse_ipsec_sa(text)
    assert [c["local_ident"]["prefix"] for c in parsed["children"]] == ["10.0.0.0/8", "10.1.0.0/16"]
    assert all(c["crypto_map"] == "CRYPTO-MAP" and c["seq"] == 1 for c in parsed["children"])


def test_crlf_indented_and_pager_remnants():
    text = "\r\n".join("      " + line for line in SEED_IPSEC.splitlines())
    text = text.replace("#pkts decaps", "<--- More --->\b\b\b\b\b\b\b\b\b\b\b\b\b\b              \b\b\b\b\b\b\b\b\b\b\b\b\b\b#pkts decaps")
    [child] = state.parse_ipsec_sa(text)["children"]
    assert (child["encaps"], child["decaps"], child["complete"]) == (4549, 4953, True)


@pytest.mark.parametrize("cut", range(0, len(SEED_IPSEC), 37))
def test_truncated_ipsec_sa_never_raises(cut):
    parsed = state.parse_ipsec_sa(SEED_IPSEC[:cut])
    for child in parsed["children"]:
        assert isinstance(child["missing"], list)
        assert child["complete"] is (child["missing"] == [])


def test_truncated_ipsec_sa_marks_what_is_missing():
    cut = SEED_IPSEC.index("outbound esp sas:")
    [child] = state.parse_ipsec_sa(SEED_IPSEC[:cut])["children"]
    assert child["complete"] is False and child["missing"] == ["outbound"]
    cut = SEED_IPSEC.index("#pkts decaps")
    parsed = state.parse_ipsec_sa(SEED_IPSEC[:cut])
    [child] = parsed["children"]
    assert parsed["complete"] is False
    assert {"decaps", "inbound", "outbound"} <= set(child["missing"]) and child["encaps"] == 4549


@pytest.mark.parametrize("text", [None, "", "garbage\n\x00\x01", "interface:", "Crypto map tag:", "spi: 0xZZ",
                                  "#pkts encaps: x", "local ident (addr/mask/prot/port): (", "sa timing: (kB/sec): (/)"])
def test_garbage_never_raises(text):
    parsed = state.parse_ipsec_sa(text)
    assert isinstance(parsed["children"], list)


# ---------------------------------------------------------------------------
# show crypto ikev2 sa detail
# ---------------------------------------------------------------------------
def test_ikev2_detail():
    parsed = state.parse_ikev2_sa_detail(IKEV2_DETAIL)
    assert parsed["complete"] is True
    [session] = parsed["sessions"]
    assert (session["session_id"], session["status"], session["ike_count"], session["child_count"]) == (
        7, "UP-ACTIVE", 1, 1)
    [ike] = session["ike_sas"]
    assert (ike["local"], ike["local_port"], ike["remote"], ike["remote_port"]) == (
        "198.51.100.10", 500, "203.0.113.20", 500)
    assert (ike["status"], ike["role"]) == ("READY", "responder")
    assert (ike["encryption"], ike["keysize"], ike["integrity"], ike["dh_group"]) == ("AES-CBC", 128, "SHA256", 19)
    assert (ike["auth_sign"], ike["auth_verify"]) == ("PSK", "PSK")
    assert (ike["lifetime_seconds"], ike["active_seconds"], ike["remaining_seconds"]) == (28800, 1045, 27755)
    assert (ike["local_id"], ike["remote_id"]) == ("198.51.100.10", "203.0.113.20")
    assert ike["nat_t"] is False and ike["dpd"].startswith("DPD configured for 10 seconds")
    [child] = session["child_sas"]
    assert (child["local_prefix"], child["remote_prefix"]) == ("10.0.0.0/8", "172.16.0.0/16")
    assert (child["spi_in"], child["spi_out"]) == ("0x766AF315", "0x73EF6FC2")
    assert (child["encryption"], child["keysize"], child["integrity"], child["mode"]) == (
        "AES-GCM", 128, "N/A", "tunnel")


def test_ikev2_brief_layout_and_prf_when_printed():
    parsed = state.parse_ikev2_sa_detail(IKEV2_BRIEF.replace("Hash: SHA96,", "PRF: SHA1, Hash: SHA96,"))
    [session] = parsed["sessions"]
    [ike] = session["ike_sas"]
    assert (ike["local_port"], ike["role"], ike["prf"], ike["integrity"]) == (4500, "initiator", "SHA1", "SHA96")
    [child] = session["child_sas"]
    assert (child["local_prefix"], child["remote_prefix"]) == ("0.0.0.0/0", "0.0.0.0/0")


def test_ikev2_masked_and_truncated():
    text = IKEV2_DETAIL.replace("203.0.113.20", "51.a.b.c")
    cut = text.index("ESP spi in/out")
    parsed = state.parse_ikev2_sa_detail(text[:cut])
    [session] = parsed["sessions"]
    assert session["ike_sas"][0]["remote"] == "51.a.b.c"
    assert "51.a.b.c" in " ".join(session["ike_sas"][0]["notes"])
    assert session["child_sas"][0]["complete"] is False
    assert set(session["child_sas"][0]["missing"]) == {"spi_in", "spi_out"}
    assert parsed["complete"] is False
    for cut in range(0, len(IKEV2_DETAIL), 23):
        state.parse_ikev2_sa_detail(IKEV2_DETAIL[:cut])


def test_ikev2_no_sa():
    assert state.parse_ikev2_sa_detail("There are no IKEv2 SAs\n")["sessions"] == []


# ---------------------------------------------------------------------------
# show vpn-sessiondb detail l2l
# ---------------------------------------------------------------------------
def test_sessiondb_l2l():
    parsed = state.parse_vpn_sessiondb_l2l(SESSIONDB)
    assert parsed["complete"] is True
    seed, other = parsed["sessions"]
    assert (seed["connection"], seed["index"], seed["ip_address"], seed["protocol"]) == (
        "203.0.113.20", 7, "203.0.113.20", "IKEv2 IPsec")
    assert seed["login_time"] == "10:14:03 UTC Tue Mar 4 2025" and seed["duration"] == "0h:17m:25s"
    assert seed["encryption"] == "IKEv2: (1)AES128 IPsec: (1)AES-GCM-128"
    [ike] = seed["ike"]
    assert (ike["remote_auth"], ike["encryption"], ike["integrity"], ike["prf"], ike["dh_group"]) == (
        "preSharedKeys", "AES128", "SHA256", "SHA256", 19)
    assert (ike["rekey_interval_seconds"], ike["rekey_left_seconds"]) == (28800, 27755)
    assert ike["filter_name"] == ""
    [ipsec] = seed["ipsec"]
    assert (ipsec["pfs_group"], ipsec["encapsulation"]) == (19, "Tunnel")
    assert (ipsec["rekey_interval_kb"], ipsec["rekey_left_kb"]) == (102400000, 92159057)
    assert (ipsec["pkts_tx"], ipsec["pkts_rx"]) == (4549, 4953)
    assert ipsec["local_ident"]["prefix"] == "10.0.0.0/8" and ipsec["remote_ident"]["prefix"] == "172.16.0.0/16"
    assert [t.get("pfs_group") for t in other["ipsec"]] == [None, 2]
    assert other["bytes_tx"] == 41618993999


def test_sessiondb_truncated_and_masked():
    text = SESSIONDB.replace("203.0.113.20", "51.a.b.c")
    cut = text.index("Pkts Tx      : 4549")
    parsed = state.parse_vpn_sessiondb_l2l(text[:cut])
    [seed] = parsed["sessions"]
    assert seed["connection"] == "51.a.b.c" and "51.a.b.c" in " ".join(seed["notes"])
    assert parsed["complete"] is True  # Bytes Rx was read
    cut = text.index("IPsec:\n  Tunnel ID    : 7.2")
    parsed = state.parse_vpn_sessiondb_l2l(text[:cut])
    assert parsed["complete"] is False and parsed["sessions"][0]["missing"] == ["ipsec"]
    for cut in range(0, len(SESSIONDB), 41):
        state.parse_vpn_sessiondb_l2l(SESSIONDB[:cut])


# ---------------------------------------------------------------------------
# state -> tunnel ends
# ---------------------------------------------------------------------------
def test_match_seed_state_to_crypto_map_entry(seed_facts):
    ends = seed_facts["tunnels"]
    st, unmatched = state.match_state(ends, [state.parse_ipsec_sa(SEED_IPSEC)],
                                      state.parse_ikev2_sa_detail(IKEV2_DETAIL),
                                      state.parse_vpn_sessiondb_l2l(SESSIONDB))
    entry = st["CRYPTO-MAP 2"]
    [child] = entry["child_sas"]
    # the published output is sanitised (seq 1, peer 51.a.b.c): it still matches by ACL and selectors
    assert child["matched_by"] == ["acl", "selectors"]
    assert any("seq 1" in c for c in child["match_conflicts"])
    assert any("51.a.b.c" in c for c in child["match_conflicts"])
    assert child["pfs_group"] == 19  # from the session database (matched by peer, PFS by idents)
    assert child["negotiated"] == {"encryption": "AES-GCM", "keysize": 128, "integrity": "N/A", "mode": "tunnel"}
    [ike] = entry["ike_sas"]  # matched through the Child SA's SPIs
    assert ike["session_id"] == 7 and ike["dh_group"] == 19
    assert [s["connection"] for s in entry["sessions"]] == ["203.0.113.20"]
    assert unmatched == [{"kind": "l2l_session", "connection": "192.0.2.77"}]
    assert entry["complete"] is True


def test_unknown_crypto_map_is_unmatched(seed_facts):
    text = SEED_IPSEC.replace("Crypto map tag: CRYPTO-MAP", "Crypto map tag: OTHER")
    st, unmatched = state.match_state(seed_facts["tunnels"], [state.parse_ipsec_sa(text)])
    assert st["CRYPTO-MAP 2"]["child_sas"] == []
    assert unmatched[0]["kind"] == "ipsec_sa" and "OTHER" in unmatched[0]["reason"]


def test_ambiguous_entry_matches_nothing():
    ends = [{"name": "M %d" % seq, "ref": {"crypto_map": "M", "seq": seq, "peers": []}, "traffic_selectors": []}
            for seq in (1, 2)]
    child = {"crypto_map": "M", "seq": None, "peer": "x", "acl": None}
    end, info = state.match_child(child, ends)
    assert end is None and "equally" in info["reason"]


# ---------------------------------------------------------------------------
# ONE_WAY_TRAFFIC
# ---------------------------------------------------------------------------
def _samples(*pairs, **spis):
    return [with_counters(SEED_IPSEC, e, d, **spis) for e, d in pairs]


def test_one_way_traffic_finding(seed_facts):
    add_state(seed_facts, _samples((4549, 4953), (4611, 4953), (4702, 4953)), IKEV2_DETAIL, SESSIONDB,
              interval=5, commands=["show crypto ipsec sa"])
    [finding] = [f for f in seed_facts["findings"] if f["code"] == "ONE_WAY_TRAFFIC"]
    assert (finding["severity"], finding["phase"], finding["scope"]) == ("error", "traffic", ["CRYPTO-MAP 2"])
    assert "4549" in finding["summary"] and "4702" in finding["summary"] and "4953" in finding["summary"]
    assert "nothing comes back" in finding["summary"] and "rekey" in finding["summary"]
    samples = finding["evidence"]["asa"]["samples"]
    assert [(s["sample"], s["encaps"], s["decaps"]) for s in samples] == [
        (1, 4549, 4953), (2, 4611, 4953), (3, 4702, 4953)]
    assert finding["evidence"]["asa"]["interval_seconds"] == 5
    [hint] = finding["remediation"]["asa"]
    assert hint.startswith("clear crypto ipsec sa peer 203.0.113.20")  # the config's peer, not the masked one
    assert "next rekey" in hint
    child = seed_facts["state"]["CRYPTO-MAP 2"]["child_sas"][0]
    assert child["traffic"] == "one_way" and child["encaps"] == 4702
    assert seed_facts["state_info"]["samples"] == 3
    json.dumps(seed_facts)  # facts are plain JSON


@pytest.mark.parametrize("pairs,verdict", [
    (((4549, 4953), (4611, 4990)), "two_way"),
    (((4549, 4953), (4549, 4953)), "idle"),
    (((4549, 4953),), "unknown"),
    (((4549, 4953), (4549, 5000), (4600, 5000)), "two_way"),
])
def test_no_finding_unless_one_way(seed_facts, pairs, verdict):
    add_state(seed_facts, _samples(*pairs), None, None, interval=1)
    assert not [f for f in seed_facts["findings"] if f["code"] == "ONE_WAY_TRAFFIC"]
    assert seed_facts["state"]["CRYPTO-MAP 2"]["child_sas"][0]["traffic"] == verdict


def test_rekey_between_samples_is_not_compared(seed_facts):
    rekeyed = with_counters(SEED_IPSEC, 12, 0, spi_in="11111111", spi_out="22222222")
    samples = [with_counters(SEED_IPSEC, 4549, 4953), rekeyed]
    add_state(seed_facts, samples, None, None, interval=1)
    st = seed_facts["state"]["CRYPTO-MAP 2"]["child_sas"]
    # the SPIs changed, so the last sample is another child SA record with its own single sample
    assert [c["traffic"] for c in st] == ["unknown"]
    assert not [f for f in seed_facts["findings"] if f["code"] == "ONE_WAY_TRAFFIC"]


def test_unreadable_counters_give_unknown():
    points = [{"encaps": 1, "decaps": None, "spi_in": "a", "spi_out": "b"},
              {"encaps": 5, "decaps": 3, "spi_in": "a", "spi_out": "b"}]
    assert state.traffic_verdict(points) == "unknown"


def test_one_way_finding_reaches_the_report(seed_facts):
    add_state(seed_facts, _samples((4549, 4953), (4611, 4953)), None, None, interval=5)
    with open(os.path.join(SEED, "azure_resources.json")) as handle:
        resources = json.load(handle)
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
    report = run_check(seed_facts, azure_facts_from_data(resources))
    [tunnel] = report["tunnels"]
    assert "ONE_WAY_TRAFFIC" in [f["code"] for f in tunnel["findings"]]
    assert tunnel["verdict"] == "fail"


# ---------------------------------------------------------------------------
# keyed PSK digest
# ---------------------------------------------------------------------------
def test_psk_digest_is_truncated_hmac_sha256():
    expected = hmac.new(b"run-key", b"Microsoft123!", hashlib.sha256).hexdigest()[:16]
    assert secrets.psk_digest("run-key", "Microsoft123!") == "hmac-sha256:" + expected
    assert secrets.psk_digest("run-key", "a") != secrets.psk_digest("other-key", "a")
    with pytest.raises(ValueError):
        secrets.psk_digest("", "a")


def test_random_keys_never_compare():
    one, two = secrets.make_psk_digester(), secrets.make_psk_digester()
    assert one("k") == one("k") and one("k") != two("k")
    assert len(secrets.random_key()) == 64 and secrets.random_key() != secrets.random_key()


def test_digester_records_the_keys_it_saw():
    seen = set()
    digest = secrets.make_psk_digester("key", seen)
    assert digest("Sup3rS3cret") == secrets.psk_digest("key", "Sup3rS3cret")
    assert seen == {"Sup3rS3cret"}


def test_redact():
    text = ("tunnel-group 1.2.3.4 ipsec-attributes\n ikev2 remote-authentication pre-shared-key 0 Sup3rS3cret\n"
            "crypto map M 1 set ikev2 pre-shared-key *****\nusername admin password Adm1n encrypted\n"
            "ERROR: something about TopS3cret")
    out = secrets.redact(text, extra={"TopS3cret"})
    for word in ("Sup3rS3cret", "Adm1n", "TopS3cret"):
        assert word not in out
    assert "pre-shared-key 0 *****" in out and "pre-shared-key *****" in out


@pytest.mark.parametrize("line,masked", [
    # review 2026-12-05: these stayed in clear
    ("key config-key password-encryption N3wPass 0ldPass", "key config-key password-encryption ***** *****"),
    ("crypto ca import TP pkcs12 Pkcs12Pass", "crypto ca import TP pkcs12 *****"),
    (" destination address http https://ops:Url-Pw1@203.0.113.9/callhome",
     " destination address http https://ops:*****@203.0.113.9/callhome"),
    (" url http://dyn:Ddns-Pw2@ddns.example.net/update?h=<h>", " url http://dyn:*****@ddns.example.net/update?h=<h>"),
    # no password in the URL, or a port: nothing to mask
    (" enrollment url https://203.0.113.9:8443/certsrv", " enrollment url https://203.0.113.9:8443/certsrv"),
])
def test_redact_masks_secrets_not_behind_one_keyword(line, masked):
    assert secrets.redact(line) == masked


def test_clear_keys_never_reach_the_facts():
    key = "Kn0wnPSK-xyz"
    text = SEED_CONFIG.replace("ikev2 remote-authentication pre-shared-key *****",
                               "ikev2 remote-authentication pre-shared-key " + key)
    text = text.replace("ikev2 local-authentication pre-shared-key *****",
                        "ikev2 local-authentication pre-shared-key " + key)
    facts = asa_facts_from_text(text, psk_digest=secrets.make_psk_digester("shared"))
    dumped = json.dumps(facts)
    assert key not in dumped
    auth = facts["tunnels"][0]["auth"]
    assert auth["psk_digest"] == secrets.psk_digest("shared", key)


# ---------------------------------------------------------------------------------------------
# Hostile replies (found by the fuzz suite, tests/fuzz): each failed before the fix
# ---------------------------------------------------------------------------------------------
def test_bytes_that_are_not_utf8_become_replacement_characters_not_lone_surrogates():
    garbled = SEED_IPSEC.replace("CRYPTO-MAP", "CRYPTO-\udcff-MAP").encode("utf-8", "surrogateescape").decode(
        "utf-8", "surrogateescape")
    facts = asa_facts_from_text(SEED_CONFIG)
    add_state(facts, [garbled, garbled], None, SESSIONDB.replace("203.0.113.20", "203.0.113.\udc8b"), interval=5.0)
    json.dumps(facts, ensure_ascii=False).encode("utf-8")  # strict UTF-8: what Ansible sends back


def test_numbers_longer_than_the_asa_prints_are_not_numbers():
    huge = "9" * 5000
    text = SEED_IPSEC.replace("#pkts encaps: 4549", "#pkts encaps: " + huge).replace(
        "(92159057/2555)", "(%s/%s)" % (huge, huge))
    [child] = state.parse_ipsec_sa(text)["children"]
    assert child["encaps"] is None and child["inbound"][0]["remaining_kb"] is None
    ike = state.parse_ikev2_sa_detail(IKEV2_DETAIL.replace("Life/Active Time: 86400/", "Life/Active Time: %s/" % huge))
    assert ike["sessions"], "still read"


def test_a_session_db_line_cannot_overwrite_the_records_structure():
    text = SESSIONDB.replace("IPsec Tunnels: 1", "IPsec Tunnels: one\nIke          : x     Ipsec        : y")
    session = state.parse_vpn_sessiondb_l2l(text)["sessions"][0]
    assert isinstance(session["ike"], list) and isinstance(session["ipsec"], list)
    assert session["ipsec_tunnels"] == "one" and session["field_ike"] == "x"


def test_a_child_sa_printed_many_times_does_not_multiply_its_samples():
    block = SEED_IPSEC.split("Crypto map tag:", 1)[1]
    text = SEED_IPSEC.split("Crypto map tag:", 1)[0] + "".join("Crypto map tag:" + block for _n in range(300))
    facts = asa_facts_from_text(SEED_CONFIG)
    add_state(facts, [text, text], None, None, interval=5.0)
    children = facts["state"]["CRYPTO-MAP 2"]["child_sas"]
    assert len(children) == 300 and all(len(child["samples"]) == 2 for child in children)
