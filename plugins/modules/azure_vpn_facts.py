#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: azure_vpn_facts
short_description: Read Azure VPN gateway connections into a vendor-neutral model
version_added: "0.1.0"
description:
  - Reads Azure site-to-site connections with their virtual network gateway, local network gateway, public IP
    addresses and virtual network address space, and describes each connection as one vendor-neutral tunnel end -
    IKE and Child SA proposals (the custom IPsec policy, or Azure's default policy), PFS, lifetimes, traffic
    selectors, addresses, DPD and connection mode.
  - Reads exported resources given as O(src) (a file) or O(resources) (data). The input is a JSON list of ARM
    resources as GET returns them (joined by C(id)), an ARM list response (an object with a C(value) list),
    or C(az ... show) output without the C(properties) level.
  - Without O(src) and O(resources) it reads the resources from Azure through the Azure SDK (azure-identity,
    azure-mgmt-network) - one connection (O(connection)), every connection of a gateway
    (O(virtual_network_gateway)), of a resource group (O(resource_group) alone) or of the whole subscription (no
    selection). For each connection it also reads its gateway, the gateway's public IPs and virtual network,
    the virtual networks peered to it that use its gateway (gateway transit), and the local network gateway,
    each once. The facts equal those of the same resources exported to a file, except C(source).
  - Authentication works like azure.azcollection's modules (same option names and environment variables, so
    AWX's Microsoft Azure Resource Manager credential works unchanged).
  - Breaks of Azure's own rules (GCM pairing, ranges, SKU limits) become findings (C(AZURE_POLICY_INVALID),
    C(AZURE_SKU_UNSUPPORTED)); references to resources missing from the input become C(UNDEFINED_REFERENCE).
  - Shared keys never enter the facts; with O(psk_hash_key) a keyed digest of each one does.
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.run_id
  - vpnalign.s2s.azure_auth
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.facts
  - ansible.builtin.action_common_attributes.flow
requirements:
  - azure-identity and azure-mgmt-network on the host the module runs on, to read from Azure (not needed with
    O(src) or O(resources)).
attributes:
  action:
    support: full
    details:
      - Its action plugin refuses, on the controller and before the module runs, a O(psk_hash_key) too short to be
        masked, naming its length, and an option given as a list (or a mapping) where a path or a name is expected,
        naming the option. It finds a relative O(src) on the controller (see the notes).
      - On a local connection whose C(ansible_python_interpreter) is the controller's own Python (as the implicit
        localhost's is), with no C(become) and no C(environment), the action plugin runs the module's code in Ansible's
        worker process (same options, checks, results and masking; no module payload is built and no Python started);
        otherwise, and with C(async) or a task C(timeout), the module runs as usual.
  async:
    support: full
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: It only reads, in check mode too.
  diff_mode:
    support: none
  facts:
    support: full
    details: Returns the facts under C(ansible_facts.vpnalign_azure).
  platform:
    platforms: posix
    details: Runs where the Azure SDK is installed (normally the controller); O(src) and O(resources) need no SDK.
options:
  src:
    description:
      - Path of a JSON file of exported resources, on the host the module runs on (normally the controller).
      - Mutually exclusive with O(resources).
    type: path
  resources:
    description:
      - The exported resources as data (a list of resource dicts, or a dict with a C(value) list).
      - Mutually exclusive with O(src).
    type: raw
  connection:
    description:
      - Read this connection (its name) from Azure. Needs O(resource_group).
      - Mutually exclusive with O(virtual_network_gateway).
    type: str
  virtual_network_gateway:
    description:
      - Read every connection of this virtual network gateway (its name) from Azure. Needs O(resource_group).
    type: str
  resource_group:
    description:
      - The resource group of O(connection) or O(virtual_network_gateway); given alone, every connection of the
        resource group is read. Without any of the three, every connection of the subscription.
      - O(connection), O(virtual_network_gateway) and O(resource_group) are checked against Azure's naming rules
        (1-80 and 1-90 characters, see M(vpnalign.s2s.azure_vpn_connection)) before any request is sent.
    type: str
  gather_state:
    description:
      - Also read the live state of each site-to-site connection into C(state) of the facts, keyed by connection
        name - C(connectionStatus), the ingress and egress byte counters, and the IKE security associations
        (the C(getikesas) operation, which can take a minute).
      - Failures of this part are warnings, not a failed task.
    type: bool
    default: false
  psk_hash_key:
    description:
      - Key for the keyed digest (HMAC-SHA256) of each connection's pre-shared key. Give the same key to
        M(vpnalign.s2s.asa_vpn_facts) in the same run so that the two ends' keys can be compared without
        showing them.
      - When reading from Azure the shared keys are read with the sharedkey API (a permission beyond C(Reader);
        without it a warning and no digest).
      - Without it no shared key is read and no digest made.
      - At least 16 characters; a random string (C(playbooks/check.yml) draws 32).
    type: str
