# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every check shares: the baseline, how ends are named, and the collector
of findings for one pair of ends (``CheckBase``)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import Finding
from ansible_collections.vpnalign.s2s.plugins.module_utils.model import MODE_INITIATOR_ONLY, MODE_RESPONDER_ONLY

# What the engine calls weak unless the caller gives its own baseline
# (DESIGN.md, WEAK_CRYPTO: DES, 3DES, MD5, SHA-1, DH 1/2/5).
DEFAULT_BASELINE = {
    "weak_encryption": ["DES", "3DES", "NULL"],
    "weak_integrity": ["MD5", "SHA1"],
    "weak_dh_groups": [1, 2, 5],
}
# A suite both vendors support that passes the default baseline, used when the
# fix for weak crypto must name something to move to; a part the run's baseline
# calls weak is raised to the weakest value at least as strong that both ends
# take (suite_fixes.strong_suite).
STRONG_IKE = {"encryption": "AES-CBC-256", "integrity": "SHA256", "prf": "SHA256", "dh_group": 14}
STRONG_ESP = {"encryption": "AES-GCM-256", "integrity": None}
# Below this an end declares its peer dead after a few lost packets.
MIN_DPD_TIMEOUT = 10
# An end whose lifetime is within this fraction of the peer's may rekey first:
# rekey timers are jittered and start some percent before expiry.
REKEY_MARGIN = 0.1

DISPLAY = {"asa": "ASA", "azure": "Azure"}


def who(end):
    """A short human name for an end: 'ASA CRYPTO-MAP 2'."""
    return DISPLAY.get(end.vendor, end.vendor)


def _kb(value):
    return "%d KB" % value if value is not None else "no data limit"


def _human_kb(kilobytes):
    if kilobytes is None:
        return "never (no data limit)"
    if kilobytes >= 1024 * 1024:
        return "every %d KB (%.1f GB)" % (kilobytes, kilobytes / 1024.0 / 1024.0)
    if kilobytes >= 1024:
        return "every %d KB (%.0f MB)" % (kilobytes, kilobytes / 1024.0)
    return "every %d KB" % kilobytes


def _lines(source):
    return [{"line": cl.line, "text": cl.text} for cl in source]


def _join(items):
    return ", ".join(items)


# What a finding calls the exchanges of the IKE version the pair negotiates: IKEv2's (RFC 7296) or IKEv1's (RFC
# 2409: Main Mode, then Quick Mode, which refuses proxy identities it has no policy for with INVALID-ID-INFORMATION).
# Review 2026-12-04: IKEv1 tunnels were told of IKE_SA_INIT and TS_UNACCEPTABLE, which their logs never show.
EXCHANGES = {
    2: {"init": "IKE_SA_INIT", "auth": "IKE_AUTH", "ts_refused": "refuses with TS_UNACCEPTABLE"},
    1: {"init": "Main Mode", "auth": "Main Mode authentication",
        "ts_refused": "refuses in Quick Mode (INVALID-ID-INFORMATION; an ASA logs no matching crypto map entry)"},
}


class CheckBase(object):
    """Collects the findings for one pair of ends; the check mixins add the checks."""

    def __init__(self, a, b, baseline):
        self.a, self.b = a, b
        self.ike_version = None  # the version the pair negotiates, once check_versions has found it
        self.baseline = dict(DEFAULT_BASELINE)
        self.baseline.update(baseline or {})
        self.findings = []
        self.selections = {}  # ProposalChecks.selected, per (initiator, responder, kind)

    def add(self, code, severity, phase, summary, evidence, fixes=None, unfixed=None):
        self.findings.append(
            Finding(code=code, severity=severity, phase=phase, summary=summary, evidence=evidence, fixes=fixes or {},
                    unfixed=unfixed or {})
        )

    def exchange(self, key):
        """The name of exchange ``key`` ("init", "auth", "ts_refused") in the IKE version negotiated (IKEv2 when
        none is)."""
        return EXCHANGES.get(self.ike_version, EXCHANGES[2])[key]

    def ev(self, a_values, b_values):
        return {self.a.vendor: a_values, self.b.vendor: b_values}

    def fixes(self, a_intents, b_intents):
        out = {}
        if a_intents:
            out[self.a.vendor] = [i for i in a_intents if i]
        if b_intents:
            out[self.b.vendor] = [i for i in b_intents if i]
        return out

    def directions(self):
        """(initiator, responder) pairs the ends' modes allow."""
        pairs = []
        for init, resp in ((self.a, self.b), (self.b, self.a)):
            if init.mode == MODE_RESPONDER_ONLY or resp.mode == MODE_INITIATOR_ONLY:
                continue
            pairs.append((init, resp))
        return pairs
