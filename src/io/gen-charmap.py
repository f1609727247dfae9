#!/usr/bin/env python3
"""gen-charmap: C tables for CP1258, VISCII and TCVN 5712 from glibc's charmaps
and Unicode's data, so that socds converts them without iconv (Windows) and
gives the bytes glibc's iconv gives (test/unit/test_charmap.c checks every
character against iconv on Linux).

    gen-charmap.py OUT.c UnicodeData.txt CompositionExclusions.txt \\
        NAME:CHARMAP[:decompose] ...

NAME is the C name (charmap_NAME), CHARMAP a glibc charmap (.gz or plain).
What glibc does beyond its charmaps, found by trying every character with
iconv(1) on glibc 2.36, and reproduced from Unicode's data here:
- Encoding (":decompose", CP1258): a character with no byte of its own is
  written as a letter of the encoding plus one of its combining marks: the
  first mark, in the character's canonical decomposition, that leaves a
  letter of the encoding when taken out (U+1E4D o-tilde-acute -> o-acute +
  tilde); a character that decomposes to one combining mark alone (U+0340)
  is that mark. TCVN's charmap lists its two-byte letters itself.
- Decoding: a letter followed by a combining mark becomes one character when
  Unicode composes the two, or when the pair is what the rule above writes
  for that character (o-acute + tilde -> U+1E4D). Every character from the
  first letter of these pairs to the last (U+0041..U+01B0) is held back until
  the next byte comes, 'x' as well as 'a'.
"""
import gzip
import sys


