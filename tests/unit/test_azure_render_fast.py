# -*- coding: utf-8 -*-
"""The fast paths of Azure's renders (remediation_cli, issue 12) give what the general ones give, on varied and
hostile input: a resource's checked names remembered per ref values against checking them every time (the code
before), an az line joined at once against shlex.quote word by word, a PowerShell string without quotes against
doubling each quote."""

import random
import shlex
import types

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import remediation, remediation_cli
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.remediation_cli import (
    CONNECTION,
    GATEWAY,
    LOCAL_GATEWAY,
    RESOURCES,
    shell_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_segment

SUB_A = "00000000-0000-0000-0000-000000000000"
SUB_B = "11111111-2222-3333-4444-555555555555"


def _names_before(end, resource):
    """remediation_cli._names as it was before the memo: the oracle."""
    # pylint: disable=protected-access
    name_key, id_key = remediation_cli._REF_KEYS[resource]
    rid = end.ref.get(id_key)
    rid = rid if isinstance(rid, str) else None
    group = (id_segment(rid, "resourceGroups") if rid else None) or end.ref.get("resource_group")
    subscription = (id_segment(rid, "subscriptions") if rid else None) or end.ref.get("subscription")
    what = remediation_cli._WHAT[resource]
    return {
        "name": remediation_cli._checked(end.ref.get(name_key), remediation_cli._RESOURCE_NAME.match,
                                         "%s name (ref %s)" % (what, name_key)),
        "resource_group": remediation_cli._checked(group, remediation_cli._is_resource_group, "%s resource group" % what),
        "subscription": remediation_cli._checked(subscription, remediation_cli._SUBSCRIPTION.match,
                                                 "%s subscription id" % what),
    }


class _Text(str):
    """A str subclass, as Ansible's unsafe text is."""


NAMES = [None, "S00001", "S00002", "HQ-LNG", "VNG", "bad name", "-dash", "", _Text("S00001"), ["S00001"], 7]
GROUPS = [None, "RG", "rg-vpn", "rg.", "Grüppe(1)", "a" * 91, "", ["RG"]]
SUBSCRIPTIONS = [None, SUB_A, SUB_B, "not-a-guid", ""]


def _id(rng, kind, name):
    if rng.random() < 0.2:
        return rng.choice([None, "", "/not/an/arm/id", 42])
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s" % (
        rng.choice([SUB_A, SUB_B, "not-a-guid"]), rng.choice(["RG", "rg-vpn", "rg.", "Grüppe"]), kind, name)


def _outcome(function, *args):
    try:
        return "ok", function(*args)
    except ValueError as exc:
        return "ValueError", str(exc)


def test_remembered_names_are_the_names_checked_every_time():
    rng = random.Random(12)
    remediation_cli._NAMES.clear()  # pylint: disable=protected-access
    refused = 0
    for _round in range(4000):
        ref = {"connection": rng.choice(NAMES), "local_network_gateway": rng.choice(NAMES), "gateway": rng.choice(NAMES),
               "resource_group": rng.choice(GROUPS), "subscription": rng.choice(SUBSCRIPTIONS)}
        ref["id"] = _id(rng, "connections", "S00001")
        ref["local_network_gateway_id"] = _id(rng, "localNetworkGateways", "HQ-LNG")
        ref["gateway_id"] = _id(rng, "virtualNetworkGateways", "VNG")
        end = types.SimpleNamespace(ref=ref)
        for resource in RESOURCES:
            for _again in range(2):  # the second answer comes from the memo
                found, expected = _outcome(remediation_cli._names, end, resource), _outcome(_names_before, end, resource)  # pylint: disable=protected-access
                assert found == expected, (ref, resource)
                refused += found[0] != "ok"
    assert refused > 1000


@pytest.mark.parametrize("field", ["connection", "id", "resource_group", "subscription"])
def test_names_follow_a_ref_value_that_changed(field):
    """Two ends alike but for one ref value (the memo's key holds each) and the three resources of one end."""
    base = {"connection": "S00001", "local_network_gateway": "HQ-LNG", "gateway": "VNG", "resource_group": "RG",
            "subscription": SUB_A, "id": None, "local_network_gateway_id": None, "gateway_id": None}
    changed = {"connection": "S00002", "id": "/subscriptions/%s/resourceGroups/rg-vpn/x/S00002" % SUB_B,
               "resource_group": "rg-vpn", "subscription": SUB_B}
    other = dict(base, **{field: changed[field]})
    for ref in (base, other, base):
        end = types.SimpleNamespace(ref=ref)
        for resource in (CONNECTION, LOCAL_GATEWAY, GATEWAY):
            assert remediation_cli._names(end, resource) == _names_before(end, resource)  # pylint: disable=protected-access


