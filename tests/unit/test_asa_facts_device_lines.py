# -*- coding: utf-8 -*-
"""ASA facts cite config lines, they do not copy them (issue 12): each cited line is in the facts once for the device
(``cited_lines``, ``cited_notes``) and a tunnel's sources are line numbers. Lines many tunnels share (the IKEv2
policies, ipsec-proposals, ``crypto ikev2 enable``) were copied into every tunnel's own line table before. Facts an
earlier release wrote (a line table per tunnel) still give the same report."""

import json
import os

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_and_ends, asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import ConfigLine, Dpd, PeerAuth, TunnelEnd
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts, facts_with_tunnels

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
EXAMPLES = ("seed-asa-azure-pfs", "route-based-vti-bgp")

SHARED = """\
ASA Version 9.16(4)
hostname hub
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.51.100.10 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.0.0.0
crypto ipsec ikev2 ipsec-proposal P-GCM
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 19
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
"""

SITE = """\
access-list S{n}-ACL extended permit ip 10.{n}.0.0 255.255.0.0 172.16.{n}.0 255.255.255.0
crypto map OUT-MAP {n} match address S{n}-ACL
crypto map OUT-MAP {n} set peer 203.0.113.{n}
crypto map OUT-MAP {n} set ikev2 ipsec-proposal P-GCM
crypto map OUT-MAP {n} set pfs group19
tunnel-group 203.0.113.{n} type ipsec-l2l
tunnel-group 203.0.113.{n} ipsec-attributes
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
"""


def _hub(sites):
    return SHARED + "".join(SITE.format(n=n) for n in range(1, sites + 1)) + "crypto map OUT-MAP interface outside\n"


def _read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def _example(name):
    return _read("examples", name, "asa_running_config.txt"), json.loads(_read("examples", name, "azure_resources.json"))


def test_lines_shared_by_tunnels_are_in_the_facts_once_and_cited_by_number():
    text = _hub(3)
    facts = json.loads(json.dumps(asa_facts_from_text(text, host="hub")))
    numbers = {line: i + 1 for i, line in enumerate(text.splitlines())}
    assert len(facts["tunnels"]) == 3
    policy = [numbers[line] for line in ("crypto ikev2 policy 10", " encryption aes-256", " group 19")]
    for tunnel in facts["tunnels"]:
        assert "lines" not in tunnel
        assert set(policy) <= set(tunnel["ike_proposals"][0]["source"])
        assert numbers["crypto ikev2 enable outside"] in tunnel["ike_versions_source"]
    assert [facts["cited_lines"][str(n)] for n in policy] == ["crypto ikev2 policy 10", "encryption aes-256", "group 19"]
    # each line's text once in the whole facts (no finding cites these lines)
    assert json.dumps(facts).count('"crypto ikev2 policy 10"') == 1
    assert json.dumps(facts).count('"crypto ipsec ikev2 ipsec-proposal P-GCM"') == 1


@pytest.mark.parametrize("name", EXAMPLES)
def test_ends_rebuilt_from_the_facts_equal_the_ends_read(name):
    text, _export = _example(name)
    facts, ends = asa_facts_and_ends(text, host="asa1", source="src")
    from_json = json.loads(json.dumps(asa_facts_from_text(text, host="asa1", source="src")))
    assert ends_from_facts(from_json) == ends
    assert from_json["cited_notes"] == sorted(set(from_json["cited_notes"]), key=from_json["cited_notes"].index)
    assert facts["cited_lines"] is None  # a placeholder, filled by asa_facts_from_text


@pytest.mark.parametrize("name", EXAMPLES)
def test_facts_of_an_earlier_release_give_the_same_report(name):
    # written by the release before the device-wide cited lines: each tunnel with its own "lines" table
    previous = json.loads(_read("tests", "fixtures", "facts_previous", "%s.asa_facts.json" % name))
    assert all(isinstance(t["lines"], list) for t in previous["tunnels"]) and "cited_lines" not in previous
    text, export = _example(name)
    current = json.loads(json.dumps(asa_facts_from_text(text, host="asa1", source="src")))
    azure = json.loads(json.dumps(azure_facts_from_data(export)))
    assert ends_from_facts(previous) == ends_from_facts(current)
    assert run_check([previous], [azure]) == run_check([current], [azure])


def test_a_line_number_cited_with_two_texts_keeps_both():
    # not met in a parsed config; facts written by hand or another tool may: each text is kept, none dropped
    end = TunnelEnd(vendor="asa", name="m 1", auth=PeerAuth(method="psk", source=(ConfigLine(7, "tunnel-group t"),)),
                    dpd=Dpd(enabled=True, source=(ConfigLine(7, "isakmp keepalive"), ConfigLine(0, "(a note)"))))
    facts = json.loads(json.dumps(facts_with_tunnels({"tunnels": None, "cited_lines": None, "cited_notes": None},
                                                     [end])))
    assert facts["cited_lines"] == {"7": "tunnel-group t"} and facts["cited_notes"] == ["(a note)"]
    assert facts["tunnels"][0]["dpd"]["source"] == [{"line": 7, "text": "isakmp keepalive"}, -1]
    assert ends_from_facts(facts) == [end]
