//! Bar charts as SVG text, drawn by the server: no script, no inline styles (the CSP allows
//! none), colours as presentation attributes. A chart only shows; the table beside it carries
//! the numbers for screen readers, so the SVG is hidden from them.

/// One series of bars: its name (for the legend) and its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    pub name: &'static str,
    pub colour: &'static str,
}

/// Colours with at least 3:1 contrast against white, told apart also by the legend's order.
pub const PALETTE: [&str; 5] = ["#0b5cad", "#1e6b34", "#b35900", "#6b3fa0", "#a4161a"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 190.0;
const ROW_HEIGHT: f64 = 22.0;
const GAP: f64 = 8.0;
const LEGEND_HEIGHT: f64 = 26.0;

/// Horizontal bars, one row per label; `stacked`: the series' values lie end to end (parts of
/// one whole), otherwise side by side (thin bars under each other). `limit`: a line at this
/// value (a budget), with its label. Values below zero count as zero.
pub fn horizontal_bars(
    rows: &[(String, Vec<i64>)],
    series: &[Series],
    stacked: bool,
    limit: Option<(i64, &str)>,
) -> String {
    let total = |values: &[i64]| -> i64 { values.iter().map(|v| (*v).max(0)).sum() };
    let largest = rows
        .iter()
        .map(|(_, values)| {
            if stacked {
                total(values)
            } else {
                values.iter().copied().max().unwrap_or(0)
            }
        })
        .chain(limit.map(|(l, _)| l))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar_area = WIDTH - LABEL_WIDTH - 10.0;
    let scale = |value: i64| value.max(0) as f64 / largest * bar_area;
    let per_row = if stacked {
        ROW_HEIGHT
    } else {
        (ROW_HEIGHT / 2.0).max(6.0) * series.len().max(1) as f64
    };
    let height = LEGEND_HEIGHT + rows.len() as f64 * (per_row + GAP) + GAP;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" aria-hidden="true" focusable="false" font-family="sans-serif" font-size="12">"#
    );
    // The legend.
    let mut x = 0.0;
    for s in series {
        svg.push_str(&format!(
            r##"<rect x="{x}" y="4" width="12" height="12" fill="{}"/><text x="{}" y="14" fill="#1d2433">{}</text>"##,
            s.colour,
            x + 16.0,
            escape(s.name)
        ));
        x += 24.0 + s.name.chars().count() as f64 * 7.0;
    }
    for (n, (label, values)) in rows.iter().enumerate() {
        let top = LEGEND_HEIGHT + n as f64 * (per_row + GAP);
        svg.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end" fill="#1d2433">{}</text>"##,
            LABEL_WIDTH - 6.0,
            top + per_row / 2.0 + 4.0,
            escape(label)
        ));
        let mut left = LABEL_WIDTH;
        for (i, value) in values.iter().enumerate() {
            let colour = series.get(i).map_or(PALETTE[0], |s| s.colour);
            let width = scale(*value);
            if stacked {
                svg.push_str(&format!(
                    r#"<rect x="{left:.1}" y="{top:.1}" width="{width:.1}" height="{ROW_HEIGHT}" fill="{colour}"/>"#
                ));
                left += width;
            } else {
                let thin = per_row / series.len().max(1) as f64;
                svg.push_str(&format!(
                    r#"<rect x="{LABEL_WIDTH}" y="{:.1}" width="{width:.1}" height="{:.1}" fill="{colour}"/>"#,
                    top + i as f64 * thin,
                    thin - 1.0
                ));
            }
        }
    }
    if let Some((value, name)) = limit {
        let x = LABEL_WIDTH + scale(value);
        svg.push_str(&format!(
            r##"<line x1="{x:.1}" y1="{LEGEND_HEIGHT}" x2="{x:.1}" y2="{:.1}" stroke="#1d2433" stroke-width="2" stroke-dasharray="4 3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#1d2433">{}</text>"##,
            height - 2.0,
            x - 4.0,
            height - 4.0,
            escape(name)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: [Series; 2] = [
        Series {
            name: "durchgeführt",
            colour: PALETTE[1],
        },
        Series {
            name: "geplant",
            colour: PALETTE[0],
        },
    ];

    fn widths(svg: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .filter(|r| !r.contains("width=\"12\""))
            .filter_map(|r| r.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn stacked_bars_share_one_scale_and_the_largest_row_fills_the_width() {
        let rows = vec![
            ("Hafen".to_owned(), vec![2, 2]),
            ("Nordmarkt <&>".to_owned(), vec![1, 0]),
        ];
        let svg = horizontal_bars(&rows, &TWO, true, None);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-hidden=\"true\""));
        assert!(svg.contains("Nordmarkt &lt;&amp;&gt;"), "labels escaped");
        assert!(!svg.contains("style="), "no inline styles (CSP)");
        let w = widths(&svg);
        let full = WIDTH - LABEL_WIDTH - 10.0;
        assert_eq!(w.len(), 4);
        assert!((w[0] + w[1] - full).abs() < 0.2, "{w:?}");
        assert!((w[2] - full / 4.0).abs() < 0.2, "{w:?}");
        assert_eq!(w[3], 0.0);
    }

    #[test]
    fn a_budget_line_widens_the_scale_and_empty_charts_draw() {
        let rows = vec![("Projektmittel".to_owned(), vec![50, 25])];
        let svg = horizontal_bars(&rows, &TWO, false, Some((100, "Budget")));
        let w = widths(&svg);
        let full = WIDTH - LABEL_WIDTH - 10.0;
        assert!((w[0] - full / 2.0).abs() < 0.2, "{w:?}");
        assert!(svg.contains("<line") && svg.contains(">Budget</text>"));
        let empty = horizontal_bars(&[], &TWO, true, None);
        assert!(empty.ends_with("</svg>"));
    }
}
