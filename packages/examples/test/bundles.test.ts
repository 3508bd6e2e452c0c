import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { events, invoke, lambdaContext, validateProxyResult } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { build, edgeFunctionNames, examplesDir, type FunctionName, functionNames } from '../scripts/build.js'
import { captureLogs } from './helpers.js'

type Handler = (event: unknown, context: unknown) => Promise<unknown>

// One event per function, as the route that serves it sends it (the control has no front door to suit).
const invocations: Record<FunctionName, () => unknown> = {
  orders: () => events.rest({ path: '/orders/1', resource: '/orders/{id}', pathParameters: { id: '1' } }),
  cookies: () => events.httpV2({ path: '/cookies', cookies: { theme: 'dark' } }),
  download: () => events.rest({ path: '/download', headers: { Accept: 'image/png' } }),
  'alb-target': () => events.albMultiValue(),
  'function-url': () => events.functionUrl({ query: { name: 'Ada' } }),
  'failure-modes': () =>
    events.rest({
      path: '/failures/plain-error',
      resource: '/failures/{mode}',
      pathParameters: { mode: 'plain-error' },
    }),
  'cors-and-errors': () => events.httpV2({ path: '/cors', headers: { origin: 'https://app.example.com' } }),
  'big-report': () => events.httpV2({ path: '/big-report', headers: { 'accept-encoding': 'gzip' } }),
  'control-without-middleware': () => events.rest({ path: '/control' }),
  // Lambda@Edge, as template-edge.yaml associates them: an old path to redirect; an origin's HTML page,
  // dated once so that the bundle's answer and the source's can be compared.
  'edge-redirect': () => events.cloudFrontViewerRequest({ path: '/blog/2021/hello' }),
  'security-headers': () =>
    events.cloudFrontOriginResponse({ response: { headers: { date: 'Mon, 13 Jan 2020 20:12:38 GMT' } } }),
}

const load = async (file: string): Promise<Handler> => {
  const module: { handler?: Handler } = await import(file)
  if (typeof module.handler !== 'function') throw new Error(`${file} exports no handler`)
  return module.handler
}

let outdir = ''
let tmp = ''

const Bundles = suite('bundles, the esbuild output that serverless.yml and the SAM templates deploy')

Bundles.before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'examples-bundles-'))
  outdir = await build({ outdir: join(tmp, 'dist'), quiet: true })
})

Bundles.after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

Bundles(
  'the build writes one dist/<name>/index.mjs and its source map per function, nothing else',
  async () => {
    assert.equal((await readdir(outdir)).sort(), [...functionNames].sort())
    for (const name of functionNames) {
      assert.equal((await readdir(join(outdir, name))).sort(), ['index.mjs', 'index.mjs.map'], name)
    }
  },
)

Bundles('each bundle links its source map, which maps it back to src/<name>.ts', async () => {
  for (const name of functionNames) {
    const code = await readFile(join(outdir, name, 'index.mjs'), 'utf8')
    assert.ok(code.endsWith('\n//# sourceMappingURL=index.mjs.map\n'), `${name} links no source map`)
    const map: { version?: number; sources?: string[]; mappings?: string } = JSON.parse(
      await readFile(join(outdir, name, 'index.mjs.map'), 'utf8'),
    )
    assert.is(map.version, 3, name)
    const sources = (map.sources ?? []).map((source) => resolve(outdir, name, source))
    assert.ok(sources.includes(join(examplesDir, 'src', `${name}.ts`)), `${name}: ${sources.join(', ')}`)
    assert.ok((map.mappings ?? '').length > 0, name)
  }
})

Bundles('with --enable-source-maps, as deployed, a logged stack names the source file and line', async () => {
  const source = await readFile(join(examplesDir, 'src', 'failure-modes.ts'), 'utf8')
  const line = source.split('\n').findIndex((text) => text.includes("throw new Error('db password")) + 1
  assert.ok(line > 0)
  const bundle = pathToFileURL(join(outdir, 'failure-modes', 'index.mjs')).href
  const script = `const { handler } = await import(${JSON.stringify(bundle)})
    await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 30000 })`
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', EVENT: JSON.stringify(invocations['failure-modes']()) },
    timeout: 30_000,
  })
  assert.is(run.status, 0, run.stderr)
  // The middleware logs the thrown error with its stack, as one JSON line on stderr.
  assert.match(run.stderr, new RegExp(`src/failure-modes\\.ts:${line}:\\d+`))
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

Bundles('each bundle answers an event exactly as its TypeScript source does', async () => {
  for (const name of functionNames) {
    const bundled = await load(pathToFileURL(join(outdir, name, 'index.mjs')).href)
    const source = await load(`../src/${name}.js`)
    if (name === 'control-without-middleware') {
      const [fromBundle, fromSource] = [
        await bundled(invocations[name](), lambdaContext()),
        await source(invocations[name](), lambdaContext()),
      ]
      assert.equal(fromBundle, fromSource, name)
      assert.ok(validateProxyResult(fromBundle, 'rest').length > 0, 'the control stays malformed')
      continue
    }
    // invoke checks each result against the contract of the event's front door.
    const fromBundle = await captureLogs(() => invoke(bundled, invocations[name]()))
    const fromSource = await captureLogs(() => invoke(source, invocations[name]()))
    assert.equal(fromBundle.value.result, fromSource.value.result, name)
  }
})

Bundles(
  'each Lambda@Edge bundle stays far under the 1 MB of zipped code a viewer trigger may have',
  async () => {
    // Lambda@Edge quotas: 1 MB zipped for viewer triggers (50 MB for origin ones). Unzipped, with its
    // source map, under 900,000 bytes: its zip can only be smaller.
    for (const name of edgeFunctionNames) {
      let bytes = 0
      for (const file of await readdir(join(outdir, name)))
        bytes += (await stat(join(outdir, name, file))).size
      assert.ok(bytes < 900_000, `${name}: ${bytes} bytes`)
    }
  },
)

Bundles('the middleware inside a bundle really normalizes: a thrown error becomes a JSON 500', async () => {
  const bundled = await load(pathToFileURL(join(outdir, 'failure-modes', 'index.mjs')).href)
  const { value: res } = await captureLogs(() => invoke(bundled, invocations['failure-modes']()))
  assert.equal(res.result, {
    statusCode: 500,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    body: '{"message":"Internal Server Error"}',
    isBase64Encoded: false,
  })
})

Bundles.run()
