//! JOSE (feature `dynamic`): the compact JWS, the JWK Set and its cache, the certificate chain
//! to the verifier's own anchors, the verifier and the signer.

pub(crate) mod cache;
pub(crate) mod jwk;
pub(crate) mod jws;
pub(crate) mod sign;
pub(crate) mod trust;
pub(crate) mod verdict;
pub(crate) mod verify;
