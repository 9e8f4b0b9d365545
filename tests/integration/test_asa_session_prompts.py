# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live ASA session (our terminal and cliconf plugins over network_cli) against the SSH ASA lab: a command the ASA
asks about before it acts ([confirm], [yes/no], a file name) fails at once quoting the question unless the task answers
it, an ASA that asks to set an enable password (9.12 and later) fails become saying so without setting one, WARNING and
INFO lines are not errors while an ERROR line is one, and a prompt with every part `prompt` can show is a prompt."""

import json
import time

import pytest

from test_asa_live import SEED_CONFIG, load, write_facts_playbook

# a hang shows as a wait this long; the tests assert far less (the lab logs when each line came)
TIMEOUT = 60
FAST = {"ansible_command_timeout": TIMEOUT}


def cli_play(tmp_path, commands):
    """One play, one connection: one ansible.netcommon.cli_command per entry (a command or its args), each result
    written to <n>.json."""
    tasks = []
    for number, args in enumerate(commands):
        args = args if isinstance(args, dict) else {"command": args}
        tasks.append({"name": "command %d" % number, "ansible.netcommon.cli_command": args, "register": "r%d" % number,
                      "ignore_errors": True})
        tasks.append({"name": "write %d" % number, "delegate_to": "localhost", "ansible.builtin.copy": {
            "content": "{{ r%d | to_json }}" % number, "dest": str(tmp_path / ("%d.json" % number))}})
    (tmp_path / "pb.yml").write_text(json.dumps([{"name": "cli", "hosts": "asa", "gather_facts": False,
                                                  "tasks": tasks}]))
    return str(tmp_path / "pb.yml")


def run_cli(lab, run_playbook, tmp_path, commands, ssh_type="libssh"):
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    **FAST)
    began = time.monotonic()
    run_playbook(cli_play(tmp_path, commands), args=["-i", inventory])
    return [load(tmp_path / ("%d.json" % n)) for n in range(len(commands))], time.monotonic() - began


QUESTIONS = [
    ("write erase", "Erase configuration in flash memory? [confirm]", "n"),
    ("crypto key generate rsa modulus 2048", "Do you really want to replace them? [yes/no]: ", "no\r"),
    ("copy running-config disk0:/backup.cfg", "Destination filename [backup.cfg]? ", "\x03"),
]


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
@pytest.mark.parametrize("command,question,key", QUESTIONS, ids=["confirm", "yes-no", "file-name"])
def test_a_question_without_an_answer_fails_at_once_quoting_it(asa_lab_factory, run_playbook, tmp_path, ssh_type,
                                                               command, question, key):
    """It waited for the command timeout (no prompt came) and then blamed a timeout; the question stayed open, so the
    next command's line went to it as an answer."""
    lab = asa_lab_factory(SEED_CONFIG, scenario={"confirm": {"^%s " % command.split()[0]: question}})
    (asked, clock), seconds = run_cli(lab, run_playbook, tmp_path, [command, "show clock"], ssh_type)
    assert asked["failed"] is True
    msg = asked["msg"]
    # (a command with "key" in it is masked as a secret keyword would be)
    assert question.strip() in msg and command.split()[-1] + "`" in msg and "declined" in msg, msg
    assert "did not run" in msg and "prompt and answer" in msg and "timeout" not in msg, msg
    entries = [(e["command"], e["result"], e["t"]) for e in lab.commands() if e["command"] == command]
    assert [entry[:2] for entry in entries] == [(command, "asked"), (command, "declined")]
    assert entries[1][2] - entries[0][2] < 10, "waited for the command timeout"
    assert seconds < TIMEOUT
    assert not clock.get("failed") and "UTC" in clock["stdout"], clock  # the session is back at its prompt
    assert lab.command_lines().count("enable") == 1  # no new login was needed


def test_a_question_the_task_answers_is_answered(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"confirm": {"^write erase$": QUESTIONS[0][1]}})
    answered = {"command": "write erase", "prompt": r"Erase configuration in flash memory\? \[confirm\]",
                "answer": "y", "newline": False}
    (erase, clock), _seconds = run_cli(lab, run_playbook, tmp_path, [answered, "show clock"])
    assert not erase.get("failed"), erase
    assert [e["result"] for e in lab.commands() if e["command"] == "write erase"] == ["asked", "confirmed"]
    assert not clock.get("failed") and "UTC" in clock["stdout"], clock


@pytest.mark.parametrize("ssh_type", ["libssh", "paramiko"])
def test_an_asa_asking_to_set_an_enable_password_fails_become_without_setting_one(asa_lab_factory, run_playbook,
                                                                                  tmp_path, ssh_type):
    """ASA 9.12 and later with no enable password: `enable` asks "Enter  Password:". It waited for the command
    timeout and blamed the password; answering would have set the device's enable password to the become one."""
    lab = asa_lab_factory(SEED_CONFIG, scenario={"enable_password_unset": True})
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa", ssh_type=ssh_type,
                                    **FAST)
    began = time.monotonic()
    result = run_playbook(write_facts_playbook(tmp_path / "facts.yml", {}, out_dir=None), args=["-i", inventory],
                          check=False)
    assert result.returncode != 0
    assert "the ASA asked to set a new enable password" in result.stdout, result.stdout[-2000:]
    assert "nothing was set" in result.stdout and "timeout" not in result.stdout
    assert time.monotonic() - began < TIMEOUT
    assert [e["result"] for e in lab.commands() if e["command"] == "<password>"] == []  # nothing answered


def test_warning_and_info_lines_are_not_errors_and_an_error_line_is_one(asa_lab_factory, run_playbook, tmp_path):
    warned = "WARNING: The configuration is being changed by another session\nINFO: There are presently no sessions\n"
    lab = asa_lab_factory(SEED_CONFIG, scenario={"show": {"show vpn-sessiondb l2l": warned,
                                                          "show crypto ca trustpoints": "ERROR: % No trustpoints\n"}})
    (warn, error, clock), seconds = run_cli(lab, run_playbook, tmp_path,
                                            ["show vpn-sessiondb l2l", "show crypto ca trustpoints", "show clock"])
    assert not warn.get("failed") and "WARNING: The configuration" in warn["stdout"], warn
    assert error["failed"] is True and "ERROR: % No trustpoints" in error["msg"], error
    assert not clock.get("failed") and "UTC" in clock["stdout"], clock
    assert seconds < TIMEOUT


def test_a_prompt_with_every_part_is_a_prompt(asa_lab_factory, run_playbook, tmp_path):
    """`prompt hostname context domain slot state priority` shows six parts (the lab's prompt name stands in for
    them); the plugin knew four at most and waited for the connect timeout."""
    lab = asa_lab_factory(SEED_CONFIG, hostname="gateway/cust1/example.com/1/act/pri")
    (clock,), seconds = run_cli(lab, run_playbook, tmp_path, ["show clock"])
    assert not clock.get("failed") and "UTC" in clock["stdout"], clock
    assert seconds < TIMEOUT
