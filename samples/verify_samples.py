#!/usr/bin/env python3
"""Check the rendered sample PDFs against expected.json with pdfplumber:
amounts on their pages, table titles on their pages, a grid found by extract_tables on
every table page, /Rotate pages, and the page count.  Exit 1 on any failure."""
import json
import os
import sys

import pdfplumber
import pypdf

HERE = os.path.dirname(os.path.abspath(__file__))
bad = 0
for d in json.load(open(os.path.join(HERE, "expected.json"), encoding="utf-8")):
    path = os.path.join(HERE, d["file"])
    rot = [i + 1 for i, p in enumerate(pypdf.PdfReader(path).pages) if p.rotation]
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        texts = {i + 1: pdf.pages[i].extract_text() or "" for i in range(n)}
        flat = {k: v.replace(" ", "").replace("\n", "") for k, v in texts.items()}
        probs = []
        if n != d["pages"]:
            probs.append("page count %d != %d" % (n, d["pages"]))
        if rot != d.get("rotated_pages", []):
            probs.append("rotated pages %s != %s" % (rot, d.get("rotated_pages")))
        for t in d["tables"]:
            if t["title"].replace(" ", "") not in flat[t["pages"][0]]:
                probs.append("title %r not on page %d" % (t["title"], t["pages"][0]))
            for p in t["pages"]:
                tabs = pdf.pages[p - 1].extract_tables()
                if not tabs or max(len(x) for x in tabs) < 2:
                    probs.append("no grid on page %d (%s)" % (p, t["kind"]))
        for a in d["amounts"]:
            if a["printed"] not in texts[a["page"]]:
                probs.append("amount %s not on page %d" % (a["printed"], a["page"]))
            cells = "".join(str(c) for tb in pdf.pages[a["page"] - 1].extract_tables() for r in tb for c in r
                            if c).replace("\n", "")
            if a["row"] and a["row"].replace(" ", "") not in flat[a["page"]] and a["row"] not in cells:
                probs.append("row label %r not on page %d" % (a["row"], a["page"]))
        for e in d["errors"]:
            if str(e["printed"]).rstrip("0").rstrip(".") not in texts[e["page"]]:
                probs.append("error value %s not on page %d" % (e["printed"], e["page"]))
    print("%-42s pages=%-3d tables=%-2d amounts=%-3d errors=%-3d rotated=%s %s" % (
        d["file"], n, len(d["tables"]), len(d["amounts"]), len(d["errors"]), rot,
        "OK" if not probs else "FAIL"))
    for p in probs:
        print("   ", p)
    bad += len(probs)
sys.exit(1 if bad else 0)
