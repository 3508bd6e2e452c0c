// The oracle is only worth something if it can fail: every rule it models is shown here rejecting a
// result that breaks it, with a message that names the fault, next to a result that is just right.
import { Buffer } from 'node:buffer'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { everyEvent, loadEvent } from '../events.js'
import {
  ALL_DOORS,
  assertContract,
  DOORS,
  type Door,
  decodedBody,
  doorOf,
  limitOf,
  noLeak,
  type ProxyDoor,
  violations,
} from './contract.js'

type Result = Record<string, unknown>

const LOAD_BALANCERS: readonly Door[] = ['alb', 'alb-multi-value', 'lattice-v1', 'lattice-v2']
const SINGLE_COOKIE: readonly Door[] = ['alb', 'lattice-v1', 'lattice-v2', 'websocket']
const V2: readonly Door[] = ['http-v2', 'function-url']

/** The least each front door accepts: load balancers also want statusDescription, the flag and headers. */
const minimal = (door: Door, statusCode = 200, reason = 'OK'): Result => {
  if (door === 'alb-multi-value') {
    return {
      statusCode,
      statusDescription: `${statusCode} ${reason}`,
      multiValueHeaders: {},
      isBase64Encoded: false,
    }
  }
  if (LOAD_BALANCERS.includes(door)) {
    return { statusCode, statusDescription: `${statusCode} ${reason}`, headers: {}, isBase64Encoded: false }
  }
  return { statusCode }
}

/** `minimal(door)` with these headers, in whichever map the front door reads. */
const withHeaders = (door: Door, headers: Record<string, string>, extra: Result = {}): Result =>
  door === 'alb-multi-value'
    ? {
        ...minimal(door),
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        ...extra,
      }
    : { ...minimal(door), headers, ...extra }

/** Asserts that `result` breaks `door`'s contract, and that some violation matches `pattern`. */
const rejects = (result: unknown, door: Door, pattern: RegExp): void => {
  const found = violations(result, door)
  assert.ok(
    found.some((text) => pattern.test(text)),
    `${door}: expected a violation matching ${pattern}, got ${JSON.stringify(found)}`,
  )
}

const accepts = (result: unknown, door: Door): void => {
  assert.equal(violations(result, door), [], door)
}

// ---

const valid = suite('results the oracle accepts')

for (const door of DOORS) {
  valid(`accepts the minimal ${door} result`, () => {
    accepts(minimal(door), door)
  })
}

