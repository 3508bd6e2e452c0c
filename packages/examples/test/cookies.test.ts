import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/cookies.js'
import { captureLogs, context, fixture } from './helpers.js'

const uuid = /^session=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12};/

const setCookies = [
  'session={uuid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600',
  'theme=dark; Path=/; Max-Age=31536000; SameSite=Lax',
  'consent=analytics; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
]

/** The random session id replaced by {uuid}, so that the whole cookie can be compared. */
const withoutSessionId = (cookies: unknown): unknown =>
  Array.isArray(cookies) ? cookies.map((c) => String(c).replace(/^session=[^;]+/, 'session={uuid}')) : cookies

const v2 = (name: string, method: string): APIGatewayProxyEventV2 => {
  const event = fixture<APIGatewayProxyEventV2>(`apigw-http-v2/${name}`)
  return {
    ...event,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method } },
  }
}

const invoke = async (event: unknown) => {
  const { value, logs } = await captureLogs(() => handler(event as APIGatewayProxyEventV2, context()))
  return { result: value as Record<string, unknown>, logs }
}

const Cookies = suite('cookies, an HTTP API (payload 2.0) endpoint')

Cookies('POST sets three cookies, each in its own entry of `cookies`', async () => {
  const { result, logs } = await invoke(v2('aws-lambda-dotnet-proxy-route-cookies', 'POST'))
  assert.equal(validateProxyResult(result, 'http-v2'), [])
  assert.match(String((result.cookies as string[])[0]), uuid)
  assert.equal(
    { ...result, cookies: withoutSessionId(result.cookies) },
    {
      statusCode: 200,
      cookies: setCookies,
      headers: { 'Content-Type': 'application/json' },
      body: '{"set":["session","theme","consent"]}',
    },
  )
  assert.equal(logs, [])
})

Cookies('every POST makes a new session id', async () => {
  const first = await invoke(v2('powertools-ts-no-auth-post', 'POST'))
  const second = await invoke(v2('powertools-ts-no-auth-post', 'POST'))
  assert.is.not((first.result.cookies as string[])[0], (second.result.cookies as string[])[0])
})

Cookies('GET answers with the cookies the request carried', async () => {
  const { result } = await invoke(v2('aws-lambda-dotnet-proxy-route-cookies', 'GET'))
  assert.equal(validateProxyResult(result, 'http-v2'), [])
  assert.equal(result, {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"received":{"TestCookie1":"TestValue1","TestCookie2":"TestValue2","TestCookie3":"TestValue3"}}',
    isBase64Encoded: false,
  })
})

Cookies('GET without cookies answers with an empty object', async () => {
  const { result } = await invoke(v2('serverless-express-get-users', 'GET'))
  assert.equal(validateProxyResult(result, 'http-v2'), [])
  assert.is(result.body, '{"received":{}}')
})

Cookies('cookies of the AWS developer guide sample come back by name', async () => {
  const { result } = await invoke(v2('aws-lambda-developer-guide-get-cookies', 'GET'))
  assert.equal(validateProxyResult(result, 'http-v2'), [])
  assert.equal(JSON.parse(String(result.body)), {
    received: { s_fid: '7AABXMPL1AFD9BBF-0643XMPL09956DE2', regStatus: 'pre-register' },
  })
})

Cookies.run()
