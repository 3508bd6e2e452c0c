import type { Door, ResultKey } from './doors.js'
import { CONTENT_LENGTH, cookiesIn, HOP, isHeaderValue, nameOf, SET_COOKIE } from './headers.js'
import { bodyBytes, sizeOver } from './size.js'
import { forbidsBody, isStatusCode, isStatusLine } from './status.js'

/** Hears of each problem found, as a stable code and the path in the result. */
export type Sink = (code: string, path: string) => void

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Whether `text` is standard, padded base64, which API Gateway decodes (invalid base64 is a 500). */
export const isBase64 = (text: string): boolean => BASE64.test(text)

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Checks `result` against the strict contract of `door` (the one description in doors.ts). With a
 * sink, every problem is reported and the answer is whether there was none; without one, it answers
 * `false` at the first problem — the middleware's fast path for results that are already valid,
 * which therefore allocates nothing for a result of one header or none.
 */
export const check = (result: unknown, door: Door, sink?: Sink): boolean => {
  if (!isPlainObject(result)) {
    sink?.('not-an-object', '')
    return false
  }
  let ok = true
  const problem = (code: string, path: string): boolean => {
    ok = false
    sink?.(code, path)
    return sink === undefined
  }
  for (const key in result) {
    if (!door.keys.includes(key as ResultKey) && problem('key-not-accepted', key)) return false
  }
  for (const key of door.required) {
    if (result[key] === undefined && problem('key-missing', key)) return false
  }
  const { statusCode, statusDescription, body, isBase64Encoded } = result
  if (statusCode !== undefined && !isStatusCode(statusCode) && problem('status-invalid', 'statusCode')) {
    return false
  }
  let chars = 0
  if (statusDescription !== undefined && door.keys.includes('statusDescription')) {
    if (!isStatusLine(statusDescription, statusCode)) {
      if (problem('status-description-invalid', 'statusDescription')) return false
    } else chars += statusDescription.length
  }
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    if (problem('base64-flag-invalid', 'isBase64Encoded')) return false
  }
  if (body !== undefined) {
    if (typeof body !== 'string') {
      if (problem('body-not-string', 'body')) return false
    } else if (body !== '' && isStatusCode(statusCode) && forbidsBody(statusCode)) {
      if (problem('body-forbidden', 'body')) return false
    } else if (isBase64Encoded === true && !isBase64(body) && problem('base64-invalid', 'body')) {
      return false
    }
  }
  for (const key of ['headers', 'multiValueHeaders'] as const) {
    const map = result[key]
    if (map === undefined || !door.keys.includes(key)) continue
    const mapChars = checkHeaders(map, key, door, result, sink)
    if (mapChars >= 0) chars += mapChars
    else if (sink === undefined) return false
    else ok = false
  }
  const cookies = result.cookies
  if (cookies !== undefined && door.keys.includes('cookies')) {
    if (!Array.isArray(cookies)) {
      if (problem('cookies-invalid', 'cookies')) return false
    } else {
      for (const cookie of cookies) {
        if (typeof cookie !== 'string' || !isHeaderValue(cookie) || cookiesIn(cookie).length > 1) {
          if (problem('cookie-invalid', 'cookies')) return false
        } else chars += cookie.length + 3
      }
    }
  }
  if (ok && sizeOver(result, door.limit, false, chars) > 0) problem('too-large', '')
  return ok
}

/** Checks one header map; answers the characters it holds, or -1 after reporting its problems. */
const checkHeaders = (
  map: unknown,
  key: 'headers' | 'multiValueHeaders',
  door: Door,
  result: Record<string, unknown>,
  sink: Sink | undefined,
): number => {
  if (!isPlainObject(map)) {
    sink?.('headers-invalid', key)
    return -1
  }
  let ok = true
  let chars = 0
  let mixedCase = false
  for (const name in map) {
    const value = map[name]
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
        else if (
          [value].flat().some((cookie) => typeof cookie === 'string' && cookiesIn(cookie).length > 1)
        ) {
          code = 'cookie-invalid'
        }
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
