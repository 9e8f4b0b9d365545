# -*- coding: utf-8 -*-
"""trafficSelectorPolicies take effect only with usePolicyBasedTrafficSelectors on: "For the specified traffic
selector to take effect, be sure to enable policy-based traffic selectors" (DOC_CUSTOM_TS). Review B (2026-12) item
2: a list that matched the ASA's crypto ACL gave pass with the switch off, where Azure offers any-to-any, which the
ASA's crypto map refuses."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

MATCHING_LIST = [{"localAddressRanges": ["172.16.0.0/16"], "remoteAddressRanges": ["10.0.0.0/8"]}]


def tunnel_codes(report):
    [tunnel] = report["tunnels"]
    return tunnel["verdict"], {f["code"]: f for f in tunnel["findings"]}


def test_with_the_switch_off_the_list_is_ignored_and_named():
    verdict, codes = tunnel_codes(report_for(asa_config(), azure_resources(use_policy_ts=False,
                                                                           ts_policies=MATCHING_LIST)))
    assert verdict == "fail"
    assert codes["TRAFFIC_SELECTOR_MISMATCH"]["severity"] == "error"
    assert "0.0.0.0/0" in codes["TRAFFIC_SELECTOR_MISMATCH"]["summary"]
    ignored = codes["UNSUPPORTED_CONSTRUCT"]
    assert ignored["severity"] == "info"
    assert "trafficSelectorPolicies are ignored" in ignored["summary"]
    assert "usePolicyBasedTrafficSelectors is off" in ignored["summary"]


def test_with_the_switch_on_the_list_is_what_azure_offers():
    verdict, codes = tunnel_codes(report_for(asa_config(), azure_resources(use_policy_ts=True,
                                                                           ts_policies=MATCHING_LIST)))
    assert verdict == "pass", codes
    assert "UNSUPPORTED_CONSTRUCT" not in codes
