//! The native half of the `pixcode` Node package. napi-rs writes its TypeScript types into
//! `index.d.ts`.
#![deny(clippy::all)]

use napi::bindgen_prelude::*;
use napi::{Env, JsValue, Status};
use napi_derive::napi;
use pixcode::dynamic::{
    ResolveRequest, Resolver as RustResolver, ResolverConfig as CoreResolverConfig,
};
use pixcode::pix::{BuildError as RustBuildError, BuildOptions as CoreBuildOptions, Field, KeyKind, Kind};
use pixcode::render::{Options, Qr, RenderError, TextOptions};
use pixcode::Profile;
use std::sync::Arc;

/// A JS `Error` with `code` (the stable rule code) and more own properties.
fn js_error(
    env: &Env,
    code: &str,
    message: String,
    props: &[(&str, Either<String, u32>)],
) -> Error {
    let made = (|| -> Result<Error> {
        let mut obj = env.create_error(Error::new(Status::GenericFailure, message.clone()))?;
        obj.set("code", code)?;
        for (k, v) in props {
            match v {
                Either::A(s) => obj.set(*k, s.as_str())?,
                Either::B(n) => obj.set(*k, *n)?,
            }
        }
        Ok(Error::from(obj.to_unknown()))
    })();
    made.unwrap_or_else(|e| e)
}

fn pix_error(env: &Env, e: pixcode::Error) -> Error {
    let message = e.to_string();
    js_error(
        env,
        e.code(),
        message,
        &[
            ("path", Either::A(e.path().to_string())),
            ("offset", Either::B(e.offset() as u32)),
        ],
    )
}

fn build_error(env: &Env, e: RustBuildError) -> Error {
    js_error(
        env,
        e.problem.code(),
        e.to_string(),
        &[
            ("field", Either::A(e.field.name().to_owned())),
            ("path", Either::A(e.field.path().to_string())),
        ],
    )
}

fn invalid(message: String) -> Error {
    Error::new(Status::InvalidArg, message)
}

/// The words `decodeInto` writes: for each field of the core's registry
/// (`pixcode::pix::Field::VIEW`, named by [`field_names`]) its start and end in UTF-16 code
/// units (start `ABSENT` when the code has no such field), then the kind's index in
/// [`kind_names`] (`Kind::ALL`), the key kind's index in [`key_kind_names`] (`KeyKind::ALL`;
/// `ABSENT` for none), the flags (1: single use, 2: Pix Saque), and the amount in centavos as
/// high and low 32-bit halves (`ABSENT` twice for none).
const FIELDS: [Field; 15] = Field::VIEW;
const ABSENT: u32 = u32::MAX;

/// The `Uint32Array` `decodeInto` writes into (named, so that it is read as a value).
type Words<'a> = &'a mut [u32];

/// The layout of `decodeInto`'s words: the text fields in order, then `kind`, `keyKind`,
/// `flags`, `centsHigh`, `centsLow`.
#[napi]
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|f| f.js_key()).collect()
}

/// The names of the code kinds, by index.
#[napi]
pub fn kind_names() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The names of the key kinds, by index.
#[napi]
pub fn key_kind_names() -> Vec<&'static str> {
    KeyKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The text of `code`; bytes that are not UTF-8 throw the core's `invalid_utf8` error.
fn text<'a>(env: &Env, code: &'a Either<String, Buffer>) -> Result<&'a str> {
    match code {
        Either::A(s) => Ok(s.as_str()),
        Either::B(b) => std::str::from_utf8(b).map_err(|_| match pixcode::decode_bytes(b) {
            Err(e) => pix_error(env, e),
            Ok(_) => invalid("bytes not UTF-8 yet decoded".into()),
        }),
    }
}

