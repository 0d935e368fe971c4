//! `Resolver` and `resolve`: the core's `ResolverConfig` and `ResolveRequest`.

use super::*;

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
        let mut resolve: Vec<(&str, &str)> = resolve
            .iter()
            .map(|(h, a)| (h.as_str(), a.as_str()))
            .collect();
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

pub(crate) fn request(o: ResolveOptions) -> Result<ResolveRequest> {
    ResolveRequest::parse(
        o.at.as_deref(),
        o.date.as_deref(),
        o.cod_mun.as_deref(),
        &o.holidays.unwrap_or_default(),
    )
    .map_err(|e| invalid(js_argument(&e)))
}

/// The core's message, the argument named as JavaScript names it (`cod_mun` → `codMun`).
pub(crate) fn js_argument(e: &pixcode::dynamic::RequestError) -> String {
    let message = e.to_string();
    message.replacen(e.argument, &camel(e.argument), 1)
}

/// The members of `ResolverConfig` and `ResolveOptions`, camel-cased, in the core's order
/// (`dynamic::ResolverConfig::MEMBERS`, `dynamic::ResolveRequest::ARGUMENTS`).
#[napi]
pub fn resolve_option_names() -> Vec<Vec<String>> {
    vec![
        CoreResolverConfig::MEMBERS
            .iter()
            .map(|m| camel(m))
            .collect(),
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
