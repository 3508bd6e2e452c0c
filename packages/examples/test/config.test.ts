import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { examplesDir, functionNames } from '../scripts/build.js'
import { isOfflineNoise, routeList, routes, urlOf } from '../scripts/routes.js'

// Quotes made alike: the formatter writes YAML strings with double quotes.
const readYaml = (name: string) => readFileSync(join(examplesDir, name), 'utf8').replaceAll('"', "'")
const serverlessYml = readYaml('serverless.yml')
const templateYaml = readYaml('template.yaml')
const packageJson = JSON.parse(readFileSync(join(examplesDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}

const Config = suite('config, serverless.yml, template.yaml and the route list agree')

Config('serverless.yml serves every bundle', () => {
  for (const name of functionNames)
    assert.ok(serverlessYml.includes(`handler: dist/${name}/index.handler`), name)
})

Config('serverless.yml declares every route that pnpm start prints, REST routes under the /dev stage', () => {
  for (const route of routes) {
    const rest = route.api === 'REST API'
    const path = rest ? route.path.replace(/^\/dev/, '') : route.path
    const quoted = path.includes('{') ? `'${path}'` : path
    const line = `- ${rest ? 'http' : 'httpApi'}: { method: ${route.method.toLowerCase()}, path: ${quoted} }`
    assert.ok(serverlessYml.includes(line), line)
    if (rest) assert.ok(route.path.startsWith('/dev/'), route.path)
  }
  const declared = serverlessYml.match(/- (http|httpApi): \{/g) ?? []
  assert.is(declared.length, routes.length)
})

Config('serverless.yml loads the cookie plugin before serverless-offline', () => {
  assert.match(
    serverlessYml,
    /plugins:\n(?:\s+#.*\n)*\s+- \.\/offline\/set-cookie-attributes\.cjs\n\s+- serverless-offline\n/,
  )
})

Config('template.yaml deploys every bundle on Node.js 22, with binary media types on the REST API', () => {
  for (const name of functionNames) assert.ok(templateYaml.includes(`CodeUri: dist/${name}\n`), name)
  assert.match(templateYaml, /Runtime: nodejs22\.x/)
  assert.match(templateYaml, /BinaryMediaTypes: \['\*~1\*'\]/)
  assert.match(templateYaml, /FunctionUrlConfig:\n\s+AuthType: NONE/)
  assert.match(templateYaml, /Key: lambda\.multi_value_headers\.enabled/)
})

Config('both runtimes read the source maps of the bundles: NODE_OPTIONS=--enable-source-maps', () => {
  assert.match(
    serverlessYml,
    /\nprovider:\n(?: {2}.*\n)*? {2}environment:\n(?: {4}#.*\n)* {4}NODE_OPTIONS: --enable-source-maps\n/,
  )
  assert.match(
    templateYaml,
    /\nGlobals:\n {2}Function:\n(?: {4}.*\n)*? {4}Environment:\n {6}Variables:\n(?: {8}#.*\n)* {8}NODE_OPTIONS: --enable-source-maps\n/,
  )
})

Config('pnpm start prints each route once, labels the stand-ins, and says what its second port is', () => {
  const printed = routeList('http://127.0.0.1:3000', 'http://127.0.0.1:3002')
  for (const route of routes) {
    const lines = printed
      .split('\n')
      .filter((line) =>
        line.startsWith(`  ${route.method.padEnd(4)} ${urlOf('http://127.0.0.1:3000', route)} `),
      )
    assert.is(lines.length, 1, `${route.method} ${route.path}`)
  }
  assert.match(
    printed,
    /\/dev\/alb .*served through a REST API route: serverless-offline's ALB emulation is broken/,
  )
  assert.match(printed, /\/function-url .*served through the HTTP API/)
  assert.match(printed, /http:\/\/127\.0\.0\.1:3002, serverless-offline's Lambda invoke API/)
  assert.match(printed, /LAMBDA_PORT sets its port, PORT \+ 2 by default/)
  assert.match(printed, /Press Ctrl\+C to stop\.\n$/)
})

Config("pnpm start leaves out serverless-offline's own list of routes and functions", () => {
  // What serverless-offline 13 prints while it starts, before "Server ready".
  const noise = [
    '',
    'Offline [http for lambda] listening on http://127.0.0.1:3002',
    'Function names exposed for local invocation by aws-sdk:',
    '   * orders: middy-proxy-response-examples-dev-orders',
    '┌──────────────────────────────────────────┐',
    '│   POST | http://127.0.0.1:3000/dev/orders  │',
    '│   http://127.0.0.1:3000/2015-03-31/functions/function-url/invocations        │',
    '└──────────────────────────────────────────┘',
    '\u001b[33m\u001b[2m│\u001b[22m\u001b[39m   GET  | http://127.0.0.1:3000/cookies',
    'Server ready: http://127.0.0.1:3000 🚀',
  ]
  for (const line of noise) assert.ok(isOfflineNoise(line), line)
  for (const line of [
    'Starting Offline at stage dev (us-east-1)',
    'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
    '✖ Unexpected error while starting serverless-offline',
  ]) {
    assert.not.ok(isOfflineNoise(line), line)
  }
})

Config('the package scripts build and start from scripts/', () => {
  assert.is(packageJson.scripts.build, 'node --import tsx scripts/build.ts')
  assert.is(packageJson.scripts.start, 'node --import tsx scripts/start.ts')
})

Config.run()
