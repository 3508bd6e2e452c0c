// What CloudFront refuses, repaired rather than refused (README, "CloudFront (Lambda@Edge)"): its own
// shape written loosely, disallowed headers, read-only headers changed or deleted (in the result or in
// place on the event), and a viewer response's status and body. Each repair is reported with its code,
// reaches `onRepair`, and fails the invocation in strict mode.
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ProxyResponseStrictError, proxyResponse, type Repair } from '../../src/index.js'
import { context } from '../helpers.js'
import { CLOUDFRONT_DOORS, type CloudFrontDoor } from '../oracle/contract.js'
import {
  answer,
  cfOf,
  codesAt,
  edgeEvent,
  givenOf,
  isRequestDoor,
  type Obj,
  REQUEST_DOORS,
  RESPONSE_DOORS,
  setEdgeHeader,
  valuesOf,
} from './helpers.js'

/** A response in CloudFront's shape for `door`: generated on a request trigger, CloudFront's own on a response trigger. */
const responseOf = (door: CloudFrontDoor, event: Obj, extra: Obj = {}): Obj =>
  isRequestDoor(door)
    ? { status: '200', headers: {}, body: 'ok', ...extra }
    : { ...structuredClone(cfOf(event).response as Obj), ...extra }

// ---

const loose = suite("CloudFront's shape written loosely")

for (const door of CLOUDFRONT_DOORS) {
  loose(`repairs a number status into a string, reported as status-coerced, on ${door}`, async () => {
    const { result, repairs } = await answer(door, (event) => responseOf(door, event, { status: 200 }))
    assert.is(result.status, '200')
    assert.equal(
      repairs.map((repair) => [repair.code, repair.path]),
      [['status-coerced', 'status']],
    )
  })

  loose(
    `repairs headers written as a string, a lone entry, or under an upper-case name on ${door}`,
    async () => {
      let hadOwn = false
      const { result, repairs } = await answer(door, (event) => {
        const response = responseOf(door, event)
        const headers = response.headers as Obj
        hadOwn = Object.hasOwn(headers, 'x-content-type-options')
        headers['x-frame-options'] = 'SAMEORIGIN'
        headers['strict-transport-security'] = { key: 'Strict-Transport-Security', value: 'max-age=63072000' }
        headers['X-Content-Type-Options'] = [{ key: 'X-Content-Type-Options', value: 'nosniff' }]
        headers['referrer-policy'] = [{ key: 'Content-Type', value: 'same-origin' }]
        headers['x-list'] = ['a', 'b']
        return response
      })
      assert.equal(valuesOf(result, 'x-frame-options'), ['SAMEORIGIN'])
      assert.equal(valuesOf(result, 'strict-transport-security'), ['max-age=63072000'])
      assert.equal(valuesOf(result, 'x-content-type-options'), ['nosniff'])
      assert.not.ok(
        Object.hasOwn(result.headers as Obj, 'X-Content-Type-Options'),
        'the upper-case name is gone',
      )
      // A `key` naming another header does not move the value there: the map's name is the header.
      assert.equal(valuesOf(result, 'referrer-policy'), ['same-origin'])
      assert.not.equal(valuesOf(result, 'content-type'), ['same-origin'])
      assert.equal(valuesOf(result, 'x-list'), ['a', 'b'])
      for (const name of ['x-frame-options', 'strict-transport-security', 'referrer-policy', 'x-list']) {
        assert.equal(codesAt(repairs, name), ['header-shape-repaired'], `${door}, ${name}`)
      }
      // Where the origin sent the header already, the map holds two spellings of it: the later one is
      // sent, and that is reported too.
      assert.equal(
        codesAt(repairs, 'X-Content-Type-Options'),
        hadOwn ? ['header-shape-repaired', 'header-duplicate'] : ['header-shape-repaired'],
        `${door}, X-Content-Type-Options`,
      )
    },
  )
}

for (const door of RESPONSE_DOORS) {
  loose(`sends response.headers['x-frame-options'] = 'DENY' set in place on ${door}`, async () => {
    for (const returns of [true, false]) {
      const { result, codes } = await answer(door, (event) => {
        const response = cfOf(event).response as Obj
        ;(response.headers as Obj)['x-frame-options'] = 'SAMEORIGIN'
        ;(response.headers as Obj)['permissions-policy'] = 'camera=()'
        return returns ? response : undefined
      })
      assert.equal((result.headers as Obj)['x-frame-options'], [
        { key: 'x-frame-options', value: 'SAMEORIGIN' },
      ])
      assert.equal(valuesOf(result, 'permissions-policy'), ['camera=()'])
      assert.equal(valuesOf(result, 'server'), ['ExampleCustomOriginServer'], 'the origin headers stay')
      assert.equal(
        codes.sort(),
        (returns ? [] : ['result-missing']).concat('header-shape-repaired', 'header-shape-repaired').sort(),
      )
    }
  })
}

