#!/usr/bin/env python3
"""Rebuilds the Quảng Nam (QN-) and Tây Ninh (TN-) rows of tasks.csv from the seeds.

Usage: python3 extract_seed_tasks.py SEEDS_DIR > rows.csv
SEEDS_DIR holds 003_c6bff0482a8b4143.txt and 004_1ba0a071594cb17b.txt. The rows are
written as tasks.csv holds them (RFC 4180, CRLF, NFC, no header): Quảng Nam's, then
Tây Ninh's. The level column follows the rule table of SOURCE.md (the same rule as
tl_rules in src/model/tasks.c; test_tasks checks the file against the C one).
Python 3, standard library only. See SOURCE.md for what was taken and why.
"""
import csv, os, re, sys, unicodedata

def fold(s):
    s = unicodedata.normalize('NFD', s.replace('đ','d').replace('Đ','D'))
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()
    return ' ' + ' '.join(re.findall(r'[a-z0-9]+', s)) + ' '
def level(title, lead, coord):
    ft, fl, fc = fold(title), fold(lead), fold(coord)
    only = 0; lv = 0
    for w in ['trinh ubnd tinh','trinh uy ban nhan dan tinh','trinh hdnd tinh','trinh hoi dong nhan dan tinh','doan cong tac']:
        if f' {w} ' in ft: only |= 1
    for w, v in [('dia phuong',6),('cap huyen',2),('cac huyen',2),('cap xa',4),('cac xa',4)]:
        if f' {w} ' in fl or f' {w} ' in fc: lv |= v
    for w, v in [('so',1),('tinh',1),('cac cap',7)]:
        if f' {w} ' in fl: lv |= v
    if only: lv = only
    elif not lv: lv = 1
    return lv
def lvstr(v): return ','.join(n for b, n in [(1,'province'),(2,'district'),(4,'commune')] if v & b)

import csv, sys, unicodedata
def emit(rows, plan, prov):
    out = []
    for r in rows:
        code = r[0]
        leaf = not any(x[1] == code for x in rows)
        v = level(r[2], r[3], r[4]) if leaf else 0
        out.append([code, plan, r[1], r[2], r[3], r[4], r[5], r[6], v, prov])
    for r in reversed(out):
        if r[8] == 0:
            v = 0
            for x in out:
                if x[2] == r[0]: v |= x[8]
            r[8] = v
    for r in out: r[8] = lvstr(r[8])
    w = csv.writer(sys.stdout, lineterminator='\r\n')
    for r in out:
        w.writerow([unicodedata.normalize('NFC', x) for x in r])


def read(seeds, name):
    return open(os.path.join(seeds, name), encoding='utf-8').read().split('\n')


def quangnam(seeds):
    L = read(seeds, '003_c6bff0482a8b4143.txt')
    def span(a, b):
        """lines a..b joined with one space, blank lines skipped."""
        return re.sub(r'\s+', ' ', ' '.join(L[i-1].strip() for i in range(a, b+1) if L[i-1].strip())).strip()
    def after(s, label):
        s = s.strip()
        i = s.index(label); return s[i+len(label):].strip()
    def lbl(a, b, label, stop=True):
        s = after(span(a, b), label)
        return re.sub(r'\s*\.$', '', s) if stop else s
    rows = []
    def add(code, parent, title, lead='', coord='', result='', due=''):
        rows.append([code, parent, title, lead, coord, result, due])
    add('QN-1', '', after(span(172, 174), '1.'), lbl(203, 203, 'Cơ quan chủ trì:'), lbl(204, 205, 'Cơ quan phối hợp:'),
        lbl(208, 210, 'Kết quả:', False), lbl(207, 207, 'Thời gian hoàn thành:'))
    add('QN-2', '', after(span(211, 215), '2.'), lbl(245, 245, 'Cơ quan chủ trì:'), lbl(246, 246, 'Cơ quan phối hợp:'),
        lbl(248, 251, 'Kết quả:', False), lbl(247, 247, 'Thời gian thực hiện:'))
    add('QN-3', '', after(span(253, 258), '3.'), lbl(270, 270, 'Cơ quan chủ trì:'), lbl(271, 271, 'Cơ quan phối hợp:'),
        lbl(273, 275, 'Kết quả:', False), lbl(272, 272, 'Thời gian hoàn thành:'))
    add('QN-4', '', after(span(276, 276), '4.'), lbl(285, 285, 'Cơ quan chủ trì:'), lbl(286, 286, 'Cơ quan phối hợp:'),
        lbl(288, 290, 'Kết quả:', False), lbl(287, 287, 'Thời gian thực hiện:'))
    add('QN-5', '', after(span(291, 293), '5.'))
    add('QN-5.1', 'QN-5', after(span(294, 298), '5.1.'), lbl(300, 300, 'a) Cơ quan chủ trì:'),
        lbl(301, 303, 'b) Cơ quan phối hợp:'), lbl(305, 305, 'd) Kết quả:', False), lbl(304, 304, 'c) Thời gian thực hiện:'))
    add('QN-5.2', 'QN-5', after(span(306, 309), '5.2.'), lbl(311, 311, 'a) Cơ quan chủ trì:'),
        lbl(312, 314, 'b) Cơ quan phối hợp:'), lbl(316, 318, 'd) Kết quả:', False), lbl(315, 315, 'c) Thời gian thực hiện:'))
    add('QN-5.3', 'QN-5', after(span(319, 322), '5.3.'), lbl(324, 324, 'a) Cơ quan chủ trì:'),
        lbl(325, 327, 'b) Cơ quan phối hợp:'), lbl(329, 331, 'd) Kết quả:', False), lbl(328, 328, 'c) Thời gian thực hiện:'))
    add('QN-5.4', 'QN-5', after(span(332, 335), '5.4)'), lbl(337, 337, 'a) Cơ quan chủ trì:'),
        lbl(338, 338, 'b) Cơ quan phối hợp:'), lbl(340, 340, 'd) Kết quả:', False), lbl(339, 339, 'c) Thời gian thực hiện:'))
    add('QN-6', '', after(span(341, 341), '6.'), lbl(352, 352, 'a) Cơ quan chủ trì:'),
        lbl(353, 355, 'b) Cơ quan phối hợp:'), lbl(357, 357, 'd) Kết quả:', False), lbl(356, 356, 'c) Thời gian thực hiện:'))
    add('QN-7', '', after(span(358, 361), '7.'), lbl(363, 363, 'a) Cơ quan chủ trì:'),
        lbl(364, 364, 'b) Cơ quan phối hợp:'), lbl(366, 368, 'd) Kết quả:', False), lbl(365, 365, 'c) Thời gian thực hiện:'))
    emit(rows, 'quangnam-1690-2024', '49')