/// Decodes and validates `code` and writes where its fields are into `out` (at least
/// `fieldNames().length * 2 + 5` words), so that the JS side builds the view by slicing the
/// string it already holds: one native call, no object made here. Throws an `Error` whose
/// `code` is the rule's stable code (`crc_mismatch`, `pix_key_format`…), with `path` (`62.05`)
/// and `offset` (bytes).
#[napi]
pub fn decode_into(env: Env, code: Either<String, Buffer>, out: Words) -> Result<()> {
    let text = text(&env, &code)?;
    let words = 2 * FIELDS.len() + 5;
    if out.len() < words {
        return Err(invalid(format!(
            "out: expected at least {words} words but got {}",
            out.len()
        )));
    }
    let v = pixcode::decode(text).map_err(|e| pix_error(&env, e))?;
    // JS strings index UTF-16 code units: the same as bytes for ASCII; otherwise one pass
    // maps every character boundary to its unit.
    let map: Vec<u32> = if text.is_ascii() {
        Vec::new()
    } else {
        let mut m = vec![0u32; text.len() + 1];
        let mut unit = 0u32;
        for (i, c) in text.char_indices() {
            m[i] = unit;
            unit += c.len_utf16() as u32;
        }
        m[text.len()] = unit;
        m
    };
    let units = |byte: usize| -> u32 { map.get(byte).copied().unwrap_or(byte as u32) };
    for (i, field) in FIELDS.iter().enumerate() {
        let (a, b) = match v.span(*field) {
            None => (ABSENT, 0),
            Some(span) => (units(span.start), units(span.end)),
        };
        out[2 * i] = a;
        out[2 * i + 1] = b;
    }
    let n = 2 * FIELDS.len();
    out[n] = Kind::ALL
        .iter()
        .position(|k| *k == v.kind())
        .map_or(ABSENT, |i| i as u32);
    out[n + 1] = v
        .key()
        .and_then(|k| KeyKind::ALL.iter().position(|x| *x == k.kind()))
        .map_or(ABSENT, |i| i as u32);
    out[n + 2] = u32::from(v.single_use()) | u32::from(v.is_saque()) << 1;
    let (hi, lo) = match v.amount().and_then(|a| a.cents()) {
        Some(c) => ((c >> 32) as u32, c as u32),
        None => (ABSENT, ABSENT),
    };
    out[n + 3] = hi;
    out[n + 4] = lo;
    Ok(())
}

/// The bytes of a code given as a string or a Buffer.
fn bytes(code: &Either<String, Buffer>) -> &[u8] {
    match code {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    }
}

fn profile(p: Option<String>) -> Result<Profile> {
    match p.as_deref() {
        None => Ok(Profile::Pix),
        Some(p) => p.parse().map_err(|_| {
            invalid(format!(
                "profile: expected \"pix\", \"emv\" or \"auto\" but got {p:?}"
            ))
        }),
    }
}

/// Whether `code` is valid: `pix` (default: EMV and Pix rules), `emv` or `auto`.
#[napi]
pub fn is_valid(code: Either<String, Buffer>, profile_name: Option<String>) -> Result<bool> {
    Ok(pixcode::verdict(bytes(&code), profile(profile_name)?).is_ok())
}

/// The first error's stable code, or `null` when valid: the verdict without an exception.
#[napi]
pub fn first_error(
    code: Either<String, Buffer>,
    profile_name: Option<String>,
) -> Result<Option<&'static str>> {
    Ok(pixcode::verdict(bytes(&code), profile(profile_name)?)
        .err()
        .map(|e| e.code()))
}

/// Every finding, EMV and Pix: exactly the object `pixcode decode --json` prints.
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn inspect(code: Either<String, Buffer>) -> Result<serde_json::Value> {
    serde_json::to_value(pixcode::inspect(bytes(&code))).map_err(|e| invalid(e.to_string()))
}