loose.run()

// ---

const disallowed = suite('disallowed headers')

// "Restrictions on all edge functions": functions cannot add these; the two wildcards are shown by one
// name each, and X-Amzn-Trace-Id, not on today's list, is kept.
const DISALLOWED = [
  'Connection',
  'Expect',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Connection',
  'Trailer',
  'Upgrade',
  'X-Accel-Buffering',
  'X-Accel-Charset',
  'X-Accel-Limit-Rate',
  'X-Accel-Redirect',
  'X-Amz-Cf-Pop',
  'X-Amzn-Auth',
  'X-Amzn-Cf-Billing',
  'X-Amzn-Cf-Id',
  'X-Amzn-Cf-Xff',
  'X-Amzn-ErrorType',
  'X-Amzn-Fle-Profile',
  'X-Amzn-Header-Count',
  'X-Amzn-Header-Order',
  'X-Amzn-Lambda-Integration-Tag',
  'X-Amzn-RequestId',
  'X-Cache',
  'X-Edge-Location',
  'X-Forwarded-Proto',
  'X-Real-IP',
]

/** The ways a function adds a header: in API Gateway's shape, in CloudFront's, and to the request it sends on. */
const adders = (door: CloudFrontDoor): Array<[string, (event: Obj, name: string) => unknown]> => {
  const out: Array<[string, (event: Obj, name: string) => unknown]> = [
    [
      'an API Gateway result',
      (_event, name) => ({ statusCode: 200, headers: { [name]: 'x', 'X-Kept': 'k' } }),
    ],
    [
      "CloudFront's shape",
      (event, name) => {
        const response = responseOf(door, event)
        setEdgeHeader(response, name, 'x')
        setEdgeHeader(response, 'X-Kept', 'k')
        return response
      },
    ],
  ]
  if (isRequestDoor(door)) {
    out.push([
      'the request sent on',
      (event, name) => {
        const request = cfOf(event).request as Obj
        setEdgeHeader(request, name, 'x')
        setEdgeHeader(request, 'X-Kept', 'k')
        return request
      },
    ])
  }
  return out
}

