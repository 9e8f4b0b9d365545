# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A group-policy's ``vpn-session-timeout`` on the LAN-to-LAN tunnels it applies to.

The group-policy's timeouts apply to site-to-site sessions too: Cisco's ASA CLI configuration guide (Group Policies,
vpn-idle-timeout) gives "none" for "Site-to-Site (IKEv1, IKEv2)" sessions, and a Cisco Community knowledge-base
thread on "IPSec SA Max time exceeded" traces IPsec sessions dropped at random to an expired vpn-session-timeout
(https://community.cisco.com/t5/security-knowledge-base/the-significance-of-the-ipsec-sa-max-time-exceeded-error-message/ta-p/3132005).
verified: partial. The attribute is inherited from DfltGrpPolicy, whose default is none (the same guide).
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa import tables
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.peer import setting_policy
from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import INFO, WARNING


def session_timeout(config, policy_name):
    """(group-policy, minutes, its line) of the vpn-session-timeout a tunnel of group-policy ``policy_name`` has
    (peer.setting_policy), or None when there is none."""
    policy = setting_policy(config, policy_name, "session_timeout")
    if policy is None or not policy.session_timeout:
        return None
    return policy.name, policy.session_timeout, policy.session_timeout_line


def check_session_timeout(ctx, name, policy_name):
    """SESSION_TIMEOUT for the tunnel ``name`` when its group-policy ends its session after a fixed time."""
    found = session_timeout(ctx.config, policy_name)
    if found is None:
        return
    policy, minutes, line = found
    ctx.add_once(
        "SESSION_TIMEOUT", WARNING,
        "Line %d: group-policy %s has vpn-session-timeout %d: the ASA ends the session of each of its tunnels %s after "
        "it was built, whatever traffic it carries. Traffic stops until the tunnel is built again, every time; no "
        "IKE or IPsec lifetime on either end changes that." % (line.line, policy, minutes, _duration(minutes)),
        ctx.evidence({"group_policy": policy}, [line], minutes=minutes),
        ["! set 'vpn-session-timeout none' under group-policy %s attributes by hand (it applies to every tunnel and "
         "user of that group-policy), or give the tunnel-group a group-policy of its own" % policy],
        [name], "traffic")


def check_session_limits(ctx, name, policy_name):
    """UNSUPPORTED_CONSTRUCT for the session limits other than vpn-session-timeout that the tunnel ``name``'s
    group-policy (or DfltGrpPolicy, inherited) sets: vpn-access-hours refuses sessions outside a time-range,
    vpn-idle-timeout ends an idle one, vpn-simultaneous-logins caps them; whether and how each applies to a LAN-to-LAN
    session is not read here (review 2026-12-06: they were dropped without a word). Warning for access hours (the tunnel
    may be refused), information for the others."""
    policies = ctx.config.group_policies
    seen = set()
    for candidate in (policies.get(policy_name), policies.get(tables.DFLT_GRP_POLICY)):
        if candidate is None:
            continue
        for attribute, line in candidate.session_limits.items():
            if attribute in seen:
                continue
            seen.add(attribute)  # the tunnel's own group-policy sets it: DfltGrpPolicy's is not inherited
            if line is None:
                continue
            severity = WARNING if attribute == "vpn-access-hours" else INFO
            ctx.add_once(
                "UNSUPPORTED_CONSTRUCT", severity,
                "Line %d: group-policy %s has %s, which is not modelled: the check does not say whether it ends or "
                "refuses this site-to-site tunnel's session (%s)." % (
                    line.line, candidate.name, line.text, _LIMITS[attribute]),
                ctx.evidence({"group_policy": candidate.name}, [line], construct=attribute),
                ["! check '%s' under group-policy %s: 'none' lifts it for every tunnel and user of it" % (
                    line.text, candidate.name)],
                [name], "traffic")


_LIMITS = {
    "vpn-access-hours": "it refuses sessions outside its time-range",
    "vpn-idle-timeout": "it ends a session idle that long; the configuration guide lists none for site-to-site sessions",
    "vpn-simultaneous-logins": "it caps the sessions of the group-policy",
}


def _duration(minutes):
    if minutes % 60 == 0:
        hours = minutes // 60
        return "%d hour%s" % (hours, "" if hours == 1 else "s")
    return "%d minute%s" % (minutes, "" if minutes == 1 else "s")
