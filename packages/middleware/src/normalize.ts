// From whatever a handler returns to a draft: a value is told once (kinds.ts), and taken into a draft
// by one path per kind. What few responses need (streams, Responses, Blobs, iterators) is loaded on
// first use (bodies.ts).
import type { Kit } from './bodies.js'
import { type Door, keyBit } from './doors.js'
import { addCookies, addHeaders, type Draft, newDraft, noop, type Sink, setHeader, toJson } from './draft.js'
import { ProxyResponseError } from './failure.js'
import { headerTexts } from './headers.js'
import {
  isBytes,
  isPlainObject,
  isResultLike,
  isSent,
  isStream,
  type Kind,
  kindOf,
  misspelledKey,
  read,
} from './kinds.js'
import { isBase64 } from './size.js'
import { forbidsBody, isStatusCode, isStatusLine } from './status.js'

/** What the normalizer needs besides the value: the front door, where repairs go, and the mode. */
export type Context = {
  door: Door
  sink: Sink
  streaming: boolean
  /** The response to a returned `Error`, built as for a thrown one (and logged as one, for `request`). */
  errorDraft: (error: unknown, context: Context) => Draft
  /** The Middy request, for the log of a returned `Error`. */
  request?: unknown
}

type Pending = void | Promise<void>

function settle(draft: Draft, pending: Pending): Draft | Promise<Draft> {
  return pending ? pending.then(() => draft) : draft
}

// Read from bodies.ts, loaded the first time such a body appears; it takes what it uses of the core
// from here (see its header for why).
function bodies() {
  return import('./bodies.js')
}
const kit: Kit = {
  addHeaders,
  isBytes,
  isStatusCode,
  isStream,
  newDraft,
  ProxyResponseError,
  setDescription: (draft, description) => setDescription(draft, description),
  setHeader,
}

function isKey(key: string): boolean {
  return keyBit(key) > 0
}

/** Takes any value a handler returns into a draft: a promise only when something must be awaited or read. */
export function toDraft(value: unknown, context: Context): Draft | Promise<Draft> {
  const { sink } = context
  const kind = kindOf(value)
  switch (kind) {
    case 'result':
      return fromResult(value as Record<string, unknown>, context)
    case 'response':
    case 'web':
      return bodies().then((read) => read.fromResponse(kit, value, context))
    case 'error':
      sink('error-returned', '')
      return context.errorDraft(value, context)
    case 'promise':
      sink('promise-awaited', '')
      return Promise.resolve(value).then((settled) => toDraft(settled, context))
  }
  if (value === undefined) return newDraft(204)
  const draft = newDraft(200)
  if (typeof value !== 'string') {
    // Sent as it is, a JSON body; but `{ status: 404, body }` is most likely a result written wrong.
    const misspelled = kind === 'value' ? misspelledKey(value) : undefined
    if (misspelled !== undefined) sink('key-misspelled', misspelled)
    return settle(draft, setBody(draft, value, '', context, kind))
  }
  draft.body = value
  setHeader(draft, 'Content-Type', 'text/plain; charset=utf-8')
  return draft
}

