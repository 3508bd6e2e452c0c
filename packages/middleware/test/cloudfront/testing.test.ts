// The testing subpath on CloudFront: the four Lambda@Edge event builders compared with the published
// sample events key by key, what they refuse, and `invoke` on each trigger: a generated response
// decoded, a request sent on (`res.request`), a response trigger's response, and read-only headers
// judged against the event as it was before the handler changed it in place. Every result `invoke`
// passes is judged by the oracle too, against the event as it was sent.
import { deepStrictEqual } from 'node:assert/strict'
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type CloudFrontRequestResult,
  type CloudFrontResult,
  type CloudFrontTrigger,
  FRONT_DOORS,
  type FrontDoor,
  proxyResponse,
} from '../../src/index.js'
import { event, events, InvalidProxyResultError, invoke } from '../../src/testing/index.js'
import { edgeEvents, loadEvent } from '../events.js'
import { assertContract, doorOf } from '../oracle/contract.js'
import { cfOf, type Entry, type Obj } from './helpers.js'

const isEdge = (door: FrontDoor): door is CloudFrontTrigger => door.startsWith('cloudfront-')
const TRIGGERS: readonly CloudFrontTrigger[] = FRONT_DOORS.filter(isEdge)
const isRequestTrigger = (door: CloudFrontTrigger): boolean => door.endsWith('-request')
const isViewer = (door: CloudFrontTrigger): boolean => door.includes('-viewer-')

/** The published sample events of each trigger, told apart by the oracle. */
const published = new Map<CloudFrontTrigger, Obj[]>()
for (const file of edgeEvents()) {
  const sample = loadEvent(file)
  const door = doorOf(sample) as CloudFrontTrigger
  published.set(door, [...(published.get(door) ?? []), sample])
}
const allSamples = [...published.values()].flat()

/** The keys of a value, and the kind of what each holds, all the way down; an array by its first item. */
const shape = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.slice(0, 1).map(shape)
  if (typeof value !== 'object' || value === null) return typeof value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, shape((value as Obj)[key])]),
  )
}

/** `value` without `keys`: what is left to compare once the parts compared on their own are out. */
const without = (value: unknown, ...keys: string[]): Obj =>
  Object.fromEntries(Object.entries(value as Obj).filter(([key]) => !keys.includes(key)))

const requestOf = (made: unknown): Obj => cfOf(made as Obj).request as Obj
const responseOf = (made: unknown): Obj => cfOf(made as Obj).response as Obj
const headersOf = (part: Obj): Record<string, Entry[]> => part.headers as Record<string, Entry[]>
const valuesOf = (part: Obj, name: string): string[] | undefined =>
  headersOf(part)[name]?.map((entry) => entry.value)

/** A JSON copy: the event as CloudFront sent it, before the handler changes it in place. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value))

/** Everything a trigger's event can carry. */
const fullInput = (door: CloudFrontTrigger) => ({
  method: 'post',
  path: '/orders/7?dry=1',
  query: { tag: ['a', 'b c'] },
  headers: { 'X-Request-Id': 'r-1', Accept: ['text/html', 'application/json'] },
  cookies: { session: 'abc' },
  sourceIp: '198.51.100.7',
  ...(isRequestTrigger(door) ? { body: { item: 'tea' } } : { response: { status: 200 } }),
  ...(isViewer(door) ? {} : { origin: 's3' as const }),
})

/** The event of every trigger, bare, with everything it can carry, and with each origin. */
const variants = (door: CloudFrontTrigger): Array<[string, unknown]> => [
  [`${door}, bare`, event(door)],
  [`${door}, everything`, event(door, fullInput(door) as never)],
  ...(isViewer(door)
    ? []
    : (['custom', 's3'] as const).map((origin): [string, unknown] => [
        `${door}, ${origin} origin`,
        event(door, { origin }),
      ])),
]

