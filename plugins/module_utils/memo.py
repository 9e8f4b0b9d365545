# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bounded memo: values made once per key, forgotten all at once when the memo is full.

The engine, the renderers and the model parse the same prefix and selector texts again for every
tunnel, rekey and proof (issue 12: ipaddress.ip_network was most of the check's time). Bounded, so
a long-lived process does not keep every text it ever saw; clearing at once keeps each call O(1).
Plain Python, no Ansible import.
"""


class BoundedMemo(dict):
    """``memo.get_or_make(key, make)``: ``make(key)`` once per key; a failure is not remembered."""

    def __init__(self, limit):
        super(BoundedMemo, self).__init__()
        self.limit = limit

    def get_or_make(self, key, make):
        found = self.get(key)
        if found is None:
            found = make(key)
            if len(self) >= self.limit:
                self.clear()
            self[key] = found
        return found
