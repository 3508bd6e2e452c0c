// The oracle's CloudFront Lambda@Edge contract (CONTRACT.md, "Amazon CloudFront, Lambda@Edge"), shown
// accepting what AWS's guide writes and what CloudFront itself sends, and rejecting, with a message that
// names the fault, each thing CloudFront answers with a 502 and each strict choice of the CONTRACT.
import { Buffer } from 'node:buffer'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { EDGE_EVENT_OF, edgeEvents, everyEvent, loadEvent } from '../events.js'
import {
  ALL_DOORS,
  assertContract,
  CLOUDFRONT_DOORS,
  type CloudFrontDoor,
  DOORS,
  decodedBody,
  doorOf,
  eventViolations,
  isCloudFrontDoor,
  limitOf,
  noLeak,
  violations,
} from './contract.js'

type Obj = Record<string, unknown>

const REQUEST_DOORS: readonly CloudFrontDoor[] = ['cloudfront-viewer-request', 'cloudfront-origin-request']
const RESPONSE_DOORS: readonly CloudFrontDoor[] = ['cloudfront-origin-response', 'cloudfront-viewer-response']
const VIEWER_DOORS: readonly CloudFrontDoor[] = ['cloudfront-viewer-request', 'cloudfront-viewer-response']
const ORIGIN_DOORS: readonly CloudFrontDoor[] = ['cloudfront-origin-request', 'cloudfront-origin-response']

/** The trigger of each published CloudFront event, as fixtures/SOURCES.md describes it. */
const TRIGGER_OF: Readonly<Record<string, CloudFrontDoor>> = {
  'cloudfront/cloudfront-developer-guide-viewer-request-get-root.json': 'cloudfront-viewer-request',
  'cloudfront/serverless-express-viewer-request-post-body.json': 'cloudfront-viewer-request',
  'cloudfront/cloudfront-developer-guide-origin-request-custom-origin.json': 'cloudfront-origin-request',
  'cloudfront/cloudfront-extensions-origin-request-s3-origin.json': 'cloudfront-origin-request',
  'cloudfront/cloudfront-developer-guide-origin-response-custom-origin-200.json':
    'cloudfront-origin-response',
  'cloudfront/cloudfront-developer-guide-viewer-response-200.json': 'cloudfront-viewer-response',
}

/** `Records[0].cf` of a published event, fresh on each call. */
const cfOf = (event: Obj): Obj => ((event.Records as Obj[])[0] as Obj).cf as Obj
const eventOf = (door: CloudFrontDoor): Obj => loadEvent(EDGE_EVENT_OF[door])
/**
 * A copy of what the event gives the function to return as it is: the request, or on response triggers
 * the response. A copy, so that changing it leaves the event to judge it against as CloudFront sent it.
 */
const givenOf = (door: CloudFrontDoor, event = eventOf(door)): Obj =>
  structuredClone(cfOf(event)[REQUEST_DOORS.includes(door) ? 'request' : 'response']) as Obj

/** Asserts that `result` breaks `door`'s contract with a violation matching `pattern`. */
const rejects = (result: unknown, door: CloudFrontDoor, pattern: RegExp, event?: Obj): void => {
  const found = event === undefined ? violations(result, door) : eventViolations(result, door, event)
  assert.ok(
    found.some((text) => pattern.test(text)),
    `${door}: expected a violation matching ${pattern}, got ${JSON.stringify(found)}`,
  )
}

/** Asserts that `door` accepts `result` exactly, and, given the event, against it too. */
const accepts = (result: unknown, door: CloudFrontDoor, event?: Obj): void => {
  assert.equal(violations(result, door), [], door)
  if (event !== undefined)
    assert.equal(eventViolations(result, door, event), [], `${door}, against its event`)
}

// ---

const doors = suite('CloudFront among the front doors')

doors('names the four triggers apart from the nine proxy doors, and ALL_DOORS holds all thirteen', () => {
  assert.equal(
    [...CLOUDFRONT_DOORS],
    [
      'cloudfront-viewer-request',
      'cloudfront-origin-request',
      'cloudfront-origin-response',
      'cloudfront-viewer-response',
    ],
  )
  assert.equal([...ALL_DOORS], [...DOORS, ...CLOUDFRONT_DOORS])
  assert.ok(DOORS.every((door) => !isCloudFrontDoor(door)))
  assert.ok(CLOUDFRONT_DOORS.every((door) => isCloudFrontDoor(door)))
  assert.not.ok(isCloudFrontDoor('cloudfront'))
  assert.not.ok(isCloudFrontDoor('toString'))
})

doors('holds viewer triggers to 40,000 bytes and origin triggers to 1,000,000', () => {
  for (const door of VIEWER_DOORS) assert.is(limitOf(door), 40_000, door)
  for (const door of ORIGIN_DOORS) assert.is(limitOf(door), 1_000_000, door)
})

doors('has one published event per trigger, told as that trigger', () => {
  assert.equal(Object.keys(EDGE_EVENT_OF).sort(), [...CLOUDFRONT_DOORS].sort())
  for (const door of CLOUDFRONT_DOORS) assert.is(doorOf(eventOf(door)), door)
})

doors.run()

// ---

const detect = suite('doorOf on CloudFront events')

const files = everyEvent()

