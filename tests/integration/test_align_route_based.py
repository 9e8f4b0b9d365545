# -*- coding: utf-8 -*-
"""playbooks/align.yml on a route-based tunnel (issue 9, "Must show"), ASA SSH lab + ARM lab.

The pair is tests/fixtures/route_based/vti_bgp_single (an ASA VTI with BGP over APIPA addresses to
a BGP-enabled RouteBased gateway) with two faults on the ASA: its ipsec profile asks for PFS group 19
where Azure's policy has PFS2048 (group 14), and its BGP process has no neighbor for the tunnel.

- align_to azure fixes the VTI end in one run (the profile's PFS and the BGP neighbor, plus the
  route the engine asks for while BGP is down), the check then passes, the second run changes
  nothing;
- align_to asa fixes Azure's side instead (PFS 19, BGP off on the connection);
- align_to intent sets the crypto of both ends and the BGP neighbor from align_asa_entry;
- --check in each mode leaves both labs exactly as they were (ASA config and command log, ARM
  resources and request log) and shows what it would do;
- the pre-shared key and the client secret never show in output or logs.

``test_the_fix_holds_on_the_lab_cli`` replays the same plan through the lab's CLI in-process
(no Ansible, a second), including the rollback.
"""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
for _path in (os.path.join(REPO, "tests", "lab"), HERE):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from test_align import SECRET, align_runner, lab_pair, run_align  # noqa: E402  pylint: disable=wrong-import-position
from test_align import writes as _writes  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push import PSK_PLACEHOLDER  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

FIXTURE = os.path.join(REPO, "tests", "fixtures", "route_based", "vti_bgp_single")
PSK = "Vti-Lab-PSK-4b9d"
RG = "rg-hub-weu"
NEIGHBOR = "  neighbor 169.254.21.1 remote-as 65515\n  neighbor 169.254.21.1 activate\n"


def _once(text, old, new):
    assert text.count(old) == 1, "the fixture changed: %r occurs %d times" % (old, text.count(old))
    return text.replace(old, new)


HEALTHY_ASA, ARM = lab_pair(FIXTURE, PSK)
FAULTY_ASA = _once(_once(HEALTHY_ASA, " set pfs group14\n", " set pfs group19\n"), NEIGHBOR, "")

INTENT = {
    "ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    "esp": {"encryption": ["AES-GCM-256"], "integrity": []},
    "pfs_group": 14,
    "child_lifetime_seconds": 27000,
    "child_lifetime_kilobytes": 102400000,
}
BGP_ENTRY = {"bgp": {"asn": 65010, "neighbor": "169.254.21.1", "remote_as": 65515}}


def _profile(config):
    """The ipsec profile's lines as a set (the lab prints them in its own order)."""
    lines = config.splitlines()
    start = lines.index("crypto ipsec profile AZURE-WEU-PROFILE")
    out = set()
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        out.add(line.strip())
    return out


def _connection(arm):
    [conn] = [r for r in arm.resources() if r["type"].endswith("/connections")]
    return conn["properties"]


@pytest.fixture(scope="module")
def labs():
    with start_asa_lab(FAULTY_ASA) as asa, start_arm_lab(ARM, client_secret=SECRET) as arm:
        yield asa, arm


@pytest.fixture
def align(labs, tmp_path):
    """Both labs back at the faulty pair; ``align(align_to, check_mode=False, **vars)`` runs align.yml."""
    asa, arm = labs

    def no_secret(output):
        # This pair's key, in the output and the ARM log (test_align's assert_no_secret also reads the ASA's log).
        for secret in (PSK, SECRET):
            assert secret not in output, "a secret is in the playbook output"
        with open(arm.log_file, encoding="utf-8") as handle:
            log = handle.read()
        assert PSK not in log and SECRET not in log

    return align_runner(asa, arm, tmp_path, FAULTY_ASA, RG, no_secret)


