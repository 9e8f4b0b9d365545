# -*- coding: utf-8 -*-
"""The policy_based_ikev1 fixture (Microsoft's ASA IKEv1 sample shape against a Basic PolicyBased gateway), edited and
checked: builders for the review I tests."""

import copy
import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

from vendor_apply import apply_asa

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IKEV1 = os.path.join(REPO, "tests", "fixtures", "route_based", "policy_based_ikev1")

with open(os.path.join(IKEV1, "asa_running_config.txt")) as _handle:
    ASA = _handle.read()
with open(os.path.join(IKEV1, "azure_resources.json")) as _handle:
    AZURE = json.load(_handle)


def asa(*replacements, **extra):
    """The fixture's ASA config with each (old, new) replaced once (old must be there), and ``after``: lines added after
    the crypto map's peer line."""
    text = ASA
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    if extra.get("after"):
        peer = "crypto map azure-crypto-map 1 set peer"
        at = text.index("\n", text.index(peer)) + 1
        text = text[:at] + extra["after"] + "\n" + text[at:]
    return text


def azure(route_based_ikev1_policy=None):
    """The fixture's resources; with a policy (ipsecPolicies[0]), the gateway is RouteBased VpnGw1 and the connection
    IKEv1 with that custom policy (review I's E_rb_ikev1.json)."""
    resources = copy.deepcopy(AZURE)
    if route_based_ikev1_policy is not None:
        for item in resources:
            if item["type"] == "Microsoft.Network/connections":
                item["properties"]["ipsecPolicies"] = [route_based_ikev1_policy]
            if item["type"] == "Microsoft.Network/virtualNetworkGateways":
                item["properties"]["vpnType"] = "RouteBased"
                item["properties"]["sku"] = {"name": "VpnGw1", "tier": "VpnGw1", "capacity": 2}
    return resources


def check(text, resources=None):
    report = run_check(asa_facts_from_text(text, host="hq-asa"), azure_facts_from_data(resources or azure()))
    [tunnel] = report["tunnels"]
    return tunnel


def finding(tunnel, code):
    [found] = [f for f in tunnel["findings"] if f["code"] == code]
    return found


def codes(tunnel):
    return {f["code"] for f in tunnel["findings"] if f["severity"] != "info"}


def applied(text, lines):
    """The ASA config with the printed fix typed in."""
    after, _applied = apply_asa(text, lines)
    return after
