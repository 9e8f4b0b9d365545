# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retries within a bound, for ARM and for the token endpoint.

azure-core's RetryPolicy honours ``Retry-After`` however long it is: a throttled endpoint that
answers ``Retry-After: 3600`` holds a task for an hour per retry. ``BoundedRetryPolicy`` gives
up instead when the server asks for more than ``max_retry_after`` seconds, so the task fails at
once, saying it is throttled and how long Azure asked to wait. ``TokenResponses`` remembers what
the token endpoint last answered: azure-identity's exception for a client secret carries only
the error text, and a throttled token request must not be reported as bad credentials.

A write is never sent twice: azure-core retries a PUT after a 5xx or a read timeout, but ARM may have
taken the first one, and the retry then meets its own new ETag (412, "changed by someone else") while
Azure already holds the change. Only a throttled write (429: refused before it was processed, "request
limits and throttling", learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling)
and a request that never reached the server (connect error) are sent again; any other failure of a write
is the caller's to read back.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import MAX_RETRY_AFTER, retry_after_of

try:
    from azure.core.exceptions import ClientAuthenticationError
    from azure.core.pipeline.policies import RetryPolicy
except ImportError:  # the callers check HAS_AZURE first
    RetryPolicy = object
    ClientAuthenticationError = Exception

__all__ = ["MAX_RETRY_AFTER", "BoundedRetryPolicy", "TokenResponses", "TokenWaitRefused"]  # MAX_RETRY_AFTER: errors.py's, where messages use it


class BoundedRetryPolicy(RetryPolicy):
    """azure-core's RetryPolicy, except that a Retry-After longer than ``max_retry_after``
    seconds is not waited for: the response goes back to the caller as it is."""

    def __init__(self, max_retry_after=MAX_RETRY_AFTER, **kwargs):
        super(BoundedRetryPolicy, self).__init__(**kwargs)
        self.max_retry_after = max_retry_after

    def is_retry(self, settings, response):
        wait = retry_after_of(response.http_response)
        if wait is not None and wait > self.max_retry_after:
            return False
        if not _safe(response.http_request) and response.http_response.status_code != 429:
            return False  # Retry-After on a 503 too: the base class would resend the write whatever its method
        return super(BoundedRetryPolicy, self).is_retry(settings, response)

    def _is_method_retryable(self, settings, request, response=None):
        if not _safe(request):
            return response is not None and response.status_code == 429
        return super(BoundedRetryPolicy, self)._is_method_retryable(settings, request, response=response)


def _safe(request):
    """A request that changes nothing (RFC 9110 9.2.1): sending it again cannot do anything twice."""
    return str(getattr(request, "method", "")).upper() in ("GET", "HEAD", "OPTIONS")


class TokenWaitRefused(ClientAuthenticationError):
    """The token endpoint asked for a wait beyond the bound; raised from TokenResponses so that no retry policy waits."""


class TokenResponses:
    """A ``raw_response_hook`` for the credential's pipeline: the last status and Retry-After seen.

    It also ends a token request that the endpoint answered 429 or 5xx with a Retry-After beyond ``max_retry_after``:
    azure-identity gives a managed identity its own retry policy (ImdsRetryPolicy, or azure-core's RetryPolicy for App
    Service), which cannot be given BoundedRetryPolicy and waits for any Retry-After - an hour asked held the task an
    hour per retry. The hook runs inside each try, before the retry policy sleeps, and ClientAuthenticationError is the
    one error azure-core's RetryPolicy raises at once (azure/core/pipeline/policies/_retry.py, RetryPolicy.send).
    ``end_long_waits``: only for such credentials (sdk.make_credential); a service principal's pipeline has
    BoundedRetryPolicy, which hands the answer back, and azure-identity then reports the endpoint's own error text."""

    def __init__(self, max_retry_after=MAX_RETRY_AFTER, end_long_waits=False):
        self.status = None
        self.retry_after = None
        self.throttled = 0  # how many 429 answers
        self.max_retry_after = max_retry_after
        self.end_long_waits = end_long_waits

    def __call__(self, pipeline_response):
        response = getattr(pipeline_response, "http_response", None)
        if response is None:
            return
        self.status = getattr(response, "status_code", None)
        self.retry_after = retry_after_of(response)
        if self.status == 429:
            self.throttled += 1
        if self.end_long_waits and isinstance(self.status, int) and (self.status == 429 or self.status >= 500) \
                and self.retry_after is not None and self.retry_after > self.max_retry_after:
            raise TokenWaitRefused("the token endpoint answered HTTP %d asking to wait %g s" % (
                self.status, self.retry_after))