detect('sees all six published CloudFront events, and all four triggers among them', () => {
  assert.equal(edgeEvents(), Object.keys(TRIGGER_OF).sort())
  assert.equal(new Set(Object.values(TRIGGER_OF)).size, 4)
})

for (const file of files) {
  const expected = TRIGGER_OF[file]
  if (expected !== undefined) {
    detect(`tells ${file} is ${expected}`, () => {
      assert.is(doorOf(loadEvent(file)), expected)
    })
  } else {
    detect(`never takes ${file} for CloudFront`, () => {
      assert.not.ok(isCloudFrontDoor(doorOf(loadEvent(file))))
    })
  }
}

detect('needs a cf record whose eventType is one of the four, in the first record', () => {
  const record = (eventType: unknown): Obj => ({ Records: [{ cf: { config: { eventType }, request: {} } }] })
  assert.is(doorOf(record('viewer-response')), 'cloudfront-viewer-response')
  for (const eventType of [
    'VIEWER-REQUEST',
    'origin',
    'viewer-request ',
    'constructor',
    'toString',
    7,
    null,
  ]) {
    assert.is(doorOf(record(eventType)), undefined, String(eventType))
  }
  const sqs = loadEvent('sqs/powertools-ts-two-records.json')
  assert.is(doorOf(sqs), undefined)
  assert.is(doorOf({ Records: [{ cf: 'viewer-request' }] }), undefined)
  assert.is(doorOf({ Records: [{ cf: { eventType: 'viewer-request' } }] }), undefined)
  assert.is(doorOf({ Records: { 0: { cf: { config: { eventType: 'viewer-request' } } } } }), undefined)
  assert.is(doorOf({ Records: [{}, { cf: { config: { eventType: 'viewer-request' } } }] }), undefined)
  assert.is(doorOf({ cf: { config: { eventType: 'viewer-request' } } }), undefined)
})

detect('lets no CloudFront marker turn another front door into CloudFront', () => {
  const alb = loadEvent('alb/single-value-powertools-ts-base.json')
  const viewer = loadEvent(EDGE_EVENT_OF['cloudfront-viewer-request'])
  assert.is(doorOf({ ...alb, Records: viewer.Records }), 'alb')
})

detect('never throws on an event it cannot read', () => {
  const trap = new Proxy(
    {},
    {
      get() {
        throw new Error('trap')
      },
    },
  )
  assert.is(doorOf({ Records: [trap] }), undefined)
  assert.is(doorOf({ Records: [{ cf: { config: trap } }] }), undefined)
  assert.is(doorOf({ Records: trap }), undefined)
})

detect.run()

// ---

const documented = suite("the CloudFront guide's own examples")

// "Lambda@Edge example functions", "Example: Serving static content (generated response)".
const staticContent = {
  status: '200',
  statusDescription: 'OK',
  headers: {
    'cache-control': [{ key: 'Cache-Control', value: 'max-age=100' }],
    'content-type': [{ key: 'Content-Type', value: 'text/html' }],
  },
  body: `
<\\!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Simple Lambda@Edge Static Content Response</title>
  </head>
  <body>
    <p>Hello from Lambda@Edge!</p>
  </body>
</html>
`,
}

