# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asa_vpn_tunnel on the ASA lab (ansible-playbook, network_cli) refuses hostile options before
anything is sent: the payloads of issue 11 (a newline in a name that became extra commands and
deleted a live IKEv2 policy, an injected peer that made the rollback clear a live tunnel-group,
semicolons, a 5,000-character name, ``peer: not-an-ip``) and the holes found next to them (an
IPv6 "%zone" that Python's ipaddress takes with a newline in it, '³' that str.isdigit() takes,
asa_vpn_facts' ``context``).
Each task fails with a message naming the option; the lab sees no configuration command and its
running config stays byte for byte the same. An AES-GCM IKEv2 policy goes out with its PRF,
never with a bare ``prf``."""

import json
import os


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(REPO, "examples", "seed-asa-azure-pfs", "asa_running_config.txt"), encoding="utf-8") as _h:
    SEED_CONFIG = _h.read()
KEY = "Injection-Probe-Key-3f9"
# The seed's live tunnel: crypto map CRYPTO-MAP 2, tunnel-group 203.0.113.20, crypto ikev2 policy 2.
ENTRY = dict(crypto_map="CRYPTO-MAP", seq=2)
NEW = dict(crypto_map="AZ", seq=10, interface="INTERNET", peer="203.0.113.99",
           local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"])
INJECTED = "\nno crypto ikev2 policy 2\nclear configure tunnel-group 203.0.113.20\nend"
FACTS = {"module": "vpnalign.s2s.asa_vpn_facts"}

PROBES = [
    # (name, options, the option the message names)
    ("newline in interface (issue 11)", dict(ENTRY, interface="INTERNET" + INJECTED), "interface"),
    ("newline in peer (issue 11)", dict(NEW, peer="203.0.113.99" + INJECTED), "peer"),
    ("IPv6 zone with a newline in peer", dict(NEW, peer="fe80::1%" + INJECTED), "peer"),
    ("semicolon in crypto_map", dict(ENTRY, crypto_map="CRYPTO-MAP;no crypto map CRYPTO-MAP 2", pfs_group=19),
     "crypto_map"),
    ("5,000-character acl", dict(NEW, acl="A" * 5000), "acl"),
    ("peer: not-an-ip", dict(NEW, peer="not-an-ip"), "peer"),
    ("newline in the key", dict(NEW, pre_shared_key=KEY + INJECTED), "pre_shared_key"),
    ("IPv6 zone with a newline in a prefix", dict(NEW, local_networks=["fe80::%" + INJECTED + "/64"]),
     "local_networks"),
    ("quote in group_policy", dict(NEW, group_policy='GP" x'), "group_policy"),
    ("superscript digits in kilobytes", dict(ENTRY, child_lifetime_kilobytes="\u00b3600"),
     "child_lifetime_kilobytes"),
    ("superscript digit in tunnel_interface", dict(tunnel_interface="Tunnel\u00b9", pfs_group=14),
     "tunnel_interface"),
    ("AES-GCM IKE without a PRF", dict(ENTRY, ike={"encryption": ["AES-GCM-256"], "dh_groups": [20]}), "ike.prf"),
    # review 2026-12-05 (hostile input): Ansible's str type made "access-list [] extended ..." and "nameif True"
    ("a list for acl", dict(NEW, acl=[]), "acl"),
    ("true for group_policy", dict(NEW, group_policy=True), "group_policy"),
    ("a number for nat_exemption", dict(NEW, nat_exemption=5), "nat_exemption"),
    ("true for a batch item's bgp", {"tunnels": [dict(tunnel_interface="Tunnel1", bgp=True)]}, "tunnels[0].bgp"),
    ("a mapping for a batch item's tunnel_nameif",
     {"tunnels": [dict(tunnel_interface="Tunnel1", tunnel_nameif={"x": 1}, pfs_group=14)]}, "tunnels[0].tunnel_nameif"),
    # asa_vpn_facts sends `changeto context <context>`
    ("newline in asa_vpn_facts context", dict(FACTS, context="admin" + INJECTED), "context"),
]


def run_tasks(run_playbook, lab, tmp_path, tasks, name):
    """One play, one task per options dict (asa_vpn_tunnel unless "module" says otherwise; errors ignored);
    the registered results in order."""
    inventory = lab.write_inventory(tmp_path / "inv.json", network_os="vpnalign.s2s.asa")
    out = tmp_path / ("%s.json" % name)
    play_tasks = []
    for i, options in enumerate(tasks):
        options = dict(options)
        module = options.pop("module", "vpnalign.s2s.asa_vpn_tunnel")
        play_tasks.append({"name": "t%d" % i, module: options, "register": "r%d" % i, "ignore_errors": True})
    results = "[%s]" % ", ".join("r%d" % i for i in range(len(tasks)))
    play_tasks.append({"name": "save", "delegate_to": "localhost",
                       "ansible.builtin.copy": {"content": "{{ %s | to_json }}" % results, "dest": str(out)}})
    path = tmp_path / ("%s.yml" % name)
    path.write_text(json.dumps([{"name": name, "hosts": "asa", "gather_facts": False, "tasks": play_tasks}]))
    proc = run_playbook(str(path), args=["-i", inventory, "-vvv"])
    assert KEY not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return json.loads(out.read_text())


def test_hostile_options_are_refused_with_nothing_sent(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    before = lab.running_config()
    results = run_tasks(run_playbook, lab, tmp_path, [options for _name, options, _option in PROBES], "probes")
    refused = 0
    for (name, _options, option), result in zip(PROBES, results):
        assert result.get("failed") is True, name
        assert option in result["msg"], (name, result["msg"])
        assert "\n" not in result["msg"] and KEY not in result["msg"], name
        assert not result.get("commands"), name
        refused += 1
    assert refused == len(PROBES) == 18
    sent = [c for c in lab.commands() if c["mode"].startswith("config") or c["command"].startswith("conf")]
    assert sent == []
    assert lab.running_config() == before


def test_an_aes_gcm_ike_policy_goes_out_with_its_prf_and_integrity_null(asa_lab_factory, run_playbook, tmp_path):
    lab = asa_lab_factory(SEED_CONFIG)
    gcm = dict(ENTRY, ike={"encryption": ["AES-GCM-256"], "prf": ["SHA384"], "dh_groups": [20],
                           "lifetime_seconds": 28800})
    (result,) = run_tasks(run_playbook, lab, tmp_path, [gcm], "gcm")
    assert result.get("failed") is not True, result.get("msg")
    policy = [c.strip() for c in result["commands"] if c.startswith(" ")]
    assert {"encryption aes-gcm-256", "integrity null", "prf sha384", "group 20"} <= set(policy)
    sent = [c["command"] for c in lab.commands() if c["mode"].startswith("config")]
    assert "prf sha384" in sent and "prf" not in sent
    assert " prf sha384" in lab.running_config()


def test_the_cliconf_sends_no_command_that_is_more_than_one_line(asa_lab_factory, run_playbook, tmp_path):
    """The last gate under every module's own checks: cli_command (as any module) over vpnalign.s2s.asa sends nothing
    that holds a line break, a control character or '?' (a command that missed its own check became several)."""
    lab = asa_lab_factory(SEED_CONFIG)
    before = lab.running_config()
    probes = [{"module": "ansible.netcommon.cli_command", "command": "show version" + INJECTED},
              {"module": "ansible.netcommon.cli_command", "command": "show crypto ipsec sa peer fe80::1%?"},
              {"module": "ansible.netcommon.cli_command", "command": "show clock\rconfigure terminal"},
              {"module": "ansible.netcommon.cli_command", "command": "show clock"}]
    results = run_tasks(run_playbook, lab, tmp_path, probes, "cliconf")
    for result in results[:3]:
        assert result.get("failed") is True and "nothing was sent" in result["msg"], result
    assert "line break or control character" in results[0]["msg"] and "'?'" in results[1]["msg"]
    assert results[3].get("failed") is not True, results[3]  # the session is still usable
    assert not [c for c in lab.command_lines() if "crypto" in c or c.startswith("conf") or c.startswith("show ver")]
    assert lab.running_config() == before
