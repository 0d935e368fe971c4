//! Contract tests of the Kobana client, offline: the spec's own examples and schemas, and a
//! mock server on 127.0.0.1 (wiremock) for retries, idempotency, 429, error shapes and
//! pagination. Nothing here reaches the internet.
#![cfg(feature = "kobana")]

use pixcode::kobana::webhook::{self, EventObject, WebhookError};
use pixcode::kobana::*;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request as MockRequest, ResponseTemplate};

const SPEC: &str = include_str!("data/kobana/kobana-v2-payment-pix-subset.openapi.json");
const CODE: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const BROKEN: &str = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";
const ACCOUNT: &str = "01a02a3b-2752-740d-964f-f1292ac8f3af";

fn spec() -> Value {
    let mut spec: Value = serde_json::from_str(SPEC).unwrap();
    // Spec defect (NOTES §11.3): `"required": true` inside a property is not JSON Schema.
    spec["components"]["schemas"]["v2_pix_qrcode_query"]["properties"]["qrcode"]
        .as_object_mut()
        .unwrap()
        .remove("required");
    spec
}

fn example(path: &str, method: &str, status: &str) -> Value {
    spec()["paths"][path][method]["responses"][status]["content"]["application/json"]["example"]
        .clone()
}

/// Validates `body` against `#/components/schemas/{schema}` of the spec.
fn assert_valid(schema: &str, body: &Value) {
    let mut root = spec();
    root["$ref"] = json!(format!("#/components/schemas/{schema}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .expect("the spec's schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{schema}: {errors:?}\n{body}");
}

/// The validator does reject what breaks the schema (so `assert_valid` proves something).
#[test]
fn the_schema_check_can_fail() {
    let mut root = spec();
    root["$ref"] = json!("#/components/schemas/v2_new_payment_pix_single");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .unwrap();
    assert!(validator.is_valid(&json!({"financial_account_uid": ACCOUNT, "qrcode": CODE})));
    assert!(
        !validator.is_valid(&json!({"qrcode": CODE})),
        "financial_account_uid is required"
    );
    assert!(!validator
        .is_valid(&json!({"financial_account_uid": ACCOUNT, "qrcode": CODE, "amount": "10.50"})));
}

fn response(status: u16, body: &Value) -> Response {
    Response {
        status,
        headers: vec![],
        body: serde_json::to_vec(body).unwrap(),
    }
}

#[test]
fn every_spec_example_reads() {
    let spec = spec();
    let mut n = 0;
    for (p, ops) in spec["paths"].as_object().unwrap() {
        for (m, op) in ops.as_object().unwrap() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                let Some(ex) = resp["content"]["application/json"].get("example") else {
                    continue;
                };
                let code: u16 = status.parse().unwrap();
                let r = response(code, ex);
                n += 1;
                if code >= 300 {
                    let err = ApiError::from_response(&r, None);
                    assert_eq!(err.status, code);
                    assert!(
                        !err.items.is_empty(),
                        "{m} {p} {status}: no error item read"
                    );
                    continue;
                }
                let ok = match (m.as_str(), p.as_str()) {
                    ("get", "/v2/payment/pix") => api::parse_page::<PaymentPix>(&r)
                        .map(|pg| assert!(!pg.items.is_empty()))
                        .is_ok(),
                    ("get", "/v2/payment/batches") => api::parse_page::<PaymentBatch>(&r)
                        .map(|pg| assert!(!pg.items.is_empty()))
                        .is_ok(),
                    ("get", "/v2/data/pix_qrcode_queries") => {
                        api::parse_page::<PixQrcodeQuery>(&r).is_ok()
                    }
                    ("post", "/v2/data/pix_qrcode_queries") => {
                        api::parse_one::<PixQrcodeQuery>(&r, None).is_ok()
                    }
                    ("post", "/v2/payment/pix") | ("get", "/v2/payment/pix/{uid}") => {
                        api::parse_one::<PaymentPix>(&r, None).is_ok()
                    }
                    ("put", "/v2/payment/pix/{uid}/cancel") => {
                        api::parse_one::<Command>(&r, None).is_ok()
                    }
                    ("post", "/v2/payment/pix_batches") | ("get", "/v2/payment/batches/{uid}") => {
                        api::parse_one::<PaymentBatch>(&r, None).is_ok()
                    }
                    ("put", _) => api::parse_one::<Command>(&r, None)
                        .map(|c| {
                            assert!(
                                c.data.payment_batch.is_some()
                                    || c.data.payment.is_some()
                                    || c.data.uid.is_some()
                            )
                        })
                        .is_ok(),
                    other => panic!("unexpected operation {other:?}"),
                };
                assert!(ok, "{m} {p} {status} does not read");
            }
        }
    }
    assert!(n >= 25, "{n} examples");
}