// "Example: Generating an HTTP redirect (generated response)".
const redirect = {
  status: '302',
  statusDescription: 'Found',
  headers: {
    location: [{ key: 'Location', value: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-edge.html' }],
  },
}

documented(
  'accepts the generated responses of the guide, a page and redirects, on both request triggers',
  () => {
    const viewer = cfOf(eventOf('cloudfront-viewer-request')).request as Obj
    const host = ((viewer.headers as Obj).host as Obj[])[0]?.value as string
    // "Example: Redirecting unauthenticated users to a sign-in page".
    const encodedRedirectUrl = encodeURIComponent(`https://${host}${viewer.uri}?${viewer.querystring}`)
    const signIn = {
      status: '302',
      statusDescription: 'Found',
      headers: {
        location: [
          { key: 'Location', value: `https://www.example.com/signin?redirect_url=${encodedRedirectUrl}` },
        ],
      },
    }
    for (const door of REQUEST_DOORS) {
      for (const result of [staticContent, redirect, signIn]) accepts(result, door, eventOf(door))
    }
  },
)

documented('accepts a 401 for a viewer who has not authenticated, a use the guide names', () => {
  // "Returning an HTTP 401 status code to the viewer when the user hasn't authenticated" (the guide
  // gives no code for it; this is the smallest such answer).
  const unauthorized = {
    status: '401',
    statusDescription: 'Unauthorized',
    headers: { 'www-authenticate': [{ key: 'WWW-Authenticate', value: 'Basic realm="Restricted"' }] },
    body: 'Unauthorized',
  }
  for (const door of REQUEST_DOORS) accepts(unauthorized, door, eventOf(door))
})

documented('accepts a response with only a status, and a header entry without its key', () => {
  // "Only the `status` field is required"; "'content-type': [{ value: 'text/html;charset=UTF-8' }]".
  for (const door of CLOUDFRONT_DOORS) {
    accepts({ status: '200' }, door)
    accepts({ status: '200', headers: { 'content-type': [{ value: 'text/html;charset=UTF-8' }] } }, door)
  }
})

documented(
  'accepts the origin-response updates of the guide, with the status as the string it asks for',
  () => {
    const door = 'cloudfront-origin-response'
    const event = eventOf(door)
    const request = cfOf(event).request as Obj
    // "Example: Using an origin response trigger to update the error status code to 200".
    const to200: Obj = {
      ...givenOf(door, event),
      status: '200',
      statusDescription: 'OK',
      body: 'Body generation example',
    }
    // The origin's Content-Length would not describe the new body: the strict form wants it gone.
    delete (to200.headers as Obj)['content-length']
    accepts(to200, door, event)
    // "… to update the error status code to 302": the body dropped by "setting the value to be empty".
    const to302 = givenOf(door, event)
    Object.assign(to302, { status: '302', statusDescription: 'Found', body: '' })
    delete (to302.headers as Obj)['content-length']
    ;(to302.headers as Obj).location = [{ key: 'Location', value: `/plan-b/path?${request.querystring}` }]
    accepts(to302, door, event)
    // "Example: Overriding a response header", and a header added in a viewer response.
    const overridden = givenOf(door, event)
    ;(overridden.headers as Obj)['last-modified'] = [
      { key: 'Last-Modified', value: 'Mon, 13 Jan 2020 20:00:00 GMT' },
    ]
    accepts(overridden, door, event)
    const viewer = givenOf('cloudfront-viewer-response')
    ;(viewer.headers as Obj)['strict-transport-security'] = [
      { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload' },
    ]
    accepts(viewer, 'cloudfront-viewer-response', eventOf('cloudfront-viewer-response'))
  },
)

documented('holds those examples to the string status, where the guide writes response.status = 200', () => {
  // The examples assign a number; "Provide the status code as a string" is the strict form.
  const result: Obj = {
    ...givenOf('cloudfront-origin-response'),
    status: 200,
    body: 'Body generation example',
  }
  delete (result.headers as Obj)['content-length']
  rejects(
    result,
    'cloudfront-origin-response',
    /^status: must be a decimal string from "200" to "599", not the number 200$/,
  )
})

documented('accepts what every published event gives the function, returned as it is', () => {
  for (const file of edgeEvents()) {
    const event = loadEvent(file)
    const door = doorOf(event) as CloudFrontDoor
    accepts(givenOf(door, event), door, event)
  }
})

documented(
  'accepts the request changes the guide shows: the uri, the query, a header, the origin, the body',
  () => {
    const door = 'cloudfront-origin-request'
    const event = eventOf(door)
    const request = givenOf(door, event)
    Object.assign(request, { uri: '/index.html', querystring: 'useS3Origin=true' })
    ;(request.headers as Obj)['x-added'] = [{ key: 'X-Added', value: 'yes' }]
    // "Example: Using an origin request trigger to change from a custom origin to an Amazon S3 origin".
    const s3DomainName = 'my-bucket.s3.amazonaws.com'
    request.origin = {
      s3: { domainName: s3DomainName, region: '', authMethod: 'none', path: '', customHeaders: {} },
    }
    ;(request.headers as Obj).host = [{ key: 'host', value: s3DomainName }]
    accepts(request, door, event)
    // "Example: Using a request trigger to modify an HTML form", on the include-body POST.
    const post = loadEvent('cloudfront/serverless-express-viewer-request-post-body.json')
    const form = givenOf('cloudfront-viewer-request', post)
    Object.assign(form.body as Obj, {
      action: 'replace',
      encoding: 'text',
      data: 'name=Sam&new-param-name=new-param-value',
    })
    accepts(form, 'cloudfront-viewer-request', post)
  },
)

documented('accepts several cookies as several entries, a base64 body, and UTF-8 header values', () => {
  for (const door of CLOUDFRONT_DOORS) {
    accepts(
      {
        status: '200',
        headers: {
          'set-cookie': [
            { key: 'Set-Cookie', value: 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT' },
            { key: 'set-cookie', value: 'b=2' },
          ],
          'content-disposition': [
            { key: 'Content-Disposition', value: 'attachment; filename="résumé €.pdf"' },
          ],
          'x-tab': [{ value: 'a\tb' }],
        },
        body: Buffer.from([0, 1, 255]).toString('base64'),
        bodyEncoding: 'base64',
      },
      door,
    )
    accepts({ status: '200', body: 'plain', bodyEncoding: 'text' }, door)
    accepts({ status: '204', statusDescription: 'No Content' }, door)
    accepts({ status: '304' }, door)
  }
})

documented('takes X-Amzn-Trace-Id, which the current list no longer disallows', () => {
  for (const door of CLOUDFRONT_DOORS) {
    accepts(
      { status: '200', headers: { 'x-amzn-trace-id': [{ key: 'X-Amzn-Trace-Id', value: 'Root=1-5' }] } },
      door,
    )
  }
})

documented.run()

// ---

const shape = suite('the shape CloudFront refuses')

shape('refuses what is not an object, as "The JSON output must be an object type"', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const value of [null, undefined, 'ok', 200, [{ status: '200' }], new Map()]) {
      rejects(value, door, /^result: must be a plain object .*"The JSON output must be an object type"$/)
    }
  }
})

shape('refuses a status that is missing, a number, or not from "200" to "599"', () => {
  for (const door of CLOUDFRONT_DOORS) {
    rejects({ statusDescription: 'OK' }, door, /^status: missing/)
    for (const status of [200, '199', '100', '600', '20', '2000', ' 200', '200.0', '2e2', true, null]) {
      rejects({ status }, door, /^status: must be a decimal string from "200" to "599", not /)
    }
  }
})

shape('refuses a proxy result, naming its keys', () => {
  for (const door of CLOUDFRONT_DOORS) {
    const found = violations({ statusCode: 200, body: 'x', isBase64Encoded: false }, door)
    assert.ok(found.includes('status: missing (CloudFront requires it)'), JSON.stringify(found))
    assert.ok(
      found.some((text) => text.startsWith('unknown key "statusCode"')),
      JSON.stringify(found),
    )
    assert.ok(
      found.some((text) => text.startsWith('unknown key "isBase64Encoded"')),
      JSON.stringify(found),
    )
  }
})

shape('refuses any key beyond the five of a response', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const key of ['statusCode', 'cookies', 'multiValueHeaders', 'extra']) {
      rejects(
        { status: '200', [key]: 'x' },
        door,
        new RegExp(`^unknown key "${key}": a ${door} response knows only`),
      )
    }
  }
})

