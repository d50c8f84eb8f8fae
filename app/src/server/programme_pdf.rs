//! The published programme as a PDF, made by the server (krilla, no browser): a title page with
//! the table of contents and page numbers, the sections with wrapped text, "Seite n von m" on
//! every page, bookmarks. DejaVu Sans (Debian `fonts-dejavu-core`) carries the umlauts. The
//! layout engine (sections, text, tables, cover, footers) serves the Sachstandsbericht too.
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{date_de, euro_de};
use crate::domain::programme::{FundingSource, PublishedProgramme};
use crate::error::AppError;
use std::path::Path;

/// Where Debian puts DejaVu Sans.
pub const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const LEFT: f32 = 62.0;
const RIGHT: f32 = PAGE_WIDTH - 62.0;
const TOP: f32 = 64.0;
/// Text stops here; the page number sits below.
const BOTTOM: f32 = PAGE_HEIGHT - 70.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Section,
    Sub,
    Strong,
    Body,
    Small,
    /// Table headers.
    Head,
}

impl Style {
    pub(crate) fn size(self) -> f32 {
        match self {
            Style::Title => 22.0,
            Style::Section => 15.0,
            Style::Sub => 12.0,
            Style::Strong | Style::Body => 10.5,
            Style::Small | Style::Head => 9.0,
        }
    }

    fn bold(self) -> bool {
        matches!(
            self,
            Style::Title | Style::Section | Style::Sub | Style::Strong | Style::Head
        )
    }

    fn leading(self) -> f32 {
        self.size() * 1.4
    }
}

/// One line of text placed on a page (y is the baseline, from the top).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub style: Style,
    pub text: String,
    /// Where the line belongs in the document's structure, or which artifact it is.
    pub role: Role,
}

/// A line is part of a structure element (by index into `Layout::elements`) or an artifact that
/// screen readers skip: the page footers and a table's header row repeated on a new page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Content(usize),
    Footer,
    RepeatedHeader,
}

/// What a structure element is (the tags of a tagged PDF, PDF/UA-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading(u16),
    Paragraph,
    Table,
    Caption,
    Row,
    ColumnHeader,
    RowHeader,
    Cell,
    List,
    Item,
    Label,
    ItemBody,
    Contents,
    ContentsItem,
}

/// A part of an element: one of its lines, or an element inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Line { page: usize, index: usize },
    Element(usize),
}

/// A structure element with its parts in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: Kind,
    pub children: Vec<Child>,
    /// A heading's text (PDF/UA wants it as the heading's title).
    pub title: Option<String>,
}

/// A section in the table of contents: title, page index (0 = title page), top of the heading.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// The laid-out document: pages of lines, the first one being title page and contents.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub pages: Vec<Vec<Line>>,
    pub toc: Vec<TocEntry>,
    /// The structure tree: every element, and the top-level ones in reading order.
    pub elements: Vec<Element>,
    pub roots: Vec<usize>,
    /// The list that consecutive bullets go into.
    list: Option<usize>,
    y: f32,
}

/// Text widths from the font's advances (no kerning; enough to wrap lines).
pub trait Measure {
    fn width(&self, text: &str, style: Style) -> f32;
}

struct FaceMeasure<'a> {
    regular: ttf_parser::Face<'a>,
    bold: ttf_parser::Face<'a>,
}

impl Measure for FaceMeasure<'_> {
    fn width(&self, text: &str, style: Style) -> f32 {
        let face = if style.bold() {
            &self.bold
        } else {
            &self.regular
        };
        let units = f32::from(face.units_per_em());
        let advance: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(units / 2.0, f32::from)
            })
            .sum();
        advance * style.size() / units
    }
}

