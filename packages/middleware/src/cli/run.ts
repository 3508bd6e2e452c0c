// `middy-proxy-response check`: tells whether each front door accepts a Lambda result, why not and how
// to fix it, from a result, a log excerpt or the handler itself.
import { readFileSync, statSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FRONT_DOORS } from '../index.js'
import { detectFrontDoor, event } from '../testing/index.js'
import type { FrontDoor } from '../types.js'
import { extract, type Finding } from './extract.js'
import { runHandler } from './handler.js'
import { jsonReport, painter, textReport, wantsColor } from './output.js'
import { CLOUDFRONT, cloudFrontDoors, doorsOfShape, isCloudFront, proxyDoors, shapeOf } from './shape.js'
import { commandProblem, judge, judgeRun, throughProxyResponse, type Verdict } from './verdict.js'

/** Where the command reads and writes: the process's own streams, or a test's. */
export type Io = {
  stdout: { write: (text: string) => unknown; isTTY?: boolean | undefined }
  stderr: { write: (text: string) => unknown }
  stdin: AsyncIterable<Buffer | string>
  env: NodeJS.ProcessEnv
  cwd: string
}

/** Items joined with commas, in lines of at most 104 characters that start with `indent`. */
const wrap = (items: readonly string[], indent: string): string => {
  const lines: string[] = []
  let line = indent
  for (const [i, item] of items.entries()) {
    const word = i < items.length - 1 ? `${item},` : item
    if (line.length + word.length + 1 > 104 && line !== indent) {
      lines.push(line)
      line = indent
    }
    line += line === indent ? word : ` ${word}`
  }
  return [...lines, line].join('\n')
}

export const USAGE = `Usage: middy-proxy-response check <FILE | -> [options]

Tells whether each front door (API Gateway REST and HTTP APIs, Lambda function URLs, Application Load
Balancers, VPC Lattice, WebSocket APIs, CloudFront's Lambda@Edge triggers) accepts what a Lambda
function returns, why not, and how to fix it.

FILE is either
  a result or a log excerpt (.json, .txt, .log, any other file, or - for standard input): the result as
    the handler returned it (the output file of aws lambda invoke), an API Gateway REST execution log, a
    Lambda function's log that prints its response, an HTTP API access log with
    $context.integrationErrorMessage, or CloudFront's log of the Lambda@Edge results it refused
    (/aws/cloudfront/LambdaEdge/<DistributionId>). Every response found is judged on the front door
    its log names, else on the front doors of its shape (one with statusCode on the ${proxyDoors().length} that take a
    proxy result, one with status or { key, value } headers on the ${cloudFrontDoors().length} CloudFront triggers), else
    on every front door.
  a handler module (.js, .mjs, .cjs; .ts, .mts, .cts where Node can load TypeScript), with #name to pick
    the export (default: handler). It is invoked with a sample event of each front door, or with each
    --event file, and, when it is not wrapped in proxyResponse(), wrapped in it as well.

Options
  --front-door NAME   judge for this front door only (repeatable): one of
${wrap([...FRONT_DOORS, `or ${CLOUDFRONT} for the ${cloudFrontDoors().length} CloudFront triggers at once`], '                      ')}
  --event FILE        invoke the handler with this event (repeatable); its front door is detected
  --timeout SECONDS   how long one invocation may take (default: 3, Lambda's default timeout)
  --json              print one JSON document: { "results": [...] }
  --no-color          no colours (NO_COLOR does the same; colours are used on a terminal only)
  -h, --help          print this help
  -v, --version       print the version

Exit status: 0 when every front door accepts the result; 1 when one refuses it (it answers 502, 500 or
503 instead of the response); 2 on a usage error, or a file that cannot be read or loaded.
`

const MODULE = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'])
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts'])

/** A failure that ends the command with exit status 2 and one clear message. */
class Stop extends Error {
  constructor(
    message: string,
    readonly usage = false,
  ) {
    super(message)
  }
}

type Options = {
  file: string
  frontDoors: FrontDoor[] | undefined
  events: string[]
  timeoutMs: number
  json: boolean
  noColor: boolean
}

const version = (): string => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return manifest.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

