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
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import retry_after_of

try:
    from azure.core.pipeline.policies import RetryPolicy
except ImportError:  # the callers check HAS_AZURE first
    RetryPolicy = object

# Engineering bound, not an Azure figure: ARM's throttling answers ask for seconds to a few tens
# of seconds ("Retry-After ... the number of seconds to wait", learn.microsoft.com/azure/
# azure-resource-manager/management/request-limits-and-throttling); longer waits end the task.
MAX_RETRY_AFTER = 60


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
        return super(BoundedRetryPolicy, self).is_retry(settings, response)


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
