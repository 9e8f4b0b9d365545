# -*- coding: utf-8 -*-
"""Live ASA failover pairs in a fleet: two hosts are one pair's units only with proof (failover on, same hostname, one
primary and one secondary unit, the same configuration digest); every other host is an independent device, and no
pair problem stops the check or align of the rest of the fleet (module_utils/asa/failover_pairs.py, failover.py,
plugin_utils/fact_sources.py, action/vpn_align_plan.py)."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_outcome import done
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.failover import config_digest, parse_show_failover
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import redact
from ansible_collections.vpnalign.s2s.plugins.module_utils.unread_hosts import with_unclear_pairs
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

from align_steps import action_of, args_of
from seed_example import seed_asa_text
from test_align_role_fleet_faults import _arm, _relocated
from test_failover_units import ACTIVE_ACTIVE, IN_CONTEXT, RUN_KEY, SEED_AZURE, hostvars, seed_facts, unit_facts_of


def unit_facts(host, hostname, slot, unit, state, mate_state=None, change=None):
    """The seed's tunnel at addresses of its own (slot), as one unit of a pair with that hostname reads it live."""
    return unit_facts_of(_relocated(seed_asa_text(), slot), host, hostname, unit, state, mate_state, change)


def hosts_of(facts):
    return [f["host"] for f in facts]


# -- the digest ----------------------------------------------------------------------------------
def test_the_digest_is_the_replicated_configuration_with_secrets_masked():
    text = seed_asa_text().replace("hostname gateway\n", "hostname edge\nfailover\nfailover lan unit primary\n")
    other_unit = text.replace("failover lan unit primary", "failover lan unit secondary")
    headers = ": Saved\n: Serial Number: JAD0000\n!\n" + text.replace("\n!\n", "\n! a comment\n") + "Cryptochecksum:ab12\n"
    assert config_digest(text, RUN_KEY) == config_digest(other_unit, RUN_KEY) == config_digest(headers, RUN_KEY)
    assert config_digest(text, RUN_KEY).startswith("hmac-sha256:")
    assert len(config_digest(text, RUN_KEY)) == len("hmac-sha256:") + 64
    assert config_digest(text, RUN_KEY) != config_digest(text.replace("hostname edge", "hostname edge2"), RUN_KEY)
    # a key is masked before the digest: a digest says nothing about it (and two keys give one digest)
    keyed = text + "tunnel-group 203.0.113.99 ipsec-attributes\n ikev2 remote-authentication pre-shared-key %s\n"
    assert config_digest(keyed % "first-key-1", RUN_KEY) == config_digest(keyed % "second-key-2", RUN_KEY)


# The secret forms the digest masks, each with the secret at %s (Cisco ASA command reference); the key numbers,
# algorithms and AS numbers are configuration and stay in it.
SECRET_LINES = [
    "ntp authentication-key 1 md5 %s\nntp trusted-key 1",
    "interface GigabitEthernet0/1\n ospf message-digest-key 1 md5 %s",
    "router ospf 1\n area 0 virtual-link 192.0.2.1 message-digest-key 1 md5 %s",
    "interface GigabitEthernet0/1\n authentication key eigrp 100 %s key-id 1",
    "failover key hex %s",
    "failover key %s",
    "snmp-server user ops grp v3 auth sha %s priv aes 128 K2-second",
    "snmp-server user ops grp v3 encrypted auth sha K1-first priv aes 256 %s",
    "aaa-server RAD protocol radius\naaa-server RAD (inside) host 192.0.2.7\n radius-common-pw %s",
    # the key's bytes in hexadecimal (Oxidized's filter matches this form); redact() masked "hex", not the key
    "tunnel-group 203.0.113.99 type ipsec-l2l\ntunnel-group 203.0.113.99 ipsec-attributes\n"
    " ikev2 remote-authentication pre-shared-key hex %s",
]


# ids name the form only: a test id is written to the junit file, which the secret scan reads as output
SECRET_FORMS = ["ntp-authentication-key", "ospf-message-digest-key", "virtual-link-message-digest-key",
                "eigrp-authentication-key", "failover-key-hex", "failover-key", "snmpv3-auth", "snmpv3-priv",
                "radius-common-pw", "pre-shared-key-hex"]


