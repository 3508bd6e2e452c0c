import middy from '@middy/core'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ALB_LIMIT, type LogEntry, proxyResponse } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { captureLogs, context, eventFor, invoke } from './helpers.js'

const edges = suite('edge cases')

edges('writes repair warnings as JSON lines on console.warn by default', async () => {
  const lines: string[] = []
  const original = console.warn
  console.warn = (line: string) => lines.push(line)
  try {
    const handler = middy(async () => ({ statusCode: 200, headers: { 'x-n': 1 } })).use(proxyResponse())
    await handler(eventFor('rest'), context())
  } finally {
    console.warn = original
  }
  assert.is(lines.length, 1)
  const entry = JSON.parse(lines[0] as string) as LogEntry
  assert.equal([entry.level, entry.repair?.code], ['warn', 'header-value-coerced'])
})

edges('logs a thrown function whose toString throws', async () => {
  const logs = captureLogs()
  const fn = () => {}
  fn.toString = () => {
    throw new Error('no text')
  }
  const result = await invoke(
    () => {
      throw fn
    },
    eventFor('rest'),
    { logger: logs.logger },
  )
  assert.is((result as { statusCode: number }).statusCode, 500)
  assert.equal(logs.entries[0]?.error, { value: 'function' })
})

edges('answers 500 for a Proxy result whose traps all throw', async () => {
  const hostile = new Proxy(
    {},
    {
      // Promise resolution reads `then` before the middleware sees the value.
      get(_, key) {
        if (key === 'then') return undefined
        throw new Error('get')
      },
      has() {
        throw new Error('has')
      },
      ownKeys() {
        throw new Error('ownKeys')
      },
      getPrototypeOf() {
        throw new Error('getPrototypeOf')
      },
    },
  )
  const logs = captureLogs()
  const result = await invoke(() => hostile, eventFor('http-v2'), { logger: logs.logger })
  assert.equal(validateProxyResult(result, 'http-v2'), [])
  assert.is((result as { statusCode: number }).statusCode, 500)
  assert.is(logs.entries[0]?.error?.code, 'unserializable')
})

edges('repairs a result whose getter throws on one header by leaving that header out', async () => {
  const headers = { 'x-ok': 'yes' }
  Object.defineProperty(headers, 'x-bad', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  const result = await invoke(() => ({ statusCode: 200, headers, body: 'x' }), eventFor('rest'))
  assert.equal(result, {
    statusCode: 200,
    headers: { 'x-ok': 'yes' },
    multiValueHeaders: {},
    body: 'x',
    isBase64Encoded: false,
  })
})

edges('falls back to a bare 500 when an error carries headers too large to send', async () => {
  const error = createError(400, 'bad', { headers: { 'x-huge': 'h'.repeat(ALB_LIMIT) } })
  const result = await invoke(() => {
    throw error
  }, eventFor('alb'))
  assert.equal(result, {
    statusCode: 500,
    statusDescription: '500 Internal Server Error',
    headers: { 'Content-Type': 'application/json' },
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

edges('reads a Response from another fetch implementation', async () => {
  const foreign = {
    status: 202,
    statusText: '',
    headers: new Headers({ 'content-type': 'text/plain' }),
    body: {},
    arrayBuffer: async () => new TextEncoder().encode('queued').buffer,
  }
  const result = await invoke(() => foreign, eventFor('lattice-v1'))
  assert.equal(result, {
    statusCode: 202,
    statusDescription: '202 Accepted',
    headers: { 'content-type': 'text/plain' },
    body: 'queued',
    isBase64Encoded: false,
  })
})

edges('removes a header that a later spelling in the same map sets to null', async () => {
  const result = await invoke(
    () => ({ statusCode: 200, headers: { 'X-Powered-By': 'Express', 'x-powered-by': null, Vary: 'Origin' } }),
    eventFor('rest'),
  )
  assert.equal((result as { headers: unknown }).headers, { Vary: 'Origin' })
})

edges('finds a result without a body that is over the limit through its headers alone', () => {
  const result = {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'x-big': 'b'.repeat(ALB_LIMIT) },
    isBase64Encoded: false,
  }
  assert.equal(
    validateProxyResult(result, 'alb').map((problem) => problem.code),
    ['too-large'],
  )
})

edges('names codes no registry names by their class in an ALB status line', async () => {
  const lines: string[] = []
  for (const statusCode of [150, 250, 350, 450, 550]) {
    const result = (await invoke(() => ({ statusCode, body: '' }), eventFor('alb'))) as {
      statusDescription: string
    }
    lines.push(result.statusDescription)
  }
  assert.equal(lines, [
    '150 Informational',
    '250 Success',
    '350 Redirection',
    '450 Client Error',
    '550 Server Error',
  ])
})

edges('sends the reason phrases of RFC 9110 where Node still has older ones', async () => {
  const lines: string[] = []
  for (const statusCode of [413, 422, 418, 404]) {
    const result = (await invoke(() => ({ statusCode, body: 'x' }), eventFor('lattice-v2'))) as {
      statusDescription: string
    }
    lines.push(result.statusDescription)
  }
  assert.equal(lines, [
    '413 Content Too Large',
    '422 Unprocessable Content',
    "418 I'm a Teapot",
    '404 Not Found',
  ])
})

edges.run()
