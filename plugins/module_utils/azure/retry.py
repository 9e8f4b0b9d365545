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
    from azure.core.pipeline.policies import RetryPolicy
except ImportError:  # the callers check HAS_AZURE first
    RetryPolicy = object

__all__ = ["MAX_RETRY_AFTER", "BoundedRetryPolicy", "TokenResponses"]  # MAX_RETRY_AFTER: errors.py's, where messages use it


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


class TokenResponses:
    """A ``raw_response_hook`` for the credential's pipeline: the last status and Retry-After seen."""

    def __init__(self):
        self.status = None
        self.retry_after = None
        self.throttled = 0  # how many 429 answers

    def __call__(self, pipeline_response):
        response = getattr(pipeline_response, "http_response", None)
        if response is None:
            return
        self.status = getattr(response, "status_code", None)
        self.retry_after = retry_after_of(response)
        if self.status == 429:
            self.throttled += 1
