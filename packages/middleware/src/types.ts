/**
 * The front doors a Lambda function can answer, as told apart by {@link detectFrontDoor}.
 *
 * - `rest`: API Gateway REST API, Lambda proxy integration (payload 1.0)
 * - `http-v1` / `http-v2`: API Gateway HTTP API, payload format 1.0 / 2.0
 * - `function-url`: Lambda function URL (payload 2.0)
 * - `alb` / `alb-multi-value`: Application Load Balancer, without / with multi-value headers
 * - `lattice-v1` / `lattice-v2`: Amazon VPC Lattice, event structure v1 / v2
 * - `websocket`: API Gateway WebSocket API
 */
export type FrontDoor =
  | 'rest'
  | 'http-v1'
  | 'http-v2'
  | 'function-url'
  | 'alb'
  | 'alb-multi-value'
  | 'lattice-v1'
  | 'lattice-v2'
  | 'websocket'

/** The result a front door accepts: the union of every front door's keys (see CONTRACT). */
export type ProxyResult = {
  statusCode: number
  statusDescription?: string
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
  body?: string
  isBase64Encoded?: boolean
}

/** One way in which a result breaks the strict contract of its front door. */
export type Problem = {
  /** A stable identifier, such as `header-value-invalid` or `body-not-string`. */
  code: string
  /** Where in the result, such as `headers.x-count` or `body`. */
  path: string
  /** A sentence a person can act on. */
  message: string
}

/** One repair the middleware made to what a handler returned: what was wrong and what was done. */
export type Repair = Problem & {
  /** The front door the result was repaired for. */
  frontDoor: FrontDoor
}

/** A structured log entry. The default logger writes it as one JSON line. */
export type LogEntry = {
  level: 'error' | 'warn'
  message: string
  /** `context.awsRequestId` of the invocation, when there is one. */
  requestId?: string | undefined
  frontDoor?: FrontDoor | undefined
  statusCode?: number | undefined
  /** The thrown value: name, message and stack for errors, a string for anything else. */
  error?: { name?: string; message?: string; stack?: string; value?: string }
  repair?: Repair
}

/** What the middleware knows about a thrown value, as given to the `errorBody` option. */
export type ErrorInfo = {
  /** The status code of the response: the error's `statusCode` or `status` when an integer 400–599, else 500. */
  statusCode: number
  /** Whether the error's message may be shown to the caller (`error.expose`, by default `statusCode < 500`). */
  expose: boolean
  /** The message to send: the error's own when exposed, the status's reason phrase otherwise. */
  message: string
  /** The reason phrase of `statusCode`, such as `Not Found`. */
  reason: string
  /** The thrown value itself. Take care not to send what it holds without checking `expose`. */
  error: unknown
}

/** Options of {@link proxyResponse}. Every field is optional; see `proxyResponseDefaults`. */
export type ProxyResponseOptions = {
  /**
   * The front door to answer. `'auto'` tells it from each event; an event that is not HTTP
   * (SQS, S3, EventBridge, a direct invoke) is then left alone.
   * @default 'auto'
   */
  frontDoor?: FrontDoor | 'auto'
  /**
   * Where errors and repairs are logged; `false` silences the middleware.
   * @default a function writing one JSON line to `console.error` (errors) or `console.warn` (repairs)
   */
  logger?: ((entry: LogEntry) => void) | false
  /**
   * Told of every repair made to a returned result. `'warn-once'` logs each kind of repair once per
   * warm instance, so a busy function's logs are not flooded; `false` reports nothing.
   * @default 'warn-once'
   */
  onRepair?: ((repair: Repair) => void) | 'warn-once' | false
  /**
   * Turns any repair into a failure: the invocation throws a `ProxyResponseStrictError` listing the
   * repairs. Meant for unit tests, not production.
   * @default false
   */
  strict?: boolean
  /**
   * The body of error responses: `'json'` sends `{"message": …}` as `application/json`; `'problem'`
   * sends an RFC 9457 `application/problem+json` document.
   * @default 'json'
   */
  errorFormat?: 'json' | 'problem'
  /**
   * Builds the body of an error response from what is known of the thrown value. Its return value is
   * sent as the body (objects as JSON). If it throws, the default body is sent and the failure logged.
   * @default undefined
   */
  errorBody?: ((error: ErrorInfo) => unknown) | undefined
  /**
   * Shapes every result for Middy's `executionModeStreamifyResponse`: `statusCode`, `headers` and
   * cookies for the prelude, the body as a string or a stream (a Buffer becomes a stream), no base64
   * and no size limit. Only function URLs and REST APIs stream: with a `frontDoor` that does not, the
   * middleware refuses to be set up. A stream body is streamed on those front doors without this option.
   * @default false
   */
  streaming?: boolean
}

/**
 * The part of a Middy request the middleware reads and writes. Structural, so that any Middy major
 * from 5 on (and tests without Middy) can pass its own request object.
 */
export type MiddyRequestLike = {
  event: unknown
  context: unknown
  response: unknown
  error: unknown
}

/** The middleware object returned by {@link proxyResponse}, as `middy().use()` takes it. */
export type ProxyResponseMiddleware = {
  before: (request: MiddyRequestLike) => void
  after: (request: MiddyRequestLike) => void | Promise<void>
  onError: (request: MiddyRequestLike) => void | Promise<void>
}