#[test]
fn spec_examples_read_exactly() {
    let list =
        api::parse_page::<PaymentPix>(&response(200, &example("/v2/payment/pix", "get", "200")))
            .unwrap();
    let first = &list.items[0];
    assert_eq!(first.amount.unwrap().to_string(), "100.0");
    assert_eq!(first.status, Some(PaymentStatus::Pending));
    // The schema says date; the example sends a date-time.
    assert!(first.scheduled_to.as_ref().unwrap().is_date_time());
    assert!(list.pagination.is_some());
    // The batch command nests `payment_batch` in examples, `pix` in the schema.
    let approve = api::parse_one::<Command>(
        &response(
            200,
            &example("/v2/payment/batches/{uid}/approve", "put", "200"),
        ),
        None,
    )
    .unwrap();
    assert_eq!(approve.data.operation.as_deref(), Some("approve"));
    let mut schema_shape = example("/v2/payment/batches/{uid}/approve", "put", "200");
    let batch = schema_shape["data"]
        .as_object_mut()
        .unwrap()
        .remove("payment_batch");
    if let Some(b) = batch {
        schema_shape["data"]["pix"] = b;
        let c = api::parse_one::<Command>(&response(200, &schema_shape), None).unwrap();
        assert!(c.data.payment_batch.is_some());
    }
    let cancel = api::parse_one::<Command>(
        &response(200, &example("/v2/payment/pix/{uid}/cancel", "put", "200")),
        None,
    )
    .unwrap();
    assert!(cancel.message.is_some());
}

#[test]
fn request_bodies_match_the_spec_schemas() {
    let api = Api::new(
        "https://api-sandbox.kobana.com.br",
        Token::new("t").unwrap(),
        None,
    )
    .unwrap();
    let key = || IdempotencyKey::new_v4();
    let full = NewPixPayment {
        financial_account_uid: ACCOUNT.into(),
        qrcode: CODE.into(),
        amount: Some("10.50".parse().unwrap()),
        scheduled_to: Some("2026-12-01".into()),
        payment_account_uid: Some("01a02a3b-2750-7d27-adca-0c360e025d1d".into()),
        external_id: Some("order-42".into()),
        custom_data: Some(json!({"order": 42}).as_object().unwrap().clone()),
        tags: Some(vec!["a".into()]),
        identifier: Some("Pedido 42".into()),
        beneficiary: Some(NewBeneficiary {
            name: Some("Fulano".into()),
            document_number: Some("12345678909".into()),
        }),
    };
    let minimal = NewPixPayment {
        financial_account_uid: ACCOUNT.into(),
        qrcode: CODE.into(),
        ..Default::default()
    };
    for p in [&full, &minimal] {
        let req = api.create_pix_payment(p, key()).unwrap();
        let body: Value = serde_json::from_slice(req.body.as_ref().unwrap()).unwrap();
        assert_valid("v2_new_payment_pix_single", &body);
        assert!(
            !String::from_utf8(req.body.unwrap())
                .unwrap()
                .contains("null"),
            "no null is sent"
        );
    }
    // Money goes out exactly, as a number.
    let req = api.create_pix_payment(&full, key()).unwrap();
    assert!(String::from_utf8(req.body.unwrap())
        .unwrap()
        .contains("\"amount\":10.50"));

    let batch = NewPixBatch {
        financial_account_uid: ACCOUNT.into(),
        payments: vec![
            BatchItem::Existing {
                uid: "01a02a3b-2778-7d32-9fd9-e420bfdd3848".into(),
            },
            BatchItem::New(NewBatchPayment {
                qrcode: CODE.into(),
                amount: Some("1.00".parse().unwrap()),
                ..Default::default()
            }),
        ],
        payment_account_uid: None,
    };
    let body: Value = serde_json::from_slice(
        api.create_pix_batch(&batch, key())
            .unwrap()
            .body
            .as_ref()
            .unwrap(),
    )
    .unwrap();
    assert_valid("v2_new_payment_batch_pix", &body);
    assert!(api
        .create_pix_batch(
            &NewPixBatch {
                financial_account_uid: ACCOUNT.into(),
                ..Default::default()
            },
            key()
        )
        .is_err());

    let query = NewQrcodeQuery {
        qrcode: CODE.into(),
        external_id: Some("q1".into()),
        ..Default::default()
    };
    let body: Value = serde_json::from_slice(
        api.create_qrcode_query(&query, key())
            .unwrap()
            .body
            .as_ref()
            .unwrap(),
    )
    .unwrap();
    assert_valid("v2_pix_qrcode_query", &body);
}

