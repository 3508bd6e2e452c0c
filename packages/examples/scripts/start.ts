// `pnpm start`: bundles the examples, then serves them on 127.0.0.1 behind serverless-offline, the
// API Gateway emulator, and prints every route. PORT (default 3000) sets the port; the emulator's Lambda
// invoke API takes LAMBDA_PORT (default PORT + 2). Stops on Ctrl+C (SIGINT) or SIGTERM.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { build, examplesDir } from './build.js'
import { routes, urlOf } from './routes.js'

const portOf = (name: string, fallback: number): number => {
  const raw = process.env[name]
  const port = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number from 1 to 65535, not ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return port
}

const host = process.env.HOST || '127.0.0.1'
const port = portOf('PORT', 3000)
const lambdaPort = portOf('LAMBDA_PORT', port + 2)

await build()

const serverless = join(examplesDir, 'node_modules/serverless/bin/serverless.js')
const child = spawn(
  process.execPath,
  [
    serverless,
    'offline',
    'start',
    '--host',
    host,
    '--httpPort',
    String(port),
    '--lambdaPort',
    String(lambdaPort),
  ],
  {
    cwd: examplesDir,
    env: {
      ...process.env,
      // No account, no network: no telemetry, no update notices, no deprecation banners.
      SLS_TELEMETRY_DISABLED: '1',
      SLS_TRACKING_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      // Only the handlers' code reads these; nothing here calls AWS.
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
)

const base = `http://${host}:${port}`
const printRoutes = () => {
  const width = Math.max(...routes.map((route) => urlOf(base, route).length))
  const lines = routes.map(
    (route) => `  ${route.method.padEnd(4)} ${urlOf(base, route).padEnd(width)}  ${route.api}  ${route.what}`,
  )
  const curls = routes.map((route) => `  curl ${route.curl.replace('{url}', urlOf(base, route))}`)
  process.stdout.write(
    `\nmiddy-proxy-response examples: ${routes.length} routes on ${base}\n\n${lines.join('\n')}\n\n` +
      `Try:\n${curls.join('\n')}\n\nPress Ctrl+C to stop.\n\n`,
  )
}

let ready = false
let pending = ''
const watch = (chunk: Buffer) => {
  if (ready) return
  pending += chunk.toString('utf8')
  // serverless-offline logs this (to stderr) once its HTTP server listens.
  if (/Server ready: http/.test(pending)) {
    ready = true
    pending = ''
    printRoutes()
  }
}
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk)
  watch(chunk)
})
child.stderr.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk)
  watch(chunk)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal)
  })
}

child.on('exit', (code, signal) => {
  if (!ready) console.error(`serverless offline stopped before it was ready (${signal ?? `exit ${code}`})`)
  process.exit(code ?? 0)
})
