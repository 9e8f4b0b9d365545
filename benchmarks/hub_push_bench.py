# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hub push benchmark: N ends of one ASA changed by a loop of N asa_vpn_tunnel tasks (what the align role ran up to
issue 12's thirteenth pass) against one task with `tunnels` (what it runs now), in the same run, on the ASA lab.

    .venv/bin/python benchmarks/hub_push_bench.py [--ends 20] [--hub 20] [--filler 0] [--latency 0.3] [--no-loop]
        [--out out/bench/hub]

One lab ASA holds a hub config: --hub crypto map entries (at least --ends) to as many peers, none with PFS; the ends
are its first --ends entries. Each way starts from that config
on a fresh lab device and sets `pfs group19` on every entry; per way it prints the wall time, the CPU seconds of
ansible-playbook and every process it started (the ansible-connection helpers and the module processes included),
the lines the ASA answered and how many of them were `show running-config`, and checks that the device ends with PFS
on every entry. A second run of the one-task way must change nothing.

Labs are test fixtures (tests/lab); this script imports nothing from plugins/.
"""

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fleet_bench import REPO, dotted, run_check  # noqa: E402  pylint: disable=wrong-import-position
from process_tree import become_subreaper  # noqa: E402  pylint: disable=wrong-import-position
from asa_ssh import start_asa_fleet  # noqa: E402  pylint: disable=wrong-import-position

MAP = "OUTSIDE-MAP"

LOOP_PLAYBOOK = """---
- name: One task per end (a loop)
  hosts: asa
  gather_facts: false
  tasks:
    - name: Set PFS on one end
      vpnalign.s2s.asa_vpn_tunnel:
        crypto_map: "{{ item.crypto_map }}"
        seq: "{{ item.seq }}"
        pfs_group: "{{ item.pfs_group }}"
      loop: "{{ ends }}"
"""

BATCH_PLAYBOOK = """---
- name: One task for every end (tunnels)
  hosts: asa
  gather_facts: false
  tasks:
    - name: Set PFS on every end
      vpnalign.s2s.asa_vpn_tunnel:
        tunnels: "{{ ends }}"
      register: pushed

    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ pushed | to_json }}"
        dest: "{{ result_file }}"
      delegate_to: localhost