/** Every header map of an event: the request's, and the response's on a response trigger. */
const headerMaps = (made: unknown): Array<Record<string, Entry[]>> => [
  headersOf(requestOf(made)),
  ...(responseOf(made) ? [headersOf(responseOf(made))] : []),
]

// ---

const Builders = suite("the testing subpath's CloudFront events, against the published samples")

Builders('every trigger has published samples, and its builder makes an event the oracle tells as it', () => {
  assert.equal(TRIGGERS.length, 4)
  for (const door of TRIGGERS) {
    assert.ok((published.get(door) ?? []).length > 0, door)
    for (const [name, made] of variants(door)) assert.is(doorOf(made), door, name)
  }
})

Builders('Records[0], cf and cf.config have the keys of every sample of the trigger, no more', () => {
  for (const door of TRIGGERS) {
    const samples = published.get(door) ?? []
    for (const [name, made] of variants(door)) {
      const record = (made as { Records: Obj[] }).Records
      assert.is(record.length, 1, name)
      for (const sample of samples) {
        const theirs = cfOf(sample)
        assert.equal(Object.keys(record[0] as Obj), Object.keys((sample.Records as Obj[])[0] as Obj), name)
        assert.equal(Object.keys(cfOf(made as Obj)).sort(), Object.keys(theirs).sort(), name)
        assert.equal(shape(cfOf(made as Obj).config), shape(theirs.config), name)
      }
      const config = cfOf(made as Obj).config as Obj
      assert.is(config.eventType, door.slice('cloudfront-'.length), name)
      assert.match(String(config.distributionDomainName), /^[a-z0-9]+\.cloudfront\.net$/, name)
      // As long as the ids of the captured samples (the guide's are one longer), a new one each time.
      assert.ok(
        allSamples.some(
          (sample) =>
            String((cfOf(sample).config as Obj).requestId).length === String(config.requestId).length,
        ),
        name,
      )
      assert.match(String(config.requestId), /^[\w-]+==$/, name)
    }
    assert.is.not(
      (cfOf(event(door) as never).config as Obj).requestId,
      (cfOf(event(door) as never).config as Obj).requestId,
    )
  }
})

Builders('the request has the keys of a sample of the trigger; a body the include-body sample has', () => {
  const included = allSamples.map((sample) => requestOf(sample).body).find((body) => body !== undefined)
  assert.ok(included, 'a published sample has an include-body body')
  const origins = allSamples.map((sample) => requestOf(sample).origin).filter(Boolean)
  for (const door of TRIGGERS) {
    const theirs = (published.get(door) ?? []).map((sample) => requestOf(sample))
    for (const [name, made] of variants(door)) {
      const request = requestOf(made)
      // `origin` on the origin triggers only, as in their samples.
      assert.equal(
        shape(without(request, 'headers', 'body', 'origin')),
        shape(without(theirs[0], 'headers', 'body', 'origin')),
        name,
      )
      assert.is(
        'origin' in request,
        theirs.every((sample) => 'origin' in sample),
        name,
      )
      if (request.origin !== undefined) {
        assert.ok(
          origins.some((origin) => JSON.stringify(shape(origin)) === JSON.stringify(shape(request.origin))),
          `${name}: an origin no sample has: ${JSON.stringify(shape(request.origin))}`,
        )
      }
      if (request.body === undefined) continue
      assert.equal(shape(request.body), shape(included), name)
      assert.equal(without(request.body, 'data'), without(included, 'data'), name)
    }
  }
})

