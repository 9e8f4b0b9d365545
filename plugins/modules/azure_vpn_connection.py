#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: azure_vpn_connection
short_description: Make one Azure site-to-site connection's IPsec settings match a desired state
version_added: "0.1.0"
description:
  - Reads the connection, compares the managed properties normalised (enum case, C(DHGroup14) = C(DHGroup2048),
    C(PFS14) = C(PFS2048)), and PUTs it with C(If-Match) on the etag it read only when they differ, then waits for
    the long-running operation at most O(wait_timeout) seconds. Someone else's change in between makes the PUT fail
    (HTTP 412, "changed by someone else since it was read; run again") rather than be overwritten.
  - A connection in C(provisioningState) V(Failed) is never reported as aligned; it is PUT again (with any change),
    which is how Microsoft says a Failed resource is restored. A connection still V(Updating) is waited for first.
  - The task fails when the operation ends V(Failed), does not finish within O(wait_timeout), or leaves the
    connection in any state but V(Succeeded). C(changed) is true only for what Azure confirmed; a failed task lists
    what was and was not applied (RV(applied), RV(not_applied)).
  - O(name), O(resource_group), O(subscription_id) and O(tenant) are checked against Azure's naming rules, and
    O(dpd_timeout_seconds), O(child_lifetime_seconds) and O(child_lifetime_kilobytes) against the ranges Azure
    documents, before any request is sent; a value outside them fails the task naming the option and the range.
  - Manages the IPsec/IKE policy (from the same tunnel intent M(vpnalign.s2s.asa_vpn_tunnel) takes, in canonical
    names), or Azure's default policy, C(usePolicyBasedTrafficSelectors), C(trafficSelectorPolicies),
    C(dpdTimeoutSeconds), C(connectionProtocol), C(connectionMode), C(enableBgp) and the shared key. Options left out
    are left as they are.
  - Supports check mode and diff. The shared key is never shown.
author:
  - vpnalign.s2s developers (@vpnalign)
extends_documentation_fragment:
  - vpnalign.s2s.azure_auth
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details:
      - Its action plugin refuses, on the controller and before the module runs, a O(shared_key) too short to be masked
        and O(ike), O(esp) or O(traffic_selector_policies) given as no mapping, naming the option, as it does an option
        given as a list (or a mapping) where a name is expected (O(name) and O(resource_group)).
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
    details: Reads the connection and returns the changes it would PUT, and sends no PUT.
  diff_mode:
    support: full
    details: The managed properties before and after; the shared key is never shown.
  platform:
    platforms: posix
    details: Runs where the Azure SDK is installed (normally the controller) and talks to Azure Resource Manager.