valid('accepts a full result of every front door, with a Content-Length that tells the truth', () => {
  const full: Record<ProxyDoor, Result> = {
    rest: {
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '6', 'Set-Cookie': 'a=1' },
      multiValueHeaders: { 'Set-Cookie': ['b=2', 'c=3; Expires=Wed, 21 Oct 2026 07:28:00 GMT'] },
      body: 'héllo',
      isBase64Encoded: false,
    },
    'http-v1': { statusCode: 200, multiValueHeaders: { Vary: ['Origin', 'Accept'] }, body: '' },
    'http-v2': {
      statusCode: 200,
      headers: { 'x-tab': 'a\tb', 'x-latin': 'caf\u00e9' },
      cookies: ['a=1', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      body: 'ok',
      isBase64Encoded: false,
    },
    'function-url': {
      statusCode: 200,
      headers: { 'content-length': '3' },
      body: Buffer.from([0, 1, 255]).toString('base64'),
      isBase64Encoded: true,
    },
    alb: {
      ...minimal('alb'),
      headers: { 'Set-Cookie': 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT' },
    },
    'alb-multi-value': {
      ...minimal('alb-multi-value', 404, 'Not Found'),
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: 'nope',
    },
    'lattice-v1': { ...minimal('lattice-v1', 418, "I'm a Teapot"), body: '' },
    'lattice-v2': { ...minimal('lattice-v2', 204, 'No Content'), body: '' },
    websocket: { statusCode: 200, headers: {}, body: 'pong', isBase64Encoded: false },
  }
  for (const door of DOORS) accepts(full[door], door)
})

valid('accepts a null-prototype result and null-prototype header maps, which JSON sends as any other', () => {
  const headers = Object.assign(Object.create(null) as Result, { 'x-a': '1' })
  accepts(Object.assign(Object.create(null) as Result, { statusCode: 200, headers }), 'rest')
})

valid.run()

// ---

const shape = suite('the shape of a result')

shape('rejects what is not a plain object', () => {
  for (const value of [
    'ok',
    200,
    null,
    undefined,
    [{ statusCode: 200 }],
    new Map(),
    new (class Result {})(),
  ]) {
    rejects(value, 'rest', /^result: must be a plain object/)
  }
})

shape('rejects a key the front door does not know, on every front door', () => {
  for (const door of DOORS) rejects({ ...minimal(door), message: 'extra' }, door, /unknown key "message"/)
})

shape('rejects the keys of another front door', () => {
  rejects({ statusCode: 200, statusDescription: '200 OK' }, 'rest', /unknown key "statusDescription"/)
  rejects({ statusCode: 200, multiValueHeaders: {} }, 'http-v2', /unknown key "multiValueHeaders"/)
  rejects({ ...minimal('alb'), multiValueHeaders: {} }, 'alb', /unknown key "multiValueHeaders"/)
  rejects({ ...minimal('alb-multi-value'), headers: {} }, 'alb-multi-value', /unknown key "headers"/)
  rejects({ statusCode: 200, multiValueHeaders: {} }, 'websocket', /unknown key "multiValueHeaders"/)
})

shape('rejects a result without a status code, on every front door', () => {
  for (const door of DOORS) {
    const { statusCode: _, ...rest } = minimal(door)
    rejects(rest, door, /^statusCode: missing/)
  }
})

shape('rejects a status code that is not an integer from 100 to 599', () => {
  for (const statusCode of ['200', 99, 600, 200.5, Number.NaN, null, true, 200n]) {
    rejects({ statusCode }, 'rest', /^statusCode: must be an integer from 100 to 599/)
  }
})

shape('rejects a load-balancer result without its status description, flag or headers', () => {
  for (const door of LOAD_BALANCERS) {
    const headersKey = door === 'alb-multi-value' ? 'multiValueHeaders' : 'headers'
    const { statusDescription: _d, ...noDescription } = minimal(door)
    rejects(noDescription, door, /^statusDescription: missing/)
    const { isBase64Encoded: _f, ...noFlag } = minimal(door)
    rejects(noFlag, door, /^isBase64Encoded: missing/)
    const { [headersKey]: _h, ...noHeaders } = minimal(door)
    rejects(noHeaders, door, new RegExp(`^${headersKey}: missing`))
  }
})

shape('rejects a status description that is not the code, one space and a reason phrase', () => {
  for (const statusDescription of ['404 Not Found', '200', '200 ', '200   ', 'OK', '200OK', 200]) {
    rejects({ ...minimal('alb'), statusDescription }, 'alb', /^statusDescription: must be/)
  }
  for (const statusDescription of ['200 OK\r\nX-Evil: 1', '200 O\u0000K', '200 A\tB']) {
    rejects(
      { ...minimal('lattice-v2'), statusDescription },
      'lattice-v2',
      /^statusDescription: holds a control/,
    )
  }
})

shape.run()

// ---

const headers = suite('header names and values')

headers('rejects a header value that is not a string', () => {
  for (const value of [5, true, null, ['a'], { a: 1 }]) {
    rejects(
      { statusCode: 200, headers: { 'x-count': value } },
      'rest',
      /headers\["x-count"\]: the value must be a string/,
    )
  }
})

headers(
  'judges headers as JSON sends them: one holding undefined, a function or a symbol is not sent',
  () => {
    for (const value of [undefined, () => 'x', Symbol('x')]) {
      assert.equal(violations({ statusCode: 200, headers: { 'x-none': value, 'x-a': 'a' } }, 'rest'), [])
      assert.equal(violations({ statusCode: 200, body: 'x', extra: value }, 'http-v2'), [])
    }
  },
)

headers('rejects CR, LF, NUL and other control characters in a value, and text beyond Latin-1', () => {
  for (const [value, char] of [
    ['a\r\nSet-Cookie: x=1', 'CR'],
    ['a\nb', 'LF'],
    ['a\u0000b', 'NUL'],
    ['a\u0007b', 'U\\+0007'],
    ['a\u007fb', 'U\\+007F'],
    ['\u20ac', 'U\\+20AC'],
  ]) {
    for (const door of DOORS) {
      rejects(
        withHeaders(door, { 'x-a': value as string }),
        door,
        new RegExp(`no header may carry \\(${char} at`),
      )
    }
  }
})

headers('rejects a header name that is not an RFC 9110 token', () => {
  for (const name of ['Bad Name', 'x-new\nline', '', 'é', 'a:b', '(x)']) {
    rejects({ statusCode: 200, headers: { [name]: 'v' } }, 'http-v2', /the name is not an RFC 9110 token/)
  }
})

headers('rejects two spellings of one name in one map', () => {
  rejects(
    { ...minimal('alb'), headers: { 'Content-Type': 'a', 'content-type': 'b' } },
    'alb',
    /headers: "Content-Type" and "content-type" are two spellings of one header/,
  )
  rejects(
    { statusCode: 200, multiValueHeaders: { Vary: ['a'], VARY: ['b'] } },
    'rest',
    /multiValueHeaders: "Vary" and "VARY" are two spellings/,
  )
})

headers('rejects a multiValueHeaders entry that is not a non-empty array of strings', () => {
  for (const value of ['one', [], [1], [null], [['a']]]) {
    rejects({ statusCode: 200, multiValueHeaders: { 'x-a': value } }, 'rest', /multiValueHeaders\["x-a"\]/)
  }
})

headers('rejects a header map that is not a plain object', () => {
  for (const map of [null, 'a: b', ['a'], new Map([['a', 'b']]), new Headers({ a: 'b' })]) {
    rejects({ statusCode: 200, headers: map }, 'rest', /^headers: must be a plain object/)
  }
})

headers('rejects every hop-by-hop header, in either map, on every front door', () => {
  const names = [
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'Upgrade',
    'TE',
    'Trailer',
    'Proxy-Authenticate',
  ]
  for (const door of DOORS) {
    for (const name of names) {
      rejects(withHeaders(door, { [name]: 'x' }), door, /hop-by-hop header/)
    }
  }
  rejects({ statusCode: 200, multiValueHeaders: { connection: ['close'] } }, 'http-v1', /hop-by-hop/)
})

headers.run()

// ---

const length = suite('Content-Length')

length('accepts a Content-Length equal to the bytes sent, text or base64', () => {
  accepts({ statusCode: 200, headers: { 'Content-Length': '8' }, body: 'é日本' }, 'http-v2')
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00])
  accepts(
    {
      statusCode: 200,
      headers: { 'Content-Length': '5' },
      body: png.toString('base64'),
      isBase64Encoded: true,
    },
    'rest',
  )
  accepts({ statusCode: 200, headers: { 'content-length': '0' } }, 'websocket')
})

