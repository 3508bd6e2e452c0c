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

/**
 * What an API Gateway REST API or an HTTP API with payload 1.0 receives. Keys other than `statusCode`
 * may be missing from a result the handler returned already valid, which is passed on as it is.
 */
export type RestResult = {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body?: string
  isBase64Encoded?: boolean
}

/** What an HTTP API with payload 2.0 or a Lambda function URL receives; every cookie is in `cookies`. */
export type HttpV2Result = {
  statusCode: number
  headers?: Record<string, string>
  cookies?: string[]
  body?: string
  isBase64Encoded?: boolean
}

/** What an ALB without multi-value headers, or VPC Lattice, receives: one value per header. */
export type AlbResult = {
  statusCode: number
  /** The code, a space and the reason phrase: `"404 Not Found"`. */
  statusDescription: string
  headers: Record<string, string>
  body?: string
  isBase64Encoded: boolean
}

/** What an ALB with multi-value headers receives. */
export type AlbMultiValueResult = {
  statusCode: number
  statusDescription: string
  multiValueHeaders: Record<string, string[]>
  body?: string
  isBase64Encoded: boolean
}

/** What VPC Lattice (event v1 or v2) receives. */
export type LatticeResult = AlbResult

/** What a WebSocket API route receives. */
export type WebSocketResult = {
  statusCode: number
  headers?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

/**
 * The result one front door receives from the middleware.
 *
 * @example
 * const result: ResultOf<'alb'> = await handler(event, context)
 */
export type ResultOf<D extends FrontDoor> = {
  rest: RestResult
  'http-v1': RestResult
  'http-v2': HttpV2Result
  'function-url': HttpV2Result
  alb: AlbResult
  'alb-multi-value': AlbMultiValueResult
  'lattice-v1': LatticeResult
  'lattice-v2': LatticeResult
  websocket: WebSocketResult
}[D]

/** A result of any front door: every key any of them knows, each optional but `statusCode`. */
export type ProxyResult = {
  statusCode: number
  statusDescription?: string
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
  body?: string
  isBase64Encoded?: boolean
}

/**
 * A proxy result as a handler may write it behind `proxyResponse()`: any key may be missing or of a
 * loose type, and the middleware repairs it for the front door (see the README's tables).
 */
export type LooseProxyResult = {
  statusCode?: number | string
  statusDescription?: string
  headers?: Record<string, unknown> | Iterable<readonly [string, unknown]>
  multiValueHeaders?: Record<string, unknown>
  cookies?: string[] | string
  body?: unknown
  isBase64Encoded?: boolean
}

/**
 * What a handler behind `proxyResponse()` may return: a (loose) proxy result, a web `Response`,
 * bytes (`Buffer`, typed arrays, `ArrayBuffer`), a stream, a string, any JSON value, `undefined`, or
 * an `Error`. Use it as the result type of a handler instead of a front door's result type, which
 * would refuse the plain objects and Buffers the middleware exists to send.
 *
 * @example
 * const getOrder = async (event: APIGatewayProxyEvent): Promise<HandlerResult> => ({ id: event.path })
 */
export type HandlerResult = LooseProxyResult | string | number | boolean | null | undefined | object

/** One way in which a result breaks the strict contract of its front door. */
export type Problem = {
  /** A stable identifier, such as `header-value-invalid` or `body-not-string`. */
  code: string
  /** Where in the result, such as `headers.x-count` or `body`. */
  path: string
  /** What is wrong: which key, what it holds and what the front door wanted. */
  message: string
  /** How to fix the handler, and whether `proxyResponse()` repairs it. */
  fix: string
}

/** One repair the middleware made to what a handler returned: what was wrong and what was done. */
export type Repair = Pick<Problem, 'code' | 'path' | 'message'> & {
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
  /**
   * The thrown value: name, code, message and stack for errors (and the message of the cause of the
   * middleware's own errors), a string for anything else.
   */
  error?: { name?: string; code?: string; message?: string; stack?: string; cause?: string; value?: string }
  repair?: Repair
}

/** What the middleware knows about a thrown value, as given to the `errorBody` option. */
export type ErrorInfo = {
  /** The status code of the response: the error's `statusCode` when an integer 400–599, else 500 (504 for Middy's timeout). */
  statusCode: number
  /** Whether the error's message may be shown to the caller: only when the error says `expose: true`. */
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
   * middleware refuses to be set up. Without it, a stream is read to its end and sent as a body.
   * @default false
   */
  streaming?: boolean
  /**
   * Compresses a result over the front door's size limit when the caller accepts `br`, `gzip` or
   * `deflate`, instead of answering 500. `false` never compresses.
   * @default true
   */
  compress?: boolean
  /**
   * Also compresses every response whose body is at least this many bytes, when the caller accepts
   * it. `undefined` compresses only what would not fit otherwise.
   * @default undefined
   */
  compressAbove?: number | undefined
  /**
   * The `binaryMediaTypes` of the REST API in front of the function. A REST API decodes a base64
   * body for the caller only when the first media type of the request's `Accept` matches one of them,
   * so compression is used behind a REST API only then.
   * @default []
   */
  binaryMediaTypes?: readonly string[]
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
