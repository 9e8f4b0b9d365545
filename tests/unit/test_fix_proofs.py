# -*- coding: utf-8 -*-
"""Every fix the report prints, applied the way a user applies it, clears its finding and breaks nothing.

The proofs (proof.py) apply fix intents to the model. Here the printed text goes into the
vendor's own input instead - ASA CLI lines into the running-config text, Azure property changes
into the ARM export (vendor_apply.py) - and the result goes back through the real adapters and
the check. Over every scenario of test_scenarios.py (the tables are imported, not copied):

- each printed fix of a finding clears that finding (its code is gone from the tunnel at its severity
  or above; for a code the tunnel has more than once, that finding's summary) and brings no new error
  or warning (a fix proven for both ends together is applied to both);
- each tunnel's plan (``tunnel["remediation"]``: what align applies to that end) clears every
  error and warning it does not list as left to do, and brings none;
- no engine finding shows a fix its proof did not prove.

Then the three fixes issue 10 found would cause an outage, as tests of their own.
"""

import collections
import json
import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import pair_ends, run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel
from ansible_collections.vpnalign.s2s.plugins.module_utils.model_facts import ends_from_facts

from scenario_builders import asa_config, azure_resources, vti_config
from test_scenarios import ROUTE_SCENARIOS, SCENARIOS, TWO_VNET
from vendor_apply import ApplyError, apply_asa, apply_azure, applicable_asa_lines, azure_changes

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(REPO, "examples", "seed-asa-azure-pfs")
PROBLEM = ("error", "warning")
# Where align's plan for an end is listed: the end it changes -> the alignment mode.
PLAN_MODE = {"asa": "align_to_azure", "azure": "align_to_asa"}


# ---------------------------------------------------------------------------------------------
# The scenarios and their reports
# ---------------------------------------------------------------------------------------------
def _cases():
    out = [(name, asa_config(**asa), azure_resources(**azure)) for name, asa, azure, _e in SCENARIOS]
    out += [("route: " + name, vti_config(**vti), azure_resources(**dict(base, **azure)))
            for name, vti, base, azure, _e in ROUTE_SCENARIOS]
    return out


CASES = {name: (asa, azure) for name, asa, azure in _cases()}


def check(asa_text, resources):
    """The report and the (code, summary) of every finding the engine made (not the adapters)."""
    asa_facts, azure_facts = asa_facts_from_text(asa_text), azure_facts_from_data(resources)
    pairs, _l, _r = pair_ends(ends_from_facts(asa_facts),
                              ends_from_facts(azure_facts))
    engine = {(f.code, f.summary) for a, b in pairs for f in check_tunnel(a, b)}
    return run_check(asa_facts, azure_facts), engine


_REPORTS = {}


def report_of(case):
    if case not in _REPORTS:
        _REPORTS[case] = check(*CASES[case])
    return _REPORTS[case]


def tunnel_named(report, name):
    found = [t for t in report["tunnels"] if t["name"] == name]
    assert len(found) == 1, "tunnel %r is gone or doubled after the fix: %s" % (
        name, [t["name"] for t in report["tunnels"]])
    return found[0]


def problems(tunnel):
    return collections.Counter((f["code"], f["severity"]) for f in tunnel["findings"] if f["severity"] in PROBLEM)


SEVERITY = {"info": 0, "warning": 1, "error": 2}


def still_there(finding, before, after):
    """Is ``finding`` (of tunnel ``before``) still reported in tunnel ``after``?

    Its code at its severity or above (an info of the same code is another story: a weak suite
    still configured but no longer used with this peer); for a code the tunnel had more than
    once, that finding's summary."""
    code = finding["code"]
    if sum(1 for f in before["findings"] if f["code"] == code) > 1:
        return any(f["code"] == code and f["summary"] == finding["summary"] for f in after["findings"])
    return any(f["code"] == code and SEVERITY[f["severity"]] >= SEVERITY[finding["severity"]]
               for f in after["findings"])


