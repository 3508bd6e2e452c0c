// CloudFront's front door (CONTRACT.md, "Amazon CloudFront, Lambda@Edge"): what a function on each of
// the four triggers may return, checked, and the repairs that make a result so. A request trigger may
// send the request on, or answer with a generated response; a response trigger returns the response.
// Results of the other front doors' shapes become a response in CloudFront's.
import { type Door, type Edge, edgeRecord } from './doors.js'
import { addHeaders, type Draft, newDraft, type Sink } from './draft.js'
import { trueLength } from './emit.js'
import { headerEntries, isCookieList, isHeaderValue, nameOf, SET_COOKIE } from './headers.js'
import { isObject, isPlainObject, isResultLike, isSent, read } from './kinds.js'
import { type Context, takeBody } from './normalize.js'
import { isHead } from './request.js'
import { isBase64 } from './size.js'
import type { CloudFrontHeaders, CloudFrontResult } from './types.js'

// "Disallowed headers": not exposed to functions, and adding one fails CloudFront's validation (the
// current list names ten X-Amzn-* headers; the X-Amzn-* wildcard was removed in 2021).
const DISALLOWED =
  /^(?:connection|expect|keep-alive|proxy-(?:authenticate|authorization|connection)|trailer|upgrade|x-accel-(?:buffering|charset|limit-rate|redirect)|x-amz-cf-.*|x-amzn-(?:auth|cf-billing|cf-id|cf-xff|errortype|fle-profile|header-count|header-order|lambda-integration-tag|requestid)|x-cache|x-edge-.*|x-forwarded-proto|x-real-ip)$/
// A generated response's framing is CloudFront's to compute: the strict choice never sends these.
const COMPUTED = /^(?:content-length|transfer-encoding|via)$/
const RESPONSE_KEYS = ['status', 'statusDescription', 'headers', 'body', 'bodyEncoding']
// "Fields in the request object"; `origin` in origin-request events only. Other keys: strict, never sent.
const REQUEST_KEYS = ['clientIp', 'headers', 'method', 'querystring', 'uri', 'body']
const requestKeys = (door: Door): readonly string[] =>
  door.name === 'cloudfront-origin-request' ? [...REQUEST_KEYS, 'origin'] : REQUEST_KEYS
// "If the status value isn't between 200 and 599, CloudFront returns an error to the viewer."
const STATUS = /^[2-5]\d\d$/

/**
 * A status description CloudFront takes: free text ("You don't need to use standard descriptions"),
 * strictly without a control character, HTAB included (CONTRACT.md).
 */
const isDescription = (text: unknown): text is string =>
  typeof text === 'string' && !text.includes('\t') && isHeaderValue(text)

const edgeOf = (door: Door): Edge => door.edge as Edge

/** What CloudFront gave the function: the event's `cf.request` on a request trigger, `cf.response` on a response trigger. */
export const given = (event: unknown, door: Door): Record<string, unknown> | undefined => {
  const value = read(edgeRecord(event), edgeOf(door).request ? 'request' : 'response')
  return isObject(value) ? value : undefined
}

/**
 * What CloudFront gave that a function may not change: the read-only headers of the request (request
 * triggers) or of the response (response triggers), and a viewer response's status. Taken before the
 * handler runs, since handlers change the event's request or response in place. `head`: the request
 * is a HEAD, which no response body answers (CONTRACT.md, the strict form).
 */
export type Snapshot = { status: unknown; headers: Record<string, unknown>; head: boolean }

export const snapshot = (event: unknown, door: Door): Snapshot => {
  const theirs = given(event, door)
  const map = read(theirs, 'headers')
  const headers: Record<string, unknown> = {}
  if (isObject(map)) {
    for (const name of Object.keys(map)) {
      const entries = map[name]
      if (edgeOf(door).readOnly.test(name) && Array.isArray(entries)) {
        headers[name] = entries.map((entry) => (isObject(entry) ? { ...entry } : entry))
      }
    }
  }
  return { status: read(theirs, 'status'), headers, head: isHead(event) }
}

/** A request to send on to the cache or the origin: what a request trigger may return instead of a response. */
export const isRequest = (value: unknown, door: Door): boolean =>
  edgeOf(door).request &&
  isObject(value) &&
  typeof read(value, 'uri') === 'string' &&
  typeof read(value, 'method') === 'string' &&
  !('status' in value)

/** Whether headers are in CloudFront's shape: some name holds an array of `{ value }` entries. */
const edgeShaped = (headers: unknown): boolean =>
  isPlainObject(headers) &&
  Object.keys(headers).some((name) => {
    const entries = read(headers, name)
    return Array.isArray(entries) && entries.some((entry) => isObject(entry) && 'value' in entry)
  })

