# -*- coding: utf-8 -*-
"""playbooks/align.yml on a route-based tunnel (issue 9, "Must show"), ASA SSH lab + ARM lab.

The pair is tests/fixtures/route_based/vti_bgp_single (an ASA VTI with BGP over APIPA addresses to
a BGP-enabled RouteBased gateway) with two faults on the ASA: its ipsec profile asks for PFS group 19
where Azure's policy has PFS2048 (group 14), and its BGP process has no neighbor for the tunnel.

- align_to safest (the default) takes per finding the end whose proven fix is safest: Azure takes the
  ASA's stronger PFS group 19 and the ASA's router bgp gets its neighbor back; the check passes, the
  second run changes nothing;
- align_to azure changes only the VTI end (the neighbor) and never lowers its PFS group 19 to Azure's 14:
  the PFS mismatch is left to do, with that reason;
- align_to asa changes only Azure (PFS 19). Turning BGP off on Azure would leave it routing nothing into
  the tunnel (its local network gateway lists no prefix), so BGP and the ASA's missing route are left to do;
- each run pushes what the offline replay of the same plan pushes, and leaves what it leaves
  (test_align's contract);
- align_to intent sets the crypto of both ends and the BGP neighbor from align_asa_entry;
- --check in each mode leaves both labs exactly as they were (ASA config and command log, ARM
  resources and request log) and shows what it would do;
- the pre-shared key and the client secret never show in output or logs.

``test_the_fix_holds_on_the_lab_cli`` replays the same plan through the lab's CLI in-process
(no Ansible, a second), including the rollback. The route-based scenario table is replayed offline in
every mode with test_align's contract (what the plan took is gone, nothing new, what is left is what
the plan lists as left to do).
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# tests/lab and this directory are on sys.path (conftest.py; pytest's rootdir insertion)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from test_align import MODES, SECRET, align_runner, config_lines, contract, lab_pair  # noqa: E402  pylint: disable=C0413
from test_align import problems_after, replay_pair, role_story, run_align  # noqa: E402  pylint: disable=C0413
from test_align import writes as _writes  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import PSK_PLACEHOLDER  # noqa: E402
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
    # the ASA routes nothing into the tunnel and runs no BGP: it carries nothing, an error (review 2026-12-06)
    assert errors == ["BGP_NOT_CONFIGURED", "PFS_MISMATCH", "ROUTE_MISSING"]
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
    """The ASA's plan when only the ASA may change, through the lab's CLI: it never lowers the ASA's PFS
    group 19 to Azure's 14, what it leaves is what the re-check still reports, and the rollback restores
    every line."""
    report = run_check(asa_facts_from_text(FAULTY_ASA), azure_facts_from_data(ARM))
    alignment = report["tunnels"][0]["alignment"]["align_to_azure"]
    options = alignment["options"]
    assert "PFS_MISMATCH" in [step["kind"] for step in alignment["manual"]]
    plan = plan_vti(FAULTY_ASA, options)
    assert plan.commands and not any("set pfs" in line for line in plan.commands)
    fixed, errors = _send(FAULTY_ASA, plan.commands)
    assert errors == []
    after = run_check(asa_facts_from_text(fixed), azure_facts_from_data(ARM))["tunnels"][0]
    assert sorted({f["code"] for f in after["findings"] if f["severity"] != "info"}) == \
        sorted(step["kind"] for step in alignment["manual"])
    assert plan_vti(fixed, options).commands == []
    restored, errors = _send(fixed, plan.rollback)
    assert errors == []
    assert sorted(restored.splitlines()) == sorted(FAULTY_ASA.splitlines()), "rollback restores every line"


def _pushed_as_planned(align, summary, mode):
    """The run did what the offline replay of the same pair and mode says: the ASA lines, the Azure
    properties, what is left to do, and what the re-check still reports."""
    case = replay_pair(FAULTY_ASA, ARM, mode)
    assert [line for line in config_lines(align.asa) if not line.startswith("show ")] == \
        [line.strip() for line in case["push"]["commands"]]
    assert sorted(p for c in summary["changes"] for p in c["properties"]) == sorted(case["push"]["properties"])
    assert [(s["kind"], s["reason"]) for s in summary["left_to_do"]] == [(s["kind"], s["reason"]) for s in case["left"]]
    assert contract(case) == []
    after = summary["after"] or summary["before"]
    assert after["pass"] == (0 if problems_after(case) else 1)
    return case


# Both modules run in check mode under safest and intent; the single-end modes leave one of them out
# (test_align.py's check mode test says the same).
@pytest.mark.parametrize("align_to, shows", [
    (None, '"pfsGroup": "ECP256"'),
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


def test_default_safest_takes_the_asas_pfs_group_into_azure_then_changes_nothing(align):
    _output, summary = align(None)
    assert summary["align_to"] == "safest"
    assert (summary["before"]["fail"], summary["after"]["pass"]) == (1, 1), summary
    _pushed_as_planned(align, summary, "safest")
    assert "set pfs group19" in _profile(align.asa.running_config()), "the ASA keeps its stronger PFS group"
    assert "neighbor 169.254.21.1 remote-as 65515" in align.asa.running_config(), "the missing neighbor is back"
    assert _connection(align.arm)["ipsecPolicies"][0]["pfsGroup"] == "ECP256"
    assert _connection(align.arm)["enableBgp"] is True
    assert summary["left_to_do"] == []

    config, puts = align.asa.running_config(), len(_writes(align.arm))
    _output, again = align(None)
    assert again["changes"] == [] and again["before"]["pass"] == 1
    assert align.asa.running_config() == config and len(_writes(align.arm)) == puts


def test_align_to_azure_never_lowers_the_asas_pfs_and_says_why(align):
    resources = align.arm.resources()
    output, summary = align("azure", fails=True)
    assert summary["before"]["fail"] == 1 and summary["after"]["fail"] == 1, output[-4000:]
    _pushed_as_planned(align, summary, "azure")
    assert [c["side"] for c in summary["changes"]] == ["asa"]
    assert not any("set pfs" in line for c in summary["changes"] for line in c["commands"])
    [pfs] = [s for s in summary["left_to_do"] if s["kind"] == "PFS_MISMATCH"]
    assert pfs["reason"].startswith("only Azure can fix this")
    assert "    left to do: PFS_MISMATCH: " + pfs["reason"] in role_story(output)
    config = align.asa.running_config()
    assert "set pfs group19" in _profile(config)
    assert align.asa.command_lines().count("configure terminal") == 1
    assert align.arm.resources() == resources and _writes(align.arm) == []

    _output, again = align("azure", fails=True)
    assert again["changes"] == [] and again["left_to_do"] == summary["left_to_do"]
    assert align.asa.running_config() == config
    assert align.asa.command_lines().count("configure terminal") == 1


def test_align_to_asa_fixes_azure_and_leaves_bgp_and_the_route_to_the_asa(align):
    _output, summary = align("asa", fails=True)
    assert summary["before"]["fail"] == 1 and summary["after"]["fail"] == 1
    _pushed_as_planned(align, summary, "asa")
    [change] = summary["changes"]
    assert change["side"] == "azure" and "ipsecPolicies" in change["properties"]
    assert _connection(align.arm)["ipsecPolicies"][0]["pfsGroup"] == "ECP256"
    # Azure keeps BGP on: off, it would route nothing into the tunnel (its local network gateway lists no prefix)
    assert [s["kind"] for s in summary["left_to_do"]] == ["BGP_NOT_CONFIGURED", "ROUTE_MISSING"]
    assert "routes nothing into the tunnel" in summary["left_to_do"][0]["reason"]
    assert _connection(align.arm)["enableBgp"] is True
    assert align.asa.running_config() == FAULTY_ASA
    puts = _writes(align.arm)
    assert len(puts) == 1 and puts[0]["if_match"]

    # What only the ASA can fix is still listed; Azure has nothing left to change, so its module does not run
    # again.
    _output, again = align("asa", fails=True)
    assert again["changes"] == [] and [s["kind"] for s in again["left_to_do"]] == ["BGP_NOT_CONFIGURED", "ROUTE_MISSING"]
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


PASS = ()


def left(*codes):
    return tuple(sorted(codes))


# scenario -> what the re-check still reports after align_to (safest, azure, asa): the plan's left to do.
ROUTE_TABLE = {
    "vti static route to the vnet missing": (PASS, PASS, left("ROUTE_MISSING")),
    # The ASA's PFS group 19 is never lowered to Azure's 14: Azure takes 19.
    "vti wrong pfs in the ipsec profile": (PASS, left("PFS_MISMATCH"), PASS),
    # asa_vpn_tunnel does not remove responder-only from an ipsec profile; Azure's connection mode can change.
    "vti and azure both responder-only": (PASS, left("NO_INITIATOR"), PASS),
    "vti on asa 9.7": (left("ASA_VERSION_UNSUPPORTED"),) * 3,  # a software upgrade
    "bgp asn the asa expects is wrong": (PASS, PASS, left("BGP_ASN_MISMATCH")),
    "bgp asn in the lng is wrong": (left("BGP_ASN_MISMATCH"),) * 3,  # the LNG's bgpSettings or the ASA's own ASN
    "bgp reserved asn": (left("BGP_ASN_RESERVED"),) * 3,
    "bgp asa neighbor is not azure's address": (PASS, PASS, left("BGP_PEER_ADDRESS_MISMATCH")),
    "bgp asa neighbor with route filters is not azure's address": (PASS, PASS, left("BGP_PEER_ADDRESS_MISMATCH")),
    "bgp lng peering address is not the asa's": (left("BGP_PEER_ADDRESS_MISMATCH"),) * 3,
    "bgp apipa outside azure's range": (left("BGP_APIPA_INVALID"),) * 3,
    "bgp to azure's default address without a route": (PASS, PASS, left("BGP_NO_ROUTE_TO_PEER")),
    "bgp to azure's default address without multihop": (PASS, PASS, left("BGP_MULTIHOP_MISSING")),
    "bgp asa advertises nothing": (left("BGP_ROUTES_NOT_EXCHANGED"),) * 3,  # which networks is a person's choice
    "bgp asa neighbor not activated": (PASS, PASS, left("BGP_ROUTES_NOT_EXCHANGED")),
    # asa_vpn_tunnel does not manage prefix-lists or route-maps.
    "bgp asa import filter refuses the vnet": (left("BGP_ROUTES_NOT_EXCHANGED"),) * 3,
    # the same for the outbound prefix-list: asa_vpn_tunnel does not manage prefix-lists (review 2026-12-05)
    "bgp asa export filter drops the lan": (left("BGP_ROUTES_NOT_EXCHANGED"),) * 3,
    # The ASA has no router bgp: a neighbor alone would advertise nothing (BGP_ROUTES_NOT_EXCHANGED). Azure with
    # BGP off would route nothing into the tunnel (its local network gateway lists no prefix). Which networks is
    # a person's choice; the ASA's static route to the VNet is pushed where the ASA may change.
    "bgp on azure only": (left("BGP_NOT_CONFIGURED"), left("BGP_NOT_CONFIGURED"),
                          left("BGP_NOT_CONFIGURED", "ROUTE_MISSING")),
    "active-active gateway, one vti": (left("ACTIVE_ACTIVE_TUNNEL_MISSING"),) * 3,  # a new VTI, addresses by a person
    "interface acls filter the tunnel's traffic": (left("UNSUPPORTED_CONSTRUCT"),) * 3,  # a person reads the ACLs
    # Azure turns its policy-based selectors off; the VTI has nothing to change (review 2026-12-05)
    "vti against azure policy selectors": (PASS, left("UNSUPPORTED_CONSTRUCT"), PASS),
    "bgp vti against azure policy selectors, lng without prefixes": (PASS, left("UNSUPPORTED_CONSTRUCT"), PASS),
    # Re-applying a Failed resource is a person's call (a PUT of what it holds); align changes nothing else here.
    "azure connection in provisioning state failed": (left("AZURE_NOT_PROVISIONED"),) * 3,
    # no fix sets whether an end opens the session (Azure never opens it from APIPA): a person removes the passive mode
    "bgp over apipa, asa neighbor passive": (left("BGP_NEITHER_OPENS"),) * 3,
    # which of the VTI and the leftover crypto map entry is in use is a person's to say: no fix removes either
    "bgp vti beside a leftover crypto map entry to its peer": (left("VTI_CRYPTO_MAP_SAME_PEER"),) * 3,
}
ROUTE_KNOWN_DEFECTS = {}


def _route_check(asa_text, resources):
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources))


def test_the_route_table_names_every_scenario_with_findings():
    with_findings = [s[0] for s in ROUTE_SCENARIOS if s[4]]
    assert sorted(ROUTE_TABLE) == sorted(with_findings)
    assert set(ROUTE_KNOWN_DEFECTS) <= {(n, m) for n in ROUTE_TABLE for m in MODES}


def test_safest_leaves_no_more_than_either_single_end_mode():
    for name, (safest, azure, asa) in ROUTE_TABLE.items():
        assert set(safest) <= set(azure) & set(asa), name


def _route_cases():
    out = []
    for name in ROUTE_TABLE:
        for mode in MODES:
            reason = ROUTE_KNOWN_DEFECTS.get((name, mode))
            out.append(pytest.param(name, mode, id="%s-%s" % (name.replace(" ", "_"), mode),
                                    marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else []))
    return out


@pytest.mark.parametrize("name,mode", _route_cases())
def test_the_route_table_holds_offline(name, mode):
    """test_align's contract on each route-based scenario in each mode, and what is left is ROUTE_TABLE's."""
    [(_n, vti_changes, azure_base, azure_changes, _expected)] = [s for s in ROUTE_SCENARIOS if s[0] == name]
    case = replay_pair(vti_config(**vti_changes), scenario_resources(**dict(azure_base, **azure_changes)), mode)
    assert contract(case) == []
    assert problems_after(case) == ROUTE_TABLE[name][MODES.index(mode)]


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
        # The profile is shared: the first tunnel's run fixes it, the second adds only its route, floating behind
        # Tunnel1's (distance 1 is refused next to it, as the lab does like an ASA), as the healthy fixture has it.
        assert ends == [("asa interface Tunnel1", True), ("asa interface Tunnel2", True)]
        assert summary["changes"][1]["commands"] == ["route AZURE-NEU-1 10.50.0.0 255.255.0.0 169.254.22.1 2"]
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
        "IKEV2_NOT_ENABLED", "PEER_NOT_FOUND", "TUNNEL_INTERFACE_SHUTDOWN"]
    alignment = tunnel["alignment"]["align_to_azure"]
    assert alignment["needs_pre_shared_key"] is True and alignment["manual"] == []
    plan = plan_vti(broken, dict(alignment["options"], pre_shared_key=PSK))
    assert PSK not in "\n".join(plan.commands + plan.after + plan.rollback), "the key only at send time"
    # What asa_vpn_tunnel sends: the key filled in for the placeholder.
    fixed, errors = _send(broken, [c.replace(PSK_PLACEHOLDER, PSK) for c in plan.commands])
    assert errors == []
    assert _route_check(fixed, ARM)["tunnels"][0]["verdict"] == "pass"
    assert "ikev2 local-authentication pre-shared-key " + PSK in fixed


# ---------------------------------------------------------------------------------------------
# A neighbor typed at the wrong address, with route filters: align moves it to Azure's address and the new neighbor
# keeps the filters (asa_vpn_tunnel bgp.options_from). Review 2026-12-04: it was pushed without them, so the new
# session took and sent every route, and the filters were a step left by hand.
# ---------------------------------------------------------------------------------------------
FILTERED_OLD = ("  neighbor 169.254.21.5 remote-as 65515\n  neighbor 169.254.21.5 activate\n"
                "  neighbor 169.254.21.5 prefix-list FROM-AZURE in\n  neighbor 169.254.21.5 maximum-prefix 500\n")
MOVED_ASA = _once(_once(_once(HEALTHY_ASA, NEIGHBOR, FILTERED_OLD),
                        " ip address 169.254.21.2 255.255.255.252\n", " ip address 169.254.21.2 255.255.255.248\n"),
                  "router bgp 65010\n", "prefix-list FROM-AZURE seq 5 permit 10.20.0.0/16 le 24\nrouter bgp 65010\n")


def test_a_moved_neighbor_keeps_its_route_filters_on_the_lab(tmp_path):
    report = _route_check(MOVED_ASA, ARM)
    assert [f["code"] for f in report["tunnels"][0]["findings"] if f["severity"] == "error"] == [
        "BGP_PEER_ADDRESS_MISMATCH"]
    with start_asa_lab(MOVED_ASA) as asa, start_arm_lab(ARM, client_secret=SECRET) as arm:
        variables = {"align_to": "azure", "align_azure": {"resource_group": RG}}
        rc, output, summary = run_align(asa, arm, str(tmp_path), variables, name="fix")
        assert rc == 0, output[-4000:]
        [change] = summary["changes"]
        assert "  neighbor 169.254.21.1 prefix-list FROM-AZURE in" in change["commands"], change["commands"]
        assert not any("options" in step.get("reason", "") for step in summary.get("left_to_do") or []), summary
        config = asa.running_config()
        for line in ("neighbor 169.254.21.1 prefix-list FROM-AZURE in", "neighbor 169.254.21.1 maximum-prefix 500",
                     "neighbor 169.254.21.5 prefix-list FROM-AZURE in"):
            assert line in config, line
        assert _route_check(config, ARM)["tunnels"][0]["verdict"] == "pass"
        rc, output, again = run_align(asa, arm, str(tmp_path), variables, name="again")
        assert rc == 0 and again["changes"] == [], output[-4000:]
        assert PSK not in output and SECRET not in output
