# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one custom IPsec/IKE policy an Azure fix writes (the connection's ``ipsecPolicies``), for remediation.py.

Azure takes no partial policy: ``policy_entry`` makes the complete one (all eight fields, tables.POLICY_FIELDS) from
the proven end (``fixed``), else from today's policy with the intents' fields changed, and refuses one that would pin
a suite the pair does not negotiate or a weak default offer, or that the gateway takes no policy at all. The intent
kinds that only change policy fields (suites, PFS, Child SA lifetimes; the IKE SA lifetime, which is fixed) are
rendered here (``RENDERERS``, each returning ``{POLICY: {field: value}}``); remediation.py joins their fields into one
policy and renders every other kind.

``Unsupported`` (Azure has no way to do what an intent asks) is raised by every renderer, these and remediation.py's;
its message ends with ``OTHER_END_TAIL``. Plain Python, no Ansible import.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DEFAULT_BASELINE
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import weak_parts
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import OTHER_END_TAIL, intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_edit import NEGOTIATED

POLICY = "policy"  # renderer key: fields of the connection's ipsecPolicies[0]


class Unsupported(Exception):
    """Azure has no way to do what an intent asks."""

    def __init__(self, reason):
        Exception.__init__(self, reason + OTHER_END_TAIL)


# ---- the custom policy ------------------------------------------------------
_LIFETIME_KINDS = frozenset(["child_lifetime_seconds", "child_lifetime_kilobytes"])
# Changes that choose no suite: on the default policy the whole policy they write keeps the suite the pair negotiates
_KEEPING_THE_SUITE = _LIFETIME_KINDS | {"child_pfs"}


def policy_entry(end, fields, kinds, fixed):
    """The connection's one ipsecPolicies entry for the policy ``fields`` the intents of ``kinds`` asked for (all of
    it from ``fixed`` when given); raises Unsupported when Azure cannot take it."""
    if kinds <= _KEEPING_THE_SUITE and not end.ref.get("custom_policy") and fixed is not None:
        _negotiated_suite_only(fixed)
    if kinds <= _LIFETIME_KINDS and not end.ref.get("custom_policy"):
        _no_weak_default_pinned(fixed if fixed is not None else end)
    return _complete_policy(end, fields, fixed)


def _negotiated_suite_only(fixed):
    """A change that chooses no suite, on Azure's default policy, writes the suite the pair negotiates into the custom
    policy; where the pair negotiates none, that would pin the default's first offers, which the peer does not take
    (review 2026-12-05: a PFS fix wrote SHA1 and DH group 2 next to an ASA on SHA384 and group 24)."""
    for proposals, what, code in ((fixed.ike_proposals, "IKE", "IKE_NO_COMMON_PROPOSAL"),
                                  (fixed.child_proposals, "ESP", "CHILD_NO_COMMON_PROPOSAL")):
        if not proposals or proposals[0].label != NEGOTIATED:
            raise Unsupported("Azure takes this change only within a whole custom policy, and connection %s "
                              "negotiates no %s suite with its peer to keep in it (the policy would pin the default "
                              "policy's first offer): fix %s first, then this" % (fixed.name, what, code))


def _no_weak_default_pinned(source):
    """A lifetime change on Azure's default policy writes a custom policy drawn from the default's first offers; none
    of them may be weak (DEFAULT_BASELINE), or aligning a lifetime would pin DH group 2 into the connection (review
    2026-12-05: "proven", as the weak-crypto warning was there before, and it could overwrite that warning's fix)."""
    ike = source.ike_proposals[0] if source.ike_proposals else None
    child = source.child_proposals[0] if source.child_proposals else None
    weak = []
    if ike is not None:
        weak += weak_parts(DEFAULT_BASELINE, ike.encryption[:1], ike.integrity[:1])
        weak += ["DH group %s" % g for g in weak_parts(DEFAULT_BASELINE, dh_groups=ike.dh_groups[:1])]
    if child is not None:
        weak += weak_parts(DEFAULT_BASELINE, child.encryption[:1], child.integrity[:1])
    weak += ["PFS group %s" % g for g in weak_parts(DEFAULT_BASELINE, dh_groups=(source.pfs_group,))]
    if weak:
        raise Unsupported("a lifetime is set on Azure only within a whole custom policy, and one drawn from "
                          "connection %s's default policy would pin %s, which is weak: fix the weak crypto first "
                          "(its fix writes a strong policy), then align the lifetime" % (source.name, ", ".join(weak)))


