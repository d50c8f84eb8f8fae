//! The Sachstandsbericht as a PDF, laid out like the programme PDF (krilla, DejaVu Sans): a
//! cover with the contents and page numbers, the sections with their tables (header row bold
//! and repeated on every page a table continues on), bookmarks, "Seite n von m".
use super::programme_pdf::{cover, footers, render_with, Fonts, Layout, Measure, Style};
use crate::domain::format::date_de;
use crate::domain::status_report::StatusReport;
use crate::error::AppError;

/// Lays out the whole report; `measure` gives text widths.
pub fn layout(report: &StatusReport, measure: &dyn Measure) -> Layout {
    let mut l = Layout::new();
    for section in report.sections() {
        l.section(&section.title, measure);
        for paragraph in &section.paragraphs {
            l.text(paragraph, Style::Body, 0.0, measure);
            l.gap(4.0);
        }
        for table in &section.tables {
            l.table(table, measure);
        }
    }
    cover(
        &mut l,
        "Stadt Dortmund · Aktionsplan Soziale Stadt",
        "Sachstandsbericht",
        &format!(
            "Ausschuss für Soziales, Arbeit und Gesundheit, Sitzung am {} · Datenstand {}",
            date_de(report.meeting_on),
            date_de(report.figures_on)
        ),
        measure,
    );
    footers(
        &mut l,
        &format!(
            "Sachstandsbericht Aktionsplan Soziale Stadt, Sitzung am {}",
            date_de(report.meeting_on)
        ),
        measure,
    );
    l
}

/// The PDF file of the report.
pub fn render(report: &StatusReport, fonts: &Fonts) -> Result<Vec<u8>, AppError> {
    render_with(fonts, &report.title(), |measure| layout(report, measure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office_overview::{AreaFigures, OfficeOverview};
    use crate::domain::status_report::{ReportArea, ReportDecision};
    use chrono::NaiveDate;

    use crate::server::programme_pdf::Fixed;

    fn report(decisions: usize) -> StatusReport {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        StatusReport {
            meeting_on: day,
            figures_on: day,
            figures_past: false,
            areas: vec![ReportArea {
                name: "Hafen".into(),
                kind: "Aktionsraum".into(),
                district: "Innenstadt-Nord".into(),
            }],
            decisions: (0..decisions)
                .map(|i| ReportDecision {
                    effective_on: day,
                    area: format!("Gebiet {i}"),
                    decision: format!("Ratsbeschluss DS-Nr. {i}-22 vom 01.02.2022"),
                    summary: "Neue Grenzen nach der kleinräumigen Gliederung".into(),
                })
                .collect(),
            overview: OfficeOverview {
                districts: vec![],
                district: None,
                areas: vec![AreaFigures {
                    name: "Hafen".into(),
                    published_version: Some(1),
                    measures: [1, 1, 1, 0, 0],
                    ..AreaFigures::default()
                }],
                yearly_budget_cents: 22_600_000,
                mail: Default::default(),
            },
            outlook: "2027 schreiben die Gebiete ihre Programme fort.".into(),
            outlook_changed: String::new(),
        }
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page_it_continues_on() {
        let l = layout(&report(120), &Fixed);
        let titles: Vec<&str> = l.toc.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles.len(), 6);
        assert_eq!(titles[5], "6. Wie geht es weiter?");
        let with_rows: Vec<usize> = (1..l.pages.len())
            .filter(|p| {
                l.pages[*p]
                    .iter()
                    .any(|line| line.text.starts_with("Gebiet 1"))
            })
            .collect();
        assert!(
            with_rows.len() >= 2,
            "the decisions fill pages: {with_rows:?}"
        );
        for page in with_rows {
            assert!(
                l.pages[page]
                    .iter()
                    .any(|line| line.style == Style::Head && line.text == "Beschluss"),
                "header on page {}",
                page + 1
            );
        }
        let total = l.pages.len();
        for (i, page) in l.pages.iter().enumerate() {
            assert!(page
                .iter()
                .any(|line| line.text == format!("Seite {} von {total}", i + 1)));
        }
        assert!(l.pages[0]
            .iter()
            .any(|line| line.text == "Sachstandsbericht"));
    }

    #[test]
    fn the_pdf_has_bookmarks_and_the_language() {
        let fonts = Fonts::load(std::path::Path::new(super::super::programme_pdf::FONT_DIR))
            .expect("fonts-dejavu-core installed");
        let pdf = render(&report(3), &fonts).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Lang(de)") && text.contains("/Outlines"));
    }

    /// The PDF is tagged (PDF/UA-1, checked by krilla while writing): poppler reads headings,
    /// tables with header cells and the text in reading order from its structure tree.
    #[test]
    fn the_pdf_is_tagged_with_headings_and_tables_with_header_cells() {
        let fonts = Fonts::load(std::path::Path::new(super::super::programme_pdf::FONT_DIR))
            .expect("fonts-dejavu-core installed");
        let pdf = render(&report(40), &fonts).expect("pdf");
        let structure = super::super::programme_pdf::tests::pdfinfo_structure(&pdf);
        assert!(
            structure
                .lines()
                .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
            "{structure}"
        );
        for tag in [
            "H1", "H2", "Table", "Caption", "TR", "TH", "TD", "TOC", "TOCI", "P",
        ] {
            assert!(
                structure.lines().any(|l| l.trim_start().starts_with(tag)),
                "no {tag} in the structure"
            );
        }
        // The header cells of the decisions' table, in reading order, once: the header
        // repeated on the following pages is an artifact.
        assert_eq!(structure.matches("\"Beschluss\"").count(), 1, "{structure}");
        let heading = structure
            .find("\"2. Gebiete und Beschlüsse\"")
            .expect("section heading");
        let first_row = structure.find("\"Gebiet 0\"").expect("first row");
        let last_row = structure.find("\"Gebiet 39\"").expect("last row");
        assert!(heading < first_row && first_row < last_row);
        // No page footer in the structure.
        assert!(!structure.contains("Seite 1 von"), "footers are artifacts");
    }
}
