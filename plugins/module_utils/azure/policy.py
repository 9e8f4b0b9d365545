# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A connection's IPsec/IKE policy -> proposals, PFS and lifetimes of its TunnelEnd:
Azure's default policy when ``ipsecPolicies`` is empty, else ipsecPolicies[0] read
by Azure's policy rules (GCM pairing, ranges). Every default comes from tables.py.

The functions take the connection reader (adapter._ConnectionReader) for its
``conn``, ``name``, ``ref``, ``unknowns``, ``find`` and ``invalid``.
"""

from types import SimpleNamespace

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.evidence import (
    int_value,
    line,
    list_prop,
    note_line,
    number_expected,
    unset_line,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.reader_findings import FindingsReader
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import AzureInputError, prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, INFO, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import (
    AEAD_CIPHERS,
    NO_PFS,
    ChildSaProposal,
    ConfigLine,
    IkeProposal,
    Lifetimes,
    copy_end,
)


def fill_policy(reader, end, vpn_type):
    """Proposals, PFS and lifetimes; returns whether a custom policy is set."""
    end.ike_lifetime = Lifetimes(
        seconds=tables.IKE_SA_LIFETIME_SECONDS,
        source=(note_line(reader.conn, "IKE SA lifetime %d s" % tables.IKE_SA_LIFETIME_SECONDS,
                          "fixed by Azure"),),
    )
    policies = list_prop(reader.conn, "ipsecPolicies")
    reader.ref["custom_policy"] = bool(policies)
    reader.ref["policy"] = None
    if not policies:
        _default_policy(reader, end, vpn_type)
        return False
    if len(policies) > 1:
        # one policy per connection (DOC_POLICY_FAQ, DOC_POLICY_HOWTO_PORTAL): the fix keeps one entry. Each entry is
        # a candidate; the check keeps the one that keeps Azure's rules and suits the peer best, the first on a tie
        # (superseded.with_policy_fixes_checked), not always the first (which may be the broken or mismatched one)
        reader.find(
            "AZURE_POLICY_INVALID", ERROR,
            "%s has %d IPsec policies; Azure allows one per connection. The fix keeps the one that keeps Azure's "
            "policy rules and leaves the tunnel the fewest problems with its peer." % (reader.name, len(policies)),
            [line(reader.conn, "ipsecPolicies[%d]" % i, p) for i, p in enumerate(policies)],
            {"ipsecPolicies": [policies[0]]},
            [{"ipsecPolicies": [p]} for p in policies[1:] if isinstance(p, dict)], count=len(policies),
        )
    if not isinstance(policies[0], dict):
        raise AzureInputError("%s: ipsecPolicies[0] is a %s, not an object"
                              % (reader.conn.describe(), type(policies[0]).__name__))
    _CustomPolicyReader(reader, policies[0]).fill(end)
    return True


def _default_policy(reader, end, vpn_type):
    where = "Azure default policy, %s gateway" % vpn_type
    present = reader.conn.get("ipsecPolicies") is not None

    def source(what):
        note = "%s, %s" % (where, what)
        if present:
            return (line(reader.conn, "ipsecPolicies", [], note),)
        return (unset_line(reader.conn, "ipsecPolicies", note),)

    _fill_default(end, vpn_type, source)


def with_default_policy(end):
    """A copy of ``end`` (a connection's TunnelEnd) as it is once its custom policy is removed: Azure's default
    proposals, PFS and Child SA lifetime of its gateway's VPN type (ref "vpn_type", tables.ASSUMED_VPN_TYPE when not
    known), as fill_policy reads a connection without one. So that a fix removing the policy (a Basic or PolicyBased
    gateway takes none: session.check_gateway_support) is tried against the peer (superseded.with_policy_fixes_checked)
    rather than shown unchecked."""
    vpn_type = end.ref.get("vpn_type") if end.ref.get("vpn_type") in tables.VPN_TYPES else tables.ASSUMED_VPN_TYPE
    fixed = copy_end(end)
    where = "%s: ipsecPolicies removed (Azure default policy, %s gateway" % (end.name, vpn_type)
    _fill_default(fixed, vpn_type, lambda what: (ConfigLine(0, "%s, %s)" % (where, what)),))
    fixed.ref.update({"custom_policy": False, "policy": None})
    decided = {"ike_proposals", "child_proposals", "pfs_group", "child_lifetime"}
    fixed.unknowns = tuple(u for u in fixed.unknowns if u not in decided)
    return fixed


def _fill_default(end, vpn_type, source):
    """Azure's default policy of a ``vpn_type`` gateway into ``end``; ``source(what)``: its evidence lines."""
    end.ike_proposals = [
        IkeProposal(
            label="azure-default-ike-%d" % n,
            encryption=(enc,), integrity=(integ,), prf=(integ,), dh_groups=tables.DEFAULT_IKE_DH_GROUPS,
            source=source("IKE offer %d" % n),
        )
        for n, (enc, integ) in enumerate(tables.DEFAULT_IKE_OFFERS[vpn_type], 1)
    ]
    end.child_proposals = _default_child(tables.DEFAULT_CHILD_INITIATOR[vpn_type], "initiator", source)
    end.child_proposals_responder = _default_child(tables.DEFAULT_CHILD_RESPONDER[vpn_type], "responder", source)
    end.pfs_group = tables.DEFAULT_PFS_GROUP
    end.pfs_source = source("no PFS as initiator")
    seconds, kilobytes = tables.DEFAULT_CHILD_LIFETIME[vpn_type]
    end.child_lifetime = Lifetimes(seconds=seconds, kilobytes=kilobytes, source=source("Child SA lifetime"))


