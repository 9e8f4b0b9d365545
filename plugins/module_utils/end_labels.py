# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the report and the align role name one tunnel end: as its device's config or its resource names it.

One place, so the alignment of a tunnel and the reason another end of the same ASA went unpaired name an end the same
way (pairing_findings.py and align.py each had their own: "tunnel interface Tunnel1" / "crypto map M entry 2" in the
reason, "interface Tunnel1" / "crypto map M 2" in the alignment of the same report). It reads only ``end.vendor``,
``end.name`` and the ``ref`` the ASA and Azure adapters fill, so both may use it and neither imports the other.

Plain Python, no Ansible import."""


def end_label(end):
    """An ASA end as the first line of its config block (``interface Tunnel1``, ``crypto map CM 2``: what a user looks
    for in show running-config); an Azure end as its connection, with the gateway instance when the gateway is
    active-active; the end's name when its ref says neither."""
    ref = end.ref or {}
    if end.vendor == "asa":
        if ref.get("kind") == "vti" and ref.get("interface"):
            return "interface %s" % ref["interface"]
        if ref.get("crypto_map"):
            return "crypto map %s %s" % (ref["crypto_map"], ref.get("seq"))
        return end.name
    label = "connection %s" % ref.get("connection", end.name)
    if (ref.get("instance_count") or 1) > 1:
        label += " (gateway instance %s)" % ref.get("instance")
    return label
