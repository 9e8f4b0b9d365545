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
standby, and plans nothing for a unit that is not active and has no proven active mate in the run, nor for the two
units of a pair that is both or neither active (nor for the Azure ends of their tunnels): every other host is
aligned, and the run fails at the end naming them (align_role.incomplete).

Plain Python, no Ansible import.
"""

REASON = ("configuration entered on a standby unit is not replicated to the active unit and is lost at the next "
          "sync (Cisco ASA CLI configuration guide, failover, Command Replication)")


def standby_messages(checked_from):
    """{standby host: the line its push play prints} for each pair checked from its active unit."""
    return {standby: "%s is the standby unit of a failover pair: nothing is pushed to it. Its active unit %s carries "
                     "the changes and failover replicates them to %s (%s)" % (standby, active, standby, REASON)
            for standby, active in sorted((checked_from or {}).items())}


def same_device_messages(same_device):
    """{host: the line its push play prints} for each host that is another host's ASA listed again."""
    return {host: "%s is the same ASA as %s (the same hostname, failover unit, state and configuration), listed twice in the "
                  "inventory: nothing is pushed through %s; it is aligned through %s" % (host, first, host, first)
            for host, first in sorted((same_device or {}).items())}


def not_aligned(lone_standbys, unclear_pairs=()):
    """[(host, why)] of the ASA hosts align plans nothing for: units that are not active read without a proven active
    mate ({host: state}), and both units of a pair that is both or neither active ([(hosts, why)])."""
    out = []
    for host, state in sorted((lone_standbys or {}).items()):
        out.append((host, "%s (%s) is not the active unit of its failover pair, and no active unit proven to be its "
                          "mate was read in this run (not in it, its read failed, or its configuration differs): align "
                          "pushes only to the active unit of a pair: %s. Put the active unit in the run "
                          "(align_asa_hosts, --limit) or read it again" % (host, state, REASON)))
    for hosts, why in unclear_pairs or ():
        out += [(host, why) for host in hosts]
    return out