#[test]
fn the_token_never_shows() {
    let token = Token::new("super-secret-token").unwrap();
    let config = Config::new(token.clone());
    assert!(!format!("{config:?}").contains("super-secret"));
    let api = Api::new(
        "https://api-sandbox.kobana.com.br",
        token,
        Some("ops@example.com"),
    )
    .unwrap();
    let req = api.get_pix_payment("abc").unwrap();
    assert!(!format!("{req:?}").contains("super-secret"));
    assert!(req
        .headers
        .iter()
        .any(|(k, v)| *k == "Authorization" && v == "Bearer super-secret-token"));
    assert!(req.headers.iter().any(|(k, v)| *k == "User-Agent"
        && v.starts_with("pixcode/")
        && v.ends_with("(ops@example.com)")));
    assert!(matches!(Token::new(""), Err(Error::MissingToken)));
    assert!(Token::new("has space").is_err());
    assert!(api.get_pix_payment("../etc").is_err());
    assert!(api.list_pix_payments(1, 51).is_err());
    assert!(api
        .follow("https://evil.example.com/v2/payment/pix?page=2")
        .is_err());
    assert_eq!(
        Config::new(Token::new("t").unwrap()).base_url(),
        "https://api-sandbox.kobana.com.br"
    );
}

fn client(server: &MockServer) -> Client {
    Client::new(
        Config::new(Token::new("test-token").unwrap())
            .base_url_override(server.uri())
            .retry(RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
                deadline: Duration::from_secs(5),
            }),
    )
    .unwrap()
}

fn key_of(r: &MockRequest) -> String {
    r.headers
        .get("x-idempotency-key")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn decode_sends_a_valid_request_and_reads_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/data/pix_qrcode_queries"))
        .and(header("authorization", "Bearer test-token"))
        .and(header_exists("x-idempotency-key"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            "/v2/data/pix_qrcode_queries",
            "post",
            "201",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let reply = c
        .decode(
            &NewQrcodeQuery {
                qrcode: CODE.into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(reply.status, 201);
    assert_eq!(reply.data.pix_key.as_deref(), Some("test@example.com"));
    assert_eq!(reply.data.total_amount.unwrap().to_string(), "100.0");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(key_of(sent), reply.idempotency_key.unwrap().as_str());
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_valid("v2_pix_qrcode_query", &body);
    assert!(sent
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("pixcode/"));
}

#[tokio::test]
async fn invalid_codes_fail_locally_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c
        .create_pix_payment(
            &NewPixPayment {
                financial_account_uid: ACCOUNT.into(),
                qrcode: BROKEN.into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap_err();
    match err {
        Error::InvalidCode(e) => assert_eq!(e.code(), "template_not_tlv"),
        other => panic!("{other:?}"),
    }
    assert!(c
        .decode(
            &NewQrcodeQuery {
                qrcode: "hello".into(),
                ..Default::default()
            },
            None
        )
        .await
        .is_err());
}

#[tokio::test]
async fn a_429_is_retried_with_the_same_key_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/payment/pix"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(
                    json!({"error": "POST request limit per hour exceeded for this user."}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/payment/pix"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            "/v2/payment/pix",
            "post",
            "201",
        )))
        .mount(&server)
        .await;
    let c = client(&server);
    let given = IdempotencyKey::new("order-42-pay").unwrap();
    let reply = c
        .create_pix_payment(
            &NewPixPayment {
                financial_account_uid: ACCOUNT.into(),
                qrcode: CODE.into(),
                amount: Some("10.50".parse().unwrap()),
                ..Default::default()
            },
            Some(given.clone()),
        )
        .await
        .unwrap();
    assert_eq!(reply.idempotency_key, Some(given));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(key_of(&reqs[0]), "order-42-pay");
    assert_eq!(key_of(&reqs[1]), "order-42-pay");
    assert_eq!(reqs[0].body, reqs[1].body);
}

#[tokio::test]
async fn a_429_past_the_retries_is_returned_with_its_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .insert_header("RateLimit-Limit", "60")
                .insert_header("ratelimit-remaining", "0")
                .set_body_json(
                    json!({"error": "GET request limit per hour exceeded for this user."}),
                ),
        )
        .expect(3)
        .mount(&server)
        .await;
    let err = client(&server).get_pix_payment("abc").await.unwrap_err();
    match err {
        Error::Api(e) => {
            assert_eq!(e.status, 429);
            assert_eq!(
                e.items,
                [ErrorItem::Text(
                    "GET request limit per hour exceeded for this user.".into()
                )]
            );
            assert_eq!(e.rate_limit.limit, Some(60));
            assert_eq!(e.rate_limit.remaining, Some(0));
            assert_eq!(e.rate_limit.retry_after, Some(0));
        }
        other => panic!("{other:?}"),
    }
    // A long retry-after is not slept through: the deadline stops it and the 429 is returned.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).get_pix_payment("abc").await.unwrap_err();
    assert!(matches!(err, Error::Api(ref e) if e.status == 429));
}

