//! `pixcode resolve` (the payer's side) and `pixcode location sign|jwks` (the receiver's).

use crate::refused;
use clap::Subcommand;
use pixcode::dynamic::{
    Alg, Charge, Part, Problem, Resolution, ResolveRequest, Resolver, ResolverConfig, Signer,
};
use pixcode::text::Escaped;
use std::io::{self, Read, Write};

/// The options of `pixcode resolve`.
#[derive(clap::Args)]
pub(crate) struct ResolveArgs {
    /// The dynamic or composto BR Code.
    code: String,
    /// The payment date (DPP) for a cobv, YYYY-MM-DD; today in Brasília by default.
    #[arg(long)]
    date: Option<String>,
    /// The payer's municipality, 7-digit IBGE code (codMun): required for a cobv.
    #[arg(long, value_name = "NNNNNNN")]
    cod_mun: Option<String>,
    /// A holiday of the payer's municipality, YYYY-MM-DD (repeat for several).
    #[arg(long, value_name = "DATE")]
    holiday: Vec<String>,
    /// The verification instant, RFC 3339 (such as 2026-03-10T14:10:00Z); now by default.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// Also trust the roots in this PEM file, for the signing chain and for HTTPS (repeat for
    /// several).
    #[arg(long, value_name = "PEM")]
    ca_file: Vec<std::path::PathBuf>,
    /// Trust no root but those of --ca-file.
    #[arg(long)]
    no_default_roots: bool,
    /// Connect to ADDR:PORT for HOST, as curl's --resolve (repeat for several).
    #[arg(long, value_name = "HOST=ADDR:PORT")]
    resolve: Vec<String>,
    /// Seconds allowed for the whole code, every fetch included (10 unless given).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Print one JSON object (documented in the README) instead of the readable report.
    #[arg(long)]
    json: bool,
}

/// `pixcode location`: the receiver's side.
#[derive(Subcommand)]
pub(crate) enum LocationCommand {
    /// Sign a payload (JSON on standard input) as a compact JWS for a location to serve.
    Sign {
        /// The private key, PEM (PKCS#8; PKCS#1 for RSA).
        #[arg(long, value_name = "PEM")]
        key: std::path::PathBuf,
        /// The certificate chain, PEM, leaf first.
        #[arg(long, value_name = "PEM")]
        cert: std::path::PathBuf,
        /// RS256 (default: what every payer accepts), RS384, RS512, PS256, PS384, PS512,
        /// ES256 or ES384.
        #[arg(long, default_value = "RS256")]
        alg: String,
        /// The HTTPS URL where the JWK Set is served.
        #[arg(long)]
        jku: String,
        /// The key id; the leaf's SHA-256 thumbprint by default.
        #[arg(long)]
        kid: Option<String>,
    },
    /// Print the JWK Set to serve at the jku for a certificate chain.
    Jwks {
        /// The certificate chain, PEM, leaf first.
        #[arg(long, value_name = "PEM")]
        cert: std::path::PathBuf,
        /// The algorithm the key signs with; RS256 or ES256/ES384 by key type by default.
        #[arg(long)]
        alg: Option<String>,
        /// The key id; the leaf's SHA-256 thumbprint by default.
        #[arg(long)]
        kid: Option<String>,
    },
}

fn problem(p: Problem) -> io::Error {
    refused(p.to_string())
}

fn alg(name: &str) -> io::Result<Alg> {
    Alg::from_name(&name.to_ascii_uppercase()).ok_or_else(|| {
        refused(format!(
            "--alg: expected one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 but found {name:?}"
        ))
    })
}

fn read(path: &std::path::Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| refused(format!("{}: {e}", path.display())))
}

/// Runs `pixcode location …`.
pub(crate) fn location(out: &mut impl Write, cmd: &LocationCommand) -> io::Result<bool> {
    match cmd {
        LocationCommand::Sign {
            key,
            cert,
            alg: name,
            jku,
            kid,
        } => {
            let alg = alg(name)?;
            let signer = Signer::from_pem(&read(key)?, &read(cert)?, alg, jku, kid.as_deref())
                .map_err(problem)?;
            let mut payload = Vec::new();
            io::stdin().read_to_end(&mut payload)?;
            match serde_json::from_slice::<serde_json::Value>(&payload) {
                Ok(serde_json::Value::Object(_)) => {}
                Ok(_) => {
                    return Err(refused(
                        "the payload on standard input is JSON but not an object".into(),
                    ))
                }
                Err(e) => {
                    return Err(refused(format!(
                        "the payload on standard input is not JSON: {e}"
                    )))
                }
            }
            let trimmed = payload.trim_ascii();
            writeln!(out, "{}", signer.sign(trimmed).map_err(problem)?)?;
        }
        LocationCommand::Jwks {
            cert,
            alg: name,
            kid,
        } => {
            let alg = name.as_deref().map(alg).transpose()?;
            let set = pixcode::dynamic::jwks_for_chain(&read(cert)?, alg, kid.as_deref())
                .map_err(problem)?;
            serde_json::to_writer_pretty(&mut *out, &set)?;
            writeln!(out)?;
        }
    }
    Ok(true)
}

