# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run a host's facts were read in. playbooks/check.yml gives each read the run's id; the check of that run takes a
host's facts only with that id. With fact caching on (AWX "Enable Fact Storage", a jsonfile cache), a host whose read
failed or was unreachable tonight still holds last night's facts, which were checked as tonight's and passed (review
2026-12-04: a subscription refused with 403 was reported compliant). Plain Python, no Ansible import."""

import re

FACT_KEY = "run_id"
# \Z, not $: "$" also matches before a final "\n", so "tonight\n" would pass as an id (azure/names.py says the same)
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")


def run_id_error(value, option="run_id"):
    """Why ``value`` is no run id (letters, digits, '.', '_', '-'; 1 to 64), or None."""
    if value is None or (isinstance(value, str) and _VALID.match(value)):
        return None
    return "%s must be 1 to 64 letters, digits, '.', '_' or '-'" % option


def stamped(facts, run_id):
    """``facts`` with the run's id, when there is one."""
    if run_id:
        facts[FACT_KEY] = run_id
    return facts