#[tokio::test]
async fn a_5xx_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><body>502 Bad Gateway</body></html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .create_pix_payment(
            &NewPixPayment {
                financial_account_uid: ACCOUNT.into(),
                qrcode: CODE.into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap_err();
    match err {
        Error::Api(e) => {
            assert_eq!(e.status, 502);
            assert!(e.items.is_empty());
            assert!(e.raw.contains("Bad Gateway"));
            assert!(e.idempotency_key.is_some());
            assert!(e.to_string().contains("Kobana answered HTTP 502"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn transport_failures_are_retried_then_reported() {
    // Nothing listens on this port: every connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let c = Client::new(
        Config::new(Token::new("t").unwrap())
            .base_url_override(format!("http://127.0.0.1:{port}"))
            .retry(RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
                deadline: Duration::from_secs(5),
            }),
    )
    .unwrap();
    let err = c
        .cancel_pix_payment("abc", Some(IdempotencyKey::new("k1").unwrap()))
        .await
        .unwrap_err();
    match err {
        Error::Transport {
            attempts,
            idempotency_key,
            ..
        } => {
            assert_eq!(attempts, 3);
            assert_eq!(idempotency_key.as_deref(), Some("k1"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn every_error_shape_is_read() {
    let server = MockServer::start().await;
    let cases = [
        (
            "/v2/payment/pix/a",
            422,
            example("/v2/payment/pix", "post", "422"),
        ),
        (
            "/v2/payment/pix/b",
            422,
            json!({"status": 422, "errors": ["QR Code inválido"]}),
        ),
        (
            "/v2/payment/pix/c",
            404,
            example("/v2/payment/pix/{uid}", "get", "404"),
        ),
        (
            "/v2/payment/pix/d",
            422,
            json!({"errors": {"url": ["não pode ficar em branco"]}}),
        ),
        (
            "/v2/payment/pix/e",
            422,
            json!({"status": 422, "errors": [{"code": "x", "detail": {"nested": true}, "errors": [{"code": "y"}]}]}),
        ),
    ];
    for (p, status, body) in &cases {
        Mock::given(method("GET"))
            .and(path(*p))
            .respond_with(ResponseTemplate::new(*status).set_body_json(body))
            .mount(&server)
            .await;
    }
    let c = client(&server);
    let err = |uid: &'static str| {
        let c = c.clone();
        async move {
            match c.get_pix_payment(uid).await.unwrap_err() {
                Error::Api(e) => e,
                other => panic!("{other:?}"),
            }
        }
    };
    let a = err("a").await;
    assert_eq!(a.items[0].code(), Some("validation_error"));
    assert!(a.to_string().contains("(amount)"));
    assert_eq!(
        err("b").await.items,
        [ErrorItem::Text("QR Code inválido".into())]
    );
    assert_eq!(err("c").await.items[0].code(), Some("not_found"));
    assert_eq!(
        err("d").await.items,
        [ErrorItem::Text("url: não pode ficar em branco".into())]
    );
    match &err("e").await.items[0] {
        ErrorItem::Object {
            detail: Some(d),
            errors,
            ..
        } => {
            assert_eq!(d["nested"], true);
            assert_eq!(errors[0].code(), Some("y"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_answers_are_decode_errors_with_a_path() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/payment/pix/bad-amount"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": 200, "data": {"uid": "x", "amount": "12,50"}})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/payment/pix/truncated"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("{\"status\":200,\"data\":{\"uid\""),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/payment/pix/html"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    Mock::given(path("/v2/payment/pix/unknown-status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": 200, "data": {"uid": "x", "status": "settled", "new_field": 1}}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    match c.get_pix_payment("bad-amount").await.unwrap_err() {
        Error::Decode { path, raw, .. } => {
            assert_eq!(path, "data.amount");
            assert!(raw.contains("12,50"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.get_pix_payment("truncated").await.unwrap_err(),
        Error::Decode { .. }
    ));
    assert!(matches!(
        c.get_pix_payment("html").await.unwrap_err(),
        Error::Decode { .. }
    ));
    let p = c.get_pix_payment("unknown-status").await.unwrap();
    assert_eq!(p.data.status, Some(PaymentStatus::Other("settled".into())));
}

#[tokio::test]
async fn pages_follow_next_url_lazily() {
    let server = MockServer::start().await;
    let mut page1 = example("/v2/payment/pix", "get", "200");
    page1["pagination"] =
        json!({"prev_url": null, "next_url": "/v2/payment/pix?per_page=2&page=2", "page": 1});
    let mut page2 = page1.clone();
    page2["pagination"] =
        json!({"prev_url": "/v2/payment/pix?per_page=2&page=1", "next_url": null, "page": 2});
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .and(query_param("page", "1"))
        .and(query_param("per_page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page1))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page2))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let mut pages = c.pix_payments(2).unwrap();
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "nothing fetched before asked"
    );
    let first = pages.next_page().await.unwrap().unwrap();
    assert!(!first.items.is_empty());
    assert!(pages.next_page().await.unwrap().is_ok());
    assert!(pages.next_page().await.is_none());
    assert_eq!(pages.pages_fetched(), 2);
    assert!(c.pix_payments(51).is_err());
}

#[tokio::test]
async fn batches_and_commands() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/payment/pix_batches"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            "/v2/payment/pix_batches",
            "post",
            "201",
        )))
        .mount(&server)
        .await;
    for op in ["approve", "reprove", "cancel"] {
        Mock::given(method("PUT"))
            .and(path(format!("/v2/payment/batches/b1/{op}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(example(
                &format!("/v2/payment/batches/{{uid}}/{op}"),
                "put",
                "200",
            )))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v2/payment/batches/b1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(
            "/v2/payment/batches/{uid}",
            "get",
            "200",
        )))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/payment/pix/p1/cancel"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(
            "/v2/payment/pix/{uid}/cancel",
            "put",
            "200",
        )))
        .mount(&server)
        .await;
    let c = client(&server);
    let batch = NewPixBatch {
        financial_account_uid: ACCOUNT.into(),
        payments: vec![BatchItem::New(NewBatchPayment {
            qrcode: CODE.into(),
            ..Default::default()
        })],
        payment_account_uid: None,
    };
    let created = c.create_pix_batch(&batch, None).await.unwrap();
    assert!(created.data.uid.is_some());
    for op in [BatchOp::Approve, BatchOp::Reprove, BatchOp::Cancel] {
        let cmd = c.batch_command("b1", op, None).await.unwrap();
        assert!(cmd.idempotency_key.is_some());
    }
    assert!(c.get_batch("b1").await.unwrap().data.uid.is_some());
    let cancel = c.cancel_pix_payment("p1", None).await.unwrap();
    assert!(cancel.data.payment.is_some());
    // Every POST and PUT carried its own key.
    let reqs = server.received_requests().await.unwrap();
    let writes: Vec<_> = reqs.iter().filter(|r| r.method.as_str() != "GET").collect();
    assert_eq!(writes.len(), 5);
    assert!(writes
        .iter()
        .all(|r| r.headers.get("x-idempotency-key").is_some()));
    let body: Value = serde_json::from_slice(&writes[0].body).unwrap();
    assert_valid("v2_new_payment_batch_pix", &body);
}

#[tokio::test]
async fn unverified_decode_is_read_leniently() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/v2/payment/pix/decode"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 200, "data": {"type": "static", "key": "123e4567-e12b-12d1-a456-426655440000", "amount": 10.5, "surprise": [1]}})))
        .mount(&server).await;
    let reply = client(&server).decode_unverified(CODE, None).await.unwrap();
    assert_eq!(reply.data.raw["surprise"][0], 1);
    let view = reply.data.view.unwrap();
    assert_eq!(view.kind.as_deref(), Some("static"));
    assert_eq!(view.amount.unwrap().to_string(), "10.5");
}

#[test]
fn webhook_signatures() {
    let body =
        br#"{"ping":"pong","event_code":"ping","webhook":{"id":11,"url":"https://requestb.in"}}"#;
    let sig = "sha256=0058dfda5f0be33a2cf88b7f9b0a4df46f8e072342f8c8cd1c96adb5e116ed2b";
    assert_eq!(webhook::verify(b"test_secret_key", body, Some(sig)), Ok(()));
    assert_eq!(
        webhook::verify(
            b"test_secret_key",
            body,
            Some(&sig.to_uppercase().replace("SHA256=", "sha256="))
        ),
        Ok(())
    );
    assert_eq!(
        webhook::verify(b"other", body, Some(sig)),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        webhook::verify(b"test_secret_key", &body[1..], Some(sig)),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        webhook::verify(b"test_secret_key", body, None),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        webhook::verify(b"test_secret_key", body, Some("md5=abc")),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        webhook::verify(b"test_secret_key", body, Some("sha256=zz")),
        Err(WebhookError::MalformedSignature)
    );
}

fn sign(secret: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    format!(
        "sha256={}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

#[test]
fn webhook_events_are_typed() {
    let secret = b"s3cret";
    let cases = [
        (
            json!({"event_code": "payment.db.created", "webhook": {"id": 1}, "object": {"uid": "p1", "kind": "pix", "amount": 12.34, "status": "pending"}}),
            "payment",
        ),
        (
            json!({"event_code": "payment.pix.cancel.confirmed", "object": {"id": 5, "status": "confirmed", "operation": "cancel", "payment": {"uid": "p1", "status": "canceled"}}}),
            "command",
        ),
        (
            json!({"event_code": "payment.pix_batch.register.confirmed", "object": {"id": 6, "operation": "register", "payment_batch": {"uid": "b1", "status": "confirmed"}}}),
            "command",
        ),
        (
            json!({"event_code": "payment.batch.db.updated", "object": {"uid": "b1", "status": "approved"}, "changes": {"status": ["awaiting_approval", "approved"]}}),
            "batch",
        ),
        (
            json!({"event_code": "data.pix_qrcode_query.success", "object": {"uid": "q1", "can_be_paid": true, "total_amount": 100.0}}),
            "query",
        ),
        (
            json!({"event_code": "billet.created", "object": {"id": 1}}),
            "other",
        ),
    ];
    for (body, kind) in cases {
        let raw = serde_json::to_vec(&body).unwrap();
        let headers = vec![
            ("x-kobana-signature".to_owned(), sign(secret, &raw)),
            ("X-Kobana-Delivery-Id".to_owned(), "d-1".to_owned()),
            ("X-Kobana-Environment".to_owned(), "sandbox".to_owned()),
        ];
        let d = webhook::parse(&headers, &raw, secret).unwrap();
        assert_eq!(d.id.as_deref(), Some("d-1"));
        assert_eq!(d.environment.as_deref(), Some("sandbox"));
        let got = match &d.event.object {
            EventObject::Payment(p) => {
                assert_eq!(p.amount.unwrap().to_string(), "12.34");
                "payment"
            }
            EventObject::Command(c) => {
                assert!(c.payment.is_some() || c.payment_batch.is_some());
                "command"
            }
            EventObject::Batch(_) => {
                assert!(d.event.changes.is_some());
                "batch"
            }
            EventObject::QrcodeQuery(q) => {
                assert_eq!(q.can_be_paid, Some(true));
                "query"
            }
            EventObject::Other(_) => "other",
            EventObject::Ping => "ping",
            _ => "unknown",
        };
        assert_eq!(got, kind, "{}", d.event.code);
    }
    // The deprecated header name still verifies; a form-encoded body is refused clearly.
    let raw = b"payload[event_code]=ping";
    let headers = [("X-Hub-Signature", sign(secret, raw))];
    assert!(matches!(
        webhook::parse(&headers, raw, secret),
        Err(WebhookError::Body(_))
    ));
}

/// The CLI end to end against the mock: pay, then list.
#[cfg(feature = "cli")]
#[tokio::test]
async fn cli_pays_and_lists_against_a_mock() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/payment/pix"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            "/v2/payment/pix",
            "post",
            "201",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(
            "/v2/payment/pix",
            "get",
            "200",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let run = move |args: Vec<String>| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pixcode"))
            .args(args)
            .env("KOBANA_API_TOKEN", "cli-token")
            .output()
            .unwrap()
    };
    let args: Vec<String> = [
        "kobana",
        "--base-url",
        &uri,
        "--idempotency-key",
        "cli-key-1",
        "pay",
        CODE,
        "--financial-account",
        ACCOUNT,
        "--amount",
        "10.50",
    ]
    .map(String::from)
    .to_vec();
    let out = tokio::task::spawn_blocking(move || run(args))
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], 201);
    assert_eq!(v["idempotency_key"], "cli-key-1");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(key_of(sent), "cli-key-1");
    assert!(String::from_utf8_lossy(&sent.body).contains("\"amount\":10.50"));

    let args: Vec<String> = [
        "kobana",
        "--base-url",
        &uri,
        "payments",
        "list",
        "--per-page",
        "5",
    ]
    .map(String::from)
    .to_vec();
    let out = tokio::task::spawn_blocking(move || run(args))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let line: Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert!(line["data"].as_array().is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn pages_without_pagination_stop_at_a_short_page() {
    let server = MockServer::start().await;
    let item = json!({"uid": "p", "kind": "pix"});
    // per_page=1: page 1 is full, page 2 is empty; no pagination member at all.
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .and(query_param("page", "1"))
        .and(query_param("per_page", "1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": 200, "data": [item]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .and(query_param("page", "2"))
        .and(query_param("per_page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 200, "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let mut pages = c.pix_payments(1).unwrap();
    assert_eq!(pages.next_page().await.unwrap().unwrap().items.len(), 1);
    assert_eq!(pages.next_page().await.unwrap().unwrap().items.len(), 0);
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn decode_errors_say_where_without_empty_or_doubled_paths() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/payment/pix/html"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/payment/pix"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": 200, "data": {"uid": "not a list"}})),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let text = c.get_pix_payment("html").await.unwrap_err().to_string();
    assert!(
        text.starts_with("cannot read Kobana's HTTP 200 answer: the body is not JSON"),
        "{text}"
    );
    assert!(!text.contains(" at :"), "{text}");
    let err = c
        .pix_payments(2)
        .unwrap()
        .next_page()
        .await
        .unwrap()
        .unwrap_err();
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "data"),
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with("cannot read Kobana's HTTP 200 answer at data: invalid type"),
        "{text}"
    );
}

#[tokio::test]
async fn a_body_cut_mid_transfer_says_so() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Every connection: a 200 that promises 400 bytes, sends 23 and hangs up.
    let server = tokio::spawn(async move {
        for _ in 0..3 {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let _ = sock
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{\"status\":200,\"data\":{\"",
                )
                .await;
            let _ = sock.shutdown().await;
        }
    });
    let c = Client::new(
        Config::new(Token::new("test-token").unwrap())
            .base_url_override(format!("http://{addr}"))
            .retry(RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
                deadline: Duration::from_secs(5),
            }),
    )
    .unwrap();
    let err = c.get_pix_payment("abc").await.unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{text}"
    );
    assert!(
        text.contains("the body of the HTTP 200 answer was cut after 23 of 400 bytes"),
        "{text}"
    );
    server.await.unwrap();
}

/// A gateway that repeats the request in its error bodies (and in a header): whatever it
/// echoes, the token never reaches an error, a `Debug` text, standard output or standard error.
async fn echo_server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(move |r: &MockRequest| {
            let headers: serde_json::Map<String, Value> = r
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or(""))))
                .collect();
            let auth = r
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap_or("").to_owned())
                .unwrap_or_default();
            ResponseTemplate::new(status)
                .insert_header("x-echo-authorization", auth.as_str())
                .set_body_json(json!({
                    "errors": [{"title": "echo", "detail": format!("you sent {auth}")}],
                    "request": {"headers": headers, "raw": format!("Authorization: {auth}")},
                    "token": auth.trim_start_matches("Bearer "),
                }))
        })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_echoed_token_is_redacted_from_every_answer() {
    for status in [200, 400, 401, 422, 500] {
        let server = echo_server(status).await;
        let c = Client::new(
            Config::new(Token::new("sk_live_S3CRET/+=").unwrap())
                .base_url_override(server.uri())
                .retry(RetryPolicy {
                    max_attempts: 1,
                    ..RetryPolicy::default()
                }),
        )
        .unwrap();
        let err = c.get_pix_payment("abc").await.unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("S3CRET"), "HTTP {status}: {shown}");
        assert!(shown.contains("[redacted]"), "HTTP {status}: {shown}");
        let resp = c
            .send(&c.api().get_pix_payment("abc").unwrap())
            .await
            .unwrap();
        assert!(!String::from_utf8_lossy(&resp.body).contains("S3CRET"));
        assert!(!format!("{:?}", resp.headers).contains("S3CRET"));
    }
}