shape('refuses a request from a response trigger', () => {
  for (const door of RESPONSE_DOORS) {
    const request = cfOf(eventOf(door)).request
    rejects(request, door, /^result: the .*-response trigger returns the response, not a request/)
    rejects({ ...givenOf(door), uri: '/x' }, door, /returns the response, not a request \(it has "uri"\)/)
  }
})

shape('refuses a status description that is not a string or holds a control character', () => {
  for (const door of CLOUDFRONT_DOORS) {
    rejects({ status: '200', statusDescription: 200 }, door, /^statusDescription: must be a string/)
    rejects(
      { status: '200', statusDescription: 'OK\r\nX-Evil: 1' },
      door,
      /^statusDescription: holds a control/,
    )
  }
})

shape.run()

// ---

const headers = suite('CloudFront headers')

const withHeader = (name: string, entries: unknown): Obj => ({ status: '200', headers: { [name]: entries } })

headers('refuses a header that is not an array, as "Each header entry … must be an array"', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const entries of ['text/html', { key: 'Content-Type', value: 'text/html' }, [], null, 5]) {
      rejects(
        withHeader('content-type', entries),
        door,
        /^headers\["content-type"\]: must be a non-empty array of \{ key\?, value \}/,
      )
    }
  }
})

headers('refuses an entry that is not { key?, value } with a string value', () => {
  for (const door of CLOUDFRONT_DOORS) {
    rejects(withHeader('x-a', ['v']), door, /^headers\["x-a"\]\[0\]: must be an object \{ key\?, value \}/)
    rejects(
      withHeader('x-a', [{ key: 'X-A', value: 5 }]),
      door,
      /^headers\["x-a"\]\[0\]\.value: must be a string, not the number 5/,
    )
    rejects(
      withHeader('x-a', [{ key: 'X-A' }]),
      door,
      /^headers\["x-a"\]\[0\]\.value: must be a string, not undefined/,
    )
    rejects(
      withHeader('x-a', [{ value: 'a' }, { value: 'b', name: 'X-A' }]),
      door,
      /^headers\["x-a"\]\[1\]: unknown key "name"/,
    )
    rejects(
      withHeader('x-a', [{ key: 7, value: 'a' }]),
      door,
      /^headers\["x-a"\]\[0\]\.key: must be a string/,
    )
  }
})

headers('refuses CR, LF, NUL and other control characters in a value', () => {
  for (const [value, char] of [
    ['https://example.com/\r\nSet-Cookie: a=1', 'CR'],
    ['a\nb', 'LF'],
    ['a\u0000b', 'NUL'],
    ['a\u0007b', 'U\\+0007'],
    ['a\u007fb', 'U\\+007F'],
    ['a\ud800b', 'U\\+D800'],
  ] as const) {
    for (const door of CLOUDFRONT_DOORS) {
      rejects(
        withHeader('location', [{ key: 'Location', value }]),
        door,
        new RegExp(
          `^headers\\["location"\\]\\[0\\]\\.value: holds a character no header may carry \\(${char} at`,
        ),
      )
    }
  }
})

headers('refuses a map key that is not the lower-cased token, and a key that is another name', () => {
  for (const door of CLOUDFRONT_DOORS) {
    rejects(
      withHeader('Content-Type', [{ value: 'text/html' }]),
      door,
      /keys headers by the lower-cased name \("content-type"\)/,
    )
    rejects(
      withHeader('bad name', [{ value: 'x' }]),
      door,
      /^headers\["bad name"\]: the name is not an RFC 9110 token/,
    )
    rejects(
      withHeader('content-type', [{ key: 'Content-Length', value: 'text/html' }]),
      door,
      /^headers\["content-type"\]\[0\]\.key: "Content-Length" is not the name "content-type" in another case/,
    )
    rejects({ status: '200', headers: [] }, door, /^headers: must be a plain object/)
  }
})

