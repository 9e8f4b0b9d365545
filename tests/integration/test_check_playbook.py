# -*- coding: utf-8 -*-
"""playbooks/check.yml through ansible-playbook, as a user runs it on saved files."""

import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from report_files_helpers import assert_not_run_xml


SEED = "examples/seed-asa-azure-pfs"


def run_check(run_playbook, tmp_path, asa, azure, fail_on="never", check=True):
    out = tmp_path / "report"
    result = run_playbook(
        "playbooks/check.yml",
        {"asa_config_file": asa, "azure_resources_file": azure, "report_dir": str(out), "fail_on": fail_on},
        check=check,
    )
    assert "Traceback" not in result.stdout + result.stderr, result
    return result, out


def load_report(out):
    with open(os.path.join(str(out), "report.json")) as handle:
        return json.load(handle)


def errors_and_warnings(report):
    return sorted((f["code"], f["severity"]) for t in report["tunnels"] for f in t["findings"] if f["severity"] != "info")


def test_seed_case_diagnosis(run_playbook, tmp_path):
    result, out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", SEED + "/azure_resources.json")
    report = load_report(out)
    assert report["schema_version"] == 1
    assert report["summary"] == {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
    [tunnel] = report["tunnels"]
    assert tunnel["asa"] == {"host": "gateway", "crypto_map": "CRYPTO-MAP", "seq": 2, "peer": "203.0.113.20",
                             "address": "198.51.100.10", "file": SEED + "/asa_running_config.txt"}
    assert tunnel["azure"] == {"connection": "UKSouth-HQ-S2S", "gateway": "UKSouth-VNG", "resource_group": "RG",
                               "file": SEED + "/azure_resources.json", "site_address": "198.51.100.10"}
    assert errors_and_warnings(report) == [("PFS_MISMATCH", "error"), ("REKEY_TOO_FREQUENT", "warning")]
    pfs = next(f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH")
    assert pfs["phase"] == "child_rekey"
    assert pfs["remediation"]["asa"] == ["crypto map CRYPTO-MAP 2 set pfs group19"]
    assert pfs["proof"]["asa"]["proven"] is True
    assert "azure" not in pfs["remediation"], "Azure's PFS is never removed to match the ASA"
    assert pfs["evidence"]["azure"]["pfs_group"] == "group19" and pfs["evidence"]["asa"]["pfs_group"] == "none"
    assert any(line["text"].startswith("crypto map CRYPTO-MAP 2") and line["line"] > 0
               for line in pfs["evidence"]["asa"]["lines"])
    data = next(f for f in tunnel["findings"] if f["code"] == "CHILD_DATA_LIMIT_MISMATCH")
    assert data["severity"] == "info" and "Azure rekeys every 2048 KB" in data["summary"]
    too_often = next(f for f in tunnel["findings"] if f["code"] == "REKEY_TOO_FREQUENT")
    policy = too_often["remediation"]["azure"]["connection"]["properties"]["ipsecPolicies"][0]
    assert policy["saDataSizeKilobytes"] > 2048 and policy["pfsGroup"] == "ECP256"
    assert not any("kilobytes" in line for f in tunnel["findings"] for line in f["remediation"].get("asa", []))
    # The console shows the diagnosis, not just a file path.
    assert "PFS_MISMATCH" in result.stdout and "crypto map CRYPTO-MAP 2 set pfs group19" in result.stdout


def test_reports_are_written_in_three_formats(run_playbook, tmp_path):
    _result, out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", SEED + "/azure_resources.json",
                             fail_on="error", check=False)
    suites = ET.parse(str(out / "report.xml")).getroot()
    [suite] = suites.findall("testsuite")
    failed = {case.get("name"): case.find("failure").get("type")
              for case in suite.findall("testcase") if case.find("failure") is not None}
    # JUnit follows fail_on: the warning is below it, so it is reported (system-out), not failed
    assert failed == {"PFS_MISMATCH": "error"}
    [too_often] = [case for case in suite.findall("testcase") if case.get("name") == "REKEY_TOO_FREQUENT"]
    assert "WARNING REKEY_TOO_FREQUENT" in too_often.find("system-out").text
    assert int(suite.get("tests")) >= 22
    markdown = (out / "report.md").read_text()
    # headed by name and stable id (report.json's), as report.xml's suite is
    assert "## UKSouth-HQ-S2S (azure:00000000-0000-0000-0000-000000000000/RG/UKSouth-HQ-S2S asa:gateway/CRYPTO-MAP/2): fail" in markdown
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in markdown


def test_report_formats_write_only_those_and_judge_the_same(run_playbook, tmp_path):
    out = tmp_path / "nightly"
    out.mkdir()
    for stale in ("report.json", "report.html"):  # a run before this one (or another tool) wrote these
        (out / stale).write_text("an earlier run")
    result = run_playbook("playbooks/check.yml", {
        "asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
        "report_dir": str(out), "fail_on": "error", "report_formats": ["xml"]}, check=False)
    assert result.rc != 0 and "1 error(s) and 1 warning(s); fail_on is error" in result.stdout  # the gate as before
    assert sorted(os.listdir(str(out))) == ["report.html", "report.json", "report.xml"]
    assert (out / "report.json").read_text() == "an earlier run"  # left as it was, and said
    console = " ".join((result.stdout + result.stderr).split())
    assert "%s was not written by this run (report_formats xml)" % (out / "report.json") in console
    [suite] = ET.parse(str(out / "report.xml")).getroot().findall("testsuite")
    assert [c.get("name") for c in suite.findall("testcase") if c.find("failure") is not None] == ["PFS_MISMATCH"]
    for formats, says in (([], "report_formats is empty: give at least one of json, xml, md, html, or no report_dir"),
                          (["json", "pdf"], "report_formats")):
        refused = run_playbook("playbooks/check.yml", {
            "asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
            "report_dir": str(tmp_path / "refused"), "report_formats": formats}, check=False)
        assert refused.rc != 0 and says in refused.stdout + refused.stderr, refused
        assert not (tmp_path / "refused").exists()


def test_as_posted_config_gives_the_same_diagnosis_plus_what_it_cannot_read(run_playbook, tmp_path):
    _result, out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.as_posted.txt",
                             SEED + "/azure_resources.json")
    report = load_report(out)
    [tunnel] = report["tunnels"]
    codes = errors_and_warnings(report)
    assert ("PFS_MISMATCH", "error") in codes and ("REKEY_TOO_FREQUENT", "warning") in codes
    undefined = sorted(f["evidence"]["asa"]["name"] for f in tunnel["findings"] if f["code"] == "UNDEFINED_REFERENCE")
    assert undefined == ["AzureLabNet-LAN", "HQ-UKSouth-LAN"]
    invalid = [f for f in tunnel["findings"] if f["code"] == "INVALID_VALUE"]
    assert [f["evidence"]["asa"]["value"] for f in invalid] == ["51.a.b.c"]
    assert set(code for code, _severity in codes) == {
        "PFS_MISMATCH", "REKEY_TOO_FREQUENT", "UNDEFINED_REFERENCE", "INVALID_VALUE"}