/// What `build` makes. `amount` is a decimal string (`"10.50"`): a JS number is a float.
#[napi(object)]
pub struct BuildOptions {
    pub merchant_name: String,
    pub merchant_city: String,
    pub key: Option<String>,
    pub url: Option<String>,
    pub recurrence_url: Option<String>,
    pub amount: Option<String>,
    pub txid: Option<String>,
    pub additional_info: Option<String>,
    pub saque: Option<String>,
    pub postal_code: Option<String>,
    pub merchant_category_code: Option<String>,
    pub single_use: Option<bool>,
    pub fold_ascii: Option<bool>,
    pub truncate: Option<bool>,
}

/// The core's defaults for the flags a caller may leave out.
const CORE_DEFAULTS: CoreBuildOptions<'static> = CoreBuildOptions::new("", "");

/// The members of `BuildOptions`, camel-cased, in the core's order: what `build` reads.
#[napi]
pub fn build_option_names() -> Vec<String> {
    CoreBuildOptions::MEMBERS.iter().map(|m| camel(m)).collect()
}

/// `merchant_name` → `merchantName`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Builds a static, dynamic or composto code. A refusal throws an `Error` whose `code` is
/// the rule (`too_long`, `key_check_digits`…), with `field` and `path`.
#[napi]
pub fn build(env: Env, options: BuildOptions) -> Result<String> {
    let o = &options;
    CoreBuildOptions {
        merchant_name: &o.merchant_name,
        merchant_city: &o.merchant_city,
        key: o.key.as_deref(),
        url: o.url.as_deref(),
        recurrence_url: o.recurrence_url.as_deref(),
        amount: o.amount.as_deref(),
        txid: o.txid.as_deref(),
        additional_info: o.additional_info.as_deref(),
        saque: o.saque.as_deref(),
        postal_code: o.postal_code.as_deref(),
        merchant_category_code: o.merchant_category_code.as_deref(),
        single_use: o.single_use,
        fold_ascii: o.fold_ascii.unwrap_or(CORE_DEFAULTS.fold_ascii),
        truncate: o.truncate.unwrap_or(CORE_DEFAULTS.truncate),
    }
    .build()
    .map(|built| built.payload)
    .map_err(|e| build_error(&env, e))
}

/// How `qrPng` and `qrSvg` draw: every option left out takes the core's default
/// (`pixcode::render::Options`).
#[napi(object)]
#[derive(Default)]
pub struct QrOptions {
    /// `L`, `M` (default), `Q` or `H`.
    pub error_correction: Option<String>,
    /// Pixels a module (default 8).
    pub module_pixels: Option<u32>,
    /// The whole symbol at most this many millimetres wide at `dpi` (instead of `modulePixels`).
    pub mm: Option<u32>,
    /// Dots per inch, for `mm`.
    pub dpi: Option<u32>,
    /// Light modules around the symbol (default 4).
    pub quiet_zone: Option<u32>,
    /// `#rrggbb` (default black).
    pub dark: Option<String>,
    /// `#rrggbb` (default white).
    pub light: Option<String>,
    /// The amount and merchant under the symbol.
    pub caption: Option<bool>,
    /// Draw a code with errors (never for a code to be paid).
    pub allow_invalid: Option<bool>,
}

/// The members of `QrOptions`, camel-cased, in the core's order (`render::TextOptions`).
#[napi]
pub fn qr_option_names() -> Vec<String> {
    TextOptions::MEMBERS.iter().map(|m| camel(m)).collect()
}

fn render_options(o: Option<QrOptions>) -> Result<Options> {
    let o = o.unwrap_or_default();
    Options::from_text(&TextOptions {
        error_correction: o.error_correction.as_deref(),
        module_pixels: o.module_pixels,
        mm: o.mm,
        dpi: o.dpi,
        quiet_zone: o.quiet_zone,
        dark: o.dark.as_deref(),
        light: o.light.as_deref(),
        caption: o.caption,
        allow_invalid: o.allow_invalid,
    })
    .map_err(|e| invalid(js_message(&e)))
}

/// The core's message, with the option named as JavaScript names it.
fn js_message(e: &RenderError) -> String {
    let message = e.to_string();
    match e {
        RenderError::BadOption { option, .. } => message.replacen(option, &camel(option), 1),
        _ => message,
    }
}

