// The Node binding against the Rust crate: the corpus through both, every error path, and
// the public shapes (`inspect` is `pixcode decode --json`, `resolve` is `pixcode resolve --json`).
// The Rust side is the `pixcode` CLI of the same checkout: PIXCODE_BIN, or
// target/release/pixcode at the repository root (built by .ci/run).
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
const NON_ASCII =
  '00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.00' +
  '5802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB'

function rustReports() {
  const bin = process.env.PIXCODE_BIN || path.join(ROOT, 'target', 'release', 'pixcode')
  assert.ok(fs.existsSync(bin), `the pixcode CLI is not at ${bin}: run cargo build --release --features cli`)
  const codes = fs
    .readFileSync(path.join(ROOT, 'corpus', 'real-codes.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).payload)
    .filter((c) => !c.includes('\n') && !c.includes('\r'))
  let out
  try {
    out = execFileSync(bin, ['decode', '--json', '--jobs', '1'], {
      input: codes.join('\n') + '\n',
      maxBuffer: 1 << 28,
    })
  } catch (e) {
    out = e.stdout // exit status 1: some codes are invalid
  }
  const reports = out.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  assert.equal(reports.length, codes.length)
  return codes.map((c, i) => [c, reports[i]])
}

// The core's registry of the view's fields (`Field::VIEW`), as the package names them.
const FIELDS = require('../index.js').fieldNames()
const snake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
// The CLI's value of a field: the key and the URLs are objects there.
const cliValue = (pix, name) => {
  const v = pix[snake(name)]
  return v !== null && typeof v === 'object' ? (v.value ?? v.url) : v
}
// What the CLI's pix object holds besides the registry's text fields.
const NOT_FIELDS = ['valid', 'errors', 'warnings', 'kind', 'template_id', 'single_use']

function firstError(report) {
  if (report.errors.length) return report.errors[0].code
  if (report.pix === null) return 'pix_not_pix'
  return report.pix.errors.length ? report.pix.errors[0].code : null
}

test('the corpus gives the same reports, verdicts and fields as the CLI', () => {
  let decoded = 0
  let refused = 0
  for (const [code, report] of rustReports()) {
    assert.deepEqual(pixcode.inspect(code), report, code)
    const valid = report.valid && report.pix !== null && report.pix.valid
    assert.equal(pixcode.isValid(code), valid, code)
    if (valid) {
      const c = pixcode.decode(code)
      const pix = report.pix
      // Every field the core reads, and no field the CLI shows that the package lacks.
      assert.deepEqual(
        Object.keys(pix).filter((k) => !NOT_FIELDS.includes(k)),
        FIELDS.map(snake),
      )
      for (const f of FIELDS) assert.equal(c[f], cliValue(pix, f), `${code} ${f}`)
      assert.equal(c.kind, pix.kind)
      assert.equal(c.singleUse, pix.single_use)
      assert.equal(c.key, pix.key && pix.key.value)
      assert.equal(c.keyKind, pix.key && pix.key.kind)
      assert.equal(c.amount, pix.amount)
      assert.equal(c.location, pix.location && pix.location.url)
      assert.equal(c.recurrence, pix.recurrence && pix.recurrence.url)
      assert.equal(c.payload, code)
      assert.equal(c.toJSON().merchantName, pix.merchant_name)
      decoded++
    } else {
      assert.throws(() => pixcode.decode(code), (e) => e.code === firstError(report), code)
      assert.equal(pixcode.firstError(code), firstError(report), code)
      refused++
    }
  }
  assert.ok(decoded >= 60 && refused >= 260, `${decoded} ${refused}`)
})

test('decode reads every field, amounts exactly', () => {
  const c = pixcode.decode(STATIC)
  assert.equal(c.kind, 'static')
  assert.equal(c.key, '123e4567-e12b-12d1-a456-426655440000')
  assert.equal(c.keyKind, 'evp')
  assert.equal(c.amount, null)
  const d = pixcode.decode(DYNAMIC)
  assert.equal(d.kind, 'dynamic')
  assert.equal(d.singleUse, true)
  assert.equal(d.location, 'pix.example.com/8b3da2f39a4140d1a91abd93113bd441')
  const n = pixcode.decode(Buffer.from(NON_ASCII))
  assert.equal(n.merchantCity, 'Maceió')
  assert.equal(n.amount, '350.00')
  assert.equal(n.amountCents, 35000)
  assert.equal(JSON.parse(JSON.stringify(n)).amount, '350.00')
  // Characters outside the BMP take two UTF-16 units: the fields after them still slice right.
  const wide = pixcode.build({ merchantName: '𝄞 Música', merchantCity: 'São Paulo', key: '12345678909', txid: 'ABC', foldAscii: false })
  const w = pixcode.decode(wide)
  assert.equal(w.merchantName, '𝄞 Música')
  assert.equal(w.merchantCity, 'São Paulo')
  assert.equal(w.txid, 'ABC')
  assert.equal(pixcode.decode(Buffer.from(wide)).merchantCity, 'São Paulo')
})

test('errors carry the rule code, path and offset', () => {
  assert.throws(
    () => pixcode.decode('0002010102116304FFFF'),
    (e) => e instanceof Error && e.code === 'crc_mismatch' && e.path === '63' && e.offset === 16 &&
      e.message.includes('FFFF'),
  )
  assert.throws(() => pixcode.decode(''), (e) => e.code === 'empty')
  assert.throws(() => pixcode.decode(Buffer.from([0x30, 0x30, 0xff])), (e) => e.code === 'invalid_utf8' && e.offset === 2)
})

test('what is not a string or a Buffer is refused, never a crash', () => {
  for (const bad of [null, undefined, 42, {}, ['000201'], true]) {
    assert.throws(() => pixcode.decode(bad), (e) => e.code === 'InvalidArg')
    assert.throws(() => pixcode.isValid(bad), (e) => e.code === 'InvalidArg')
    assert.throws(() => pixcode.inspect(bad), (e) => e.code === 'InvalidArg')
  }
  assert.throws(() => pixcode.isValid(STATIC, 'visa'), /profile/)
})

test('huge inputs are refused quickly', () => {
  for (const big of ['0'.repeat(10_000_000), '000201' + '5'.repeat(10_000_000), STATIC.slice(0, -4) + 'x'.repeat(10_000_000)]) {
    const start = Date.now()
    assert.throws(() => pixcode.decode(big), (e) => typeof e.code === 'string' && e.code !== 'InvalidArg')
    assert.equal(pixcode.isValid(big), false)
    assert.ok(Date.now() - start < 5000)
  }
})

test('build round-trips and refuses naming field and rule', () => {
  const code = pixcode.build({ merchantName: 'Loja Exemplo', merchantCity: 'São Paulo', key: '12345678909', amount: '10.5', txid: 'PEDIDO42' })
  const c = pixcode.decode(code)
  assert.equal(c.merchantCity, 'Sao Paulo')
  assert.equal(c.amount, '10.50')
  assert.equal(pixcode.build({ merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', key: '123e4567-e12b-12d1-a456-426655440000' }), STATIC)
  assert.equal(pixcode.build({ merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', url: 'pix.example.com/8b3da2f39a4140d1a91abd93113bd441' }), DYNAMIC)
  assert.throws(
    () => pixcode.build({ merchantName: 'Loja', merchantCity: 'Recife', key: '12345678900' }),
    (e) => e.code === 'key_check_digits' && e.field === 'key' && e.path === '26.01',
  )
  assert.throws(
    () => pixcode.build({ merchantName: 'x'.repeat(26), merchantCity: 'Recife', key: '12345678909' }),
    (e) => e.code === 'too_long' && e.path === '59',
  )
  assert.throws(
    () => pixcode.build({ merchantName: 'Loja', merchantCity: 'Recife', key: '12345678909', amount: '1.234' }),
    (e) => e.code === 'bad_amount' && e.field === 'amount',
  )
  // A JS number is a float: amounts are decimal strings.
  assert.throws(() => pixcode.build({ merchantName: 'Loja', merchantCity: 'Recife', key: '12345678909', amount: 10.5 }))
  assert.throws(() => pixcode.build({ merchantCity: 'Recife', key: '12345678909' }))
})

test('qrPng and qrSvg', () => {
  const png = pixcode.qrPng(STATIC)
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  assert.ok(pixcode.qrPng(STATIC, { modulePixels: 2 }).length < png.length)
  assert.ok(pixcode.qrSvg(STATIC, { dark: '#102030' }).includes('#102030'))
  assert.throws(() => pixcode.qrPng(STATIC.slice(0, -4) + '0000'), (e) => e.code === 'crc_mismatch')
  assert.ok(pixcode.qrSvg(STATIC.slice(0, -4) + '0000', { allowInvalid: true }).includes('<svg'))
  assert.throws(() => pixcode.qrPng(STATIC, { errorCorrection: 'Z' }), /errorCorrection/)
  assert.throws(() => pixcode.qrSvg(STATIC, { dark: 'black-ish' }), /dark/)
})

test('resolve: a static code is never fetched; a refused connection is a finding', async () => {
  const r = await pixcode.resolve(STATIC, { at: '2026-12-01T12:00:00Z' })
  assert.equal(r.verified, false)
  assert.equal(r.payable, false)
  assert.ok(r.errors.length > 0)
  // Nothing listens on 127.0.0.1:9.
  const resolver = new pixcode.Resolver({ resolve: { 'pix.example.com': '127.0.0.1:9' }, timeout: 2 })
  const d = await resolver.resolve(DYNAMIC, { at: '2026-12-01T12:00:00Z' })
  assert.equal(d.verified, false)
  assert.equal(d.charge, null)
  assert.match(d.errors[0].code, /^fetch/)
  assert.throws(() => resolver.resolve(DYNAMIC, { codMun: '123' }), /codMun/)
  assert.throws(() => new pixcode.Resolver({ caPem: 'not a certificate' }), /caPem/)
  assert.throws(() => new pixcode.Resolver({ timeout: 0 }), /timeout/)
})

test('the README example runs', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const example = readme.split('## Node')[1].split('```js')[1].split('```')[0]
  const run = new Function('require', example)
  run((name) => (name === 'pixcode' ? pixcode : require(name)))
})

test('scan reads what qrPng draws, as the CLI reads it, and refuses the rest', () => {
  const png = pixcode.qrPng(STATIC)
  const found = pixcode.scan(png)
  assert.deepEqual(found.map((s) => s.text), [STATIC])
  assert.equal(found[0].charset, 'utf-8')
  assert.equal(found[0].inverted, false)
  assert.equal(found[0].corners.length, 4)
  const file = path.join(require('node:os').tmpdir(), `pixcode-node-scan-${process.pid}.png`)
  fs.writeFileSync(file, png)
  const bin = process.env.PIXCODE_BIN || path.join(ROOT, 'target', 'release', 'pixcode')
  const line = JSON.parse(execFileSync(bin, ['decode', '--json', '--image', file], { encoding: 'utf8' }))
  assert.deepEqual(
    { text: line.text, charset: line.charset, corners: line.corners, inverted: line.inverted },
    found[0],
  )
  assert.throws(() => pixcode.scan(Buffer.from('not an image')), (e) => e.code === 'image')
  assert.throws(() => pixcode.scan('a string'))
})

test('scan reads PDFs with the page, as the CLI reads them', () => {
  const file = path.join(ROOT, 'tests', 'data', 'vector-code.pdf')
  const found = pixcode.scan(fs.readFileSync(file))
  assert.deepEqual(found.map((s) => [s.text, s.page]), [[STATIC, 2]])
  const bin = process.env.PIXCODE_BIN || path.join(ROOT, 'target', 'release', 'pixcode')
  const line = JSON.parse(execFileSync(bin, ['decode', '--json', '--image', file], { encoding: 'utf8' }))
  assert.deepEqual(
    { text: line.text, charset: line.charset, corners: line.corners, inverted: line.inverted, page: line.page },
    found[0],
  )
  assert.throws(() => pixcode.scan(Buffer.from('%PDF-1.7\nnothing')), (e) => e.code === 'pdf')
})

test('the typed declarations name every field the core reads', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'pixcode.d.ts'), 'utf8')
  for (const f of FIELDS) assert.match(dts, new RegExp(`readonly ${f}: `), f)
  assert.deepEqual(require('../index.js').kindNames().length, 6)
})

test('build reads every member of the core BuildOptions and the declarations name them', () => {
  const names = require('../index.js').buildOptionNames()
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const body = dts.split('export interface BuildOptions {')[1].split('}')[0]
  const declared = body.split('\n').map((l) => l.trim().split(/\??:/)[0]).filter((l) => l && !l.startsWith('/') && !l.startsWith('*'))
  assert.deepEqual(declared, names)
  // Every member reaches the builder: each one given alone changes what is built or refused.
  const base = { merchantName: 'Loja', merchantCity: 'Recife', key: '12345678909' }
  const plain = pixcode.build(base)
  const given = {
    merchantName: 'Outra', merchantCity: 'Olinda', key: '52998224725', url: 'pix.example.com/x',
    recurrenceUrl: 'pix.example.com/r', amount: '1.00', txid: 'T1', additionalInfo: 'oi', saque: '12345678',
    postalCode: '50000000', merchantCategoryCode: '5411', singleUse: true, foldAscii: false, truncate: true,
  }
  const extra = { foldAscii: { merchantName: 'Café' }, truncate: { merchantName: 'x'.repeat(30) } }
  for (const n of names) {
    const withIt = { ...base, ...(extra[n] || {}), [n]: given[n] }
    const without = { ...base, ...(extra[n] || {}) }
    let a, b
    try { a = pixcode.build(withIt) } catch (e) { a = `refused ${e.code}` }
    try { b = pixcode.build(without) } catch (e) { b = `refused ${e.code}` }
    assert.notEqual(a, b, n)
  }
  assert.ok(plain.startsWith('000201'))
})

test('qrPng and qrSvg read every drawing option of the core and the declarations name them', () => {
  const names = require('../index.js').qrOptionNames()
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const body = dts.split('export interface QrOptions {')[1].split('\n}')[0]
  const declared = body.split('\n').map((l) => l.trim()).filter((l) => /^[a-zA-Z]+\??:/.test(l)).map((l) => l.split(/\??:/)[0])
  assert.deepEqual(declared, names)
  assert.ok(pixcode.qrPng(STATIC, { mm: 20, dpi: 203 }).length < pixcode.qrPng(STATIC, { mm: 20, dpi: 600 }).length)
  assert.throws(() => pixcode.qrPng(STATIC, { mm: 20 }), /mm needs dpi/)
  assert.throws(() => pixcode.qrPng(STATIC, { light: 'white' }), /^Error: light: expected a colour/)
})

test('Resolver and resolve read every member of the core configuration and request', () => {
  const [config, request] = require('../index.js').resolveOptionNames()
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const members = (name) => dts.split(`export interface ${name} {`)[1].split('\n}')[0]
    .split('\n').map((l) => l.trim()).filter((l) => /^[a-zA-Z]+\??:/.test(l)).map((l) => l.split(/\??:/)[0])
  assert.deepEqual(members('ResolverConfig'), config)
  assert.deepEqual(members('ResolveOptions'), request)
  assert.throws(() => new pixcode.Resolver({ timeout: NaN }), /^Error: timeout: expected seconds/)
  assert.throws(() => new pixcode.Resolver({ resolve: { h: 'nowhere' } }), /^Error: resolve\[0\]: "h"/)
})
