import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { FRONT_DOORS, type FrontDoor } from '../src/index.js'
import { event, validateProxyResult } from '../src/testing/index.js'

const codes = (result: unknown, frontDoor: FrontDoor) =>
  validateProxyResult(result, frontDoor).map((p) => p.code)

const validate = suite('validateProxyResult')

/** `Records[0].cf` of a CloudFront event. */
const cfOf = (edge: unknown): Record<string, unknown> =>
  (edge as { Records: Array<{ cf: Record<string, unknown> }> }).Records[0]?.cf ?? {}

validate('accepts the smallest strict result of every front door', () => {
  for (const frontDoor of FRONT_DOORS) {
    if (frontDoor.startsWith('cloudfront-')) {
      // CloudFront's: a status, as a string.
      assert.equal(validateProxyResult({ status: '200' }, frontDoor), [], frontDoor)
      // Given the event: a request trigger may send its request on as it is; a response trigger
      // returns the response as CloudFront gave it (its read-only headers and, on a viewer response,
      // its status, judged against the event).
      const sent = event(frontDoor)
      const given = cfOf(sent)[frontDoor.endsWith('-request') ? 'request' : 'response']
      assert.equal(validateProxyResult(structuredClone(given), frontDoor, { event: sent }), [], frontDoor)
      continue
    }
    const loadBalancer = frontDoor.startsWith('alb') || frontDoor.startsWith('lattice')
    const headersKey = frontDoor === 'alb-multi-value' ? 'multiValueHeaders' : 'headers'
    const result = loadBalancer
      ? { statusCode: 200, statusDescription: '200 OK', [headersKey]: {}, isBase64Encoded: false }
      : { statusCode: 200 }
    assert.equal(validateProxyResult(result, frontDoor), [], frontDoor)
  }
})

validate('finds what API Gateway answers with a 502', () => {
  assert.equal(codes({ statusCode: 200, body: { a: 1 } }, 'rest'), ['body-not-string'])
  assert.equal(codes({ statusCode: 200, cookies: ['a=1'] }, 'rest'), ['key-not-accepted'])
  assert.equal(codes({ statusCode: 200, multiValueHeaders: { a: 'b' } }, 'rest'), ['multi-value-not-array'])
  assert.equal(codes({ statusCode: 'test' }, 'rest'), ['status-invalid'])
  assert.equal(codes({ statusCode: '201' }, 'rest'), ['status-invalid'])
  assert.equal(codes({ body: 'x' }, 'http-v1'), ['key-missing'])
  assert.equal(codes('a bare string', 'rest'), ['not-an-object'])
  assert.equal(codes([{ statusCode: 200 }], 'rest'), ['not-an-object'])
  assert.equal(codes(null, 'http-v2'), ['not-an-object'])
})

validate('finds what the ALB answers with a 502', () => {
  assert.equal(
    codes(
      { statusCode: 200, headers: { 'x-n': 1 }, statusDescription: '200 OK', isBase64Encoded: false },
      'alb',
    ),
    ['header-value-invalid'],
  )
  assert.equal(
    codes({ statusCode: 200, headers: null, statusDescription: '200 OK', isBase64Encoded: false }, 'alb'),
    ['headers-invalid'],
  )
  assert.equal(
    codes(
      { statusCode: 200, body: null, headers: {}, statusDescription: '200 OK', isBase64Encoded: false },
      'alb',
    ),
    ['body-not-string'],
  )
  assert.equal(
    validateProxyResult({ statusCode: 200 }, 'alb').map((p) => `${p.code} ${p.path}`),
    ['key-missing statusDescription', 'key-missing headers', 'key-missing isBase64Encoded'],
  )
  assert.equal(
    codes(
      { statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false, headers: {} },
      'alb-multi-value',
    ),
    ['key-not-accepted', 'key-missing'],
  )
})