"""


def hub_config(ends, filler=0):
    """A hub ASA: ``ends`` crypto map entries to as many peers, one shared proposal and IKEv2 policy, no PFS; and
    ``filler`` lines of an interface ACL, as the rest of a real firewall's config (most of its lines)."""
    lines = [": Saved", ":", "ASA Version 9.16(4)", "!", "hostname hub-asa", "!",
             "interface GigabitEthernet0/0", " nameif outside", " security-level 0",
             " ip address 198.18.0.1 %s" % dotted(30), "!",
             "interface GigabitEthernet0/1", " nameif inside", " security-level 100",
             " ip address 10.0.0.1 255.255.0.0", "!",
             "crypto ipsec ikev2 ipsec-proposal AZURE-ESP", " protocol esp encryption aes-256",
             " protocol esp integrity sha-256"]
    lines += ["access-list INSIDE-IN extended permit tcp 10.%d.%d.0 255.255.255.0 any eq %d"
              % (n // 62500 % 250, n // 250 % 250, 1024 + n % 250) for n in range(filler)]
    for n in range(ends):
        seq, peer, acl = 10 + n, "203.0.%d.%d" % (113 + n // 250, 1 + n % 250), "AZURE-%03d" % n
        lines += ["access-list %s extended permit ip 10.0.%d.0 255.255.255.0 172.%d.%d.0 255.255.255.0"
                  % (acl, n % 250, 16 + n // 250, n % 250),
                  "crypto map %s %d match address %s" % (MAP, seq, acl),
                  "crypto map %s %d set peer %s" % (MAP, seq, peer),
                  "crypto map %s %d set ikev2 ipsec-proposal AZURE-ESP" % (MAP, seq),
                  "tunnel-group %s type ipsec-l2l" % peer,
                  "tunnel-group %s ipsec-attributes" % peer,
                  " ikev2 remote-authentication pre-shared-key Hub-%03d-key" % n,
                  " ikev2 local-authentication pre-shared-key Hub-%03d-key" % n]
    lines += ["crypto map %s interface outside" % MAP,
              "crypto ikev2 policy 10", " encryption aes-256", " integrity sha256", " group 14", " prf sha256",
              " lifetime seconds 28800", "crypto ikev2 enable outside", ": end"]
    return "\n".join(lines) + "\n"


def _pfs_everywhere(text, ends):
    return all("crypto map %s %d set pfs group19" % (MAP, 10 + n) in text for n in range(ends))


def answered_lines(text, commands):
    """About how many config lines the ASA sent for ``commands``' reads: ``show running-config`` the whole of ``text``
    (the config after the run), ``show running-config <words>`` its top-level blocks starting with those words."""
    blocks, sizes = [], {}
    for line in text.splitlines():
        if line.startswith(" ") and blocks:
            blocks[-1][1] += 1
        elif line.strip() and line[0] not in "!:":
            blocks.append([line.split(), 1])
    total = 0
    for command in commands:
        words = command.split()
        if words[:2] != ["show", "running-config"]:
            continue
        key = tuple(words[2:])
        if key not in sizes:
            sizes[key] = sum(size for tokens, size in blocks if tuple(tokens[:len(key)]) == key)
        total += sizes[key]
    return total


def run_way(label, playbook_text, config, ends, args, variables=None):
    """One way on a fresh lab device; returns what was measured."""
    out = os.path.join(args.out, label)
    os.makedirs(out, exist_ok=True)
    playbook = os.path.join(out, "playbook.yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        handle.write(playbook_text)
    items = [{"name": "end-%03d" % n, "crypto_map": MAP, "seq": 10 + n, "pfs_group": 19} for n in range(ends)]
    runs = []
    with start_asa_fleet([config], latency=args.latency) as fleet:
        inventory = os.path.join(out, "inventory.json")
        with open(inventory, "w", encoding="utf-8") as handle:
            json.dump({"all": {"children": {"asa": {"hosts": fleet.ansible_hosts(
                network_os="vpnalign.s2s.asa", ssh_type="libssh")}}}}, handle)
        [device] = list(fleet)
        for attempt in range(2 if variables is not None else 1):
            device.clear_log()
            given = dict(variables or {}, ends=items, result_file=os.path.join(out, "result-%d.json" % attempt))
            run = run_check(playbook, inventory, 1, out, {fleet.pid}, os.path.join(out, "ansible-%d.log" % attempt),
                            variables=given)
            commands = device.command_lines()
            text = device.running_config()
            run.update(lines=len(commands), reads=sum(1 for c in commands if c.strip() == "show running-config"),
                       answered=answered_lines(text, commands), pfs=_pfs_everywhere(text, ends))
            if variables is not None:
                with open(given["result_file"], encoding="utf-8") as handle:
                    run["changed"] = json.load(handle).get("changed")
            runs.append(run)
    return runs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ends", type=int, default=20)
    parser.add_argument("--hub", type=int, default=0, help="entries of the hub config (default: --ends)")
    parser.add_argument("--filler", type=int, default=0, help="lines of an interface ACL beside the hub's")
    parser.add_argument("--no-loop", action="store_true", help="only the one-task way (a loop over hundreds of ends is slow)")
    parser.add_argument("--latency", type=float, default=0.3, help="seconds the lab ASA takes per line")
    parser.add_argument("--out", default=os.path.join(REPO, "out", "bench", "hub"))
    args = parser.parse_args(argv)
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    become_subreaper()  # the ansible-connection daemons' CPU reaches us when they end
    config = hub_config(max(args.hub, args.ends), args.filler)
    entries = max(args.hub, args.ends)
    print("hub ASA: %d crypto map entries without PFS (%d config lines, %d of them filler), %d ends to change, "
          "latency %.2f s/line; files in %s" % (entries, config.count("\n"), args.filler, args.ends, args.latency, args.out))
    loop = None if args.no_loop else run_way("loop", LOOP_PLAYBOOK, config, args.ends, args)[0]
    batch, again = run_way("tunnels", BATCH_PLAYBOOK, config, args.ends, args, variables={})
    ways = ((("loop of %d tasks" % args.ends, loop),) if loop else ()) + (("one task, tunnels", batch), ("  again", again))
    for label, run in ways:
        print("%-18s rc %d, wall %6.1f s, CPU %6.1f s (%.2f per end), %4d lines to the ASA (%d whole-config reads), "
              "%d config lines read, PFS on every entry: %s%s" % (
                  label, run["rc"], run["wall"], run["cpu"], run["cpu"] / args.ends, run["lines"], run["reads"],
                  run["answered"], run["pfs"], ", changed=%s" % run["changed"] if "changed" in run else ""))
    if loop:
        print("one task over the loop: wall %.2fx, CPU %.2fx faster" % (loop["wall"] / batch["wall"], loop["cpu"] / batch["cpu"]))
    ok = all(run["rc"] == 0 and run["pfs"] for _label, run in ways) and again.get("changed") is False
    return 0 if ok else 1


if __name__ == "__main__":
    tempfile.tempdir = None
    sys.exit(main())
