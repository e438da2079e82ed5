//! A small PDF 1.4 writer for letters: A4 pages, Helvetica and Helvetica-Bold (two of the 14
//! standard fonts every reader has, so nothing is embedded), WinAnsi text, greedy line wrapping
//! on the fonts' own widths, new pages as the text runs down, "page n of m" footers and an exact
//! cross-reference table.
//!
//! Nothing varies between runs — no creation date, no random file id — so the same text gives
//! the same bytes and the same SHA-256. Lengths are whole thousandths of a point throughout, so
//! no float formatting is involved.

use std::fmt::Write as _;

/// A4 in points.
const PAGE_WIDTH: i64 = 595;
const PAGE_HEIGHT: i64 = 842;
const MARGIN: i64 = 56;
const TOP: i64 = PAGE_HEIGHT - MARGIN;
/// Room kept at the foot of each page for the footer.
const BOTTOM: i64 = MARGIN + 20;

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Heading,
    Subheading,
    Body,
    Strong,
}

impl Style {
    fn size(self) -> i64 {
        match self {
            Style::Title => 16,
            Style::Heading => 13,
            Style::Subheading | Style::Body | Style::Strong => 11,
        }
    }
    fn bold(self) -> bool {
        !matches!(self, Style::Body)
    }
    fn leading(self) -> i64 {
        self.size() + self.size() / 3 + 1
    }
}

/// Helvetica widths (thousandths of an em) for codes 32–126, from the standard Adobe metrics.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica-Bold widths for codes 32–126.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// The WinAnsiEncoding byte for a character; `?` for one it cannot show.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '\t' => b' ',
        _ => b'?',
    }
}

/// Width of one encoded byte, in thousandths of an em. Characters outside ASCII that the table
/// does not list are taken as wide, so a line is never set longer than the page.
fn width(b: u8, bold: bool) -> i64 {
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    let w = match b {
        32..=126 => table[usize::from(b - 32)],
        0x85 | 0x97 => 1000,
        0x91 | 0x92 => {
            if bold {
                278
            } else {
                222
            }
        }
        0x93 | 0x94 => {
            if bold {
                500
            } else {
                333
            }
        }
        0x95 => 350,
        0x96 | 0xA3 | 0x80 => 556,
        0xA0 => 278,
        _ => 722,
    };
    i64::from(w)
}

/// Text width in thousandths of a point.
fn text_width(bytes: &[u8], style: Style) -> i64 {
    bytes
        .iter()
        .map(|&b| width(b, style.bold()) * style.size())
        .sum()
}

/// `n` thousandths of a point as a PDF number: `56`, `71.5`, `480.123`.
fn pt(milli: i64) -> String {
    let (whole, frac) = (milli.div_euclid(1000), milli.rem_euclid(1000));
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:03}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// A PDF literal string: `(`, `)` and `\` escaped, anything outside printable ASCII as octal.
fn literal(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            32..=126 => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push(')');
    s
}

