// The one builder of error responses: what may be said of a thrown value, and the body it gets.
import { addHeaders, type Draft, ignore, newDraft, setHeader, toJson } from './draft.js'
import { read } from './kinds.js'
import { reasonPhrase } from './status.js'
import type { ErrorInfo, ProxyResponseOptions } from './types.js'

function isErrorStatus(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599
}

/**
 * What may be said of a thrown value. Its `statusCode`, when an integer 400–599, is the response's
 * status: Middy's convention for an error meant as an HTTP response (`http-errors`, Middy's
 * `createError`, users' own classes). `status` alone is not: HTTP clients and SDKs (axios, fetch
 * wrappers, the OpenAI and Octokit clients) set it to the status of the call they made, not of this
 * API's answer. The message is shown only when the error says `expose: true`, as `http-errors` and
 * `createError` do for 4xx: an SDK's error with a `statusCode` but no `expose` (Stripe's) describes
 * the upstream call. Middy core's early timeout is a 504; any other `TimeoutError` (fetch's
 * `AbortSignal.timeout()`) is a call that took too long, a 500.
 */
export function errorInfo(error: unknown): ErrorInfo {
  const own = read(error, 'statusCode')
  const timeout =
    read(error, 'name') === 'TimeoutError' && read(read(error, 'cause'), 'package') === '@middy/core'
  const statusCode = timeout ? 504 : isErrorStatus(own) ? own : 500
  const expose = statusCode === own && read(error, 'expose') === true
  const reason = reasonPhrase(statusCode)
  const message = expose ? read(error, 'message') : undefined
  return {
    statusCode,
    expose,
    message: typeof message === 'string' && message ? message : reason,
    reason,
    error,
  }
}

type ErrorOptions = Pick<ProxyResponseOptions, 'errorBody' | 'errorFormat'>

/**
 * The error response for `info`. The error's own headers (`Allow` on a 405, `Retry-After` on a 503)
 * are kept when it is an HTTP error by the convention (a `statusCode` and an `expose` flag), as
 * `http-errors` makes them; the body is built from `ErrorInfo` only (see {@link setErrorBody}).
 */
export function errorDraft(
  info: ErrorInfo,
  options: ErrorOptions,
  onBodyError: (error: unknown) => void,
  withHeaders = true,
): Draft {
  const draft = newDraft(info.statusCode)
  const { error } = info
  if (
    withHeaders &&
    read(error, 'statusCode') === info.statusCode &&
    typeof read(error, 'expose') === 'boolean'
  ) {
    addHeaders(draft, read(error, 'headers'), 'headers', ignore)
  }
  setErrorBody(draft, info, options, onBodyError)
  return draft
}

/**
 * Gives a draft the body of an error response, built from `ErrorInfo` only, so that a stack, a cause
 * or an unexposed message cannot reach it. `onBodyError` hears of an `errorBody` option that failed;
 * the default body is sent instead.
 */
export function setErrorBody(
  draft: Draft,
  info: ErrorInfo,
  options: ErrorOptions,
  onBodyError: (error: unknown) => void,
): void {
  const problem = options.errorFormat === 'problem'
  let type = problem ? 'application/problem+json' : 'application/json'
  let body = JSON.stringify(
    problem
      ? {
          type: 'about:blank',
          title: info.reason,
          status: info.statusCode,
          detail: info.expose && info.message !== info.reason ? info.message : undefined,
        }
      : { message: info.message },
  )
  try {
    const custom = options.errorBody?.(info)
    if (typeof custom === 'string') [type, body] = ['text/plain; charset=utf-8', custom]
    else if (custom !== undefined) body = toJson(custom, 'The errorBody result')
  } catch (cause) {
    onBodyError(cause)
  }
  // The body is ours, so its content type is too, whatever the error's headers said.
  setHeader(draft, 'Content-Type', type)
  draft.body = body
  draft.base64 = false
}
