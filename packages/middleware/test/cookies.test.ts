import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { Repair } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { eventFor, invoke } from './helpers.js'
import { assertContract, type ProxyDoor } from './oracle/contract.js'

// Every spelling a handler may use for cookies: the payload 2.0 array, and Set-Cookie headers.
const cookieA = 'session=abc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly'
const cookieB = 'theme=dark; Path=/'
const cookieC = 'lang=fr'
const returned = {
  statusCode: 200,
  headers: { 'Set-Cookie': cookieA },
  multiValueHeaders: { 'set-cookie': [cookieB] },
  cookies: [cookieC],
  body: 'ok',
}

const run = async (frontDoor: ProxyDoor, result: unknown = returned) => {
  const repairs: Repair[] = []
  const output = await invoke(() => result, eventFor(frontDoor), {
    onRepair: (repair) => repairs.push(repair),
  })
  assert.equal(validateProxyResult(output, frontDoor), [])
  assertContract(output, frontDoor)
  return { output, codes: repairs.map((repair) => repair.code) }
}

const cookies = suite('Set-Cookie')

cookies('sends every cookie through multiValueHeaders on REST and HTTP API 1.0', async () => {
  for (const frontDoor of ['rest', 'http-v1'] as const) {
    const { output } = await run(frontDoor)
    assert.equal(output, {
      statusCode: 200,
      headers: {},
      multiValueHeaders: { 'Set-Cookie': [cookieA, cookieB, cookieC] },
      body: 'ok',
      isBase64Encoded: false,
    })
  }
})

cookies('sends every cookie in the cookies array on payload 2.0 and function URLs', async () => {
  for (const frontDoor of ['http-v2', 'function-url'] as const) {
    const { output, codes } = await run(frontDoor)
    assert.equal(output, {
      statusCode: 200,
      headers: {},
      cookies: [cookieA, cookieB, cookieC],
      body: 'ok',
      isBase64Encoded: false,
    })
    assert.equal(codes, [], 'placing cookies where the front door wants them is not a repair')
  }
})

cookies('keeps every cookie on an ALB in multi-value mode', async () => {
  const { output } = await run('alb-multi-value')
  assert.equal(output, {
    statusCode: 200,
    statusDescription: '200 OK',
    multiValueHeaders: { 'Set-Cookie': [cookieA, cookieB, cookieC] },
    body: 'ok',
    isBase64Encoded: false,
  })
})

cookies(
  'sends one cookie, never a comma-joined list, where only one can go, and reports the rest',
  async () => {
    for (const frontDoor of ['alb', 'lattice-v1', 'lattice-v2', 'websocket'] as const) {
      const { output, codes } = await run(frontDoor)
      const headers = (output as { headers: Record<string, string> }).headers
      assert.equal(headers, { 'Set-Cookie': cookieA }, frontDoor)
      assert.ok(codes.includes('cookies-dropped'), frontDoor)
    }
  },
)

cookies('sends the same cookie once when it is given in two places', async () => {
  const { output } = await run('http-v2', {
    statusCode: 200,
    headers: { 'set-cookie': cookieC },
    cookies: [cookieC, cookieB],
  })
  assert.equal((output as { cookies: unknown }).cookies, [cookieC, cookieB])
})

cookies('leaves out a cookie holding CR, LF or NUL', async () => {
  const { output, codes } = await run('http-v2', {
    statusCode: 200,
    cookies: ['ok=1', 'evil=1\r\nX-Injected: yes', 'nul=\u0000', 42],
  })
  assert.equal((output as { cookies: string[] }).cookies, ['ok=1', '42'])
  assert.equal(codes, ['cookie-invalid', 'cookie-invalid'])
})

cookies('takes the cookies of a web Headers object one by one', async () => {
  const headers = new Headers()
  headers.append('Set-Cookie', cookieA)
  headers.append('Set-Cookie', cookieB)
  const { output } = await run('alb-multi-value', { statusCode: 200, headers })
  assert.equal((output as { multiValueHeaders: unknown }).multiValueHeaders, {
    'set-cookie': [cookieA, cookieB],
  })
})

cookies.run()
