# -*- coding: utf-8 -*-
"""A module that waits between samples keeps its persistent connection: ansible-connection ends it after
persistent_connect_timeout (30 s by default) without a call (review 2026-12-04: a sample_interval of 35 s failed the read
after the whole wait, in asa_vpn_facts and asa_vpn_evidence)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.device_cli import KEEPALIVE, wait_alive


class FakeTime(object):
    def __init__(self):
        self.now, self.pings = 0.0, []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert 0 < seconds <= KEEPALIVE
        self.now += seconds

    def ping(self):
        self.pings.append(self.now)


def test_a_long_wait_calls_the_connection_every_keepalive_and_ends_on_time():
    fake = FakeTime()
    wait_alive(35, fake.ping, sleep=fake.sleep, clock=fake.clock)
    assert fake.now == 35 and fake.pings == [10, 20, 30]


def test_a_short_wait_only_sleeps():
    fake = FakeTime()
    wait_alive(4, fake.ping, sleep=fake.sleep, clock=fake.clock)
    assert fake.now == 4 and fake.pings == []
    wait_alive(0, fake.ping, sleep=fake.sleep, clock=fake.clock)
    assert fake.now == 4
