//! The needs catalogue as files: CSV as German Excel opens it (BOM, semicolons) and XLSX.
use crate::domain::catalogue::NeedSummary;
use crate::domain::format::date_de;
use crate::error::AppError;
use rust_xlsxwriter::{Format, Workbook};

const HEADERS: [&str; 11] = [
    "Kennung",
    "Gebiet",
    "Handlungsfeld",
    "Titel",
    "Beschreibung",
    "Herkunft",
    "Organisation",
    "Status",
    "Nennungen",
    "Genannt am",
    "Adresse im Aktionsplan",
];

fn cells(need: &NeedSummary, description: &str, public_url: &str) -> [String; 11] {
    [
        need.reference.clone(),
        need.area_name.clone(),
        format!("{} {}", need.field.number(), need.field.name()),
        need.title.clone(),
        description.to_owned(),
        need.source.label().to_owned(),
        need.organisation.clone(),
        need.status.label().to_owned(),
        need.supporters.to_string(),
        date_de(need.noted_on),
        format!("{public_url}/intern/bedarfe/{}", need.id),
    ]
}

/// A cell a spreadsheet would take for a formula ("=HYPERLINK(…)" typed into the public form)
/// gets a leading apostrophe, so that it stays text.
fn defuse(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// UTF-8 with BOM and `;` between fields, so that Excel shows umlauts and columns right.
pub fn csv(rows: &[(NeedSummary, String)], public_url: &str) -> Result<Vec<u8>, AppError> {
    csv_table(
        HEADERS,
        rows.iter()
            .map(|(need, description)| cells(need, description, public_url)),
    )
}

/// A table as CSV for German Excel: BOM, `;`, CRLF, formulas defused.
pub fn csv_table<const N: usize>(
    headers: [&str; N],
    rows: impl Iterator<Item = [String; N]>,
) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(headers).map_err(AppError::internal)?;
    for row in rows {
        writer
            .write_record(row.map(defuse))
            .map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

/// One worksheet with a header row, filters and frozen header.
pub fn xlsx(rows: &[(NeedSummary, String)], public_url: &str) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Bedarfe").map_err(AppError::internal)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, header) in HEADERS.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *header, &bold)
            .map_err(AppError::internal)?;
    }
    for (index, (need, description)) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, cell) in cells(need, description, public_url).into_iter().enumerate() {
            let col = col as u16;
            // Strings only: nothing a submitter typed becomes a formula.
            if col == 8 {
                sheet
                    .write_number(row, col, need.supporters as f64)
                    .map_err(AppError::internal)?;
            } else if col == 4 {
                sheet
                    .write_string_with_format(row, col, cell, &wrap)
                    .map_err(AppError::internal)?;
            } else {
                sheet
                    .write_string(row, col, cell)
                    .map_err(AppError::internal)?;
            }
        }
    }
    for (col, width) in [14, 22, 30, 40, 60, 18, 28, 18, 10, 12, 40]
        .into_iter()
        .enumerate()
    {
        sheet
            .set_column_width(col as u16, width)
            .map_err(AppError::internal)?;
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, HEADERS.len() as u16 - 1)
        .map_err(AppError::internal)?;
    sheet.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    workbook.save_to_buffer().map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::{NeedSource, NeedStatus};
    use crate::domain::field_of_action::FieldOfAction;

    fn need(title: &str) -> (NeedSummary, String) {
        (
            NeedSummary {
                id: 7,
                reference: "B-2022-0007".into(),
                area_slug: "nordmarkt".into(),
                area_name: "Nordmarkt".into(),
                field: FieldOfAction::ParentsAndChildren,
                title: title.into(),
                organisation: "Kita „Sonnenschein“".into(),
                source: NeedSource::Form,
                status: NeedStatus::Accepted,
                supporters: 3,
                noted_on: chrono::NaiveDate::from_ymd_opt(2022, 4, 13).expect("date"),
            },
            "Zeile eins;\nZeile zwei mit \"Anführungszeichen\"".into(),
        )
    }

    #[test]
    fn csv_opens_in_german_excel_with_umlauts_and_quoted_fields() {
        let bytes = csv(&[need("Mehr Kita-Plätze für Übergänge")], "http://x").expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let mut lines = text.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("Kennung;Gebiet;Handlungsfeld;Titel;Beschreibung;Herkunft;Organisation;Status;Nennungen;Genannt am;Adresse im Aktionsplan")
        );
        assert!(text.contains("B-2022-0007;Nordmarkt;2 Eltern und Kinder stärken – Kinderarmut bekämpfen;Mehr Kita-Plätze für Übergänge;\"Zeile eins;\nZeile zwei mit \"\"Anführungszeichen\"\"\";Formular;Kita „Sonnenschein“;Angenommen;3;13.04.2022;http://x/intern/bedarfe/7"), "{text}");
        // Read back by an independent parser: the same fields.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        let record = reader.records().next().expect("row").expect("parsed");
        assert_eq!(&record[3], "Mehr Kita-Plätze für Übergänge");
        assert_eq!(
            &record[4],
            "Zeile eins;\nZeile zwei mit \"Anführungszeichen\""
        );
    }

    #[test]
    fn formulas_typed_into_the_form_stay_text() {
        let bytes = csv(&[need("=HYPERLINK(\"http://evil\")")], "http://x").expect("csv");
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert!(
            text.contains(";\"'=HYPERLINK(\"\"http://evil\"\")\";"),
            "{text}"
        );
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = xlsx(&[need("Mehr Kita-Plätze"), need("Zweiter")], "http://x").expect("xlsx");
        assert!(bytes.starts_with(b"PK\x03\x04"));
        assert!(bytes.len() > 1000);
    }
}