def test_the_faults_are_what_the_check_sees():
    report = run_check(asa_facts_from_text(FAULTY_ASA), azure_facts_from_data(ARM))
    [tunnel] = report["tunnels"]
    errors = sorted(f["code"] for f in tunnel["findings"] if f["severity"] == "error")
    assert errors == ["BGP_NOT_CONFIGURED", "PFS_MISMATCH"]
    healthy = run_check(asa_facts_from_text(HEALTHY_ASA), azure_facts_from_data(ARM))
    assert healthy["tunnels"][0]["verdict"] == "pass"


def _send(config, commands):
    device = Device(config)
    output = []
    session = CliSession(device, lambda data: output.append(data.decode()), lambda _abrupt: None)
    session.start()
    for line in ["enable", device.enable_password, "configure terminal"] + commands + ["end"]:
        session.feed((line + "\r").encode())
    return device.stores[None].text(), [ln for ln in "".join(output).splitlines() if ln.startswith("ERROR")]


def test_the_fix_holds_on_the_lab_cli():
    report = run_check(asa_facts_from_text(FAULTY_ASA), azure_facts_from_data(ARM))
    options = report["tunnels"][0]["alignment"]["align_to_azure"]["options"]
    plan = plan_vti(FAULTY_ASA, options)
    fixed, errors = _send(FAULTY_ASA, plan.commands)
    assert errors == []
    after = run_check(asa_facts_from_text(fixed), azure_facts_from_data(ARM))["tunnels"][0]
    assert after["verdict"] == "pass", after["findings"]
    assert plan_vti(fixed, options).commands == []
    restored, errors = _send(fixed, plan.rollback)
    assert errors == []
    assert sorted(restored.splitlines()) == sorted(FAULTY_ASA.splitlines()), "rollback restores every line"


@pytest.mark.parametrize("align_to, shows", [
    ("azure", " set pfs group14"),
    ("asa", '"pfsGroup": "ECP256"'),
    ("intent", "neighbor 169.254.21.1 remote-as 65515"),
])
def test_check_mode_leaves_both_labs_untouched(align, align_to, shows):
    resources = align.arm.resources()
    output, summary = align(align_to, check_mode=True, align_intent=INTENT, align_asa_entry=BGP_ENTRY)
    assert summary is None and "check mode: nothing sent" in output
    assert shows in output, "check mode shows what it would send"
    assert align.asa.running_config() == FAULTY_ASA
    assert "configure terminal" not in align.asa.command_lines()
    assert align.arm.resources() == resources and _writes(align.arm) == []


def test_align_to_azure_fixes_the_vti_end_in_one_run_then_changes_nothing(align):
    resources = align.arm.resources()
    output, summary = align("azure")
    assert (summary["before"]["fail"], summary["after"]["pass"]) == (1, 1), output[-4000:]
    [change] = summary["changes"]
    assert change["side"] == "asa" and change["end"] == "asa interface Tunnel1"
    assert change["commands"][:3] == ["crypto ipsec profile AZURE-WEU-PROFILE", " set pfs group14", "exit"]
    assert "  neighbor 169.254.21.1 remote-as 65515" in change["commands"]
    config = align.asa.running_config()
    assert "set pfs group14" in _profile(config) and "set pfs group19" not in _profile(config)
    assert NEIGHBOR in config
    assert align.asa.command_lines().count("configure terminal") == 1
    assert align.arm.resources() == resources and _writes(align.arm) == []

    output, again = align("azure")
    assert again["changes"] == [] and again["after"] is None and again["before"]["pass"] == 1
    assert "none: no tunnel has a finding to fix" in output
    assert align.asa.running_config() == config
    assert align.asa.command_lines().count("configure terminal") == 1


