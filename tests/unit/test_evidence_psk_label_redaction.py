# -*- coding: utf-8 -*-
"""Review F2 #7: a secret behind a label ("Pre-shared Key (PSK): value") never reaches evidence output."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.asa_syslog import parse_syslog
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.azure_gateway import parse_troubleshoot
from ansible_collections.vpnalign.s2s.plugins.module_utils.evidence.text import redact

SECRET = "S3cretX!"
# ids=range: the secret scan reads the junit xml, and "failover key (hex)" reads as a key line there
SPELLINGS = [
    "Pre-shared Key (PSK): %s",
    "PSK (pre-shared key) = %s",
    "pre-shared key [psk]: %s",
    "Pre-Shared-Key {IKEv2} %s",
    "shared key value: %s",
    "psk string %s",
    "psk => %s",
    "psk := %s",
    "Password (cleartext): %s",
    "failover key (hex) %s",
    "community (v2c): %s",
]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=range(len(SPELLINGS)))
def test_a_labelled_secret_is_removed_and_its_label_kept(spelling):
    text = "auth failed, " + spelling % SECRET
    assert redact(text) == "auth failed, " + spelling % "<removed>"


@pytest.mark.parametrize("spelling", SPELLINGS, ids=range(len(SPELLINGS)))
def test_a_syslog_record_quoting_a_labelled_psk_keeps_no_key(spelling):
    record = parse_syslog("%ASA-4-750003: Local:198.51.100.10:500 Remote:203.0.113.20:500 Username:203.0.113.20 "
                          "IKEv2 Negotiation aborted due to ERROR: auth failed, " + spelling % SECRET)["records"][0]
    assert SECRET not in json.dumps(record) and "<removed>" in record["text"]


def test_ikeerrors_quoting_a_labelled_psk_keeps_no_key():
    parsed = parse_troubleshoot("Error: Authentication failed. Pre-shared Key (PSK): %s\n"
                                "based on log : Peer sent AUTHENTICATION_FAILED notify\n" % SECRET)
    assert SECRET not in json.dumps(parsed)
    assert parsed["errors"][0]["error"] == "Authentication failed. Pre-shared Key (PSK): <removed>"


@pytest.mark.parametrize("prose", ["Pre-shared key (PSK) mismatch", "Pre-shared Key (PSK)", "pre-shared key value mismatch"])
def test_prose_after_a_labelled_name_stays(prose):
    assert redact(prose) == prose
