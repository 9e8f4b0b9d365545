# -*- coding: utf-8 -*-
"""asa_vpn_tunnel `tunnels`: several ends of one ASA in one task (issue 12: align looped one task per end, and each
started an ansible-connection helper and a module process and read the whole running config twice or three times).
Over a fake persistent connection (the real thing against the SSH lab is the align role's, tests/integration): one
read to start, each end planned from what the one before left, each its own transaction, a failed end undone without
stopping the others, one `write memory`, the items checked as the module's own options before anything is sent, and
no key in an item."""

import json

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tunnel_task
from test_asa_tunnel_context import PFS_LINE, SEED_CONFIG, Device, configured, run

KEY = "Batch-Key-Never-Shown-9"
LIFETIME_LINE = "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes 102400000"
PFS_ITEM = dict(name="uksouth-pfs", crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)
LIFETIME_ITEM = dict(name="uksouth-lifetime", crypto_map="CRYPTO-MAP", seq=2, child_lifetime_kilobytes="102400000")


def _device(**faults):
    """A single-context ASA holding the seed's config (the session is in context cust1 as far as the prompt goes)."""
    return Device(login="cust1", **faults)


def _reads(device):
    return [command for _context, command in device.sent if command == "show running-config"]


def test_each_end_is_planned_from_what_the_one_before_left_and_the_config_is_read_once_to_start(monkeypatch, capsys):
    both_pfs = dict(PFS_ITEM, name="again", child_lifetime_kilobytes="102400000")
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, both_pfs], save_when="changed"), _device())
    assert result.get("failed") is not True, result.get("msg")
    # the second end asks for PFS too: planned from the config the first left, it sends only the lifetime
    assert [r["commands"] for r in result["results"]] == [[PFS_LINE], [LIFETIME_LINE]]
    assert [r["name"] for r in result["results"]] == ["uksouth-pfs", "again"]
    assert result["changed"] is True and result["commands"] == [PFS_LINE, LIFETIME_LINE]
    assert [line for _c, line in configured(device)] == [PFS_LINE, LIFETIME_LINE]
    # one read to plan the first end from, then per end its read-back, which the next end is planned from and pushed
    # after without a second read (a loop of two tasks: six - per end the plan's, the guard's and the read-back);
    # write memory once, after the last end
    assert len(_reads(device)) == 3
    assert [command for _c, command in device.sent].count("write memory") == 1


def test_an_end_with_nothing_to_change_costs_no_read(monkeypatch, capsys):
    done = dict(PFS_ITEM, pfs_group=None, name="nothing", child_lifetime_seconds=3600)
    result, device = run(monkeypatch, capsys, dict(tunnels=[done, done], save_when="changed"), _device())
    assert result["changed"] is False and [r["changed"] for r in result["results"]] == [False, False]
    assert len(_reads(device)) == 1 and "write memory" not in [c for _x, c in device.sent]


def test_a_refused_end_is_undone_and_the_next_still_goes_and_the_task_fails_naming_it(monkeypatch, capsys):
    device = _device(refuse={PFS_LINE})
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM], save_when="changed"), device)
    assert result["failed"] is True
    assert "1 of 2 ends failed: uksouth-pfs:" in result["msg"] and "uksouth-lifetime" not in result["msg"]
    first, second = result["results"]
    assert first["failed"] is True and first["left_over"] == [] and first["device_state_known"] is True
    assert second.get("failed") is None and second["changed"] is True and second["commands"] == [LIFETIME_LINE]
    assert LIFETIME_LINE in device.text("cust1") and PFS_LINE not in device.text("cust1")
    # the end that went through is saved
    assert [command for _c, command in device.sent].count("write memory") == 1


def test_check_mode_reads_the_config_once_and_sends_nothing(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM]), _device(), check_mode=True)
    assert result["changed"] is True and result["commands"] == [PFS_LINE, LIFETIME_LINE]
    assert configured(device) == [] and len(_reads(device)) == 1


