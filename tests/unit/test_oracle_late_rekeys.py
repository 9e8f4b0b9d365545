# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The oracle tells a run a charon was late in (its automatic rekeys are then no evidence) from one on time.

The log lines are charon's own (strongSwan 5.9.8, life-04 from A), times moved to the case."""

from ansible_collections.vpnalign.s2s.tests.oracle.observe import CHILD_REKEY_REQ, IKE_REKEY_REQ, late_rekeys

UP = "1000.355 09[IKE] IKE_SA oracle[1] established between 192.0.2.1[192.0.2.1]...192.0.2.2[192.0.2.2]\n"
CHILD = "%.3f 12[ENC] generating CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No KE TSi TSr ]\n"
IKE = "%.3f 16[ENC] generating CREATE_CHILD_SA request 3 [ SA No KE ]\n"
DUE = {"child": (CHILD_REKEY_REQ, 3), "ike": (IKE_REKEY_REQ, 5)}


def test_rekeys_when_due_are_evidence():
    logs = {"a": UP, "b": UP.replace("1000.355", "1000.356") + CHILD % 1003.36 + IKE % 1005.36}
    assert late_rekeys(logs, DUE) is None


def test_a_rekey_charon_ran_late_makes_the_run_no_evidence():
    logs = {"a": UP, "b": UP + CHILD % 1003.36 + IKE % 1008.1}
    assert late_rekeys(logs, DUE) == "ike rekey request 7.7 s after the IKE SA came up (due at 5 s)"


def test_a_rekey_never_requested_makes_the_run_no_evidence():
    """The CI run's case: the IKE SA reached its hard lifetime before the late rekey job, so no request came."""
    logs = {"a": UP, "b": UP + CHILD % 1003.36}
    assert late_rekeys(logs, DUE) == "no ike rekey request (due 5 s after the IKE SA came up)"


def test_the_earlier_end_decides_and_a_run_without_an_ike_sa_is_left_to_the_bring_up():
    logs = {"a": UP + IKE % 1005.2, "b": UP + IKE % 1009.0}
    assert late_rekeys(logs, {"ike": (IKE_REKEY_REQ, 5)}) is None
    assert late_rekeys({"a": "", "b": ""}, DUE) is None
