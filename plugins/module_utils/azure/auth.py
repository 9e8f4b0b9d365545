# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where Azure credentials come from, decided the way azure.azcollection users expect.

Plain Python, no Ansible and no Azure SDK import: ``resolve_auth`` takes the module
options as a dict, the environment as a mapping and a file reader, and returns an
``AuthSettings`` that ``sdk.py`` turns into an azure-identity credential.

Behaviour mirrored from azure.azcollection (option and variable names, precedence);
the code is our own:

- ``auth_source``: ``auto`` (default; env ``ANSIBLE_AZURE_AUTH_SOURCE``), ``env``,
  ``credential_file``, ``msi``, ``cli``.
- ``auto`` tries, in order: the ``profile`` option (a section of the credentials
  file); module options when ``client_id`` is given; the environment (``AZURE_PROFILE``
  names a profile, otherwise ``AZURE_SUBSCRIPTION_ID`` marks environment credentials);
  the ``[default]`` profile of ``~/.azure/credentials``; then managed identity, then the
  Azure CLI login.
- Environment variables: AZURE_PROFILE, AZURE_SUBSCRIPTION_ID, AZURE_CLIENT_ID,
  AZURE_SECRET, AZURE_TENANT, AZURE_CLOUD_ENVIRONMENT, AZURE_CERT_VALIDATION_MODE,
  AZURE_ADFS_AUTHORITY_URL, AZURE_DISABLE_INSTANCE_DISCOVERY (the names AWX's
  "Microsoft Azure Resource Manager" credential injects, and azure.azcollection reads).
- A profile counts only when it has ``subscription_id`` (as in azure.azcollection).
- ``cloud_environment``: ``AzureCloud`` (default), ``AzureChinaCloud``,
  ``AzureUSGovernment``, or an ARM endpoint URL (Azure Stack Hub, emulators): the URL
  is then the ARM base URL and ``<url>/.default`` the token scope.  (azure.azcollection
  treats a URL as a metadata-discovery endpoint; we take it as the ARM endpoint itself.)
- Authority (token endpoint host): ``adfs_authority_url`` (option, profile or
  AZURE_ADFS_AUTHORITY_URL), else azure-identity's AZURE_AUTHORITY_HOST, else the cloud's
  default (login.microsoftonline.com, login.chinacloudapi.cn, login.microsoftonline.us).
- TLS: ``cert_validation_mode: ignore`` turns verification off; ``ca_bundle`` (or the
  REQUESTS_CA_BUNDLE variable, which requests honours by itself) names a CA file.