@pytest.mark.parametrize("line", SECRET_LINES, ids=SECRET_FORMS)
def test_the_digest_is_keyed_and_masks_every_secret_form(line):
    """An unkeyed hash of the masked text let whoever holds `show running-config` (where the ASA prints these as
    *****) and the facts test guesses for a secret the masking missed; the run's key, and the masking, stop that."""
    text = seed_asa_text().replace("hostname gateway\n", "hostname edge\n") + line + "\n"
    assert config_digest(text % "first-key-1", RUN_KEY) == config_digest(text % "second-key-2", RUN_KEY)
    assert config_digest(text % "first-key-1", RUN_KEY) == config_digest(text % "*****", RUN_KEY)
    masked = redact(line % "first-key-1")
    # the secret masked, nothing else (the snmp-server user lines' other secret too)
    assert masked == (line % "*****").replace("K1-first", "*****").replace("K2-second", "*****")
    assert config_digest(text % "first-key-1", RUN_KEY) != config_digest(text % "first-key-1", "another-run-key")
    assert config_digest(text % "first-key-1", None) is None and config_digest(text % "first-key-1", "") is None


# -- the check: hostnames repeat across an estate ------------------------------------------------
def test_two_sites_with_the_default_hostname_are_two_devices_not_a_broken_pair():
    """Each site's pair shows only its active unit in the inventory; both hostnames are the default ciscoasa."""
    site_a = unit_facts("siteA-fw", "ciscoasa", 0, "primary", "active", "standby ready")
    for site_b in (unit_facts("siteB-fw", "ciscoasa", 1, "primary", "active", "standby ready"),
                   unit_facts("siteB-fw", "ciscoasa", 1, "secondary", "active", "standby ready")):  # B failed over
        found, notes = {}, []
        facts = asa_facts_from(hostvars(site_a, site_b), hosts=["siteA-fw", "siteB-fw"], notes=notes, failover=found)
        assert hosts_of(facts) == ["siteA-fw", "siteB-fw"]
        assert found == {"checked_from": {}, "lone_standbys": {}, "unclear_pairs": [], "same_device": {}} and notes == []


def test_two_full_pairs_with_one_hostname_are_each_checked_from_their_active_unit():
    fleet = [unit_facts("a1", "ciscoasa", 0, "primary", "active"), unit_facts("a2", "ciscoasa", 0, "secondary", "standby ready"),
             unit_facts("b1", "ciscoasa", 1, "primary", "standby ready"), unit_facts("b2", "ciscoasa", 1, "secondary", "active")]
    found = {}
    facts = asa_facts_from(hostvars(*fleet), hosts=["a1", "a2", "b1", "b2"], failover=found)
    assert hosts_of(facts) == ["a1", "b2"] and found["checked_from"] == {"a2": "a1", "b1": "b2"}


def test_a_replicated_pair_with_a_finding_naming_its_host_is_still_one_pair():
    """Findings carry the inventory host (IKEV2_NOT_ENABLED's evidence): they are never what makes a pair."""
    cut = ("crypto ikev2 enable INTERNET\n", "")
    active = seed_facts("fw-a", "primary", "active", "standby ready", change=cut)
    standby = seed_facts("fw-b", "secondary", "standby ready", "active", change=cut)
    assert "IKEV2_NOT_ENABLED" in [f["code"] for f in active["findings"]] and active["findings"] != standby["findings"]
    facts = asa_facts_from(hostvars(active, standby), hosts=["fw-a", "fw-b"], failover={})
    assert hosts_of(facts) == ["fw-a"]
    report = run_check(facts, azure_facts_from({}, paths=SEED_AZURE))
    assert "IKEV2_NOT_ENABLED" in [f["code"] for t in report["tunnels"] for f in t["findings"]]


