//! Pixels to grey, as every reader wants them: Rec. 601 luma, composited over white by the
//! alpha (a transparent background is paper, not ink). Stated once for images, PDF pages and
//! the images inside PDFs.

/// Rec. 601 luma of an sRGB pixel, `0..=255`.
#[inline]
pub(crate) fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}

/// `grey` over white, by straight (not premultiplied) alpha `a`.
#[inline]
pub(crate) fn over_white(grey: u8, a: u8) -> u8 {
    let (g, a) = (u32::from(grey), u32::from(a));
    ((g * a + 255 * (255 - a)) / 255) as u8
}

/// A premultiplied pixel over white: its luma plus the white its alpha leaves.
#[cfg(feature = "pdf")]
#[inline]
pub(crate) fn premultiplied_over_white(r: u8, g: u8, b: u8, a: u8) -> u8 {
    (u32::from(luma(r, g, b)) + (255 - u32::from(a))).min(255) as u8
}

/// An image in grey, over white where it is transparent.
pub(crate) fn greyscale(img: image::DynamicImage) -> image::GrayImage {
    if !img.color().has_alpha() {
        return img.to_luma8();
    }
    let rgba = img.to_rgba8();
    image::GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        image::Luma([over_white(luma(r, g, b), a)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_is_white_and_opaque_keeps_its_luma() {
        assert_eq!(luma(255, 255, 255), 255);
        assert_eq!(luma(0, 0, 0), 0);
        assert_eq!(over_white(0, 0), 255);
        assert_eq!(over_white(40, 255), 40);
        #[cfg(feature = "pdf")]
        assert_eq!(premultiplied_over_white(0, 0, 0, 0), 255);
        #[cfg(feature = "pdf")]
        assert_eq!(premultiplied_over_white(0, 0, 0, 255), 0);
    }
}