def jointly_proven(finding):
    """Both ends' fixes were proven together only (one proof, copied to both): apply them together."""
    proofs = [p for p in (finding.get("proof") or {}).values() if p and p.get("proven")]
    return len(proofs) > 1 and len({p["reason"] for p in proofs}) == 1


def printed(remediation):
    """Whether a vendor's printed fix has anything in it at all."""
    return bool(remediation)


def keys_a_person_types(lines):
    """A fix never prints a pre-shared key: it tells a person to set it ("! ... pre-shared-key <key>",
    "keys are never shown"). The lines that person types, with the key masked as show running-config
    masks it, under each tunnel-group the fix names."""
    text = "\n".join(lines)
    if "pre-shared-key" not in text and "keys are never shown" not in text:
        return []
    out = []
    for group in dict.fromkeys(re.findall(r"tunnel-group (\S+) ipsec-attributes", text)):
        out += ["tunnel-group %s ipsec-attributes" % group, " ikev2 remote-authentication pre-shared-key *****",
                " ikev2 local-authentication pre-shared-key *****"]
    return out


def apply_fix(asa_text, resources, tunnel, vendors, remediation):
    """The vendor inputs with the printed fixes of ``vendors`` applied (and the key a person sets)."""
    for vendor in vendors:
        if vendor == "asa":
            lines = remediation["asa"]
            asa_text, _n = apply_asa(asa_text, lines + keys_a_person_types(lines))
        else:
            azure = tunnel.get("azure") or {}
            resources = apply_azure(resources, remediation["azure"], azure.get("connection"),
                                    azure.get("resource_group"))
    return asa_text, resources


def applicable(vendor, remediation):
    if vendor == "asa":
        return bool(applicable_asa_lines(remediation))
    changes, paths = azure_changes(remediation)
    return bool(changes or paths)


# ---------------------------------------------------------------------------------------------
# Every printed fix, one test each
# ---------------------------------------------------------------------------------------------
def _fixes():
    """(case, tunnel name, finding index, code, vendors, engine finding?) for every printed fix."""
    out = []
    for case in CASES:
        report, engine = report_of(case)
        for tunnel in report["tunnels"]:
            for index, finding in enumerate(tunnel["findings"]):
                vendors = [v for v in ("asa", "azure") if printed(finding["remediation"].get(v))]
                is_engine = (finding["code"], finding["summary"]) in engine
                if not is_engine:
                    # Hand-written guidance of the adapters: tried when it is something to apply.
                    vendors = [v for v in vendors if applicable(v, finding["remediation"][v])]
                groups = [tuple(vendors)] if vendors and jointly_proven(finding) else [(v,) for v in vendors]
                out += [(case, tunnel["name"], index, finding["code"], group, is_engine) for group in groups]
    return out


FIXES = _fixes()
# What a proof says of a WEAK_CRYPTO its fix lets show (proof._weak_shown)
WEAK_SHOWN = "The tunnel then negotiates a suite below the baseline, as its ends are configured (WEAK_CRYPTO)."

# Printed fixes that do not do, applied to the vendor input, what the model-level proof says.
# (case, code, vendors) -> what happens; each is a defect outside this test's files (xfail strict:
# when the defect is fixed the entry must go).
_WEAK_ASA_ALONE = (
    "proof.py: WEAK_CRYPTO is in _MULTI, so a changed summary counts as cleared. The ASA-only fix (crypto ikev2 "
    "policy 1 aes-256/sha256/group 14 and a GCM ipsec-proposal) cannot move IKE off SHA1/DH group 2, because Azure's "
    "default policy offers DH group 2 only: applied (and in the model too) the WEAK_CRYPTO warning 'negotiates IKE "
    "integrity SHA1, IKE PRF SHA1, IKE DH group 2' stays; only its list of unused weak values changed.")
_VTI_SELECTORS = (
    "proof.py: ModelEdit._traffic_selectors narrows a route-based ASA end (a VTI always offers any-to-any), so "
    "the model proof passes; the printed ASA fix is only the note '! tunnel interface Tunnel1 always offers "
    "any-to-any selectors ... use a crypto map entry instead' and the warning stays.")