/** A response in CloudFront's shape, maybe written loosely, rather than one in API Gateway's or a body. */
export const isEdgeResponse = (
  value: unknown,
  event: unknown,
  door: Door,
): value is Record<string, unknown> =>
  value === given(event, door) ||
  (isPlainObject(value) &&
    ('status' in value || 'bodyEncoding' in value || edgeShaped(read(value, 'headers'))))

/** Whether an entry is `{ key?, value }` as CloudFront takes it: a plain object, and no other key JSON sends. */
const isEntry = (entry: unknown): boolean =>
  isPlainObject(entry) &&
  Object.keys(entry).every((key) => key === 'key' || key === 'value' || !isSent(entry[key]))

/** The values of CloudFront's entries for one header (or of a header written loosely). */
const valuesOf = (entries: unknown): unknown[] =>
  (Array.isArray(entries) ? entries : [entries]).map((entry) =>
    isObject(entry) ? read(entry, 'value') : entry,
  )

const sameValues = (ours: unknown, theirs: unknown): boolean => {
  const [a, b] = [isSent(ours) ? valuesOf(ours) : [], isSent(theirs) ? valuesOf(theirs) : []]
  return a.length === b.length && a.every((value, i) => value === b[i])
}

/**
 * Checks a Lambda@Edge result against its trigger's contract. With a sink, every problem is reported;
 * without one, it answers whether there is none (the middleware's fast path). With what CloudFront
 * gave (`theirs`), the read-only headers and a viewer response's status are checked against it.
 */
export const checkEdge = (value: unknown, door: Door, sink?: Sink, theirs?: Snapshot): boolean => {
  const edge = edgeOf(door)
  let ok = true
  const fail: Sink = (code, path) => {
    ok = false
    sink?.(code, path)
  }
  if (!isPlainObject(value)) {
    fail('not-an-object', '')
    return ok
  }
  if (isRequest(value, door)) {
    const keys = requestKeys(door)
    for (const key in value) if (!keys.includes(key) && isSent(value[key])) fail('key-not-accepted', key)
    if (!String(value.uri).startsWith('/')) fail('uri-invalid', 'uri')
    checkHeaders(value.headers, edge, false, fail, theirs)
    return ok
  }
  for (const key in value)
    if (!RESPONSE_KEYS.includes(key) && isSent(value[key])) fail('key-not-accepted', key)
  const { status, statusDescription, headers, body, bodyEncoding } = value
  if (typeof status !== 'string' || !STATUS.test(status)) {
    fail(status === undefined ? 'key-missing' : 'status-invalid', 'status')
  } else if (edge.viewer && theirs !== undefined && status !== theirs.status)
    fail('status-read-only', 'status')
  if (statusDescription !== undefined && !isDescription(statusDescription)) {
    fail('status-description-invalid', 'statusDescription')
  }
  if (headers !== undefined || (theirs !== undefined && !edge.request)) {
    // `null` is sent as it is, and CloudFront takes no such headers: only a missing map is none.
    checkHeaders(
      headers === undefined ? {} : headers,
      edge,
      edge.request,
      fail,
      edge.request ? undefined : theirs,
    )
  }
  if (bodyEncoding !== undefined && bodyEncoding !== 'text' && bodyEncoding !== 'base64') {
    fail('body-encoding-invalid', 'bodyEncoding')
  }
  if (isSent(body)) {
    const code = edge.viewer
      ? 'body-read-only'
      : typeof body !== 'string'
        ? 'body-not-string'
        : status === '204' || status === '304' || theirs?.head
          ? 'body-forbidden'
          : bodyEncoding === 'base64' && !isBase64(body)
            ? 'base64-invalid'
            : undefined
    if (code) fail(code, 'body')
  }
  if (ok && Buffer.byteLength(JSON.stringify(value)) > door.limit) fail('too-large', '')
  return ok
}

/**
 * Checks a header map in CloudFront's shape. `generated`: a response a request trigger makes, whose
 * framing headers CloudFront computes. `theirs`: what CloudFront gave, whose read-only headers must be
 * carried unchanged (neither changed nor deleted).
 */