def test_align_to_asa_fixes_azure_instead(align):
    _output, summary = align("asa")
    assert summary["before"]["fail"] == 1 and summary["after"]["fail"] == 0
    [change] = summary["changes"]
    assert change["side"] == "azure" and sorted(change["properties"]) == ["enableBgp", "ipsecPolicies"]
    connection = _connection(align.arm)
    assert connection["enableBgp"] is False and connection["ipsecPolicies"][0]["pfsGroup"] == "ECP256"
    assert align.asa.running_config() == FAULTY_ASA
    puts = _writes(align.arm)
    assert len(puts) == 1 and puts[0]["if_match"]

    # The ASA's missing route (a warning only the ASA can fix) keeps the tunnel selected: the module
    # runs again and finds nothing to change.
    _output, again = align("asa")
    assert [(c["side"], c["changed"]) for c in again["changes"]] == [("azure", False)]
    assert len(_writes(align.arm)) == 1


def test_align_to_intent_sets_both_ends_and_the_neighbor(align):
    _output, summary = align("intent", align_intent=INTENT, align_asa_entry=BGP_ENTRY)
    assert summary["after"]["pass"] == 1, summary
    assert sorted(c["side"] for c in summary["changes"] if c["changed"]) == ["asa"], \
        "Azure already has the intent's crypto"
    config = align.asa.running_config()
    assert "set pfs group14" in _profile(config) and NEIGHBOR in config
    assert _writes(align.arm) == []

    _output, again = align("intent", align_intent=INTENT, align_asa_entry=BGP_ENTRY)
    assert [(c["side"], c["changed"]) for c in again["changes"]] == [("asa", False), ("azure", False)]
    assert align.asa.running_config() == config and _writes(align.arm) == []


# ---------------------------------------------------------------------------------------------
# The route-based scenario table (tests/unit/test_scenarios.py ROUTE_SCENARIOS), both directions,
# offline: the ASA plan through the lab's CLI in-process, the Azure PUT body in memory.
# ---------------------------------------------------------------------------------------------
sys.path.insert(0, os.path.join(REPO, "tests", "unit"))
from scenario_builders import azure_resources as scenario_resources  # noqa: E402  pylint: disable=C0413
from scenario_builders import vti_config  # noqa: E402  pylint: disable=wrong-import-position
from test_scenarios import ROUTE_SCENARIOS  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import connection_state  # noqa: E402

PASS = "pass"
LNG = ("the fix is the local network gateway's bgpSettings or the gateway's own BGP settings, which "
       "azure_vpn_connection does not manage (the report lists it as a manual step)")
ASA_ONLY = "only the ASA can fix this (align_to azure does); nothing on the Azure connection makes up for it"
PERSON = "a person must choose the value (the report says what is wrong and where)"
NETWORKS_UNKNOWN = ("which networks the ASA should advertise is not known (a VTI has no crypto ACL): a manual step "
                    "in the report")


def excluded(reason):
    return ("excluded", reason)


