# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``hostname``, ``ASA Version``, ``sysopt connection tcpmss``, ``no sysopt connection permit-vpn``."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser.values import as_int, in_range


def hostname(p, words, line, indent):
    p.config.hostname = words[1]
    p.config.hostname_line = line
    return None


def asa_version(p, words, line, indent):
    """``ASA Version 9.18(3)56`` (``show running-config`` line 2 or 3; a multi-context ASA adds
    `` <context>`` or `` <system>``). The version is kept as printed."""
    version = words[2]
    if not version[:1].isdigit() or "." not in version:
        p.invalid(line, version, "an ASA release such as 9.18(3)56", {"kind": "version", "name": ""})
        return None
    p.config.version, p.config.version_line = version, line
    if words[3:4] == ["<system>"]:
        _system_space(p, line, "version")
    return None


def _system_space(p, line, kind):
    """The system execution space of a multiple-context ASA: its VPNs run in the security contexts, whose
    configurations this is not (Cisco ASA configuration guide, multiple context mode; site-to-site VPN in user contexts
    since 9.0). Review 2026-12-04: read as an ASA without tunnels, with "add a crypto map entry". Named once."""
    if p.config.system_space_line is not None:
        return
    p.config.system_space_line = line
    p.unsupported([line], WARNING, "the system configuration of a multiple-context ASA",
                  "its VPN tunnels run in the security contexts, whose configurations this is not: read the "
                  "running-config of the context that terminates the VPN (changeto context <name>)",
                  {"kind": kind, "name": ""},
                  ["! read the running-config of the security context that terminates the VPN"])


def context(p, words, line, indent):
    """``context <name>`` and ``admin-context <name>``, which only the system execution space takes (ASA command
    reference, "context", "admin-context": system mode only; verified: false): the system configuration even when its
    ``ASA Version ... <system>`` line was not saved with it (a backup tool's header in its place), which read as an
    ASA without tunnels and nothing said."""
    _system_space(p, line, "context")
    return p.ignored(indent)  # allocate-interface, config-url...: the context's definition, not its configuration


def sysopt(p, words, line, indent):
    if words[1:3] == ["connection", "tcpmss"] and len(words) > 3 and words[3] != "minimum":
        value = as_int(words[3])
        if value != 0 and not in_range(value, tables.TCP_MSS_RANGE):
            p.invalid(
                line,
                words[3],
                "a TCP MSS in bytes (0 or %d-%d)" % tables.TCP_MSS_RANGE,
                {"kind": "sysopt", "name": "tcpmss"},
            )
            return None
        p.config.tcp_mss, p.config.tcp_mss_line = value, line
    elif words[1:4] == ["connection", "tcpmss", "minimum"]:
        if words[4:] != ["0"]:  # 0, no minimum, is what 'show running-config all' prints by default (verified: false)
            _sysopt_named(p, line, "tcpmss-minimum", "a TCP MSS below the minimum is raised to it, and the minimum is "
                          "not compared with the MSS the tunnel to Azure needs (sysopt connection tcpmss)")
    elif words[1:3] == ["connection", "reclassify-vpn"]:
        _sysopt_named(p, line, "reclassify-vpn", _RECLASSIFY_WHY)
    return None


# 'sysopt connection reclassify-vpn': flows the ASA built before a tunnel came up are reclassified to go through it once
# it does (Cisco ASA command reference, "sysopt connection reclassify-vpn"; verified: false). It changes nothing that
# is negotiated, but where the connections built while the tunnel was down go once it is back is not checked.
# ('sysopt connection preserve-vpn-flows', which Microsoft's ASA sample and the Cisco VTI samples set, keeps TCP flows
# across a drop (Cisco document 113014, "Persistent IPsec Tunneled Flows") and stays quiet: it is the recommended
# setting, and naming it put a note on every tunnel of those samples.)
_RECLASSIFY_WHY = ("which egress the connections built while a tunnel was down keep once it is back up depends on this "
                   "line, and is not checked")


def _sysopt_named(p, line, name, why):
    """A 'sysopt connection' line read but not modelled, as information that names it."""
    p.unsupported([line], INFO, line.text, why, {"kind": "sysopt", "name": name},
                  ["! Check '%s' by hand." % line.text])


def no_sysopt(p, words, line, indent):
    """``no sysopt connection permit-vpn``: decrypted traffic is then checked by the interface ACLs, which are not
    read (the default, permit-vpn, lets it bypass them and is not shown: Cisco ASA VPN CLI configuration guide,
    "Configure IPsec to Bypass ACLs"). Review 2026-12-04: it passed without a word."""
    if words[1:4] == ["sysopt", "connection", "permit-vpn"]:
        p.unsupported(
            [line], WARNING, "traffic from the tunnel filtered by interface ACLs (%s)" % line.text,
            "decrypted traffic must also be permitted by the access-group of the interface it arrives on, which is "
            "not read, so whether traffic from Azure reaches the networks behind the ASA is not checked",
            {"kind": "sysopt", "name": "permit-vpn"},
            ["! Check by hand that the outside interface's access-group permits the traffic from Azure's networks, "
             "or restore the default: sysopt connection permit-vpn"],
        )
    return None


TOP_LEVEL = {
    ("hostname",): hostname,
    ("ASA", "Version"): asa_version,
    ("sysopt",): sysopt,
    ("no", "sysopt"): no_sysopt,
    ("context",): context,
    ("admin-context",): context,
}
