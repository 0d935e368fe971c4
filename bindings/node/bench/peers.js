// pixcode's Node binding next to the Node Pix libraries, same process, same input.
//   cd bindings/node && npm run build && cd bench && npm ci && node peers.js
// Each figure is the best of 5 timed loops, in microseconds a call (or calls a second).
'use strict'

const pixcode = require('..')
const promptparse = require('promptparse')
const brUtils = require('@brazilian-utils/brazilian-utils')
const pixUtils = require('pix-utils')
const pixjs = require('@pix.js/qrcode')

const STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000' +
  '5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D'
const DYNAMIC =
  '00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd441' +
  '5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4'
const NON_ASCII =
  '00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.00' +
  '5802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB'
const WRONG_CRC = STATIC.slice(0, -4) + '0000'

let sink = 0
function perCall(f, arg) {
  let n = 1
  for (;;) {
    const t = process.hrtime.bigint()
    for (let i = 0; i < n; i++) sink ^= f(arg) ? 1 : 0
    if (Number(process.hrtime.bigint() - t) > 50e6) break
    n *= 4
  }
  n = Math.max(1, Math.floor(n * 1.2))
  let best = Infinity
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint()
    for (let i = 0; i < n; i++) sink ^= f(arg) ? 1 : 0
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n)
  }
  return best / 1000
}

// Each returns a truthy value when it accepts the code, and reads a field so that lazy
// parsers do their work.
const decoders = {
  'pixcode decode (typed view)': (c) => { try { return pixcode.decode(c).merchantName } catch { return false } },
  'pixcode decode + toJSON': (c) => { try { return pixcode.decode(c).toJSON().merchantName } catch { return false } },
  'pixcode isValid': (c) => pixcode.isValid(c),
  'promptparse parse (strict)': (c) => { const p = promptparse.parse(c, true); return p && p.getTagValue('59') },
  'brazilian-utils getPixPayloadInfo': (c) => { try { const p = brUtils.getPixPayloadInfo(c); return p && (p.isValid === undefined || p.isValid) } catch { return false } },
  'pix-utils parsePix': (c) => { const p = pixUtils.parsePix(c); return p && !p.error && p.merchantName },
  '@pix.js/qrcode parse': (c) => { try { return (pixjs.isDynamicPix(c) ? pixjs.parseDynamicPix(c) : pixjs.parseStaticPix(c)) } catch { return false } },
}

const accepts = (f, c) => { try { return Boolean(f(c)) } catch { return false } }

console.log('| decode | static µs | dynamic µs | non-ASCII µs | wrong CRC |')
console.log('|---|---|---|---|---|')
const fig = {}
for (const [name, f] of Object.entries(decoders)) {
  const row = [STATIC, DYNAMIC, NON_ASCII].map((c) => (accepts(f, c) ? perCall(f, c) : null))
  fig[name] = row
  const cells = row.map((x) => (x === null ? 'refuses' : x.toFixed(3))).join(' | ')
  console.log(`| ${name} | ${cells} | ${accepts(f, WRONG_CRC) ? 'accepts' : 'refuses'} |`)
}
const pp = fig['promptparse parse (strict)'][0]
const typed = fig['pixcode decode (typed view)'][0]
console.log(`\npixcode decode (typed view) against promptparse, static code: ${(pp / typed).toFixed(1)}x`)
console.log(`pixcode isValid: ${(1 / fig['pixcode isValid'][0]).toFixed(2)} M calls/s (static code)`)
if (sink === 42) console.log('')