length('rejects a Content-Length that differs from the bytes of the body sent', () => {
  for (const door of DOORS) {
    rejects(
      withHeaders(door, { 'Content-Length': '99' }, { body: 'hello' }),
      door,
      /Content-Length: says "99" but the body sent is 5 bytes/,
    )
  }
  // The characters of a UTF-8 body, and the base64 text of a binary one, are not the bytes sent.
  rejects(
    { statusCode: 200, headers: { 'Content-Length': '3' }, body: 'é日本' },
    'rest',
    /body sent is 8 bytes/,
  )
  rejects(
    { statusCode: 200, headers: { 'Content-Length': '4' }, body: 'AAEC', isBase64Encoded: true },
    'function-url',
    /body sent is 3 bytes/,
  )
  rejects({ statusCode: 200, headers: { 'Content-Length': ' 5' }, body: 'hello' }, 'rest', /says " 5"/)
  rejects(
    { statusCode: 200, multiValueHeaders: { 'Content-Length': ['5', '5'] }, body: 'hello' },
    'rest',
    /given 2 times/,
  )
})

length('rejects any Content-Length on 1xx, 204 and 304 responses', () => {
  for (const statusCode of [101, 204, 304]) {
    rejects(
      { statusCode, headers: { 'Content-Length': '0' } },
      'rest',
      /Content-Length: must be absent on a \d+ response/,
    )
  }
})

