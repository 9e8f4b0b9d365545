# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real Azure CLI (azure-cli from PyPI), pointed at the ARM lab, for tests.

``ensure_venv()`` makes ``.venv-azcli/`` from ``requirements-azcli.txt`` once (a stamp named after the
file's hash; a changed pin rebuilds it; a lock keeps two test runs from building at once) and returns
the path of its ``az``.  Also from a shell, e.g. to build it ahead of the tests::

    .venv/bin/python tests/integration/azcli.py ensure      # prints the az path and the build time

``AzCli(az, lab, workdir)`` runs that ``az`` with a configuration of its own (``AZURE_CONFIG_DIR`` in
``workdir``, telemetry, survey, upgrade checks and dynamic extension installs off, MSAL instance
discovery off as for Azure Stack Hub, the lab's CA as ``REQUESTS_CA_BUNDLE``):
``register_lab()`` registers the lab as a cloud the way Azure Stack Hub is registered (``az cloud
register --endpoint-resource-manager URL``: endpoints from the lab's ``/metadata/endpoints``) and
makes it active; ``login(secret)`` logs the lab's service principal in with the secret on standard
input (``--password @-``), so it is on no command line.  ``run(args)`` and ``run_line("az ...")``
return ``AzResult``; every stdout and stderr is kept in ``transcript`` for secret checks.

Nothing here imports the collection: it drives a separate program.
"""

import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REQUIREMENTS = os.path.join(REPO_ROOT, "requirements-azcli.txt")
VENV = os.path.join(REPO_ROOT, ".venv-azcli")
LOCK = os.path.join(REPO_ROOT, ".cache", "venv-azcli.lock")
LAB_CLOUD = "VpnalignLab"
# Building the venv: pip from PyPI (~50 s measured on a fresh machine, 733 MB); a hard stop well above.
BUILD_TIMEOUT = 900
COMMAND_TIMEOUT = 120


class AzCliError(RuntimeError):
    """The venv could not be built, or an az command that had to work did not."""


def requirements_hash(path=REQUIREMENTS):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def _stamp(venv):
    return os.path.join(venv, ".stamp-" + requirements_hash())


def _base_python():
    """A Python 3.11 to make the venv with: this interpreter (the project venv's is fine: a venv
    made from a venv uses the same base interpreter)."""
    return sys.executable


def ensure_venv(venv=VENV, python=None, quiet=True):
    """``(az path, seconds spent building or None when it was there)``; raises AzCliError."""
    az = os.path.join(venv, "bin", "az")
    if os.path.exists(_stamp(venv)) and os.access(az, os.X_OK):
        return az, None
    os.makedirs(os.path.dirname(LOCK), exist_ok=True)
    with open(LOCK, "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be building it: wait for it
        if os.path.exists(_stamp(venv)) and os.access(az, os.X_OK):
            return az, None
        started = time.monotonic()
        shutil.rmtree(venv, ignore_errors=True)
        steps = [[python or _base_python(), "-m", "venv", venv],
                 [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--no-input", "--disable-pip-version-check"]
                 + (["--quiet"] if quiet else []) + ["--requirement", REQUIREMENTS]]
        for step in steps:
            try:
                proc = subprocess.run(step, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                      timeout=BUILD_TIMEOUT, check=False, cwd=REPO_ROOT)
            except subprocess.TimeoutExpired as exc:
                raise AzCliError("building %s: %s timed out after %s s" % (venv, " ".join(step[:4]), exc.timeout))
            if proc.returncode != 0:
                raise AzCliError("building %s: %s exited %d\n%s" % (
                    venv, " ".join(step[:4]), proc.returncode, (proc.stdout + proc.stderr)[-4000:]))
        if not os.access(az, os.X_OK):
            raise AzCliError("building %s: no %s after pip install" % (venv, az))
        with open(_stamp(venv), "w", encoding="utf-8") as handle:
            handle.write("azure-cli from %s\n" % os.path.basename(REQUIREMENTS))
        return az, time.monotonic() - started


class AzResult:
    def __init__(self, args, returncode, stdout, stderr, seconds, secrets=()):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.secrets = [s for s in secrets if s]

    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else None

    def __str__(self):
        """For failure messages: the secrets given to AzCli are masked, should az ever print one."""
        text = "az %s: exit %d after %.1f s\n--- stdout\n%s\n--- stderr\n%s" % (
            " ".join(self.args), self.returncode, self.seconds, self.stdout[-3000:], self.stderr[-3000:])
        for secret in self.secrets:
            text = text.replace(secret, "********")
        return text


class AzCli:
    """``az`` with its own configuration directory, pointed at one ARM lab."""

    def __init__(self, az, lab, workdir, secrets=()):
        self.az = az
        self.lab = lab
        self.secrets = list(secrets)  # masked in AzResult messages
        self.config_dir = os.path.join(workdir, "azure-config")
        os.makedirs(self.config_dir, mode=0o700, exist_ok=True)
        self.transcript = []  # (args, stdout, stderr) of every run

    def env(self):
        # Only what az needs from this machine; nothing Azure-related leaks in from the caller.
        keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update({
            "HOME": os.path.dirname(self.config_dir),
            "AZURE_CONFIG_DIR": self.config_dir,
            "AZURE_EXTENSION_DIR": os.path.join(self.config_dir, "cliextensions"),
            # The lab's CA: az uses requests (and MSAL through it), which read this.
            "REQUESTS_CA_BUNDLE": self.lab.ca_file,
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
            # Settings as AZURE_<SECTION>_<OPTION> (knack); core.instance_discovery=false is azure-cli's
            # setting for clouds whose authority MSAL cannot look up at login.microsoftonline.com (Azure Stack).
            "AZURE_CORE_INSTANCE_DISCOVERY": "false",
            "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "AZURE_CORE_SURVEY_MESSAGE": "false",
            "AZURE_CORE_LOGIN_EXPERIENCE_V2": "off",
            "AZURE_CORE_NO_COLOR": "true",
            "AZURE_CORE_OUTPUT": "json",
            "AZURE_CORE_DISABLE_PROGRESS_BAR": "true",
            "AZURE_AUTO-UPGRADE_ENABLE": "no",
            "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no",
            "AZURE_LOGGING_ENABLE_LOG_FILE": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        return env

    def run(self, args, stdin_text=None, check=False, timeout=COMMAND_TIMEOUT):
        started = time.monotonic()
        proc = subprocess.run([self.az] + list(args), input=stdin_text if stdin_text is not None else "",
                              capture_output=True, text=True, env=self.env(), timeout=timeout, check=False,
                              cwd=self.config_dir)
        result = AzResult(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started,
                          self.secrets)
        self.transcript.append((list(args), proc.stdout, proc.stderr))
        if check and result.returncode != 0:
            raise AzCliError(str(result))
        return result

    def run_line(self, line, check=False):
        """A command as a person would paste it: ``az ...`` in POSIX shell quoting."""
        words = shlex.split(line)
        if not words or words[0] != "az":
            raise AzCliError("not an az command: %r" % line)
        return self.run(words[1:], check=check)

    def register_lab(self):
        """Register the lab as cloud VpnalignLab from its metadata endpoint, and make it the active cloud."""
        self.run(["cloud", "register", "--name", LAB_CLOUD, "--endpoint-resource-manager", self.lab.base_url],
                 check=True)
        self.run(["cloud", "set", "--name", LAB_CLOUD], check=True)
        return self.run(["cloud", "show", "--name", LAB_CLOUD], check=True).json()

    def login(self, secret):
        """``az login --service-principal`` with ``secret`` read from standard input; the subscriptions."""
        return self.run(["login", "--service-principal", "--username", self.lab.client_id, "--password", "@-",
                         "--tenant", self.lab.tenant], stdin_text=secret, check=True).json()

    def text(self):
        """Everything az printed so far, for secret checks."""
        return "\n".join(out + "\n" + err for _args, out, err in self.transcript)


# ---- the PowerShell form, read for its values ---------------------------------------------------
# What the check prints for PowerShell cannot run here (no pwsh, no Az module), so it is read: the
# statements it uses are interpreted into the ARM property values they set, per resource, to be
# compared with what the az form did to the lab.  Parameter -> ARM property as the Az.Network help
# describes them (New-AzIpsecPolicy, Set-AzVirtualNetworkGatewayConnection, New-AzIpsecTrafficSelectorPolicy,
# Set-AzLocalNetworkGateway, Set-AzVirtualNetworkGateway).
PS_POLICY_FIELDS = {"IkeEncryption": "ikeEncryption", "IkeIntegrity": "ikeIntegrity", "DhGroup": "dhGroup",
                    "IpsecEncryption": "ipsecEncryption", "IpsecIntegrity": "ipsecIntegrity",
                    "PfsGroup": "pfsGroup", "SALifeTimeSeconds": "saLifeTimeSeconds",
                    "SADataSizeKilobytes": "saDataSizeKilobytes"}
PS_GET = {"Get-AzVirtualNetworkGatewayConnection": "connections",
          "Get-AzLocalNetworkGateway": "localNetworkGateways",
          "Get-AzVirtualNetworkGateway": "virtualNetworkGateways"}
PS_SET = {  # cmdlet -> (object parameter, {parameter: ARM property path})
    "Set-AzVirtualNetworkGatewayConnection": ("VirtualNetworkGatewayConnection", {
        "IpsecPolicies": "ipsecPolicies", "UsePolicyBasedTrafficSelectors": "usePolicyBasedTrafficSelectors",
        "EnableBgp": "enableBgp", "DpdTimeoutInSeconds": "dpdTimeoutSeconds", "ConnectionMode": "connectionMode",
        "TrafficSelectorPolicy": "trafficSelectorPolicies"}),
    "Set-AzLocalNetworkGateway": ("LocalNetworkGateway", {
        "AddressPrefix": "localNetworkAddressSpace.addressPrefixes", "Asn": "bgpSettings.asn",
        "BgpPeeringAddress": "bgpSettings.bgpPeeringAddress"}),
    "Set-AzVirtualNetworkGateway": ("VirtualNetworkGateway", {"Asn": "bgpSettings.asn"}),
}
PS_OBJECT_PROPERTIES = {("localNetworkGateways", "GatewayIpAddress"): "gatewayIpAddress"}
_PS_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<open>@\()|(?P<close>\))|(?P<comma>,)"
                       r"|(?P<word>[^\s,()']+))")


class PowerShellFormError(ValueError):
    """A PowerShell line this reader does not know: the form changed, so the comparison must too."""


def _ps_tokens(text):
    tokens, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _PS_TOKEN.match(text, pos)
        if not match:
            raise PowerShellFormError("cannot read %r" % text[pos:])
        pos = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        tokens.append((kind, value[1:-1].replace("''", "'") if kind == "str" else value))
    return tokens


def _ps_values(tokens, variables):
    """Parameter values in order: -Name value pairs and switches, as Python values."""
    params, i = {}, 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind != "word" or not value.startswith("-"):
            raise PowerShellFormError("expected a parameter, got %r" % value)
        name, i = value[1:], i + 1
        if i >= len(tokens) or (tokens[i][0] == "word" and tokens[i][1].startswith("-")):
            params[name] = True  # a switch (-Force)
            continue
        item, i = _ps_value(tokens, i, variables)
        params[name] = item
    return params


def _ps_value(tokens, i, variables):
    kind, value = tokens[i]
    if kind == "str":
        return value, i + 1
    if kind == "open":
        items, i = [], i + 1
        while tokens[i][0] != "close":
            if tokens[i][0] == "comma":
                i += 1
                continue
            item, i = _ps_value(tokens, i, variables)
            items.append(item)
        return items, i + 1
    if kind == "word":
        if value.lower() in ("$true", "$false"):
            return value.lower() == "$true", i + 1
        if value.startswith("$"):
            if value[1:] not in variables:
                raise PowerShellFormError("variable %s used before it is set" % value)
            return variables[value[1:]], i + 1
        if re.match(r"^\d+$", value):
            return int(value), i + 1
    raise PowerShellFormError("cannot read the value %r" % value)


def powershell_effect(lines):
    """``{"subscription", "changes": {(type, resource group, name): {ARM property path: value}}}`` that
    the PowerShell lines set; only changes a ``Set-Az...`` cmdlet sends count."""
    try:
        return _powershell_effect(lines)
    except (KeyError, IndexError, TypeError) as exc:
        raise PowerShellFormError("%s: %s" % (type(exc).__name__, exc))


def _powershell_effect(lines):
    variables, changes, subscription = {}, {}, None
    for line in lines:
        text = line.strip()
        assign = re.match(r"^\$(\w+)\s*(\+?=)\s*(.*)$", text)
        prop = re.match(r"^\$(\w+)\.(\w+)\s*=\s*(.*)$", text)
        clear = re.match(r"^\$(\w+)\.LocalNetworkAddressSpace\.AddressPrefixes\.Clear\(\)$", text)
        if clear:
            variables[clear.group(1)]["pending"]["localNetworkAddressSpace.addressPrefixes"] = []
        elif prop:
            target = variables[prop.group(1)]
            path = PS_OBJECT_PROPERTIES.get((target["type"], prop.group(2)))
            if path is None:
                raise PowerShellFormError("unknown property %s of a %s" % (prop.group(2), target["type"]))
            target["pending"][path] = _ps_value(_ps_tokens(prop.group(3)), 0, variables)[0]
        elif assign:
            name, op, rest = assign.groups()
            tokens = _ps_tokens(rest)
            if op == "=" and tokens == [("open", "@("), ("close", ")")]:
                variables[name] = []
                continue
            cmdlet, params = tokens[0][1], _ps_values(tokens[1:], variables)
            if cmdlet in PS_GET:
                variables[name] = {"type": PS_GET[cmdlet], "group": params["ResourceGroupName"],
                                   "name": params["Name"], "pending": {}}
            elif cmdlet == "New-AzIpsecPolicy":
                unknown = set(params) - set(PS_POLICY_FIELDS)
                if unknown:
                    raise PowerShellFormError("unknown New-AzIpsecPolicy parameters %s" % sorted(unknown))
                variables[name] = {PS_POLICY_FIELDS[k]: v for k, v in params.items()}
            elif cmdlet == "New-AzIpsecTrafficSelectorPolicy" and op == "+=":
                variables[name].append({"localAddressRanges": params["LocalAddressRange"],
                                        "remoteAddressRanges": params["RemoteAddressRange"]})
            else:
                raise PowerShellFormError("unknown statement %r" % text)
        else:
            tokens = _ps_tokens(text)
            cmdlet, params = tokens[0][1], _ps_values(tokens[1:], variables)
            if cmdlet == "Set-AzContext":
                subscription = params["Subscription"]
            elif cmdlet in PS_SET:
                object_param, mapping = PS_SET[cmdlet]
                target = params.pop(object_param)
                params.pop("Force", None)
                unknown = set(params) - set(mapping)
                if unknown:
                    raise PowerShellFormError("unknown %s parameters %s" % (cmdlet, sorted(unknown)))
                values = dict(target["pending"])
                for param, value in params.items():
                    if param == "IpsecPolicies" and isinstance(value, dict):
                        value = [value]
                    values[mapping[param]] = value
                changes.setdefault((target["type"], target["group"], target["name"]), {}).update(values)
            else:
                raise PowerShellFormError("unknown statement %r" % text)
    return {"subscription": subscription, "changes": changes}


def main(argv):
    if argv[1:2] != ["ensure"]:
        print("usage: %s ensure" % argv[0], file=sys.stderr)
        return 2
    try:
        az, seconds = ensure_venv(quiet=False)
    except AzCliError as exc:
        print("azcli: %s" % exc, file=sys.stderr)
        return 1
    print("azcli: %s (%s)" % (az, "built in %.0f s" % seconds if seconds is not None else "already there"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