def _default_child(offers, role, source):
    return [
        ChildSaProposal(
            label="azure-default-child-%s-%d" % (role, n),
            encryption=(enc,),
            integrity=() if integ is tables.AEAD else (integ,),
            dh_groups=(pfs,),
            source=source("Child SA %s offer %d" % (role, n)),
        )
        for n, (enc, integ, pfs) in enumerate(offers, 1)
    ]


class _CustomPolicyReader:
    """Reads ipsecPolicies[0] for a _ConnectionReader, applying Azure's policy rules."""

    PATH = "ipsecPolicies[0]."

    def __init__(self, reader, policy):
        self.reader = reader
        self.conn = reader.conn
        # prop(policy, f), whose first step is the exact key when the policy (a dict) has it
        self.raw = {f: policy[f] if f in policy else prop(policy, f) for f in tables.POLICY_FIELDS}
        self.lines = {f: line(self.conn, self.PATH + f, v) for f, v in self.raw.items() if v is not None}
        self.values = {}  # enum field -> REST spelling, only for valid values

    def fill(self, end):
        self._read_enums()
        self.reader.ref["policy"] = {f: self.values.get(f, self.raw[f]) for f in tables.POLICY_FIELDS}
        ike, ike_group = self._ike()
        end.ike_proposals = [ike] if ike else []
        known, pfs = self._pfs(ike_group)
        end.pfs_group = pfs
        end.pfs_source = self._pfs_source()
        child = self._child(pfs) if known else None
        end.child_proposals = [child] if child else []
        # exact_match_only: Azure accepts only its own proposal (DOC_POLICY_HOWTO_PORTAL)
        end.child_proposals_responder = [_same_proposal(child)] if child else []
        end.child_lifetime = self._lifetime()

    def _unknown(self, *fields):
        self.reader.unknowns.extend(fields)

    def _policy_invalid(self, severity, summary, fields, remediation=None, alternatives=()):
        self.reader.find(
            "AZURE_POLICY_INVALID", severity, summary,
            [self.lines[f] for f in fields if f in self.lines], remediation, alternatives,
            properties={self.PATH + f: self.raw[f] for f in fields},
        )

    def _read_enums(self):
        missing = []
        for field, allowed in tables.ENUMS.items():
            raw = self.raw[field]
            if raw is None:
                missing.append(field)
                continue
            value = tables.enum_value(field, raw)
            if value is None:
                expected = "an Azure %s value (%s)" % (field, ", ".join(allowed))
                self.reader.invalid(self.conn, self.PATH + field, raw, expected, _FIELD_OF[field], ERROR)
            else:
                self.values[field] = value
        if missing:
            self._unknown(*(_FIELD_OF[f] for f in missing))
            self._policy_invalid(
                ERROR, "%s: the custom IPsec policy lacks %s; Azure needs every field of the policy."
                % (self.reader.name, ", ".join(missing)), missing)

    def _ike(self):
        """(IkeProposal or None, IKE DH group or None)."""
        values = self.values  # tuples written out, not made by generators (issue 12: 3 % of this adapter)
        enc, integ, dh = values.get("ikeEncryption"), values.get("ikeIntegrity"), values.get("dhGroup")
        group = tables.DH_GROUP.get(dh)
        if None in (enc, integ, dh):
            self._unknown("ike_proposals")
            return None, group
        if not self._gcm_paired("ikeEncryption", "ikeIntegrity", gcm_cipher_needs_pair=False):
            self._unknown("ike_proposals")
            return None, group
        if group is None:
            self._unknown("ike_proposals")
            self._policy_invalid(
                WARNING, "%s: dhGroup None leaves the IKE SA without a DH group, which IKE needs; "
                "what Azure then proposes is not documented." % self.reader.name, ["dhGroup"])
            return None, None
        encryption = tables.IKE_ENCRYPTION[enc]
        hash_name = tables.IKE_INTEGRITY[integ]
        prf = tables.IKE_PRF[integ]
        if prf is None:
            # not modelled, so said (tables.IKE_PRF): info, since the ASA offers its PRFs in one proposal and the
            # session most likely comes up; what to look at if IKE_SA_INIT is refused
            self.reader.find(
                "UNSUPPORTED_CONSTRUCT", INFO,
                "%s: with ikeIntegrity %s Microsoft does not document the PRF Azure uses for the IKE SA, so the PRF "
                "is not compared with the peer's; if IKE_SA_INIT fails with NO_PROPOSAL_CHOSEN, offer prf sha256 and "
                "sha384 on the peer or use a SHA ikeIntegrity." % (self.reader.name, integ),
                [self.lines["ikeIntegrity"]], property=self.PATH + "ikeIntegrity", value=integ)
        proposal = IkeProposal(
            label="ipsecPolicies[0]",
            encryption=(encryption,),
            integrity=() if hash_name is tables.AEAD or encryption in AEAD_CIPHERS else (hash_name,),
            prf=() if prf is None else (prf,),
            dh_groups=(group,),
            source=(self.lines["ikeEncryption"], self.lines["ikeIntegrity"], self.lines["dhGroup"]),
        )
        return proposal, group

    def _gcm_paired(self, enc_field, integ_field, gcm_cipher_needs_pair=True):
        """GCM pairing: a GCMAES value needs the same value on the other side.

        For IKE only a GCMAES integrity needs it: the 2024 doc table offers GCM
        IKE encryption with SHA integrities (see tables.GCM_VALUES).
        """
        enc, integ = self.values[enc_field], self.values[integ_field]
        paired = integ in tables.GCM_VALUES or (gcm_cipher_needs_pair and enc in tables.GCM_VALUES)
        if paired and enc != integ:
            fixes = [{self.PATH + field: value} for field, value in
                     tables.gcm_pairings(enc_field, enc, integ_field, integ, gcm_cipher_needs_pair)]
            # the first as before; the others are tried when it does not suit the peer (compat, with_policy_fixes_checked)
            self._policy_invalid(
                ERROR, "%s: %s %s with %s %s breaks Azure's GCM rule "
                "(a GCMAES value needs the same GCMAES value on the other side)."
                % (self.reader.name, enc_field, enc, integ_field, integ), [enc_field, integ_field], fixes[0], fixes[1:])
            return False
        return True

    def _pfs(self, ike_group):
        """(known, PFS group or None)."""
        value = self.values.get("pfsGroup")
        if value is None:
            self._unknown("pfs_group", "child_proposals")
            return False, None
        group = tables.PFS_GROUP[value]
        if group != tables.PFS_SAME_AS_IKE:
            return True, group
        same = tables.PFS_GROUP_TO_AZURE.get(ike_group)
        self._policy_invalid(
            WARNING, "%s: pfsGroup PFSMM is not documented by Azure; it is read as the IKE DH group (%s)%s."
            % (self.reader.name, ike_group if ike_group is not None else "unknown",
               ", name that group instead" if same else ""),
            ["pfsGroup", "dhGroup"], {self.PATH + "pfsGroup": same} if same else None)
        if ike_group is None:
            self._unknown("pfs_group", "child_proposals")
            return False, None
        return True, ike_group

    def _pfs_source(self):
        lines = self.lines
        if self.values.get("pfsGroup") == "PFSMM":
            return tuple(lines[f] for f in ("pfsGroup", "dhGroup") if f in lines)
        return (lines["pfsGroup"],) if "pfsGroup" in lines else ()

    def _child(self, pfs):
        enc, integ = self.values.get("ipsecEncryption"), self.values.get("ipsecIntegrity")
        if enc is None or integ is None or not self._gcm_paired("ipsecEncryption", "ipsecIntegrity"):
            self._unknown("child_proposals")
            return None
        hash_name = tables.IPSEC_INTEGRITY[integ]
        return ChildSaProposal(
            label="ipsecPolicies[0]",
            encryption=(tables.IPSEC_ENCRYPTION[enc],),
            integrity=() if hash_name is tables.AEAD else (hash_name,),
            dh_groups=(NO_PFS if pfs is None else pfs,),
            source=(self.lines["ipsecEncryption"], self.lines["ipsecIntegrity"], self.lines["pfsGroup"]),
        )

    def _lifetime(self):
        seconds = self._lifetime_value("saLifeTimeSeconds", tables.SA_LIFETIME_SECONDS_MIN,
                                       tables.CUSTOM_POLICY_DEFAULT_SECONDS, "child_lifetime")
        kilobytes = self._lifetime_value("saDataSizeKilobytes", tables.SA_DATA_SIZE_KB_MIN,
                                         tables.CUSTOM_POLICY_DEFAULT_KILOBYTES, "child_lifetime")
        source = (self._line_or_default("saLifeTimeSeconds", tables.CUSTOM_POLICY_DEFAULT_SECONDS),
                  self._line_or_default("saDataSizeKilobytes", tables.CUSTOM_POLICY_DEFAULT_KILOBYTES))
        return Lifetimes(seconds=seconds, kilobytes=kilobytes, source=source)

    def _line_or_default(self, field, default):
        return self.lines.get(field) or unset_line(self.conn, self.PATH + field, "Azure default %d" % default)

    def _lifetime_value(self, field, minimum, default, model_field):
        raw = self.raw[field]
        if raw is None:
            return default
        value = int_value(raw)
        if value is None:
            self.reader.invalid(self.conn, self.PATH + field, raw, number_expected("a whole number", raw), model_field,
                                ERROR)
            return None
        if field == "saDataSizeKilobytes" and value == tables.SA_DATA_SIZE_KB_NO_LIMIT:
            # taken by Azure (tables.SA_DATA_SIZE_KB_NO_LIMIT): no data limit, as the model writes an unlimited one
            self.lines[field] = line(self.conn, self.PATH + field, raw, "no data limit")
            return None
        if value < minimum:
            # fixed to Azure's default for a custom policy, not to the minimum: a floor of 1024 KB rekeys many times a
            # second under load, which REKEY_TOO_FREQUENT then reports (review 2026-12-04)
            self._policy_invalid(
                ERROR, "%s: %s %d is below Azure's minimum %d; Azure's default for a custom policy is %d."
                % (self.reader.name, field, value, minimum, default),
                [field], {self.PATH + field: max(default, minimum)})
            if value <= 0:
                # no lifetime at all: how often this end rekeys cannot be told, so nothing is timed on it (the
                # rekey findings said "every 0 KB, that is every 0 s" next to this one)
                self.reader.unknowns.append(model_field)
                return None
        return value


