import type { CloudFrontResponseEvent } from 'aws-lambda'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { eventViolations } from '../../middleware/test/oracle/contract.js'
import { CONTENT_SECURITY_POLICY, handler, SECURITY_HEADERS } from '../src/security-headers.js'
import { captureLogs, fixture } from './helpers.js'

const DOOR = 'cloudfront-origin-response'

/** Invokes the example, and checks its result with the independent oracle as well as invoke's validator. */
const run = async <E extends CloudFrontResponseEvent>(event: E) => {
  const before = structuredClone(event)
  const { value: res, logs } = await captureLogs(() => invoke(handler, event))
  assert.equal(eventViolations(res.result, DOOR, before), [])
  return { res, logs, before }
}

/** The entries CloudFront takes for one header added as a plain string. */
const entry = (name: string, value: string) => [{ key: name, value }]

const Security = suite('security-headers, a CloudFront origin-response function')

Security("the published origin response gets every security header in CloudFront's shape", async () => {
  // The CloudFront guide's own origin-response sample: an HTML page from a custom origin.
  const event = fixture<CloudFrontResponseEvent>(
    'cloudfront/cloudfront-developer-guide-origin-response-custom-origin-200',
  )
  const { res, before } = await run(event)
  const origin = before.Records[0]?.cf.response
  assert.ok(origin)
  const { server: _server, ...kept } = origin.headers
  assert.equal(res.result, {
    status: '200',
    statusDescription: 'OK',
    headers: {
      ...kept,
      // The origin's Referrer-Policy and X-Frame-Options give way to the function's.
      ...Object.fromEntries(
        Object.entries(SECURITY_HEADERS).map(([name, value]) => [name, entry(name, value)]),
      ),
      'content-security-policy': entry('content-security-policy', CONTENT_SECURITY_POLICY),
    },
  })
  assert.is(res.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains; preload')
  assert.is(res.headers['referrer-policy'], 'strict-origin-when-cross-origin')
})

Security('the header naming the origin software is removed, and so is X-Powered-By', async () => {
  const { res } = await run(
    events.cloudFrontOriginResponse({
      response: { headers: { server: 'nginx/1.25.3', 'x-powered-by': 'Express', etag: '"v1"' } },
    }),
  )
  assert.is(res.headers.server, undefined)
  assert.is(res.headers['x-powered-by'], undefined)
  assert.is(res.headers.etag, '"v1"')
})

Security('the response keeps no body of its own, so CloudFront sends the origin body', async () => {
  const { res } = await run(events.cloudFrontOriginResponse())
  assert.not.ok('body' in res.result)
  assert.not.ok('bodyEncoding' in res.result)
})

Security('only HTML gets a Content-Security-Policy', async () => {
  const { res } = await run(
    events.cloudFrontOriginResponse({ response: { headers: { 'content-type': 'image/png' } } }),
  )
  assert.is(res.headers['content-security-policy'], undefined)
  assert.is(res.headers['x-content-type-options'], 'nosniff')
})

Security("an origin's error status and reason are kept: the headers go on every response", async () => {
  const { res } = await run(
    events.cloudFrontOriginResponse({ response: { status: 404, statusDescription: 'Not Found' } }),
  )
  assert.is(res.result.status, '404')
  assert.is(res.result.statusDescription, 'Not Found')
  assert.is(res.headers['x-frame-options'], 'DENY')
})

Security(
  'the read-only headers of an origin response, Via and Transfer-Encoding, stay as CloudFront gave them',
  async () => {
    const event = events.cloudFrontOriginResponse({
      response: { headers: { via: '1.1 proxy.example.org', 'transfer-encoding': 'chunked' } },
    })
    const { res, before } = await run(event)
    const origin = before.Records[0]?.cf.response.headers
    assert.equal(res.result.headers?.via, origin?.via)
    assert.equal(res.result.headers?.['transfer-encoding'], origin?.['transfer-encoding'])
  },
)

Security('the plain-string headers are reported once per warm instance, as repaired', async () => {
  // A fresh module: the report is once per warm instance, and other tests have run this one.
  const { handler: fresh } = await import(`../src/security-headers.js?fresh=${Date.now()}`)
  const first = await captureLogs(() => invoke(fresh, events.cloudFrontOriginResponse()))
  const second = await captureLogs(() => invoke(fresh, events.cloudFrontOriginResponse()))
  assert.equal(
    first.logs.map((log) => log.level),
    ['warn'],
  )
  assert.match(first.logs[0]?.line ?? '', /header-shape-repaired/)
  assert.equal(second.logs, [])
})

Security.run()