#[test]
fn plain_http_is_refused_except_to_loopback() {
    let t = || Token::new("t").unwrap();
    for base in [
        "http://api.kobana.com.br",
        "http://10.0.0.1:8080",
        "http://127.0.0.1.evil.example",
        "http://localhost@evil.example",
    ] {
        let err = Client::new(Config::new(t()).base_url_override(base)).unwrap_err();
        assert!(matches!(err, Error::Argument(_)), "{base}: {err}");
    }
    for base in [
        "http://127.0.0.1:9",
        "http://localhost:8080",
        "http://[::1]:80",
        "https://api.kobana.com.br",
    ] {
        assert!(
            Client::new(Config::new(t()).base_url_override(base)).is_ok(),
            "{base}"
        );
    }
    let err =
        Client::new(Config::new(t()).base_url_override("http://api.kobana.com.br")).unwrap_err();
    assert!(err.to_string().contains("clear text"), "{err}");
}

/// The CLI on every command the echo reaches: neither standard output nor standard error
/// carries the token.
#[cfg(feature = "cli")]
#[tokio::test]
async fn cli_never_prints_an_echoed_token() {
    for status in [400, 401, 422, 500] {
        let server = echo_server(status).await;
        let uri = server.uri();
        for cmd in [
            vec!["decode", CODE],
            vec!["decode-unverified", CODE],
            vec!["payments", "list"],
        ] {
            let mut args = vec!["kobana".to_string(), "--base-url".into(), uri.clone()];
            args.extend(cmd.iter().map(|s| s.to_string()));
            let out = tokio::task::spawn_blocking(move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_pixcode"))
                    .args(args)
                    .env("KOBANA_API_TOKEN", "cli-S3CRET-token")
                    .output()
                    .unwrap()
            })
            .await
            .unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(1), "{cmd:?} {status}: {all}");
            assert!(!all.contains("S3CRET"), "{cmd:?} {status}: {all}");
            assert!(all.contains("[redacted]"), "{cmd:?} {status}: {all}");
        }
    }
}

