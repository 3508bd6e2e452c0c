// What `check` prints: a table to read at a glance (front door, verdict, first problem), the details
// of each row that needs them, and a summary; or, with --json, one JSON document and nothing else.
import { readFileSync } from 'node:fs'
import * as util from 'node:util'
import { answerStatus, frontDoorWords } from '../testing/explain.js'
import type { Verdict } from './verdict.js'

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow'

/** Colours a text when `on`; `util.styleText` where Node has it (20.12+), else plain. */
export const painter = (on: boolean) => {
  const styleText = (util as { styleText?: (format: Style, text: string, options?: object) => string })
    .styleText
  return (style: Style, text: string): string => {
    if (!on || typeof styleText !== 'function') return text
    // Told not to check the stream: whether to colour is decided once, by the command.
    return styleText(style, text, { validateStream: false })
  }
}

/** Whether to colour: on a terminal only, never with --no-color, NO_COLOR or TERM=dumb. */
export const wantsColor = (isTTY: boolean | undefined, env: NodeJS.ProcessEnv, noColor: boolean): boolean =>
  isTTY === true && !noColor && !env.NO_COLOR && env.TERM !== 'dumb'

const docsBase = (): string => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      homepage?: string
    }
    return (manifest.homepage ?? '').replace(/#.*$/, '')
  } catch {
    return ''
  }
}

/** The README entry of a code. */
export const docsOf = (code: string): string => {
  const base = docsBase()
  return base ? `${base}#${code}` : `"Codes" in the README of middy-proxy-response (${code})`
}

const short = (value: unknown, max = 400): string => {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > max
    ? `${text.slice(0, max - 1)}… (${text.length.toLocaleString('en-US')} characters)`
    : text
}

/** A verdict in the table: what the front door answers instead, for a failed function (CloudFront's 503) too. */
const verdictText = (accepted: boolean, frontDoor: string, code?: string): string => {
  if (accepted) return '✓ accepted'
  const status = answerStatus(code, frontDoor)
  return status === undefined ? '✗ refused' : `✗ refused (${status})`
}

/**
 * The text report: a title, the table, the details of every row with a problem or a note, and a
 * summary line.
 *
 * @example
 * process.stdout.write(textReport('response.json', verdicts, [], painter(false)))
 */
export const textReport = (
  title: string,
  verdicts: readonly Verdict[],
  notes: readonly string[],
  paint: ReturnType<typeof painter>,
): string => {
  const out: string[] = [paint('bold', title)]
  for (const note of notes) out.push(paint('yellow', `note: ${note}`))
  out.push('')
  const sources = new Set(verdicts.map((v) => v.source))
  const withColumn = verdicts.some((v) => v.withProxyResponse !== undefined)
  const head = [
    ...(sources.size > 1 ? ['source'] : []),
    'front door',
    'as returned',
    ...(withColumn ? ['with proxyResponse()'] : []),
    'first problem',
  ]
  const rows = verdicts.map((v) => {
    const first = v.problems[0]
    return [
      ...(sources.size > 1 ? [v.source] : []),
      v.frontDoor,
      verdictText(v.accepted, v.frontDoor, first?.code),
      ...(withColumn
        ? [
            v.withProxyResponse
              ? verdictText(v.withProxyResponse.accepted, v.frontDoor, v.withProxyResponse.problems[0]?.code)
              : '—',
          ]
        : []),
      first ? `${first.code}${first.path ? ` (${first.path})` : ''}` : '—',
    ]
  })
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[], style?: (cell: string, i: number) => string): string =>
    `  ${cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)
        return style ? style(padded, i) : padded
      })
      .join('  ')}`.trimEnd()
  out.push(line(head, (cell) => paint('dim', cell)))
  for (const row of rows) {
    out.push(
      line(row, (cell) =>
        cell.startsWith('✓') ? paint('green', cell) : cell.startsWith('✗') ? paint('red', cell) : cell,
      ),
    )
  }

  // Rows that fail alike (the same problems at the same paths) are told once, in the words of the first.
  const groups = new Map<string, Verdict[]>()
  for (const v of verdicts) {
    const refusedWith = v.withProxyResponse !== undefined && !v.withProxyResponse.accepted
    if (v.accepted && !refusedWith && v.notes.length === 0) continue
    const key = JSON.stringify([
      v.source,
      v.accepted,
      v.problems.map((p) => [p.code, p.path]),
      v.withProxyResponse?.accepted,
      v.withProxyResponse?.problems.map((p) => [p.code, p.path]),
      v.notes,
    ])
    groups.set(key, [...(groups.get(key) ?? []), v])
  }
  for (const group of groups.values()) {
    const [v] = group as [Verdict, ...Verdict[]]
    const doors = group.map((item) => item.frontDoor)
    out.push('')
    const where = `${sources.size > 1 ? `${v.source}: ` : ''}${doors.join(', ')}`
    out.push(
      v.accepted
        ? paint('green', `✓ accepted on ${where}`)
        : paint('red', `✗ refused on ${where}`) +
            (group.length === 1 ? ` by ${frontDoorWords(v.frontDoor).name}` : ''),
    )
    for (const note of v.notes) out.push(`  ${paint('yellow', note)}`)
    for (const problem of v.problems) {
      out.push(`  ${paint('bold', problem.code)}${problem.path ? `  ${problem.path}` : ''}`)
      out.push(`    ${problem.message}`)
      out.push(`    Fix: ${problem.fix}`)
      out.push(`    ${paint('dim', docsOf(problem.code))}`)
    }
    const wrapped = v.withProxyResponse
    if (wrapped) {
      const verdict = wrapped.accepted ? paint('green', 'accepted') : paint('red', 'refused')
      if (group.length === 1)
        out.push(`  with proxyResponse(): ${verdict}, it sends ${short(wrapped.result)}`)
      else out.push(`  with proxyResponse(): ${verdict} on each (--json shows what it sends to each)`)
      for (const problem of wrapped.problems)
        out.push(`    ${problem.code} (${problem.path}): ${problem.message}`)
    }
  }

  const refused = verdicts.filter((v) => !v.accepted)
  out.push('')
  if (refused.length === 0) {
    out.push(
      paint(
        'green',
        `✓ Accepted: ${verdicts.length === 1 ? 'the front door takes' : `all ${verdicts.length} take`} the result as it is.`,
      ),
    )
  } else {
    const repaired = refused.every((v) => v.withProxyResponse?.accepted === true)
    out.push(
      paint(
        'red',
        `✗ ${refused.length} of ${verdicts.length} refused: the front door answers with an error of its own instead of the response.`,
      ) + (repaired ? ' With proxyResponse(), every one of them is accepted.' : ''),
    )
  }
  return `${out.join('\n')}\n`
}

/**
 * The `--json` document: `{ "results": [...] }`, one entry per verdict.
 *
 * @example
 * process.stdout.write(jsonReport(verdicts))
 */
export const jsonReport = (verdicts: readonly Verdict[]): string =>
  `${JSON.stringify(
    {
      results: verdicts.map((v) => ({
        source: v.source,
        frontDoor: v.frontDoor,
        accepted: v.accepted,
        problems: v.problems.map(({ path, code, message, fix }) => ({ path, code, message, fix })),
        ...(v.withProxyResponse
          ? {
              withProxyResponse: {
                accepted: v.withProxyResponse.accepted,
                result: v.withProxyResponse.result,
              },
            }
          : {}),
      })),
    },
    null,
    2,
  )}\n`