def test_crlf_and_pager_remnants_do_not_change_the_diagnosis(run_playbook, repo_root, tmp_path):
    with open(os.path.join(repo_root, SEED, "asa_running_config.txt")) as handle:
        lines = handle.read().splitlines()
    # What a terminal capture looks like: CRLF, a pager prompt erased with backspaces mid-config.
    lines[30] = "<--- More --->" + "\b" * 14 + " " * 14 + "\b" * 14 + lines[30]
    pasted = tmp_path / "pasted.txt"
    pasted.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    _result, out = run_check(run_playbook, tmp_path, str(pasted), os.path.join(repo_root, SEED, "azure_resources.json"))
    assert errors_and_warnings(load_report(out)) == [("PFS_MISMATCH", "error"), ("REKEY_TOO_FREQUENT", "warning")]


def test_fail_on_error_fails_the_play_after_writing_reports(run_playbook, tmp_path):
    result, out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", SEED + "/azure_resources.json",
                            fail_on="error", check=False)
    assert result.rc != 0
    assert "1 error(s) and 1 warning(s); fail_on is error. Reports are in %s." % out in result.stdout
    assert (out / "report.json").exists()


def test_a_run_that_stops_leaves_no_earlier_report_to_be_taken_for_its_own(run_playbook, tmp_path):
    # review 2026-12-04: a failed night left the previous night's four files in place, and nothing in them said when
    # they were written
    out = tmp_path / "report"
    run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", SEED + "/azure_resources.json")
    written = load_report(out)
    assert written["run"]["fail_on"] == "never" and written["run"]["generated_at"].endswith("Z")
    assert "Written %s (UTC)." % written["run"]["generated_at"] in (out / "report.md").read_text()
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    result, _out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", str(broken), check=False)
    assert result.rc != 0
    report = load_report(out)
    assert report["status"] == "not_run" and "not JSON" in report["reason"], report
    assert report["tunnels"] == [] and report["run"]["generated_at"] >= written["run"]["generated_at"]
    assert not [name for name in ("report.md", "report.html") if (out / name).exists()]
    assert_not_run_xml(out, "not JSON")