_IKEV1_ON_ASA = (
    "proof.py: ModelEdit._ike_version only sets ike_versions. On the ASA, IKEv1 also needs a crypto ikev1 policy "
    "and an ikev1 transform-set on the entry, and transform-sets have no AES-GCM (the ASA fix prints '! IKEv1 "
    "transform-sets have no AES-GCM-256'): applied, the entry still offers IKEv2 only and IKE_VERSION_MISMATCH "
    "stays. The ASA alone cannot fix this; the proof says it can.")
_NEW_BGP_ADVERTISES = (
    "proof.py: ModelEdit._bgp_enabled makes Bgp() with advertised=None (not decidable), so the model does not see "
    "that the new 'router bgp 65010' advertises nothing; applied, the check reports BGP_ROUTES_NOT_EXCHANGED "
    "(error). The bgp_advertise follow-up ('network 10.1.0.0 mask 255.255.0.0') is never pulled in.")
KNOWN_DEFECTS = {
    ("azure default policy, asa matches default", "WEAK_CRYPTO", "asa"): _WEAK_ASA_ALONE,
    ("azure default, asa pfs 14 azure rekeys first", "WEAK_CRYPTO", "asa"): _WEAK_ASA_ALONE,
    ("route: vti against azure policy selectors", "TRAFFIC_SELECTOR_MISMATCH", "asa"): _VTI_SELECTORS,
    ("azure ikev1 vs asa ikev2", "IKE_VERSION_MISMATCH", "asa"): _IKEV1_ON_ASA,
    ("route: bgp on azure only", "BGP_NOT_CONFIGURED", "asa"): _NEW_BGP_ADVERTISES,
    ("ike lifetime 86400 (info only)", "IKE_LIFETIME_MISMATCH", "azure"): (
        "compat.py/proof.py: the Azure fix (IKE SA lifetime 86400) is proven on the model, but Azure's IKE SA "
        "lifetime is fixed at 28800 s: the renderer prints only 'unsupported', and the report labels it proven."),
    ("basic sku with custom policy", "AZURE_SKU_UNSUPPORTED", "azure"): (
        "Azure adapter guidance (config finding, no proof): {'ipsecPolicies': []} puts the Basic-SKU connection on "
        "Azure's default policy, which offers IKE DH group 2 only; the ASA's ikev2 policy has group 14, so the "
        "tunnel stops with IKE_NO_COMMON_PROPOSAL."),
}


def _fix_id(fix):
    case, _t, index, code, vendors, is_engine = fix
    return "%s|%s#%d|%s%s" % (case, code, index, "+".join(vendors), "" if is_engine else "|config")


def _params():
    out = []
    for fix in FIXES:
        case, _t, _i, code, vendors, _e = fix
        reason = KNOWN_DEFECTS.get((case, code, "+".join(vendors)))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(fix, id=_fix_id(fix), marks=marks))
    return out


@pytest.mark.parametrize("fix", _params())
def test_printed_fix_applied_to_the_vendor_input_clears_its_finding(fix):
    case, tunnel_name, index, code, vendors, is_engine = fix
    report, _engine = report_of(case)
    before = tunnel_named(report, tunnel_name)
    finding = before["findings"][index]
    remediation = finding["remediation"]
    if is_engine:
        for vendor in vendors:
            proof = (finding.get("proof") or {}).get(vendor)
            assert proof and proof["proven"], "%s shows a %s fix its proof did not prove: %s" % (code, vendor, proof)
    if not any(applicable(v, remediation[v]) or (v == "asa" and keys_a_person_types(remediation[v]))
               for v in vendors):
        pytest.fail("%s's %s fix prints nothing to apply: %s" % (
            code, "+".join(vendors), json.dumps([remediation[v] for v in vendors])))
    asa_text, resources = CASES[case]
    try:
        asa_text, resources = apply_fix(asa_text, resources, before, vendors, remediation)
    except ApplyError as exc:
        pytest.fail("%s's %s fix cannot be applied as printed: %s\n%s" % (
            code, "+".join(vendors), exc, json.dumps([remediation[v] for v in vendors], indent=1)))
    after_report, _e = check(asa_text, resources)
    after = tunnel_named(after_report, tunnel_name)
    new = problems(after) - problems(before)
    if is_engine and all(WEAK_SHOWN in ((finding.get("proof") or {}).get(v) or {}).get("reason", "") for v in vendors):
        # the proof says the tunnel then negotiates a weak suite its ends already have (proof._weak_shown): a weakness
        # the fix did not bring, which keeps its own WEAK_CRYPTO finding (review I, finding 6)
        new = collections.Counter({k: n for k, n in new.items() if k[0] != "WEAK_CRYPTO"})
    assert not still_there(finding, before, after), "%s is still reported after applying the %s fix %s: %s" % (
        code, "+".join(vendors), json.dumps([remediation[v] for v in vendors]),
        [(f["severity"], f["code"], f["summary"]) for f in after["findings"] if f["code"] == code])
    assert not new, "applying the %s fix for %s brings %s: %s" % (
        "+".join(vendors), code, dict(new),
        [(f["code"], f["summary"]) for f in after["findings"] if (f["code"], f["severity"]) in new])


