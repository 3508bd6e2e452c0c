import middy from '@middy/core'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import proxyResponseDefault, {
  type LogEntry,
  ProxyResponseStrictError,
  proxyResponse,
  proxyResponseDefaults,
  type Repair,
} from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { captureLogs, context, eventFor, fixture, invoke } from './helpers.js'

const options = suite('options')

options('exports its defaults, and the factory as the default export too', () => {
  assert.is(proxyResponseDefault, proxyResponse)
  assert.equal(
    { ...proxyResponseDefaults, logger: typeof proxyResponseDefaults.logger },
    {
      frontDoor: 'auto',
      logger: 'function',
      onRepair: 'warn-once',
      strict: false,
      errorFormat: 'json',
      errorBody: undefined,
      compress: true,
      compressAbove: undefined,
      binaryMediaTypes: [],
    },
  )
})

options('logs one JSON line per error by default, to console.error', async () => {
  const lines: unknown[][] = []
  const original = console.error
  console.error = (...args: unknown[]) => lines.push(args)
  try {
    const handler = middy(async () => {
      throw new Error('db down')
    }).use(proxyResponse())
    await handler(eventFor('rest'), context('req-42'))
  } finally {
    console.error = original
  }
  assert.is(lines.length, 1)
  const entry = JSON.parse(lines[0]?.[0] as string) as LogEntry
  assert.is(entry.level, 'error')
  assert.is(entry.requestId, 'req-42')
  assert.is(entry.error?.message, 'db down')
  assert.match(entry.error?.stack ?? '', /Error: db down\n\s+at /)
})

options('warns once per kind of repair and warm instance by default', async () => {
  const logs = captureLogs()
  const handler = middy(async (event: { n: number }) => ({
    statusCode: 200,
    headers: { 'x-n': event.n },
  })).use(proxyResponse({ logger: logs.logger }))
  for (let n = 0; n < 5; n++) await handler({ ...eventFor('rest'), n }, context())
  const other = middy(async () => ({ statusCode: '200' })).use(proxyResponse({ logger: logs.logger }))
  await other(eventFor('rest'), context())
  assert.equal(
    logs.entries.map((entry) => [entry.level, entry.repair?.code]),
    [
      ['warn', 'header-value-coerced'],
      ['warn', 'status-coerced'],
    ],
  )
})

options('reports nothing when onRepair or the logger is false', async () => {
  const lines: unknown[] = []
  const original = console.warn
  console.warn = (line: unknown) => lines.push(line)
  try {
    await invoke(() => ({ statusCode: '200' }), eventFor('rest'), { logger: false })
    const handler = middy(async () => ({ statusCode: '200' })).use(proxyResponse({ onRepair: false }))
    await handler(eventFor('rest'), context())
  } finally {
    console.warn = original
  }
  assert.equal(lines, [])
})

options('tells a repair callback of every repair, every time', async () => {
  const repairs: Repair[] = []
  const handler = middy(async () => ({ statusCode: 200, extra: 1 })).use(
    proxyResponse({ logger: false, onRepair: (repair) => repairs.push(repair) }),
  )
  await handler(eventFor('alb'), context())
  await handler(eventFor('alb'), context())
  assert.is(repairs.length, 2)
})

options('fails in strict mode when a result needed a repair, listing the repairs', async () => {
  const handler = middy(async () => ({ statusCode: 200, headers: { 'x-count': 1 }, body: 'x' })).use(
    proxyResponse({ strict: true, logger: false }),
  )
  try {
    await handler(eventFor('rest'), context())
    assert.unreachable('strict mode should have failed')
  } catch (error) {
    assert.instance(error, ProxyResponseStrictError)
    assert.equal(
      (error as ProxyResponseStrictError).repairs.map((repair) => repair.code),
      ['header-value-coerced'],
    )
    assert.match(
      (error as Error).message,
      /headers\.x-count: header-value-coerced, see https:\/\/github\.com\/middy-proxy-response\/middy-proxy-response\/tree\/main\/packages\/middleware#header-value-coerced/,
    )
  }
})

options('passes valid results, plain values and thrown errors in strict mode', async () => {
  const strict = { strict: true }
  const valid = { statusCode: 200, body: 'ok' }
  assert.is(await invoke(() => valid, eventFor('rest'), strict), valid)
  assert.is(((await invoke(() => ({ a: 1 }), eventFor('rest'), strict)) as { body: string }).body, '{"a":1}')
  const thrown = await invoke(
    () => {
      throw createError(404)
    },
    eventFor('rest'),
    strict,
  )
  assert.is((thrown as { statusCode: number }).statusCode, 404)
})

