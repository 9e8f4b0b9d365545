# -*- coding: utf-8 -*-
"""The ASA terminal plugin's prompts as network_cli sees them (test_asa_facts_live's fake network_cli): a prompt with
every part `prompt` can show, a question the ASA asks before it acts, and `enable` on an ASA without an enable
password (the real thing against the lab: tests/integration/test_asa_session_prompts.py)."""

import pytest

from ansible.errors import AnsibleConnectionFailure

from ansible_collections.vpnalign.s2s.plugins.plugin_utils import asa_text
from ansible_collections.vpnalign.s2s.plugins.terminal import asa as terminal_asa

from test_asa_facts_live import terminal

PAGER_OFF = ("terminal pager 0", "terminal pager 0\r\ngateway# ")


@pytest.mark.parametrize("prompt", [b"gateway/cust1/example.com/1/act/pri# ", b"gw/c/d/1/act/pri/unit-2(config)# ",
                                    b"gateway/admin/pri/act> "], ids=range(3))
def test_a_prompt_with_up_to_seven_parts_ends_a_reply(prompt):
    term, cli = terminal()
    reply = b"show clock\r\n00:01:02.003 UTC Mon Dec 7 2026\r\n" + prompt
    assert cli.receive(reply) == reply and cli.prompt.strip() == prompt.strip()


@pytest.mark.parametrize("question", [b"Erase configuration in flash memory? [confirm]",
                                      b"Do you really want to replace them? [yes/no]: ",
                                      b"Destination filename [startup-config]? "], ids=range(3))
def test_a_question_ends_a_read_unless_the_caller_answers_it(question):
    term, cli = terminal([PAGER_OFF])
    term.on_open_shell()
    reply = b"write erase\r\n" + question
    assert cli.receive(reply) == reply and cli.prompt.strip() == question.strip()
    with term.questions_left_to_caller(True):  # network_cli answers it; the read goes on to the prompt
        assert not any(regex.search(reply) for regex in term.terminal_stdout_re)
    assert terminal_asa.QUESTION_RE in term.terminal_stdout_re


def test_a_config_line_ending_in_a_bracket_is_no_question():
    term, cli = terminal([PAGER_OFF])
    term.on_open_shell()
    assert not terminal_asa.QUESTION_RE.search(b"show run\r\n description link [core]\r\n")
    # a device that ends lines with a bare LF: "$" matched before it (review s42)
    assert not terminal_asa.QUESTION_RE.search(b"show run\r\n description see [RFC]?\n")


def test_enable_on_an_asa_without_an_enable_password_sets_none():
    asked = "enable\r\nThe enable password is not set.  Please set it now.\r\nEnter  Password: "
    term, cli = terminal([("enable", asked), ("\x03", "^C\r\ngateway> ")])
    with pytest.raises(AnsibleConnectionFailure) as err:
        term.on_become(passwd="becomepw")
    assert "the ASA asked to set a new enable password" in str(err.value) and "nothing was set" in str(err.value)
    assert cli.sent == ["enable", "\x03"]  # the become password was never typed


@pytest.mark.parametrize("question,key", [(b"Erase configuration in flash memory? [confirm]", b"n"),
                                          (b"Do you really want to replace them? [yes/no]: ", b"no\r"),
                                          (b"Proceed with reload? [Y/N]:", b"no\r"),
                                          (b"Destination filename [startup-config]? ", b"\x03")], ids=range(4))
def test_each_kind_of_question_is_declined_with_its_own_key(question, key):
    # the cliconf plugin sends this key and quotes it in its error (test_asa_session_prompts in tests/integration)
    assert terminal_asa.QUESTION_RE.search(question)
    assert asa_text.decline_key(question.strip()) == key


def test_a_password_asked_again_is_left_with_ctrl_c_and_no_second_guess():
    term, cli = terminal([("enable", "enable\r\nPassword: "), ("becomepw", "\r\nPassword: "),
                          ("\x03", "^C\r\ngateway> ")])
    with pytest.raises(AnsibleConnectionFailure) as err:
        term.on_become(passwd="becomepw")
    assert "still at prompt 'Password:'" in str(err.value), str(err.value)
    assert cli.sent == ["enable", "becomepw", "\x03"]
