# -*- coding: utf-8 -*-
"""Crypto ACL review (reviewer 4, defects 1, 2, 6, 7): a deny ACE is first-match (Cisco ASA "Configuring IPsec
and ISAKMP": traffic matching a deny is not protected by that entry, the ASA goes on to the next one), and
selectors that cannot be decided are a finding naming the line, never a silent pass."""

import policy_based_shapes as shapes
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check


def _check(acl):
    facts = asa_facts_from_text(shapes.asa(acl=acl), host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(shapes.arm()))["tunnels"]
    return tunnel


def _named(tunnel, code, text):
    return [f for f in tunnel["findings"] if f["code"] == code and text in f["summary"]]


def _lines(finding):
    return [line["line"] for line in finding["evidence"]["asa"]["lines"]]


def test_the_usual_acl_passes_with_no_finding():
    tunnel = _check(shapes.ACL)
    assert tunnel["verdict"] == "pass" and tunnel["findings"] == []


def test_deny_any_before_the_permit_fails_naming_the_deny_line():
    tunnel = _check("access-list AZ-ACL extended deny ip any any\n" + shapes.ACL)
    assert tunnel["verdict"] == "fail"
    [deny] = _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "'access-list AZ-ACL extended deny ip any any'")
    assert deny["severity"] == "error"
    assert "all of 10.1.0.0/16 <-> 172.16.0.0/16" in deny["summary"]
    deny_line = shapes.line_of(shapes.asa(acl="access-list AZ-ACL extended deny ip any any\n" + shapes.ACL),
                               "extended deny ip any any")
    assert _lines(deny)[0] == deny_line
    # the engine sees the ASA no longer accepts Azure's selectors
    assert _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "refuses")


def test_deny_after_the_permit_changes_nothing():
    tunnel = _check(shapes.ACL + "\naccess-list AZ-ACL extended deny ip any any")
    assert tunnel["verdict"] == "pass", tunnel["findings"]


def test_partial_deny_is_a_warning_naming_the_line_and_what_it_takes_out():
    acl = "access-list AZ-ACL extended deny ip host 10.1.9.9 object-group AZURE\n" + shapes.ACL
    tunnel = _check(acl)
    assert tunnel["verdict"] == "degraded"
    [deny] = _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "deny ip host 10.1.9.9 object-group AZURE")
    assert deny["severity"] == "warning"
    assert "10.1.9.9/32 <-> 172.16.0.0/16 of 10.1.0.0/16 <-> 172.16.0.0/16" in deny["summary"]
    assert "unencrypted" in deny["summary"]


def test_denies_that_together_cover_a_permit_take_it_out():
    acl = ("access-list AZ-ACL extended deny ip 10.1.0.0 255.255.128.0 object-group AZURE\n"
           "access-list AZ-ACL extended deny ip 10.1.128.0 255.255.128.0 object-group AZURE\n" + shapes.ACL)
    tunnel = _check(acl)
    assert tunnel["verdict"] == "fail"
    [deny] = _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "denies before it permits")
    assert "all of 10.1.0.0/16 <-> 172.16.0.0/16" in deny["summary"]
    assert "10.2.0.0/16" not in deny["summary"]


def test_deny_of_one_protocol_takes_only_part():
    tunnel = _check("access-list AZ-ACL extended deny tcp any any eq 443\n" + shapes.ACL)
    assert tunnel["verdict"] == "degraded"
    [deny] = _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "deny tcp any any eq 443")
    assert "tcp traffic" in deny["summary"] and "some ports" in deny["summary"]


def test_undecidable_deny_names_its_line():
    acl = ("object network AZ-FQDN\n fqdn app.example.net\n"
           "access-list AZ-ACL extended deny ip object-group ONPREM object AZ-FQDN\n" + shapes.ACL)
    tunnel = _check(acl)
    assert tunnel["verdict"] == "degraded"
    [found] = _named(tunnel, "UNSUPPORTED_CONSTRUCT", "were not checked")
    assert "deny ip object-group ONPREM object AZ-FQDN" in found["summary"] and "AZ-FQDN" in found["summary"]
    assert "NAT exemption" in found["summary"]


