# -*- coding: utf-8 -*-
"""A crypto ACL line with a time-range is skipped by the ASA while the time-range is inactive (Cisco ASA configuration
guide, "Time Ranges"), so the entry's traffic selectors change out of hours while Azure's do not. The check read such
a line as always active: a tunnel whose only permit line ran office hours passed, and died each evening at the next
rekey. Each such line is now named."""

import test_crypto_acl_port_aces as ports

TIME_RANGE = "time-range OFFICE\n periodic weekdays 8:00 to 18:00\n"


def _timed(tunnel):
    return [f for f in tunnel["findings"] if f["code"] == "UNSUPPORTED_CONSTRUCT" and "time-range" in f["summary"]]


def test_a_permit_line_with_a_time_range_is_named_with_its_line():
    tunnel, lines = ports._check([TIME_RANGE + ports.ACL + " time-range OFFICE"])
    [finding] = _timed(tunnel)
    assert finding["severity"] == "warning" and tunnel["verdict"] != "pass"
    [cited] = finding["evidence"]["asa"]["lines"]
    assert lines[cited["line"] - 1] == ports.ACL + " time-range OFFICE"


def test_a_deny_line_with_a_time_range_is_named_too():
    deny = "access-list AZ-ACL extended deny ip host 10.1.0.5 any time-range OFFICE"
    tunnel, _lines = ports._check([TIME_RANGE + deny, ports.ACL])
    [finding] = _timed(tunnel)
    assert "10.1.0.5" in finding["summary"]


def test_the_same_lines_without_a_time_range_are_not_named():
    tunnel, _lines = ports._check([TIME_RANGE + ports.ACL])
    assert not _timed(tunnel)
