# -*- coding: utf-8 -*-
"""Live ASA failover pairs: ``show failover`` read into the compact fact, the rule that makes the two units of one
pair (both inventory hosts) one device checked from its active unit, what align does with a standby, and the push
that stops at a standby's warning (module_utils/asa/failover.py, failover_pairs.py, align_failover.py,
plugin_utils/fact_sources.py, asa/transaction.py)."""

import copy
import os

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_failover import not_aligned, standby_messages
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import config_digest, is_active, parse_show_failover
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.transaction import run_transaction
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
SEED_AZURE = os.path.join(SEED, "azure_resources.json")

# Shapes as an ASA prints them (Cisco ASA command reference, show failover); values made up here.
ACTIVE_PRIMARY = """Failover On
Failover unit Primary
Failover LAN Interface: halink GigabitEthernet0/7 (up)
Unit Poll frequency 1 seconds, holdtime 15 seconds
Version: Ours 9.18(3)56, Mate 9.18(3)56
Last Failover at: 02:10:44 UTC Jan 9 2025
        This host: Primary - Active
                Active time: 8812 (sec)
                  Interface outside (192.0.2.10): Normal (Monitored)
        Other host: Secondary - Standby Ready
                Active time: 301 (sec)
                  Interface outside (192.0.2.11): Normal (Monitored)

Stateful Failover Logical Update Statistics
        Link : halink GigabitEthernet0/7 (up)
"""
STANDBY_SECONDARY = (ACTIVE_PRIMARY.replace("Failover unit Primary", "Failover unit Secondary")
                     .replace("This host: Primary - Active", "This host: Secondary - Standby Ready")
                     .replace("Other host: Secondary - Standby Ready", "Other host: Primary - Active"))
OFF = "Failover Off \r\nFailover unit Secondary\r\nFailover LAN Interface: not Configured\r\n"
IN_CONTEXT = "Failover On\nLast Failover at: 02:10:44 UTC Jan 9 2025\n  This context: Active\n  Other context: Cold Standby\n"
ACTIVE_ACTIVE = """Failover On
Failover unit Secondary
        This host: Secondary
        Group 1 State: Standby Ready
        Group 2 State: Active
        Other host: Primary
        Group 1 State: Active
        Group 2 State: Standby Ready
"""


def test_show_failover_is_read_into_the_compact_fact():
    assert parse_show_failover(ACTIVE_PRIMARY) == {"enabled": True, "unit": "primary", "state": "active",
                                                   "mate_state": "standby ready"}
    assert parse_show_failover(STANDBY_SECONDARY) == {"enabled": True, "unit": "secondary",
                                                      "state": "standby ready", "mate_state": "active"}
    assert parse_show_failover(OFF) == {"enabled": False, "unit": "secondary", "state": None, "mate_state": None}
    assert parse_show_failover(IN_CONTEXT) == {"enabled": True, "unit": None, "state": "active",
                                               "mate_state": "cold standby"}
    assert parse_show_failover(ACTIVE_ACTIVE) == {"enabled": True, "unit": "secondary", "state": None,
                                                  "mate_state": None, "groups": {"1": "standby ready", "2": "active"}}


@pytest.mark.parametrize("reply", ["", "ERROR: % Invalid input detected at '^' marker.", "Command authorization failed",
                                   "hostname fw\ninterface G0/0\n"])
def test_a_reply_that_is_not_show_failover_is_never_taken_for_failover_off(reply):
    with pytest.raises(ValueError):
        parse_show_failover(reply)


def test_active_states_are_the_active_one_and_its_transitions():
    assert [s for s in ("active", "just active", "active drain", "active config applied", "standby ready",
                        "cold standby", "failed", "negotiation", "sync config", None) if is_active(s)] == [
        "active", "just active", "active drain", "active config applied"]


def seed_facts(host, unit, state, mate_state, change=None):
    """The seed example's config as one unit of pair edge-pair shows it live (its failover lan unit line), read as
    asa_vpn_facts' live form puts it in the host's facts."""
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        return unit_facts_of(handle.read(), host, "edge-pair", unit, state, mate_state, change)


# The run's psk_hash_key: one key for every ASA of a run (playbooks/check.yml, the align role), which the digest is keyed with.
RUN_KEY = "".join(("run", "-key"))


def unit_facts_of(text, host, hostname, unit, state, mate_state=None, change=None):
    """``text`` (a config with "hostname gateway") as one unit of pair ``hostname`` shows it live, in the host's facts."""
    text = text.replace("hostname gateway\n", "hostname %s\nfailover\nfailover lan unit %s\n" % (hostname, unit))
    if change:
        text = text.replace(*change)
    facts = asa_facts_from_text(text, host=host, source="device")
    facts["failover"] = {"enabled": True, "unit": unit, "state": state, "mate_state": mate_state,
                         "config_digest": config_digest(text, RUN_KEY)}
    return facts


