// End to end: `pnpm start`'s script boots serverless-offline on free ports, and every route is called
// over real HTTP. The emulator is always stopped (its whole process group killed), and a hard timeout
// ends the run rather than let it hang.
import { type ChildProcess, spawn } from 'node:child_process'
import { type IncomingHttpHeaders, request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { examplesDir } from '../../scripts/build.js'
import { routes, urlOf } from '../../scripts/routes.js'
import { salesReport } from '../../src/big-report.js'
import { gradientPng } from '../../src/download.js'

const BOOT_TIMEOUT = 90_000
const REQUEST_TIMEOUT = 20_000
const HARD_TIMEOUT = 240_000

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(address)))
    })
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let child: ChildProcess | undefined
let output = ''
let base = ''

const killGroup = (signal: NodeJS.Signals) => {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    // Negative pid: the process group that `detached` gave the start script and serverless under it.
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

const stop = async () => {
  if (child === undefined) return
  const exited = new Promise((resolve) => {
    if (child?.exitCode !== null || child?.signalCode !== null) resolve(undefined)
    else child.once('exit', resolve)
  })
  killGroup('SIGTERM')
  await Promise.race([exited, sleep(8_000)])
  killGroup('SIGKILL')
  await Promise.race([exited, sleep(2_000)])
}

// Whatever happens to the run, the emulator does not outlive it.
process.once('exit', () => killGroup('SIGKILL'))
const hardTimeout = setTimeout(() => {
  process.stderr.write(`e2e: hard timeout of ${HARD_TIMEOUT} ms reached; output so far:\n${output}\n`)
  killGroup('SIGKILL')
  process.exit(1)
}, HARD_TIMEOUT)
hardTimeout.unref()

const boot = async () => {
  const [port, lambdaPort] = [await freePort(), await freePort()]
  base = `http://127.0.0.1:${port}`
  child = spawn(process.execPath, ['--import', 'tsx', join(examplesDir, 'scripts/start.ts')], {
    cwd: examplesDir,
    detached: true,
    env: { ...process.env, PORT: String(port), LAMBDA_PORT: String(lambdaPort), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  const deadline = Date.now() + BOOT_TIMEOUT
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pnpm start exited early (${child.exitCode ?? child.signalCode}):\n${output}`)
    }
    // Ready when the route list is printed and the server answers.
    if (output.includes('Press Ctrl+C to stop.')) {
      try {
        await fetch(`${base}/dev/orders/1`, { signal: AbortSignal.timeout(5_000) })
        return
      } catch {
        // Not listening yet.
      }
    }
    await sleep(250)
  }
  throw new Error(`pnpm start did not answer within ${BOOT_TIMEOUT} ms:\n${output}`)
}

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT) })

/**
 * A GET with node:http, which (unlike fetch) neither sends an Accept-Encoding of its own nor inflates
 * the body: the status, the headers and the body's bytes exactly as the emulator sent them.
 */
const raw = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = request(`${base}${path}`, { headers, timeout: REQUEST_TIMEOUT }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within ${REQUEST_TIMEOUT} ms`)))
    req.on('error', reject)
    req.end()
  })

const json = async (response: Response) => {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
  return JSON.parse(await response.text()) as unknown
}

const E2E = suite('pnpm start, every route over real HTTP behind serverless-offline')

E2E.before(async () => {
  try {
    await boot()
  } catch (error) {
    await stop()
    throw error
  }
})

E2E.after(async () => {
  await stop()
  clearTimeout(hardTimeout)
})

E2E('pnpm start prints the URL of every route', () => {
  for (const route of routes) assert.ok(output.includes(urlOf(base, route)), urlOf(base, route))
})

E2E('REST: GET /dev/orders/1 answers the order as JSON', async () => {
  const response = await call('/dev/orders/1')
  assert.is(response.status, 200)
  assert.equal(await json(response), { id: '1', item: 'tea', quantity: 2 })
})

