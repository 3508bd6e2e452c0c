// The published sample events of fixtures/events (see fixtures/SOURCES.md), and the one event per front
// door that tests spread their overrides onto: a single map, which test/helpers.ts and
// test/hardening/helpers.ts both re-export, so that `eventFor('rest')` is the same event in every suite.
import { readdirSync, readFileSync } from 'node:fs'
import type { CloudFrontDoor, Door, ProxyDoor } from './oracle/contract.js'

const eventsDir = new URL('../../../fixtures/events/', import.meta.url)
const texts = new Map<string, string>()

/**
 * A published sample event, as `kind/name.json`, parsed afresh on each call so that a test that
 * mutates it cannot affect another.
 *
 * @example
 * loadEvent('sqs/powertools-ts-two-records.json').Records
 */
export const loadEvent = (path: string): Record<string, unknown> => {
  let text = texts.get(path)
  if (text === undefined) {
    text = readFileSync(new URL(path, eventsDir), 'utf8')
    texts.set(path, text)
  }
  return JSON.parse(text) as Record<string, unknown>
}

const folderOf = (file: string): string => file.slice(0, file.indexOf('/'))

/**
 * Every published sample event, as `kind/name.json`, sorted.
 *
 * @example
 * allEvents().filter((file) => file.startsWith('alb/'))
 */
export const allEvents = (): string[] => everyEvent()

/**
 * The published CloudFront Lambda@Edge sample events, as `cloudfront/name.json`, sorted.
 *
 * @example
 * edgeEvents().map((file) => loadEvent(file).Records)
 */
export const edgeEvents = (): string[] => everyEvent().filter((file) => folderOf(file) === 'cloudfront')

/**
 * Every published sample event, CloudFront's included, as `kind/name.json`, sorted.
 *
 * @example
 * everyEvent().length
 */
export const everyEvent = (): string[] =>
  readdirSync(eventsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(new URL(`${dir.name}/`, eventsDir))
        .filter((file) => file.endsWith('.json'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort()

/**
 * One real event per front door. For REST and HTTP API 2.0 these are real captures of a POST
 * (powertools `no-auth`), rather than the AWS guide's hand-edited GET samples; every suite passes on
 * either, so the map holds what AWS actually sent.
 *
 * @example
 * loadEvent(EVENT_OF.alb).requestContext
 */
export const PROXY_EVENT_OF: Readonly<Record<ProxyDoor, string>> = Object.freeze({
  rest: 'apigw-rest/powertools-ts-no-auth-post.json',
  'http-v1': 'apigw-http-v1/powertools-py-aws-docs-example-get.json',
  'http-v2': 'apigw-http-v2/powertools-ts-no-auth-post.json',
  'function-url': 'function-url/powertools-ts-get-browser.json',
  alb: 'alb/single-value-powertools-ts-base.json',
  'alb-multi-value': 'alb/multi-value-aws-lambda-go.json',
  'lattice-v1': 'vpc-lattice/v1-powertools-ts-base.json',
  'lattice-v2': 'vpc-lattice/v2-powertools-ts-base.json',
  websocket: 'apigw-websocket/aws-lambda-go-message-default-route.json',
})

/**
 * One published event per CloudFront trigger: the CloudFront guide's own examples ("Lambda@Edge event structure"): they are what AWS
 * documents, where the other published events of these triggers are a hand-edited capture and an
 * include-body POST.
 *
 * @example
 * loadEvent(EDGE_EVENT_OF['cloudfront-origin-response']).Records
 */
export const EDGE_EVENT_OF: Readonly<Record<CloudFrontDoor, string>> = Object.freeze({
  'cloudfront-viewer-request': 'cloudfront/cloudfront-developer-guide-viewer-request-get-root.json',
  'cloudfront-origin-request': 'cloudfront/cloudfront-developer-guide-origin-request-custom-origin.json',
  'cloudfront-origin-response':
    'cloudfront/cloudfront-developer-guide-origin-response-custom-origin-200.json',
  'cloudfront-viewer-response': 'cloudfront/cloudfront-developer-guide-viewer-response-200.json',
})

/**
 * One real event per front door, CloudFront's triggers included.
 *
 * @example
 * loadEvent(EVENT_OF['cloudfront-viewer-request']).Records
 */
export const EVENT_OF: Readonly<Record<Door, string>> = Object.freeze({ ...PROXY_EVENT_OF, ...EDGE_EVENT_OF })
