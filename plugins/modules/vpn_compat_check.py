#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpn_compat_check
short_description: Check that an ASA and an Azure VPN gateway will negotiate, at bring-up and at every rekey
version_added: "0.1.0"
description:
  - Pairs the tunnels in ASA facts (from M(vpnalign.s2s.asa_vpn_facts)) with the connections in Azure facts
    (from M(vpnalign.s2s.azure_vpn_facts)) by their addresses, and simulates IKEv2 between each pair in both
    directions - IKE_SA_INIT, the first Child SA in IKE_AUTH, Child SA rekeys with and without PFS started by
    either end, and the IKE SA rekey.
  - Returns a report with one entry per tunnel, each finding with a severity, the phase in which it bites,
    evidence from both ends and the fix for each end.
  - Runs on the controller and changes nothing.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  asa_facts:
    description:
      - The C(vpnalign_asa) fact set by M(vpnalign.s2s.asa_vpn_facts), or a list of them (one per ASA).
    type: raw
    required: true
  azure_facts:
    description:
      - The C(vpnalign_azure) fact set by M(vpnalign.s2s.azure_vpn_facts), or a list of them.
    type: raw
    required: true
  baseline:
    description:
      - What counts as weak crypto (finding C(WEAK_CRYPTO)). Keys left out keep their defaults.
    type: dict
    suboptions:
      weak_encryption:
        description: Encryption algorithms below the baseline, in the collection's canonical names.
        type: list
        elements: str
        default: ["DES", "3DES", "NULL"]
      weak_integrity:
        description: Integrity and PRF hashes below the baseline.
        type: list
        elements: str
        default: ["MD5", "SHA1"]
      weak_dh_groups:
        description: Diffie-Hellman groups below the baseline (IKE and PFS).
        type: list
        elements: int
        default: [1, 2, 5]
  fail_on:
    description:
      - Fail the task when a finding of this severity or worse is present. The report is returned either way.
      - The C(vpnalign.s2s.compliance) role leaves this at V(never) and decides itself after writing the reports.
    type: str
    choices: [error, warning, never]
    default: never
notes:
  - Supports check mode; it only reads its input.
  - Pre-shared keys are never compared in clear; only per-run keyed digests, if the facts carry them.
seealso:
  - module: vpnalign.s2s.asa_vpn_facts
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
- name: Read a saved ASA config
  vpnalign.s2s.asa_vpn_facts:
    src: files/asa.txt

- name: Read exported Azure resources
  vpnalign.s2s.azure_vpn_facts:
    src: files/azure.json

- name: Check the tunnels between them
  vpnalign.s2s.vpn_compat_check:
    asa_facts: "{{ ansible_facts.vpnalign_asa }}"
    azure_facts: "{{ ansible_facts.vpnalign_azure }}"
  register: check

- name: Show what will fail
  ansible.builtin.debug:
    var: check.summary_lines

- name: Stop on errors only, treating SHA-1 as acceptable
  vpnalign.s2s.vpn_compat_check:
    asa_facts: "{{ ansible_facts.vpnalign_asa }}"
    azure_facts: "{{ ansible_facts.vpnalign_azure }}"
    baseline:
      weak_integrity: [MD5]
    fail_on: error
"""

RETURN = r"""
report:
  description: The report, as written to report.json by the compliance role.
  returned: always
  type: dict
  contains:
    schema_version:
      description: Version of this structure.
      type: int
      sample: 1
    tunnels:
      description:
        - One entry per tunnel with C(name), C(asa), C(azure), C(verdict) (fail, degraded, pass) and C(findings).
        - Paired tunnels also have C(remediation) (every fix per end, rendered together) and C(alignment) -
          C(align_to_azure) and C(align_to_asa), each with C(options) for M(vpnalign.s2s.asa_vpn_tunnel) or
          M(vpnalign.s2s.azure_vpn_connection) that fix that end alone, C(manual) (steps no option carries, each with
          its C(reason)) and C(needs_pre_shared_key). The role C(vpnalign.s2s.align) applies them.
      type: list
      elements: dict
    summary:
      description: Counts of tunnels per verdict.
      type: dict
      sample: {"tunnels": 1, "fail": 1, "degraded": 0, "pass": 0}
    unpaired:
      description: Ends for which no counterpart was found and that do not point at the other side.
      type: list
      elements: dict
counts:
  description: Number of findings per severity over all tunnels.
  returned: always
  type: dict
  sample: {"error": 1, "warning": 1, "info": 0}
summary_lines:
  description: A short readable summary, one line per tunnel and per error or warning with its fix.
  returned: always
  type: list
  elements: str
junit:
  description: The report as JUnit XML (a testsuite per tunnel, a testcase per check).
  returned: always
  type: str
markdown:
  description: The report as Markdown for people.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import FactsError, run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import (
    should_fail,
    summary_lines,
    to_junit,
    to_markdown,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            asa_facts=dict(type="raw", required=True),
            azure_facts=dict(type="raw", required=True),
            baseline=dict(
                type="dict",
                options=dict(
                    weak_encryption=dict(type="list", elements="str", default=["DES", "3DES", "NULL"]),
                    weak_integrity=dict(type="list", elements="str", default=["MD5", "SHA1"]),
                    weak_dh_groups=dict(type="list", elements="int", default=[1, 2, 5]),
                ),
            ),
            fail_on=dict(type="str", choices=["error", "warning", "never"], default="never"),
        ),
        supports_check_mode=True,
    )
    try:
        report = run_check(module.params["asa_facts"], module.params["azure_facts"], module.params["baseline"])
    except FactsError as exc:
        module.fail_json(msg="vpn_compat_check: %s" % exc)

    counts = {"error": 0, "warning": 0, "info": 0}
    for tunnel in report["tunnels"]:
        for finding in tunnel["findings"]:
            counts[finding["severity"]] += 1
    result = dict(
        changed=False,
        report=report,
        counts=counts,
        summary_lines=summary_lines(report),
        junit=to_junit(report),
        markdown=to_markdown(report),
    )
    if should_fail(report, module.params["fail_on"]):
        module.fail_json(msg="%d error(s), %d warning(s) found" % (counts["error"], counts["warning"]), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
