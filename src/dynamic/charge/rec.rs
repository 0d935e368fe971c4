//! Reading a rec (Pix Automático recurrence).

use super::*;

impl Reader {
    pub(super) fn rec(&mut self, v: &Value) -> Option<RecPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "idRec",
                "vinculo",
                "calendario",
                "valor",
                "recebedor",
                "politicaRetentativa",
                "atualizacao",
                // API 2.8.1–2.10.0: known, not interpreted (payability does not depend on it).
                "encerramento",
            ],
            &[
                ("txid", "cob or cobv"),
                ("revisao", "cob or cobv"),
                ("chave", "cob or cobv"),
                ("status", "cob or cobv"),
                ("devedor", "cob or cobv"),
            ],
            "rec",
        );
        let id_rec = self.req_string(m, "", "idRec", 29).and_then(|id| {
            if id.len() != 29 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                self.error(
                    rule::PAYLOAD_ID_REC,
                    "idRec is not 29 letters and digits".to_string(),
                );
                return None;
            }
            Some(id)
        });
        let vinculo = self.field(m, "", "vinculo", false).and_then(|v| {
            let p = "vinculo";
            let o = self.object(v, p)?;
            self.unknown(o, p, &["objeto", "contrato", "devedor"]);
            let objeto = self.opt_string(o, p, "objeto", 35);
            let contrato = self.req_string(o, p, "contrato", 35);
            let devedor = self
                .field(o, p, "devedor", true)
                .and_then(|d| self.party(d, "vinculo.devedor", false));
            Some(Vinculo {
                objeto,
                contrato: contrato?,
                devedor: devedor?,
            })
        });
        let calendario = self.field(m, "", "calendario", false).and_then(|c| {
            let p = "calendario";
            let o = self.object(c, p)?;
            self.members(
                o,
                p,
                &["dataInicial", "dataFinal", "periodicidade", "peridiocidade"],
                &[
                    ("criacao", "cob or cobv"),
                    ("expiracao", "cob"),
                    ("dataDeVencimento", "cobv"),
                    ("validadeAposVencimento", "cobv"),
                ],
                "rec",
            );
            let data_inicial = self.date(o, p, "dataInicial", true);
            let data_final = self.date(o, p, "dataFinal", false);
            let periodicidade = if o.contains_key("periodicidade") {
                self.req_string(o, p, "periodicidade", 16)
            } else if o.contains_key("peridiocidade") {
                self.note(
                    rule::FIELD_MISSPELLED,
                    "calendario.peridiocidade is read as periodicidade (a misspelling in BCB's own example)"
                        .to_string(),
                );
                self.req_string(o, p, "peridiocidade", 16)
            } else {
                self.req_string(o, p, "periodicidade", 16)
            };
            if let Some(per) = &periodicidade {
                if !["SEMANAL", "MENSAL", "TRIMESTRAL", "SEMESTRAL", "ANUAL"].contains(&per.as_str()) {
                    self.note(
                        rule::UNKNOWN_VALUE,
                        format!("calendario.periodicidade is {per:?}, not a known period"),
                    );
                }
            }
            Some(RecCalendario {
                data_inicial: data_inicial?,
                data_final,
                periodicidade: periodicidade?,
            })
        });
        let valor = self.field(m, "", "valor", false).and_then(|v| {
            let o = self.object(v, "valor")?;
            self.members(
                o,
                "valor",
                &["valorRec", "valorMinimoRecebedor"],
                &[
                    ("original", "cob or cobv"),
                    ("final", "cobv"),
                    ("juros", "cobv"),
                    ("multa", "cobv"),
                ],
                "rec",
            );
            Some(RecValor {
                valor_rec: self.opt_money(o, "valor", "valorRec"),
                valor_minimo_recebedor: self.opt_money(o, "valor", "valorMinimoRecebedor"),
            })
        });
        let recebedor = self.field(m, "", "recebedor", true).and_then(|v| {
            let p = "recebedor";
            let o = self.object(v, p)?;
            // `convenio` (API 2.8.1–2.10.0): known, not interpreted.
            self.unknown(o, p, &["cnpj", "nome", "ispbParticipante", "convenio"]);
            Some(RecRecebedor {
                cnpj: self.opt_string(o, p, "cnpj", 14),
                nome: self.opt_string(o, p, "nome", 140),
                ispb_participante: self.opt_string(o, p, "ispbParticipante", 8),
            })
        });
        let politica_retentativa = self.opt_string(m, "", "politicaRetentativa", 32);
        let atualizacao = self.field(m, "", "atualizacao", true).and_then(|v| {
            let Value::Array(items) = v else {
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!("expected atualizacao to be an array but found {}", kind(v)),
                );
                return None;
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let p = format!("atualizacao[{i}]");
                let Some(o) = self.object(item, &p) else {
                    continue;
                };
                self.unknown(o, &p, &["status", "data"]);
                let status = self.req_string(o, &p, "status", 32);
                let data = self.timestamp(o, &p, "data");
                if let (Some(s), Some(data)) = (status, data) {
                    out.push(Atualizacao {
                        status: RecStatus::parse(&s),
                        data,
                    });
                }
            }
            if out.is_empty() && self.errors.is_empty() {
                self.error(
                    rule::PAYLOAD_MISSING_FIELD,
                    "atualizacao is empty; a recurrence states its status there".to_string(),
                );
            }
            Some(out)
        });
        Some(RecPayload {
            id_rec: id_rec?,
            vinculo,
            calendario,
            valor,
            recebedor: recebedor?,
            politica_retentativa,
            atualizacao: atualizacao?,
        })
    }
}
