// Every route `pnpm start` serves, for the list it prints and for the end-to-end test.
// serverless.yml declares the same routes (test/config.test.ts holds the two together).
import { type ApiFunctionName, edgeFunctionNames } from './build.js'

export type Route = {
  method: 'GET' | 'POST'
  /** As in the URL: REST API routes start with the stage, /dev, as a deployed REST API's do. */
  path: string
  api: 'REST API' | 'HTTP API'
  fn: ApiFunctionName
  what: string
  /** Arguments for curl, the URL written as {url}. */
  curl: string
}

export const routes: Route[] = [
  {
    method: 'POST',
    path: '/dev/orders',
    api: 'REST API',
    fn: 'orders',
    what: 'create an order from a JSON body (415 if not JSON, 422 if malformed)',
    curl: `-i -X POST {url} -H 'content-type: application/json' -d '{"item":"tea","quantity":2}'`,
  },
  {
    method: 'GET',
    path: '/dev/orders/{id}',
    api: 'REST API',
    fn: 'orders',
    what: 'read an order (404 if missing)',
    curl: '-i {url}',
  },
  {
    method: 'GET',
    path: '/dev/download',
    api: 'REST API',
    fn: 'download',
    what: 'a PNG made in code, returned as a Buffer',
    curl: `-s {url} -H 'accept: image/png' -o gradient.png`,
  },
  {
    method: 'GET',
    path: '/dev/alb',
    api: 'REST API',
    fn: 'alb-target',
    what:
      "the ALB target example, served through a REST API route: serverless-offline's ALB emulation is " +
      'broken (user-agent ELB-HealthChecker/2.0 gets the health check)',
    curl: `-i {url} -A 'ELB-HealthChecker/2.0'`,
  },
  {
    method: 'GET',
    path: '/dev/failures/{mode}',
    api: 'REST API',
    fn: 'failure-modes',
    what: 'plain-object, number-header, buffer, plain-error, http-error or too-large',
    curl: '-i {url}',
  },
  {
    method: 'GET',
    path: '/dev/control',
    api: 'REST API',
    fn: 'control-without-middleware',
    what: 'CONTROL: no middleware, malformed result: a 502',
    curl: '-i {url}',
  },
  {
    method: 'POST',
    path: '/cookies',
    api: 'HTTP API',
    fn: 'cookies',
    what: 'set three cookies',
    curl: '-i -X POST {url}',
  },
  {
    method: 'GET',
    path: '/cookies',
    api: 'HTTP API',
    fn: 'cookies',
    what: 'read the cookies back',
    curl: `-i {url} -H 'cookie: theme=dark; consent=analytics'`,
  },
  {
    method: 'GET',
    path: '/function-url',
    api: 'HTTP API',
    fn: 'function-url',
    what: 'the function URL example (a web Response), served through the HTTP API: the same payload 2.0',
    curl: `-i '{url}?name=Ada'`,
  },
  {
    method: 'GET',
    path: '/cors',
    api: 'HTTP API',
    fn: 'cors-and-errors',
    what: 'http-cors + http-error-handler (?fail=forbidden or ?fail=crash)',
    curl: `-i '{url}?fail=forbidden' -H 'origin: https://app.example.com'`,
  },
  {
    method: 'GET',
    path: '/big-report',
    api: 'HTTP API',
    fn: 'big-report',
    what: '7.5 MB of JSON, over the 6 MB limit: compressed for a client that accepts it, else a 500',
    curl: '-s --compressed -D - -o report.json {url}',
  },
]

/** A route's URL, with sample values in place of path parameters. */
export const urlOf = (base: string, route: Route): string =>
  base + route.path.replace('{id}', '1').replace('{mode}', 'plain-object')

/**
 * What `pnpm start` prints once the emulator is ready: every route once, with a curl line where the
 * request needs more than its URL, then what the second port is.
 */
export const routeList = (base: string, lambdaBase: string): string => {
  const width = Math.max(...routes.map((route) => urlOf(base, route).length))
  const lines = routes.flatMap((route) => {
    const url = urlOf(base, route)
    const line = `  ${route.method.padEnd(4)} ${url.padEnd(width)}  ${route.api}  ${route.what}`
    return route.curl === '-i {url}' ? [line] : [line, `       curl ${route.curl.replace('{url}', url)}`]
  })
  return (
    `\nmiddy-proxy-response examples: ${routes.length} routes on ${base} (PORT sets the port, 3000 by default)\n\n` +
    `${lines.join('\n')}\n\n` +
    `Also listening: ${lambdaBase}, serverless-offline's Lambda invoke API (for \`aws lambda invoke ` +
    `--endpoint-url ${lambdaBase}\`), not a route. LAMBDA_PORT sets its port, PORT + 2 by default.\n` +
    `Not served: ${edgeFunctionNames.join(', ')}, Lambda@Edge functions (serverless-offline emulates no ` +
    'CloudFront); their tests run them, see packages/examples/README.md.\n' +
    'Press Ctrl+C to stop.\n'
  )
}

/**
 * Whether a line serverless-offline prints while it starts repeats what `routeList` says: its box of
 * routes (each with its Lambda invoke path), its list of function names and its port lines.
 */
export const isOfflineNoise = (line: string): boolean => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes, when colours are forced.
  const text = line.replace(/\u001b\[[0-9;]*m/g, '')
  return (
    text.trim() === '' ||
    /^\s*[┌│└]/.test(text) ||
    /^\s*Function names exposed for local invocation/.test(text) ||
    /^\s+\* [\w-]+: [\w-]+$/.test(text) ||
    /Offline \[http for lambda\] listening on /.test(text) ||
    /Server ready: http/.test(text)
  )
}