validate('finds header names, values and cookies that must never be sent', () => {
  assert.equal(codes({ statusCode: 200, headers: { 'a b': 'x' } }, 'rest'), ['header-name-invalid'])
  assert.equal(codes({ statusCode: 200, headers: { a: 'x\r\ny' } }, 'rest'), ['header-value-invalid'])
  assert.equal(codes({ statusCode: 200, multiValueHeaders: { a: ['ok', 'x\u0000'] } }, 'rest'), [
    'header-value-invalid',
  ])
  assert.equal(codes({ statusCode: 200, multiValueHeaders: { a: [] } }, 'rest'), ['multi-value-not-array'])
  assert.equal(codes({ statusCode: 200, cookies: ['a=1\nb'] }, 'http-v2'), ['cookie-invalid'])
  assert.equal(codes({ statusCode: 200, cookies: 'a=1' }, 'http-v2'), ['cookies-invalid'])
  assert.equal(codes({ statusCode: 200, headers: { 'Set-Cookie': 'a=1' } }, 'http-v2'), ['cookie-in-headers'])
  assert.equal(codes({ statusCode: 200, headers: { A: '1', a: '2' } }, 'rest'), ['header-duplicate'])
  assert.equal(codes({ statusCode: 200, multiValueHeaders: { A: ['1'], a: ['2'] } }, 'rest'), [
    'header-duplicate',
  ])
  assert.equal(codes({ statusCode: 200, multiValueHeaders: 'x' }, 'rest'), ['headers-invalid'])
  assert.equal(codes({ statusCode: 200, headers: { 'Set-Cookie': 'a=1, b=2' } }, 'rest'), ['cookie-invalid'])
  assert.equal(codes({ statusCode: 200, cookies: ['a=1; Path=/, b=2'] }, 'http-v2'), ['cookie-invalid'])
  assert.equal(
    codes({ statusCode: 200, cookies: ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT'] }, 'http-v2'),
    [],
  )
})

validate('finds headers the front door computes or drops: a lying Content-Length, hop-by-hop headers', () => {
  assert.equal(codes({ statusCode: 200, headers: { 'Content-Length': '5' }, body: 'hello' }, 'rest'), [])
  assert.equal(codes({ statusCode: 200, headers: { 'Content-Length': '4' }, body: 'héllo' }, 'rest'), [
    'content-length-mismatch',
  ])
  assert.equal(
    codes(
      { statusCode: 200, headers: { 'content-length': '3' }, body: 'aGk=', isBase64Encoded: true },
      'http-v2',
    ),
    ['content-length-mismatch'],
  )
  assert.equal(
    codes(
      { statusCode: 200, headers: { 'content-length': '2' }, body: 'aGk=', isBase64Encoded: true },
      'http-v2',
    ),
    [],
  )
  assert.equal(codes({ statusCode: 204, headers: { 'content-length': '0' } }, 'rest'), [
    'content-length-mismatch',
  ])
  for (const name of [
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'Upgrade',
    'TE',
    'Trailer',
    'Proxy-Authenticate',
  ]) {
    assert.equal(
      codes({ statusCode: 200, headers: { [name]: 'x' } }, 'websocket'),
      ['header-hop-by-hop'],
      name,
    )
  }
})

validate('finds bodies a status forbids, bad base64 and non-boolean flags', () => {
  assert.equal(codes({ statusCode: 204, body: 'x' }, 'rest'), ['body-forbidden'])
  assert.equal(codes({ statusCode: 204, body: '' }, 'rest'), [])
  assert.equal(codes({ statusCode: 200, body: 'not base64!', isBase64Encoded: true }, 'rest'), [
    'base64-invalid',
  ])
  assert.equal(codes({ statusCode: 200, body: 'aGk', isBase64Encoded: true }, 'rest'), ['base64-invalid'])
  assert.equal(codes({ statusCode: 200, body: 'aGk=', isBase64Encoded: 'true' }, 'rest'), [
    'base64-flag-invalid',
  ])
  assert.equal(codes({ statusCode: 200, body: 'aGk=', isBase64Encoded: true }, 'rest'), [])
})

validate('finds a status description that holds CR or LF or does not match', () => {
  const base = { statusCode: 200, headers: {}, isBase64Encoded: false }
  assert.equal(codes({ ...base, statusDescription: '200 OK\r\nX: y' }, 'lattice-v2'), [
    'status-description-invalid',
  ])
  assert.equal(codes({ ...base, statusDescription: '404 Not Found' }, 'lattice-v2'), [
    'status-description-invalid',
  ])
  assert.equal(codes({ ...base, statusDescription: '200 Fine' }, 'lattice-v2'), [])
  for (const description of ['200 ', '200   ', '200 A\tB', '200OK']) {
    assert.equal(
      codes({ ...base, statusDescription: description }, 'alb'),
      ['status-description-invalid'],
      description,
    )
  }
})

validate('finds a result over the size limit of its front door', () => {
  const body = 'x'.repeat(1_048_576)
  assert.equal(codes({ statusCode: 200, body }, 'rest'), [])
  assert.equal(
    codes({ statusCode: 200, statusDescription: '200 OK', headers: {}, body, isBase64Encoded: false }, 'alb'),
    ['too-large'],
  )
})

validate('judges a CloudFront result against an event of its own trigger only', () => {
  const sent = event('cloudfront-viewer-response')
  const response = cfOf(sent).response as Record<string, unknown>
  assert.equal(
    validateProxyResult({ ...response, status: '404' }, 'cloudfront-viewer-response', { event: sent }).map(
      (problem) => `${problem.code} ${problem.path}`,
    ),
    ['status-read-only status'],
  )
  // Another trigger's event, or another front door's, says nothing of what this trigger was given.
  for (const other of ['cloudfront-origin-response', 'cloudfront-viewer-request', 'rest'] as const) {
    assert.equal(
      validateProxyResult({ status: '404' }, 'cloudfront-viewer-response', { event: event(other) }),
      [],
      other,
    )
  }
})

validate('says what is wrong with a CloudFront request sent on', () => {
  const sent = event('cloudfront-viewer-request')
  const request = {
    ...(cfOf(sent).request as Record<string, unknown>),
    method: 'POST',
    querystring: 'a b',
    body: { action: 'append' },
    origin: { s3: {} },
  }
  const problems = validateProxyResult(request, 'cloudfront-viewer-request', { event: sent })
  assert.equal(
    problems.map((problem) => `${problem.code} ${problem.path}`),
    [
      'querystring-invalid querystring',
      'request-read-only method',
      'request-body-invalid body',
      'origin-invalid origin',
    ],
  )
  for (const problem of problems) {
    assert.ok(!problem.message.includes('undefined'), problem.message)
    assert.ok(problem.fix.length > 0, problem.code)
  }
})

validate('says where each problem is, what it holds, what the front door wanted and how to fix it', () => {
  assert.equal(validateProxyResult({ statusCode: 200, headers: { 'x-n': 5 } }, 'http-v2'), [
    {
      code: 'header-value-invalid',
      path: 'headers.x-n',
      message: 'headers.x-n holds the number 5; the HTTP API (payload 2.0) takes only strings.',
      fix:
        'Send the string "5" (String(value)). Or wrap the handler in proxyResponse(), which sends numbers, ' +
        'booleans and dates as text (header-value-coerced), and never sends a value holding a control ' +
        'character, nor an object.',
    },
  ])
  for (const name of ['nope', 'toString', '__proto__']) {
    const [problem, ...more] = validateProxyResult({ statusCode: 200 }, name as FrontDoor)
    assert.equal(more, [])
    assert.is(problem?.code, 'front-door-unknown')
    assert.is(problem?.path, '')
    assert.is(problem?.message, `Unknown front door ${JSON.stringify(name)}.`)
    assert.match(problem?.fix ?? '', /^Name one of: rest, http-v1, /)
  }
})

validate('names each of two cookies that cannot be sent in one cookies array', () => {
  const problems = validateProxyResult({ statusCode: 200, cookies: ['ok=1', 'a=1, b=2', 'c=\n3'] }, 'http-v2')
  assert.equal(
    problems.map((p) => `${p.code} ${p.path}`),
    ['cookie-invalid cookies', 'cookie-invalid cookies'],
  )
  assert.match(problems[0]?.message ?? '', /^cookies\[1\] holds several cookies joined with commas/)
  assert.match(problems[1]?.message ?? '', /^cookies\[2\] holds a line feed \(LF\) at character 2/)
})

validate.run()
