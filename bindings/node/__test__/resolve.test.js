// `Resolver.resolve` end to end on 127.0.0.1: a test CA and leaf made with openssl, the key set
// and the JWS written by the `pixcode location` CLI, an HTTPS server answering for
// pix.example.com through the resolver's override. Nothing leaves the machine.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const https = require('node:https')
const { execFileSync } = require('node:child_process')
const pixcode = require('..')

const ROOT = path.resolve(__dirname, '..', '..', '..')
const BIN = process.env.PIXCODE_BIN || path.join(ROOT, 'target', 'release', 'pixcode')
const URL_PATH = '/qr/v2/cob/7f3c9a1b2d4e'

function pki() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pixcode-node-pki-'))
  const ssl = (...args) => execFileSync('openssl', args, { cwd: d, stdio: 'pipe' })
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key')
  ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=pixcode test CA', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem')
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key')
  ssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=pix.example.com', '-out', 'leaf.csr')
  fs.writeFileSync(path.join(d, 'ext.cnf'),
    'basicConstraints=CA:FALSE\nsubjectAltName=DNS:pix.example.com\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n')
  ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30',
    '-extfile', 'ext.cnf', '-out', 'leaf.pem')
  const read = (f) => fs.readFileSync(path.join(d, f), 'utf8')
  fs.writeFileSync(path.join(d, 'chain.pem'), read('leaf.pem') + read('ca.pem'))
  return { dir: d, read, file: (f) => path.join(d, f) }
}

test('a signed cob is verified and payable; a forged one is refused', async (t) => {
  const p = pki()
  const jwks = execFileSync(BIN, ['location', 'jwks', '--cert', p.file('chain.pem'), '--kid', 'k1', '--alg', 'ES256'])
  const now = new Date(Math.floor(Date.now() / 1000) * 1000)
  const iso = (d) => d.toISOString().replace('.000Z', 'Z')
  const payload = {
    revisao: 0,
    calendario: { criacao: iso(new Date(now - 300000)), apresentacao: iso(now), expiracao: 3600 },
    valor: { original: '37.90' },
    chave: 'pagamentos@example.com',
    txid: 'PEDIDO2026031000000000000042',
    status: 'ATIVA',
  }
  const jws = execFileSync(BIN, ['location', 'sign', '--key', p.file('leaf.key'), '--cert', p.file('chain.pem'),
    '--jku', 'https://pix.example.com/jwks', '--kid', 'k1', '--alg', 'ES256'], { input: JSON.stringify(payload) })
    .toString().trim()

  const routes = { '/jwks': ['application/json', jwks], [URL_PATH]: ['application/jose', jws] }
  const server = https.createServer({ key: p.read('leaf.key'), cert: p.read('chain.pem') }, (req, res) => {
    const r = routes[req.url.split('?')[0]]
    if (!r) {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, { 'Content-Type': r[0] })
    res.end(r[1])
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  t.after(() => server.close())
  const port = server.address().port

  const code = pixcode.build({ merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', url: 'pix.example.com' + URL_PATH })
  // A list of PEM documents: the second one is named when it does not read.
  assert.throws(() => new pixcode.Resolver({ caPem: [p.read('ca.pem'), 'not a certificate'] }), /caPem\[1\]/)
  const resolver = new pixcode.Resolver({
    caPem: [p.read('ca.pem')], defaultRoots: false, resolve: { 'pix.example.com': `127.0.0.1:${port}` }, timeout: 5,
  })
  const r = await resolver.resolve(code)
  assert.equal(r.verified, true, JSON.stringify(r.errors))
  assert.equal(r.payable, true)
  assert.equal(r.kind, 'cob')
  assert.equal(r.charge.valor.original, '37.90')
  assert.equal(r.jws, jws)

  const [head, body, sig] = jws.split('.')
  const forged = JSON.parse(Buffer.from(body, 'base64url'))
  forged.valor.original = '3790.00'
  routes[URL_PATH] = ['application/jose', [head, Buffer.from(JSON.stringify(forged)).toString('base64url'), sig].join('.')]
  const f = await resolver.resolve(code)
  assert.equal(f.verified, false)
  assert.equal(f.charge, null)
  assert.ok(f.errors.some((e) => e.code.startsWith('jws_')), JSON.stringify(f.errors))
})
