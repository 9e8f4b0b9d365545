# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ASA adapter's tunnel ends of one config share: the config, name resolution,
the NAT index (built on first use), and the findings and dependencies collected so far."""

from dataclasses import dataclass, field
from typing import Dict

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.nat_index import NatIndex
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.resolver import Resolver
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING, Finding


@dataclass
class Origin:
    """Where a tunnel end comes from, for findings: the end's name, the evidence keys that
    name its config object (crypto_map/seq, or interface), and how a sentence names it."""

    name: str
    keys: Dict[str, object] = field(default_factory=dict)
    label: str = ""


class _Unkept(object):
    """The dependencies of a config without parse findings: nothing to scope them to (adapter's
    _scoped_parse_findings), so nothing is kept (issue 12: a set of ~20 keys per tunnel, made and freed)."""

    __slots__ = ()

    def add(self, key):
        return None

    def update(self, keys):
        return None


UNKEPT = _Unkept()


class AdapterContext(object):
    def __init__(self, config, host):
        self.config = config
        self.host = host
        self.nameifs = config.nameifs()
        self.resolver = Resolver(config, self.nameifs)
        self._nat_index = None
        self._nat_index_with_inactive = None
        self.findings = []
        self.dependencies = {}  # tunnel name -> set of (kind, name, seq) keys it uses
        self.keep_dependencies = bool(config.findings)  # only parse findings are scoped by them
        self.ikev2_missing = {}  # nameif -> [tunnel names]
        self.ikev2_missing_lines = {}  # nameif -> the IKEv2 proposal lines of its first tunnels (SCOPE_SHOWN)
        self.vti_names = set()
        self.vti_built = set()  # hardware names of the tunnel interfaces that are tunnel ends (bgp.unclaimed)
        self._parse_index = None
        self._added = {}  # (code, summary) -> Finding, for add_once
        self._scoped = {}  # id(Finding) -> the names in its scope, for add_once (the finding is kept in _added)
        self.ike_proposals_made = {}  # (IKE version, IKEv1 method) -> what protection._ike_proposals made for it
        self.child_parts_made = {}  # (IKE version, proposal name) -> what proposals._child_parts made of it
        self.invented_names = None  # asa/invented_names.held, once per config: protection.ref
        self.policy_refs = None  # (IKEv2 priorities, IKEv1 priorities, free IKEv2 priority): protection.ref
        self.proposal_users = None  # ipsec-proposal name -> [(what names it, its holder)]: protection.ref
        self.vpn_filter_lines = {}  # access-list name -> its lines as vpn_filter judges them
        self._vti_nameifs = None
        # str(network) and span_of(network) per network object (resolver.info_of)
        self.info_of, self.infos_of = self.resolver.info_of, self.resolver.infos_of

    def dependencies_of(self, name, keys):
        """The set of ``name``'s dependencies, starting with ``keys``; UNKEPT (adds nothing) when the
        config has no parse finding to scope."""
        if not self.keep_dependencies:
            return UNKEPT
        deps = self.dependencies[name] = set(keys)
        return deps

    @property
    def nat_index(self):
        if self._nat_index is None:
            self._nat_index = NatIndex(self.config, self.resolver)
        return self._nat_index

    @property
    def nat_index_with_inactive(self):
        """The NAT rules as if the inactive ones were active (nat_index.inactive_exemptions), built on first use."""
        if self._nat_index_with_inactive is None:
            self._nat_index_with_inactive = NatIndex(self.config, self.resolver, with_inactive=True)
        return self._nat_index_with_inactive

    def evidence(self, origin_keys, lines, **extra):
        """``{"asa": {host, <origin_keys>, lines, <extra>}}``; ``origin_keys`` name the config object."""
        evidence = {"host": self.host}
        evidence.update(origin_keys)
        evidence["lines"] = [line.to_dict() for line in lines if line is not None]
        evidence.update(extra)
        return {"asa": evidence}

    def parse_reported(self, code, name=None, line=None):
        """Did the parser already report ``code`` for this name or line number?"""
        if self._parse_index is None:
            index = set()
            for finding in self.config.findings:
                asa = finding.evidence.get("asa", {})
                if asa.get("name") is not None:
                    index.add((finding.code, "name", asa["name"]))
                for entry in asa.get("lines", ()):
                    index.add((finding.code, "line", entry.get("line")))
            self._parse_index = index
        if name is not None and (code, "name", name) in self._parse_index:
            return True
        return line is not None and (code, "line", line) in self._parse_index

    def vti_nameifs(self):
        """The nameifs of the config's tunnel interfaces, found once."""
        if self._vti_nameifs is None:
            self._vti_nameifs = frozenset(i.nameif for i in self.config.interfaces.values()
                                          if i.tunnel is not None and i.nameif)
        return self._vti_nameifs

    def add_once(self, code, severity, summary, evidence, remediation, scope, phase="config"):
        """``add``, or widen the scope of the same code and summary added before (a name two
        tunnels use is one finding)."""
        earlier = self._added.get((code, summary))
        if earlier is not None:
            named = self._scoped[id(earlier)]  # the names in earlier.scope: a test of the list per name was
            for name in scope:  # tunnels squared on a hub (issue 12)
                if name not in named:
                    named.add(name)
                    earlier.scope.append(name)
            return
        self.add(code, severity, summary, evidence, remediation, scope, phase)
        self._added[(code, summary)] = finding = self.findings[-1]
        self._scoped[id(finding)] = set(finding.scope)

    def leased_address(self, iface, name):
        """UNSUPPORTED_CONSTRUCT on the tunnel ``name``, whose own address is ``iface``'s DHCP or PPPoE lease: one
        finding per interface, scoped to each such tunnel (review 2026-12-04: a stale gatewayIpAddress on Azure
        passed without a word, the address check skipped as unknown)."""
        line = iface.leased
        construct = "an address from %s (%s)" % ("PPPoE" if line.text.split()[2:3] == ["pppoe"] else "DHCP", line.text)
        why = ("the address the ASA has on %s is the lease's, not the config's, so whether Azure's local network "
               "gateway names it (gatewayIpAddress, where Azure builds the tunnel to) is not checked" % iface.nameif)
        self.add_once(
            "UNSUPPORTED_CONSTRUCT", WARNING, "Line %d: %s is not modelled: %s." % (line.line, construct, why),
            self.evidence({"interface": iface.hardware, "nameif": iface.nameif}, [line], construct=construct, why=why),
            ["! Check that Azure's local network gateway names the address %s has now (show interface ip brief), "
             "and again after the lease changes" % iface.nameif],
            [name])

    def ike_interface_unusable(self, iface, name, role):
        """An error on the tunnel ``name`` when ``iface``, the interface its IKE runs from (``role``: "the crypto map
        is bound to" / "the tunnel is sourced from"), is shut down or has no address in the config (a lease is
        leased_address's): the ASA sends nothing from it. One finding per interface and state, scoped to each such
        tunnel (review 2026-12-04: both passed, the address check skipped as unknown)."""
        if not iface.shutdown and (iface.address is not None or iface.leased is not None):
            return
        head = [line for line in iface.lines if line.text.startswith("interface ")][:1]
        if iface.shutdown:
            shut = [line for line in iface.lines if line.text.strip() == "shutdown"]
            self.add_once(
                "PEER_ADDRESS_MISMATCH", ERROR,
                "Interface %s (%s), which %s, is shut down: no IKE or ESP leaves it, so the tunnel never comes up."
                % (iface.hardware, iface.nameif, role),
                self.evidence({"interface": iface.hardware, "nameif": iface.nameif}, head + shut),
                ["interface %s" % iface.hardware, " no shutdown"], [name])
        elif iface.address is None and iface.leased is None:
            # an interface with IPv6 addresses only: they do not reach an IPv4 (or unknown) peer, so it is said with
            # the lines that give them rather than "no IP address", which those lines contradict (review 2026-12-07)
            ipv6 = [line for line in iface.lines if line.text.startswith("ipv6 address")]
            what = ("has no IPv4 address (only IPv6 ones, line %s, which do not reach an IPv4 peer)"
                    % ", ".join(str(line.line) for line in ipv6[:10]) if ipv6 else "has no IP address")
            self.add_once(
                "PEER_ADDRESS_MISMATCH", ERROR,
                "Interface %s (%s), which %s, %s: the ASA has no address to run IKE from, so the tunnel never comes "
                "up." % (iface.hardware, iface.nameif, role, what),
                self.evidence({"interface": iface.hardware, "nameif": iface.nameif}, head + ipv6[:10]),
                ["interface %s" % iface.hardware,
                 " ip address <the address Azure's local network gateway names> <mask>"], [name])

    def add(self, code, severity, summary, evidence, remediation, scope, phase="config"):
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                phase=phase,
                summary=summary,
                evidence=evidence,
                remediation={"asa": remediation},
                scope=list(scope),
            )
        )
