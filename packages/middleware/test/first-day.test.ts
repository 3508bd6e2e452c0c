// The first day of a user (issue 14): every option checked when the middleware is made, logs that are
// quiet where they should be, and a result written with a misspelled key reported rather than sent
// silently as a 200.
import middy from '@middy/core'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type LogEntry, ProxyResponseStrictError, proxyResponse, type Repair } from '../src/index.js'
import { captureLogs, context, eventFor, invoke } from './helpers.js'
import { assertContract, DOORS } from './oracle/contract.js'

// ---
const checked = suite('every option is checked when the middleware is made')

const refusals: Array<[options: Record<string, unknown>, message: RegExp]> = [
  [
    { strcit: true },
    /unknown option "strcit"; the options are frontDoor, logger, onRepair, strict, errorFormat,/,
  ],
  [{ frontDoor: 'apigw' }, /option frontDoor is "apigw"; it takes "auto", "rest", "http-v1", "http-v2",/],
  [
    { logger: 'console' },
    /option logger is "console"; it takes false, a function of the log entry, or an object with error and warn methods/,
  ],
  [{ logger: { log: () => {} } }, /option logger is \[object Object\]; it takes false, a function/],
  [
    { onRepair: 'warn' },
    /option onRepair is "warn"; it takes "warn-once", false, or a function of the repair/,
  ],
  [{ strict: 'yes' }, /option strict is "yes"; it takes true or false/],
  [{ errorFormat: 'problem+json' }, /option errorFormat is "problem\+json"; it takes "json" or "problem"/],
  [{ errorBody: 'oops' }, /option errorBody is "oops"; it takes undefined or a function of the error info/],
  [
    { streaming: true },
    /option streaming is true; it takes false: response streaming has its own entry point, middy-proxy-response\/streaming/,
  ],
  [{ compress: 1 }, /option compress is 1; it takes true or false/],
  [{ compressAbove: -1 }, /option compressAbove is -1; it takes undefined or a number of bytes, 0 or more/],
  [{ compressAbove: '1024' }, /option compressAbove is "1024"; it takes undefined or a number of bytes/],
  [
    { binaryMediaTypes: '*/*' },
    /option binaryMediaTypes is "\*\/\*"; it takes an array of media types, such as \['\*\/\*'\]/,
  ],
  [{ binaryMediaTypes: ['png'] }, /option binaryMediaTypes is png; it takes an array of media types/],
]

for (const [options, message] of refusals) {
  checked(`refuses ${JSON.stringify(options)} with a TypeError that names it`, () => {
    try {
      proxyResponse(options as never)
      assert.unreachable('should have thrown')
    } catch (error) {
      assert.instance(error, TypeError)
      assert.match((error as Error).message, message)
    }
  })
}

checked('refuses options that are not an object', () => {
  assert.throws(() => proxyResponse('strict' as never), /the options must be an object, got "strict"/)
})

checked('takes every allowed value, and an option given as undefined takes its default', () => {
  for (const options of [
    {},
    { frontDoor: 'cloudfront-origin-response' },
    { logger: console },
    { logger: false },
    { logger: () => {} },
    { onRepair: false },
    { errorFormat: 'problem' },
    { errorBody: undefined, compressAbove: undefined, strict: undefined },
    { compressAbove: 0, binaryMediaTypes: ['*/*', 'image/png'], compress: false, streaming: false },
  ]) {
    assert.not.throws(() => proxyResponse(options as never), JSON.stringify(options))
  }
})

checked.run()

// ---
const logs = suite('logs: a 5xx in full, a 4xx in one line, as the log level allows')

/** Runs `fn` with console.error and console.warn captured. */
const console_ = async (fn: () => Promise<unknown>): Promise<{ error: unknown[][]; warn: unknown[][] }> => {
  const seen = { error: [] as unknown[][], warn: [] as unknown[][] }
  const [error, warn] = [console.error, console.warn]
  console.error = (...args: unknown[]) => seen.error.push(args)
  console.warn = (...args: unknown[]) => seen.warn.push(args)
  try {
    await fn()
  } finally {
    console.error = error
    console.warn = warn
  }
  return seen
}

const throwing = (error: unknown) =>
  middy(async () => {
    throw error
  }).use(proxyResponse())

logs('writes a 404 as one warn line without a stack, and a 500 as an error line with it', async () => {
  const seen = await console_(async () => {
    await throwing(createError(404, 'No order 42'))(eventFor('rest'), context())
    await throwing(new Error('db down'))(eventFor('rest'), context())
  })
  assert.is(seen.warn.length, 1)
  const warn = JSON.parse(seen.warn[0]?.[0] as string) as LogEntry
  assert.is(warn.message, 'proxyResponse answered 404 to a thrown NotFoundError: No order 42')
  assert.is(warn.error?.stack, undefined)
  assert.is(seen.error.length, 1)
  const error = JSON.parse(seen.error[0]?.[0] as string) as LogEntry
  assert.is(error.level, 'error')
  assert.match(error.error?.stack ?? '', /Error: db down\n\s+at /)
})