def test_the_diff_has_one_entry_per_changed_end(monkeypatch, capsys):
    result, _device_used = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM], _ansible_diff=True),
                               _device(), check_mode=True)
    assert [d["before_header"] for d in result["diff"]] == ["CRYPTO-MAP 2 (running-config)"] * 2
    assert all("diff" not in r for r in result["results"])


NEW_END = dict(crypto_map="CRYPTO-MAP", interface="INTERNET", local_networks=["10.1.0.0/16"],
               remote_networks=["172.20.0.0/16"],
               ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
               esp={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"]}, pfs_group=14)


def test_the_key_goes_only_to_the_ends_that_ask_for_it_and_is_never_shown(monkeypatch, capsys):
    with_key = dict(NEW_END, name="with", seq=20, peer="198.51.100.7", use_pre_shared_key=True)
    without = dict(NEW_END, name="without", seq=30, peer="198.51.100.8")
    result, device = run(monkeypatch, capsys, dict(tunnels=[with_key, without], pre_shared_key=KEY), _device(),
                         check_mode=True)
    assert KEY not in repr(result) and configured(device) == []
    keyed = [[line for line in r["commands"] if "pre-shared-key" in line] for r in result["results"]]
    assert keyed[0] and all(line.endswith("pre-shared-key *****") for line in keyed[0])
    assert keyed[1] == [], "an end that did not ask for the key gets none"


@pytest.mark.parametrize("item, words", [
    (dict(PFS_ITEM, pre_shared_key=KEY), "apply to the whole task"),
    (dict(PFS_ITEM, save_when="changed"), "apply to the whole task"),
    (dict(PFS_ITEM, tunnel_interface="Tunnel1"), "mutually exclusive"),
    (dict(PFS_ITEM, seq=None), "seq is required with crypto_map"),
    (dict(PFS_ITEM, pfs_group="nineteen"), "pfs_group"),
    (dict(PFS_ITEM, colour="blue"), "colour"),
    (dict(PFS_ITEM, crypto_map="CRYPTO-MAP\nno crypto map CRYPTO-MAP"), "crypto_map"),
    (dict(PFS_ITEM, child_lifetime_kilobytes="lots"), "child_lifetime_kilobytes"),
    (dict(PFS_ITEM, use_pre_shared_key=True), "needs the task's pre_shared_key"),
], ids=["key in an item", "task option in an item", "crypto map and VTI", "seq missing", "not a number", "unknown",
        "line break in a name", "kilobytes", "key asked for, none given"])
def test_an_item_is_checked_as_the_modules_own_options_before_anything_is_sent(monkeypatch, capsys, item, words):
    result, device = run(monkeypatch, capsys, dict(tunnels=[LIFETIME_ITEM, item]), _device())
    assert result["failed"] is True and result["msg"].startswith("asa_vpn_tunnel: tunnels[1]") and words in result["msg"]
    assert device.sent == [], "nothing is sent, not even for the good item before it"
    assert KEY not in repr(result)


def test_an_item_that_is_not_a_dict_is_refused_before_anything_is_sent(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, "crypto map CRYPTO-MAP 2"]), _device())
    assert result["failed"] is True and "tunnels" in result["msg"] and device.sent == []


def test_tunnels_does_not_go_with_a_single_ends_options(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM], crypto_map="CRYPTO-MAP", seq=2), _device())
    assert result["failed"] is True and "crypto_map, seq" in result["msg"] and device.sent == []


def test_offline_each_end_is_planned_from_the_text_given(monkeypatch, capsys):
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM], running_config=SEED_CONFIG))
    assert result["commands"] == [PFS_LINE, LIFETIME_LINE] and device.sent == []


GCM_IKE = {"encryption": ["AES-GCM-256"], "prf": ["SHA384"], "dh_groups": [20], "lifetime_seconds": 28800}


