// `pnpm size [-- --quick]`: what proxyResponse() adds to a Lambda bundle, next to what Middy's own HTTP
// stack adds, in bytes (minified and gzipped) and in cold import time. See README.md.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { formatInt, formatPercent, formatRatio, median, spread, table, verdict } from './stats.js'

const quick = process.argv.includes('--quick')
// Quick mode (CI) spawns fewer processes but prints every figure.
const importRounds = quick ? 15 : 80

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const buildDir = fileURLToPath(new URL('../.build/size/', import.meta.url))

// The same minimal handler three ways; only the middleware differs. Each bundle builds its handler at
// import time, as a Lambda module does, so the cold import figures include building the middleware.
const handlerBody = 'async () => ({ ok: true })'
const variants = [
  {
    name: 'core',
    label: '@middy/core alone',
    source: `import middy from '@middy/core'
export const handler = middy(${handlerBody})
`,
  },
  {
    name: 'middy-http',
    label: '+ Middy HTTP stack',
    source: `import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import httpResponseSerializer from '@middy/http-response-serializer'
export const handler = middy(${handlerBody})
  .use(httpErrorHandler())
  .use(httpResponseSerializer({
    serializers: [{ regex: /^application\\/json$/, serializer: ({ body }) => JSON.stringify(body) }],
    defaultContentType: 'application/json',
  }))
`,
  },
  {
    name: 'proxy',
    label: '+ proxyResponse()',
    source: `import middy from '@middy/core'
import { proxyResponse } from 'middy-proxy-response'
export const handler = middy(${handlerBody}).use(proxyResponse())
`,
  },
] as const

type VariantName = (typeof variants)[number]['name']

type Bundle = {
  name: VariantName
  label: string
  path: string
  minified: number
  gzipped: number
  metafile: Metafile
}

const bundle = async (variant: (typeof variants)[number]): Promise<Bundle> => {
  const entry = `${buildDir}${variant.name}.entry.mjs`
  const outfile = `${buildDir}${variant.name}.bundle.mjs`
  writeFileSync(entry, variant.source)
  const result = await build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: benchDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // Bundles the TypeScript source of the middleware, as a published build would be bundled.
    conditions: ['@middy-proxy-response/source'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error(`esbuild wrote nothing for ${variant.name}`)
  writeFileSync(outfile, output.contents)
  return {
    name: variant.name,
    label: variant.label,
    path: outfile,
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  }
}

/** Minified bytes each package (or, for the middleware, each source file) puts in a bundle. */
const breakdown = (metafile: Metafile): [string, number][] => {
  const totals = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(
        input.slice(input.lastIndexOf('node_modules/')),
      )
      // Inputs are relative to this package: the middleware's source is ../middleware/src/….
      const key = input.includes('middleware/src/')
        ? `middy-proxy-response ${input.slice(input.indexOf('src/'))}`
        : (pkg?.[1] ?? input)
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput)
    }
  }
  return [...totals].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1])
}

// The child times the import (module evaluation included), then the first invocation of the handler
// with a REST event: work a module defers to its first call (lazy globals such as fetch's Response,
// which Node loads on first access) is cold-start time too. The parent times the whole process.
// An empty module is imported first, so that setting up the ESM loader is not billed to the bundle.
const importTimer = `import { readFileSync } from 'node:fs'
const [bundle, empty, eventFile] = process.argv.slice(2)
const event = JSON.parse(readFileSync(eventFile, 'utf8'))
await import(empty)
let start = performance.now()
const { handler } = await import(bundle)
const importMs = performance.now() - start
start = performance.now()
await handler(event, { awsRequestId: 'cold' })
process.stdout.write(JSON.stringify({ importMs, firstMs: performance.now() - start }))
`
const eventFile = fileURLToPath(
  new URL('../../../fixtures/events/apigw-rest/powertools-ts-no-auth-post.json', import.meta.url),
)

type ImportSamples = { importMs: number[]; firstMs: number[]; processMs: number[] }