@pytest.mark.parametrize("stop, said", [
    # the role's own stops, before the check ran
    ({"fail_on": "warn"}, "fail_on (compliance_fail_on) must be one of error, warning, never, not \"warn\""),
    # a value with a line break is quoted and escaped, never printed as a line of its own (a forged verdict line)
    ({"fail_on": "never\nPASS [forged] all tunnels pass"},
     "fail_on (compliance_fail_on) must be one of error, warning, never, not \"never\\nPASS [forged] all tunnels pass\""),
    ({"azure_resources_file": ""}, "Nothing was checked: nothing to check on the Azure side"),
    # a bool the role once refused in its argument spec, before its rescue: now refused inside the block, so the
    # report says why (review H6)
    ({"unpaired_ok": "maybe"}, "vpn_compat_check: argument 'unpaired_ok' is of type str and we were unable to "
                               "convert to bool"),
])
def test_a_run_that_stops_before_the_check_leaves_no_earlier_report_either(run_playbook, tmp_path, stop, said):
    # review 2026-12-04: only the check's own stops said so; a refused fail_on left last night's passing report.json,
    # and report.xml for the pipeline, in place
    out = tmp_path / "report"
    run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", SEED + "/azure_resources.json")
    assert load_report(out)["tunnels"]
    variables = {"asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
                 "report_dir": str(out), "fail_on": "never"}
    variables.update(stop)
    result = run_playbook("playbooks/check.yml", variables, check=False)
    assert result.rc != 0
    report = load_report(out)
    assert report["status"] == "not_run" and said in report["reason"], report
    assert report["tunnels"] == [] and report["summary"]["tunnels"] == 0
    assert not [name for name in ("report.md", "report.html") if (out / name).exists()]
    assert_not_run_xml(out)


