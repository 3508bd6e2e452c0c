// The one description of the front doors (see CONTRACT.md, shipped as the README's tables): the
// normalizer builds results from it and the validator checks results against it, so a rule changes in
// one place. Each quirk of a front door is a field of its row, and nowhere else.
import { isObject, keyBit, read } from './kinds.js'
import type { CloudFrontTrigger, FrontDoor } from './types.js'

export { keyBit }

/** Lambda's response payload quota for synchronous invocations, as API Gateway reports it. */
export const LAMBDA_LIMIT = 6_291_556
/** "The maximum size of the response JSON that the Lambda function can send is 1 MB" (ELB guide). */
export const ALB_LIMIT = 1_048_576

export type ResultKey =
  | 'statusCode'
  | 'statusDescription'
  | 'headers'
  | 'multiValueHeaders'
  | 'cookies'
  | 'body'
  | 'isBase64Encoded'
  | 'status'
  | 'bodyEncoding'

/** What a Lambda@Edge trigger adds to the row of its front door (CONTRACT.md, "Amazon CloudFront"). */
export type Edge = {
  /** A request trigger: it may send the request on, or answer with a generated response. */
  readonly request: boolean
  /** A viewer-response trigger: the status is CloudFront's, and the body the origin's. */
  readonly viewer: boolean
  /** The headers CloudFront gave that a function may neither change nor delete, by lower-cased name. */
  readonly readOnly: RegExp
}

/** What one front door takes from a Lambda function. */
export type Door = {
  readonly name: FrontDoor
  /** Every top-level key it takes, in the order the normalizer writes them; any other key is refused. */
  readonly keys: readonly ResultKey[]
  /** The same keys as a mask of {@link keyBit}s, for the check of every key of every result. */
  readonly mask: number
  /** The keys a result must have: `statusCode`, and on load balancers their status line, flag and headers. */
  readonly required: readonly ResultKey[]
  /** The same keys as a mask of {@link keyBit}s. */
  readonly needs: number
  /**
   * Where header values go: `headers` (one value per name, several joined with `, `), `multiValueHeaders`
   * (arrays), or `both` (REST: single values in `headers`, several in `multiValueHeaders`).
   */
  readonly headers: 'headers' | 'multiValueHeaders' | 'both'
  /** Where `Set-Cookie` goes: the `cookies` array, `multiValueHeaders` (every cookie), or `headers` (one cookie). */
  readonly cookies: 'cookies' | 'multiValueHeaders' | 'headers'
  /** The largest serialized result it takes, in bytes. */
  readonly limit: number
  /** Whether it decodes a base64 body for every caller (a REST API only for its binaryMediaTypes). */
  readonly decodes: boolean
  /** Whether it takes streamed responses (function URLs; REST APIs with responseTransferMode STREAM). */
  readonly streams: boolean
  /** CloudFront's rules, for the four Lambda@Edge triggers; their results have a shape of their own. */
  readonly edge?: Edge
}

function bits(keys: readonly string[]): number {
  return keys.reduce((mask, key) => mask | keyBit(key), 0)
}

function door(
  name: FrontDoor,
  keys: string,
  required: string,
  headers: Door['headers'],
  cookies: Door['cookies'],
  limit = LAMBDA_LIMIT,
  decodes = true,
  streams = false,
  edge?: Edge,
): Door {
  const list = keys.split(' ') as ResultKey[]
  const needed = required.split(' ') as ResultKey[]
  return {
    name,
    keys: list,
    mask: bits(list),
    required: needed,
    needs: bits(needed),
    headers,
    cookies,
    limit,
    decodes,
    streams,
    ...(edge && { edge }),
  }
}

const REST = 'statusCode headers multiValueHeaders body isBase64Encoded'
const V2 = 'statusCode headers cookies body isBase64Encoded'
// The ALB doc: the result "must include the Base64 encoding status, status code, status description,
// and headers"; VPC Lattice takes the same shape.
const LB = 'statusCode statusDescription headers body isBase64Encoded'
const LB_REQUIRED = 'statusCode statusDescription headers isBase64Encoded'

// CloudFront's read-only headers, per trigger ("Restrictions on all edge functions"): a function can
// read them but not add, change or delete them.
// Read-only on both request triggers (CONTRACT.md); Host only on a viewer request, as an origin request
// function may send the request to another origin under another Host.
const READ_ONLY_REQUEST = 'cdn-loop|content-length|transfer-encoding|via'
function edge(name: FrontDoor, limit: number, request: boolean, viewer: boolean, readOnly: string): Door {
  return door(
    name,
    'status statusDescription headers body bodyEncoding',
    'status',
    'headers',
    'multiValueHeaders',
    limit,
    true,
    false,
    {
      request,
      viewer,
      readOnly: new RegExp(`^(?:${readOnly})$`),
    },
  )
}