/// The flag of a core argument: `cod_mun` → `cod-mun`.
fn flag(argument: &str) -> String {
    match argument {
        "holidays" => "holiday".into(),
        "ca_pem" => "ca-file".into(),
        other => other.replace('_', "-"),
    }
}

/// Runs `pixcode resolve`; `Ok(true)` when the code is verified and payable.
pub(crate) fn resolve(out: &mut impl Write, a: &ResolveArgs) -> io::Result<bool> {
    // A pix:// URI (NFC) carries the code: resolved as the code itself.
    let (code, _) = crate::nfc::unwrap(&a.code).map_err(|e| refused(e.to_string()))?;
    let code: &str = &code;
    let pems = a
        .ca_file
        .iter()
        .map(|p| read(p))
        .collect::<io::Result<Vec<_>>>()?;
    let pems: Vec<&[u8]> = pems.iter().map(Vec::as_slice).collect();
    let resolve = a
        .resolve
        .iter()
        .map(|r| {
            r.split_once('=').ok_or_else(|| {
                refused(format!(
                    "--resolve: expected HOST=ADDR:PORT but found {r:?}"
                ))
            })
        })
        .collect::<io::Result<Vec<_>>>()?;
    let options = ResolverConfig {
        ca_pem: &pems,
        default_roots: Some(!a.no_default_roots),
        resolve: &resolve,
        timeout: a.timeout,
    }
    .options()
    .map_err(|e| match (e.argument, e.item) {
        ("ca_pem", Some(i)) => refused(format!("{}: {}", a.ca_file[i].display(), e.message)),
        (argument, _) => refused(format!("--{}: {}", flag(argument), e.message)),
    })?;
    let request = ResolveRequest::parse(
        a.at.as_deref(),
        a.date.as_deref(),
        a.cod_mun.as_deref(),
        &a.holiday,
    )
    .map_err(|e| refused(format!("--{}: {}", flag(e.argument), e.message)))?;
    // A cobv cannot be fetched without the payer's municipality: say so before any request.
    if let Ok(view) = pixcode::decode(code) {
        let cobv = view
            .location()
            .is_some_and(|l| l.resource() == pixcode::pix::Resource::Cobv);
        if cobv && a.cod_mun.is_none() && view.kind() != pixcode::pix::Kind::StaticRecurrence {
            return Err(refused(
                "this code points at a cobv, which is fetched with the payer's municipality: add --cod-mun NNNNNNN (IBGE code)".into(),
            ));
        }
    }
    let resolver = Resolver::new(options).map_err(problem)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let r = runtime.block_on(resolver.resolve_code(code, &request));
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
    } else {
        human(out, &r)?;
    }
    Ok(r.verified && r.payable)
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The readable report: every text that came from a server or a payload is escaped
/// ([`Escaped`]), so none can draw on the terminal.
fn human(out: &mut impl Write, r: &Resolution) -> io::Result<()> {
    writeln!(out, "verified  {}", yes(r.verified))?;
    writeln!(out, "payable   {}", yes(r.payable))?;
    for part in r.payment.iter().chain(r.recurrence.iter()) {
        writeln!(out)?;
        part_human(out, part)?;
    }
    if !r.errors.is_empty() {
        writeln!(out, "\nerrors")?;
        for e in &r.errors {
            writeln!(out, "  {}: {}", e.code, Escaped(&e.message))?;
        }
    }
    if !r.findings.is_empty() {
        writeln!(out, "\nfindings")?;
        for e in &r.findings {
            writeln!(out, "  {}: {}", e.code, Escaped(&e.message))?;
        }
    }
    Ok(())
}

fn line(out: &mut impl Write, label: &str, value: impl std::fmt::Display) -> io::Result<()> {
    writeln!(out, "  {label:<14}{}", Escaped(&value.to_string()))
}

fn party(p: &pixcode::dynamic::Party) -> String {
    let doc = p
        .cpf
        .as_deref()
        .map(|c| format!("CPF {c}"))
        .or(p.cnpj.as_deref().map(|c| format!("CNPJ {c}")))
        .unwrap_or_default();
    match &p.nome {
        Some(n) if doc.is_empty() => n.clone(),
        Some(n) => format!("{n} ({doc})"),
        None => doc,
    }
}