fn render_error(env: &Env, e: RenderError) -> Error {
    match e {
        RenderError::Invalid { first, .. } => pix_error(env, first),
        other => invalid(other.to_string()),
    }
}

fn qr(env: &Env, code: &Either<String, Buffer>, options: Option<QrOptions>) -> Result<Qr> {
    let o = render_options(options)?;
    let text = text(env, code)?;
    Qr::new(text, &o).map_err(|e| render_error(env, e))
}

/// A PNG of the code's QR symbol. An invalid code throws (as `decode`) unless `allowInvalid`.
#[napi]
pub fn qr_png(
    env: Env,
    code: Either<String, Buffer>,
    options: Option<QrOptions>,
) -> Result<Buffer> {
    let png = qr(&env, &code, options)?
        .to_png()
        .map_err(|e| render_error(&env, e))?;
    Ok(png.into())
}

/// An SVG document of the code's QR symbol. An invalid code throws unless `allowInvalid`.
#[napi]
pub fn qr_svg(
    env: Env,
    code: Either<String, Buffer>,
    options: Option<QrOptions>,
) -> Result<String> {
    Ok(qr(&env, &code, options)?.to_svg())
}

/// A point of an image, in pixels from its top-left corner.
#[napi(object)]
pub struct ScanPoint {
    /// Pixels to the right.
    pub x: i32,
    /// Pixels down.
    pub y: i32,
}

/// One QR code read from an image (`pixcode::scan::Symbol`).
#[napi(object)]
pub struct ScanSymbol {
    /// The text, exactly as read.
    pub text: String,
    /// `utf-8`, `iso-8859-1` (bytes that are not UTF-8, which a Pix code must be) or `eci`.
    pub charset: String,
    /// Top-left, top-right, bottom-right, bottom-left of the symbol.
    pub corners: Vec<ScanPoint>,
    /// Found with its colours inverted (light on dark).
    pub inverted: bool,
    /// The page of a PDF, counted from 1; absent for an image. The corners of a symbol on a
    /// page are in pixels of the page drawn at 200 dpi.
    pub page: Option<u32>,
}

/// Every QR code in an image (PNG, JPEG, WebP, GIF, BMP) or a PDF (every page). When none can
/// be read it throws an `Error` whose `code` is `image`, `not_found`, `too_complex`, `reader`
/// or `pdf`.
#[napi]
pub fn scan(env: Env, image: Buffer) -> Result<Vec<ScanSymbol>> {
    match pixcode::scan::scan(&image) {
        Ok(symbols) => Ok(symbols
            .into_iter()
            .map(|s| ScanSymbol {
                charset: s.charset.as_str().to_owned(),
                corners: s
                    .corners
                    .iter()
                    .map(|c| ScanPoint { x: c.x, y: c.y })
                    .collect(),
                text: s.text,
                inverted: s.inverted,
                page: s.page,
            })
            .collect()),
        Err(e) => Err(js_error(&env, e.code(), e.to_string(), &[])),
    }
}

/// How a `Resolver` fetches: the core's `dynamic::ResolverConfig`, each member left out taking
/// the core's default.
#[napi(object)]
#[derive(Default)]
pub struct ResolverConfig {
    /// Extra roots (PEM: one document or several) for the chain and for HTTPS.
    pub ca_pem: Option<Either<String, Vec<String>>>,
    /// Whether Mozilla's roots are trusted (default true).
    pub default_roots: Option<bool>,
    /// Host → `addr:port` overrides, as curl's `--resolve`.
    pub resolve: Option<std::collections::HashMap<String, String>>,
    /// Seconds allowed for one code, every fetch included (default 10).
    pub timeout: Option<f64>,
}