const OPTIONS = {
  'front-door': { type: 'string', multiple: true },
  event: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

const parse = (argv: string[]): Options | 'help' | 'version' => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new Stop(error instanceof Error ? error.message : String(error), true)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (values.version) return 'version'
  const [command, file, ...more] = positionals
  if (command === undefined) throw new Stop('no command: the command is check', true)
  if (command !== 'check') throw new Stop(`unknown command "${command}": the command is check`, true)
  if (file === undefined)
    throw new Stop('check needs a FILE: a result, a log excerpt, a handler module, or -', true)
  if (more.length > 0) throw new Stop(`check takes one FILE, and was given ${more.length + 1}`, true)
  const named = values['front-door']
  const doors = named?.flatMap((door) => (door === CLOUDFRONT ? cloudFrontDoors() : [door]))
  for (const door of doors ?? []) {
    if (!(FRONT_DOORS as readonly string[]).includes(door)) {
      throw new Stop(
        `unknown front door "${door}": one of ${FRONT_DOORS.join(', ')}, or ${CLOUDFRONT} for the CloudFront triggers`,
        true,
      )
    }
  }
  let timeoutMs = 3000
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout)
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new Stop(`--timeout takes a number of seconds above 0, not "${values.timeout}"`, true)
    }
    timeoutMs = Math.round(seconds * 1000)
  }
  return {
    file,
    frontDoors: doors === undefined ? undefined : ([...new Set(doors)] as FrontDoor[]),
    events: values.event ?? [],
    timeoutMs,
    json: values.json === true,
    noColor: values['no-color'] === true,
  }
}

const reason = (error: unknown): string => {
  const code = (error as { code?: unknown })?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

const readText = async (file: string, io: Io): Promise<string> => {
  if (file === '-') {
    const chunks: Buffer[] = []
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return Buffer.concat(chunks).toString('utf8')
  }
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8')
  } catch (error) {
    throw new Stop(`cannot read ${file}: ${reason(error)}`)
  }
}

// ---------------------------------------------------------------------------------------------------
// A result or a log

/** Why a bare result was judged on the front doors it was, by what its shape tells. */
const shapeNote = (shape: string): string => {
  switch (shape) {
    case 'proxy':
      return `a result with statusCode is judged on the ${proxyDoors().length} front doors that take that shape, not on CloudFront's triggers; --front-door names others`
    case 'cloudfront':
      return `a result in CloudFront's shape (status, { key, value } headers, or a request) is judged on CloudFront's ${cloudFrontDoors().length} Lambda@Edge triggers; --front-door names the one it is for`
    case 'trigger':
      return "CloudFront's log does not say which trigger ran the function: its reason is shown for each; --front-door names the one (cloudfront-origin-response, say)"
    default:
      return 'a result of neither shape (no statusCode, no status) is judged on every front door'
  }
}

const fromFinding = async (finding: Finding, frontDoor: FrontDoor, source: string): Promise<Verdict> => {
  const notes: string[] = []
  // The event the function logged, when it is this front door's: the result is judged against it.
  const logged = 'event' in finding && finding.frontDoor === frontDoor ? finding.event : undefined
  switch (finding.kind) {
    case 'result': {
      if (finding.logged && finding.logged.length > 0)
        notes.push(`API Gateway logged: ${finding.logged.join('; ')}`)
      const repaired = await throughProxyResponse(frontDoor, { value: finding.value }, logged)
      return {
        source,
        frontDoor,
        ...judge(finding.value, frontDoor, logged),
        withProxyResponse: { ...judge(repaired.result, frontDoor, repaired.event), result: repaired.result },
        notes,
      }
    }
    case 'function-error': {
      if (finding.logged && finding.logged.length > 0)
        notes.push(`API Gateway logged: ${finding.logged.join('; ')}`)
      const { errorType, errorMessage } = finding.value
      const error = Object.assign(new Error(String(errorMessage ?? '')), {
        name: typeof errorType === 'string' ? errorType : 'Error',
      })
      const answered = await throughProxyResponse(frontDoor, { error }, logged)
      return {
        source,
        frontDoor,
        accepted: false,
        problems: [commandProblem('function-error', frontDoor, finding.value)],
        withProxyResponse: { ...judge(answered.result, frontDoor, answered.event), result: answered.result },
        notes,
      }
    }
    case 'timeout':
      return {
        source,
        frontDoor,
        accepted: false,
        problems: [commandProblem('handler-timeout', frontDoor, finding.seconds * 1000)],
        notes: ['proxyResponse() cannot answer for a handler that does not settle'],
      }
    case 'integration-error':
      if (finding.status !== undefined) notes.push(`The HTTP API answered ${finding.status}.`)
      return {
        source,
        frontDoor,
        accepted: false,
        problems: [commandProblem('integration-error', frontDoor, finding.message)],
        notes,
      }
    case 'validation-error':
      return {
        source,
        frontDoor,
        accepted: false,
        problems: [commandProblem('cloudfront-validation-error', frontDoor, finding.message)],
        notes,
      }
    case 'truncated':
      throw new Error('a truncated entry has no verdict')
  }
}

