#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: azure_vpn_facts
short_description: Read Azure VPN gateway connections into a vendor-neutral model
version_added: "0.1.0"
description:
  - Reads Azure site-to-site connections with their virtual network gateway, local network gateway, public IP
    addresses and virtual network address space, and describes each connection as one vendor-neutral tunnel end -
    IKE and Child SA proposals (the custom IPsec policy, or Azure's default policy), PFS, lifetimes, traffic
    selectors, addresses, DPD and connection mode.
  - Reads exported resources given as O(src) (a file) or O(resources) (data). The input is a JSON list of ARM
    resources as GET returns them (joined by C(id)), an ARM list response (an object with a C(value) list),
    or C(az ... show) output without the C(properties) level.
  - Breaks of Azure's own rules (GCM pairing, ranges, SKU limits) become findings (C(AZURE_POLICY_INVALID),
    C(AZURE_SKU_UNSUPPORTED)); references to resources missing from the input become C(UNDEFINED_REFERENCE).
  - Shared keys never enter the facts.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  src:
    description:
      - Path of a JSON file of exported resources, on the host the module runs on (normally the controller).
      - Mutually exclusive with O(resources).
    type: path
  resources:
    description:
      - The exported resources as data (a list of resource dicts, or a dict with a C(value) list).
      - Mutually exclusive with O(src).
    type: raw
notes:
  - Supports check mode; it only reads.
seealso:
  - module: vpnalign.s2s.vpn_compat_check
  - module: vpnalign.s2s.asa_vpn_facts
"""

EXAMPLES = r"""
- name: Read resources exported with az or the ARM API
  vpnalign.s2s.azure_vpn_facts:
    src: exports/azure_resources.json

- name: Read resources already loaded
  vpnalign.s2s.azure_vpn_facts:
    resources: "{{ lookup('ansible.builtin.file', 'azure.json') | from_json }}"
"""

RETURN = r"""
ansible_facts:
  description: Facts added to the host.
  returned: always
  type: dict
  contains:
    vpnalign_azure:
      description: Azure's tunnel ends in the vendor-neutral model, and the findings about Azure's own rules.
      type: dict
      contains:
        source:
          description: Where the resources came from (C(src) or C(resources)).
          type: str
          sample: src
        tunnels:
          description: One vendor-neutral TunnelEnd per IPsec connection.
          type: list
          elements: dict
        findings:
          description: Findings about the Azure resources themselves.
          type: list
          elements: dict
        counts:
          description: Resources read per type.
          type: dict
          sample: {"connections": 1, "virtualNetworkGateways": 1}
"""

import json

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import AzureInputError, azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_src


def main():
    module = AnsibleModule(
        argument_spec=dict(
            src=dict(type="path"),
            resources=dict(type="raw"),
        ),
        mutually_exclusive=[("src", "resources")],
        required_one_of=[("src", "resources")],
        supports_check_mode=True,
    )
    data, source = module.params["resources"], "resources"
    if module.params["src"]:
        source = "src"
        try:
            data = json.loads(read_src(module, "azure_vpn_facts").decode("utf-8-sig"))
        except ValueError as exc:
            module.fail_json(msg="azure_vpn_facts: src %s is not JSON: %s" % (module.params["src"], exc))
    try:
        facts = azure_facts_from_data(data, source=source)
    except AzureInputError as exc:
        module.fail_json(msg="azure_vpn_facts: %s" % exc)
    module.exit_json(changed=False, ansible_facts=dict(vpnalign_azure=facts))


if __name__ == "__main__":
    main()