fn part_human(out: &mut impl Write, p: &Part) -> io::Result<()> {
    let kind = match p.resource {
        pixcode::pix::Resource::Cob => "cob (immediate charge)",
        pixcode::pix::Resource::Cobv => "cobv (charge with a due date)",
        _ => "rec (Pix Automático recurrence)",
    };
    writeln!(out, "{kind} at https://{}", Escaped(&p.url))?;
    if let Some(s) = &p.signature {
        line(
            out,
            "signature",
            format!("{} kid {} from {}", s.alg, s.kid, s.jku),
        )?;
        line(out, "certificate", &s.certificate.subject)?;
        line(out, "issued by", &s.certificate.issuer)?;
        line(
            out,
            "valid",
            format!(
                "{} to {}",
                s.certificate.not_before, s.certificate.not_after
            ),
        )?;
    } else {
        line(
            out,
            "signature",
            "not verified: nothing of the payload is shown",
        )?;
    }
    match &p.charge {
        Some(Charge::Cob(c)) => {
            line(out, "key", &c.chave)?;
            line(out, "amount", c.valor.original)?;
            if c.valor.modalidade_alteracao == 1 {
                line(out, "", "(the payer may change the amount)")?;
            }
            if let Some(r) = &c.valor.retirada {
                line(
                    out,
                    format!("{:?}", r.kind).to_lowercase().as_str(),
                    format!(
                        "{} via {} ({})",
                        r.valor, r.prestador_do_servico_de_saque, r.modalidade_agente
                    ),
                )?;
            }
            line(out, "txid", &c.txid)?;
            line(out, "status", c.status.as_str())?;
            line(out, "created", c.calendario.criacao)?;
            line(
                out,
                "expires",
                c.calendario
                    .criacao
                    .add_seconds(c.calendario.expiracao.min(i64::MAX as u64) as i64),
            )?;
            if let Some(d) = &c.devedor {
                line(out, "payer", party(d))?;
            }
            extras(out, c.solicitacao_pagador.as_deref(), &c.info_adicionais)?;
        }
        Some(Charge::Cobv(c)) => {
            line(out, "key", &c.chave)?;
            line(out, "payee", party(&c.recebedor))?;
            line(out, "payer", party(&c.devedor))?;
            let v = &c.valor;
            for (name, value) in [
                ("original", v.original),
                ("abatimento", v.abatimento),
                ("desconto", v.desconto),
                ("juros", v.juros),
                ("multa", v.multa),
            ] {
                if let Some(value) = value {
                    line(out, name, value)?;
                }
            }
            line(out, "final", v.final_value)?;
            line(out, "due", c.calendario.data_de_vencimento)?;
            line(
                out,
                "valid after",
                format!("{} days", c.calendario.validade_apos_vencimento),
            )?;
            line(out, "txid", &c.txid)?;
            line(out, "status", c.status.as_str())?;
            extras(out, c.solicitacao_pagador.as_deref(), &c.info_adicionais)?;
        }
        Some(Charge::Rec(r)) => {
            line(out, "idRec", &r.id_rec)?;
            if let Some(n) = &r.recebedor.nome {
                line(out, "payee", n)?;
            }
            if let Some(v) = &r.vinculo {
                line(out, "contract", &v.contrato)?;
                if let Some(o) = &v.objeto {
                    line(out, "object", o)?;
                }
                line(out, "payer", party(&v.devedor))?;
            }
            if let Some(c) = &r.calendario {
                line(out, "period", &c.periodicidade)?;
                line(out, "from", c.data_inicial)?;
                if let Some(f) = c.data_final {
                    line(out, "until", f)?;
                }
            }
            if let Some(v) = &r.valor {
                if let Some(x) = v.valor_rec {
                    line(out, "amount", x)?;
                }
                if let Some(x) = v.valor_minimo_recebedor {
                    line(out, "minimum", x)?;
                }
            }
            if let Some(s) = r.latest_status() {
                line(out, "status", s.as_str())?;
            }
        }
        None => {}
    }
    Ok(())
}

fn extras(
    out: &mut impl Write,
    prompt: Option<&str>,
    info: &[pixcode::dynamic::InfoAdicional],
) -> io::Result<()> {
    if let Some(p) = prompt {
        line(out, "payer prompt", p)?;
    }
    for i in info {
        line(out, "info", format!("{}: {}", i.nome, i.valor))?;
    }
    Ok(())
}
