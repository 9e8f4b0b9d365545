# -*- coding: utf-8 -*-
"""Secrets a peer echoes back in another spelling: an ARM refusal that quotes the request's JSON text (where a
shared key with a quote or backslash is escaped) must not carry the key out in that spelling."""

import json
import os
import sys

LAB_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab")
if LAB_ROOT not in sys.path:
    sys.path.insert(0, LAB_ROOT)

SECRET = "Conn-S3cret+/=42"
# printable ASCII, as azure/names.py check_shared_key takes it; JSON writes '"' and '\' escaped
SHARED_KEY = 'Echo"Psk\\Sample-5512'

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
      ignore_errors: true
    - name: Save the result for the test
      ansible.builtin.copy:
        content: "{{ result | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
"""


def _forms(key):
    """The key as written, and as JSON text writes it inside a string."""
    return {key, json.dumps(key)[1:-1]}


def test_an_arm_refusal_quoting_the_request_body_does_not_echo_the_key(run_playbook, tmp_path, arm):
    playbook = tmp_path / "conn.yml"
    playbook.write_text(PLAYBOOK)
    env = {"AZURE_SUBSCRIPTION_ID": arm.subscription, "AZURE_CLIENT_ID": arm.client_id, "AZURE_SECRET": SECRET,
           "AZURE_TENANT": arm.tenant, "AZURE_CLOUD_ENVIRONMENT": arm.base_url, "AZURE_AUTHORITY_HOST": arm.authority,
           "REQUESTS_CA_BUNDLE": arm.ca_file, "HOME": str(tmp_path)}
    arm.set_faults({"refuse_quoting": {"method": "PUT", "path_regex": "/connections/"}})
    result_file = tmp_path / "result.json"
    proc = run_playbook(str(playbook), {"conn_args": dict(name="UKSouth-HQ-S2S", resource_group="RG",
                                                         shared_key=SHARED_KEY),
                                        "result_file": str(result_file)}, env=env, args=["-vvv"])
    result = json.loads(result_file.read_text())
    assert result["failed"] is True
    # the refusal still says what Azure answered, with the body's other properties
    assert "InvalidRequestContent" in result["msg"] and "ipsecPolicies" in result["msg"], result["msg"]
    output = proc.stdout + proc.stderr + result_file.read_text()
    leaked = [form for form in _forms(SHARED_KEY) if form in output]
    assert not leaked, "the shared key came back in the output in %d spelling(s)" % len(leaked)
    assert [r["fault"] for r in arm.requests() if r["method"] == "PUT"] == ["refuse_quoting"]