def test_no_fix_is_shown_unproven():
    """Over the whole table: a fix shown on an engine finding always comes with its proof, proven."""
    unproven, shown = [], 0
    for case in CASES:
        report, engine = report_of(case)
        for tunnel in report["tunnels"]:
            for finding in tunnel["findings"]:
                if (finding["code"], finding["summary"]) not in engine:
                    continue
                for vendor, remediation in finding["remediation"].items():
                    if not printed(remediation):
                        continue
                    shown += 1
                    proof = (finding.get("proof") or {}).get(vendor)
                    if not (proof and proof.get("proven")):
                        unproven.append((case, finding["code"], vendor, proof))
    assert unproven == [], unproven
    # The table really exercises the proofs: fixes are shown on both vendors, and a config
    # finding (adapter guidance) is not counted as an engine finding.
    assert shown >= 60, shown
    assert {v for f in FIXES for v in f[4]} == {"asa", "azure"}


# ---------------------------------------------------------------------------------------------
# The per-tunnel plan (what align applies to each end)
# ---------------------------------------------------------------------------------------------
def _plans():
    out = []
    for case in CASES:
        report, _engine = report_of(case)
        for tunnel in report["tunnels"]:
            for vendor, remediation in sorted((tunnel.get("remediation") or {}).items()):
                if printed(remediation):
                    out.append(pytest.param(case, tunnel["name"], vendor, id="%s|%s" % (case, vendor),
                                            marks=_plan_marks(case, vendor)))
    return out


_PLAN_SKIPS_WEAK = (
    "proof.py TunnelPlan.build: after the plan's PFS fix the WEAK_CRYPTO summary changes, and _still_there (summary "
    "match for _MULTI codes) calls it fixed: the plan neither fixes WEAK_CRYPTO (still a warning on Azure's "
    "default policy, DH group 2) nor lists it as left to do.")
KNOWN_PLAN_DEFECTS = {
    ("azure default policy, asa matches default", "asa"): _WEAK_ASA_ALONE,
    ("azure default, asa pfs 14 azure rekeys first", "asa"): _WEAK_ASA_ALONE,
    ("azure ikev1 vs asa ikev2", "asa"): _IKEV1_ON_ASA,
    ("route: vti against azure policy selectors", "asa"): _VTI_SELECTORS,
}


def _plan_marks(case, vendor):
    reason = KNOWN_PLAN_DEFECTS.get((case, vendor))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def left_to_do(tunnel, vendor):
    """The codes align lists as left to do when it changes ``vendor``'s end."""
    alignment = (tunnel.get("alignment") or {}).get(PLAN_MODE[vendor]) or {}
    return {step.get("kind") for step in alignment.get("manual") or []}


PLANS = _plans()


