# -*- coding: utf-8 -*-
"""plugin_utils/fact_sources.py: where the controller-side check gets its facts, and what it refuses."""

import json
import os
import shutil

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.vpnalign.s2s.plugins.module_utils import compat
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "examples", "seed-asa-azure-pfs")
SEED_ASA = os.path.join(SEED, "asa_running_config.txt")
SEED_AZURE = os.path.join(SEED, "azure_resources.json")


def seed_text(hostname="gateway"):
    with open(SEED_ASA) as handle:
        text = handle.read()
    if hostname is None:
        return "".join(line for line in text.splitlines(True) if not line.startswith("hostname "))
    return text.replace("hostname gateway\n", "hostname %s\n" % hostname)


@pytest.fixture
def configs(tmp_path):
    """A directory of saved configs as a backup tool keeps them: three devices, a hidden file, a subdirectory."""
    folder = tmp_path / "asa"
    folder.mkdir()
    (folder / "zz-edge.txt").write_text(seed_text("edge"))
    (folder / "dc1-fw.cfg").write_text(seed_text("dc1"))
    (folder / "branch7").write_text(seed_text(None))
    (folder / ".git").mkdir()
    (folder / ".oxidized.lock").write_text("not a config")
    (folder / "old").mkdir()
    (folder / "old" / "x.txt").write_text(seed_text("old"))
    return folder


def test_a_directory_gives_one_device_per_file_in_sorted_order_named_by_hostname_else_file(configs):
    facts = asa_facts_from({}, paths=str(configs))
    assert [f["host"] for f in facts] == ["branch7", "dc1", "edge"]
    assert all(len(f["tunnels"]) == 1 for f in facts)
    # the name is the device's in the report: every end carries it
    assert facts[0]["tunnels"][0]["ref"]["host"] == "branch7"


def test_a_glob_and_a_list_of_paths(configs, tmp_path):
    facts = asa_facts_from({}, paths=[str(configs / "*.txt"), str(configs / "dc1-fw.cfg")])
    assert [f["host"] for f in facts] == ["edge", "dc1"]
    # the same file named twice is read once
    assert len(asa_facts_from({}, paths=[str(configs / "*.cfg"), str(configs / "dc1-fw.cfg")])) == 1


def test_two_files_of_one_device_are_an_error_naming_both(configs):
    shutil.copy(str(configs / "zz-edge.txt"), str(configs / "edge-backup.txt"))
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(configs))
    message = str(caught.value)
    assert message.startswith("asa_config_files: device edge is in both ")
    assert "edge-backup.txt" in message and "zz-edge.txt" in message


def test_an_empty_directory_or_a_glob_matching_nothing_is_an_error_not_a_pass(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text(seed_text())
    with pytest.raises(AnsibleActionFail, match="asa_config_files: directory .*empty has no file to read"):
        asa_facts_from({}, paths=str(empty))
    with pytest.raises(AnsibleActionFail, match=r"asa_config_files: .*/nothing-\*.txt matches no file"):
        asa_facts_from({}, paths=str(tmp_path / "nothing-*.txt"))
    (empty / "notes.txt").write_text("x")
    with pytest.raises(AnsibleActionFail, match=r"azure_resources_files: directory .*empty has no \*.json file"):
        azure_facts_from({}, paths=str(empty))


def test_a_bad_file_in_a_directory_fails_naming_it(configs):
    (configs / "printer.txt").write_bytes(b"\x00\x01\x02" * 200)
    with pytest.raises(AnsibleActionFail) as caught:
        asa_facts_from({}, paths=str(configs))
    assert "asa_config_files: " in str(caught.value) and "printer.txt is not an ASA configuration: " in str(caught.value)


def test_a_missing_file_names_the_option_and_the_path(tmp_path):
    with pytest.raises(AnsibleActionFail, match="asa_config_files: cannot read .*/no.txt: No such file"):
        asa_facts_from({}, paths=str(tmp_path / "no.txt"))


def test_azure_exports_several_files_and_errors(tmp_path):
    folder = tmp_path / "az"
    folder.mkdir()
    shutil.copy(SEED_AZURE, str(folder / "sub-a.json"))
    (folder / "sub-b.json").write_text(other_subscription(SEED_AZURE))
    (folder / "README.md").write_text("exports")
    facts = azure_facts_from({}, paths=[str(folder)])
    assert len(facts) == 2 and all(len(f["tunnels"]) == 1 for f in facts)
    (folder / "sub-c.json").write_text('[{"name": ')
    with pytest.raises(AnsibleActionFail, match="azure_resources_files: .*sub-c.json is not JSON"):
        azure_facts_from({}, paths=str(folder))


def other_subscription(path):
    """The export at ``path`` as if taken in another subscription (other resource ids)."""
    with open(path) as handle:
        return handle.read().replace("00000000-0000-0000-0000-000000000000", "11111111-1111-4111-8111-111111111111")


def test_the_same_azure_connection_in_two_sources_is_an_error_naming_both(tmp_path):
    shutil.copy(SEED_AZURE, str(tmp_path / "sub-a.json"))
    shutil.copy(SEED_AZURE, str(tmp_path / "sub-a-again.json"))
    connection = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG/providers/"
                  "Microsoft.Network/connections/UKSouth-HQ-S2S")
    with pytest.raises(AnsibleActionFail) as raised:
        azure_facts_from({}, paths=str(tmp_path))
    message = str(raised.value)
    assert message.startswith("azure_resources_files: connection %s is in both " % connection)
    assert "sub-a-again.json and " in message and message.split(" and ")[1].split()[0].endswith("sub-a.json")
    # two subscription hosts that read the same subscription; resource ids are compared without case
    gathered = azure_facts_from({}, paths=SEED_AZURE)[0]
    shouting = json.loads(json.dumps(gathered).replace("/resourceGroups/RG/", "/RESOURCEGROUPS/RG/"))
    task_vars = {"hostvars": {"sub-1": {"vpnalign_azure": gathered}, "sub-2": {"vpnalign_azure": shouting}}}
    with pytest.raises(AnsibleActionFail, match=r"^azure_hosts: connection .* is in both host sub-1 and host sub-2 "
                                                r"\(one connection per host"):
        azure_facts_from(task_vars, hosts=["sub-1", "sub-2"])
    # the check would otherwise have seen the tunnel twice
    assert len(run_check(asa_facts_from({}, paths=SEED_ASA), [gathered, shouting])["tunnels"]) == 2
    # an active-active connection's two ends in one source are one connection, not a duplicate
    twice = dict(gathered, tunnels=gathered["tunnels"] * 2)
    assert azure_facts_from({}, facts=twice) == [twice]
    # other subscriptions' exports of the same names are other connections
    (tmp_path / "sub-a-again.json").write_text(other_subscription(SEED_AZURE))
    assert len(azure_facts_from({}, paths=str(tmp_path))) == 2


