//! `build`: the core's `BuildOptions`, filled from an options object.

use super::*;

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
pub(crate) const CORE_DEFAULTS: CoreBuildOptions<'static> = CoreBuildOptions::new("", "");

/// The members of `BuildOptions`, camel-cased, in the core's order: what `build` reads.
#[napi]
pub fn build_option_names() -> Vec<String> {
    CoreBuildOptions::MEMBERS.iter().map(|m| camel(m)).collect()
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
