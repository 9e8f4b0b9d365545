# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read VPN resources from Azure through the SDK, as ARM JSON for ``load_resources``.

``AzureNetworkReader`` fetches the selected connections and what they name (virtual
network gateway, its public IPs and VNet, the VNets peered to it that use its gateway,
the local network gateway), each once, and returns them as ARM-shaped dicts - exactly the
JSON ``GET`` returns - so that the SDK path and the offline path (``src``) build the same
facts through the same reader.

Errors become ``AzureSdkError`` (errors.py) with one clear sentence naming the resource and
Azure's error code; secrets are redacted from every message.  Retries are bounded (retry.py),
long-running operations wait within a stated time (lro.py).  No Ansible import here.
"""

import json
import logging
import shutil
import subprocess
import traceback
import warnings

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import lro, tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.arm_json import arm_dict, parse_id
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_reads import (
    ConnectionReadsMixin,
    normalize_ike_sas,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import AuthError, redact
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.discovery import (
    ConnectionDiscoveryMixin,
    request_target_error,
    same_endpoint,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import (
    AzureSdkError,
    auth_error,
    first_line,
    http_error,
    tls_hint,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.retry import BoundedRetryPolicy, TokenResponses
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import writes
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import shown
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.subscriptions import (
    SUBSCRIPTIONS_API_VERSION,
    StateBeforeChangeMixin,
    SubscriptionChoiceError,
    choose_subscription,
    read_only_refusal,
    refusal,
    state_note,
    state_of,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_key, prop

try:
    from azure.core.exceptions import (
        AzureError,
        ClientAuthenticationError,
        HttpResponseError,
        ServiceRequestError,
        ServiceResponseError,
    )
    from azure.identity import (
        AzureCliCredential,
        ChainedTokenCredential,
        ClientSecretCredential,
        ManagedIdentityCredential,
    )
    from azure.mgmt.network import NetworkManagementClient
except ImportError:
    HAS_AZURE = False
    AZURE_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_AZURE = True
    AZURE_IMPORT_ERROR = None

__all__ = ["AzureSdkError", "AzureNetworkReader", "HAS_AZURE", "AZURE_IMPORT_ERROR", "arm_dict", "parse_id",
           "make_credential", "connection_state", "normalize_ike_sas", "az_account_show", "quiet_sdk_logging"]

# Pipeline settings.  Retries cover 408/429/5xx (Retry-After is honoured up to
# retry.MAX_RETRY_AFTER seconds) and connection errors; the back-off doubles from
# BACKOFF_FACTOR up to BACKOFF_MAX seconds.
DEFAULT_RETRIES = 4
BACKOFF_FACTOR = 0.8
BACKOFF_MAX = 60
CONNECTION_TIMEOUT = 30
READ_TIMEOUT = 120
LRO_POLLING_INTERVAL = 2  # seconds between polls when ARM sends no Retry-After

# ARM id type segment -> (short type, description for messages, operations attribute)
_KINDS = {
    "connections": (tables.CONNECTIONS, "connection", "virtual_network_gateway_connections"),
    "virtualnetworkgateways": (tables.GATEWAYS, "virtual network gateway", "virtual_network_gateways"),
    "localnetworkgateways": (tables.LOCAL_GATEWAYS, "local network gateway", "local_network_gateways"),
    "publicipaddresses": (tables.PUBLIC_IPS, "public IP address", "public_ip_addresses"),
    "virtualnetworks": (tables.VIRTUAL_NETWORKS, "virtual network", "virtual_networks"),
}


def quiet_sdk_logging():
    """Keep azure-core/azure-identity/msal log records off the module's stderr.

    Without a handler Python prints WARNING records (e.g. azure-identity's "get_token
    failed: ...") to stderr through logging.lastResort.
    """
    for name in ("azure", "msal", "urllib3"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


AZ_TIMEOUT = 60  # seconds for ``az account show`` (it reads local files; slow only when something is wrong)


def az_account_show():
    """``az account show`` as a dict (the CLI's default subscription), or None when there is no ``az``. When it runs
    and gives no account, AuthError saying why (auth.py adds it to its message): a failure read as "no credentials
    found, log in" hid az's own error (review s41)."""
    az = shutil.which("az")
    if not az:
        return None
    try:
        proc = subprocess.run([az, "account", "show", "--output", "json"], capture_output=True, text=True,
                              timeout=AZ_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise AuthError("az account show did not answer within %d s" % AZ_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        raise AuthError("az account show could not run: %s" % first_line(exc))
    if proc.returncode != 0:
        raise AuthError("az account show failed (exit %d): %s" % (proc.returncode, first_line(proc.stderr)[:300]))
    try:
        account = json.loads(proc.stdout)
    except ValueError:
        account = None
    if not isinstance(account, dict):
        raise AuthError("az account show printed no JSON account")
    return account


def make_credential(settings, retries=2, token_responses=None):
    """The azure-identity credential for ``AuthSettings``.

    ``retries``: retry budget of the token requests (429/5xx, Retry-After within
    retry.MAX_RETRY_AFTER); ``token_responses``: a retry.TokenResponses that sees every answer."""
    common = dict(connection_verify=settings.connection_verify, connection_timeout=CONNECTION_TIMEOUT,
                  read_timeout=READ_TIMEOUT, retry_total=retries, retry_status=retries,
                  retry_backoff_factor=BACKOFF_FACTOR, retry_backoff_max=BACKOFF_MAX,
                  retry_policy_class=BoundedRetryPolicy)
    if token_responses is not None:
        common["raw_response_hook"] = token_responses
    if settings.method == "client_secret":
        return ClientSecretCredential(
            tenant_id=settings.tenant, client_id=settings.client_id, client_secret=settings.secret,
            authority=settings.authority, disable_instance_discovery=settings.disable_instance_discovery,
            **common)
    # azure-identity (1.27.0, constraints.txt) sets the managed identity's retry policy class itself (IMDS probing):
    # given ours too, the credential cannot be built (review 2026-12-05: msi and auto failed with a TypeError)
    msi_kwargs = {k: v for k, v in common.items() if k != "retry_policy_class"}
    if token_responses is not None:
        # its retry policy waits for any Retry-After: the hook ends a wait beyond the bound (retry.TokenResponses)
        token_responses.end_long_waits = True
    if settings.client_id:
        msi_kwargs["client_id"] = settings.client_id
    cli_kwargs = {"tenant_id": settings.tenant} if settings.tenant else {}
    if settings.method == "msi":
        return ManagedIdentityCredential(**msi_kwargs)
    if settings.method == "cli":
        return AzureCliCredential(**cli_kwargs)
    return ChainedTokenCredential(ManagedIdentityCredential(**msi_kwargs), AzureCliCredential(**cli_kwargs))


class AzureNetworkReader(ConnectionDiscoveryMixin, StateBeforeChangeMixin, ConnectionReadsMixin):
    """Fetch Microsoft.Network resources once each, as ARM dicts; ``put_connection`` writes one
    (writes.py); a connection's shared key and live IKE SAs are connection_reads.py's.

    ``settings``: auth.AuthSettings.  ``retries``: retry budget per request (429/5xx/
    connection errors).  ``extra_secrets``: more values to redact from messages.  ``changes``: what the
    module does to Azure when it changes something ("azure_vpn_connection changes Azure"); it then takes no pick
    among several Enabled subscriptions.
    Counters: ``requests`` (HTTP requests sent, retries and LRO polls included) and
    ``operations`` (SDK calls made).
    """

    def __init__(self, settings, retries=DEFAULT_RETRIES, extra_secrets=(), credential=None, changes=None):
        if not HAS_AZURE:
            raise AzureSdkError("the Azure SDK (azure-identity, azure-mgmt-network) is not installed")
        quiet_sdk_logging()
        if settings.cert_validation_mode == "ignore":
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
        self.settings = settings
        self.retries = retries
        self.changes = changes
        self.secrets = list(settings.secrets()) + [s for s in extra_secrets if s]
        self.token_responses = TokenResponses()
        self.credential = credential or make_credential(settings, retries, self.token_responses)
        self._clients = {}
        self._cache = {}  # id key -> ARM dict, or None when ARM said 404
        self.requests = 0
        self.operations = 0
        self.warnings = []
        self.keys_not_read = []  # {"connection": name, "resource_group": group, "why": message}: keys asked for, not read
        self.not_read = []  # {"resource", "named_by", "why"}: referenced resources Azure refused to show (403)

    # ---- plumbing --------------------------------------------------------
    def _count(self, _request):
        self.requests += 1

    def _network_request(self, request):
        """raw_request_hook of the Network clients: counted, and sent only to the endpoint this run reads. The SDK's
        pagers follow an answer's nextLink wherever it points, with the bearer token (discovery._pages checks its own
        links; review 2026-12-06: a resource group's list followed one to another host)."""
        self._count(request)
        url = request.http_request.url
        if not same_endpoint(url, self.settings.base_url):
            raise AzureSdkError("a request to %s (a link in Azure's answer) is not on %s; it was not sent" % (
                shown(url), self.settings.base_url), code="InvalidNextLink")

    def client(self, subscription_id=None):
        sub = subscription_id or self.settings.subscription_id or ""
        key = sub.casefold()
        if key not in self._clients:
            self._clients[key] = NetworkManagementClient(
                self.credential, sub, base_url=self.settings.base_url,
                credential_scopes=[self.settings.scope],
                retry_policy=BoundedRetryPolicy(retry_total=self.retries, retry_status=self.retries,
                                                retry_connect=min(self.retries, 3), retry_read=min(self.retries, 3),
                                                retry_backoff_factor=BACKOFF_FACTOR, retry_backoff_max=BACKOFF_MAX),
                connection_verify=self.settings.connection_verify,
                connection_timeout=CONNECTION_TIMEOUT, read_timeout=READ_TIMEOUT,
                polling_interval=LRO_POLLING_INTERVAL,
                raw_request_hook=self._network_request,
            )
        return self._clients[key]

    def close(self):
        for client in self._clients.values():
            try:
                client.close()
            except Exception:  # pylint: disable=broad-except
                pass
        close = getattr(self.credential, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # pylint: disable=broad-except
                pass

    def redact(self, text):
        return redact(text, self.secrets)

    def authenticate(self):
        """Get a token first, so that credential problems are reported as such. A module that changes Azure is
        refused here, before any request, when the subscription's state is known to refuse changes."""
        self.refuse_read_only()
        self.operations += 1
        try:
            self.credential.get_token(self.settings.scope)
        except (AzureError, ValueError) as exc:
            # azure-identity's token failures (ClientAuthenticationError, CredentialUnavailableError), a refused
            # tenant or authority (ValueError)
            raise self.auth_error(exc)
        except Exception as exc:  # pylint: disable=broad-except
            # anything else is no verdict on the credentials: it read "authentication failed" (review s41; the
            # TypeError of review 2026-12-05 looked like a wrong secret)
            raise AzureSdkError("getting a token for the %s failed with %s: %s; this is not a credential problem "
                                "(a defect of this module or of the installed Azure SDK)" % (
                                    self.settings.origin, type(exc).__name__, first_line(self.redact(str(exc)))),
                                code="InternalError")
        if not self.settings.subscription_id:
            self.discover_subscription()
            self.refuse_read_only()
        # the CLI's default subscription is read whatever its state, as az reads it; a Disabled one is said, and so is
        # a Warned or PastDue one chosen from the list
        note = state_note(self.settings.subscription_id, self.settings.subscription_state)
        if note:
            self.warnings.append(note)

    def refuse_read_only(self, done="nothing was read or changed"):
        """A module that changes Azure (``changes``) stops when the subscription's state is known (az account show,
        the subscription list, before_change) to refuse changes - Disabled, Expired, Deleted: Azure would refuse its
        PUT, and in check mode it would show a plan that can never be applied."""
        if not self.changes:
            return
        problem = refusal(self.settings.subscription_id, self.settings.subscription_state,
                          self.settings.subscription_from or self.settings.origin, self.changes, done)
        if problem:
            raise AzureSdkError(problem, code="SubscriptionReadOnly")

    def discover_subscription(self):
        """A managed identity without a subscription_id: the first usable subscription it can see (Enabled, Warned or
        PastDue: subscriptions.choose_subscription), and say so, with its state."""
        who = self.settings.origin
        what = "the subscriptions visible to the %s" % who
        try:
            items = self._pages(what, "/subscriptions?api-version=%s" % SUBSCRIPTIONS_API_VERSION)
        except AzureSdkError as exc:
            if exc.status == 403:
                # a 403 here came without any hint that subscription_id avoids this request
                raise AzureSdkError("%s; set subscription_id, and this list is not read" % exc, code=exc.code,
                                    status=exc.status)
            raise
        try:
            chosen, how, notes = choose_subscription(items, who, changes=self.changes)
        except SubscriptionChoiceError as exc:
            raise AzureSdkError(str(exc), code=exc.code)
        self.settings.subscription_id = chosen
        self.settings.subscription_from = how
        # authenticate says a state other than Enabled (a Warned or PastDue one is chosen, said)
        self.settings.subscription_state = next(state_of(i) for i in items if i["subscriptionId"] == chosen)
        self._clients.clear()
        self.warnings.extend(notes)

    def auth_error(self, exc):
        return auth_error(self.settings, exc, self.secrets, token_status=self.token_responses.status,
                          token_retry_after=self.token_responses.retry_after, retries=self.retries,
                          request_error=isinstance(exc, ServiceRequestError))

    def call(self, what, func, *args, **kwargs):
        """Run one SDK call; map Azure errors to AzureSdkError naming ``what``.
        ``verb`` (keyword, default "reading") says what was being done to it."""
        verb = kwargs.pop("verb", "reading")
        self.operations += 1
        try:
            return func(*args, **kwargs)
        except ClientAuthenticationError as exc:
            if getattr(exc, "response", None) is None:
                raise self.auth_error(exc)
            raise self.http_error(what, exc, verb)
        except HttpResponseError as exc:
            raise self.http_error(what, exc, verb)
        except (ServiceRequestError, ServiceResponseError) as exc:
            detail = first_line(self.redact(str(exc)))
            raise AzureSdkError("cannot reach Azure Resource Manager at %s %s %s: %s%s"
                                % (self.settings.base_url, verb, what, detail, tls_hint(detail)),
                                code=type(exc).__name__)
        except AzureError as exc:
            raise AzureSdkError("Azure SDK error %s %s: %s" % (verb, what, first_line(self.redact(str(exc)))),
                                code=type(exc).__name__)

    def http_error(self, what, exc, verb="reading"):
        error = http_error(what, exc, verb, self.retries, self.secrets)
        sub, origin = self.settings.subscription_id, self.settings.origin
        if error.code == "SubscriptionNotFound":
            # it read "connection ... not found" when the subscription was the thing missing (review s42)
            return AzureSdkError("subscription %s (from %s) is not one the credentials from %s can see: it does not "
                                 "exist or they hold no role on it; set subscription_id to one they list (%s)" % (
                                     sub, self.settings.subscription_from or origin, origin, error), code=error.code,
                                 status=error.status)
        if error.code == "ReadOnlyDisabledSubscription":
            # ARM's answer to a change in a Disabled or Expired subscription (reads still work, so nothing said so
            # before the PUT when the subscription was named and its state never listed): say whose it is
            return AzureSdkError(read_only_refusal(sub, self.settings.subscription_from or origin,
                                                   self.settings.subscription_state, error),
                                 code=error.code, status=error.status)
        return error

    # ---- single resources ------------------------------------------------
    def describe(self, resource_id):
        parsed = parse_id(resource_id)
        if parsed is None:
            return "resource %s" % resource_id
        sub, rg, kind, name = parsed
        label = _KINDS.get(kind, (None, kind, None))[1]
        # another subscription than the one read is named (review 2026-12-04: a gateway in another subscription the
        # principal had no role on was named by group only)
        elsewhere = " of subscription %s" % sub if sub and (sub or "").casefold() != str(
            self.settings.subscription_id or "").casefold() else ""
        return "%s %r in resource group %s%s" % (label, name, rg, elsewhere)

    @staticmethod
    def request_target(resource_id):
        """(subscription, resource group, kind, name) of a connection id from Azure's answer that a request is sent
        for (its key, its IKE SAs, its update); AzureSdkError when a part is no valid Azure name."""
        parsed = parse_id(resource_id or "")
        if parsed is None:
            raise AzureSdkError("resource id %s from Azure's answer is not a Microsoft.Network resource id; nothing "
                                "was sent" % shown(resource_id), code="InvalidResourceId")
        error = request_target_error(resource_id, parsed[0], parsed[1], parsed[3])
        if error is not None:
            raise error
        return parsed

    def get(self, resource_id, optional=False, referenced_by=None, referring=None):
        """The ARM dict of ``resource_id``; None when ``optional`` and ARM answers 404, or 403 where ``referring`` (the
        id of the connection that names it) is given: that refusal is kept in ``not_read`` for the connection's error
        (azure/facts.py). Without ``referring`` a 403 raises (transit_spokes says it its own way)."""
        key = id_key(resource_id)
        if key in self._cache:
            return self._cache[key]
        parsed = parse_id(resource_id)
        if parsed is None or parsed[2] not in _KINDS:
            error = AzureSdkError("cannot read %s: not a supported Microsoft.Network resource id; nothing was sent"
                                  % shown(resource_id), code="InvalidResourceId")
        else:
            error = request_target_error(resource_id, parsed[0], parsed[1], parsed[3])
        if error is not None:
            if not optional:
                raise error
            # a reference that names no valid resource: reported as an undefined reference, like one that is gone (an
            # id that was no Microsoft.Network id failed the whole read, where the offline reader reports the one
            # connection naming it: review 2026-12-06)
            self.warnings.append("%s (named by %s)" % (error, referenced_by or "another resource"))
            self._cache[key] = None
            return None
        sub, rg, kind, name = parsed
        operations = getattr(self.client(sub), _KINDS[kind][2])
        what = self.describe(resource_id)
        try:
            found = arm_dict(self.call(what, operations.get, rg, name))
        except AzureSdkError as exc:
            if optional and exc.status == 404:
                self.warnings.append("%s (named by %s) does not exist; it is reported as an undefined reference"
                                     % (what, referenced_by or "another resource"))
                self._cache[key] = None
                return None
            if optional and exc.status == 403 and referring:
                # a resource of another group or subscription the principal has no role on: the connection naming it
                # is reported (undefined reference), the others are read (review 2026-12-04: one such gateway made
                # the whole subscription not read)
                named_by = referenced_by or "another resource"
                self.warnings.append("%s (named by %s) could not be read: %s" % (what, named_by, exc))
                self.not_read.append({"resource": what, "named_by": named_by, "why": str(exc),
                                      "connection_id": referring})
                self._cache[key] = None
                return None
            raise
        self._cache[key] = found
        return found

    def forget(self, resource_id):
        """Drop the cached copy, so that the next get() reads Azure again."""
        self._cache.pop(id_key(resource_id), None)

    def reread(self, resource_id):
        self.forget(resource_id)
        return self.get(resource_id)

    def put_connection(self, connection, body, timeout=lro.DEFAULT_WAIT_TIMEOUT, shared_key=None):
        """PUT under If-Match and wait for the operation (writes.put_connection)."""
        return writes.put_connection(self, connection, body, timeout, shared_key=shared_key, to_arm=arm_dict)

    def remember(self, resource):
        self._cache.setdefault(id_key(resource["id"]), resource)
        return self._cache[id_key(resource["id"])]


def connection_state(connection):
    """Status and byte counters straight from the connection resource."""
    state = {
        "connection_status": prop(connection, "connectionStatus"),
        "ingress_bytes_transferred": prop(connection, "ingressBytesTransferred"),
        "egress_bytes_transferred": prop(connection, "egressBytesTransferred"),
    }
    tunnels = prop(connection, "tunnelConnectionStatus")
    if isinstance(tunnels, list) and tunnels:
        state["tunnel_connection_status"] = [
            {"tunnel": prop(t, "tunnel"), "connection_status": prop(t, "connectionStatus"),
             "ingress_bytes_transferred": prop(t, "ingressBytesTransferred"),
             "egress_bytes_transferred": prop(t, "egressBytesTransferred"),
             "last_connection_established_utc_time": prop(t, "lastConnectionEstablishedUtcTime")}
            for t in tunnels if isinstance(t, dict)]
    return state