/** Sets a body that is not a string: bytes as base64, chunks read (or kept, to stream), anything else as JSON. */
function setBody(
  draft: Draft,
  body: unknown,
  path: string,
  context: Context,
  kind: Kind = kindOf(body),
): Pending {
  switch (kind) {
    case 'promise':
      context.sink('promise-awaited', path)
      return Promise.resolve(body).then((settled) => placeBody(draft, settled, context))
    case 'bytes': {
      // Bytes a handler holds are sent as they are, base64, whatever the content type says.
      setHeader(draft, 'Content-Type', 'application/octet-stream', true)
      const view = body as ArrayBufferView
      draft.body = (
        ArrayBuffer.isView(view)
          ? Buffer.from(view.buffer, view.byteOffset, view.byteLength)
          : Buffer.from(body as ArrayBuffer)
      ).toString('base64')
      draft.base64 = draft.jsonSafe = true
      return
    }
    case 'chunks':
    case 'response':
    case 'web':
      if (kind === 'chunks' && context.streaming) {
        draft.stream = body
        return
      }
      // A Node stream that fails before bodies.js is loaded and reading it begins would throw its
      // error from the event loop: a listener keeps the error for the reading, which then rejects.
      if (isStream(body))
        (body as { once?: (event: string, listener: () => void) => unknown }).once?.('error', noop)
      return bodies().then((read) => read.readBody(kit, draft, body, kind, context))
  }
  draft.body = toJson(body, path)
  draft.jsonSafe = true
  draft.base64 = false
  setHeader(draft, 'Content-Type', 'application/json', true)
  // Map, Set and class instances without enumerable fields serialize as {}: their content is lost.
  if (draft.body === '{}' && !isPlainObject(body)) context.sink('body-json-empty', path)
}

/** Sets the `body` of a result, whatever it holds. */
export function takeBody(draft: Draft, body: unknown, context: Context): Draft | Promise<Draft> {
  return settle(draft, placeBody(draft, body, context))
}

function placeBody(draft: Draft, body: unknown, context: Context): Pending {
  if (typeof body !== 'string') {
    draft.base64 = false
    if (body === null) context.sink('body-null', 'body')
    // An object or binary body is Middy's convention (http-response-serializer, http-content-encoding).
    return body === null || body === undefined ? undefined : setBody(draft, body, 'body', context)
  }
  draft.body = body
  if (draft.base64 && !isBase64(body)) {
    context.sink('base64-invalid', 'body')
    draft.base64 = false
  }
}

/** Keeps a status description that matches the status and can be sent; answers whether it did. */
export function setDescription(draft: Draft, description: unknown): boolean {
  const fits = isStatusLine(description, draft.statusCode)
  if (fits) draft.statusDescription = description
  return fits
}

/** Repairs a returned proxy result: what each key holds, and what the front door wants it to hold. */
function fromResult(result: Record<string, unknown>, context: Context): Draft | Promise<Draft> {
  const { door, sink } = context
  const status = read(result, 'statusCode')
  const number = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status
  const draft = newDraft(isStatusCode(number) ? number : status === undefined ? 200 : 500)
  if (status !== draft.statusCode) {
    sink(
      status === undefined
        ? 'status-missing'
        : number === draft.statusCode
          ? 'status-coerced'
          : 'status-invalid',
      'statusCode',
    )
  }
  // Keys that another front door takes (cookies, multiValueHeaders, statusDescription…) are the shape
  // of a result written for several front doors: adapting them is the job, not a repair.
  for (const key of Object.keys(result)) {
    if (!isKey(key) && isSent(read(result, key)))
      sink(isResultLike(key) ? 'key-misspelled' : 'unknown-key', key)
  }
  addHeaders(draft, read(result, 'headers'), 'headers', sink)
  addHeaders(draft, read(result, 'multiValueHeaders'), 'multiValueHeaders', sink)
  addCookies(
    draft,
    headerTexts(read(result, 'cookies'), () => sink('cookie-invalid', 'cookies')),
    'cookies',
    sink,
  )
  const flag = read(result, 'isBase64Encoded')
  draft.base64 = flag === true || flag === 'true' || flag === 1
  if (flag !== undefined && typeof flag !== 'boolean') sink('base64-flag-invalid', 'isBase64Encoded')
  const description = read(result, 'statusDescription')
  // CloudFront's statusDescription is free text, read by edge.ts.
  if (
    !door.edge &&
    door.keys.includes('statusDescription') &&
    description !== undefined &&
    !setDescription(draft, description)
  ) {
    sink('status-description-invalid', 'statusDescription')
  }
  const body = read(result, 'body')
  if (forbidsBody(draft.statusCode) && body !== undefined && body !== null && body !== '') {
    sink('body-forbidden', 'body')
  }
  return takeBody(draft, body, context)
}
