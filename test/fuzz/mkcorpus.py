#!/usr/bin/env python3
"""Remakes the seed corpora in test/fuzz/corpus/ from a real socds binary.

    test/fuzz/mkcorpus.py [SOCDS]        (default: build/socds)

Seeds are small on purpose: libFuzzer mutates small inputs faster, and every
seed is replayed by `meson test --suite fuzz`. What each target gets:

  fuzz_csv      exported CSVs (UTF-8 with BOM, Windows-1258, ';'-separated,
                CRLF), choice lists from assets/lists, hand-made edge cases
  fuzz_form     every forms/*.form, plus a few broken ones
  fuzz_import   the first byte chooses kind/encoding/options (fuzz_import.c);
                the rest is an exported CSV without its record columns
  fuzz_package  a real sealed package of the scale-1 demo of commune 21853,
                the same cut short, and the same spelled out (fuzz_package.c)
"""
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
KINDS = ["village", "staff", "training", "participant", "team", "member", "activity",
         "task_progress"]          # the order of enum kind_id
RECORD_COLS = {"id", "unit_code", "created_at", "updated_at", "version", "deleted"}
ROWS = 6


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rows_text(rows, delim=",", crlf=False):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delim, lineterminator="\r\n" if crlf else "\n")
    w.writerows(rows)
    return out.getvalue()


