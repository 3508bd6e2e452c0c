import type { FrontDoor } from './types.js'

type Obj = Record<string, unknown>

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null

/**
 * Tells which front door sent `event`, or `undefined` when it is not an HTTP event (SQS, S3,
 * EventBridge, a direct invoke): the middleware leaves those alone.
 *
 * The order of the checks matters: REST events behind custom domains and WebSocket events carry
 * fields that look like other kinds (`httpMethod`, `version`, `requestContext.domainName`), so the
 * most specific markers are tested first (see CONTRACT, "Telling the events apart").
 *
 * @example
 * detectFrontDoor(event) // 'http-v2'
 * detectFrontDoor({ Records: [] }) // undefined
 */
export const detectFrontDoor = (event: unknown): FrontDoor | undefined => {
  if (!isObject(event)) return undefined
  const requestContext = event.requestContext
  if (isObject(requestContext)) {
    // The ALB sends `multiValueHeaders` instead of `headers` when multi-value headers are on.
    if (isObject(requestContext.elb)) return isObject(event.multiValueHeaders) ? 'alb-multi-value' : 'alb'
    if (typeof requestContext.connectionId === 'string' && typeof requestContext.eventType === 'string') {
      return 'websocket'
    }
    if (event.version === '2.0' && isObject(requestContext.http)) {
      const domainName = requestContext.domainName
      return typeof domainName === 'string' && domainName.includes('.lambda-url.')
        ? 'function-url'
        : 'http-v2'
    }
    if (typeof requestContext.serviceNetworkArn === 'string') return 'lattice-v2'
    if (typeof event.httpMethod === 'string') return event.version === '1.0' ? 'http-v1' : 'rest'
    return undefined
  }
  // VPC Lattice v1 uses snake_case keys and has no requestContext.
  if (typeof event.raw_path === 'string' && typeof event.method === 'string') return 'lattice-v1'
  return undefined
}