headers('refuses every disallowed header, in a response and in a request continuing', () => {
  const names = [
    'connection',
    'expect',
    'keep-alive',
    'proxy-authenticate',
    'proxy-authorization',
    'proxy-connection',
    'trailer',
    'upgrade',
    'x-accel-buffering',
    'x-accel-charset',
    'x-accel-limit-rate',
    'x-accel-redirect',
    'x-amz-cf-id',
    'x-amz-cf-pop',
    'x-amzn-auth',
    'x-amzn-cf-billing',
    'x-amzn-cf-id',
    'x-amzn-cf-xff',
    'x-amzn-errortype',
    'x-amzn-fle-profile',
    'x-amzn-header-count',
    'x-amzn-header-order',
    'x-amzn-lambda-integration-tag',
    'x-amzn-requestid',
    'x-cache',
    'x-edge-location',
    'x-forwarded-proto',
    'x-real-ip',
  ]
  for (const name of names) {
    for (const door of CLOUDFRONT_DOORS) {
      rejects(
        withHeader(name, [{ value: 'x' }]),
        door,
        new RegExp(`^headers\\["${name}"\\]: a disallowed header`),
      )
    }
    for (const door of REQUEST_DOORS) {
      const request = givenOf(door)
      ;(request.headers as Obj)[name] = [{ value: 'x' }]
      rejects(request, door, new RegExp(`^headers\\["${name}"\\]: a disallowed header`))
    }
  }
})

headers('refuses cookies joined with a comma where each needs an entry', () => {
  for (const door of CLOUDFRONT_DOORS) {
    rejects(
      withHeader('set-cookie', [{ key: 'Set-Cookie', value: 'a=1, b=2' }]),
      door,
      /a comma-joined list of cookies/,
    )
  }
})

headers('refuses Content-Length, Transfer-Encoding and Via in a generated response', () => {
  for (const door of REQUEST_DOORS) {
    for (const name of ['content-length', 'transfer-encoding', 'via']) {
      rejects(
        withHeader(name, [{ value: '1' }]),
        door,
        new RegExp(`^headers\\["${name}"\\]: a generated response never carries it`),
      )
    }
  }
})

headers.run()

// ---

const readOnly = suite('read-only headers and fields, against the event')

/** A published event with these headers added to `cf.request` or `cf.response`. */
const eventWith = (file: string, where: 'request' | 'response', added: Obj): Obj => {
  const event = loadEvent(file)
  Object.assign((cfOf(event)[where] as Obj).headers as Obj, added)
  return event
}

readOnly('refuses a read-only header changed, deleted or added, trigger by trigger', () => {
  const cases: Array<[CloudFrontDoor, Obj, string]> = [
    ['cloudfront-viewer-request', eventOf('cloudfront-viewer-request'), 'host'],
    [
      'cloudfront-viewer-request',
      loadEvent('cloudfront/serverless-express-viewer-request-post-body.json'),
      'content-length',
    ],
    ['cloudfront-origin-request', eventOf('cloudfront-origin-request'), 'via'],
    [
      'cloudfront-origin-request',
      loadEvent('cloudfront/cloudfront-extensions-origin-request-s3-origin.json'),
      'accept-encoding',
    ],
    [
      'cloudfront-origin-response',
      eventWith(EDGE_EVENT_OF['cloudfront-origin-response'], 'response', {
        'transfer-encoding': [{ key: 'Transfer-Encoding', value: 'chunked' }],
      }),
      'transfer-encoding',
    ],
    ['cloudfront-viewer-response', eventOf('cloudfront-viewer-response'), 'content-length'],
  ]
  for (const [door, event, name] of cases) {
    const changed = givenOf(door, event)
    ;(changed.headers as Obj)[name] = [{ value: 'changed' }]
    rejects(
      changed,
      door,
      new RegExp(`^headers\\["${name}"\\]: read-only on .*; the function cannot change`),
      event,
    )
    const deleted = givenOf(door, event)
    delete (deleted.headers as Obj)[name]
    rejects(
      deleted,
      door,
      new RegExp(`^headers\\["${name}"\\]: read-only on .*; the function cannot delete it`),
      event,
    )
    // The same result judged without the event says nothing of it: the rule needs the event.
    assert.ok(!violations(deleted, door).some((text) => text.includes('read-only')), door)
  }
  const added: Array<[CloudFrontDoor, string]> = [
    ['cloudfront-viewer-request', 'cdn-loop'],
    ['cloudfront-origin-request', 'if-none-match'],
    ['cloudfront-origin-response', 'via'],
    ['cloudfront-viewer-response', 'warning'],
  ]
  for (const [door, name] of added) {
    const event = eventOf(door)
    const result = givenOf(door, event)
    ;(result.headers as Obj)[name] = [{ value: '1' }]
    rejects(
      result,
      door,
      new RegExp(`^headers\\["${name}"\\]: read-only on .*; the function cannot add it`),
      event,
    )
  }
})

readOnly('lets each trigger change what is read-only only elsewhere', () => {
  // Host is read-only in viewer requests, not in origin requests (the guide changes it there).
  const event = eventOf('cloudfront-origin-request')
  const request = givenOf('cloudfront-origin-request', event)
  ;(request.headers as Obj).host = [{ key: 'host', value: 'eu.example.com' }]
  accepts(request, 'cloudfront-origin-request', event)
  // Content-Length is read-only in viewer responses, not in origin responses.
  const origin = eventOf('cloudfront-origin-response')
  const response = givenOf('cloudfront-origin-response', origin)
  delete (response.headers as Obj)['content-length']
  accepts(response, 'cloudfront-origin-response', origin)
})