def read_charmap(path):
    opener = gzip.open if path.endswith(".gz") else open
    name, enc = None, {}
    escape, comment = "\\", "#"
    inside = False
    with opener(path, "rt", encoding="ascii", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("<escape_char>"):
                escape = line.split()[1]
            elif line.startswith("<comment_char>"):
                comment = line.split()[1]
            elif line.startswith("<code_set_name>"):
                name = line.split()[1]
            elif line.strip() == "CHARMAP":
                inside = True
            elif line.startswith("END CHARMAP"):
                inside = False
            elif inside and line.startswith("<U") and not line.startswith(comment):
                sym, seq = line.split()[:2]
                if ".." in sym:
                    raise SystemExit("%s: ranges are not handled: %s" % (path, line))
                cp = int(sym[2:-1], 16)
                bs = bytes(int(x, 16) for x in seq.split(escape + "x")[1:])
                if cp in enc:
                    raise SystemExit("%s: U+%04X twice" % (path, cp))
                enc[cp] = bs
    if name is None or not enc:
        raise SystemExit("%s: not a charmap" % path)
    return name, enc


def read_unicode(path):
    ccc, decomp = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fld = line.split(";")
            cp = int(fld[0], 16)
            ccc[cp] = int(fld[3])
            if fld[5] and not fld[5].startswith("<"):
                decomp[cp] = [int(x, 16) for x in fld[5].split()]
    return ccc, decomp


def read_exclusions(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                out.add(int(line.split()[0], 16))
    return out


def full_decomp(cp, decomp, ccc):
    """The canonical decomposition of cp, marks in canonical order."""
    if cp not in decomp:
        return [cp]
    seq = []
    for c in decomp[cp]:
        seq.extend(full_decomp(c, decomp, ccc))
    return canonical(seq, ccc)


def build(charmap, decompose, ccc, decomp, excl):
    name, enc = charmap
    single = {cp: bs[0] for cp, bs in enc.items() if len(bs) == 1}
    dec = [None] * 256
    for cp, b in single.items():
        if dec[b] is not None:
            raise SystemExit("%s: byte 0x%02X twice" % (name, b))
        dec[b] = cp
    marks = {cp for cp in single if ccc.get(cp, 0) != 0}
    # A letter of the encoding by its decomposition.
    by_decomp = {tuple(full_decomp(cp, decomp, ccc)): cp for cp in single}

    def split(cp):
        """(letter, mark) that the rule writes for cp, or None."""
        d = full_decomp(cp, decomp, ccc)
        for i in range(1, len(d)):
            if d[i] in marks:
                rest = tuple(d[:i] + d[i + 1:])
                if rest in by_decomp:
                    return by_decomp[rest], d[i]
        return None

    encode = dict(enc)
    if decompose:
        for cp in sorted(decomp):
            if cp in encode:
                continue
            d = full_decomp(cp, decomp, ccc)
            if len(d) == 1 and d[0] in marks:
                encode[cp] = bytes([single[d[0]]])
                continue
            s = split(cp)
            if s is not None:
                encode[cp] = bytes([single[s[0]], single[s[1]]])

    # Characters a letter and a mark compose to: not excluded from
    # composition, not a singleton.
    composable = [cp for cp, d in decomp.items()
                  if len(d) > 1 and cp not in excl and ccc.get(d[0], 0) == 0]
    by_full = {tuple(full_decomp(cp, decomp, ccc)): cp for cp in composable}
    comp = {}

    def add(base, mark, cp):
        if comp.get((base, mark), cp) != cp:
            raise SystemExit("%s: U+%04X U+%04X composes to U+%04X and U+%04X" %
                             (name, base, mark, comp[(base, mark)], cp))
        comp[(base, mark)] = cp

    for base in single:
        if base in marks:
            continue
        fd = full_decomp(base, decomp, ccc)
        for mark in marks:
            want = tuple(canonical(fd + [mark], ccc))
            if want in by_full:
                add(base, mark, by_full[want])
    for cp in composable:
        s = split(cp)
        if s is not None:
            add(s[0], s[1], cp)
    return name, dec, encode, comp


def canonical(seq, ccc):
    """Canonical ordering: each run of marks stably sorted by class."""
    out, run = [], []
    for c in seq:
        if ccc.get(c, 0) == 0:
            out.extend(sorted(run, key=lambda m: ccc[m]))
            run = []
            out.append(c)
        else:
            run.append(c)
    out.extend(sorted(run, key=lambda m: ccc[m]))
    return out


def emit(out, cname, table):
    name, dec, encode, comp = table
    w = out.write
    w("\n/* %s: %d bytes, %d characters written, %d compositions read. */\n" %
      (name, sum(d is not None for d in dec), len(encode), len(comp)))
    w("static const struct charmap_enc %s_enc[] = {\n" % cname)
    for cp in sorted(encode):
        bs = encode[cp]
        w("\t{ 0x%04X, %d, { 0x%02X, 0x%02X } },\n" %
          (cp, len(bs), bs[0], bs[1] if len(bs) > 1 else 0))
    w("};\n")
    if comp:
        w("static const struct charmap_comp %s_comp[] = {\n" % cname)
        for (base, mark) in sorted(comp):
            w("\t{ 0x%04X, 0x%04X, 0x%04X },\n" % (base, mark, comp[(base, mark)]))
        w("};\n")
    w("const struct charmap charmap_%s = {\n\t\"%s\",\n\t{\n" % (cname, name))
    for row in range(0, 256, 8):
        w("\t\t" + " ".join("CHARMAP_NONE," if d is None else "0x%04X," % d
                            for d in dec[row:row + 8]) + "\n")
    w("\t},\n\t%s_enc, sizeof %s_enc / sizeof %s_enc[0],\n" % (cname, cname, cname))
    if comp:
        bases = [base for (base, mark) in comp]
        marks = [mark for (base, mark) in comp]
        w("\t%s_comp, sizeof %s_comp / sizeof %s_comp[0],\n" % (cname, cname, cname))
        w("\t0x%04X, 0x%04X,\n\t0x%04X, 0x%04X,\n};\n" %
          (min(bases), max(bases), min(marks), max(marks)))
    else:
        w("\tNULL, 0,\n\t1, 0,\n\t1, 0,\n};\n")


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    out_path, ud_path, ex_path = argv[1:4]
    ccc, decomp = read_unicode(ud_path)
    excl = read_exclusions(ex_path)
    tables = []
    for spec in argv[4:]:
        parts = spec.split(":")
        cname, path = parts[0], parts[1]
        decompose = len(parts) > 2 and parts[2] == "decompose"
        tables.append((cname, build(read_charmap(path), decompose, ccc, decomp, excl)))
    with open(out_path, "w", encoding="ascii") as out:
        out.write("/* Generated by src/io/gen-charmap.py from glibc's charmaps and Unicode's\n"
                  " * data at build time: do not edit, do not commit. */\n"
                  "#include <stddef.h>\n\n#include \"socds/charmap.h\"\n")
        for cname, table in tables:
            emit(out, cname, table)


if __name__ == "__main__":
    main(sys.argv)
