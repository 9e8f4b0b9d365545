# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config findings whose printed fix a tunnel's proven engine fix makes wrong.

An adapter's config finding is judged on its own device: "crypto map entry 2 sets peer 203.0.113.21 but there is no
tunnel-group 203.0.113.21" comes with the tunnel-group for .21. Paired with Azure at .20, the engine finds the peer
itself wrong (PEER_ADDRESS_MISMATCH) and its proven fix moves the peer, with the tunnel-group for .20. The config fix
would build a tunnel-group for the mistyped address, with no key (review 2026-12-05: pasted alone it left the mismatch
and added two AUTH_MISMATCH errors). Plain Python, no Ansible import.
"""

import dataclasses


def without_superseded_fixes(config_findings, engine_findings, asa_end):
    """``config_findings`` with the ASA fix taken off a PEER_NOT_FOUND about the tunnel's own peer address where an
    engine PEER_ADDRESS_MISMATCH moves that peer with a shown fix; the others as they are (copies are made, the
    findings may be shared by several tunnels)."""
    moved = any(f.code == "PEER_ADDRESS_MISMATCH" and f.remediation.get("asa")
                and (f.evidence.get("asa") or {}).get("peer_address") == asa_end.peer_address for f in engine_findings)
    if not moved:
        return config_findings
    out = []
    for finding in config_findings:
        if finding.code == "PEER_NOT_FOUND" and finding.remediation.get("asa") \
                and (finding.evidence.get("asa") or {}).get("peer") == asa_end.peer_address:
            remediation = {k: v for k, v in finding.remediation.items() if k != "asa"}
            proof = dict(finding.proof, asa={
                "proven": False,
                "reason": "not shown: %s is not the peer's address; the fix for PEER_ADDRESS_MISMATCH moves the peer "
                          "and adds the tunnel-group for the right one" % asa_end.peer_address})
            finding = dataclasses.replace(finding, remediation=remediation, proof=proof)
        out.append(finding)
    return out