/// Splits a text into lines that fit `width`; words longer than a line are cut.
fn wrap(text: &str, width: f32, style: Style, measure: &dyn Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if measure.width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if measure.width(&piece, style) > width {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Space between table columns.
const CELL_GAP: f32 = 6.0;

/// The widths of a table's columns in `total`: each at least as wide as its longest word (so
/// that no word is broken, "Veröffentlicht" not as "Veröffentlich-t"), then as wide as its
/// longest cell, the columns that want least first. Where the longest words do not fit side
/// by side, the first column (it names the row) gets 30 % and the others share the rest.
fn column_widths(
    table: &crate::domain::status_report::ReportTable,
    total: f32,
    measure: &dyn Measure,
) -> Vec<f32> {
    let columns = table.headers.len().max(1);
    let mut least = vec![CELL_GAP; columns];
    let mut wanted = vec![CELL_GAP; columns];
    let rows = std::iter::once((&table.headers, Style::Head))
        .chain(table.rows.iter().map(|row| (row, Style::Body)));
    for (row, style) in rows {
        for (c, cell) in row.iter().enumerate().take(columns) {
            for word in cell.split_whitespace() {
                // Half a point more, so that rounding never breaks the word after all.
                least[c] = least[c].max(measure.width(word, style) + CELL_GAP + 0.5);
            }
            let line = cell
                .lines()
                .map(|l| measure.width(l, style))
                .fold(0.0, f32::max);
            wanted[c] = wanted[c].max(line + CELL_GAP);
        }
    }
    let needed: f32 = least.iter().sum();
    if needed > total {
        let first = if columns == 1 {
            total
        } else {
            (total * 0.3).max(total / columns as f32)
        };
        let rest = (total - first) / (columns - 1).max(1) as f32;
        return (0..columns)
            .map(|c| if c == 0 { first } else { rest })
            .collect();
    }
    // Columns that want little more than their longest word get all of it first (a name, a
    // date, a figure stays on one line); the long texts share what is left by what they want.
    let mut widths = least.clone();
    let mut spare = total - needed;
    let mut order: Vec<usize> = (0..columns).collect();
    order.sort_by(|&a, &b| (wanted[a] - least[a]).total_cmp(&(wanted[b] - least[b])));
    let mut wrapping = Vec::new();
    for c in order {
        let more = (wanted[c] - least[c]).max(0.0);
        if wrapping.is_empty() && more <= spare {
            widths[c] += more;
            spare -= more;
        } else {
            wrapping.push((c, more));
        }
    }
    let more_total: f32 = wrapping.iter().map(|(_, more)| more).sum();
    if more_total > 0.0 {
        for (c, more) in wrapping {
            widths[c] += spare * more / more_total;
        }
    } else {
        // Everything fits on one line: the room left goes to every column alike.
        for width in &mut widths {
            *width += spare / columns as f32;
        }
    }
    widths
}

impl Layout {
    pub(crate) fn new() -> Self {
        // Page 0 (title and contents) is filled at the end, when the page numbers are known.
        Self {
            pages: vec![vec![], vec![]],
            toc: vec![],
            elements: vec![],
            roots: vec![],
            list: None,
            y: TOP,
        }
    }

    /// A new element inside `parent` (or at the top level).
    fn element(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        let id = self.elements.len();
        self.elements.push(Element {
            kind,
            children: vec![],
            title: None,
        });
        match parent {
            Some(parent) => self.elements[parent].children.push(Child::Element(id)),
            None => self.roots.push(id),
        }
        id
    }

    /// Places a line on page `page`, as a part of its element.
    fn put(&mut self, page: usize, line: Line) {
        let index = self.pages[page].len();
        if let Role::Content(element) = line.role {
            self.elements[element]
                .children
                .push(Child::Line { page, index });
        }
        self.pages[page].push(line);
    }

    /// `text` wrapped into a new element of `kind` inside `parent`.
    fn text_in(
        &mut self,
        parent: Option<usize>,
        kind: Kind,
        text: &str,
        style: Style,
        indent: f32,
        measure: &dyn Measure,
    ) -> usize {
        let element = self.element(kind, parent);
        if matches!(kind, Kind::Heading(_)) {
            self.elements[element].title = Some(text.to_owned());
        }
        for line in wrap(text, RIGHT - LEFT - indent, style, measure) {
            self.ensure(style.leading());
            self.y += style.leading();
            let page = self.pages.len() - 1;
            // A blank line inside a text only takes space.
            if line.is_empty() {
                continue;
            }
            self.put(
                page,
                Line {
                    x: LEFT + indent,
                    y: self.y - style.leading() * 0.28,
                    style,
                    text: line,
                    role: Role::Content(element),
                },
            );
        }
        element
    }

    fn new_page(&mut self) {
        self.pages.push(vec![]);
        self.y = TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    /// A paragraph (a heading for the heading styles).
    pub(crate) fn text(&mut self, text: &str, style: Style, indent: f32, measure: &dyn Measure) {
        self.list = None;
        let kind = match style {
            Style::Title => Kind::Heading(1),
            Style::Section => Kind::Heading(2),
            Style::Sub => Kind::Heading(3),
            _ => Kind::Paragraph,
        };
        self.text_in(None, kind, text, style, indent, measure);
    }

    pub(crate) fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// A section heading, kept together with some text after it, listed in the contents.
    pub(crate) fn section(&mut self, title: &str, measure: &dyn Measure) {
        self.gap(10.0);
        self.ensure(Style::Section.leading() + 4.0 * Style::Body.leading());
        self.toc.push(TocEntry {
            title: title.to_owned(),
            page: self.pages.len() - 1,
            y: self.y,
        });
        self.text(title, Style::Section, 0.0, measure);
        self.gap(4.0);
    }

    fn sub(&mut self, title: &str, measure: &dyn Measure) {
        self.gap(6.0);
        self.ensure(Style::Sub.leading() + 2.0 * Style::Body.leading());
        self.text(title, Style::Sub, 0.0, measure);
    }

    /// A table: its caption, the header row in bold (repeated on every page the table goes on
    /// to), figures right-aligned from column `numeric_from`, cells wrapped in their column.
    pub(crate) fn table(
        &mut self,
        table: &crate::domain::status_report::ReportTable,
        measure: &dyn Measure,
    ) {
        let widths = column_widths(table, RIGHT - LEFT, measure);
        let cells = |row: &[String], style: Style| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(cell, width)| wrap(cell, width - CELL_GAP, style, measure))
                .collect()
        };
        let header = cells(&table.headers, Style::Head);
        let height = |cells: &[Vec<String>], style: Style| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * style.leading() + 3.0
        };
        self.gap(6.0);
        // The caption stays with the header and the first row.
        let first_row = table
            .rows
            .first()
            .map_or(0.0, |r| height(&cells(r, Style::Small), Style::Small));
        self.ensure(Style::Strong.leading() + height(&header, Style::Head) + first_row);
        self.list = None;
        let element = self.element(Kind::Table, None);
        self.text_in(
            Some(element),
            Kind::Caption,
            &table.caption,
            Style::Strong,
            0.0,
            measure,
        );
        let header_row = self.element(Kind::Row, Some(element));
        self.cells(
            &header,
            &widths,
            Style::Head,
            table.numeric_from,
            Some(header_row),
            measure,
        );
        for row in &table.rows {
            let row = cells(row, Style::Small);
            if self.y + height(&row, Style::Small) > BOTTOM {
                self.new_page();
                self.cells(
                    &header,
                    &widths,
                    Style::Head,
                    table.numeric_from,
                    None,
                    measure,
                );
            }
            let row_element = self.element(Kind::Row, Some(element));
            self.cells(
                &row,
                &widths,
                Style::Small,
                table.numeric_from,
                Some(row_element),
                measure,
            );
        }
        self.gap(4.0);
    }

    /// One row of a table, each cell's lines in its column. `row`: the row element its cells
    /// go into (the header row's cells are column headers, each first cell names its row);
    /// `None`: the header repeated on a new page, an artifact.
    fn cells(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        style: Style,
        numeric_from: usize,
        row: Option<usize>,
        measure: &dyn Measure,
    ) {
        let page = self.pages.len() - 1;
        let mut x = LEFT;
        let mut lines_used = 1;
        for (column, (lines, width)) in cells.iter().zip(widths).enumerate() {
            let role = match row {
                Some(row) => {
                    let kind = match (style, column) {
                        (Style::Head, _) => Kind::ColumnHeader,
                        (_, 0) => Kind::RowHeader,
                        _ => Kind::Cell,
                    };
                    Role::Content(self.element(kind, Some(row)))
                }
                None => Role::RepeatedHeader,
            };
            for (n, text) in lines.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                let at = if column >= numeric_from {
                    x + width - CELL_GAP - measure.width(text, style)
                } else {
                    x
                };
                self.put(
                    page,
                    Line {
                        x: at,
                        y: self.y + (n + 1) as f32 * style.leading() - style.leading() * 0.28,
                        style,
                        text: text.clone(),
                        role,
                    },
                );
            }
            lines_used = lines_used.max(lines.len());
            x += width;
        }
        self.y += lines_used as f32 * style.leading() + 3.0;
    }

    /// An item of a bulleted list; consecutive items form one list.
    fn bullet(&mut self, text: &str, measure: &dyn Measure) {
        let list = match self.list {
            Some(list) => list,
            None => self.element(Kind::List, None),
        };
        let item = self.element(Kind::Item, Some(list));
        let label = self.element(Kind::Label, Some(item));
        let body = self.element(Kind::ItemBody, Some(item));
        let first = self.pages.len();
        let before = self.pages.last().map_or(0, Vec::len);
        self.text_in(
            Some(body),
            Kind::Paragraph,
            text,
            Style::Body,
            12.0,
            measure,
        );
        self.list = Some(list);
        // The bullet goes before the item's first line.
        let page = if self.pages.len() > first {
            first - 1
        } else {
            self.pages.len() - 1
        };
        if let Some(line) = self.pages[page].get(before).cloned() {
            self.put(
                page,
                Line {
                    x: LEFT + 2.0,
                    y: line.y,
                    style: Style::Body,
                    text: "•".into(),
                    role: Role::Content(label),
                },
            );
        }
    }
}

