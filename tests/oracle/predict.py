# -*- coding: utf-8 -*-
# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the engine predicts for one scenario, per phase and direction.

Per direction (initiator I, responder R) the prediction uses the engine's own
matching functions, exactly as check_tunnel does:
  ike_init / ike_rekey   select_ike(I.ike_proposals, R.responder_ike())
  child_init             select_child(I.child_proposals, R.responder_child(), with_ke=False),
                         then the selector verdict check_tunnel reports
                         (TRAFFIC_SELECTOR_MISMATCH evidence: accepted / narrowed / refused)
  child_rekey            select_child(I.child_proposals, R.responder_child(), with_ke=True)
Per tunnel the prediction is read from check_tunnel's findings alone (what a
user sees): IKE_NO_COMMON_PROPOSAL (ike_init: both ways, ike_rekey: one way),
CHILD_NO_COMMON_PROPOSAL, TRAFFIC_SELECTOR_MISMATCH, PFS_MISMATCH, and for
automatic rekeys CHILD_LIFETIME_MISMATCH / IKE_LIFETIME_MISMATCH (who rekeys first).
Route-based and BGP phases, also from findings alone: traffic flows unless the
Child SA fails, ROUTE_MISSING or a BGP_* error is reported; the BGP session is
established unless the tunnel fails or a BGP_* error is reported
(BGP_ROUTES_NOT_EXCHANGED only when it is about a neighbor that is not
activated); routes are exchanged unless BGP_ROUTES_NOT_EXCHANGED is reported;
the session survives automatic rekeys when it is established and the Child SA
rekeys (no PFS_MISMATCH / CHILD_NO_COMMON_PROPOSAL at child_rekey).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.engine import check_tunnel, select_child, select_ike
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.bgp import SESSION_BREAKERS

# "unrouted": the responder takes the offer as offered (the Child SA comes up) but does not route replies back
VERDICT = {"accepted": "ok", "narrowed": "narrowed", "refused": "fail", "unrouted": "ok"}
WORST = {"ok": 0, "narrowed": 1, "fail": 2}


def worst(values):
    values = [v for v in values if v in WORST]
    return max(values, key=WORST.get) if values else None


def _ts_verdicts(findings, init, init_label):
    """Selector verdict per selector of ``init`` as check_tunnel reports it."""
    problems = []
    for f in findings:
        if f.code == "TRAFFIC_SELECTOR_MISMATCH":
            for values in f.evidence.values():
                problems += values.get("problems", []) if isinstance(values, dict) else []
    out = []
    for ts in init.traffic_selectors or []:
        verdict = "accepted"
        for p in problems:
            if p["initiator"] == init_label and p["local"] == ts.local and p["remote"] == ts.remote:
                verdict = p["verdict"]
        out.append(VERDICT[verdict])
    return out


def _verdicts(finding):
    return {p["verdict"] for values in finding.evidence.values() if isinstance(values, dict)
            for p in values.get("problems", [])}


