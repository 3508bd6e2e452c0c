// Errors of other libraries, as a handler lets them through: HTTP clients and SDKs describe the call the
// handler made to someone else — its status, URL, credentials, the upstream's headers — not this API's
// answer. Only Middy's convention sets a response: an integer `statusCode` 400–599 for the status, the
// message when the error says `expose: true`, and the error's own headers when it also has a boolean
// `expose`. The look-alikes below copy the shape of each library's error (no SDK is installed), with
// a secret planted wherever the real one carries credentials, hosts or account ids.
import middy from '@middy/core'
import createHttpError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ProxyResult, proxyResponse, type Repair } from '../src/index.js'
import {
  assertValid,
  capturingLogger,
  DOORS,
  eventFor,
  expectedResult,
  lambdaContext,
  loadEvent,
} from './hardening/helpers.js'
import { noLeak, type ProxyDoor } from './oracle/contract.js'

const TOKEN = 'sk-proj-T0pS3cr3tK3y'
const HOST = 'orders-db-7.internal.acme.example'
const ORG = 'org-Acm3Pr1vate'
const ACCOUNT = 'acct_1Secr3tStr1pe'
const ARN = 'arn:aws:iam::123456789012:role/acme-prod-orders'
const GITHUB_TOKEN = 'ghp_S3cr3tG1tHubT0ken'

/** Everything no response may carry. */
const SECRETS = [TOKEN, HOST, ORG, ACCOUNT, ARN, '123456789012', GITHUB_TOKEN, 'req_7f3a9c']

// ---------------------------------------------------------------------------------------------------
// Look-alikes of the errors of other libraries

/** axios 1.x: thrown for any non-2xx answer; `status` is the upstream's, `config` holds the request. */
class AxiosError extends Error {
  override name = 'AxiosError'
  readonly code = 'ERR_BAD_REQUEST'
  readonly isAxiosError = true
  readonly status = 404
  readonly config = {
    url: `https://${HOST}/orders/42`,
    method: 'get',
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
  }
  readonly response = {
    status: 404,
    statusText: 'Not Found',
    data: { error: `no row in ${HOST}` },
    headers: { 'x-request-id': 'req_7f3a9c', server: HOST },
  }
  constructor() {
    super('Request failed with status code 404')
  }
}

/** The OpenAI client's `APIError` (here its AuthenticationError): `status` and the upstream's `headers`. */
class OpenAIAuthenticationError extends Error {
  override name = 'AuthenticationError'
  readonly status = 401
  readonly headers = {
    'openai-organization': ORG,
    'x-request-id': 'req_7f3a9c',
    'www-authenticate': 'Bearer',
  }
  readonly code = 'invalid_api_key'
  readonly type = 'invalid_request_error'
  readonly param = null
  readonly error = { message: `Incorrect API key provided: ${TOKEN}`, code: 'invalid_api_key' }
  constructor() {
    super(
      `401 Incorrect API key provided: ${TOKEN}. You can find your API key at https://platform.openai.com`,
    )
  }
}

/** Octokit's `RequestError`: the request (with its authorization) and a message holding a URL. */
class OctokitRequestError extends Error {
  override name = 'HttpError'
  readonly status = 404
  readonly request = {
    method: 'GET',
    url: 'https://api.github.com/repos/acme/secret-roadmap/contents/plan.md',
    headers: { authorization: `token ${GITHUB_TOKEN}` },
  }
  readonly response = { status: 404, url: this.request.url, headers: { 'x-github-request-id': 'req_7f3a9c' } }
  constructor() {
    super('Not Found - https://docs.github.com/rest/repos/contents#get-repository-content')
  }
}

/** ky's `HTTPError`: the upstream `response`, the `request`, and a message with the method and URL. */
class KyHTTPError extends Error {
  override name = 'HTTPError'
  readonly response = { status: 404, statusText: 'Not Found', url: `https://${HOST}/orders/42` }
  readonly request = { method: 'GET', url: `https://${HOST}/orders/42` }
  readonly options = { headers: { authorization: `Bearer ${TOKEN}` } }
  constructor() {
    super(`Request failed with status code 404 Not Found: GET https://${HOST}/orders/42`)
  }
}

/** got's `HTTPError`: a `code`, and the status in `response.statusCode` — not the error's own. */
class GotHTTPError extends Error {
  override name = 'HTTPError'
  readonly code = 'ERR_NON_2XX_3XX_RESPONSE'
  readonly response = { statusCode: 404, body: `missing in ${HOST}`, url: `https://${HOST}/orders/42` }
  readonly options = { headers: { authorization: `Bearer ${TOKEN}` } }
  readonly timings = { start: 0, end: 12 }
  constructor() {
    super('Response code 404 (Not Found)')
  }
}

/**
 * Stripe's errors have a `statusCode` (the status Stripe answered) and Stripe's response headers, but
 * no `expose`: the status is taken, the message and the headers are not.
 */
