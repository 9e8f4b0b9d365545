# -*- coding: utf-8 -*-
"""asa_vpn_facts on a saved config of 100k lines (issue 13 'Must show'): progress lines at -v, and it finishes
with every tunnel. The offline form runs in the action plugin on the controller, where Display is; the module
itself still reads saved configs (async runs it as a module)."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "benchmarks")
if BENCH not in sys.path:
    sys.path.insert(0, BENCH)
import synthetic  # noqa: E402  pylint: disable=wrong-import-position

SEED_ASA = os.path.join(REPO, "examples", "seed-asa-azure-pfs", "asa_running_config.txt")

PLAYBOOK = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Read a big saved config
      vpnalign.s2s.asa_vpn_facts:
        src: "{{ big }}"
        host: big-asa
    - name: Every tunnel is there
      ansible.builtin.assert:
        that:
          - vpnalign_asa.counts.tunnels == tunnels | int
          - vpnalign_asa.counts.lines >= 100000
          - vpnalign_asa.host == 'big-asa'
    - name: The module itself (async runs it as a module, not in the action plugin)
      vpnalign.s2s.asa_vpn_facts:
        src: "{{ seed }}"
      async: 120
      poll: 1
      register: module_run
    - name: The module read the seed config
      ansible.builtin.assert:
        that:
          - vpnalign_asa.host == 'gateway'
          - vpnalign_asa.counts.tunnels == 1
"""


def test_a_100k_line_config_shows_progress_and_finishes(run_playbook, tmp_path):
    text, sites = synthetic.generate("few", 100000)
    big = tmp_path / "big.txt"
    big.write_text(text)
    playbook = tmp_path / "read.yml"
    playbook.write_text(PLAYBOOK)
    result = run_playbook(str(playbook), {"big": str(big), "tunnels": len(sites), "seed": SEED_ASA}, args=["-v"])
    progress = [line for line in result.stdout.splitlines() if line.startswith("asa_vpn_facts: big-asa: ")]
    lines = len(text.splitlines())
    assert len(progress) == 4, result.stdout[-3000:]
    assert progress[0].startswith("asa_vpn_facts: big-asa: %d line(s) to read from %s" % (lines, big))
    assert "configuration parsed" in progress[1]
    assert "%d tunnel end(s) found" % len(sites) in progress[2]
    assert "done: %d tunnel end(s)" % len(sites) in progress[3]
    # the facts are not printed at -v (ansible_facts are kept out of the callback's output)
    assert len(result.stdout) < 200000