notes:
  - Supports check mode; it only reads (C(getikesas) is a POST that changes nothing).
  - A relative O(src) on the controller (the local connection) is found as the C(src) of
    M(ansible.builtin.copy) is - in the role's C(files/) directory and the role's own, then in the playbook's
    directory and its C(files/) - and, not found there, in the directory C(ansible-playbook) runs in. On another
    host it names a file there, as given.
  - Errors name the resource and Azure's error code (for example C(AuthorizationFailed), C(ResourceNotFound)) and
    never contain a secret.
  - A connection named by another resource that does not exist is reported as C(UNDEFINED_REFERENCE) with a
    warning; only a missing selected connection, gateway or resource group fails the task.
  - The Network API lists connections per resource group only, so for the whole subscription the resource groups
    holding connections are found with the Microsoft.Resources resource list, then each is listed once. Where that
    API answers 404 (emulators, some Azure Stack Hub versions) the Network provider's subscription-level collection
    is read instead.
  - With O(auth_source=msi) and no O(subscription_id) the first subscription the identity can see in a usable state
    is read - C(Enabled), C(Warned) or C(PastDue), in which Azure allows every operation (a warning names a
    C(Warned) or C(PastDue) one's state); a C(Disabled) or C(Deleted) one is never taken by default (they are named
    in a warning). With several usable ones a warning names the others. With none the task fails naming each with
    its state; with none listed it says the identity holds a role on no subscription. States -
    U(https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states).
  - With the Azure CLI login and no O(subscription_id) the CLI's default subscription (C(az account show)) is read;
    when its state is not C(Enabled) a warning says so.
  - A C(Disabled) subscription named with O(subscription_id) is still read (Azure allows reads, not changes, on it;
    see U(https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states)). No request this
    module makes answers a named subscription's state and none is added for it, so no warning says it is
    C(Disabled); azure_vpn_connection reads it before a change and refuses one Azure would refuse
    (C(SubscriptionReadOnly)).
  - A O(subscription_id) the credentials cannot see fails with C(SubscriptionNotFound), naming it and where it
    came from.
seealso:
  - module: vpnalign.s2s.vpn_compat_check
  - module: vpnalign.s2s.asa_vpn_facts
"""

EXAMPLES = r"""
- name: Read resources exported with az or the ARM API
  vpnalign.s2s.azure_vpn_facts:
    src: exports/azure_resources.json

- name: Read resources already loaded
  vpnalign.s2s.azure_vpn_facts:
    resources: "{{ lookup('ansible.builtin.file', 'azure.json') | from_json }}"

- name: Read one connection from Azure (credentials from AZURE_* variables, as AWX injects them)
  vpnalign.s2s.azure_vpn_facts:
    resource_group: RG
    connection: UKSouth-HQ-S2S

- name: Read every connection of a gateway, with live state, as a service principal given as options
  vpnalign.s2s.azure_vpn_facts:
    resource_group: RG
    virtual_network_gateway: UKSouth-VNG
    gather_state: true
    subscription_id: "{{ azure_subscription_id }}"
    client_id: "{{ azure_client_id }}"
    secret: "{{ azure_secret }}"
    tenant: "{{ azure_tenant }}"

- name: Read a whole resource group with a profile of ~/.azure/credentials
  vpnalign.s2s.azure_vpn_facts:
    resource_group: RG
    profile: vpn-readonly