Builders('a response trigger carries the response: the keys of its samples, the status a string', () => {
  for (const door of TRIGGERS.filter((name) => !isRequestTrigger(name))) {
    const theirs = responseOf(published.get(door)?.[0])
    for (const [name, made] of variants(door)) {
      assert.equal(shape(without(responseOf(made), 'headers')), shape(without(theirs, 'headers')), name)
      assert.is(responseOf(made).status, theirs.status, name)
      assert.is(responseOf(made).statusDescription, theirs.statusDescription, name)
    }
  }
  const notFound = responseOf(
    events.cloudFrontOriginResponse({
      response: { status: 404, headers: { 'Cache-Control': 'no-store', 'content-type': 'text/plain' } },
    }),
  )
  assert.is(notFound.status, '404')
  assert.is(notFound.statusDescription, 'Not Found')
  assert.equal(headersOf(notFound)['cache-control'], [{ key: 'Cache-Control', value: 'no-store' }])
  assert.equal(valuesOf(notFound, 'content-type'), ['text/plain'])
  assert.is(responseOf(events.cloudFrontViewerResponse({ response: { status: '304' } })).status, '304')
  assert.is(
    responseOf(events.cloudFrontViewerResponse({ response: { statusDescription: 'Fine' } }))
      .statusDescription,
    'Fine',
  )
})

Builders('headers are CloudFront entries: by lower-case name, each value its own { key, value }', () => {
  const entryShape = shape(headersOf(requestOf(allSamples[0])).host)
  for (const sample of allSamples) {
    for (const map of headerMaps(sample)) {
      for (const [name, entries] of Object.entries(map)) {
        assert.equal(shape(entries), entryShape, `sample ${name}`)
        for (const entry of entries) assert.is(entry.key?.toLowerCase(), name)
      }
    }
  }
  for (const door of TRIGGERS) {
    for (const [label, made] of variants(door)) {
      for (const map of headerMaps(made)) {
        for (const [name, entries] of Object.entries(map)) {
          assert.is(name, name.toLowerCase(), label)
          assert.ok(entries.length > 0, `${label} ${name}`)
          for (const entry of entries) {
            assert.equal(Object.keys(entry).sort(), ['key', 'value'], `${label} ${name}`)
            assert.type(entry.value, 'string')
            assert.is(entry.key?.toLowerCase(), name, `${label} ${name}`)
          }
        }
      }
    }
  }
})

Builders(
  "the input, in CloudFront's words: uri, querystring without ?, method, clientIp, one Cookie header",
  () => {
    for (const door of TRIGGERS) {
      const request = requestOf(
        event(door, {
          ...fullInput(door),
          headers: { 'X-Request-Id': 'r-1', Accept: ['text/html', 'application/json'], cookie: 'a=0' },
        } as never),
      )
      assert.is(request.uri, '/orders/7', door)
      assert.is(request.querystring, 'dry=1&tag=a&tag=b%20c', door)
      assert.is(request.method, 'POST', door)
      assert.is(request.clientIp, '198.51.100.7', door)
      assert.equal(headersOf(request)['x-request-id'], [{ key: 'X-Request-Id', value: 'r-1' }], door)
      assert.equal(
        headersOf(request).accept,
        [
          { key: 'Accept', value: 'text/html' },
          { key: 'Accept', value: 'application/json' },
        ],
        door,
      )
      // The given cookies after those of a given header, in one header as a viewer sends them.
      assert.equal(headersOf(request).cookie, [{ key: 'cookie', value: 'a=0; session=abc' }], door)
      const bare = requestOf(event(door))
      assert.is(bare.uri, '/', door)
      assert.is(bare.querystring, '', door)
      assert.is(bare.method, 'GET', door)
      assert.ok(!('body' in bare), door)
    }
    // Two spellings of one name are one header.
    const twice = requestOf(events.cloudFrontViewerRequest({ headers: { 'X-A': '1', 'x-a': '2' } }))
    assert.equal(headersOf(twice)['x-a'], [
      { key: 'X-A', value: '1' },
      { key: 'x-a', value: '2' },
    ])
    assert.ok(!('X-A' in headersOf(twice)))
  },
)

