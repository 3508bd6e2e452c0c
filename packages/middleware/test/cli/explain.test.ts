import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { FRONT_DOORS } from '../../src/index.js'
import { answerStatus, describeValue, explain, frontDoorWords, valueAt } from '../../src/testing/explain.js'

const Explain = suite('explain: a code in words, from the path, the value and the front door')

Explain('says which header holds what, and what the front door takes', () => {
  assert.equal(explain('header-value-invalid', { path: 'headers.x-count', frontDoor: 'alb', value: 3 }), {
    message: 'headers.x-count holds the number 3; the Application Load Balancer takes only strings.',
    fix:
      'Send the string "3" (String(value)). Or wrap the handler in proxyResponse(), which sends numbers, ' +
      'booleans and dates as text (header-value-coerced), and never sends a value holding a control ' +
      'character, nor an object.',
  })
  const injected = explain('header-value-invalid', {
    path: 'headers.location',
    frontDoor: 'rest',
    value: '/a\r\nSet-Cookie: x=1',
  })
  assert.is(
    injected.message,
    'headers.location holds a carriage return (CR) at character 2 ("/a\\r\\nSet-Cookie: x=1"); a header value may not hold CR, LF, NUL or other control characters.',
  )
  const multi = explain('header-value-invalid', {
    path: 'multiValueHeaders.x-a',
    frontDoor: 'rest',
    value: ['ok', 7],
  })
  assert.match(multi.message, /^multiValueHeaders\.x-a\[1\] holds the number 7, not a string; /)
})

Explain('reads the value at the path from the result when it is not given', () => {
  const result = { statusCode: 200, headers: { 'x.dotted': 1, 'Content-Type': 'a', 'content-type': 'b' } }
  assert.match(
    explain('header-value-invalid', { path: 'headers.x.dotted', frontDoor: 'rest', result }).message,
    /^headers\.x\.dotted holds the number 1;/,
  )
  assert.is(
    explain('header-duplicate', { path: 'headers.content-type', frontDoor: 'rest', result }).message,
    'headers.content-type repeats headers.Content-Type; header names are case-insensitive, so the API Gateway REST API gets the header twice.',
  )
  assert.is(valueAt({ 'a.b': 1 }, 'a.b'), 1)
  assert.is(valueAt({ a: { b: 2 } }, 'a.b'), 2)
  assert.is(valueAt('text', 'a'), undefined)
  assert.equal(valueAt({ a: 1 }, ''), { a: 1 })
})

Explain('tells what the front door wanted, from the result: the status line, sizes, the body bytes', () => {
  assert.is(
    explain('key-missing', {
      path: 'statusDescription',
      frontDoor: 'alb',
      result: { statusCode: 404 },
    }).fix.split('.')[0],
    'Add statusDescription: "404 Not Found"',
  )
  assert.is(
    explain('status-description-invalid', {
      path: 'statusDescription',
      frontDoor: 'lattice-v2',
      result: { statusCode: 201, statusDescription: '201' },
    }).message,
    'statusDescription holds the string "201"; VPC Lattice (event v2) wants "201 Created": the code, one space, the reason phrase.',
  )
  assert.is(
    explain('content-length-mismatch', {
      path: 'headers.Content-Length',
      frontDoor: 'rest',
      result: { statusCode: 200, headers: { 'Content-Length': '3' }, body: 'héllo' },
    }).message,
    'headers.Content-Length holds the string "3", but the body is 6 bytes.',
  )
  assert.is(
    explain('too-large', {
      path: '',
      frontDoor: 'alb',
      result: { statusCode: 200, body: 'x'.repeat(2_000_000) },
    }).message,
    'The result is 2,000,028 bytes serialized; the Application Load Balancer takes at most 1,048,576 bytes.',
  )
  assert.is(
    explain('body-forbidden', { path: 'body', frontDoor: 'rest', result: { statusCode: 204, body: 'x' } })
      .message,
    'body holds the string "x" on a 204; a response with this status has no body.',
  )
})