/// Splits encoded text into lines no wider than `avail` (thousandths of a point), at spaces
/// where it can, mid-word where one word is wider than the line.
fn wrap(bytes: &[u8], style: Style, avail: i64) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in bytes.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if text_width(&candidate, style) <= avail {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: break it if it is still too wide.
        for &b in word {
            line.push(b);
            if text_width(&line, style) > avail && line.len() > 1 {
                let last = line.pop().unwrap_or(b' ');
                lines.push(std::mem::replace(&mut line, vec![last]));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A document being set, page by page.
#[derive(Debug, Clone)]
pub struct Pdf {
    title: String,
    lang: String,
    footer: String,
    pages: Vec<String>,
    page: String,
    /// The baseline of the next line, in points from the foot of the page.
    y: i64,
}

impl Pdf {
    /// A new document. `title` goes in the document information (and is shown by readers);
    /// `lang` is the natural language (e.g. `en-GB`); `footer` starts every page's footer line.
    pub fn new(title: &str, lang: &str, footer: &str) -> Pdf {
        Pdf {
            title: title.to_string(),
            lang: lang.to_string(),
            footer: footer.to_string(),
            pages: Vec::new(),
            page: String::new(),
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
        self.y = TOP;
    }

    /// Room for one line of `style`, starting a new page if there is none.
    fn line_room(&mut self, style: Style) {
        if self.y - style.leading() < BOTTOM {
            self.new_page();
        }
        self.y -= style.leading();
    }

    fn show(&mut self, style: Style, x_milli: i64, bytes: &[u8]) {
        let font = if style.bold() { "F2" } else { "F1" };
        let _ = writeln!(
            self.page,
            "BT /{font} {} Tf {} {} Td {} Tj ET",
            style.size(),
            pt(x_milli),
            self.y,
            literal(bytes)
        );
    }

    /// A paragraph, wrapped to the page, indented by `indent` points.
    pub fn text(&mut self, style: Style, indent: i64, text: &str) {
        self.item(style, indent, "", text);
    }

    /// A list item: `marker` (e.g. `1.` or a bullet) hangs at `indent`, the text wraps 18 points
    /// further in. With an empty marker this is a plain paragraph.
    pub fn item(&mut self, style: Style, indent: i64, marker: &str, text: &str) {
        let hang = if marker.is_empty() { 0 } else { 18 };
        let x = (MARGIN + indent + hang) * 1000;
        let avail = (PAGE_WIDTH - MARGIN) * 1000 - x;
        for (n, para) in text.split('\n').enumerate() {
            let bytes: Vec<u8> = para.chars().map(win_ansi).collect();
            for (i, line) in wrap(&bytes, style, avail).iter().enumerate() {
                self.line_room(style);
                if n == 0 && i == 0 && !marker.is_empty() {
                    let m: Vec<u8> = marker.chars().map(win_ansi).collect();
                    self.show(style, (MARGIN + indent) * 1000, &m);
                }
                self.show(style, x, line);
            }
        }
    }

    /// Two columns on one line: `left` at `indent`, `right` set flush with the right margin
    /// (amounts in a table).
    pub fn columns(&mut self, style: Style, indent: i64, left: &str, right: &str) {
        let r: Vec<u8> = right.chars().map(win_ansi).collect();
        let right_x = (PAGE_WIDTH - MARGIN) * 1000 - text_width(&r, style);
        let l: Vec<u8> = left.chars().map(win_ansi).collect();
        let avail = right_x - (MARGIN + indent) * 1000 - 12_000;
        let lines = wrap(&l, style, avail.max(1000));
        for (i, line) in lines.iter().enumerate() {
            self.line_room(style);
            self.show(style, (MARGIN + indent) * 1000, line);
            if i == 0 {
                self.show(style, right_x, &r);
            }
        }
    }

    /// Starts a new page unless `points` of room remain — so a heading is not left alone at the
    /// foot of a page.
    pub fn keep(&mut self, points: i64) {
        if self.y - points < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    /// Vertical space, in points (not carried over to a new page).
    pub fn gap(&mut self, points: i64) {
        self.y = (self.y - points).max(BOTTOM);
    }

    /// The finished file.
    pub fn finish(mut self) -> Vec<u8> {
        if !self.page.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let count = self.pages.len();
        let mut objects: Vec<String> = Vec::new();
        // 1 catalog, 2 page tree, 3–4 fonts, 5 document information, then a page and its
        // contents for each page.
        objects.push(format!(
            "<< /Type /Catalog /Pages 2 0 R /Lang {} /ViewerPreferences << /DisplayDocTitle true >> >>",
            literal(self.lang.as_bytes())
        ));
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        objects.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {count} /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] >>",
            kids.join(" ")
        ));
        for font in ["Helvetica", "Helvetica-Bold"] {
            objects.push(format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
            ));
        }
        let title: Vec<u8> = self.title.chars().map(win_ansi_to_pdfdoc).collect();
        objects.push(format!(
            "<< /Title {} /Producer (HomeSafe) >>",
            literal(&title)
        ));
        let pages = std::mem::take(&mut self.pages);
        for (i, content) in pages.iter().enumerate() {
            let mut content = content.clone();
            let footer = format!("{} \u{2014} page {} of {count}", self.footer, i + 1);
            let bytes: Vec<u8> = footer.chars().map(win_ansi).collect();
            let _ = writeln!(
                content,
                "BT /F1 9 Tf {} {} Td {} Tj ET",
                MARGIN,
                MARGIN,
                literal(&bytes)
            );
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            ));
            objects.push(format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ));
        }

        // The header's second line marks the file as binary for transfer programs.
        let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for o in offsets {
            // Each entry is exactly 20 bytes, ending in space and newline.
            let _ = writeln!(table, "{o:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.extend_from_slice(table.as_bytes());
        out
    }
}

/// Document information strings use PDFDocEncoding, which differs from WinAnsi in 0x80–0x9F:
/// keep the title to characters both agree on.
fn win_ansi_to_pdfdoc(c: char) -> u8 {
    match c {
        '–' | '—' => b'-',
        '‘' | '’' => b'\'',
        '“' | '”' => b'"',
        _ => match win_ansi(c) {
            0x80..=0x9f => b'?',
            b => b,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_floats() {
        assert_eq!(pt(56_000), "56");
        assert_eq!(pt(71_500), "71.5");
        assert_eq!(pt(480_123), "480.123");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(literal(b"a(b)c\\"), "(a\\(b\\)c\\\\)");
        assert_eq!(literal(&[0xA3, b'5']), "(\\2435)");
        assert_eq!(win_ansi('£'), 0xA3);
        assert_eq!(win_ansi('—'), 0x97);
        assert_eq!(win_ansi('漢'), b'?');
    }

    #[test]
    fn lines_wrap_within_the_measure() {
        let text: Vec<u8> = "the quick brown fox jumps over the lazy dog "
            .repeat(10)
            .bytes()
            .collect();
        let avail = 200_000;
        let lines = wrap(&text, Style::Body, avail);
        assert!(lines.len() > 5);
        for l in &lines {
            assert!(
                text_width(l, Style::Body) <= avail,
                "{:?}",
                String::from_utf8_lossy(l)
            );
            assert!(!l.starts_with(b" ") && !l.ends_with(b" "));
        }
        let long = vec![b'W'; 100];
        let broken = wrap(&long, Style::Strong, 50_000);
        assert!(broken.len() > 1);
        assert_eq!(broken.iter().map(Vec::len).sum::<usize>(), 100);
    }
}
