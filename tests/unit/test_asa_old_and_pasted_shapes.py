# -*- coding: utf-8 -*-
"""Shapes of older releases and of pasted text. ASA 8.2 NAT (``nat (inside) 0 access-list``, ``global``,
``static (a,b)``), in the shape of the older vendor samples
("If using version 8.2 or older ... nat (inside) 0 access-list acl-amzn"): recognised and named as not read, never an
invalid value with an 8.3+ remedy the release would refuse, and ``global`` no longer dropped without a word (review
2026-12-06)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from scenario_builders import asa_config

PRE_83 = ("access-list NONAT extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0\n"
          "nat (LAN) 0 access-list NONAT\nnat (LAN) 1 0.0.0.0 0.0.0.0\nglobal (INTERNET) 1 interface\n"
          "static (LAN,INTERNET) 198.51.100.12 10.1.0.12 netmask 255.255.255.255")


def test_pre_83_nat_lines_are_named_not_invalid():
    text = asa_config(version="8.2(5)", nat=PRE_83)
    facts = asa_facts_from_text(text)
    found = [(f["code"], f["severity"]) for f in facts["findings"]]
    assert "INVALID_VALUE" not in [code for code, _s in found]
    named = [f for f in facts["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT" and "ASA 8.2 NAT" in f["summary"]]
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(("nat (LAN)", "global", "static"))]
    assert sorted(f["evidence"]["asa"]["lines"][0]["line"] for f in named) == lines
    assert all(f["severity"] == "warning" and "(real-nameif,mapped-nameif)" not in str(f) for f in named)


def test_a_crypto_map_ike_setting_cut_in_two_is_an_invalid_value_naming_the_line():
    """A config pasted into a ticket, wrapped at 72 columns: "set ikev2 ipsec-pro" / "posal AZ-PROP" (review
    2026-12-06: "not modelled" information, while the error blamed "no IKE version configured")."""
    text = asa_config().replace("crypto map AZ-MAP 10 set ikev2 ipsec-proposal AZ-PROP",
                                "crypto map AZ-MAP 10 set ikev2 ipsec-pro\nposal AZ-PROP")
    found, rest = [f for f in asa_facts_from_text(text)["findings"] if f["code"] == "INVALID_VALUE"]
    assert found["severity"] == "warning" and "'ipsec-pro' is not one of: ipsec-proposal" in found["summary"]
    # and its rest is named as the rest of a cut line (review 2026-12-06), by number only
    assert rest["severity"] == "warning" and "cut in two" in rest["summary"]
    assert rest["evidence"]["asa"]["lines"][0]["line"] == text.splitlines().index("posal AZ-PROP") + 1
    assert found["evidence"]["asa"]["lines"][0]["line"] == text.splitlines().index(
        "crypto map AZ-MAP 10 set ikev2 ipsec-pro") + 1
