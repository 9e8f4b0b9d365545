# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ARM/Entra ID lab for tests (not shipped): ``server.py`` is the server, ``lab.py`` starts it."""
