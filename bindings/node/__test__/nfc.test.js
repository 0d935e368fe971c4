// Pix por Aproximação in Node: URIs wherever a code goes, the URI and NDEF writers, and
// agreement with the `pixcode` CLI on every corpus code given as a URI.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const pixcode = require('..')

const ROOT = path.resolve(__dirname, '..', '..', '..')
const STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000' +
  '5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D'
const DYNAMIC =
  '00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd441' +
  '5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4'

const phone = () =>
  pixcode.build({
    key: '+5561999999999',
    merchantName: 'Fulano de Tal da Silva',
    merchantCity: 'SAO PAULO',
    additionalInfo: 'Pagamento do pedido 123456 na loja, obrigado & volte sempre',
    txid: 'PEDIDO123456789ABCDEFGHIJ',
  })

test('a phone key + is encoded, and a raw + stays a +', () => {
  const code = phone()
  const uri = pixcode.toNfcUri(code, 'loja.example')
  assert.ok(uri.includes('%2B5561999999999') && !uri.includes('+'))
  const view = pixcode.decode(uri)
  assert.equal(view.key, '+5561999999999')
  assert.equal(view.payload, code)
  assert.deepEqual(view.nfc, { host: 'loja.example', sig: null })
  assert.deepEqual(view.toJSON().nfc, { host: 'loja.example', sig: null })
  const raw = 'pix://loja.example?qr=' + code.replaceAll(' ', '%20').replaceAll('&', '%26')
  assert.equal(pixcode.decode(raw).key, '+5561999999999')
  assert.equal(pixcode.decode(code).nfc, null)
  assert.deepEqual(pixcode.decode(uri + '&sig=abc').nfc, { host: 'loja.example', sig: 'abc' })
  // A Buffer holding a URI is a URI too.
  assert.equal(pixcode.decode(Buffer.from(uri)).payload, code)
})

test('toNfcUri: the location host for a dynamic code; the refusals carry their code', () => {
  assert.ok(pixcode.toNfcUri(DYNAMIC).startsWith('pix://pix.example.com?qr='))
  const refused = (f, code) =>
    assert.throws(f, (e) => {
      assert.equal(e.code, code)
      return true
    })
  refused(() => pixcode.toNfcUri(DYNAMIC, 'other.example'), 'nfc_host_mismatch')
  refused(() => pixcode.toNfcUri(STATIC), 'nfc_host_required')
  refused(() => pixcode.toNfcUri(STATIC.slice(0, -1) + '0', 'loja.example'), 'crc_mismatch')
  refused(() => pixcode.toNfcUri(STATIC, 'bad host'), 'nfc_host_invalid')
})

test('NDEF: long form, round trip, refusals', () => {
  const code = phone()
  const uri = pixcode.toNfcUri(code, 'loja.example')
  assert.ok(uri.length > 254)
  const message = pixcode.ndefMessage(code, 'loja.example')
  assert.ok(Buffer.isBuffer(message))
  assert.equal(message[0], 0xc1) // MB, ME, well-known; not SR: the long form
  assert.equal(pixcode.readNdef(message), uri)
  assert.equal(pixcode.decode(pixcode.readNdef(message)).payload, code)
  assert.equal(pixcode.readNdef(pixcode.ndefMessage(DYNAMIC)), pixcode.toNfcUri(DYNAMIC))
  assert.throws(() => pixcode.readNdef(message.subarray(0, message.length - 1)), (e) => {
    assert.equal(e.code, 'ndef_truncated')
    return true
  })
  assert.throws(() => pixcode.readNdef('not a buffer'))
})

test('refused URIs: decode throws with code and offset; isValid, firstError and inspect agree', () => {
  const cases = [
    ['pix://h.example?qr=00%2G', 'nfc_bad_escape', 21],
    ['pix://h.example', 'nfc_qr_missing', 15],
    ['pix://h.example?qr=1&qr=2', 'nfc_qr_repeated', 21],
    ['pix://?qr=1', 'nfc_host_empty', 6],
    ['pix://h.example?qr=1#x', 'nfc_fragment', 20],
  ]
  for (const [uri, code, offset] of cases) {
    let message
    assert.throws(() => pixcode.decode(uri), (e) => {
      assert.deepEqual([e.code, e.offset, e.path], [code, offset, ''])
      message = e.message
      return true
    })
    assert.equal(pixcode.isValid(uri), false)
    assert.equal(pixcode.firstError(uri), code)
    assert.deepEqual(pixcode.inspect(uri), { valid: false, nfc: { error: { code, offset, message } } })
  }
})

test('the corpus as URIs: inspect is the CLI line, verdicts are the code\'s', () => {
  const bin = process.env.PIXCODE_BIN || path.join(ROOT, 'target', 'release', 'pixcode')
  const codes = fs
    .readFileSync(path.join(ROOT, 'corpus', 'real-codes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).payload)
    .filter((c) => !c.includes('\n') && !c.includes('\r'))
  const uris = codes.map((c) => 'pix://loja.example?qr=' + encodeURIComponent(c))
  let stdout
  try {
    stdout = execFileSync(bin, ['decode', '--json', '--jobs', '1'], {
      input: uris.join('\n') + '\n',
      maxBuffer: 1 << 28,
    })
  } catch (e) {
    stdout = e.stdout // exit 1: some codes are invalid
  }
  const out = stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
  assert.ok(out.length === uris.length && uris.length > 300)
  uris.forEach((uri, i) => {
    assert.deepEqual(pixcode.inspect(uri), JSON.parse(out[i]), uri)
    assert.equal(pixcode.isValid(uri), pixcode.isValid(codes[i]))
    assert.equal(pixcode.firstError(uri, 'emv'), pixcode.firstError(codes[i], 'emv'))
    if (pixcode.isValid(codes[i])) assert.equal(pixcode.decode(uri).payload, codes[i])
  })
})