@pytest.mark.parametrize("check_mode", [False, True], ids=["offline", "check mode"])
def test_an_end_is_planned_on_what_the_ends_before_would_leave_even_after_a_refused_one(monkeypatch, capsys, check_mode):
    """Nothing is read back offline or in check mode: each end was planned on the config before the batch, so two new
    ends each took the first free IKEv2 policy priority (pasted, the second rewrote the first's policy); and after a
    refused end the next was planned on the first read again (tests/integration/test_asa_tunnel_batch_parts.py
    compares check mode with the push on the lab)."""
    first = dict(NEW_END, name="first", seq=20, peer="198.51.100.7")
    refused = dict(NEW_END, name="refused", seq=25, peer="198.51.100.9", interface="OUTSIDE")
    last = dict(NEW_END, name="last", seq=30, peer="198.51.100.8", ike=GCM_IKE)
    args = dict(tunnels=[first, refused, last])
    if not check_mode:
        args["running_config"] = SEED_CONFIG
    result, device = run(monkeypatch, capsys, args, _device(), check_mode=check_mode)
    assert "1 of 3 ends failed: refused: interface: no interface of the ASA is named 'OUTSIDE'" in result["msg"]
    policies = [[line for line in r["commands"] if line.startswith("crypto ikev2 policy ")] for r in result["results"]]
    assert policies == [["crypto ikev2 policy 3"], [], ["crypto ikev2 policy 4"]]  # after the seed's policy 2
    assert configured(device) == []


# ---------------------------------------------------------------------------------------------------------------------
# Found in review (each failed on the first version of `tunnels`)
# ---------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    dict(tunnels=[dict(PFS_ITEM, colour="blue"), dict(LIFETIME_ITEM, pre_shared_key=KEY)]),
    dict(tunnels=[dict(LIFETIME_ITEM, pre_shared_key=KEY)], crypto_map="CRYPTO-MAP", seq=2),
], ids=["an earlier item refused first", "the single-end check refuses first"])
def test_a_key_in_an_item_is_masked_whatever_refuses_the_task_first(monkeypatch, capsys, args):
    result, device = run(monkeypatch, capsys, args, _device())
    assert result["failed"] is True and device.sent == []
    assert KEY not in json.dumps(result), "the key came back in the task's result (invocation)"


def test_a_refused_write_memory_fails_the_ends_it_would_have_saved(monkeypatch, capsys):
    device = _device(refuse={"write memory"})
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM], save_when="changed"), device)
    assert result["failed"] is True and "refused write memory" in result["msg"]
    assert all(r["failed"] and r["saved"] is False and "refused write memory" in r["msg"] for r in result["results"]), \
        "align reads the item results: an end applied but not saved must not pass as done"
    assert LIFETIME_LINE in device.text("cust1"), "what went through is still reported as on the device"
    # the next run changes nothing and saves nothing with save_when changed: the message says what is left to do
    assert "the startup config does not: run write memory" in result["msg"]


class _Concurrent(Device):
    """Another session sets PFS group 14 on the seed's entry right after this run's first read."""

    def get(self, command):
        reply = super().get(command)
        if command == "show running-config" and not getattr(self, "done", False):
            self.done = True
            self._apply("crypto map CRYPTO-MAP 2 set pfs group14")
        return reply


def test_an_end_planned_from_a_read_older_than_the_last_end_is_checked_against_a_new_read(monkeypatch, capsys):
    nothing = dict(name="nothing", crypto_map="CRYPTO-MAP", seq=2, child_lifetime_seconds=3600)
    result, device = run(monkeypatch, capsys, dict(tunnels=[nothing, PFS_ITEM]), _Concurrent(login="cust1"))
    assert result["failed"] is True
    pfs = result["results"][1]
    assert pfs["failed"] is True and "changed after it was read" in pfs["msg"] and pfs["device_state_known"] is True
    assert configured(device) == [], "another session's PFS group was overwritten without a word"


