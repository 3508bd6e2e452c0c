import { type Profile, profiles } from './doors.js'
import { isHeaderName, isHeaderValue } from './headers.js'
import { fitsIn } from './size.js'
import { forbidsBody, isStatusCode } from './status.js'
import type { FrontDoor, Problem } from './types.js'

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
 * problem — the middleware's fast path for results that are already valid.
 */
export const checkResult = (result: unknown, profile: Profile, sink?: Sink): boolean => {
  let ok = true
  const fail = (code: string, path: string, message: string): void => {
    ok = false
    sink?.(code, path, message)
  }
  if (!isPlainObject(result)) {
    fail('not-an-object', '', 'The result must be a plain object such as { statusCode, headers, body }.')
    return false
  }
  let otherChars = 0
  for (const key in result) {
    if (!profile.keys.has(key)) {
      fail('unknown-key', key, `The ${profile.frontDoor} front door does not accept the key "${key}".`)
      if (!sink) return false
    }
  }
  const { statusCode, body, isBase64Encoded } = result
  if (!isStatusCode(statusCode)) {
    fail(
      statusCode === undefined ? 'status-missing' : 'status-invalid',
      'statusCode',
      'statusCode must be an integer from 100 to 599.',
    )
    if (!sink) return false
  }
  if (profile.loadBalancer) {
    const description = result.statusDescription
    if (
      typeof description !== 'string' ||
      !description.startsWith(`${String(statusCode)} `) ||
      !isHeaderValue(description)
    ) {
      fail(
        'status-description-invalid',
        'statusDescription',
        'statusDescription must be the status code, a space and the reason phrase, such as "200 OK".',
      )
      if (!sink) return false
    } else otherChars += description.length
    if (typeof isBase64Encoded !== 'boolean') {
      fail('base64-flag-invalid', 'isBase64Encoded', 'isBase64Encoded must be true or false.')
      if (!sink) return false
    }
    const headersKey = profile.headerShape === 'multi' ? 'multiValueHeaders' : 'headers'
    if (result[headersKey] === undefined) {
      fail('headers-missing', headersKey, `The ${profile.frontDoor} front door needs ${headersKey}.`)
      if (!sink) return false
    }
  } else if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    fail('base64-flag-invalid', 'isBase64Encoded', 'isBase64Encoded must be true or false.')
    if (!sink) return false
  }

  // Header names are case-insensitive: two spellings of one name in one map are one header sent twice.
  const seen = new Set<string>()
  const headers = result.headers
  if (headers !== undefined && profile.keys.has('headers')) {
    if (!isPlainObject(headers)) {
      fail('headers-invalid', 'headers', 'headers must be an object of strings.')
      if (!sink) return false
    } else {
      for (const name in headers) {
        const value = headers[name]
        const lower = name.toLowerCase()
        if (!isHeaderName(name))
          fail('header-name-invalid', `headers.${name}`, `"${name}" is not a header name.`)
        else if (typeof value !== 'string' || !isHeaderValue(value)) {
          fail(
            'header-value-invalid',
            `headers.${name}`,
            'Header values must be strings without CR, LF or NUL.',
          )
        } else if (seen.has(lower)) {
          fail(
            'header-duplicate',
            `headers.${name}`,
            `The header "${name}" is given twice, in two spellings.`,
          )
        } else if (lower === 'set-cookie' && profile.cookies === 'cookies') {
          fail('cookie-in-headers', `headers.${name}`, 'Payload 2.0 sends cookies in the cookies array.')
        } else otherChars += name.length + value.length + 6
        seen.add(lower)
        if (!ok && !sink) return false
      }
    }
  }
  const multi = result.multiValueHeaders
  if (multi !== undefined && profile.keys.has('multiValueHeaders')) {
    if (!isPlainObject(multi)) {
      fail('headers-invalid', 'multiValueHeaders', 'multiValueHeaders must be an object of string arrays.')
      if (!sink) return false
    } else {
      const seenMulti = new Set<string>()
      for (const name in multi) {
        const values = multi[name]
        const lower = name.toLowerCase()
        const path = `multiValueHeaders.${name}`
        if (!isHeaderName(name)) fail('header-name-invalid', path, `"${name}" is not a header name.`)
        else if (!Array.isArray(values) || values.length === 0) {
          fail(
            'multi-value-not-array',
            path,
            'Each multiValueHeaders entry must be a non-empty array of strings.',
          )
        } else if (seenMulti.has(lower)) {
          fail('header-duplicate', path, `The header "${name}" is given twice, in two spellings.`)
        } else {
          otherChars += name.length + 6
          for (const value of values) {
            if (typeof value !== 'string' || !isHeaderValue(value)) {
              fail('header-value-invalid', path, 'Header values must be strings without CR, LF or NUL.')
              break
            }
            otherChars += value.length + 3
          }
        }
        seenMulti.add(lower)
        if (!ok && !sink) return false
      }
    }
  }
  const cookies = result.cookies
  if (cookies !== undefined && profile.keys.has('cookies')) {
    if (!Array.isArray(cookies)) {
      fail('cookies-invalid', 'cookies', 'cookies must be an array of strings.')
      if (!sink) return false
    } else {
      for (const cookie of cookies) {
        if (typeof cookie !== 'string' || !isHeaderValue(cookie)) {
          fail('cookie-invalid', 'cookies', 'Each cookie must be a string without CR, LF or NUL.')
          if (!sink) return false
          break
        }
        otherChars += cookie.length + 3
      }
    }
  }

  if (body !== undefined) {
    if (typeof body !== 'string') {
      fail(
        'body-not-string',
        'body',
        'body must be a string: serialize objects and base64-encode binary data.',
      )
      return ok
    }
    if (body !== '' && isStatusCode(statusCode) && forbidsBody(statusCode)) {
      fail('body-forbidden', 'body', `A ${statusCode} response has no body.`)
      if (!sink) return false
    }
    if (isBase64Encoded === true && !isBase64(body)) {
      fail('base64-invalid', 'body', 'isBase64Encoded is true but body is not valid base64.')
      if (!sink) return false
    }
  }
  if (ok && !fitsIn(result, body, profile.limit, otherChars)) {
    fail(
      'too-large',
      '',
      `The serialized result exceeds the ${profile.frontDoor} limit of ${profile.limit} bytes.`,
    )
  }
  return ok
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
  const profile = profiles[frontDoor]
  if (profile === undefined) {
    return [{ code: 'front-door-unknown', path: '', message: `Unknown front door "${String(frontDoor)}".` }]
  }
  checkResult(result, profile, (code, path, message) => problems.push({ code, path, message }))
  return problems
}