def test_hosts_whose_read_failed_are_listed_with_the_reason_when_asked(tmp_path):
    gathered = asa_facts_from({}, paths=SEED_ASA)[0]
    task_vars = {"hostvars": {"asa1": {"vpnalign_asa": gathered},
                              "refused": {"vpnalign_asa_error": "asa_vpn_facts: could not open a CLI session on "
                                                                "the ASA:\n ssh connect failed: Connection refused"},
                              "dark": {"inventory_hostname": "dark"}}}
    unread = []
    facts = asa_facts_from(task_vars, hosts=["asa1", "refused", "dark"], unread=unread)
    assert [f["host"] for f in facts] == ["gateway"]
    assert [host for host, _why in unread] == ["refused", "dark"]
    assert unread[0][1] == ("asa_vpn_facts: could not open a CLI session on the ASA: ssh connect failed: "
                            "Connection refused")
    assert "unreachable" in unread[1][1]
    # without the list, a host without facts is still an error (align needs every host it plans for)
    with pytest.raises(AnsibleActionFail, match="asa_hosts: host refused has no vpnalign_asa fact"):
        asa_facts_from(task_vars, hosts=["asa1", "refused"])
    unread = []
    assert azure_facts_from({"hostvars": {"sub": {"vpnalign_azure_error": "x" * 5000}}}, hosts="sub", unread=unread) == []
    assert unread[0][0] == "sub" and len(unread[0][1]) == 600 and unread[0][1].endswith("...")


def test_facts_of_hosts_come_from_hostvars_and_a_host_without_them_is_named(tmp_path):
    gathered = asa_facts_from({}, paths=SEED_ASA)[0]
    task_vars = {"hostvars": {"asa1": {"vpnalign_asa": gathered},
                              "asa2": {"ansible_facts": {"vpnalign_asa": dict(gathered, host="asa2")}},
                              "down": {"inventory_hostname": "down"}}}
    facts = asa_facts_from(task_vars, hosts=["asa1", "asa2"])
    assert [f["host"] for f in facts] == ["gateway", "asa2"]
    with pytest.raises(AnsibleActionFail, match="asa_hosts: host down has no vpnalign_asa fact"):
        asa_facts_from(task_vars, hosts=["asa1", "down"])
    with pytest.raises(AnsibleActionFail, match="azure_hosts: host nowhere is not in the inventory"):
        azure_facts_from(task_vars, hosts="nowhere")