def main():
    socds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "socds")
    tmp = tempfile.mkdtemp(prefix="socds-corpus-")
    try:
        db = os.path.join(tmp, "f.db")
        run(socds, "--db", db, "demo", "--unit", "21853")
        for t in ("fuzz_csv", "fuzz_form", "fuzz_import", "fuzz_package"):
            shutil.rmtree(os.path.join(CORPUS, t), ignore_errors=True)

        # Each table as socds exports it, in UTF-8 and in Windows-1258 (tone
        # marks as separate combining bytes, as Excel writes it). Python's
        # cp1258 codec keeps those combining characters, so the text can be
        # cut and written back byte for byte as socds wrote it.
        tables, tables1258 = {}, {}
        for k in KINDS:
            for enc, into, codec in (("utf-8", tables, "utf-8-sig"),
                                     ("cp1258", tables1258, "cp1258")):
                path = os.path.join(tmp, "%s.%s.csv" % (k, enc))
                run(socds, "--db", db, "export", "csv", "--kind", k, "--encoding", enc,
                    "--out", path)
                with open(path, encoding=codec, newline="") as f:
                    into[k] = list(csv.reader(f))[:ROWS + 1]

        # fuzz_csv: real exports, cut to a few rows, in the shapes offices send.
        for i, k in enumerate(KINDS):
            text = rows_text(tables[k])
            if i % 2 == 0:
                put("fuzz_csv", k + ".utf8bom.csv", b"\xef\xbb\xbf" + text.encode())
            else:
                put("fuzz_csv", k + ".cp1258.csv", rows_text(tables1258[k]).encode("cp1258"))
        put("fuzz_csv", "staff.semicolon-crlf.csv",
            rows_text(tables["staff"], ";", crlf=True).encode())
        put("fuzz_csv", "member.utf8.csv", rows_text(tables["member"]).encode())
        for lst in ("gender", "position", "help_category"):
            with open(os.path.join(ROOT, "assets", "lists", lst + ".csv"), "rb") as f:
                put("fuzz_csv", "list-" + lst + ".csv", f.read())
        edge = {
            "quoted.csv": b'a,"b ""q"" c","line\nbreak"\r\n"",x,\r\n',
            "unclosed.csv": b'a,b\n1,"open\n2,3\n',
            "after-quote.csv": b'"a"b,c\n',
            "bare-cr.csv": b"a,b\rc,d\r\re,f",
            "bom-only.csv": b"\xef\xbb\xbf",
            "not-bom.csv": b"\xef\xbb,x\n",
            "nul.csv": b"a\x00b,c\n",
        }
        for n, d in edge.items():
            put("fuzz_csv", n, d)

        # fuzz_form: the shipped forms and a few broken ones.
        fdir = os.path.join(ROOT, "forms")
        for n in sorted(os.listdir(fdir)):
            if n.endswith(".form"):
                with open(os.path.join(fdir, n), "rb") as f:
                    put("fuzz_form", n, f.read())
        put("fuzz_form", "bad-type.form",
            "form staff\ntitle.vi Cán bộ\nfield full_name\n  type bogus\n".encode())
        put("fuzz_form", "bom-crlf.form",
            "\ufeffform village\r\ntitle.vi Thôn\r\nfield name\r\n  type text\r\n"
            "  label.vi Tên\r\n  required có\r\n  max 10\r\n".encode())
        put("fuzz_form", "values.txt", "31/02/2026;Có;0912 345 678;2,5".encode())

        # fuzz_import: a config byte, then the file (see fuzz_import.c).
        for i, k in enumerate(KINDS):
            keep = [j for j, h in enumerate(tables[k][0]) if h not in RECORD_COLS]
            for enc, t in (("auto", tables), ("cp1258", tables1258)):
                text = rows_text([[r[j] for j in keep if j < len(r)] for r in t[k]])
                if enc == "auto":
                    data = bytes([i]) + b"\xef\xbb\xbf" + text.encode()
                else:
                    data = bytes([i | 2 << 3]) + text.encode("cp1258")
                put("fuzz_import", "%s.%s.csv" % (k, enc), data)
        put("fuzz_import", "staff.ids-skip-unit.csv",
            bytes([1 | 0x40 | 0x80]) + rows_text(tables["staff"]).encode())
        put("fuzz_import", "village.tcvn.csv",
            bytes([0 | 4 << 3]) + "Tên thôn\nThôn Mới\n".encode("utf-8"))

        # fuzz_package: one real package, cut short, and spelled out, signed
        # with the harness key (secret 01 02 ... 20, see fuzz_package.c).
        pkg = os.path.join(tmp, "p.zip")
        run(socds, "--db", db, "key", "show")   # makes the unit's key
        secret = bytes(range(1, 33))
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives import serialization
        pub = Ed25519PrivateKey.from_private_bytes(secret).public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        con = sqlite3.connect(db)
        con.execute("UPDATE signing_key SET public_key = ?, secret_key = ?", (pub, secret))
        con.commit()
        con.close()
        run(socds, "--db", db, "export", "package", "--out", pkg)
        with open(pkg, "rb") as f:
            whole = f.read()
        put("fuzz_package", "demo-21853.zip", whole)
        put("fuzz_package", "demo-21853-cut.zip", whole[:len(whole) // 2])
        with zipfile.ZipFile(pkg) as z:
            # "@@N@@" takes one digit: nine members at most (no audit.csv).
            names = [n for n in z.namelist() if n not in ("manifest.json", "audit.csv")]
            manifest = z.read("manifest.json").decode()
            members = []
            for n in names:
                data = z.read(n)
                if n.endswith(".csv"):          # a few rows are enough
                    data = b"\n".join(data.split(b"\n")[:ROWS + 1]) + b"\n"
                else:                           # the workbook is only checksummed
                    data = b"PK not really a workbook\n"
                members.append((n, data))
        man = json.loads(manifest)
        index = {n: i + 1 for i, (n, _) in enumerate(members)}
        man["files"] = [f for f in man.get("files", []) if f["file"] in index]
        for entry in man.get("tables", []) + man.get("files", []):
            entry["sha256"] = "@@%d@@" % index[entry["file"]]
        man["signer"]["public_key"] = "@@K@@"
        spelled = json.dumps(man, indent=2, ensure_ascii=False).encode()
        for n, data in members:
            spelled += b"\n--- " + n.encode() + b"\n" + data
        put("fuzz_package", "demo-21853.spelled", spelled)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