class StripeCardError extends Error {
  override name = 'StripeCardError'
  readonly type = 'StripeCardError'
  readonly rawType = 'card_error'
  readonly statusCode = 402
  readonly code = 'card_declined'
  readonly decline_code = 'insufficient_funds'
  readonly requestId = 'req_7f3a9c'
  readonly headers = { 'request-id': 'req_7f3a9c', 'stripe-account': ACCOUNT, 'idempotency-key': 'k-42' }
  readonly raw = { message: `Your card was declined (account ${ACCOUNT}).`, type: 'card_error' }
  constructor() {
    super(`Your card was declined (account ${ACCOUNT}).`)
  }
}

/** AWS SDK v3: the status of the AWS call is in `$metadata.httpStatusCode`, the message names an ARN. */
class AccessDeniedException extends Error {
  override name = 'AccessDeniedException'
  readonly $fault = 'client'
  readonly $metadata = { httpStatusCode: 403, requestId: 'req_7f3a9c', attempts: 1, totalRetryDelay: 0 }
  readonly __type = 'com.amazonaws.dynamodb.v20120810#AccessDeniedException'
  constructor() {
    super(`User: ${ARN} is not authorized to perform: dynamodb:GetItem on resource: ${ARN}/orders`)
  }
}

/**
 * Middy's `createError` (`@middy/util`), copied: `statusCode` and `status`, and `expose` when the
 * options say so, else for a 4xx. (`@middy/util` is not a dependency of this package.)
 */
class MiddyHttpError extends Error {
  readonly status: number
  readonly statusCode: number
  readonly expose: boolean
  constructor(code: number, message?: string, options: { expose?: boolean; cause?: unknown } = {}) {
    super(message, options)
    this.name = 'HttpError'
    this.status = this.statusCode = code
    this.expose = options.expose ?? code < 500
  }
}

/** A user's own class: the convention, with `expose` said. */
class OrderNotFound extends Error {
  override name = 'OrderNotFound'
  readonly statusCode = 404
  readonly expose = true
  readonly headers = { 'Cache-Control': 'no-store' }
  constructor(id: number) {
    super(`No order ${id}`)
  }
}

/** A user's class without `expose`: the status is taken, the message is not shown. */
class QuotaExceeded extends Error {
  override name = 'QuotaExceeded'
  readonly statusCode = 429
  readonly headers = { 'Retry-After': '60', 'X-Tenant': ACCOUNT }
  constructor() {
    super(`Tenant ${ACCOUNT} used its 1000 calls`)
  }
}

// ---------------------------------------------------------------------------------------------------

type Answer = { result: ProxyResult; codes: string[]; loggedStatus: Array<number | undefined> }

/** What `frontDoor` receives when the handler throws `error` — or returns it, with `returned`. */
const answer = async (frontDoor: ProxyDoor, error: unknown, returned: boolean): Promise<Answer> => {
  const logs = capturingLogger()
  const repairs: Repair[] = []
  const handler = middy(async () => {
    if (returned) return error
    throw error
  }).use(proxyResponse({ logger: logs.logger, onRepair: (repair) => repairs.push(repair) }))
  const result = (await handler(eventFor(frontDoor), lambdaContext())) as ProxyResult
  assertValid(result, frontDoor)
  return {
    result,
    codes: repairs.map((repair) => repair.code),
    loggedStatus: logs.entries.map((entry) => entry.statusCode),
  }
}

type Case = {
  name: string
  make: () => Error
  statusCode: number
  reason: string
  /** The message sent, when the error exposes it; the reason phrase otherwise. */
  message?: string
  /** The error's own headers that are kept. */
  headers?: Record<string, string>
}

