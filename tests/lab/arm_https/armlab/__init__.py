# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ARM lab's service, by concept: common.py (constants, limits, response shapes), auth.py
(certificates, tokens), faults.py, schema.py (the JSON reader), store.py (resources and
operations), service.py (dispatch, GET, list) with the identity.py, put.py, validation.py and
operations.py mixins.  ``server.py`` serves it over HTTPS."""
