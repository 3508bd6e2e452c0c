// CloudFront among the other events (CONTRACT.md, "Telling the events apart"): a Lambda@Edge event is
// told by `Records[0].cf.config.eventType` alone, and only when no other front door's marker is there.
// SQS and S3 events carry `Records` too: they, and CloudFront-looking events that are not, pass
// through untouched, a thrown error re-thrown as it is. The oracle's `doorOf` is the second opinion.
import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { detectFrontDoor, proxyResponse } from '../../src/index.js'
import { EDGE_EVENT_OF, everyEvent, loadEvent, PROXY_EVENT_OF } from '../events.js'
import { captureLogs, context } from '../helpers.js'
import { CLOUDFRONT_DOORS, doorOf, isCloudFrontDoor } from '../oracle/contract.js'
import type { Obj } from './helpers.js'

const SQS = 'sqs/powertools-ts-two-records.json'
const S3 = 's3/powertools-ts-object-created-put.json'

/** The first record of an event, to change. */
const firstRecord = (event: Obj): Obj => (event.Records as Obj[])[0] as Obj

/** Events that hold `Records` and something CloudFront-like, and are still not HTTP. */
const lookalikes = (): Array<[string, Obj]> => {
  const out: Array<[string, Obj]> = []
  for (const file of [SQS, S3]) {
    const cfs: Array<[string, unknown]> = [
      ['an empty cf', {}],
      ['a cf without config', { request: { uri: '/', method: 'GET', headers: {} } }],
      ['a cf whose config has no eventType', { config: { distributionId: 'EDFDVBD6EXAMPLE' } }],
      ['a cf with an unknown eventType', { config: { eventType: 'origin' } }],
      ['a cf with an upper-case eventType', { config: { eventType: 'VIEWER-REQUEST' } }],
      ['a cf with a numeric eventType', { config: { eventType: 1 } }],
      ['a cf that is a string', 'viewer-request'],
    ]
    for (const [name, cf] of cfs) {
      const event = loadEvent(file)
      firstRecord(event).cf = cf
      out.push([`${file} with ${name} in Records[0]`, event])
    }
    const second = loadEvent(file)
    const records = second.Records as Obj[]
    records.push(firstRecord(loadEvent(EDGE_EVENT_OF['cloudfront-viewer-request'])))
    out.push([`${file} with a CloudFront record second`, second])
  }
  return out
}

// ---

const detect = suite('detectFrontDoor with CloudFront among the events')

detect('names every published event as the oracle does, the six CloudFront ones by their trigger', () => {
  let edge = 0
  for (const file of everyEvent()) {
    const event = loadEvent(file)
    assert.is(detectFrontDoor(event), doorOf(event), file)
    if (isCloudFrontDoor(detectFrontDoor(event))) edge++
  }
  assert.is(edge, 6)
  for (const door of CLOUDFRONT_DOORS) assert.is(detectFrontDoor(loadEvent(EDGE_EVENT_OF[door])), door)
})

detect('takes no event for CloudFront without a cf record whose eventType is a trigger', () => {
  for (const [name, event] of lookalikes()) {
    assert.is(detectFrontDoor(event), undefined, name)
    assert.is(doorOf(event), undefined, `${name} (the oracle)`)
  }
})

detect("lets no CloudFront record turn another front door's event into CloudFront", () => {
  const records = loadEvent(EDGE_EVENT_OF['cloudfront-viewer-request']).Records
  const events: Array<[string, Obj]> = Object.entries(PROXY_EVENT_OF).map(([door, file]) => [
    door,
    { ...loadEvent(file), Records: records },
  ])
  events.push(['a hand-written REST test event', { httpMethod: 'GET', path: '/', Records: records }])
  const mistaken: string[] = []
  for (const [name, event] of events) {
    const expected = doorOf(event)
    assert.ok(expected !== undefined && !isCloudFrontDoor(expected), name)
    const told = detectFrontDoor(event)
    if (told !== expected) mistaken.push(`${name}: ${told}, not ${expected}`)
  }
  assert.equal(mistaken, [])
})

detect('takes no CloudFront event for another front door, whatever it carries besides', () => {
  for (const door of CLOUDFRONT_DOORS) {
    const base = loadEvent(EDGE_EVENT_OF[door])
    const events: Array<[string, Obj]> = [
      ['with a version', { ...base, version: '2.0' }],
      ['with a body and headers at the top', { ...base, body: '{}', headers: { host: 'x' } }],
      [
        'with a second, SQS record',
        { ...base, Records: [...(base.Records as Obj[]), firstRecord(loadEvent(SQS))] },
      ],
    ]
    for (const [name, event] of events) assert.is(detectFrontDoor(event), door, `${door}, ${name}`)
  }
})

detect.run()

// ---

const untouched = suite('events that are not HTTP, behind proxyResponse()')

const NOT_HTTP = (): Array<[string, Obj]> => [['SQS', loadEvent(SQS)], ['S3', loadEvent(S3)], ...lookalikes()]

untouched('pass what the handler returns through as the same value', async () => {
  for (const [name, event] of NOT_HTTP()) {
    for (const value of [
      { batchItemFailures: [{ itemIdentifier: 'id-1' }] },
      'done',
      undefined,
      { status: 200 },
    ]) {
      const logs = captureLogs()
      const handler = middy(async () => value).use(proxyResponse({ logger: logs.logger, strict: true }))
      const result = await handler(event, context())
      assert.ok(result === value, `${name}: ${JSON.stringify(value)}`)
      assert.equal(logs.entries, [], name)
    }
  }
})

untouched('re-throw the very error the handler threw', async () => {
  for (const [name, event] of NOT_HTTP()) {
    const error = Object.assign(new Error(`record failed: ${name}`), { statusCode: 404, expose: true })
    const handler = middy(async () => {
      throw error
    }).use(proxyResponse({ logger: false }))
    try {
      await handler(event, context())
      assert.unreachable(`${name}: the error was swallowed`)
    } catch (caught) {
      assert.ok(caught === error, name)
    }
  }
})

untouched('leave the records of the event as they were', async () => {
  for (const [name, event] of NOT_HTTP()) {
    const before = structuredClone(event)
    const handler = middy(async () => undefined).use(proxyResponse({ logger: false }))
    await handler(event, context())
    assert.equal(event, before, name)
  }
})

untouched.run()
