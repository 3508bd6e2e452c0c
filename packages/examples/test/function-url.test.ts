import type { LambdaFunctionURLEvent } from 'aws-lambda'
import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/function-url.js'
import { captureLogs, context, fixture } from './helpers.js'

const invoke = async (event: LambdaFunctionURLEvent) => {
  const { value, logs } = await captureLogs(() => handler(event, context()))
  assert.equal(validateProxyResult(value, 'function-url'), [])
  return { result: value as unknown as Record<string, unknown>, logs }
}

const FunctionUrl = suite('function-url, a web Response behind a Lambda function URL')

FunctionUrl('the Response becomes status, headers, cookies and a JSON body', async () => {
  const { result, logs } = await invoke(
    fixture<LambdaFunctionURLEvent>('function-url/powertools-ts-get-browser'),
  )
  assert.equal(result, {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'x-powered-by': 'middy-proxy-response' },
    cookies: ['greeted=yes; Path=/; HttpOnly', 'name=world; Path=/; Max-Age=600'],
    body: '{"greeting":"Hello, world!"}',
    isBase64Encoded: false,
  })
  assert.equal(logs, [])
})

FunctionUrl('a query parameter reaches the body and, encoded, the cookie', async () => {
  const event = fixture<LambdaFunctionURLEvent>('function-url/powertools-ts-iam-auth-post')
  const { result } = await invoke({ ...event, queryStringParameters: { name: 'Zoë; x' } })
  assert.is(result.body, '{"greeting":"Hello, Zoë; x!"}')
  assert.equal(result.cookies, ['greeted=yes; Path=/; HttpOnly', 'name=Zo%C3%AB%3B%20x; Path=/; Max-Age=600'])
})

FunctionUrl.run()