Builders('a body is the include-body option: base64, its length, and a JSON type unless given', () => {
  for (const door of TRIGGERS.filter(isRequestTrigger)) {
    const json = requestOf(event(door, { method: 'POST', body: { item: 'tea' } }))
    assert.equal(json.body, {
      action: 'read-only',
      data: Buffer.from('{"item":"tea"}').toString('base64'),
      encoding: 'base64',
      inputTruncated: false,
    })
    assert.equal(valuesOf(json, 'content-type'), ['application/json'], door)
    assert.equal(valuesOf(json, 'content-length'), ['14'], door)
    const bytes = requestOf(event(door, { method: 'PUT', body: new Uint8Array([0, 255, 16, 128, 127]) }))
    assert.is((bytes.body as Obj).data, 'AP8QgH8=', door)
    assert.equal(valuesOf(bytes, 'content-length'), ['5'], door)
    assert.is(valuesOf(bytes, 'content-type'), undefined, door)
    const given = requestOf(
      event(door, { method: 'POST', body: [1], headers: { 'Content-Type': 'application/vnd.api+json' } }),
    )
    assert.equal(headersOf(given)['content-type'], [
      { key: 'Content-Type', value: 'application/vnd.api+json' },
    ])
  }
  // The serverless-express sample's body is 14 bytes, its content-length too.
  const sample = requestOf(allSamples.find((made) => requestOf(made).body !== undefined))
  assert.equal(valuesOf(sample, 'content-length'), [
    String(Buffer.from(String((sample.body as Obj).data), 'base64').length),
  ])
})

Builders(
  "origin triggers carry CloudFront's own request headers and the origin's host; viewer triggers the viewer's",
  () => {
    for (const door of TRIGGERS) {
      const samples = published.get(door) ?? []
      for (const [name, made] of [
        ...samples.map((sample): [string, unknown] => ['sample', sample]),
        ...variants(door),
      ]) {
        const request = requestOf(made)
        const config = cfOf(made as Obj).config as Obj
        const host = valuesOf(request, 'host')
        if (isViewer(door)) {
          assert.equal(host, [config.distributionDomainName], `${name} host`)
          for (const own of ['via', 'x-forwarded-for'])
            assert.is(valuesOf(request, own), undefined, `${name} ${own}`)
          assert.is.not(valuesOf(request, 'user-agent')?.[0], 'Amazon CloudFront', name)
          continue
        }
        const origin = request.origin as { custom?: Obj; s3?: Obj }
        assert.equal(host, [(origin.custom ?? origin.s3)?.domainName], `${name} host`)
        assert.equal(valuesOf(request, 'user-agent'), ['Amazon CloudFront'], name)
        assert.ok(
          valuesOf(request, 'x-forwarded-for')?.[0]?.endsWith(String(request.clientIp)) || name === 'sample',
          name,
        )
      }
      if (!isViewer(door)) {
        const via = valuesOf(requestOf(event(door)), 'via')?.[0] ?? ''
        const theirs = valuesOf(requestOf(samples[0]), 'via')?.[0] ?? ''
        assert.match(via, /^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/)
        assert.is(via.length, theirs.length, door)
        assert.equal(valuesOf(requestOf(event(door)), 'x-forwarded-for'), [requestOf(event(door)).clientIp])
      }
    }
    // A header given replaces CloudFront's default of that name.
    assert.equal(
      valuesOf(
        requestOf(events.cloudFrontOriginRequest({ headers: { 'User-Agent': 'probe/1' } })),
        'user-agent',
      ),
      ['probe/1'],
    )
  },
)

