# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Review s41 (ASA parser, lines read as nothing): a line under ``interface TunnelN`` other than nameif, ip address,
shutdown and the tunnel commands ('ip mtu', 'ospf cost', a VRF) was passed over without a word, and so was a
'policy-route route-map' on the inside interface, which sends the tunnel's traffic elsewhere than the routes the check
reads. A VTI's unread lines are now named (information); lines that change where traffic is routed are warnings; the
usual harmless lines (description, security-level, 'no ...', a physical port's speed) stay quiet. The other blocks a
tunnel depends on were reviewed for the same pattern (an IPsec profile's line that is none of its sub-commands)."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

PAIR = os.path.join(os.path.dirname(__file__), "..", "fixtures", "route_based", "vti_bgp_single")
VTI_MODE = " tunnel mode ipsec ipv4\n"
INSIDE = " nameif INSIDE\n"


def _check(vti_lines=(), inside_lines=(), replace=None):
    with open(os.path.join(PAIR, "asa_running_config.txt")) as handle:
        text = handle.read()
    with open(os.path.join(PAIR, "azure_resources.json")) as handle:
        azure = json.load(handle)
    assert VTI_MODE in text and INSIDE in text
    text = text.replace(VTI_MODE, VTI_MODE + "".join(" %s\n" % line for line in vti_lines))
    text = text.replace(INSIDE, INSIDE + "".join(" %s\n" % line for line in inside_lines))
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    (tunnel,) = run_check(asa_facts_from_text(text), azure_facts_from_data(azure))["tunnels"]
    return tunnel, text.splitlines()


def _unsupported(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT"]


def test_the_usual_harmless_interface_lines_stay_quiet():
    tunnel, _lines = _check(["description to Azure West Europe", "security-level 0", "no ipv6 address",
                             "ipv6 enable"], ["speed 1000", "duplex full", "description LAN"])
    assert tunnel["verdict"] == "pass" and tunnel["findings"] == []


def test_unread_lines_of_a_vti_are_named_once_as_information():
    tunnel, lines = _check(["ip mtu 1400", "ospf cost 10"])
    first = lines.index(" ip mtu 1400") + 1
    assert tunnel["verdict"] == "pass"
    (found,) = _unsupported(tunnel)
    assert found["severity"] == "info"
    assert found["summary"].startswith("2 lines from line %d: " % first)
    assert "'ip mtu 1400', 'ospf cost 10' of tunnel interface Tunnel1" in found["summary"]
    assert [e["line"] for e in found["evidence"]["asa"]["lines"]] == [first, first + 1]


@pytest.mark.parametrize("where, line, named", [
    ("vti", "vrf forwarding AZ", "a VRF on interface Tunnel1"),
    ("vti", "ip vrf forwarding AZ", "a VRF on interface Tunnel1"),
    ("inside", "policy-route route-map TO-BRANCH", "policy-based routing on interface GigabitEthernet0/1"),
    ("inside", "zone-member LAN", "a traffic zone on interface GigabitEthernet0/1"),
], ids=range(4))
def test_a_line_that_changes_where_traffic_is_routed_is_a_warning_naming_it(where, line, named):
    tunnel, lines = _check([line] if where == "vti" else [], [line] if where == "inside" else [])
    number = lines.index(" " + line) + 1
    assert tunnel["verdict"] == "degraded"
    (found,) = _unsupported(tunnel)
    assert found["severity"] == "warning"
    assert found["summary"].startswith("Line %d: %s (%s)" % (number, named, line))


def test_a_tunnel_protection_form_not_read_is_named_as_such_not_as_a_cut_line():
    tunnel, lines = _check(replace=(" tunnel protection ipsec profile", " tunnel protection ipsec policy"))
    number = [n for n, text in enumerate(lines, 1) if text.startswith(" tunnel protection ipsec policy")][0]
    assert not [f for f in tunnel["findings"] if "a complete 'tunnel protection" in f["summary"]]
    (found,) = [f for f in _unsupported(tunnel) if f["evidence"]["asa"]["lines"][0]["line"] == number]
    assert found["severity"] == "warning" and "the tunnel command 'tunnel protection ipsec'" in found["summary"]


@pytest.mark.parametrize("extra", ["set", "security-association lifetime seconds 3600"], ids=range(2))
def test_a_line_of_an_ipsec_profile_that_is_no_sub_command_is_named(extra):
    """The same review of 'crypto ipsec profile': a line under it other than 'set ...' and 'responder-only' (a line
    cut in two, a 'set' lost in a paste) was read as nothing, its setting silently left at the default."""
    anchor = " set pfs group14\n"
    tunnel, lines = _check(replace=(anchor, anchor + " %s\n" % extra))
    number = lines.index(" " + extra) + 1
    (found,) = [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]
    assert found["severity"] == "warning"
    assert found["summary"].startswith("Line %d: %r is not a sub-command of crypto ipsec profile" % (number, extra))


@pytest.mark.parametrize("command", ["set", "match address", "match adress SOME-ACL", "ipsec-isakmp dynamic"],
                         ids=range(4))
def test_a_crypto_map_entry_line_that_is_no_entry_command_is_named(command):
    """The same review of crypto map entries: 'crypto map M 2 set' or 'match address' cut short, or a mistyped verb,
    were read as nothing."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")
    with open(path) as handle:
        text = handle.read()
    anchor = "crypto map CRYPTO-MAP 2 set peer 203.0.113.20\n"
    assert anchor in text
    text = text.replace(anchor, anchor + "crypto map CRYPTO-MAP 2 %s\n" % command)
    number = text.splitlines().index("crypto map CRYPTO-MAP 2 %s" % command) + 1
    _config, findings = parse_asa_config(text)
    (found,) = [f for f in findings if f.code == "INVALID_VALUE"]
    assert found.severity == "warning"
    assert found.summary.startswith("Line %d: %r is not a crypto map entry command" % (number, command))


def test_an_explicit_ipsec_isakmp_entry_line_stays_quiet():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed-asa-azure-pfs", "asa_running_config.txt")
    with open(path) as handle:
        text = handle.read()
    _config, before = parse_asa_config(text)
    _config, after = parse_asa_config(text.replace("crypto map CRYPTO-MAP 2 set peer", "crypto map CRYPTO-MAP 2 "
                                                   "ipsec-isakmp\ncrypto map CRYPTO-MAP 2 set peer"))
    assert [f.summary for f in after] == [f.summary for f in before]
