# -*- coding: utf-8 -*-
"""playbooks/align.yml (role vpnalign.s2s.align) end to end on the ASA SSH lab and the ARM lab.

1. The seed case (examples/seed-asa-azure-pfs): the live check fails with PFS_MISMATCH; align_to
   azure fixes the ASA, align_to asa fixes Azure, align_to intent sets both; the check then passes,
   a second run changes nothing, --check changes nothing; no output (-vvv --diff), ASA command log
   or ARM request log holds the pre-shared key or the client secret.
2. The scenario table of tests/unit/test_scenarios.py, in both directions: every scenario with a
   finding one end can fix ends in ``pass`` after align. ``TABLE`` says per scenario and direction
   what is expected, and for every exclusion why. ``test_the_table_holds_offline`` replays the whole
   table without Ansible (the lab's CLI in-process, the ARM body in memory) in a second, so an
   exclusion that becomes alignable, or an alignable case that breaks, shows up at once.

The lab runs of the table go in parallel (ALIGN_TABLE_WORKERS, default CPUs + 1), one ansible-playbook per
scenario and direction; every scenario has its own resource group per direction in one ARM lab,
and each worker its own ASA lab, reloaded per scenario. Times go to out/test/align_table.json.
"""

import concurrent.futures
import copy
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
for _path in (os.path.join(REPO, "tests", "lab"), os.path.join(REPO, "tests", "unit")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from scenario_builders import asa_config, azure_resources  # noqa: E402  pylint: disable=wrong-import-position
from test_scenarios import LOOSE, SCENARIOS  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push import plan_present  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import connection_state  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

ANSIBLE_PLAYBOOK = os.path.join(REPO, ".venv", "bin", "ansible-playbook")
COLLECTIONS = os.path.join(REPO, ".collections")
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
PSK = "Kn0wnLab-PSK-7c1e"
SECRET = "Align-S3cret+/=5e1"
RG = "/resourceGroups/RG/"


def lab_pair(directory, psk):
    """(ASA running config, ARM resources) of a fixture pair as the labs hold it: with the
    pre-shared key ``psk`` in clear. The lab keeps keys in clear (like `more system:running-config`);
    `show running-config` masks them."""
    with open(os.path.join(directory, "asa_running_config.txt"), encoding="utf-8") as handle:
        asa = handle.read().replace("pre-shared-key *****", "pre-shared-key " + psk)
    with open(os.path.join(directory, "azure_resources.json"), encoding="utf-8") as handle:
        arm = json.load(handle)
    for resource in arm:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = psk
    return asa, arm


SEED_ASA, SEED_ARM = lab_pair(SEED_DIR, PSK)

INTENT = {
    "ike": {"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    "esp": {"encryption": ["AES-GCM-256"], "integrity": []},
    "pfs_group": 14,
    "child_lifetime_seconds": 3600,
    "child_lifetime_kilobytes": 102400000,
}


# ---------------------------------------------------------------------------------------------
# Running ansible-playbook
# ---------------------------------------------------------------------------------------------
def _ansible_env(arm, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update({
        "ANSIBLE_CONFIG": os.path.join(REPO, "ansible.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
        "ANSIBLE_HOME": home,
        "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": home,
        # What AWX's Microsoft Azure Resource Manager credential injects, pointed at the lab.
        "AZURE_SUBSCRIPTION_ID": arm.subscription,
        "AZURE_CLIENT_ID": arm.client_id,
        "AZURE_SECRET": SECRET,
        "AZURE_TENANT": arm.tenant,
        "AZURE_CLOUD_ENVIRONMENT": arm.base_url,
        "AZURE_AUTHORITY_HOST": arm.authority,
        "REQUESTS_CA_BUNDLE": arm.ca_file,
    })
    return env


SUMMARY_LINE = re.compile(r"^\s*(\d+) tunnel\(s\): (\d+) fail, (\d+) degraded, (\d+) pass$", re.M)


def printed_summaries(output):
    """The tunnel counts the role printed, before first and the last check last."""
    return [dict(zip(("tunnels", "fail", "degraded", "pass"), map(int, m))) for m in SUMMARY_LINE.findall(output)]


def run_align(asa, arm, workdir, extravars, args=(), name="run", report=True):
    """One ansible-playbook playbooks/align.yml; returns (returncode, output, align.json or None)."""
    home = tempfile.mkdtemp(prefix="al-")  # short: network_cli's socket path must stay short
    try:
        inventory = asa.write_inventory(os.path.join(workdir, name + "-inventory.json"),
                                        network_os="vpnalign.s2s.asa")
        report_dir = os.path.join(workdir, name + "-out")
        variables = {"align_asa_hosts": ["asa"], "align_report_dir": report_dir if report else ""}
        variables.update(extravars)
        proc = subprocess.run([ANSIBLE_PLAYBOOK, "playbooks/align.yml", "-i", inventory,
                               "-e", json.dumps(variables)] + list(args),
                              cwd=REPO, env=_ansible_env(arm, home), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=600, check=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    summary_path = os.path.join(report_dir, "align.json")
    summary = None
    if os.path.exists(summary_path):
        with open(summary_path, encoding="utf-8") as handle:
            summary = json.load(handle)
    return proc.returncode, proc.stdout + proc.stderr, summary


def assert_no_secret(output, asa, arm, key_sent_to_asa=None):
    """Neither the key nor the client secret in the output or the ARM log; in the ASA's log only
    on the lines that must carry it (the device has to be told the key)."""
    for secret in (PSK, SECRET, key_sent_to_asa):
        if secret:
            assert secret not in output, "a secret is in the playbook output"
    with open(arm.log_file, encoding="utf-8") as handle:
        log = handle.read()
    assert PSK not in log and SECRET not in log and (not key_sent_to_asa or key_sent_to_asa not in log)
    for line in asa.command_lines():
        for secret in (PSK, SECRET, key_sent_to_asa):
            if secret and secret in line:
                assert key_sent_to_asa and "pre-shared-key " + secret in line, line


def align_runner(asa, arm, tmp_path, running_config, resource_group, check_secrets):
    """Both labs back at ``running_config`` and the ARM lab's seed, logs empty; returns
    ``run(align_to, check_mode=False, fails=False, **vars)``, which runs align.yml at -vvv --diff,
    checks its exit code, that it did not crash and ``check_secrets(output)``, and returns
    (output, align.json)."""
    asa.set_running_config(running_config)
    asa.clear_log()
    arm.reset()
    arm.clear_requests()
    count = [0]

    def run(align_to, check_mode=False, fails=False, **extra):
        count[0] += 1
        variables = {"align_to": align_to, "align_azure": {"resource_group": resource_group}}
        variables.update(extra)
        args = ["-vvv", "--diff"] + (["--check"] if check_mode else [])
        rc, output, summary = run_align(asa, arm, str(tmp_path), variables, args, name="r%d" % count[0])
        assert (rc != 0) == fails, output[-6000:]
        assert "Traceback (most recent call last)" not in output
        check_secrets(output)
        return output, summary

    run.asa, run.arm = asa, arm
    return run


def connections(arm, group="RG"):
    return {r["name"]: r["properties"] for r in arm.resources()
            if r["type"].endswith("/connections") and RG.replace("RG", group) in r["id"]}


def writes(arm):
    return [r for r in arm.requests() if r["method"] in ("PUT", "POST") and "/subscriptions/" in r["path"]]


# ---------------------------------------------------------------------------------------------
# 1. The seed case
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def labs():
    with start_asa_lab(SEED_ASA) as asa, start_arm_lab(SEED_ARM, client_secret=SECRET) as arm:
        yield asa, arm


@pytest.fixture
def seed(labs, tmp_path):
    """Both labs back at the seed case, logs empty; ``run(align_to, ...)`` runs align.yml at -vvv --diff."""
    asa, arm = labs
    return align_runner(asa, arm, tmp_path, SEED_ASA, "RG", lambda output: assert_no_secret(output, asa, arm))


def changed_sides(summary):
    return sorted({c["side"] for c in summary["changes"] if c["changed"]})


def test_live_check_fails_with_pfs_mismatch(seed):
    output, summary = seed("none", fails=True)
    assert "ERROR PFS_MISMATCH" in output and "fix ASA: crypto map CRYPTO-MAP 2 set pfs group19" in output
    assert summary["before"]["fail"] == 1 and summary["after"] is None and summary["changes"] == []
    assert seed.asa.running_config() == SEED_ASA and writes(seed.arm) == []
    assert "configure terminal" not in seed.asa.command_lines()


def test_align_to_azure_fixes_the_asa_then_changes_nothing(seed):
    azure_before = connections(seed.arm)
    _output, summary = seed("azure")
    assert (summary["before"]["fail"], summary["after"]["pass"]) == (1, 1)
    assert changed_sides(summary) == ["asa"]
    [change] = summary["changes"]
    assert change["commands"] == ["crypto map CRYPTO-MAP 2 set pfs group19",
                                  "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes 2048"]
    config = seed.asa.running_config()
    assert "crypto map CRYPTO-MAP 2 set pfs group19\n" in config
    assert connections(seed.arm) == azure_before and writes(seed.arm) == []

    # The check passes now, and neither direction has anything left to change.
    seed("none")
    for direction in ("azure", "asa"):
        output, again = seed(direction)
        assert again["changes"] == [] and again["after"] is None and again["before"]["pass"] == 1
        assert "none: no tunnel has a finding to fix" in output
    assert seed.asa.running_config() == config and writes(seed.arm) == []
    assert seed.asa.command_lines().count("configure terminal") == 1


def test_align_to_asa_fixes_azure_then_changes_nothing(seed):
    _output, summary = seed("asa")
    assert (summary["before"]["fail"], summary["after"]["pass"]) == (1, 1)
    assert changed_sides(summary) == ["azure"]
    [change] = summary["changes"]
    assert change["properties"] == ["ipsecPolicies"]
    policy = connections(seed.arm)["UKSouth-HQ-S2S"]["ipsecPolicies"]
    assert policy == [dict(SEED_ARM[0]["properties"]["ipsecPolicies"][0], pfsGroup="None",
                           saDataSizeKilobytes=102400000)]
    puts = writes(seed.arm)
    assert len(puts) == 1 and puts[0]["if_match"], "one PUT, with If-Match"
    assert seed.asa.running_config() == SEED_ASA
    assert "configure terminal" not in seed.asa.command_lines()

    _output, again = seed("asa")
    assert again["changes"] == [] and again["before"]["pass"] == 1
    assert len(writes(seed.arm)) == 1 and seed.asa.running_config() == SEED_ASA


def test_align_to_intent_sets_both_ends_then_reports_no_change(seed):
    _output, summary = seed("intent", align_intent=INTENT)
    assert (summary["before"]["fail"], summary["after"]["pass"]) == (1, 1)
    assert changed_sides(summary) == ["asa", "azure"]
    config = seed.asa.running_config()
    assert "crypto map CRYPTO-MAP 2 set pfs group14\n" in config
    assert "crypto ipsec ikev2 ipsec-proposal UKSouth\n protocol esp encryption aes-gcm-256\n" in config
    policy = connections(seed.arm)["UKSouth-HQ-S2S"]["ipsecPolicies"][0]
    assert (policy["pfsGroup"], policy["dhGroup"], policy["ipsecEncryption"]) == ("PFS2048", "DHGroup14", "GCMAES256")

    _output, again = seed("intent", align_intent=INTENT)
    assert [(c["side"], c["changed"]) for c in again["changes"]] == [("asa", False), ("azure", False)]
    assert again["after"] is None and again["before"]["pass"] == 1
    assert seed.asa.running_config() == config and len(writes(seed.arm)) == 1


@pytest.mark.parametrize("align_to,shows", [
    ("azure", "crypto map CRYPTO-MAP 2 set pfs group19"),
    ("asa", '+      "pfsGroup": "None"'),
    ("intent", "crypto map CRYPTO-MAP 2 set pfs group14"),
])
def test_check_mode_changes_nothing(seed, align_to, shows):
    azure_before = seed.arm.resources()
    output, summary = seed(align_to, check_mode=True, align_intent=INTENT)
    assert summary is None, "check mode writes no report"
    assert shows in output, "check mode shows what it would send"
    assert "check mode: nothing sent" in output
    assert seed.asa.running_config() == SEED_ASA
    assert seed.arm.resources() == azure_before and writes(seed.arm) == []
    assert "configure terminal" not in seed.asa.command_lines()


# ---------------------------------------------------------------------------------------------
# 2. The scenario table
# ---------------------------------------------------------------------------------------------
PASS = "pass"
LOOSE_PASS = "pass (loose baseline)"   # the suite the ends agree on is below the default baseline
KEY_PASS = "pass (with align_pre_shared_key)"


def excluded(reason):
    return ("excluded", reason)


ASA_ONLY = ("an ASA-only defect: align_to asa changes only Azure, and nothing on Azure can make up for it "
            "(align_to azure fixes it)")
AZURE_INVALID = ("Azure's own policy breaks Azure's rules (AZURE_POLICY_INVALID): changing the ASA cannot repair "
                 "it (align_to asa does)")
ONLY_WEAK = ("the ends agree and the only finding is WEAK_CRYPTO: a stronger suite needs both ends changed at "
             "once, which is align_to intent (test_intent_moves_a_weak_tunnel_to_a_strong_suite)")
ASA_CONFIG_BROKEN = ("the ASA config is broken in itself (it names something undefined, or a value cannot be "
                     "read): a person must decide what it should say")
UNDECIDABLE = "a masked or unknown value cannot be compared, so nothing can be aligned to it: read the config again"

# scenario -> (align_to azure: fix the ASA, align_to asa: fix Azure)
TABLE = {
    "seed-like pfs on azure only": (PASS, PASS),
    "pfs on asa only": (PASS, PASS),
    "pfs groups differ": (PASS, PASS),
    "set pfs without group is group 2": (excluded(ONLY_WEAK), excluded(ONLY_WEAK)),
    # The ASA's 'set pfs' means group 2: Azure takes PFS2, which is below the baseline.
    "set pfs without group vs 14": (PASS, LOOSE_PASS),
    # Azure's default policy is SHA1/DH2: the pair negotiates, below the baseline.
    "azure default policy, asa matches default": (excluded(ONLY_WEAK), excluded(ONLY_WEAK)),
    "azure default policy, asa without group 2": (LOOSE_PASS, LOOSE_PASS),
    "azure default, asa pfs 14 rekeys first": (LOOSE_PASS, LOOSE_PASS),
    "azure default, asa pfs 14 azure rekeys first": (LOOSE_PASS, LOOSE_PASS),
    "azure default, asa gcm with pfs 19": (LOOSE_PASS, LOOSE_PASS),
    "ike encryption differs": (PASS, PASS),
    "ike integrity differs": (PASS, PASS),
    "ike dh differs": (PASS, PASS),
    "ike prf left at default sha": (
        PASS, excluded("Azure's IKE PRF is always its integrity hash, so it cannot take the ASA's PRF SHA1 with "
                       "integrity SHA256 (the report lists it as a manual step)")),
    "esp cbc vs gcm": (PASS, PASS),
    # Azure's ESP integrity is SHA1: the ASA takes it, below the baseline.
    "esp integrity differs": (LOOSE_PASS, PASS),
    "esp gcm key length differs": (PASS, PASS),
    "azure gcm pairing broken": (excluded(AZURE_INVALID), PASS),
    "azure sa lifetime below minimum": (
        excluded(AZURE_INVALID),
        excluded("the ASA's own Child SA lifetime (200 s) is below Azure's minimum (300 s): Azure cannot take it")),
    "azure data size below minimum": (excluded(AZURE_INVALID), PASS),
    "basic sku with custom policy": (
        excluded("the gateway SKU (Basic) takes no custom policy: a SKU change, not a connection property"),
        excluded("the gateway SKU (Basic) takes no custom policy: a SKU change, not a connection property")),
    "azure ikev1 vs asa ikev2": (
        excluded("asa_vpn_tunnel configures IKEv2 tunnels only (IKEv1 needs policies and transform sets)"),
        excluded("Azure cannot change connectionProtocol of an existing connection: delete and create it again")),
    "asa peer is not the azure gateway": (
        KEY_PASS,
        excluded("the ASA expects Azure at an address the gateway does not have; Azure allocates it")),
    "lng address is not the asa": (
        excluded("the ASA would need the address the local network gateway names: interface addressing is out of "
                 "scope"),
        excluded("the local network gateway's gatewayIpAddress: azure_vpn_connection does not manage local network "
                 "gateways")),
    "lng contains the asa address": (
        excluded("the local network gateway's address space contains the ASA's own address: only Azure can fix it"),
        excluded("the local network gateway's address space: azure_vpn_connection does not manage local network "
                 "gateways")),
    "azure any-to-any vs crypto map": (
        excluded("Azure offers any-to-any selectors; the ASA could only take them by sending 0.0.0.0/0, Azure's own "
                 "address included, into the tunnel (LNG_CONTAINS_PEER_ADDRESS): Azure must offer prefixes"),
        PASS),
    "acl misses a vnet prefix": (PASS, PASS),
    "acl wider than azure": (PASS, PASS),
    "custom traffic selector policies differ": (PASS, PASS),
    "custom traffic selector narrower than the acl": (PASS, PASS),
    "no nat exemption before object pat": (PASS, excluded(ASA_ONLY)),
    "nat exemption after-auto loses to object pat": (PASS, excluded(ASA_ONLY)),
    "crypto map not applied": (PASS, excluded(ASA_ONLY)),
    "ikev2 not enabled": (PASS, excluded(ASA_ONLY)),
    "no tunnel-group for the peer": (KEY_PASS, excluded(ASA_ONLY)),
    "certificate auth on the asa": (
        KEY_PASS, excluded("Azure site-to-site connections authenticate with a pre-shared key only")),
    "group-policy allows only ikev1": (
        PASS, excluded(ASA_ONLY + "; Azure also cannot change connectionProtocol in place")),
    "tcp mss above azure's": (PASS, excluded("TCP MSS clamping is set on the ASA; Azure has no such setting")),
    "tcp mss left at the asa default": (PASS, excluded("TCP MSS clamping is set on the ASA; Azure has no such setting")),
    "azure dpd very short": (excluded("Azure's own DPD timeout is too short: only Azure can change it"), PASS),
    "azure dpd out of range": (excluded(AZURE_INVALID), PASS),
    "asa without data limit": (
        PASS, excluded("Azure always limits a Child SA's data (saDataSizeKilobytes): it cannot take 'unlimited'")),
    "child lifetimes differ (info only)": (PASS, PASS),
    "ike lifetime 86400 (info only)": (PASS, PASS),
    "weak custom policy": (excluded(ONLY_WEAK), excluded(ONLY_WEAK)),
    "undefined acl": (excluded(ASA_CONFIG_BROKEN), excluded(ASA_CONFIG_BROKEN)),
    "undefined ipsec-proposal": (excluded(ASA_CONFIG_BROKEN), excluded(ASA_CONFIG_BROKEN)),
    "masked peer": (excluded(UNDECIDABLE), excluded(UNDECIDABLE)),
    "unknown esp keyword": (excluded(ASA_CONFIG_BROKEN), excluded(ASA_CONFIG_BROKEN)),
}
# Scenarios without any finding: nothing to align (the seed tests show a passing tunnel is left alone).
ALREADY_PASS = ("aligned", "pfs 14 both", "pfs 14 as PFS14 alias", "ike policy with several values",
                "acl covers both vnet prefixes", "custom traffic selector policies match",
                "nat exemption before object pat", "no nat at all")

BY_NAME = {s[0]: s for s in SCENARIOS}
DIRECTIONS = ("azure", "asa")


def table_cases():
    cases = []
    for index, (name, _asa, _azure, _expected) in enumerate(SCENARIOS):
        for side, direction in enumerate(DIRECTIONS):
            if name in ALREADY_PASS:
                continue
            expectation = TABLE[name][side]
            marks = [pytest.mark.skip(reason="excluded: " + expectation[1])] if isinstance(expectation, tuple) else []
            cases.append(pytest.param(index, name, direction, expectation, marks=marks,
                                      id="%02d-%s-to-%s" % (index, name.replace(" ", "_"), direction)))
    return cases


CASES = table_cases()
RUNS = [c.values for c in CASES if not c.marks]


def test_the_table_names_every_scenario_once():
    names = [s[0] for s in SCENARIOS]
    assert sorted(set(TABLE) | set(ALREADY_PASS)) == sorted(names)
    assert not set(TABLE) & set(ALREADY_PASS)
    for name in ALREADY_PASS:
        assert BY_NAME[name][3] == [], "%s has findings: it belongs in TABLE" % name
    for name, ways in TABLE.items():
        assert len(ways) == 2
        for way in ways:
            assert way in (PASS, LOOSE_PASS, KEY_PASS) or (way[0] == "excluded" and len(way[1]) > 20), (name, way)


# -- offline replay: the lab's CLI in-process, the ARM body in memory --------------------------
ASA_DEFAULTS = dict(state="present", update_pre_shared_key="on_create", save_when="never", interface=None,
                    peer=None, tunnel_group=None, acl=None, local_networks=None, remote_networks=None,
                    ipsec_proposal=None, ike=None, esp=None, pfs_group=None, child_lifetime_seconds=None,
                    child_lifetime_kilobytes=None, group_policy=None, pre_shared_key=None, nat_exemption=None,
                    tcp_mss=None)


def _asa_params(options):
    """The options as asa_vpn_tunnel's argument spec fills them in."""
    params = dict(ASA_DEFAULTS, **copy.deepcopy(options))
    if params["ike"]:
        params["ike"] = dict({"integrity": None, "prf": None, "lifetime_seconds": 86400, "priority": None},
                             **params["ike"])
    if params["nat_exemption"]:
        params["nat_exemption"] = dict({"outside_interface": None, "local_networks": None, "remote_networks": None},
                                       **params["nat_exemption"])
    if params["child_lifetime_kilobytes"] is not None:
        params["child_lifetime_kilobytes"] = str(params["child_lifetime_kilobytes"])
    return params


def _send(config, commands):
    """The config after the lab's CLI took the commands, and the lines it refused."""
    device = Device(config)
    output = []
    session = CliSession(device, lambda data: output.append(data.decode()), lambda _abrupt: None)
    session.start()
    for line in ["enable", device.enable_password, "configure terminal"] + commands + ["end"]:
        session.feed((line + "\r").encode())
    errors = [line for line in "".join(output).splitlines() if line.startswith("ERROR")]
    return device.stores[None].text(), errors


def _report(asa_text, resources, baseline):
    return run_check(asa_facts_from_text(asa_text), azure_facts_from_data(resources), baseline)


def _apply_offline(asa_text, resources, report, direction):
    """Apply the report's alignment for ``direction``; returns (asa_text, resources, changes)."""
    [tunnel] = report["tunnels"]
    if not tunnel["findings"]:
        return asa_text, resources, []
    if direction == "azure":
        align = tunnel["alignment"]["align_to_azure"]
        options = dict(align["options"])
        if align["needs_pre_shared_key"]:
            options["pre_shared_key"] = PSK
        plan = plan_present(asa_text, _asa_params(options))
        new_text, errors = _send(asa_text, plan.commands)
        assert errors == [], errors
        return new_text, resources, plan.commands
    options = tunnel["alignment"]["align_to_asa"]["options"]
    desired = connection_state.desired_properties(dict({"use_default_policy": False}, **options))
    resources = copy.deepcopy(resources)
    [connection] = [r for r in resources if r["type"].endswith("/connections") and r["name"] == options["name"]]
    changes = connection_state.changed_properties(connection, desired)
    connection.update(connection_state.put_body(connection, changes))
    return asa_text, resources, sorted(changes)


def _verdict(report):
    [tunnel] = report["tunnels"]
    return tunnel["verdict"], sorted({f["code"] for f in tunnel["findings"] if f["severity"] != "info"})


def test_the_table_holds_offline():
    """Every case the table says passes passes, a second alignment changes nothing, and every
    exclusion really does not pass (so the table cannot hide a case that became alignable)."""
    problems = []
    for name, asa_changes, azure_changes, _expected in SCENARIOS:
        if name in ALREADY_PASS:
            continue
        for side, direction in enumerate(DIRECTIONS):
            expectation = TABLE[name][side]
            baseline = LOOSE if expectation == LOOSE_PASS else None
            asa_text, resources = asa_config(**asa_changes), azure_resources(**azure_changes)
            before = _report(asa_text, resources, baseline)
            asa_text, resources, _changes = _apply_offline(asa_text, resources, before, direction)
            after = _report(asa_text, resources, baseline)
            verdict = _verdict(after)
            if isinstance(expectation, tuple):
                if verdict[0] == "pass":
                    problems.append("%s to %s passes but is excluded: %s" % (name, direction, expectation[1]))
                continue
            if verdict[0] != "pass":
                problems.append("%s to %s: %s" % (name, direction, verdict))
                continue
            _t, _r, again = _apply_offline(asa_text, resources, after, direction)
            if again:
                problems.append("%s to %s: a second alignment changes %s" % (name, direction, again))
    assert problems == []


# -- on the labs --------------------------------------------------------------------------------
def _group(direction, index):
    return "S%02d-%s" % (index, direction)


def _scenario_resources(index, direction):
    _name, _asa, azure_changes, _expected = SCENARIOS[index]
    text = json.dumps(azure_resources(**azure_changes))
    return json.loads(text.replace(RG, "/resourceGroups/%s/" % _group(direction, index)))


@pytest.fixture(scope="module")
def table_results(tmp_path_factory):
    """Run every case of the table that is expected to pass, in parallel; results by (index, direction)."""
    workdir = str(tmp_path_factory.mktemp("align-table"))
    workers = int(os.environ.get("ALIGN_TABLE_WORKERS") or min(8, (os.cpu_count() or 1) + 1))
    resources = [r for index, _n, direction, _e in RUNS for r in _scenario_resources(index, direction)]
    for resource in resources:
        if resource["type"].endswith("/connections"):
            resource["properties"]["sharedKey"] = PSK
    began = time.monotonic()
    results = {}
    with start_arm_lab(resources, client_secret=SECRET) as arm:
        asa_labs = queue.Queue()
        started = [start_asa_lab("hostname gateway\n") for _worker in range(workers)]
        for lab in started:
            asa_labs.put(lab)

        def run(case):
            index, name, direction, expectation = case
            lab = asa_labs.get()
            try:
                config = asa_config(**SCENARIOS[index][1])
                if expectation == KEY_PASS:
                    config = config.replace("pre-shared-key *****", "pre-shared-key " + PSK)
                lab.set_running_config(config)
                lab.clear_log()
                group = _group(direction, index)
                azure_before = connections(arm, group)
                # No report files (writing them is a quarter of a run): the printed summary says it.
                variables = {"align_to": direction, "align_azure": {"resource_group": group}, "align_fail_on": "never"}
                if expectation == LOOSE_PASS:
                    variables["align_baseline"] = LOOSE
                if expectation == KEY_PASS:
                    variables["align_pre_shared_key"] = PSK
                case_began = time.monotonic()
                rc, output, _none = run_align(lab, arm, workdir, variables, name=group, report=False)
                summary = printed_summaries(output)
                seconds = time.monotonic() - case_began
                result = {"rc": rc, "output": output, "summary": summary, "seconds": seconds,
                          "asa_before": config, "asa_after": lab.running_config(),
                          "azure_before": azure_before, "azure_after": connections(arm, group),
                          "asa_commands": lab.command_lines()}
                try:
                    assert_no_secret(output, lab, arm, key_sent_to_asa=PSK if expectation == KEY_PASS else None)
                    result["secret_leak"] = None
                except AssertionError as exc:
                    result["secret_leak"] = str(exc) or "leak"
                return (index, direction), result
            finally:
                asa_labs.put(lab)

        try:
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                for key, result in pool.map(run, RUNS):
                    results[key] = result
        finally:
            for lab in started:
                lab.stop()
    total = time.monotonic() - began
    times = {"workers": workers, "runs": len(RUNS), "seconds": round(total, 1),
             "per_run": {"%02d-%s" % k: round(v["seconds"], 1) for k, v in sorted(results.items())},
             "pass": {d: sum(1 for (_i, dd), v in results.items() if dd == d and v["summary"]
                             and v["summary"][-1]["pass"] == 1) for d in DIRECTIONS}}
    os.makedirs(os.path.join(REPO, "out", "test"), exist_ok=True)
    with open(os.path.join(REPO, "out", "test", "align_table.json"), "w", encoding="utf-8") as handle:
        json.dump(times, handle, indent=2)
    print("\nalign table: %(runs)d runs with %(workers)d workers in %(seconds).1f s; pass per direction: %(pass)s"
          % times)
    return results


@pytest.mark.parametrize("index,name,direction,expectation", CASES)
def test_scenario_passes_after_align(table_results, index, name, direction, expectation):
    result = table_results[(index, direction)]
    summary = result["summary"]
    assert result["rc"] == 0 and summary, result["output"][-6000:]
    assert result["secret_leak"] is None, result["secret_leak"]
    assert "Traceback (most recent call last)" not in result["output"]
    assert summary[-1] == {"tunnels": 1, "fail": 0, "degraded": 0, "pass": 1}, (name, result["output"][-6000:])
    if summary[0]["pass"] != 1:
        assert len(summary) == 2, "it did not pass before, so something changed and was checked again"
    # Only the end being aligned changes.
    if direction == "azure":
        assert result["azure_after"] == result["azure_before"], "align_to azure changed Azure"
    else:
        assert result["asa_after"] == result["asa_before"], "align_to asa changed the ASA"
        assert "configure terminal" not in result["asa_commands"]


def test_intent_moves_a_weak_tunnel_to_a_strong_suite(tmp_path):
    """WEAK_CRYPTO needs both ends changed at once: align_to intent does it, default baseline."""
    _name, asa_changes, azure_changes, _expected = BY_NAME["weak custom policy"]
    with start_asa_lab(asa_config(**asa_changes)) as asa, \
            start_arm_lab(azure_resources(**azure_changes), client_secret=SECRET) as arm:
        variables = {"align_to": "intent", "align_azure": {"resource_group": "RG"}, "align_intent": INTENT}
        rc, output, summary = run_align(asa, arm, str(tmp_path), variables)
        assert rc == 0, output[-6000:]
        assert (summary["before"]["degraded"], summary["after"]["pass"]) == (1, 1)
        assert changed_sides(summary) == ["asa", "azure"]
        assert_no_secret(output, asa, arm)


def test_demo_tells_the_whole_story(tmp_path):
    """`make demo`'s live part: check fails -> align -> check passes -> align changes nothing."""
    proc = subprocess.run([sys.executable, os.path.join(REPO, "tools", "demo_labs.py"), "--report-dir",
                           str(tmp_path / "align")], cwd=REPO, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    story = proc.stdout
    steps = story.split("\n== ")[1:]
    assert [s.split("(")[0].strip() for s in steps] == [
        "1. Check both ends, live", "2. Align the ASA to Azure", "3. Check again",
        "4. Align again: nothing left to change"]
    assert "ERROR PFS_MISMATCH" in steps[0] and "exit 2" in steps[0]
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in steps[1] and "1 tunnel(s): 0 fail, 0 degraded, 1 pass" in steps[1]
    assert "PASS [UKSouth-HQ-S2S]" in steps[2]
    assert "ASA lab received 0 configuration line(s); ARM lab received 0 PUT(s)" in steps[3]
    assert (tmp_path / "align" / "report.json").exists()
