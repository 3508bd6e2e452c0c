import { keyBit, type Profile, profiles } from './doors.js'
import { headerKey, isHeaderValue } from './headers.js'
import { sizeOver } from './size.js'
import { forbidsBody, isStatusCode } from './status.js'
import type { FrontDoor, Problem } from './types.js'

const HEADER_KEYS = ['headers', 'multiValueHeaders'] as const

/** Receives each problem found; when absent, checking stops at the first one. */
export type Sink = (code: string, path: string, message: string) => void

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Whether `text` is standard, padded base64, which API Gateway decodes (invalid base64 is a 500). */
export const isBase64 = (text: string): boolean => BASE64.test(text)

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Checks `result` against the strict contract of one front door. With a sink, every problem is
 * reported and the answer is whether there was none; without one, it answers `false` at the first
 * problem — the middleware's fast path for results that are already valid, which therefore builds
 * no message and allocates nothing for a result of one header or none.
 */
export const checkResult = (result: unknown, profile: Profile, sink?: Sink): boolean => {
  if (!isPlainObject(result)) {
    sink?.('not-an-object', '', 'The result must be a plain object such as { statusCode, headers, body }.')
    return false
  }
  let ok = true
  let otherChars = 0
  for (const key in result) {
    if ((keyBit(key) & profile.keys) === 0) {
      if (!sink) return false
      ok = false
      sink('unknown-key', key, `The ${profile.frontDoor} front door does not accept the key "${key}".`)
    }
  }
  const { statusCode, body, isBase64Encoded } = result
  if (!isStatusCode(statusCode)) {
    if (!sink) return false
    ok = false
    sink(
      statusCode === undefined ? 'status-missing' : 'status-invalid',
      'statusCode',
      'statusCode must be an integer from 100 to 599.',
    )
  }
  if (profile.loadBalancer) {
    const description = result.statusDescription
    if (
      typeof description !== 'string' ||
      !description.startsWith(`${String(statusCode)} `) ||
      !isHeaderValue(description)
    ) {
      if (!sink) return false
      ok = false
      sink(
        'status-description-invalid',
        'statusDescription',
        'statusDescription must be the status code, a space and the reason phrase, such as "200 OK".',
      )
    } else otherChars += description.length
    const headersKey = profile.headerShape === 'multi' ? 'multiValueHeaders' : 'headers'
    if (typeof isBase64Encoded !== 'boolean' || result[headersKey] === undefined) {
      if (!sink) return false
      ok = false
      if (typeof isBase64Encoded !== 'boolean') {
        sink('base64-flag-invalid', 'isBase64Encoded', 'isBase64Encoded must be true or false.')
      }
      if (result[headersKey] === undefined) {
        sink('headers-missing', headersKey, `The ${profile.frontDoor} front door needs ${headersKey}.`)
      }
    }
  } else if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    if (!sink) return false
    ok = false
    sink('base64-flag-invalid', 'isBase64Encoded', 'isBase64Encoded must be true or false.')
  }

  for (const key of HEADER_KEYS) {
    const map = result[key]
    if (map === undefined || (profile.keys & keyBit(key)) === 0) continue
    const chars = checkHeaders(map, key, profile, sink)
    if (chars < 0) {
      if (!sink) return false
      ok = false
    } else otherChars += chars
  }
  const cookies = result.cookies
  if (cookies !== undefined && (profile.keys & keyBit('cookies')) !== 0) {
    if (!Array.isArray(cookies)) {
      if (!sink) return false
      ok = false
      sink('cookies-invalid', 'cookies', 'cookies must be an array of strings.')
    } else {
      for (const cookie of cookies) {
        if (typeof cookie !== 'string' || !isHeaderValue(cookie)) {
          if (!sink) return false
          ok = false
          sink('cookie-invalid', 'cookies', 'Each cookie must be a string without CR, LF or NUL.')
          break
        }
        otherChars += cookie.length + 3
      }
    }
  }

  if (body !== undefined) {
    if (typeof body !== 'string') {
      sink?.(
        'body-not-string',
        'body',
        'body must be a string: serialize objects and base64-encode binary data.',
      )
      return false
    }
    if (body !== '' && isStatusCode(statusCode) && forbidsBody(statusCode)) {
      if (!sink) return false
      ok = false
      sink('body-forbidden', 'body', `A ${statusCode} response has no body.`)
    }
    if (isBase64Encoded === true && !isBase64(body)) {
      if (!sink) return false
      ok = false
      sink('base64-invalid', 'body', 'isBase64Encoded is true but body is not valid base64.')
    }
  }
  if (ok && sizeOver(result, body as string | undefined, profile.limit, otherChars) > 0) {
    sink?.(
      'too-large',
      '',
      `The serialized result exceeds the ${profile.frontDoor} limit of ${profile.limit} bytes.`,
    )
    return false
  }
  return ok
}

