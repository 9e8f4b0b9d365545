# -*- coding: utf-8 -*-
"""The Azure fixes the check prints, run as printed with the real Azure CLI against the ARM lab.

azure-cli (requirements-azcli.txt, in its own .venv-azcli made on first use by azcli.py) registers the
lab as a cloud from its metadata endpoint, as Azure Stack Hub is registered, trusts the lab's CA, and logs
in with the lab's service principal (the secret on standard input).  For each case the Azure side is read
live from the lab (azure_vpn_facts' SDK path), checked against the ASA config, and every ``az`` command of
an Azure fix is run as the report prints it (and the ASA half, where the fix is proven only together with
it, applied to the ASA config on the ASA lab's CLI model in-process).  Then Azure is read again and checked:
the finding the fix was for is gone and no error or warning appeared that was not there before; after a
tunnel's Azure plan (Azure aligned to the ASA) every error and warning with a proven Azure fix is gone, and
the tunnel passes when they were all it had.  What the az commands did to
the lab (its resources before and after) must be what the PowerShell form of the same fix sets, value for
value.  The client secret and the pre-shared key appear in no az output, lab log or report.

1. Four cases with their own assertions: the seed case through playbooks/check.yml and its report.json; a
   connection on Azure's default policy that needs a custom one; Azure's any-to-any selectors against a
   crypto map; a local network gateway whose address is not the ASA's.
2. The scenario tables of tests/unit/test_scenarios.py (crypto map and VTI): every Azure fix of every
   finding, and each tunnel's whole Azure plan, in parallel workers (AZCLI_WORKERS, default the CPU count, at least 2), each with
   its own lab and az login.  Times go to out/test/az_cli.json.
"""

