# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab CA and server certificate, and the JWT-shaped access tokens."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import time
import uuid

from .common import b64url, b64url_decode, utcnow


# --------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------

def make_certificates(state_dir):
    """Create a CA and a server certificate for 127.0.0.1/localhost; return (ca_file, cert_file, key_file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = utcnow() - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=30)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vpnalign.s2s test lab"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "vpnalign ARM lab CA %s" % uuid.uuid4().hex[:8])])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(until)
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = os.path.join(state_dir, "ca.pem")
    cert_file = os.path.join(state_dir, "server.pem")
    key_file = os.path.join(state_dir, "server-key.pem")
    _write_file(ca_file, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_file(cert_file, cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_file(key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()), mode=0o600)
    # The CA key stays in memory: nothing else can be signed with this CA.
    return ca_file, cert_file, key_file


def _write_file(path, data, mode=0o644):
    tmp = path + ".tmp-%d" % os.getpid()
    with open(tmp, "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.chmod(tmp, mode)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

class Tokens:
    """JWT-shaped access tokens signed with a per-run HMAC key (clients never check signatures)."""

    def __init__(self, tenant, client_id, client_secret, lifetime):
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.lifetime = lifetime
        self.key = secrets.token_bytes(32)
        self.object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "vpnalign-lab-sp/" + client_id))

    def issue(self, audience):
        now = int(time.time())
        header = {"typ": "JWT", "alg": "HS256", "kid": "vpnalign-lab"}
        claims = {"aud": audience, "iss": "https://sts.windows.net/%s/" % self.tenant, "iat": now, "nbf": now,
                  "exp": now + self.lifetime, "appid": self.client_id, "appidacr": "1", "idtyp": "app",
                  "oid": self.object_id, "sub": self.object_id, "tid": self.tenant, "ver": "1.0",
                  "uti": b64url(secrets.token_bytes(12))}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = hmac.new(self.key, signing_input.encode("ascii"), hashlib.sha256).digest()
        return signing_input + "." + b64url(signature)

    def verify(self, token):
        """Claims of a token this run issued, or None; expiry is checked by the caller."""
        parts = token.split(".")
        if len(parts) != 3:
            return None
        try:
            expected = hmac.new(self.key, (parts[0] + "." + parts[1]).encode("ascii"), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, b64url_decode(parts[2])):
                return None
            return json.loads(b64url_decode(parts[1]))
        except (ValueError, UnicodeError):
            return None
