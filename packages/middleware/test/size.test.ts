import { Buffer } from 'node:buffer'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ALB_LIMIT, LAMBDA_LIMIT } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { captureLogs, eventFor, invoke } from './helpers.js'
import { assertContract, decodedBody, violations } from './oracle/contract.js'

/** The bytes of `value` as JSON, computed here rather than by the package, whose counting is under test. */
const serializedBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

/** A REST result whose serialized size is exactly `bytes`, its body made of `unit` repeated. */
const restResultOfSize = (bytes: number, unit: string) => {
  const shell = { statusCode: 200, headers: {}, multiValueHeaders: {}, body: '', isBase64Encoded: false }
  const room = bytes - serializedBytes(shell)
  const unitBytes = serializedBytes(unit) - 2
  const body = unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes)
  const result = { ...shell, body }
  assert.is(serializedBytes(result), bytes)
  return result
}

const size = suite('size limits')

// Units whose JSON form is wider than their text: escapes (\", \\, \n, \u0001), UTF-8 of two, three and
// four bytes, and a lone surrogate, which JSON.stringify escapes as six bytes.
for (const unit of ['a', '"', '\\', '\n', '\u0001', 'é', '日', '😀', '\ud800']) {
  size(
    `sends a REST result of exactly 6,291,556 bytes and refuses one byte more (body of ${JSON.stringify(unit)})`,
    async () => {
      const atLimit = restResultOfSize(LAMBDA_LIMIT, unit)
      assert.equal(validateProxyResult(atLimit, 'rest'), [])
      assertContract(atLimit, 'rest')
      assert.is(await invoke(() => atLimit, eventFor('rest')), atLimit)
      const over = restResultOfSize(LAMBDA_LIMIT + 1, unit)
      assert.equal(
        validateProxyResult(over, 'rest').map((p) => p.code),
        ['too-large'],
      )
      assert.equal(
        violations(over, 'rest').map((text) => text.split(':')[0]),
        ['size'],
      )
    },
  )
}

size(
  'turns a result over the Lambda limit into a 500 when nothing may be compressed, and says why in the log',
  async () => {
    const logs = captureLogs()
    const result = await invoke(() => ({ data: 'x'.repeat(LAMBDA_LIMIT) }), eventFor('http-v2'), {
      logger: logs.logger,
      compress: false,
    })
    assert.equal(result, {
      statusCode: 500,
      headers: { 'Content-Type': 'application/json' },
      cookies: [],
      body: '{"message":"Internal Server Error"}',
      isBase64Encoded: false,
    })
    assert.is(logs.entries[0]?.error?.code, 'too-large')
    assert.match(logs.entries[0]?.error?.message ?? '', /6291556/)
  },
)

size('holds an ALB to 1 MB, and a Buffer to its base64 size, when nothing may be compressed', async () => {
  const fits = Buffer.alloc(700_000)
  const tooBig = Buffer.alloc(800_000)
  const sent = (await invoke(() => fits, eventFor('alb'))) as { statusCode: number }
  assert.is(sent.statusCode, 200)
  assert.is(decodedBody(sent).length, 700_000)
  const refused = (await invoke(() => tooBig, eventFor('alb'), { compress: false })) as { statusCode: number }
  assert.is(refused.statusCode, 500)
  // The same bytes on REST: what an ALB would have had to carry, over 1 MB once in base64.
  const onRest = (await invoke(() => tooBig, eventFor('rest'))) as { statusCode: number }
  assert.is(onRest.statusCode, 200)
  assert.is(decodedBody(onRest).length, 800_000)
  assert.ok(serializedBytes(onRest) > ALB_LIMIT, `${serializedBytes(onRest)} bytes fit in an ALB's 1 MB`)
})

size('refuses an already-shaped result over the ALB limit when nothing may be compressed', async () => {
  const big = {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: {},
    body: 'x'.repeat(ALB_LIMIT),
    isBase64Encoded: false,
  }
  const result = (await invoke(() => big, eventFor('alb'), { compress: false })) as { statusCode: number }
  assert.is(result.statusCode, 500)
})

size.run()
