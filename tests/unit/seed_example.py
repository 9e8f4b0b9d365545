# -*- coding: utf-8 -*-
"""The bundled seed example (examples/seed-asa-azure-pfs) as the unit tests use it: its ASA config text, its ARM
export, and the one tunnel the check makes of them (PFS_MISMATCH and the 2 MB data lifetime)."""

import json
import os

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "examples",
                    "seed-asa-azure-pfs")


def seed_asa_text():
    with open(os.path.join(SEED, "asa_running_config.txt"), encoding="utf-8") as handle:
        return handle.read()


def seed_arm():
    with open(os.path.join(SEED, "azure_resources.json"), encoding="utf-8") as handle:
        return json.load(handle)


def seed_tunnel(host="fw-a"):
    """The check's report entry of the seed's one tunnel, its ASA end read as ``host`` (None: the config's
    hostname)."""
    [tunnel] = run_check(asa_facts_from_text(seed_asa_text(), host=host), azure_facts_from_data(seed_arm()))["tunnels"]
    return tunnel
