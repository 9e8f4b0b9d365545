# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How strong a transform, a DH group and a whole suite are, so that a fix never moves an
end to something weaker than it has (issue 10: "never weaken crypto to match").

Strengths are security bits after NIST SP 800-57 Part 1 Rev. 5, Table 2 (finite-field and
elliptic-curve key agreement) and Table 3 (hash collision resistance, the conservative
reading for integrity and PRF). Only the order matters; values the tables do not give are
placed between their neighbours and say so.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.model import AEAD_CIPHERS

# Confidentiality. GMAC authenticates only (RFC 4543): no confidentiality at all.
ENCRYPTION_BITS = {
    "NULL": 0,
    "AES-GMAC-128": 0,
    "AES-GMAC-192": 0,
    "AES-GMAC-256": 0,
    "DES": 56,
    "3DES": 112,  # SP 800-57 Table 2: three-key TDEA
    "AES-CBC-128": 128,
    "AES-GCM-128": 128,
    "AES-CBC-192": 192,
    "AES-GCM-192": 192,
    "AES-CBC-256": 256,
    "AES-GCM-256": 256,
}
# Collision resistance (SP 800-57 Table 3). MD5 collisions are made in practice; SHA-1 is
# "< 80" there, and a collision was shown at about 2^63 work (SHAttered, 2017).
INTEGRITY_BITS = {"MD5": 0, "SHA1": 63, "SHA256": 128, "SHA384": 192, "SHA512": 256}
# IANA DH group -> bits (SP 800-57 Table 2: 1024-bit MODP 80, 2048 112, 3072 128, ECP-256 128,
# ECP-384 192, ECP-521 256). Groups 5/16/17/18 sit between the table's rows (RFC 3526 s8 gives
# ranges for them); group 1 (768-bit) is below every row; 31/32 after RFC 8031.
DH_GROUP_BITS = {
    1: 0, 2: 80, 5: 96, 14: 112, 15: 128, 16: 150, 17: 176, 18: 200,
    19: 128, 20: 192, 21: 256, 22: 80, 23: 112, 24: 112, 25: 96, 26: 112,
    27: 112, 28: 128, 29: 192, 30: 256, 31: 128, 32: 224,
}


# Groups RFC 8247 section 2.4 says SHOULD NOT be used, besides the baseline's weak ones (1, 2, 5): the MODP groups with
# a prime-order subgroup (22, 23, 24; Cisco removed 24 from the ASA in 9.16, asa/versions.py). A fix never moves an
# end to one of them, whatever its bits (review 2026-12-05: "set pfs group24" was offered to an ASA on group 14).
NOT_RECOMMENDED_DH_GROUPS = frozenset([22, 23, 24])


def group_bits(group):
    return DH_GROUP_BITS.get(group, 0)


def ike_strength(combo):
    """(weakest part, encryption bits) of an (encryption, integrity, prf, dh) combination:
    compared as a tuple, a suite is no weaker than another when neither its weakest part nor
    its cipher is."""
    enc, integ, prf, group = combo
    enc_bits = ENCRYPTION_BITS.get(enc, 0)
    parts = [enc_bits, group_bits(group)]
    if integ is not None and enc not in AEAD_CIPHERS:
        parts.append(INTEGRITY_BITS.get(integ, 0))
    if prf is not None:
        parts.append(INTEGRITY_BITS.get(prf, 0))
    return (min(parts), enc_bits)


# ESP with a cipher that is not AEAD and no integrity (an ASA ipsec-proposal without `protocol esp integrity`) has no
# integrity at all: 0 bits, not "nothing to compare". RFC 4303 section 1: confidentiality without integrity/data origin
# authentication "may subject traffic to certain forms of active attacks that could undermine the confidentiality
# service". Read as stronger, it kept the ASA from taking Azure's AES-CBC-256/SHA-256 ("weaker than its strongest
# suite"), so CHILD_NO_COMMON_PROPOSAL had no fix.
NO_INTEGRITY_BITS = 0


def child_strength(combo):
    """The same for an ESP (encryption, integrity) combination (its PFS group is judged apart)."""
    enc, integ = combo[0], combo[1]
    enc_bits = ENCRYPTION_BITS.get(enc, 0)
    parts = [enc_bits]
    if enc not in AEAD_CIPHERS:
        parts.append(NO_INTEGRITY_BITS if integ is None else INTEGRITY_BITS.get(integ, 0))
    return (min(parts), enc_bits)


def _mode(enc):
    """1 for an AEAD cipher (encryption and integrity in one, RFC 4106), else 0: AEAD to CBC is a step down."""
    return 1 if enc in AEAD_CIPHERS else 0


