// A response on its way out: what the handler meant, before it takes the shape of a front door. The
// normalizer fills drafts from returned values, the error builder from thrown ones, and emit.ts gives
// them a front door's shape.
import { ProxyResponseError } from './failure.js'
import { cookiesIn, HOP, headerEntries, headerTexts, isHeaderValue, nameOf, SET_COOKIE } from './headers.js'

/** Hears of each problem found, as a stable code, the path in the result, and the facts when they help. */
export type Sink = (code: string, path: string, detail?: string) => void

export function noop(): void {}
export const ignore: Sink = noop

export type Draft = {
  statusCode: number
  statusDescription?: string | undefined
  /** By lower-cased name: the first spelling and the values; `Set-Cookie` lives in `cookies` instead. */
  headers: Map<string, [name: string, values: string[]]>
  cookies: string[]
  /** The first spelling of Set-Cookie the handler used. */
  cookieName?: string
  body: string
  base64?: boolean
  /** The body is JSON text or base64: no control character, no lone surrogate (see size.ts). */
  jsonSafe?: boolean
  /** In streaming mode, the stream to pipe as the body. */
  stream?: unknown
  /** CloudFront's response triggers: the response has no body of its own, the origin's is sent. */
  origin?: boolean
  /** Set by emit: the characters of the result it made but its body, for the bound of size.ts. */
  chars?: number
}

export function newDraft(statusCode: number): Draft {
  return {
    statusCode,
    headers: new Map(),
    cookies: [],
    body: '',
  }
}

/** Sets one header, keeping the spelling the draft already has for it; `soft` leaves one already set. */
export function setHeader(draft: Draft, name: string, value: string, soft?: boolean): void {
  // The name the middleware sets most often, lower-cased without a new string each time.
  const lower = name === 'Content-Type' ? 'content-type' : name.toLowerCase()
  const known = draft.headers.get(lower)
  if (!soft || !known) draft.headers.set(lower, [known?.[0] ?? name, [value]])
}

/** The values of a draft's header, joined. */
export function headerOf(draft: Draft, lower: string): string {
  return draft.headers.get(lower)?.[1].join(', ') ?? ''
}

/** `JSON.stringify`, with every way it can fail turned into a `ProxyResponseError`. */
export function toJson(value: unknown, path: string): string {
  let json: string | undefined
  let cause: unknown
  try {
    json = JSON.stringify(value)
  } catch (error) {
    cause = error
  }
  if (json === undefined) {
    throw new ProxyResponseError(
      'unserializable',
      `${path || 'the result'} (${typeof value}) has no JSON form`,
      {
        cause,
      },
    )
  }
  return json
}

/**
 * Adds a header collection to the draft. Two spellings of a name within one map are one header (the
 * later wins, as with object spread); a name given in both `headers` and `multiValueHeaders` keeps
 * the values of both, as API Gateway merges them. Set-Cookie values are kept apart, all of them.
 * Hop-by-hop headers are left out and reported, unless `hop` (CloudFront, which names the ones it
 * refuses among its disallowed headers: those are left out before).
 */
export function addHeaders(draft: Draft, raw: unknown, path: string, sink: Sink, hop = false): void {
  if (raw === undefined || raw === null) return
  const entries = headerEntries(raw)
  if (entries === undefined) {
    sink('headers-invalid', path)
    return
  }
  const seen = new Set<string>()
  for (const [name, value] of entries) {
    const at = `${path}.${name}`
    const info = nameOf(name)
    if (info === undefined || (info.kind === HOP && !hop)) {
      sink(info ? 'header-hop-by-hop' : 'header-name-invalid', at)
      continue
    }
    let values: string[]
    if (typeof value === 'string' && path === 'headers' && isHeaderValue(value)) values = [value]
    else {
      let rejected = false
      values = headerTexts(value, () => {
        rejected = true
        sink('header-value-invalid', at)
      })
      if (path === 'multiValueHeaders' && !Array.isArray(value) && value !== undefined && value !== null) {
        sink('multi-value-not-array', at)
      } else if (
        !rejected &&
        values.length > 0 &&
        ![value].flat().every((text) => typeof text === 'string')
      ) {
        sink('header-value-coerced', at)
      }
    }
    const { lower } = info
    if (info.kind === SET_COOKIE) {
      draft.cookieName ??= name
      addCookies(draft, values, at, sink)
      continue
    }
    const known = draft.headers.get(lower)
    if (seen.has(lower)) {
      sink('header-duplicate', at)
      draft.headers.delete(lower)
    }
    seen.add(lower)
    const merged = draft.headers.get(lower)?.[1] ?? []
    for (const item of values) if (!merged.includes(item)) merged.push(item)
    if (merged.length > 0) draft.headers.set(lower, [known?.[0] ?? name, merged])
  }
}

/** Adds cookies, each once; a comma-joined list becomes the cookies it holds. */
export function addCookies(draft: Draft, values: string[], path: string, sink: Sink): void {
  for (const value of values) {
    const cookies = cookiesIn(value)
    if (cookies.length > 1) sink('cookie-list-split', path, `${cookies.length} cookies`)
    for (const cookie of cookies) if (!draft.cookies.includes(cookie)) draft.cookies.push(cookie)
  }
}
