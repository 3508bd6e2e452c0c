// A draft given the exact shape of one front door of the proxy family (API Gateway, function URLs,
// load balancers, VPC Lattice, WebSocket); CloudFront's shape is edge.ts's.
import type { Door } from './doors.js'
import type { Draft, Sink } from './draft.js'
import { putHeader } from './headers.js'
import { bodyBytes } from './size.js'
import { forbidsBody, reasonPhrase } from './status.js'
import type { ProxyResult } from './types.js'

/**
 * Sets a Content-Length the handler gave to the bytes of the body sent, and leaves it out of a status
 * without a body: it is the front door's to compute (CONTRACT.md, "Headers every front door computes").
 */
export const trueLength = (draft: Draft, sink: Sink): void => {
  const length = draft.headers.get('content-length')
  if (!length) return
  const bytes = forbidsBody(draft.statusCode)
    ? undefined
    : String(bodyBytes(draft.body, draft.base64 === true))
  if (length[1].length !== 1 || length[1][0] !== bytes) {
    sink('content-length-corrected', `headers.${length[0]}`)
    if (bytes === undefined) draft.headers.delete('content-length')
    else length[1] = [bytes]
  }
}

/**
 * Gives a draft the exact shape of one front door (CONTRACT.md, "Headers"): every key the front door
 * takes, in the order of doors.ts, and nothing else.
 */
export const emit = (draft: Draft, door: Door, sink: Sink): ProxyResult => {
  trueLength(draft, sink)
  const { statusCode, cookies, headers } = draft
  const result: ProxyResult = { statusCode }
  if (door.keys.includes('statusDescription')) {
    result.statusDescription = draft.statusDescription ?? `${statusCode} ${reasonPhrase(statusCode)}`
  }
  const single: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  for (const [name, values] of headers.values()) {
    if (door.headers === 'multiValueHeaders' || (door.headers === 'both' && values.length > 1)) {
      putHeader(multi, name, values)
    } else putHeader(single, name, values.join(', '))
  }
  if (cookies.length > 0) {
    const name = draft.cookieName ?? 'Set-Cookie'
    if (door.cookies === 'multiValueHeaders') putHeader(multi, name, cookies)
    else if (door.cookies === 'headers') {
      // Without multi-value headers only one value per name reaches the client, and a comma-joined
      // list of cookies is not a cookie (an Expires date holds a comma): the first one is sent.
      putHeader(single, name, cookies[0] as string)
      if (cookies.length > 1) sink('cookies-dropped', 'cookies', `${cookies.length} cookies, 1 sent`)
    }
  }
  if (door.keys.includes('headers')) result.headers = single
  if (door.keys.includes('multiValueHeaders')) result.multiValueHeaders = multi
  if (door.keys.includes('cookies')) result.cookies = cookies
  const body = forbidsBody(statusCode) ? '' : draft.body
  result.body = body
  result.isBase64Encoded = body !== '' && draft.base64 === true
  return result
}
