// The strict contract of each front door, checked: the middleware's fast path for results that are
// already valid, and the judge of `validateProxyResult`.
import { type Door, keyBit } from './doors.js'
import type { Sink } from './draft.js'
import { checkEdge, type Snapshot } from './edge.js'
import { CONTENT_LENGTH, HOP, isCookieList, isHeaderValue, isValueOf, nameOf, SET_COOKIE } from './headers.js'
import { isPlainObject, isSent } from './kinds.js'
import { bodyBytes, isBase64, sizeOver } from './size.js'
import { forbidsBody, isStatusCode, isStatusLine } from './status.js'

/**
 * Checks `result` against the strict contract of `door` (the one description in doors.ts). With a
 * sink, every problem is reported and the answer is whether there was none; without one, it answers
 * `false` at the first problem — the middleware's fast path for results that are already valid,
 * which therefore allocates nothing for a result of one header or none.
 */
export function check(value: unknown, door: Door, sink?: Sink, theirs?: Snapshot): boolean {
  if (door.edge) return checkEdge(value, door, sink, theirs)
  if (!isPlainObject(value)) {
    sink?.('not-an-object', '')
    return false
  }
  const result = value as Record<string, unknown>
  // No closure for the reporting: this is the hot path of every valid result.
  let ok = true
  const { mask, needs } = door
  let present = 0
  for (const key in result) {
    const bit = keyBit(key)
    const item = result[key]
    if (item !== undefined) present |= bit
    if ((bit & mask) === 0 && isSent(item)) {
      if (!sink) return false
      ok = report(sink, 'key-not-accepted', key)
    }
  }
  if ((present & needs) !== needs) {
    if (!sink) return false
    for (const key of door.required) if (result[key] === undefined) ok = report(sink, 'key-missing', key)
  }
  const { statusCode, statusDescription, body, isBase64Encoded, cookies, headers, multiValueHeaders } = result
  let chars = 0
  if (statusCode !== undefined && !isStatusCode(statusCode)) {
    if (!sink) return false
    ok = report(sink, 'status-invalid', 'statusCode')
  }
  if (statusDescription !== undefined && (mask & DESCRIPTION) !== 0) {
    if (isStatusLine(statusDescription, statusCode)) chars += statusDescription.length
    else if (!sink) return false
    else ok = report(sink, 'status-description-invalid', 'statusDescription')
  }
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    if (!sink) return false
    ok = report(sink, 'base64-flag-invalid', 'isBase64Encoded')
  }
  const bodyCode =
    body === undefined
      ? undefined
      : typeof body !== 'string'
        ? 'body-not-string'
        : body !== '' && forbidsBody(statusCode as number)
          ? 'body-forbidden'
          : isBase64Encoded === true && !isBase64(body)
            ? 'base64-invalid'
            : undefined
  if (bodyCode !== undefined) {
    if (!sink) return false
    ok = report(sink, bodyCode, 'body')
  }
  if (headers !== undefined && (mask & HEADERS) !== 0) {
    const mapChars = checkHeaders(headers, 'headers', door, result, sink)
    if (mapChars >= 0) chars += mapChars
    else if (!sink) return false
    else ok = false
  }
  if (multiValueHeaders !== undefined && (mask & MULTI) !== 0) {
    const mapChars = checkHeaders(multiValueHeaders, 'multiValueHeaders', door, result, sink)
    if (mapChars >= 0) chars += mapChars
    else if (!sink) return false
    else ok = false
  }
  if (cookies !== undefined && (mask & COOKIES) !== 0) {
    if (!Array.isArray(cookies)) {
      if (!sink) return false
      ok = report(sink, 'cookies-invalid', 'cookies')
    } else {
      for (const cookie of cookies) {
        if (typeof cookie !== 'string' || !isHeaderValue(cookie) || isCookieList(cookie)) {
          if (!sink) return false
          ok = report(sink, 'cookie-invalid', 'cookies')
        } else chars += cookie.length + 3
      }
    }
  }
  if (ok && sizeOver(result, door.limit, false, chars) > 0) ok = report(sink, 'too-large', '')
  return ok
}

// The bits of keyBit for the keys checked one by one.
const DESCRIPTION = keyBit('statusDescription')
const HEADERS = keyBit('headers')
const MULTI = keyBit('multiValueHeaders')
const COOKIES = keyBit('cookies')

/** Tells the sink of a problem; answers false, what the check now answers. */
function report(sink: Sink | undefined, code: string, path: string): false {
  sink?.(code, path)
  return false
}

/** Checks one header map; answers the characters it holds, or -1 after reporting its problems. */
function checkHeaders(
  raw: unknown,
  key: 'headers' | 'multiValueHeaders',
  door: Door,
  result: Record<string, unknown>,
  sink: Sink | undefined,
): number {
  if (!isPlainObject(raw)) {
    sink?.('headers-invalid', key)
    return -1
  }
  const map = raw as Record<string, unknown>
  let ok = true
  let chars = 0
  let mixedCase = false
  for (const name in map) {
    const value = map[name]
    // A header JSON leaves out (undefined, a function) never reaches the front door.
    if (!isSent(value)) continue
    const info = nameOf(name)
    let code: string | undefined
    if (info === undefined) code = 'header-name-invalid'
    else {
      if (info.lower !== name) mixedCase = true
      chars += name.length + 6
      if (key === 'headers') {
        if (typeof value !== 'string' || !isValueOf(info, value)) code = 'header-value-invalid'
        else chars += value.length
      } else if (!Array.isArray(value) || value.length === 0) code = 'multi-value-not-array'
      else {
        for (const text of value) {
          if (typeof text !== 'string' || !isValueOf(info, text)) code = 'header-value-invalid'
          else chars += text.length + 3
        }
      }
      if (info.kind === HOP) code = 'header-hop-by-hop'
      else if (info.kind === SET_COOKIE) {
        if (door.cookies === 'cookies') code = 'cookie-in-headers'
        else if (Array.isArray(value) ? value.some(isCookieList) : isCookieList(value))
          code = 'cookie-invalid'
      } else if (info.kind === CONTENT_LENGTH && code === undefined && !lengthIsTrue(value, result)) {
        code = 'content-length-mismatch'
      }
    }
    if (code !== undefined) {
      if (!sink) return -1
      ok = false
      sink(code, `${key}.${name}`)
    }
  }
  // Two spellings of one name need a capital letter in one of them: keys of an object are unique.
  if (mixedCase) {
    const seen = new Set<string>()
    for (const name in map) {
      const lower = nameOf(name)?.lower
      if (lower === undefined) continue
      if (seen.has(lower)) {
        if (!sink) return -1
        ok = false
        sink('header-duplicate', `${key}.${name}`)
      }
      seen.add(lower)
    }
  }
  return ok ? chars : -1
}

/** A Content-Length is true when it is the one value, the byte count of a body that may be sent. */
function lengthIsTrue(value: unknown, result: Record<string, unknown>): boolean {
  const { statusCode, body } = result
  const text = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value
  return (
    !forbidsBody(statusCode as number) &&
    text === String(typeof body === 'string' ? bodyBytes(body, result.isBase64Encoded === true) : 0)
  )
}
