import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/function-url.js'
import { captureLogs } from './helpers.js'

const FunctionUrl = suite('function-url, a web Response behind a Lambda function URL')

FunctionUrl('the Response becomes status, headers, cookies and a JSON body', async () => {
  const { value: res, logs } = await captureLogs(() => invoke(handler, events.functionUrl()))
  assert.equal(res.result, {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'x-powered-by': 'middy-proxy-response' },
    cookies: ['greeted=yes; Path=/; HttpOnly', 'name=world; Path=/; Max-Age=600'],
    body: '{"greeting":"Hello, world!"}',
    isBase64Encoded: false,
  })
  assert.equal(res.json<{ greeting: string }>().greeting, 'Hello, world!')
  assert.equal(logs, [])
})

FunctionUrl('a query parameter reaches the body and, encoded, the cookie', async () => {
  const res = await invoke(handler, events.functionUrl({ method: 'POST', query: { name: 'Zoë; x' } }))
  assert.is(res.text, '{"greeting":"Hello, Zoë; x!"}')
  assert.equal(res.cookies, ['greeted=yes; Path=/; HttpOnly', 'name=Zo%C3%AB%3B%20x; Path=/; Max-Age=600'])
})

FunctionUrl.run()