def test_a_report_dir_that_cannot_be_written_stops_the_check_before_it_reads(run_playbook, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not a directory")
    result = run_playbook("playbooks/check.yml", {
        "asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
        "report_dir": str(afile), "fail_on": "never"}, args=["-v"], check=False)
    assert result.rc != 0 and "cannot write the reports" in result.stdout and "nothing was read" in result.stdout
    assert "read " + SEED not in result.stdout  # -v says each file read: none was
    assert afile.read_text() == "not a directory"


def test_missing_input_file_is_a_clear_failure(run_playbook, tmp_path):
    result, _out = run_check(run_playbook, tmp_path, "no/such/asa.txt", SEED + "/azure_resources.json", check=False)
    assert result.rc != 0
    assert "asa_config_files: cannot read no/such/asa.txt: No such file or directory" in result.stdout


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_named_as_a_config_is_a_clear_failure_not_a_hang(run_playbook, tmp_path, special):
    # review 2026-12-05 (hostile input): a FIFO blocked the run for ever, /dev/zero grew the worker to 11 GB
    path = "/dev/zero" if special == "/dev/zero" else str(tmp_path / "asa.txt")
    if special == "fifo":
        os.mkfifo(path)
    result, _out = run_check(run_playbook, tmp_path, path, SEED + "/azure_resources.json", check=False)
    assert result.rc != 0
    assert "asa_config_files: cannot read %s: it is a %s, not a regular file" % (
        path, "pipe (FIFO)" if special == "fifo" else "device") in result.stdout


def test_azure_file_that_is_not_json_is_a_clear_failure(run_playbook, tmp_path):
    broken = tmp_path / "azure.json"
    broken.write_text('[{"name": "x", ')
    result, _out = run_check(run_playbook, tmp_path, SEED + "/asa_running_config.txt", str(broken), check=False)
    assert result.rc != 0
    assert "is not JSON" in result.stdout


@pytest.mark.parametrize("module", ["asa_vpn_facts", "azure_vpn_facts", "vpn_compat_check"])
def test_ansible_doc_renders(repo_root, module):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env["ANSIBLE_CONFIG"] = os.path.join(repo_root, "ansible.cfg")
    done = subprocess.run([os.path.join(repo_root, ".venv", "bin", "ansible-doc"), "vpnalign.s2s." + module],
                          cwd=repo_root, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "OPTIONS" in done.stdout and "EXAMPLES" in done.stdout and "RETURN VALUES" in done.stdout


# ---------------------------------------------------------------------------
# Input that is not an ASA configuration fails with a clear message, never "0 tunnels"
# ---------------------------------------------------------------------------
JUNOS_SET = (
    "set system host-name srx-edge\n"
    "set interfaces st0 unit 1 family inet address 169.254.21.1/30\n"
    "set security ike gateway AZ-GW address 203.0.113.20\n"
    "set security ipsec vpn AZ-VPN bind-interface st0.1\n"
)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "it is empty"),
        (JUNOS_SET.encode(), "Junos 'set' commands"),
        (bytes(range(256)) * 8 + b"\xff\xfe\x00\x81" * 64, "binary data"),
    ],
    ids=["empty", "junos", "random-bytes"],
)
def test_input_that_is_no_asa_config_fails_with_the_reason(run_playbook, tmp_path, content, reason):
    asa = tmp_path / "asa.txt"
    asa.write_bytes(content)
    result, out = run_check(run_playbook, tmp_path, str(asa), SEED + "/azure_resources.json", check=False)
    assert result.rc != 0
    assert "is not an ASA configuration: " in result.stdout and reason in result.stdout, result
    # no report that would read as "0 tunnels, all pass": the run is said not to have run, and why
    report = load_report(out)
    assert report["status"] == "not_run" and "is not an ASA configuration" in report["reason"]


def test_a_tunnel_behind_a_dynamic_crypto_map_does_not_pass_silently(run_playbook, tmp_path):
    result, out = run_check(run_playbook, tmp_path, "tests/fixtures/route_based/dynamic_crypto_map/asa_running_config.txt",
                            SEED + "/azure_resources.json", check=False)
    # no static tunnel end on the ASA: the gate fails even at fail_on=never (nothing of it was checked)
    assert result.rc != 0 and "ASA branch-asa holds no tunnel" in result.stdout, result
    report = load_report(out)
    findings = [f for t in report["tunnels"] for f in t["findings"]] + list(report.get("findings") or [])
    unsupported = [f for f in findings if f["code"] == "UNSUPPORTED_CONSTRUCT"]
    assert unsupported, report
    assert any("dynamic map AZURE-DYN" in f["summary"] and f["severity"] == "warning" for f in unsupported)
    assert "UNSUPPORTED_CONSTRUCT" in result.stdout


# ---------------------------------------------------------------------------
# A fleet in one run: directories of saved configs and exports, and live ASAs gathered in their own play
# ---------------------------------------------------------------------------
FIXTURES = "tests/fixtures/route_based"
# Each case alone (its own ASA config and Azure export) gives one tunnel with this verdict.
SINGLE_RUN_VERDICTS = {("gateway", "UKSouth-HQ-S2S"): "fail", ("shop-asa", "uks-to-shop-asa"): "pass"}


def verdicts(report):
    return {(t["asa"]["host"], t["name"]): t["verdict"] for t in report["tunnels"]}


