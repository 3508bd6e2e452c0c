// Runs `middy-proxy-response check` in the test's own process (run.ts with streams of its own), so
// that each test pays only for the child process a handler runs in; main.ts is run as a process once.
import { spawnSync } from 'node:child_process'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { run } from '../../src/cli/run.js'

/** The folder of this package's tests. */
export const testDir = fileURLToPath(new URL('../', import.meta.url))
export const handlers = fileURLToPath(new URL('../fixtures/handlers/', import.meta.url))
export const logs = fileURLToPath(new URL('../fixtures/logs/', import.meta.url))
export const sampleEvents = fileURLToPath(new URL('../../../../fixtures/events/', import.meta.url))

export type Ran = { code: number; stdout: string; stderr: string }

/** Runs the command with `args`, as from a shell in `cwd`. */
export const check = async (
  args: string[],
  {
    cwd = handlers,
    env = {},
    isTTY = false,
    stdin = '',
  }: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; stdin?: string } = {},
): Promise<Ran> => {
  let stdout = ''
  let stderr = ''
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
    cwd,
  })
  return { code, stdout, stderr }
}

/** The `--json` document, with the shape the issue gives it. */
export type Report = {
  results: Array<{
    source: string
    frontDoor: string
    accepted: boolean
    problems: Array<{ path: string; code: string; message: string; fix: string }>
    withProxyResponse?: { accepted: boolean; result: unknown }
  }>
}

export const parseReport = (stdout: string): Report => JSON.parse(stdout) as Report

/** The command's bin as a process of its own, from its TypeScript source. */
export const spawnCheck = (args: string[], options: { cwd?: string; input?: string } = {}): Ran => {
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@middy-proxy-response/source', main, ...args],
    {
      cwd: options.cwd ?? handlers,
      input: options.input ?? '',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '' },
    },
  )
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
