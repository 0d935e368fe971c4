//! Reading a cob (immediate charge).

use super::*;

impl Reader {
    pub(super) fn cob(&mut self, v: &Value) -> Option<CobPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "txid",
                "revisao",
                "calendario",
                "devedor",
                "valor",
                "chave",
                "solicitacaoPagador",
                "infoAdicionais",
                "status",
                "loc",
                "location",
            ],
            &[
                ("recebedor", "cobv"),
                ("idRec", "rec"),
                ("vinculo", "rec"),
                ("politicaRetentativa", "rec"),
                ("atualizacao", "rec"),
            ],
            "cob",
        );
        let txid = self.txid(m);
        let revisao = self
            .field(m, "", "revisao", true)
            .and_then(|v| self.integer(v, "revisao"));
        let calendario = self.field(m, "", "calendario", true).and_then(|c| {
            let o = self.object(c, "calendario")?;
            self.members(
                o,
                "calendario",
                &["criacao", "apresentacao", "expiracao"],
                &[
                    ("dataDeVencimento", "cobv"),
                    ("validadeAposVencimento", "cobv"),
                    ("dataInicial", "rec"),
                    ("dataFinal", "rec"),
                    ("periodicidade", "rec"),
                ],
                "cob",
            );
            let criacao = self.timestamp(o, "calendario", "criacao");
            let apresentacao = self.timestamp(o, "calendario", "apresentacao");
            let expiracao = match self.field(o, "calendario", "expiracao", false) {
                Some(v) => self.integer(v, "calendario.expiracao"),
                None => {
                    self.note(
                        rule::DEFAULT_APPLIED,
                        "calendario.expiracao is absent; the default of 86400 seconds applies"
                            .to_string(),
                    );
                    Some(86_400)
                }
            };
            Some(CobCalendario {
                criacao: criacao?,
                apresentacao: apresentacao?,
                expiracao: expiracao?,
            })
        });
        let devedor = self
            .field(m, "", "devedor", false)
            .and_then(|d| self.party(d, "devedor", false));
        let valor = self.field(m, "", "valor", true).and_then(|v| {
            let o = self.object(v, "valor")?;
            self.members(
                o,
                "valor",
                &["original", "modalidadeAlteracao", "retirada"],
                &[
                    ("final", "cobv"),
                    ("juros", "cobv"),
                    ("multa", "cobv"),
                    ("desconto", "cobv"),
                    ("abatimento", "cobv"),
                    ("valorRec", "rec"),
                    ("valorMinimoRecebedor", "rec"),
                ],
                "cob",
            );
            let original = {
                let v = self.field(o, "valor", "original", true)?;
                self.money(v, "valor.original")
            };
            let modalidade = match self.field(o, "valor", "modalidadeAlteracao", false) {
                Some(v) => match self.integer(v, "valor.modalidadeAlteracao")? {
                    n @ (0 | 1) => Some(n as u8),
                    _ => {
                        self.error(
                            rule::PAYLOAD_FIELD,
                            "valor.modalidadeAlteracao must be 0 or 1".to_string(),
                        );
                        None
                    }
                },
                None => Some(0),
            };
            let retirada = match self.field(o, "valor", "retirada", false) {
                Some(r) => Some(self.retirada(r)?),
                None => None,
            };
            Some(CobValor {
                original: original?,
                modalidade_alteracao: modalidade?,
                retirada,
            })
        });
        let chave = self.req_string(m, "", "chave", 77);
        let solicitacao_pagador = self.opt_string(m, "", "solicitacaoPagador", 140);
        let info_adicionais = self.info(m);
        let status = self.status(m);
        Some(CobPayload {
            txid: txid?,
            revisao: revisao?,
            calendario: calendario?,
            devedor,
            valor: valor?,
            chave: chave?,
            solicitacao_pagador,
            info_adicionais,
            status: status?,
        })
    }
}
