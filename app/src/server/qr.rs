//! QR codes for the posters that lead to an area's needs form, as SVG for the page.
use crate::error::AppError;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

fn code(text: &str) -> Result<QrCode, AppError> {
    // Level M survives a crease or a little dirt on a printed poster.
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(AppError::internal)
}

/// The code as an `<svg>` element (no XML declaration: it goes into an HTML page).
pub fn svg(text: &str) -> Result<String, AppError> {
    let image = code(text)?
        .render::<svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build();
    Ok(match image.split_once("?>") {
        Some((_, element)) => element.to_owned(),
        None => image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_reads_back_with_an_independent_decoder() {
        let url = "https://aktionsplan.dortmund.example/bedarf/dorstfelder-bruecke";
        let qr = code(url).expect("code");
        let width = qr.width();
        let dark: Vec<bool> = qr
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        // Draw it like a printout: 4 pixels a module, a quiet zone of 4 modules.
        let (scale, margin) = (4, 4);
        let side = (width + 2 * margin) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (margin..margin + width).contains(&mx) && (margin..margin + width).contains(&my);
            if inside && dark[(my - margin) * width + (mx - margin)] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, url);

        let element = svg(url).expect("svg");
        assert!(element.starts_with("<svg"), "{}", &element[..40]);
        assert!(!element.contains("<?xml"));
    }
}
