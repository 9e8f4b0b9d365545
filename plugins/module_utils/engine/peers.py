# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who talks to whom: addresses, IKE versions, authentication, and whether
anybody starts the tunnel."""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.memo import BoundedMemo
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import MODE_INITIATOR_ONLY, MODE_RESPONDER_ONLY
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import _lines, who
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.prefixes import PARSED, behind_nat, parse, plain_v4_address
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.routing import stating


class PeerChecks(object):
    """Addresses, versions and authentication (a mixin of the engine's check)."""

    def check_addresses(self):
        a, b = self.a, self.b
        for end, other in ((a, b), (b, a)):
            if "peer_address" in end.unknowns or "local_address" in other.unknowns:
                continue
            if end.peer_address and other.local_address and not _same_address(end.peer_address, other.local_address):
                if other.local_address_private:
                    self._private_by_design(end, other)
                    continue
                if behind_nat(other.local_address) and not behind_nat(end.peer_address):
                    self._behind_nat(end, other)
                    continue
                self.add(
                    "PEER_ADDRESS_MISMATCH",
                    ERROR,
                    "config",
                    "%s %s expects its peer at %s, but %s %s is at %s: IKE packets go to the wrong address "
                    "or are refused." % (who(end), end.name, end.peer_address, who(other), other.name, other.local_address),
                    _address_evidence(end, other),
                    {end.vendor: [intent("peer_address", address=other.local_address)]},
                )
        for end, other in ((a, b), (b, a)):
            # the address ``end`` sends IKE and ESP to: its peer address; the other's own only when that is not
            # known (review 2026-12-05: an Azure private address, useLocalAzureIpAddress, was judged while the ASA
            # sent to the gateway's public one)
            target = end.peer_address if end.peer_address and "peer_address" not in end.unknowns else other.local_address
            if not end.remote_networks or not target:
                continue
            found = _address(target)
            if not found:
                continue
            version, number = found
            covering = _covering(end.remote_networks, version, number)
            if covering:
                covered = set(covering)
                kept = [n for n in end.remote_networks if n not in covered]
                self.add(
                    "LNG_CONTAINS_PEER_ADDRESS",
                    WARNING,
                    "traffic",
                    "%s %s routes %s into the tunnel, which contains %s, the address of %s it sends IKE and ESP to: "
                    "those packets can be sent into the tunnel itself, which causes disconnects or keeps it from "
                    "coming up." % (who(end), end.name, ", ".join(covering), target, who(other)),
                    {end.vendor: {"remote_networks": end.remote_networks, "peer_address": target,
                                  "lines": _lines(dict.fromkeys(_stating_networks(end, covering) + (
                                      end.peer_address_source if target == end.peer_address else ())))},
                     other.vendor: {"local_address": other.local_address,
                                    "lines": _lines(other.local_address_source)}},
                    {end.vendor: [intent("remote_networks", networks=kept)]},
                )

    def _private_by_design(self, end, other):
        """``other`` ends the tunnel on its private address by design (Azure's useLocalAzureIpAddress, for a tunnel over
        ExpressRoute private peering): no NAT maps another address to it. Microsoft's steps have the on-premises device
        use that private IP as its remote IP (azure/tables.py DOC_PRIVATE_PEERING_S2S), so ``end`` sending anywhere else is a mismatch;
        the fix points ``end`` at it (review 2026-12-05: this was the NAT warning, "not checked")."""
        self.add(
            "PEER_ADDRESS_MISMATCH",
            ERROR,
            "config",
            "%s %s expects its peer at %s, but %s %s ends its tunnels on its private address %s (the connection uses "
            "the gateway's private IP, useLocalAzureIpAddress, for a tunnel over ExpressRoute private peering): IKE "
            "must be sent to %s; packets to %s do not reach this connection." % (
                who(end), end.name, end.peer_address, who(other), other.name, other.local_address,
                other.local_address, end.peer_address),
            _address_evidence(end, other, local_address_private=True),
            {end.vendor: [intent("peer_address", address=other.local_address)]},
        )

    def _behind_nat(self, end, other):
        """``other`` has a private address and ``end`` expects it at a public one: a NAT device in between maps one to
        the other, which neither config shows. Not a mismatch, and never a fix that writes the private address into
        ``end`` (it cannot be reached there); NAT traversal carries IKE and ESP (review 2026-12-04: an error whose
        "proven" fix set Azure's local network gateway to 192.168.x)."""
        self.add(
            "PEER_ADDRESS_MISMATCH",
            WARNING,
            "config",
            "%s %s expects its peer at %s, and %s %s has the private address %s: a NAT device between them must map "
            "%s to it, which neither configuration shows, so this is not checked. NAT traversal (UDP 4500) must stay "
            "on at %s." % (who(end), end.name, end.peer_address, who(other), other.name, other.local_address,
                           end.peer_address, who(other)),
            _address_evidence(end, other),
        )

    def check_versions(self):
        common = set(self.a.ike_versions) & set(self.b.ike_versions)
        if common:
            self.ike_version = max(common)
            return self.ike_version
        a, b = self.a, self.b
        unknown = [e for e in (a, b) if not e.ike_versions and "ike_versions" in e.unknowns]
        if unknown:
            # not read (an undefined ipsec profile, said as UNDEFINED_REFERENCE): the other end's version is taken,
            # not reported as "allows IKE version none" (review 2026-12-06, route-based #6)
            known = [v for e in (a, b) if e not in unknown for v in e.ike_versions]
            self.ike_version = max(known) if known else 2
            return self.ike_version
        self.add(
            "IKE_VERSION_MISMATCH",
            ERROR,
            "ike_init",
            "%s allows IKE version %s and %s allows %s: the tunnel can never come up."
            % (who(a), _versions(a), who(b), _versions(b)),
            self.ev(_versions_evidence(a), _versions_evidence(b)),
            self.fixes(
                [intent("ike_version", version=max(b.ike_versions))] if b.ike_versions else [],
                [intent("ike_version", version=max(a.ike_versions))] if a.ike_versions else [],
            ),
        )
        return None

    def check_auth(self):
        a, b = self.a, self.b
        if "auth" in a.unknowns or "auth" in b.unknowns:
            return
        ma, mb = a.auth.method, b.auth.method
        if ma != mb:
            self.add(
                "AUTH_MISMATCH",
                ERROR,
                "ike_init",
                "%s authenticates with %s and %s with %s: %s fails."
                % (who(a), ma or "nothing configured", who(b), mb or "nothing configured", self.exchange("auth")),
                self.ev({"method": ma, "lines": _lines(a.auth.source)}, {"method": mb, "lines": _lines(b.auth.source)}),
                self.fixes(_toward(mb), _toward(ma)),
            )
        elif self._proposal_methods_differ():
            pass
        elif ma == "psk" and a.auth.psk_digest and b.auth.psk_digest and a.auth.psk_digest != b.auth.psk_digest:
            self.add(
                "AUTH_MISMATCH",
                ERROR,
                "ike_init",
                "The pre-shared keys on %s and %s differ (compared by keyed hash, never printed): %s fails."
                % (who(a), who(b), self.exchange("auth")),
                self.ev({"method": "psk", "lines": _lines(a.auth.source)}, {"method": "psk"}),
                self.fixes([intent("pre_shared_key")], [intent("pre_shared_key")]),
            )

    def _proposal_methods_differ(self):
        """AUTH_MISMATCH where an end's IKE proposals all go with an authentication method the other end does not use
        (an ASA whose IKEv1 policies are all ``authentication rsa-sig`` while its tunnel-group and Azure use a
        pre-shared key: the responder finds no proposal of the peer's method, NO_PROPOSAL_CHOSEN), citing the
        proposals; whether one was added (review I, defect 5: reported as "no IKE proposal" with none cited)."""
        for end, other in ((self.a, self.b), (self.b, self.a)):
            wanted = other.auth.method
            proposals = list(end.ike_proposals) + list(end.ike_proposals_responder or ())
            if not wanted or not proposals or any(p.auth_method in (None, wanted) for p in proposals):
                continue
            labels = list(dict.fromkeys(p.label.replace(" (AEAD)", "") for p in proposals))
            methods = sorted({p.auth_method for p in proposals})
            self.add(
                "AUTH_MISMATCH",
                ERROR,
                "ike_init",
                "%s's IKE proposals (%s) authenticate the peer with %s and %s with %s: no proposal matches, so %s "
                "fails with NO_PROPOSAL_CHOSEN and the tunnel never comes up."
                % (who(end), ", ".join(labels), " or ".join(_METHOD_TEXT.get(m, m) for m in methods), who(other),
                   _METHOD_TEXT.get(wanted, wanted), "Main Mode" if getattr(self, "ike_version", None) == 1 else "IKE_SA_INIT"),
                {end.vendor: {"method": end.auth.method,
                              "proposal_methods": dict((p.label, p.auth_method) for p in proposals),
                              "lines": _lines(tuple(dict.fromkeys(line for p in proposals for line in p.source)))},
                 other.vendor: {"method": wanted, "lines": _lines(other.auth.source)}},
                # the other end is asked to take the proposals' method: its renderer says whether it can (Azure cannot)
                {end.vendor: [intent("ike_auth_method", method=wanted, labels=labels)],
                 other.vendor: [intent("ike_auth_method", method=methods[0], labels=[])] if len(methods) == 1 else []},
            )
            return True
        return False


_METHOD_TEXT = {"psk": "a pre-shared key", "certificate": "a certificate"}


def _toward(method):
    """The intents that move an end to the other end's authentication ``method`` (one method both ways): the same key,
    or certificates; none toward an end that uses two methods, nor toward nothing. Without the certificate intent an
    ASA that signs with a certificate and asks Azure (on certificates) for a key had no fix and no reason (s42)."""
    if method == "psk":
        return [intent("pre_shared_key")]
    if method == "certificate":
        return [intent("ike_auth_method", method="certificate", labels=[])]
    return []


# (version, integer) per address text, False when it is none: the ends of one device share its address
_ADDRESSES = BoundedMemo(1 << 12)


def _address_evidence(end, other, **extra):
    """PEER_ADDRESS_MISMATCH's evidence: the address ``end`` sends to and the one ``other`` is at, each with the lines
    (an ASA's set peer, tunnel destination or interface address; Azure's local network gateway or public IP) that
    state it."""
    return {end.vendor: {"peer_address": end.peer_address, "lines": _lines(end.peer_address_source)},
            other.vendor: dict({"local_address": other.local_address, "lines": _lines(other.local_address_source)},
                               **extra)}


def _stating_networks(end, networks):
    """The lines stating ``networks`` of ``end``'s remote networks: those of its networks_source (routing.stating),
    else its selectors' lines whose remote side is one of them (an ASA crypto ACL names objects, not prefixes)."""
    found = stating(end, networks)
    if found or not end.traffic_selectors:
        return found
    wanted = set(networks)
    return tuple(dict.fromkeys(line for ts in end.traffic_selectors if ts.remote in wanted for line in ts.source))


def _address(text):
    """(version, integer) of an IP address, or False when ``text`` is none."""
    if text.__class__ is not str:
        return _read_address(text)
    found = _ADDRESSES.get(text)
    return _ADDRESSES.get_or_make(text, _read_address) if found is None else found


def _same_address(one, other):
    """Whether two address texts are one address (``2001:DB8::1`` and ``2001:db8:0::1`` are); texts that are no
    address are compared as written."""
    if one == other:
        return True
    first, second = _address(one), _address(other)
    return bool(first) and first == second


def _read_address(text):
    number = plain_v4_address(text)
    if number is not None:
        return (4, number)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return (address.version, int(address))


def _covering(networks, version, number):
    """The prefixes of ``networks`` that hold the address (its version and integer); a text that is no
    prefix holds nothing. One loop, the parsed prefixes looked up directly (an end may have thousands)."""
    out = []
    parsed = PARSED
    for network in networks:
        net = parsed.get(network) if network.__class__ is str else None
        if net is None:
            try:
                net = parse(network)
            except ValueError:
                continue
        net_version, start, end, _length = net  # unpacked: the attributes were most of the loop
        if start <= number <= end and net_version == version:
            out.append(network)
    return out


def _versions(end):
    return " and ".join("IKEv%d" % v for v in sorted(end.ike_versions)) or "none (%s)" % (
        "; ".join(line.text.strip("()") if not line.line else "line %d %s" % (line.line, line.text)
                  for line in end.ike_versions_source) or "no IKE version is configured")


def _versions_evidence(end):
    found = {"ike_versions": list(end.ike_versions)}
    if end.ike_versions_source:
        found["lines"] = _lines(end.ike_versions_source)
    return found


def _mode_text(end):
    return {MODE_RESPONDER_ONLY: "responder-only", MODE_INITIATOR_ONLY: "initiator-only"}.get(end.mode, "initiates and responds")


class InitiatorChecks(object):
    """Whether anybody starts the tunnel (a mixin of the engine's check)."""

    def check_initiator(self):
        """NO_INITIATOR where no end starts an exchange the other answers: both responder-only, or both
        initiator-only (each refuses what the other starts; review 2026-12-04: it passed)."""
        a, b = self.a, self.b
        if a.mode == b.mode == MODE_RESPONDER_ONLY:
            told = "only answer IKE (responder-only), so neither starts %s" % self.exchange("init")
        elif a.mode == b.mode == MODE_INITIATOR_ONLY:
            told = "only start IKE (initiator-only) and refuse what the other starts, so no %s is answered" \
                % self.exchange("init")
        else:
            return False
        self.add(
            "NO_INITIATOR",
            ERROR,
            "ike_init",
            "Both %s %s and %s %s %s and the tunnel never comes up." % (who(a), a.name, who(b), b.name, told),
            self.ev({"mode": _mode_text(a), "lines": _lines(a.mode_source)},
                    {"mode": _mode_text(b), "lines": _lines(b.mode_source)}),
            self.fixes([intent("initiator")], [intent("initiator")]),
        )
        return True
