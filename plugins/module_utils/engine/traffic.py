# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The traffic path once the SAs are up: NAT before encryption, TCP MSS, dead-peer detection."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.findings import ERROR, WARNING
from ansible_collections.vpnalign.s2s.plugins.module_utils.fixes import intent
from ansible_collections.vpnalign.s2s.plugins.module_utils.engine.base import MIN_DPD_TIMEOUT, _lines, who


class TrafficChecks(object):
    """NAT exemption, TCP MSS and DPD (a mixin of the engine's check)."""

    def check_traffic(self):
        a, b = self.a, self.b
        for end, other in ((a, b), (b, a)):
            if end.nat.exempt is False:
                self.add(
                    "NAT_EXEMPTION_MISSING",
                    ERROR,
                    "traffic",
                    "%s %s translates tunnel traffic before encryption (%s), so %s." % (
                        who(end), end.name, end.nat.detail or "a NAT rule matches",
                        "it reaches the peer from addresses the peer does not route back" if end.route_based else
                        "it no longer matches the tunnel's selectors and never enters the tunnel"),
                    {end.vendor: {"detail": end.nat.detail, "lines": _lines(end.nat.source)}, other.vendor: {}},
                    {end.vendor: [intent("nat_exemption", local=end.local_networks or [],
                                         remote=end.remote_networks or end.routed_networks or [])]},
                )
            if end.tcp_mss is not None and other.max_tcp_mss is not None and end.tcp_mss > other.max_tcp_mss:
                self.add(
                    "TCP_MSS_TOO_HIGH",
                    WARNING,
                    "traffic",
                    "%s lets tunnel TCP segments reach an MSS of %d, above the %d %s recommends: large TCP segments "
                    "fragment or are dropped inside the tunnel." % (who(end), end.tcp_mss, other.max_tcp_mss, who(other)),
                    {end.vendor: {"tcp_mss": end.tcp_mss, "lines": _lines(end.tcp_mss_source)},
                     other.vendor: {"recommended_max_tcp_mss": other.max_tcp_mss}},
                    {end.vendor: [intent("tcp_mss", mss=other.max_tcp_mss)]},
                )
        if not a.dpd.enabled and not b.dpd.enabled:
            self.add(
                "DPD_MISMATCH",
                WARNING,
                "traffic",
                "Neither %s nor %s runs dead-peer detection: a dead tunnel is never torn down and rebuilt."
                % (who(a), who(b)),
                self.ev({"enabled": False, "lines": _lines(a.dpd.source)}, {"enabled": False, "lines": _lines(b.dpd.source)}),
                self.fixes([intent("dpd_timeout", seconds=b.dpd.timeout_seconds or 45)], []),
            )
        for end, other in ((a, b), (b, a)):
            t = end.dpd.timeout_seconds
            if end.dpd.enabled and t is not None and t < MIN_DPD_TIMEOUT:
                self.add(
                    "DPD_MISMATCH",
                    WARNING,
                    "traffic",
                    "%s declares its peer dead after %d s without an answer: a short loss tears the tunnel down."
                    % (who(end), t),
                    # the other end's timeout is the fix's, so its lines are cited too (s41: it cited nothing)
                    {end.vendor: {"timeout_seconds": t, "lines": _lines(end.dpd.source)},
                     other.vendor: {"enabled": other.dpd.enabled, "timeout_seconds": other.dpd.timeout_seconds,
                                    "lines": _lines(other.dpd.source)}},
                    {end.vendor: [intent("dpd_timeout", seconds=max(other.dpd.timeout_seconds or 45, 30))]},
                )
