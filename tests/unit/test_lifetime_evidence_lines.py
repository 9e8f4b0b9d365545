# -*- coding: utf-8 -*-
"""A lifetime finding cites the line that sets that unit: an ASA Child SA lifetime in seconds from the ASA default
(28800 s) has no line, and is not cited from the kilobytes line next to it (review 2026-12-04)."""

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for


def test_a_default_seconds_value_cites_no_line_and_kilobytes_cite_their_own():
    text = asa_config().replace("crypto ipsec security-association lifetime seconds 3600\n", "")
    report = report_for(text, azure_resources(policy_changes={"saDataSizeKilobytes": 204800000}))
    by_code = {f["code"]: f for f in report["tunnels"][0]["findings"]}
    seconds = by_code["CHILD_LIFETIME_MISMATCH"]["evidence"]
    assert seconds["asa"]["seconds"] == 28800 and seconds["asa"]["lines"] == []
    assert [l["text"] for l in seconds["azure"]["lines"]] == ["S2S: ipsecPolicies[0].saLifeTimeSeconds = 3600"]
    kilobytes = by_code["CHILD_DATA_LIMIT_MISMATCH"]["evidence"]
    assert [l["text"] for l in kilobytes["asa"]["lines"]] == [
        "crypto ipsec security-association lifetime kilobytes 102400000"]


def test_a_map_named_secondary_is_no_seconds_line():
    text = asa_config().replace("crypto ipsec security-association lifetime seconds 3600\n", "").replace(
        "AZ-MAP", "AZ-SECONDARY") + "crypto map AZ-SECONDARY 10 set security-association lifetime kilobytes 4608000\n"
    report = report_for(text, azure_resources())
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "CHILD_LIFETIME_MISMATCH"]
    assert finding["evidence"]["asa"]["lines"] == []