def test_directories_of_configs_and_exports_give_one_report_over_all(run_playbook, repo_root, tmp_path):
    configs, exports = tmp_path / "backups", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    # named as a backup tool names them: the device name comes from the hostname line, not the file
    for source, name in ((SEED + "/asa_running_config.txt", "10.0.0.1.cfg"),
                         (FIXTURES + "/vti_static/asa_running_config.txt", "10.0.0.2.cfg"),
                         (FIXTURES + "/policy_based_ikev1/asa_running_config.txt", "10.0.0.3.cfg")):
        (configs / name).write_bytes(open(os.path.join(repo_root, source), "rb").read())
    for source, name in ((SEED + "/azure_resources.json", "sub-uksouth.json"),
                         (FIXTURES + "/vti_static/azure_resources.json", "sub-shops.json")):
        (exports / name).write_bytes(open(os.path.join(repo_root, source), "rb").read())
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {"asa_config_file": str(configs), "azure_resources_file": str(exports),
                                                  "report_dir": str(out), "fail_on": "never"}, args=["-v"])
    report = load_report(out)
    assert verdicts(report) == SINGLE_RUN_VERDICTS
    # the third ASA's tunnel has no Azure end in these exports: listed, not dropped
    assert [u["asa"]["host"] for u in report["unpaired"]] == ["hq-asa"]
    assert "2 tunnel(s): 1 fail, 0 degraded, 1 pass" in result.stdout
    assert "vpn_compat_check: 2 of 2 paired tunnel(s) checked" in result.stdout  # progress at -v
    assert "vpn_compat_check: asa_config_files: read %s (hq-asa): " % (configs / "10.0.0.3.cfg") in result.stdout
    # the task result is compact: the report is in the files, not in the result
    assert "report_files:" in result.stdout and "junit:" not in result.stdout and "remediation" not in result.stdout


def test_a_failover_pair_s_two_backups_are_one_device_and_the_output_says_which_file_was_not_read(
        run_playbook, repo_root, tmp_path):
    configs = tmp_path / "backups"
    configs.mkdir()
    seed = open(os.path.join(repo_root, SEED, "asa_running_config.txt")).read()
    for name, unit in (("fw-standby.cfg", "secondary"), ("fw-active.cfg", "primary")):
        (configs / name).write_text(seed.replace("hostname gateway\n", "hostname gateway\nfailover\nfailover lan unit %s\n" % unit))
    result, out = run_check(run_playbook, tmp_path, str(configs), SEED + "/azure_resources.json", check=False)
    assert result.rc == 0, result
    # said at the default verbosity: a file left out is never silent
    active, standby = configs / "fw-active.cfg", configs / "fw-standby.cfg"
    note = ("asa_config_files: %s and %s are the two units of failover pair gateway with the same configuration: "
            "checked once, from the primary unit's %s" % (active, standby, active))
    assert "vpn_compat_check: " + note in result.stdout
    assert result.stdout.count(note) == 1, result.stdout  # said once: the summary lines do not repeat it
    report = load_report(out)
    assert verdicts(report) == {("gateway", "UKSouth-HQ-S2S"): "fail"}
    # and in the report files, which is what a compliance user in AWX reads: the file left out is named there too
    assert report["notes"] == [note]
    markdown = (out / "report.md").read_text()
    assert "## Notes on the sources read" in markdown and "- %s\n" % note in markdown
    [suite] = ET.parse(str(out / "report.xml")).getroot().findall("testsuite[@name='notes on the sources read']")
    assert [case.get("name") for case in suite.findall("testcase")] == [note] and suite.get("failures") == "0"
    assert str(standby) in (out / "report.html").read_text()


