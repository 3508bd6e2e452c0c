// Event builders for CloudFront's four Lambda@Edge triggers, shaped like the CloudFront guide's own
// sample events (fixtures/events/cloudfront): `Records[0].cf` holds the `config` that names the trigger,
// the `request`, and on a response trigger the `response` (without its body, which CloudFront does not
// expose). Headers are CloudFront's: by lower-cased name, one `{ key, value }` per value.
import { randomBytes } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { CloudFrontHeaders, CloudFrontRequestEvent, CloudFrontResponseEvent } from 'aws-lambda'
import type { CloudFrontTrigger } from '../types.js'
import { bodyOf } from './body.js'
import type { RequestInput } from './events.js'

/**
 * What the CloudFront builders take: the input of every builder, in its words (`path` with its query,
 * `query`, `sourceIp`), which the event carries in CloudFront's (`uri`, `querystring` without `?`,
 * `clientIp`). `body` is the request body a request trigger sees with the "include body" option
 * (`request.body`, in base64 whatever it is; a JSON body adds `content-type: application/json`).
 * Each builder refuses what its trigger cannot carry, with a TypeError saying what to do: an
 * `authorizer` (CloudFront has none), an `origin` on a viewer trigger, a `response` on a request
 * trigger. A response trigger's event carries no request body (CloudFront shows none there): a `body`
 * given to one (in a loop over every front door, say) leaves only its headers in the request.
 *
 * @example
 * events.cloudFrontOriginRequest({ path: '/img.png?w=200', origin: 's3', headers: { accept: 'image/webp' } })
 */
export type CloudFrontInput = Omit<RequestInput, 'sourceIp'> & {
  /** The viewer's address: `clientIp`, and `x-forwarded-for` on an origin trigger. @default '203.0.113.10' */
  sourceIp?: string | undefined
  /** The origin of an origin trigger: a custom origin (`example.org`) or an S3 bucket. @default 'custom' */
  origin?: 'custom' | 's3' | undefined
  /** On a response trigger, the response CloudFront gives the function (its body is never exposed). */
  response?:
    | {
        /** @default 200 */
        status?: number | string | undefined
        /** @default the status's reason phrase ('OK') */
        statusDescription?: string | undefined
        /** Response headers, added to the defaults (`content-type`, `content-length`, `date`), each replaced by a header of that name. */
        headers?: Record<string, string | readonly string[]> | undefined
      }
    | undefined
}

const DISTRIBUTION = 'd111111abcdef8.cloudfront.net'
const ORIGIN_HOST = 'example.org'
const BUCKET_HOST = 'example-bucket.s3.us-east-1.amazonaws.com'
const CLIENT_IP = '203.0.113.10'
const USER_AGENT = 'curl/8.5.0'

const BUILDERS: Record<CloudFrontTrigger, string> = {
  'cloudfront-viewer-request': 'events.cloudFrontViewerRequest',
  'cloudfront-origin-request': 'events.cloudFrontOriginRequest',
  'cloudfront-origin-response': 'events.cloudFrontOriginResponse',
  'cloudfront-viewer-response': 'events.cloudFrontViewerResponse',
}

/** Title-Case, as CloudFront's own headers are spelled (`x-forwarded-for` → `X-Forwarded-For`). */
const spelled = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())

/**
 * Headers in CloudFront's shape: each default first, unless given under any spelling, then the given
 * ones, one `{ key, value }` per value, `key` spelled as given; two spellings of one name are one header.
 */
const headersOf = (
  defaults: Record<string, string>,
  given: Record<string, string | readonly string[]> | undefined,
): CloudFrontHeaders => {
  const headers: CloudFrontHeaders = {}
  const names = new Set(Object.keys(given ?? {}).map((name) => name.toLowerCase()))
  for (const [name, value] of Object.entries(defaults)) {
    if (!names.has(name)) headers[name] = [{ key: spelled(name), value }]
  }
  for (const [name, value] of Object.entries(given ?? {})) {
    const entries = (typeof value === 'string' ? [value] : value).map((item) => ({ key: name, value: item }))
    headers[name.toLowerCase()] = [...(headers[name.toLowerCase()] ?? []), ...entries]
  }
  return headers
}

/** CloudFront's request ids: 56 characters of URL-safe base64, ending `==`. */
const requestId = (): string => `${randomBytes(40).toString('base64url').slice(0, 54)}==`

/** Refuses what the trigger's event cannot carry, saying what to do instead. */
const refuse = (builder: string, what: string, instead: string): never => {
  throw new TypeError(`${builder}() takes no ${what}: ${instead}.`)
}