fn need_text(p: &PublishedProgramme, ids: &[i64]) -> Option<String> {
    (!ids.is_empty()).then(|| {
        let names: Vec<String> = ids
            .iter()
            .map(|id| {
                p.need(*id).map_or_else(
                    || format!("Bedarf Nr. {id}"),
                    |n| format!("{} ({})", n.title, n.reference),
                )
            })
            .collect();
        format!("Antwortet auf: {}", names.join("; "))
    })
}

/// Lays out the whole programme; `measure` gives text widths.
pub fn layout(p: &PublishedProgramme, measure: &dyn Measure) -> Layout {
    let c = &p.content;
    let mut l = Layout::new();
    l.section("Ausgangslage", measure);
    if c.situation.trim().is_empty() {
        l.text("Nicht beschrieben.", Style::Body, 0.0, measure);
    } else {
        l.text(&c.situation, Style::Body, 0.0, measure);
    }
    if !c.data_basis.trim().is_empty() {
        l.gap(4.0);
        l.text(
            &format!("Datengrundlage: {}", c.data_basis),
            Style::Small,
            0.0,
            measure,
        );
    }
    for field in FieldOfAction::ALL {
        l.section(
            &format!("Handlungsfeld {}: {}", field.number(), field.name()),
            measure,
        );
        let goals: Vec<_> = c.goals.iter().filter(|g| g.field == field).collect();
        let measures: Vec<_> = c.measures.iter().filter(|m| m.field == field).collect();
        if goals.is_empty() && measures.is_empty() {
            l.text("Keine Ziele und Maßnahmen.", Style::Body, 0.0, measure);
        }
        if !goals.is_empty() {
            l.sub("Ziele", measure);
            for goal in goals {
                l.gap(3.0);
                l.text(&goal.title, Style::Strong, 0.0, measure);
                if !goal.description.is_empty() {
                    l.text(&goal.description, Style::Body, 0.0, measure);
                }
                if let Some(needs) = need_text(p, &goal.need_ids) {
                    l.text(&needs, Style::Small, 0.0, measure);
                }
            }
        }
        if !measures.is_empty() {
            l.sub("Maßnahmen", measure);
            for m in measures {
                l.gap(5.0);
                l.ensure(3.0 * Style::Body.leading());
                l.text(&m.title, Style::Strong, 0.0, measure);
                if !m.description.is_empty() {
                    l.text(&m.description, Style::Body, 0.0, measure);
                }
                let goal = m
                    .goal_id
                    .as_ref()
                    .and_then(|id| c.goals.iter().find(|g| &g.id == id));
                let costs: Vec<String> = FundingSource::ALL
                    .into_iter()
                    .filter(|s| m.cost(*s) > 0)
                    .map(|s| format!("{} {}", s.label(), euro_de(m.cost(s))))
                    .collect();
                let partners: Vec<String> =
                    m.partner_ids.iter().map(|id| p.organisation(*id)).collect();
                let facts = [
                    Some(format!("Stand: {}", m.status.label())),
                    goal.map(|g| format!("Ziel: {}", g.title)),
                    m.responsible_id
                        .map(|id| format!("Verantwortlich: {}", p.organisation(id))),
                    (!partners.is_empty()).then(|| format!("Partner: {}", partners.join(", "))),
                    (!m.period.is_empty()).then(|| format!("Zeitraum: {}", m.period)),
                    Some(format!(
                        "Kosten: {}",
                        if costs.is_empty() {
                            "keine".to_owned()
                        } else {
                            costs.join(" · ")
                        }
                    )),
                    (!m.third_party_name.is_empty())
                        .then(|| format!("Geldgeber (Dritte): {}", m.third_party_name)),
                    need_text(p, &m.need_ids),
                ];
                for fact in facts.into_iter().flatten() {
                    l.text(&fact, Style::Small, 0.0, measure);
                }
            }
        }
    }
    for (title, items) in [
        ("Potentiale des Gebiets", &c.potentials),
        ("Rolle und Funktion der Aktionsraumbeauftragten", &c.role),
    ] {
        l.section(title, measure);
        if items.is_empty() {
            l.text("Keine Einträge.", Style::Body, 0.0, measure);
        }
        for item in items {
            l.bullet(&item.text, measure);
        }
    }
    l.section("Kosten und Finanzierung", measure);
    let b = &p.budget;
    for field in FieldOfAction::ALL {
        l.text(
            &format!("Handlungsfeld {}: {}", field.number(), field.name()),
            Style::Strong,
            0.0,
            measure,
        );
        let cells: Vec<String> = FundingSource::ALL
            .into_iter()
            .map(|s| format!("{} {}", s.label(), euro_de(b.cell(field, s))))
            .collect();
        l.text(
            &format!(
                "{} · Summe {}",
                cells.join(" · "),
                euro_de(b.per_field(field))
            ),
            Style::Body,
            0.0,
            measure,
        );
    }
    l.gap(4.0);
    let totals: Vec<String> = FundingSource::ALL
        .into_iter()
        .map(|s| format!("{} {}", s.label(), euro_de(b.per_source(s))))
        .collect();
    l.text(
        &format!(
            "Insgesamt: {} · Summe {}",
            totals.join(" · "),
            euro_de(b.total())
        ),
        Style::Strong,
        0.0,
        measure,
    );
    if let Some(warning) = b.area_fund_warning() {
        l.text(&format!("Hinweis: {warning}"), Style::Small, 0.0, measure);
    }
    if !c.excluded_needs.is_empty() {
        l.section("Nicht im Programm", measure);
        for e in &c.excluded_needs {
            let need = p.need(e.need_id).map_or_else(
                || format!("Bedarf Nr. {}", e.need_id),
                |n| format!("{} ({})", n.title, n.reference),
            );
            l.bullet(&format!("{need} – {}", e.reason), measure);
        }
    }
    l.section("Anhang: Akteursgespräche und Beteiligte", measure);
    l.sub("Durchgeführte Gespräche", measure);
    if p.meetings.is_empty() {
        l.text("Keine erfasst.", Style::Body, 0.0, measure);
    }
    for meeting in &p.meetings {
        l.bullet(meeting, measure);
    }
    l.sub("Beteiligte Organisationen", measure);
    if p.participants.is_empty() {
        l.text("Keine erfasst.", Style::Body, 0.0, measure);
    }
    for organisation in &p.participants {
        l.bullet(organisation, measure);
    }
    cover(
        &mut l,
        "Aktionsplan Soziale Stadt Dortmund",
        &format!("Aktionsprogramm {}", p.area_name),
        &format!(
            "{} {} · Fassung {} · veröffentlicht am {}",
            p.area_kind,
            p.area_name,
            p.version,
            date_de(p.published_on)
        ),
        measure,
    );
    footers(
        &mut l,
        &format!("Aktionsprogramm {}, Fassung {}", p.area_name, p.version),
        measure,
    );
    l
}

