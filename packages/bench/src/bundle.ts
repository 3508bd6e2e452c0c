// How the size report (`pnpm size`) and the size budget (`pnpm test`) bundle a handler: one place, so
// that the budget checks the very figure the report prints. See README.md, "The size report".
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

const benchDir = fileURLToPath(new URL('..', import.meta.url))

/** A handler module to bundle: `name` names its files, `label` its row. */
export type Variant = { name: string; label: string; source: string }

export type Bundle = Variant & { path: string; minified: number; gzipped: number; metafile: Metafile }

const jsonSerializer = `{
    serializers: [{ regex: /^application\\/json$/, serializer: ({ body }) => JSON.stringify(body) }],
    defaultContentType: 'application/json',
  }`

/**
 * The same minimal handler with no middleware, Middy's HTTP stack, or `proxyResponse()`, each with its
 * default options. The module builds its handler at import time, as a Lambda module does, so that a
 * cold import includes building the middleware.
 *
 * @example
 * handlerSource('proxy', SUCCEEDS) // "import middy from '@middy/core'\n…use(proxyResponse())\n"
 */
export const handlerSource = (middleware: 'none' | 'middy' | 'proxy', body: string): string => {
  const imports = {
    none: '',
    middy:
      "import httpErrorHandler from '@middy/http-error-handler'\n" +
      "import httpResponseSerializer from '@middy/http-response-serializer'\n",
    proxy: "import { proxyResponse } from 'middy-proxy-response'\n",
  }[middleware]
  const use = {
    none: '',
    middy: `\n  .use(httpErrorHandler())\n  .use(httpResponseSerializer(${jsonSerializer}))`,
    proxy: '.use(proxyResponse())',
  }[middleware]
  return `import middy from '@middy/core'\n${imports}export const handler = middy(${body})${use}\n`
}

/** The handler of the size figures: it returns an object. */
export const SUCCEEDS = 'async () => ({ ok: true })'

/**
 * Bundles a handler module as an application's bundler would (esbuild: bundle, minify, ESM, platform
 * node, target node22; the middleware from its TypeScript source, by the `@middy-proxy-response/source`
 * condition) into `dir`, and measures it: minified bytes and gzip level 9 bytes.
 *
 * @example
 * const { gzipped } = await bundle({ name: 'proxy', label: '+ proxyResponse()', source }, dir)
 */
export const bundle = async (variant: Variant, dir: string): Promise<Bundle> => {
  mkdirSync(dir, { recursive: true })
  const entry = `${dir}${variant.name}.entry.mjs`
  const outfile = `${dir}${variant.name}.bundle.mjs`
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
    conditions: ['@middy-proxy-response/source'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error(`esbuild wrote nothing for ${variant.name}`)
  writeFileSync(outfile, output.contents)
  return {
    ...variant,
    path: outfile,
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  }
}

/** `@middy/core` alone and with `proxyResponse()`: the two bundles whose difference is the default import's cost. */
export const DEFAULT_IMPORT: { core: Variant; proxy: Variant } = {
  core: { name: 'core', label: '@middy/core alone', source: handlerSource('none', SUCCEEDS) },
  proxy: { name: 'proxy', label: '+ proxyResponse()', source: handlerSource('proxy', SUCCEEDS) },
}

/**
 * The gzipped bytes the default import adds to a handler bundle over `@middy/core` alone: what
 * `pnpm size` prints and `size-budget.json` bounds.
 *
 * @example
 * const { added } = await defaultImportCost('.build/budget/')
 */
export const defaultImportCost = async (
  dir: string,
): Promise<{ core: Bundle; proxy: Bundle; added: number }> => {
  const core = await bundle(DEFAULT_IMPORT.core, dir)
  const proxy = await bundle(DEFAULT_IMPORT.proxy, dir)
  return { core, proxy, added: proxy.gzipped - core.gzipped }
}

/** Where the budget lives, from the repository root. */
export const BUDGET_FILE = 'packages/bench/size-budget.json'

/**
 * The budget of the default import, in gzipped bytes added over `@middy/core`: the one number in
 * `packages/bench/size-budget.json`, lowered as the code shrinks.
 *
 * @example
 * if (added > sizeBudget()) process.exitCode = 1
 */
export const sizeBudget = (): number => {
  const file = fileURLToPath(new URL('../size-budget.json', import.meta.url))
  let budget: unknown
  try {
    budget = (JSON.parse(readFileSync(file, 'utf8')) as { defaultImportAddedGzipBytes?: unknown })
      .defaultImportAddedGzipBytes
  } catch (error) {
    throw new Error(`${BUDGET_FILE} cannot be read: ${(error as Error).message}`)
  }
  if (!Number.isInteger(budget) || (budget as number) <= 0) {
    throw new Error(`${BUDGET_FILE}: defaultImportAddedGzipBytes must be a positive integer of bytes`)
  }
  return budget as number
}
