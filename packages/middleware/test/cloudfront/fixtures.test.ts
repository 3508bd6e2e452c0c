// The six published CloudFront events (fixtures/events/cloudfront, see fixtures/SOURCES.md), each
// through the handlers a Lambda@Edge function is written as: one that sends the request or response
// on, one that changes it in place and returns nothing, a redirect, a JSON answer, security headers,
// and one that throws. Every answer is judged by the oracle against the event as CloudFront sent it.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { edgeEvents, loadEvent } from '../events.js'
import { type CloudFrontDoor, doorOf, noLeak } from '../oracle/contract.js'
import { answer, cfOf, givenOf, isRequestDoor, type Obj, setEdgeHeader, valuesOf } from './helpers.js'

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:edge-key'

const fixtures = suite('the published CloudFront events')

const files = edgeEvents()

fixtures('are six, covering the four triggers', () => {
  assert.is(files.length, 6)
  assert.is(new Set(files.map((file) => doorOf(loadEvent(file)))).size, 4)
})

for (const file of files) {
  const door = doorOf(loadEvent(file)) as CloudFrontDoor
  const run = (handler: (event: Obj) => unknown) =>
    answer(door, handler, { event: loadEvent(file), label: file })

  fixtures(`${file}: sends on what CloudFront gave, the same object`, async () => {
    const { result, returned, codes } = await run((event) => givenOf(door, event))
    assert.ok(result === returned)
    assert.equal(codes, [])
  })

  fixtures(`${file}: sends on what the function changed in place and did not return`, async () => {
    const { result, event, codes } = await run((e) => {
      setEdgeHeader(givenOf(door, e), 'X-Edge-Function', 'seen')
      setEdgeHeader(givenOf(door, e), 'X-Frame-Options', 'DENY')
    })
    // X-Edge-* is CloudFront's own: dropped, and what remains is what the function changed.
    assert.is(valuesOf(result, 'x-edge-function'), undefined)
    assert.is(result.uri ?? result.status, givenOf(door, event).uri ?? givenOf(door, event).status)
    assert.equal(valuesOf(result, 'x-frame-options'), ['DENY'])
    assert.equal(codes, ['result-missing', 'header-disallowed'])
  })

  fixtures(`${file}: answers a redirect written for API Gateway`, async () => {
    const { result, sent } = await run(() => ({
      statusCode: 302,
      headers: { Location: 'https://example.com/login' },
      multiValueHeaders: { 'Set-Cookie': ['next=%2F; Path=/', 'ab=b; Max-Age=60'] },
    }))
    const viewer = door === 'cloudfront-viewer-response'
    assert.is(result.status, viewer ? (cfOf(sent).response as Obj).status : '302')
    assert.equal(valuesOf(result, 'location'), ['https://example.com/login'])
    assert.equal(valuesOf(result, 'set-cookie'), ['next=%2F; Path=/', 'ab=b; Max-Age=60'])
  })

  fixtures(`${file}: answers a JSON object`, async () => {
    const { result } = await run((event) => ({ uri: (cfOf(event).request as Obj).uri, ok: true }))
    if (door === 'cloudfront-viewer-response') assert.not.ok('body' in result)
    else {
      assert.is(result.status, '200')
      assert.equal(JSON.parse(String(result.body)), {
        uri: (cfOf(loadEvent(file)).request as Obj).uri,
        ok: true,
      })
    }
  })

  fixtures(`${file}: adds security headers written loosely`, async () => {
    const { result } = await run((event) => {
      const target = isRequestDoor(door) ? { status: 200, headers: {} as Obj } : givenOf(door, event)
      const headers = target.headers as Obj
      headers['strict-transport-security'] = 'max-age=63072000; includeSubdomains; preload'
      headers['x-content-type-options'] = { value: 'nosniff' }
      return target
    })
    assert.equal(valuesOf(result, 'strict-transport-security'), [
      'max-age=63072000; includeSubdomains; preload',
    ])
    assert.equal(valuesOf(result, 'x-content-type-options'), ['nosniff'])
  })

  fixtures(`${file}: answers a thrown error by the error rule, leaking nothing`, async () => {
    const { result, sent } = await run(() => {
      throw new Error(`cannot read ${SECRET}`)
    })
    if (door === 'cloudfront-viewer-response') assert.equal(result, cfOf(sent).response)
    else {
      assert.is(result.status, '500')
      assert.is(result.body, '{"message":"Internal Server Error"}')
    }
    assert.equal(noLeak(result, [SECRET]), [])
  })
}

fixtures.run()
