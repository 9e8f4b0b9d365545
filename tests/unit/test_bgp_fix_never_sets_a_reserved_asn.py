# -*- coding: utf-8 -*-
"""An ASA whose router bgp runs on an ASN Azure reserves (65515 copied from Azure's own side, or 65517-65520): the
local network gateway says another ASN, so the session never forms. Azure refuses a reserved ASN in a local network
gateway's bgpSettings.asn (VPN Gateway FAQ, "Are there ASNs reserved by Azure?"), so "set the local network gateway to
65515" is no fix: it must not be shown as proven, and the report says why."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

ONE = [("default", "203.0.113.60", "10.50.255.4", ["169.254.21.9"])]


def _asa(asn):
    text = asa_text([(3, "169.254.21.10", "203.0.113.60")],
                    ["neighbor 169.254.21.9 remote-as 65515", "neighbor 169.254.21.9 activate"])
    return text.replace("router bgp 65020", "router bgp %d" % asn)


def _mismatch(asn):
    report = run_check(asa_facts_from_text(_asa(asn)), azure_facts_from_data(azure(ONE, "169.254.21.10", False)))
    [tunnel] = report["tunnels"]
    [found] = [f for f in tunnel["findings"] if f["code"] == "BGP_ASN_MISMATCH"]
    return found


def test_lng_is_not_moved_onto_azures_own_asn():
    found = _mismatch(65515)
    assert "azure" not in found["remediation"], found["remediation"]
    proof = found["proof"]["azure"]
    assert proof["proven"] is False
    assert "65515" in proof["reason"] and "reserves" in proof["reason"]


def test_lng_is_not_moved_onto_another_reserved_asn():
    found = _mismatch(65518)
    assert "azure" not in found["remediation"], found["remediation"]
    assert "reserves" in found["proof"]["azure"]["reason"]


def test_a_free_private_asn_still_gets_the_lng_fix():
    found = _mismatch(65030)
    assert found["proof"]["azure"]["proven"] is True
    assert found["remediation"]["azure"]["local_network_gateway"]["properties"]["bgpSettings"]["asn"] == 65030