const checkHeaders = (raw: unknown, edge: Edge, generated: boolean, fail: Sink, theirs?: Snapshot): void => {
  if (!isPlainObject(raw)) {
    fail('headers-invalid', 'headers')
    return
  }
  for (const name in raw) {
    const entries = raw[name]
    if (!isSent(entries)) continue
    const at = `headers.${name}`
    const info = nameOf(name)
    if (info?.lower !== name) fail('header-name-invalid', at)
    else if (DISALLOWED.test(name)) fail('header-disallowed', at)
    else if (generated && COMPUTED.test(name)) fail('header-read-only', at)
    if (!Array.isArray(entries) || entries.length === 0) fail('header-entry-invalid', at)
    else {
      for (const entry of entries) {
        const key = read(entry, 'key')
        const text = read(entry, 'value')
        if (
          !isEntry(entry) ||
          typeof text !== 'string' ||
          (key !== undefined && (typeof key !== 'string' || key.toLowerCase() !== name))
        ) {
          fail('header-entry-invalid', at)
        } else if (!isHeaderValue(text) || (info?.kind === SET_COOKIE && isCookieList(text))) {
          fail(info?.kind === SET_COOKIE ? 'cookie-invalid' : 'header-value-invalid', at)
        }
      }
    }
  }
  if (theirs !== undefined) {
    const names = new Set([...Object.keys(raw), ...Object.keys(theirs.headers)])
    for (const name of names) {
      if (edge.readOnly.test(name) && !sameValues(raw[name], theirs.headers[name]))
        fail('header-read-only', `headers.${name}`)
    }
  }
}

/**
 * Takes headers in CloudFront's shape, maybe written loosely (a plain string, a `{ value }` without an
 * array, an upper-case name, a `key` that names another header), into a draft. Disallowed headers are
 * dropped; with `theirs`, read-only ones are left to `edgeHeaders`, which carries CloudFront's values.
 */
const takeHeaders = (draft: Draft, raw: unknown, edge: Edge, sink: Sink, theirs?: Snapshot): void => {
  const entries = raw === undefined || raw === null ? [] : headerEntries(raw)
  if (entries === undefined) {
    sink('headers-invalid', 'headers')
    return
  }
  // Two spellings of one name in the map are one header, the later winning, as in a proxy result's map:
  // `response.headers['Content-Type'] = …` replaces the origin's `content-type`.
  const taken = new Set<string>()
  for (const [name, value] of entries) {
    const lower = name.toLowerCase()
    const at = `headers.${name}`
    if (DISALLOWED.test(lower)) {
      sink('header-disallowed', at)
      continue
    }
    if (theirs && edge.readOnly.test(lower)) {
      if (!sameValues(value, theirs.headers[lower])) sink('header-read-only', at)
      continue
    }
    const list = Array.isArray(value) ? value : [value]
    const first = read(list[0], 'key')
    const spelling = typeof first === 'string' && first.toLowerCase() === lower ? first : name
    if (
      name !== lower ||
      !Array.isArray(value) ||
      list.some(
        (entry) => !isEntry(entry) || (read(entry, 'key') !== undefined && read(entry, 'key') !== spelling),
      )
    ) {
      sink('header-shape-repaired', at)
    }
    if (taken.has(lower) && lower !== 'set-cookie') {
      sink('header-duplicate', at)
      draft.headers.delete(lower)
    }
    taken.add(lower)
    addHeaders(draft, { [spelling]: valuesOf(value) }, 'headers', sink)
  }
  if (theirs) {
    for (const name of Object.keys(theirs.headers)) {
      if (!entries.some(([given]) => given.toLowerCase() === name))
        sink('header-read-only', `headers.${name}`)
    }
  }
}

/**
 * A draft's headers in CloudFront's shape. Disallowed headers are left out; on a generated response,
 * so are the framing headers CloudFront computes; the read-only headers of what CloudFront gave
 * (`theirs`) are carried as they were, and no other header of those names.
 */
