# -*- coding: utf-8 -*-
"""The standby guard of an ASA push holds in its undo too: after a reconnect the session may reach a unit that is now
the standby of a failover pair (asa/transaction.py); undo lines entered there would not be replicated to the active
unit (Cisco ASA CLI configuration guide, failover, Command Replication)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import DeviceError, run_transaction

from test_failover_units import BASE, INTENT


class FailedOverCli(object):
    """The active unit, until the connection drops at the first configuration line; the session that comes back
    reaches a unit that is now standby (a failover meanwhile): it answers `configure terminal` with its warning."""

    def __init__(self):
        self.sent, self.standby = [], False

    def get(self, command):
        if command.startswith("show running-config"):
            return BASE
        self.sent.append(command)
        if command == "configure terminal":
            return ("**** WARNING ****\r\n Configuration Replication is NOT performed from Standby unit to Active unit.\r\n"
                    if self.standby else "")
        if not self.standby and command not in ("end",):
            raise DeviceError("the connection closed before the reply was complete")
        return ""

    def reconnect(self):
        self.standby = True
        self.sent.append("(reconnect)")


def test_an_undo_after_a_reconnect_sends_nothing_to_a_unit_that_answers_as_standby():
    cli = FailedOverCli()
    out = run_transaction(cli, plan_present(BASE, INTENT), BASE, lambda text: plan_present(text, INTENT))
    after = cli.sent[cli.sent.index("(reconnect)") + 1:]
    assert after == ["configure terminal", "end"], after
    assert not out.ok and out.result()["not_restored"]
    assert "the undo stopped before its first line" in out.message() and "standby unit" in out.message()
