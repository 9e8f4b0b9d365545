# -*- coding: utf-8 -*-
"""An ASA behind NAT: its own address is private, Azure's local network gateway names the NAT's public one. The check
said PEER_ADDRESS_MISMATCH (error) with a "proven" Azure fix that wrote the private address into gatewayIpAddress,
where Azure cannot reach it; and ``set nat-t-disable`` on such an ASA, which breaks IKE and ESP through the NAT, was
read as nothing (review 2026-12-04)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

OUTSIDE = " ip address 198.51.100.10 255.255.255.248\n"
PRIVATE = " ip address 192.168.100.10 255.255.255.0\n"


def tunnel_of(text):
    [tunnel] = report_for(text, azure_resources())["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] in ("PEER_ADDRESS_MISMATCH", "UNSUPPORTED_CONSTRUCT")]


def test_a_private_asa_address_behind_azures_public_expectation_is_not_a_mismatch_nor_fixed():
    tunnel, [finding] = tunnel_of(asa_config().replace(OUTSIDE, PRIVATE))
    assert finding["code"] == "PEER_ADDRESS_MISMATCH" and finding["severity"] == "warning"
    assert "NAT" in finding["summary"] and finding["remediation"] == {}
    assert "192.168.100.10" not in str([f.get("remediation") for f in tunnel["findings"]])


def test_nat_t_disabled_behind_nat_is_a_warning_with_its_fix_and_nothing_on_a_public_address():
    nat_t_off = "crypto map AZ-MAP 10 set nat-t-disable"
    _tunnel, found = tunnel_of(asa_config(extra=nat_t_off).replace(OUTSIDE, PRIVATE))
    [note] = [f for f in found if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert note["severity"] == "warning" and note["remediation"]["asa"] == ["no crypto map AZ-MAP 10 set nat-t-disable"]
    _tunnel, found = tunnel_of(asa_config(extra=nat_t_off))
    assert found == []
