#!/usr/bin/env python3
"""Reads a workbook written by `socds report --format xlsx` back with
openpyxl, an independent reader, and writes what it holds as plain text for
test_report.sh to compare with the CSV report and with sqlite3:

  OUT/sheets        sheet names, one a line, in workbook order
  OUT/setup         per sheet: name, paper size, orientation, fit to page (1/0)
  OUT/headfoot      per sheet: name, header left, centre, right, footer left,
                    centre, right (&P the page number)
  OUT/merged        per merged range: sheet name, range (A1:E1)
  OUT/sheetN.tsv    sheet N (1 = the first): per row that holds anything, the row
                    number, then cells A, B, C, ... tagged
  OUT/notnfc        strings that are not NFC (should be empty)

Cells are tagged with what a spreadsheet sees: n:30 a number shown as a
number, p:0.8667 a number with a percent format (a real fraction, not text),
s:text a string (backslash, tab and line ends escaped), empty for an empty
cell. Anything else (a date, a boolean, a formula) is x:repr.

Usage: read_report_xlsx.py FILE.xlsx OUTDIR
"""
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
    if isinstance(v, bool):
        return "x:%r" % v
    if isinstance(v, (int, float)):
        if "%" in (cell.number_format or ""):
            return "p:%.15g" % v
        return "n:%.15g" % v
    if isinstance(v, str):
        if v.startswith("="):
            return "x:" + esc(v)
        if unicodedata.normalize("NFC", v) != v:
            notnfc.append(v)
        return "s:" + esc(v)
    return "x:" + esc(repr(v))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: read_report_xlsx.py FILE.xlsx OUTDIR")
    path, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.load_workbook(path)
    notnfc = []
    with open(os.path.join(out, "sheets"), "w", encoding="utf-8") as f:
        for ws in wb.worksheets:
            f.write(ws.title + "\n")
    with open(os.path.join(out, "setup"), "w", encoding="utf-8") as f:
        for ws in wb.worksheets:
            ps = ws.page_setup
            fit = ws.sheet_properties.pageSetUpPr
            f.write("%s\t%s\t%s\t%d\n" % (ws.title, ps.paperSize or "", ps.orientation or "",
                                          1 if fit is not None and fit.fitToPage else 0))
    # OUT/headfoot: per sheet, the odd-page header and footer (left, centre,
    # right parts as openpyxl reads them; &P is the page number, &N the pages).
    with open(os.path.join(out, "headfoot"), "w", encoding="utf-8") as f:
        for ws in wb.worksheets:
            h, ft = ws.oddHeader, ws.oddFooter
            parts = [p.text or "" for p in (h.left, h.center, h.right, ft.left, ft.center,
                                            ft.right)]
            f.write("%s\t%s\n" % (ws.title, "\t".join(esc(p) for p in parts)))
    with open(os.path.join(out, "merged"), "w", encoding="utf-8") as f:
        for ws in wb.worksheets:
            for r in ws.merged_cells.ranges:
                f.write("%s\t%s\n" % (ws.title, r.coord))
    for n, ws in enumerate(wb.worksheets, 1):
        with open(os.path.join(out, "sheet%d.tsv" % n), "w", encoding="utf-8") as f:
            for row in ws.iter_rows():
                cells = [tag(c, notnfc) for c in row]
                while cells and cells[-1] == "":
                    cells.pop()
                if cells:
                    f.write("%d\t%s\n" % (row[0].row, "\t".join(cells)))
    with open(os.path.join(out, "notnfc"), "w", encoding="utf-8") as f:
        for s in notnfc:
            f.write(esc(s) + "\n")


if __name__ == "__main__":
    main()