length.run()

// ---

const cookies = suite('Set-Cookie')

cookies('rejects a cookies array where the front door has no such key', () => {
  for (const door of ['rest', 'http-v1', 'websocket', ...LOAD_BALANCERS] as const) {
    rejects({ ...minimal(door), cookies: ['a=1'] }, door, /unknown key "cookies"/)
  }
})

cookies('rejects Set-Cookie in the headers of payload 2.0 and function URLs', () => {
  for (const door of V2) {
    for (const name of ['set-cookie', 'Set-Cookie']) {
      rejects(
        { statusCode: 200, headers: { [name]: 'a=1' } },
        door,
        /payload 2.0 sends cookies in the cookies array/,
      )
    }
  }
})

cookies('rejects a cookies array that is not an array of header-value strings', () => {
  rejects({ statusCode: 200, cookies: 'a=1' }, 'http-v2', /^cookies: must be an array/)
  rejects({ statusCode: 200, cookies: ['a=1', 42] }, 'function-url', /^cookies\[1\]: must be a string/)
  rejects({ statusCode: 200, cookies: ['a=1\r\nX-Evil: 1'] }, 'http-v2', /^cookies\[0\]: holds a character/)
})

cookies(
  'rejects two cookies joined with a comma where one Set-Cookie value goes, and accepts an Expires date',
  () => {
    for (const door of [...SINGLE_COOKIE, 'rest', 'http-v1'] as const) {
      rejects(
        { ...minimal(door), headers: { 'Set-Cookie': 'a=1, b=2' } },
        door,
        /a comma-joined list of cookies/,
      )
      rejects(
        {
          ...minimal(door),
          headers: { 'set-cookie': 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT,b=2; Path=/' },
        },
        door,
        /a comma-joined list of cookies/,
      )
      accepts(
        { ...minimal(door), headers: { 'Set-Cookie': 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT' } },
        door,
      )
    }
    rejects(
      { statusCode: 200, headers: { 'Set-Cookie': 'a=1,b=2' } },
      'rest',
      /several go in multiValueHeaders/,
    )
  },
)

cookies.run()

// ---

const body = suite('bodies')

body('rejects a body that is not a string', () => {
  for (const value of [{ id: 1 }, 42, null, Buffer.from('x'), ['a']]) {
    for (const door of DOORS)
      rejects({ ...minimal(door), body: value }, door, /^body: must be a string or absent/)
  }
})

body('rejects a body on 1xx, 204 and 304 responses', () => {
  for (const statusCode of [100, 204, 304]) {
    for (const door of DOORS) {
      rejects(
        { ...minimal(door, statusCode, 'Reason'), body: 'x' },
        door,
        new RegExp(`^body: must be empty on a ${statusCode} response`),
      )
    }
  }
})

body('rejects an isBase64Encoded flag that is not a boolean', () => {
  for (const flag of ['true', 1, 0, null]) {
    for (const door of DOORS) {
      rejects({ ...minimal(door), isBase64Encoded: flag }, door, /^isBase64Encoded: must be a boolean/)
    }
  }
})

body('rejects a body flagged base64 that is not standard padded base64', () => {
  for (const text of ['plain text!', 'aGk', 'aGk==', 'a-_b', 'aGk=aGk=', '====']) {
    rejects({ statusCode: 200, body: text, isBase64Encoded: true }, 'rest', /not standard padded base64/)
  }
  for (const text of ['', 'aGk=', 'aA==', 'aGVsbG8gd29ybGQ+Pz8/']) {
    accepts({ statusCode: 200, body: text, isBase64Encoded: true }, 'rest')
  }
})

body.run()

// ---

const size = suite('size limits')

/** A result of `door` whose serialized JSON is exactly `bytes` bytes long. */
const ofSize = (door: Door, bytes: number): Result => {
  const shell = { ...minimal(door), body: '' }
  const room = bytes - Buffer.byteLength(JSON.stringify(shell))
  const result = { ...shell, body: `${'日'.repeat(Math.floor(room / 3))}${'x'.repeat(room % 3)}` }
  assert.is(Buffer.byteLength(JSON.stringify(result)), bytes)
  return result
}

size('accepts an ALB result of exactly 1 MB and rejects one byte more, in both modes', () => {
  for (const door of ['alb', 'alb-multi-value'] as const) {
    assert.is(limitOf(door), 1_048_576)
    accepts(ofSize(door, 1_048_576), door)
    rejects(
      ofSize(door, 1_048_577),
      door,
      /^size: the serialized result is 1048577 bytes, over the .* limit of 1048576/,
    )
  }
})

size('accepts a REST result of exactly 6,291,556 bytes and rejects 6,291,557', () => {
  accepts(ofSize('rest', 6_291_556), 'rest')
  rejects(
    ofSize('rest', 6_291_557),
    'rest',
    /^size: the serialized result is 6291557 bytes, over the rest limit of 6291556/,
  )
})

size('holds every other front door to 6,291,556 bytes, and not to 1 MB', () => {
  for (const door of DOORS.filter((d) => !d.startsWith('alb'))) {
    accepts(ofSize(door, 1_048_577), door)
    rejects(ofSize(door, 6_291_557), door, /^size: /)
  }
})

size.run()

// ---

const hostile = suite('hostile results')

hostile('never throws, whatever the result is, and says why it cannot read it', () => {
  const throwing = new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('trap getPrototypeOf')
      },
    },
  )
  const revocable = Proxy.revocable({}, {})
  revocable.revoke()
  const getter = Object.defineProperty({ statusCode: 200 }, 'body', {
    enumerable: true,
    get() {
      throw new Error('getter body')
    },
  })
  const cycle: Result = { statusCode: 200 }
  cycle.headers = { self: cycle }
  const keysTrap = new Proxy(
    { statusCode: 200 },
    {
      ownKeys() {
        throw new Error('trap ownKeys')
      },
    },
  )
  const cases: Array<[unknown, RegExp]> = [
    [throwing, /could not be read \(trap getPrototypeOf\)/],
    [revocable.proxy, /could not be read/],
    [getter, /could not be read \(getter body\)/],
    [cycle, /cannot be serialized as JSON/],
    [keysTrap, /could not be read \(trap ownKeys\)/],
    [{ statusCode: 200, body: 'x', extra: 10n }, /cannot be serialized as JSON/],
  ]
  for (const [value, pattern] of cases) {
    for (const door of DOORS) {
      let found: string[] = []
      try {
        found = violations(value, door)
      } catch (error) {
        assert.unreachable(`violations threw ${String(error)}`)
      }
      assert.ok(
        found.some((text) => pattern.test(text)),
        `${door}: ${pattern} in ${JSON.stringify(found)}`,
      )
    }
  }
})

