# -*- coding: utf-8 -*-
"""The compliance gate of playbooks/check.yml (issue 13): a run that checks nothing, an input holding no
tunnel and an unpaired end fail it with a message saying why; unpaired ends are in every report; the
summary reads the same without the checkout's ansible.cfg."""

import json
import os
import xml.etree.ElementTree as ET

from report_files_helpers import assert_not_run

SEED = "examples/seed-asa-azure-pfs"
VTI = "tests/fixtures/route_based/vti_static"  # one tunnel that passes
IKEV1 = "tests/fixtures/route_based/policy_based_ikev1"  # ASA hq-asa, whose peer is in no export used here


def check(run_playbook, tmp_path, extravars, env=None):
    out = tmp_path / "report"
    result = run_playbook("playbooks/check.yml", dict({"report_dir": str(out)}, **extravars), env=env, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result
    return result, out


def test_misspelled_variables_fail_naming_the_lookalike(run_playbook, tmp_path):
    result, out = check(run_playbook, tmp_path, {"asa_config_fle": SEED + "/asa_running_config.txt",
                                                 "azure_resources_file": SEED + "/azure_resources.json"})
    assert result.rc != 0
    assert "Nothing was checked: nothing to check on the ASA side" in result.stdout, result
    assert ("no ASA host to read: inventory group asa is not in the inventory; with playbooks/check.yml give "
            "-e asa_config_file=... or hosts in the inventory group asa") in result.stdout
    assert "Variables set that look like a misspelling: asa_config_fle." in result.stdout
    assert_not_run(out, "Nothing was checked")


def test_an_empty_or_missing_asa_group_is_named_as_the_one_read(run_playbook, tmp_path):
    # A live run whose ASA group (vpnalign_asa_group) is empty, missing or left out by --limit said "give ... an
    # inventory group asa", naming a group the run did not use and not what was wrong with the one it did.
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("[firewalls]\n\n[edge]\nfw-edge-01 ansible_host=192.0.2.1\n\n[controller]\nlocalhost ansible_connection=local\n")
    for group, said, extra in (("firewalls", "inventory group firewalls (vpnalign_asa_group) is empty", []),
                               ("fw_typo", "inventory group fw_typo (vpnalign_asa_group) is not in the inventory", []),
                               ("edge", "inventory group edge (vpnalign_asa_group) has 1 host(s), none in this run (--limit)",
                                ["--limit", "localhost"])):
        out = tmp_path / group
        result = run_playbook("playbooks/check.yml", {"report_dir": str(out), "vpnalign_asa_group": group,
                                                      "azure_resources_file": SEED + "/azure_resources.json"},
                              check=False, args=["-i", str(inventory)] + extra)
        assert result.rc != 0 and "Traceback" not in result.stdout + result.stderr
        assert "no ASA host to read: %s" % said in result.stdout, result.stdout[-3000:]
        assert "or an inventory group asa" not in result.stdout
        assert_not_run(out, said)


def test_an_asa_only_run_fails_saying_the_azure_side_is_missing(run_playbook, tmp_path):
    result, _out = check(run_playbook, tmp_path, {"asa_config_file": SEED + "/asa_running_config.txt",
                                                  "fail_on": "never"})
    assert result.rc != 0
    assert "Nothing was checked: nothing to check on the Azure side" in result.stdout, result
    assert "give -e azure_resources_file=... or hosts in the inventory group azure" in result.stdout


def test_an_asa_file_with_no_tunnel_fails_the_gate_naming_it(run_playbook, repo_root, tmp_path):
    with open(os.path.join(repo_root, SEED, "asa_running_config.txt")) as handle:
        lines = [line for line in handle.read().splitlines() if not line.lstrip().startswith("crypto map")]
    bare = tmp_path / "asa.txt"
    bare.write_text("\n".join(lines) + "\n")
    result, out = check(run_playbook, tmp_path, {"asa_config_file": str(bare), "fail_on": "never",
                                                 "azure_resources_file": SEED + "/azure_resources.json"})
    assert result.rc != 0
    assert "Nothing was checked: no ASA tunnel end and Azure connection are a pair" in result.stdout, result
    assert "ASA gateway holds no tunnel (no crypto map entry or tunnel interface)." in result.stdout
    assert (out / "report.json").exists()  # the reports are written before the gate stops the play


def test_an_unpaired_end_fails_the_gate_and_is_in_every_report_unless_expected(run_playbook, tmp_path):
    inputs = {"asa_config_file": [VTI + "/asa_running_config.txt", IKEV1 + "/asa_running_config.txt"],
              "azure_resources_file": VTI + "/azure_resources.json", "fail_on": "error"}
    result, out = check(run_playbook, tmp_path, inputs)
    assert result.rc != 0
    failed = [line for line in result.stdout.splitlines() if "without a counterpart, not checked" in line]
    assert failed and "ASA hq-asa" in failed[0] and "set unpaired_ok if they are expected" in failed[0], result.stdout
    with open(str(out / "report.json")) as handle:
        assert [end["asa"]["host"] for end in json.load(handle)["unpaired"]] == ["hq-asa"]
    unpaired = ET.parse(str(out / "report.xml")).getroot().find("testsuite[@name='unpaired ends']")
    assert unpaired.get("failures") == "1"
    [case] = unpaired.findall("testcase")
    assert case.get("name").startswith("ASA hq-asa") and case.find("failure") is not None
    assert "## Ends without a counterpart" in (out / "report.md").read_text()
    assert "UNPAIRED ASA hq-asa" in result.stdout

    expected, out = check(run_playbook, tmp_path, dict(inputs, unpaired_ok=True))
    assert expected.rc == 0, expected
    case = ET.parse(str(out / "report.xml")).getroot().find("testsuite[@name='unpaired ends']/testcase")
    assert case.find("skipped") is not None and case.find("failure") is None
    assert "UNPAIRED (not failed) ASA hq-asa" in expected.stdout


def test_the_summary_is_one_line_per_item_without_the_checkouts_ansible_cfg(run_playbook, repo_root, tmp_path):
    # ansible-playbook's own defaults (the default callback, JSON results), as AWX or an installed
    # collection runs it: the summary must not come out as one string with literal \n
    config = tmp_path / "ansible.cfg"
    config.write_text("[defaults]\n")
    result, _out = check(run_playbook, tmp_path, {"asa_config_file": SEED + "/asa_running_config.txt",
                                                  "azure_resources_file": SEED + "/azure_resources.json",
                                                  "fail_on": "never"},
                         env={"ANSIBLE_CONFIG": str(config)})
    assert result.rc == 0, result
    summary = result.stdout.split("TASK [vpnalign.s2s.compliance : Summary]")[1].split("TASK [")[0]
    assert "\\n" not in summary, summary
    assert '"1 tunnel(s): 1 fail, 0 degraded, 0 pass",' in summary
    assert '"    fix ASA (proven): crypto map CRYPTO-MAP 2 set pfs group19",' in summary


# A second VTI of the VTI fixture's ASA, to a site over IPv6 that no Azure connection of the run is at
IPV6_VTI = ("interface Tunnel20\n nameif partner-v6\n ip address 169.254.200.1 255.255.255.252\n"
            " tunnel source interface outside\n tunnel destination 2001:db8::20\n tunnel mode ipsec ipv6\n"
            " tunnel protection ipsec profile azure-uks-profile\n!\n")


def test_an_unpaired_end_s_own_findings_are_on_the_console_and_fail_the_gate_though_expected(run_playbook, repo_root,
                                                                                             tmp_path):
    """Review s43 F: the IPv6 VTI's UNSUPPORTED_CONSTRUCT (and its errors) were in no report and passed the gate."""
    with open(os.path.join(repo_root, VTI, "asa_running_config.txt")) as handle:
        text = handle.read()
    assert text.count("ftp mode passive\n") == 1
    asa = tmp_path / "asa.txt"
    asa.write_text(text.replace("ftp mode passive\n", IPV6_VTI + "ftp mode passive\n"))
    result, out = check(run_playbook, tmp_path, {"asa_config_file": str(asa), "unpaired_ok": True, "fail_on": "error",
                                                 "azure_resources_file": VTI + "/azure_resources.json"})
    said = " ".join(result.stdout.split())  # the callback wraps long lines
    end = said.index("UNPAIRED (not failed) ASA shop-asa Tunnel20 peer 2001:db8::20")
    assert "WARNING UNSUPPORTED_CONSTRUCT (config): Line" in said[end:], result.stdout
    assert "an IPv6 VTI (tunnel mode ipsec ipv6) is not modelled" in said[end:]
    assert "ERROR PEER_NOT_FOUND (config): Interface Tunnel20" in said[end:]
    assert result.rc != 0, result.stdout  # its errors fail at fail_on=error, unpaired_ok or not
    assert "2 error(s) and 1 warning(s); fail_on is error." in said
    with open(str(out / "report.json")) as handle:
        [end] = json.load(handle)["unpaired"]
    assert end["verdict"] == "fail" and "UNSUPPORTED_CONSTRUCT" in [f["code"] for f in end["findings"]]