@pytest.mark.parametrize("case,tunnel_name,vendor", PLANS)
def test_tunnel_plan_applied_to_the_vendor_input(case, tunnel_name, vendor):
    report, engine = report_of(case)
    before = tunnel_named(report, tunnel_name)
    remediation = before["remediation"][vendor]
    if not (applicable(vendor, remediation) or (vendor == "asa" and keys_a_person_types(remediation))):
        pytest.fail("the %s plan prints nothing to apply: %s" % (vendor, remediation))
    asa_text, resources = CASES[case]
    try:
        asa_text, resources = apply_fix(asa_text, resources, before, (vendor,), before["remediation"])
    except ApplyError as exc:
        pytest.fail("the %s plan cannot be applied as printed: %s\n%s" % (vendor, exc, json.dumps(remediation)))
    after_report, _e = check(asa_text, resources)
    after = tunnel_named(after_report, tunnel_name)
    left = left_to_do(before, vendor)
    kept = [f["code"] for f in before["findings"] if f["severity"] in PROBLEM and f["code"] not in left
            and (f["code"], f["summary"]) in engine and still_there(f, before, after)]
    new = problems(after) - problems(before)
    assert not kept, "the %s plan %s leaves %s (not listed as left to do: %s)" % (
        vendor, json.dumps(remediation), kept, sorted(left))
    assert not new, "the %s plan brings %s: %s" % (
        vendor, dict(new), [(f["code"], f["summary"]) for f in after["findings"] if (f["code"], f["severity"]) in new])


def test_plans_are_tried():
    assert len(PLANS) >= 40, len(PLANS)
    assert {p.values[2] for p in PLANS} == {"asa", "azure"}


# ---------------------------------------------------------------------------------------------
# The three fixes issue 10 found would cause an outage (each failed on f0b0a35, before proofs)
# ---------------------------------------------------------------------------------------------
def printed_fixes(report, vendor):
    """Every fix for ``vendor`` the report prints: per finding, and each tunnel's plan."""
    out = []
    for tunnel in report["tunnels"]:
        out += [(tunnel, f["code"], f["remediation"][vendor]) for f in tunnel["findings"]
                if printed(f["remediation"].get(vendor))]
        plan = (tunnel.get("remediation") or {}).get(vendor)
        if printed(plan):
            out.append((tunnel, "plan", plan))
    return out


def together(tunnel, code):
    """The ASA lines that must go in with an Azure fix proven for both ends together."""
    for finding in tunnel["findings"]:
        if finding["code"] == code and jointly_proven(finding):
            return finding["remediation"].get("asa") or []
    return []


def asa_end(asa_text):
    [end] = ends_from_facts(asa_facts_from_text(asa_text))
    return end


def lifetimes(end):
    unlimited = float("inf")
    return {"child seconds": end.child_lifetime.seconds or unlimited,
            "child kilobytes": end.child_lifetime.kilobytes or unlimited,
            "ike seconds": end.ike_lifetime.seconds or unlimited}


def asa_options(alignment):
    """The options align would send to the ASA, in every mode."""
    if isinstance(alignment, dict):
        if alignment.get("side") == "asa" and isinstance(alignment.get("options"), dict):
            yield alignment["options"]
        for value in alignment.values():
            yield from asa_options(value)


def seed():
    with open(os.path.join(SEED, "asa_running_config.txt")) as handle:
        asa_text = handle.read()
    with open(os.path.join(SEED, "azure_resources.json")) as handle:
        resources = json.load(handle)
    return asa_text, resources