for (const door of CLOUDFRONT_DOORS) {
  disallowed(`drops every disallowed header and reports it as header-disallowed on ${door}`, async () => {
    // Every name and shape is tried before judging, so that a failure lists all that were reported wrong.
    const misreported: string[] = []
    for (const [how, add] of adders(door)) {
      for (const name of DISALLOWED) {
        const label = `${door}, ${how}, ${name}`
        const { result, repairs } = await answer(door, (event) => add(event, name), { label })
        assert.is(valuesOf(result, name.toLowerCase()), undefined, label)
        assert.equal(valuesOf(result, 'x-kept'), ['k'], label)
        const codes = codesAt(repairs, name)
        if (codes.join() !== 'header-disallowed') misreported.push(`${how}, ${name}: ${codes.join()}`)
      }
    }
    assert.equal(misreported, [], door)
  })

  disallowed(`keeps X-Amzn-Trace-Id, which is not disallowed today, on ${door}`, async () => {
    const { result, codes } = await answer(door, () => ({
      statusCode: 200,
      headers: { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793' },
    }))
    assert.equal(valuesOf(result, 'x-amzn-trace-id'), ['Root=1-5759e988-bd862e3fe1be46a994272793'])
    assert.not.ok(codes.includes('header-disallowed'))
  })
}

// TE is hop-by-hop, but not among the headers CloudFront disallows: an origin may send it, and CloudFront
// takes it from a function, as the validator does (fuzz: a viewer response whose function threw lost it).
disallowed(
  'keeps a TE header the origin sent, also when the function throws on the viewer response',
  async () => {
    const event = edgeEvent('cloudfront-viewer-response', (cf) =>
      setEdgeHeader(cf.response as Obj, 'TE', 'trailers'),
    )
    const thrown = await answer(
      'cloudfront-viewer-response',
      () => {
        throw new Error('boom')
      },
      { event },
    )
    assert.equal(valuesOf(thrown.result, 'te'), ['trailers'])
    assert.equal(thrown.result, givenOf('cloudfront-viewer-response', thrown.sent))
    for (const door of RESPONSE_DOORS) {
      const changed = await answer(
        door,
        (event) => {
          // A plain string value: a repair, so the response is rebuilt rather than passed through.
          const response = givenOf(door, event)
          ;(response.headers as Obj)['x-added'] = 'yes'
          return response
        },
        { event: edgeEvent(door, (cf) => setEdgeHeader(cf.response as Obj, 'TE', 'trailers')) },
      )
      assert.equal(valuesOf(changed.result, 'te'), ['trailers'], door)
      assert.equal(valuesOf(changed.result, 'x-added'), ['yes'], door)
      assert.equal(codesAt(changed.repairs, 'x-added'), ['header-shape-repaired'], door)
      assert.equal(codesAt(changed.repairs, 'te'), [], door)
    }
  },
)

disallowed.run()

// ---

const readOnly = suite('read-only headers')

/**
 * The read-only headers of each trigger ("Restrictions on all edge functions"), with a value CloudFront
 * could have sent: the published events hold some of them, the rest are added to the event before the
 * handler runs.
 */
const READ_ONLY: Readonly<Record<CloudFrontDoor, Record<string, string>>> = {
  'cloudfront-viewer-request': {
    'CDN-Loop': 'cloudfront; loops=1',
    'Content-Length': '0',
    Host: 'd111111abcdef8.cloudfront.net',
    'Transfer-Encoding': 'chunked',
    Via: '1.1 proxy.example',
  },
  'cloudfront-origin-request': {
    'Accept-Encoding': 'br,gzip',
    'CDN-Loop': 'cloudfront; loops=1',
    'Content-Length': '0',
    'If-Modified-Since': 'Mon, 13 Jan 2020 20:12:38 GMT',
    'If-None-Match': '"abc"',
    'If-Range': '"abc"',
    'If-Unmodified-Since': 'Mon, 13 Jan 2020 20:12:38 GMT',
    'Transfer-Encoding': 'chunked',
    Via: '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)',
  },
  'cloudfront-origin-response': {
    'Transfer-Encoding': 'chunked',
    Via: '1.1 origin-proxy.example',
  },
  'cloudfront-viewer-response': {
    'Content-Encoding': 'gzip',
    'Content-Length': '9593',
    'Transfer-Encoding': 'chunked',
    Via: '2.0 8f22423015641505b8c857a37450d6c0.cloudfront.net (CloudFront)',
    Warning: '110 - "Response is Stale"',
  },
}

/** The published event of `door` carrying every read-only header of the trigger. */
const withReadOnly = (door: CloudFrontDoor): Obj =>
  edgeEvent(door, (cf) => {
    const target = cf[isRequestDoor(door) ? 'request' : 'response'] as Obj
    for (const [name, value] of Object.entries(READ_ONLY[door])) setEdgeHeader(target, name, value)
  })

/** Ways a function changes a read-only header of what CloudFront gave it, and returns the result. */
const changes: Array<[string, (given: Obj, lower: string) => unknown]> = [
  [
    'changed in a copy',
    (given, lower) => {
      const copy = structuredClone(given)
      ;(copy.headers as Obj)[lower] = [{ key: lower, value: 'changed' }]
      return copy
    },
  ],
  [
    'deleted from a copy',
    (given, lower) => {
      const copy = structuredClone(given)
      delete (copy.headers as Obj)[lower]
      return copy
    },
  ],
  [
    'changed in place, then returned',
    (given, lower) => {
      ;(given.headers as Obj)[lower] = [{ key: lower, value: 'changed' }]
      return given
    },
  ],
  [
    'deleted in place, nothing returned',
    (given, lower) => {
      delete (given.headers as Obj)[lower]
      return undefined
    },
  ],
  [
    'written as a plain string in place, nothing returned',
    (given, lower) => {
      ;(given.headers as Obj)[lower] = 'changed'
      return undefined
    },
  ],
]

for (const door of CLOUDFRONT_DOORS) {
  readOnly(`keeps CloudFront's value of every read-only header changed or deleted on ${door}`, async () => {
    for (const [name, value] of Object.entries(READ_ONLY[door])) {
      const lower = name.toLowerCase()
      for (const [how, change] of changes) {
        const label = `${door}, ${name} ${how}`
        const { result, repairs } = await answer(door, (event) => change(givenOf(door, event), lower), {
          event: withReadOnly(door),
          label,
        })
        assert.equal(valuesOf(result, lower), [value], label)
        assert.ok(
          codesAt(repairs, lower).includes('header-read-only'),
          `${label}: ${JSON.stringify(repairs)}`,
        )
      }
    }
  })

  readOnly(`adds no read-only header the event did not have on ${door}`, async () => {
    for (const name of Object.keys(READ_ONLY[door])) {
      const lower = name.toLowerCase()
      const label = `${door}, ${name}`
      const event = edgeEvent(door)
      if (valuesOf(givenOf(door, event), lower) !== undefined) continue
      const { result, repairs } = await answer(
        door,
        (e) => {
          const given = givenOf(door, e)
          setEdgeHeader(given, name, 'added')
          return given
        },
        { event, label },
      )
      assert.is(valuesOf(result, lower), undefined, label)
      assert.equal(codesAt(repairs, name), ['header-read-only'], label)
    }
  })
}

for (const door of RESPONSE_DOORS) {
  readOnly(
    `keeps CloudFront's read-only headers in a response made of an API Gateway result on ${door}`,
    async () => {
      const headers = Object.fromEntries(Object.keys(READ_ONLY[door]).map((name) => [name, 'changed']))
      const { result } = await answer(door, () => ({ statusCode: 200, headers }), {
        event: withReadOnly(door),
      })
      for (const [name, value] of Object.entries(READ_ONLY[door])) {
        assert.equal(valuesOf(result, name.toLowerCase()), [value], `${door}, ${name}`)
      }
    },
  )
}

for (const door of REQUEST_DOORS) {
  readOnly(
    `sends no Content-Length, Transfer-Encoding or Via in a response generated on ${door}`,
    async () => {
      const { result } = await answer(door, () => ({
        statusCode: 200,
        headers: { 'Content-Length': '2', 'Transfer-Encoding': 'chunked', Via: '1.1 me' },
        body: 'ok',
      }))
      for (const name of ['content-length', 'transfer-encoding', 'via'])
        assert.is(valuesOf(result, name), undefined, name)
      assert.is(result.body, 'ok')
    },
  )
}

// CONTRACT.md: Host is read-only on a viewer request only. An origin-request function that sends the
// request to another origin sets its Host, which goes out as set and is not reported.
readOnly(
  'sends on the Host an origin-request function sets, and restores the one a viewer request changes',
  async () => {
    const moved = await answer('cloudfront-origin-request', (event) => {
      const request = givenOf('cloudfront-origin-request', event)
      setEdgeHeader(request, 'Host', 'bucket.s3.amazonaws.com')
      return request
    })
    assert.equal(valuesOf(moved.result, 'host'), ['bucket.s3.amazonaws.com'])
    assert.equal(codesAt(moved.repairs, 'host'), [])
    const restored = await answer('cloudfront-viewer-request', (event) => {
      const request = givenOf('cloudfront-viewer-request', event)
      setEdgeHeader(request, 'Host', 'elsewhere.example')
      return request
    })
    assert.equal(
      valuesOf(restored.result, 'host'),
      valuesOf(givenOf('cloudfront-viewer-request', restored.sent), 'host'),
    )
    assert.equal(codesAt(restored.repairs, 'host'), ['header-read-only'])
  },
)

readOnly.run()

// ---

const viewer = suite("a viewer response's status and body")

viewer('undoes a status change, reported as status-read-only', async () => {
  const door = 'cloudfront-viewer-response'
  for (const status of ['404', 404, '500']) {
    const { result, codes } = await answer(door, (event) => ({ ...(cfOf(event).response as Obj), status }))
    assert.is(result.status, '200', String(status))
    assert.ok(codes.includes('status-read-only'), `${status}: ${codes}`)
  }
  const inPlace = await answer(door, (event) => {
    ;(cfOf(event).response as Obj).status = '403'
  })
  assert.is(inPlace.result.status, '200')
  assert.equal(inPlace.codes.sort(), ['result-missing', 'status-read-only'])
})

viewer('leaves a body out, reported as body-read-only, whatever its encoding', async () => {
  const door = 'cloudfront-viewer-response'
  for (const extra of [{ body: 'replaced' }, { body: 'AAEC', bodyEncoding: 'base64' }, { body: '' }]) {
    const { result, codes } = await answer(door, (event) => ({ ...(cfOf(event).response as Obj), ...extra }))
    assert.not.ok('body' in result, JSON.stringify(extra))
    assert.not.ok('bodyEncoding' in result, JSON.stringify(extra))
    if (extra.body !== '') assert.equal(codes, ['body-read-only'], JSON.stringify(extra))
  }
})

viewer('lets an origin response change its status and replace its body', async () => {
  const door = 'cloudfront-origin-response'
  const { result, codes } = await answer(door, (event) => {
    const response = cfOf(event).response as Obj
    response.status = '404'
    response.statusDescription = 'Not Found'
    response.body = 'gone'
    delete (response.headers as Obj)['content-length']
    return response
  })
  assert.is(result.status, '404')
  assert.is(result.body, 'gone')
  assert.equal(codes, [])
})

viewer.run()

// ---

const reported = suite('each repair reported, and fatal in strict mode')

/** A handler needing exactly one repair, for each code a Lambda@Edge result may need. */
const REPAIRS: Array<[CloudFrontDoor, string, (event: Obj) => unknown]> = [
  ['cloudfront-viewer-request', 'status-coerced', () => ({ status: 302, headers: {} })],
  [
    'cloudfront-origin-response',
    'status-coerced',
    (event) => ({ ...(cfOf(event).response as Obj), status: 200 }),
  ],
  [
    'cloudfront-origin-request',
    'header-shape-repaired',
    () => ({ status: '200', headers: { 'x-frame-options': 'DENY' } }),
  ],
  [
    'cloudfront-viewer-response',
    'header-shape-repaired',
    (event) => {
      const response = cfOf(event).response as Obj
      ;(response.headers as Obj)['x-frame-options'] = 'SAMEORIGIN'
      return response
    },
  ],
  [
    'cloudfront-viewer-request',
    'header-disallowed',
    () => ({ statusCode: 200, headers: { 'X-Cache': 'hit' } }),
  ],
  [
    'cloudfront-origin-request',
    'header-disallowed',
    (event) => {
      const request = cfOf(event).request as Obj
      setEdgeHeader(request, 'X-Real-IP', '10.0.0.1')
      return request
    },
  ],
  [
    'cloudfront-viewer-request',
    'header-read-only',
    (event) => {
      const request = cfOf(event).request as Obj
      setEdgeHeader(request, 'Host', 'evil.example')
      return request
    },
  ],
  [
    'cloudfront-viewer-response',
    'header-read-only',
    (event) => {
      const response = structuredClone(cfOf(event).response as Obj)
      delete (response.headers as Obj)['content-length']
      return response
    },
  ],
  [
    'cloudfront-viewer-response',
    'status-read-only',
    (event) => ({ ...(cfOf(event).response as Obj), status: '302' }),
  ],
  [
    'cloudfront-viewer-response',
    'body-read-only',
    (event) => ({ ...(cfOf(event).response as Obj), body: 'x' }),
  ],
  ['cloudfront-viewer-request', 'result-missing', () => undefined],
  ['cloudfront-origin-request', 'result-missing', () => null],
  ['cloudfront-origin-response', 'result-missing', () => undefined],
  ['cloudfront-viewer-response', 'result-missing', () => null],
  [
    'cloudfront-viewer-request',
    'uri-invalid',
    (event) => ({ ...(cfOf(event).request as Obj), uri: 'index.html' }),
  ],
  ['cloudfront-origin-request', 'body-forbidden', () => ({ status: '204', body: 'no' })],
  [
    'cloudfront-origin-response',
    'unknown-key',
    (event) => ({ ...(cfOf(event).response as Obj), cache: 'x' }),
  ],
]

for (const [door, code, handler] of REPAIRS) {
  reported(`tells onRepair of ${code} on ${door}, and throws it in strict mode`, async () => {
    const { codes, repairs } = await answer(door, handler, { label: `${door}, ${code}` })
    assert.equal(codes, [code], `${door}: ${JSON.stringify(repairs)}`)
    const strict = middy(async (event: Obj) => handler(event)).use(
      proxyResponse({ strict: true, logger: false }),
    )
    try {
      await strict(edgeEvent(door), context())
      assert.unreachable(`${door}: strict mode let ${code} through`)
    } catch (error) {
      assert.instance(error, ProxyResponseStrictError, `${door}, ${code}`)
      assert.equal(
        (error as ProxyResponseStrictError).repairs.map((repair: Repair) => repair.code),
        [code],
      )
    }
  })
}

reported('logs a repair once per code and warm instance by default, at level warn', async () => {
  const entries: unknown[] = []
  const handler = middy(async () => ({ status: 302, headers: {} })).use(
    proxyResponse({ logger: (entry) => entries.push(entry) }),
  )
  for (let i = 0; i < 3; i++) await handler(edgeEvent('cloudfront-viewer-request'), context())
  assert.is(entries.length, 1)
  const entry = entries[0] as { level: string; repair: Repair }
  assert.is(entry.level, 'warn')
  assert.is(entry.repair.code, 'status-coerced')
  assert.is(entry.repair.frontDoor, 'cloudfront-viewer-request')
})

reported.run()
