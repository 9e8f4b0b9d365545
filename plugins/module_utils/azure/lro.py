# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Long-running operations: wait for a terminal state within a stated time, or say what was seen.

azure-core's ``LROPoller.result(timeout)`` returns whatever resource it has when the time is up,
finished or not, so a PUT still ``Updating`` looked like success. Here a poller that has not
finished within the timeout is an error naming the state, and a resource is only done when its
``provisioningState`` is terminal.

Provisioning states of Microsoft.Network resources ("Troubleshoot Azure Microsoft.Network failed
provisioning state", learn.microsoft.com/azure/networking/troubleshoot-failed-state): Updating,
Deleting, Migrating are in progress; Succeeded and Failed are terminal ("Failed: last operation
on the resource wasn't successful"). Canceled is the third terminal state of ARM's async
operations (learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
"""

import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import prop

SUCCEEDED = "Succeeded"
FAILED = "Failed"
CANCELED = "Canceled"
TERMINAL_STATES = (SUCCEEDED, FAILED, CANCELED)
# the terminal states of an operation that did not succeed: a new PUT is what sets the resource again
UNSUCCESSFUL_STATES = (FAILED, CANCELED)
# The previous fixed wait was 300 s, which a slow but healthy update can exceed; azure-mgmt-core
# and `az network vpn-connection update` wait without any limit. 1800 s is this collection's
# choice (an option, wait_timeout), not an Azure figure.
DEFAULT_WAIT_TIMEOUT = 1800
WAIT_TIMEOUT_MAX = 4 * 3600  # this collection's bound: a typo must not hold an AWX job for days
POLL_INTERVAL = 2  # seconds between GETs while waiting for a resource to settle


def provisioning_state(resource):
    """The resource's provisioningState, or None when it has none."""
    state = prop(resource or {}, "provisioningState")
    return state if isinstance(state, str) else None


def is_terminal(state):
    return state is None or state.casefold() in {s.casefold() for s in TERMINAL_STATES}


def is_state(state, wanted):
    return isinstance(state, str) and state.casefold() == wanted.casefold()


def is_unsuccessful(state):
    """Failed or Canceled: the last operation on the resource ended without success."""
    return any(is_state(state, ended) for ended in UNSUCCESSFUL_STATES)


def wait_for(poller, timeout, what):
    """The result of ``poller`` once it has finished; AzureSdkError (code LroTimeout) when it has not
    finished within ``timeout`` seconds. A failed operation raises azure-core's HttpResponseError."""
    poller.wait(timeout=timeout)
    if not poller.done():
        try:
            status = poller.status()
        except Exception:  # pylint: disable=broad-except
            status = "unknown"
        raise AzureSdkError("%s did not finish within %d s (wait_timeout); the operation was still %s"
                            % (what, timeout, status), code="LroTimeout", accepted=True)
    return poller.result()


def end_state(poller):
    """How an operation that raised OperationFailed ended: Canceled when the poller says so, else Failed (azure-core
    raises the same error for both)."""
    try:
        status = poller.status()
    except Exception:  # pylint: disable=broad-except
        return FAILED
    return CANCELED if is_state(status, CANCELED) else FAILED


def ended(error):
    """Whether an HttpResponseError out of ``poller.result()`` says the operation ended (Failed or Canceled:
    azure-core's OperationFailed) rather than that a status request failed (BadStatus, BadResponse: the operation's
    outcome is not known)."""
    inner = getattr(error, "inner_exception", None) or getattr(error, "__cause__", None)
    return inner is None or type(inner).__name__ == "OperationFailed"


def wait_settled(read, timeout, what, clock=time.monotonic, sleep=time.sleep, interval=POLL_INTERVAL):
    """Re-read a resource with ``read()`` until its provisioningState is terminal; the resource.

    AzureSdkError (code LroTimeout) naming the state when it is still in progress after ``timeout``."""
    deadline = clock() + timeout
    resource = read()
    while not is_terminal(provisioning_state(resource)):
        if clock() >= deadline:
            raise AzureSdkError("%s is still %s after %d s (wait_timeout): another operation on it is in progress; "
                                "nothing was sent; run again when it has finished"
                                % (what, provisioning_state(resource), timeout), code="LroTimeout")
        sleep(min(interval, max(deadline - clock(), 0)))
        resource = read()
    return resource


def final_body(response):
    """The final response of an operation taken as JSON ourselves (``cls=`` of a poller: Azure may return a
    JSON string holding JSON, a lab or a newer API the value itself), else its text, else None."""
    try:
        return response.json()
    except Exception:  # pylint: disable=broad-except
        try:
            return response.text()
        except Exception:  # pylint: disable=broad-except
            return None
