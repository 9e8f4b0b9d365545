# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ASA SSH lab: an SSH server on 127.0.0.1 that behaves like the Cisco ASA CLI (tests only).

Put ``<repo>/tests/lab`` on ``sys.path`` and::

    from asa_ssh import start_asa_lab, asa_lab_factory  # noqa: F401 (the fixture, for pytest)

    def test_push(asa_lab_factory, run_playbook, tmp_path):
        lab = asa_lab_factory(CONFIG, scenario={"show": {"show crypto ipsec sa": [BEFORE, AFTER]}})
        inventory = lab.write_inventory(tmp_path / "inventory.yml", network_os="vpnalign.s2s.asa")
        ...

Nothing here imports the collection's plugins.
"""

from .lab import AsaLab, AsaLabError, lab_config, start_asa_lab  # noqa: F401
from .fleet import AsaFleet, AsaFleetDevice, start_asa_fleet  # noqa: F401

try:
    import pytest
except ImportError:  # pragma: no cover - the lab itself does not need pytest
    pytest = None

if pytest is not None:
    @pytest.fixture
    def asa_lab_factory(tmp_path):
        """``start(config_text, scenario=None, **options) -> AsaLab``; every lab started is stopped
        at the end of the test.  Files (log, state, config) live under ``tmp_path/asa-lab-N``."""
        labs = []

        def start(config_text, scenario=None, **options):
            options.setdefault("workdir", str(tmp_path / ("asa-lab-%d" % len(labs))))
            lab = start_asa_lab(config_text, scenario, **options)
            labs.append(lab)
            return lab

        yield start
        for lab in labs:
            lab.stop()