def test_a_split_pair_is_one_report_entry_naming_both_and_the_fleet_is_checked():
    split = [unit_facts("fw-c", "edge", 2, "primary", "active"), unit_facts("fw-d", "edge", 2, "secondary", "active")]
    good = unit_facts("fw-good", "gw", 0, "primary", "active")
    good["failover"] = None
    found = {}
    facts = asa_facts_from(hostvars(good, *split), hosts=["fw-good", "fw-c", "fw-d"], failover=found)
    assert hosts_of(facts) == ["fw-good"]
    report = with_unclear_pairs(run_check(facts, []), found["unclear_pairs"])
    [entry] = [t for t in report["tunnels"] if t["findings"][0]["code"] == "FAILOVER_PAIR_UNCLEAR"]
    assert entry["name"] == "fw-c + fw-d (failover pair: active unit unclear)" and entry["verdict"] == "fail"
    assert entry["findings"][0]["evidence"] == {"asa": {"hosts": ["fw-c", "fw-d"]}}
    assert "both say they are active" in entry["findings"][0]["summary"]


def test_units_read_inside_a_security_context_name_no_unit_and_never_pair():
    standby_context = (IN_CONTEXT.replace("This context: Active", "This context: Standby Ready")
                       .replace("Other context: Cold Standby", "Other context: Active"))
    for replies in ((IN_CONTEXT, standby_context), (IN_CONTEXT, IN_CONTEXT)):
        one, two = seed_facts("ctx-1", "primary", "x", None), seed_facts("ctx-2", "secondary", "x", None)
        digest = one["failover"]["config_digest"]
        assert digest and digest == two["failover"]["config_digest"]
        # the same configuration as read (one digest): only the unit that show failover does not name there keeps
        # them apart
        one["failover"] = dict(parse_show_failover(replies[0]), config_digest=digest)
        two["failover"] = dict(parse_show_failover(replies[1]), config_digest=digest)
        assert one["failover"]["unit"] is None and two["failover"]["unit"] is None
        found = {}
        assert hosts_of(asa_facts_from(hostvars(one, two), hosts=["ctx-1", "ctx-2"], failover=found)) == ["ctx-1", "ctx-2"]
        assert found["checked_from"] == {} and found["unclear_pairs"] == []


def test_a_failover_status_that_could_not_be_read_is_a_note_and_the_host_is_checked():
    facts = seed_facts("fw-a", "primary", "active", None)
    facts["failover"] = {"enabled": None, "unit": None, "state": None, "mate_state": None,
                         "error": "`show failover` did not return the failover status: Command authorization failed"}
    notes = []
    assert hosts_of(asa_facts_from(hostvars(facts), hosts=["fw-a"], notes=notes, failover={})) == ["fw-a"]
    assert notes == ["asa_hosts: host fw-a: which failover unit it is could not be told (`show failover`: `show "
                     "failover` did not return the failover status: Command authorization failed): checked as an ASA "
                     "on its own; a push to it still stops if it answers as a standby unit. Set gather_failover to "
                     "false to skip `show failover`"]


# -- align ---------------------------------------------------------------------------------------
def _fleet():
    """fw-good: an ASA on its own; fw-b: a standby read without its active unit; fw-c/fw-d: a pair both active; fw-e/fw-f:
    a pair, fw-e active. Each tunnel has a connection of its own in the one subscription localhost read."""
    fleet = [unit_facts("fw-good", "gw", 0, "primary", "active"), unit_facts("fw-b", "edge", 1, "secondary", "standby ready"),
             unit_facts("fw-c", "dc", 2, "primary", "active"), unit_facts("fw-d", "dc", 2, "secondary", "active"),
             unit_facts("fw-e", "hq", 3, "primary", "active"), unit_facts("fw-f", "hq", 3, "secondary", "standby ready")]
    fleet[0]["failover"] = None
    arm = _arm(0, "RG-good") + _arm(1, "RG-b") + _arm(2, "RG-cd") + _arm(3, "RG-ef")
    task_vars = {"hostvars": dict((f["host"], {"vpnalign_asa": f}) for f in fleet)}
    task_vars["hostvars"]["localhost"] = {"vpnalign_azure": azure_facts_from_data(arm)}
    return task_vars, args_of(asa_hosts=hosts_of(fleet), azure_hosts=["localhost"], align_to="safest")