def hostvars(*facts):
    return {"hostvars": {f["host"]: {"vpnalign_asa": f} for f in facts}}


def test_the_two_units_of_a_live_pair_are_one_device_checked_from_the_active_unit():
    # the standby comes first in the inventory: the active unit is chosen by its state, not by order
    standby = seed_facts("fw-b", "primary", "standby ready", "active")
    active = seed_facts("fw-a", "secondary", "active", "standby ready")
    notes, found = [], {}
    facts = asa_facts_from(hostvars(standby, active), hosts=["fw-b", "fw-a"], notes=notes, failover=found)
    assert [f["host"] for f in facts] == ["fw-a"]
    assert found == {"checked_from": {"fw-b": "fw-a"}, "lone_standbys": {}, "unclear_pairs": [], "same_device": {}}
    assert notes == ["asa_hosts: hosts fw-a (secondary unit, active) and fw-b (primary unit, standby ready) are the two "
                     "units of failover pair edge-pair with the same configuration: checked once, from the active unit "
                     "fw-a (failover replicates its configuration to the standby)"]
    report = run_check(facts, azure_facts_from({}, paths=SEED_AZURE))
    assert [t["asa"]["host"] for t in report["tunnels"]] == ["fw-a"] and report["unpaired"] == []


def test_without_the_rule_both_units_are_checked_and_the_tunnel_is_duplicated():
    """What the check did before: failover off (or not read) on both, two ASAs with the same tunnel end."""
    one, two = seed_facts("fw-a", "primary", "active", None), seed_facts("fw-b", "secondary", "standby ready", None)
    for facts in (one, two):
        facts["failover"] = None
    facts = asa_facts_from(hostvars(one, two), hosts=["fw-a", "fw-b"])
    assert [f["host"] for f in facts] == ["fw-a", "fw-b"]


@pytest.mark.parametrize("states, words", [
    (("active", "active"), "both say they are active"),
    (("standby ready", "failed"), "neither says it is active"),
])
def test_proven_mates_that_do_not_tell_which_one_is_active_are_a_report_entry_naming_both(states, words):
    one = seed_facts("fw-a", "primary", states[0], None)
    two = seed_facts("fw-b", "secondary", states[1], None)
    other = seed_facts("gw", "primary", "active", None)
    other["hostname"], other["failover"] = "gw", None
    found = {}
    facts = asa_facts_from(hostvars(one, two, other), hosts=["fw-a", "fw-b", "gw"], failover=found)
    assert [f["host"] for f in facts] == ["gw"]  # the rest of the fleet is checked
    [(hosts, why)] = found["unclear_pairs"]
    assert hosts == ["fw-a", "fw-b"]
    assert why.startswith("hosts fw-a (primary unit, %s) and fw-b (secondary unit, %s) are the two units of failover "
                          "pair edge-pair (the same configuration), and" % states)
    assert words in why
    with pytest.raises(AnsibleActionFail, match=words):  # a caller that cannot report them does not drop them
        asa_facts_from(hostvars(one, two), hosts=["fw-a", "fw-b"])


def test_the_same_unit_twice_or_three_hosts_prove_no_pair_and_are_checked_on_their_own():
    one, two = seed_facts("fw-a", "primary", "active", None), seed_facts("fw-b", "primary", "standby ready", None)
    found = {}
    assert [f["host"] for f in asa_facts_from(hostvars(one, two), hosts=["fw-a", "fw-b"], failover=found)] == [
        "fw-a", "fw-b"]
    assert found["checked_from"] == {} and found["lone_standbys"] == {"fw-b": "standby ready"}
    # (in a state of its own: a host of the same unit, configuration and states is that unit listed again)
    three = seed_facts("fw-c", "secondary", "cold standby", None)
    two["failover"]["unit"] = "secondary"
    found = {}
    facts = asa_facts_from(hostvars(one, two, three), hosts=["fw-a", "fw-b", "fw-c"], failover=found)
    assert [f["host"] for f in facts] == ["fw-a", "fw-b", "fw-c"] and found["checked_from"] == {}


