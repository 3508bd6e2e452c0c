// Event builders for CloudFront's four Lambda@Edge triggers, shaped like the CloudFront guide's own
// sample events (fixtures/events/cloudfront): `Records[0].cf` holds the `config` that names the trigger,
// the `request`, and on a response trigger the `response` (without its body, which CloudFront does not
// expose). Headers are CloudFront's: by lower-cased name, one `{ key, value }` per value.
import { randomBytes } from 'node:crypto'
import type { CloudFrontHeaders, CloudFrontRequestEvent, CloudFrontResponseEvent } from 'aws-lambda'
import type { CloudFrontTrigger } from '../types.js'

/**
 * What the CloudFront builders take. `path` may hold the query string (`/img.png?w=200`); `body` is the
 * request body a trigger sees with the "include body" option (bytes or text, sent as base64).
 *
 * @example
 * events.cloudFrontViewerRequest({ path: '/old/page', headers: { 'accept-encoding': 'gzip, br' } })
 */
export type CloudFrontInput = {
  /** @default 'GET' */
  method?: string | undefined
  /** The URI, optionally with a query string, merged with `query`. @default '/' */
  path?: string | undefined
  query?: Record<string, string | readonly string[]> | undefined
  /** Request headers, added to the defaults of the trigger (`host`, `user-agent`…). */
  headers?: Record<string, string | readonly string[]> | undefined
  /** Request cookies, in a `cookie` header. */
  cookies?: Record<string, string> | undefined
  /** The request body, as the "include body" option passes it (base64). */
  body?: string | Uint8Array | undefined
  /** The viewer's address (`clientIp`). @default '203.0.113.178' */
  clientIp?: string | undefined
  /** The origin of an origin trigger: a custom origin (`example.org`) or an S3 bucket. @default 'custom' */
  origin?: 'custom' | 's3' | undefined
  /** On a response trigger, the response CloudFront gives the function (its body is never exposed). */
  response?:
    | {
        /** @default 200 */
        status?: number | string | undefined
        /** @default 'OK' */
        statusDescription?: string | undefined
        /** Response headers, added to the defaults (`content-type`, `content-length`, `date`…). */
        headers?: Record<string, string | readonly string[]> | undefined
      }
    | undefined
}

const DISTRIBUTION = 'd111111abcdef8.cloudfront.net'
const ORIGIN_HOST = 'example.org'
const BUCKET_HOST = 'example-bucket.s3.us-east-1.amazonaws.com'
const CLIENT_IP = '203.0.113.178'

/** Title-Case, as CloudFront spells a header's `key` when the function gives none (`content-type` → `Content-Type`). */
const spelled = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())

/** Headers in CloudFront's shape: defaults first, each replaced by a given header of that name. */
const headersOf = (
  defaults: Record<string, string>,
  given: Record<string, string | readonly string[]> | undefined,
): CloudFrontHeaders => {
  const headers: CloudFrontHeaders = {}
  const put = (name: string, values: readonly string[]) => {
    headers[name.toLowerCase()] = values.map((value) => ({ key: name, value }))
  }
  const names = new Set(Object.keys(given ?? {}).map((name) => name.toLowerCase()))
  for (const [name, value] of Object.entries(defaults)) if (!names.has(name)) put(spelled(name), [value])
  for (const [name, value] of Object.entries(given ?? {}))
    put(name, typeof value === 'string' ? [value] : value)
  return headers
}

const requestId = (): string =>
  `${randomBytes(42).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').slice(0, 54)}==`

const build = (trigger: CloudFrontTrigger, input: CloudFrontInput): Record<string, unknown> => {
  const eventType = trigger.slice('cloudfront-'.length)
  const [uri = '/', search = ''] = (input.path ?? '/').split(/\?(.*)/s)
  const query = new URLSearchParams(search)
  for (const [name, value] of Object.entries(input.query ?? {})) {
    for (const item of typeof value === 'string' ? [value] : value) query.append(name, item)
  }
  const clientIp = input.clientIp ?? CLIENT_IP
  const viewer = eventType.startsWith('viewer')
  const s3 = input.origin === 's3'
  const host = viewer ? DISTRIBUTION : s3 ? BUCKET_HOST : ORIGIN_HOST
  // As CloudFront hands them on: the viewer's own headers on a viewer trigger; on an origin trigger,
  // those CloudFront sends the origin (its own user agent, the hop it adds).
  const defaults: Record<string, string> = viewer
    ? { host, 'user-agent': 'curl/8.5.0', accept: '*/*' }
    : {
        'x-forwarded-for': clientIp,
        'user-agent': 'Amazon CloudFront',
        via: `2.0 ${randomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`,
        host,
      }
  const cookies = Object.entries(input.cookies ?? {}).map(([name, value]) => `${name}=${value}`)
  const headers = headersOf(defaults, input.headers)
  if (cookies.length > 0) headers.cookie = [{ key: 'Cookie', value: cookies.join('; ') }]
  const request: Record<string, unknown> = {
    clientIp,
    headers,
    method: (input.method ?? 'GET').toUpperCase(),
    querystring: query.toString(),
    uri,
  }
  if (input.body !== undefined) {
    request.body = {
      action: 'read-only',
      data: Buffer.from(input.body).toString('base64'),
      encoding: 'base64',
      inputTruncated: false,
    }
  }
  if (!viewer) {
    request.origin = s3
      ? { s3: { authMethod: 'none', customHeaders: {}, domainName: BUCKET_HOST, path: '' } }
      : {
          custom: {
            customHeaders: {},
            domainName: ORIGIN_HOST,
            keepaliveTimeout: 5,
            path: '',
            port: 443,
            protocol: 'https',
            readTimeout: 30,
            sslProtocols: ['TLSv1.2'],
          },
        }
  }
  const cf: Record<string, unknown> = {
    config: {
      distributionDomainName: DISTRIBUTION,
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType,
      requestId: requestId(),
    },
    request,
  }
  if (eventType.endsWith('response')) {
    const response = input.response ?? {}
    cf.response = {
      headers: headersOf(
        {
          'content-type': 'text/html; charset=utf-8',
          'content-length': '9593',
          date: new Date().toUTCString(),
        },
        response.headers,
      ),
      status: String(response.status ?? 200),
      statusDescription: response.statusDescription ?? 'OK',
    }
  }
  return { Records: [{ cf }] }
}

/** A viewer-request event, as `events.cloudFrontViewerRequest()` makes it. */
export const cloudFrontViewerRequest = (input: CloudFrontInput = {}): CloudFrontRequestEvent =>
  build('cloudfront-viewer-request', input) as unknown as CloudFrontRequestEvent
/** An origin-request event, as `events.cloudFrontOriginRequest()` makes it. */
export const cloudFrontOriginRequest = (input: CloudFrontInput = {}): CloudFrontRequestEvent =>
  build('cloudfront-origin-request', input) as unknown as CloudFrontRequestEvent
/** An origin-response event, as `events.cloudFrontOriginResponse()` makes it. */
export const cloudFrontOriginResponse = (input: CloudFrontInput = {}): CloudFrontResponseEvent =>
  build('cloudfront-origin-response', input) as unknown as CloudFrontResponseEvent
/** A viewer-response event, as `events.cloudFrontViewerResponse()` makes it. */
export const cloudFrontViewerResponse = (input: CloudFrontInput = {}): CloudFrontResponseEvent =>
  build('cloudfront-viewer-response', input) as unknown as CloudFrontResponseEvent