/// Page 0: the kicker, title, subtitle and the contents with page numbers (pages counted
/// from 1).
pub(crate) fn cover(
    l: &mut Layout,
    kicker: &str,
    title: &str,
    subtitle: &str,
    measure: &dyn Measure,
) {
    // The cover's elements come first in the reading order.
    let later = std::mem::take(&mut l.roots);
    l.pages[0].clear();
    let put = |l: &mut Layout, text: String, style: Style, x: f32, y: f32, element: usize| {
        l.put(
            0,
            Line {
                x,
                y,
                style,
                text,
                role: Role::Content(element),
            },
        );
    };
    let mut y = TOP + 120.0;
    let kicker_element = l.element(Kind::Paragraph, None);
    put(
        l,
        kicker.to_owned(),
        Style::Body,
        LEFT,
        TOP + 40.0,
        kicker_element,
    );
    let title_element = l.element(Kind::Heading(1), None);
    l.elements[title_element].title = Some(title.to_owned());
    put(l, title.to_owned(), Style::Title, LEFT, y, title_element);
    y += 28.0;
    let subtitle_element = l.element(Kind::Paragraph, None);
    for line in wrap(subtitle, RIGHT - LEFT, Style::Body, measure) {
        put(l, line, Style::Body, LEFT, y, subtitle_element);
        y += Style::Body.leading();
    }
    y += 60.0;
    let contents_heading = l.element(Kind::Heading(2), None);
    l.elements[contents_heading].title = Some("Inhalt".to_owned());
    put(
        l,
        "Inhalt".into(),
        Style::Section,
        LEFT,
        y,
        contents_heading,
    );
    y += 10.0;
    let contents = l.element(Kind::Contents, None);
    for entry in l.toc.clone() {
        y += Style::Body.leading() * 1.2;
        let number = (entry.page + 1).to_string();
        let number_x = RIGHT - measure.width(&number, Style::Body);
        let item = l.element(Kind::ContentsItem, Some(contents));
        let text = l.element(Kind::Paragraph, Some(item));
        put(l, entry.title.clone(), Style::Body, LEFT, y, text);
        put(l, number, Style::Body, number_x, y, text);
    }
    l.roots.extend(later);
}

