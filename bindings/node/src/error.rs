//! Errors as JS `Error`s with `code` and the core's own properties, and the text of a code.

use super::*;

/// A JS `Error` with `code` (the stable rule code) and more own properties.
pub(crate) fn js_error(
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

pub(crate) fn pix_error(env: &Env, e: pixcode::Error) -> Error {
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

pub(crate) fn build_error(env: &Env, e: RustBuildError) -> Error {
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

pub(crate) fn invalid(message: String) -> Error {
    Error::new(Status::InvalidArg, message)
}

/// The text of `code`; bytes that are not UTF-8 throw the core's `invalid_utf8` error.
pub(crate) fn text<'a>(env: &Env, code: &'a Either<String, Buffer>) -> Result<&'a str> {
    match code {
        Either::A(s) => Ok(s.as_str()),
        Either::B(b) => std::str::from_utf8(b).map_err(|_| match pixcode::decode_bytes(b) {
            Err(e) => pix_error(env, e),
            Ok(_) => invalid("bytes not UTF-8 yet decoded".into()),
        }),
    }
}

/// `merchant_name` → `merchantName`.
pub(crate) fn camel(snake: &str) -> String {
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
