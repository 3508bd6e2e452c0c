// A Lambda function URL that answers with a web `Response`, as in fetch-style frameworks.
//   GET /?name=Ada  ->  200 JSON greeting, a custom header and two cookies
// proxyResponse() turns the Response into the function URL's result: its status, its headers, its
// Set-Cookie headers into `cookies` (function URLs ignore a `set-cookie` header), and its body as text
// (or base64 for a binary content type).
import middy from '@middy/core'
import type { LambdaFunctionURLEvent } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

export const handler = middy(async (event: LambdaFunctionURLEvent): Promise<Response> => {
  const name = event.queryStringParameters?.name ?? 'world'
  const headers = new Headers({ 'X-Powered-By': 'middy-proxy-response' })
  // Headers.append keeps each Set-Cookie apart: headers.getSetCookie() returns both.
  headers.append('Set-Cookie', 'greeted=yes; Path=/; HttpOnly')
  headers.append('Set-Cookie', `name=${encodeURIComponent(name)}; Path=/; Max-Age=600`)
  // Response.json sets content-type: application/json.
  return Response.json({ greeting: `Hello, ${name}!` }, { status: 200, headers })
}).use(proxyResponse())
