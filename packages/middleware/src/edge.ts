// CloudFront's front door (CONTRACT.md, "Amazon CloudFront, Lambda@Edge"): what a function on each of
// the four triggers may return, checked, and the repairs that make a result so. A request trigger may
// send the request on, or answer with a generated response; a response trigger returns the response.
// Results of the other front doors' shapes become a response in CloudFront's.
import { type Door, type Edge, edgeRecord, keyBit } from './doors.js'
import { addCookies, addHeaders, type Draft, newDraft, type Sink } from './draft.js'
import { trueLength } from './emit.js'
import { ProxyResponseError } from './failure.js'
import { headerEntries, headerTexts, isCookieList, isHeaderValue, nameOf, SET_COOKIE } from './headers.js'
import { isObject, isPlainObject, isResultLike, isSent, read } from './kinds.js'
import { type Context, takeBody } from './normalize.js'
import { isHead } from './request.js'
import { bodyBytes, isBase64 } from './size.js'
import type { CloudFrontHeaders, CloudFrontResult } from './types.js'

// "Disallowed headers": not exposed to functions, and adding one fails CloudFront's validation (the
// current list names ten X-Amzn-* headers; the X-Amzn-* wildcard was removed in 2021).
const DISALLOWED =
  /^(?:connection|expect|keep-alive|proxy-(?:authenticate|authorization|connection)|trailer|upgrade|x-accel-(?:buffering|charset|limit-rate|redirect)|x-amz-cf-.*|x-amzn-(?:auth|cf-billing|cf-id|cf-xff|errortype|fle-profile|header-count|header-order|lambda-integration-tag|requestid)|x-cache|x-edge-.*|x-forwarded-proto|x-real-ip)$/
// A generated response's framing is CloudFront's to compute: the strict choice never sends these.
const COMPUTED = /^(?:content-length|transfer-encoding|via)$/
const RESPONSE_KEYS = ['status', 'statusDescription', 'headers', 'body', 'bodyEncoding']
// "If the status value isn't between 200 and 599, CloudFront returns an error to the viewer."
const STATUS = /^[2-5]\d\d$/

/**
 * A status description CloudFront takes: free text ("You don't need to use standard descriptions"),
 * strictly without a control character, HTAB included (CONTRACT.md).
 */
function isDescription(text: unknown): text is string {
  return typeof text === 'string' && !text.includes('\t') && isHeaderValue(text)
}

function edgeOf(door: Door): Edge {
  return door.edge as Edge
}

/** A sink that reports a hop-by-hop header CloudFront also disallows (`Connection`, `Upgrade`…) as disallowed. */
export function edgeSink(sink: Sink): Sink {
  return (code, path, detail) =>
    sink(
      code === 'header-hop-by-hop' && DISALLOWED.test(path.slice(path.indexOf('.') + 1).toLowerCase())
        ? 'header-disallowed'
        : code,
      path,
      detail,
    )
}

/** What CloudFront gave the function: the event's `cf.request` on a request trigger, `cf.response` on a response trigger. */
export function given(event: unknown, door: Door): Record<string, unknown> | undefined {
  const value = read(edgeRecord(event), edgeOf(door).request ? 'request' : 'response')
  return isObject(value) ? value : undefined
}

/**
 * What CloudFront gave that a function may not change: the read-only headers of the request (request
 * triggers) or of the response (response triggers), a viewer response's status, and whether the request
 * is a HEAD, whose answer carries no body. Taken before the handler runs, since handlers change the
 * event's request or response in place.
 */
export type Snapshot = {
  status: unknown
  headers: Record<string, unknown>
  head: boolean
  /** A request's read-only fields: `method`, `clientIp`, and the include-body option's `inputTruncated`. */
  fixed: Record<string, unknown>
  /** A viewer response as CloudFront gave it: what is sent when the function fails. */
  response?: Record<string, unknown>
}

function copyEntries(entries: unknown[]): unknown[] {
  return entries.map((entry) => (isObject(entry) ? { ...entry } : entry))
}

