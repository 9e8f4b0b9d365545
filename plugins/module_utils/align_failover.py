# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Align and ASA failover pairs: configuration goes to the active unit only.

On an ASA failover pair, commands entered on the active unit are replicated to the standby; commands entered on the
standby are not replicated to the active unit, and the standby warns that the configurations are no longer
synchronized (Cisco ASA Series CLI configuration guide, "Configuring Active/Standby Failover", Command Replication:
"Changes made on the standby unit are not replicated to the active unit";
https://www.cisco.com/c/en/us/td/docs/security/asa/asa84/configuration/guide/asa_84_cli_config/ha_active_standby.html).
A change pushed to a standby is lost at the next full sync, or diverges the pair until then. So the plan pushes to
the active unit of a pair (the check reads the pair from it: module_utils/asa/failover_pairs.py), says so for the
standby, and refuses to run when a unit that is not active was read without its active unit.

Plain Python, no Ansible import.
"""

REASON = ("configuration entered on a standby unit is not replicated to the active unit and is lost at the next "
          "sync (Cisco ASA CLI configuration guide, failover, Command Replication)")


def standby_messages(checked_from):
    """{standby host: the line its push play prints} for each pair checked from its active unit."""
    return {standby: "%s is the standby unit of a failover pair: nothing is pushed to it. Its active unit %s carries "
                     "the changes and failover replicates them to %s (%s)" % (standby, active, standby, REASON)
            for standby, active in sorted((checked_from or {}).items())}


def lone_standby_problem(lone_standbys):
    """The sentence the plan fails with when units that are not active were read without their active unit
    ({host: state}); "" when there are none."""
    if not lone_standbys:
        return ""
    hosts = ", ".join("%s (%s)" % (host, state) for host, state in sorted(lone_standbys.items()))
    return ("not aligning: %s %s not the active unit of %s failover pair, and no active unit of %s pair was read "
            "(not in this run, or its read failed). Align pushes only to the active unit of a pair: %s. Put the "
            "active unit in the run (align_asa_hosts, --limit) or read it again; nothing was planned or pushed"
            % (hosts, "is" if len(lone_standbys) == 1 else "are", "its" if len(lone_standbys) == 1 else "their",
               "that" if len(lone_standbys) == 1 else "each", REASON))
