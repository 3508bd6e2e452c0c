import { Buffer } from 'node:buffer'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ALB_LIMIT, LAMBDA_LIMIT, validateProxyResult } from '../src/index.js'
import { jsonStringBytes } from '../src/size.js'
import { captureLogs, eventFor, invoke } from './helpers.js'

const serializedBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

/** A REST result whose serialized size is exactly `bytes`, its body made of `unit` repeated. */
const restResultOfSize = (bytes: number, unit: string) => {
  const shell = { statusCode: 200, headers: {}, multiValueHeaders: {}, body: '', isBase64Encoded: false }
  const room = bytes - serializedBytes(shell)
  const unitBytes = jsonStringBytes(unit) - 2
  const body = unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes)
  const result = { ...shell, body }
  assert.is(serializedBytes(result), bytes)
  return result
}

const size = suite('size limits')

size('counts the JSON size of any text exactly, escapes and surrogates included', () => {
  for (const text of [
    '',
    'plain',
    'quote " and \\ back',
    'ctl \u0001\u0008\n\t\u001f',
    'é日本😀',
    'lone \ud800 x \udc00',
    '\ud83d',
  ]) {
    assert.is(jsonStringBytes(text), serializedBytes(text), JSON.stringify(text))
  }
})

for (const unit of ['a', '"', '\u0001', '日', '😀']) {
  size(
    `sends a REST result of exactly 6,291,556 bytes and refuses one byte more (body of ${JSON.stringify(unit)})`,
    async () => {
      const atLimit = restResultOfSize(LAMBDA_LIMIT, unit)
      assert.equal(validateProxyResult(atLimit, 'rest'), [])
      assert.is(await invoke(() => atLimit, eventFor('rest')), atLimit)
      const over = restResultOfSize(LAMBDA_LIMIT + 1, unit)
      assert.equal(
        validateProxyResult(over, 'rest').map((p) => p.code),
        ['too-large'],
      )
    },
  )
}

size('turns a result over the Lambda limit into a 500 and says why in the log', async () => {
  const logs = captureLogs()
  const result = await invoke(() => ({ data: 'x'.repeat(LAMBDA_LIMIT) }), eventFor('http-v2'), {
    logger: logs.logger,
  })
  assert.equal(result, {
    statusCode: 500,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
  assert.match(logs.entries[0]?.error?.message ?? '', /over the front door's limit of 6291556 bytes/)
})

size('holds an ALB to 1 MB, and a Buffer to its base64 size', async () => {
  const fits = Buffer.alloc(700_000)
  const tooBig = Buffer.alloc(800_000)
  assert.is(((await invoke(() => fits, eventFor('alb'))) as { statusCode: number }).statusCode, 200)
  assert.is(((await invoke(() => tooBig, eventFor('alb'))) as { statusCode: number }).statusCode, 500)
  assert.is(((await invoke(() => tooBig, eventFor('rest'))) as { statusCode: number }).statusCode, 200)
  assert.ok(Math.ceil(800_000 / 3) * 4 > ALB_LIMIT)
})

size('refuses an already-shaped result over the ALB limit', async () => {
  const big = {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: {},
    body: 'x'.repeat(ALB_LIMIT),
    isBase64Encoded: false,
  }
  const result = (await invoke(() => big, eventFor('alb'))) as { statusCode: number }
  assert.is(result.statusCode, 500)
})

size.run()