logs('honours AWS_LAMBDA_LOG_LEVEL: ERROR keeps 5xx only, FATAL silences the middleware', async () => {
  const before = process.env.AWS_LAMBDA_LOG_LEVEL
  try {
    process.env.AWS_LAMBDA_LOG_LEVEL = 'ERROR'
    const errorOnly = await console_(async () => {
      await throwing(createError(404))(eventFor('rest'), context())
      await throwing(new Error('x'))(eventFor('rest'), context())
    })
    assert.equal([errorOnly.warn.length, errorOnly.error.length], [0, 1])
    process.env.AWS_LAMBDA_LOG_LEVEL = 'fatal'
    const silent = await console_(async () => {
      await throwing(new Error('x'))(eventFor('rest'), context())
      await middy(async () => ({ statusCode: '200' })).use(proxyResponse())(eventFor('rest'), context())
    })
    assert.equal([silent.warn.length, silent.error.length], [0, 0])
    process.env.AWS_LAMBDA_LOG_LEVEL = 'WARN'
    const all = await console_(async () => {
      await throwing(createError(404))(eventFor('rest'), context())
    })
    assert.is(all.warn.length, 1)
  } finally {
    if (before === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL
    else process.env.AWS_LAMBDA_LOG_LEVEL = before
  }
})

logs('takes a console-like logger and calls its error and warn methods with the entry', async () => {
  const calls: Array<[string, LogEntry]> = []
  const logger = {
    error: (entry: LogEntry) => calls.push(['error', entry]),
    warn: (entry: LogEntry) => calls.push(['warn', entry]),
  }
  await invoke(
    () => {
      throw new Error('boom')
    },
    eventFor('rest'),
    { logger },
  )
  await invoke(() => ({ statusCode: '201' }), eventFor('rest'), { logger })
  assert.equal(
    calls.map(([method, entry]) => [method, entry.level, entry.repair?.code ?? entry.statusCode]),
    [
      ['error', 'error', 500],
      ['warn', 'warn', 'status-coerced'],
    ],
  )
})

logs('in strict mode throws the repairs without also logging them', async () => {
  const captured = captureLogs()
  try {
    await invoke(() => ({ statusCode: '201' }), eventFor('rest'), { strict: true, logger: captured.logger })
    assert.unreachable('strict mode should have thrown')
  } catch (error) {
    assert.instance(error, ProxyResponseStrictError)
  }
  assert.equal(captured.entries, [])
})

logs.run()

// ---
const misspelled = suite('a result with a misspelled key')

const cases: Array<[value: Record<string, unknown>, key: string]> = [
  [{ status: 404, body: 'not found' }, 'status'],
  [{ statuscode: 404, body: 'not found' }, 'statuscode'],
  [{ StatusCode: 404, body: 'not found' }, 'StatusCode'],
  [{ status_code: 404, headers: { 'x-a': '1' } }, 'status_code'],
  [{ Headers: { 'x-a': '1' }, body: 'x' }, 'Headers'],
  [{ header: { 'x-a': '1' }, body: 'x' }, 'header'],
  [{ isBase64encoded: true, body: 'aGk=' }, 'isBase64encoded'],
  [{ Body: 'x', StatusCode: 200 }, 'Body'],
]

for (const door of DOORS) {
  misspelled(`is sent as it is, a JSON body, and reported as key-misspelled on ${door}`, async () => {
    for (const [value, key] of cases) {
      const repairs: Repair[] = []
      const result = (await invoke(() => value, eventFor(door), {
        onRepair: (repair) => repairs.push(repair),
      })) as {
        statusCode: number
        body: string
      }
      assertContract(result, door)
      assert.is(result.statusCode, 200, key)
      assert.equal(JSON.parse(result.body), value, key)
      assert.equal(
        repairs.map((repair) => [repair.code, repair.path]),
        [['key-misspelled', key]],
        key,
      )
    }
  })
}

misspelled('makes strict mode throw, on every front door', async () => {
  for (const door of DOORS) {
    try {
      await invoke(() => ({ status: 404, body: 'not found' }), eventFor(door), { strict: true })
      assert.unreachable(`strict mode should have thrown on ${door}`)
    } catch (error) {
      assert.instance(error, ProxyResponseStrictError)
      assert.equal(
        (error as ProxyResponseStrictError).repairs.map((repair) => repair.code),
        ['key-misspelled'],
      )
    }
  }
})

misspelled('in a proxy result is left out and reported, the rest kept', async () => {
  const repairs: Repair[] = []
  const result = await invoke(
    () => ({ statusCode: 201, header: { 'x-a': '1' }, headers: { 'x-b': '2' }, body: 'made' }),
    eventFor('http-v2'),
    { onRepair: (repair) => repairs.push(repair) },
  )
  assert.equal(result, {
    statusCode: 201,
    headers: { 'x-b': '2' },
    cookies: [],
    body: 'made',
    isBase64Encoded: false,
  })
  assert.equal(
    repairs.map((repair) => [repair.code, repair.path]),
    [['key-misspelled', 'header']],
  )
})

misspelled('is not reported for a body with one result-like word, or with none', async () => {
  for (const value of [
    { status: 'shipped', id: 42 },
    { headers: ['a', 'b'] },
    { title: 'Hello', body: 'text' },
    { a: 1 },
  ]) {
    const repairs: Repair[] = []
    await invoke(() => value, eventFor('rest'), { onRepair: (repair) => repairs.push(repair) })
    assert.equal(repairs, [], JSON.stringify(value))
  }
})

misspelled.run()
