import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { detectFrontDoor, FRONT_DOORS } from '../src/index.js'
import { EVENT_OF } from './events.js'
import { allFixtures, fixture } from './helpers.js'

// What each fixture folder holds, per fixtures/SOURCES.md.
const expectedByFolder: Record<string, (file: string) => string | undefined> = {
  'apigw-rest': () => 'rest',
  'apigw-http-v1': () => 'http-v1',
  'apigw-http-v2': () => 'http-v2',
  'function-url': () => 'function-url',
  alb: (file) => (file.startsWith('alb/multi-value') ? 'alb-multi-value' : 'alb'),
  'vpc-lattice': (file) => (file.startsWith('vpc-lattice/v1') ? 'lattice-v1' : 'lattice-v2'),
  'apigw-websocket': () => 'websocket',
  cloudfront: (file) =>
    `cloudfront-${/-(viewer|origin)-(request|response)-/.exec(file)?.slice(1).join('-') ?? 'unknown'}`,
  sqs: () => undefined,
  s3: () => undefined,
}

const detect = suite('detectFrontDoor')

for (const file of allFixtures()) {
  const folder = file.split('/')[0] as string
  const expected = expectedByFolder[folder]
  detect(`tells the front door of the published event ${file}`, () => {
    assert.ok(expected, `no expectation for the folder ${folder}`)
    assert.is(detectFrontDoor(fixture(file)), expected?.(file))
  })
}

detect('has a base event for every front door, and every front door is told apart', () => {
  assert.equal(Object.keys(EVENT_OF).sort(), [...FRONT_DOORS].sort())
  for (const frontDoor of FRONT_DOORS) assert.is(detectFrontDoor(fixture(EVENT_OF[frontDoor])), frontDoor)
})

detect('takes a REST event behind a custom domain for REST, not for payload 2.0', () => {
  const event = fixture('apigw-rest/powertools-ts-no-auth-post.json')
  const requestContext = event.requestContext as Record<string, unknown>
  const custom = { ...event, requestContext: { ...requestContext, domainName: 'api.example.lambda-url.com' } }
  assert.is(detectFrontDoor(custom), 'rest')
})

detect('takes a WebSocket event that carries httpMethod for WebSocket', () => {
  const event = fixture('apigw-websocket/aws-lambda-dotnet-connect.json')
  assert.is(detectFrontDoor({ ...event, httpMethod: 'GET' }), 'websocket')
})

detect('tells an ALB event in multi-value mode from one without', () => {
  const single = fixture('alb/single-value-aws-lambda-go-headers-only.json')
  const { headers, ...rest } = single
  assert.is(detectFrontDoor(single), 'alb')
  assert.is(detectFrontDoor({ ...rest, multiValueHeaders: { host: ['example.com'] } }), 'alb-multi-value')
})

detect('takes a payload 2.0 event without the lambda-url domain for an HTTP API', () => {
  const event = fixture('function-url/powertools-ts-get-browser.json')
  const requestContext = event.requestContext as Record<string, unknown>
  assert.is(detectFrontDoor(event), 'function-url')
  assert.is(
    detectFrontDoor({
      ...event,
      requestContext: { ...requestContext, domainName: 'abc.execute-api.eu-west-1.amazonaws.com' },
    }),
    'http-v2',
  )
})

detect('leaves direct invocations, EventBridge events and other values alone', () => {
  const eventBridge = {
    version: '0',
    id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2016-12-30T18:44:49Z',
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/SampleRule'],
    detail: {},
  }
  for (const event of [
    eventBridge,
    {},
    { hello: 'world' },
    null,
    undefined,
    'text',
    42,
    [],
    { requestContext: {} },
  ]) {
    assert.is(detectFrontDoor(event), undefined)
  }
})

detect.run()
