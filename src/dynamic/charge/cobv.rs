//! Reading a cobv (charge with a due date).

use super::*;

impl Reader {
    pub(super) fn cobv(&mut self, v: &Value) -> Option<CobvPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "txid",
                "revisao",
                "calendario",
                "devedor",
                "recebedor",
                "valor",
                "chave",
                "solicitacaoPagador",
                "infoAdicionais",
                "status",
                "loc",
                "location",
            ],
            &[
                ("idRec", "rec"),
                ("vinculo", "rec"),
                ("politicaRetentativa", "rec"),
                ("atualizacao", "rec"),
            ],
            "cobv",
        );
        let txid = self.txid(m);
        let revisao = self
            .field(m, "", "revisao", true)
            .and_then(|v| self.integer(v, "revisao"));
        let calendario = self.field(m, "", "calendario", true).and_then(|c| {
            let p = "calendario";
            let o = self.object(c, p)?;
            self.members(
                o,
                p,
                &["criacao", "apresentacao", "dataDeVencimento", "validadeAposVencimento"],
                &[
                    ("expiracao", "cob"),
                    ("dataInicial", "rec"),
                    ("dataFinal", "rec"),
                    ("periodicidade", "rec"),
                ],
                "cobv",
            );
            let criacao = self.timestamp(o, p, "criacao");
            let apresentacao = self.timestamp(o, p, "apresentacao");
            let due = self.date(o, p, "dataDeVencimento", true);
            let validade = match self.field(o, p, "validadeAposVencimento", false) {
                Some(v) => match self.integer(v, "calendario.validadeAposVencimento") {
                    Some(n) => match u32::try_from(n) {
                        Ok(n) => Some(n),
                        Err(_) => {
                            self.error(
                                rule::PAYLOAD_RANGE,
                                format!("calendario.validadeAposVencimento is above {} days, which cannot be kept exactly", u32::MAX),
                            );
                            None
                        }
                    },
                    None => None,
                },
                None => {
                    self.note(
                        rule::DEFAULT_APPLIED,
                        "calendario.validadeAposVencimento is absent; the default of 30 days applies"
                            .to_string(),
                    );
                    Some(30)
                }
            };
            Some(CobvCalendario {
                criacao: criacao?,
                apresentacao: apresentacao?,
                data_de_vencimento: due?,
                validade_apos_vencimento: validade?,
            })
        });
        let devedor = self
            .field(m, "", "devedor", true)
            .and_then(|d| self.party(d, "devedor", true));
        let recebedor = self
            .field(m, "", "recebedor", true)
            .and_then(|d| self.party(d, "recebedor", true));
        let valor = self.field(m, "", "valor", true).and_then(|v| {
            let p = "valor";
            let o = self.object(v, p)?;
            self.members(
                o,
                p,
                &[
                    "original",
                    "abatimento",
                    "desconto",
                    "juros",
                    "multa",
                    "final",
                ],
                &[
                    ("modalidadeAlteracao", "cob"),
                    ("retirada", "cob"),
                    ("valorRec", "rec"),
                    ("valorMinimoRecebedor", "rec"),
                ],
                "cobv",
            );
            let original = self.opt_money(o, p, "original");
            let abatimento = self.opt_money(o, p, "abatimento");
            let desconto = self.opt_money(o, p, "desconto");
            let juros = self.opt_money(o, p, "juros");
            let multa = self.opt_money(o, p, "multa");
            let final_value = {
                let v = self.field(o, p, "final", true)?;
                self.money(v, "valor.final")
            };
            Some(CobvValor {
                original,
                abatimento,
                desconto,
                juros,
                multa,
                final_value: final_value?,
            })
        });
        let chave = self.req_string(m, "", "chave", 77);
        let solicitacao_pagador = self.opt_string(m, "", "solicitacaoPagador", 140);
        let info_adicionais = self.info(m);
        let status = self.status(m);
        Some(CobvPayload {
            txid: txid?,
            revisao: revisao?,
            calendario: calendario?,
            devedor: devedor?,
            recebedor: recebedor?,
            valor: valor?,
            chave: chave?,
            solicitacao_pagador,
            info_adicionais,
            status: status?,
        })
    }
}
