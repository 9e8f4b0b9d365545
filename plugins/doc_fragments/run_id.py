# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The run id of the facts modules (module_utils/run_id.py)."""

    DOCUMENTATION = r"""
options:
  run_id:
    description:
      - An id of this run, kept in the facts as C(run_id). A check given the same id (M(vpnalign.s2s.vpn_compat_check)
        O(vpnalign.s2s.vpn_compat_check#module:run_id)) takes this host's facts only when they carry it, so a fact
        cache's copy from an earlier run is not checked as this run's. C(playbooks/check.yml) gives every read one.
      - Letters, digits, C(.), C(_) and C(-); 1 to 64.
    type: str
"""