def test_fqdn_object_names_the_ace_and_the_object():
    acl = ("object network AZ-FQDN\n fqdn app.example.net\n"
           "access-list AZ-ACL extended permit ip object-group ONPREM object AZ-FQDN")
    tunnel = _check(acl)
    assert tunnel["verdict"] == "degraded"
    [found] = _named(tunnel, "UNSUPPORTED_CONSTRUCT", "were not checked")
    text = shapes.asa(acl=acl)
    assert _lines(found) == [shapes.line_of(text, "permit ip object-group ONPREM object AZ-FQDN"),
                             shapes.line_of(text, "object network AZ-FQDN"), shapes.line_of(text, " fqdn app")]
    assert "fqdn object (app.example.net)" in found["summary"]


def test_fqdn_object_nested_in_a_group_is_named():
    acl = ("object network AZ-FQDN\n fqdn app.example.net\nobject-group network INNER\n network-object object AZ-FQDN\n"
           "object-group network OUTER\n group-object INNER\n"
           "access-list AZ-ACL extended permit ip object-group ONPREM object-group OUTER")
    tunnel = _check(acl)
    [found] = _named(tunnel, "UNSUPPORTED_CONSTRUCT", "were not checked")
    assert "object-group OUTER" in found["summary"] and "object AZ-FQDN is an fqdn object" in found["summary"]


def test_protocol_object_group_names_the_line():
    acl = ("object-group protocol PROTO\n protocol-object ip\n"
           "access-list AZ-ACL extended permit object-group PROTO object-group ONPREM object-group AZURE")
    tunnel = _check(acl)
    assert tunnel["verdict"] == "degraded"
    [found] = _named(tunnel, "UNSUPPORTED_CONSTRUCT", "were not checked")
    assert "permit object-group PROTO" in found["summary"]
    assert _lines(found) == [shapes.line_of(shapes.asa(acl=acl), "permit object-group PROTO")]


def test_undefined_object_is_left_to_the_parsers_finding():
    tunnel = _check("access-list AZ-ACL extended permit ip object-group ONPREM object NOPE")
    assert tunnel["verdict"] == "fail"
    assert [f["code"] for f in tunnel["findings"]] == ["UNDEFINED_REFERENCE"]


def _selector_fix(deny):
    acl = deny + "\naccess-list AZ-ACL extended permit ip 10.1.0.0 255.255.0.0 object-group AZURE"
    tunnel = _check(acl)
    [refused] = _named(tunnel, "TRAFFIC_SELECTOR_MISMATCH", "172.16.0.0/16 <-> 10.2.0.0/16")
    return tunnel, refused["proof"]["asa"]


def test_a_permit_that_would_sit_behind_a_deny_matching_it_is_not_shown():
    """Azure also protects 10.2/16; the ACL denies 10.2/16 first. Before: 'access-list AZ-ACL extended permit ip
    10.2.0.0 ...' was shown as proven - appended behind the deny, it is never reached (first match)."""
    tunnel, proof = _selector_fix("access-list AZ-ACL extended deny ip 10.2.0.0 255.255.0.0 any")
    assert proof["proven"] is False
    assert "deny ip 10.2.0.0 255.255.0.0 any" in proof["reason"] and "line 1 extended permit" in proof["reason"]
    assert "asa" not in tunnel["remediation"]


def test_a_deny_that_matches_none_of_the_added_traffic_leaves_the_fix_shown():
    tunnel, proof = _selector_fix("access-list AZ-ACL extended deny ip host 10.1.9.9 any")
    assert proof["proven"] is True
    # the permit, then its NAT exemption (NAT rules decide this tunnel's traffic: test_acl_fix_brings_its_nat_exemption)
    assert tunnel["remediation"]["asa"][0] == \
        "access-list AZ-ACL extended permit ip 10.2.0.0 255.255.0.0 172.16.0.0 255.255.0.0"
    assert [line for line in tunnel["remediation"]["asa"] if line.startswith("access-list")] == [
        "access-list AZ-ACL extended permit ip 10.2.0.0 255.255.0.0 172.16.0.0 255.255.0.0"]