def test_offline_a_refused_end_does_not_stop_the_next(monkeypatch, capsys):
    bad = dict(name="bad", crypto_map="NOPE", seq=9, interface="INTERNET")
    result, device = run(monkeypatch, capsys, dict(tunnels=[bad, PFS_ITEM], running_config=SEED_CONFIG))
    assert result["failed"] is True and "Traceback" not in json.dumps(result)
    assert result["results"][0]["failed"] is True and result["results"][1]["commands"] == [PFS_LINE]


def test_an_unexpected_error_keeps_the_ends_before_it_stops_those_after_and_saves_nothing(monkeypatch, capsys):
    real = tunnel_task.plan_end

    def planner(config, params):
        if params.get("child_lifetime_kilobytes"):  # the second end's plan, before anything of it is sent
            raise KeyError("surprise")
        return real(config, params)

    monkeypatch.setattr(tunnel_task, "plan_end", planner)
    third = dict(PFS_ITEM, name="third", pfs_group=14)
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM, third], save_when="changed"),
                         _device())
    first, second, after = result["results"]
    assert result["failed"] is True and "KeyError" in second["traceback"], "the traceback is in the end's result"
    assert first["commands"] == [PFS_LINE] and first["changed"] is True and PFS_LINE in device.text("cust1")
    assert second["failed"] is True and "unexpected KeyError" in second["msg"] and second["device_state_known"] is False
    assert after["failed"] is True and after["msg"].startswith("not run") and after["commands"] == []
    assert "write memory" not in [c for _x, c in device.sent], "an end in an unknown state must not be saved"
    assert first["saved"] is False and "not saved" in first["msg"]


def test_a_failed_end_that_left_lines_on_the_device_is_not_saved_with_the_others():
    class Cli(object):
        sent = []

        def get(self, command):
            self.sent.append(command)

    results = [dict(name="good", changed=True, commands=[PFS_LINE]),
               dict(name="bad", changed=True, failed=True, left_over=["+ crypto ikev2 policy 1"])]
    failures = ["bad: refused"]
    tunnel_task.save_batch(Cli(), None, results, failures)
    assert Cli.sent == [] and results[0]["failed"] is True and results[0]["saved"] is False
    assert "bad may have left lines" in results[0]["msg"] and len(failures) == 2


class _ClosingReadLost(Device):
    """A big config (reading an end's sections costs less than the whole config), and the connection lost at the
    second read of the whole config - the batch's closing read."""

    def get(self, command):
        if command == "show running-config" and [c for _x, c in self.sent].count(command) == 1:
            self.lost = True
        return super(_ClosingReadLost, self).get(command)


def test_a_failed_closing_read_fails_the_ends_it_was_to_check_and_nothing_is_saved(monkeypatch, capsys):
    filler = "".join("access-list INSIDE-IN extended permit tcp any host 192.0.%d.%d eq 443\n" % (n // 250, n % 250 + 1)
                     for n in range(6000))
    device = _ClosingReadLost(login="cust1", configs={"cust1": SEED_CONFIG + filler})
    nothing = dict(PFS_ITEM, name="nothing", pfs_group=None, child_lifetime_seconds=3600)
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, nothing], save_when="changed"), device)
    first, second = result["results"]
    assert [c for _x, c in device.sent if c.startswith("show running-config ")] == ["show running-config crypto map"]
    assert result["failed"] is True and first["failed"] is True and first["device_state_known"] is False
    assert "closing read of the whole config failed" in first["msg"] and second["changed"] is False
    assert PFS_LINE in device.text("cust1") and "write memory" not in [c for _x, c in device.sent]


SECONDS_ITEM = dict(name="uksouth-seconds", crypto_map="CRYPTO-MAP", seq=2, child_lifetime_seconds=28800)


def _modes(device):
    """The commands that enter or leave configuration mode, and `write memory`, in order."""
    return [command for _c, command in device.sent if command in ("configure terminal", "end", "write memory")]