def test_live_asas_are_gathered_in_their_play_and_checked_on_localhost(asa_lab_factory, run_playbook, repo_root,
                                                                       tmp_path):
    labs = {}
    for host, config in (("asa-hq", SEED + "/asa_running_config.txt"),
                         ("asa-shop", FIXTURES + "/vti_static/asa_running_config.txt")):
        with open(os.path.join(repo_root, config)) as handle:
            labs[host] = asa_lab_factory(handle.read())
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {
        host: lab.ansible_host_vars(network_os="vpnalign.s2s.asa") for host, lab in labs.items()}}}}}))
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {
        "azure_resources_file": [SEED + "/azure_resources.json", FIXTURES + "/vti_static/azure_resources.json"],
        "report_dir": str(out), "fail_on": "never"}, args=["-i", str(inventory)])
    report = load_report(out)
    # devices are named by their inventory host; the verdicts are those of the saved configs
    assert verdicts(report) == {("asa-hq", "UKSouth-HQ-S2S"): "fail", ("asa-shop", "uks-to-shop-asa"): "pass"}
    assert report["unpaired"] == []
    gathered = result.stdout.split("PLAY [Read the ASA ends]")[1].split("PLAY [")[0]
    assert "ok: [asa-hq]" in gathered and "ok: [asa-shop]" in gathered
    for lab in labs.values():  # each ASA read once, by its own host
        assert lab.command_lines().count("show running-config") == 1


def closed_port():
    """A local TCP port nothing listens on (bound, then released): connecting to it is refused."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_asa_that_cannot_be_read_is_reported_and_fails_the_gate(asa_lab_factory, run_playbook, repo_root,
                                                                   tmp_path):
    with open(os.path.join(repo_root, FIXTURES, "vti_static/asa_running_config.txt")) as handle:
        lab = asa_lab_factory(handle.read())
    down = dict(lab.ansible_host_vars(network_os="vpnalign.s2s.asa"), ansible_port=closed_port())
    # a host Ansible finds unreachable (an SSH connection refused): no message is kept for it
    dark = {"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": closed_port()}
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {
        "asa-shop": lab.ansible_host_vars(network_os="vpnalign.s2s.asa"), "asa-down": down, "asa-dark": dark}}}}}))
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", {
        "azure_resources_file": [SEED + "/azure_resources.json", FIXTURES + "/vti_static/azure_resources.json"],
        "report_dir": str(out), "fail_on": "error"}, args=["-i", str(inventory), "-v"], check=False)
    assert "Traceback" not in result.stdout + result.stderr, result
    report = load_report(out)
    # progress at -v: a line per ASA read
    assert "asa_vpn_facts: asa-shop: read live: " in result.stdout
    # the ASA that was read is checked as usual (its tunnel passes)
    assert verdicts(report)[("asa-shop", "uks-to-shop-asa")] == "pass"
    # the other is an error naming it and why; the Azure end that would pair with it is unpaired
    [unread] = [t for t in report["tunnels"] if t["asa"] and t["asa"]["host"] == "asa-down"]
    [finding] = unread["findings"]
    assert finding["code"] == "HOST_NOT_READ" and finding["severity"] == "error"
    assert "asa-down" in finding["summary"] and "refused" in finding["summary"].lower(), finding
    [dark_entry] = [t for t in report["tunnels"] if t["asa"] and t["asa"]["host"] == "asa-dark"]
    assert [f["code"] for f in dark_entry["findings"]] == ["HOST_NOT_READ"]
    assert "unreachable" in dark_entry["findings"][0]["summary"]
    assert lab.password not in json.dumps(report)
    unpaired_azure = {"connection": "UKSouth-HQ-S2S", "gateway": "UKSouth-VNG", "resource_group": "RG",
                      "file": SEED + "/azure_resources.json", "site_address": "198.51.100.10"}
    assert report["unpaired"] == [{"azure": unpaired_azure, "reason": "no ASA of this run is at its peer address "
                                                                      "198.51.100.10 (its local network gateway's)"}]
    # the gate fails, saying which host was not read
    assert result.rc != 0
    gate_line = [line for line in result.stdout.splitlines() if "Not read" in line]
    assert gate_line and "ASA asa-down, ASA asa-dark" in gate_line[0], result.stdout
    assert "HOST_NOT_READ" in (out / "report.md").read_text() and "asa-down" in (out / "report.xml").read_text()


def test_a_fact_cache_does_not_stand_in_for_a_host_this_run_did_not_read(asa_lab_factory, run_playbook, repo_root,
                                                                         tmp_path):
    # review 2026-12-04: with fact caching on (AWX "Enable Fact Storage"), a host whose read failed or was unreachable
    # tonight was checked from last night's facts, and the gate passed
    with open(os.path.join(repo_root, FIXTURES, "vti_static/asa_running_config.txt")) as handle:
        lab = asa_lab_factory(handle.read())
    cache = tmp_path / "fact-cache"
    env = {"ANSIBLE_CACHE_PLUGIN": "jsonfile", "ANSIBLE_CACHE_PLUGIN_CONNECTION": str(cache),
           "ANSIBLE_CACHE_PLUGIN_TIMEOUT": "86400"}
    good = lab.ansible_host_vars(network_os="vpnalign.s2s.asa")

    def night(name, host_vars):
        inventory = tmp_path / (name + "-inventory.json")  # an inventory: the secret scan counts it, as a test input
        inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {"asa-shop": host_vars}}}}}))
        out = tmp_path / name
        result = run_playbook("playbooks/check.yml", {
            "azure_resources_file": FIXTURES + "/vti_static/azure_resources.json", "report_dir": str(out),
            "fail_on": "error"}, env=env, args=["-i", str(inventory)], check=False)
        return result, load_report(out)

    result, report = night("read", good)
    assert result.rc == 0 and verdicts(report)[("asa-shop", "uks-to-shop-asa")] == "pass", result.stdout[-3000:]
    assert any("asa-shop" in path.name for path in cache.iterdir())  # the facts are in the cache
    for name, host_vars in (("unreachable", dict(good, ansible_port=closed_port())),
                            ("refused", dict(good, ansible_password="not-the-password"))):
        result, report = night(name, host_vars)
        [entry] = [t for t in report["tunnels"] if t["asa"] and t["asa"]["host"] == "asa-shop"]
        assert [f["code"] for f in entry["findings"]] == ["HOST_NOT_READ"], (name, entry)
        assert result.rc != 0, name


CLOSE_PLAYBOOK = """
- hosts: asa
  gather_facts: false
  tasks:
    - name: Read the ASA
      vpnalign.s2s.asa_vpn_facts:
        close_connection: "{{ close }}"
    # in the same play (its end closes every connection), on localhost (a task that runs on the ASA host
    # would open a connection of its own)
    - name: Give a closing connection its moment to remove its socket
      ansible.builtin.pause:
        seconds: 2
      delegate_to: localhost
    - name: The persistent connections' sockets left
      ansible.builtin.find:
        paths: "{{ lookup('ansible.builtin.env', 'ANSIBLE_HOME') }}/pc"
        file_type: any
      delegate_to: localhost
      register: sockets
    - name: Say how many
      ansible.builtin.debug:
        msg: "sockets left: {{ sockets.matched }}"
