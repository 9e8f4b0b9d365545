#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: asa_vpn_facts
short_description: Read a Cisco ASA's site-to-site VPN configuration into a vendor-neutral model
version_added: "0.1.0"
description:
  - Parses an ASA running configuration - interfaces, objects and object-groups, access-lists, NAT, IKEv1 and
    IKEv2 policies, IPsec proposals and transform-sets, SA lifetimes, crypto maps, tunnel-groups, group-policies
    and C(sysopt connection tcpmss) - into one vendor-neutral description per crypto map entry (tunnel end).
  - Reads a saved or pasted configuration given as O(running_config) or O(src). Indented or flattened text,
    LF or CRLF and pager remnants are all accepted.
  - What cannot be resolved (undefined names, masked addresses, unknown keywords) becomes a finding
    (C(UNDEFINED_REFERENCE), C(INVALID_VALUE)) with the line number, never a failure.
  - Pre-shared keys never enter the facts; only whether a key is configured.
author:
  - vpnalign.s2s developers (@vpnalign)
options:
  running_config:
    description:
      - The output of C(show running-config) (or C(more system:running-config)) as text.
      - Mutually exclusive with O(src).
    type: str
  src:
    description:
      - Path of a file holding the configuration, on the host the module runs on (the controller when the
        play uses the local connection).
      - Mutually exclusive with O(running_config).
    type: path
  host:
    description:
      - Name of the ASA in the report. Defaults to the C(hostname) in the configuration.
    type: str
notes:
  - Supports check mode; it only reads.
seealso:
  - module: vpnalign.s2s.vpn_compat_check
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
- name: Read a saved running-config
  vpnalign.s2s.asa_vpn_facts:
    src: backups/asa01.txt

- name: Read a config held in a variable
  vpnalign.s2s.asa_vpn_facts:
    running_config: "{{ lookup('ansible.builtin.file', 'asa01.txt') }}"
    host: asa01

- name: Show the tunnels found
  ansible.builtin.debug:
    msg: "{{ ansible_facts.vpnalign_asa.tunnels | map(attribute='name') }}"
"""

RETURN = r"""
ansible_facts:
  description: Facts added to the host.
  returned: always
  type: dict
  contains:
    vpnalign_asa:
      description: The ASA's tunnel ends in the vendor-neutral model, and the findings the parser made.
      type: dict
      contains:
        host:
          description: The ASA's name (O(host) or the configured hostname).
          type: str
          sample: gateway
        source:
          description: Where the configuration came from (C(running_config) or C(src)).
          type: str
          sample: src
        tunnels:
          description:
            - One entry per static crypto map entry with a peer; the vendor-neutral TunnelEnd with IKE and
              Child SA proposals, PFS group, lifetimes, traffic selectors, peer addresses, authentication
              method, DPD, NAT exemption and TCP MSS, each with the config lines it came from.
          type: list
          elements: dict
        findings:
          description: Findings about the configuration itself (undefined references, values that cannot be read,
            crypto map not applied, IKEv2 not enabled), each with the lines it concerns.
          type: list
          elements: dict
        counts:
          description: How many config lines were read and how many tunnel ends were found.
          type: dict
          sample: {"lines": 68, "tunnels": 1}
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_src


def main():
    module = AnsibleModule(
        argument_spec=dict(
            running_config=dict(type="str"),
            src=dict(type="path"),
            host=dict(type="str"),
        ),
        mutually_exclusive=[("running_config", "src")],
        required_one_of=[("running_config", "src")],
        supports_check_mode=True,
    )
    text, source = module.params["running_config"], "running_config"
    if module.params["src"]:
        source = "src"
        text = to_text(read_src(module, "asa_vpn_facts"), errors="surrogate_or_replace")
    facts = asa_facts_from_text(text, host=module.params["host"], source=source)
    module.exit_json(changed=False, ansible_facts=dict(vpnalign_asa=facts))


if __name__ == "__main__":
    main()