E2E('REST: POST /dev/orders creates an order that GET then finds at its Location', async () => {
  const response = await call('/dev/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item: 'coffee', quantity: 3 }),
  })
  assert.is(response.status, 201)
  const order = (await json(response)) as { id: string }
  assert.equal(order, { id: order.id, item: 'coffee', quantity: 3 })
  assert.is(response.headers.get('location'), `/orders/${order.id}`)
  const again = await call(`/dev${response.headers.get('location')}`)
  assert.is(again.status, 200)
  assert.equal(await json(again), order)
})

E2E('REST: a wrong content type is a 415, malformed JSON a 422, a missing order a 404', async () => {
  const text = await call('/dev/orders', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'tea',
  })
  assert.is(text.status, 415)
  assert.equal(await json(text), { message: 'Unsupported Media Type' })
  const malformed = await call('/dev/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"item":',
  })
  assert.is(malformed.status, 422)
  assert.equal(await json(malformed), { message: 'Invalid or malformed JSON was provided' })
  const missing = await call('/dev/orders/999')
  assert.is(missing.status, 404)
  assert.equal(await json(missing), { message: 'Order "999" not found' })
})

E2E('REST: GET /dev/download sends the PNG bytes intact', async () => {
  const response = await call('/dev/download', { headers: { accept: 'image/png' } })
  assert.is(response.status, 200)
  assert.is(response.headers.get('content-type'), 'image/png')
  assert.is(response.headers.get('content-disposition'), 'inline; filename="gradient.png"')
  assert.ok(Buffer.from(await response.arrayBuffer()).equals(gradientPng()), 'the bytes differ')
})

E2E(
  'REST: the ALB target answers a health check with "OK" and a request with JSON and two cookies',
  async () => {
    const health = await call('/dev/alb', { headers: { 'user-agent': 'ELB-HealthChecker/2.0' } })
    assert.is(health.status, 200)
    assert.match(health.headers.get('content-type') ?? '', /^text\/plain/)
    assert.is(await health.text(), 'OK')
    const response = await call('/dev/alb')
    assert.is(response.status, 200)
    assert.is(response.headers.get('cache-control'), 'no-store')
    assert.equal(response.headers.getSetCookie(), ['visitor=1; Path=/; HttpOnly', 'ab-test=b; Path=/'])
    // Served through the REST API here, whose events carry multiValueHeaders as well.
    assert.equal(await json(response), { mode: 'multi-value', method: 'GET', path: '/alb' })
  },
)

E2E('REST: each failure mode comes out normalized', async () => {
  const object = await call('/dev/failures/plain-object')
  assert.is(object.status, 200)
  assert.equal(await json(object), { ok: true, note: 'a plain object is sent as JSON' })

  const numbers = await call('/dev/failures/number-header')
  assert.is(numbers.status, 200)
  assert.is(numbers.headers.get('x-items'), '3')
  assert.is(numbers.headers.get('x-cached'), 'false')
  assert.is(await numbers.text(), 'header values were numbers and booleans')

  const buffer = await call('/dev/failures/buffer', { headers: { accept: 'application/octet-stream' } })
  assert.is(buffer.status, 200)
  assert.is(buffer.headers.get('content-type'), 'application/octet-stream')
  assert.equal([...new Uint8Array(await buffer.arrayBuffer())], [0x00, 0xff, 0x10, 0x80, 0x7f])

  const error = await call('/dev/failures/plain-error')
  assert.is(error.status, 500)
  const errorBody = await error.text()
  assert.is(errorBody, '{"message":"Internal Server Error"}')

  const httpError = await call('/dev/failures/http-error')
  assert.is(httpError.status, 409)
  assert.equal(await json(httpError), { message: 'This order was already paid' })

  const large = await call('/dev/failures/too-large')
  assert.is(large.status, 500)
  assert.equal(await json(large), { message: 'Internal Server Error' })

  const unknown = await call('/dev/failures/nope')
  assert.is(unknown.status, 404)
})