/// "Seite n von m" and `label` at the foot of every page.
pub(crate) fn footers(l: &mut Layout, label: &str, measure: &dyn Measure) {
    let total = l.pages.len();
    for (index, page) in l.pages.iter_mut().enumerate() {
        let number = format!("Seite {} von {total}", index + 1);
        let y = PAGE_HEIGHT - 40.0;
        page.push(Line {
            x: LEFT,
            y,
            style: Style::Small,
            text: label.to_owned(),
            role: Role::Footer,
        });
        page.push(Line {
            x: RIGHT - measure.width(&number, Style::Small),
            y,
            style: Style::Small,
            text: number,
            role: Role::Footer,
        });
    }
}

/// The fonts, read from `dir` (DejaVu Sans regular and bold).
pub struct Fonts {
    regular: Vec<u8>,
    bold: Vec<u8>,
}

impl Fonts {
    /// Says in the error which file is missing; the caller decides whether that is worth a log line.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| {
                format!(
                    "font {name} in {} missing (Debian: fonts-dejavu-core): {e}",
                    dir.display()
                )
            })
        };
        Ok(Self {
            regular: read("DejaVuSans.ttf")?,
            bold: read("DejaVuSans-Bold.ttf")?,
        })
    }
}

/// The PDF file of a published programme.
pub fn render(p: &PublishedProgramme, fonts: &Fonts) -> Result<Vec<u8>, AppError> {
    render_with(
        fonts,
        &format!("Aktionsprogramm {}", p.area_name),
        |measure| layout(p, measure),
    )
}

