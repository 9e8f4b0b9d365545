# -*- coding: utf-8 -*-
"""Two ASA tunnel interfaces to the same Azure gateway, one connection to the ASA: the unpaired one's reason called the
ASA's own address both "other sites" and "none to this end's address", and the connection "not in the run" while
another end of the same ASA had it (review 2026-12-06 #5). It now says the connection is paired with that end."""

from scenario_builders import ROUTE_BASED, azure_resources, vti_config
from test_scenarios import report_for

DUPLICATE = """\
interface Tunnel5
 nameif AZURE-DUP
 ip address 169.254.21.6 255.255.255.252
 tunnel source interface INTERNET
 tunnel destination 203.0.113.20
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile AZ-PROFILE
!"""


def test_a_second_tunnel_to_the_same_peer_is_said_to_be_one():
    report = report_for(vti_config(extra=DUPLICATE), azure_resources(**ROUTE_BASED))
    [tunnel] = report["tunnels"]
    assert tunnel["asa"]["interface"] == "Tunnel1"
    [unpaired] = [u for u in report["unpaired"] if "asa" in u]
    assert unpaired["asa"]["interface"] == "Tunnel5"
    reason = unpaired["reason"]
    assert "already paired with interface Tunnel1 of this same ASA" in reason, reason
    assert "second tunnel to the same peer" in reason
    assert "other sites" not in reason and "not in the run" not in reason


def test_the_reason_names_the_paired_end_as_the_report_s_alignment_and_the_config_do():
    # the reason said "tunnel interface Tunnel1" where the same report's alignment of that tunnel said "interface
    # Tunnel1", and no line of the ASA's config reads "tunnel interface Tunnel1" (end_labels.py: one label for both)
    config = vti_config(extra=DUPLICATE)
    report = report_for(config, azure_resources(**ROUTE_BASED))
    [tunnel] = report["tunnels"]
    [unpaired] = [u for u in report["unpaired"] if "asa" in u]
    named = unpaired["reason"].split("already paired with ", 1)[1].split(" of this same ASA", 1)[0]
    assert named == tunnel["alignment"]["safest"]["asa"]["end"] == tunnel["alignment"]["align_to_azure"]["end"]
    assert named in config.splitlines()