/// A 429 whose retry-after is the largest number there is: answered, no overflow, no wait.
#[tokio::test]
async fn an_absurd_retry_after_does_not_panic_or_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "18446744073709551615")
                .set_body_json(json!({"errors": [{"title": "slow down"}]})),
        )
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let err = client(&server).get_pix_payment("abc").await.unwrap_err();
    assert!(matches!(&err, Error::Api(a) if a.status == 429), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// An answer longer than the cap is refused as it arrives, never held whole.
#[tokio::test]
async fn an_endless_body_is_cut_at_the_cap() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 3 << 20]))
        .mount(&server)
        .await;
    let c = Client::new(
        Config::new(Token::new("t").unwrap())
            .base_url_override(server.uri())
            .max_body(1 << 20)
            .retry(RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            }),
    )
    .unwrap();
    let err = c.get_pix_payment("abc").await.unwrap_err();
    assert!(
        err.to_string().contains("longer than the 1048576 bytes"),
        "{err}"
    );
}

/// A signed delivery with two members of one name is refused, though its signature holds.
#[test]
fn a_webhook_with_a_duplicate_member_is_refused() {
    let body = br#"{"event_code":"payment.db.created","object":{"uid":"p1","amount":1.00,"amount":9999.00}}"#;
    let sig = sign(b"s3cret", body);
    let err = webhook::parse(&[("x-kobana-signature", sig.as_str())], body, b"s3cret").unwrap_err();
    assert!(
        matches!(&err, WebhookError::Body(m) if m.contains("object.amount")),
        "{err:?}"
    );
}

