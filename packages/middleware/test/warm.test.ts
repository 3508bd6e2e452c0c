import middy from '@middy/core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponse } from '../src/index.js'
import { context, eventFor } from './helpers.js'

const warm = suite('a warm instance')

warm('keeps nothing of one invocation for the next', async () => {
  let calls = 0
  const handler = middy(async () => {
    calls += 1
    return calls === 1
      ? { statusCode: 201, headers: { 'x-first': 'yes' }, cookies: ['first=1'], body: { first: true } }
      : { second: true }
  }).use(proxyResponse({ logger: false }))
  const first = await handler(eventFor('http-v2'), context('one'))
  const second = await handler(eventFor('alb'), context('two'))
  assert.equal(first, {
    statusCode: 201,
    headers: { 'x-first': 'yes', 'Content-Type': 'application/json' },
    cookies: ['first=1'],
    body: '{"first":true}',
    isBase64Encoded: false,
  })
  assert.equal(second, {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'Content-Type': 'application/json' },
    body: '{"second":true}',
    isBase64Encoded: false,
  })
})

warm('never changes the object a handler returns, so a shared object stays as it was', async () => {
  const shared = Object.freeze({
    statusCode: 200,
    headers: Object.freeze({ 'x-n': 1 }),
    body: Object.freeze({ a: 1 }),
  })
  const handler = middy(async () => shared).use(proxyResponse({ logger: false }))
  const first = await handler(eventFor('rest'), context())
  const second = await handler(eventFor('rest'), context())
  assert.equal(first, second)
  assert.equal(shared, { statusCode: 200, headers: { 'x-n': 1 }, body: { a: 1 } })
})

warm.run()
