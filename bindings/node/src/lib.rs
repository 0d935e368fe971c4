//! The native half of the `pixcode` Node package. napi-rs writes its TypeScript types into
//! `index.d.ts`.
#![deny(clippy::all)]

use napi::bindgen_prelude::*;
use napi::{Env, JsValue, Status};
use napi_derive::napi;
use pixcode::dynamic::{
    ResolveRequest, Resolver as RustResolver, ResolverConfig as CoreResolverConfig,
};
use pixcode::pix::{
    BuildError as RustBuildError, BuildOptions as CoreBuildOptions, Field, KeyKind, Kind,
};
use pixcode::render::{Options, Qr, RenderError, TextOptions};
use pixcode::Profile;
use std::sync::Arc;

pub mod build;
pub mod error;
pub mod nfc;
pub mod qr;
pub mod resolve;
pub mod verdicts;
pub mod view;

use error::*;