def _complete_policy(end, fields, fixed):
    """The one ipsecPolicies entry, all eight fields, in Azure names (POLICY_FIELDS order)."""
    _require_custom_policy_support(end)
    if fixed is not None:
        policy = _policy_of(fixed)
    else:
        policy = _current_policy(end)
        policy.update(fields)
    # a value the fix leaves as it is keeps the user's spelling (DHGroup2048), REST-only aliases their documented one
    policy = documented(tables.kept_spelling(policy, end.ref.get("policy") if end.ref.get("custom_policy") else None))
    return {name: policy[name] for name in tables.POLICY_FIELDS}


def _require_custom_policy_support(end):
    sku = end.ref.get("sku")
    if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}:
        raise Unsupported("gateway %s is of the %s SKU, which takes no custom IPsec/IKE policy%s"
                          % (end.ref.get("gateway"), sku, _RECREATE_ONLY))
    if end.ref.get("vpn_type") == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY:
        raise Unsupported("gateway %s is PolicyBased, which takes no custom IPsec/IKE policy%s"
                          % (end.ref.get("gateway"), _RECREATE_ONLY))


# What a user can do about a gateway that takes no policy: a Basic gateway (PolicyBased ones are all Basic, reference
# yaml, verified: true) is not upgraded to another SKU, only deleted and created anew (Microsoft "Upgrade a gateway
# SKU", learn.microsoft.com/azure/vpn-gateway/gateway-sku-upgrade: "Basic SKU | Any other SKU | No | Yes"; verified)
_RECREATE_ONLY = (" (a Basic gateway cannot be upgraded to a SKU that does: it is deleted and created anew as a "
                  "RouteBased VpnGw gateway)")


def _policy_of(end):
    """The eight policy fields for the first IKE and Child SA proposals, PFS and lifetimes of ``end``."""
    ike = end.ike_proposals[0] if end.ike_proposals else None
    child = end.child_proposals[0] if end.child_proposals else None
    if ike is None or child is None:
        raise Unsupported("the suite %s would use is not known, so no complete custom policy can be drawn up"
                          % end.name)
    policy = _ike_fields(_first(ike.encryption), _first(ike.integrity), _first(ike.prf), _first(ike.dh_groups))
    policy.update(_child_fields(_first(child.encryption), _first(child.integrity)))
    policy["pfsGroup"] = _pfs_name(end.pfs_group)
    # A custom policy always has both lifetimes; PowerShell's defaults when none is
    # given (DOC_ALG_TABLE_2024, see tables.CUSTOM_POLICY_DEFAULT_*).
    policy["saLifeTimeSeconds"] = end.child_lifetime.seconds or tables.CUSTOM_POLICY_DEFAULT_SECONDS
    kilobytes = end.child_lifetime.kilobytes
    current = end.ref.get("policy") if end.ref.get("custom_policy") else None
    if kilobytes is None and isinstance(current, dict) and \
            current.get("saDataSizeKilobytes") == tables.SA_DATA_SIZE_KB_NO_LIMIT:
        kilobytes = tables.SA_DATA_SIZE_KB_NO_LIMIT  # the policy's 0, read as no data limit (policy.py): kept
    policy["saDataSizeKilobytes"] = tables.CUSTOM_POLICY_DEFAULT_KILOBYTES if kilobytes is None else kilobytes
    return policy


def _current_policy(end):
    """Without a proven end: the policy as set today (values the adapter read), the rest
    from the model - on Azure's default policy that is its first own offers."""
    current = end.ref.get("policy") if end.ref.get("custom_policy") else None
    if isinstance(current, dict) and all(valid_field(name, current.get(name)) for name in tables.POLICY_FIELDS):
        return documented(current)
    return _policy_of(end)


def documented(policy):
    """``policy`` (a dict of IpsecPolicy fields) with REST-only aliases in their documented spelling (PFS14: PFS2048),
    so that every rendering of a fix names one value, and one New-AzIpsecPolicy takes."""
    return {name: tables.DOCUMENTED_SPELLING.get(name, {}).get(value, value) for name, value in policy.items()}


