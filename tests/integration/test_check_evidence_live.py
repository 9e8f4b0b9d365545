# -*- coding: utf-8 -*-
"""Issue 14, the live form through playbooks/check.yml: -e evidence_live=true captures a bounded IKEv2 debug on the
ASA lab (per peer of its tunnels) and reads the connection's IKE SAs on the ARM lab, and the check ties them to the
tunnel as it ties saved files - report.json's evidence block with PFS_MISMATCH confirmed by the captured exchange,
report.md, the summary's CONFIRMED line, set_stats. The debug levels read back from the lab are those it had; a
capture whose session drops is noted with what it left on and the check still reports; without evidence_live no
debug, monitor or logging command reaches the ASA and no getikesas reaches Azure."""

from __future__ import annotations

import json
import os
import re


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_DIR = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
with open(os.path.join(SEED_DIR, "asa_running_config.txt"), encoding="utf-8") as _handle:
    SEED_CONFIG = _handle.read()
with open(os.path.join(SEED_DIR, "show_crypto_ipsec_sa.txt"), encoding="utf-8") as _handle:
    SEED_IPSEC = _handle.read().replace("51.a.b.c", "203.0.113.20").replace("80.x.y.z", "198.51.100.10")

SECRET = "Lab-S3cret+/=5e1d~live"  # the ARM lab's client secret for this module (conftest seed_arm_lab)
PEER = "203.0.113.20"  # the seed ASA's peer, the Azure gateway; the lab's canned debug is about it
SHOW_PEER = "show crypto ipsec sa peer %s" % PEER
# hex lines of the lab's debug excerpt (a nonce and a KE value): never in hostvars' output, the console or a report
HEX_LINES = ("0a 1b 2c 3d 4e 5f", "11 22 33 44 55 66")
LIMITS = {"seconds": 1.5, "poll_interval": 0.2, "samples": 2, "sample_interval": 0.2}
# what the ASA is sent only by a capture
CAPTURE_WORDS = ("debug", "terminal monitor", "terminal no monitor", "show logging", "show crypto ipsec sa", "show clock")


def counters(encaps, decaps):
    return SEED_IPSEC.replace("#pkts encaps: 4549,", "#pkts encaps: %d," % encaps).replace(
        "#pkts decaps: 4953,", "#pkts decaps: %d," % decaps)


def inventory(path, lab, arm, **azure_vars):
    azure = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
             "subscription_id": arm.subscription, "client_id": arm.client_id, "secret": SECRET, "tenant": arm.tenant,
             "cloud_environment": arm.base_url, "adfs_authority_url": arm.authority, "ca_bundle": arm.ca_file,
             "resource_group": "RG", "azure_retries": 0}
    azure.update(azure_vars)
    path.write_text(json.dumps({"all": {"children": {
        "asa": {"hosts": {"hq-asa": lab.ansible_host_vars(network_os="vpnalign.s2s.asa")}},
        "azure": {"hosts": {"sub-uksouth": azure}}}}}))
    return str(path)


def check(run_playbook, tmp_path, lab, arm, name, azure_vars=None, **extra):
    out = tmp_path / name
    extravars = {"report_dir": str(out), "fail_on": "never"}
    extravars.update(extra)
    hosts = inventory(tmp_path / "inv.json", lab, arm, **(azure_vars or {}))
    result = run_playbook("playbooks/check.yml", extravars, check=False, args=["-i", hosts, "-v"],
                          env={"ANSIBLE_SHOW_CUSTOM_STATS": "true", "NO_PROXY": "127.0.0.1,localhost",
                               "no_proxy": "127.0.0.1,localhost"})
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything, result
    assert SECRET not in everything
    for hex_line in HEX_LINES:
        assert hex_line not in everything
    return result, out


def report_texts(out):
    return {name: (out / name).read_text() for name in ("report.json", "report.md", "report.html", "report.xml")}


def getikesas(arm):
    return [r for r in arm.requests() if r["method"] == "POST" and r["path"].lower().endswith("/getikesas")]


