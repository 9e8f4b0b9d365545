# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure resources -> the ``vpnalign_azure`` fact: what azure_vpn_facts returns."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.adapter import azure_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, load_resources

__all__ = ["AzureInputError", "azure_facts_from_data"]


def azure_facts_from_data(data, source="resources", psk_digest=None):
    """Facts for every IPsec connection in ``data`` (parsed JSON); raises AzureInputError on bad input."""
    index = load_resources(data)
    ends, findings = azure_tunnel_ends(index, psk_digest=psk_digest)
    counts = {}
    for resource in index.order:
        kind = resource.type.split("/")[-1]
        counts[kind] = counts.get(kind, 0) + 1
    if index.ignored_count:
        counts["ignored"] = index.ignored_count
    return {
        "source": source,
        "tunnels": [end.to_dict() for end in ends],
        "findings": [f.to_dict() for f in findings],
        "counts": counts,
    }