def valid_field(name, value):
    if name in tables.ENUMS:
        return tables.enum_value(name, value) is not None
    return isinstance(value, int) and not isinstance(value, bool)


def _first(values):
    return values[0] if values else None


def property_intents(properties):
    """The fix intents a config finding's connection property changes stand for, in the model's names, so that such a
    fix is tried on the model against the peer (superseded.with_policy_fixes_checked) as a policy fix is. Only
    ``dpdTimeoutSeconds`` alone, inside Azure's range (tables.DPD_TIMEOUT_MIN..MAX: DOC_ALG_TABLE_2024, DOC_POLICY_FAQ,
    REST_2024_05_01); None for anything else."""
    if not isinstance(properties, dict) or set(properties) != {"dpdTimeoutSeconds"}:
        return None
    seconds = properties["dpdTimeoutSeconds"]
    if not isinstance(seconds, int) or isinstance(seconds, bool) or \
            not tables.DPD_TIMEOUT_MIN <= seconds <= tables.DPD_TIMEOUT_MAX:
        return None
    return [intent("dpd_timeout", seconds=seconds)]


def policy_intents(policy):
    """The fix intents a complete ipsecPolicies entry (a dict in Azure names) stands for, in the model's names, as the
    adapter reads a policy (azure/policy.py, tables' Azure -> canonical maps): so that a policy an Azure config
    finding's fix writes can be tried on the model against the peer (superseded.with_policy_fixes_checked). None when
    a value is none the model reads (not an enum value, no IKE DH group, a GCMAES integrity without its cipher)."""
    if not isinstance(policy, dict) or not all(valid_field(name, policy.get(name)) for name in tables.POLICY_FIELDS):
        return None
    value = {name: tables.enum_value(name, policy[name]) if name in tables.ENUMS else policy[name]
             for name in tables.POLICY_FIELDS}
    ike_cipher = tables.IKE_ENCRYPTION[value["ikeEncryption"]]
    ike_hash = tables.IKE_INTEGRITY[value["ikeIntegrity"]]
    esp_cipher = tables.IPSEC_ENCRYPTION[value["ipsecEncryption"]]
    esp_hash = tables.IPSEC_INTEGRITY[value["ipsecIntegrity"]]
    group = tables.DH_GROUP[value["dhGroup"]]
    if group is None or (ike_hash is tables.AEAD and ike_cipher not in AEAD_CIPHERS) or \
            (esp_hash is tables.AEAD and esp_cipher not in AEAD_CIPHERS):
        return None
    pfs = tables.PFS_GROUP[value["pfsGroup"]]
    # child_pfs before child_proposal: the proposal takes the end's PFS group (model_edit.ModelEdit)
    return [
        intent("ike_proposal", encryption=ike_cipher,
               integrity=None if ike_hash is tables.AEAD or ike_cipher in AEAD_CIPHERS else ike_hash,
               prf=tables.IKE_PRF[value["ikeIntegrity"]], dh_group=group),
        intent("child_pfs", group=group if pfs == tables.PFS_SAME_AS_IKE else pfs),
        intent("child_proposal", encryption=esp_cipher, integrity=esp_hash),
        intent("child_lifetime_seconds", seconds=value["saLifeTimeSeconds"]),
        intent("child_lifetime_kilobytes", kilobytes=value["saDataSizeKilobytes"]),
    ]


def _ike_fields(encryption, integrity, prf, group):
    azure_encryption = _named(tables.IKE_ENCRYPTION_TO_AZURE, encryption, "IKE encryption")
    if encryption in AEAD_CIPHERS:
        # With GCM, Azure's ikeIntegrity names the PRF (UNVERIFIED, see tables.IKE_PRF);
        # with no PRF asked for, the GCMAES pair of the 2023 doc table.
        azure_integrity = _named(tables.IKE_INTEGRITY_TO_AZURE, prf, "IKE PRF") if prf else azure_encryption
    else:
        azure_integrity = _named(tables.IKE_INTEGRITY_TO_AZURE, integrity, "IKE integrity")
        if prf not in (None, integrity):
            raise Unsupported("Azure's IKE PRF is always its integrity algorithm, so it cannot pair integrity %s "
                              "with PRF %s" % (integrity, prf))
    return {
        "ikeEncryption": azure_encryption,
        "ikeIntegrity": azure_integrity,
        "dhGroup": _named(tables.DH_GROUP_TO_AZURE, group, "IKE DH group"),
    }


