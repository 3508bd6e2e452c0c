// `pnpm start`: bundles the examples, then serves them on 127.0.0.1 behind serverless-offline, the
// API Gateway emulator, and prints every route once. PORT (default 3000) sets the HTTP port; the
// emulator also opens its Lambda invoke API (for `aws lambda invoke --endpoint-url`) on LAMBDA_PORT
// (default PORT + 2). Both listen on 127.0.0.1 only. Stops on Ctrl+C (SIGINT) or SIGTERM.
import { spawn } from 'node:child_process'
import { join, relative } from 'node:path'
import { build, examplesDir, functionNames } from './build.js'
import { isOfflineNoise, routeList } from './routes.js'

const portOf = (name: string, fallback: number): number => {
  const raw = process.env[name]
  const port = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number from 1 to 65535, not ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return port
}

// Local only: nothing here is meant to be reached from another machine.
const host = '127.0.0.1'
const port = portOf('PORT', 3000)
const lambdaPort = portOf('LAMBDA_PORT', port + 2)

const outdir = await build({ quiet: true })
process.stdout.write(
  `Bundled ${functionNames.length} functions into ${relative(process.cwd(), outdir)}/<name>/index.mjs, with source maps\n`,
)

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
      // Logged stacks point at src/<name>.ts, as deployed (serverless-offline runs the handlers in
      // this process's threads, which a function's own NODE_OPTIONS cannot reach).
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
)

let ready = false

/** Passes the emulator's output on line by line, leaving out what the route list says better. */
const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
  let pending = ''
  const line = (text: string) => {
    // serverless-offline logs this (to stderr) once its HTTP server listens.
    if (!ready && /Server ready: http/.test(text)) {
      ready = true
      process.stdout.write(routeList(`http://${host}:${port}`, `http://${host}:${lambdaPort}`))
      return
    }
    if (!ready && isOfflineNoise(text)) return
    out.write(`${text}\n`)
  }
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n')
    pending = lines.pop() ?? ''
    for (const text of lines) line(text)
  })
  stream.on('end', () => {
    if (pending !== '') line(pending)
  })
}
relay(child.stdout, process.stdout)
relay(child.stderr, process.stderr)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal)
  })
}

child.on('exit', (code, signal) => {
  if (!ready) console.error(`serverless offline stopped before it was ready (${signal ?? `exit ${code}`})`)
  process.exit(code ?? 0)
})
