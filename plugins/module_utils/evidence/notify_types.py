# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IKEv2 Notify Message Types used by the evidence readers, with their numbers.

Source: RFC 7296 (IKEv2), section 3.10.1 "Notify Message Types" - https://www.rfc-editor.org/rfc/rfc7296#section-3.10.1
(error types below 16384, status types from 16384). Only the types this package reads are listed.
"""

# name -> (number, what it means when a peer sends it)
NOTIFY_TYPES = {
    "INVALID_SPI": (11, "a packet arrived for an SA the receiver does not have"),
    "NO_PROPOSAL_CHOSEN": (14, "none of the offered proposals is acceptable"),
    "INVALID_KE_PAYLOAD": (17, "the KE payload's DH group is not the one the responder wants"),
    "AUTHENTICATION_FAILED": (24, "the AUTH payload did not verify (pre-shared key or certificate)"),
    "TS_UNACCEPTABLE": (38, "the traffic selectors are not acceptable to the responder's policy"),
    "TEMPORARY_FAILURE": (43, "the responder cannot handle the request now, e.g. a simultaneous rekey"),
    "CHILD_SA_NOT_FOUND": (44, "the Child SA to rekey does not exist at the responder"),
    "INITIAL_CONTACT": (16384, "the sender has no other SA with the receiver: old SAs may be deleted"),
    "REKEY_SA": (16393, "this CREATE_CHILD_SA rekeys an existing SA"),
}

ERROR_NOTIFIES = frozenset(name for name, (number, _meaning) in NOTIFY_TYPES.items() if number < 16384)


def notify_number(name):
    entry = NOTIFY_TYPES.get(name)
    return entry[0] if entry else None
