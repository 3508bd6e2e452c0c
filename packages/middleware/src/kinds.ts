// What a value a handler returns is, told once: the middleware then takes one path per kind.

/**
 * The bit of a result key, 0 for any other key. A switch over the keys compares interned strings,
 * several times faster than an array or a Set lookup on the hot path, where every key of every result
 * is checked.
 */
export function keyBit(key: string): number {
  switch (key) {
    case 'statusCode':
      return 1
    case 'statusDescription':
      return 2
    case 'headers':
      return 4
    case 'multiValueHeaders':
      return 8
    case 'cookies':
      return 16
    case 'body':
      return 32
    case 'isBase64Encoded':
      return 64
    default:
      return 0
  }
}

/** Reads a property that may be a throwing getter or sit behind a `Proxy`: a failed read is no value. */
export function read(target: unknown, key: PropertyKey): unknown {
  try {
    return (target as Record<PropertyKey, unknown>)[key]
  } catch {
    return undefined
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** An object literal, or an object without a prototype: what JSON sends as it reads it. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

export function isBytes(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer
}

/**
 * A Node `Readable` or a web `ReadableStream`: the two bodies Middy's streaming mode pipes. Told as
 * Middy tells them (`_readableState`), and by tag rather than `instanceof`, which would load Node's
 * web streams and miss a stream of another realm.
 */
export function isStream(value: unknown): boolean {
  return (
    isObject(value) &&
    (isObject(read(value, '_readableState')) ||
      Object.prototype.toString.call(value) === '[object ReadableStream]')
  )
}

/** A promise, or anything `await` would wait for. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof read(value, 'then') === 'function'
}

// Duck-typed rather than `instanceof Response`: reading the global `Response` makes Node load its
// fetch implementation, tens of milliseconds on a cold start, and a Response from another fetch
// implementation or realm is welcome too.
/** A web `Response`: an object with `status`, `headers.get()` and `arrayBuffer()`. */
export function isResponse(value: unknown): value is Response {
  return (
    typeof read(value, 'arrayBuffer') === 'function' &&
    typeof read(value, 'status') === 'number' &&
    typeof read(read(value, 'headers'), 'get') === 'function'
  )
}

// What each result key holds when an object is a proxy result rather than a body that happens to use
// the same words, such as `{ cookies: { theme: 'dark' } }`: by the key's bit (doors.ts, keyBit).
function holds(bit: number, value: unknown): boolean {
  return (
    value === undefined ||
    (bit === 4 || bit === 8
      ? typeof value === 'object' && !Array.isArray(value)
      : bit === 16
        ? Array.isArray(value) || typeof value === 'string'
        : bit === 64
          ? typeof value === 'boolean'
          : bit === 2
            ? typeof value === 'string'
            : true)
  )
}

/**
 * Whether an object is a proxy result to repair, rather than a body to wrap in one: it has
 * `statusCode`, or it is made only of result keys, each holding what such a key holds.
 */
function isResult(value: object): boolean {
  if ('statusCode' in value) return true
  let any = false
  for (const key in value) {
    const bit = keyBit(key)
    if (bit === 0 || !holds(bit, read(value, key))) return false
    any = true
  }
  return any
}

// A result key written another way: `status` (the Express and fetch habit), `StatusCode`,
// `status_code`, `header`, `Headers`, `isBase64encoded`, `Body`…
const RESULT_LIKE =
  /^(?:status(?:[_-]?code)?|headers?|multi[_-]?value[_-]?headers|cookies?|body|is[_-]?base64[_-]?encoded|status[_-]?description)$/i

/** Whether a key is a result key, maybe written another way (`status`, `Headers`, `is_base64_encoded`). */
export function isResultLike(key: string): boolean {
  return RESULT_LIKE.test(key)
}

/** Whether JSON, as the Lambda runtime serializes a result, sends a key holding `value`. */
export function isSent(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'
}

/**
 * The key of `value` that looks like a misspelled result key, when it has one and one other key a
 * result would have (`{ status: 404, body: 'not found' }`): such an object is most likely a result
 * written wrong, though it may be a body that happens to use those words.
 */
export function misspelledKey(value: unknown): string | undefined {
  let found: string | undefined
  let like = 0
  try {
    if (!isPlainObject(value)) return undefined
    for (const key in value) {
      if (keyBit(key) > 0) like++
      // Only a key that starts as a result key does (s, h, m, c, b, i): a regular expression for those.
      else if (likeStart(key) && RESULT_LIKE.test(key)) {
        like++
        found ??= key
      }
    }
  } catch {
    // A Proxy whose traps throw: serializing it fails next, with the reason.
  }
  return like > 1 ? found : undefined
}

// The first letters of the result keys (s, h, m, c, b, i), as bits from a: a cheap test before the
// regular expression, which costs a call.
const LIKE_START = 0b1000001000110000110
function likeStart(key: string): boolean {
  const letter = (key.charCodeAt(0) | 0x20) - 97
  return letter >= 0 && letter < 26 && ((LIKE_START >> letter) & 1) === 1
}

// The bodies the web platform knows, as `new Response(value)` takes them.
const WEB = /^\[object (?:Blob|File|FormData|URLSearchParams)\]$/

export type Kind = 'result' | 'response' | 'web' | 'error' | 'bytes' | 'chunks' | 'promise' | 'value'

/**
 * What a returned value (or a result's body) is. A value whose very inspection throws (a `Proxy`
 * whose traps throw) is a `value`: serializing it then fails with a reason. `chunks` is anything that
 * yields a body piece by piece: a Node or web stream, an async iterable, a sync iterator (a generator)
 * but not an array, a `Map` or a `Set`, which JSON has its own forms for.
 */
export function kindOf(value: unknown): Kind {
  if (!isObject(value)) return 'value'
  try {
    // An object literal, the most common return, is none of the kinds below but a result: a promise, a
    // Response or an iterable it can only be by its own keys, since it inherits nothing a handler means.
    const literal: boolean = isPlainObject(value)
    if (
      literal &&
      !('then' in value) &&
      !('arrayBuffer' in value) &&
      !(Symbol.asyncIterator in value) &&
      !(Symbol.iterator in value)
    )
      return isResult(value) ? 'result' : 'value'
    if (isThenable(value)) return 'promise'
    if (isResponse(value)) return 'response'
    if (!literal) {
      if (value instanceof Error) return 'error'
      if (isBytes(value)) return 'bytes'
      if (WEB.test(Object.prototype.toString.call(value))) return 'web'
    }
    if (
      typeof read(value, Symbol.asyncIterator) === 'function' ||
      (typeof read(value, 'next') === 'function' && typeof read(value, Symbol.iterator) === 'function')
    ) {
      return 'chunks'
    }
    return !Array.isArray(value) && isResult(value) ? 'result' : 'value'
  } catch {
    return 'value'
  }
}