"""

RETURN = r"""
ansible_facts:
  description: Facts added to the host.
  returned: always
  type: dict
  contains:
    vpnalign_azure:
      description: Azure's tunnel ends in the vendor-neutral model, and the findings about Azure's own rules.
      type: dict
      contains:
        source:
          description: Where the resources came from (C(src), C(resources) or C(sdk)).
          type: str
          sample: src
        tunnels:
          description: One vendor-neutral TunnelEnd per IPsec connection and gateway instance (two for a
            connection on an active-active gateway, told apart by C(ref.instance)).
          type: list
          elements: dict
        findings:
          description: Findings about the Azure resources themselves. One with more than one valid fix (a GCM
            pairing Azure refuses can be made either way) lists the others under C(alternatives.azure), in order; the
            check shows the first that suits the peer.
          type: list
          elements: dict
        counts:
          description: Resources read per type; C(ignored) counts those of types the check does not read.
          type: dict
          sample: {"connections": 1, "virtualNetworkGateways": 1}
        ignored_types:
          description: The types of the resources skipped, as the input spells them, with how many of each (the ten
            commonest); said when an input holds no VPN connection (for example a Virtual WAN export).
          type: dict
          returned: when the input holds resources of other types
          sample: {"Microsoft.Network/vpnSites": 2}
        keys_not_read:
          description: The connections whose shared key was asked for (O(psk_hash_key)) and not read, each with
            C(connection), C(resource_group) and C(why) (Azure's refusal or throttling); the check names them and
            compares no key for them.
          type: list
          elements: dict
          returned: when a shared key could not be read
        resources_not_read:
          description: Resources a connection names that Azure refused to show (HTTP 403, e.g. a gateway in a
            subscription the principal has no role on), each with C(resource), C(named_by) and C(why); the connection
            is reported with an undefined reference and the others are read.
          type: list
          elements: dict
          returned: when a referenced resource could not be read
        state:
          description:
            - Live state per connection, keyed C(<resource group>/<name>) (one name may be in several groups), with
              O(gather_state) - read with a GET of each connection, as a list leaves these out - C(connection_status), C(ingress_bytes_transferred),
              C(egress_bytes_transferred), C(tunnel_connection_status) (active-active), and C(ike_sas) (the IKE SAs
              as Azure returns them, or null with C(ike_sas_error) when they could not be read).
          type: dict
          returned: when O(gather_state=true) and reading from Azure
          sample: {"RG/UKSouth-HQ-S2S": {"connection_status": "Connected", "ingress_bytes_transferred": 1048576,
                   "egress_bytes_transferred": 2097152, "ike_sas": []}}
azure:
  description: How Azure was read (not with O(src) or O(resources)).
  returned: when reading from Azure
  type: dict
  contains:
    credential:
      description: The kind of credential used (C(client_secret), C(msi), C(cli), C(msi_or_cli)).
      type: str
    credentials_from:
      description: Where the credentials came from (module options, environment variables, a profile...).
      type: str
    cloud_environment:
      description: The cloud (C(custom) for an ARM endpoint URL).
      type: str
    base_url:
      description: The Azure Resource Manager endpoint.
      type: str
    authority:
      description: The authority tokens came from.
      type: str
    subscription_id:
      description: The subscription read.
      type: str
    subscription_from:
      description:
        - How the subscription was chosen - C(the subscription_id option), C(AZURE_SUBSCRIPTION_ID), the credentials
          profile, C(az account show), or for a managed identity without one C(the only usable subscription listed)
          or C(first of N usable subscriptions listed) (usable - C(Enabled), C(Warned) or C(PastDue)).
      type: str
    operations:
      description: SDK calls made (token, gets, lists, shared keys, IKE SA operations).
      type: int
    requests:
      description: HTTP requests sent to Azure Resource Manager, retries and long-running-operation polls included.
      type: int
    resources:
      description: Resources read.
      type: int
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import (
    AUTH_ARGUMENT_SPEC,
    RETRIES_MAX,
    module_settings,
    number_error,
    redact,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import (
    AzureInputError,
    azure_facts_from_data,
    azure_facts_from_sdk,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_options
from ansible_collections.vpnalign.s2s.plugins.module_utils.module_io import read_src
from ansible_collections.vpnalign.s2s.plugins.module_utils.run_id import run_id_error, stamped
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import (
    arm_secrets_in, hash_key_error, hide_arm_secrets, make_psk_digester, maskable)

SDK_OPTIONS = ("connection", "virtual_network_gateway", "resource_group", "gather_state")


ARGUMENT_SPEC = dict(
    src=dict(type="path"),
    resources=dict(type="raw"),
    connection=dict(type="str"),
    virtual_network_gateway=dict(type="str"),
    resource_group=dict(type="str"),
    gather_state=dict(type="bool", default=False),
    psk_hash_key=dict(type="str", no_log=True),
    run_id=dict(type="str"),
)
ARGUMENT_SPEC.update(AUTH_ARGUMENT_SPEC)


# AnsibleModule's arguments besides the spec; the action plugin validates the same way when it runs run() itself
RULES = dict(
    mutually_exclusive=[("src", "resources"), ("connection", "virtual_network_gateway")],
    required_by={"connection": "resource_group", "virtual_network_gateway": "resource_group"},
)


def main():
    run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, **RULES))


def run(module):
    """The module on an AnsibleModule, or on what the action plugin gives in its place (plugin_utils/module_side.py)."""
    params = module.params
    if run_id_error(params["run_id"]):
        module.fail_json(msg="azure_vpn_facts: %s" % run_id_error(params["run_id"]))
    if hash_key_error(params["psk_hash_key"]):
        module.fail_json(msg="azure_vpn_facts: %s" % hash_key_error(params["psk_hash_key"]))
    if params["src"] is not None or params["resources"] is not None:
        offline(module)
    else:
        live(module)


def _digester(module):
    key = module.params["psk_hash_key"]
    if not key:
        return None
    return make_psk_digester(key, seen=module.no_log_values)


def offline(module):
    params = module.params
    given = [o for o in SDK_OPTIONS if params[o]]
    if given:
        module.fail_json(msg="azure_vpn_facts: %s read from Azure; they do not apply with %s"
                         % (", ".join(given), "src" if params["src"] is not None else "resources"))
    data, source = params["resources"], "resources"
    # the option is echoed back (invocation, -vvv, log_path): its keys are masked there like a no_log option's, and
    # taken out of it once read (a key too short to mask everywhere is hidden only so)
    module.no_log_values.update(key for key in arm_secrets_in(data) if maskable(key))
    if params["src"] is not None:
        source = "src"
        try:
            data = load_json_text(read_src(module, "azure_vpn_facts"))  # within nesting/number budgets
        except ValueError as exc:
            hide_arm_secrets(params["resources"])
            module.fail_json(msg="azure_vpn_facts: src %s is not JSON: %s" % (params["src"], exc))
    try:
        facts = azure_facts_from_data(data, source=source, psk_digest=_digester(module))
    except AzureInputError as exc:
        hide_arm_secrets(params["resources"])
        # the file is named, as vpn_compat_check names each of azure_resources_files (review s42)
        module.fail_json(msg="azure_vpn_facts: %s%s" % ("src %s: " % params["src"] if source == "src" else "", exc))
    hide_arm_secrets(params["resources"])
    module.exit_json(changed=False, ansible_facts=dict(vpnalign_azure=stamped(facts, params["run_id"])))


def live(module):
    # Imported here: the Azure SDK takes seconds to import, and offline runs do not need it.
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import (
        AZURE_IMPORT_ERROR,
        HAS_AZURE,
        AzureNetworkReader,
        AzureSdkError,
        az_account_show,
    )

    params = module.params
    try:
        # Each of these becomes part of a request URL: checked before anything is sent.
        check_options(params, names={"connection": "connection", "virtual_network_gateway": "virtual_network_gateway"},
                      groups=("resource_group",), subscriptions=("subscription_id",), tenants=("tenant",))
    except InvalidName as exc:
        module.fail_json(msg="azure_vpn_facts: %s; nothing was sent" % exc)
    if not HAS_AZURE:
        module.fail_json(msg=missing_required_lib("azure-identity and azure-mgmt-network",
                                                  reason="to read from Azure (or give src or resources)"),
                         exception=AZURE_IMPORT_ERROR)
    error = number_error("retries", params["retries"], 0, RETRIES_MAX)
    if error:
        module.fail_json(msg="azure_vpn_facts: %s" % error)
    secrets = [params["secret"], params["psk_hash_key"]]
    settings = module_settings(module, "azure_vpn_facts", secrets, az_account_show)
    reader = None
    try:
        reader = AzureNetworkReader(settings, retries=params["retries"], extra_secrets=secrets)
        facts, warnings = azure_facts_from_sdk(
            reader, connection=params["connection"], virtual_network_gateway=params["virtual_network_gateway"],
            resource_group=params["resource_group"], gather_state=params["gather_state"],
            psk_digest=_digester(module))
    except AzureSdkError as exc:
        module.fail_json(msg="azure_vpn_facts: %s" % redact(str(exc), _known_secrets(reader, secrets)),
                         error_code=exc.code, status=exc.status, azure=_summary(reader, settings))
    except AzureInputError as exc:
        module.fail_json(msg="azure_vpn_facts: %s" % redact(str(exc), _known_secrets(reader, secrets)))
    except Exception as exc:  # pylint: disable=broad-except
        # Never a traceback: it could quote a secret held in a local variable or a request.
        module.fail_json(msg="azure_vpn_facts: unexpected %s reading Azure: %s"
                         % (type(exc).__name__, redact(str(exc), _known_secrets(reader, secrets))),
                         azure=_summary(reader, settings))
    finally:
        if reader is not None:
            reader.close()
    for warning in warnings:
        module.warn(redact(warning, _known_secrets(reader, secrets)))
    summary = _summary(reader, settings)
    summary["resources"] = sum(facts["counts"].get(k, 0) for k in facts["counts"] if k != "ignored")
    module.exit_json(changed=False, ansible_facts=dict(vpnalign_azure=stamped(facts, params["run_id"])), azure=summary)


def _known_secrets(reader, secrets):
    known = [s for s in secrets if s]
    if reader is not None:
        known.extend(reader.secrets)
    return known


def _summary(reader, settings):
    summary = settings.describe()
    summary["operations"] = reader.operations if reader is not None else 0
    summary["requests"] = reader.requests if reader is not None else 0
    return summary


if __name__ == "__main__":
    main()