def test_align_plans_every_other_host_and_fails_at_the_end_naming_the_units_it_left_alone():
    action = action_of()
    task_vars, args = _fleet()
    planned = action._plan(args, task_vars)
    assert not set(planned["asa"]) & {"fw-b", "fw-c", "fw-d", "fw-f"}
    planned_ids = [job["id"] for jobs in list(planned["asa"].values()) + list(planned["azure"].values()) for job in jobs]
    assert not [i for i in planned_ids if "|RG-b|" in i or "|RG-cd|" in i], "nothing for their Azure ends either"
    assert [i for i in planned_ids if "|RG-good|" in i] and [i for i in planned_ids if "|RG-ef|" in i]
    assert [(e["host"], e["side"]) for e in planned["not_aligned"]] == [("fw-b", "asa"), ("fw-c", "asa"), ("fw-d", "asa")]
    assert planned["not_aligned"][0]["why"].startswith("fw-b (standby ready) is not the active unit of its failover pair")
    task_vars["align_plan"] = planned
    pushed = [{"job": job, "changed": False} for job in planned["jobs"] if job["run"]]
    task_vars["align_done"] = dict(done(planned["jobs"], pushed), recheck=False)
    out = action._report(args_of(**dict(args, fail_on="never")), task_vars)
    assert out["fails"] is True and out["fail_msg"].startswith("Not aligned: ASA fw-b, ASA fw-c, ASA fw-d (")


def test_align_report_names_the_standby_checked_from_its_active_unit():
    task_vars, args = _fleet()
    report, _azure, _not_read = action_of()._check(args, task_vars)
    assert any("fw-f (secondary unit, standby ready)" in note and "from the active unit fw-e" in note
               for note in report["notes"])


# -- do no harm: a unit that is not active never sets what an Azure end becomes ---------------------
def _plan_and_report(fleet, arm, align_to):
    action = action_of()
    task_vars = {"hostvars": dict((f["host"], {"vpnalign_asa": f}) for f in fleet)}
    task_vars["hostvars"]["localhost"] = {"vpnalign_azure": azure_facts_from_data(arm)}
    args = args_of(asa_hosts=hosts_of(fleet), azure_hosts=["localhost"], align_to=align_to, fail_on="never")
    planned = action._plan(args, task_vars)
    task_vars["align_plan"] = planned
    pushed = [{"job": job, "changed": False} for job in planned["jobs"] if job["run"]]
    task_vars["align_done"] = dict(done(planned["jobs"], pushed), recheck=False)
    return planned, action._report(args, task_vars)


def test_align_to_asa_never_aligns_azure_to_a_standby_whose_configuration_differs_whatever_the_inventory_order():
    """The active unit got a change (IKE AES-256) that never reached the standby: the standby's AES-128 is stale."""
    change = (" encryption aes\n", " encryption aes-256\n")
    stale = unit_facts("fw-b", "edge", 1, "secondary", "standby ready", "active")
    active = unit_facts("fw-a", "edge", 1, "primary", "active", "standby ready", change=change)
    for fleet in ([stale, active], [active, stale]):
        planned, out = _plan_and_report(fleet, _arm(1, "RG-1"), "asa")
        [job] = [job for jobs in planned["azure"].values() for job in jobs]
        assert job["id"].startswith("fw-a|") and job["options"]["ike"]["encryption"] == ["AES-CBC-256"]
        assert [e["host"] for e in planned["not_aligned"]] == ["fw-b"]
        assert out["fails"] is True and out["fail_msg"].startswith("Not aligned: ASA fw-b (")
        assert not [n for n in planned["failover_notes"] if "fw-b (secondary" in n and "replicates" in n]


def test_align_to_asa_plans_nothing_for_the_azure_end_of_a_lone_standby():
    planned, out = _plan_and_report([unit_facts("fw-b", "edge", 1, "secondary", "standby ready", "active")],
                                    _arm(1, "RG-1"), "asa")
    assert planned["azure"] == {} and [e["host"] for e in planned["not_aligned"]] == ["fw-b"]
    assert out["fails"] is True


