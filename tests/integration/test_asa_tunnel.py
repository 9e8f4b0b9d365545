# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel through ansible-playbook and network_cli against the ASA SSH lab:
fewest commands, idempotent, check mode changes nothing, keys never shown, and a line the
device rejects midway leaves the config exactly as before."""

import json
import os


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(REPO, "examples", "seed-asa-azure-pfs", "asa_running_config.txt"), encoding="utf-8") as _h:
    SEED_CONFIG = _h.read()
PSK = "Tunnel-PSK-Never-Shown-5c2"
BASE = "hostname fw\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\n" \
       " ip address 198.51.100.10 255.255.255.248\n"
NEW_TUNNEL = dict(
    crypto_map="AZ", seq=10, interface="outside", peer="203.0.113.20",
    local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"],
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=0, child_lifetime_seconds=27000,
    child_lifetime_kilobytes="102400000", group_policy="AZ-GP", pre_shared_key=PSK,
)


def run_tunnel(run_playbook, lab, tmp_path, args, check_mode=False, fails=False, name="t", keywords=None):
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / ("%s.json" % name)
    playbook = [
        {"name": "tunnel", "hosts": "asa", "gather_facts": False, "tasks": [
            dict({"name": "tunnel", "vpnalign.s2s.asa_vpn_tunnel": args, "register": "r", "ignore_errors": fails},
                 **(keywords or {})),
            {"name": "save", "delegate_to": "localhost", "check_mode": False,
             "ansible.builtin.copy": {"content": "{{ r | to_json }}", "dest": str(out)}},
        ]}]
    path = tmp_path / ("%s.yml" % name)
    path.write_text(json.dumps(playbook))
    cli = ["-i", inventory, "-vvv", "--diff"] + (["--check"] if check_mode else [])
    proc = run_playbook(str(path), args=cli)
    output = proc.stdout + proc.stderr
    assert PSK not in output, "the pre-shared key leaked into the output"
    assert "Traceback" not in output
    return json.loads(out.read_text()), proc


def config_lines(lab):
    return [line for line in lab.running_config().splitlines() if line.strip()]


def test_seed_pfs_fix_sends_one_line_then_nothing(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    args = dict(crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)
    result, proc = run_tunnel(run_playbook, lab, tmp_path, args)
    assert result["changed"] is True and result["commands"] == ["crypto map CRYPTO-MAP 2 set pfs group19"]
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in lab.running_config()
    assert "+crypto map CRYPTO-MAP 2 set pfs group19" in proc.stdout
    config_mode = [c["command"] for c in lab.commands() if c["mode"].startswith("config")]
    assert config_mode == ["crypto map CRYPTO-MAP 2 set pfs group19", "end"]
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, args, name="again")
    assert again["changed"] is False and again["commands"] == []


def test_check_mode_changes_nothing(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE)
    before = lab.running_config()
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_TUNNEL, check_mode=True)
    assert result["changed"] is True and len(result["commands"]) > 10
    assert lab.running_config() == before
    assert not [c for c in lab.commands() if c["mode"].startswith("config") or c["command"] == "configure terminal"]


def test_new_tunnel_is_built_then_idempotent_and_the_key_never_shows(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE)
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_TUNNEL)
    assert result["changed"] is True
    assert all("*****" in c for c in result["commands"] if "pre-shared-key" in c)
    text = lab.running_config()
    for line in ("crypto map AZ 10 set peer 203.0.113.20", "crypto map AZ interface outside",
                 "crypto ikev2 enable outside", "tunnel-group 203.0.113.20 type ipsec-l2l",
                 "crypto map AZ 10 set ikev2 ipsec-proposal AZ-10-vpnalign"):
        assert line in text
    # The device got the key; nothing the collection printed or logged did.
    log = open(lab.log_path, encoding="utf-8").read()
    assert PSK not in log or all(PSK not in c["command"] for c in lab.commands() if c["mode"] == "exec")
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_TUNNEL, name="again")
    assert again["changed"] is False, again["commands"]


def test_a_line_rejected_midway_leaves_the_config_exactly_as_before(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE, scenario={"reject": [r"^crypto map AZ 10 set ikev2 ipsec-proposal"]})
    before = config_lines(lab)
    result, proc = run_tunnel(run_playbook, lab, tmp_path, NEW_TUNNEL, fails=True)
    assert result.get("failed") is True
    assert "the device refused" in result["msg"] and "Invalid input" in result["msg"]
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    assert result["rolled_back"], "nothing was undone"
    assert config_lines(lab) == before
    assert PSK not in proc.stdout


def test_absent_removes_only_the_tunnel(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    args = dict(crypto_map="CRYPTO-MAP", seq=2, acl="uksouth-s2s-acl", state="absent")
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, args)
    assert result["changed"] is True
    text = lab.running_config()
    assert "crypto map CRYPTO-MAP 2 " not in text and "tunnel-group 203.0.113.20" not in text
    assert "access-list uksouth-s2s-acl" not in text
    for kept in ("crypto ikev2 policy 2", "object-group network HQ-network", "nat (LAN,INTERNET)"):
        assert kept in text


# ---------------------------------------------------------------------------------------------
# A route-based end: VTI, ipsec profile, static route and BGP neighbor
# ---------------------------------------------------------------------------------------------
NEW_VTI = dict(
    tunnel_interface="Tunnel1", tunnel_nameif="AZURE", tunnel_address="169.254.21.2/30",
    tunnel_source_interface="outside", peer="203.0.113.20", ipsec_profile="AZ-PROF",
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=14, child_lifetime_seconds=27000, pre_shared_key=PSK,
    routes=[{"network": "10.20.0.0/16", "gateway": "169.254.21.1"}],
    bgp={"asn": 65010, "neighbor": "169.254.21.1", "remote_as": 65515, "networks": ["10.1.0.0/24"]},
)


def test_new_vti_end_is_built_in_order_then_idempotent(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory("ASA Version 9.16(4)\n" + BASE)
    result, proc = run_tunnel(run_playbook, lab, tmp_path, NEW_VTI)
    assert result["changed"] is True
    assert all("*****" in c for c in result["commands"] if "pre-shared-key" in c)
    text = lab.running_config()
    for line in ("interface Tunnel1\n nameif AZURE\n", " tunnel protection ipsec profile AZ-PROF",
                 "crypto ipsec profile AZ-PROF\n", " set pfs group14", "route AZURE 10.20.0.0 255.255.0.0 169.254.21.1",
                 "  neighbor 169.254.21.1 remote-as 65515", "  neighbor 169.254.21.1 activate",
                 "crypto ikev2 enable outside", "tunnel-group 203.0.113.20 type ipsec-l2l"):
        assert line in text, line
    assert "+interface Tunnel1" in proc.stdout, "the diff shows the new tunnel"
    config_mode = [c for c in lab.commands() if c["mode"].startswith("config")]
    assert not [c for c in config_mode if c["result"] != "ok"], "every line was accepted"
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_VTI, name="again")
    assert again["changed"] is False, again["commands"]


def test_vti_check_mode_changes_nothing(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE)
    before = lab.running_config()
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_VTI, check_mode=True)
    assert result["changed"] is True and "router bgp 65010" in result["commands"]
    assert lab.running_config() == before
    assert not [c for c in lab.commands() if c["mode"].startswith("config") or c["command"] == "configure terminal"]


def test_vti_line_rejected_midway_leaves_the_config_as_before(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(BASE, scenario={"reject": [r"neighbor 169\.254\.21\.1 activate"]})
    before = sorted(config_lines(lab))
    result, proc = run_tunnel(run_playbook, lab, tmp_path, NEW_VTI, fails=True)
    assert result.get("failed") is True and "the device refused" in result["msg"]
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    assert "no interface Tunnel1" in result["rolled_back"] and "no router bgp 65010" in result["rolled_back"]
    assert sorted(config_lines(lab)) == before
    assert PSK not in proc.stdout


def test_vti_options_that_cannot_reach_the_device_fail_before_anything_is_sent(asa_lab_factory, run_playbook,
                                                                               tmp_path):
    lab = asa_lab_factory(BASE)
    bad = dict(NEW_VTI, bgp=dict(NEW_VTI["bgp"], neighbor="169.254.21.1\nno crypto ikev2 enable outside"))
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, bad, fails=True)
    assert result.get("failed") is True and "bgp.neighbor" in result["msg"]
    mixed = dict(NEW_VTI, crypto_map="AZ", seq=10)
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, mixed, fails=True, name="mixed")
    assert result.get("failed") is True and "mutually exclusive" in result["msg"]
    assert not [c for c in lab.commands() if c["command"] == "configure terminal"]


with open(os.path.join(REPO, "tests", "fixtures", "route_based", "vti_bgp_single", "asa_running_config.txt"),
          encoding="utf-8") as _h:
    VTI_BGP = _h.read().replace("pre-shared-key *****", "pre-shared-key " + PSK)


def test_vti_absent_removes_the_end_and_only_it_then_nothing(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(VTI_BGP)
    args = dict(tunnel_interface="Tunnel1", state="absent")
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, args)
    assert result["changed"] is True
    text = lab.running_config()
    for gone in ("interface Tunnel1", "neighbor 169.254.21.1", "crypto ipsec profile AZURE-WEU-PROFILE",
                 "ipsec-proposal AZURE-WEU-ESP", "tunnel-group 203.0.113.20"):
        assert gone not in text, gone
    for kept in ("router bgp 65010", "network 10.1.0.0 mask 255.255.255.0", "crypto ikev2 policy 10",
                 "crypto ikev2 enable OUTSIDE", "group-policy AZURE-WEU-GP internal"):
        assert kept in text, kept
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, args, name="again")
    assert again["changed"] is False and again["commands"] == []


def test_vti_absent_rejected_midway_puts_everything_back(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(VTI_BGP, scenario={"reject": [r"^no crypto ipsec profile"]})
    before = sorted(config_lines(lab))
    result, proc = run_tunnel(run_playbook, lab, tmp_path, dict(tunnel_interface="Tunnel1", state="absent"),
                              fails=True)
    assert result.get("failed") is True and "the device refused" in result["msg"]
    assert "every change was undone" in result["msg"] and result["left_over"] == []
    assert sorted(config_lines(lab)) == before, "the interface, neighbor and tunnel-group are back"
    assert PSK not in proc.stdout


def test_several_ends_in_one_task_build_a_tunnel_and_fix_another_then_nothing(asa_lab_factory, run_playbook, tmp_path):
    """tunnels (issue 12): a new tunnel (its item asks for the task's key) and the seed's PFS fix in one session, with
    one write memory; the key never shows, and the same task again changes nothing."""
    lab = asa_lab_factory(SEED_CONFIG)
    new = dict({k: v for k, v in NEW_TUNNEL.items() if k != "pre_shared_key"}, interface="INTERNET",
               crypto_map="CRYPTO-MAP", seq=10, peer="198.51.100.77", name="new", use_pre_shared_key=True)
    args = dict(tunnels=[new, dict(name="pfs", crypto_map="CRYPTO-MAP", seq=2, pfs_group=19)], pre_shared_key=PSK,
                save_when="changed")
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, args)
    assert result["changed"] is True and [r["name"] for r in result["results"]] == ["new", "pfs"]
    assert result["results"][1]["commands"] == ["crypto map CRYPTO-MAP 2 set pfs group19"]
    text = lab.running_config()
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in text and "crypto map CRYPTO-MAP 10 set peer 198.51.100.77" in text
    assert text.count(PSK) == 2, "the new tunnel-group got the key, both directions"
    commands = lab.command_lines()
    assert commands.count("write memory") == 1
    # one read to start, then per changed end its read-back (the next end's plan and guard)
    assert commands.count("show running-config") == 3
    again, _proc = run_tunnel(run_playbook, lab, tmp_path, args, name="again")
    assert again["changed"] is False and [r["commands"] for r in again["results"]] == [[], []]


def test_the_push_works_over_cisco_asa_connection_plugins_too(asa_lab_factory, run_playbook, cisco_collections_path,
                                                              tmp_path):
    """cisco.asa is deprecated but must keep working: the push, now run in Ansible's worker (the action plugin), over
    its cliconf and terminal plugins, then nothing left to change."""
    lab = asa_lab_factory(SEED_CONFIG)
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="cisco.asa.asa")
    out = tmp_path / "r.json"
    playbook = tmp_path / "push.yml"
    playbook.write_text(json.dumps([{"hosts": "asa", "gather_facts": False, "tasks": [
        {"vpnalign.s2s.asa_vpn_tunnel": {"tunnels": [{"name": "uksouth", "crypto_map": "CRYPTO-MAP", "seq": 2,
                                                      "pfs_group": 19}]}, "register": "r"},
        {"vpnalign.s2s.asa_vpn_tunnel": {"crypto_map": "CRYPTO-MAP", "seq": 2, "pfs_group": 19}, "register": "again"},
        {"ansible.builtin.copy": {"content": "{{ [r, again] | to_json }}", "dest": str(out)},
         "delegate_to": "localhost"}]}]))
    proc = run_playbook(str(playbook), env={"ANSIBLE_COLLECTIONS_PATH": cisco_collections_path},
                        args=["-i", inventory, "-v"])
    first, again = json.loads(out.read_text())
    assert first["results"][0]["commands"] == ["crypto map CRYPTO-MAP 2 set pfs group19"], first
    assert again["changed"] is False and again["commands"] == []
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in lab.running_config()
    assert "asa_vpn_tunnel: asa: end 1 of 1 (uksouth): changed, 1 command(s)" in proc.stdout


def test_a_refused_line_is_told_by_the_asas_error_line_and_what_was_applied_before_it(
        asa_lab_factory, run_playbook, tmp_path):
    # the ASA's own message for a line it takes no further (lab `errors`: printed as the whole reply's error line)
    lab = asa_lab_factory(BASE, scenario={"errors": {r"^crypto map AZ 10 set ikev2 ipsec-proposal":
                                                     "ERROR: % Proposal is not configured for this peer"}})
    before = config_lines(lab)
    result, _proc = run_tunnel(run_playbook, lab, tmp_path, NEW_TUNNEL, fails=True)
    msg = result["msg"]
    assert "the device refused `crypto map AZ 10 set ikev2 ipsec-proposal" in msg, msg
    assert "`: ERROR: % Proposal is not configured for this peer (" in msg, msg
    assert "line(s) of this push were applied before it: `" in msg, msg
    assert "every change was undone" in msg and result["left_over"] == [] and config_lines(lab) == before
    # the reply's echo and prompt are not the message
    assert "fw(config" not in msg and "\\r" not in msg and "\r" not in msg
