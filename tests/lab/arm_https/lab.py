# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and drive the ARM lab (``server.py``) from Python tests.

::

    from arm_https.lab import start_arm_lab      # with tests/lab on sys.path

    with start_arm_lab("examples/seed-asa-azure-pfs/azure_resources.json") as lab:
        credential = ClientSecretCredential(lab.tenant, lab.client_id, lab.client_secret,
                                            authority=lab.authority, disable_instance_discovery=True,
                                            connection_verify=lab.ca_file)
        client = NetworkManagementClient(credential, lab.subscription, base_url=lab.base_url,
                                         credential_scopes=[lab.base_url + "/.default"],
                                         connection_verify=lab.ca_file)
        ...
        lab.set_faults({"throttle": {"path_regex": "/connections/", "times": 1, "retry_after": 1}})
        lab.requests()       # what the server saw, one dict per request
        lab.resources()      # current state, a JSON list like the input

The server runs in a subprocess of the repository's ``.venv`` Python (or this interpreter when
there is none), so a test's own process state cannot leak into it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
SEEDS = os.path.join(HERE, "seeds")


def seed_path(name: str) -> str:
    """Path of a ready-made resources file in ``seeds/`` (``"route_based_active_active"``,
    ``"policy_based"``), to pass to ``start_arm_lab``."""
    return os.path.join(SEEDS, name + ".json")


REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
VENV_PYTHON = os.path.join(REPO_ROOT, ".venv", "bin", "python")

DEFAULT_TENANT = "72f988bf-0000-4000-8000-00000000a11b"
DEFAULT_CLIENT_ID = "5f1e0a0c-0000-4000-8000-00000000c11e"
DEFAULT_CLIENT_SECRET = "lab-client-secret"
DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


# When set, stop() copies the lab's logs (request log, server output) into a new directory under it,
# for the test run's secret scan (tests/integration/conftest.py sets it to out/test/lab).
LOG_DIR_ENV = "VPNALIGN_LAB_LOG_DIR"


class ArmLabError(RuntimeError):
    """The lab did not start, or a control request failed."""


def _load(resources: Union[str, os.PathLike, Sequence[Mapping[str, Any]]]) -> List[Any]:
    if isinstance(resources, (str, os.PathLike)):
        with open(resources, encoding="utf-8") as handle:
            return json.load(handle)
    return list(resources)


def in_subscription(resources: Union[str, os.PathLike, Sequence[Mapping[str, Any]]], subscription: str) -> List[Any]:
    """A copy of ``resources`` (a path or a list) moved to ``subscription``: every string that starts
    with ``/subscriptions/<any>/`` (ids and the references between resources) names it instead."""
    prefix = re.compile(r"^/subscriptions/[^/]+(?=/|$)", re.I)

    def move(value: Any) -> Any:
        if isinstance(value, str):
            return prefix.sub("/subscriptions/" + subscription, value)
        if isinstance(value, list):
            return [move(item) for item in value]
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        return value

    return move(_load(resources))