def tayninh(seeds):
    L = read(seeds, '004_1ba0a071594cb17b.txt')
    def ln(n): return L[n-1]
    def clean(s):
        s = s.replace('**', '').strip()
        s = re.sub(r'\s+', ' ', s)
        return s
    def field(n, label):
        s = clean(ln(n)); assert s.startswith(label), (n, s)
        s = s[len(label):].strip()
        s = re.sub(r'\s*\.$', '', s)   # the sentence's full stop
        return s
    def item(n, marker):
        s = clean(ln(n)); assert s.startswith(marker), (n, s)
        return s[len(marker):].strip()
    def task(code, parent, title, a):
        if a is None: return [code, parent, title, '', '', '', '']
        lead = field(a[0], 'Đơn vị chủ trì:'); coord = field(a[1], 'Đơn vị phối hợp:')
        due = field(a[2], 'Thời gian hoàn thành:') if a[2] else ''
        return [code, parent, title, lead, coord, '', due]
    rows = []
    rows.append(task('TN-1', '', item(47, '1.'), (49, 51, 53)))
    rows.append(task('TN-2', '', item(55, '2.'), None))
    rows.append(task('TN-2.1', 'TN-2', clean(ln(57)).replace('### ', '').replace('2.1 ', ''), None))
    rows.append(task('TN-2.1.a', 'TN-2.1', item(59, 'a)'), (61, 63, 65)))
    rows.append(task('TN-2.1.b', 'TN-2.1', item(67, 'b)'), (69, 71, 73)))
    rows.append(task('TN-2.1.c', 'TN-2.1', item(75, 'c)'), (77, 79, 81)))
    rows.append(task('TN-2.2', 'TN-2', clean(ln(83)).replace('## ', '').replace('2.2 ', ''), None))
    rows.append(task('TN-2.2.a', 'TN-2.2', item(85, 'a)'), (87, 89, 91)))
    rows.append(task('TN-2.2.b', 'TN-2.2', item(93, 'b)'), (95, 97, 99)))
    rows.append(task('TN-2.3', 'TN-2', clean(ln(103)), (105, 107, 109)))
    rows.append(task('TN-3', '', item(111, '3.'), (113, 115, 117)))
    rows.append(task('TN-4', '', item(119, '4.'), None))
    rows.append(task('TN-4.a', 'TN-4', item(121, 'a)'), (123, 125, 127)))
    rows.append(task('TN-4.b', 'TN-4', item(129, 'b)'), (131, 133, 135)))
    rows.append(task('TN-5', '', item(137, '5.'), None))
    rows.append(task('TN-5.a', 'TN-5', item(139, 'a)'), (141, 143, 145)))
    rows.append(task('TN-5.b', 'TN-5', clean(item(147, 'b)') + ' ' + clean(ln(149))), (151, 153, 155)))
    rows.append(task('TN-5.c', 'TN-5', item(157, 'c)'), (159, 161, 163)))
    rows.append(task('TN-5.d', 'TN-5', item(165, 'd)'), (167, 169, 171)))
    rows.append(task('TN-6', '', item(173, '6.'), (187, 189, 191)))
    rows.append(task('TN-6c', '', re.sub(r':$', '', item(193, 'c)')), (195, 197, 199)))
    rows.append(task('TN-7', '', item(201, '7.'), (203, 205, None)))
    emit(rows, 'tayninh-1690-2024', '72')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: extract_seed_tasks.py SEEDS_DIR')
    quangnam(sys.argv[1])
    tayninh(sys.argv[1])
