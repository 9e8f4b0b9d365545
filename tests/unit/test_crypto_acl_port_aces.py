# -*- coding: utf-8 -*-
"""A crypto ACL permit line with ports narrows the ASA's traffic selectors to them (RFC 7296 section 2.9: a traffic
selector carries a port range), while the selectors the check models are networks and a protocol. A permit with
'eq 443', a range, source ports or a service object-group after the destination gave exactly the report of the same
line without ports: the ports were lost silently. Each such line is now a finding naming it, and no fix drops the
ports (that would widen the crypto ACL)."""

import pytest

import policy_based_shapes as shapes
import test_nat_real_interface_review as natrev

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

ACL = "access-list AZ-ACL extended permit ip object-group ONPREM object-group AZURE"
SERVICE = "object-group service WEB tcp\n port-object eq 443\n"
TCP = "access-list AZ-ACL extended permit tcp object-group ONPREM object-group AZURE"
PORTED = {
    "destination eq": TCP + " eq 443",
    "destination range": TCP + " range 1000 2000",
    "source eq": "access-list AZ-ACL extended permit tcp object-group ONPREM eq 443 object-group AZURE",
    "destination service group": TCP + " object-group WEB",
    "udp neq": "access-list AZ-ACL extended permit udp object-group ONPREM object-group AZURE neq 53",
}


def _check(acl_lines):
    text = natrev.ASA.format(onprem=natrev.TWO, nat=natrev.IDENTITY % "inside" + "\n" + natrev.IDENTITY % "servers",
                             routes="")
    assert ACL in text
    text = text.replace(ACL, SERVICE + "\n".join(acl_lines))
    facts = asa_facts_from_text(text, host="fw")
    [tunnel] = run_check(facts, azure_facts_from_data(shapes.arm(lng_prefixes=("10.1.0.0/16", "10.2.0.0/16"))))["tunnels"]
    return tunnel, text.splitlines()


def _ported(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH" and "narrowed to ports" in f["summary"]]


@pytest.mark.parametrize("form", sorted(PORTED))
def test_a_permit_line_with_ports_is_a_finding_naming_it(form):
    line = PORTED[form]
    tunnel, lines = _check([line])
    [finding] = _ported(tunnel)
    number = lines.index(line) + 1
    assert finding["severity"] == "warning" and finding["scope"] == ["CM 10"]
    assert "line %d '%s'" % (number, line) in finding["summary"]
    assert "other ports is not carried" in finding["summary"]
    assert "shown without their ports" in finding["summary"]
    assert [entry["line"] for entry in finding["evidence"]["asa"]["lines"]] == [number]


@pytest.mark.parametrize("line", [ACL, TCP], ids=["ip", "tcp without ports"])
def test_a_permit_line_without_ports_is_no_such_finding(line):
    tunnel, _lines = _check([line])
    assert _ported(tunnel) == []


def test_the_same_networks_with_and_without_ports_no_longer_report_the_same():
    with_ports, _lines = _check([TCP + " eq 443"])
    without, _lines = _check([TCP])
    assert [f["summary"] for f in with_ports["findings"]] != [f["summary"] for f in without["findings"]]


def test_every_ported_permit_line_of_the_acl_is_named_once_and_only_those():
    ported = [TCP + " eq 443", TCP + " range 8000 8080"]
    inactive = TCP + " eq 22 inactive"
    deny = "access-list AZ-ACL extended deny tcp object-group ONPREM object-group AZURE eq 25"
    tunnel, lines = _check([deny] + ported + [ACL, inactive])  # before the permit ip: their traffic is theirs
    [finding] = _ported(tunnel)
    named = [entry["line"] for entry in finding["evidence"]["asa"]["lines"]]
    assert named == [lines.index(line) + 1 for line in ported]
    assert inactive not in finding["summary"] and deny not in finding["summary"]
    assert finding["evidence"]["asa"]["lines_with_ports"] == 2


def test_no_fix_drops_the_ports():
    line = TCP + " eq 443"
    tunnel, _lines = _check([line])
    commands = []
    for finding in tunnel["findings"]:
        commands += [c for c in (finding.get("remediation") or {}).get("asa") or [] if not c.startswith("!")]
    commands += [c for c in (tunnel.get("remediation") or {}).get("asa") or [] if not c.startswith("!")]
    assert not any(c.startswith("no access-list") or c == TCP for c in commands), commands
    [finding] = _ported(tunnel)
    assert all(c.startswith("!") for c in finding["remediation"]["asa"])


def test_a_port_line_behind_a_permit_ip_that_covers_it_is_no_finding():
    """First match: traffic of a port line that an earlier 'permit ip' line covers is that line's; the port line never
    narrows anything (a leftover line), so a healthy tunnel is not degraded by it. Before it, or only partly covered,
    it still narrows its traffic."""
    behind, _lines = _check([ACL, PORTED["destination eq"]])
    assert _ported(behind) == []
    before, _lines = _check([PORTED["destination eq"], ACL])
    assert len(_ported(before)) == 1
    narrower = "access-list AZ-ACL extended permit ip object-group ONPREM host 172.16.0.9"
    partly, _lines = _check([narrower, PORTED["destination eq"]])
    assert len(_ported(partly)) == 1


@pytest.mark.parametrize("icmp", ["echo", "8", "echo-reply log"])
def test_an_icmp_permit_narrowed_to_a_message_type_by_name_or_number_is_named(icmp):
    """`permit icmp A B echo` narrows the selectors to that type as `icmp-object echo` in a group does (RFC 7296
    3.13.1: ICMP's type rides in the port fields); by name it was silent."""
    line = "access-list AZ-ACL extended permit icmp object-group ONPREM object-group AZURE " + icmp
    tunnel, _lines = _check([line])
    [finding] = _ported(tunnel)
    assert "message types" in finding["summary"]


def test_an_icmp_permit_with_only_options_is_no_such_finding():
    tunnel, _lines = _check(["access-list AZ-ACL extended permit icmp object-group ONPREM object-group AZURE log"])
    assert _ported(tunnel) == []


def test_a_permit_ip_with_a_time_range_shadows_no_port_line():
    """Outside its time-range the 'permit ip' line is inactive and the port line after it narrows the traffic."""
    timed = ACL + " time-range WORK"
    tunnel, _lines = _check(["time-range WORK", " periodic weekdays 8:00 to 18:00", timed, PORTED["destination eq"]])
    assert len(_ported(tunnel)) == 1


def test_permit_ip_lines_that_tile_the_port_line_together_shadow_it():
    """Two earlier 'permit ip' lines, each half of the destination: together they take every packet the port line
    would, so it narrows nothing (one line at a time, neither covered it: a false warning)."""
    halves = ["access-list AZ-ACL extended permit ip object-group ONPREM 172.16.0.0 255.255.128.0",
              "access-list AZ-ACL extended permit ip object-group ONPREM 172.16.128.0 255.255.128.0"]
    tiled, _lines = _check(halves + [PORTED["destination eq"]])
    assert _ported(tiled) == []
    gap = [halves[0], "access-list AZ-ACL extended permit ip object-group ONPREM 172.16.192.0 255.255.192.0"]
    partly, _lines = _check(gap + [PORTED["destination eq"]])
    assert len(_ported(partly)) == 1