hostile('names an unknown front door instead of throwing', () => {
  assert.equal(violations({ statusCode: 200 }, 'nginx' as Door), ['door: unknown front door "nginx"'])
})

hostile.run()

// ---

const helpers = suite('assertContract, decodedBody and noLeak')

helpers('assertContract passes a valid result and throws the list of violations and the result', () => {
  assertContract(minimal('alb'), 'alb')
  try {
    assertContract({ statusCode: '200', body: { a: 1 }, pad: 'x'.repeat(5000) }, 'rest', 'on a REST event')
    assert.unreachable()
  } catch (error) {
    const message = (error as Error).message
    assert.match(message, /^on a REST event: the rest front door would not accept this result:\n/)
    assert.match(message, /\n {2}- statusCode: must be an integer/)
    assert.match(message, /\n {2}- body: must be a string/)
    assert.match(message, /\n {2}- unknown key "pad"/)
    assert.match(message, /\nresult: \{"statusCode":"200"/)
    assert.ok(message.length < 3000, 'the result is truncated')
  }
})

helpers('assertContract prints a result JSON cannot hold', () => {
  const cycle: Result = { statusCode: 200, big: 1n }
  cycle.self = cycle
  assert.throws(
    () => assertContract(cycle, 'rest'),
    /result: \{"statusCode":200,"big":"1n","self":"\[cycle\]"\}/,
  )
})

helpers('decodedBody gives the bytes a caller receives', () => {
  assert.equal([...decodedBody({ statusCode: 200, body: 'AAH/', isBase64Encoded: true })], [0, 1, 255])
  assert.is(decodedBody({ statusCode: 200, body: 'é' }).length, 2)
  assert.is(decodedBody({ statusCode: 204 }).length, 0)
  assert.throws(() => decodedBody({ statusCode: 200, body: { a: 1 } }), /not a string/)
})

helpers('noLeak finds a secret anywhere in the result, a base64 body decoded included', () => {
  const secret = 'password=hunter2'
  assert.equal(noLeak({ statusCode: 500, body: '{"message":"Internal Server Error"}' }, [secret]), [])
  const leaks: Result[] = [
    { statusCode: 500, body: `{"message":"${secret}"}` },
    { statusCode: 500, headers: { 'x-debug': secret } },
    { statusCode: 500, cookies: [`s=${secret}`] },
    { statusCode: 500, statusDescription: `500 ${secret}` },
    { statusCode: 500, body: Buffer.from(`stack: ${secret}`).toString('base64'), isBase64Encoded: true },
    { statusCode: 500, [secret]: 1 },
  ]
  for (const result of leaks) {
    assert.equal(noLeak(result, [secret]).length, 1, JSON.stringify(result))
    assert.match(noLeak(result, [secret])[0] ?? '', /the secret "password=hunter2" appears in/)
  }
  // A secret JSON escapes is still found in the value it was written to.
  assert.equal(noLeak({ statusCode: 500, body: 'say "hi"\n' }, ['"hi"\n']).length, 1)
  assert.equal(noLeak({ statusCode: 200 }, ['']), [], 'an empty secret is no secret')
})

helpers.run()

// ---

const doors = suite('doorOf')

/** The front door of each published event, by its folder and name (fixtures/SOURCES.md). */
const expectedDoor = (file: string): Door | undefined => {
  const [folder = '', name = ''] = file.split('/')
  const byFolder: Record<string, Door | undefined> = {
    'apigw-http-v1': 'http-v1',
    'apigw-http-v2': 'http-v2',
    'apigw-rest': 'rest',
    'apigw-websocket': 'websocket',
    'function-url': 'function-url',
    sqs: undefined,
    s3: undefined,
  }
  if (folder === 'alb' && name.startsWith('multi-value-')) return 'alb-multi-value'
  if (folder === 'alb' && name.startsWith('single-value-')) return 'alb'
  if (folder === 'vpc-lattice' && name.startsWith('v1-')) return 'lattice-v1'
  if (folder === 'vpc-lattice' && name.startsWith('v2-')) return 'lattice-v2'
  // Each CloudFront event's name says its trigger (fixtures/SOURCES.md, "CloudFront Lambda@Edge").
  const trigger = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'].find((t) =>
    name.includes(`-${t}-`),
  )
  if (folder === 'cloudfront' && trigger !== undefined) return `cloudfront-${trigger}` as Door
  if (Object.hasOwn(byFolder, folder)) return byFolder[folder]
  throw new Error(`no expected front door for ${file}: say here which it is`)
}

