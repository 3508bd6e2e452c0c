// A draft given the exact shape of one front door of the proxy family (API Gateway, function URLs,
// load balancers, VPC Lattice, WebSocket); CloudFront's shape is edge.ts's.
import type { Door } from './doors.js'
import type { Draft, Sink } from './draft.js'
import { putHeader } from './headers.js'
import { keyBit } from './kinds.js'
import { bodyBytes } from './size.js'
import { forbidsBody, reasonPhrase } from './status.js'
import type { ProxyResult } from './types.js'

/**
 * Sets a Content-Length the handler gave to the bytes of the body sent, and leaves it out of a status
 * without a body: it is the front door's to compute (CONTRACT.md, "Headers every front door computes").
 */
export function trueLength(draft: Draft, sink: Sink): void {
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

const DESCRIPTION = keyBit('statusDescription')
const HEADERS = keyBit('headers')
const MULTI = keyBit('multiValueHeaders')
const COOKIES = keyBit('cookies')

/**
 * Gives a draft the exact shape of one front door (CONTRACT.md, "Headers"): every key the front door
 * takes, in the order of doors.ts, and nothing else.
 */
export function emit(draft: Draft, door: Door, sink: Sink): ProxyResult {
  trueLength(draft, sink)
  const { statusCode, cookies, headers } = draft
  const { mask } = door
  const result: ProxyResult = { statusCode }
  if ((mask & DESCRIPTION) !== 0) {
    result.statusDescription = draft.statusDescription ?? `${statusCode} ${reasonPhrase(statusCode)}`
  }
  const single: Record<string, string> = {}
  const multi: Record<string, string[]> = {}
  const spread = door.headers === 'multiValueHeaders'
  const both = door.headers === 'both'
  // The characters of everything but the body, for the size bound of size.ts: each text, with the
  // quotes, commas and colons around it.
  let chars = (result.statusDescription?.length ?? 0) + 3
  headers.forEach(([name, values]) => {
    chars += name.length + 6
    for (const value of values) chars += value.length + 3
    if (spread || (both && values.length > 1)) putHeader(multi, name, values)
    else putHeader(single, name, values.length === 1 ? (values[0] as string) : values.join(', '))
  })
  for (const cookie of cookies) chars += cookie.length + 16
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
  if ((mask & HEADERS) !== 0) result.headers = single
  if ((mask & MULTI) !== 0) result.multiValueHeaders = multi
  if ((mask & COOKIES) !== 0) result.cookies = cookies
  const body = forbidsBody(statusCode) ? '' : draft.body
  result.body = body
  result.isBase64Encoded = body !== '' && draft.base64 === true
  draft.chars = chars
  return result
}
