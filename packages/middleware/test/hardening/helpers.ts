// Shared by the interop, hardening, property and fuzz suites: real fixture events (one per front door),
// a Lambda context, a capturing logger and readers for the results the middleware produces.
import type { Context } from 'aws-lambda'
import type { ProxyResult } from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
import * as assert from 'uvu/assert'
import { loadEvent, PROXY_EVENT_OF } from '../events.js'
import { captureLogs, context } from '../helpers.js'
import { assertContract, type ProxyDoor } from '../oracle/contract.js'

export type Json = Record<string, unknown>

export { loadEvent }

/**
 * One real event per front door of the proxy family (detectFrontDoor of each is checked in the
 * hardening suites); CloudFront's triggers have suites of their own (test/cloudfront/).
 */
export const FIXTURE_OF: Readonly<Record<ProxyDoor, string>> = PROXY_EVENT_OF

export const DOORS = Object.keys(FIXTURE_OF) as ProxyDoor[]

/** The fixture event of a front door with `overrides` spread onto it. */
export const eventFor = (frontDoor: ProxyDoor, overrides: Json = {}): Json => ({
  ...loadEvent(FIXTURE_OF[frontDoor]),
  ...overrides,
})

/**
 * An event of `frontDoor` carrying request headers, where that front door carries them (a multi-value
 * ALB event has `multiValueHeaders` only; a REST event has both).
 */
export const withRequestHeaders = (frontDoor: ProxyDoor, headers: Record<string, string>): Json => {
  const base = eventFor(frontDoor)
  const multi = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]))
  if (frontDoor === 'alb-multi-value') {
    return { ...base, multiValueHeaders: { ...(base.multiValueHeaders as Json), ...multi } }
  }
  const out: Json = { ...base, headers: { ...(base.headers as Json | undefined), ...headers } }
  if (base.multiValueHeaders !== undefined) {
    out.multiValueHeaders = { ...(base.multiValueHeaders as Json), ...multi }
  }
  return out
}

/** The HTTP method of any HTTP event (1.0, 2.0 or VPC Lattice). */
export const withMethodAndPath = (frontDoor: ProxyDoor, method: string, path: string): Json => {
  const base = eventFor(frontDoor)
  const requestContext = base.requestContext as Json | undefined
  const http = requestContext?.http as Json | undefined
  if (http !== undefined) {
    return {
      ...base,
      rawPath: path,
      requestContext: { ...requestContext, http: { ...http, method, path } },
    }
  }
  if (base.raw_path !== undefined) return { ...base, method, raw_path: path }
  if (base.method !== undefined) return { ...base, method, path }
  return { ...base, httpMethod: method, path }
}

let ids = 0

/** A Lambda context as the runtime passes it; `awsRequestId` is unique per call unless given. */
export const lambdaContext = (awsRequestId = `req-${++ids}`): Context => context(awsRequestId)

/** A logger option that keeps the entries, for tests that look at them (and keeps output clean). */
export const capturingLogger = captureLogs

/** Asserts that `result` is exactly what `frontDoor` accepts, listing the problems otherwise. */
export const assertValid = (result: unknown, frontDoor: ProxyDoor): void => {
  const problems = validateProxyResult(result, frontDoor)
  assert.equal(problems, [], `${frontDoor}: ${JSON.stringify(problems)}\nresult: ${safeJson(result)}`)
  // The package's validator reads the tables its normalizer reads; the oracle is a second opinion.
  assertContract(result, frontDoor)
}

export const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
  } catch {
    return '[unserializable]'
  }
}

/** Every value of a response header, whichever of `headers`/`multiValueHeaders` holds it. */
export const headerValuesOf = (result: ProxyResult, name: string): string[] => {
  const lower = name.toLowerCase()
  const out: string[] = []
  for (const [key, value] of Object.entries(result.headers ?? {}))
    if (key.toLowerCase() === lower) out.push(value)
  for (const [key, values] of Object.entries(result.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === lower) out.push(...values)
  }
  return out
}