const CASES: Case[] = [
  {
    name: "axios's AxiosError",
    make: () => new AxiosError(),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  {
    name: "OpenAI's APIError",
    make: () => new OpenAIAuthenticationError(),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  {
    name: "Octokit's RequestError",
    make: () => new OctokitRequestError(),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  { name: "ky's HTTPError", make: () => new KyHTTPError(), statusCode: 500, reason: 'Internal Server Error' },
  {
    name: "got's HTTPError",
    make: () => new GotHTTPError(),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  {
    name: "Stripe's StripeCardError",
    make: () => new StripeCardError(),
    statusCode: 402,
    reason: 'Payment Required',
  },
  {
    name: "the AWS SDK's AccessDeniedException",
    make: () => new AccessDeniedException(),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  {
    name: 'an http-errors 404',
    make: () => createHttpError(404, 'No order 42'),
    statusCode: 404,
    reason: 'Not Found',
    message: 'No order 42',
  },
  {
    name: 'an http-errors 503 with Retry-After',
    make: () => createHttpError(503, `pool of ${HOST} exhausted`, { headers: { 'Retry-After': '120' } }),
    statusCode: 503,
    reason: 'Service Unavailable',
    headers: { 'Retry-After': '120' },
  },
  {
    name: "Middy's createError 404",
    make: () => new MiddyHttpError(404, 'No order 42'),
    statusCode: 404,
    reason: 'Not Found',
    message: 'No order 42',
  },
  {
    name: "Middy's createError 500",
    make: () => new MiddyHttpError(500, `lost connection to ${HOST}`),
    statusCode: 500,
    reason: 'Internal Server Error',
  },
  {
    name: "Middy's createError 422 that does not expose",
    make: () => new MiddyHttpError(422, `schema of ${ORG} rejected it`, { expose: false }),
    statusCode: 422,
    reason: 'Unprocessable Content',
  },
  {
    name: "a user's class with statusCode and expose = true",
    make: () => new OrderNotFound(42),
    statusCode: 404,
    reason: 'Not Found',
    message: 'No order 42',
    headers: { 'Cache-Control': 'no-store' },
  },
  {
    name: "a user's class with statusCode and no expose",
    make: () => new QuotaExceeded(),
    statusCode: 429,
    reason: 'Too Many Requests',
  },
]

const expected = (frontDoor: ProxyDoor, c: Case): ProxyResult =>
  expectedResult(frontDoor, {
    statusCode: c.statusCode,
    reason: c.reason,
    headers: { ...c.headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: c.message ?? c.reason }),
  })

// ---

const thrown = suite('a thrown error of another library')

for (const c of CASES) {
  thrown(`answers ${c.name} with ${c.statusCode}, leaking nothing, on every front door`, async () => {
    for (const frontDoor of DOORS) {
      const error = c.make()
      const { result, loggedStatus } = await answer(frontDoor, error, false)
      assert.equal(result, expected(frontDoor, c), frontDoor)
      assert.equal(noLeak(result, SECRETS), [], frontDoor)
      if (c.message === undefined) assert.equal(noLeak(result, [error.message]), [], frontDoor)
      // The log keeps what the response may not say, for whoever reads the logs.
      assert.equal(loggedStatus, [c.statusCode], frontDoor)
    }
  })
}

thrown('takes no status from status, response.status, response.statusCode or $metadata', async () => {
  const lookalikes = [
    Object.assign(new Error('upstream said 404'), { status: 404 }),
    Object.assign(new Error('upstream said 404'), { response: { status: 404, statusCode: 404 } }),
    Object.assign(new Error('upstream said 403'), { $metadata: { httpStatusCode: 403 } }),
    Object.assign(new Error('upstream said 404'), {
      status: 404,
      expose: true,
      headers: { 'X-Upstream': HOST },
    }),
  ]
  for (const frontDoor of DOORS) {
    for (const error of lookalikes) {
      const { result } = await answer(frontDoor, error, false)
      assert.equal(
        result,
        expected(frontDoor, {
          name: '',
          make: () => error,
          statusCode: 500,
          reason: 'Internal Server Error',
        }),
        `${frontDoor}: ${JSON.stringify(error)}`,
      )
    }
  }
})

thrown(
  'keeps no header of an error whose statusCode is not the status, even one that says expose',
  async () => {
    // A redirect's Location on an error would make an open redirect out of a 500.
    const redirect = Object.assign(new Error(`moved to ${HOST}`), {
      statusCode: 302,
      expose: true,
      headers: { Location: `https://${HOST}/` },
    })
    for (const frontDoor of DOORS) {
      const { result } = await answer(frontDoor, redirect, false)
      assert.equal(
        result,
        expected(frontDoor, {
          name: '',
          make: () => redirect,
          statusCode: 500,
          reason: 'Internal Server Error',
        }),
        frontDoor,
      )
      assert.equal(noLeak(result, [HOST]), [], frontDoor)
    }
  },
)

thrown('re-throws the very error on an event that is not HTTP, so that SQS retries it', async () => {
  const error = new AxiosError()
  const handler = middy(async () => {
    throw error
  }).use(proxyResponse({ logger: false }))
  try {
    await handler(loadEvent('sqs/powertools-ts-two-records.json'), lambdaContext())
    assert.unreachable('an SQS invocation must fail with its error')
  } catch (caught) {
    assert.is(caught, error)
  }
})

thrown.run()

// ---

const returned = suite('a returned error of another library')

for (const c of CASES) {
  returned(`answers ${c.name} as if it were thrown, and reports it, on every front door`, async () => {
    for (const frontDoor of DOORS) {
      const error = c.make()
      const { result, codes } = await answer(frontDoor, error, true)
      assert.equal(result, expected(frontDoor, c), frontDoor)
      assert.equal(codes, ['error-returned'], frontDoor)
      assert.equal(noLeak(result, SECRETS), [], frontDoor)
      if (c.message === undefined) assert.equal(noLeak(result, [error.message]), [], frontDoor)
    }
  })
}

returned.run()