// Every published event, CloudFront's included: the oracle answers them all, whatever the core does yet.
const files = everyEvent()

doors('sees every kind of published event', () => {
  const seen = new Set(files.map((file) => expectedDoor(file)))
  for (const door of ALL_DOORS) assert.ok(seen.has(door), `no published ${door} event`)
  assert.ok(seen.has(undefined), 'no published event that is not HTTP')
})

for (const file of files) {
  doors(`tells ${file} is ${String(expectedDoor(file) ?? 'not HTTP')}`, () => {
    assert.is(doorOf(loadEvent(file)), expectedDoor(file))
  })
}

doors('takes a hand-written event with an httpMethod and no requestContext as payload 1.0', () => {
  assert.is(doorOf({ httpMethod: 'GET', path: '/' }), 'rest')
  assert.is(doorOf({ httpMethod: 'POST', path: '/', version: '1.0' }), 'http-v1')
  assert.is(doorOf({ httpMethod: 'GET', requestContext: {} }), 'rest')
  assert.is(doorOf({ httpMethod: 42 }), undefined)
})

doors('checks the markers in the CONTRACT order', () => {
  const alb = loadEvent('alb/single-value-powertools-ts-base.json')
  // An ALB event is an ALB event whatever else it carries.
  assert.is(
    doorOf({
      ...alb,
      version: '2.0',
      requestContext: {
        ...(alb.requestContext as Result),
        http: {},
        connectionId: 'c',
        eventType: 'MESSAGE',
      },
    }),
    'alb',
  )
  // A REST event behind a custom domain: a version and a domainName, but no requestContext.http.
  const rest = loadEvent('apigw-rest/aws-lambda-developer-guide-get-root.json')
  assert.is(
    doorOf({
      ...rest,
      version: '2.0',
      requestContext: { ...(rest.requestContext as Result), domainName: 'x.lambda-url.eu-west-1.on.aws' },
    }),
    'rest',
  )
  // A WebSocket event carries an httpMethod-less REST-like requestContext; its markers come first.
  assert.is(
    doorOf({ httpMethod: 'GET', requestContext: { connectionId: 'a', eventType: 'CONNECT' } }),
    'websocket',
  )
  assert.is(doorOf({ httpMethod: 'GET', requestContext: { connectionId: 'a' } }), 'rest')
  assert.is(
    doorOf({ version: '2.0', requestContext: { http: {}, domainName: 'abc.lambda-url.us-east-1.on.aws' } }),
    'function-url',
  )
  assert.is(doorOf({ version: '1.0', requestContext: { http: {} } }), undefined)
  assert.is(doorOf({ raw_path: '/', method: 'GET', requestContext: {} }), undefined)
  assert.is(doorOf({ raw_path: '/', method: 'GET' }), 'lattice-v1')
  assert.is(doorOf({ requestContext: { serviceNetworkArn: 'arn:x' }, httpMethod: 'GET' }), 'lattice-v2')
})

doors('answers undefined for what is not HTTP, and never throws', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap')
      },
    },
  )
  for (const event of [
    undefined,
    null,
    'GET /',
    42,
    [],
    { Records: [] },
    { 'detail-type': 'x' },
    {},
    throwing,
  ]) {
    assert.is(doorOf(event), undefined)
  }
})

doors.run()
