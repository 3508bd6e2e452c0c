// A CloudFront viewer-request function (Lambda@Edge) that redirects at the edge, before the cache:
//   Host www.example.com                     ->  301 to https://example.com, same path and query
//   GET /blog/…  (a path in MOVED)           ->  301 to its new path, same query
//   anything else                            ->  the request, sent on to the cache and the origin
// The redirect is written as for API Gateway, `{ statusCode: 301, headers: { location } }`; CloudFront
// wants `{ status: '301', headers: { location: [{ key, value }] } }` and answers anything else with a
// 502. proxyResponse() sends the redirect in CloudFront's shape, and a request returned as it came
// passes through untouched.
//
// Lambda@Edge is not the usual Lambda: the function is created in us-east-1 and associated by a
// numbered version (template-edge.yaml), it may not have environment variables (so the settings below
// are constants in the code, not process.env). And as everywhere on Node.js 24, a handler takes no
// callback: the request goes on by being returned, `return request`, never `callback(null, request)`.
import middy from '@middy/core'
import type { CloudFrontRequestEvent } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

/**
 * Old paths and where they moved, each a prefix of whole segments, written decoded:
 * `/blog/2021/hello` → `/articles/2021/hello`, `/%C3%BCber-uns` → `/about`, `/blogger` stays.
 */
export const MOVED: Readonly<Record<string, string>> = {
  '/blog': '/articles',
  '/über-uns': '/about',
}

// Browsers keep a 301 in their cache for as long as this says; CloudFront caches no response generated
// by a viewer-request function, so the function runs (and is billed) for every request it redirects.
const REDIRECT_CACHE_CONTROL = 'public, max-age=3600'

/** The new path of a moved one, the rest of it as the viewer sent it; undefined when it has not moved. */
const movedTo = (uri: string): string | undefined => {
  const segments = uri.split('/')
  for (const [from, to] of Object.entries(MOVED)) {
    const prefix = from.split('/')
    // A browser sends `/über-uns` as `/%C3%BCber-uns`: compare decoded. decodeURIComponent throws a
    // URIError on a malformed escape (`/%E0%A4%A`); proxyResponse() answers that, as any error thrown
    // here, with a 500 generated at the edge whose body names no message (the error goes to the log),
    // where CloudFront would answer the failed invocation with its own 503 ("function execution
    // error"). (Throw an http-errors 400 instead to tell the viewer what was wrong.)
    const matches = prefix.every((part, i) => {
      const segment = segments[i]
      return segment !== undefined && decodeURIComponent(segment) === part
    })
    if (matches) return [encodeURI(to), ...segments.slice(prefix.length)].join('/')
  }
  return undefined
}

const withQuery = (path: string, querystring: string): string =>
  querystring === '' ? path : `${path}?${querystring}`

export const handler = middy(async (event: CloudFrontRequestEvent) => {
  const request = event.Records[0]?.cf.request
  if (request === undefined) throw new TypeError('Not a CloudFront viewer-request event')

  // The viewer's Host, as it sent it: one of the distribution's alternate domain names.
  const host = request.headers.host?.[0]?.value.toLowerCase() ?? ''
  if (host.startsWith('www.')) {
    return {
      statusCode: 301,
      headers: {
        location: `https://${host.slice('www.'.length)}${withQuery(request.uri, request.querystring)}`,
        'cache-control': REDIRECT_CACHE_CONTROL,
      },
    }
  }

  const moved = movedTo(request.uri)
  if (moved !== undefined) {
    return {
      statusCode: 301,
      // A relative Location: browsers resolve it against the URL they asked for, host included.
      headers: { location: withQuery(moved, request.querystring), 'cache-control': REDIRECT_CACHE_CONTROL },
    }
  }

  // Not a redirect: the request goes on to the cache and the origin, as it came.
  return request
}).use(proxyResponse())
