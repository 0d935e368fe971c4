//! The audit device: it draws nothing, counts what the renderer would be asked to draw, stops a
//! page over the budget, and collects the page's raster images at their own resolution.

use super::*;

/// The work left for the rest of the file.
#[derive(Default)]
pub(super) struct Budget {
    elements: u64,
    painted: u64,
}

/// The unwinding payload that stops a page over the work budget (raised with
/// `resume_unwind`, so no panic hook runs and nothing is printed).
pub(super) struct OverBudget(String);

impl OverBudget {
    pub(super) fn error(self) -> ScanError {
        limit(self.0)
    }
}

pub(super) fn over(what: String) -> ! {
    std::panic::resume_unwind(Box::new(OverBudget(what)))
}

/// An image of the page, in grey, with the map from its pixels to the page's.
pub(super) struct Native {
    pub(super) grey: image::GrayImage,
    pub(super) to_page: Affine,
}

/// A device that draws nothing: it counts what the renderer would be asked to draw, stops
/// the page over the budget, and collects the page's raster images at their own resolution.
pub(super) struct Audit<'b> {
    pub(super) target: Rect,
    pub(super) budget: &'b mut Budget,
    pub(super) images: Vec<Native>,
    pub(super) seen: HashMap<u128, ()>,
    pub(super) image_pixels: u64,
    /// Tiling patterns being counted inside one another.
    pub(super) patterns: u32,
}

/// The most tiling patterns counted inside one another (the renderer allows 50).
pub(super) const MAX_PATTERN_DEPTH: u32 = 8;

impl<'a> Audit<'_> {
    /// A fill or stroke with a tiling pattern: its cell is run once here, counted, and charged
    /// again for every copy the fill's area holds, as the renderer draws each.
    fn pattern(&mut self, paint: &Paint<'a>, area: Rect) {
        let Paint::Pattern(pattern) = paint else {
            return;
        };
        let Pattern::Tiling(tiling) = &**pattern else {
            return;
        };
        self.patterns += 1;
        if self.patterns > MAX_PATTERN_DEPTH {
            over(format!(
                "its tiling patterns are nested more than {MAX_PATTERN_DEPTH} deep"
            ));
        }
        let before = self.budget.elements;
        tiling.interpret(self, tiling.matrix, false);
        self.patterns -= 1;
        let cell = self.budget.elements.saturating_sub(before).max(1);
        let area = area.intersect(self.target);
        let area = if area.width() > 0.0 && area.height() > 0.0 {
            tiling.matrix.inverse().transform_rect_bbox(area)
        } else {
            Rect::ZERO
        };
        let per_axis =
            |extent: f64, step: f32| extent.max(0.0) / f64::from(step.abs()).max(1e-6) + 2.0;
        let copies = per_axis(area.width(), tiling.x_step) * per_axis(area.height(), tiling.y_step);
        let more = (cell as f64 * (copies - 1.0)).min(u64::MAX as f64) as u64;
        self.spend(more, Rect::ZERO);
    }

    fn spend(&mut self, elements: u64, bbox: Rect) {
        let area = bbox.intersect(self.target);
        let area = if area.width() > 0.0 && area.height() > 0.0 {
            (area.width().ceil() * area.height().ceil()) as u64
        } else {
            0
        };
        self.budget.elements = self.budget.elements.saturating_add(elements);
        self.budget.painted = self.budget.painted.saturating_add(area);
        if self.budget.elements > MAX_ELEMENTS {
            over(format!(
                "it draws more than {MAX_ELEMENTS} path elements and glyphs"
            ));
        }
        if self.budget.painted > MAX_PAINTED_PIXELS {
            over(format!("it paints more than {MAX_PAINTED_PIXELS} pixels"));
        }
    }

    fn path(&mut self, path: &BezPath, props: &DrawProps<'a>) {
        let elements = path.elements().len() as u64;
        let area = props.transform.transform_rect_bbox(path.bounding_box());
        self.spend(elements.max(1), area);
        self.pattern(&props.paint, area);
    }
}

impl<'a> Device<'a> for Audit<'_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, _: &DrawMode) {
        self.path(path, &props);
    }

    fn push_clip_path(&mut self, clip_path: &ClipPath) {
        let elements = clip_path.path.elements().len() as u64;
        self.spend(elements.max(1), Rect::ZERO);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        // A group is composited over the whole page.
        self.spend(1, self.target);
    }

    fn draw_glyph_run(
        &mut self,
        glyph_run: &hayro::hayro_interpret::font::GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        _: &DrawMode,
    ) {
        // A glyph is an outline of tens of elements over a small area; a Type 3 glyph is a
        // content stream, run here as the renderer will run it.
        let glyphs = glyph_run.glyphs().len() as u64;
        self.spend(glyphs.saturating_mul(32), Rect::ZERO);
        for glyph in glyph_run.glyphs() {
            if let Glyph::Type3(type3) = &**glyph {
                type3.interpret(self, props.transform, glyph.transform(), &props.paint);
            }
        }
        self.pattern(&props.paint, self.target);
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let (w, h) = (image.width(), image.height());
        let pixels = u64::from(w) * u64::from(h);
        if pixels > MAX_IMAGE_PIXELS {
            over(format!(
                "it draws an image of {w} × {h} pixels, more than {MAX_IMAGE_PIXELS}"
            ));
        }
        let unit = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        self.spend(1, props.transform.transform_rect_bbox(unit));
        let key = hayro::hayro_interpret::CacheKey::cache_key(&image);
        if self.seen.insert(key, ()).is_some() {
            return;
        }
        self.image_pixels = self.image_pixels.saturating_add(pixels);
        if self.image_pixels > MAX_PAGE_IMAGE_PIXELS {
            over(format!(
                "its images have more than {MAX_PAGE_IMAGE_PIXELS} pixels in all"
            ));
        }
        // Too small to hold a symbol with its quiet zone at a pixel a module.
        if w < 21 || h < 21 {
            return;
        }
        let mut grey = None;
        match &image {
            Image::Raster(raster) => raster.with_rgba(
                |data, alpha| grey = raster_grey(&data, alpha.as_ref()),
                None,
            ),
            Image::Stencil(stencil) => stencil.with_stencil(
                // The mask says where the paint goes: painted is dark.
                |luma, _| {
                    grey = image::GrayImage::from_raw(
                        luma.width,
                        luma.height,
                        luma.data.iter().map(|&v| 255 - v).collect(),
                    )
                },
                None,
            ),
        }
        if let Some(grey) = grey {
            // Decoded at another size than declared: map its pixels onto the declared ones.
            let to_declared = Affine::scale_non_uniform(
                f64::from(w) / f64::from(grey.width().max(1)),
                f64::from(h) / f64::from(grey.height().max(1)),
            );
            self.images.push(Native {
                grey,
                to_page: props.transform * to_declared,
            });
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// A raster image in grey, composited on white by its alpha.
pub(super) fn raster_grey(data: &ImageData, alpha: Option<&LumaData>) -> Option<image::GrayImage> {
    let (w, h) = (data.width(), data.height());
    let mut grey: Vec<u8> = match data {
        ImageData::Luma(l) => l.data.clone(),
        ImageData::Rgb(rgb) => rgb
            .data
            .chunks_exact(3)
            .map(|p| crate::scan::grey::luma(p[0], p[1], p[2]))
            .collect(),
    };
    if let Some(a) = alpha.filter(|a| a.width == w && a.height == h) {
        for (v, &a) in grey.iter_mut().zip(&a.data) {
            *v = crate::scan::grey::over_white(*v, a);
        }
    }
    image::GrayImage::from_raw(w, h, grey)
}