/// A PDF titled `title` of what `lay_out` places on its pages, measured with the fonts.
pub(crate) fn render_with(
    fonts: &Fonts,
    title: &str,
    lay_out: impl FnOnce(&dyn Measure) -> Layout,
) -> Result<Vec<u8>, AppError> {
    use krilla::configure::{Accessibility, ConfigurationBuilder};
    use krilla::geom::Point;
    use krilla::metadata::Metadata;
    use krilla::outline::{Outline, OutlineNode};
    use krilla::page::PageSettings;
    use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagTree};
    use krilla::text::{Font, TextDirection};
    use krilla::Document;
    use krilla::SerializeSettings;

    let faces = FaceMeasure {
        regular: ttf_parser::Face::parse(&fonts.regular, 0).map_err(AppError::internal)?,
        bold: ttf_parser::Face::parse(&fonts.bold, 0).map_err(AppError::internal)?,
    };
    let layout = lay_out(&faces);
    let font = |data: &Vec<u8>| {
        Font::new(data.clone().into(), 0).ok_or_else(|| AppError::internal("font not readable"))
    };
    let (regular, bold) = (font(&fonts.regular)?, font(&fonts.bold)?);
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| AppError::internal(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("de".into())
            .creator("Aktionsplan Soziale Stadt Dortmund".into()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| AppError::internal("page size"))?;
    // Each line of content becomes a marked span whose identifier joins its element in the
    // structure tree; footers and repeated table headers are artifacts.
    let mut spans: Vec<Vec<Option<Identifier>>> = Vec::with_capacity(layout.pages.len());
    for lines in &layout.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut on_page = Vec::with_capacity(lines.len());
        for line in lines {
            let font = if line.style.bold() { &bold } else { &regular };
            let tag = match line.role {
                Role::Content(_) => ContentTag::Span(SpanTag::empty()),
                Role::Footer => ContentTag::Artifact(Artifact::new(ArtifactType::Footer, None)),
                Role::RepeatedHeader => {
                    ContentTag::Artifact(Artifact::new(ArtifactType::PaginationOther, None))
                }
            };
            let id = surface.start_tagged(tag);
            surface.draw_text(
                Point::from_xy(line.x, line.y),
                font.clone(),
                line.style.size(),
                &line.text,
                false,
                TextDirection::Auto,
            );
            surface.end_tagged();
            on_page.push(matches!(line.role, Role::Content(_)).then_some(id));
        }
        spans.push(on_page);
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("de".into()));
    for root in &layout.roots {
        tree.push(structure(&layout, *root, &mut spans));
    }
    document.set_tag_tree(tree);
    let mut outline = Outline::new();
    for entry in &layout.toc {
        outline.push_child(OutlineNode::new(
            entry.title.clone(),
            krilla::destination::XyzDestination::new(entry.page, Point::from_xy(LEFT, entry.y)),
        ));
    }
    document.set_outline(outline);
    document
        .finish()
        .map_err(|e| AppError::internal(format!("{e:?}")))
}

