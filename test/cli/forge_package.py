#!/usr/bin/env python3
"""An independent reader and forger of socds packages (format 2), for tests.

  forge_package.py verify PKG            checks the seal and the Ed25519
                                         signature, prints the key's fingerprint
  forge_package.py fingerprint HEX       the fingerprint of a public key
  forge_package.py v1 IN OUT             IN changed, re-sealed the old way (SHA-256, no key)
  forge_package.py resign IN OUT         IN changed, signed with a new key of our own
  forge_package.py bomb IN OUT LIAR      IN with data/activity.csv = 1 GiB of zeros (deflated),
                                         signed with a key of our own; LIAR the same bomb
                                         with its sizes patched to say 1000 bytes

Written from the format as README describes it, with Python's zipfile,
hashlib and the cryptography package: nothing of socds's own code.
"""
import hashlib
import io
import json
import struct
import sys
import zipfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                                Ed25519PublicKey)

PREFIX = b"socds-ed25519:"
SEAL_LEN = len(PREFIX) + 64 + 1 + 64 + 1 + 128
SHA_AT = 128 + 1 + 64          # the digest's place, from the end
DOMAIN = b"socds-package-seal-v2"
BOMB = 1 << 30


def fingerprint(pub):
    d = hashlib.sha256(b"socds-key-fingerprint-v1" + pub).digest()
    return " ".join("%05d" % (int.from_bytes(d[5 * g:5 * g + 5], "big") % 100000)
                    for g in range(6))


def raw(pub_key):
    return pub_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verify(path):
    b = open(path, "rb").read()
    tail = b[-SEAL_LEN:]
    if not tail.startswith(PREFIX):
        sys.exit("%s: no socds-ed25519 seal" % path)
    pub = bytes.fromhex(tail[len(PREFIX):len(PREFIX) + 64].decode())
    sha = tail[-SHA_AT:-SHA_AT + 64].decode()
    sig = bytes.fromhex(tail[-128:].decode())
    d = hashlib.sha256(b[:-SHA_AT]).digest()
    if d.hex() != sha:
        sys.exit("%s: seal does not match" % path)
    Ed25519PublicKey.from_public_bytes(pub).verify(sig, DOMAIN + d)   # raises when bad
    man = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    if man["signer"]["public_key"] != pub.hex() or man["signer"]["fingerprint"] != fingerprint(pub):
        sys.exit("%s: manifest signer does not match the seal" % path)
    print(fingerprint(pub))


def members(path):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json")), {n: z.read(n) for n in z.namelist()
                                                     if n != "manifest.json"}


def changed(path):
    """The package with one officer renamed: what a forger would do."""
    man, m = members(path)
    lines = m["data/staff.csv"].split(b"\r\n")
    hdr = lines[0].decode("utf-8-sig").split(",")
    row = lines[1].decode().split(",")
    row[hdr.index("full_name")] = "Nguyễn Văn Giả"
    lines[1] = ",".join(row).encode()
    m["data/staff.csv"] = b"\r\n".join(lines)
    return man, m


def write_zip(man, m, comment, stream=None):
    for t in man.get("tables", []) + man.get("files", []):
        if t["file"] in m and isinstance(m[t["file"]], bytes):
            t["sha256"] = hashlib.sha256(m[t["file"]]).hexdigest()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(man, indent=2, ensure_ascii=False))
        for n, data in m.items():
            if isinstance(data, bytes):
                z.writestr(n, data)
            else:                       # a generator of chunks: the bomb
                with z.open(n, "w") as f:
                    for chunk in data:
                        f.write(chunk)
        z.comment = comment
    return bytearray(buf.getvalue())


def seal_v1(b):
    b[-64:] = hashlib.sha256(bytes(b[:-64])).hexdigest().encode()
    return b


def seal_v2(b, key):
    pub = raw(key.public_key())
    n = len(b)
    b[n - SEAL_LEN:n - SEAL_LEN + len(PREFIX) + 65] = PREFIX + pub.hex().encode() + b":"
    d = hashlib.sha256(bytes(b[:n - SHA_AT])).digest()
    b[n - SHA_AT:] = d.hex().encode() + b":" + key.sign(DOMAIN + d).hex().encode()
    return b


def signed(man, m, key):
    pub = raw(key.public_key())
    man["signer"]["public_key"] = pub.hex()
    man["signer"]["fingerprint"] = fingerprint(pub)
    return write_zip(man, m, PREFIX + b"0" * (SEAL_LEN - len(PREFIX)))


def zeros():
    block = bytes(1 << 20)
    for _ in range(BOMB >> 20):
        yield block


def lie(b):
    """Sets the declared size of data/activity.csv to 1000 in both headers."""
    name = b"data/activity.csv"
    i = b.find(b"PK\x03\x04")
    while i >= 0:
        nlen, = struct.unpack_from("<H", b, i + 26)
        if bytes(b[i + 30:i + 30 + nlen]) == name:
            struct.pack_into("<I", b, i + 22, 1000)
        i = b.find(b"PK\x03\x04", i + 4)
    i = b.find(b"PK\x01\x02")
    while i >= 0:
        nlen, = struct.unpack_from("<H", b, i + 28)
        if bytes(b[i + 46:i + 46 + nlen]) == name:
            struct.pack_into("<I", b, i + 24, 1000)
        i = b.find(b"PK\x01\x02", i + 4)


def main():
    cmd = sys.argv[1]
    if cmd == "verify":
        return verify(sys.argv[2])
    if cmd == "fingerprint":
        return print(fingerprint(bytes.fromhex(sys.argv[2])))
    src, out = sys.argv[2], sys.argv[3]
    if cmd == "v1":
        man, m = changed(src)
        man["format_version"] = 1
        man.pop("signer", None)
        b = seal_v1(write_zip(man, m, b"socds-sha256:" + b"0" * 64))
    elif cmd == "resign":
        man, m = changed(src)
        key = Ed25519PrivateKey.generate()
        b = seal_v2(signed(man, m, key), key)
    elif cmd == "bomb":
        man, m = members(src)
        m["data/activity.csv"] = zeros()
        key = Ed25519PrivateKey.generate()
        b = signed(man, m, key)
        liar = bytearray(b)
        lie(liar)
        open(sys.argv[4], "wb").write(seal_v2(liar, key))
        b = seal_v2(b, key)
    else:
        sys.exit("unknown command " + cmd)
    open(out, "wb").write(b)


if __name__ == "__main__":
    main()
