//! `pixcode cobv`: what a charge with a due date costs on a date.

use crate::refused;
use pixcode::dynamic::{
    Abatimento, Breakdown, Calendar, Cobv, Date, DatedDiscount, Desconto, DiscountDates, Juros,
    Multa,
};
use pixcode::Amount;
use std::io::{self, Write};

/// The options of `pixcode cobv`.
#[derive(clap::Args)]
pub(crate) struct CobvArgs {
    /// valor.original, such as 100.00.
    #[arg(long)]
    original: String,
    /// calendario.dataDeVencimento, YYYY-MM-DD.
    #[arg(long)]
    due: String,
    /// The payment date (DPP), YYYY-MM-DD; today in Brasília by default.
    #[arg(long)]
    on: Option<String>,
    /// calendario.validadeAposVencimento: calendar days the charge stays payable after the
    /// (rolled) due date.
    #[arg(long, default_value_t = 30)]
    validity: u32,
    /// Abatimento as MODALITY:VALUE (1 = value, 2 = percent), such as 2:10.00.
    #[arg(long, value_name = "MOD:VALUE")]
    abatimento: Option<String>,
    /// Desconto: MODALITY:DATE:VALUE for modalities 1 (value) and 2 (percent) up to a date,
    /// repeated for up to three dates; MODALITY:VALUE for 3–6 (per day of anticipation).
    #[arg(long, value_name = "MOD:[DATE:]VALUE")]
    desconto: Vec<String>,
    /// Juros as MODALITY:VALUE, modalities 1 to 8, such as 3:1.00 (1 % a month).
    #[arg(long, value_name = "MOD:VALUE")]
    juros: Option<String>,
    /// Multa as MODALITY:VALUE (1 = value, 2 = percent), such as 2:2.00.
    #[arg(long, value_name = "MOD:VALUE")]
    multa: Option<String>,
    /// A holiday of the payer's municipality, YYYY-MM-DD (repeat for several).
    #[arg(long, value_name = "DATE")]
    holiday: Vec<String>,
    /// Print the breakdown as JSON.
    #[arg(long)]
    json: bool,
}

fn date(what: &str, text: &str) -> io::Result<Date> {
    text.parse()
        .map_err(|e| refused(format!("{what}: {e}, found {text:?}")))
}

fn amount(what: &str, text: &str) -> io::Result<Amount> {
    text.parse()
        .map_err(|e| refused(format!("{what}: {e}, found {text:?}")))
}

/// `MOD:REST` → the modality and the rest.
fn modality<'a>(what: &str, text: &'a str) -> io::Result<(u8, &'a str)> {
    let (m, rest) = text
        .split_once(':')
        .ok_or_else(|| refused(format!("{what}: expected MODALITY:VALUE, found {text:?}")))?;
    let m = m
        .parse()
        .map_err(|_| refused(format!("{what}: expected a modality number, found {m:?}")))?;
    Ok((m, rest))
}

fn term<T>(
    what: &str,
    text: &str,
    make: fn(u8, Amount) -> Result<T, pixcode::dynamic::CobvError>,
) -> io::Result<T> {
    let (m, v) = modality(what, text)?;
    make(m, amount(what, v)?).map_err(|e| refused(format!("{what}: {e}")))
}

fn desconto(args: &[String]) -> io::Result<Option<Desconto>> {
    let Some(first) = args.first() else {
        return Ok(None);
    };
    let (m, _) = modality("--desconto", first)?;
    if m != 1 && m != 2 {
        if args.len() > 1 {
            return Err(refused(format!(
                "--desconto: modality {m} takes one value, found {} --desconto options",
                args.len()
            )));
        }
        return term("--desconto", first, Desconto::from_modality).map(Some);
    }
    let mut entries = Vec::with_capacity(args.len());
    for a in args {
        let (mm, rest) = modality("--desconto", a)?;
        if mm != m {
            return Err(refused(format!(
                "--desconto: every dated discount has one modality, found {m} and {mm}"
            )));
        }
        let (d, v) = rest.split_once(':').ok_or_else(|| {
            refused(format!(
                "--desconto: modality {m} expects MODALITY:DATE:VALUE, found {a:?}"
            ))
        })?;
        entries.push(DatedDiscount {
            until: date("--desconto", d)?,
            value: amount("--desconto", v)?,
        });
    }
    let dates = DiscountDates::new(&entries).map_err(|e| refused(format!("--desconto: {e}")))?;
    Ok(Some(if m == 1 {
        Desconto::ValueUntil(dates)
    } else {
        Desconto::PercentUntil(dates)
    }))
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn weekday(d: Date) -> &'static str {
    WEEKDAYS[usize::from(d.weekday() - 1)]
}

