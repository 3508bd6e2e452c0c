import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { context, eventFor, fixture } from './helpers.js'

// The probe is how `invoke` and the `check` command learn that a handler is wrapped, and with which
// front door: a function on the context under a registered symbol.
const PROBE = Symbol.for('middy-proxy-response.probe')

const probed = () => {
  const reports: unknown[] = []
  return {
    reports,
    context: Object.assign(context(), { [PROBE]: (report: unknown) => reports.push(report) }),
  }
}

const Probe = suite('the probe on the Lambda context')

Probe('is told once per invocation the front door the middleware answers', async () => {
  const handler = middy(async () => 'ok').use(proxyResponse({ logger: false }))
  const { reports, context: ctx } = probed()
  await handler(eventFor('alb'), ctx)
  await handler(eventFor('http-v2'), ctx)
  assert.equal(reports, [
    { frontDoor: 'alb', fixed: false },
    { frontDoor: 'http-v2', fixed: false },
  ])
})

Probe('is told a fixed front door, and no front door for an event that is not HTTP', async () => {
  const fixed = middy(async () => 'ok').use(proxyResponse({ logger: false, frontDoor: 'alb' }))
  const auto = middy(async () => 'ok').use(proxyResponse({ logger: false }))
  const { reports, context: ctx } = probed()
  await fixed(eventFor('rest'), ctx)
  await auto(fixture('sqs/powertools-ts-two-records.json'), ctx)
  assert.equal(reports, [
    { frontDoor: 'alb', fixed: true },
    { frontDoor: undefined, fixed: false },
  ])
})

Probe('that throws does not break the invocation', async () => {
  const handler = middy(async () => 'ok').use(proxyResponse({ logger: false }))
  const ctx = Object.assign(context(), {
    [PROBE]: () => {
      throw new Error('probe failed')
    },
  })
  const result = (await handler(eventFor('rest'), ctx)) as unknown as { statusCode: number; body: string }
  assert.is(result.statusCode, 200)
  assert.is(result.body, 'ok')
})

Probe.run()