def test_outage_a_seed_never_lowers_an_asa_lifetime_and_gets_set_pfs_group19():
    asa_text, resources = seed()
    report, _engine = check(asa_text, resources)
    [tunnel] = report["tunnels"]
    before = lifetimes(asa_end(asa_text))
    fixes = printed_fixes(report, "asa")
    assert fixes, "the seed prints no ASA fix at all"
    for _t, code, lines in fixes:
        assert not [line for line in lines if "lifetime kilobytes 2048" in line], (code, lines)
        after = lifetimes(asa_end(apply_asa(asa_text, lines)[0]))
        lowered = {k: (before[k], after[k]) for k in before if after[k] < before[k]}
        assert not lowered, "the ASA fix for %s lowers the ASA's %s: %s" % (code, lowered, lines)
    for options in asa_options(tunnel.get("alignment")):  # what align sends to the ASA
        for key, what in (("child_lifetime_kilobytes", "child kilobytes"), ("child_lifetime_seconds", "child seconds")):
            value = options.get(key)
            if value is not None and value != "unlimited":
                assert int(value) >= before[what], "align would send %s %s to the ASA" % (key, value)
    [pfs] = [f for f in tunnel["findings"] if f["code"] == "PFS_MISMATCH"]
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in pfs["remediation"].get("asa", [])
    assert "crypto map CRYPTO-MAP 2 set pfs group19" in (tunnel.get("remediation") or {}).get("asa", []), \
        "what align applies to the ASA"
    # The data-lifetime problem is Azure's 2048 KB: an Azure fix, if any, raises it.
    for _t, code, remediation in printed_fixes(report, "azure"):
        fixed = apply_azure(resources, remediation, tunnel["azure"]["connection"], tunnel["azure"]["resource_group"])
        [connection] = [r for r in fixed if r["type"] == "Microsoft.Network/connections"]
        for policy in connection["properties"].get("ipsecPolicies") or []:
            assert policy["saDataSizeKilobytes"] >= 2048, (code, policy)


# Azure's any-to-any selectors, and the prefixes that amount to them.
ANY_TO_ANY = [
    ("custom traffic selector policies 0.0.0.0/0 <-> 0.0.0.0/0",
     dict(ts_policies=[{"localAddressRanges": ["0.0.0.0/0"], "remoteAddressRanges": ["0.0.0.0/0"]}])),
    ("local network gateway 0.0.0.0/0", dict(lng_prefixes=("0.0.0.0/0",))),
    ("virtual network 0.0.0.0/0", dict(vnet_prefixes=("0.0.0.0/0",))),
    ("route-based connection without policy selectors", dict(use_policy_ts=False)),
]


