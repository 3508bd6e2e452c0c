// What the middleware reads of the request: its method and its headers, whatever shape the front
// door's event has.
import { edgeRecord } from './doors.js'
import { isObject, read } from './kinds.js'

/**
 * The request header `name` (lower case), its values joined with commas: from `headers` or
 * `multiValueHeaders` whatever their case, or from a Lambda@Edge event's `cf.request.headers`.
 */
export function requestHeader(event: unknown, name: string): string {
  const found: unknown[] = []
  const cf = edgeRecord(event)
  if (cf) {
    const entries = read(read(read(cf, 'request'), 'headers'), name)
    if (Array.isArray(entries)) for (const entry of entries) found.push(read(entry, 'value'))
  } else {
    for (const map of [read(event, 'headers'), read(event, 'multiValueHeaders')]) {
      if (isObject(map)) for (const key in map) if (key.toLowerCase() === name) found.push(map[key])
    }
  }
  return found.join()
}

/** Whether the request is a HEAD request, whatever the front door (payload 1.0, ALB, 2.0, VPC Lattice, CloudFront). */
export function isHead(event: unknown): boolean {
  return (
    (read(event, 'httpMethod') ??
      read(event, 'method') ??
      read(read(read(event, 'requestContext'), 'http'), 'method') ??
      read(read(edgeRecord(event), 'request'), 'method')) === 'HEAD'
  )
}
