import middy from '@middy/core'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { captureLogs, context, eventFor, invoke } from './helpers.js'
import { assertContract, type ProxyDoor } from './oracle/contract.js'

const thrown = async (value: unknown, frontDoor: ProxyDoor = 'rest', options = {}) => {
  const logs = captureLogs()
  const output = (await invoke(
    () => {
      throw value
    },
    eventFor(frontDoor),
    { logger: logs.logger, ...options },
  )) as Record<string, unknown>
  assert.equal(validateProxyResult(output, frontDoor), [])
  assertContract(output, frontDoor)
  return { output, logs: logs.entries }
}

const restError = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { ...headers, 'Content-Type': 'application/json' },
  multiValueHeaders: {},
  body: JSON.stringify(body),
  isBase64Encoded: false,
})

const errors = suite('thrown values')

errors('turns a plain Error into a 500 that shows nothing of it', async () => {
  const { output } = await thrown(new Error('password=hunter2 at db.internal:5432'))
  assert.equal(output, restError(500, { message: 'Internal Server Error' }))
})

errors('sends the message of an http-errors 4xx', async () => {
  const { output } = await thrown(createError(404, 'No order 42'))
  assert.equal(output, restError(404, { message: 'No order 42' }))
})

errors('hides the message of an http-errors 5xx unless it is exposed', async () => {
  assert.equal(
    (await thrown(createError(503, 'db down'))).output,
    restError(503, { message: 'Service Unavailable' }),
  )
  const exposed = createError(503, 'Back in 5 minutes', { expose: true })
  assert.equal((await thrown(exposed)).output, restError(503, { message: 'Back in 5 minutes' }))
})

errors('hides the message of a 4xx whose expose is false', async () => {
  const error = Object.assign(new Error('user 12 is banned for fraud'), { statusCode: 403, expose: false })
  assert.equal((await thrown(error)).output, restError(403, { message: 'Forbidden' }))
})

errors('takes the status from statusCode only, and 500 when it is not an error status', async () => {
  // `status` alone is what HTTP clients set to the status of the call they made: not this API's answer.
  const upstream = await thrown(
    Object.assign(new Error('GET https://api.example.com/orgs/acme 409'), { status: 409 }),
  )
  assert.equal(upstream.output, restError(500, { message: 'Internal Server Error' }))
  for (const statusCode of [200, 302, 600, '404', 404.5, -1, null]) {
    const { output } = await thrown(Object.assign(new Error('hidden'), { statusCode }))
    assert.equal(output, restError(500, { message: 'Internal Server Error' }), `for ${String(statusCode)}`)
  }
})

errors('shows the message of an error with a statusCode only when it says expose: true', async () => {
  const said = await thrown(Object.assign(new Error('Order 42 is paid'), { statusCode: 409, expose: true }))
  assert.equal(said.output, restError(409, { message: 'Order 42 is paid' }))
  const unsaid = await thrown(Object.assign(new Error('Order 42 of acct 7731'), { statusCode: 409 }))
  assert.equal(unsaid.output, restError(409, { message: 'Conflict' }))
})

errors('keeps the headers of an error, coerced', async () => {
  const error = createError(405, 'Use GET', { headers: { Allow: 'GET, HEAD', 'Retry-After': 30 } })
  const { output } = await thrown(error)
  assert.equal(output, restError(405, { message: 'Use GET' }, { Allow: 'GET, HEAD', 'Retry-After': '30' }))
  const busy = createError(503, 'db down', { headers: { 'Retry-After': '120' } })
  assert.equal(
    (await thrown(busy)).output,
    restError(503, { message: 'Service Unavailable' }, { 'Retry-After': '120' }),
  )
})

errors('keeps the headers of an HTTP error only: a statusCode and an expose flag', async () => {
  // An SDK error (Stripe's) carries the upstream response's headers and a statusCode, but no expose.
  const upstream = Object.assign(new Error('No such customer: cus_123'), {
    statusCode: 404,
    headers: { 'request-id': 'req_abc', 'stripe-account': 'acct_7731' },
  })
  assert.equal((await thrown(upstream)).output, restError(404, { message: 'Not Found' }))
  const own = Object.assign(new Error('Use GET'), {
    statusCode: 405,
    expose: true,
    headers: { Allow: 'GET' },
  })
  assert.equal((await thrown(own)).output, restError(405, { message: 'Use GET' }, { Allow: 'GET' }))
})

errors('uses its own content type whatever the error headers say', async () => {
  const error = createError(400, 'Bad', { headers: { 'content-type': 'text/html' } })
  const { output } = await thrown(error, 'http-v2')
  assert.equal(output.headers, { 'content-type': 'application/json' })
})

errors('turns thrown strings, numbers, null, undefined and plain objects into responses', async () => {
  for (const value of ['boom', 42, null, undefined, { reason: 'x' }, Symbol('s'), 10n]) {
    const { output } = await thrown(value)
    assert.equal(output, restError(500, { message: 'Internal Server Error' }), `for ${String(value)}`)
  }
  const { output } = await thrown({ statusCode: 422, message: 'Missing name', expose: true })
  assert.equal(output, restError(422, { message: 'Missing name' }))
  const hidden = await thrown({ statusCode: 422, message: 'Missing name' })
  assert.equal(hidden.output, restError(422, { message: 'Unprocessable Content' }))
})

