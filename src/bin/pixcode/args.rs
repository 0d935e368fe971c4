//! The options of `encode`, `qr` and `kobana`.

use clap::Subcommand;

#[derive(clap::Args)]
pub(crate) struct EncodeArgs {
    /// Merchant name (59), folded to ASCII, at most 25 characters.
    #[arg(long)]
    pub(crate) name: String,
    /// Merchant city (60), folded to ASCII, at most 15 characters.
    #[arg(long)]
    pub(crate) city: String,
    /// Pix key for a static code: CPF, CNPJ, e-mail, +55 mobile or random key.
    #[arg(long)]
    pub(crate) key: Option<String>,
    /// Location URL without scheme, for a dynamic code.
    #[arg(long)]
    pub(crate) url: Option<String>,
    /// Recurrence URL (with /rec/) for Pix Automático.
    #[arg(long)]
    pub(crate) recurrence_url: Option<String>,
    /// Exact amount, such as 10.50 (static codes).
    #[arg(long)]
    pub(crate) amount: Option<String>,
    /// txid, 1 to 25 letters and digits (static codes); *** by default.
    #[arg(long)]
    pub(crate) txid: Option<String>,
    /// Additional information shown to the payer (static codes).
    #[arg(long)]
    pub(crate) info: Option<String>,
    /// Postal code (CEP, 8 digits).
    #[arg(long)]
    pub(crate) postal_code: Option<String>,
    /// Pix Saque: the withdrawal facilitator's ISPB (8 characters).
    #[arg(long)]
    pub(crate) saque: Option<String>,
    /// Merchant category code, 4 digits; 0000 by default.
    #[arg(long)]
    pub(crate) mcc: Option<String>,
    /// Mark the code single use (01 = 12); the default for dynamic codes.
    #[arg(long, conflicts_with = "reusable")]
    pub(crate) single_use: bool,
    /// Mark the code reusable (01 = 11).
    #[arg(long)]
    pub(crate) reusable: bool,
    /// Keep name, city and info as UTF-8 instead of folding them to ASCII.
    #[arg(long)]
    pub(crate) no_fold: bool,
    /// Cut a name or city that is too long instead of refusing it.
    #[arg(long)]
    pub(crate) truncate: bool,
    /// Print the payload with its decoded view as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Print the code's pix:// URI (Pix por Aproximação) instead of the code.
    #[arg(long)]
    pub(crate) nfc_uri: bool,
    /// The host of a static code's pix:// URI (a dynamic code carries its own).
    #[arg(long, value_name = "HOST", requires = "nfc_uri")]
    pub(crate) nfc_host: Option<String>,
    /// Also draw the code as a QR image (.png or .svg).
    #[arg(long, value_name = "FILE")]
    pub(crate) qr: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct DrawArgs {
    /// Output file: .png or .svg (with --escpos: the printer bytes). Without it, the code is
    /// drawn in the terminal.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<std::path::PathBuf>,
    /// Draw in the terminal with Unicode half blocks.
    #[arg(long)]
    pub(crate) terminal: bool,
    /// Swap dark and light in the terminal (for light text on a dark background).
    #[arg(long)]
    pub(crate) invert: bool,
    /// ESC/POS receipt-printer bytes, with the printer's own QR commands (GS ( k).
    #[arg(long)]
    pub(crate) escpos: bool,
    /// With --escpos: send a raster image (GS v 0) for printers without QR commands.
    #[arg(long, requires = "escpos")]
    pub(crate) raster: bool,
    /// Error-correction level: L, M (the default), Q or H.
    #[arg(long)]
    pub(crate) ec: Option<String>,
    /// Pixels (or printer dots) per module.
    #[arg(long, value_name = "PX", conflicts_with = "mm")]
    pub(crate) module: Option<u32>,
    /// Target width of the whole symbol in millimetres (needs --dpi).
    #[arg(long, requires = "dpi")]
    pub(crate) mm: Option<u32>,
    /// Resolution for --mm, in dots per inch (203 for most receipt printers).
    #[arg(long)]
    pub(crate) dpi: Option<u32>,
    /// Quiet zone in modules (4, as ISO/IEC 18004 asks, unless given).
    #[arg(long)]
    pub(crate) quiet_zone: Option<u32>,
    /// Dark module colour, #rrggbb (black unless given).
    #[arg(long)]
    pub(crate) dark: Option<String>,
    /// Light module colour, #rrggbb (white unless given).
    #[arg(long)]
    pub(crate) light: Option<String>,
    /// Write the amount and merchant name under the symbol (PNG and SVG).
    #[arg(long)]
    pub(crate) caption: bool,
    /// Draw even a code with errors. Never for a code someone will pay.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(clap::Args)]
pub(crate) struct KobanaArgs {
    /// Use the sandbox (the default).
    #[arg(long, global = true, conflicts_with = "production")]
    pub(crate) sandbox: bool,
    /// Use production: real money.
    #[arg(long, global = true)]
    pub(crate) production: bool,
    /// Another base URL (a mock server).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// Contact e-mail for the User-Agent, as Kobana asks of integrators.
    #[arg(long, global = true)]
    pub(crate) contact: Option<String>,
    /// Send codes without checking them locally first.
    #[arg(long, global = true)]
    pub(crate) no_precheck: bool,
    /// The idempotency key of a POST or PUT (a new UUIDv4 by default; reuse it to retry).
    #[arg(long, global = true)]
    pub(crate) idempotency_key: Option<String>,
    #[command(subcommand)]
    pub(crate) command: KobanaCommand,
}

#[derive(Subcommand)]
pub(crate) enum KobanaCommand {
    /// Decode a code with Kobana (POST /v2/data/pix_qrcode_queries).
    Decode {
        /// The Pix code.
        code: String,
        /// Your id for the query.
        #[arg(long)]
        external_id: Option<String>,
    },
    /// The unverified POST /v2/payment/pix/decode (in no Kobana API document).
    DecodeUnverified {
        /// The Pix code.
        code: String,
    },
    /// Create a Pix payment from a code (POST /v2/payment/pix); send it with `batch create`.
    Pay {
        /// The Pix code.
        code: String,
        /// The source financial account uid.
        #[arg(long)]
        financial_account: String,
        /// Exact amount (taken from the code when omitted).
        #[arg(long)]
        amount: Option<String>,
        /// Schedule date, YYYY-MM-DD.
        #[arg(long)]
        scheduled_to: Option<String>,
        /// Your id.
        #[arg(long)]
        external_id: Option<String>,
    },
    /// Pix payments.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Payment batches.
    #[command(subcommand)]
    Batch(BatchCommand),
}

#[derive(Subcommand)]
pub(crate) enum PaymentsCommand {
    /// List payments, one JSON line per page.
    List {
        /// Items per page (1-50).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Pages to fetch at most (Kobana allows 60 GET an hour).
        #[arg(long, default_value_t = 1)]
        pages: u32,
    },
    /// One payment.
    Get {
        /// Its uid.
        uid: String,
    },
    /// Request the cancellation of a payment.
    Cancel {
        /// Its uid.
        uid: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum BatchCommand {
    /// Create a Pix batch from payment uids and/or codes (sends them to the bank).
    Create {
        /// The source financial account uid.
        #[arg(long)]
        financial_account: String,
        /// An existing payment's uid (repeatable).
        #[arg(long = "payment")]
        payments: Vec<String>,
        /// A code to pay inline (repeatable).
        #[arg(long = "code")]
        codes: Vec<String>,
    },
    /// Approve a batch awaiting approval.
    Approve {
        /// Its uid.
        uid: String,
    },
    /// Reprove (refuse) a batch.
    Reprove {
        /// Its uid.
        uid: String,
    },
    /// Cancel a batch.
    Cancel {
        /// Its uid.
        uid: String,
    },
    /// One batch.
    Get {
        /// Its uid.
        uid: String,
    },
    /// List batches, one JSON line per page.
    List {
        /// Items per page (1-50).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Pages to fetch at most.
        #[arg(long, default_value_t = 1)]
        pages: u32,
    },
}