export function snapshot(event: unknown, door: Door): Snapshot {
  const edge = edgeOf(door)
  const theirs = given(event, door)
  const map = read(theirs, 'headers')
  const headers: Record<string, unknown> = {}
  const all: Record<string, unknown> = {}
  if (isObject(map)) {
    for (const name of Object.keys(map)) {
      const entries = map[name]
      if (!Array.isArray(entries)) continue
      if (edge.readOnly.test(name)) headers[name] = copyEntries(entries)
      if (edge.viewer) all[name] = copyEntries(entries)
    }
  }
  const taken: Snapshot = {
    status: read(theirs, 'status'),
    headers,
    head: isHead(event),
    fixed: {
      method: read(theirs, 'method'),
      clientIp: read(theirs, 'clientIp'),
      inputTruncated: read(read(theirs, 'body'), 'inputTruncated'),
    },
  }
  if (edge.viewer) taken.response = { ...theirs, headers: all }
  return taken
}

// "Fields in the request object"; `origin` on an origin request only.
const REQUEST_KEYS = ['clientIp', 'headers', 'method', 'querystring', 'uri', 'body', 'origin']
const REQUEST_MARKERS = ['uri', 'method', 'clientIp', 'querystring']
// A query string "can't include spaces, control characters, or the fragment identifier (#)"; the
// strict choice holds a uri to that too, and to no `?`, which would start a query of its own.
const NOT_QUERY = /[^!"$-~\x80-\uffff]/
const NOT_URI = /[^!"$->@-~\x80-\uffff]/
// "The total size of the URI, including the query string, must be less than 8,192 characters."
const URI_LIMIT = 8192

/**
 * A request to send on to the cache or the origin, what a request trigger may return instead of a
 * response: no `status`, and two of the keys only a request has (`uri`, `method`, `clientIp`,
 * `querystring`), so that a body such as `{ uri, ok: true }` is still answered as a body.
 */
export function isRequest(value: unknown, door: Door): boolean {
  return (
    edgeOf(door).request &&
    isPlainObject(value) &&
    !isSent(read(value, 'status')) &&
    REQUEST_MARKERS.filter((key) => isSent(read(value, key))).length > 1
  )
}

/** Whether an include-body `body` of a request is one CloudFront takes. */
function isRequestBody(body: unknown): boolean {
  if (!isPlainObject(body)) return false
  const { action, encoding, data, inputTruncated } = body
  return (
    Object.keys(body).every(
      (key) => !isSent(body[key]) || ['action', 'encoding', 'data', 'inputTruncated'].includes(key),
    ) &&
    (action === undefined || action === 'read-only' || action === 'replace') &&
    (encoding === undefined || encoding === 'base64' || encoding === 'text') &&
    (inputTruncated === undefined || typeof inputTruncated === 'boolean') &&
    (data === undefined || (typeof data === 'string' && (encoding !== 'base64' || isBase64(data))))
  )
}

/** Whether an `origin` is one a request trigger may send the request to: exactly one, custom or S3. */
function isOrigin(origin: unknown, door: Door): boolean {
  if (door.name !== 'cloudfront-origin-request' || !isPlainObject(origin)) return false
  const kinds = Object.keys(origin).filter((key) => isSent(origin[key]))
  return kinds.length === 1 && (kinds[0] === 'custom' || kinds[0] === 's3') && isPlainObject(origin[kinds[0]])
}

/** Checks a request sent on; answers whether CloudFront takes it as it is. */
function checkRequest(request: Record<string, unknown>, door: Door, refuse: Sink, theirs?: Snapshot): void {
  const { uri, querystring, method, body, origin, headers } = request
  for (const key in request)
    if (!REQUEST_KEYS.includes(key) && isSent(request[key])) refuse('key-not-accepted', key)
  if (typeof uri !== 'string' || !uri.startsWith('/') || NOT_URI.test(uri)) refuse('uri-invalid', 'uri')
  if (isSent(querystring) && (typeof querystring !== 'string' || NOT_QUERY.test(querystring))) {
    refuse('querystring-invalid', 'querystring')
  }
  if (String(uri).length + String(querystring ?? '').length + 1 > URI_LIMIT) refuse('too-large', 'uri')
  if (typeof method !== 'string' || !nameOf(method)) refuse('request-read-only', 'method')
  if (theirs) {
    for (const key of ['method', 'clientIp'] as const) {
      if (request[key] !== theirs.fixed[key]) refuse('request-read-only', key)
    }
    if (isSent(body) && read(body, 'inputTruncated') !== theirs.fixed.inputTruncated)
      refuse('request-read-only', 'body.inputTruncated')
  }
  if (isSent(body) && !isRequestBody(body)) refuse('request-body-invalid', 'body')
  if (isSent(origin) && !isOrigin(origin, door)) refuse('origin-invalid', 'origin')
  if (
    door.name === 'cloudfront-viewer-request' &&
    isObject(headers) &&
    isSent(headers['cloudfront-viewer-country'])
  ) {
    refuse('header-disallowed', 'headers.cloudfront-viewer-country')
  }
  checkHeaders(headers, edgeOf(door), false, refuse, theirs)
}

/** Whether headers are in CloudFront's shape: some name holds an array of `{ value }` entries. */
function edgeShaped(headers: unknown): boolean {
  return (
    isPlainObject(headers) &&
    Object.keys(headers).some((name) => {
      const entries = read(headers, name)
      return Array.isArray(entries) && entries.some((entry) => isObject(entry) && 'value' in entry)
    })
  )
}

/** A response in CloudFront's shape, maybe written loosely, rather than one in API Gateway's or a body. */
export function isEdgeResponse(value: unknown, event: unknown, door: Door): value is Record<string, unknown> {
  return (
    value === given(event, door) ||
    (isPlainObject(value) &&
      ('status' in value || 'bodyEncoding' in value || edgeShaped(read(value, 'headers'))))
  )
}

/** Whether an entry is `{ key?, value }` as CloudFront takes it: a plain object, and no other key JSON sends. */
function isEntry(entry: unknown): boolean {
  return (
    isPlainObject(entry) &&
    Object.keys(entry).every((key) => key === 'key' || key === 'value' || !isSent(entry[key]))
  )
}

/** The values of CloudFront's entries for one header (or of a header written loosely). */
function valuesOf(entries: unknown): unknown[] {
  return (Array.isArray(entries) ? entries : [entries]).map((entry) =>
    isObject(entry) ? read(entry, 'value') : entry,
  )
}

function sameValues(ours: unknown, theirs: unknown): boolean {
  const [a, b] = [isSent(ours) ? valuesOf(ours) : [], isSent(theirs) ? valuesOf(theirs) : []]
  return a.length === b.length && a.every((value, i) => value === b[i])
}

/**
 * Checks a Lambda@Edge result against its trigger's contract. With a sink, every problem is reported;
 * without one, it answers whether there is none (the middleware's fast path). With what CloudFront
 * gave (`theirs`), the read-only headers and a viewer response's status are checked against it.
 */
export function checkEdge(value: unknown, door: Door, sink?: Sink, theirs?: Snapshot): boolean {
  const edge = edgeOf(door)
  let ok = true
  const refuse: Sink = (code, path) => {
    ok = false
    sink?.(code, path)
  }
  if (!isPlainObject(value)) {
    refuse('not-an-object', '')
    return ok
  }
  if (isRequest(value, door)) {
    checkRequest(value as Record<string, unknown>, door, refuse, theirs)
    return ok
  }
  for (const key in value)
    if (!RESPONSE_KEYS.includes(key) && isSent(value[key])) refuse('key-not-accepted', key)
  const { status, statusDescription, headers, body, bodyEncoding } = value
  if (typeof status !== 'string' || !STATUS.test(status)) {
    refuse(status === undefined ? 'key-missing' : 'status-invalid', 'status')
  } else if (edge.viewer && theirs !== undefined && status !== theirs.status)
    refuse('status-read-only', 'status')
  if (statusDescription !== undefined && !isDescription(statusDescription)) {
    refuse('status-description-invalid', 'statusDescription')
  }
  if (headers !== undefined || (theirs !== undefined && !edge.request)) {
    // `null` is sent as it is, and CloudFront takes no such headers: only a missing map is none.
    checkHeaders(
      headers === undefined ? {} : headers,
      edge,
      edge.request,
      refuse,
      edge.request ? undefined : theirs,
    )
  }
  if (bodyEncoding !== undefined && bodyEncoding !== 'text' && bodyEncoding !== 'base64') {
    refuse('body-encoding-invalid', 'bodyEncoding')
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
    // CONTRACT.md [unknown]: the strict form sends no body at all in an answer to a HEAD request.
    if (code) refuse(code, 'body')
    else if (!edge.request && !lengthIsTrue(read(headers, 'content-length'), body as string, bodyEncoding))
      refuse('content-length-mismatch', 'headers.content-length')
  }
  if (ok && Buffer.byteLength(JSON.stringify(value)) > door.limit) refuse('too-large', '')
  return ok
}

/**
 * Whether a response trigger's Content-Length, if any, tells the bytes of the body it sends: once a
 * function replaces the origin's body, the origin's Content-Length describes a body no longer sent.
 */
function lengthIsTrue(entries: unknown, body: string, encoding: unknown): boolean {
  if (!Array.isArray(entries)) return true
  const bytes = String(bodyBytes(body, encoding === 'base64'))
  return entries.every((entry) => read(entry, 'value') === bytes)
}

/**
 * Checks a header map in CloudFront's shape. `generated`: a response a request trigger makes, whose
 * framing headers CloudFront computes. `theirs`: what CloudFront gave, whose read-only headers must be
 * carried unchanged (neither changed nor deleted).
 */
function checkHeaders(raw: unknown, edge: Edge, generated: boolean, refuse: Sink, theirs?: Snapshot): void {
  if (!isPlainObject(raw)) {
    refuse('headers-invalid', 'headers')
    return
  }
  for (const name in raw) {
    const entries = raw[name]
    if (!isSent(entries)) continue
    const at = `headers.${name}`
    const info = nameOf(name)
    if (info?.lower !== name) refuse('header-name-invalid', at)
    else if (DISALLOWED.test(name)) refuse('header-disallowed', at)
    else if (generated && COMPUTED.test(name)) refuse('header-read-only', at)
    if (!Array.isArray(entries) || entries.length === 0) refuse('header-entry-invalid', at)
    else {
      for (const entry of entries) {
        const key = read(entry, 'key')
        const text = read(entry, 'value')
        if (
          !isEntry(entry) ||
          typeof text !== 'string' ||
          (key !== undefined && (typeof key !== 'string' || key.toLowerCase() !== name))
        ) {
          refuse('header-entry-invalid', at)
        } else if (!isHeaderValue(text) || (info?.kind === SET_COOKIE && isCookieList(text))) {
          refuse(info?.kind === SET_COOKIE ? 'cookie-invalid' : 'header-value-invalid', at)
        }
      }
    }
  }
  if (theirs !== undefined) {
    const names = new Set([...Object.keys(raw), ...Object.keys(theirs.headers)])
    for (const name of names) {
      if (edge.readOnly.test(name) && !sameValues(raw[name], theirs.headers[name]))
        refuse('header-read-only', `headers.${name}`)
    }
  }
}

/**
 * Takes headers in CloudFront's shape, maybe written loosely (a plain string, a `{ value }` without an
 * array, an upper-case name, a `key` that names another header), into a draft. Disallowed headers are
 * dropped; with `theirs`, read-only ones are left to `edgeHeaders`, which carries CloudFront's values.
 */
function takeHeaders(draft: Draft, raw: unknown, edge: Edge, sink: Sink, theirs?: Snapshot): void {
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
    // What is left of the hop-by-hop names (`TE`) CloudFront takes, and may give in an origin's response.
    addHeaders(draft, { [spelling]: valuesOf(value) }, 'headers', sink, true)
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
function edgeHeaders(draft: Draft, edge: Edge, sink: Sink, theirs?: Snapshot): CloudFrontHeaders {
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

/** Percent-encodes what a uri or a query string may not hold, and leaves out a fragment. */
function encodeIn(text: string, not: RegExp): string {
  return text.replace(/#.*$/s, '').replace(new RegExp(not.source, 'g'), (c) => encodeURIComponent(c))
}

/**
 * Repairs a request a request trigger sends on, keeping what the function meant: its headers in
 * CloudFront's shape (disallowed ones dropped, read-only ones as CloudFront gave them, as are `method`
 * and `clientIp`); a `uri` that starts with `/`, whose query (after a `?`) joins `querystring`, whose
 * fragment is left out and whose spaces and control characters are percent-encoded, as are those of
 * `querystring`; a `body` or an `origin` CloudFront would refuse left out (the request's own is then
 * used); a key a request does not have left out. A request whose uri and query are 8,192 characters or
 * more cannot be sent: that throws, and the answer is a 500.
 */
export function repairRequest(
  request: Record<string, unknown>,
  door: Door,
  theirs: Snapshot,
  sink: Sink,
): Record<string, unknown> {
  const edge = edgeOf(door)
  const draft = newDraft(200)
  const repaired: Record<string, unknown> = {}
  for (const key of Object.keys(request)) {
    const item = read(request, key)
    if (!isSent(item)) continue
    if (REQUEST_KEYS.includes(key)) repaired[key] = item
    // A proxy result's keys (`statusCode` from a Middy middleware that normalizes responses) mean
    // nothing to a request: left out without a word.
    else if (keyBit(key) === 0) sink(isResultLike(key) ? 'key-misspelled' : 'unknown-key', key)
  }
  for (const key of ['method', 'clientIp'] as const) {
    if (repaired[key] !== theirs.fixed[key] && theirs.fixed[key] !== undefined) {
      sink('request-read-only', key)
      repaired[key] = theirs.fixed[key]
    }
  }
  const { body, origin } = repaired
  if (body !== undefined) {
    if (
      isPlainObject(body) &&
      isSent(body.inputTruncated) &&
      body.inputTruncated !== theirs.fixed.inputTruncated
    ) {
      sink('request-read-only', 'body.inputTruncated')
      repaired.body = { ...body, inputTruncated: theirs.fixed.inputTruncated }
    }
    if (!isRequestBody(repaired.body)) {
      sink('request-body-invalid', 'body')
      delete repaired.body
    }
  }
  if (origin !== undefined && !isOrigin(origin, door)) {
    sink('origin-invalid', 'origin')
    delete repaired.origin
  }
  const [path = '', query = ''] = String(repaired.uri ?? '/').split(/\?(.*)/s)
  let querystring = typeof repaired.querystring === 'string' ? repaired.querystring : ''
  if (query !== '') querystring = querystring ? `${querystring}&${query}` : query
  const uri = encodeIn(path.startsWith('/') ? path : `/${path}`, NOT_URI)
  if (uri !== repaired.uri) sink('uri-invalid', 'uri')
  repaired.uri = uri
  querystring = encodeIn(querystring, NOT_QUERY)
  if (querystring !== (repaired.querystring ?? '')) {
    if (query === '') sink('querystring-invalid', 'querystring')
    repaired.querystring = querystring
  }
  if (uri.length + querystring.length + 1 > URI_LIMIT) {
    throw new ProxyResponseError(
      'too-large',
      `the request's uri and query are ${uri.length + querystring.length + 1} characters, ${URI_LIMIT} at most`,
    )
  }
  const headers = read(request, 'headers')
  if (
    door.name === 'cloudfront-viewer-request' &&
    isObject(headers) &&
    isSent(read(headers, 'cloudfront-viewer-country'))
  ) {
    sink('header-disallowed', 'headers.cloudfront-viewer-country')
    const { 'cloudfront-viewer-country': _, ...rest } = headers
    takeHeaders(draft, rest, edge, sink, theirs)
  } else takeHeaders(draft, headers, edge, sink, theirs)
  repaired.headers = edgeHeaders(draft, edge, sink, theirs)
  return repaired
}

/**
 * Takes a response in CloudFront's shape, maybe written loosely (a number `status`, headers as plain
 * strings), into a draft. On a response trigger, a response without `body` keeps the origin's body.
 */
export function fromEdge(
  value: Record<string, unknown>,
  door: Door,
  theirs: Snapshot,
  context: Context,
): Draft | Promise<Draft> {
  const edge = edgeOf(door)
  const { sink } = context
  for (const key of Object.keys(value)) {
    // The keys of a proxy result (a Middy middleware that normalizes responses adds `statusCode`) are
    // taken for what they mean, as a result written for several front doors is.
    if (!RESPONSE_KEYS.includes(key) && keyBit(key) === 0 && isSent(read(value, key))) {
      sink(isResultLike(key) ? 'key-misspelled' : 'unknown-key', key)
    }
  }
  const status = read(value, 'status') ?? read(value, 'statusCode')
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
  addHeaders(draft, read(value, 'multiValueHeaders'), 'multiValueHeaders', sink)
  addCookies(
    draft,
    headerTexts(read(value, 'cookies'), () => sink('cookie-invalid', 'cookies')),
    'cookies',
    sink,
  )
  const encoding =
    read(value, 'bodyEncoding') ?? (read(value, 'isBase64Encoded') === true ? 'base64' : undefined)
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
 * `bodyEncoding`, and none on a 204 or 304, in an answer to a HEAD request, nor on a viewer response
 * (whose body is the origin's). `theirs` is what CloudFront gave; a request trigger generates its
 * response, so only a response trigger keeps its read-only headers and a viewer response's status.
 */
export function emitEdge(
  draft: Draft,
  door: Door,
  theirs: Snapshot | undefined,
  sink: Sink,
): CloudFrontResult {
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