/// The tag group of element `index` with its parts; each span's identifier is taken once.
fn structure(
    layout: &Layout,
    index: usize,
    spans: &mut [Vec<Option<krilla::tagging::Identifier>>],
) -> krilla::tagging::TagGroup {
    use krilla::tagging::{ListNumbering, TableHeaderScope, Tag, TagGroup};
    let element = &layout.elements[index];
    let mut group = match element.kind {
        Kind::Heading(level) => TagGroup::new(Tag::Hn(
            std::num::NonZeroU16::new(level).unwrap_or(std::num::NonZeroU16::MIN),
            element.title.clone(),
        )),
        Kind::Paragraph => TagGroup::new(Tag::P),
        Kind::Table => TagGroup::new(Tag::Table),
        Kind::Caption => TagGroup::new(Tag::Caption),
        Kind::Row => TagGroup::new(Tag::TR),
        Kind::ColumnHeader => TagGroup::new(Tag::TH(TableHeaderScope::Column)),
        Kind::RowHeader => TagGroup::new(Tag::TH(TableHeaderScope::Row)),
        Kind::Cell => TagGroup::new(Tag::TD),
        Kind::List => TagGroup::new(Tag::L(ListNumbering::Disc)),
        Kind::Item => TagGroup::new(Tag::LI),
        Kind::Label => TagGroup::new(Tag::Lbl),
        Kind::ItemBody => TagGroup::new(Tag::LBody),
        Kind::Contents => TagGroup::new(Tag::TOC),
        Kind::ContentsItem => TagGroup::new(Tag::TOCI),
    };
    for child in &element.children {
        match *child {
            Child::Line { page, index } => {
                if let Some(id) = spans[page][index].take() {
                    group.push(id);
                }
            }
            Child::Element(inner) => group.push(structure(layout, inner, spans)),
        }
    }
    group
}

/// Every character as wide as half its size: predictable wrapping in the layout tests.
#[cfg(test)]
pub(crate) struct Fixed;