options:
  name:
    description:
      - Name of the connection. 1 to 80 characters, letters, digits, C(_), C(.) and C(-), starting with a letter or
        digit and ending with a letter, digit or C(_) (Azure's rule for Microsoft.Network connections).
    type: str
    required: true
  resource_group:
    description:
      - Resource group of the connection. 1 to 90 characters, letters, digits, C(_), C(-), C(.), C(() and C()), not
        ending with C(.).
    type: str
    required: true
  wait_timeout:
    description:
      - How long to wait, in seconds, for the connection's long-running update to reach a final state (and, before
        planning, for an operation already running on it). When it is still running after that, the task fails
        naming the state seen; run again later.
      - 1 to 14400 (4 hours).
    type: int
    default: 1800
  ike:
    description: The IKE proposal. Azure takes one value per field.
    type: dict
    suboptions:
      encryption:
        description: One encryption algorithm, e.g. C(AES-CBC-256) or C(AES-GCM-256).
        type: list
        elements: str
        required: true
      integrity:
        description: One integrity hash, e.g. C(SHA256); empty with AES-GCM.
        type: list
        elements: str
      prf:
        description: Accepted for symmetry with M(vpnalign.s2s.asa_vpn_tunnel); Azure has no PRF setting.
        type: list
        elements: str
      dh_groups:
        description: One Diffie-Hellman group number.
        type: list
        elements: int
        required: true
  esp:
    description: The ESP proposal.
    type: dict
    suboptions:
      encryption:
        description: One encryption algorithm, e.g. C(AES-GCM-256).
        type: list
        elements: str
        required: true
      integrity:
        description: One integrity hash; empty with AES-GCM (Azure's matching GCM value is set for you).
        type: list
        elements: str
  pfs_group:
    description:
      - PFS group for Child SA rekeys (C(pfsGroup)); V(0) for none. Part of the policy, needs O(ike) and O(esp).
      - Left out, the connection's current C(pfsGroup) is kept. A connection on Azure's default policy has none to
        keep (Azure takes a whole policy and has no default PFS group for it), so the task then fails asking for it.
    type: int
  child_lifetime_seconds:
    description:
      - Child SA lifetime in seconds (C(saLifeTimeSeconds)), 300 to 2147483647 (Azure's minimum; it documents no
        maximum, and the API's field is a 32-bit integer). Part of the policy, needs O(ike) and O(esp).
      - Left out, the connection's current value is kept; with no custom policy yet, Azure's default 27000.
    type: int
  child_lifetime_kilobytes:
    description:
      - Child SA lifetime in kilobytes (C(saDataSizeKilobytes)), 1024 to 2147483647 (Azure's minimum; no documented
        maximum, a 32-bit integer in the API). Part of the policy, needs O(ike) and O(esp).
      - Left out, the connection's current value is kept; with no custom policy yet, Azure's default 102400000.
    type: int
  use_default_policy:
    description:
      - Remove the custom policy so the connection uses Azure's default proposals.
      - Refused with O(pfs_group), O(child_lifetime_seconds) or O(child_lifetime_kilobytes), which are parts of a
        custom policy.
    type: bool
    default: false
  use_policy_based_traffic_selectors:
    description: Offer prefix-based selectors (needed by policy-based peers such as an ASA crypto map).
    type: bool
  traffic_selector_policies:
    description:
      - Custom traffic selectors (C(trafficSelectorPolicies)).
      - Each range is an IPv4 prefix written C(a.b.c.d/n) with its network address (C(10.1.0.0/16), not
        C(10.1.2.3/16)); any other value, or an empty list, fails the task before a request is sent.
    type: list
    elements: dict
    suboptions:
      local_address_ranges:
        description: Azure-side IPv4 prefixes.
        type: list
        elements: str
        required: true
      remote_address_ranges:
        description: On-premises IPv4 prefixes.
        type: list
        elements: str
        required: true
  dpd_timeout_seconds:
    description: Dead-peer detection timeout in seconds (C(dpdTimeoutSeconds)), 9 to 3600 (Azure's range).
    type: int
  connection_protocol:
    description: IKE version. Azure cannot change it on an existing connection; a different value fails the task.
    type: str
    choices: [IKEv1, IKEv2]
  connection_mode:
    description: Whether Azure initiates, responds or both.
    type: str
    choices: [Default, InitiatorOnly, ResponderOnly]
  enable_bgp:
    description:
      - Run BGP over this connection (C(enableBgp)). Turning it on needs a route-based gateway with BGP enabled and
        a local network gateway with C(bgpSettings) (ASN and BGP peering address); the module reads both and fails
        with the reason, before changing anything, when they are not so.
    type: bool
  shared_key:
    description:
      - The pre-shared key. Compared with the key Azure holds; never shown in output or diffs.
      - Set in the same PUT as the other changes (C(properties.sharedKey)), under the same C(If-Match).
      - 8 to 128 printable ASCII characters without spaces or C(?) (the ASA at the other end must take the same key; Azure
        takes 1 to 128, fewer than 8 are refused as too easily guessed and masked everywhere in the result),
        checked before any request.
      - It may not occur in the value of another option (O(name), O(resource_group)...), checked before any request,
        nor in a name or id of the connection as read (its gateways', its local network gateway's), checked before any
        change, since Ansible masks a secret wherever it occurs in the result, inside longer words too.
      - With C(--diff) a key that differs shows as C(sharedKey) in the diff, its value masked.
    type: str
notes:
  - Runs on the controller. Changing the policy restarts IKE on the connection (a few seconds without traffic).
  - Supports check mode and diff.
  - A subscription whose state is known to refuse changes - C(Disabled), C(Expired) or C(Deleted), as
    C(az account show) says of the CLI's default one - is refused before anything is read or changed, in check mode
    too (error code C(SubscriptionReadOnly)). States -
    U(https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states).
  - The state of a subscription named with O(subscription_id) (or AZURE_SUBSCRIPTION_ID, a credentials profile) is
    read once there is something to change, before the change is sent or shown in check mode, with one request
    (Azure REST API C(Subscriptions - Get), api-version C(2022-12-01)); a change to an C(Enabled) named subscription
    makes exactly one request more (this one), a run with nothing to change none. A C(Disabled), C(Expired) or
    C(Deleted) one is then refused (C(SubscriptionReadOnly)) after the connection was read and before anything is
    changed; a C(Warned) or C(PastDue) one is changed with a warning naming its state.
  - When that request is refused (HTTP 403, or 404 other than C(SubscriptionNotFound) - credentials may read the
    connection without reading its subscription) the change goes on and a warning says the state could not be read;
    if Azure then refuses the change (C(ReadOnlyDisabledSubscription)) the error names the subscription and where it
    came from. C(SubscriptionNotFound) fails as for any other request.
seealso:
  - module: vpnalign.s2s.asa_vpn_tunnel
  - module: vpnalign.s2s.azure_vpn_facts
"""

EXAMPLES = r"""
- name: Stop asking the ASA for PFS on rekeys
  vpnalign.s2s.azure_vpn_connection:
    name: UKSouth-HQ-S2S
    resource_group: RG
    ike: {encryption: [AES-CBC-128], integrity: [SHA256], dh_groups: [19]}
    esp: {encryption: [AES-GCM-128]}
    pfs_group: 0
    child_lifetime_seconds: 3600
    child_lifetime_kilobytes: 102400000
    use_policy_based_traffic_selectors: true
  diff: true

- name: BGP over a route-based connection (the ASA end is a VTI with a BGP neighbor)
  vpnalign.s2s.azure_vpn_connection:
    name: UKSouth-HQ-VTI
    resource_group: RG
    enable_bgp: true
  diff: true

- name: Back to Azure's default policy
  vpnalign.s2s.azure_vpn_connection:
    name: UKSouth-HQ-S2S
    resource_group: RG
    use_default_policy: true
"""

RETURN = r"""
changes:
  description: The managed properties that differed, with their values before and after (shared key never shown).
  returned: always
  type: dict
  sample: {"ipsecPolicies": {"before": [{"pfsGroup": "ECP256"}], "after": [{"pfsGroup": "None"}]},
           "enableBgp": {"before": false, "after": true}}
shared_key_changed:
  description: Whether the shared key differed (and so was, or in check mode would be, set).
  returned: always
  type: bool
applied:
  description:
    - What Azure holds as sent, read back (confirmed when the operation succeeded and the connection reads back
      V(Succeeded)), as property names, C(sharedKey), and C(provisioningState) when a V(Failed) connection was
      restored.
  returned: always
  type: list
  elements: str
  sample: ["ipsecPolicies"]
not_applied:
  description:
    - What was planned but Azure does not hold, as read back (on failure; empty on success and in check mode).
    - After a PUT Azure may have taken (its operation failed or did not finish, or its answer was a server error or
      timeout) the connection and its key are read back, and what Azure holds as sent is listed under RV(applied)
      whatever the operation's outcome; the message says when that is not confirmed by the operation.
  returned: always
  type: list
  elements: str
outcome_unknown:
  description:
    - After a PUT Azure may have taken, what could not be read back (the connection or its key), so Azure may or
      may not hold it; never listed under RV(not_applied). Read the connection before changing it again.
  returned: when the read-back failed
  type: list
  elements: str
  sample: ["ipsecPolicies", "provisioningState"]
provisioning_state:
  description: The connection's C(provisioningState) as last read.
  returned: always
  type: str
  sample: Succeeded
azure:
  description: How Azure was reached (no secret, no client id).
  returned: always, once the options are valid
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
      description: The subscription changed (null when none could be chosen).
      type: str
    subscription_from:
      description:
        - How the subscription was chosen - C(the subscription_id option), C(AZURE_SUBSCRIPTION_ID), the credentials
          profile, C(az account show), or for a managed identity without one C(the only usable subscription listed)
          (usable - C(Enabled), C(Warned) or C(PastDue), in which Azure allows every operation; a warning names a
          C(Warned) or C(PastDue) one's state).
        - A managed identity that sees several usable subscriptions is refused (error code C(SubscriptionNotChosen))
          before anything is read or changed, in check mode too; set O(subscription_id).
      type: str
"""

import json

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import (
    AUTH_ARGUMENT_SPEC,
    RETRIES_MAX,
    module_settings,
    number_error,
    redact,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    IntentError,
    desired_properties,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.lro import DEFAULT_WAIT_TIMEOUT, WAIT_TIMEOUT_MAX
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_options, check_shared_key
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import key_in_options_error


def _diff(changes, shared_key_changed):
    before = {k: v["before"] for k, v in changes.items()}
    after = {k: v["after"] for k, v in changes.items()}
    if shared_key_changed:  # a key-only change is a change too; its value is never shown
        before["sharedKey"], after["sharedKey"] = "(differs, not shown)", "(as given, not shown)"
    return dict(before=json.dumps(before, indent=2, sort_keys=True) + "\n",
                after=json.dumps(after, indent=2, sort_keys=True) + "\n")


# At module level: the action plugin (plugins/action/azure_vpn_connection.py) checks the arguments against it first.
ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    resource_group=dict(type="str", required=True),
    wait_timeout=dict(type="int", default=DEFAULT_WAIT_TIMEOUT),
    ike=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
        prf=dict(type="list", elements="str"),
        dh_groups=dict(type="list", elements="int", required=True),
    )),
    esp=dict(type="dict", options=dict(
        encryption=dict(type="list", elements="str", required=True),
        integrity=dict(type="list", elements="str"),
    )),
    pfs_group=dict(type="int"),
    child_lifetime_seconds=dict(type="int"),
    child_lifetime_kilobytes=dict(type="int"),
    use_default_policy=dict(type="bool", default=False),
    use_policy_based_traffic_selectors=dict(type="bool"),
    traffic_selector_policies=dict(type="list", elements="dict", options=dict(
        local_address_ranges=dict(type="list", elements="str", required=True),
        remote_address_ranges=dict(type="list", elements="str", required=True),
    )),
    dpd_timeout_seconds=dict(type="int"),
    connection_protocol=dict(type="str", choices=["IKEv1", "IKEv2"]),
    connection_mode=dict(type="str", choices=["Default", "InitiatorOnly", "ResponderOnly"]),
    enable_bgp=dict(type="bool"),
    shared_key=dict(type="str", no_log=True),
)
ARGUMENT_SPEC.update(AUTH_ARGUMENT_SPEC)


# AnsibleModule's arguments besides the spec; the action plugin validates the same way when it runs run() itself
RULES = dict(
    mutually_exclusive=[("use_default_policy", "ike"), ("use_default_policy", "esp")],
    required_together=[("ike", "esp")],
)


def main():
    run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, **RULES))


def run(module):
    """The module on an AnsibleModule, or on what the action plugin gives in its place (plugin_utils/module_side.py)."""
    params = module.params
    try:
        check_options(params, names={"name": "connection"}, groups=("resource_group",),
                      subscriptions=("subscription_id",), tenants=("tenant",))
        if params["shared_key"] is not None:
            check_shared_key("shared_key", params["shared_key"])
    except InvalidName as exc:
        module.fail_json(msg="azure_vpn_connection: %s; nothing was sent" % exc)
    problem = params["shared_key"] is not None and key_in_options_error(params["shared_key"], params, what="shared_key",
                                                                        skip=("shared_key", "secret"))
    if problem:
        module.fail_json(msg="azure_vpn_connection: %s" % problem)
    for option, least, most in (("wait_timeout", 1, WAIT_TIMEOUT_MAX), ("retries", 0, RETRIES_MAX)):
        error = number_error(option, params[option], least, most)
        if error:
            module.fail_json(msg="azure_vpn_connection: %s" % error)
    try:
        desired = desired_properties(params)
    except IntentError as exc:
        module.fail_json(msg="azure_vpn_connection: %s" % exc)

    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_apply import (
        ApplyFailed,
        align_connection,
        new_result,
    )
    from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import (
        AZURE_IMPORT_ERROR,
        HAS_AZURE,
        AzureNetworkReader,
        AzureSdkError,
        az_account_show,
    )

    if not HAS_AZURE:
        module.fail_json(msg=missing_required_lib("azure-identity and azure-mgmt-network"),
                         exception=AZURE_IMPORT_ERROR)
    secrets = [s for s in (params["secret"], params["shared_key"]) if s]
    settings = module_settings(module, "azure_vpn_connection", secrets, az_account_show)

    reader = None
    result = new_result()
    try:
        # without a subscription, a managed identity's is chosen here, never among several usable ones (changes)
        reader = AzureNetworkReader(settings, retries=params["retries"], extra_secrets=secrets,
                                    changes="azure_vpn_connection changes Azure")
        reader.authenticate()
        result = align_connection(reader, params["resource_group"], params["name"], desired,
                                  shared_key=params["shared_key"], check_mode=module.check_mode,
                                  wait_timeout=params["wait_timeout"])
    except ApplyFailed as exc:
        _fail(module, reader, secrets, msg="azure_vpn_connection: %s" % _redact(exc, secrets, reader),
              azure=settings.describe(), **exc.result)
    except AzureSdkError as exc:
        _fail(module, reader, secrets, msg="azure_vpn_connection: %s" % _redact(exc, secrets, reader),
              error_code=exc.code, status=exc.status, azure=settings.describe(), **result)
    except IntentError as exc:
        # raised while planning against the connection as read (a policy field left out with nothing to keep
        # it from), before any PUT
        _fail(module, reader, secrets, msg="azure_vpn_connection: %s" % _redact(exc, secrets, reader),
              azure=settings.describe(), **result)
    except Exception as exc:  # pylint: disable=broad-except
        # Never a traceback: it could quote the key or the client secret.
        _fail(module, reader, secrets, msg="azure_vpn_connection: unexpected %s: %s" % (
            type(exc).__name__, _redact(exc, secrets, reader)), azure=settings.describe(), **result)
    finally:
        if reader is not None:
            reader.close()
    _warn(module, reader, secrets)
    if module._diff and (result["changes"] or result["shared_key_changed"]):
        result["diff"] = _diff(result["changes"], result["shared_key_changed"])
    module.exit_json(azure=settings.describe(), **result)


def _warn(module, reader, secrets):
    for warning in (reader.warnings if reader is not None else []):
        module.warn(_redact(warning, secrets, reader))


def _fail(module, reader, secrets, **result):
    """fail_json with the reader's warnings: a failed run dropped them (one saying the subscription's state could not
    be read came before Azure's refusal of the change)."""
    _warn(module, reader, secrets)
    module.fail_json(**result)


def _redact(text, secrets, reader):
    return redact(str(text), list(secrets) + list(reader.secrets if reader is not None else []))


if __name__ == "__main__":
    main()
