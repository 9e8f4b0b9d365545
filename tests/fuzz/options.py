# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mutated module options through the validators the modules run before anything is sent.

asa_vpn_tunnel: ``option_error`` must answer (a message or None) for any options; when it
accepts them, planning on the seed config may refuse only with IntentError, and every planned
line and undo line must pass ``command_error`` (one line of printable ASCII): validated options
never reach the device as more than the command they belong to. azure_vpn_connection: the name
checks either refuse a value with InvalidName or accept one that cannot change the request URL.
"""

from __future__ import annotations

import copy
import importlib
import re

import fuzzpath

fuzzpath.ensure()  # the collection on sys.path before it is imported

import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel, azure_vpn_connection
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_crypto_map import plan_present
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_options import command_error, is_vti, option_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_plan import IntentError
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.push_vti import plan_vti
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_options

import mutate

KEY = "Fuzz-Key-7"
# a new entry of the seed's map (a map "AZ" on INTERNET, which has CRYPTO-MAP, was refused before any line was planned)
CRYPTO_MAP = dict(
    crypto_map="CRYPTO-MAP", seq=10, interface="INTERNET", peer="203.0.113.20", state="present",
    local_networks=["10.0.0.0/8"], remote_networks=["172.16.0.0/16"],
    ike={"encryption": ["AES-CBC-256"], "integrity": ["SHA256"], "dh_groups": [14], "lifetime_seconds": 28800},
    esp={"encryption": ["AES-GCM-256"]}, pfs_group=0, child_lifetime_seconds=27000,
    child_lifetime_kilobytes="102400000", group_policy="AZ-GP", pre_shared_key=KEY,
    nat_exemption={"inside_interface": "LAN", "local_networks": ["10.0.0.0/8"], "remote_networks": ["172.16.0.0/16"]},
)
# local networks behind two interfaces, the seed's LAN and its outside INTERNET (hairpin): a NAT exemption rule on
# each (align's nat_exemption.inside_interfaces)
CRYPTO_MAP_TWO_INSIDE = dict(CRYPTO_MAP, local_networks=["10.0.0.0/8", "192.168.50.0/24"], nat_exemption={
    "inside_interfaces": ["LAN", "INTERNET"], "local_networks": ["10.0.0.0/8", "192.168.50.0/24"],
    "remote_networks": ["172.16.0.0/16"]})
VTI = dict(
    tunnel_interface="Tunnel1", tunnel_nameif="AZURE", tunnel_address="169.254.21.2/30", state="present",
    tunnel_source_interface="INTERNET", peer="203.0.113.20", ipsec_profile="AZ-PROF",
    ike=CRYPTO_MAP["ike"], esp=CRYPTO_MAP["esp"], pfs_group=14, pre_shared_key=KEY,
)
AZURE = dict(name="UKSouth-HQ-S2S", resource_group="RG", subscription_id="00000000-0000-0000-0000-000000000000",
             tenant="contoso.onmicrosoft.com")
# What an accepted Azure name may never hold: it would add a path segment, start a query or a
# fragment, be dropped by URL normalisation, or split the request.
URL_BREAKERS = re.compile(r"[/?#%\\\s\x00-\x1f\x7f]|^\.{1,2}$")

HOSTILE = ["", " ", ".", "..", "a/b", "a?b", "a#b", "%2e", "x\ny", "x\rclear configure all", "x;y", 'x"y', "x?",
           "\u00e9", "\udcff", "\x00", "\x1b[2J", "\u202e", "A" * 65, "A" * 5000, "fe80::1%eth0", "203.0.113.20\nno x",
           "0.0.0.0", "not-an-ip", "10.0.0.0/40", "10.0.0.0/8\nno y", "-1", "4294967296", mutate.HUGE_DIGITS,
           "\u00b3600", "unlimited", "9"]


def hostile_value(rng, current):
    roll = rng.random()
    if roll < 0.55:
        value = rng.choice(HOSTILE)
        return value if not isinstance(current, str) or rng.random() < 0.7 else current + value
    if roll < 0.75:
        return rng.choice([-1, 0, 1, 65536, 2 ** 31, 2 ** 63, 10 ** 30, 3.5, float("nan"), True, None])
    if roll < 0.9:
        return rng.choice([[], {}, [None], ["x\ny"], {"encryption": "AES"}, {"dh_groups": ["14"]}, [[["deep"]]]])
    if isinstance(current, list) and current:
        return current + [rng.choice(HOSTILE)]
    if isinstance(current, dict) and current:
        inner = copy.deepcopy(current)
        key = rng.choice(sorted(inner))
        inner[key] = hostile_value(rng, inner[key])
        return inner
    return rng.choice(HOSTILE)


def make(rng):
    """(which, params): mutated options of asa_vpn_tunnel (crypto map or VTI) or of azure_vpn_connection."""
    which = rng.choice(["crypto_map", "crypto_map", "crypto_map_two_inside", "vti", "azure"])
    params = copy.deepcopy({"crypto_map": CRYPTO_MAP, "crypto_map_two_inside": CRYPTO_MAP_TWO_INSIDE, "vti": VTI,
                            "azure": AZURE}[which])
    for _n in range(rng.choice([1, 1, 2, 3])):
        key = rng.choice(sorted(params))
        params[key] = hostile_value(rng, params[key])
    return which, params


def _spec(options):
    """An argument spec from a module's documented options (ansible-test keeps both the same)."""
    spec = {}
    for name, doc in (options or {}).items():
        entry = {"type": doc.get("type", "str")}
        for key in ("elements", "choices", "default", "no_log"):
            if key in doc:
                entry[key] = doc[key]
        if "suboptions" in doc:
            entry["options"] = _spec(doc["suboptions"])
        spec[name] = entry
    return spec


