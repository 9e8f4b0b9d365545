# -*- coding: utf-8 -*-
"""evidence_capture (asa_vpn_evidence's logic) against a small scripted ASA given as ``run``: options refused
before anything is sent, the debug levels set back in every failure, bounds, restore_debug."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.evidence_capture import (
    DeviceError,
    reply_tail,
    capture,
    parse_show_debug,
    restore_only,
    syslog_filter,
    validate,
)

DEBUG_LINES = ["IKEv2-PROTO-2: (3): Sending invalid ke notification, peer sent group 19, local policy prefers group 0",
               "0a 1b 2c 3d 4e 5f 60 71 82 93 a4 b5 c6 d7 e8 f9"]


class ScriptedAsa(object):
    """Debug levels, a monitor, and a fault: ``fail_on`` (a command) raises, ``lost`` from then on."""

    def __init__(self, levels=None, fail_on=None, lost=False, debug_lines=tuple(DEBUG_LINES)):
        self.levels = dict(levels or {})
        self.monitor = False
        self.sent = []
        self.fail_on = fail_on
        self.lost = lost
        self.gone = False
        self.debug_lines = list(debug_lines)

    def run(self, command):
        if self.gone:
            raise DeviceError("`%s` failed: closed" % command, lost=True)
        self.sent.append(command)
        if command == self.fail_on:
            self.gone = self.lost
            raise DeviceError("`%s` failed" % command, lost=self.lost)
        words = command.split()
        if command == "show debug":
            return "".join("debug %s enabled at level %d\n" % (k, v) for k, v in sorted(self.levels.items()))
        if words[0] == "debug":
            self.levels[" ".join(words[1:4])] = int(words[4])
        elif words[:2] == ["no", "debug"]:
            self.levels.pop(" ".join(words[2:5]), None)
        elif command == "terminal monitor":
            self.monitor = True
        elif command == "terminal no monitor":
            self.monitor = False
        elif command == "show clock":
            out = "\n".join(self.debug_lines) + "\n" if self.monitor and self.levels else ""
            return out + "05:12:07.123 UTC Mon Nov 30 2026\n"
        return ""


def options(**changes):
    base = {"peer": "203.0.113.20", "protocol_level": 127, "platform_level": None, "duration": 1, "max_lines": 100,
            "max_bytes": 65536, "poll_interval": 0.1, "samples": 0, "sample_interval": 0}
    base.update(changes)
    return base


def no_sleep(_seconds):
    return None


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 0.5
        return self.now


def run_capture(asa, **changes):
    return capture(asa.run, options(**changes), clock=Clock(), sleep=no_sleep)


@pytest.mark.parametrize("bad, words", [
    ({"peer": "203.0.113.20\nreload"}, "is not an IP address"),
    ({"peer": "azure-gw"}, "is not an IP address"),
    # ipaddress takes any text after an IPv6 '%zone': a command line of its own on the ASA (review 2026-12-05)
    ({"peer": "fe80::1%x\nconfigure terminal\nno crypto ikev2 policy 2\nend"}, "no spaces, control characters or %zone"),
    ({"peer": "fe80::1%?"}, "no spaces, control characters or %zone"),
    ({"protocol_level": 0}, "protocol_level must be 1-255"),
    ({"platform_level": 256}, "platform_level must be 1-255"),
    ({"protocol_level": None}, "set protocol_level and/or platform_level"),
    ({"duration": 601}, "duration must be"),
    ({"max_bytes": 10}, "max_bytes must be"),
])
def test_bad_options_are_refused(bad, words):
    assert any(words in error for error in validate(options(**bad)))


def test_good_options_pass_and_the_peer_is_normalised():
    opts = options(peer=" 2001:DB8::1 ")
    assert validate(opts) == [] and opts["peer"] == "2001:db8::1"


def test_levels_found_before_are_set_back_and_read_back():
    asa = ScriptedAsa(levels={"crypto ikev2 protocol": 1, "crypto ipsec": 3})
    result = run_capture(asa, platform_level=64)
    assert asa.levels == {"crypto ikev2 protocol": 1, "crypto ipsec": 3} and asa.monitor is False
    assert result["restore"]["restored"] is True
    assert result["restore"]["sent"] == ["debug crypto ikev2 protocol 1", "no debug crypto ikev2 platform",
                                         "terminal no monitor"]
    packets = result["evidence"]["debug"]["packets"]
    assert "0a 1b 2c" not in repr(result["evidence"]) and result["evidence"]["debug"]["hex_dump_lines_skipped"] >= 1
    assert isinstance(packets, list)


def test_a_failing_poll_still_restores():
    asa = ScriptedAsa(fail_on="show clock")
    result = run_capture(asa)
    assert result["capture"]["stopped_by"] == "error"
    assert result["restore"]["restored"] is True and asa.levels == {} and asa.monitor is False
    assert "error" in result


def test_a_lost_session_says_what_may_be_left_on():
    asa = ScriptedAsa(levels={"crypto ikev2 platform": 3}, fail_on="show clock", lost=True)
    result = run_capture(asa, platform_level=200)
    assert result["capture"]["stopped_by"] == "connection_lost"
    restore = result["restore"]
    assert restore["restored"] is False and restore["sent"] == [] and "error" in restore
    assert restore["left_on"] == {"crypto ikev2 protocol": 127, "crypto ikev2 platform": 200}
    assert result["debug_before"] == {"crypto ikev2 platform": 3}
    # the next connection: restore_debug sets back what was found before
    asa.gone = False
    again = restore_only(asa.run, result["debug_before"])
    assert again["restore"]["restored"] is True and asa.levels == {"crypto ikev2 platform": 3}


def test_a_debug_command_refused_restores_what_was_turned_on():
    asa = ScriptedAsa(fail_on="debug crypto ikev2 platform 9")
    result = run_capture(asa, platform_level=9)
    assert result["restore"]["restored"] is True and asa.levels == {}
    assert "no debug crypto ikev2 platform" in result["restore"]["sent"]


def test_capture_is_bounded_by_lines_and_bytes():
    asa = ScriptedAsa(debug_lines=["IKEv2-PROTO-1: (3): line %d" % n for n in range(50)])
    by_lines = run_capture(asa, max_lines=7, duration=600)
    assert by_lines["capture"]["stopped_by"] == "max_lines" and by_lines["capture"]["lines"] == 7
    by_bytes = run_capture(ScriptedAsa(debug_lines=["x" * 500] * 10), max_bytes=1024, duration=600)
    assert by_bytes["capture"]["stopped_by"] == "max_bytes" and by_bytes["capture"]["bytes"] <= 1024


def test_check_mode_sends_show_commands_only():
    asa = ScriptedAsa()
    result = capture(asa.run, options(samples=2), check_mode=True, clock=Clock(), sleep=no_sleep)
    assert all(command.startswith("show ") for command in asa.sent), asa.sent
    assert result["evidence"]["debug"] is None and "restore" not in result


def test_show_debug_and_the_syslog_filter():
    assert parse_show_debug("debug crypto ikev2 protocol enabled at level 127\ndebug crypto  ca enabled\n\n") == \
        {"crypto ikev2 protocol": 127, "crypto ca": None}
    assert "750003" in syslog_filter() and "602303" in syslog_filter() and syslog_filter().startswith("%ASA-")


def test_an_empty_capture_says_why_it_may_be_empty():
    result = run_capture(ScriptedAsa(debug_lines=()))
    assert result["capture"]["lines"] == 0
    assert any("no debug output reached the session" in note for note in result["notes"])


NONCE_LINE = "0a 1b 2c 3d 4e 5f 60 71 82 93 a4 b5 c6 d7 e8 f9"
KEY_HEX = "5f3c9a0b1d2e4f6071829304a5b6c7d8e9f0a1b2c3d4e5f6"


def test_the_device_reply_in_a_failure_message_is_redacted_before_it_is_cut():
    """asa_vpn_evidence puts the end of a refused or failed command's reply into its message (then hostvars and the
    report's notes); during a capture that reply holds debug lines: a nonce's hex dump, a key printed as one word."""
    debug = "IKEv2-PROTO-7: (17): Nonce:\n%s\nIKEv2-PLAT-4: SKEYSEED %s\n" % (NONCE_LINE, KEY_HEX)
    reply = "show logging\n" + debug + "ERROR: % Invalid input detected at '^' marker."
    assert NONCE_LINE in reply.strip()[-300:]  # what the message held before
    tail = reply_tail(reply)
    assert NONCE_LINE not in tail and KEY_HEX not in tail and "0a 1b 2c" not in tail
    assert "<hex dump removed>" in tail and tail.endswith("Invalid input detected at '^' marker.")
    # a key cut by the 300-character tail would leave too few hex digits to be known for one: redacted first
    straddling = KEY_HEX + "\n" + "x" * 280
    assert KEY_HEX[-12:] in straddling.strip()[-300:]
    assert KEY_HEX[-12:] not in reply_tail(straddling) and len(reply_tail(straddling)) <= 300