Builders('refuses what a trigger cannot carry, with a TypeError that says what to do', () => {
  const refusal = (fn: () => unknown): string => {
    try {
      fn()
    } catch (error) {
      assert.instance(error, TypeError)
      return (error as TypeError).message
    }
    assert.unreachable('should throw')
    return ''
  }
  for (const door of TRIGGERS) {
    assert.match(
      refusal(() => event(door, { authorizer: { jwt: {} } } as never)),
      /^events\.cloudFront\w+\(\) takes no authorizer: CloudFront runs no authorizer .*give them in headers \(authorization\) or cookies\.$/,
      door,
    )
    if (!isRequestTrigger(door)) {
      // A response trigger sees no request body: one given (in a loop over every front door) leaves
      // only the headers a request with a body has.
      const request = requestOf(event(door, { body: { item: 'tea' } } as never))
      assert.not.ok('body' in request, door)
      assert.equal(headersOf(request)['content-type']?.[0]?.value, 'application/json', door)
    }
    if (isViewer(door)) {
      assert.match(
        refusal(() => event(door, { origin: 'custom' } as never)),
        /takes no origin: CloudFront names the origin to the origin triggers only: build the event with events\.cloudFrontOriginRequest\(\)/,
      )
    }
    if (isRequestTrigger(door)) {
      assert.match(
        refusal(() => event(door, { response: {} } as never)),
        /takes no response: a request trigger runs before there is a response: build the event with events\.cloudFrontOriginResponse\(\)/,
      )
    }
  }
  assert.is(
    refusal(() => events.cloudFrontOriginRequest({ origin: 'http' as never })),
    `events.cloudFrontOriginRequest(): the origin must be 'custom' or 's3', not "http".`,
  )
  assert.is(
    refusal(() => events.cloudFrontViewerResponse({ response: { status: 'OK' } })),
    'events.cloudFrontViewerResponse(): response.status must be an HTTP status code, 100 to 599, not "OK".',
  )
  assert.match(
    refusal(() => events.cloudFrontViewerRequest({ body: () => 1 })),
    /string, bytes or a JSON value/,
  )
})

Builders('a built event is plain JSON, and keeps its brand through a shallow copy', async () => {
  for (const door of TRIGGERS) {
    for (const [name, made] of variants(door)) deepStrictEqual(copy(made), made, name)
  }
  // The brand rides on Records[0], which a shallow copy shares: changed there into another trigger's
  // event, it is refused.
  const made = events.cloudFrontViewerRequest()
  const shallow = { ...made }
  ;(cfOf(shallow as never).config as Obj).eventType = 'origin-request'
  try {
    await invoke(() => undefined, shallow)
    assert.unreachable('invoke should reject')
  } catch (error) {
    assert.match(
      String(error),
      'made by events.cloudFrontViewerRequest() but now has the shape of a cloudfront-origin-request event',
    )
  }
})

Builders.run()

// ---

const Invoke = suite('invoke on CloudFront')

/** A handler behind proxyResponse(), logger silenced. */
const behind = <T>(handler: (event: T) => unknown) =>
  middy(async (event: T) => handler(event)).use(proxyResponse({ logger: false }))

/** The triggers whose response may carry a body of the function's: a viewer response's is the origin's. */
const BODY_TRIGGERS = TRIGGERS.filter((door) => door !== 'cloudfront-viewer-response')

Invoke(
  'decodes a generated response: the status a number, headers and cookies from the entries, the body',
  async () => {
    const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']
    for (const door of BODY_TRIGGERS) {
      const sent = event(door)
      const given = copy(sent)
      const res = await invoke(
        behind(() => ({
          statusCode: 404,
          headers: { 'Cache-Control': 'no-store', Vary: 'Accept' },
          cookies,
          body: { error: 'not found' },
        })),
        sent,
      )
      assertContract(res.result, door, door, given)
      assert.is(res.statusCode, 404, door)
      assert.is(res.frontDoor, door)
      assert.ok('status' in res.result && res.result.status === '404', door)
      assert.is(res.headers['cache-control'], 'no-store', door)
      assert.is(res.headers.vary, 'Accept', door)
      assert.is(res.headers['content-type'], 'application/json', door)
      assert.equal(res.cookies, cookies, door)
      assert.is(res.headers['set-cookie'], undefined, door)
      assert.equal(res.json(), { error: 'not found' }, door)
      assert.is(res.text, '{"error":"not found"}', door)
      assert.equal(res.bytes, Buffer.from(res.text), door)
      assert.is(res.request, undefined, door)
    }
  },
)