const checkResult = async (
  options: Options,
  io: Io,
): Promise<{ title: string; verdicts: Verdict[]; notes: string[] }> => {
  const text = await readText(options.file, io)
  const label = options.file === '-' ? 'standard input' : options.file
  if (text.trim() === '') {
    throw new Stop(
      `${label} is empty: there is no result to check. Give the result as the handler returned it ` +
        '(aws lambda invoke --function-name NAME --payload file://event.json out.json), or a log excerpt that holds it.',
    )
  }
  const { findings, accessLogOk, hint, whole } = extract(text)
  const notes: string[] = []
  for (const finding of findings) {
    if (finding.kind === 'truncated') notes.push(`${label}:${finding.line}: ${finding.why}`)
  }
  const judged = findings.filter((finding) => finding.kind !== 'truncated')
  if (accessLogOk > 0) {
    notes.push(
      `${accessLogOk} access log entr${accessLogOk === 1 ? 'y has' : 'ies have'} no integration error: the HTTP API took those responses`,
    )
  }
  if (judged.length === 0 && accessLogOk === 0) {
    throw new Stop(
      hint === undefined
        ? `${label} holds no response: it is not JSON, and no line of it is an API Gateway execution log entry ` +
            "(Endpoint response body before transformations: …), a Lambda function's log line that prints an " +
            'object with a statusCode (or a Lambda@Edge result, with a status), an HTTP API access log entry ' +
            "with integrationErrorMessage, or CloudFront's reason for refusing a Lambda@Edge result " +
            '(Validation error: …).' +
            (notes.length > 0 ? ` ${notes.join('; ')}` : '')
        : `${label} holds no response: ${hint}.`,
    )
  }
  const verdicts: Verdict[] = []
  const shapes = new Set<string>()
  for (const finding of judged) {
    const source = whole ? label : `${label}:${finding.line}`
    const told = 'frontDoor' in finding ? finding.frontDoor : undefined
    let doors: readonly FrontDoor[]
    if (finding.kind === 'integration-error') {
      doors = [options.frontDoors?.find((door) => door.startsWith('http-')) ?? finding.frontDoor]
    } else if (finding.kind === 'validation-error') {
      // CloudFront's log names no trigger: each one named, or each of the four.
      const named = options.frontDoors?.filter(isCloudFront) ?? []
      doors = named.length > 0 ? named : told ? [told] : cloudFrontDoors()
      if (named.length === 0 && told === undefined) shapes.add('trigger')
    } else if (options.frontDoors ?? told) {
      doors = options.frontDoors ?? [told as FrontDoor]
    } else if (finding.kind === 'result') {
      doors = doorsOfShape(finding.value)
      shapes.add(shapeOf(finding.value) ?? 'neither')
    } else doors = FRONT_DOORS
    for (const frontDoor of doors) verdicts.push(await fromFinding(finding, frontDoor, source))
  }
  notes.push(...[...shapes].map(shapeNote))
  // CloudFront's reasons are told apart: they hold no response, only why CloudFront refused one.
  const refusals = judged.filter((finding) => finding.kind === 'validation-error').length
  const responses = judged.length - refusals
  const found = [
    ...(responses > 0 || refusals === 0 ? [`${responses} response${responses === 1 ? '' : 's'}`] : []),
    ...(refusals > 0 ? [`${refusals} CloudFront refusal${refusals === 1 ? '' : 's'}`] : []),
  ]
  return {
    title: `middy-proxy-response check ${label}: ${found.join(' and ')} found`,
    verdicts,
    notes,
  }
}

