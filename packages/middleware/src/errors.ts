import { addHeaders, type Draft, newDraft, noSink, read, setHeader, toJson } from './normalize.js'
import { reasonPhrase } from './status.js'
import type { ErrorInfo, ProxyResponseOptions } from './types.js'

const isErrorStatus = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599

// Middy core's early timeout (`timeoutEarlyInMillis`) throws this, just before Lambda would kill the
// invocation: the caller is owed a gateway timeout, not an internal error.
const isMiddyTimeout = (error: unknown): boolean =>
  read(error, 'name') === 'TimeoutError' && read(read(error, 'cause'), 'package') === '@middy/core'

/**
 * What may be said of a thrown value, following the `http-errors` convention: the status from
 * `statusCode` (or `status`) when it is an integer 400–599, else 500; `expose` as set, else
 * `statusCode < 500`; the message only when exposed.
 */
export const errorInfo = (error: unknown): ErrorInfo => {
  const isObject = typeof error === 'object' && error !== null
  const own = isObject ? read(error, 'statusCode') : undefined
  const status = isObject ? (isErrorStatus(own) ? own : read(error, 'status')) : undefined
  const timeout = isObject && isMiddyTimeout(error)
  const statusCode = timeout ? 504 : isErrorStatus(status) ? status : 500
  const flag = isObject && !timeout ? read(error, 'expose') : undefined
  const expose = typeof flag === 'boolean' ? flag : statusCode < 500 && !timeout
  const reason = reasonPhrase(statusCode)
  const own_message = expose ? read(error, 'message') : undefined
  const message = typeof own_message === 'string' && own_message !== '' ? own_message : reason
  return { statusCode, expose, message, reason, error }
}

const problemDocument = (info: ErrorInfo): Record<string, unknown> => {
  const document: Record<string, unknown> = {
    type: 'about:blank',
    title: info.reason,
    status: info.statusCode,
  }
  if (info.expose && info.message !== info.reason) document.detail = info.message
  return document
}

/** The default body of an error response, as `errorFormat` asks. */
export const defaultErrorBody = (info: ErrorInfo, format: ProxyResponseOptions['errorFormat']) =>
  format === 'problem'
    ? { contentType: 'application/problem+json', body: JSON.stringify(problemDocument(info)) }
    : { contentType: 'application/json', body: JSON.stringify({ message: info.message }) }

/**
 * The response for a thrown value. The error's own headers are kept (coerced like any other); the
 * body is built from `ErrorInfo` only, so a stack or an unexposed message cannot reach it.
 * `onBodyError` hears of an `errorBody` option that failed; the default body is sent instead.
 */
export const fromError = (
  info: ErrorInfo,
  options: Pick<ProxyResponseOptions, 'errorBody' | 'errorFormat'>,
  onBodyError: (error: unknown) => void,
): Draft => {
  const draft = newDraft(info.statusCode)
  if (typeof info.error === 'object' && info.error !== null) {
    addHeaders(draft, read(info.error, 'headers'), 'headers', noSink)
  }
  let { contentType, body } = defaultErrorBody(info, options.errorFormat)
  if (options.errorBody) {
    try {
      const custom = options.errorBody(info)
      if (typeof custom === 'string') {
        body = custom
        contentType = 'text/plain; charset=utf-8'
      } else if (custom !== undefined) {
        body = toJson(custom, 'The errorBody result')
      }
    } catch (error) {
      onBodyError(error)
    }
  }
  // The body is ours, so its content type is too, whatever the error's headers said.
  setHeader(draft, 'Content-Type', contentType)
  draft.body = body
  return draft
}
