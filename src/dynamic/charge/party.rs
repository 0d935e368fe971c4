//! Reading the parts cob and cobv share: a party (devedor, recebedor) and a withdrawal.

use super::*;

impl Reader {
    pub(super) fn party(&mut self, v: &Value, path: &str, address: bool) -> Option<Party> {
        let o = self.object(v, path)?;
        let known: &[&str] = if address {
            &[
                "cpf",
                "cnpj",
                "nome",
                "nomeFantasia",
                "logradouro",
                "cidade",
                "uf",
                "cep",
                "email",
            ]
        } else {
            &["cpf", "cnpj", "nome"]
        };
        self.unknown(o, path, known);
        let mut p = Party {
            cpf: self.opt_string(o, path, "cpf", 11),
            cnpj: self.opt_string(o, path, "cnpj", 14),
            nome: self.opt_string(o, path, "nome", 200),
            ..Party::default()
        };
        if address {
            p.nome_fantasia = self.opt_string(o, path, "nomeFantasia", 200);
            p.logradouro = self.opt_string(o, path, "logradouro", 200);
            p.cidade = self.opt_string(o, path, "cidade", 200);
            p.uf = self.opt_string(o, path, "uf", 2);
            p.cep = self.opt_string(o, path, "cep", 8);
            p.email = self.opt_string(o, path, "email", 512);
        }
        if p.cpf.is_some() && p.cnpj.is_some() {
            self.note(
                rule::PARTY_CPF_AND_CNPJ,
                format!("{path} has both cpf and cnpj; the schema allows one"),
            );
        }
        if let Some(cpf) = &p.cpf {
            if cpf.len() != 11 || !cpf.bytes().all(|b| b.is_ascii_digit()) {
                self.note(
                    rule::PARTY_DOCUMENT,
                    format!("{path}.cpf {cpf:?} is not 11 digits"),
                );
            } else if !crate::pix::cpf_is_valid(cpf) {
                self.note(
                    rule::PARTY_CHECK_DIGITS,
                    format!("{path}.cpf {cpf:?}: the check digits do not match"),
                );
            }
        }
        if let Some(cnpj) = &p.cnpj {
            if cnpj.len() != 14
                || !cnpj
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            {
                self.note(
                    rule::PARTY_DOCUMENT,
                    format!("{path}.cnpj {cnpj:?} is not 14 digits or capital letters"),
                );
            } else if !crate::pix::cnpj_is_valid(cnpj) {
                self.note(
                    rule::PARTY_CHECK_DIGITS,
                    format!("{path}.cnpj {cnpj:?}: the check digits do not match"),
                );
            }
        }
        Some(p)
    }

    pub(super) fn retirada(&mut self, v: &Value) -> Option<Retirada> {
        let path = "valor.retirada";
        let o = self.object(v, path)?;
        self.unknown(o, path, &["saque", "troco"]);
        let (kind, name, inner) = match (o.get("saque"), o.get("troco")) {
            (Some(s), None) => (RetiradaKind::Saque, "saque", s),
            (None, Some(t)) => (RetiradaKind::Troco, "troco", t),
            (Some(_), Some(_)) => {
                self.error(
                    rule::RETIRADA_BOTH,
                    "valor.retirada has both saque and troco; exactly one is allowed".to_string(),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    rule::PAYLOAD_MISSING_FIELD,
                    "valor.retirada has neither saque nor troco".to_string(),
                );
                return None;
            }
        };
        let p = join(path, name);
        let r = self.object(inner, &p)?;
        self.unknown(
            r,
            &p,
            &[
                "valor",
                "modalidadeAlteracao",
                "prestadorDoServicoDeSaque",
                "modalidadeAgente",
            ],
        );
        let valor = {
            let v = self.field(r, &p, "valor", true)?;
            self.money(v, &join(&p, "valor"))?
        };
        let modalidade_alteracao = match self.field(r, &p, "modalidadeAlteracao", false) {
            Some(v) => match self.integer(v, &join(&p, "modalidadeAlteracao"))? {
                n @ (0 | 1) => n as u8,
                _ => {
                    self.error(
                        rule::PAYLOAD_FIELD,
                        format!("{p}.modalidadeAlteracao must be 0 or 1"),
                    );
                    return None;
                }
            },
            None => 0,
        };
        let prestador = self.req_string(r, &p, "prestadorDoServicoDeSaque", 8)?;
        let agente = self.req_string(r, &p, "modalidadeAgente", 5)?;
        Some(Retirada {
            kind,
            valor,
            modalidade_alteracao,
            prestador_do_servico_de_saque: prestador,
            modalidade_agente: agente,
        })
    }
}
