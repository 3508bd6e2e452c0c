import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { doorsOfShape, shapeOf } from '../../src/cli/shape.js'
import { FRONT_DOORS } from '../../src/index.js'
import { events } from '../../src/testing/index.js'
import { isCloudFrontDoor } from '../oracle/contract.js'
import { sampleEvents } from './helpers.js'

const Shape = suite("shapeOf: a bare result's family, which decides the front doors it is judged on")

Shape("tells a proxy result by its keys, or by its headers' string values", () => {
  for (const value of [
    { statusCode: 200 },
    { statusCode: 302, headers: { Location: '/new' } },
    { body: 'x', isBase64Encoded: false },
    { multiValueHeaders: { 'Set-Cookie': ['a=1'] } },
    { cookies: ['a=1'], body: '' },
    { headers: { 'Content-Type': 'text/plain' }, body: 'x' },
  ]) {
    assert.is(shapeOf(value), 'proxy', JSON.stringify(value))
  }
})

Shape('tells a CloudFront result: a response with status, loose or not; a request sent on', () => {
  const request = events.cloudFrontViewerRequest().Records[0]?.cf.request
  for (const value of [
    { status: '302', headers: { location: [{ key: 'Location', value: '/new' }] } },
    // Written loosely, as proxyResponse() repairs it: a number status, a plain header.
    { status: 301, headers: { location: '/new' } },
    { body: 'eA==', bodyEncoding: 'base64' },
    { headers: { 'x-a': [{ key: 'X-A', value: '1' }] }, body: 'x' },
    request,
    { uri: '/index.html' },
  ]) {
    assert.is(shapeOf(value), 'cloudfront', JSON.stringify(value))
  }
})

Shape('tells neither for a value of no shape, or of both', () => {
  for (const value of [
    'ok',
    null,
    undefined,
    42,
    [],
    {},
    { body: 'x' },
    { statusCode: 200, status: '200' },
    { bodyEncoding: 'text', isBase64Encoded: false },
    { headers: { a: 'b', 'x-a': [{ key: 'X-A', value: '1' }] } },
  ]) {
    assert.is(shapeOf(value), undefined, JSON.stringify(value))
  }
})

Shape('judges each family on its front doors, as the package lists them; neither on every one', () => {
  const edge = FRONT_DOORS.filter((door) => isCloudFrontDoor(door))
  assert.equal(
    doorsOfShape({ statusCode: 200 }),
    FRONT_DOORS.filter((door) => !isCloudFrontDoor(door)),
  )
  assert.equal(doorsOfShape({ status: '200' }), edge)
  assert.equal(doorsOfShape('ok'), [...FRONT_DOORS])
  assert.is(edge.length, 4)
})

Shape("takes every response and request of CloudFront's sample events for CloudFront's", () => {
  const dir = join(sampleEvents, 'cloudfront')
  let seen = 0
  for (const file of readdirSync(dir)) {
    const cf = JSON.parse(readFileSync(join(dir, file), 'utf8')).Records[0].cf
    for (const value of [cf.request, cf.response].filter(Boolean)) {
      assert.is(shapeOf(value), 'cloudfront', file)
      seen += 1
    }
  }
  assert.ok(seen >= 8, `${seen} requests and responses`)
})

Shape.run()