def test_a_device_both_gathered_live_and_given_as_a_file_is_an_error():
    gathered = asa_facts_from({}, paths=SEED_ASA)[0]
    with pytest.raises(AnsibleActionFail, match="device gateway is in both host asa1 and "):
        asa_facts_from({"hostvars": {"asa1": {"vpnalign_asa": gathered}}}, hosts=["asa1"], paths=SEED_ASA)
    # the second copy given as data: the message names asa_facts and its rule, not the files' (review finding)
    with pytest.raises(AnsibleActionFail, match=r"^asa_facts: device gateway is in both .* and asa_facts\[0\] \(one entry per device\)"):
        asa_facts_from({}, paths=SEED_ASA, facts=[gathered])


def test_facts_given_as_data_and_bad_option_types():
    gathered = asa_facts_from({}, paths=SEED_ASA)[0]
    assert asa_facts_from({}, facts=gathered) == [gathered]
    with pytest.raises(AnsibleActionFail, match="asa_facts must be the facts dict"):
        asa_facts_from({}, facts="gateway")
    with pytest.raises(AnsibleActionFail, match=r"asa_config_files\[1\] must be a string"):
        asa_facts_from({}, paths=[SEED_ASA, 3])


def _fleet(tmp_path, devices=50):
    """``devices`` saved ASA configs (the seed's, each with its own name and addresses; every third also has
    PFS, every fifth a 2 MB data lifetime) in one directory, and their Azure ends split over two exports."""
    configs, exports = tmp_path / "configs", tmp_path / "exports"
    configs.mkdir()
    exports.mkdir()
    with open(SEED_AZURE) as handle:
        azure_text = handle.read()
    resources = {0: [], 1: []}
    singles = []
    for i in range(devices):
        outside, peer = "198.51.100.%d" % (i + 100), "203.0.113.%d" % (i + 100)
        text = seed_text("asa-%02d" % i).replace("198.51.100.10 ", outside + " ").replace("203.0.113.20", peer)
        if i % 3 == 0:
            text = text.replace("crypto map CRYPTO-MAP 2 set nat-t-disable\n",
                                "crypto map CRYPTO-MAP 2 set nat-t-disable\ncrypto map CRYPTO-MAP 2 set pfs group19\n")
        if i % 5 == 0:
            text = text.replace("lifetime seconds 3600\n", "lifetime seconds 3600\n"
                                "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes 2048\n")
        site = (azure_text.replace("203.0.113.20", peer).replace("198.51.100.10", outside)
                .replace("UKSouth-", "S%02d-" % i).replace("HQ-LNG", "S%02d-LNG" % i))
        (configs / ("backup-%02d" % (devices - i))).write_text(text)  # file order is not device order
        resources[i % 2].extend(json.loads(site))
        singles.append((text, site))
    for half, items in resources.items():
        (exports / ("sub-%d.json" % half)).write_text(json.dumps(items))
    return configs, exports, singles


def test_a_directory_of_50_configs_and_two_exports_gives_the_verdicts_of_50_single_runs(tmp_path):
    configs, exports, singles = _fleet(tmp_path)
    report = run_check(asa_facts_from({}, paths=str(configs)), azure_facts_from({}, paths=str(exports)))
    combined = {(t["asa"]["host"], t["name"]): (t["verdict"], sorted(f["code"] for f in t["findings"]))
                for t in report["tunnels"]}
    single = {}
    for text, site in singles:
        one = run_check([asa_facts_from_text(text, source="src")], [azure_facts_from_data(json.loads(site))])
        single.update({(t["asa"]["host"], t["name"]): (t["verdict"], sorted(f["code"] for f in t["findings"]))
                       for t in one["tunnels"]})
    assert len(combined) == 50 and report["unpaired"] == []
    assert combined == single
    assert {verdict for verdict, _codes in combined.values()} == {"fail", "degraded"}  # both kinds, per device


def test_a_long_check_reports_progress_every_n_tunnels_and_at_the_end(tmp_path, monkeypatch):
    configs, exports, _singles = _fleet(tmp_path, devices=7)
    monkeypatch.setattr(compat, "PROGRESS_EVERY", 3)
    seen = []
    report = run_check(asa_facts_from({}, paths=str(configs)), azure_facts_from({}, paths=str(exports)),
                       progress=lambda checked, total: seen.append((checked, total)))
    assert len(report["tunnels"]) == 7
    assert seen == [(3, 7), (6, 7), (7, 7)]


def test_each_saved_file_read_is_a_progress_line(configs, tmp_path):
    lines = []
    facts = asa_facts_from({}, paths=str(configs), progress=lines.append)
    assert len(lines) == len(facts) == 3
    assert lines[0].startswith("asa_config_files: read %s (branch7): " % (configs / "branch7"))
    assert lines[0].endswith("line(s), 1 tunnel end(s)")
    azure_lines = []
    azure_facts_from({}, paths=SEED_AZURE, progress=azure_lines.append)
    assert azure_lines == ["azure_resources_files: read %s: 1 tunnel end(s)" % SEED_AZURE]