class ArmLab:
    """A running ``server.py``; a context manager that stops it on exit."""

    def __init__(self, resources: Union[str, os.PathLike, Sequence[Mapping[str, Any]], Mapping[str, Any]],
                 tenant: str = DEFAULT_TENANT,
                 client_id: str = DEFAULT_CLIENT_ID, client_secret: str = DEFAULT_CLIENT_SECRET,
                 subscription: str = DEFAULT_SUBSCRIPTION, faults: Optional[Mapping[str, Any]] = None,
                 python: Optional[str] = None, startup_timeout: float = 30.0,
                 extra_args: Sequence[str] = ()) -> None:
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.subscription = subscription
        self.subscriptions: List[str] = [subscription]
        self._dir = tempfile.mkdtemp(prefix="arm-lab-")
        self.state_dir = os.path.join(self._dir, "state")
        self.log_file = os.path.join(self._dir, "requests.jsonl")
        self._ready_file = os.path.join(self._dir, "ready.json")
        self._stderr_file = os.path.join(self._dir, "server.stderr")
        if isinstance(resources, Mapping):
            # several subscriptions on one endpoint, as ARM serves them: subscription id -> its seed
            if not resources:
                raise ArmLabError("no subscription given")
            self.subscriptions = [str(sub) for sub in resources]
            self.subscription = subscription = self.subscriptions[0]
            resources = [item for sub, seed in resources.items() for item in in_subscription(seed, str(sub))]
        if isinstance(resources, (str, os.PathLike)):
            self.resources_file = os.fspath(resources)
        else:
            self.resources_file = os.path.join(self._dir, "resources.json")
            with open(self.resources_file, "w", encoding="utf-8") as handle:
                json.dump(list(resources), handle)
        python = python or (VENV_PYTHON if os.path.exists(VENV_PYTHON) else sys.executable)
        cmd = [python, SERVER, "--resources", self.resources_file, "--port", "0", "--ready-file", self._ready_file,
               "--log", self.log_file, "--state-dir", self.state_dir, "--tenant", tenant, "--client-id", client_id,
               "--subscription", subscription] + list(extra_args)
        env = dict(os.environ, ARM_LAB_CLIENT_SECRET=client_secret, PYTHONDONTWRITEBYTECODE="1")
        self._stderr = open(self._stderr_file, "wb")
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
                                        env=env, close_fds=True)
        try:
            info = self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise
        self.port: int = info["port"]
        self.pid: int = info["pid"]
        self.ca_file: str = info["ca_file"]
        self.base_url: str = info["base_url"]
        self.authority: str = info["authority"]
        self._control_token: str = info["control_token"]
        self._ssl = ssl.create_default_context(cafile=self.ca_file)
        if faults:
            self.set_faults(faults)

    def _wait_ready(self, timeout: float) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self._ready_file):
                with open(self._ready_file, "r", encoding="utf-8") as handle:
                    return json.load(handle)
            if self.process.poll() is not None:
                raise ArmLabError("ARM lab exited with %s:\n%s" % (self.process.returncode, self.stderr()))
            time.sleep(0.02)
        raise ArmLabError("ARM lab did not start within %.0f s:\n%s" % (timeout, self.stderr()))

    # ---- context manager
    def __enter__(self) -> "ArmLab":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove its files."""
        process = getattr(self, "process", None)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if getattr(self, "_stderr", None) is not None and not self._stderr.closed:
            self._stderr.close()
        if getattr(self, "_dir", None) and os.path.isdir(self._dir):
            self._keep_logs()
            shutil.rmtree(self._dir, ignore_errors=True)

    def _keep_logs(self) -> None:
        root = os.environ.get(LOG_DIR_ENV)
        if not root:
            return
        os.makedirs(root, exist_ok=True)
        dest = tempfile.mkdtemp(prefix="arm-lab-%d-" % os.getpid(), dir=root)
        for path in (self.log_file, self._stderr_file):
            if os.path.isfile(path):
                shutil.copyfile(path, os.path.join(dest, os.path.basename(path)))

    def stderr(self) -> str:
        try:
            with open(self._stderr_file, "r", encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    # ---- control channel
    def _control(self, method: str, what: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + "/_lab/" + what, data=data, method=method,
                                         headers={"X-Lab-Control-Token": self._control_token,
                                                  "Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPSHandler(context=self._ssl))
        try:
            with opener.open(request, timeout=10) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise ArmLabError("lab control %s %s: %s %s" % (method, what, exc.code, exc.read().decode("utf-8", "replace")))

    def set_faults(self, faults: Mapping[str, Any]) -> Dict[str, Any]:
        """Replace all faults (``{}`` clears them); returns what is now armed."""
        return self._control("PUT", "faults", dict(faults))

    def faults(self) -> Dict[str, Any]:
        """Faults still armed (rules whose ``times`` ran out are gone)."""
        return self._control("GET", "faults")

    def state(self) -> Dict[str, Any]:
        return self._control("GET", "state")

    def resources(self, subscription: Optional[str] = None) -> List[Dict[str, Any]]:
        """Current resources, a JSON list in the shape of the input (GET shape, no shared keys);
        with ``subscription``, only that subscription's."""
        found = self.state()["resources"]
        if subscription is None:
            return found
        prefix = "/subscriptions/%s/" % subscription.lower()
        return [r for r in found if str(r.get("id", "")).lower().startswith(prefix)]

    def resource(self, name: str, type_suffix: str = "") -> Dict[str, Any]:
        """The one resource called ``name`` (optionally of a type ending in ``type_suffix``)."""
        found = [r for r in self.resources() if r.get("name", "").lower() == name.lower()
                 and str(r.get("type", "")).lower().endswith(type_suffix.lower())]
        if len(found) != 1:
            raise KeyError("%d resources named %s" % (len(found), name))
        return found[0]

    def shared_keys(self) -> Dict[str, str]:
        """Connection id -> shared key, as the lab stores them."""
        return self.state()["shared_keys"]

    def reset(self) -> None:
        """Back to the initial resources, no faults, no pending operations (the request log stays)."""
        self._control("POST", "reset", {})

    def load(self, resources: Sequence[Mapping[str, Any]]) -> None:
        """Serve ``resources`` (a JSON list like the start-up file) instead, no faults, no pending
        operations; ``reset()`` then goes back to them.  The port, CA and tokens stay."""
        self._control("PUT", "resources", list(resources))

    def set_diagnostics(self, diagnostics: Mapping[str, Any]) -> None:
        """What the VPN troubleshoot and the Log Analytics query API answer (armlab/diagnostics.py):
        ``{"troubleshoot": {target resource id: fault type}, "workspaces": {workspace id: [AzureDiagnostics rows]}}``;
        ``reset()`` clears it."""
        self._control("PUT", "diagnostics", dict(diagnostics))

    def requests(self) -> List[Dict[str, Any]]:
        """Logged requests, oldest first: method, path, query, status, if_match, fault, ..."""
        try:
            with open(self.log_file, "r", encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except FileNotFoundError:
            return []

    def clear_requests(self) -> None:
        self._control("POST", "clear-log", {})


def start_arm_lab(resources: Union[str, os.PathLike, Sequence[Mapping[str, Any]], Mapping[str, Any]], tenant: str = DEFAULT_TENANT,
                  client_id: str = DEFAULT_CLIENT_ID, client_secret: str = DEFAULT_CLIENT_SECRET,
                  subscription: str = DEFAULT_SUBSCRIPTION, faults: Optional[Mapping[str, Any]] = None,
                  **kwargs: Any) -> ArmLab:
    """Start ``server.py`` on a free port of 127.0.0.1 and wait until it accepts connections.

    ``resources``: a path to a JSON list of ARM resources, or the list itself; or a mapping
    subscription id -> path or list, for several subscriptions on the one endpoint (each seed is
    moved into its subscription, see ``in_subscription``; ``.subscriptions`` lists them and
    ``.subscription`` is the first; the one tenant and service principal reach them all).  ``kwargs`` go to
    :class:`ArmLab` (``python``, ``startup_timeout``, ``extra_args`` such as
    ``["--token-lifetime", "60"]``).  Use as a context manager, or call ``stop()``.
    """
    return ArmLab(resources, tenant=tenant, client_id=client_id, client_secret=client_secret,
                  subscription=subscription, faults=faults, **kwargs)
