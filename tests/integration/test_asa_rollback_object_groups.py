# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The network object-groups a crypto-map push creates for its NAT exemption, when the push then fails: the rollback
removes them (``no object-group network NAME``, after the NAT rule that uses them), and when the ASA refuses that
removal the outcome names exactly the group and members left, as the config read back shows them."""

import re

from test_asa_transaction import RESHAPE, check_mode_commands, difference, listed, masked_config, run
from test_asa_tunnel import SEED_CONFIG

GROUPS = ("object-group network VPNALIGN-CRYPTO-MAP-2-LOCAL", "object-group network VPNALIGN-CRYPTO-MAP-2-REMOTE")


def _failing_after_the_groups(asa_lab_factory, run_playbook, tmp_path, also_reject=()):
    """The seed reshaped with a NAT exemption, its last line refused by the lab: the groups and the rule are in by
    then. (lab, before, result)."""
    lab = asa_lab_factory(SEED_CONFIG)
    commands = check_mode_commands(run_playbook, lab, tmp_path, RESHAPE)
    assert all(group in commands for group in GROUPS) and not any(group in lab.running_config() for group in GROUPS)
    last = commands[-1]
    assert commands.index(GROUPS[1]) < len(commands) - 1, "the groups go in before the refused line"
    lab.set_scenario({"reject": ["^" + re.escape(last) + "$"] + list(also_reject)})
    before = masked_config(lab)
    result, _output = run(run_playbook, lab, tmp_path, RESHAPE)
    assert result["failed"] is True and "the device refused `%s`" % last in result["msg"], result["msg"]
    return lab, before, result


def test_the_object_groups_a_failed_push_created_are_removed(asa_lab_factory, run_playbook, tmp_path):
    lab, before, result = _failing_after_the_groups(asa_lab_factory, run_playbook, tmp_path)
    sent = lab.command_lines()
    for group in GROUPS:
        assert group in sent and "no " + group in result["rolled_back"], group
        assert sent.index("no " + group) > sent.index(next(c for c in sent if c.startswith("no nat "))), \
            "the rule that uses the group goes first"
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    assert masked_config(lab) == before
    assert "VPNALIGN" not in lab.running_config()


def test_a_group_the_asa_keeps_is_named_with_its_members_as_read_back(asa_lab_factory, run_playbook, tmp_path):
    lab, before, result = _failing_after_the_groups(asa_lab_factory, run_playbook, tmp_path,
                                                    also_reject=["^no " + re.escape(GROUPS[1]) + "$"])
    assert result["rollback_refused"] == ["no " + GROUPS[1]]
    assert "no " + GROUPS[0] in result["rolled_back"]
    assert "rollback is incomplete" in result["msg"] and "`no %s`" % GROUPS[1] in result["msg"], result["msg"]
    assert "every change was undone" not in result["msg"]
    added, gone = difference(before, masked_config(lab))
    assert listed(result["left_over"]) == (added, gone)
    assert added == {(GROUPS[1], None), (GROUPS[1], "network-object 172.16.0.0 255.255.0.0"),
                     (GROUPS[1], "network-object 172.17.0.0 255.255.0.0")} and not gone
    assert result["left_over"] == ["+ " + GROUPS[1], "+  network-object 172.16.0.0 255.255.0.0",
                                   "+  network-object 172.17.0.0 255.255.0.0"]
