// Header names must be RFC 9110 tokens; values may hold HTAB, visible ASCII and obs-text only — the
// rule Node's own HTTP server applies. CR, LF and NUL in particular never reach a front door: they are
// header injection, and the ALB answers 502 to invalid headers.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/

// A function's header names, and many of its values, are the same on every invocation: remembering
// the ones already found valid spares a regular expression per header on the hot path. The answer is
// a pure function of the string, so nothing of one request reaches another; the sets are bounded.
const MEMO_SIZE = 512
const MEMO_LENGTH = 128
const lowerNames = new Map<string, string>()
const validValues = new Set<string>()

const remember = (memo: Set<string>, text: string): true => {
  if (memo.size >= MEMO_SIZE) memo.clear()
  if (text.length <= MEMO_LENGTH) memo.add(text)
  return true
}

/** The lower-cased form of a valid header name, by which names compare; `undefined` for an invalid one. */
export const headerKey = (name: string): string | undefined => {
  const known = lowerNames.get(name)
  if (known !== undefined || !TOKEN.test(name)) return known
  const lower = name.toLowerCase()
  if (lowerNames.size >= MEMO_SIZE) lowerNames.clear()
  if (name.length <= MEMO_LENGTH) lowerNames.set(name, lower)
  return lower
}

/**
 * Sets `map[name]`. `__proto__` is a valid header name, but assigning it would set the prototype of
 * the map instead of adding a header: it is defined as an own key, as JSON.parse would.
 */
export const putHeader = <T>(map: Record<string, T>, name: string, value: T): void => {
  if (name === '__proto__')
    Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true })
  else map[name] = value
}

/** Whether `value` may be sent as a header value (or a cookie, or a status description). */
export const isHeaderValue = (value: string): boolean =>
  validValues.has(value) || (!INVALID_VALUE.test(value) && remember(validValues, value))

/** Why a raw header value could not be sent, for repair reports. */
export type Rejected = { value: unknown; why: 'type' | 'characters' }

/**
 * Turns one raw header value into the strings it stands for: strings as they are, numbers, booleans
 * and bigints as text, a `Date` as an HTTP date, arrays as several values; `null` and `undefined`
 * stand for no value. What cannot be sent is passed to `reject` and left out.
 */
export const headerValues = (raw: unknown, reject: (rejected: Rejected) => void): string[] => {
  const out: string[] = []
  const add = (value: unknown, nested: boolean): void => {
    let text: string
    switch (typeof value) {
      case 'string':
        text = value
        break
      case 'number':
      case 'boolean':
      case 'bigint':
        text = String(value)
        break
      case 'undefined':
        return
      case 'object':
        if (value === null) return
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) {
            reject({ value, why: 'type' })
            return
          }
          text = value.toUTCString()
          break
        }
        if (Array.isArray(value) && !nested) {
          for (const item of value) add(item, true)
          return
        }
        reject({ value, why: 'type' })
        return
      default:
        reject({ value, why: 'type' })
        return
    }
    if (isHeaderValue(text)) out.push(text)
    else reject({ value: text, why: 'characters' })
  }
  add(raw, false)
  return out
}

/** The entries of a header collection: a plain object, a web `Headers` or a `Map`. */
export const headerEntries = (raw: unknown): Array<[string, unknown]> | undefined => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  if (raw instanceof Map) return [...raw].map(([name, value]) => [String(name), value])
  // A web Headers, told by its methods: reading the global `Headers` would load Node's fetch. Iterated,
  // it joins Set-Cookie values with commas; getSetCookie() keeps them apart.
  if (typeof (raw as Headers).getSetCookie === 'function' && typeof (raw as Headers).forEach === 'function') {
    const entries: Array<[string, unknown]> = []
    ;(raw as Headers).forEach((value, name) => {
      if (name !== 'set-cookie') entries.push([name, value])
    })
    const cookies = (raw as Headers).getSetCookie()
    if (cookies.length > 0) entries.push(['set-cookie', cookies])
    return entries
  }
  // Read key by key, so that one getter that throws costs one header, not the response.
  return Object.keys(raw).map((name) => {
    try {
      return [name, (raw as Record<string, unknown>)[name]]
    } catch {
      return [name, undefined]
    }
  })
}
