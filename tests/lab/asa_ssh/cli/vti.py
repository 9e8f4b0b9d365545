# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Virtual tunnel interfaces (``interface TunnelN``) and ``crypto ipsec profile``.

Sources: Cisco ASA VPN CLI configuration guide, chapter "Virtual Tunnel Interface" (9.7 and
later releases: interface tunnel numbers, ``tunnel source interface``, ``tunnel destination``,
``tunnel mode ipsec ipv4``, ``tunnel protection ipsec profile``; "VTI is only supported in
routed mode, single context"), Cisco document 214109 "Configure ASA IPsec VTI Connection to
Azure" (IKEv2 over VTI from 9.8(1)), and the vti item of
/work/shared/reference/azure_asa_ipsec_facts.yaml.  Error texts are the lab's where the
documents give none; they start with ``ERROR:`` like the ASA's.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from .grammar import PFS_GROUPS, norm
from .rules import Ctx, Edit, ipv4, nameifs, netmask, rank_in, reorder_children
from .store import ConfigStore

# The VTI chapter first appears in the 9.7 configuration guide (IKEv1); 214109 adds IKEv2 in 9.8(1).
VTI_MIN_VERSION = (9, 7, 1)
VTI_IKEV2_MIN_VERSION = (9, 8, 1)
# "interface tunnel number": 0-10413 (VTI chapter, "Add a VTI Interface").
TUNNEL_MAX = 10413
TUNNEL_RE = re.compile(r"^[Tt]unnel(\d+)$")

# show running-config order of a tunnel interface (Cisco 214109 and the VTI chapter's examples)
TUNNEL_ORDER = ["description", "shutdown", "nameif", "security-level", "ip address", "ipv6", "tunnel source",
                "tunnel destination", "tunnel mode", "tunnel protection"]
# ... and of an IPsec profile (keyword order of the crypto map it replaces: proposal, pfs, lifetimes)
PROFILE_ORDER = ["set ikev1 transform-set", "set ikev2 ipsec-proposal", "set pfs",
                 "set security-association lifetime seconds", "set security-association lifetime kilobytes",
                 "set security-association replay", "set trustpoint", "set ikev2 local-identity",
                 "responder-only"]


def tunnel_name(tokens: List[str]) -> Tuple[str, int]:
    """``interface Tunnel1`` / ``interface tunnel 1`` -> ("Tunnel1", words used), ("", 0) otherwise."""
    if len(tokens) >= 2:
        match = TUNNEL_RE.match(tokens[1])
        if match:
            return "Tunnel%d" % int(match.group(1)), 2
        if tokens[1].lower() == "tunnel" and len(tokens) >= 3 and tokens[2].isdigit():
            return "Tunnel%d" % int(tokens[2]), 3
    return "", 0


def _profiles(store: ConfigStore) -> List[str]:
    return [store.lines[i].split()[3] for i in store.top_level()
            if store.lines[i].split()[:3] == ["crypto", "ipsec", "profile"] and len(store.lines[i].split()) == 4]


def _tunnels_using(store: ConfigStore, profile: str) -> List[str]:
    users = []
    for i in store.top_level():
        tokens = store.lines[i].split()
        if tokens[:1] == ["interface"] and len(tokens) == 2 and TUNNEL_RE.match(tokens[1]):
            if any(norm(store.lines[j]) == "tunnel protection ipsec profile " + profile for j in store.children(i)):
                users.append(tokens[1])
    return users


# -- top-level lines ------------------------------------------------------------------------------
def top_interface(ctx: Ctx, body: List[str], negated: bool):
    name, used = tunnel_name(body)
    if not used:
        return None
    if ctx.version < VTI_MIN_VERSION or ctx.in_context:
        return Edit(invalid=1)  # no tunnel interfaces before 9.7(1), nor in a security context
    if used != len(body):
        return Edit(invalid=used)
    if int(name[6:]) > TUNNEL_MAX:
        return Edit(invalid=used - 1)
    return Edit(body=["interface", name])


def top_crypto(ctx: Ctx, body: List[str], negated: bool):
    if body[:3] != ["crypto", "ipsec", "profile"] or len(body) != 4 or not negated:
        return None
    users = _tunnels_using(ctx.store, body[3])
    if users:
        return Edit(error="ERROR: IPsec profile %s is in use by interface %s; remove 'tunnel protection' first"
                    % (body[3], ", ".join(users)))
    return None


# -- interface sub-mode ---------------------------------------------------------------------------
def child_interface(ctx: Ctx, parent: int, body: List[str], negated: bool):
    if body[0] == "nameif" and not negated and len(body) == 2:
        held = _nameif_elsewhere(ctx.store, parent, body[1])
        if held:
            return Edit(error=held)
    is_tunnel = bool(tunnel_name(ctx.store.lines[parent].split())[1])
    if body[0] == "tunnel" and not is_tunnel:
        return Edit(invalid=0)  # "tunnel ..." exists only under a tunnel interface
    if not is_tunnel:
        return None
    if body[0] == "ip" and not negated:
        return _check_ip_address(body)
    if body[0] == "tunnel":
        if negated:
            # only the line as set (or all its values): "no tunnel protection ipsec profile OTHER" changes nothing
            line = " ".join(body)
            kids = [norm(ctx.store.lines[j]) for j in ctx.store.children(parent)]
            if not any(kid == line or kid.startswith(line + " ") for kid in kids):
                return Edit(done=False)
        return _check_tunnel(ctx, body, negated)
    return None


def _nameif_elsewhere(store: ConfigStore, parent: int, name: str) -> str:
    """The ERROR for a nameif another interface has, or "": an ASA names one interface by a nameif (its routes,
    NAT rules and access-groups name the interface by it) and refuses a second one, whatever the case (ASA command
    reference, ``nameif``: "The name is not case-sensitive"). No public copy of the ASA's exact text was found
    (searched 2026-12-06: Cisco command references and configuration guides, community pages); the wording is the
    lab's, with the ASA's ``ERROR:`` start so a pusher's error matching sees it as a refusal."""
    mine = store.lines[parent].split()[1:2]
    for nameif, interface in nameifs(store).items():
        if nameif.lower() == name.lower() and [interface] != mine:
            return "ERROR: Name %s is already in use by interface %s" % (nameif, interface)
    return ""


def _check_ip_address(body: List[str]):
    if len(body) < 2 or body[1] != "address":
        return None
    for i, check in ((2, ipv4), (3, netmask)):
        if len(body) <= i:
            return Edit(invalid=i)
        if not check(body[i]):
            return Edit(invalid=i)
    if len(body) > 4 and body[4] != "standby":
        return Edit(invalid=4)
    return None


def _check_tunnel(ctx: Ctx, body: List[str], negated: bool):
    n = len(body)
    if n < 2:
        return Edit(invalid=1)
    word = body[1]
    if word not in ("source", "destination", "mode", "protection"):
        return Edit(invalid=1)
    if negated:
        return None
    if word == "source":
        if n < 3 or body[2] != "interface":
            return Edit(invalid=2)
        if n < 4:
            return Edit(invalid=3)
        if body[3] not in nameifs(ctx.store) or n > 4:
            return Edit(invalid=3 if n == 4 else 4)
        return None
    if word == "destination":
        if n != 3 or not ipv4(body[2]):
            return Edit(invalid=min(n, 2 if n < 3 or not ipv4(body[2]) else 3))
        return None
    if word == "mode":
        if n < 3 or body[2] != "ipsec":
            return Edit(invalid=2)
        if n < 4 or body[3] not in ("ipv4", "ipv6") or n > 4:
            return Edit(invalid=3 if n < 4 or body[3] not in ("ipv4", "ipv6") else 4)
        return None
    if n < 3 or body[2] != "ipsec":
        return Edit(invalid=2)
    if n < 4 or body[3] != "profile":
        return Edit(invalid=3)
    if n < 5:
        return Edit(invalid=4)
    if body[4] not in _profiles(ctx.store):
        return Edit(error="ERROR: IPsec profile %s does not exist" % body[4])
    return None


def tidy_interface(store: ConfigStore, index: int) -> None:
    if tunnel_name(store.lines[index].split())[1]:
        reorder_children(store, index, lambda tokens: (rank_in(TUNNEL_ORDER, tokens),))


# -- crypto ipsec profile sub-mode ----------------------------------------------------------------
def child_profile(ctx: Ctx, parent: int, body: List[str], negated: bool):
    if body[0] == "responder-only":
        return Edit(invalid=1) if len(body) > 1 else None
    n = len(body)
    if n < 2:
        return Edit(invalid=1)
    word = body[1]
    if word == "ikev2" and not negated and ctx.version < VTI_IKEV2_MIN_VERSION:
        return Edit(invalid=1)  # an IPsec profile (VTI) speaks IKEv1 only before 9.8(1)
    if word in ("ikev2", "ikev1"):
        want = "ipsec-proposal" if word == "ikev2" else "transform-set"
        if n < 3 or body[2] not in (want, "local-identity" if word == "ikev2" else want):
            return Edit(invalid=2)
        if negated:
            return None
        if n < 4:
            return Edit(invalid=3)
        if body[2] != "local-identity" and n > 14:
            return Edit(invalid=14)  # up to 11 proposals or transform sets
        return None
    if word == "pfs":
        if negated or n == 2 or (n == 3 and body[2] in PFS_GROUPS):
            return None
        return Edit(invalid=2)
    if word == "security-association":
        return _check_lifetime(body, negated)
    if word == "trustpoint":
        return Edit(invalid=2) if n < 3 and not negated else None
    return Edit(invalid=1)


def _check_lifetime(body: List[str], negated: bool):
    n = len(body)
    if n < 3 or body[2] not in ("lifetime", "replay"):
        return Edit(invalid=2)
    if body[2] == "replay":
        return None
    if n < 4 or body[3] not in ("seconds", "kilobytes"):
        return Edit(invalid=3)
    if negated:
        return None
    if n < 5:
        return Edit(invalid=4)
    if body[3] == "kilobytes" and body[4] == "unlimited":
        return None
    low = 120 if body[3] == "seconds" else 10  # ASA command reference ranges, as for crypto maps
    if not body[4].isdigit() or not low <= int(body[4]) <= 2147483647 or n > 5:
        return Edit(invalid=4 if n == 5 or not body[4].isdigit() else 5)
    return None


def tidy_profile(store: ConfigStore, index: int) -> None:
    reorder_children(store, index, lambda tokens: (rank_in(PROFILE_ORDER, tokens),))