readOnly('takes a key spelled in another case as the same read-only value', () => {
  const event = eventOf('cloudfront-viewer-request')
  const request = givenOf('cloudfront-viewer-request', event)
  ;(request.headers as Obj).host = [{ key: 'HOST', value: 'd111111abcdef8.cloudfront.net' }]
  accepts(request, 'cloudfront-viewer-request', event)
})

readOnly('refuses a request whose method or client IP is not the event’s', () => {
  const event = eventOf('cloudfront-viewer-request')
  rejects(
    { ...givenOf('cloudfront-viewer-request', event), method: 'POST' },
    'cloudfront-viewer-request',
    /^method: read-only; it stays the string "GET"/,
    event,
  )
  rejects(
    { ...givenOf('cloudfront-viewer-request', event), clientIp: '10.0.0.1' },
    'cloudfront-viewer-request',
    /^clientIp: read-only/,
    event,
  )
  const post = loadEvent('cloudfront/serverless-express-viewer-request-post-body.json')
  const truncated = givenOf('cloudfront-viewer-request', post)
  ;(truncated.body as Obj).inputTruncated = true
  rejects(truncated, 'cloudfront-viewer-request', /^body\.inputTruncated: read-only/, post)
})

readOnly('refuses a viewer-response status change, and takes an origin-response one', () => {
  const viewer = eventOf('cloudfront-viewer-response')
  rejects(
    { ...givenOf('cloudfront-viewer-response', viewer), status: '404' },
    'cloudfront-viewer-response',
    /^status: a viewer-response function cannot change the status \("200" in the event, "404" here\)$/,
    viewer,
  )
  const origin = eventOf('cloudfront-origin-response')
  accepts(
    { ...givenOf('cloudfront-origin-response', origin), status: '404', statusDescription: 'Not Found' },
    'cloudfront-origin-response',
    origin,
  )
})

readOnly('refuses a body in an answer to a HEAD request', () => {
  for (const door of CLOUDFRONT_DOORS) {
    const event = eventOf(door)
    ;(cfOf(event).request as Obj).method = 'HEAD'
    rejects({ status: '200', body: '' }, door, /^body: the request is a HEAD/, event)
    accepts({ ...(REQUEST_DOORS.includes(door) ? {} : givenOf(door, event)), status: '200' }, door, event)
  }
})

readOnly(
  'refuses to judge against an event of another trigger, and never throws on one it cannot read',
  () => {
    rejects(
      givenOf('cloudfront-origin-response'),
      'cloudfront-origin-response',
      /^event: its eventType is the string "viewer-response", not "origin-response"/,
      eventOf('cloudfront-viewer-response'),
    )
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap')
        },
      },
    )
    for (const event of [undefined, null, {}, { Records: [] }, { Records: [{ cf: trap }] }]) {
      const found = eventViolations({ status: '200' }, 'cloudfront-viewer-response', event)
      assert.ok(found.length > 0 && found.every((text) => text.startsWith('event: ')), JSON.stringify(found))
    }
    // The proxy doors need nothing from the event.
    const rest = loadEvent('apigw-rest/powertools-ts-no-auth-post.json')
    assert.equal(eventViolations({ statusCode: 200 }, 'rest', rest), [])
  },
)

readOnly('assertContract applies the event’s rules when given the event', () => {
  const event = eventOf('cloudfront-viewer-response')
  const changed = { ...givenOf('cloudfront-viewer-response', event), status: '500' }
  assertContract(changed, 'cloudfront-viewer-response')
  assert.throws(
    () => assertContract(changed, 'cloudfront-viewer-response', 'on a viewer response', event),
    /^on a viewer response: the cloudfront-viewer-response front door would not accept this result:\n {2}- status: a viewer-response/,
  )
})

readOnly.run()

// ---

const body = suite('CloudFront bodies')

body('refuses a body on a 204 or a 304, an empty one included', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const status of ['204', '304']) {
      for (const text of ['', 'x']) {
        rejects(
          { status, body: text },
          door,
          new RegExp(`^body: a ${status} response carries no body key at all`),
        )
      }
    }
  }
})

body('refuses a body that is not a string', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const value of [{ a: 1 }, 42, null, ['a']]) {
      rejects({ status: '200', body: value }, door, /^body: must be a string or absent/)
    }
    rejects(
      { status: '200', body: Buffer.from('x') },
      door,
      /^body: must be a string or absent, not a Buffer/,
    )
  }
})

body('refuses an encoding that is not text or base64, and a base64 body that is not valid base64', () => {
  for (const door of CLOUDFRONT_DOORS) {
    for (const bodyEncoding of ['binary', 'BASE64', 'utf8', true]) {
      rejects({ status: '200', body: 'x', bodyEncoding }, door, /^bodyEncoding: must be "text" or "base64"/)
    }
    for (const text of ['plain text!', 'aGk', 'aGk==', 'a-_b', '====']) {
      rejects(
        { status: '200', body: text, bodyEncoding: 'base64' },
        door,
        /^body: bodyEncoding is "base64" but the body is not standard padded base64/,
      )
    }
    accepts({ status: '200', body: 'plain text!', bodyEncoding: 'text' }, door)
  }
})