def test_the_ends_of_a_batch_go_on_in_configuration_mode_and_one_end_closes_it(monkeypatch, capsys):
    """Three changing ends: one `configure terminal` and one `end` (they were three of each: two round trips an end),
    the reads between them in configuration mode, `write memory` after the `end`."""
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM, SECONDS_ITEM], save_when="changed"),
                         _device())
    assert result.get("failed") is not True, result.get("msg")
    assert [line for _c, line in configured(device)] == [PFS_LINE, LIFETIME_LINE,
                                                         "crypto map CRYPTO-MAP 2 set security-association lifetime "
                                                         "seconds 28800"]
    assert _modes(device) == ["configure terminal", "end", "write memory"]
    assert device.in_config is False


def test_a_batch_whose_last_end_changes_nothing_still_leaves_configuration_mode(monkeypatch, capsys):
    nothing = dict(PFS_ITEM, name="nothing", pfs_group=None, child_lifetime_seconds=3600)
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, nothing], save_when="changed"), _device())
    assert result.get("failed") is not True, result.get("msg")
    assert _modes(device) == ["configure terminal", "end", "write memory"] and device.in_config is False


def test_a_failed_end_in_the_middle_is_undone_and_the_next_enters_configuration_mode_again(monkeypatch, capsys):
    device = _device(refuse={LIFETIME_LINE})
    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM, SECONDS_ITEM]), device)
    assert [r.get("failed") is True for r in result["results"]] == [False, True, False]
    # the first end stays in configuration mode for the second, whose undo ends it; the third enters it again
    assert _modes(device) == ["configure terminal", "end", "configure terminal", "end"]
    assert PFS_LINE in device.text("cust1") and LIFETIME_LINE not in device.text("cust1")
    assert device.in_config is False


def test_an_end_that_finds_the_session_out_of_configuration_mode_enters_it_again(monkeypatch, capsys):
    """The mode the end before left is read from the prompt, not assumed: here the first end's line leaves the session
    in privileged EXEC (as an `exit` at global level would), and the second end's line must not be typed there."""
    class DropsToExec(type(_device())):
        def get(self, command):
            reply = super().get(command)
            if command == PFS_LINE:
                self.in_config = False
            return reply

    result, device = run(monkeypatch, capsys, dict(tunnels=[PFS_ITEM, LIFETIME_ITEM]), DropsToExec(login="cust1"))
    assert result.get("failed") is not True, result.get("msg")
    assert _modes(device) == ["configure terminal", "configure terminal", "end"]
    assert [line for _c, line in configured(device)] == [PFS_LINE, LIFETIME_LINE]


def test_a_write_memory_reply_lost_once_is_sent_again_after_a_new_login_and_the_ends_are_saved():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError

    class Cli(object):
        sent = []

        def get(self, command):
            self.sent.append(command)
            if self.sent.count("write memory") == 1:
                raise DeviceError("the ASA closed the connection before the reply")

        def reconnect(self):
            self.sent.append("(new login)")

    class Session(object):
        def rejoin(self):
            Cli.sent.append("(back in the context)")

    results, failures = [dict(name="good", changed=True, commands=[PFS_LINE])], []
    tunnel_task.save_batch(Cli(), Session(), results, failures)
    assert Cli.sent == ["write memory", "(new login)", "(back in the context)", "write memory"]
    assert not results[0].get("failed") and failures == []


def test_a_write_memory_the_asa_refuses_is_not_sent_again_and_says_not_saved():
    from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import DeviceError

    class Cli(object):
        sent = []

        def get(self, command):
            self.sent.append(command)
            raise DeviceError("ERROR: Command authorization failed")

    results, failures = [dict(name="good", changed=True, commands=[PFS_LINE])], []
    tunnel_task.save_batch(Cli(), None, results, failures)
    assert Cli.sent == ["write memory"] and results[0]["saved"] is False and "refused write memory" in results[0]["msg"]
