import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { apiFunctionNames, type EdgeFunctionName, edgeFunctionNames, examplesDir } from '../scripts/build.js'
import { isOfflineNoise, routeList, routes, urlOf } from '../scripts/routes.js'

// Quotes made alike: the formatter writes YAML strings with double quotes.
const readYaml = (name: string) => readFileSync(join(examplesDir, name), 'utf8').replaceAll('"', "'")
const serverlessYml = readYaml('serverless.yml')
const templateYaml = readYaml('template.yaml')
const templateEdgeYaml = readYaml('template-edge.yaml')
const packageJson = JSON.parse(readFileSync(join(examplesDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}

const Config = suite('config, serverless.yml, the SAM templates and the route list agree')

Config('serverless.yml serves every bundle but the Lambda@Edge ones, which it cannot emulate', () => {
  for (const name of apiFunctionNames)
    assert.ok(serverlessYml.includes(`handler: dist/${name}/index.handler`), name)
  for (const name of edgeFunctionNames) assert.not.ok(serverlessYml.includes(`dist/${name}/`), name)
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
  for (const name of apiFunctionNames) assert.ok(templateYaml.includes(`CodeUri: dist/${name}\n`), name)
  // Its Globals set environment variables and arm64, which Lambda@Edge refuses: template-edge.yaml.
  for (const name of edgeFunctionNames) assert.not.ok(templateYaml.includes(`dist/${name}`), name)
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

// The trigger each Lambda@Edge example is written for, and its quotas (Lambda@Edge: 128 MB and 5 s on
// viewer triggers, 30 s on origin triggers).
const triggers: Record<EdgeFunctionName, 'viewer-request' | 'origin-response'> = {
  'edge-redirect': 'viewer-request',
  'security-headers': 'origin-response',
}

/** The function resource of template-edge.yaml whose CodeUri is dist/<name>: its name and its lines. */
const edgeResource = (name: EdgeFunctionName): { resource: string; block: string } => {
  const resources = [...templateEdgeYaml.matchAll(/^ {2}(\w+):\n {4}Type: ([\w:]+)\n((?: {4}.*\n|\n)*)/gm)]
  const found = resources.find((match) => match[3]?.includes(`CodeUri: dist/${name}\n`))
  assert.ok(found, `template-edge.yaml deploys dist/${name}`)
  assert.is(found[2], 'AWS::Serverless::Function')
  return { resource: found[1] ?? '', block: found[3] ?? '' }
}

Config('template-edge.yaml associates each Lambda@Edge bundle with its trigger, by numbered version', () => {
  for (const name of edgeFunctionNames) {
    const { resource } = edgeResource(name)
    // `<Name>.Version` is the version AutoPublishAlias publishes: CloudFront takes no $LATEST, no alias.
    assert.match(
      templateEdgeYaml,
      new RegExp(`- EventType: ${triggers[name]}\\n {14}LambdaFunctionARN: !Ref ${resource}\\.Version\\n`),
    )
  }
  assert.match(templateEdgeYaml, /\n {4}AutoPublishAlias: live\n/)
  const associations = templateEdgeYaml.match(/- EventType: /g) ?? []
  assert.is(associations.length, edgeFunctionNames.length)
})

Config('template-edge.yaml gives Lambda@Edge only what it accepts: no environment, x86_64, us-east-1', () => {
  // Its comments say why; its keys must not.
  const keys = templateEdgeYaml.replace(/^\s*#.*\n/gm, '')
  assert.not.match(keys, /Environment:|NODE_OPTIONS|arm64/)
  assert.match(templateEdgeYaml, /\n {4}Runtime: nodejs22\.x\n/)
  assert.match(templateEdgeYaml, /\n {4}Architectures: \[x86_64\]\n/)
  assert.match(templateEdgeYaml, /Service: \[lambda\.amazonaws\.com, edgelambda\.amazonaws\.com\]/)
  assert.match(templateEdgeYaml, /- Assert: !Equals \[!Ref AWS::Region, us-east-1\]/)
  for (const name of edgeFunctionNames) {
    const { block } = edgeResource(name)
    const memory = Number(block.match(/MemorySize: (\d+)/)?.[1])
    const timeout = Number(block.match(/Timeout: (\d+)/)?.[1])
    const viewer = triggers[name].startsWith('viewer')
    assert.ok(memory >= 128 && (!viewer || memory <= 128), `${name}: MemorySize ${memory}`)
    assert.ok(timeout >= 1 && timeout <= (viewer ? 5 : 30), `${name}: Timeout ${timeout}`)
  }
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
  assert.match(printed, /Not served: edge-redirect, security-headers, Lambda@Edge functions/)
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
