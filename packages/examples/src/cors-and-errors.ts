// @middy/http-cors and @middy/http-error-handler in one stack with proxyResponse().
//   GET /cors               ->  200 JSON, with CORS headers for an allowed Origin
//   GET /cors?fail=forbidden ->  403 from an http-errors error, CORS headers still there
//   GET /cors?fail=crash     ->  500 from an unexpected error, CORS headers still there, nothing leaked
//
// The order that works: proxyResponse() first, then httpCors(), then httpErrorHandler().
// Middy runs `after` and `onError` in reverse order of use(), so on an error:
//   1. httpErrorHandler() turns the error into a response (its message for a 4xx, a bare 500 otherwise),
//   2. httpCors() adds Access-Control-Allow-Origin to that response,
//   3. proxyResponse() normalizes the result last (here: a 500 without a body gets a JSON message).
// With proxyResponse() anywhere but first, something could still change the result after it has been
// checked, and with httpCors() before httpErrorHandler() error responses would miss their CORS headers.
import middy from '@middy/core'
import httpCors from '@middy/http-cors'
import httpErrorHandler from '@middy/http-error-handler'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import createError from 'http-errors'
import { proxyResponse } from 'middy-proxy-response'

export const allowedOrigins = ['https://app.example.com', 'http://localhost:5173']

export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const fail = event.queryStringParameters?.fail
  if (fail === 'forbidden') throw createError(403, 'You may not read this list')
  if (fail === 'crash') throw new Error('connection to 10.0.0.12:5432 refused')
  return { items: ['tea', 'coffee'] }
})
  .use(proxyResponse())
  .use(httpCors({ origins: allowedOrigins, credentials: true, exposeHeaders: 'X-Request-Id' }))
  // Keep http-error-handler's logger: it replaces a 5xx error with a bare one before proxyResponse()
  // sees it, so its log line is the only one that holds the original error.
  .use(httpErrorHandler())