body('refuses an origin-response body next to a Content-Length that does not count it', () => {
  const door = 'cloudfront-origin-response'
  const event = eventOf(door)
  rejects(
    { ...givenOf(door, event), body: 'hello' },
    door,
    /^headers\["content-length"\]: says "9593" but the body sent is 5 bytes/,
    event,
  )
  const right = givenOf(door, event)
  ;(right.headers as Obj)['content-length'] = [{ key: 'Content-Length', value: '3' }]
  accepts({ ...right, body: 'AAH/', bodyEncoding: 'base64' }, door, event)
})

body.run()

// ---

const requests = suite('a request trigger continuing with the request')

const viewerRequest = (): Obj => givenOf('cloudfront-viewer-request')

requests(
  'refuses a uri that does not begin with "/" or holds a space, a control character, "?" or "#"',
  () => {
    for (const uri of ['index.html', '', 'https://example.com/']) {
      rejects({ ...viewerRequest(), uri }, 'cloudfront-viewer-request', /^uri: must begin with "\/"/)
    }
    for (const uri of ['/a b', '/a?b=1', '/a#top', '/a\r\n']) {
      rejects(
        { ...viewerRequest(), uri },
        'cloudfront-viewer-request',
        /^uri: holds a space, a control character, "\?" or "#"/,
      )
    }
    rejects(
      { ...viewerRequest(), uri: 7 },
      'cloudfront-viewer-request',
      /^uri: must be a string starting with "\/"/,
    )
  },
)

requests('refuses a query string with a space, a control character or "#"', () => {
  for (const querystring of ['a=1 2', 'a=1#top', 'a=\n']) {
    rejects(
      { ...viewerRequest(), querystring },
      'cloudfront-viewer-request',
      /^querystring: holds a space, a control character or "#"/,
    )
  }
  rejects(
    { ...viewerRequest(), querystring: { a: '1' } },
    'cloudfront-viewer-request',
    /^querystring: must be a string/,
  )
})

requests('holds the uri and its query string under 8,192 characters', () => {
  const at = (length: number): Obj => ({ ...viewerRequest(), uri: '/a', querystring: 'q'.repeat(length - 3) })
  accepts(at(8191), 'cloudfront-viewer-request')
  rejects(
    at(8192),
    'cloudfront-viewer-request',
    /^uri: with the query string it is 8192 characters; it must be less than 8192$/,
  )
})

