import type { ALBEvent } from 'aws-lambda'
import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/alb-target.js'
import { captureLogs, context, fixture } from './helpers.js'

const single = (userAgent?: string): ALBEvent => {
  const event = fixture<ALBEvent>('alb/single-value-aws-lambda-go-headers-only')
  return userAgent ? { ...event, headers: { ...event.headers, 'user-agent': userAgent } } : event
}

const multi = (userAgent?: string): ALBEvent => {
  const event = fixture<ALBEvent>('alb/multi-value-aws-lambda-go')
  return userAgent
    ? { ...event, multiValueHeaders: { ...event.multiValueHeaders, 'user-agent': [userAgent] } }
    : event
}

const invoke = async (event: ALBEvent) => {
  const { value, logs } = await captureLogs(() => handler(event, context()))
  return { result: value as Record<string, unknown>, logs }
}

const Alb = suite('alb-target, an Application Load Balancer target')

Alb('a health check in single-value mode gets 200 "OK" as text', async () => {
  const { result, logs } = await invoke(single('ELB-HealthChecker/2.0'))
  assert.equal(validateProxyResult(result, 'alb'), [])
  assert.equal(result, {
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: 'OK',
    isBase64Encoded: false,
  })
  assert.equal(logs, [])
})

Alb('a health check in multi-value mode gets the same answer in multiValueHeaders', async () => {
  const { result } = await invoke(multi('ELB-HealthChecker/2.0'))
  assert.equal(validateProxyResult(result, 'alb-multi-value'), [])
  assert.equal(result, {
    statusCode: 200,
    statusDescription: '200 OK',
    multiValueHeaders: { 'Content-Type': ['text/plain; charset=utf-8'] },
    body: 'OK',
    isBase64Encoded: false,
  })
})

Alb('a health check is recognized whatever the spelling of the header name', async () => {
  const event = fixture<ALBEvent>('alb/single-value-powertools-ts-base')
  const { result } = await invoke({ ...event, headers: { 'User-Agent': 'ELB-HealthChecker/2.0' } })
  assert.is(result.body, 'OK')
})

Alb('a request in single-value mode gets headers and one cookie only, the first', async () => {
  const { result, logs } = await invoke(single())
  assert.equal(validateProxyResult(result, 'alb'), [])
  assert.equal(result, {
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
  // The dropped cookie is reported, so that it does not vanish unnoticed.
  assert.ok(logs.some((log) => log.level === 'warn' && log.line.includes('cookies-dropped')))
})

Alb('a request in multi-value mode gets multiValueHeaders with both cookies', async () => {
  const { result } = await invoke(multi())
  assert.equal(validateProxyResult(result, 'alb-multi-value'), [])
  assert.equal(result, {
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
})

Alb('a POST with a body in multi-value mode is answered too', async () => {
  const { result } = await invoke(fixture<ALBEvent>('alb/multi-value-serverless-express-post-users'))
  assert.equal(validateProxyResult(result, 'alb-multi-value'), [])
  assert.is(result.body, '{"mode":"multi-value","method":"POST","path":"/users"}')
})

Alb.run()
