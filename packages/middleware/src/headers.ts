// Header names must be RFC 9110 tokens; values may hold HTAB, visible ASCII and obs-text only — the
// rule Node's own HTTP server applies. CR, LF and NUL in particular never reach a front door: they are
// header injection, and the ALB answers 502 to invalid headers.
import { read } from './kinds.js'

// A token (RFC 9110 `tchar`s): a header name, and the name of a cookie.
const TCHARS = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+"
const TOKEN = new RegExp(`^${TCHARS}$`)
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/
// Hop-by-hop headers mean nothing in a Lambda result, and the ALB and VPC Lattice drop them (CONTRACT.md,
// "Headers every front door computes").
const HOP_BY_HOP = /^(?:connection|keep-alive|transfer-encoding|upgrade|te|trailer|proxy-.*)$/

// A Set-Cookie value holding a comma then `name=` is several cookies joined: a browser takes it for
// one. (The comma of an `Expires=` date is followed by a day number and a space, never by `name=`.)
const COOKIE_LIST = new RegExp(`,\\s*(?=${TCHARS}=)`)

/** The cookies a Set-Cookie value stands for: one, or those a comma-joined list holds. */
export function cookiesIn(value: string): string[] {
  return value.split(COOKIE_LIST)
}

/** Whether a Set-Cookie value is several cookies joined with commas. */
export function isCookieList(value: unknown): boolean {
  return typeof value === 'string' && value.includes(',') && COOKIE_LIST.test(value)
}

/** What a header name is to the front doors. */
export const ORDINARY = 0
export const SET_COOKIE = 1
/** Computed from the body: sent only when it matches the body actually sent. */
export const CONTENT_LENGTH = 2
export const HOP = 3

/**
 * A valid header name: the lower-cased form by which names compare, its kind, and the last value found
 * valid under it (see {@link isValueOf}).
 */
export type Name = { lower: string; kind: number; last: string }

// A function's header names, and most of its header values, are the same on every invocation:
// remembering the names already checked, and under each the last value found valid, spares a regular
// expression per header on the hot path. Whether a string is valid is a pure function of it, so nothing
// of one request reaches the response to another; the memo is bounded.
const MEMO_SIZE = 512
const names = new Map<string, Name>()

/** The lower-cased form and kind of a valid header name; `undefined` for a name that is not a token. */
export function nameOf(name: string): Name | undefined {
  let known = names.get(name)
  if (known === undefined && TOKEN.test(name)) {
    const lower = name.toLowerCase()
    known = {
      lower,
      last: '',
      kind:
        lower === 'set-cookie'
          ? SET_COOKIE
          : lower === 'content-length'
            ? CONTENT_LENGTH
            : HOP_BY_HOP.test(lower)
              ? HOP
              : ORDINARY,
    }
    if (names.size >= MEMO_SIZE) names.clear()
    names.set(name, known)
  }
  return known
}

/** Whether `value` may be sent as a header value (or a cookie, or a status description). */
export function isHeaderValue(value: string): boolean {
  return !INVALID_VALUE.test(value)
}

/**
 * Whether `value` may be sent under the header name `info` stands for. The name remembers the last
 * value found valid, the same string on most invocations; a cookie is not remembered, since it is often
 * a secret.
 */
export function isValueOf(info: Name, value: string): boolean {
  if (value === info.last) return true
  if (INVALID_VALUE.test(value)) return false
  if (info.kind !== SET_COOKIE) info.last = value
  return true
}

/**
 * Sets `map[name]`. `__proto__` is a valid header name, but assigning it would set the prototype of
 * the map instead of adding a header: it is defined as an own key, as JSON.parse would.
 */
export function putHeader<T>(map: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(map, name, { value, enumerable: true, writable: true })
  else map[name] = value
}

/**
 * The texts one raw header value stands for: strings as they are, numbers, booleans and bigints as
 * text, a `Date` as an HTTP date, an array as several values; `null` and `undefined` stand for none.
 * Each value that cannot be sent is passed to `reject` and left out.
 */
export function headerTexts(raw: unknown, reject: (value: unknown) => void, nested = false): string[] {
  if (raw === undefined || raw === null) return []
  if (Array.isArray(raw) && !nested) return raw.flatMap((item) => headerTexts(item, reject, true))
  const text =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint'
        ? String(raw)
        : raw instanceof Date && !Number.isNaN(raw.getTime())
          ? raw.toUTCString()
          : undefined
  if (text !== undefined && isHeaderValue(text)) return [text]
  reject(raw)
  return []
}

/**
 * The entries of a header collection (a plain object, a web `Headers` or a `Map`), or `undefined`
 * when it is none of those. Read key by key, so that one getter that throws costs one header.
 */
export function headerEntries(raw: unknown): Array<[string, unknown]> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  if (raw instanceof Map) return [...raw].map(([name, value]) => [String(name), value])
  // A web Headers, told by its methods: reading the global `Headers` would load Node's fetch. Iterated,
  // it joins Set-Cookie values with commas; getSetCookie() keeps them apart.
  const headers = raw as Headers
  if (typeof headers.getSetCookie === 'function' && typeof headers.forEach === 'function') {
    const entries: Array<[string, unknown]> = [['set-cookie', headers.getSetCookie()]]
    headers.forEach((value, name) => {
      if (name !== 'set-cookie') entries.push([name, value])
    })
    return entries
  }
  return Object.keys(raw).map((name) => [name, read(raw, name)])
}
