# -*- coding: utf-8 -*-
"""azure_vpn_connection through ansible-playbook against an ARM lab: the credentials' environment (what AWX's
Microsoft Azure Resource Manager credential injects, pointed at the lab) and a one-task playbook whose result the
test reads from a file."""

import json

PLAYBOOK = """---
- name: Align an Azure connection
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Set the connection
      vpnalign.s2s.azure_vpn_connection: "{{ conn_args }}"
      register: result
      diff: true
      ignore_errors: "{{ ignore_errors | default(false) | bool }}"
    - name: Save the result for the test
      check_mode: false
      ansible.builtin.copy:
        content: "{{ result | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
"""


def lab_env(lab, secret, home):
    """The Azure modules' environment for ``lab`` with the client secret ``secret``; ``home``: the run's HOME."""
    return {"AZURE_SUBSCRIPTION_ID": lab.subscription, "AZURE_CLIENT_ID": lab.client_id, "AZURE_SECRET": secret,
            "AZURE_TENANT": lab.tenant, "AZURE_CLOUD_ENVIRONMENT": lab.base_url, "AZURE_AUTHORITY_HOST": lab.authority,
            "REQUESTS_CA_BUNDLE": lab.ca_file, "HOME": str(home)}


def run_connection(run_playbook, tmp_path, lab, secret, conn_args, result_name="result.json", args=(), check=True,
                   ignore_errors=False):
    """One azure_vpn_connection task with ``conn_args``: (its result, or None when the play stopped before saving it;
    the completed process)."""
    playbook = tmp_path / "conn.yml"
    if not playbook.exists():
        playbook.write_text(PLAYBOOK)
    result_file = tmp_path / result_name
    proc = run_playbook(str(playbook), {"conn_args": conn_args, "result_file": str(result_file),
                                        "ignore_errors": ignore_errors},
                        env=lab_env(lab, secret, tmp_path), args=list(args), check=check)
    return (json.loads(result_file.read_text()) if result_file.exists() else None), proc