def test_a_pair_both_active_fails_the_run_in_every_mode():
    split = [unit_facts("fw-c", "dc", 2, "primary", "active"), unit_facts("fw-d", "dc", 2, "secondary", "active")]
    for align_to in ("asa", "none", "azure", "safest"):
        planned, out = _plan_and_report(split, _arm(2, "RG-cd"), align_to)
        assert [e["host"] for e in planned["not_aligned"]] == ["fw-c", "fw-d"], align_to
        assert planned["azure"] == {} and planned["asa"] == {}
        assert out["fails"] is True and "ASA fw-c, ASA fw-d" in out["fail_msg"], align_to


# -- Active/Active: each unit active for some failover groups ----------------------------------------
def test_active_active_units_are_checked_on_their_own_never_as_a_standby_or_an_unclear_pair():
    primary_reply = (ACTIVE_ACTIVE.replace("Failover unit Secondary", "Failover unit Primary")
                     .replace("This host: Secondary", "This host: Primary").replace("Other host: Primary", "Other host: Secondary")
                     .replace("Group 1 State: Standby Ready\n        Group 2 State: Active\n        Other",
                              "Group 1 State: Active\n        Group 2 State: Standby Ready\n        Other"))
    one, two = seed_facts("aa-1", "primary", None, None), seed_facts("aa-2", "secondary", None, None)
    digest = one["failover"]["config_digest"]
    one["failover"] = dict(parse_show_failover(primary_reply), config_digest=digest)
    two["failover"] = dict(parse_show_failover(ACTIVE_ACTIVE), config_digest=digest)
    assert one["failover"]["state"] is None and two["failover"]["groups"] == {"1": "standby ready", "2": "active"}
    for fleet in ([one, two], [two]):
        found, notes = {}, []
        facts = asa_facts_from(hostvars(*fleet), hosts=hosts_of(fleet), notes=notes, failover=found)
        assert hosts_of(facts) == hosts_of(fleet)
        assert found == {"checked_from": {}, "lone_standbys": {}, "unclear_pairs": [], "same_device": {}}
        assert [n for n in notes if "Active/Active units are checked on their own" in n and "aa-2 (secondary unit, "
                "group 1 standby ready, group 2 active)" in n]
    planned, out = _plan_and_report([two], _arm(0, "RG-aa"), "azure")
    assert planned["not_aligned"] == [] and out["fails"] is False


# -- one ASA listed twice --------------------------------------------------------------------------
def test_one_unit_listed_twice_is_one_device_checked_once_and_its_mate_still_pairs():
    """fw-a and fw-a-by-ip: the active unit by name and by address; fw-b its standby."""
    fleet = [unit_facts("fw-a", "edge", 1, "primary", "active", "standby ready"),
             unit_facts("fw-a-by-ip", "edge", 1, "primary", "active", "standby ready"),
             unit_facts("fw-b", "edge", 1, "secondary", "standby ready", "active")]
    found, notes = {}, []
    facts = asa_facts_from(hostvars(*fleet), hosts=hosts_of(fleet), notes=notes, failover=found)
    assert hosts_of(facts) == ["fw-a"]
    assert found == {"checked_from": {"fw-b": "fw-a"}, "lone_standbys": {}, "unclear_pairs": [],
                     "same_device": {"fw-a-by-ip": "fw-a"}}
    assert [n for n in notes if "hosts fw-a and fw-a-by-ip are the same ASA" in n and "checked once, from fw-a" in n]
    planned, out = _plan_and_report(fleet, _arm(1, "RG-1"), "safest")
    assert set(planned["asa"]) <= {"fw-a"} and planned["not_aligned"] == [] and out["fails"] is False
    assert [job["id"] for jobs in planned["azure"].values() for job in jobs if not job["id"].startswith("fw-a|")] == []
    assert planned["standby"]["fw-a-by-ip"].startswith("fw-a-by-ip is the same ASA as fw-a")
    report = run_check(facts, [azure_facts_from_data(_arm(1, "RG-1"))])
    assert [t["asa"]["host"] for t in report["tunnels"]] == ["fw-a"] and report["unpaired"] == []