/// What to resolve a code for.
#[napi(object)]
#[derive(Default)]
pub struct ResolveOptions {
    /// The payment date, `YYYY-MM-DD` (default today in Brasília).
    pub date: Option<String>,
    /// The payer's 7-digit IBGE municipality: required for a cobv.
    pub cod_mun: Option<String>,
    /// The payer's municipal holidays, `YYYY-MM-DD`.
    pub holidays: Option<Vec<String>>,
    /// The verification instant, RFC 3339 (default now).
    pub at: Option<String>,
}

/// Resolves dynamic codes over HTTPS: fetches the location, verifies its JWS against this
/// resolver's own trust anchors, reads the charge and says whether it is payable. Keeps its
/// JWK Set cache between calls.
#[napi]
pub struct Resolver {
    inner: Arc<RustResolver>,
}

#[napi]
impl Resolver {
    #[napi(constructor)]
    pub fn new(config: Option<ResolverConfig>) -> Result<Resolver> {
        let c = config.unwrap_or_default();
        let pems: Vec<&[u8]> = match &c.ca_pem {
            None => Vec::new(),
            Some(Either::A(one)) => vec![one.as_bytes()],
            Some(Either::B(many)) => many.iter().map(|p| p.as_bytes()).collect(),
        };
        let resolve = c.resolve.unwrap_or_default();
        let mut resolve: Vec<(&str, &str)> =
            resolve.iter().map(|(h, a)| (h.as_str(), a.as_str())).collect();
        resolve.sort();
        let options = CoreResolverConfig {
            ca_pem: &pems,
            default_roots: c.default_roots,
            resolve: &resolve,
            timeout: c.timeout,
        }
        .options()
        .map_err(|e| invalid(js_argument(&e)))?;
        let inner = RustResolver::new(options).map_err(|e| invalid(e.to_string()))?;
        Ok(Resolver {
            inner: Arc::new(inner),
        })
    }

    /// The resolution: exactly the object `pixcode resolve --json` prints. `verified` and
    /// `payable` say whether to pay; `errors` say why not.
    #[napi(ts_return_type = "Promise<Record<string, unknown>>")]
    pub fn resolve<'env>(
        &self,
        env: &'env Env,
        code: String,
        options: Option<ResolveOptions>,
    ) -> Result<PromiseRaw<'env, serde_json::Value>> {
        let request = request(options.unwrap_or_default())?;
        let inner = Arc::clone(&self.inner);
        env.spawn_future(async move {
            let r = inner.resolve_code(&code, &request).await;
            serde_json::to_value(&r).map_err(|e| invalid(e.to_string()))
        })
    }
}

fn request(o: ResolveOptions) -> Result<ResolveRequest> {
    ResolveRequest::parse(
        o.at.as_deref(),
        o.date.as_deref(),
        o.cod_mun.as_deref(),
        &o.holidays.unwrap_or_default(),
    )
    .map_err(|e| invalid(js_argument(&e)))
}

/// The core's message, the argument named as JavaScript names it (`cod_mun` → `codMun`).
fn js_argument(e: &pixcode::dynamic::RequestError) -> String {
    let message = e.to_string();
    message.replacen(e.argument, &camel(e.argument), 1)
}

/// The members of `ResolverConfig` and `ResolveOptions`, camel-cased, in the core's order
/// (`dynamic::ResolverConfig::MEMBERS`, `dynamic::ResolveRequest::ARGUMENTS`).
#[napi]
pub fn resolve_option_names() -> Vec<Vec<String>> {
    vec![
        CoreResolverConfig::MEMBERS.iter().map(|m| camel(m)).collect(),
        ResolveRequest::ARGUMENTS.iter().map(|m| camel(m)).collect(),
    ]
}

/// `new Resolver(config).resolve(code, options)` with a fresh resolver.
#[napi(ts_return_type = "Promise<Record<string, unknown>>")]
pub fn resolve<'env>(
    env: &'env Env,
    code: String,
    options: Option<ResolveOptions>,
    config: Option<ResolverConfig>,
) -> Result<PromiseRaw<'env, serde_json::Value>> {
    Resolver::new(config)?.resolve(env, code, options)
}
