// An Application Load Balancer target, in single- or multi-value header mode.
//   health checks (user-agent ELB-HealthChecker/2.0)  ->  200 "OK", text/plain
//   anything else                                      ->  200 JSON: which mode the request came in
// The ALB wants `statusDescription` ("200 OK") and, when multi-value headers are enabled on the target
// group, `multiValueHeaders` instead of `headers`. The request tells the mode (it carries
// `multiValueHeaders` then), and proxyResponse() answers in the same mode, so this handler never needs
// to know which one the target group uses. In single-value mode only ONE Set-Cookie header gets
// through; proxyResponse() keeps the first cookie and reports the others as dropped (one warning per
// warm instance). Moving headers between the two maps is its job, and is not reported.
import middy from '@middy/core'
import type { ALBEvent } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

// In multi-value mode every header is an array; in single-value mode a string. An ALB sends names in
// lower case; behind API Gateway (as with `pnpm start`) they keep the client's spelling.
const header = (event: ALBEvent, name: string): string | undefined => {
  const find = <T>(map: Record<string, T | undefined> | undefined) =>
    Object.entries(map ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]
  return find(event.multiValueHeaders)?.[0] ?? find(event.headers)
}

export const handler = middy(async (event: ALBEvent) => {
  // Keep the health check cheap and free of dependencies: a failing database should not make the ALB
  // take every target out of service at once.
  if (header(event, 'user-agent')?.startsWith('ELB-HealthChecker/')) return 'OK'
  return {
    statusCode: 200,
    headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' },
    // Two cookies: both are sent in multi-value mode, only the first in single-value mode.
    multiValueHeaders: { 'Set-Cookie': ['visitor=1; Path=/; HttpOnly', 'ab-test=b; Path=/'] },
    body: JSON.stringify({
      mode: event.multiValueHeaders ? 'multi-value' : 'single-value',
      method: event.httpMethod,
      path: event.path,
    }),
  }
}).use(proxyResponse())