const edgeHeaders = (draft: Draft, edge: Edge, sink: Sink, theirs?: Snapshot): CloudFrontHeaders => {
  const headers: CloudFrontHeaders = {}
  // An own key even for a header named `__proto__`, which an assignment would make the prototype.
  const put = (name: string, key: string, values: string[]) => {
    Object.defineProperty(headers, name, {
      value: values.map((value) => ({ key, value })),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  for (const [lower, [name, values]] of draft.headers) {
    if (DISALLOWED.test(lower)) sink('header-disallowed', `headers.${name}`)
    else if (theirs === undefined && COMPUTED.test(lower)) {
      // A Content-Length that lied was reported by trueLength; a true one is CloudFront's to send.
      if (lower !== 'content-length') sink('header-read-only', `headers.${name}`)
    } else if (theirs === undefined || !edge.readOnly.test(lower)) put(lower, name, values)
  }
  if (draft.cookies.length > 0) put('set-cookie', draft.cookieName ?? 'Set-Cookie', draft.cookies)
  if (theirs) Object.assign(headers, theirs.headers)
  return headers
}

/**
 * Repairs a request a request trigger sends on: its headers in CloudFront's shape, disallowed ones
 * dropped, read-only ones as CloudFront gave them, a `uri` that starts with `/`, and no key a request
 * does not have. Everything else of it is the function's to change and passes untouched.
 */
export const repairRequest = (
  request: Record<string, unknown>,
  door: Door,
  theirs: Snapshot,
  sink: Sink,
): Record<string, unknown> => {
  const edge = edgeOf(door)
  const draft = newDraft(200)
  takeHeaders(draft, read(request, 'headers'), edge, sink, theirs)
  const repaired: Record<string, unknown> = { ...request, headers: edgeHeaders(draft, edge, sink, theirs) }
  const keys = requestKeys(door)
  for (const key of Object.keys(repaired)) {
    if (!keys.includes(key) && isSent(repaired[key])) {
      sink(isResultLike(key) ? 'key-misspelled' : 'unknown-key', key)
      delete repaired[key]
    }
  }
  const uri = String(read(request, 'uri'))
  if (!uri.startsWith('/')) {
    sink('uri-invalid', 'uri')
    repaired.uri = `/${uri}`
  }
  return repaired
}

/**
 * Takes a response in CloudFront's shape, maybe written loosely (a number `status`, headers as plain
 * strings), into a draft. On a response trigger, a response without `body` keeps the origin's body.
 */
export const fromEdge = (
  value: Record<string, unknown>,
  door: Door,
  theirs: Snapshot,
  context: Context,
): Draft | Promise<Draft> => {
  const edge = edgeOf(door)
  const { sink } = context
  for (const key of Object.keys(value)) {
    if (!RESPONSE_KEYS.includes(key) && isSent(read(value, key))) {
      sink(isResultLike(key) ? 'key-misspelled' : 'unknown-key', key)
    }
  }
  const status = read(value, 'status')
  const stated = status ?? (edge.request ? undefined : theirs.status)
  const number = typeof stated === 'string' && /^\d{3}$/.test(stated) ? Number(stated) : stated
  const valid = Number.isInteger(number) && STATUS.test(String(number))
  const draft = newDraft(valid ? (number as number) : stated === undefined ? 200 : 500)
  if (status === undefined) sink('status-missing', 'status')
  else if (!valid) sink('status-invalid', 'status')
  else if (typeof status !== 'string') sink('status-coerced', 'status')
  const description = read(value, 'statusDescription')
  if (isDescription(description)) draft.statusDescription = description
  else if (description !== undefined) sink('status-description-invalid', 'statusDescription')
  takeHeaders(draft, read(value, 'headers'), edge, sink, edge.request ? undefined : theirs)
  const encoding = read(value, 'bodyEncoding')
  if (encoding !== undefined && encoding !== 'text' && encoding !== 'base64') {
    sink('body-encoding-invalid', 'bodyEncoding')
  }
  draft.base64 = encoding === 'base64'
  const body = read(value, 'body')
  if (!isSent(body) && !edge.request) {
    draft.origin = true
    return draft
  }
  if ((draft.statusCode === 204 || draft.statusCode === 304) && isSent(body)) sink('body-forbidden', 'body')
  return takeBody(draft, body, context)
}

/**
 * Gives a draft CloudFront's shape for the trigger: `status` a string (a viewer response keeps
 * CloudFront's), headers as `{ key, value }` entries, cookies each their own, the body with its
 * `bodyEncoding`, and none on a 204 or 304, in answer to a HEAD request, nor on a viewer response
 * (whose body is the origin's).
 * `theirs` is what CloudFront gave a response trigger; a request trigger generates its response.
 */
export const emitEdge = (
  draft: Draft,
  door: Door,
  theirs: Snapshot | undefined,
  sink: Sink,
): CloudFrontResult => {
  const edge = edgeOf(door)
  const owned = edge.request ? undefined : theirs
  if (!draft.origin) trueLength(draft, sink)
  let status = String(draft.statusCode)
  const fixed = owned?.status
  if (edge.viewer && typeof fixed === 'string' && fixed !== status) {
    sink('status-read-only', 'status')
    status = fixed
  } else if (!STATUS.test(status)) {
    sink('status-invalid', 'status')
    status = '500'
  }
  const result: CloudFrontResult = { status }
  if (draft.statusDescription !== undefined) result.statusDescription = draft.statusDescription
  result.headers = edgeHeaders(draft, edge, sink, owned)
  if (edge.viewer) {
    if (draft.body !== '' && !draft.origin) sink('body-read-only', 'body')
  } else if (!draft.origin && status !== '204' && status !== '304' && !theirs?.head) {
    result.body = draft.body
    if (draft.base64 && draft.body !== '') result.bodyEncoding = 'base64'
  }
  return result
}
