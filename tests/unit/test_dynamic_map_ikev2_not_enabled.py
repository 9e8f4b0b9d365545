# -*- coding: utf-8 -*-
"""A dynamic crypto map entry with an IKEv2 ipsec-proposal on an interface without ``crypto ikev2 enable``: the ASA
answers no IKEv2 peer there (Cisco ASA VPN CLI guide, "Configuring IPsec and ISAKMP": IKEv2 must be enabled on the
interface the crypto map is applied to). The finding said "ASA allows IKE version none (no IKE version is configured)"
of an entry that names an IKEv2 proposal, citing no line: the reader was sent looking for a missing 'set ikev2' line.
Now it names the entry's line and that IKEv2 is not enabled on the interface."""

from test_dynamic_map_serves_azure import dynamic_asa
from scenario_builders import azure_resources
from test_scenarios import report_for


def test_ikev2_not_enabled_on_the_dynamic_maps_interface_is_said_with_the_entrys_line():
    report = report_for(dynamic_asa().replace("crypto ikev2 enable INTERNET\n", ""), azure_resources())
    [tunnel] = report["tunnels"]
    found = {f["code"]: f for f in tunnel["findings"]}
    mismatch = found["IKE_VERSION_MISMATCH"]
    assert mismatch["severity"] == "error" and tunnel["verdict"] == "fail"
    assert "no IKE version is configured" not in mismatch["summary"], mismatch["summary"]
    texts = [line["text"] for line in mismatch["evidence"]["asa"]["lines"]]
    assert "crypto dynamic-map DYN 20 set ikev2 ipsec-proposal AZ-PROP" in texts, texts
    assert any("crypto ikev2 enable INTERNET" in text for text in texts), texts
    assert mismatch["remediation"]["asa"] == ["crypto ikev2 enable INTERNET"]
    assert mismatch["proof"]["asa"]["proven"] is True