/**
 * Checks one header map: names, values, two spellings of one name (one header sent twice), and
 * Set-Cookie where payload 2.0 wants the cookies array. Answers the characters it holds, or -1.
 */
const checkHeaders = (map: unknown, key: string, profile: Profile, sink: Sink | undefined): number => {
  if (!isPlainObject(map)) {
    sink?.(
      'headers-invalid',
      key,
      `${key} must be an object of ${key === 'headers' ? 'strings' : 'string arrays'}.`,
    )
    return -1
  }
  const multi = key === 'multiValueHeaders'
  let ok = true
  let chars = 0
  let mixedCase = false
  for (const name in map) {
    const value = map[name]
    const lower = headerKey(name)
    let problem: [string, string] | undefined
    if (lower === undefined) problem = ['header-name-invalid', `"${name}" is not a header name.`]
    else if (multi) {
      if (!Array.isArray(value) || value.length === 0) {
        problem = [
          'multi-value-not-array',
          'Each multiValueHeaders entry must be a non-empty array of strings.',
        ]
      } else {
        for (const item of value) {
          if (typeof item !== 'string' || !isHeaderValue(item)) {
            problem = ['header-value-invalid', 'Header values must be strings without CR, LF or NUL.']
            break
          }
          chars += item.length + 3
        }
      }
    } else if (typeof value !== 'string' || !isHeaderValue(value)) {
      problem = ['header-value-invalid', 'Header values must be strings without CR, LF or NUL.']
    } else if (lower === 'set-cookie' && profile.cookies === 'cookies') {
      problem = ['cookie-in-headers', 'Payload 2.0 sends cookies in the cookies array.']
    } else chars += value.length
    if (lower !== undefined) {
      chars += name.length + 6
      if (lower !== name) mixedCase = true
    }
    if (problem !== undefined) {
      if (!sink) return -1
      ok = false
      sink(problem[0], `${key}.${name}`, problem[1])
    }
  }
  // Two spellings of one name need a capital letter in one of them: keys of an object are unique.
  if (mixedCase) {
    const seen = new Set<string>()
    for (const name in map) {
      const lower = headerKey(name)
      if (lower === undefined) continue
      if (seen.has(lower)) {
        if (!sink) return -1
        ok = false
        sink('header-duplicate', `${key}.${name}`, `The header "${name}" is given twice, in two spellings.`)
      }
      seen.add(lower)
    }
  }
  return ok ? chars : -1
}

/**
 * Lists how `result` breaks the strict contract of `frontDoor` (see CONTRACT.md): an empty array
 * when the front door accepts it as it is. Meant for users' own tests.
 *
 * @example
 * assert.equal(validateProxyResult(await handler(event, context), 'alb'), [])
 */
export const validateProxyResult = (result: unknown, frontDoor: FrontDoor): Problem[] => {
  const problems: Problem[] = []
  const profile = Object.hasOwn(profiles, frontDoor) ? profiles[frontDoor] : undefined
  if (profile === undefined) {
    return [{ code: 'front-door-unknown', path: '', message: `Unknown front door "${String(frontDoor)}".` }]
  }
  checkResult(result, profile, (code, path, message) => problems.push({ code, path, message }))
  return problems
}