Explain('names the key a front door does not take, and where it wants what the key meant', () => {
  const cookies = explain('key-not-accepted', { path: 'cookies', frontDoor: 'rest', value: ['a=1'] })
  assert.match(
    cookies.message,
    /^cookies holds an array \(\["a=1"\]\); the API Gateway REST API has no cookies key/,
  )
  assert.match(cookies.fix, /^Send each cookie in multiValueHeaders, one array entry per cookie/)
  assert.match(
    explain('key-not-accepted', { path: 'cookies', frontDoor: 'alb', value: [] }).message,
    /as one Set-Cookie header: it carries a single cookie/,
  )
  assert.match(
    explain('key-not-accepted', { path: 'multiValueHeaders', frontDoor: 'alb', value: {} }).message,
    /multi-value headers are on for the target group/,
  )
  assert.match(
    explain('key-not-accepted', { path: 'multiValueHeaders', frontDoor: 'http-v2', value: {} }).fix,
    /^Put each header in headers/,
  )
  assert.match(
    explain('key-not-accepted', { path: 'headers', frontDoor: 'alb-multi-value', value: {} }).fix,
    /^Put each header in multiValueHeaders/,
  )
  assert.match(
    explain('key-not-accepted', { path: 'statusDescription', frontDoor: 'rest', value: '200 OK' }).message,
    /only load balancers take a status line/,
  )
  assert.match(
    explain('key-not-accepted', { path: 'data', frontDoor: 'websocket', value: 1 }).message,
    /data is not a key of a proxy result; it takes only statusCode, headers, body and isBase64Encoded\.$/,
  )
  assert.is(
    explain('key-not-accepted', { path: 'data', frontDoor: 'websocket', value: 1 }).fix.split('.')[0],
    'Remove data from the result',
  )
})

Explain('tells a repair as what was wrong and what was sent instead', () => {
  assert.is(
    explain('cookies-dropped', { path: 'cookies', frontDoor: 'alb', count: 2 }).message,
    '2 cookies were dropped: the Application Load Balancer keeps one Set-Cookie, and proxyResponse() sends the first.',
  )
  assert.match(
    explain('cookies-dropped', { path: 'cookies', frontDoor: 'websocket', count: 1 }).message,
    /^1 cookie was dropped/,
  )
  assert.match(
    explain('cookies-dropped', { path: 'cookies', frontDoor: 'lattice-v1' }).message,
    /^Cookies were dropped/,
  )
  assert.match(
    explain('cookies-dropped', { path: 'cookies', frontDoor: 'alb' }).fix,
    /lambda\.multi_value_headers\.enabled/,
  )
  assert.is(
    explain('header-value-coerced', { path: 'headers.X-Count', frontDoor: 'rest', value: 3 }).message,
    'headers.X-Count held the number 3: proxyResponse() sends it as text.',
  )
  assert.is(
    explain('status-coerced', { path: 'statusCode', frontDoor: 'rest', value: '201' }).message,
    'statusCode held the string "201": proxyResponse() sends the number 201.',
  )
  assert.is(
    explain('promise-awaited', { path: '', frontDoor: 'rest' }).message,
    'The handler returned a promise that nothing awaited: proxyResponse() awaits it, and answers a rejection as a thrown error.',
  )
  assert.is(
    explain('header-name-invalid', { path: 'headers.a b', frontDoor: 'rest', value: 'x', repaired: true })
      .message,
    'headers.a b held the string "x": proxyResponse() never sends it.',
  )
  // A code both report: a problem by default, a repair when told.
  assert.match(
    explain('status-invalid', { path: 'statusCode', frontDoor: 'rest', value: 'ok' }).message,
    /wants an integer from 100 to 599\.$/,
  )
  assert.is(
    explain('status-invalid', { path: 'statusCode', frontDoor: 'rest', value: 'ok', repaired: true }).message,
    'statusCode held the string "ok", not a status code: proxyResponse() sends 500.',
  )
  assert.match(
    explain('status-invalid', { path: 'status', frontDoor: 'rest', value: 999, repaired: true }).message,
    /^The Response's status, the number 999, is outside 100 to 599/,
  )
})

Explain('says what the command found in a handler or a log, and what the front door answers', () => {
  assert.is(
    explain('handler-threw', {
      path: '',
      frontDoor: 'http-v2',
      value: { name: 'TypeError', message: 'x is undefined' },
    }).message,
    'The handler threw TypeError: x is undefined; Lambda reports a function error, which the HTTP API (payload 2.0) answers with a 500.',
  )
  assert.match(
    explain('handler-timeout', { path: '', frontDoor: 'alb', value: 3000 }).message,
    /^The handler did not answer within 3 s; .* answers with a 502\.$/,
  )
  assert.match(
    explain('handler-exited', { path: '', frontDoor: 'websocket', value: 'exited with code 3' }).message,
    /^The process exited with code 3 during the invocation; .* answers with an error\.$/,
  )
  assert.match(
    explain('function-error', {
      path: '',
      frontDoor: 'rest',
      value: { errorType: 'Error', errorMessage: 'boom' },
    }).message,
    /^This is Lambda's error payload \(Error: boom\): the function threw or crashed/,
  )
  assert.match(
    explain('handler-threw', { path: '', frontDoor: 'rest', value: 'a string' }).message,
    /^The handler threw a string;/,
  )
  assert.match(
    explain('handler-threw', { path: '', frontDoor: 'rest', value: 'a string' }).fix,
    /With proxyResponse\(\): it answers the error/,
  )
})