Differences from azure.azcollection, deliberate: ``ad_user``/``password`` (ROPC) and
X.509 client certificates are not supported (AZURE_AD_USER / AZURE_PASSWORD in the environment
without a client id fail at once, naming them and what to use instead); environment credentials that carry only a
subscription id (no client id) fall through to managed identity / Azure CLI in ``auto``
instead of failing.
"""

import configparser
import json
import os
from dataclasses import dataclass, field
from typing import Callable, List, Mapping, Optional, Union
from urllib.parse import quote, quote_plus, urlparse

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_https_url, check_settings

AUTH_SOURCES = ("auto", "env", "cli", "msi", "credential_file")
CERT_VALIDATION_MODES = ("validate", "ignore")

# Module option -> environment variable (the names azure.azcollection and AWX use).
ENV_MAPPING = {
    "profile": "AZURE_PROFILE",
    "subscription_id": "AZURE_SUBSCRIPTION_ID",
    "client_id": "AZURE_CLIENT_ID",
    "secret": "AZURE_SECRET",
    "tenant": "AZURE_TENANT",
    "cloud_environment": "AZURE_CLOUD_ENVIRONMENT",
    "cert_validation_mode": "AZURE_CERT_VALIDATION_MODE",
    "adfs_authority_url": "AZURE_ADFS_AUTHORITY_URL",
    "disable_instance_discovery": "AZURE_DISABLE_INSTANCE_DISCOVERY",
}
AUTH_SOURCE_ENV = "ANSIBLE_AZURE_AUTH_SOURCE"
# What AWX's "Microsoft Azure Resource Manager" credential injects when it is filled with a user name
# and password instead of a service principal (azure.azcollection reads them as ad_user/password).
# Not supported: azure-identity deprecated UsernamePasswordCredential because it cannot do MFA, which
# Microsoft Entra ID enforces for Azure sign-ins (https://aka.ms/azsdk/identity/mfa; azure-sdk-for-java
# PR 44381 "Deprecate UsernamePasswordCredential", the Python SDK the same). Refused at once, by name.
USER_PASSWORD_ENV = ("AZURE_AD_USER", "AZURE_PASSWORD")
AUTHORITY_HOST_ENV = "AZURE_AUTHORITY_HOST"  # azure-identity's own variable
CA_BUNDLE_ENV = "REQUESTS_CA_BUNDLE"
CREDENTIALS_FILE = os.path.join("~", ".azure", "credentials")

# Keys read from a credentials-file profile (same names as the module options).
PROFILE_KEYS = ("subscription_id", "client_id", "secret", "tenant", "cloud_environment",
                "cert_validation_mode", "adfs_authority_url", "disable_instance_discovery")


@dataclass(frozen=True)
class Cloud:
    name: str
    resource_manager: str  # ARM base URL, with a trailing slash
    authority_host: str  # Microsoft Entra ID login host


# Endpoints from azure-core's azure.core.AzureClouds / azure-identity's AzureAuthorityHosts
# and https://learn.microsoft.com/azure/china/resources-developer-guide,
# https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure
CLOUDS = {
    "AzureCloud": Cloud("AzureCloud", "https://management.azure.com/", "login.microsoftonline.com"),
    "AzureChinaCloud": Cloud("AzureChinaCloud", "https://management.chinacloudapi.cn/", "login.chinacloudapi.cn"),
    "AzureUSGovernment": Cloud("AzureUSGovernment", "https://management.usgovcloudapi.net/",
                               "login.microsoftonline.us"),
}
DEFAULT_CLOUD = "AzureCloud"
# Hosts MSAL knows without instance discovery; any other authority (ADFS, an emulator)
# gets instance discovery switched off unless the user says otherwise.
KNOWN_AUTHORITY_HOSTS = frozenset([
    "login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net",
    "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
    "login.microsoftonline.us", "login.usgovcloudapi.net", "login-us.microsoftonline.com",
    "login.microsoftonline.de",
])


class AuthError(ValueError):
    """Credentials cannot be worked out; the message says what is missing, never a secret."""


@dataclass
class AuthSettings:
    """What sdk.py needs to build a credential and a client.  ``secret`` is never shown."""

    method: str  # client_secret | msi | cli | msi_or_cli
    origin: str  # where the credentials came from, for messages: "module options", "environment", ...
    subscription_id: Optional[str] = None
    client_id: Optional[str] = None
    tenant: Optional[str] = None
    secret: Optional[str] = field(default=None, repr=False)
    cloud: str = DEFAULT_CLOUD  # a name of CLOUDS, or "custom" for an ARM URL
    base_url: str = CLOUDS[DEFAULT_CLOUD].resource_manager
    scope: str = CLOUDS[DEFAULT_CLOUD].resource_manager + ".default"
    authority: str = CLOUDS[DEFAULT_CLOUD].authority_host
    disable_instance_discovery: bool = False
    cert_validation_mode: str = "validate"
    ca_bundle: Optional[str] = None
    # how the subscription was chosen, shown in the result: an option, a variable, a profile, "az account show"
    # (the CLI's isDefault subscription), or the managed identity's list (subscriptions.choose_subscription)
    subscription_from: Optional[str] = None
    subscription_state: Optional[str] = None  # when Azure said it (az account show, the subscription list)

    @property
    def connection_verify(self) -> Union[bool, str]:
        """azure-core's ``connection_verify``: False, a CA file, or True (requests' default trust).

        With True, requests still honours REQUESTS_CA_BUNDLE from the environment.
        """
        if self.cert_validation_mode == "ignore":
            return False
        return self.ca_bundle or True

    def secrets(self) -> List[str]:
        """Values that must never be shown (for redaction of messages)."""
        return [v for v in (self.secret,) if v]

    def describe(self) -> dict:
        """A safe summary for the task result (no secret, no client id)."""
        return {
            "credential": self.method,
            "credentials_from": self.origin,
            "cloud_environment": self.cloud,
            "base_url": self.base_url,
            "authority": self.authority,
            "subscription_id": self.subscription_id,
            "subscription_from": self.subscription_from,
        }


def _clean(value):
    """Strip strings; empty strings count as unset (AWX injects empty variables)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _bool(value, what):
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise AuthError("%s must be a boolean, got %r" % (what, value))


