// Nothing lost on events that are not HTTP: a failing SQS, S3 or EventBridge invocation must still
// reject with its own error (so that the batch is retried, not deleted), and what such a handler
// returns must reach Lambda untouched.
import middy from '@middy/core'
import middy5 from '@middy/core-v5'
import { detectFrontDoor, proxyResponse } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { capturingLogger, type Json, lambdaContext, loadEvent } from './helpers.js'

// The "Scheduled Event" of the EventBridge user guide.
const scheduled = (): Json => ({
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2015-10-08T16:53:06Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule'],
  detail: {},
})

const EVENTS: Array<[string, () => Json]> = [
  ['SQS', () => loadEvent('sqs/powertools-ts-two-records.json')],
  ['S3', () => loadEvent('s3/powertools-ts-object-created-put.json')],
  ['EventBridge', scheduled],
  ['a direct invoke', () => ({ orderId: 42, action: 'recalculate' })],
]

// ---
const kinds = suite('events that are not HTTP')

kinds('are not taken for any front door', () => {
  for (const [name, make] of EVENTS) assert.is(detectFrontDoor(make()), undefined, name)
})

kinds('reject with the very error the handler threw, on Middy 7 and Middy 5', async () => {
  for (const [name, make] of EVENTS) {
    for (const core of [middy, middy5] as const) {
      const error = Object.assign(new Error(`processing failed for ${name}`), {
        statusCode: 400,
        expose: true,
      })
      const { entries, logger } = capturingLogger()
      const handler = (core as typeof middy)(() => {
        throw error
      }).use(proxyResponse({ logger }))
      try {
        await handler(make(), lambdaContext())
        assert.unreachable(`${name}: the error was swallowed`)
      } catch (err) {
        assert.is(err, error, name)
      }
      assert.equal(entries, [], `${name}: nothing logged as if it were an HTTP answer`)
    }
  }
})

kinds('reject with a thrown primitive as it is', async () => {
  for (const [name, make] of EVENTS) {
    const handler = middy(() => {
      throw 'plain string failure'
    }).use(proxyResponse({ logger: false }))
    try {
      await handler(make(), lambdaContext())
      assert.unreachable(name)
    } catch (err) {
      assert.is(err, 'plain string failure', name)
    }
  }
})

kinds('pass a partial batch response through as the same object', async () => {
  for (const [name, make] of EVENTS) {
    const reply = { batchItemFailures: [{ itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' }] }
    const snapshot = structuredClone(reply)
    const handler = middy(() => reply).use(proxyResponse({ logger: false }))
    const result = await handler(make(), lambdaContext())
    assert.is(result, reply, name)
    assert.equal(result, snapshot, name)
  }
})

kinds('pass any other value through untouched: a string, undefined, a result-looking object', async () => {
  for (const [name, make] of EVENTS) {
    for (const value of ['done', undefined, { statusCode: 'not a number', body: { raw: true } }, 42]) {
      const handler = middy(() => value).use(proxyResponse({ logger: false }))
      assert.is(await handler(make(), lambdaContext()), value, name)
    }
  }
})

kinds.run()