Explain(
  "speaks CloudFront's shape on its triggers: a status string, { key, value } headers, a request",
  () => {
    assert.is(
      explain('status-invalid', { path: 'status', frontDoor: 'cloudfront-origin-response', value: 404 })
        .message,
      'status holds the number 404; CloudFront (origin-response trigger) wants a string from "200" to "599".',
    )
    assert.match(
      explain('status-invalid', { path: 'status', frontDoor: 'cloudfront-origin-response', value: 404 }).fix,
      /^Send the string: status: "404"\. /,
    )
    assert.match(
      explain('status-invalid', { path: 'status', frontDoor: 'cloudfront-viewer-request', value: '101' }).fix,
      /^Set status to a string from "200" to "599", such as "200"\. /,
    )
    assert.match(
      explain('not-an-object', { path: '', frontDoor: 'cloudfront-viewer-request', value: null }).message,
      /^The result is null; CloudFront \(viewer-request trigger\) takes a JSON object, a response such as \{"status":"200","body":"…"\} or the request to send on \(CloudFront: "The JSON output must be an object type"\)\.$/,
    )
    assert.match(
      explain('not-an-object', { path: '', frontDoor: 'cloudfront-origin-response', value: null }).fix,
      /^Return a response \{ status: '200', headers, body \}, such as the event's own \(event\.Records\[0\]\.cf\.response\)\./,
    )
    // A request's key on a response trigger; API Gateway's keys on CloudFront, and CloudFront's elsewhere.
    assert.is(
      explain('key-not-accepted', { path: 'uri', frontDoor: 'cloudfront-origin-response', value: '/' })
        .message,
      'uri holds the string "/"; uri is a request\'s; CloudFront (origin-response trigger) takes a response, not a request to send on; it takes only status, statusDescription, headers, body and bodyEncoding.',
    )
    const statusCode = explain('key-not-accepted', {
      path: 'statusCode',
      frontDoor: 'cloudfront-viewer-request',
      value: 302,
    })
    assert.match(
      statusCode.message,
      /statusCode is API Gateway's; CloudFront \(viewer-request trigger\) takes CloudFront's shape/,
    )
    assert.match(statusCode.fix, /^Send status: "302" \(a string\) instead\./)
    assert.match(
      explain('key-not-accepted', { path: 'status', frontDoor: 'rest', value: '302' }).message,
      /status is CloudFront's \(Lambda@Edge\); the API Gateway REST API wants statusCode, a number;/,
    )
    assert.match(
      explain('key-not-accepted', { path: 'status', frontDoor: 'rest', value: '302' }).fix,
      /^Send statusCode: 302 \(a number\) instead\./,
    )
    assert.match(
      explain('key-missing', { path: 'status', frontDoor: 'cloudfront-viewer-request', result: {} }).message,
      /^The result has no status; CloudFront \(viewer-request trigger\) needs it: a string such as "200"/,
    )
    assert.match(
      explain('header-entry-invalid', {
        path: 'headers.location',
        frontDoor: 'cloudfront-viewer-request',
        value: '/new',
      }).fix,
      /^Write it as headers\['location'\] = \[\{ key: 'Location', value: "\/new" \}\]\. /,
    )
    assert.is(
      explain('status-coerced', { path: 'status', frontDoor: 'cloudfront-viewer-request', value: 301 })
        .message,
      'status held the number 301: proxyResponse() sends the string "301".',
    )
    // A read-only header: deleted, changed, or computed by CloudFront for a generated response.
    assert.match(
      explain('header-read-only', {
        path: 'headers.via',
        frontDoor: 'cloudfront-origin-response',
        result: { status: '200', headers: {} },
      }).message,
      /^headers\.via is missing: the function deleted a header that is read-only on CloudFront \(origin-response trigger\)\.$/,
    )
    const generated = explain('header-read-only', {
      path: 'headers.content-length',
      frontDoor: 'cloudfront-viewer-request',
      result: { status: '200', headers: { 'content-length': [{ value: '2' }] }, body: 'ok' },
    })
    assert.match(
      generated.message,
      /^headers\.content-length is a header CloudFront computes itself for a response generated on /,
    )
    assert.match(generated.fix, /^Leave Content-Length out of a generated response\. /)
  },
)