/// The retry decision as a pure function of the outcome, the attempt, a fake clock and the
/// jitter: no server, no waiting.
#[test]
fn retry_decisions_follow_the_policy_on_a_fake_clock() {
    use pixcode::kobana::{Decision, Outcome};
    let policy = RetryPolicy {
        max_attempts: 6,
        base_delay: Duration::from_millis(500),
        max_delay: Duration::from_secs(3),
        deadline: Duration::from_secs(10),
    };
    let failed = Outcome::TransportFailed;
    // Doubling from 500 ms, capped at 3 s; jitter 0 gives half the delay, 999 nearly all.
    let waits: Vec<Decision> = (1..=5)
        .map(|attempt| policy.next(failed, attempt, Duration::ZERO, 999))
        .collect();
    let ms = |n| Decision::Retry(Duration::from_micros(n));
    assert_eq!(
        waits,
        [
            ms(499_750),
            ms(999_500),
            ms(1_999_000),
            ms(2_998_500),
            ms(2_998_500)
        ]
    );
    assert_eq!(
        policy.next(failed, 3, Duration::ZERO, 0),
        Decision::Retry(Duration::from_secs(1))
    );
    // The last attempt's outcome is returned as it is.
    assert_eq!(policy.next(failed, 6, Duration::ZERO, 0), Decision::Done);
    // A clock near the deadline: the wait would pass it.
    assert_eq!(
        policy.next(failed, 1, Duration::from_millis(9_800), 0),
        Decision::DeadlinePassed
    );
    assert_eq!(
        policy.next(failed, 1, Duration::from_millis(9_700), 0),
        Decision::Retry(Duration::from_millis(250))
    );
    // 429: retry-after as given (even 0), saturating for absurd values; others are final.
    let busy = |s| Outcome::Response {
        status: 429,
        retry_after: s,
    };
    assert_eq!(
        policy.next(busy(Some(0)), 1, Duration::ZERO, 0),
        Decision::Retry(Duration::ZERO)
    );
    assert_eq!(
        policy.next(busy(None), 2, Duration::ZERO, 0),
        Decision::Retry(Duration::from_millis(500))
    );
    assert_eq!(
        policy.next(busy(Some(u64::MAX)), 1, Duration::from_secs(u64::MAX), 0),
        Decision::DeadlinePassed
    );
    for status in [200, 201, 400, 401, 404, 422, 500, 502, 503] {
        let outcome = Outcome::Response {
            status,
            retry_after: Some(1),
        };
        assert_eq!(
            policy.next(outcome, 1, Duration::ZERO, 0),
            Decision::Done,
            "{status}"
        );
    }
}

