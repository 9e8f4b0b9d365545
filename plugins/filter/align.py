# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the align role: its decisions live in module_utils/align_role.py, not in Jinja."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vpnalign.s2s.plugins.module_utils.align_role import done, jobs, module_options


def align_module_options(tunnel, side, align_to, intent=None, extra=None):
    return module_options(tunnel, side, align_to, intent, extra)


def align_jobs(tunnels, align_to, have_key=False, intent=None, asa_extra=None, azure_extra=None):
    return jobs(tunnels, align_to, have_key, intent, asa_extra, azure_extra)


def align_done(all_jobs, results):
    return done(all_jobs, results)


class FilterModule(object):
    def filters(self):
        return {"align_module_options": align_module_options, "align_jobs": align_jobs, "align_done": align_done}
