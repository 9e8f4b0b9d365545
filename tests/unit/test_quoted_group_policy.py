# -*- coding: utf-8 -*-
"""A group-policy name may hold spaces in double quotes (Cisco ASA command reference, ``group-policy``). Review
2026-12-06 (hostile input D3): the name was read as its first word (``"Azure``), its attributes were lost (an
ikev1-only policy gave no IKE_VERSION_MISMATCH), and a fix rendered ``default-group-policy "Azure`` with one quote."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from seed_example import seed_arm, seed_asa_text


def _quoted(text, protocol="ikev2"):
    text = text.replace("AzureGroupPolicy-UKSouth", '"Azure GP UKSouth"')
    return text.replace(" vpn-tunnel-protocol ikev2", " vpn-tunnel-protocol %s" % protocol)


def _tunnel(text):
    [tunnel] = run_check(asa_facts_from_text(text, host="fw"), azure_facts_from_data(seed_arm()))["tunnels"]
    return tunnel


def test_a_quoted_group_policy_is_read_whole_with_its_attributes():
    plain = sorted(f["code"] for f in _tunnel(seed_asa_text())["findings"])
    quoted = _tunnel(_quoted(seed_asa_text()))
    assert sorted(f["code"] for f in quoted["findings"]) == plain
    assert "UNDEFINED_REFERENCE" not in plain
    ikev1_only = _tunnel(_quoted(seed_asa_text(), "ikev1"))
    assert "IKE_VERSION_MISMATCH" in [f["code"] for f in ikev1_only["findings"]]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def test_fix_text_never_holds_half_a_quoted_name():
    tunnel = _tunnel(_quoted(seed_asa_text(), "ikev1"))
    named = [text for text in _strings(tunnel) if '"Azure' in text]
    assert named, "the policy is named somewhere: in the evidence and the fix"
    for text in named:
        assert '"Azure GP UKSouth"' in text and '"Azure GP UKSouth' + '\n' not in text, text
    fixes = [line for f in tunnel["findings"] for line in (f.get("remediation") or {}).get("asa") or []]
    assert any('group-policy "Azure GP UKSouth" attributes' in line for line in fixes), fixes