def test_live_capture_confirms_pfs_mismatch_and_restores_the_debug_levels(asa_lab_factory, arm, run_playbook, tmp_path):
    scenario = {"debug_levels": {"crypto ikev2 protocol": 1},  # left on by someone else: stays at 1
                "show": {SHOW_PEER: [counters(4549, 4953), counters(4702, 4953)]}}
    lab = asa_lab_factory(SEED_CONFIG, scenario=scenario)
    # the subscription host also runs Network Watcher's VPN troubleshoot of the connection (its storage account)
    troubleshoot = {"storage_id": "/subscriptions/%s/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/"
                                  "vpndiaglab" % arm.subscription,
                    "storage_path": "https://vpndiaglab.blob.core.windows.net/vpntroubleshoot"}
    result, out = check(run_playbook, tmp_path, lab, arm, "live", azure_vars={"evidence_troubleshoot": troubleshoot},
                        evidence_live=True, evidence_live_limits=LIMITS)
    assert result.rc == 0, result
    texts = report_texts(out)
    report = json.loads(texts["report.json"])
    [tunnel] = report["tunnels"]
    assert tunnel["asa"]["host"] == "hq-asa" and tunnel["azure"]["connection"] == "UKSouth-HQ-S2S"
    block = tunnel["evidence"]
    pfs = next(f for f in block["findings"] if f["code"] == "PFS_MISMATCH")
    assert pfs["status"] == "confirmed", block
    assert pfs["evidence"][0]["notify"] == "INVALID_KE_PAYLOAD" and "05:12:07" in pfs["evidence"][0]["time"]
    assert [m["message_id"] for m in block["misleading"]] == ["750003"]  # from the live syslog buffer
    assert block["sources"]["azure_ike_sas"] >= 1 and block["sources"]["counters"] == 2
    [asa_run, azure_run] = report["evidence"]["live"]
    assert asa_run["host"] == "hq-asa" and asa_run["peer"] == PEER and asa_run["read"] == ["debug", "syslog", "counters"]
    assert asa_run["debug_restored"] is True and asa_run["left_on"] == {} and "error" not in asa_run
    assert asa_run["capture"]["stopped_by"] == "duration"
    assert azure_run["connection"] == "UKSouth-HQ-S2S" and azure_run["read"] == ["azure_ike_sas", "azure_troubleshoot"]
    assert block["sources"]["azure_troubleshoot"] >= 1
    assert report["evidence"]["tunnels"] == [tunnel["name"]] and report["evidence"]["inputs"] == {}
    # the device's own view after the run: the level someone else left on, nothing this run turned on
    assert lab.state()["debug"] == {"crypto ikev2 protocol": 1}
    sent = lab.command_lines()
    assert sent.index("show running-config") < sent.index("terminal monitor") < sent.index("debug crypto ikev2 protocol 127")
    assert len(getikesas(arm)) == 1
    assert [r["path"] for r in arm.requests() if r["method"] == "POST" and r["path"].endswith("/troubleshoot")]
    assert "CONFIRMED PFS_MISMATCH by the evidence: 05:12:07" in result.stdout
    stats = next(line for line in result.stdout.splitlines() if line.strip().startswith("RUN:"))
    assert re.search(r"evidence: +confirmed: 1 ", stats), stats
    assert "### What the devices said" in texts["report.md"]
    for name, text in texts.items():
        for hex_line in HEX_LINES:
            assert hex_line not in text, name


def test_without_evidence_live_nothing_more_reaches_the_devices(asa_lab_factory, arm, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"show": {SHOW_PEER: [counters(1, 1)]}})
    result, out = check(run_playbook, tmp_path, lab, arm, "plain")
    assert result.rc == 0, result
    sent = lab.command_lines()
    assert "show running-config" in sent
    assert not [line for line in sent if line.startswith(CAPTURE_WORDS)], sent
    assert getikesas(arm) == []
    report = json.loads((out / "report.json").read_text())
    assert "evidence" not in report and all("evidence" not in t for t in report["tunnels"])