#[cfg(test)]
impl Measure for Fixed {
    fn width(&self, text: &str, style: Style) -> f32 {
        text.chars().count() as f32 * style.size() * 0.5
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn table_columns_are_as_wide_as_their_longest_word() {
        use crate::domain::status_report::ReportTable;
        let strings = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect();
        let table = ReportTable {
            caption: "Akteursgespräche und Aktionsprogramme je Gebiet".into(),
            headers: strings(&[
                "Gebiet",
                "Akteursgespräche durchgeführt",
                "geplant",
                "Aktionsprogramm",
            ]),
            rows: vec![strings(&[
                "Bodelschwingh/Westerfilde",
                "1",
                "0",
                "Veröffentlicht",
            ])],
            numeric_from: 1,
        };
        let total = 400.0;
        let widths = column_widths(&table, total, &Fixed);
        assert!(
            (widths.iter().sum::<f32>() - total).abs() < 0.01,
            "{widths:?}"
        );
        let rows = std::iter::once((&table.headers, Style::Head))
            .chain(table.rows.iter().map(|row| (row, Style::Body)));
        for (row, style) in rows {
            for (cell, width) in row.iter().zip(&widths) {
                for word in cell.split_whitespace() {
                    assert!(
                        Fixed.width(word, style) + CELL_GAP < *width,
                        "{word} in {width}"
                    );
                }
                assert!(
                    wrap(cell, width - CELL_GAP, style, &Fixed)
                        .iter()
                        .all(|line| cell.contains(line.as_str())
                            && line
                                .split_whitespace()
                                .all(|w| cell.split_whitespace().any(|c| c == w))),
                    "{cell} broken inside a word"
                );
            }
        }
        // Words too long to stand side by side: the first column gets 30 %, the rest share.
        let narrow = column_widths(&table, 120.0, &Fixed);
        assert!(
            (narrow[0] - 36.0).abs() < 0.01 && (narrow[1] - 28.0).abs() < 0.01,
            "{narrow:?}"
        );
    }
    use crate::domain::programme::tests::{measure, published};
    use crate::domain::programme::{ProgrammeContent, TextItem};

    fn programme(measures: usize) -> PublishedProgramme {
        let content = ProgrammeContent {
            situation: "Im Nordmarkt leben viele Familien mit kleinen Kindern. ".repeat(20),
            measures: (0..measures)
                .map(|i| {
                    let mut m = measure(&format!("m{i}"), FieldOfAction::Work, 100_000, 0);
                    m.description =
                        "Beratung für Mütter und Väter, täglich außer sonntags. ".repeat(4);
                    m
                })
                .collect(),
            potentials: vec![TextItem {
                id: "p".into(),
                text: "Starke Vereine".into(),
                source_item_id: None,
            }],
            ..ProgrammeContent::default()
        };
        published(content)
    }

    #[test]
    fn long_texts_wrap_within_the_margins_and_long_words_are_cut() {
        let lines = wrap(&"Wort ".repeat(100), 200.0, Style::Body, &Fixed);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| Fixed.width(l, Style::Body) <= 200.0));
        let cut = wrap(&"x".repeat(100), 100.0, Style::Body, &Fixed);
        assert_eq!(cut.concat(), "x".repeat(100));
        assert_eq!(wrap("a\nb", 100.0, Style::Body, &Fixed), vec!["a", "b"]);
    }

    #[test]
    fn the_contents_name_the_pages_their_sections_are_on_and_every_page_is_numbered() {
        let l = layout(&programme(30), &Fixed);
        assert!(l.pages.len() > 4, "{} pages", l.pages.len());
        let titles: Vec<&str> = l.toc.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles[0], "Ausgangslage");
        assert!(titles.contains(&"Anhang: Akteursgespräche und Beteiligte"));
        for entry in &l.toc {
            assert!(
                l.pages[entry.page].iter().any(|line| line.style == Style::Section
                    && entry.title.starts_with(&line.text)),
                "{} not on page {}",
                entry.title,
                entry.page + 1
            );
            let listed = l.pages[0]
                .iter()
                .position(|line| line.text == entry.title)
                .expect("in the contents");
            assert_eq!(l.pages[0][listed + 1].text, (entry.page + 1).to_string());
        }
        let total = l.pages.len();
        for (i, page) in l.pages.iter().enumerate() {
            assert!(page
                .iter()
                .any(|line| line.text == format!("Seite {} von {total}", i + 1)));
            assert!(page
                .iter()
                .all(|line| line.y <= PAGE_HEIGHT - 30.0 && line.x >= LEFT));
        }
    }

    #[test]
    fn the_pdf_is_tagged_with_headings_lists_and_contents() {
        let fonts = Fonts::load(Path::new(FONT_DIR)).expect("fonts-dejavu-core installed");
        let pdf = render(&programme(12), &fonts).expect("pdf");
        let structure = pdfinfo_structure(&pdf);
        assert!(
            structure
                .lines()
                .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
            "{structure}"
        );
        for tag in ["H1", "H2", "H3", "L", "LI", "Lbl", "LBody", "TOC", "P"] {
            assert!(
                structure.lines().any(|l| l.trim_start().starts_with(tag)),
                "no {tag} in the structure"
            );
        }
        // Reading order: the title, the contents, then the sections in turn.
        let at = |text: &str| {
            structure
                .find(text)
                .unwrap_or_else(|| panic!("{text} missing"))
        };
        assert!(at("\"Aktionsprogramm Nordmarkt\"") < at("\"Inhalt\""));
        assert!(
            at("\"Ausgangslage\"")
                < at("\"Handlungsfeld 1: Arbeit und Beschäftigung im Quartier\"")
        );
        assert!(!structure.contains("Seite 2 von"), "footers are artifacts");
    }

    /// `pdfinfo -struct-text` of a PDF: its metadata, then its structure tree with the text.
    pub(crate) fn pdfinfo_structure(pdf: &[u8]) -> String {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), pdf).expect("written");
        let output = std::process::Command::new("pdfinfo")
            .arg("-struct-text")
            .arg(file.path())
            .output()
            .expect("pdfinfo from poppler-utils");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let info = std::process::Command::new("pdfinfo")
            .arg(file.path())
            .output()
            .expect("pdfinfo");
        format!(
            "{}{}",
            String::from_utf8_lossy(&info.stdout),
            String::from_utf8_lossy(&output.stdout)
        )
    }

    #[test]
    fn the_pdf_is_made_with_the_debian_fonts() {
        let fonts = Fonts::load(Path::new(FONT_DIR)).expect("fonts-dejavu-core installed");
        let pdf = render(&programme(12), &fonts).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        // krilla writes dictionaries without spaces; page objects are not compressed.
        let pages = text.matches("/Type/Page/").count();
        assert!(pages >= 3, "{pages} pages");
        assert!(text.contains(&format!("/Type/Pages/Count {pages}/")));
        assert!(text.contains("/Lang(de)") && text.contains("/Outlines"));
        assert!(text.contains("DejaVuSans"), "embedded font");
        assert!(Fonts::load(Path::new("/gibt/es/nicht")).is_err());
    }
}