def _read_file(path):
    try:
        with open(path, "r", encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


class _Resolver:
    def __init__(self, params, env, read_text, home, az_account):
        self.params = {k: _clean(v) for k, v in (params or {}).items()}
        self.env = {k: _clean(v) for k, v in (os.environ if env is None else env).items()}
        self.read_text = read_text or _read_file
        self.home = home if home is not None else (self.env.get("HOME") or os.path.expanduser("~"))
        self.az_account = az_account
        self._files = {}

    # ---- sources ---------------------------------------------------------
    @property
    def credentials_path(self):
        return os.path.join(self.home, ".azure", "credentials")

    def profile(self, name, required):
        """The profile's keys, or None when it is absent or has no subscription_id."""
        path = self.credentials_path
        if path not in self._files:
            try:
                text = self.read_text(path)
            except (IOError, OSError) as exc:
                raise AuthError("cannot read the Azure credentials file %s: %s"
                                % (path, getattr(exc, "strerror", None) or exc))
            parser = None
            if text is not None:
                parser = configparser.ConfigParser(interpolation=None)
                try:
                    parser.read_string(text, source=path)
                except configparser.Error as exc:
                    # configparser messages quote lines; keep only the kind of error.
                    raise AuthError("the Azure credentials file %s is not a valid INI file (%s)"
                                    % (path, type(exc).__name__))
            self._files[path] = parser
        parser = self._files[path]
        creds = None
        if parser is not None and parser.has_section(name):
            creds = {k: _clean(parser.get(name, k, fallback=None)) for k in PROFILE_KEYS}
            if not creds.get("subscription_id"):
                creds = None
        if creds is None and required:
            if parser is None:
                raise AuthError("profile %r was asked for but the Azure credentials file %s does not exist"
                                % (name, path))
            if not parser.has_section(name):
                raise AuthError("profile %r is not in the Azure credentials file %s (sections: %s)"
                                % (name, path, ", ".join(parser.sections()) or "none"))
            raise AuthError("profile %r in the Azure credentials file %s has no subscription_id" % (name, path))
        return creds

    def from_params(self):
        return {k: self.params.get(k) for k in ENV_MAPPING if k != "profile"}

    def from_env(self, required):
        """Environment credentials: AZURE_PROFILE names a profile; else AZURE_SUBSCRIPTION_ID marks them."""
        profile = self.env.get(ENV_MAPPING["profile"])
        if profile:
            return "profile %r of %s (from %s)" % (profile, self.credentials_path, ENV_MAPPING["profile"]), \
                self.profile(profile, required=True)
        creds = {k: self.env.get(v) for k, v in ENV_MAPPING.items() if k != "profile"}
        if creds.get("subscription_id") or creds.get("client_id") or (required and creds.get("tenant")):
            return "environment variables", creds
        if required:
            raise AuthError("auth_source is env but %s is not set (set it with %s, %s, %s, or name a "
                            "profile with %s)" % (ENV_MAPPING["subscription_id"], ENV_MAPPING["client_id"],
                                                  ENV_MAPPING["secret"], ENV_MAPPING["tenant"],
                                                  ENV_MAPPING["profile"]))
        return None, None

    # ---- the decision ----------------------------------------------------
    def resolve(self):
        source = self.params.get("auth_source") or self.env.get(AUTH_SOURCE_ENV) or "auto"
        if source not in AUTH_SOURCES:
            raise AuthError("auth_source must be one of %s, got %r" % (", ".join(AUTH_SOURCES), source))
        if source in ("auto", "env"):
            self.refuse_user_password()
        if source == "msi":
            return self.identity("msi", "managed identity", self.from_params())
        if source == "cli":
            return self.identity("cli", "Azure CLI login", self.from_params())
        if source == "env":
            origin, creds = self.from_env(required=True)
            return self.secret_credentials(origin, creds)
        if source == "credential_file":
            name = self.params.get("profile") or "default"
            return self.secret_credentials("profile %r of %s" % (name, self.credentials_path),
                                           self.profile(name, required=True))
        # auto
        if self.params.get("profile"):
            name = self.params["profile"]
            return self.secret_credentials("profile %r of %s" % (name, self.credentials_path),
                                           self.profile(name, required=True))
        if self.params.get("client_id") or self.params.get("secret"):
            # a secret given with an empty client_id is an incomplete service principal, not a managed identity
            return self.secret_credentials("module options", self.from_params())
        origin, creds = self.from_env(required=False)
        if creds is not None:
            if creds.get("client_id") or creds.get("secret") or creds.get("tenant"):
                return self.secret_credentials(origin, creds)
            # only a subscription id in the environment: an identity supplies the token
            return self.identity("msi_or_cli", "managed identity or Azure CLI login", creds)
        creds = self.profile("default", required=False)
        if creds is not None:
            return self.secret_credentials("profile 'default' of %s" % self.credentials_path, creds)
        return self.identity("msi_or_cli", "managed identity or Azure CLI login", self.from_params())

    def refuse_user_password(self):
        """A user name and password given where a service principal was meant: say so instead of
        falling through to managed identity and failing with an unrelated message."""
        given = [name for name in USER_PASSWORD_ENV if self.env.get(name)]
        if not given or self.params.get("client_id") or self.env.get(ENV_MAPPING["client_id"]):
            return
        raise AuthError("%s set, but user name and password sign-in is not supported (Microsoft Entra ID "
                        "requires MFA for it; see https://aka.ms/azsdk/identity/mfa). Use a service principal: "
                        "%s, %s, %s and %s (in AWX, fill the Azure credential's client ID, client secret and "
                        "tenant ID instead of username and password), or auth_source cli / msi"
                        % (" and ".join(given), ENV_MAPPING["subscription_id"], ENV_MAPPING["client_id"],
                           ENV_MAPPING["secret"], ENV_MAPPING["tenant"]))

    def secret_credentials(self, origin, creds):
        missing = [k for k in ("client_id", "secret", "tenant") if not creds.get(k)]
        if missing:
            raise AuthError("credentials from %s are incomplete: %s missing (a service principal needs "
                            "client_id, secret and tenant)" % (origin, ", ".join(missing)))
        settings = AuthSettings(method="client_secret", origin=origin, client_id=creds["client_id"],
                                secret=creds["secret"], tenant=creds["tenant"])
        # the option's documented environment variable fills it here too, as for an identity (review 2026-12-05: a
        # service principal given as options failed asking for AZURE_SUBSCRIPTION_ID, which was set)
        self.pick_subscription(settings, creds)
        self.finish(settings, creds)
        if not settings.subscription_id:
            raise AuthError("credentials from %s have no subscription_id (set the subscription_id option or %s)"
                            % (origin, ENV_MAPPING["subscription_id"]))
        return settings

    def identity(self, method, origin, creds):
        settings = AuthSettings(method=method, origin=origin, client_id=creds.get("client_id"),
                                tenant=creds.get("tenant"))
        self.pick_subscription(settings, creds)
        self.finish(settings, creds)
        az_why = ""
        if not settings.subscription_id and method in ("cli", "msi_or_cli") and self.az_account is not None:
            try:
                account = self.az_account() or {}
            except AuthError as exc:  # az ran and gave no account: its reason goes into the message below
                account, az_why = {}, " (%s)" % exc
            if account.get("id"):
                settings.subscription_id = account["id"]
                settings.subscription_from = "az account show"
                settings.subscription_state = account.get("state") if isinstance(account.get("state"), str) else None
                settings.tenant = settings.tenant or account.get("tenantId")
            elif account:
                az_why = " (az account show named no subscription id)"
        if not settings.subscription_id and method != "msi":
            raise AuthError("no Azure credentials found: pass client_id, secret, tenant and subscription_id, set "
                            "AZURE_SUBSCRIPTION_ID, AZURE_CLIENT_ID, AZURE_SECRET and AZURE_TENANT, define a "
                            "profile in %s, or log in with the Azure CLI (az login)%s" % (self.credentials_path, az_why))
        return settings

    def pick_subscription(self, settings, creds):
        """The subscription option, else the credential source's, else AZURE_SUBSCRIPTION_ID; and which it was."""
        env = self.env.get(ENV_MAPPING["subscription_id"])
        for value, where in ((self.params.get("subscription_id"), "the subscription_id option"),
                             (creds.get("subscription_id"), settings.origin), (env, ENV_MAPPING["subscription_id"])):
            if value:
                settings.subscription_id = value
                settings.subscription_from = ENV_MAPPING["subscription_id"] if value == env else where
                return

    def finish(self, settings, creds):
        """Cloud, authority and TLS settings: option, then the credential source, then the environment."""
        def pick(key):
            return self.params.get(key) or creds.get(key) or self.env.get(ENV_MAPPING[key])

        def where(key, env=None):
            """Where the value of ``key`` came from, for a message."""
            if self.params.get(key):
                return "the %s option" % key
            if creds.get(key) and self.env.get(ENV_MAPPING[key]) != creds[key]:
                return "%s in %s" % (key, settings.origin)
            return env or ENV_MAPPING[key]

        raw_cloud = pick("cloud_environment") or DEFAULT_CLOUD
        cloud = CLOUDS.get(raw_cloud) or next((c for n, c in CLOUDS.items() if n.lower() == raw_cloud.lower()), None)
        if cloud is not None:
            settings.cloud = cloud.name
            settings.base_url = cloud.resource_manager
            default_authority = cloud.authority_host
        else:
            # the ARM endpoint of a sovereign cloud or Azure Stack Hub: it becomes the token's scope and is shown in
            # every result, so nothing but an https host and path (review 2026-12-05: a user:password@ went to the
            # token endpoint inside the scope and into the result)
            if "://" not in raw_cloud:
                # "user:password@host" without a scheme is echoed by no message (review 2026-12-06, hostile input D4)
                shown = "a value holding '@' (not shown: it may carry a password)" if "@" in raw_cloud else repr(
                    raw_cloud[:60])
                raise AuthError("cloud_environment must be one of %s or an ARM endpoint URL (https://...), got %s "
                                "(from %s)" % (", ".join(CLOUDS), shown, where("cloud_environment")))
            try:
                check_https_url("cloud_environment", raw_cloud)
            except InvalidName as exc:
                raise AuthError("%s (from %s): give one of %s or an ARM endpoint URL https://host[:port][/path]"
                                % (exc, where("cloud_environment"), ", ".join(CLOUDS)))
            settings.cloud = "custom"
            settings.base_url = raw_cloud.rstrip("/") + "/"
            default_authority = CLOUDS[DEFAULT_CLOUD].authority_host
        settings.scope = settings.base_url + ".default"
        authority = pick("adfs_authority_url") or self.env.get(AUTHORITY_HOST_ENV)
        if authority:
            # a host name or an https URL: azure-identity takes both; a newline in it was dropped by urllib and the
            # client secret went to a host nobody typed (review 2026-12-05)
            try:
                check_https_url("adfs_authority_url", authority if "://" in authority else "https://" + authority)
            except InvalidName as exc:
                raise AuthError("%s (from %s): give the authority's host name or https://host[:port][/path]"
                                % (exc, where("adfs_authority_url", AUTHORITY_HOST_ENV if not pick(
                                    "adfs_authority_url") else None)))
        settings.authority = authority or default_authority

        mode = pick("cert_validation_mode") or "validate"
        if mode not in CERT_VALIDATION_MODES:
            raise AuthError("cert_validation_mode must be validate or ignore, got %r" % mode)
        settings.cert_validation_mode = mode
        settings.ca_bundle = self.params.get("ca_bundle")

        explicit = self.params.get("disable_instance_discovery")
        if explicit is None:
            explicit = _bool(creds.get("disable_instance_discovery"), "disable_instance_discovery")
        if explicit is None:
            explicit = _bool(self.env.get(ENV_MAPPING["disable_instance_discovery"]),
                             ENV_MAPPING["disable_instance_discovery"])
        if explicit is None:
            explicit = authority_host(settings.authority) not in KNOWN_AUTHORITY_HOSTS
        settings.disable_instance_discovery = bool(explicit)


def authority_host(authority):
    """The host of an authority given as a host or a URL (lower case, no port)."""
    text = authority if "://" in authority else "https://" + authority
    return (urlparse(text).hostname or "").lower()


def resolve_auth(params, env: Optional[Mapping[str, str]] = None,
                 read_text: Optional[Callable[[str], Optional[str]]] = None,
                 home: Optional[str] = None,
                 az_account: Optional[Callable[[], Optional[dict]]] = None) -> AuthSettings:
    """Decide where credentials come from.

    ``params``: the module options (auth_source, profile, subscription_id, client_id,
    secret, tenant, cloud_environment, adfs_authority_url, cert_validation_mode,
    ca_bundle, disable_instance_discovery); missing keys count as unset.
    ``env``: the environment (default ``os.environ``).  ``read_text(path)``: the text of a
    file or None when it does not exist (default: read from disk).  ``home``: the home
    directory holding ``.azure/credentials`` (default ``$HOME``).  ``az_account()``: the
    parsed output of ``az account show`` or None, called only when the Azure CLI must
    supply the subscription.  Raises AuthError.
    """
    return _Resolver(params, env, read_text, home, az_account).resolve()


def secret_forms(secret):
    """How ``secret`` may be spelt in what Azure sends back: as is, URL-encoded, and as JSON writes it in a string
    (an error that quotes the request's body, where a shared key's '"' or '\\' is escaped; review 2026-12-06)."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1],
             json.dumps(secret, ensure_ascii=False)[1:-1]}
    return sorted(forms, key=len, reverse=True)


def redact(text, secrets, mask="********"):
    """``text`` with every secret value (and its URL-encoded and JSON-escaped forms) replaced by ``mask``."""
    if not isinstance(text, str):
        text = str(text)
    for secret in sorted({s for s in secrets if isinstance(s, str) and len(s) >= 3}, key=len, reverse=True):
        for form in secret_forms(secret):
            text = text.replace(form, mask)
    return text


# The Ansible argument spec of the authentication options (documented in the
# vpnalign.s2s.azure_auth doc fragment); plain data, shared by the Azure modules.
AUTH_ARGUMENT_SPEC = dict(
    auth_source=dict(type="str", choices=["auto", "env", "cli", "msi", "credential_file"]),
    profile=dict(type="str"),
    subscription_id=dict(type="str"),
    client_id=dict(type="str"),
    secret=dict(type="str", no_log=True),
    tenant=dict(type="str"),
    cloud_environment=dict(type="str"),
    adfs_authority_url=dict(type="str"),
    cert_validation_mode=dict(type="str", choices=["validate", "ignore"]),
    ca_bundle=dict(type="path"),
    disable_instance_discovery=dict(type="bool"),
    retries=dict(type="int", default=4),
)
AUTH_OPTIONS = tuple(k for k in AUTH_ARGUMENT_SPEC if k != "retries")
# This collection's bound: each retry may wait up to a minute (Retry-After, back-off), so a typo such as 1000000 kept a
# task retrying for days (review 2026-12-05)
RETRIES_MAX = 10


def number_error(option, value, least, most):
    """Why ``value`` is no whole number from ``least`` to ``most`` (None when it is one)."""
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        return "%s must be a whole number from %d to %d, got %r" % (option, least, most, value)
    return None


def module_settings(module, module_name, secrets, az_account):
    """The checked settings of an Azure module's auth options (check_settings: the names that go into
    request URLs), or the task's failure, its message with ``secrets`` masked. The secrets the settings
    read from the environment or a credentials file are no module options: they go to the module's
    ``no_log_values``, so Ansible masks them wherever they might appear in the result."""
    try:
        settings = resolve_auth({k: module.params[k] for k in AUTH_OPTIONS}, az_account=az_account)
        check_settings(settings)
    except (AuthError, InvalidName) as exc:
        module.fail_json(msg="%s: %s" % (module_name, redact(str(exc), [s for s in secrets if s])))
    for value in settings.secrets():
        module.no_log_values.add(value)
    return settings
