# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection's trafficSelectorPolicies entry that forms no selector pair was dropped without a word: an entry with
an empty localAddressRanges or remoteAddressRanges, or one pairing an IPv6 range with IPv4 ranges only (a selector
pairs addresses of one IP version), and the tunnel passed on the other entries. An entry that is no object was named
as 'localAddressRanges is null'. Each is now INVALID_VALUE naming the entry (and the range), and the selectors are not
judged on what is left."""

import pytest

from scenario_builders import asa_config, azure_resources
from test_scenarios import report_for

GOOD = {"localAddressRanges": ["172.16.0.0/16"], "remoteAddressRanges": ["10.0.0.0/8"]}


def _invalid(entries):
    [tunnel] = report_for(asa_config(), azure_resources(use_policy_ts=True, ts_policies=entries))["tunnels"]
    return tunnel["verdict"], [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]


def test_the_good_entry_alone_passes():
    assert _invalid([GOOD]) == ("pass", [])


@pytest.mark.parametrize("key", ["localAddressRanges", "remoteAddressRanges"])
def test_an_entry_with_an_empty_range_list_is_named(key):
    entry = dict(GOOD, **{key: []})
    verdict, [finding] = _invalid([entry, GOOD])
    assert verdict == "degraded"
    assert finding["severity"] == "warning"
    assert finding["summary"] == ("S2S: trafficSelectorPolicies[0].%s is [], which is not a list of at least one IP "
                                  "prefix: with none, trafficSelectorPolicies[0] forms no selector." % key)
    assert finding["evidence"]["azure"]["lines"][0]["text"] == "S2S: trafficSelectorPolicies[0].%s = []" % key


def test_an_ipv6_range_paired_with_ipv4_ranges_only_is_named():
    entry = {"localAddressRanges": ["172.16.0.0/16", "fd10:20::/48"], "remoteAddressRanges": ["10.0.0.0/8"]}
    verdict, [finding] = _invalid([entry])
    assert verdict == "degraded"
    assert finding["summary"].startswith(
        "S2S: trafficSelectorPolicies[0].localAddressRanges[1] is fd10:20::/48, which is not paired with anything: "
        "trafficSelectorPolicies[0].remoteAddressRanges holds no IPv6 range, only IPv4")


def test_an_entry_of_one_version_each_side_names_both_ranges():
    entry = {"localAddressRanges": ["fd10:20::/48"], "remoteAddressRanges": ["10.0.0.0/8"]}
    verdict, findings = _invalid([GOOD, entry])
    assert verdict == "degraded"
    assert [f["evidence"]["azure"]["property"] for f in findings] == [
        "trafficSelectorPolicies[1].localAddressRanges[0]", "trafficSelectorPolicies[1].remoteAddressRanges[0]"]


def test_an_entry_that_is_no_object_is_named_by_its_index():
    verdict, [finding] = _invalid([GOOD, "172.16.0.0/16"])
    assert verdict == "degraded"
    assert finding["summary"] == ("S2S: trafficSelectorPolicies[1] is 172.16.0.0/16, which is not an object with "
                                  "localAddressRanges and remoteAddressRanges.")
    assert "is null" not in finding["summary"]