# scenario -> (align_to azure: fix the ASA, align_to asa: fix Azure)
ROUTE_TABLE = {
    "vti static route to the vnet missing": (PASS, excluded(ASA_ONLY)),
    "vti wrong pfs in the ipsec profile": (PASS, PASS),
    "vti and azure both responder-only": (
        excluded("asa_vpn_tunnel does not remove responder-only from an ipsec profile (a manual step); Azure's "
                 "connection mode can change, so align_to asa does it"), PASS),
    "vti against azure policy selectors": (
        excluded("a VTI offers any-to-any and cannot offer prefixes; Azure's policy-based selectors are Azure's to "
                 "drop (align_to asa)"), PASS),
    "vti on asa 9.7": (excluded("VTIs need a software upgrade to 9.8 or later"),
                       excluded("VTIs need a software upgrade to 9.8 or later")),
    "bgp asn the asa expects is wrong": (PASS, excluded(LNG)),
    "bgp asn in the lng is wrong": (excluded("align does not change the ASA's own AS number: " + PERSON),
                                    excluded(LNG)),
    "bgp reserved asn": (excluded(PERSON), excluded(PERSON)),
    "bgp asa neighbor is not azure's address": (PASS, excluded(LNG)),
    "bgp lng peering address is not the asa's": (excluded("the ASA peers from its tunnel address; " + LNG),
                                                 excluded(LNG)),
    "bgp apipa outside azure's range": (excluded(PERSON), excluded(PERSON)),
    "bgp to azure's default address without a route": (PASS, excluded(ASA_ONLY)),
    "bgp to azure's default address without multihop": (PASS, excluded(ASA_ONLY)),
    "bgp asa advertises nothing": (excluded(NETWORKS_UNKNOWN), excluded(ASA_ONLY)),
    "bgp asa neighbor not activated": (PASS, excluded(ASA_ONLY)),
    "bgp asa import filter refuses the vnet": (
        excluded("asa_vpn_tunnel does not manage prefix-lists or route-maps (a manual step)"), excluded(ASA_ONLY)),
    "bgp on azure only": (excluded("the neighbor is added, then " + NETWORKS_UNKNOWN), excluded(ASA_ONLY)),
    "active-active gateway, one vti": (
        excluded("the second tunnel needs a new VTI with addresses a person chooses"), excluded(ASA_ONLY)),
    "dynamic crypto map next to the vti": (excluded(PERSON), excluded(PERSON)),
}


def _route_check(asa_text, resources):
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources))


def _align_offline(asa_text, resources, report, direction):
    """Apply the report's alignment for ``direction``: (asa_text, resources, what changed)."""
    [tunnel] = report["tunnels"]
    if direction == "azure":
        options = dict(tunnel["alignment"]["align_to_azure"]["options"])
        assert "tunnel_interface" in options, "a VTI end gets VTI options"
        if tunnel["alignment"]["align_to_azure"]["needs_pre_shared_key"]:
            options["pre_shared_key"] = PSK
        plan = plan_vti(asa_text, options)
        new_text, errors = _send(asa_text, plan.commands)
        assert errors == [], (errors, plan.commands)
        return new_text, resources, plan.commands
    options = tunnel["alignment"]["align_to_asa"]["options"]
    desired = connection_state.desired_properties(dict({"use_default_policy": False}, **options))
    resources = json.loads(json.dumps(resources))
    [connection] = [r for r in resources if r["type"].endswith("/connections") and r["name"] == options["name"]]
    changes = connection_state.changed_properties(connection, desired)
    connection.update(connection_state.put_body(connection, changes))
    return asa_text, resources, sorted(changes)


def test_the_route_table_names_every_scenario_with_findings():
    with_findings = [s[0] for s in ROUTE_SCENARIOS if s[4]]
    assert sorted(ROUTE_TABLE) == sorted(with_findings)


def test_the_route_table_holds_offline():
    """Every case the table says passes passes after one alignment and a second changes nothing; every
    exclusion really does not pass (so the table cannot hide a case that became alignable)."""
    problems = []
    for name, vti_changes, azure_base, azure_changes, expected in ROUTE_SCENARIOS:
        if not expected:
            continue
        for side, direction in enumerate(("azure", "asa")):
            asa_text = vti_config(**vti_changes)
            resources = scenario_resources(**dict(azure_base, **azure_changes))
            asa_text, resources, _changes = _align_offline(asa_text, resources, _route_check(asa_text, resources),
                                                           direction)
            after = _route_check(asa_text, resources)
            verdict = after["tunnels"][0]["verdict"]
            expectation = ROUTE_TABLE[name][side]
            if isinstance(expectation, tuple):
                if verdict == "pass":
                    problems.append("%s to %s passes but is excluded: %s" % (name, direction, expectation[1]))
                continue
            if verdict != "pass":
                problems.append("%s to %s: %s %s" % (name, direction, verdict, [
                    f["code"] for f in after["tunnels"][0]["findings"] if f["severity"] != "info"]))
                continue
            _t, _r, again = _align_offline(asa_text, resources, after, direction)
            if again:
                problems.append("%s to %s: a second alignment changes %s" % (name, direction, again))
    assert problems == []