_SPECS = {}


def spec(which):
    """The argument spec of asa_vpn_tunnel ("asa") or azure_vpn_connection ("azure"); raises
    yaml.YAMLError when the module's DOCUMENTATION is not YAML (ansible-test sanity fails too)."""
    if which not in _SPECS:
        module = asa_vpn_tunnel if which == "asa" else azure_vpn_connection
        _SPECS[which] = _spec(_documented_options(module))
    return _SPECS[which]


def _documented_options(module):
    """The module's options with those of its own doc fragments (azure_auth's subscription_id, tenant...; the
    VTI and task options of asa_vpn_tunnel): without them every input naming one was refused."""
    doc = yaml.safe_load(module.DOCUMENTATION)
    options = dict(doc["options"])
    for name in doc.get("extends_documentation_fragment", []):
        if name.startswith("vpnalign.s2s."):
            fragment = importlib.import_module("ansible_collections.vpnalign.s2s.plugins.doc_fragments."
                                               + name.split(".")[2])
            options.update(yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)["options"])
    return options


def as_ansible_gives(which, params):
    """The options as the module gets them: checked and converted by Ansible against the module's
    argument spec, or None when Ansible itself refuses them (the module never runs)."""
    try:
        spec_ = spec("azure" if which == "azure" else "asa")
    except yaml.YAMLError as exc:
        raise ValueError("the DOCUMENTATION of the module is not YAML: %s" % str(exc).replace("\n", " ")[:200])
    try:
        result = ArgumentSpecValidator(spec_).validate(dict(params))
    except (TypeError, ValueError, AttributeError):  # Ansible's own validator fails: the task fails there
        return None
    return None if result.error_messages else result.validated_parameters


def check(which, params, seed_config, problems):
    """Run the validators; append what breaks the property to ``problems``. Raises what escapes."""
    params = as_ansible_gives(which, params)
    if params is None:
        return "refused"
    if which == "azure":
        try:
            check_options(params, names={"name": "connection"}, groups=("resource_group",),
                          subscriptions=("subscription_id",), tenants=("tenant",))
        except InvalidName:
            return "refused"
        for option in ("name", "resource_group", "subscription_id", "tenant"):
            value = params.get(option)
            if isinstance(value, str) and URL_BREAKERS.search(value):
                problems.append("azure option %s=%r accepted" % (option, value[:80]))
        return "accepted"
    if option_error(params):
        return "refused"
    try:
        plan = plan_vti(seed_config, params) if is_vti(params) else plan_present(seed_config, params)
    except IntentError:
        return "refused"
    error = command_error(plan.commands + plan.rollback)
    if error:
        problems.append("options passed the checks but a planned line did not: %s" % error[:200])
    return "accepted"
