# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA running-config text -> the ``vpnalign_asa`` fact: what asa_vpn_facts returns."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter import asa_tunnel_ends
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_running_config


def asa_facts_from_text(text, host=None, source="running_config", psk_digest=None):
    """Facts for every static crypto map entry in ``text``. Never raises on bad config:
    what cannot be read becomes a finding."""
    config, _parse_findings = parse_running_config(text or "", psk_digest=psk_digest)
    name = host or config.hostname
    ends, findings = asa_tunnel_ends(config, host=name)
    return {
        "host": name,
        "hostname": config.hostname,
        "source": source,
        "tunnels": [end.to_dict() for end in ends],
        "findings": [f.to_dict() for f in findings],
        "counts": {"lines": len((text or "").splitlines()), "tunnels": len(ends)},
    }
