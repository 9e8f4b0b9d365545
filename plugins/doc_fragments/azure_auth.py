# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Azure authentication options shared by the Azure modules."""

    DOCUMENTATION = r"""
options:
  auth_source:
    description:
      - Where the credentials come from, as in azure.azcollection. When not set, the environment variable
        E(ANSIBLE_AZURE_AUTH_SOURCE), else V(auto).
      - V(auto) tries O(profile); module options when O(client_id) is given; environment variables; the
        C([default]) profile of C(~/.azure/credentials); a managed identity; the Azure CLI login.
      - V(env) reads E(AZURE_SUBSCRIPTION_ID), E(AZURE_CLIENT_ID), E(AZURE_SECRET), E(AZURE_TENANT),
        E(AZURE_CLOUD_ENVIRONMENT) (what AWX injects), or the profile named by E(AZURE_PROFILE).
      - V(credential_file) reads the O(profile) section (default C(default)) of C(~/.azure/credentials), an INI
        file with C(subscription_id), C(client_id), C(secret), C(tenant) and optionally C(cloud_environment),
        C(cert_validation_mode), C(adfs_authority_url).
      - V(msi) uses the managed identity of the host (O(client_id) picks a user-assigned one); V(cli) uses
        C(az login).
      - A user name and password (E(AZURE_AD_USER), E(AZURE_PASSWORD), what AWX's Azure credential injects when
        filled with a username) are not supported - Microsoft Entra ID requires MFA for that sign-in - and fail at
        once with a message naming them, unless a service principal is given as well.
    type: str
    choices: [auto, env, cli, msi, credential_file]
  profile:
    description:
      - Section of C(~/.azure/credentials) to read. Env E(AZURE_PROFILE).
    type: str
  subscription_id:
    description:
      - The Azure subscription. Env E(AZURE_SUBSCRIPTION_ID). Overrides the subscription of any credential source.
      - A subscription id is a GUID; any other value, from any source, is refused before a request is sent.
      - With a managed identity and none given, the first V(Enabled) subscription it can see is read, with a warning
        when it sees several; M(vpnalign.s2s.azure_vpn_connection) (and the VPN troubleshoot of
        M(vpnalign.s2s.azure_vpn_evidence)) refuses to pick among several V(Enabled) ones, before anything is
        changed and in check mode too. The result's C(azure.subscription_from) says how it was chosen.
    type: str
  client_id:
    description:
      - Application (client) id of the service principal. Env E(AZURE_CLIENT_ID).
    type: str
  secret:
    description:
      - Client secret of the service principal. Env E(AZURE_SECRET). Never shown in output or messages.
    type: str
  tenant:
    description:
      - Microsoft Entra tenant (directory) id, or one of its domain names. Env E(AZURE_TENANT). Any other value is
        refused before a request is sent.
    type: str
  cloud_environment:
    description:
      - V(AzureCloud), V(AzureChinaCloud), V(AzureUSGovernment), or the URL of an Azure Resource Manager endpoint
        (Azure Stack Hub, an emulator) - then the token scope is that URL with C(/.default).
      - A URL must be C(https://host[:port][/path]), without user or password, query string or fragment; anything
        else fails before a token is asked for.
      - When not set, the credential source's value (E(AZURE_CLOUD_ENVIRONMENT), the profile), else V(AzureCloud).
    type: str
  adfs_authority_url:
    description:
      - Authority (token endpoint) to authenticate against, a host or URL. Env E(AZURE_ADFS_AUTHORITY_URL).
      - A host name (with an optional port) or C(https://host[:port][/path]), without user or password, query
        string, fragment, spaces or control characters; anything else fails before a token is asked for.
      - When not set, E(AZURE_AUTHORITY_HOST) (azure-identity's variable), else the cloud's login host
        (C(login.microsoftonline.com), C(login.chinacloudapi.cn), C(login.microsoftonline.us)).
    type: str
  cert_validation_mode:
    description:
      - V(ignore) turns off TLS certificate validation of Azure Resource Manager and the authority (tests only).
        Env E(AZURE_CERT_VALIDATION_MODE). When not set, V(validate).
    type: str
    choices: [validate, ignore]
  ca_bundle:
    description:
      - CA certificates file to trust for Azure Resource Manager and the authority (a TLS-inspecting proxy, Azure
        Stack Hub, a lab). The E(REQUESTS_CA_BUNDLE) environment variable works too.
    type: path
  disable_instance_discovery:
    description:
      - Skip Microsoft Entra instance discovery (needed for ADFS, private clouds, emulators). Env
        E(AZURE_DISABLE_INSTANCE_DISCOVERY). When not set, on only for authorities that are not Microsoft's
        login hosts.
    type: bool
  retries:
    description:
      - How often one request is retried on throttling (HTTP 429, honouring C(Retry-After)), server errors (5xx) and
        connection errors, with exponential back-off, before the task fails. This applies to Azure Resource Manager
        and to the token endpoint alike.
      - A C(Retry-After) longer than 60 seconds is not waited for. Throttling that persists fails the task as
        throttling (HTTP 429, with the wait Azure asked for), never as an authentication failure.
      - 0 to 10.
    type: int
    default: 4
"""