const statusOf = (builder: string, given: number | string | undefined): string => {
  const status = String(given ?? 200)
  if (!/^[1-5]\d\d$/.test(status)) {
    throw new TypeError(
      `${builder}(): response.status must be an HTTP status code, 100 to 599, not ${JSON.stringify(given)}.`,
    )
  }
  return status
}

const build = (trigger: CloudFrontTrigger, input: CloudFrontInput): Record<string, unknown> => {
  const builder = BUILDERS[trigger]
  const eventType = trigger.slice('cloudfront-'.length)
  const viewer = eventType.startsWith('viewer')
  const responding = eventType.endsWith('response')
  if ((input as { authorizer?: unknown }).authorizer !== undefined) {
    refuse(
      builder,
      'authorizer',
      'CloudFront runs no authorizer before a Lambda@Edge function, which sees the credentials as the viewer sent them: give them in headers (authorization) or cookies',
    )
  }
  if (viewer && input.origin !== undefined) {
    refuse(
      builder,
      'origin',
      'CloudFront names the origin to the origin triggers only: build the event with events.cloudFrontOriginRequest() or events.cloudFrontOriginResponse()',
    )
  }
  if (!responding && input.response !== undefined) {
    refuse(
      builder,
      'response',
      'a request trigger runs before there is a response: build the event with events.cloudFrontOriginResponse() or events.cloudFrontViewerResponse()',
    )
  }
  if (input.origin !== undefined && input.origin !== 'custom' && input.origin !== 's3') {
    throw new TypeError(
      `${builder}(): the origin must be 'custom' or 's3', not ${JSON.stringify(input.origin)}.`,
    )
  }

  // The query string as the viewer sent it: percent-encoded, without its `?`.
  const [uri = '/', search = ''] = (input.path ?? '/').split(/\?(.*)/s)
  const query: Array<[string, string]> = [...new URLSearchParams(search)]
  for (const [name, value] of Object.entries(input.query ?? {})) {
    for (const item of typeof value === 'string' ? [value] : value) query.push([name, item])
  }
  const querystring = query
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&')

  const clientIp = input.sourceIp ?? CLIENT_IP
  const s3 = input.origin === 's3'
  // As CloudFront hands them on: the viewer's own headers on a viewer trigger; on an origin trigger,
  // those CloudFront sends the origin (its own user agent, the hop it adds, the origin's host).
  const defaults: Record<string, string> = viewer
    ? { host: DISTRIBUTION, 'user-agent': USER_AGENT, accept: '*/*' }
    : {
        'x-forwarded-for': clientIp,
        'user-agent': 'Amazon CloudFront',
        via: `2.0 ${randomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`,
        host: s3 ? BUCKET_HOST : ORIGIN_HOST,
      }
  const headers = headersOf(defaults, input.headers)
  const body = bodyOf(input.body)
  const bytes = body.text === undefined ? undefined : Buffer.from(body.text, body.base64 ? 'base64' : 'utf8')
  // A viewer that sends a body sends its length, which CloudFront passes on (and keeps read-only).
  if (bytes !== undefined && headers['content-length'] === undefined) {
    headers['content-length'] = [{ key: 'Content-Length', value: String(bytes.length) }]
  }
  if (body.json && headers['content-type'] === undefined) {
    headers['content-type'] = [{ key: 'Content-Type', value: 'application/json' }]
  }
  const cookies = Object.entries(input.cookies ?? {}).map(([name, value]) => `${name}=${value}`)
  if (cookies.length > 0) {
    // One Cookie header, as a viewer sends it: the given cookies after those of a given header.
    const given = (headers.cookie ?? []).map((entry) => entry.value)
    headers.cookie = [{ key: headers.cookie?.[0]?.key ?? 'Cookie', value: [...given, ...cookies].join('; ') }]
  }

  const request: Record<string, unknown> = {
    clientIp,
    headers,
    method: (input.method ?? 'GET').toUpperCase(),
    querystring,
    uri,
  }
  // A response trigger sees no request body: only the headers of a request that had one.
  if (bytes !== undefined && !responding) {
    request.body = {
      action: 'read-only',
      data: bytes.toString('base64'),
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
  if (responding) {
    const response = input.response ?? {}
    const status = statusOf(builder, response.status)
    cf.response = {
      headers: headersOf(
        {
          'content-type': 'text/html; charset=utf-8',
          'content-length': '9593',
          date: new Date().toUTCString(),
        },
        response.headers,
      ),
      status,
      statusDescription: response.statusDescription ?? STATUS_CODES[status] ?? '',
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