Invoke('decodes bodyEncoding: base64 into the bytes, byte for byte', async () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  for (const door of BODY_TRIGGERS) {
    const sent = event(door)
    const given = copy(sent)
    const res = await invoke(
      behind(() => bytes),
      sent,
    )
    assertContract(res.result, door, door, given)
    assert.ok('bodyEncoding' in res.result && res.result.bodyEncoding === 'base64', door)
    assert.equal(res.bytes, bytes, door)
    assert.is(res.headers['content-type'], 'application/octet-stream', door)
  }
  // CloudFront's shape as a handler of its own writes it: entries joined, Set-Cookie entries each a cookie.
  const own = await invoke(
    () => ({
      status: '200',
      headers: {
        vary: [
          { key: 'Vary', value: 'Accept' },
          { key: 'Vary', value: 'Origin' },
        ],
        'set-cookie': [
          { key: 'Set-Cookie', value: 'a=1' },
          { key: 'Set-Cookie', value: 'b=2' },
        ],
      },
      body: 'aMOp',
      bodyEncoding: 'base64',
    }),
    events.cloudFrontOriginResponse(),
  )
  assert.equal(own.headers, { vary: 'Accept, Origin' })
  assert.equal(own.cookies, ['a=1', 'b=2'])
  assert.is(own.text, 'hé')
  assert.equal(own.bytes, Buffer.from('hé'))
  assert.is(own.statusCode, 200)
})

Invoke('a request sent on is res.request, with statusCode 0 and no response to decode', async () => {
  for (const door of TRIGGERS.filter(isRequestTrigger)) {
    const sent = event(door, { path: '/old/page', cookies: { session: 'abc' } })
    const given = copy(sent)
    const res = await invoke(
      behind((edge: typeof sent) => {
        const request = edge.Records[0]?.cf.request
        if (request === undefined) throw new Error('no request')
        request.uri = '/new/page'
        request.headers['x-variant'] = [{ key: 'X-Variant', value: 'b' }]
        return request
      }),
      sent,
    )
    assertContract(res.result, door, door, given)
    assert.is(res.statusCode, 0, door)
    assert.is(res.request, res.result, door)
    assert.is(res.request?.uri, '/new/page', door)
    assert.equal(res.request?.headers['x-variant'], [{ key: 'X-Variant', value: 'b' }], door)
    // The cookie is the request's: nothing is decoded as a response.
    assert.equal(res.headers, {}, door)
    assert.equal(res.cookies, [], door)
    assert.is(res.text, '', door)
    assert.is(res.bytes.length, 0, door)
    assert.throws(() => res.json(), /The body is not JSON/)
    // Nothing returned after a change in place sends the request on as changed.
    const missing = await invoke(
      behind((edge: typeof sent) => {
        const request = edge.Records[0]?.cf.request
        if (request) request.uri = '/in/place'
        return undefined
      }),
      event(door),
    )
    assert.is(missing.statusCode, 0, door)
    assert.is(missing.request?.uri, '/in/place', door)
  }
  // A handler of its own that sends the request on as it came.
  const plain = await invoke(
    (edge: { Records: Array<{ cf: { request: unknown } }> }) => edge.Records[0]?.cf.request,
    events.cloudFrontOriginRequest({ origin: 's3' }),
  )
  assert.is(plain.statusCode, 0)
  assert.is(plain.request?.uri, '/')
  assert.ok(plain.request?.origin && 's3' in plain.request.origin)
})

