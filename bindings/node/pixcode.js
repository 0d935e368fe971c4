// The public API of the `pixcode` Node package: the native functions, and `decode`, whose
// typed view is built here from the offsets the native side writes (one native call, fields
// sliced from the string the caller already holds, on access).
'use strict'

const native = require('./index.js')

const FIELDS = native.fieldNames()
const KINDS = native.kindNames()
const KEY_KINDS = native.keyKindNames()
const N = 2 * FIELDS.length
const WORDS = N + 5
const ABSENT = 0xffffffff
const out = new Uint32Array(WORDS)

/** A decoded and validated Pix BR Code (see pixcode.d.ts). */
class BrCode {
  constructor(payload, words, nfc) {
    this.payload = payload
    this._w = words
    /** `{host, sig}` when the code was given as a `pix://` URI (NFC), else `null`. */
    this.nfc = nfc
  }

  _f(i) {
    const a = this._w[2 * i]
    return a === ABSENT ? null : this.payload.substring(a, this._w[2 * i + 1])
  }

  get kind() {
    return KINDS[this._w[N]]
  }

  get keyKind() {
    const k = this._w[N + 1]
    return k === ABSENT ? null : KEY_KINDS[k]
  }

  get singleUse() {
    return (this._w[N + 2] & 1) !== 0
  }

  get isSaque() {
    return (this._w[N + 2] & 2) !== 0
  }

  /** The amount in centavos, an exact integer (amounts have at most 13 characters). */
  get amountCents() {
    const hi = this._w[N + 3]
    return hi === ABSENT ? null : hi * 4294967296 + this._w[N + 4]
  }

  toJSON() {
    const o = { payload: this.payload, kind: this.kind, keyKind: this.keyKind }
    FIELDS.forEach((name, i) => {
      o[name] = this._f(i)
    })
    o.amountCents = this.amountCents
    o.singleUse = this.singleUse
    o.isSaque = this.isSaque
    o.nfc = this.nfc
    return o
  }
}

FIELDS.forEach((name, i) => {
  Object.defineProperty(BrCode.prototype, name, {
    get() {
      return this._f(i)
    },
    enumerable: true,
  })
})

/**
 * Decodes and validates a Pix BR Code (a string or a Buffer), or the code in a `pix://` URI.
 * Throws an `Error` whose `code` is the rule's stable code, with `path` and `offset`.
 */
function decode(code) {
  const tapped = native.decodeInto(code, out)
  let payload
  let nfc = null
  if (tapped) {
    payload = tapped.code
    nfc = { host: tapped.host, sig: tapped.sig ?? null }
  } else {
    payload = typeof code === 'string' ? code : Buffer.from(code).toString('utf8')
  }
  // A plain array: copying a typed array (`slice`) allocates a backing store, which costs
  // more than the whole decode.
  const words = new Array(WORDS)
  for (let i = 0; i < WORDS; i++) words[i] = out[i]
  return new BrCode(payload, words, nfc)
}

module.exports = {
  BrCode,
  decode,
  isValid: native.isValid,
  firstError: native.firstError,
  inspect: native.inspect,
  build: native.build,
  toNfcUri: native.toNfcUri,
  ndefMessage: native.ndefMessage,
  readNdef: native.readNdef,
  qrPng: native.qrPng,
  qrSvg: native.qrSvg,
  scan: native.scan,
  Resolver: native.Resolver,
  resolve: native.resolve,
}