@pytest.mark.parametrize("selector_changes", [a for _n, a in ANY_TO_ANY], ids=[n for n, _a in ANY_TO_ANY])
def test_outage_b_no_any_to_any_crypto_acl_and_azure_takes_policy_selectors(selector_changes):
    asa_text, resources = asa_config(), azure_resources(**selector_changes)
    report, _engine = check(asa_text, resources)
    [tunnel] = report["tunnels"]
    [finding] = [f for f in tunnel["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    for _t, code, lines in printed_fixes(report, "asa"):
        acl = [line for line in lines if line.lstrip().startswith("access-list")]
        assert not [line for line in acl if "any4" in line.split() or "any" in line.split()
                    or "0.0.0.0 0.0.0.0" in line], "the ASA fix for %s widens the crypto ACL: %s" % (code, acl)
        wide = [(t.local, t.remote) for t in asa_end(apply_asa(asa_text, lines)[0]).traffic_selectors or []
                if t.local.endswith("/0") or t.remote.endswith("/0")]
        assert not wide, "applied, the ASA fix for %s makes the crypto ACL permit %s" % (code, wide)
    azure_fix = finding["remediation"].get("azure")
    assert azure_fix, "no Azure fix for %s" % finding["summary"]
    fixed = apply_azure(resources, azure_fix, tunnel["azure"]["connection"], tunnel["azure"]["resource_group"])
    [connection] = [r for r in fixed if r["type"] == "Microsoft.Network/connections"]
    assert connection["properties"]["usePolicyBasedTrafficSelectors"] is True
    after = tunnel_named(check(asa_text, fixed)[0], tunnel["name"])
    assert not still_there(finding, tunnel, after)
    assert not problems(after) - problems(tunnel)


# The ASA agrees with Azure's default policy on its second IKE offer (AES256/SHA256, not the first,
# AES256/SHA1) and ESP AES256/SHA256, and asks for PFS 14 that Azure's default never starts a rekey with.
ASA_ON_A_LATER_DEFAULT_OFFER = dict(ike_enc="aes-256", ike_integ="sha256", ike_prf="sha256", ike_group="2",
                                    esp_enc="aes-256", esp_integ="sha-256", global_seconds="28800",
                                    pfs="crypto map AZ-MAP 10 set pfs group14")
DEFAULT_POLICY_CASES = [("asa on a later default offer", asa_config(**ASA_ON_A_LATER_DEFAULT_OFFER),
                         azure_resources(policy=None))]
DEFAULT_POLICY_CASES += [(name, asa, azure) for name, asa, azure in _cases()
                         if not (json.loads(json.dumps(azure))[0]["properties"]["ipsecPolicies"])]


@pytest.mark.parametrize("asa_text,resources", [(a, z) for _n, a, z in DEFAULT_POLICY_CASES],
                         ids=[n for n, _a, _z in DEFAULT_POLICY_CASES])
def test_outage_c_an_azure_policy_on_the_default_policy_keeps_the_suite_the_ends_agree_on(asa_text, resources):
    report, _engine = check(asa_text, resources)
    policies = 0
    for tunnel, code, remediation in printed_fixes(report, "azure"):
        fixed = apply_azure(resources, remediation, tunnel["azure"]["connection"], tunnel["azure"]["resource_group"])
        [connection] = [r for r in fixed if r["type"] == "Microsoft.Network/connections"]
        if not connection["properties"].get("ipsecPolicies"):
            continue
        policies += 1
        both = apply_asa(asa_text, together(tunnel, code))[0]
        after = tunnel_named(check(both, fixed)[0], tunnel["name"])
        broken = [(f["code"], f["summary"]) for f in after["findings"]
                  if f["code"] in ("IKE_NO_COMMON_PROPOSAL", "CHILD_NO_COMMON_PROPOSAL")
                  and not any(g["code"] == f["code"] for g in tunnel["findings"])]
        assert not broken, "the Azure fix for %s (%s), applied, breaks the tunnel: %s" % (
            code, connection["properties"]["ipsecPolicies"], broken)
    if asa_text == DEFAULT_POLICY_CASES[0][1]:
        assert policies, "the PFS mismatch on Azure's default policy prints no Azure policy"


def test_azure_is_not_moved_from_gcm_to_an_asa_cbc_suite_of_the_same_score():
    # not SHA512 (Azure has none) nor group 21; AES-256/SHA384/ECP384 scores as GCM-256/ECP384 (192, 256) but takes
    # Azure from AEAD to CBC: a fix never lowers a part of a suite (review D, finding 2)
    report, _engine = report_of("all-SHA-2 asa ike policy against azure gcm ike")
    assert [fix for fix in printed_fixes(report, "azure") if fix[1] != "plan"] == []
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "IKE_NO_COMMON_PROPOSAL"]
    assert finding["proof"]["azure"]["proven"] is False
    assert "a fix never weakens an end" in finding["proof"]["azure"]["reason"]
    # the ASA, which keeps its policies, adds Azure's suite: no part of it is below its own AES-256/SHA384/group 20
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    assert " encryption aes-gcm-256" in finding["remediation"]["asa"] and " group 20" in finding["remediation"]["asa"]


def test_a_network_its_outbound_prefix_list_drops_is_permitted_there_not_added_again():
    report, _engine = report_of("route: bgp asa export filter drops the lan")
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "BGP_ROUTES_NOT_EXCHANGED"]
    assert "originates 10.1.0.0/16 over BGP, but its outbound filter" in finding["summary"], finding["summary"]
    assert finding["proof"]["asa"]["proven"] is True, finding["proof"]
    assert finding["remediation"]["asa"] == ["prefix-list TO-AZURE seq 4 permit 10.1.0.0/16"]
    assert [r["prefix"] for r in finding["evidence"]["asa"]["export_filter"]] == ["10.41.0.0/16", "0.0.0.0/0"]


def test_an_azure_selector_fix_that_leaves_a_vnet_prefix_out_is_not_shown():
    # review 2026-12-05: narrowing Azure to the ASA's ACL cut a peered spoke off without a word; then it said so in a
    # note; a fix never takes a network an end reaches out of its tunnel: the ASA, which lacks it, is the end to change
    report, _engine = report_of("acl misses a vnet prefix")
    [finding] = [f for t in report["tunnels"] for f in t["findings"] if f["code"] == "TRAFFIC_SELECTOR_MISMATCH"]
    [vnet_prefix] = [p for p in TWO_VNET if p != "172.16.0.0/16"]
    assert "azure" not in finding["remediation"]
    assert finding["proof"]["azure"]["reason"].startswith("not shown: it would take %s, which " % vnet_prefix)
    assert finding["proof"]["asa"]["proven"] is True