requests('refuses a request without its method or headers, or with keys a request does not have', () => {
  const { method: _m, ...noMethod } = viewerRequest()
  rejects(noMethod, 'cloudfront-viewer-request', /^method: must be the request's method/)
  const { headers: _h, ...noHeaders } = viewerRequest()
  rejects(noHeaders, 'cloudfront-viewer-request', /^headers: missing/)
  rejects(
    { ...viewerRequest(), response: {} },
    'cloudfront-viewer-request',
    /^unknown key "response": a cloudfront-viewer-request request knows only/,
  )
})

requests('refuses an origin set by a viewer-request function, or not exactly one origin', () => {
  rejects(
    { ...viewerRequest(), origin: { custom: {} } },
    'cloudfront-viewer-request',
    /^origin: only an origin-request function can set the origin/,
  )
  const origin = givenOf('cloudfront-origin-request')
  const custom = (origin.origin as Obj).custom
  for (const value of [
    { custom, s3: { domainName: 'b.s3.amazonaws.com' } },
    {},
    { http: {} },
    { custom: 'x' },
  ]) {
    rejects(
      { ...origin, origin: value },
      'cloudfront-origin-request',
      /^origin: must hold exactly one origin object, custom or s3/,
    )
  }
})

requests('refuses CloudFront-Viewer-Country added by a viewer-request function, and only there', () => {
  const request = viewerRequest()
  ;(request.headers as Obj)['cloudfront-viewer-country'] = [{ key: 'CloudFront-Viewer-Country', value: 'GB' }]
  rejects(
    request,
    'cloudfront-viewer-request',
    /^headers\["cloudfront-viewer-country"\]: a viewer-request function cannot add it/,
  )
  const origin = givenOf('cloudfront-origin-request')
  ;(origin.headers as Obj)['cloudfront-viewer-country'] = [{ key: 'CloudFront-Viewer-Country', value: 'GB' }]
  accepts(origin, 'cloudfront-origin-request')
})

requests('refuses a request body replaced with invalid base64, or with an unknown action or encoding', () => {
  const post = (): Obj =>
    givenOf(
      'cloudfront-viewer-request',
      loadEvent('cloudfront/serverless-express-viewer-request-post-body.json'),
    )
  const replaced = (fields: Obj): Obj => {
    const request = post()
    Object.assign(request.body as Obj, fields)
    return request
  }
  rejects(
    replaced({ action: 'replace', data: 'not base64!' }),
    'cloudfront-viewer-request',
    /^body\.data: the body replaces the request as base64/,
  )
  rejects(
    replaced({ action: 'replace', encoding: undefined, data: 'aGk' }),
    'cloudfront-viewer-request',
    /^body\.data: /,
  )
  // A read-only body's data is ignored by CloudFront, so it is not judged.
  accepts(replaced({ data: 'not base64!' }), 'cloudfront-viewer-request')
  rejects(
    replaced({ action: 'delete' }),
    'cloudfront-viewer-request',
    /^body\.action: must be "read-only" or "replace"/,
  )
  rejects(
    replaced({ encoding: 'utf8' }),
    'cloudfront-viewer-request',
    /^body\.encoding: must be "base64" or "text"/,
  )
  rejects(replaced({ data: 5 }), 'cloudfront-viewer-request', /^body\.data: must be a string/)
  rejects(replaced({ size: 14 }), 'cloudfront-viewer-request', /^body: unknown key "size"/)
  rejects(
    { ...post(), body: 'name=Sam' },
    'cloudfront-viewer-request',
    /^body: a request's body must be \{ action, encoding, data \}/,
  )
})

requests.run()

// ---

const size = suite('CloudFront size limits')

/** A response whose serialized JSON is exactly `bytes` bytes long. */
const ofSize = (bytes: number): Obj => {
  const shell = { status: '200', body: '' }
  const room = bytes - Buffer.byteLength(JSON.stringify(shell))
  const result = { ...shell, body: `${'日'.repeat(Math.floor(room / 3))}${'x'.repeat(room % 3)}` }
  assert.is(Buffer.byteLength(JSON.stringify(result)), bytes)
  return result
}

size('accepts exactly 40,000 bytes on the viewer triggers and refuses one byte more', () => {
  for (const door of VIEWER_DOORS) {
    accepts(ofSize(40_000), door)
    rejects(
      ofSize(40_001),
      door,
      new RegExp(`^size: the serialized result is 40001 bytes, over the ${door} limit of 40000 bytes$`),
    )
  }
})

size('accepts exactly 1,000,000 bytes on the origin triggers and refuses one byte more', () => {
  for (const door of ORIGIN_DOORS) {
    accepts(ofSize(40_001), door)
    accepts(ofSize(1_000_000), door)
    rejects(
      ofSize(1_000_001),
      door,
      /^size: the serialized result is 1000001 bytes, over the .* limit of 1000000 bytes$/,
    )
  }
})

size('counts a base64 body as the text sent, not the bytes it decodes to', () => {
  const bytes = Buffer.alloc(29_997)
  const result = { status: '200', body: bytes.toString('base64'), bodyEncoding: 'base64' }
  assert.ok(Buffer.byteLength(JSON.stringify(result)) > 40_000)
  rejects(result, 'cloudfront-viewer-request', /^size: /)
})

size.run()

// ---

const helpers = suite('decodedBody, noLeak and hostile results on CloudFront')

helpers('decodedBody gives the bytes of a CloudFront body, by its bodyEncoding', () => {
  assert.equal([...decodedBody({ status: '200', body: 'AAH/', bodyEncoding: 'base64' })], [0, 1, 255])
  assert.is(decodedBody({ status: '200', body: 'é', bodyEncoding: 'text' }).length, 2)
  assert.is(decodedBody({ status: '200', body: 'AAH/' }).toString(), 'AAH/')
  assert.is(decodedBody({ status: '204' }).length, 0)
  // A request continuing: its body.data, base64 unless its encoding says text.
  const post = givenOf(
    'cloudfront-viewer-request',
    loadEvent('cloudfront/serverless-express-viewer-request-post-body.json'),
  )
  assert.is(decodedBody(post).toString(), '{"name":"Sam"}')
  Object.assign(post.body as Obj, { action: 'replace', encoding: 'text', data: 'a=1' })
  assert.is(decodedBody(post).toString(), 'a=1')
  assert.is(decodedBody(viewerRequest()).length, 0)
})

helpers('noLeak finds a secret in a header entry, a status description or a base64 body', () => {
  const secret = 'password=hunter2'
  assert.equal(noLeak({ status: '500', body: 'Internal Server Error' }, [secret]), [])
  for (const result of [
    { status: '500', headers: { 'x-debug': [{ key: 'X-Debug', value: secret }] } },
    { status: '500', statusDescription: secret },
    { status: '500', body: Buffer.from(`stack: ${secret}`).toString('base64'), bodyEncoding: 'base64' },
  ]) {
    assert.match(
      noLeak(result, [secret])[0] ?? '',
      /the secret "password=hunter2" appears in/,
      JSON.stringify(result),
    )
  }
  const post = givenOf(
    'cloudfront-viewer-request',
    loadEvent('cloudfront/serverless-express-viewer-request-post-body.json'),
  )
  assert.match(noLeak(post, ['"Sam"'])[0] ?? '', /appears in the decoded body/)
})

helpers('never throws on a result it cannot read, and says why', () => {
  const getter = Object.defineProperty({ status: '200' }, 'body', {
    enumerable: true,
    get() {
      throw new Error('getter body')
    },
  })
  const cycle: Obj = { status: '200' }
  cycle.headers = { self: [{ value: 'x', cycle }] }
  for (const door of CLOUDFRONT_DOORS) {
    const read = violations(getter, door)
    assert.ok(
      read.some((text) => /could not be read \(getter body\)/.test(text)),
      JSON.stringify(read),
    )
    const loop = violations(cycle, door)
    assert.ok(
      loop.some((text) => /cannot be serialized as JSON/.test(text)),
      JSON.stringify(loop),
    )
  }
})

helpers.run()
