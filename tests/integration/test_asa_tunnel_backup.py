# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel backup against ASA SSH labs through ansible-playbook and network_cli: each device's backup is a
file of its own (its inventory name in the file name, never another push's file overwritten), readable by its owner
only (it holds password hashes), and a backup_dir that cannot take it fails the task before anything is read."""

import json
import os
import stat

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(REPO, "examples", "seed-asa-azure-pfs", "asa_running_config.txt"), encoding="utf-8") as _h:
    SEED_CONFIG = _h.read()
PFS_FIX = dict(crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)


def _named(name):
    """The seed config with ``hostname <name>``: which device a backup came from shows in the file."""
    first = [line for line in SEED_CONFIG.splitlines() if line.startswith("hostname ")][0]
    return SEED_CONFIG.replace(first, "hostname " + name)


def _run(run_playbook, labs, tmp_path, args, fails=False):
    """asa_vpn_tunnel with ``args`` on every lab of ``labs`` (inventory name -> lab) at once (forks 2); the results
    by inventory name."""
    inventory = {"all": {"hosts": {name: lab.ansible_host_vars(network_os="vpnalign.s2s.asa")
                                   for name, lab in labs.items()}}}
    inv = tmp_path / "inv.json"
    inv.write_text(json.dumps(inventory))
    out = tmp_path / "results"
    out.mkdir()
    play = [{"hosts": "all", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_tunnel": args, "register": "r", "ignore_errors": fails},
        {"ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out) + "/{{ inventory_hostname | replace('/', '_') }}.json"},
         "delegate_to": "localhost"}]}]
    path = tmp_path / "pb.yml"
    path.write_text(json.dumps(play))
    run_playbook(str(path), args=["-i", str(inv), "-f", "2"])
    return dict((name, json.loads((out / ("%s.json" % name.replace("/", "_"))).read_text())) for name in labs)


def test_two_asas_in_the_same_second_get_each_its_own_backup_file_mode_0600(asa_lab_factory, run_playbook, tmp_path):
    labs = dict((name, asa_lab_factory(_named(name))) for name in ("fw-one", "fw/two"))
    backup_dir = tmp_path / "backups"
    results = _run(run_playbook, labs, tmp_path, dict(PFS_FIX, backup=True, backup_dir=str(backup_dir)))
    paths = []
    for name, result in results.items():
        assert result["changed"] is True, result
        path = result["backup_path"]
        paths.append(path)
        assert os.path.dirname(path) == str(backup_dir)
        # the inventory name, made safe for a file name ("fw/two" -> "fw_two")
        assert os.path.basename(path).startswith("asa_vpn_tunnel_%s_" % name.replace("/", "_")), path
        with open(path, encoding="utf-8") as handle:
            held = [line for line in handle.read().splitlines() if line.startswith("hostname ")]
        assert held == ["hostname " + name], (path, held)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(set(paths)) == 2
    assert sorted(os.listdir(str(backup_dir))) == sorted(os.path.basename(p) for p in paths)


def test_a_backup_dir_that_is_a_file_fails_before_the_config_is_read(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the backup directory should be\n")
    before = lab.running_config()
    result = _run(run_playbook, {"asa": lab}, tmp_path, dict(PFS_FIX, backup=True, backup_dir=str(blocker)),
                  fails=True)["asa"]
    assert result["failed"] is True and result["changed"] is False
    assert "backup_dir %s" % blocker in result["msg"] and "nothing was read or sent" in result["msg"], result["msg"]
    assert "show running-config" not in lab.command_lines()
    assert lab.running_config() == before
    assert blocker.read_text() == "a file where the backup directory should be\n"