Invoke("a response trigger's response: CloudFront's, with the function's changes", async () => {
  for (const door of TRIGGERS.filter((name) => !isRequestTrigger(name))) {
    const sent = event(door, { response: { status: 200, headers: { 'x-origin': 'yes' } } })
    const given = copy(sent)
    const res = await invoke(
      behind((edge: unknown) => {
        const response = responseOf(edge)
        headersOf(response)['x-frame-options'] = [{ key: 'X-Frame-Options', value: 'DENY' }]
        return response
      }),
      sent,
    )
    assertContract(res.result, door, door, given)
    assert.is(res.statusCode, 200, door)
    assert.is(res.headers['x-frame-options'], 'DENY', door)
    assert.is(res.headers['x-origin'], 'yes', door)
    assert.is(res.headers['content-type'], 'text/html; charset=utf-8', door)
    assert.is(res.request, undefined, door)
    // The origin's body, which CloudFront never shows the function.
    assert.is(res.text, '', door)
  }
  // A viewer response keeps CloudFront's status, whatever the handler answers.
  const sent = events.cloudFrontViewerResponse({ response: { status: 304 } })
  const kept = await invoke(
    behind(() => ({ statusCode: 404, body: 'gone' })),
    sent,
  )
  assert.is(kept.statusCode, 304)
  assert.is(kept.text, '')
})

Invoke(
  'judges read-only headers against the event as given: a change in place is refused unless proxyResponse() undoes it',
  async () => {
    const cases: Array<[CloudFrontTrigger, 'request' | 'response', string]> = [
      ['cloudfront-viewer-request', 'request', 'host'],
      ['cloudfront-origin-request', 'request', 'via'],
      ['cloudfront-origin-response', 'response', 'via'],
      ['cloudfront-viewer-response', 'response', 'content-length'],
    ]
    for (const [door, side, name] of cases) {
      // A response trigger's response has no Via unless the origin sent one.
      const build = () =>
        isRequestTrigger(door) ? event(door) : event(door, { response: { headers: { via: '1.1 origin' } } })
      // Changed in place, then returned: what CloudFront would refuse.
      const changing = (edge: unknown) => {
        const part = cfOf(edge as Obj)[side] as Obj
        const entry = headersOf(part)[name]?.[0]
        if (entry === undefined) throw new Error(`no ${name}`)
        entry.value = 'changed'
        return part
      }
      try {
        await invoke(changing, build())
        assert.unreachable(`${door}: invoke should reject`)
      } catch (error) {
        assert.instance(error, InvalidProxyResultError, door)
        const problems = (error as InvalidProxyResultError).problems
        assert.ok(
          problems.some((problem) => problem.code === 'header-read-only' && problem.path.endsWith(name)),
          `${door}: ${JSON.stringify(problems)}`,
        )
        assert.match(String(error), 'proxyResponse() did not run in this invocation')
      }
      // Behind proxyResponse(), CloudFront's value is sent, and invoke passes it.
      const sent = build()
      const given = copy(sent)
      const res = await invoke(behind(changing), sent)
      assertContract(res.result, door, door, given)
      const part = cfOf(given as never)[side] as Obj
      assert.equal(
        valuesOf(res.result as unknown as Obj, name),
        valuesOf(part, name),
        `${door}: ${name} as CloudFront gave it`,
      )
    }
  },
)

Invoke('types the result for the trigger the event was built for', async () => {
  const request = await invoke(
    behind(() => ({ statusCode: 302, headers: { location: '/new' } })),
    events.cloudFrontViewerRequest({ path: '/old' }),
  )
  // A request trigger's result is a response or the request it sends on: narrowed by `status`.
  const result: CloudFrontResult | CloudFrontRequestResult = request.result
  if (!('status' in result)) throw new Error('a response was expected')
  const status: string = result.status
  assert.is(status, '302')
  assert.equal(result.headers?.location, [{ key: 'location', value: '/new' }])
  const response = await invoke(
    behind(() => 'ok'),
    events.cloudFrontOriginResponse(),
  )
  const only: CloudFrontResult = response.result
  assert.is(only.bodyEncoding, undefined)
  assert.is(only.body, 'ok')
})

Invoke.run()