const timeImports = (bundles: readonly Bundle[], rounds: number): Map<VariantName, ImportSamples> => {
  const timer = `${buildDir}import-time.mjs`
  const empty = `${buildDir}empty.mjs`
  writeFileSync(timer, importTimer)
  writeFileSync(empty, 'export {}\n')
  // Children get a clean environment: no tsx loader or inspector flags from NODE_OPTIONS.
  const env = { ...process.env, NODE_OPTIONS: '' }
  const samples = new Map<VariantName, ImportSamples>(
    bundles.map((b) => [b.name, { importMs: [], firstMs: [], processMs: [] }]),
  )
  const spawnOnce = (target: Bundle): { importMs: number; firstMs: number; processMs: number } => {
    const start = process.hrtime.bigint()
    const child = spawnSync(process.execPath, [timer, target.path, empty, eventFile], {
      encoding: 'utf8',
      env,
    })
    const processMs = Number(process.hrtime.bigint() - start) / 1e6
    let times: { importMs?: unknown; firstMs?: unknown } = {}
    try {
      times = JSON.parse(child.stdout) as typeof times
    } catch {
      // Reported below with the child's stderr.
    }
    const { importMs, firstMs } = times
    if (child.status !== 0 || typeof importMs !== 'number' || typeof firstMs !== 'number') {
      throw new Error(`importing ${target.name} failed (exit ${child.status}): ${child.stderr}`)
    }
    return { importMs, firstMs, processMs }
  }
  // One unrecorded spawn each, so that the first measured one does not pay for a cold file cache.
  for (const target of bundles) spawnOnce(target)
  for (let round = 0; round < rounds; round++) {
    // Rotating order, so that no bundle always follows the same one.
    for (let i = 0; i < bundles.length; i++) {
      const target = bundles[(round + i) % bundles.length] as Bundle
      const { importMs, firstMs, processMs } = spawnOnce(target)
      const entry = samples.get(target.name) as ImportSamples
      entry.importMs.push(importMs)
      entry.firstMs.push(firstMs)
      entry.processMs.push(processMs)
    }
  }
  return samples
}

const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((value, i) => value / (b[i] as number)))

const main = async (): Promise<void> => {
  const started = Date.now()
  rmSync(buildDir, { recursive: true, force: true })
  mkdirSync(buildDir, { recursive: true })
  const bundles: Bundle[] = []
  for (const variant of variants) bundles.push(await bundle(variant))
  const [core, middyHttp, proxy] = bundles as [Bundle, Bundle, Bundle]

  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(`proxyResponse size report${quick ? ' (quick)' : ''}`)
  console.log(
    `node ${process.version} (${process.platform}-${process.arch}), ${cpu}, ${new Date().toISOString().slice(0, 10)}`,
  )
  console.log('esbuild: bundle, minify, format esm, platform node, target node22; gzip: zlib level 9\n')
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${formatInt(value)}`
  console.log(
    table(
      ['bundle', 'minified B', 'gzipped B', 'adds minified B', 'adds gzipped B'],
      bundles.map((b) => [
        b.label,
        formatInt(b.minified),
        formatInt(b.gzipped),
        b === core ? '' : signed(b.minified - core.minified),
        b === core ? '' : signed(b.gzipped - core.gzipped),
      ]),
    ),
  )
  console.log('\nproxyResponse() bundle by source (minified bytes):')
  for (const [source, bytes] of breakdown(proxy.metafile)) {
    console.log(`  ${formatInt(bytes).padStart(7)}  ${source}`)
  }

  const samples = timeImports(bundles, importRounds)
  const of = (b: Bundle): ImportSamples => samples.get(b.name) as ImportSamples
  console.log(
    `\ncold start: ${importRounds} fresh node processes per bundle, interleaved in rotating order, each importing ` +
      'the bundle then invoking its handler once with a REST event; ' +
      'median ms; ratios = median of per-round ratios to core alone',
  )
  console.log(
    table(
      ['bundle', 'import ms', '±', 'vs core', '1st call ms', 'vs core', 'process ms', 'vs core'],
      bundles.map((b) => [
        b.label,
        median(of(b).importMs).toFixed(2),
        formatPercent(spread(of(b).importMs)),
        formatRatio(pairedRatio(of(b).importMs, of(core).importMs)),
        median(of(b).firstMs).toFixed(2),
        formatRatio(pairedRatio(of(b).firstMs, of(core).firstMs)),
        median(of(b).processMs).toFixed(1),
        formatRatio(pairedRatio(of(b).processMs, of(core).processMs)),
      ]),
    ),
  )
  const importVsMiddy = pairedRatio(of(proxy).importMs, of(middyHttp).importMs)
  const firstVsMiddy = pairedRatio(of(proxy).firstMs, of(middyHttp).firstMs)
  console.log(
    `proxyResponse()/Middy HTTP stack: import time ${formatRatio(importVsMiddy)}, ` +
      `first invocation ${formatRatio(firstVsMiddy)}`,
  )

  const limit = 2.5 * 1024
  const added = proxy.gzipped - core.gzipped
  console.log('\nTargets')
  console.log(
    verdict(
      added <= limit,
      `proxyResponse() adds ${formatInt(added)} B gzipped over @middy/core alone (target ≤ 2.5 KB = ` +
        `${formatInt(limit)} B; Middy HTTP stack adds ${formatInt(middyHttp.gzipped - core.gzipped)} B)`,
    ),
  )
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
}

// A missed target is a figure, not a failure: only a broken harness exits non-zero.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