// ---------------------------------------------------------------------------------------------------
// A handler

/** How the child process can load TypeScript, or undefined when this Node cannot. */
const typeScriptLoader = (env: NodeJS.ProcessEnv): string[] | undefined => {
  const features = process.features as { typescript?: unknown }
  if (features.typescript === 'strip' || features.typescript === 'transform') return []
  // A loader given to this process (--import tsx) or in NODE_OPTIONS reaches the child too.
  const options = [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)]
  if (options.some((option) => /^(--import|--loader|--experimental-loader|--require|-r)\b/.test(option)))
    return []
  if (process.allowedNodeEnvironmentFlags.has('--experimental-strip-types')) {
    return ['--experimental-strip-types', '--disable-warning=ExperimentalWarning']
  }
  return undefined
}

const checkHandler = async (
  options: Options,
  io: Io,
): Promise<{ title: string; verdicts: Verdict[]; notes: string[] }> => {
  let path = resolve(io.cwd, options.file)
  let name = 'handler'
  let shown = options.file
  const hash = options.file.lastIndexOf('#')
  const exists = (file: string): boolean => {
    try {
      return statSync(file).isFile()
    } catch {
      return false
    }
  }
  if (hash > 0 && !exists(path)) {
    name = options.file.slice(hash + 1)
    shown = options.file.slice(0, hash)
    path = resolve(io.cwd, shown)
    if (name === '')
      throw new Stop(`${options.file}: name the export after #, such as ${shown}#handler`, true)
  }
  if (!exists(path)) throw new Stop(`cannot find the handler module ${shown}: no such file`)
  const extra: string[] = []
  if (TYPESCRIPT.has(extname(path))) {
    const loader = typeScriptLoader(io.env)
    if (loader === undefined) {
      throw new Stop(
        `${shown} is TypeScript, which this Node (${process.version}) cannot load. Run the command on Node ` +
          '22.6 or later (23.6 and later load TypeScript by default), through a loader ' +
          '(NODE_OPTIONS=--import=tsx npx middy-proxy-response check …), or compile the handler first ' +
          '(tsc, esbuild) and check the .js file.',
      )
    }
    extra.push(...loader)
  }

  // Every invocation gets its event from here, a sample one or a file's, so that its result is judged
  // against the event it answered (CloudFront's read-only headers, a viewer response's status).
  const invocations: Array<{ frontDoor: FrontDoor; event: string; sent: unknown; source: string }> = []
  const handlerLabel = `${shown}#${name}`
  if (options.events.length > 0) {
    for (const file of options.events) {
      let text: string
      let parsed: unknown
      try {
        text = readFileSync(resolve(io.cwd, file), 'utf8')
      } catch (error) {
        throw new Stop(`cannot read the event ${file}: ${reason(error)}`)
      }
      try {
        parsed = JSON.parse(text)
      } catch (error) {
        throw new Stop(`the event ${file} is not JSON: ${reason(error)}`)
      }
      const detected = detectFrontDoor(parsed)
      const doors = options.frontDoors ?? (detected ? [detected] : undefined)
      if (doors === undefined) {
        throw new Stop(
          `the event ${file} is not an HTTP event of any front door; name the front door it stands for with --front-door`,
        )
      }
      for (const frontDoor of doors)
        invocations.push({ frontDoor, event: text, sent: parsed, source: basename(file) })
    }
  } else {
    for (const frontDoor of options.frontDoors ?? FRONT_DOORS) {
      const text = JSON.stringify(event(frontDoor))
      invocations.push({ frontDoor, event: text, sent: JSON.parse(text), source: handlerLabel })
    }
  }

  const outcomes = await runHandler({
    file: path,
    label: shown,
    name,
    invocations: invocations.map(({ frontDoor, event }) => ({ frontDoor, event })),
    timeoutMs: options.timeoutMs,
    // The child runs with this process's Node options (a loader such as tsx), but no debugger: a
    // second one would want the same port.
    execArgv: [...process.execArgv.filter((option) => !/^--(inspect|debug)/.test(option)), ...extra],
  })
  if (typeof outcomes === 'string') throw new Stop(outcomes)

  const notes: string[] = []
  const verdicts: Verdict[] = []
  const wrapped = outcomes.some((outcome) => outcome.probe !== undefined)
  for (const outcome of outcomes) {
    const invocation = invocations[outcome.id]
    if (invocation === undefined) continue
    const { frontDoor, source, sent } = invocation
    const raw = judgeRun(outcome.raw, frontDoor, options.timeoutMs, sent)
    const rowNotes: string[] = []
    const { probe } = outcome
    if (probe?.fixed && probe.frontDoor !== frontDoor) {
      rowNotes.push(
        `proxyResponse() is set up with frontDoor: '${probe.frontDoor}', so it answers this ${frontDoor} event as ${probe.frontDoor}.`,
      )
    }
    if (outcome.middy !== undefined && !notes.some((note) => note.startsWith('@middy/core'))) {
      notes.push(
        `${outcome.middy}: install it (npm install @middy/core) to see what proxyResponse() would send. ` +
          "The verdicts below are the handler's own.",
      )
    }
    if (outcome.callback && outcome.wrapped !== undefined) {
      rowNotes.push(
        'The handler answers through the callback, which Middy (5 and later) never passes: wrapped, its answer is lost. Make it async and return the result.',
      )
    }
    if (probe === undefined && outcome.raw.kind === 'timeout') {
      rowNotes.push('proxyResponse() cannot answer for a handler that does not settle.')
    }
    const verdict: Verdict = {
      source,
      frontDoor,
      accepted: raw.accepted,
      problems: raw.problems,
      notes: rowNotes,
    }
    if (outcome.wrapped !== undefined) {
      const fixed = judgeRun(outcome.wrapped, frontDoor, options.timeoutMs, sent)
      verdict.withProxyResponse = {
        accepted: fixed.accepted,
        result: fixed.result ?? null,
        problems: fixed.problems,
      }
    }
    verdicts.push(verdict)
  }
  return {
    title:
      `middy-proxy-response check ${handlerLabel}: ` +
      (wrapped
        ? 'wrapped in proxyResponse(), so each result is what it sends'
        : 'not wrapped in proxyResponse(); each row also shows what proxyResponse() would send'),
    verdicts,
    notes,
  }
}