/** The one value of a response header, or undefined. */
export const headerOf = (result: ProxyResult, name: string): string | undefined => {
  const values = headerValuesOf(result, name)
  return values.length === 0 ? undefined : values.join(', ')
}

/** Every Set-Cookie the front door will send, wherever the result carries them. */
export const cookiesOf = (result: ProxyResult): string[] => [
  ...(result.cookies ?? []),
  ...headerValuesOf(result, 'set-cookie'),
]

/** Parses a JSON body. */
export const jsonBody = (result: ProxyResult): unknown => JSON.parse(result.body ?? '')

/** The front doors whose result can carry several cookies. */
export const MULTI_COOKIE_DOORS: readonly ProxyDoor[] = [
  'rest',
  'http-v1',
  'http-v2',
  'function-url',
  'alb-multi-value',
]

/**
 * The strict result of one front door as the CONTRACT describes it: every key the front door knows
 * and nothing else (`statusDescription` on load balancers, `multiValueHeaders` on REST and HTTP API
 * 1.0, only `multiValueHeaders` on a multi-value ALB, `cookies` on payload 2.0).
 */
export const expectedResult = (
  frontDoor: ProxyDoor,
  r: {
    statusCode: number
    reason: string
    headers?: Record<string, string>
    body?: string
    isBase64Encoded?: boolean
    cookies?: string[]
  },
): ProxyResult => {
  const headers = r.headers ?? {}
  const cookies = r.cookies ?? []
  const tail = { body: r.body ?? '', isBase64Encoded: r.isBase64Encoded ?? false }
  const statusDescription = `${r.statusCode} ${r.reason}`
  switch (frontDoor) {
    case 'rest':
    case 'http-v1':
      return {
        statusCode: r.statusCode,
        headers,
        multiValueHeaders: cookies.length > 0 ? { 'Set-Cookie': cookies } : {},
        ...tail,
      }
    case 'http-v2':
    case 'function-url':
      return { statusCode: r.statusCode, headers, cookies, ...tail }
    case 'alb-multi-value': {
      const multi: Record<string, string[]> = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, [v]]),
      )
      if (cookies.length > 0) multi['Set-Cookie'] = cookies
      return { statusCode: r.statusCode, statusDescription, multiValueHeaders: multi, ...tail }
    }
    case 'websocket':
      return { statusCode: r.statusCode, headers, ...tail }
    default: {
      const single = cookies[0] === undefined ? headers : { ...headers, 'Set-Cookie': cookies[0] }
      return { statusCode: r.statusCode, statusDescription, headers: single, ...tail }
    }
  }
}

/** An event carrying a request body with a content type (multi-value ALB events carry no `headers`). */
export const postEvent = (frontDoor: ProxyDoor, body: string, contentType: string | undefined): Json => {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType }
  return { ...withRequestHeaders(frontDoor, headers), body, isBase64Encoded: false }
}

/**
 * What the middleware sends for a result a handler (or another middleware) left: the result itself
 * when the front door already accepts it (valid results pass through untouched), else its strict form.
 */
export const sentFor = (frontDoor: ProxyDoor, left: ProxyResult, strict: ProxyResult): ProxyResult =>
  validateProxyResult(left, frontDoor).length === 0 ? left : strict

/** A promise of a library that is not the native one (Bluebird, older query builders): `then` returns another of its kind. */
export class Thenable<T> {
  readonly #promise: Promise<T>
  constructor(promise: Promise<T>) {
    this.#promise = promise
    // Such libraries report their own unhandled rejections instead of crashing the process.
    promise.catch(() => {})
  }
  // biome-ignore lint/suspicious/noThenProperty: a thenable is what is tested.
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Thenable<A | B> {
    return new Thenable(this.#promise.then(onFulfilled, onRejected))
  }
}