options('answers the front door it is told to, whatever the event', async () => {
  const result = await invoke(() => ({ a: 1 }), fixture('sqs/powertools-ts-two-records.json'), {
    frontDoor: 'alb',
  })
  assert.equal(validateProxyResult(result, 'alb'), [])
  assert.is((result as { statusDescription: string }).statusDescription, '200 OK')
})

options('refuses an unknown front door when the middleware is set up', () => {
  assert.throws(
    () => proxyResponse({ frontDoor: 'graphql' as 'rest' }),
    /option frontDoor is "graphql"; it takes "auto", "rest", "http-v1", .*"cloudfront-viewer-response"/,
  )
})

options('answers even when the logger throws', async () => {
  const result = await invoke(
    () => {
      throw new Error('x')
    },
    eventFor('rest'),
    {
      logger: () => {
        throw new Error('logger broke')
      },
    },
  )
  assert.is((result as { statusCode: number }).statusCode, 500)
})

options('repairs a result even when the repair callback or the logger throws', async () => {
  const broken = () => {
    throw new Error('observer broke')
  }
  for (const options of [{ onRepair: broken }, { logger: broken }]) {
    const result = await invoke(
      () => ({ statusCode: 200, headers: { 'x-n': 1 }, body: 'x' }),
      eventFor('rest'),
      options,
    )
    assert.equal(result, {
      statusCode: 200,
      headers: { 'x-n': '1' },
      multiValueHeaders: {},
      body: 'x',
      isBase64Encoded: false,
    })
  }
})

options.run()

// ---

const chain = suite('with other middlewares')

chain('normalizes a response another onError middleware set, instead of replacing it', async () => {
  const logs = captureLogs()
  const handler = middy(async () => {
    throw new Error('x')
  })
    .use(proxyResponse({ logger: logs.logger }))
    .onError((request: { response: unknown }) => {
      request.response = { statusCode: 418, headers: { 'x-n': 1 }, body: { teapot: true } }
    })
  const result = await handler(eventFor('http-v2'), context())
  assert.equal(result, {
    statusCode: 418,
    headers: { 'x-n': '1', 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"teapot":true}',
    isBase64Encoded: false,
  })
  assert.is(logs.entries.length, 1, 'the error is still logged')
})

chain('gives a bodiless error response another middleware set a body that leaks nothing', async () => {
  const handler = middy(async () => {
    throw new Error('secret')
  })
    .use(proxyResponse({ logger: false }))
    .onError((request: { response: unknown }) => {
      request.response = { statusCode: 500 }
    })
  assert.equal(await handler(eventFor('rest'), context()), {
    statusCode: 500,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

chain('answers 500 when the response another middleware set cannot be sent', async () => {
  const circular: Record<string, unknown> = {}
  circular.self = circular
  const handler = middy(async () => {
    throw createError(400, 'bad')
  })
    .use(proxyResponse({ logger: false }))
    .onError((request: { response: unknown }) => {
      request.response = { statusCode: 400, body: circular }
    })
  const result = await handler(eventFor('rest'), context())
  assert.is((result as { statusCode: number }).statusCode, 400)
  assert.is((result as { body: string }).body, '{"message":"bad"}')
})

chain('normalizes a Response another onError middleware set', async () => {
  const handler = middy(async () => {
    throw new Error('x')
  })
    .use(proxyResponse({ logger: false }))
    .onError((request: { response: unknown }) => {
      request.response = new Response('teapot', { status: 418, headers: { 'content-type': 'text/plain' } })
    })
  const result = await handler(eventFor('function-url'), context())
  assert.equal(result, {
    statusCode: 418,
    headers: { 'content-type': 'text/plain' },
    cookies: [],
    body: 'teapot',
    isBase64Encoded: false,
  })
})

chain('answers an Error another onError middleware set as the error it is', async () => {
  const handler = middy(async () => {
    throw new Error('x')
  })
    .use(proxyResponse({ logger: false }))
    .onError((request: { response: unknown }) => {
      request.response = createError(409, 'Order 42 is paid already')
    })
  const result = await handler(eventFor('http-v2'), context())
  assert.equal(result, {
    statusCode: 409,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Order 42 is paid already"}',
    isBase64Encoded: false,
  })
})

chain('leaves a partial batch response of SQS untouched', async () => {
  const batch = { batchItemFailures: [{ itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' }] }
  const result = await invoke(() => batch, fixture('sqs/powertools-ts-two-records.json'))
  assert.is(result, batch)
})

chain.run()