errors('sends the reason phrase when an exposed error has no message', async () => {
  const { output } = await thrown(createError(401, ''))
  assert.equal(output, restError(401, { message: 'Unauthorized' }))
})

errors('turns an error with throwing getters into a 500 without crashing', async () => {
  const error = new Error('x')
  // The stack first: V8 reads name and message to build it.
  for (const key of ['stack', 'statusCode', 'status', 'message', 'headers', 'expose', 'name']) {
    Object.defineProperty(error, key, {
      get() {
        throw new Error(`getter ${key}`)
      },
    })
  }
  const { output, logs } = await thrown(error)
  assert.equal(output, restError(500, { message: 'Internal Server Error' }))
  assert.is(logs.length, 1)
})

errors('answers 504 to the early timeout of Middy core', async () => {
  const handler = middy(() => new Promise(() => {}), { timeoutEarlyInMillis: 50 }).use(
    proxyResponse({ logger: false }),
  )
  const ctx = { ...context(), getRemainingTimeInMillis: () => 60 }
  const output = await handler(eventFor('function-url'), ctx)
  assert.equal(output, {
    statusCode: 504,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Gateway Timeout"}',
    isBase64Encoded: false,
  })
})

errors('shapes error responses for every front door', async () => {
  const { output: alb } = await thrown(createError(400, 'Bad input'), 'alb')
  assert.equal(alb, {
    statusCode: 400,
    statusDescription: '400 Bad Request',
    headers: { 'Content-Type': 'application/json' },
    body: '{"message":"Bad input"}',
    isBase64Encoded: false,
  })
  const { output: multi } = await thrown(createError(400, 'Bad input'), 'alb-multi-value')
  assert.equal(multi.multiValueHeaders, { 'Content-Type': ['application/json'] })
})

errors('logs a 5xx with its stack, a 4xx in one line without it, both with the request id', async () => {
  const error = createError(404, 'Gone fishing')
  const { logs } = await thrown(error)
  assert.equal(logs, [
    {
      level: 'warn',
      message: 'proxyResponse answered 404 to a thrown NotFoundError: Gone fishing',
      requestId: context().awsRequestId,
      frontDoor: 'rest',
      statusCode: 404,
      error: { name: 'NotFoundError', message: 'Gone fishing' },
    },
  ])
  const failure = new Error('db down')
  const { logs: server } = await thrown(failure)
  assert.equal(server, [
    {
      level: 'error',
      message: 'proxyResponse answered 500 to a thrown Error',
      requestId: context().awsRequestId,
      frontDoor: 'rest',
      statusCode: 500,
      error: { name: 'Error', message: 'db down', stack: failure.stack as string },
    },
  ])
  const { logs: primitive } = await thrown('just a string')
  assert.is(primitive[0]?.level, 'error')
  assert.equal(primitive[0]?.error, { value: 'just a string' })
})

errors('re-throws the error of an event that is not HTTP, so that retries and DLQs work', async () => {
  const error = new Error('poison message')
  const handler = middy(async () => {
    throw error
  }).use(proxyResponse({ logger: false }))
  try {
    await handler({ Records: [{ messageId: '1', eventSource: 'aws:sqs' }] }, context())
    assert.unreachable('should have thrown')
  } catch (caught) {
    assert.is(caught, error)
  }
})

errors.run()

// ---

const formats = suite('error body options')

formats('sends an RFC 9457 problem document when errorFormat is problem', async () => {
  const { output } = await thrown(createError(404, 'No order 42'), 'http-v2', { errorFormat: 'problem' })
  assert.equal(output, {
    statusCode: 404,
    headers: { 'Content-Type': 'application/problem+json' },
    cookies: [],
    body: '{"type":"about:blank","title":"Not Found","status":404,"detail":"No order 42"}',
    isBase64Encoded: false,
  })
  const hidden = await thrown(new Error('secret'), 'http-v2', { errorFormat: 'problem' })
  assert.is(hidden.output.body, '{"type":"about:blank","title":"Internal Server Error","status":500}')
})

formats('builds the body with the errorBody option', async () => {
  const { output } = await thrown(createError(422, 'Invalid'), 'rest', {
    errorBody: ({ statusCode, message }: { statusCode: number; message: string }) => ({
      error: { statusCode, message },
    }),
  })
  assert.equal(output, restError(422, { error: { statusCode: 422, message: 'Invalid' } }))
  const text = await thrown(createError(400, 'x'), 'rest', { errorBody: () => 'plain words' })
  assert.is(text.output.body, 'plain words')
  assert.equal(text.output.headers, { 'Content-Type': 'text/plain; charset=utf-8' })
})

formats('falls back to the default body when errorBody throws or returns what JSON cannot hold', async () => {
  for (const errorBody of [
    () => {
      throw new Error('bug in errorBody')
    },
    () => 10n,
  ]) {
    const { output, logs } = await thrown(createError(400, 'Bad'), 'rest', { errorBody })
    assert.equal(output, restError(400, { message: 'Bad' }))
    assert.equal(
      logs.map((entry) => entry.level),
      ['warn', 'error'],
    )
  }
})

formats.run()