def _child_fields(encryption, integrity):
    azure_encryption = _named(tables.IPSEC_ENCRYPTION_TO_AZURE, encryption, "ESP encryption")
    if encryption in AEAD_CIPHERS:
        azure_integrity = azure_encryption  # GCM pairing rule (DOC_REQUIREMENTS)
    else:
        azure_integrity = _named(tables.IPSEC_INTEGRITY_TO_AZURE, integrity, "ESP integrity")
    return {"ipsecEncryption": azure_encryption, "ipsecIntegrity": azure_integrity}


def _named(table, canonical, what):
    name = table.get(canonical)
    if name is None:
        if canonical is None:
            raise Unsupported("Azure needs an %s and none was given" % what)
        raise Unsupported("Azure has no %s %s (it offers %s)" % (what, canonical, ", ".join(
            str(k) for k in dict.fromkeys(table) if k is not None)))
    return name


def _pfs_name(group):
    if group in tables.PFS_GROUP_TO_AZURE:
        return tables.PFS_GROUP_TO_AZURE[group]
    if group == tables.PFS_SAME_AS_IKE:
        return "PFSMM"  # kept as read (tables.PFS_GROUP)
    raise Unsupported("Azure has no PFS group for DH group %s (it offers %s)" % (
        group, ", ".join(str(g) for g in tables.PFS_GROUP_TO_AZURE if g)))


# ---- the kinds that change only the policy ---------------------------------
def _child_pfs(end, item):
    return {POLICY: {"pfsGroup": _pfs_name(item.get("group"))}}


def _child_proposal(end, item):
    return {POLICY: _child_fields(item.get("encryption"), item.get("integrity"))}


def _ike_proposal(end, item):
    return {POLICY: _ike_fields(item.get("encryption"), item.get("integrity"), item.get("prf"), item.get("dh_group"))}


def _child_lifetime_seconds(end, item):
    seconds = item["seconds"]
    if not tables.SA_LIFETIME_SECONDS_MIN <= seconds <= tables.SA_LIFETIME_SECONDS_MAX:
        raise Unsupported("Azure's Child SA lifetime is set from %d to %d seconds (New-AzIpsecPolicy's range), so "
                          "it is not set to %d" % (tables.SA_LIFETIME_SECONDS_MIN, tables.SA_LIFETIME_SECONDS_MAX,
                                                   seconds))
    return {POLICY: {"saLifeTimeSeconds": seconds}}


def _child_lifetime_kilobytes(end, item):
    kilobytes = item.get("kilobytes")
    if kilobytes is None:
        # saDataSizeKilobytes 0 is read as no data limit (tables.SA_DATA_SIZE_KB_NO_LIMIT), but what Azure does with it
        # is not documented: no fix writes it (review 2026-12-07: the reason said Azure has no "no limit")
        raise Unsupported("no fix removes Azure's Child SA data limit: saDataSizeKilobytes 0, the only value without "
                          "one, is not documented by Microsoft to mean no limit; set it by hand if that is meant")
    if not tables.SA_DATA_SIZE_KB_MIN <= kilobytes <= tables.INT32_MAX:
        raise Unsupported("Azure's Child SA data limit is %d to %d KB, so it cannot be %d KB" % (
            tables.SA_DATA_SIZE_KB_MIN, tables.INT32_MAX, kilobytes))
    return {POLICY: {"saDataSizeKilobytes": kilobytes}}


def _ike_lifetime_seconds(end, item):
    if item["seconds"] == tables.IKE_SA_LIFETIME_SECONDS:
        return {}
    raise Unsupported("Azure's IKE SA lifetime is fixed at %d seconds, so it cannot be %d" % (
        tables.IKE_SA_LIFETIME_SECONDS, item["seconds"]))


# intent kind renderers (fixes.KINDS names), for remediation.py
RENDERERS = {name: globals()[name] for name in (
    "_child_pfs", "_child_proposal", "_ike_proposal", "_child_lifetime_seconds", "_child_lifetime_kilobytes",
    "_ike_lifetime_seconds")}
