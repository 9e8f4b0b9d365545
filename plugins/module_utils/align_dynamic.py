# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What align says of a tunnel an ASA dynamic crypto map serves (pairing_dynamic_map.py): it pushes nothing to either
end of it. The ASA's part is a change to the dynamic entry or to a tunnel-group, which answer every peer no static entry
serves, so asa_vpn_tunnel (a crypto map entry with a peer, or a VTI) does not make it; and the check gives the tunnel no
``alignment``. It was skipped without a word: align printed "none: no tunnel has a finding to fix" while the check
failed it (review s49). Now the tunnel is one job that does not run, "left alone" with why, and each of its findings
left to do by hand, with the check's fix lines.

Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_recheck import tunnel_key

_SERVED = ("PEER_NOT_FOUND", "NO_INITIATOR")
_FIX_LINES_SHOWN = 6


def dynamic_map_served(tunnel):
    """The ASA evidence of the finding saying a dynamic crypto map serves ``tunnel`` (a report entry), or None."""
    for finding in tunnel.get("findings") or ():
        evidence = (finding.get("evidence") or {}).get("asa") or {}
        if finding.get("code") in _SERVED and evidence.get("dynamic_maps"):
            return evidence
    return None


def _by_hand(finding):
    """What a person does for ``finding``: the check's ASA lines and whether it shows an Azure change, else its first
    sentence and why no fix is shown."""
    remediation = finding.get("remediation") or {}
    parts = []
    lines = [line for line in remediation.get("asa") or () if isinstance(line, str)]
    if lines:
        shown = lines[:_FIX_LINES_SHOWN]
        more = " (and %d more line(s) in the report)" % (len(lines) - len(shown)) if len(lines) > len(shown) else ""
        parts.append("by hand on the ASA: %s%s" % (" / ".join(shown), more))
    if remediation.get("azure"):
        parts.append("by hand on Azure: the change the report shows for this finding")
    if parts:
        return "; ".join(parts)
    first = (finding.get("summary") or finding.get("code") or "").split(": ")[0].split(". ")[0].rstrip(".")
    reasons = [p.get("reason") for p in (finding.get("proof") or {}).values() if isinstance(p, dict) and p.get("reason")]
    return "%s; no fix is shown%s" % (first, " (%s)" % "; ".join(reasons) if reasons else ", see the report")


def dynamic_map_job(tunnel, subscription):
    """A job that does not run for ``tunnel``, served by a dynamic crypto map (``dynamic_map_served``), whose check found
    an error or warning: "left alone" with why, and a step left to a person per such finding. None when the check
    found nothing of that severity (nothing to say)."""
    evidence = dynamic_map_served(tunnel)
    problems = [f for f in tunnel.get("findings") or () if f.get("severity") in ("error", "warning")]
    if evidence is None or not problems:
        return None
    host = evidence.get("host")
    label = ", ".join(evidence.get("dynamic_maps") or ()) or "a dynamic crypto map"
    azure = tunnel.get("azure") or {}
    why = ("not aligned: %s of the ASA serves this connection; align changes neither end of such a tunnel (a change to "
           "the dynamic entry or its tunnel-group reaches every peer it answers): the tunnel is left as it is, "
           "verdict %s; make the changes below by hand, or give the peer a static crypto map entry, which align then "
           "aligns" % (label, tunnel.get("verdict")))
    return {
        "id": "%s|asa" % tunnel_key(host, subscription, azure.get("resource_group"), tunnel.get("name")),
        "tunnel": tunnel.get("name"),
        "side": "asa",
        "host": host,
        "asa_host": host,
        "end": "%s%s" % ("%s " % host if host else "", label),
        "options": {},
        "send_key": False,
        "run": False,
        "skipped": why,
        "key_missing": False,
        "manual": [{"kind": f.get("code"), "reason": _by_hand(f)} for f in problems],
    }