def test_a_capture_that_loses_its_session_is_noted_and_set_back_on_a_new_connection(
        asa_lab_factory, arm, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG, scenario={"debug_levels": {"crypto ikev2 platform": 3}, "debug_drop_after_lines": 6})
    result, out = check(run_playbook, tmp_path, lab, arm, "dropped", evidence_live=True,
                        evidence_live_limits=dict(LIMITS, samples=0, platform_level=0))
    assert result.rc == 0, result  # noted, not fatal: the check ran and wrote its reports
    report = json.loads((out / "report.json").read_text())
    asa_run = next(r for r in report["evidence"]["live"] if r["host"] == "hq-asa")
    assert asa_run["debug_restored"] is False and asa_run["left_on"] == {"crypto ikev2 protocol": 127}
    assert asa_run["set_back_on_new_connection"] is True and "error" in asa_run
    note = next(n for n in report["evidence"]["notes"] if n.startswith("hq-asa: the live capture for peer %s failed" % PEER))
    assert note.endswith("it left on debug crypto ikev2 protocol 127, set back on a new connection and read back: "
                         "debug crypto ikev2 platform 3"), note
    assert "set back on a new connection" in result.stdout + result.stderr  # the warning
    # the device: what someone else had on before, nothing of this run
    assert lab.state()["debug"] == {"crypto ikev2 platform": 3}
    assert lab.command_lines()[-2:] == ["no debug crypto ikev2 protocol", "show debug"]
    # the Azure side was still read and tied; the verdict is the configuration's
    [tunnel] = report["tunnels"]
    assert tunnel["verdict"] == "fail" and tunnel["evidence"]["sources"]["azure_ike_sas"] >= 1


def test_keys_are_compared_only_when_asked_and_the_report_says_when_they_were_not(asa_lab_factory, arm, run_playbook,
                                                                                  tmp_path):
    # review 2026-12-04: check.yml read every Azure shared key each night and compared none (the ASA's stayed masked),
    # so a key mismatch passed and nothing said the keys were not compared
    lab = asa_lab_factory(SEED_CONFIG.replace("pre-shared-key *****", "pre-shared-key Asa-Side-Key-1"))
    result, out = check(run_playbook, tmp_path, lab, arm, "default")
    report = json.loads((out / "report.json").read_text())
    assert report["keys_not_compared"] == {"tunnels": 1, "of": 1, "asa_key_not_read": 1, "azure_key_not_read": 1}
    assert "Pre-shared keys not compared for 1 of 1 tunnel(s)" in result.stdout
    assert "Pre-shared keys not compared" in (out / "report.md").read_text()
    assert not [r for r in arm.requests() if r["path"].lower().endswith("/sharedkey")], "no key read when not compared"
    result, out = check(run_playbook, tmp_path, lab, arm, "compared", compare_keys=True)
    report = json.loads((out / "report.json").read_text())
    [tunnel] = report["tunnels"]
    assert "keys_not_compared" not in report, report.get("keys_not_compared")
    assert "AUTH_MISMATCH" in [f["code"] for f in tunnel["findings"]]
    assert "Asa-Side-Key-1" not in result.stdout + result.stderr + (out / "report.json").read_text()


def test_a_shared_key_that_cannot_be_read_is_said_in_the_report(asa_lab_factory, arm, run_playbook, tmp_path):
    # review 2026-12-04: a 403 or 429 on the sharedkey read dropped the comparison with a warning in the host's output
    lab = asa_lab_factory(SEED_CONFIG.replace("pre-shared-key *****", "pre-shared-key Asa-Side-Key-1"))
    arm.set_faults({"forbidden": {"path_regex": "/sharedkey"}})
    result, out = check(run_playbook, tmp_path, lab, arm, "refused", compare_keys=True)
    report = json.loads((out / "report.json").read_text())
    assert report["keys_not_compared"]["azure_key_not_read"] == 1
    [note] = [n for n in report.get("notes") or [] if "shared key of connection" in n]
    assert "UKSouth-HQ-S2S" in note and "host sub-uksouth" in note, note
    assert "AUTH_MISMATCH" not in [f["code"] for t in report["tunnels"] for f in t["findings"]]
