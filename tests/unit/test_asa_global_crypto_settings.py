# -*- coding: utf-8 -*-
"""Global crypto settings that change how every tunnel of the ASA runs - the anti-replay window, the DF bit and
fragmentation of encrypted packets, limits on IKEv2 SAs, the cookie challenge, the IKE identity sent - are read but
not modelled: each line is named as information on the tunnels, never passed over (review 2026-12-04: all of them
were read as nothing). A global crypto setting no table here knows, and a default turned off (`no crypto ...`), are
named too; only those that serve remote access or change nothing a peer negotiates are not."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def named(text):
    [tunnel] = report_for(text, azure_resources())["tunnels"]
    return tunnel, [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


@pytest.mark.parametrize("line, construct", [
    ("crypto ipsec security-association replay window-size 1024", "crypto ipsec security-association replay"),
    ("crypto ipsec security-association replay disable", "crypto ipsec security-association replay"),
    ("crypto ipsec df-bit clear-df outside", "crypto ipsec df-bit clear-df"),
    ("crypto ipsec fragmentation after-encryption outside", "crypto ipsec fragmentation after-encryption"),
    ("crypto ikev2 limit max-sa 50", "crypto ikev2 limit max-sa"),
    ("crypto ikev2 limit max-in-negotiation-sa 20", "crypto ikev2 limit max-in-negotiation-sa"),
    ("crypto ikev2 cookie-challenge 50", "crypto ikev2 cookie-challenge 50"),
    ("crypto ikev2 fragmentation mtu 1200", "crypto ikev2 fragmentation mtu"),
    ("crypto isakmp identity hostname", "crypto isakmp identity hostname"),
    ("crypto isakmp identity key-id HQ-ASA", "crypto isakmp identity key-id"),
    # review 2026-12-05: these were read as nothing (a setting not in the table was passed over silently)
    ("crypto ipsec ikev2 sa-strength-enforcement", "crypto ipsec ikev2 sa-strength-enforcement"),
    ("crypto ipsec df-bit", "crypto ipsec df-bit"),  # a setting of three words is read too
    ("crypto ikev2 vendor-specific-setting 7", "crypto ikev2 vendor-specific-setting 7"),  # one no table knows
    ("no crypto isakmp nat-traversal", "no crypto isakmp nat-traversal"),
    ("no crypto ikev2 cookie-challenge", "no crypto ikev2 cookie-challenge"),
])
def test_a_global_crypto_setting_is_named_with_its_line_as_information(line, construct):
    text = asa_config(extra=line)
    tunnel, [note] = named(text)
    [number] = [n for n, t in enumerate(text.splitlines(), 1) if t == line]
    assert note["severity"] == "info" and note["summary"].startswith("Line %d: %s is not modelled" % (number, construct))
    assert note["evidence"]["asa"]["lines"] == [{"line": number, "text": line}]
    assert note["remediation"]["asa"] == ["! Check '%s' by hand." % construct]
    assert tunnel["verdict"] == "pass"  # information: the setting may be right; it is only not checked


@pytest.mark.parametrize("line", ["crypto isakmp identity address", "crypto isakmp identity auto",
                                  "crypto ipsec security-association pmtu-aging infinite",
                                  "crypto ikev2 notify invalid-selectors", "crypto ikev2 remote-access trustpoint RA",
                                  "crypto isakmp nat-traversal 20", "crypto ikev1 am-disable",
                                  "crypto ipsec inner-routing-lookup"])
def test_the_identity_the_sample_sets_and_settings_that_change_no_tunnel_are_not_named(line):
    _tunnel, found = named(asa_config(extra=line))
    assert found == []


def test_ikev1_nat_traversal_turned_off_says_what_it_breaks():
    _tunnel, [note] = named(asa_config(extra="no crypto ikev1 nat-traversal"))
    assert "through a NAT between this ASA and Azure, an IKEv1 tunnel does not come up" in note["summary"]
