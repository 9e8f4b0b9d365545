# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""align_to intent, proven per tunnel before anything is pushed ("first, do no harm").

The role pushes the ASA first and Azure after it, and nothing rolls the ASA back when Azure then refuses: so
every tunnel's intent is proven in the plan step, and a tunnel that fails is refused on both ends.

- ``weak_intent_error`` and ``intent_error``: an intent no tunnel may take as given (below the baseline, AES-GCM
  with an integrity hash, a network of any): the run stops.
- ``azure_refusal``: what azure_vpn_connection itself would refuse before its PUT (connection_state's
  ``desired_properties`` and ``complete_policy``), said as the value and Azure's limit.
- ``tunnel_refusals``: per paired tunnel (compat.run_check calls it with the tunnel's ``Prover``): the Azure
  gateway or connection takes no custom policy, Azure refuses the values, or the intent (its crypto, and the crypto
  ACL it gives a crypto map end) applied to both model ends brings a new error or warning (``Prover.new_if_applied``).

Plain Python, no Ansible import.
"""

import ipaddress

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_asa import own_proposal
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables as asa_tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.remediation import esp_content
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    RANGES,
    IntentError,
    complete_policy,
    desired_properties,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import DEFAULT_BASELINE, DISPLAY
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.strength import weak_parts
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import first_of

# The intent keys that make Azure's one IPsec/IKE policy (connection_state.POLICY_OPTIONS with ike and esp).
CRYPTO_KEYS = ("ike", "esp", "pfs_group", "child_lifetime_seconds", "child_lifetime_kilobytes")
# Azure has no IKE lifetime or policy priority setting: these intent keys go to the ASA only.
AZURE_IKE_DROPPED = ("lifetime_seconds", "priority")
_NOT_SENT = "; nothing was sent"
# How a job of a tunnel the intent is refused for says why it does not run (align_role.jobs).
INTENT_REFUSED = "intent refused for this tunnel"


def _gcm(values):
    return [v for v in values or () if str(v).upper().startswith("AES-GCM")]


def intent_error(intent):
    """Why no tunnel can take ``intent``, or None. Reference rule ``gcm_pairing``: AES-GCM is an AEAD cipher; Azure
    stores its GCMAES value as the integrity and the ASA equivalent is ``protocol esp integrity null``, so an
    integrity beside it makes the two ends state different suites (review D4: the ASA proposal got sha-256 and the
    tunnel AEAD_WITH_INTEGRITY)."""
    problems = []
    for part in ("esp", "ike"):
        suite = (intent or {}).get(part) or {}
        gcm = _gcm(suite.get("encryption"))
        if gcm and suite.get("integrity"):
            problems.append("%s encryption %s with integrity %s (AES-GCM carries its own integrity: give "
                            "integrity: [] so the ASA gets integrity null; reference rule gcm_pairing)"
                            % (part, ", ".join(gcm), ", ".join(str(v) for v in suite["integrity"])))
    if problems:
        return "align_intent pairs %s; nothing was changed" % "; ".join(problems)
    return any_network_error(intent, "align_intent")


# Where an intent (or align_asa_entry / align_azure_connection) names networks that become a crypto ACL, a NAT
# exemption or Azure's traffic selectors.
_NETWORK_KEYS = ("local_networks", "remote_networks")
_SELECTOR_KEYS = ("local_address_ranges", "remote_address_ranges")


def _is_any(value):
    """Whether ``value`` names every address: the ASA's any, or a network of prefix length 0 however the modules
    would read it (ipaddress: 0.0.0.0/0, 0.0.0.0/0.0.0.0, ::/00, 10.0.0.0/0 non-strict; review 2026-12-06: only "/0"
    written so was caught, and 0.0.0.0/0.0.0.0 became any4)."""
    text = str(value).strip().lower()
    if text in ("any", "any4", "any6"):
        return True
    address, _slash, mask = text.partition("/")
    if not mask:
        return False
    mask = mask.strip()
    if mask.isdigit():
        return int(mask) == 0
    try:
        return ipaddress.ip_network("%s/%s" % (address.strip(), mask), strict=False).prefixlen == 0
    except ValueError:
        return False


def any_network_error(values, where):
    """Why the networks in ``values`` (intent keys) must not be pushed, or None: one of them is every address.
    Project rule: never widen a crypto ACL to any. A crypto ACL of any sends all traffic leaving the interface, the
    IKE packets to the peer among it, into the tunnel (review 2026-12-06: align_to intent pushed
    'permit ip any4 any4' and passed on the re-check's warnings)."""
    found = []
    values = values or {}
    for holder, label in ((values, ""), (values.get("nat_exemption") or {}, "nat_exemption.")):
        if isinstance(holder, dict):
            found += ["%s%s %s" % (label, key, value) for key in _NETWORK_KEYS for value in holder.get(key) or ()
                      if _is_any(value)]
    for index, policy in enumerate(values.get("traffic_selector_policies") or ()):
        if isinstance(policy, dict):
            found += ["traffic_selector_policies[%d].%s %s" % (index, key, value) for key in _SELECTOR_KEYS
                      for value in policy.get(key) or () if _is_any(value)]
    if not found:
        return None
    return ("%s names every address (%s): a crypto ACL or traffic selector of any sends all traffic, IKE to the "
            "peer among it, into the tunnel, and align never widens one to any; name the networks behind each end; "
            "nothing was changed" % (where, ", ".join(found)))


def _group(value):
    """A DH group as a number: "2" from -e, an INI inventory or quoted YAML is group 2 (the push takes it so; review
    2026-12-04: a string passed the baseline)."""
    text = str(value).strip().lower()
    if text.startswith("group"):
        text = text[len("group"):]
    return int(text) if text.isdigit() else value


def weak_intent_error(intent, baseline=None):
    """Why align_intent must not be pushed, or None: it names an algorithm or DH group the check's baseline calls weak
    (engine/base.py DEFAULT_BASELINE, or the run's), which align_to intent would write into every tunnel (review
    2026-12-04: no mode may weaken crypto, and intent was not judged at all)."""
    rules = dict(DEFAULT_BASELINE, **{k: v for k, v in (baseline or {}).items() if v is not None})
    rules["weak_dh_groups"] = [_group(g) for g in rules["weak_dh_groups"]]
    intent = intent or {}
    weak = []
    for part in ("ike", "esp"):
        suite = intent.get(part) or {}
        weak += ["%s %s" % (part, value) for value in weak_parts(
            rules, suite.get("encryption") or (), list(suite.get("integrity") or ()) + list(suite.get("prf") or ()),
            [_group(g) for g in suite.get("dh_groups") or ()])]
    if intent.get("pfs_group"):
        weak += ["pfs_group %s" % g for g in weak_parts(rules, dh_groups=[_group(intent["pfs_group"])])]
    if not weak:
        return None
    return ("align_intent asks for %s, which the baseline calls weak: align_to intent would write it into every "
            "checked tunnel; nothing was changed" % ", ".join(weak))


def azure_params(intent):
    """The intent as azure_vpn_connection takes it (Azure has no IKE lifetime or priority)."""
    params = {k: v for k, v in (intent or {}).items() if k in CRYPTO_KEYS}
    if params.get("ike"):
        params["ike"] = {k: v for k, v in params["ike"].items() if k not in AZURE_IKE_DROPPED}
    return params


def _int(value):
    """``value`` as azure_vpn_connection's argument spec (type int) takes it: "14" from -e or an INI inventory is 14."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def as_module_takes(params):
    """``params`` with the numbers azure_vpn_connection's argument spec converts converted, so that what is refused
    here is what the module refuses (no more)."""
    out = dict(params)
    for option in [r[0] for r in RANGES] + ["pfs_group"]:
        if option in out:
            out[option] = _int(out[option])
    if isinstance(out.get("ike"), dict) and isinstance(out["ike"].get("dh_groups"), list):
        out["ike"] = dict(out["ike"], dh_groups=[_int(g) for g in out["ike"]["dh_groups"]])
    return out


def azure_refusal(params, current_policy=None, has_current=False):
    """Why azure_vpn_connection would refuse ``params`` before its PUT, or None: the module's own validation
    (connection_state ``desired_properties``; with ``has_current`` also ``complete_policy`` against the connection's
    ``current_policy``, None for Azure's default policy). A number outside Azure's range is said as the value and the
    limit (reference ``ranges_and_defaults``)."""
    params = as_module_takes(params)
    for option, arm, least, most in RANGES:
        value = params.get(option)
        if isinstance(value, int) and not isinstance(value, bool) and not least <= value <= most:
            return "%s %d: Azure's %s takes %d to %d (reference ranges_and_defaults)" % (
                option, value, arm, least, most)
    try:
        desired = desired_properties(params)
        policies = desired.get("ipsecPolicies")
        if has_current and policies:
            complete_policy(policies[0], current_policy)
    except IntentError as exc:
        text = str(exc)
        return "Azure refuses it: %s" % (text[:-len(_NOT_SENT)] if text.endswith(_NOT_SENT) else text)
    return None


def _custom_policy_refusal(azure_end):
    """Why the Azure end takes no custom IPsec/IKE policy, or None (reference ``sku_support``: Basic takes none,
    ``gateway_type_vs_ike``: PolicyBased is Basic/IKEv1; an IKEv1 connection would be moved off the IKE version
    both ends negotiate today, which align cannot change: connectionProtocol is immutable)."""
    ref = azure_end.ref or {}
    sku = ref.get("sku")
    if isinstance(sku, str) and sku.casefold() in {s.casefold() for s in tables.CUSTOM_POLICY_UNSUPPORTED_SKUS}:
        return ("gateway %s is SKU %s, which takes no custom IPsec/IKE policy (reference sku_support): the intent "
                "cannot be set on Azure, and the ASA alone would break the tunnel" % (ref.get("gateway"), sku))
    if ref.get("vpn_type") == tables.POLICY_BASED and not tables.POLICY_BASED_CUSTOM_POLICY:
        return ("gateway %s is PolicyBased, which takes no custom IPsec/IKE policy (reference sku_support "
                "gateway_type_vs_ike): the intent cannot be set on Azure, and the ASA alone would break the tunnel"
                % ref.get("gateway"))
    if ref.get("connection_protocol") == "IKEv1":
        return ("connection %s is IKEv1 (connectionProtocol cannot change on an existing connection): the intent's "
                "IKEv2 policy and proposals would not be what the tunnel negotiates; align it by hand"
                % ref.get("connection", azure_end.name))
    return None


def _short(text, most=160):
    text = " ".join(str(text).split())
    return text if len(text) <= most else text[:most - 3] + "..."


def _first(values):
    values = list(values or ())
    return values[0] if values else None


def model_fixes(intent, asa=True):
    """The intent as fix intents (fixes.py kinds) that ModelEdit applies to one end. ``asa``: the ASA end, which
    also takes the IKE lifetime."""
    fixes = []
    ike, esp = intent.get("ike") or {}, intent.get("esp") or {}
    if ike.get("encryption") and ike.get("dh_groups"):
        integrity = _first(ike.get("integrity"))
        fixes.append({"kind": "ike_proposal", "encryption": _first(ike["encryption"]), "integrity": integrity,
                      "prf": _first(ike.get("prf")) or integrity, "dh_group": int(_first(ike["dh_groups"]))})
    if asa and ike.get("lifetime_seconds") is not None:
        fixes.append({"kind": "ike_lifetime_seconds", "seconds": int(ike["lifetime_seconds"])})
    if esp.get("encryption"):
        fixes.append({"kind": "child_proposal", "encryption": _first(esp["encryption"]),
                      "integrity": _first(esp.get("integrity"))})
    if intent.get("pfs_group") is not None:
        fixes.append({"kind": "child_pfs", "group": int(intent["pfs_group"]) or None})
    if intent.get("child_lifetime_seconds") is not None:
        fixes.append({"kind": "child_lifetime_seconds", "seconds": int(intent["child_lifetime_seconds"])})
    if intent.get("child_lifetime_kilobytes") is not None:
        fixes.append({"kind": "child_lifetime_kilobytes", "kilobytes": int(intent["child_lifetime_kilobytes"])})
    return fixes


# The label of the IKE policy align_to intent adds, in the model (proof_others.NewPolicyProof tells it by that)
INTENT_POLICY = "align_intent ikev2 policy"


def asa_model_fixes(intent, asa_end):
    """model_fixes for the ASA end as push_intent.ike_block carries the intent's IKE out: it never edits an existing
    policy, it adds one ``crypto ikev2 policy`` with the suite and its own lifetime (the ASA's default without one) at
    ike.priority, or after every policy (asa.proposals.new_policy_priority), unless a policy of that suite (and that
    lifetime, when one is asked) is there already. The old model raised the lifetime of the existing policies, which
    the push never does (review L, finding 2: the lifetime was "proven" and the ASA kept its old one)."""
    fixes = model_fixes(intent)
    ike = (intent or {}).get("ike") or {}
    proposal = next((f for f in fixes if f["kind"] == "ike_proposal"), None)
    if proposal is None:
        return fixes
    fixes = [f for f in fixes if f["kind"] != "ike_lifetime_seconds"]
    asked = ike.get("lifetime_seconds")
    seconds = int(asked) if asked is not None else asa_tables.IKEV2_POLICY_LIFETIME_SECONDS.value
    if _policy_of_suite(asa_end, proposal, None if asked is None else seconds):
        return [f for f in fixes if f is not proposal]  # reused: nothing is added (push_intent.ike_block)
    proposal.update(label=INTENT_POLICY, lifetime_seconds=seconds)
    if ike.get("priority") is not None:
        proposal["priority"] = int(ike["priority"])
    return fixes


def _policy_of_suite(end, fix, seconds):
    """Whether ``end`` holds an IKE proposal of exactly the suite of the ``ike_proposal`` fix (and lifetime
    ``seconds`` unless None)."""
    integrity = (fix["integrity"],) if fix.get("integrity") else ()
    prf = fix.get("prf") or fix.get("integrity")
    for proposal in end.ike_proposals:
        if (set(proposal.encryption), set(proposal.integrity), set(proposal.dh_groups)) != (
                {fix["encryption"]}, set(integrity), {fix["dh_group"]}):
            continue
        if prf and set(proposal.prf) not in (set(), {prf}):
            continue
        own = proposal.lifetime_seconds if proposal.lifetime_seconds is not None else (
            end.ike_lifetime.seconds if end.ike_lifetime else None)
        if seconds is None or own == seconds:
            return True
    return False


def _selector_fixes(intent, asa_end):
    """The crypto ACL align_to intent gives a crypto map end (align.py: every local x remote pair, or the pairs
    asked for), as the fix intent the proof applies: the networks are proven with the crypto (review 2026-12-06: a
    crypto ACL that sent the IKE packets to the peer into the tunnel was pushed unproven). A VTI takes no ACL."""
    local, remote = intent.get("local_networks"), intent.get("remote_networks")
    if not local or not remote or asa_end.route_based:
        return []
    pairs = [list(pair) for pair in intent.get("selector_pairs") or ()] or [[a, b] for a in local for b in remote]
    return [{"kind": "traffic_selectors", "pairs": pairs}]


def proven_intent(intent, asa_extra):
    """What the ASA ends of align_to intent take, as the proof sees it: align_asa_entry's networks override the
    intent's (align_role.module_options), so they are proven in their place (review 2026-12-06: they went to the ASA
    unproven)."""
    if not intent:
        return intent
    merged = dict(intent)
    merged.update((key, value) for key, value in (asa_extra or {}).items()
                  if key in _NETWORK_KEYS + ("nat_exemption",))
    return merged


def tunnel_refusals(intent, prover, asa_end, azure_end):
    """[reason] why ``intent`` must not be pushed to this tunnel (empty: proven). Only the crypto part is proven
    here (the rest is the tunnel's names and options the modules check themselves); a tunnel of several crypto map
    entries takes none of it (align_role.module_options), so there is nothing to prove."""
    crypto = as_module_takes({k: v for k, v in (intent or {}).items() if k in CRYPTO_KEYS and v is not None})
    selectors = _selector_fixes(intent or {}, asa_end)
    if not (crypto or selectors) or len((asa_end.ref or {}).get("entries") or ()) > 1:
        return []
    if crypto:
        why = _custom_policy_refusal(azure_end)
        if why:
            return [why]
        ref = azure_end.ref or {}
        why = azure_refusal(azure_params(crypto), ref.get("policy"), has_current=True)
        if why:
            return [why]
    fixes = {"asa": asa_model_fixes(crypto, asa_end) + selectors,
             "azure": model_fixes(azure_params(crypto), False)}
    for end in (asa_end, azure_end):
        if end.pfs_group and any(f["kind"] == "child_pfs" and not f.get("group") for f in fixes[end.vendor]):
            # the baseline judges the groups an intent names; "no PFS" names none (review 2026-12-05: pfs_group 0
            # took PFS off both ends, while pfs_group 5 was refused as weak)
            return ["pfs_group 0 would remove PFS (group %d) from %s %s: never weaken an end; nothing is pushed to "
                    "either end" % (end.pfs_group, DISPLAY.get(end.vendor, end.vendor), end.name)]
    try:
        new = prover.new_if_applied(fixes)
        # an object this tunnel shares with a tunnel nobody read the other end of (an ipsec profile of a branch VTI):
        # asa_vpn_tunnel refuses it only at push time, after the other instance's ASA end went (review D3)
        unchecked = prover.unchecked_user(fixes)
    except (KeyError, TypeError, ValueError) as exc:
        return ["the intent could not be applied to the model of this tunnel (%s): nothing is proven" % exc]
    if unchecked:
        return ["%s: nothing is pushed to either end" % unchecked]
    # the ASA's IKE policies are global: the new one must be the one this peer negotiates, and change no other
    # tunnel's negotiation (review L, finding 2)
    placed = prover.new_policy_refusal(fixes)
    if placed:
        return [placed]
    if new:
        return ["applied to both ends' models, the intent brings %s: nothing is pushed to either end" % "; ".join(
            "%s %s (%s)" % (f.severity, f.code, _short(f.summary)) for f in new[:3])]
    return []


def own_intent_proposal(intent, asa_end):
    """(name, why not): the ipsec-proposal of its own align_to intent gives the ASA end (``asa_end``: its model) when
    the intent's ESP would rewrite one another crypto map entry or ipsec profile names too (ref
    ``shared_ipsec_proposals``), named as the report's ESP fix names it (VPNALIGN-..., as safest does: review C4, where
    asa_vpn_tunnel refused the shared proposal at push time); (None, None) when there is no such proposal, (None, why)
    when the intent's ESP takes no such name (several algorithms): the tunnel is then refused."""
    esp = (intent or {}).get("esp") or {}
    ref = asa_end.ref or {}
    shared = ref.get("shared_ipsec_proposals") or {}
    if not esp.get("encryption") or not shared or len(ref.get("entries") or ()) > 1:
        return None, None
    wanted = esp_content(esp)
    rewritten = sorted(name for name, found in shared.items() if wanted is None or found.get("content") != wanted)
    if not rewritten:
        return None, None
    name = own_proposal(esp, ref)
    if name:
        return name, None
    return None, ("ESP proposal %s is also named by %s, and the intent's ESP (several algorithms) takes no proposal of "
                  "this end's own: give the intent one ESP encryption and at most one integrity; nothing is pushed "
                  "to either end"
                  % (rewritten[0], first_of(shared[rewritten[0]]["users"], 3,
                                            total=shared[rewritten[0]].get("users_total"))))


def intent_refusals(tunnel, azure_options):
    """[reason] why neither end of ``tunnel`` (a tunnel of the check's report) may take the intent: the check's
    proof (``intent_refused``, from ``tunnel_refusals``) and azure_vpn_connection's own validation of the options
    its job would be given (review D1: it refused them only after the ASA had taken them)."""
    refused = list(tunnel.get("intent_refused") or ())
    why = azure_refusal(azure_options)
    if why and why not in refused:
        refused.append(why)
    return refused


def _connection(job, azure_key):
    options = job.get("options") or {}
    return azure_key(options.get("subscription_id"), options.get("resource_group"), options.get("name"))


def connection_ends(azure_jobs, asa_end, tunnel_of, azure_key):
    """{Azure job id: [the ASA job of every tunnel whose Azure job names the same connection]} (``azure_jobs``:
    {host: [job]}; ``asa_end``: {tunnel: ASA job}). Active-active's two instance tunnels share one connection, and
    either instance's Azure job rewrites it for both (review D3): it may go only when every ASA end went."""
    by_connection = {}
    for entries in (azure_jobs or {}).values():
        for entry in entries:
            by_connection.setdefault(_connection(entry, azure_key), []).append(entry)
    out = {}
    for entries in by_connection.values():
        ends = [asa_end.get(tunnel_of(entry["id"])) for entry in entries]
        for entry in entries:
            out[entry["id"]] = ends
    return out


def refuse_connection_mates(all_jobs, tunnel_of, azure_key):
    """A refused tunnel refuses every tunnel that shares its Azure connection (active-active's instances): the other
    instance's Azure job would rewrite the connection the refused tunnel uses (review D3). Changes ``all_jobs``."""
    by_connection = {}
    for job in all_jobs:
        if job["side"] == "azure":
            by_connection.setdefault(_connection(job, azure_key), set()).add(tunnel_of(job["id"]))
    refused = {tunnel_of(job["id"]): job for job in all_jobs if _is_refused(job)}
    for tunnels in by_connection.values():
        why = next((refused[t] for t in sorted(tunnels) if t in refused), None)
        if why is None:
            continue
        for job in all_jobs:
            if tunnel_of(job["id"]) in tunnels and not _is_refused(job):
                reason = ("the tunnel %s shares this Azure connection, and the intent is refused for it"
                          % why["tunnel"])
                job["run"], job["skipped"] = False, "%s: %s" % (INTENT_REFUSED, reason)
                job["manual"] = list(job["manual"]) + [{"kind": "intent_refused", "reason": reason}]


def _is_refused(job):
    return not job["run"] and (job.get("skipped") or "").startswith(INTENT_REFUSED)
