# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cisco ASA command line of the lab, without SSH (``server.py`` carries it over SSH).

Test code only.  It keeps the configuration as text (a list of lines; a child line is indented
by one space more than its parent) and deliberately imports nothing from ``plugins/``: the lab
must not share a parser with the code it tests.

``Device`` (device.py) is shared by every session of one server: configuration stores (one per
security context), the scenario, the command log and the state file.  ``CliSession``
(session.py) is one interactive shell.  grammar.py is what the CLI accepts, store.py the
config text, show.py and config_mode.py the two halves of a session's commands, vti.py and
routing.py the tunnel-interface/IPsec-profile and route/BGP sections.
"""

from .device import Device, Scenario, load_scenario_file  # noqa: F401
from .reply import Reply  # noqa: F401
from .session import CliSession  # noqa: F401
from .store import ConfigStore  # noqa: F401