# ---------------------------------------------------------------------------------------------
# vendor_apply itself: applied the way the ASA and Azure take a change
# ---------------------------------------------------------------------------------------------
def test_asa_lines_replace_settings_remove_with_no_and_merge_into_sections():
    text = asa_config(pfs="crypto map AZ-MAP 10 set pfs group14", nat="nat (LAN,INTERNET) after-auto source static "
                      "HQ-LAN HQ-LAN destination static AZ-LAN AZ-LAN")
    new, count = apply_asa(text, [
        "crypto map AZ-MAP 10 set pfs group19",
        "crypto map AZ-MAP 10 set security-association lifetime kilobytes 4608000",
        "no access-list AZ-ACL extended permit ip object HQ-LAN object AZ-LAN",
        "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0",
        "crypto ikev2 policy 10", " encryption aes-gcm-256", " integrity null",
        "nat (LAN,INTERNET) 1 source static A A destination static B B",
        "! a note for a person",
    ])
    lines = new.splitlines()
    assert count == 8
    assert [line for line in lines if " set pfs" in line] == ["crypto map AZ-MAP 10 set pfs group19"]
    assert "crypto map AZ-MAP 10 set security-association lifetime kilobytes 4608000" in lines
    assert [line for line in lines if line.startswith("access-list AZ-ACL")] == [
        "access-list AZ-ACL extended permit ip 10.0.0.0 255.0.0.0 172.16.0.0 255.255.0.0"]
    policy = lines.index("crypto ikev2 policy 10")
    assert lines[policy + 1:policy + 6] == [" encryption aes-gcm-256", " integrity null", " group 14", " prf sha256",
                                            " lifetime seconds 28800"]
    nats = [line for line in lines if line.startswith("nat (")]
    assert nats[0] == "nat (LAN,INTERNET) source static A A destination static B B", "line 1 of the manual NAT rules"
    assert asa_end(new).pfs_group == 19


def test_asa_lines_the_asa_would_refuse_raise():
    with pytest.raises(ApplyError):
        apply_asa(asa_config(), ["no crypto map AZ-MAP 10 set pfs"])
    with pytest.raises(ApplyError):
        apply_asa(asa_config(), [" encryption aes-256"])


def test_azure_properties_go_to_their_own_resource():
    resources = azure_resources()
    fixed = apply_azure(resources, {
        "connection": {"name": "S2S", "resource_group": "RG", "properties": {"dpdTimeoutSeconds": 30}},
        "local_network_gateway": {"name": "LNG", "resource_group": "RG",
                                  "properties": {"localNetworkAddressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}},
        "az": ["az ..."], "powershell": ["Set-..."]})
    by_type = {r["type"].split("/")[-1]: r["properties"] for r in fixed}
    assert by_type["connections"]["dpdTimeoutSeconds"] == 30
    assert by_type["localNetworkGateways"]["localNetworkAddressSpace"]["addressPrefixes"] == ["10.1.0.0/16"]
    assert by_type["localNetworkGateways"]["gatewayIpAddress"] == "198.51.100.10", "other properties stay"
    assert resources[0]["properties"]["dpdTimeoutSeconds"] == 45, "the input is not changed"
    paths = apply_azure(resources, {"ipsecPolicies[0].pfsGroup": "PFS2048"}, "S2S", "RG")
    assert paths[0]["properties"]["ipsecPolicies"][0]["pfsGroup"] == "PFS2048"
    with pytest.raises(ApplyError):
        apply_azure(resources, {"unsupported": "Azure cannot"})
    with pytest.raises(ApplyError):
        apply_azure(resources, {"connection": {"name": "Other", "resource_group": "RG", "properties": {}}})