/** Every front door, by name, in the order of CONTRACT.md. */
export const doors: Readonly<Record<FrontDoor, Door>> = {
  rest: door('rest', REST, 'statusCode', 'both', 'multiValueHeaders', LAMBDA_LIMIT, false, true),
  'http-v1': door('http-v1', REST, 'statusCode', 'both', 'multiValueHeaders'),
  'http-v2': door('http-v2', V2, 'statusCode', 'headers', 'cookies'),
  'function-url': door('function-url', V2, 'statusCode', 'headers', 'cookies', LAMBDA_LIMIT, true, true),
  alb: door('alb', LB, LB_REQUIRED, 'headers', 'headers', ALB_LIMIT),
  'alb-multi-value': door(
    'alb-multi-value',
    'statusCode statusDescription multiValueHeaders body isBase64Encoded',
    'statusCode statusDescription multiValueHeaders isBase64Encoded',
    'multiValueHeaders',
    'multiValueHeaders',
    ALB_LIMIT,
  ),
  'lattice-v1': door('lattice-v1', LB, LB_REQUIRED, 'headers', 'headers'),
  'lattice-v2': door('lattice-v2', LB, LB_REQUIRED, 'headers', 'headers'),
  // WebSocket route responses take the REST proxy shape without multi-value headers. Whether the
  // WebSocket API decodes base64 is not documented: the strict choice is to say it does not.
  websocket: door(
    'websocket',
    'statusCode headers body isBase64Encoded',
    'statusCode',
    'headers',
    'headers',
    LAMBDA_LIMIT,
    false,
  ),
  // "Quotas on Lambda@Edge": a generated response, headers and body, is at most 40 KB on viewer
  // triggers and 1 MB on origin triggers; the strict reading counts 1,000 bytes to the KB.
  'cloudfront-viewer-request': edge(
    'cloudfront-viewer-request',
    40_000,
    true,
    false,
    `${READ_ONLY_REQUEST}|host`,
  ),
  'cloudfront-origin-request': edge(
    'cloudfront-origin-request',
    1_000_000,
    true,
    false,
    `${READ_ONLY_REQUEST}|accept-encoding|if-modified-since|if-none-match|if-range|if-unmodified-since`,
  ),
  'cloudfront-origin-response': edge(
    'cloudfront-origin-response',
    1_000_000,
    false,
    false,
    'transfer-encoding|via',
  ),
  'cloudfront-viewer-response': edge(
    'cloudfront-viewer-response',
    40_000,
    false,
    true,
    'content-encoding|content-length|transfer-encoding|via|warning',
  ),
}

/** Every front door's name, in the order of CONTRACT.md. */
export const FRONT_DOORS = Object.keys(doors) as readonly FrontDoor[]

const TRIGGERS = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response']

/** The Lambda@Edge record of an event (`Records[0].cf`), when it is one. */
export function edgeRecord(event: unknown): Record<string, unknown> | undefined {
  const cf = read(read(read(event, 'Records'), 0), 'cf')
  return isObject(cf) ? cf : undefined
}

/**
 * Tells which front door sent `event`, or `undefined` when it is not an HTTP event (SQS, S3,
 * EventBridge, a direct invoke): the middleware leaves those alone.
 *
 * The order of the checks matters: REST events behind custom domains and WebSocket events carry
 * fields that look like other kinds (`httpMethod`, `version`, `requestContext.domainName`), so the
 * most specific markers are tested first (CONTRACT.md, "Telling the events apart"). A hand-written test
 * event with a top-level `httpMethod` and no `requestContext` is taken for a REST event. A Lambda@Edge
 * event is a `Records` list, as SQS and S3 events are: only its `cf.config.eventType` tells it.
 *
 * @example
 * detectFrontDoor(event) // 'http-v2'
 * detectFrontDoor({ Records: [] }) // undefined
 */
export function detectFrontDoor(event: unknown): FrontDoor | undefined {
  if (!isObject(event)) return undefined
  const context = event.requestContext
  const rest =
    typeof event.httpMethod === 'string' ? (event.version === '1.0' ? 'http-v1' : 'rest') : undefined
  if (!isObject(context)) {
    // VPC Lattice v1 uses snake_case keys and has no requestContext.
    if (typeof event.raw_path === 'string' && typeof event.method === 'string') return 'lattice-v1'
    if (rest || !Array.isArray(event.Records)) return rest
    const trigger = read(read(edgeRecord(event), 'config'), 'eventType') as string
    return TRIGGERS.includes(trigger) ? (`cloudfront-${trigger}` as CloudFrontTrigger) : undefined
  }
  // The ALB sends `multiValueHeaders` instead of `headers` when multi-value headers are on.
  if (isObject(context.elb)) return isObject(event.multiValueHeaders) ? 'alb-multi-value' : 'alb'
  if (typeof context.connectionId === 'string' && typeof context.eventType === 'string') return 'websocket'
  if (event.version === '2.0' && isObject(context.http)) {
    return String(context.domainName).includes('.lambda-url.') ? 'function-url' : 'http-v2'
  }
  return typeof context.serviceNetworkArn === 'string' ? 'lattice-v2' : rest
}
