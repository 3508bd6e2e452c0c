import type { ALBEvent } from 'aws-lambda'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/alb-target.js'
import { captureLogs, fixture } from './helpers.js'

const healthCheck = { 'user-agent': 'ELB-HealthChecker/2.0' }

const Alb = suite('alb-target, an Application Load Balancer target')

Alb('a health check in single-value mode gets 200 "OK" as text', async () => {
  const { value: res, logs } = await captureLogs(() =>
    invoke(handler, events.alb({ path: '/health', headers: healthCheck })),
  )
  assert.equal(res.result, {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: 'OK',
    isBase64Encoded: false,
  })
  assert.is(res.text, 'OK')
  assert.equal(logs, [])
})

Alb('a health check in multi-value mode gets the same answer in multiValueHeaders', async () => {
  const res = await invoke(handler, events.albMultiValue({ path: '/health', headers: healthCheck }))
  assert.equal(res.result, {
    statusCode: 200,
    statusDescription: '200 OK',
    multiValueHeaders: { 'Content-Type': ['text/plain; charset=utf-8'] },
    body: 'OK',
    isBase64Encoded: false,
  })
})

Alb('a health check is recognized whatever the spelling of the header name', async () => {
  // Behind API Gateway (as with `pnpm start`) header names keep the client's spelling.
  const res = await invoke(handler, {
    ...fixture<ALBEvent>('alb/single-value-powertools-ts-base'),
    headers: { 'User-Agent': 'ELB-HealthChecker/2.0' },
  })
  assert.is(res.text, 'OK')
})

Alb('a request in single-value mode gets headers and one cookie only, the first', async () => {
  const { value: res, logs } = await captureLogs(() => invoke(handler, events.alb()))
  assert.equal(res.result, {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: {
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json',
      'Set-Cookie': 'visitor=1; Path=/; HttpOnly',
    },
    body: '{"mode":"single-value","method":"GET","path":"/"}',
    isBase64Encoded: false,
  })
  assert.equal(res.cookies, ['visitor=1; Path=/; HttpOnly'])
  // The dropped cookie is reported, so that it does not vanish unnoticed.
  assert.ok(logs.some((log) => log.level === 'warn' && log.line.includes('cookies-dropped')))
})

Alb('a request in multi-value mode gets multiValueHeaders with both cookies', async () => {
  const res = await invoke(handler, events.albMultiValue())
  assert.equal(res.result, {
    statusCode: 200,
    statusDescription: '200 OK',
    multiValueHeaders: {
      'Cache-Control': ['no-store'],
      'Content-Type': ['application/json'],
      'Set-Cookie': ['visitor=1; Path=/; HttpOnly', 'ab-test=b; Path=/'],
    },
    body: '{"mode":"multi-value","method":"GET","path":"/"}',
    isBase64Encoded: false,
  })
  assert.equal(res.cookies, ['visitor=1; Path=/; HttpOnly', 'ab-test=b; Path=/'])
  assert.equal(res.headers, { 'cache-control': 'no-store', 'content-type': 'application/json' })
})

Alb('a POST with a body in multi-value mode is answered too', async () => {
  const res = await invoke(
    handler,
    events.albMultiValue({ method: 'POST', path: '/users', body: { name: 'x' } }),
  )
  assert.equal(res.json(), { mode: 'multi-value', method: 'POST', path: '/users' })
})

Alb('a published multi-value POST (serverless-express) is answered the same way', async () => {
  const res = await invoke(handler, fixture<ALBEvent>('alb/multi-value-serverless-express-post-users'))
  assert.is(res.frontDoor, 'alb-multi-value')
  assert.is(res.text, '{"mode":"multi-value","method":"POST","path":"/users"}')
})

Alb.run()
