// Bundles every example into dist/<name>/index.mjs (with its source map), the files serverless.yml and
// template.yaml point at.
// Run with `pnpm build` in packages/examples; `pnpm start` runs it first.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build as esbuild } from 'esbuild'

export const examplesDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * The functions behind API Gateway, a function URL or an ALB: served by serverless.yml (`pnpm start`)
 * and deployed by template.yaml.
 */
export const apiFunctionNames = [
  'orders',
  'cookies',
  'download',
  'alb-target',
  'function-url',
  'failure-modes',
  'cors-and-errors',
  'big-report',
  'control-without-middleware',
] as const

/**
 * The Lambda@Edge functions, behind CloudFront: deployed by template-edge.yaml (in us-east-1, as
 * Lambda@Edge requires), and not served by `pnpm start`, since serverless-offline emulates no CloudFront.
 */
export const edgeFunctionNames = ['edge-redirect', 'security-headers'] as const

/**
 * One entry per Lambda function: the bundle `dist/<name>/index.mjs` (and its source map,
 * `index.mjs.map`) is made from `src/<name>.ts`.
 */
export const functionNames = [...apiFunctionNames, ...edgeFunctionNames] as const

export type FunctionName = (typeof functionNames)[number]
export type ApiFunctionName = (typeof apiFunctionNames)[number]
export type EdgeFunctionName = (typeof edgeFunctionNames)[number]

export const build = async ({ outdir = join(examplesDir, 'dist'), quiet = false } = {}): Promise<string> => {
  await rm(outdir, { recursive: true, force: true })
  await esbuild({
    entryPoints: functionNames.map((name) => ({
      in: join(examplesDir, 'src', `${name}.ts`),
      out: `${name}/index`,
    })),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    // A linked map, dist/<name>/index.mjs.map, next to the bundle that names it: deployed with it (the
    // whole folder is the function's code), read by Node when NODE_OPTIONS=--enable-source-maps (set in
    // serverless.yml and template.yaml; Lambda@Edge takes no environment variables, so template-edge.yaml
    // cannot set it), so that logged stacks name src/<name>.ts and its lines. Linked
    // rather than inline: an inline map would more than double index.mjs, which every cold start reads
    // and parses. Without sourcesContent: a stack needs file names and lines, not the sources' text.
    sourcemap: 'linked',
    sourcesContent: false,
    // The Lambda Node.js runtimes ship the AWS SDK v3; bundling it would only grow the zip.
    external: ['@aws-sdk/*'],
    // Bundle the middleware from its TypeScript source, so that a fresh clone needs no separate build.
    conditions: ['@middy-proxy-response/source'],
    // http-errors and its dependencies are CommonJS and call require('util'): an ESM bundle has no
    // `require` of its own, so give it one.
    banner: {
      js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    },
    logLevel: quiet ? 'silent' : 'info',
    // One file per function: no chunks shared between bundles, so each dist/<name> folder deploys alone.
    splitting: false,
  })
  return outdir
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build()
}
