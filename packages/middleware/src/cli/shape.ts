// Which front doors a bare result is judged on. A result carries no note of the front door it was
// for, but its shape tells the family: API Gateway's (and the load balancers') `statusCode`, or
// CloudFront's `status` string and `{ key, value }` header entries. Judging a CloudFront response on a
// REST API (or the other way round) only says that it is not the other family's, which the person
// knows; so a result is judged on the front doors of its family, and on every one when its shape says
// nothing (a string, `null`, `{ body }`) or says both.
import { FRONT_DOORS } from '../index.js'
import type { FrontDoor } from '../types.js'

/** The name `--front-door` takes for CloudFront's four Lambda@Edge triggers at once. */
export const CLOUDFRONT = 'cloudfront'

/** Whether a front door is one of CloudFront's Lambda@Edge triggers (`cloudfront-viewer-request`…). */
export const isCloudFront = (door: string): boolean => door.startsWith(`${CLOUDFRONT}-`)

/** CloudFront's four triggers, in the package's order. */
export const cloudFrontDoors = (): FrontDoor[] => FRONT_DOORS.filter(isCloudFront)

/** The front doors that take a proxy result (`statusCode`, `headers`, `body`…), in the package's order. */
export const proxyDoors = (): FrontDoor[] => FRONT_DOORS.filter((door) => !isCloudFront(door))

/** The family a result's shape belongs to, or undefined when it tells none, or both. */
export type Shape = 'proxy' | 'cloudfront' | undefined

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// Keys only a proxy result has, and keys only a CloudFront result (a response, or a request sent on)
// has. `statusDescription`, `headers` and `body` are both families': the headers' values tell them.
const PROXY_KEYS = ['statusCode', 'multiValueHeaders', 'isBase64Encoded', 'cookies']
const CLOUDFRONT_KEYS = ['status', 'bodyEncoding', 'uri', 'method', 'querystring', 'clientIp']

/** How the headers are written: CloudFront's arrays of `{ key, value }`, a proxy result's strings, or neither. */
const headerShape = (headers: unknown): Shape => {
  if (!isObject(headers)) return undefined
  let proxy = false
  let cloudfront = false
  for (const value of Object.values(headers)) {
    if (Array.isArray(value) && value.some((entry) => isObject(entry) && 'value' in entry)) cloudfront = true
    else if (typeof value === 'string') proxy = true
  }
  return cloudfront === proxy ? undefined : cloudfront ? 'cloudfront' : 'proxy'
}

/**
 * The family of a result, by its keys: `proxy` for one with `statusCode`, `multiValueHeaders`,
 * `isBase64Encoded` or `cookies`; `cloudfront` for one with `status`, `bodyEncoding`, or a request's
 * `uri`, `method`, `querystring`, `clientIp`. When the keys tell neither, by its headers: string
 * values are a proxy result's, arrays of `{ key, value }` CloudFront's. Undefined for a value that is
 * not an object, that tells neither, or whose keys tell both.
 *
 * @example
 * shapeOf({ status: 301, headers: { location: '/new' } }) // 'cloudfront', written loosely
 */
export const shapeOf = (value: unknown): Shape => {
  if (!isObject(value)) return undefined
  const proxy = PROXY_KEYS.some((key) => Object.hasOwn(value, key))
  const cloudfront = CLOUDFRONT_KEYS.some((key) => Object.hasOwn(value, key))
  if (proxy !== cloudfront) return proxy ? 'proxy' : 'cloudfront'
  return proxy ? undefined : headerShape(value.headers)
}

/**
 * The front doors a bare result is judged on: those of its family, or every front door when its
 * shape tells none.
 *
 * @example
 * doorsOfShape({ statusCode: 200, body: 'ok' }) // ['rest', 'http-v1', … 'websocket']
 */
export const doorsOfShape = (value: unknown): FrontDoor[] => {
  const shape = shapeOf(value)
  return shape === 'proxy' ? proxyDoors() : shape === 'cloudfront' ? cloudFrontDoors() : [...FRONT_DOORS]
}
