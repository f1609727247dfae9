#!/usr/bin/env python3
"""Reads a workbook written by `socds export xlsx` back with openpyxl, an
independent reader, and writes what it holds as plain text for
test_xlsx.sh to compare with sqlite3:

  OUT/sheets        sheet names, one a line, in workbook order
  OUT/info          per sheet: name, frozen cell, filter range, data rows
  OUT/summary       per summary row of a kind: title, row count, sheet
  OUT/sheetN.tsv    sheet N (1 = the summary): the header row, then the rows
  OUT/notnfc        strings that are not NFC (should be empty)

Cells are tagged with what Excel sees: d:2026-03-05 a date formatted
dd/mm/yyyy, D:... a date with another format, t:2026-03-05T07:30:15 a date
and time (a format with hours), n:12 a number, s:text a string (backslash, tab and line ends
escaped), empty for an empty cell.

Usage: read_xlsx.py FILE.xlsx OUTDIR
"""
import datetime
import os
import sys
import unicodedata

import openpyxl


def esc(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def tag(cell, notnfc):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        if "h" in cell.number_format:   # a date and time, to the second
            v = (v + datetime.timedelta(microseconds=500000)).replace(microsecond=0)
            return "t:" + v.isoformat()
        return ("d:" if cell.number_format == "dd/mm/yyyy" else "D:") + \
            v.date().isoformat()
    if isinstance(v, datetime.date):
        return "D:" + v.isoformat()
    if isinstance(v, bool):
        return "b:%d" % v
    if isinstance(v, (int, float)):
        return "n:%.15g" % v
    s = str(v)
    if unicodedata.normalize("NFC", s) != s:
        notnfc.append(s)
    return "s:" + esc(s)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: read_xlsx.py FILE.xlsx OUTDIR")
    path, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.load_workbook(path)
    notnfc = []
    names = wb.sheetnames
    with open(os.path.join(out, "sheets"), "w", encoding="utf-8") as f:
        for n in names:
            f.write(n + "\n")
    with open(os.path.join(out, "info"), "w", encoding="utf-8") as info:
        for i, ws in enumerate(wb.worksheets, 1):
            rows = list(ws.iter_rows())
            with open(os.path.join(out, "sheet%d.tsv" % i), "w", encoding="utf-8") as f:
                for r in rows:
                    f.write("\t".join(tag(c, notnfc) for c in r) + "\n")
            info.write("%s\t%s\t%s\t%d\n" % (ws.title, ws.freeze_panes or "",
                                             ws.auto_filter.ref or "",
                                             max(len(rows) - 1, 0)))
    # The summary: rows of a title, a count and the name of a sheet.
    with open(os.path.join(out, "summary"), "w", encoding="utf-8") as f:
        for r in wb.worksheets[0].iter_rows(values_only=True):
            if (len(r) >= 3 and isinstance(r[0], str) and isinstance(r[1], (int, float))
                    and r[2] in names):
                f.write("%s\t%d\t%s\n" % (r[0], r[1], r[2]))
    with open(os.path.join(out, "notnfc"), "w", encoding="utf-8") as f:
        for s in notnfc:
            f.write(esc(s) + "\n")


if __name__ == "__main__":
    main()