/// Runs `pixcode cobv`; `Ok(true)` when the charge is payable on the date.
pub(crate) fn cobv(out: &mut impl Write, a: &CobvArgs) -> io::Result<bool> {
    let mut c = Cobv::new(amount("--original", &a.original)?, date("--due", &a.due)?);
    c.validity_days = a.validity;
    c.abatimento = a
        .abatimento
        .as_deref()
        .map(|t| term("--abatimento", t, Abatimento::from_modality))
        .transpose()?;
    c.desconto = desconto(&a.desconto)?;
    c.juros = a
        .juros
        .as_deref()
        .map(|t| term("--juros", t, Juros::from_modality))
        .transpose()?;
    c.multa = a
        .multa
        .as_deref()
        .map(|t| term("--multa", t, Multa::from_modality))
        .transpose()?;
    let on = match &a.on {
        Some(t) => date("--on", t)?,
        None => pixcode::dynamic::Timestamp::now().date_in_brasilia(),
    };
    let holidays = a
        .holiday
        .iter()
        .map(|h| date("--holiday", h))
        .collect::<io::Result<Vec<_>>>()?;
    let b = c
        .on(on, &Calendar::with_local_holidays(&holidays))
        .map_err(|e| refused(e.to_string()))?;
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &json(&c, &b))?;
        writeln!(out)?;
    } else {
        human(out, &c, &b)?;
    }
    Ok(b.payable)
}

fn json(c: &Cobv, b: &Breakdown) -> serde_json::Value {
    let term = |m: Option<(u8, String)>| {
        m.map(|(m, v)| serde_json::json!({"modalidade": m, "valorPerc": v}))
    };
    let desconto = c.desconto.map(|d| match d {
        Desconto::ValueUntil(dates) | Desconto::PercentUntil(dates) => serde_json::json!({
            "modalidade": d.modality(),
            "descontoDataFixa": dates.as_slice().iter().map(|e| serde_json::json!({
                "data": e.until.to_string(), "valorPerc": e.value.to_string()
            })).collect::<Vec<_>>(),
        }),
        Desconto::ValuePerCalendarDay(v)
        | Desconto::ValuePerBusinessDay(v)
        | Desconto::PercentPerCalendarDay(v)
        | Desconto::PercentPerBusinessDay(v) => {
            serde_json::json!({"modalidade": d.modality(), "valorPerc": v.to_string()})
        }
    });
    let abatimento = term(c.abatimento.map(|t| match t {
        Abatimento::Value(v) | Abatimento::Percent(v) => (t.modality(), v.to_string()),
    }));
    let juros = term(c.juros.map(|t| (t.modality(), juros_value(t).to_string())));
    let multa = term(c.multa.map(|t| match t {
        Multa::Value(v) | Multa::Percent(v) => (t.modality(), v.to_string()),
    }));
    serde_json::json!({
        "on": b.on.to_string(),
        "due": b.due.to_string(),
        "due_rolled": b.due_rolled.to_string(),
        "last_payable_day": b.last_payable_day.to_string(),
        "payable": b.payable,
        "days_late": b.days_late,
        "days_early": b.days_early,
        "valor": {
            "original": b.original.to_string(),
            "abatimento": b.abatimento.to_string(),
            "desconto": b.desconto.to_string(),
            "juros": b.juros.to_string(),
            "multa": b.multa.to_string(),
            "final": b.final_value.to_string(),
        },
        "terms": {
            "validadeAposVencimento": c.validity_days,
            "abatimento": abatimento,
            "desconto": desconto,
            "juros": juros,
            "multa": multa,
        },
    })
}

fn juros_value(j: Juros) -> Amount {
    match j {
        Juros::ValuePerCalendarDay(v)
        | Juros::PercentPerDay(v)
        | Juros::PercentPerMonth(v)
        | Juros::PercentPerYear(v)
        | Juros::ValuePerBusinessDay(v)
        | Juros::PercentPerBusinessDay(v)
        | Juros::PercentPerMonthBusinessDays(v)
        | Juros::PercentPerYearBusinessDays(v) => v,
    }
}

fn human(out: &mut impl Write, c: &Cobv, b: &Breakdown) -> io::Result<()> {
    writeln!(out, "on                {} ({})", b.on, weekday(b.on))?;
    if b.due_rolled == b.due {
        writeln!(out, "due               {} ({})", b.due, weekday(b.due))?;
    } else {
        writeln!(
            out,
            "due               {} ({}), moved to {} ({})",
            b.due,
            weekday(b.due),
            b.due_rolled,
            weekday(b.due_rolled)
        )?;
    }
    writeln!(out, "last payable day  {}", b.last_payable_day)?;
    if b.days_late > 0 {
        writeln!(out, "late              {} calendar day(s)", b.days_late)?;
    } else if b.days_early > 0 {
        writeln!(out, "early             {} calendar day(s)", b.days_early)?;
    }
    let w = 14;
    writeln!(out, "original          {:>w$}", b.original.to_string())?;
    let rows = [
        (
            "abatimento",
            '-',
            b.abatimento,
            c.abatimento.map(|t| t.modality()),
        ),
        (
            "desconto",
            '-',
            b.desconto,
            c.desconto.map(|t| t.modality()),
        ),
        ("juros", '+', b.juros, c.juros.map(|t| t.modality())),
        ("multa", '+', b.multa, c.multa.map(|t| t.modality())),
    ];
    for (name, sign, value, m) in rows {
        if let Some(m) = m {
            writeln!(
                out,
                "{name:<17} {:>w$}  (modality {m})",
                format!("{sign}{value}")
            )?;
        }
    }
    writeln!(out, "final             {:>w$}", b.final_value.to_string())?;
    writeln!(
        out,
        "payable           {}",
        if b.payable {
            "yes"
        } else {
            "no: past the last payable day"
        }
    )
}