Explain("turns CloudFront's reason for a 502 into its fix", () => {
  const fixOf = (reason: string): string =>
    explain('cloudfront-validation-error', {
      path: '',
      frontDoor: 'cloudfront-origin-response',
      value: reason,
    }).fix
  const cases: Array<[string, RegExp]> = [
    [
      'The Lambda function returned invalid JSON: The JSON output must be an object type.',
      /^Return an object: /,
    ],
    [
      'Lambda function result failed validation, the function tried to delete read-only header, headerName : Transfer-Encoding.',
      /^Add your headers to the event's own response \(event\.Records\[0\]\.cf\.response\) and return it, so that its read-only headers \(Transfer-Encoding and Via\) reach CloudFront as they came/,
    ],
    [
      "Lambda function result validation failed, the function returned an invalid header, invalid character : '%0D' in header value, headerName : Location.",
      /^Strip CR and LF from header values/,
    ],
    [
      'The Lambda function returned an invalid entry in the headers object: Each header entry in the headers object must be an array.',
      /^Write each header as headers\['x-frame-options'\]/,
    ],
    [
      'The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.',
      /^Set body to a string, bytes as base64 with bodyEncoding: 'base64', and keep the response \(headers and body\) within 1 MB\./,
    ],
    ['The Lambda function returned invalid json: The json output is not parsable.', /^Set body to a string/],
    ['The Lambda function returned an invalid status.', /^Set status to a string from "200" to "599"/],
    // A reason seen nowhere yet: the general fix.
    [
      'The Lambda function result failed validation: something new.',
      /^Find the result in the function's own log/,
    ],
  ]
  for (const [reason, fix] of cases) {
    assert.match(fixOf(reason), fix, reason)
    assert.match(fixOf(reason), /With proxyResponse\(\): it gives every result CloudFront's shape/, reason)
  }
  assert.is(
    explain('cloudfront-validation-error', {
      path: '',
      frontDoor: 'cloudfront-origin-response',
      value: 'The Lambda function returned invalid JSON: The JSON output must be an object type.',
    }).message,
    "CloudFront refused the function's result and answered 502: The Lambda function returned invalid JSON: The JSON output must be an object type.",
  )
})

Explain('tells what a front door answers: its refusal, and CloudFront 503 for a function that failed', () => {
  for (const door of FRONT_DOORS) {
    const { refusal, failure } = frontDoorWords(door)
    assert.is(answerStatus('body-not-string', door), refusal, door)
    assert.is(answerStatus(undefined, door), refusal, door)
    for (const code of [
      'handler-threw',
      'handler-timeout',
      'handler-exited',
      'result-unserializable',
      'function-error',
    ]) {
      assert.is(answerStatus(code, door), failure ?? refusal, `${code} on ${door}`)
    }
  }
  assert.is(answerStatus('handler-threw', 'cloudfront-viewer-response'), 503)
  assert.is(answerStatus('cloudfront-validation-error', 'cloudfront-viewer-response'), 502)
  assert.is(answerStatus('handler-threw', 'rest'), 502)
  assert.is(answerStatus('handler-threw', 'http-v1'), 500)
  assert.match(
    explain('handler-timeout', { path: '', frontDoor: 'cloudfront-viewer-request', value: 5000 }).message,
    /^The handler did not answer within 5 s; Lambda ends such an invocation and CloudFront \(viewer-request trigger\) answers with a 503\.$/,
  )
})

Explain('names an unknown code, and never throws on a hostile result', () => {
  assert.equal(explain('no-such-code', { path: 'body', frontDoor: 'rest' }), {
    message: 'body: no-such-code.',
    fix: 'See "Codes" in the README of middy-proxy-response.',
  })
  const hostile = new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap')
      },
      getOwnPropertyDescriptor: () => {
        throw new Error('trap')
      },
      ownKeys: () => {
        throw new Error('trap')
      },
    },
  )
  const said = explain('header-duplicate', { path: 'headers.a', frontDoor: 'rest', result: hostile })
  assert.match(said.message, /^headers\.a: One header given twice/)
  assert.match(
    explain('front-door-unknown', { path: '', frontDoor: 'nope' }).message,
    /^Unknown front door "nope"\.$/,
  )
})

Explain('has the words of every front door', () => {
  for (const door of FRONT_DOORS) {
    const { name } = frontDoorWords(door)
    assert.ok(name.length > 5 && !name.includes('"'), `${door}: ${name}`)
  }
  assert.is(frontDoorWords('cloudfront-nope').name, 'the front door "cloudfront-nope"')
})

Explain('describes values as JSON sends them, a Buffer as Lambda serializes it', () => {
  assert.is(
    describeValue(Buffer.from('abc').toJSON()),
    'a Buffer of 3 bytes, which Lambda sends as {"type":"Buffer","data":[…]}',
  )
  assert.is(describeValue(''), 'an empty string')
  assert.is(describeValue([]), 'an empty array')
  assert.is(describeValue(undefined), 'nothing')
  assert.is(describeValue(null), 'null')
  assert.is(describeValue(false), 'the boolean false')
  assert.is(describeValue(10n), 'the BigInt 10n')
  assert.is(
    describeValue(() => 1),
    'a function',
  )
  assert.is(describeValue(Symbol('s')), 'a symbol')
  assert.is(describeValue({ a: 'x'.repeat(100) }), `an object ({"a":"${'x'.repeat(53)}…)`)
})

Explain.run()
