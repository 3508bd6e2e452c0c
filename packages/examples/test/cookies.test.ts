import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/cookies.js'
import { captureLogs, fixture } from './helpers.js'

const uuid = /^session=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12};/

const setCookies = [
  'session={uuid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600',
  'theme=dark; Path=/; Max-Age=31536000; SameSite=Lax',
  'consent=analytics; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
]

/** The random session id replaced by {uuid}, so that the whole cookie can be compared. */
const withoutSessionId = (cookies: string[] = []): string[] =>
  cookies.map((cookie) => cookie.replace(/^session=[^;]+/, 'session={uuid}'))

const Cookies = suite('cookies, an HTTP API (payload 2.0) endpoint')

Cookies('POST sets three cookies, each in its own entry of `cookies`', async () => {
  const { value: res, logs } = await captureLogs(() =>
    invoke(handler, events.httpV2({ method: 'POST', path: '/cookies' })),
  )
  assert.match(res.cookies[0] ?? '', uuid)
  assert.equal(
    { ...res.result, cookies: withoutSessionId(res.result.cookies) },
    {
      statusCode: 200,
      cookies: setCookies,
      headers: { 'Content-Type': 'application/json' },
      body: '{"set":["session","theme","consent"]}',
    },
  )
  assert.equal(withoutSessionId(res.cookies), setCookies)
  assert.equal(res.json(), { set: ['session', 'theme', 'consent'] })
  assert.equal(logs, [])
})

Cookies('every POST makes a new session id', async () => {
  const post = () => invoke(handler, events.httpV2({ method: 'POST', path: '/cookies' }))
  const [first, second] = [await post(), await post()]
  assert.is.not(first.cookies[0], second.cookies[0])
})

Cookies('GET answers with the cookies the request carried', async () => {
  const event = events.httpV2({
    path: '/cookies',
    cookies: { TestCookie1: 'TestValue1', TestCookie2: 'TestValue2', TestCookie3: 'TestValue3' },
  })
  const { value: res } = await captureLogs(() => invoke(handler, event))
  assert.equal(res.result, {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"received":{"TestCookie1":"TestValue1","TestCookie2":"TestValue2","TestCookie3":"TestValue3"}}',
    isBase64Encoded: false,
  })
  assert.equal(res.cookies, [])
})

Cookies('GET without cookies answers with an empty object', async () => {
  const res = await invoke(handler, events.httpV2({ path: '/cookies' }))
  assert.equal(res.json(), { received: {} })
})

Cookies('a Cookie header sent as such is read too: API Gateway moves it into `cookies`', async () => {
  const res = await invoke(handler, events.httpV2({ headers: { cookie: 'theme=dark; consent=analytics' } }))
  assert.equal(res.json(), { received: { theme: 'dark', consent: 'analytics' } })
})

Cookies('cookies of the AWS developer guide sample come back by name', async () => {
  // A published event, as a user's own fixture file: its front door is told at run time.
  const res = await invoke(
    handler,
    fixture<APIGatewayProxyEventV2>('apigw-http-v2/aws-lambda-developer-guide-get-cookies'),
  )
  assert.is(res.frontDoor, 'http-v2')
  assert.equal(res.json(), {
    received: { s_fid: '7AABXMPL1AFD9BBF-0643XMPL09956DE2', regStatus: 'pre-register' },
  })
})

Cookies.run()
