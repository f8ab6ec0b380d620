"""Small reportlab layer used by make_samples.py: ruled grids with merged cells,
vertical header text, paginated tables with repeated headers, flowing narrative text,
landscape pages stored as portrait pages with /Rotate 90, and page furniture (— N —).

Everything is drawn as real text (embedded TrueType subset with a ToUnicode map) and
real line segments, so pdfplumber can extract both text and table grids."""
import os
import subprocess
import sys

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "WQY"


def find_font():
    """Locate WenQuanYi Zen Hei via fontconfig, else by walking the standard font dirs."""
    cand = ""
    try:
        cand = subprocess.run(["fc-match", "-f", "%{file}", "WenQuanYi Zen Hei"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        cand = ""
    if cand and "wqy-zenhei" in os.path.basename(cand).lower() and os.path.exists(cand):
        return cand
    for root in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        for dirpath, _dirs, files in sorted(os.walk(root)):
            for f in sorted(files):
                if f.lower().startswith("wqy-zenhei") and f.lower().endswith((".ttc", ".ttf")):
                    return os.path.join(dirpath, f)
    sys.exit("ERROR: font 'WenQuanYi Zen Hei' not found (fc-match and /usr/share/fonts). "
             "Install it with: apt-get install -y fonts-wqy-zenhei")


_registered = False


def register_font():
    global _registered
    if not _registered:
        path = find_font()
        kw = {"subfontIndex": 0} if path.lower().endswith(".ttc") else {}
        pdfmetrics.registerFont(TTFont(FONT, path, **kw))
        _registered = True


def sw(s, fs):
    return pdfmetrics.stringWidth(s, FONT, fs)


def wrap(text, width, fs):
    """Greedy character wrap (CJK friendly); honours explicit newlines."""
    out = []
    for para in str(text).split("\n"):
        if para == "":
            out.append("")
            continue
        line = ""
        for ch in para:
            if line and sw(line + ch, fs) > width:
                # keep ASCII words / numbers together when possible
                if ch.isascii() and ch not in " " and line and line[-1].isascii() and line[-1] != " ":
                    j = len(line)
                    while j > 0 and line[j - 1].isascii() and line[j - 1] != " ":
                        j -= 1
                    if j > 0:
                        out.append(line[:j].rstrip())
                        line = line[j:] + ch
                        continue
                out.append(line)
                line = ch.lstrip() if ch == " " else ch
            else:
                line += ch
        out.append(line)
    return out


class Cell:
    __slots__ = ("r", "c", "text", "rs", "cs", "al", "fs", "meta")

    def __init__(self, r, c, text, rs=1, cs=1, al="c", fs=None, meta=None):
        self.r, self.c, self.text, self.rs, self.cs, self.al, self.fs, self.meta = \
            r, c, "" if text is None else str(text), rs, cs, al, fs, meta


def grid_heights(cells, nrows, colx, fs, minh, fixed=None):
    h = list(fixed) if fixed else [minh] * nrows
    lead = lambda f: f * 1.28
    for cl in sorted(cells, key=lambda c: c.rs):
        f = cl.fs or fs
        w = colx[cl.c + cl.cs] - colx[cl.c] - 4
        need = len(wrap(cl.text, w, f)) * lead(f) + 5
        cur = sum(h[cl.r:cl.r + cl.rs])
        if need > cur:
            h[cl.r + cl.rs - 1] += need - cur
    return h


def draw_grid(c, cells, colx, heights, ytop, fs):
    for cl in cells:
        f = cl.fs or fs
        x = colx[cl.c]
        w = colx[cl.c + cl.cs] - x
        yt = ytop - sum(heights[:cl.r])
        hh = sum(heights[cl.r:cl.r + cl.rs])
        c.setLineWidth(0.6)
        c.rect(x, yt - hh, w, hh, stroke=1, fill=0)
        if not cl.text:
            continue
        lines = wrap(cl.text, w - 4, f)
        lead = f * 1.28
        top = yt - hh / 2 + len(lines) * lead / 2
        c.setFont(FONT, f)
        for i, ln in enumerate(lines):
            base = top - i * lead - (lead - f) / 2 - f * 0.86
            if cl.al == "l":
                c.drawString(x + 2.5, base, ln)
            elif cl.al == "r":
                c.drawRightString(x + w - 2.5, base, ln)
            else:
                c.drawCentredString(x + w / 2, base, ln)
    return sum(heights)


class Doc:
    """A PDF with a cursor; tracks physical page numbers and the text drawn on each page."""
    MARGIN = 42
    BOTTOM = 56

    def __init__(self, path, title, author, first_folio=1):
        register_font()
        self.path = path
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("samples/make_samples.py (reportlab)")
        self.page = 0
        self.folio_offset = first_folio - 1
        self.open = False
        self.page_text = {}
        self.rotated_pages = []
        self.orients = {}
        self.footer = True

    # ---- pages -------------------------------------------------------------
    def new_page(self, orient="portrait", footer=True):
        if self.open:
            self._finish()
        self.page += 1
        c = self.c
        if orient == "portrait":
            c.setPageSize(A4)
            c.setPageRotation(0)
            self.W, self.H = A4
        elif orient == "landscape":
            c.setPageSize(landscape(A4))
            c.setPageRotation(0)
            self.W, self.H = landscape(A4)
        elif orient == "rotated":
            # landscape content on a portrait MediaBox; /Rotate 90 makes it display upright
            # reportlab writes MediaBox [0 0 h w] when /Rotate is 90, so pass the landscape size
            # to obtain a portrait MediaBox (595 x 842); drawing space is the MediaBox space.
            c.setPageSize(landscape(A4))
            c.setPageRotation(90)
            c.saveState()
            c.transform(0, 1, -1, 0, A4[0], 0)
            self.W, self.H = A4[1], A4[0]
            self.rotated_pages.append(self.page)
        else:
            raise ValueError(orient)
        self.orient = orient
        self.orients[self.page] = orient
        self.footer = footer
        self.open = True
        self.y = self.H - self.MARGIN
        self.page_text.setdefault(self.page, "")

    def _finish(self):
        c = self.c
        if self.footer:
            c.setFont(FONT, 10)
            c.drawCentredString(self.W / 2, 26, "— %d —" % (self.page + self.folio_offset))
        if self.orient == "rotated":
            c.restoreState()
        c.showPage()
        self.open = False

    def save(self):
        if self.open:
            self._finish()
        self.c.save()

    def log(self, s):
        self.page_text[self.page] = self.page_text.get(self.page, "") + s

    def room(self, need):
        return self.y - need >= self.BOTTOM

    # ---- text --------------------------------------------------------------
    def text(self, s, fs=11, al="l", x=None, dy=None, indent=0.0):
        c = self.c
        c.setFont(FONT, fs)
        x0 = self.MARGIN if x is None else x
        width = self.W - 2 * self.MARGIN - indent
        lines = wrap(s, width, fs)
        lead = dy or fs * 1.75
        for i, ln in enumerate(lines):
            if not self.room(lead):
                self.new_page(self.orient if self.orient != "rotated" else "landscape")
                c.setFont(FONT, fs)
            self.y -= lead
            if al == "c":
                c.drawCentredString(self.W / 2, self.y, ln)
            elif al == "r":
                c.drawRightString(self.W - self.MARGIN, self.y, ln)
            else:
                c.drawString(x0 + (indent if i == 0 else 0), self.y, ln)
            self.log(ln)
        return lines

    def lr(self, left, right, fs=10):
        """One line with a left part and a right part (e.g. 部门：…  单位：万元)."""
        self.y -= fs * 1.8
        self.c.setFont(FONT, fs)
        self.c.drawString(self.MARGIN, self.y, left)
        self.c.drawRightString(self.W - self.MARGIN, self.y, right)
        self.log(left + right)

    def flow(self, items, orient="portrait"):
        """Narrative: list of (kind, text); kind in h/p/fig/title."""
        for k, t in items:
            if k == "title":
                self.y -= 10
                self.text(t, fs=16, al="c", dy=30)
            elif k == "h":
                big = t.startswith("第") and "部分" in t[:6]
                if not self.room(60):
                    self.new_page(orient)
                self.y -= 6
                self.text(t, fs=15 if big else 12.5, al="c" if big else "l", dy=28 if big else 22)
            elif k == "fig":
                self.text(t, fs=10, al="c", dy=22)
            else:
                self.text(t, fs=11, indent=22, dy=20)

    # ---- tables ------------------------------------------------------------
    def colx(self, weights, width=None):
        width = width or (self.W - 2 * self.MARGIN)
        tot = float(sum(weights))
        xs = [self.MARGIN]
        for w in weights:
            xs.append(xs[-1] + width * w / tot)
        return xs

    def block(self, cells, nrows, colx, fs=8, minh=15, fixed=None):
        """Draw a self-contained grid block at the cursor (no page break inside)."""
        hs = grid_heights(cells, nrows, colx, fs, minh, fixed)
        if not self.room(sum(hs)):
            self.new_page(self.orient if self.orient != "rotated" else "landscape")
        draw_grid(self.c, cells, colx, hs, self.y, fs)
        for cl in cells:
            self.log(cl.text.replace("\n", ""))
        self.y -= sum(hs)
        return hs

    def table(self, header, nh, rows, colx, fs=8, minh=15, hfixed=None, aligns=None,
              cont_orient=None, on_row=None):
        """header: list of Cell (rows 0..nh-1).  rows: list of lists of cell values; a value
        '<<' merges into the cell to its left.  Repeats the header on continuation pages.
        on_row(index, page) is called for every body row once placed."""
        ncol = len(colx) - 1
        aligns = aligns or ["l"] * ncol
        hh = grid_heights(header, nh, colx, fs, minh, hfixed)
        pages = set()

        def put_header():
            draw_grid(self.c, header, colx, hh, self.y, fs)
            for cl in header:
                self.log(cl.text.replace("\n", ""))
            self.y -= sum(hh)

        if not self.room(sum(hh) + minh):
            self.new_page(cont_orient or self.orient)
        put_header()
        pages.add(self.page)
        for i, row in enumerate(rows):
            cells = []
            j = 0
            while j < ncol:
                cs = 1
                while j + cs < ncol and row[j + cs] == "<<":
                    cs += 1
                al = aligns[j] if cs == 1 else "l"
                cells.append(Cell(0, j, row[j], cs=cs, al=al))
                j += cs
            rh = grid_heights(cells, 1, colx, fs, minh)
            if not self.room(sum(rh)):
                self.new_page(cont_orient or ("landscape" if self.orient == "rotated" else self.orient))
                put_header()
                pages.add(self.page)
            draw_grid(self.c, cells, colx, rh, self.y, fs)
            for cl in cells:
                self.log(cl.text.replace("\n", ""))
            self.y -= sum(rh)
            if on_row:
                on_row(i, self.page)
        return sorted(pages)
