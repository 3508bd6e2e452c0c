import type { CloudFrontRequestEvent } from 'aws-lambda'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { eventViolations, noLeak } from '../../middleware/test/oracle/contract.js'
import { handler } from '../src/edge-redirect.js'
import { captureLogs, fixture } from './helpers.js'

const DOOR = 'cloudfront-viewer-request'

/** Invokes the example, and checks its result with the independent oracle as well as invoke's validator. */
const run = async <E extends CloudFrontRequestEvent>(event: E) => {
  // The event as CloudFront gave it, before the handler could change it in place.
  const before = structuredClone(event)
  const { value: res, logs } = await captureLogs(() => invoke(handler, event))
  assert.equal(eventViolations(res.result, DOOR, before), [])
  return { res, logs, before }
}

const redirect = (location: string) => ({
  status: '301',
  headers: {
    location: [{ key: 'location', value: location }],
    'cache-control': [{ key: 'cache-control', value: 'public, max-age=3600' }],
  },
  body: '',
})

const Redirect = suite('edge-redirect, a CloudFront viewer-request function')

Redirect("an old path gets CloudFront's generated 301: a string status, { key, value } entries", async () => {
  const { res, logs } = await run(events.cloudFrontViewerRequest({ path: '/blog/2021/hello?ref=mail' }))
  assert.equal(res.result, redirect('/articles/2021/hello?ref=mail'))
  assert.is(res.statusCode, 301)
  assert.is(res.headers.location, '/articles/2021/hello?ref=mail')
  assert.is(res.request, undefined)
  // Written for API Gateway, sent in CloudFront's shape: nothing to report.
  assert.equal(logs, [])
})

Redirect('an old path sent percent-encoded is found, and the rest of it kept as sent', async () => {
  const { res } = await run(events.cloudFrontViewerRequest({ path: '/%C3%BCber-uns/Team%20A' }))
  assert.equal(res.result, redirect('/about/Team%20A'))
})

Redirect('a prefix matches whole segments only: /blogger goes on to the origin', async () => {
  const { res, before } = await run(events.cloudFrontViewerRequest({ path: '/blogger' }))
  assert.is(res.statusCode, 0)
  assert.equal(res.request, before.Records[0]?.cf.request)
})

Redirect('a www host gets a 301 to the bare host over https, with the path and query', async () => {
  const { res } = await run(
    events.cloudFrontViewerRequest({ path: '/shop/tea?size=2', headers: { host: 'WWW.Example.com' } }),
  )
  assert.equal(res.result, redirect('https://example.com/shop/tea?size=2'))
})

Redirect('any other request is sent on untouched: the very object CloudFront gave', async () => {
  // The CloudFront guide's own viewer-request sample: GET / on the distribution's domain.
  const event = fixture<CloudFrontRequestEvent>(
    'cloudfront/cloudfront-developer-guide-viewer-request-get-root',
  )
  const request = event.Records[0]?.cf.request
  const { res, logs, before } = await run(event)
  // A fixture is an event of your own: its front door is told at run time.
  assert.is(res.frontDoor, DOOR)
  assert.ok(Object.is(res.result, request), 'the same object, not a copy')
  assert.equal(res.result, before.Records[0]?.cf.request)
  assert.is(res.statusCode, 0)
  assert.equal(logs, [])
})

Redirect('a POST that carries its body (include-body) goes on with the body as it came', async () => {
  const event = fixture<CloudFrontRequestEvent>('cloudfront/serverless-express-viewer-request-post-body')
  const { res, before } = await run(event)
  assert.equal(res.request, before.Records[0]?.cf.request)
  assert.equal(res.request?.body, before.Records[0]?.cf.request.body)
})

Redirect('a read-only header of a viewer request, Host, goes on as the viewer sent it', async () => {
  const { res } = await run(
    events.cloudFrontViewerRequest({ path: '/new', headers: { host: 'example.com', 'content-length': '0' } }),
  )
  assert.equal(res.request?.headers.host, [{ key: 'host', value: 'example.com' }])
  assert.equal(res.request?.headers['content-length'], [{ key: 'content-length', value: '0' }])
})

Redirect('a thrown error (a malformed escape) is a 500 that leaks nothing, and is logged', async () => {
  const { res, logs } = await run(events.cloudFrontViewerRequest({ path: '/%E0%A4%A/x' }))
  assert.equal(res.result, {
    status: '500',
    headers: { 'content-type': [{ key: 'Content-Type', value: 'application/json' }] },
    body: '{"message":"Internal Server Error"}',
  })
  assert.equal(noLeak(res.result, ['URI malformed', 'URIError', 'edge-redirect']), [])
  // The operator reads the reason in the function's log.
  assert.ok(logs.some((log) => log.level === 'error' && log.line.includes('URI malformed')))
})

Redirect.run()