class _PolicyAlone:
    """The holder of a policy re-read alone (policy_breaks): a name for its evidence lines."""

    def __init__(self, name):
        self.name = name

    def describe(self):
        return self.name


def policy_breaks(policy, name="the fixed policy"):
    """The summaries of the errors and warnings Azure's policy rules (this module, as a connection's ipsecPolicies[0]
    is read) find in ``policy`` (a dict in Azure names): [] when it keeps them all. So that a fix writing a policy can
    be proven to clear AZURE_POLICY_INVALID (compat, superseded.with_policy_fixes_checked)."""
    if not isinstance(policy, dict):
        return ["%s is a %s, not an object" % (name, type(policy).__name__)]
    reader = FindingsReader(name, {})
    reader.conn = _PolicyAlone(name)
    reader.unknowns = []
    _CustomPolicyReader(reader, policy).fill(SimpleNamespace())
    return [f.summary for f in reader.findings if f.severity in (ERROR, WARNING)]


def _same_proposal(child):
    """``dataclasses.replace(child)`` (a new ChildSaProposal with the same field values) by its
    fields' values as keywords: replace's per-field checks were 2 % of this adapter (issue 12)."""
    return ChildSaProposal(**vars(child))


# Policy field -> the TunnelEnd field that cannot be decided without it.
_FIELD_OF = {
    "ikeEncryption": "ike_proposals",
    "ikeIntegrity": "ike_proposals",
    "dhGroup": "ike_proposals",
    "ipsecEncryption": "child_proposals",
    "ipsecIntegrity": "child_proposals",
    "pfsGroup": "pfs_group",
    "saLifeTimeSeconds": "child_lifetime",
    "saDataSizeKilobytes": "child_lifetime",
}