/// Paging as the cursor decides it, with no server: numbers while pages are full and no
/// pagination member, the server's links when it gives them, the end at a short page or at
/// pagination without a link. Filters stay on every numbered page.
#[test]
fn the_page_cursor_walks_a_list_without_a_server() {
    use pixcode::kobana::{Pagination, Step};
    let api = Api::new(
        Environment::Sandbox.base_url(),
        Token::new("t").unwrap(),
        None,
    )
    .unwrap();
    let mut cursor = api
        .qrcode_queries_cursor(3, Some("order 7&x"), &["a", "b"])
        .unwrap();
    let first = api.page(&cursor).url;
    assert!(
        first.ends_with("/v2/data/pix_qrcode_queries?page=1&per_page=3&external_id=order%207%26x&tags[]=a&tags[]=b"),
        "{first}"
    );
    assert_eq!(cursor.advance(None, 3), Some(Step::Page));
    let second = api.page(&cursor).url;
    assert!(
        second.contains("?page=2&per_page=3&external_id=order%207%26x"),
        "{second}"
    );
    let link = Pagination {
        next_url: Some("/v2/data/pix_qrcode_queries?page=3&per_page=3".into()),
        ..Pagination::default()
    };
    assert_eq!(
        cursor.advance(Some(&link), 3),
        Some(Step::Link(
            "/v2/data/pix_qrcode_queries?page=3&per_page=3".into()
        ))
    );
    assert_eq!(cursor.advance(Some(&Pagination::default()), 3), None);
    let mut short = api.pix_payments_cursor(50).unwrap();
    assert_eq!(short.advance(None, 49), None);
    assert!(api.batches_cursor(0).is_err() && api.batches_cursor(51).is_err());
    assert!(api.pix_payments_cursor(10).unwrap().at(0).is_err());
    // The numbered requests the old methods build are the cursor's.
    let at4 = api.pix_payments_cursor(10).unwrap().at(4).unwrap();
    assert_eq!(
        api.page(&at4).url,
        api.list_pix_payments(4, 10).unwrap().url
    );
}
