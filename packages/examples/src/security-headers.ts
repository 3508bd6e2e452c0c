// A CloudFront origin-response function (Lambda@Edge) that adds security headers to what the origin
// sends, and removes those that tell an attacker what runs there:
//   any response from the origin  ->  the same response (status, headers, body), plus the headers below
// The headers are written as most code writes them, a plain string per lower-case name; CloudFront
// wants `{ 'strict-transport-security': [{ key, value }] }` and answers a plain string with a 502 ("Each
// header entry in the headers object must be an array"). proxyResponse() sends them in CloudFront's
// shape (and reports the repair, `header-shape-repaired`, once per warm instance). The response carries no `body`: CloudFront does not show the
// origin's body to the function, and a response without one keeps it.
//
// Why origin-response rather than viewer-response: CloudFront caches what an origin-response function
// returns, so it runs once per cache miss instead of once per request, and its limits are the roomier
// ones (30 s, 1 MB). A CloudFront response headers policy sets fixed headers without any code; a
// function is for headers that depend on the response (here, HTML only gets a Content-Security-Policy).
//
// Lambda@Edge is not the usual Lambda: the function is created in us-east-1 and associated by a
// numbered version (template-edge.yaml), it may not have environment variables (so the values below
// are constants in the code, not process.env). And as everywhere on Node.js 24, a handler takes no
// callback: it returns the response, never `callback(null, response)`.
import middy from '@middy/core'
import type { CloudFrontHeaders, CloudFrontResponseEvent } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

/** Sent with every response, replacing the origin's value of the same header. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

/** Sent with HTML only: a policy for a page means nothing on an image or a JSON document. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'"

/** Headers that name the origin's software and version; nothing needs them. */
export const HIDDEN_HEADERS: readonly string[] = ['server', 'x-powered-by']

export const handler = middy(async (event: CloudFrontResponseEvent) => {
  const response = event.Records[0]?.cf.response
  if (response === undefined) throw new TypeError('Not a CloudFront origin-response event')

  // CloudFront's entries, and plain strings that proxyResponse() turns into entries.
  const headers: Record<string, CloudFrontHeaders[string] | string> = {
    ...response.headers,
    ...SECURITY_HEADERS,
  }
  if (response.headers['content-type']?.[0]?.value.startsWith('text/html')) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY
  }
  for (const name of HIDDEN_HEADERS) delete headers[name]
  // Status, statusDescription and the headers not named above stay the origin's; so does the body.
  return { ...response, headers }
}).use(proxyResponse())
