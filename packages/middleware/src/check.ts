import { type Door, keyBit } from './doors.js'
import { CONTENT_LENGTH, HOP, isCookieList, isHeaderValue, nameOf, SET_COOKIE } from './headers.js'
import { isPlainObject } from './kinds.js'
import { base64Padding, bodyBytes, sizeOver } from './size.js'
import { forbidsBody, isStatusCode, isStatusLine } from './status.js'

/** Hears of each problem found, as a stable code and the path in the result. */
export type Sink = (code: string, path: string) => void

const NOT_BASE64 = /[^A-Za-z0-9+/]/

/**
 * Whether `text` is standard, padded base64, which API Gateway decodes (invalid base64 is a 500).
 * A scan for a character outside the alphabet, not one regular expression for the whole grammar,
 * whose backtracking overflows V8's stack on a body of megabytes.
 */
export const isBase64 = (text: string): boolean => {
  const padding = base64Padding(text)
  return text.length % 4 === 0 && !NOT_BASE64.test(padding ? text.slice(0, -padding) : text)
}

/** Whether JSON, as the Lambda runtime serializes a result, sends a key holding `value`. */
export const isSent = (value: unknown): boolean =>
  value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'

/**
 * Checks `result` against the strict contract of `door` (the one description in doors.ts). With a
 * sink, every problem is reported and the answer is whether there was none; without one, it answers
 * `false` at the first problem — the middleware's fast path for results that are already valid,
 * which therefore allocates nothing for a result of one header or none.
 */
export const check = (value: unknown, door: Door, sink?: Sink): boolean => {
  if (!isPlainObject(value)) {
    sink?.('not-an-object', '')
    return false
  }
  const result = value as Record<string, unknown>
  // No closure for the reporting: this is the hot path of every valid result.
  let ok = true
  const { keys, mask } = door
  for (const key in result) {
    if ((keyBit(key) & mask) === 0 && isSent(result[key])) {
      if (!sink) return false
      ok = report(sink, 'key-not-accepted', key)
    }
  }
  for (const key of door.required) {
    if (result[key] === undefined) {
      if (!sink) return false
      ok = report(sink, 'key-missing', key)
    }
  }
  const { statusCode, statusDescription, body, isBase64Encoded, cookies } = result
  let chars = 0
  if (statusCode !== undefined && !isStatusCode(statusCode)) {
    if (!sink) return false
    ok = report(sink, 'status-invalid', 'statusCode')
  }
  if (statusDescription !== undefined && keys.includes('statusDescription')) {
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
  for (const key of HEADER_KEYS) {
    const map = result[key]
    if (map === undefined || !keys.includes(key)) continue
    const mapChars = checkHeaders(map, key, door, result, sink)
    if (mapChars >= 0) chars += mapChars
    else if (!sink) return false
    else ok = false
  }
  if (cookies !== undefined && keys.includes('cookies')) {
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

const HEADER_KEYS = ['headers', 'multiValueHeaders'] as const

/** Tells the sink of a problem; answers false, what the check now answers. */
const report = (sink: Sink | undefined, code: string, path: string): false => {
  sink?.(code, path)
  return false
}

/** Checks one header map; answers the characters it holds, or -1 after reporting its problems. */
const checkHeaders = (
  raw: unknown,
  key: 'headers' | 'multiValueHeaders',
  door: Door,
  result: Record<string, unknown>,
  sink: Sink | undefined,
): number => {
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
        if (typeof value !== 'string' || !isHeaderValue(value)) code = 'header-value-invalid'
        else chars += value.length
      } else if (!Array.isArray(value) || value.length === 0) code = 'multi-value-not-array'
      else {
        for (const text of value) {
          if (typeof text !== 'string' || !isHeaderValue(text)) code = 'header-value-invalid'
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
const lengthIsTrue = (value: unknown, result: Record<string, unknown>): boolean => {
  const { statusCode, body } = result
  const text = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value
  return (
    !forbidsBody(statusCode as number) &&
    text === String(typeof body === 'string' ? bodyBytes(body, result.isBase64Encoded === true) : 0)
  )
}
