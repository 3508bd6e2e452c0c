import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/cors-and-errors.js'
import { captureLogs } from './helpers.js'

// GET /cors on the HTTP API, from an origin, with ?fail=… when asked.
const request = (origin: string | undefined, fail?: string) =>
  events.httpV2({
    path: '/cors',
    ...(origin === undefined ? {} : { headers: { origin } }),
    ...(fail === undefined ? {} : { query: { fail } }),
  })

const cors = {
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Origin': 'https://app.example.com',
  Vary: 'Origin',
  'Access-Control-Expose-Headers': 'X-Request-Id',
}

const Cors = suite('cors-and-errors, http-cors and http-error-handler with proxyResponse()')

Cors('a success from an allowed origin gets the CORS headers and a JSON body', async () => {
  const res = await invoke(handler, request('https://app.example.com'))
  assert.equal(res.result, {
    statusCode: 200,
    headers: { ...cors, 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"items":["tea","coffee"]}',
    isBase64Encoded: false,
  })
  assert.is(res.headers['access-control-allow-origin'], 'https://app.example.com')
})

Cors('an origin that is not allowed gets no Access-Control-Allow-Origin', async () => {
  const res = await invoke(handler, request('https://evil.example'))
  assert.is(res.headers['access-control-allow-origin'], undefined)
  assert.is(res.statusCode, 200)
})

Cors('a 4xx http-errors error: http-error-handler sets it, http-cors adds its headers', async () => {
  const { value: res } = await captureLogs(() =>
    invoke(handler, request('https://app.example.com', 'forbidden')),
  )
  assert.equal(res.result, {
    statusCode: 403,
    headers: { 'Content-Type': 'text/plain', ...cors },
    cookies: [],
    body: 'You may not read this list',
    isBase64Encoded: false,
  })
})

Cors('an unexpected error: a 500 with the CORS headers and a message that leaks nothing', async () => {
  const { value: res, logs } = await captureLogs(() =>
    invoke(handler, request('https://app.example.com', 'crash')),
  )
  assert.equal(res.result, {
    statusCode: 500,
    headers: { ...cors, 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
  assert.not.match(JSON.stringify(res.result), /10\.0\.0\.12/)
  // http-error-handler logs the original error before it replaces it.
  assert.ok(logs.some((log) => log.level === 'error' && log.line.includes('10.0.0.12:5432')))
})

Cors.run()
