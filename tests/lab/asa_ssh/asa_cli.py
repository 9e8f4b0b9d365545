# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kept for importers of ``asa_ssh.asa_cli``: the CLI now lives in the ``cli`` package."""

from .cli import CliSession, ConfigStore, Device, Reply, Scenario, load_scenario_file

__all__ = ["CliSession", "ConfigStore", "Device", "Reply", "Scenario", "load_scenario_file"]