import concurrent.futures
import copy
import json
import os
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
for _path in (HERE, os.path.join(REPO, "tests", "lab"), os.path.join(REPO, "tests", "unit")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import azcli  # noqa: E402  pylint: disable=wrong-import-position
from arm_https.lab import start_arm_lab  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh.asa_cli import CliSession, Device  # noqa: E402  pylint: disable=wrong-import-position
from scenario_builders import asa_config, azure_resources, vti_config  # noqa: E402  pylint: disable=wrong-import-position
from test_scenarios import ROUTE_SCENARIOS, SCENARIOS  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import resolve_auth  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_sdk  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check  # noqa: E402

SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
# Characters that change under URL and shell quoting, so a leak in any encoding is easier to see.
SECRET = "AzCli-S3cret+/=7e4~q"
PSK = "AzCli-Lab-PSK-5c2d"
SECRETS = (SECRET, PSK)
# Read-only properties (ARM sets them, a PUT cannot): never part of what a fix changes.
IGNORED = ("etag", "provisioningState", "resourceGuid", "connectionStatus", "ingressBytesTransferred",
           "egressBytesTransferred", "tunnelConnectionStatus")
# What ARM returns for a connection's optional properties nobody set (the REST spec's defaults, as the lab
# fills them on PUT): the case exports get them, so that a fix's PUT does not look like it changed them.
CONNECTION_DEFAULTS = {"routingWeight": 0, "useLocalAzureIpAddress": False, "expressRouteGatewayBypass": False,
                       "enableBgp": False, "usePolicyBasedTrafficSelectors": False, "ipsecPolicies": [],
                       "trafficSelectorPolicies": [], "dpdTimeoutSeconds": 45, "connectionMode": "Default",
                       "connectionProtocol": "IKEv2"}
WORKERS = int(os.environ.get("AZCLI_WORKERS") or max(2, os.cpu_count() or 2))
TIMES = os.path.join(REPO, "out", "test", "az_cli.json")


def with_psk(resources):
    """The resources as ARM returns them, with every connection's pre-shared key set to PSK (the lab
    keeps it apart from GET)."""
    resources = copy.deepcopy(resources)
    for resource in resources:
        if resource["type"].endswith("/connections"):
            for key, value in CONNECTION_DEFAULTS.items():
                resource["properties"].setdefault(key, copy.deepcopy(value))
            resource["properties"]["sharedKey"] = PSK
    return resources


def read_text(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


SEED_ASA = read_text(os.path.join(SEED_DIR, "asa_running_config.txt"))
SEED_ARM = with_psk(json.loads(read_text(os.path.join(SEED_DIR, "azure_resources.json"))))


class Bench:
    """One ARM lab and one az logged in to it; ``load`` puts a case's resources in the lab."""

    def __init__(self, az, workdir, resources):
        self.lab = start_arm_lab(resources, client_secret=SECRET)
        try:
            self.cli = azcli.AzCli(az, self.lab, workdir, secrets=SECRETS)
            cloud = self.cli.register_lab()
            assert cloud["endpoints"]["resourceManager"].rstrip("/") == self.lab.base_url, cloud
            accounts = self.cli.login(SECRET)
            assert [a["id"] for a in accounts] == [self.lab.subscription], accounts
        except BaseException:
            self.lab.stop()
            raise

    def close(self):
        self.lab.stop()

    def load(self, resources):
        self.lab.load(resources)

    def gather(self):
        """The Azure facts, read live through the SDK as azure_vpn_facts reads them."""
        settings = resolve_auth({"client_id": self.lab.client_id, "secret": SECRET, "tenant": self.lab.tenant,
                                 "subscription_id": self.lab.subscription, "cloud_environment": self.lab.base_url,
                                 "adfs_authority_url": self.lab.authority, "ca_bundle": self.lab.ca_file}, env={})
        reader = AzureNetworkReader(settings, retries=0)
        try:
            facts, _warnings = azure_facts_from_sdk(reader, resource_group="RG")
        finally:
            reader.close()
        return facts

    def check(self, asa_text):
        return run_check(asa_facts_from_text(asa_text), self.gather())

    def resources(self):
        return {r["id"].lower(): r for r in self.lab.resources()}

    def apply(self, commands):
        """Run the az lines from a fresh copy of the case: (lab resources before, after, az results)."""
        self.lab.reset()
        before = self.resources()
        results = [self.cli.run_line(line) for line in commands]
        return before, self.resources(), results

    def leaks(self):
        """Where a secret shows up: az output, the lab's request log, its stderr."""
        places = {"az output": self.cli.text(), "ARM lab log": read_text(self.lab.log_file),
                  "ARM lab stderr": self.lab.stderr()}
        return sorted("%s in %s" % ("client secret" if s == SECRET else "pre-shared key", where)
                      for where, text in places.items() for s in SECRETS if s in text)


@pytest.fixture(scope="module")
def az():
    """The az of .venv-azcli (built here when missing or its requirements changed)."""
    path, seconds = azcli.ensure_venv()
    if seconds is not None:
        print("built .venv-azcli in %.0f s" % seconds)
    return path


@pytest.fixture(scope="module")
def bench(az):
    with tempfile.TemporaryDirectory(prefix="azcli-") as workdir:
        made = Bench(az, workdir, SEED_ARM)
        try:
            yield made
            assert not made.leaks()
        finally:
            made.close()


# ---- what the fixes should have done -----------------------------------------------------------------
def problems(tunnel):
    """(code, severity) of the tunnel's errors and warnings, with repeats."""
    return sorted((f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] != "info")


def azure_fixes(report):
    """(tunnel index, finding, its Azure remediation) for every finding with an Azure fix, and
    (tunnel index, None, plan) for every tunnel whose whole Azure plan has commands."""
    fixes = []
    for index, tunnel in enumerate(report["tunnels"]):
        for finding in tunnel["findings"]:
            azure = (finding.get("remediation") or {}).get("azure") or {}
            if azure.get("az"):
                fixes.append((index, finding, azure))
        plan = (tunnel.get("remediation") or {}).get("azure") or {}
        if plan.get("az"):
            fixes.append((index, None, plan))
    return fixes


def flat(properties, prefix=""):
    """ARM properties as {dotted path: value}; lists are values."""
    out = {}
    for key, value in properties.items():
        if key in IGNORED:
            continue
        if isinstance(value, dict) and value:
            out.update(flat(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def lab_changes(before, after):
    """{(type, resource group, name): {path: new value}} of what changed in the lab."""
    changes = {}
    for key, resource in after.items():
        old = flat(before.get(key, {}).get("properties", {}))
        new = flat(resource.get("properties", {}))
        diff = {path: value for path, value in new.items() if old.get(path) != value}
        diff.update({path: None for path in old if path not in new})
        if diff:
            parts = resource["id"].split("/")
            changes[(parts[-2], parts[4], parts[-1])] = diff
    return changes


def same_values(remediation, before, after):
    """Problems with the PowerShell form against what the az form did: the values it sets must be the
    lab's values afterwards, and every change the az commands made must be one it sets."""
    try:
        effect = azcli.powershell_effect(remediation["powershell"])
    except azcli.PowerShellFormError as exc:
        return ["the PowerShell form cannot be read (%s): %s" % (exc, remediation["powershell"])]
    wrong = []
    subscriptions = {line.split("--subscription ", 1)[1].split()[0] for line in remediation["az"]
                     if "--subscription " in line}
    if subscriptions and effect["subscription"] not in subscriptions:
        wrong.append("PowerShell subscription %s, az %s" % (effect["subscription"], sorted(subscriptions)))
    made = lab_changes(before, after)
    by_name = {(t.lower(), g.lower(), n.lower()): (t, g, n) for t, g, n in made}
    for (rtype, group, name), values in effect["changes"].items():
        key = next((r["id"].lower() for r in after.values() if r["name"].lower() == name.lower()
                    and r["type"].lower().endswith("/" + rtype.lower())
                    and "/resourcegroups/%s/" % group.lower() in r["id"].lower()), None)
        if key is None:
            wrong.append("PowerShell changes %s %s/%s, which the lab does not have" % (rtype, group, name))
            continue
        now = flat(after[key]["properties"])
        for path, value in values.items():
            if now.get(path) != value:
                wrong.append("%s %s: PowerShell sets %r, az left %r" % (name, path, value, now.get(path)))
        changed = made.get(by_name.get((rtype.lower(), group.lower(), name.lower())), {})
        for path in set(changed) - set(values):
            wrong.append("%s %s: az changed it to %r, PowerShell does not set it" % (name, path, changed[path]))
    touched = {(t.lower(), g.lower(), n.lower()) for t, g, n in effect["changes"]}
    for key, changed in made.items():
        if (key[0].lower(), key[1].lower(), key[2].lower()) not in touched:
            wrong.append("az changed %s/%s %s, PowerShell leaves it alone" % (key[1], key[2], sorted(changed)))
    return wrong


def together(finding):
    """Whether a finding's Azure fix is proven only together with the ASA's (then both are applied)."""
    return "both ends together" in (finding.get("proof") or {}).get("azure", {}).get("reason", "")


def asa_lines(finding):
    """The ASA half that goes with a finding's Azure fix when it is proven only with it, else []."""
    lines = ((finding.get("remediation") or {}).get("asa") or []) if finding and together(finding) else []
    return [line for line in lines if not line.lstrip().startswith("!")]


def asa_applied(asa_text, lines):
    """The ASA config after ``lines`` in configuration mode, on the ASA lab's CLI model (in-process)."""
    device = Device(asa_text)
    output = []
    session = CliSession(device, lambda data: output.append(data.decode()), lambda _abrupt: None)
    session.start()
    for line in ["enable", device.enable_password, "configure terminal"] + lines + ["end"]:
        session.feed((line + "\r").encode())
    errors = [line for line in "".join(output).splitlines() if "ERROR" in line or "Invalid input" in line]
    return device.stores[None].text(), errors


def targets(finding, tunnel):
    """The findings a fix must clear: its own; for the tunnel's Azure plan (Azure aligned to the ASA) every
    error and warning whose Azure fix is proven on its own."""
    if finding is not None:
        return [finding]
    return [f for f in tunnel["findings"] if f["severity"] != "info"
            and (f.get("proof") or {}).get("azure", {}).get("proven") and not together(f)]


def verify_fix(bench, asa_text, report, index, finding, remediation, runs=None):
    """Problems with one Azure fix (or a tunnel's Azure plan) applied with az, and its ASA half (if proven
    only with it) on the ASA config; [] when it works.  ``runs`` keeps what each list of commands did, so a
    plan that is one finding's fix runs once."""
    what = "%s fix" % finding["code"] if finding else "tunnel plan"
    old = report["tunnels"][index]
    asa = asa_lines(finding)
    runs = {} if runs is None else runs
    key = (tuple(remediation["az"]), tuple(asa))
    if key not in runs:
        before, after, results = bench.apply(remediation["az"])
        failed = [str(r) for r in results if r.returncode != 0]
        fixed_asa, errors = asa_applied(asa_text, asa) if asa else (asa_text, [])
        failed += ["ASA: %s" % e for e in errors]
        runs[key] = (before, after, failed, None if failed else bench.check(fixed_asa))
    before, after, failed, new_report = runs[key]
    if failed:
        return ["%s: failed: %s" % (what, failed[0])]
    wrong = ["%s: %s" % (what, w) for w in same_values(remediation, before, after)]
    if len(new_report["tunnels"]) != len(report["tunnels"]):
        counts = (what, len(new_report["tunnels"]), len(report["tunnels"]))
        return wrong + ["%s: %d tunnel(s) after, %d before" % counts]
    new = new_report["tunnels"][index]
    for target in targets(finding, old):
        # Cleared: the code is gone at its severity (it may stay at a lower one, e.g. weak crypto configured
        # but no longer used with this peer is info).
        same = (target["code"], target["severity"])
        left = [f for f in new["findings"] if (f["code"], f["severity"]) == same]
        if len([f for f in old["findings"] if (f["code"], f["severity"]) == same]) <= len(left):
            wrong.append("%s: %s %s is still there: %s" % (what, same[1], same[0], left[0]["summary"]))
    remaining = list(problems(old))
    for problem in problems(new):
        if problem in remaining:
            remaining.remove(problem)
        else:
            wrong.append("%s: new %s %s after it" % (what, problem[1], problem[0]))
    if finding is None and new["verdict"] != "pass" and len(targets(None, old)) == len(problems(old)):
        wrong.append("%s: every error and warning had a proven Azure fix, yet the tunnel is %s after it: %s" % (
            what, new["verdict"], problems(new)))
    return wrong


def run_case(bench, asa_text, resources):
    """Load a case, check it, and verify every Azure fix with az: (report, problems, what each list of
    az commands did: {commands: (lab before, lab after, failures, report after)})."""
    bench.load(resources)
    report = bench.check(asa_text)
    fixes = azure_fixes(report)
    wrong, runs = [], {}
    for index, finding, remediation in fixes:
        wrong += verify_fix(bench, asa_text, report, index, finding, remediation, runs)
    return report, wrong, runs


# ---- 1. the named cases ------------------------------------------------------------------------
def test_seed_case_fixes_from_report_json_run_with_az(bench, run_playbook, tmp_path):
    """The seed case through check.yml: report.json's Azure commands, run as printed, clear their findings."""
    bench.load(SEED_ARM)
    export = tmp_path / "azure_resources.json"
    export.write_text(json.dumps(bench.lab.resources()))
    run_playbook("playbooks/check.yml", {"asa_config_file": os.path.join(SEED_DIR, "asa_running_config.txt"),
                                         "azure_resources_file": str(export), "report_dir": str(tmp_path / "out"),
                                         "fail_on": "never"})
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    live = bench.check(SEED_ASA)
    assert problems(live["tunnels"][0]) == problems(report["tunnels"][0])  # the export checks as the live read
    fixes = azure_fixes(report)
    codes = {f["code"] for _i, f, _r in fixes if f}
    assert "CHILD_DATA_LIMIT_MISMATCH" in codes, "the 2048 KB data lifetime is fixed on Azure"
    wrong, runs = [], {}
    for index, finding, remediation in fixes:
        wrong += verify_fix(bench, SEED_ASA, live, index, finding, remediation, runs)
    assert not wrong, "\n".join(wrong)
    [data_fix] = [r for _i, f, r in fixes if f and f["code"] == "CHILD_DATA_LIMIT_MISMATCH"]
    after = runs[(tuple(data_fix["az"]), ())][1]
    [connection] = [r for r in after.values() if r["name"] == "UKSouth-HQ-S2S"]
    [policy] = connection["properties"]["ipsecPolicies"]
    assert policy["saDataSizeKilobytes"] > 2048  # raised on Azure, never lowered on the ASA
    for text in (json.dumps(report), (tmp_path / "out" / "report.md").read_text()):
        assert SECRET not in text and PSK not in text


def test_default_policy_connection_gets_a_complete_custom_policy(bench):
    """Azure on its default policy, the ASA rekeying with PFS 14: the fix is a whole custom policy."""
    asa = asa_config(ike_enc="aes-256", ike_integ="sha", ike_prf="sha", ike_group="2", esp_enc="aes-256",
                     esp_integ="sha-1", global_seconds="28800", pfs="crypto map AZ-MAP 10 set pfs group14")
    report, wrong, runs = run_case(bench, asa, with_psk(azure_resources(policy=None)))
    assert not wrong, "\n".join(wrong)
    [pfs] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PFS_MISMATCH"]
    commands = pfs["remediation"]["azure"]["az"]
    # One update sets the whole policy list (never clear, then add: review 2026-12-05)
    assert [c.split(" --")[0] for c in commands] == ["az network vpn-connection update"], commands
    assert "--set 'ipsecPolicies=[" in commands[0]
    after = runs[(tuple(commands), ())][1]
    [connection] = [r for r in after.values() if r["type"].endswith("/connections")]
    [policy] = connection["properties"]["ipsecPolicies"]
    assert policy["pfsGroup"] == "PFS2048" and len(policy) == 8


def test_any_to_any_azure_against_a_crypto_map_turns_on_policy_based_selectors(bench):
    report, wrong, runs = run_case(bench, asa_config(), with_psk(azure_resources(use_policy_ts=False)))
    assert not wrong, "\n".join(wrong)
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    commands = finding["remediation"]["azure"]["az"]
    assert any("--use-policy-based-traffic-selectors true" in c for c in commands), commands
    assert runs[(tuple(commands), ())][3]["tunnels"][0]["verdict"] == "pass"


def test_local_network_gateway_address_is_fixed_on_the_local_network_gateway(bench):
    report, wrong, runs = run_case(bench, asa_config(), with_psk(azure_resources(lng_ip="198.51.100.11")))
    assert not wrong, "\n".join(wrong)
    [finding] = [f for f in report["tunnels"][0]["findings"] if f["code"] == "PEER_ADDRESS_MISMATCH"]
    commands = finding["remediation"]["azure"]["az"]
    assert all(c.startswith("az network local-gateway update ") for c in commands), commands
    before, after, _failed, checked = runs[(tuple(commands), ())]
    assert set(lab_changes(before, after)) == {("localNetworkGateways", "RG", "LNG")}  # not the connection
    assert checked["tunnels"][0]["verdict"] == "pass"


# ---- 2. the scenario tables ----------------------------------------------------------------------
TABLE = [(name, asa_config(**asa), with_psk(azure_resources(**arm))) for name, asa, arm, _e in SCENARIOS] + [
    (name, vti_config(**vti), with_psk(azure_resources(**dict(base, **arm))))
    for name, vti, base, arm, _e in ROUTE_SCENARIOS]


def test_every_azure_fix_of_the_scenario_tables_runs_with_az(az):
    """Every Azure fix the check prints for the scenario tables works when run with az as printed."""
    started = time.monotonic()
    chunks = [TABLE[i::WORKERS] for i in range(WORKERS)]

    def work(cases):
        out = []
        with tempfile.TemporaryDirectory(prefix="azcli-") as workdir:
            bench = Bench(az, workdir, cases[0][2])
            try:
                for name, asa_text, resources in cases:
                    case_started = time.monotonic()
                    report, wrong, runs = run_case(bench, asa_text, resources)
                    out.append({"name": name, "fixes": len(azure_fixes(report)), "az_runs": len(runs), "wrong": wrong,
                                "seconds": round(time.monotonic() - case_started, 1)})
                leaks = bench.leaks()
            finally:
                bench.close()
        return out, leaks

    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(work, [c for c in chunks if c]))
    cases = [case for out, _leaks in results for case in out]
    leaks = [leak for _out, found in results for leak in found]
    os.makedirs(os.path.dirname(TIMES), exist_ok=True)
    with open(TIMES, "w", encoding="utf-8") as handle:
        json.dump({"seconds": round(time.monotonic() - started, 1), "workers": WORKERS,
                   "fixes": sum(c["fixes"] for c in cases), "cases": cases}, handle, indent=1)
    assert not leaks, leaks
    wrong = ["[%s] %s" % (c["name"], w) for c in cases for w in c["wrong"]]
    assert not wrong, "\n".join(wrong)
    assert sum(c["fixes"] for c in cases) >= len([c for c in cases if c["fixes"]]) > 10