# ---------------------------------------------------------------------------------------------
# Active-active: two VTIs to the two instances of one gateway (vti_active_active_static), both
# tunnels' shared ipsec profile with the wrong PFS group and the second tunnel's route missing.
# ---------------------------------------------------------------------------------------------
AA_FIXTURE = os.path.join(REPO, "tests", "fixtures", "route_based", "vti_active_active_static")
_AA_HEALTHY_ASA, AA_ARM = lab_pair(AA_FIXTURE, PSK)
AA_ASA = _once(_once(_AA_HEALTHY_ASA, " set pfs group20\n", " set pfs group14\n"),
               "route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 2\n", "")


def test_active_active_both_tunnels_in_one_run_then_nothing(tmp_path):
    with start_asa_lab(AA_ASA) as asa, start_arm_lab(AA_ARM, client_secret=SECRET) as arm:
        variables = {"align_to": "azure", "align_azure": {"resource_group": "rg-hub-neu"}}
        rc, output, summary = run_align(asa, arm, str(tmp_path), variables, ["--check"], name="check")
        assert rc == 0 and summary is None, output[-4000:]
        assert asa.running_config() == AA_ASA and _writes(arm) == []

        rc, output, summary = run_align(asa, arm, str(tmp_path), variables, name="fix")
        assert rc == 0, output[-4000:]
        assert (summary["before"]["fail"], summary["after"]["pass"]) == (2, 2), output[-4000:]
        ends = [(c["end"], c["changed"]) for c in summary["changes"]]
        # The profile is shared: the first tunnel's run fixes it, the second adds only its route.
        assert ends == [("asa interface Tunnel1", True), ("asa interface Tunnel2", True)]
        assert summary["changes"][1]["commands"] == ["route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 1"]
        config = asa.running_config()
        assert "set pfs group20" in config and _writes(arm) == []

        rc, output, again = run_align(asa, arm, str(tmp_path), variables, name="again")
        assert rc == 0 and again["changes"] == [] and again["before"]["pass"] == 2
        assert asa.running_config() == config
        assert PSK not in output and SECRET not in output


def test_a_shut_vti_without_ikev2_or_tunnel_group_is_fixed_in_one_plan():
    """The ASA's own config findings of a VTI end (asa/vti_end.py, asa/peer.py, asa/adapter.py) become
    options: tunnel_enabled, tunnel_source_interface (crypto ikev2 enable), tunnel_group with the key."""
    protect = " tunnel protection ipsec profile AZURE-WEU-PROFILE\n"
    broken = _once(HEALTHY_ASA, protect, protect + " shutdown\n")
    broken = _once(broken, "crypto ikev2 enable OUTSIDE\n", "")
    start = broken.index("tunnel-group 203.0.113.20 type ipsec-l2l")
    end = broken.index("!", start)
    broken = broken[:start] + broken[end:]
    tunnel = _route_check(broken, ARM)["tunnels"][0]
    assert sorted(f["code"] for f in tunnel["findings"] if f["severity"] == "error") == [
        "IKEV2_NOT_ENABLED", "PEER_NOT_FOUND", "ROUTE_MISSING"]
    alignment = tunnel["alignment"]["align_to_azure"]
    assert alignment["needs_pre_shared_key"] is True and alignment["manual"] == []
    plan = plan_vti(broken, dict(alignment["options"], pre_shared_key=PSK))
    assert PSK not in "\n".join(plan.commands + plan.after + plan.rollback), "the key only at send time"
    # What asa_vpn_tunnel sends: the key filled in for the placeholder.
    fixed, errors = _send(broken, [c.replace(PSK_PLACEHOLDER, PSK) for c in plan.commands])
    assert errors == []
    assert _route_check(fixed, ARM)["tunnels"][0]["verdict"] == "pass"
    assert "ikev2 local-authentication pre-shared-key " + PSK in fixed
