/**
 * Thrown inside the middleware when a result cannot be sent at all (it cannot be serialized, or it is
 * over the front door's size limit). It travels through Middy's `onError` stack like a handler's
 * error, so other middlewares (CORS, loggers) see it, and it becomes a 500 that exposes nothing.
 *
 * @example
 * if (error instanceof ProxyResponseError && error.code === 'too-large') metrics.count('too-large')
 */
export class ProxyResponseError extends Error {
  override name = 'ProxyResponseError'
  readonly statusCode = 500
  readonly expose = false
  constructor(
    readonly code: 'unserializable' | 'too-large' | 'internal',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
