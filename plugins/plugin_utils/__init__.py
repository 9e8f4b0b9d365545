# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Importing module_utils first has this package's modules, too, imported from cached bytecode (see its __init__)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ansible_collections.vpnalign.s2s.plugins.module_utils  # noqa: F401 pylint: disable=unused-import