def lowered_parts(combo, current):
    """The parts of suite ``combo`` weaker than the same part of ``current`` (both ike_strength's or
    child_strength's combinations): cipher strength, cipher mode (AEAD -> CBC), integrity (between two non-AEAD
    suites), PRF and DH group. ike_strength's weakest part hides them (review D: DH group 14 let PRF SHA-384 fall
    to SHA-256 and GCM to CBC as "equal")."""
    lowered = []
    enc, current_enc = combo[0], current[0]
    if ENCRYPTION_BITS.get(enc, 0) < ENCRYPTION_BITS.get(current_enc, 0):
        lowered.append("encryption %s -> %s" % (current_enc, enc))
    elif _mode(enc) < _mode(current_enc):
        lowered.append("cipher mode %s (AEAD) -> %s" % (current_enc, enc))
    integ, current_integ = combo[1], current[1]
    if _mode(enc) == 0 and _mode(current_enc) == 0 and integ is None and current_integ is not None and len(combo) == 2:
        lowered.append("integrity %s -> none" % current_integ)  # ESP without integrity (NO_INTEGRITY_BITS)
    elif _mode(enc) == 0 and _mode(current_enc) == 0 and integ is not None and current_integ is not None and (
            INTEGRITY_BITS.get(integ, 0) < INTEGRITY_BITS.get(current_integ, 0)):
        lowered.append("integrity %s -> %s" % (current_integ, integ))
    if len(combo) == 4 and len(current) == 4:
        prf, current_prf = combo[2], current[2]
        if prf is not None and current_prf is not None and INTEGRITY_BITS.get(prf, 0) < INTEGRITY_BITS.get(current_prf, 0):
            lowered.append("PRF %s -> %s" % (current_prf, prf))
        if group_bits(combo[3]) < group_bits(current[3]):
            lowered.append("DH group %s -> %s" % (current[3], combo[3]))
    return lowered


class BaselineError(ValueError):
    """A baseline value the check has no name for: it would match nothing and pass the crypto it was meant to flag."""


# The baseline's lists and the names each takes: the check's canonical names (DESIGN.md), matched without regard to
# case, and for integrity with or without the hyphen DESIGN.md writes ("SHA-1"). Anything else is refused: "aes-128"
# or "sha-1 " matched nothing and a tunnel on SHA-1/DH 2 passed a compliance run (review 2026-12-06 H1).
_BASELINE_NAMES = (("weak_encryption", ENCRYPTION_BITS), ("weak_integrity", INTEGRITY_BITS),
                   ("weak_dh_groups", DH_GROUP_BITS))


def _spelling(key, value):
    text = str(value).strip().upper()
    return text.replace("-", "") if key == "weak_integrity" else text


def canonical_baseline(baseline):
    """``baseline`` (a dict of the three weak_* lists, some maybe absent) in the check's names; raises BaselineError
    naming every value it has no name for, and the names it takes."""
    if not baseline:
        return baseline
    out, unknown = dict(baseline), []
    for key, known in _BASELINE_NAMES:
        if baseline.get(key) is None:
            continue
        if key == "weak_dh_groups":
            names = dict((str(group), group) for group in known)
        else:
            names = dict((_spelling(key, name), name) for name in known)
        values = []
        for value in baseline[key]:
            found = names.get(str(value).strip() if key == "weak_dh_groups" else _spelling(key, value))
            if found is None:
                unknown.append("%s %r is none of %s" % (key, value, ", ".join(str(name) for name in known)))
            elif found not in values:
                values.append(found)
        out[key] = values
    if unknown:
        raise BaselineError("baseline: %s; a name the check does not know matches nothing" % "; ".join(unknown))
    return out


def weak_parts(baseline, encryption=(), integrity=(), dh_groups=()):
    """The values among those given that the baseline calls weak."""
    weak = [e for e in encryption if e in baseline["weak_encryption"]]
    weak += [i for i in integrity if i in baseline["weak_integrity"]]
    weak += [g for g in dh_groups if g in baseline["weak_dh_groups"]]
    return weak


def ike_combo_is_weak(baseline, combo):
    enc, integ, prf, group = combo
    return bool(weak_parts(baseline, [enc], [v for v in (integ, prf) if v is not None], [group]))


def child_combo_is_weak(baseline, combo):
    enc, integ = combo[0], combo[1]
    return bool(weak_parts(baseline, [enc], [integ] if integ is not None else []))


def weakest_first(bits, at_least, usable):
    """The values of table ``bits`` (value -> strength above) with at least ``at_least`` bits for which ``usable(value)``
    holds, weakest first, ties to the lower value (a group number, a name), so the choice is the same on every run. The
    one place a fix picks "the weakest value at least as strong as X, above the baseline, that both ends take": the PFS
    fixes (proposals.py), the suite fixes and the built-in target suite (suite_fixes.py). The tables are fixed: constant
    work."""
    return sorted((v for v in bits if bits[v] >= at_least and usable(v)), key=lambda v: (bits[v], v))


def groups_both_take(a, b, baseline, at_least):
    """The DH groups a fix may set on both ends ``a`` and ``b``, weakest first (weakest_first): at least ``at_least`` bits,
    not weak in ``baseline``, none RFC 8247 advises against, none either end refuses (an ASA's release: asa/versions.py;
    Azure's dhGroup and pfsGroup enums: azure/tables.ACCEPTED_DH_GROUPS)."""
    weak = set(baseline["weak_dh_groups"])
    return weakest_first(DH_GROUP_BITS, at_least, lambda g: g not in weak and g not in NOT_RECOMMENDED_DH_GROUPS
                         and not a.refused_values(dh_groups=(g,)) and not b.refused_values(dh_groups=(g,)))


def never_does_pfs(end):
    """``end`` puts no key exchange in its own Child SA rekeys and nothing can change that: its crypto cannot be set at
    all (TunnelEnd.crypto_fixed: an Azure PolicyBased gateway, reference ike_phase2.policy_based.pfs: false, or any Basic
    one, whose default policy never starts a rekey with PFS). A peer that requires PFS refuses its Quick Modes or
    rekeys, so the only setting that works with it as it is has no PFS at the peer either (proposals._pfs_fixes)."""
    return bool(end.crypto_fixed) and end.pfs_group is None and "pfs_group" not in end.unknowns