"""


@pytest.mark.parametrize("close", [True, False])
def test_close_connection_ends_the_persistent_connection_inside_the_read_task(asa_lab_factory, run_playbook,
                                                                              repo_root, tmp_path, close):
    with open(os.path.join(repo_root, SEED, "asa_running_config.txt")) as handle:
        lab = asa_lab_factory(handle.read())
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"all": {"children": {"asa": {"hosts": {
        "asa-hq": lab.ansible_host_vars(network_os="vpnalign.s2s.asa")}}}}}))
    playbook = tmp_path / "close.yml"
    playbook.write_text(CLOSE_PLAYBOOK)
    result = run_playbook(str(playbook), {"close": close}, args=["-i", str(inventory)])
    # closed: no ansible-connection left for the host; not closed: it idles until its timeout or the run's end
    assert ("sockets left: %d" % (0 if close else 1)) in result.stdout, result.stdout


def test_baseline_overrides_the_weak_crypto_baseline(run_playbook, tmp_path):
    # review H5: -e baseline=... was ignored (the default baseline judged), only compliance_baseline was read
    out = tmp_path / "report"
    run_playbook("playbooks/check.yml", {
        "asa_config_file": SEED + "/asa_running_config.txt", "azure_resources_file": SEED + "/azure_resources.json",
        "report_dir": str(out), "fail_on": "never", "baseline": {"weak_integrity": ["MD5", "SHA1", "SHA256"]}})
    weak = [f for t in load_report(out)["tunnels"] for f in t["findings"] if f["code"] == "WEAK_CRYPTO"]
    assert weak and any("SHA256" in f["summary"] for f in weak)
