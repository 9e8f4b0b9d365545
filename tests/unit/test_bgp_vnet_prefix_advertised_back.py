# -*- coding: utf-8 -*-
"""An ASA that advertises Azure's own VNet prefix over BGP (a 'network' statement for the remote side, backed by the
static route into the tunnel): Azure rejects a route identical to one of its VNet prefixes (Microsoft Learn, "About
BGP and Azure VPN Gateway": "Those routes identical to your VNet prefixes will be rejected"). When that is all the ASA
sends, Azure learns no route to the site and the tunnel must not pass."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vti_azure_builders import asa_text, azure  # noqa: E402  pylint: disable=wrong-import-position

INSTANCE = [("default", "203.0.113.70", "10.50.255.4", ["169.254.21.13"])]
OWN = "  network 10.2.0.0 mask 255.255.0.0\n"
VNET_ROUTE = "route AZ-4 10.50.0.0 255.255.0.0 169.254.21.13 1\n"


def _tunnel(networks, routes=""):
    text = asa_text([(4, "169.254.21.14", "203.0.113.70")],
                    ["neighbor 169.254.21.13 remote-as 65515", "neighbor 169.254.21.13 activate"],
                    routes=VNET_ROUTE + routes)
    text = text.replace(OWN, "".join("  network %s mask %s\n" % n for n in networks))
    report = run_check(asa_facts_from_text(text), azure_facts_from_data(azure(INSTANCE, "169.254.21.14", False)))
    [tunnel] = report["tunnels"]
    return tunnel


def test_only_the_vnet_prefix_advertised_is_an_error():
    tunnel = _tunnel([("10.50.0.0", "255.255.0.0")])
    assert tunnel["verdict"] != "pass"
    found = [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert [f["severity"] for f in found] == ["error"], tunnel["findings"]
    assert "10.50.0.0/16" in found[0]["summary"] and "identical" in found[0]["summary"]
    assert found[0]["evidence"]["azure"]["refused_prefixes"] == ["10.50.0.0/16"]


def test_the_vnet_prefix_beside_the_sites_own_is_information_only():
    tunnel = _tunnel([("10.2.0.0", "255.255.0.0"), ("10.50.0.0", "255.255.0.0")])
    found = [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert [f["severity"] for f in found] == ["info"], tunnel["findings"]
    assert "10.50.0.0/16" in found[0]["summary"] and "10.2.0.0/16" not in found[0]["summary"]
    assert tunnel["verdict"] == "pass"


def test_a_supernet_of_the_vnet_is_taken():
    # a summary of the site and more, originated from its null0 discard route: Azure takes a supernet of its VNet
    tunnel = _tunnel([("10.0.0.0", "255.0.0.0")], routes="route Null0 10.0.0.0 255.0.0.0\n")
    assert not [f for f in tunnel["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
