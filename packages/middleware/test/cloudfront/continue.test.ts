// What a Lambda@Edge function returns besides a response of its own (README, "CloudFront
// (Lambda@Edge)"): a request trigger sends the request on, untouched when it is valid; a response
// trigger returns CloudFront's response, changed; and a function that returns nothing after changing
// the event in place sends what it changed, reported as `result-missing`.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { edgeEvents, loadEvent } from '../events.js'
import { type CloudFrontDoor, decodedBody, doorOf } from '../oracle/contract.js'
import {
  answer,
  BODY_DOORS,
  edgeEvent,
  givenOf,
  type Obj,
  REQUEST_DOORS,
  RESPONSE_DOORS,
  setEdgeHeader,
  valuesOf,
} from './helpers.js'

/** Every published event of a trigger, as `[file, event]`. */
const eventsOf = (door: CloudFrontDoor): Array<[string, Obj]> =>
  edgeEvents()
    .filter((file) => doorOf(loadEvent(file)) === door)
    .map((file) => [file, loadEvent(file)])

// ---

const sentOn = suite('a request sent on by a request trigger')

for (const door of REQUEST_DOORS) {
  sentOn(`passes the event's request through as the same object, unchanged, on ${door}`, async () => {
    for (const [file, event] of eventsOf(door)) {
      const { result, returned, sent, codes } = await answer(door, (e) => givenOf(door, e), {
        event,
        label: file,
      })
      assert.ok(result === returned, `${file}: not the same object`)
      assert.equal(result, givenOf(door, sent), file)
      assert.equal(codes, [], file)
    }
  })

  sentOn(`passes a request the function changed validly through as the same object on ${door}`, async () => {
    const { result, returned, codes } = await answer(door, (event) => {
      const request = givenOf(door, event)
      request.uri = '/fr/index.html'
      request.querystring = 'lang=fr&v=2'
      setEdgeHeader(request, 'X-Lang', 'fr')
      setEdgeHeader(request, 'Cookie', 'a=1', 'b=2')
      if (door === 'cloudfront-origin-request') {
        request.origin = {
          s3: { authMethod: 'none', customHeaders: {}, domainName: 'bucket.s3.amazonaws.com', path: '' },
        }
      }
      return request
    })
    assert.ok(result === returned, 'not the same object')
    assert.is(result.uri, '/fr/index.html')
    assert.equal(valuesOf(result, 'cookie'), ['a=1', 'b=2'])
    assert.equal(codes, [])
  })

  sentOn(`passes a copy of the request through as that copy on ${door}`, async () => {
    const { result, returned } = await answer(door, (event) => ({ ...givenOf(door, event), uri: '/copy' }))
    assert.ok(result === returned)
  })

  sentOn(
    `sends the request a function changed in place and did not return, as result-missing, on ${door}`,
    async () => {
      for (const nothing of [undefined, null]) {
        const { result, event, codes } = await answer(door, (e) => {
          const request = givenOf(door, e)
          request.uri = '/rewritten'
          setEdgeHeader(request, 'X-Variant', 'b')
          return nothing
        })
        // Not a 204: the request goes on to the cache or the origin.
        assert.ok(result === givenOf(door, event), `${nothing}: not the event's request`)
        assert.is(result.uri, '/rewritten')
        assert.equal(valuesOf(result, 'x-variant'), ['b'])
        assert.not.ok('status' in result)
        assert.equal(codes, ['result-missing'], String(nothing))
      }
    },
  )

  sentOn(`gives a uri without its leading slash one, and leaves the rest untouched, on ${door}`, async () => {
    const { result, sent, codes } = await answer(door, (event) => ({ ...givenOf(door, event), uri: 'about' }))
    assert.equal(result, { ...givenOf(door, sent), uri: '/about' })
    assert.equal(codes, ['uri-invalid'])
  })
}

sentOn.run()

// ---

const returned = suite('the response a response trigger returns')

for (const door of RESPONSE_DOORS) {
  returned(`passes CloudFront's response through as the same object on ${door}`, async () => {
    const { result, returned: value, sent, codes } = await answer(door, (event) => givenOf(door, event))
    assert.ok(result === value)
    assert.equal(result, givenOf(door, sent))
    assert.not.ok('body' in result, "the origin's body is kept")
    assert.equal(codes, [])
  })

  returned(
    `sends the response changed in place and returned, the same object when valid, on ${door}`,
    async () => {
      const {
        result,
        returned: value,
        codes,
      } = await answer(door, (event) => {
        const response = givenOf(door, event)
        setEdgeHeader(response, 'Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
        delete (response.headers as Obj).server
        return response
      })
      assert.ok(result === value)
      assert.equal(valuesOf(result, 'strict-transport-security'), ['max-age=63072000; includeSubDomains'])
      assert.is(valuesOf(result, 'server'), undefined)
      assert.equal(codes, [])
    },
  )

  returned(
    `sends the response changed in place when nothing is returned, as result-missing, on ${door}`,
    async () => {
      for (const nothing of [undefined, null]) {
        const { result, event, codes } = await answer(door, (e) => {
          setEdgeHeader(givenOf(door, e), 'X-Content-Type-Options', 'nosniff')
          setEdgeHeader(givenOf(door, e), 'Set-Cookie', 'a=1', 'b=2')
          return nothing
        })
        assert.ok(result === givenOf(door, event), String(nothing))
        assert.equal(valuesOf(result, 'set-cookie'), ['a=1', 'b=2'])
        assert.equal(codes, ['result-missing'], String(nothing))
      }
    },
  )
}

returned(
  'sends a body an origin-response function sets in place, with a Content-Length that tells its bytes',
  async () => {
    const door: CloudFrontDoor = 'cloudfront-origin-response'
    const page = '<h1>Bientôt</h1>'
    for (const returns of [true, false]) {
      const { result } = await answer(door, (event) => {
        const response = givenOf(door, event)
        response.body = page
        return returns ? response : undefined
      })
      assert.is(result.body, page)
      // The origin said 9593 bytes; what is sent now is the new body.
      assert.equal(valuesOf(result, 'content-length'), [String(Buffer.byteLength(page))])
    }
    const binary = await answer(door, (event) => ({
      ...givenOf(door, event),
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      bodyEncoding: 'base64',
    }))
    assert.ok(decodedBody(binary.result).equals(Buffer.from([0, 1, 2, 255])))
    assert.equal(valuesOf(binary.result, 'content-length'), ['4'])
  },
)

returned.run()

// ---

const head = suite('an answer to a HEAD request')

/** The published event of `door`, for a HEAD request. */
const headEvent = (door: CloudFrontDoor): Obj =>
  edgeEvent(door, (cf) => {
    ;(cf.request as Obj).method = 'HEAD'
  })

for (const door of BODY_DOORS) {
  head(`sends no body key in a response to a HEAD request on ${door}`, async () => {
    const values: Array<[string, (event: Obj) => unknown]> = [
      ['a string', () => 'hello'],
      ['an object', () => ({ id: 1 })],
      [
        'an API Gateway result',
        () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'hi' }),
      ],
      [
        "CloudFront's shape",
        (event) => ({
          ...(door === 'cloudfront-origin-response' ? givenOf(door, event) : {}),
          status: '200',
          body: 'hi',
        }),
      ],
    ]
    for (const [name, value] of values) {
      const { result } = await answer(door, value, { event: headEvent(door), label: `${door}, ${name}` })
      assert.not.ok('body' in result, `${door}, ${name}`)
      assert.is(result.status, '200', `${door}, ${name}`)
    }
  })
}

head.run()