E2E('REST: the control route without the middleware is a 502 Bad Gateway', async () => {
  const response = await call('/dev/control')
  assert.is(response.status, 502)
  await response.arrayBuffer()
})

E2E('HTTP API: POST /cookies sets three cookies, attributes and Expires comma intact', async () => {
  const response = await call('/cookies', { method: 'POST' })
  assert.is(response.status, 200)
  assert.equal(await json(response), { set: ['session', 'theme', 'consent'] })
  const cookies = response.headers.getSetCookie()
  assert.is(cookies.length, 3)
  assert.match(cookies[0] ?? '', /^session=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/)
  assert.equal(cookies.slice(1), [
    'theme=dark; Path=/; Max-Age=31536000; SameSite=Lax',
    'consent=analytics; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
  ])
})

E2E('HTTP API: GET /cookies reads back the cookies sent', async () => {
  const response = await call('/cookies', { headers: { cookie: 'theme=dark; consent=analytics' } })
  assert.is(response.status, 200)
  assert.equal(await json(response), { received: { theme: 'dark', consent: 'analytics' } })
})

E2E(
  'HTTP API: the function URL example turns its web Response into status, headers and cookies',
  async () => {
    const response = await call('/function-url?name=Ada')
    assert.is(response.status, 200)
    assert.is(response.headers.get('x-powered-by'), 'middy-proxy-response')
    assert.equal(response.headers.getSetCookie(), [
      'greeted=yes; Path=/; HttpOnly',
      'name=Ada; Path=/; Max-Age=600',
    ])
    assert.equal(await json(response), { greeting: 'Hello, Ada!' })
  },
)

E2E('HTTP API: http-cors headers are on successes and on both kinds of error', async () => {
  const origin = 'https://app.example.com'
  // serverless-offline adds an Access-Control-Allow-Origin of its own to any request with an Origin;
  // the exposed header and Vary are http-cors's alone.
  const corsOf = (response: Response) => ({
    origin: response.headers.get('access-control-allow-origin'),
    expose: response.headers.get('access-control-expose-headers'),
    vary: response.headers.get('vary'),
  })
  const cors = { origin, expose: 'X-Request-Id', vary: 'Origin' }

  const ok = await call('/cors', { headers: { origin } })
  assert.is(ok.status, 200)
  assert.equal(corsOf(ok), cors)
  assert.equal(await json(ok), { items: ['tea', 'coffee'] })

  const forbidden = await call('/cors?fail=forbidden', { headers: { origin } })
  assert.is(forbidden.status, 403)
  assert.equal(corsOf(forbidden), cors)
  assert.is(await forbidden.text(), 'You may not read this list')

  const crash = await call('/cors?fail=crash', { headers: { origin } })
  assert.is(crash.status, 500)
  assert.equal(corsOf(crash), cors)
  assert.equal(await json(crash), { message: 'Internal Server Error' })
})

E2E('HTTP API: GET /big-report arrives gzipped to a gzip client, and is a 500 for one without', async () => {
  const response = await raw('/big-report', { 'accept-encoding': 'gzip' })
  assert.is(response.status, 200)
  // serverless-offline decodes the base64 body (isBase64Encoded) and sends the Lambda's
  // Content-Encoding as it is: hapi, under it, compresses nothing that already has one.
  assert.is(response.headers['content-encoding'], 'gzip')
  assert.match(response.headers.vary ?? '', /accept-encoding/i)
  assert.match(response.headers['content-type'] ?? '', /^application\/json/)
  assert.is(Number(response.headers['content-length']), response.body.length)
  assert.ok(response.body.length < 2_000_000, `${response.body.length} bytes on the wire`)
  assert.is(gunzipSync(response.body).toString('utf8'), JSON.stringify(salesReport()))

  for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
    const refused = await raw('/big-report', headers)
    assert.is(refused.status, 500, JSON.stringify(headers))
    assert.is(refused.headers['content-encoding'], undefined)
    assert.is(refused.body.toString('utf8'), '{"message":"Internal Server Error"}')
  }
})

E2E.run()
