# -*- coding: utf-8 -*-
"""Global crypto settings that change how every tunnel of the ASA runs - the anti-replay window, the DF bit and
fragmentation of encrypted packets, limits on IKEv2 SAs, the cookie challenge, the IKE identity sent - are read but
not modelled: each line is named as information on the tunnels, never passed over (review 2026-12-04: all of them
were read as nothing)."""

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
                                  "crypto ikev2 notify invalid-selectors"])
def test_the_identity_the_sample_sets_and_settings_that_change_no_tunnel_are_not_named(line):
    _tunnel, found = named(asa_config(extra=line))
    assert found == []