def test_units_whose_configurations_differ_are_checked_on_their_own_with_a_note_saying_where_not_what():
    active = seed_facts("fw-a", "primary", "active", "standby ready")
    standby = seed_facts("fw-b", "secondary", "standby ready", "active",
                         change=("2 set security-association lifetime seconds 3600", "2 set security-association lifetime seconds 7200"))
    notes, found = [], {}
    facts = asa_facts_from(hostvars(active, standby), hosts=["fw-a", "fw-b"], notes=notes, failover=found)
    assert [f["host"] for f in facts] == ["fw-a", "fw-b"] and found["lone_standbys"] == {"fw-b": "standby ready"}
    assert notes[0] == ("asa_hosts: hosts fw-a (primary unit, active) and fw-b (secondary unit, standby ready) look like "
                        "the two units of failover pair edge-pair (one primary and one secondary, one active) but their "
                        "configurations differ: checked as two ASAs. Failover copies the active unit's configuration "
                        "to the standby, so replication looks stopped or the standby was configured on its own; see "
                        "`show failover` (and `write standby` on the active unit)")
    assert "7200" not in " ".join(notes)


def test_a_standby_read_without_its_active_unit_is_kept_and_named():
    standby = seed_facts("fw-b", "secondary", "standby ready", "active")
    other = seed_facts("gw", "primary", "active", None)
    other["hostname"] = "another-pair"
    notes, found = [], {}
    facts = asa_facts_from(hostvars(standby, other), hosts=["fw-b", "gw"], notes=notes, failover=found)
    assert [f["host"] for f in facts] == ["gw", "fw-b"]  # units that are not active go last (pairing order)
    assert found == {"checked_from": {}, "lone_standbys": {"fw-b": "standby ready"}, "unclear_pairs": [], "same_device": {}}
    assert notes == ["asa_hosts: host fw-b (secondary unit, standby ready) is not the active unit of failover pair "
                     "edge-pair, and no active unit proven to be its mate (the other unit, the same configuration) "
                     "was read in this run: checked from fw-b's configuration, which failover replicates from the "
                     "active unit"]


def test_hosts_without_the_failover_fact_or_with_failover_off_are_untouched():
    one, two = seed_facts("fw-a", "primary", "active", None), seed_facts("fw-b", "secondary", "standby ready", None)
    del one["failover"]
    two["failover"] = {"enabled": False, "unit": "secondary", "state": None, "mate_state": None}
    notes = []
    assert [f["host"] for f in asa_facts_from(hostvars(one, two), hosts=["fw-a", "fw-b"], notes=notes)] == ["fw-a", "fw-b"]
    assert notes == []


def test_the_live_state_of_each_unit_does_not_count_as_configuration():
    active = seed_facts("fw-a", "primary", "active", "standby ready")
    standby = copy.deepcopy(seed_facts("fw-b", "secondary", "standby ready", "active"))
    active["state"], standby["state"] = {"CRYPTO-MAP 2": {"ike_sas": [1]}}, {}
    assert [f["host"] for f in asa_facts_from(hostvars(active, standby), hosts=["fw-a", "fw-b"])] == ["fw-a"]


def test_align_names_the_standby_and_leaves_a_standby_alone_aside():
    message = standby_messages({"fw-b": "fw-a"})["fw-b"]
    assert message.startswith("fw-b is the standby unit of a failover pair: nothing is pushed to it. Its active unit "
                              "fw-a carries the changes and failover replicates them to fw-b")
    assert not_aligned({}) == []
    [(host, why)] = not_aligned({"fw-b": "standby ready"})
    assert host == "fw-b" and why.startswith("fw-b (standby ready) is not the active unit of its failover pair")
    assert [host for host, _why in not_aligned({}, [(["fw-c", "fw-d"], "split")])] == ["fw-c", "fw-d"]


BASE = "hostname fw\ninterface G0/0\n nameif outside\n"
INTENT = dict(crypto_map="AZ", seq=10, interface="outside", peer="203.0.113.20", local_networks=["10.0.0.0/8"],
              remote_networks=["172.16.0.0/16"], esp={"encryption": ["AES-GCM-256"]},
              ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800})


class StandbyCli(object):
    """A standby unit: it shows its config and answers `configure terminal` with the replication warning."""

    def __init__(self):
        self.sent = []

    def get(self, command):
        if command.startswith("show running-config"):
            return BASE
        self.sent.append(command)
        if command == "configure terminal":
            return ("**** WARNING ****\r\n        Configuration Replication is NOT performed from Standby unit to Active "
                    "unit.\r\n        Configurations are no longer synchronized.\r\n")
        return ""

    def reconnect(self):
        pass


def test_a_push_that_lands_on_a_standby_unit_sends_nothing_after_its_warning():
    cli = StandbyCli()
    out = run_transaction(cli, plan_present(BASE, INTENT), BASE, lambda text: plan_present(text, INTENT))
    assert cli.sent == ["configure terminal", "end"]
    assert not out.ok and not out.changed and out.applied == [] and out.result()["device_state_known"]
    assert out.message().startswith("this ASA is the standby unit of a failover pair")
    assert out.message().endswith("nothing was sent")