class Prediction(object):
    def __init__(self, scenario):
        a, b = scenario.a, scenario.b
        self.findings = check_tunnel(a, b, baseline={"weak_encryption": [], "weak_integrity": [], "weak_dh_groups": []})
        self.codes = sorted({"%s/%s" % (f.code, f.phase) for f in self.findings
                             if f.severity in ("error", "warning")})
        ends = {"A": a, "B": b}
        self.direction = {}
        for i_name, r_name in (("A", "B"), ("B", "A")):
            i, r = ends[i_name], ends[r_name]
            ike = select_ike(i.ike_proposals, r.responder_ike())
            suite = select_child(i.child_proposals, r.responder_child(), False)
            ke = select_child(i.child_proposals, r.responder_child(), True)
            ts = _ts_verdicts(self.findings, i, i.vendor)
            # Pairs after the first are CREATE_CHILD_SA exchanges: they carry I's KE.
            child = ["fail" if suite is None or (n > 0 and ke is None) else v for n, v in enumerate(ts)]
            self.direction[i_name + "->" + r_name] = {
                "ike": "ok" if ike else "fail",
                "ike_combo": ike,
                "child_init": child[0] if child else None,
                "child_extra": child[1:],
                "child_rekey": "ok" if ke else "fail",
                "ke_combo": ke,
            }

    def find(self, code, phase=None):
        return [f for f in self.findings if f.code == code and (phase is None or f.phase == phase)]

    # -- tunnel level, from findings only -----------------------------------------
    def tunnel_ike(self):
        if self.find("IKE_NO_COMMON_PROPOSAL", "ike_init"):
            return "fail"
        if self.find("IKE_NO_COMMON_PROPOSAL", "ike_rekey"):
            return "one-way"
        return "ok"

    def tunnel_child_init(self):
        if self.find("CHILD_NO_COMMON_PROPOSAL", "child_init") or self.find("PFS_MISMATCH", "child_init"):
            return "fail"
        ts = self.find("TRAFFIC_SELECTOR_MISMATCH")
        if any(f.severity == "error" for f in ts):
            return "fail"
        if any(_verdicts(f) - {"unrouted"} for f in ts):
            return "narrowed"
        return "ok"  # selectors taken as offered; what is routed back is no IKE outcome

    def tunnel_child_rekey(self):
        # A PFS mismatch fails rekeys whatever phase it is reported in (child_init when it bites earlier).
        if self.find("PFS_MISMATCH") or self.find("CHILD_NO_COMMON_PROPOSAL", "child_rekey"):
            return "fail"
        return "ok"

    # -- route-based and BGP phases, from findings only ------------------------------
    def _errors(self, prefix):
        return [f for f in self.findings if f.code.startswith(prefix) and f.severity == "error"]

    def session_breakers(self):
        """SESSION_BREAKERS at any severity, and BGP_* errors, keep the session from forming.  BGP_ROUTES_NOT_EXCHANGED is about
        routes, except when its evidence shows a neighbor activated for no address family:
        then there is nothing to open a session for (FRR: "No AFI/SAFI activated for peer")."""
        out = []
        for f in self.findings:
            if f.code in SESSION_BREAKERS:
                out.append(f.code)  # a warning when static routes carry the traffic: still no session
                continue
            if not f.code.startswith("BGP_") or f.severity != "error":
                continue
            if f.code == "BGP_ROUTES_NOT_EXCHANGED" and all(
                    not isinstance(ev, dict) or ev.get("activated", True) for ev in f.evidence.values()):
                continue
            out.append(f.code)
        return out

    def route_phase(self, phase, direction):
        """Prediction for a phase observed in the run brought up ``direction`` (I->R); these
        phases are observed only once that run's Child SA is up."""
        child_up = self.direction[direction]["child_init"] not in (None, "fail")
        established = child_up and not self.session_breakers()
        if phase == "traffic":
            # With BGP a BGP_* error means a lost route (engine/bgp.py: warnings when static routes carry).
            lost = self.find("ROUTE_MISSING") or self._errors("BGP_")
            return "ok" if child_up and not lost else "fail"
        if phase == "bgp_session":
            return "established" if established else "not established"
        if phase == "bgp_routes":
            return "not exchanged" if self.find("BGP_ROUTES_NOT_EXCHANGED") else "exchanged"
        if phase == "bgp_after_rekey":
            return "established" if established and self.tunnel_child_rekey() == "ok" else "down"
        raise ValueError("unknown phase %r" % phase)

    def auto_first(self, code, a, b):
        """The end that starts the automatic rekey, read from the lifetime finding's evidence
        (CHILD_LIFETIME_MISMATCH / IKE_LIFETIME_MISMATCH: seconds; CHILD_DATA_LIMIT_MISMATCH:
        kilobytes, none = no limit)."""
        found = self.find(code)
        if not found:
            return None
        ev = found[0].evidence
        key = "kilobytes" if code == "CHILD_DATA_LIMIT_MISMATCH" else "seconds"
        limits = {v: ev[e.vendor][key] for v, e in (("A", a), ("B", b))}
        return min(limits, key=lambda v: float("inf") if limits[v] is None else limits[v])