/**
 * Runs the command with `argv` (the arguments after the program's name). Answers the exit status: 0
 * when every front door accepts the result, 1 when one refuses it, 2 when the command cannot run.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() })
 */
export const run = async (argv: string[], io: Io): Promise<number> => {
  if (argv.length === 0) {
    io.stderr.write(USAGE)
    return 2
  }
  try {
    const options = parse(argv)
    if (options === 'help') {
      io.stdout.write(USAGE)
      return 0
    }
    if (options === 'version') {
      io.stdout.write(`${version()}\n`)
      return 0
    }
    const handlerMode = options.file !== '-' && MODULE.has(extname(options.file.replace(/#[^#/\\]*$/, '')))
    if (!handlerMode && options.events.length > 0) {
      throw new Stop('--event is for a handler module: a result or a log is judged as it is', true)
    }
    const { title, verdicts, notes } = handlerMode
      ? await checkHandler(options, io)
      : await checkResult(options, io)
    if (options.json) {
      for (const note of notes) io.stderr.write(`middy-proxy-response: note: ${note}\n`)
      io.stdout.write(jsonReport(verdicts))
    } else {
      const paint = painter(wantsColor(io.stdout.isTTY, io.env, options.noColor))
      io.stdout.write(textReport(title, verdicts, notes, paint))
    }
    return verdicts.some((verdict) => !verdict.accepted) ? 1 : 0
  } catch (error) {
    if (error instanceof Stop) {
      io.stderr.write(
        `middy-proxy-response: ${error.message}\n${error.usage ? 'Run middy-proxy-response --help for the usage.\n' : ''}`,
      )
      return 2
    }
    io.stderr.write(
      `middy-proxy-response: the command failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    return 2
  }
}
