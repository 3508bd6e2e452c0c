import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/cors-and-errors.js'
import { captureLogs, context, fixture } from './helpers.js'

const request = (origin: string | undefined, fail?: string): APIGatewayProxyEventV2 => {
  const event = fixture<APIGatewayProxyEventV2>('apigw-http-v2/serverless-express-get-users')
  return {
    ...event,
    headers: origin === undefined ? event.headers : { ...event.headers, origin },
    ...(fail === undefined ? {} : { queryStringParameters: { fail } }),
  }
}

const invoke = async (event: APIGatewayProxyEventV2) => {
  const { value, logs } = await captureLogs(() => handler(event, context()))
  assert.equal(validateProxyResult(value, 'http-v2'), [])
  return { result: value as Record<string, unknown>, logs }
}

const cors = {
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Origin': 'https://app.example.com',
  Vary: 'Origin',
  'Access-Control-Expose-Headers': 'X-Request-Id',
}

const Cors = suite('cors-and-errors, http-cors and http-error-handler with proxyResponse()')

Cors('a success from an allowed origin gets the CORS headers and a JSON body', async () => {
  const { result } = await invoke(request('https://app.example.com'))
  assert.equal(result, {
    statusCode: 200,
    headers: { ...cors, 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"items":["tea","coffee"]}',
    isBase64Encoded: false,
  })
})

Cors('an origin that is not allowed gets no Access-Control-Allow-Origin', async () => {
  const { result } = await invoke(request('https://evil.example'))
  const headers = result.headers as Record<string, string>
  assert.is(headers['Access-Control-Allow-Origin'], undefined)
  assert.is(result.statusCode, 200)
})

Cors('a 4xx http-errors error: http-error-handler sets it, http-cors adds its headers', async () => {
  const { result } = await invoke(request('https://app.example.com', 'forbidden'))
  assert.equal(result, {
    statusCode: 403,
    headers: { 'Content-Type': 'text/plain', ...cors },
    cookies: [],
    body: 'You may not read this list',
    isBase64Encoded: false,
  })
})

Cors('an unexpected error: a 500 with the CORS headers and a message that leaks nothing', async () => {
  const { result, logs } = await invoke(request('https://app.example.com', 'crash'))
  assert.equal(result, {
    statusCode: 500,
    headers: { ...cors, 'Content-Type': 'application/json' },
    cookies: [],
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
  assert.not.match(JSON.stringify(result), /10\.0\.0\.12/)
  // http-error-handler logs the original error before it replaces it.
  assert.ok(logs.some((log) => log.level === 'error' && log.line.includes('10.0.0.12:5432')))
})

Cors.run()
