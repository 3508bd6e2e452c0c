import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type FrontDoor, validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { build, type FunctionName, functionNames } from '../scripts/build.js'
import { captureLogs, context, fixture } from './helpers.js'

type Handler = (event: unknown, context: unknown) => Promise<unknown>

// One published event per function, and the front door its result must suit (none for the control).
const invocations: Record<FunctionName, { event: () => unknown; frontDoor?: FrontDoor }> = {
  orders: {
    event: () => ({
      ...fixture('apigw-rest/aws-lambda-developer-guide-get-root'),
      resource: '/orders/{id}',
      path: '/orders/1',
      pathParameters: { id: '1' },
    }),
    frontDoor: 'rest',
  },
  cookies: {
    event: () => fixture('apigw-http-v2/aws-lambda-dotnet-proxy-route-cookies'),
    frontDoor: 'http-v2',
  },
  download: { event: () => fixture('apigw-rest/aws-lambda-developer-guide-get-root'), frontDoor: 'rest' },
  'alb-target': { event: () => fixture('alb/multi-value-aws-lambda-go'), frontDoor: 'alb-multi-value' },
  'function-url': {
    event: () => fixture('function-url/powertools-ts-get-browser'),
    frontDoor: 'function-url',
  },
  'failure-modes': {
    event: () => ({
      ...fixture('apigw-rest/powertools-ts-no-auth-post'),
      pathParameters: { mode: 'plain-error' },
    }),
    frontDoor: 'rest',
  },
  'cors-and-errors': {
    event: () => {
      const event = fixture<{ headers: Record<string, string> }>('apigw-http-v2/serverless-express-get-users')
      return { ...event, headers: { ...event.headers, origin: 'https://app.example.com' } }
    },
    frontDoor: 'http-v2',
  },
  'control-without-middleware': { event: () => fixture('apigw-rest/aws-lambda-developer-guide-get-root') },
}

let outdir = ''
let tmp = ''

const Bundles = suite('bundles, the esbuild output that serverless.yml and template.yaml deploy')

Bundles.before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'examples-bundles-'))
  outdir = await build({ outdir: join(tmp, 'dist'), quiet: true })
})

Bundles.after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

Bundles('the build writes one dist/<name>/index.mjs per function and nothing else', async () => {
  assert.equal((await readdir(outdir)).sort(), [...functionNames].sort())
  for (const name of functionNames) assert.equal(await readdir(join(outdir, name)), ['index.mjs'])
})

Bundles('each bundle is minified and imports nothing but Node.js built-ins', async () => {
  for (const name of functionNames) {
    const code = await readFile(join(outdir, name, 'index.mjs'), 'utf8')
    const specifiers = [
      ...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g),
    ].map((match) => match[1] ?? '')
    const foreign = specifiers.filter((specifier) => !isBuiltin(specifier))
    assert.equal(foreign, [], `${name} imports ${foreign.join(', ')}`)
    // Minified: a few long lines (an unminified bundle has thousands).
    assert.ok(code.split('\n').length < 100, `${name} is not minified`)
  }
})

Bundles('each bundle answers a published event exactly as its TypeScript source does', async () => {
  for (const name of functionNames) {
    const { event, frontDoor } = invocations[name]
    const bundled = (await import(pathToFileURL(join(outdir, name, 'index.mjs')).href)) as Record<
      string,
      Handler
    >
    const source = (await import(`../src/${name}.js`)) as Record<string, Handler>
    const fromBundle = await captureLogs(() => (bundled.handler as Handler)(event(), context()))
    const fromSource = await captureLogs(() => (source.handler as Handler)(event(), context()))
    assert.equal(fromBundle.value, fromSource.value, name)
    if (frontDoor) assert.equal(validateProxyResult(fromBundle.value, frontDoor), [], name)
    else assert.ok(validateProxyResult(fromBundle.value, 'rest').length > 0, 'the control stays malformed')
  }
})

Bundles('the middleware inside a bundle really normalizes: a thrown error becomes a JSON 500', async () => {
  const bundled = (await import(pathToFileURL(join(outdir, 'failure-modes', 'index.mjs')).href)) as Record<
    string,
    Handler
  >
  const { value } = await captureLogs(() =>
    (bundled.handler as Handler)(invocations['failure-modes'].event(), context()),
  )
  assert.equal(value, {
    statusCode: 500,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

Bundles.run()
