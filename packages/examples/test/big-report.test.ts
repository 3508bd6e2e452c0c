import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { buildReport, handler, ROWS, salesReport } from '../src/big-report.js'
import { captureLogs } from './helpers.js'

// The Lambda limit on a serialized result (the front door's limit for an HTTP API).
const LIMIT = 6_291_556

// GET /big-report on the HTTP API, as `pnpm start` and template.yaml serve it.
const get = (headers: Record<string, string> = {}) =>
  captureLogs(() => invoke(handler, events.httpV2({ path: '/big-report', headers })))

const reportJson = JSON.stringify(salesReport())

const BigReport = suite('big-report, a JSON report over the 6 MB limit, compressed to fit')

BigReport('the report is deterministic, 60,000 rows, and over the limit as plain JSON', () => {
  assert.is(salesReport().rows.length, ROWS)
  assert.is(salesReport(), salesReport(), 'built once per warm instance')
  assert.is(JSON.stringify(buildReport()), reportJson)
  assert.ok(reportJson.length > LIMIT, `${reportJson.length} bytes`)
  assert.ok(reportJson.length < 8_000_000, `${reportJson.length} bytes`)
  assert.equal(salesReport().rows[0], {
    id: 1,
    date: '2024-01-02',
    region: 'eu-central',
    item: 'Rooibos',
    qty: 8,
    price: 2.87,
    total: 22.96,
    status: 'returned',
  })
})

BigReport('a gzip client: 200, base64 gzip that inflates to the report, Vary: Accept-Encoding', async () => {
  const { value: res, logs } = await get({ 'accept-encoding': 'gzip' })
  assert.is(res.statusCode, 200)
  assert.is(res.result.isBase64Encoded, true)
  assert.is(res.headers['content-type'], 'application/json')
  assert.is(res.headers['content-encoding'], 'gzip')
  assert.match(res.headers.vary ?? '', /\bAccept-Encoding\b/i)
  // What the front door hands the client: the decoded bytes, gzip's, and small enough now.
  assert.is(res.bytes[0], 0x1f)
  assert.is(res.bytes[1], 0x8b)
  assert.ok(JSON.stringify(res.result).length < LIMIT)
  assert.ok(res.bytes.length * 6 < reportJson.length, `${res.bytes.length} bytes compressed`)
  assert.is(gunzipSync(res.bytes).toString('utf8'), reportJson)
  assert.equal(logs, [])
})

BigReport('a br client gets br; q-values choose among the encodings', async () => {
  const { value: br } = await get({ 'accept-encoding': 'br' })
  assert.is(br.statusCode, 200)
  assert.is(br.headers['content-encoding'], 'br')
  assert.is(brotliDecompressSync(br.bytes).toString('utf8'), reportJson)

  // What curl --compressed and browsers send: br first among equals.
  const { value: all } = await get({ 'accept-encoding': 'gzip, deflate, br, zstd' })
  assert.is(all.headers['content-encoding'], 'br')

  const { value: deflate } = await get({ 'accept-encoding': 'br;q=0.2, gzip;q=0, deflate' })
  assert.is(deflate.headers['content-encoding'], 'deflate')
  assert.is(inflateSync(deflate.bytes).toString('utf8'), reportJson)
})

BigReport('a client that accepts no encoding gets a 500 without details; the sizes are logged', async () => {
  for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0' }]) {
    const { value: res, logs } = await get(headers)
    assert.equal(res.result, {
      statusCode: 500,
      headers: { 'Content-Type': 'application/json' },
      cookies: [],
      body: '{"message":"Internal Server Error"}',
      isBase64Encoded: false,
    })
    const line = logs.find((log) => log.level === 'error')?.line ?? ''
    assert.match(line, /too-large/, JSON.stringify(headers))
    assert.match(line, /the result is \d+ bytes or more, over the http-v2 limit of 6291556/)
  }
})

BigReport('a HEAD request gets the headers without the body, which it never carries', async () => {
  const { value: res, logs } = await captureLogs(() =>
    invoke(
      handler,
      events.httpV2({ method: 'HEAD', path: '/big-report', headers: { 'accept-encoding': 'gzip' } }),
    ),
  )
  assert.is(res.statusCode, 200)
  assert.is(res.text, '')
  assert.is(res.headers['content-type'], 'application/json')
  assert.is(res.headers['content-encoding'], undefined)
  assert.equal(logs, [])
})

BigReport.run()
