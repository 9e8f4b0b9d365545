# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An enable (become) password holding a line break or another control character is never typed at the ASA's
"Password:" prompt: the ASA ends the password at the line break and runs what follows it as a command in privileged
EXEC. A vaulted value made with `ansible-vault encrypt_string` from stdin often ends in a newline. Before, the line
after it reached the device; now become fails before `enable` is sent, saying why and never quoting the password."""

import time

import pytest

from test_asa_live import SEED_CONFIG, write_facts_playbook

TIMEOUT = 60
INJECTED = "write erase"


@pytest.mark.parametrize("tail", ["\n" + INJECTED, "\r" + INJECTED, "\n"], ids=["lf-command", "cr-command", "trailing-lf"])
def test_a_become_password_with_a_line_break_sends_nothing(asa_lab_factory, run_playbook, tmp_path, tail):
    lab = asa_lab_factory(SEED_CONFIG)
    password = lab.enable_password + tail
    inventory = lab.write_inventory(tmp_path / "inventory.json", network_os="vpnalign.s2s.asa",
                                    ansible_become_password=password, ansible_command_timeout=TIMEOUT)
    began = time.monotonic()
    result = run_playbook(write_facts_playbook(tmp_path / "facts.yml", {}, out_dir=None), args=["-i", inventory],
                          check=False)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "ansible_become_password holds a line break or control character" in out, out[-3000:]
    assert "nothing was sent" in out
    assert lab.enable_password not in out
    lines = lab.command_lines()
    assert INJECTED not in lines and "enable" not in lines and "<password>" not in lines, lines
    assert time.monotonic() - began < TIMEOUT