# words as commands hold them and as they might: plain, empty, spaced, quoted, shell-special, non-ASCII
WORD_PARTS = ["az", "--sa-lifetime", "27000", "RG", "rg_vpn.1", "a=b", "x,y", "@%+:/", "", " ", "'", '"', "$HOME", "é",
              "\u00a0", "\t", "\n", ";", "*", "-", "(", "Grüppe", "ǅ"]


def test_shell_line_is_shlex_quote_word_by_word():
    rng = random.Random(7)
    for _round in range(20000):
        words = ["".join(rng.choice(WORD_PARTS) for _part in range(rng.randrange(0, 4)))
                 for _word in range(rng.randrange(0, 8))]
        assert shell_line(words) == " ".join(shlex.quote(word) for word in words), words
    assert shell_line(["az", "network", "--name", "S00001"]) == "az network --name S00001"
    assert shell_line(["a b"]) == "'a b'" and shell_line(["", "x"]) == "'' x" and shell_line(["é"]) == "'é'"


def _ps_before(text):
    for quote in "'\u2018\u2019\u201a\u201b":
        text = text.replace(quote, quote + quote)
    return "'%s'" % text


def test_powershell_string_doubles_every_quote_as_before():
    rng = random.Random(3)
    alphabet = ["a", "Z", "0", " ", "-", "'", "\u2018", "\u2019", "\u201a", "\u201b", '"', "é", "$", "`", "\u201c"]
    for _round in range(20000):
        text = "".join(rng.choice(alphabet) for _char in range(rng.randrange(0, 10)))
        assert remediation_cli._ps(text) == _ps_before(text), text  # pylint: disable=protected-access
    assert remediation_cli._ps("O\u2019Brien's") == "'O\u2019\u2019Brien''s'"  # pylint: disable=protected-access


# prefix texts as selectors and networks hold them, and what facts not made by the adapter might
PREFIXES = ["10.0.0.0/16", "10.0.1.7/24", "192.168.1.0/24", "0.0.0.0/0", "2001:db8::/32", "2001:DB8:0:0::1/64",
            "10.0.0.300/16", "not a prefix", "", _Text("10.0.0.0/16"), 42, None]
HOSTILE = [["10.0.0.0/8"], {"a": 1}]


def _prefix_choice(rng, hostile):
    if hostile and rng.random() < 0.05:
        return rng.choice(HOSTILE)
    return rng.choice(PREFIXES if hostile or rng.random() < 0.3 else PREFIXES[:6])


def _any_outcome(function, *args):
    try:
        return "ok", function(*args)
    except Exception as exc:  # pylint: disable=broad-except  # the same refusal, whatever it is
        return type(exc).__name__, str(exc)


def test_selectors_derived_read_once_are_the_selectors_read_pair_by_pair():
    """remediation._prefix_pairs (each prefix read once) against reading pair by pair."""
    # pylint: disable=protected-access
    rng = random.Random(5)
    failed = 0
    for _round in range(5000):
        hostile = rng.random() < 0.3
        end = types.SimpleNamespace(
            local_networks=[_prefix_choice(rng, hostile) for _i in range(rng.randrange(0, 6))],
            remote_networks=[_prefix_choice(rng, hostile) for _i in range(rng.randrange(0, 6))],
            unknowns=())
        found = _any_outcome(remediation._prefix_pairs, end)
        assert found == _any_outcome(remediation._prefix_pairs_each, end), end
        failed += found[0] != "ok"
    assert failed > 300


def test_custom_selectors_keep_each_remote_once_in_order():
    end = types.SimpleNamespace(local_networks=None, remote_networks=None, unknowns=(), ref={})
    pairs = [("10.0.0.0/16", "192.168.2.0/24"), ("10.0.0.0/16", "192.168.1.0/24"), ("10.1.0.0/16", "192.168.1.0/24"),
             ("10.0.0.0/16", "192.168.2.0/24"), ("10.1.0.7/16", "192.168.1.9/24")]
    rendered = remediation._traffic_selectors(end, {"pairs": pairs})  # pylint: disable=protected-access
    assert rendered["connection"]["trafficSelectorPolicies"] == [
        {"localAddressRanges": ["10.0.0.0/16"], "remoteAddressRanges": ["192.168.2.0/24", "192.168.1.0/24"]},
        {"localAddressRanges": ["10.1.0.0/16"], "remoteAddressRanges": ["192.168.1.0/24"]}]
