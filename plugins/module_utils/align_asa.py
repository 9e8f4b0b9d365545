# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The asa_vpn_tunnel options a crypto map entry (align.py) and a VTI end (align_routed.py)
take alike: the crypto settings a fix touched, applied to the map entry or the ipsec profile,
and the IKE proposal as the module takes it.

Plain Python, no Ansible import.
"""

import copy

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import ikev1_auth
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import ipsec_proposal_name


def plain_copy(value):
    """A deep copy of plain data (dicts, lists, tuples of str, numbers, None): what copy.deepcopy makes of
    an intent, at a fraction of its cost (deepcopy was most of the alignment at 100k lines, issue 12). Any
    other object goes to copy.deepcopy. Plain data here shares no inner object, so none is shared after."""
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, tuple):
        return tuple(plain_copy(v) for v in value)
    return copy.deepcopy(value)


# Crypto keys that go to a crypto map entry or a VTI's ipsec profile (or the shared IKEv2 policy).
CRYPTO_KEYS = ("pfs_group", "esp", "ike", "child_lifetime_seconds", "child_lifetime_kilobytes")


def manual_step(kind, reason):
    return {"kind": kind, "reason": reason}


# The settings whose ASA commands differ with the IKE version (ikev2 policy / ipsec-proposal vs ikev1 policy /
# transform-set): asa_vpn_tunnel writes the IKEv2 ones only.
_VERSIONED_KEYS = ("esp", "ike", "ike_lifetime_seconds")


def crypto_options(options, manual, intent, touched, end=None):
    """Add to ``options`` the crypto settings in ``touched``, from ``intent``; a step no option
    carries goes to ``manual``. ``end``: the ASA end as it negotiates (model.for_version); one that negotiates
    IKEv1 gets its proposal changes as a step left to do, as the report's ASA lines write them (review 2026-12-04:
    align rewrote the entry's IKEv2 proposal, which the tunnel does not use)."""
    if end is not None and tuple(end.ike_versions) == (1,) and any(key in touched for key in _VERSIONED_KEYS):
        manual.append(manual_step("ikev1_proposals", "the tunnel negotiates IKEv1 and asa_vpn_tunnel writes IKEv2 "
                                  "proposals only: apply the report's ASA lines (ikev1 policy, transform-set) by hand"))
        touched = set(touched) - set(_VERSIONED_KEYS)
    for key in CRYPTO_KEYS:
        if key in touched:
            value = plain_copy(intent.get(key))
            if key == "child_lifetime_kilobytes":
                value = "unlimited" if value is None else str(value)
            options[key] = value
    if "ike_lifetime_seconds" in touched and "ike" not in touched:
        if intent.get("ike"):
            options["ike"] = plain_copy(intent["ike"])
        else:
            manual.append(manual_step("ike_lifetime_seconds", "the ASA's IKE proposal is not known"))
    own = own_proposal(options.get("esp"), end.ref if end is not None else {})
    if own:
        options["ipsec_proposal"] = own
    if "ike_auth_method" in touched:
        _ikev1_authentication(options, manual, intent.get("ike_auth_method") or {})


def _ikev1_authentication(options, manual, fix):
    """The ``ike_auth_method`` fix as asa_vpn_tunnel's ``ikev1_authentication``: a copy of each IKEv1 policy named
    that authenticates as the peer does, as the report's lines add it (asa/ikev1_auth.py); the policies themselves are
    global and stay as they are. A proposal that is no IKEv1 policy is a step left to do, named."""
    labels = list(fix.get("labels") or ())
    priorities = [ikev1_auth.label_priority(label) for label in labels]
    if not labels or None in priorities or fix.get("method") not in ikev1_auth.KEYWORD:
        manual.append(manual_step("ike_auth_method", "asa_vpn_tunnel adds IKEv1 policies only: give %s the "
                                  "authentication method %s by hand, as the report's ASA lines say" % (
                                      ", ".join(labels) or "the ASA's IKE proposals", fix.get("method"))))
        return
    options["ikev1_authentication"] = {"method": fix["method"], "policies": list(dict.fromkeys(priorities))}


def own_proposal(esp, ref):
    """The ipsec-proposal the report's ESP fix writes for ``esp`` (asa/remediation.ipsec_proposal_name, clear of the
    names the device holds: ref ``invented_names``), a proposal of the end's own rather than the one it names today,
    which others may share; for crypto map entries and VTI profiles alike (review 2026-12-06: a VTI's was edited in
    place, or refused as shared). None without an ESP change."""
    return ipsec_proposal_name(esp, ref.get("invented_names")) if esp else None


def finished_options(options):
    """``options`` as asa_vpn_tunnel takes them: no None values, an IKE proposal without a PRF
    gets its integrity algorithm as PRF."""
    if options.get("ike"):
        ike = {k: v for k, v in options["ike"].items() if v not in (None, [])}
        if not ike.get("prf") and ike.get("integrity"):
            ike["prf"] = list(ike["integrity"])
        options["ike"] = ike
    return {k: v for k, v in options.items() if v is not None}
