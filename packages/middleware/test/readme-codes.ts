// Writes the entries of the README's "Codes" section, between `<!-- codes:start -->` and
// `<!-- codes:end -->`, from the sentences module (src/testing/explain.ts), so that the README and the
// messages never disagree. test/cli/codes.test.ts checks that the README is up to date. Run:
//   node --import tsx --conditions=@middy-proxy-response/source packages/middleware/test/readme-codes.ts
// then `node scripts/sync-readme.mjs`.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CODE_INFO, CODES } from '../src/testing/explain.js'

const START = '<!-- codes:start -->'
const END = '<!-- codes:end -->'

const kind = (by: readonly string[]): string =>
  by.includes('command')
    ? 'Found by `check` in a handler or a log.'
    : by.includes('problem') && by.includes('repair')
      ? 'A problem the validator reports, and a repair the middleware reports.'
      : by.includes('problem')
        ? 'A problem the validator reports.'
        : 'A repair the middleware reports.'

/**
 * The entries, one per code: a heading (its anchor is the code), who reports it, what it means, what
 * `proxyResponse()` does about it, and the fix.
 *
 * @example
 * codesSection().includes('### `cookies-dropped`') // true
 */
export const codesSection = (): string =>
  CODES.map((code) => {
    const info = CODE_INFO[code]
    if (info === undefined) throw new Error(`no entry for ${code}`)
    const instead =
      info.by.includes('repair') && !info.by.includes('problem')
        ? `**Sent instead:** \`proxyResponse()\` ${info.instead}.`
        : `**With \`proxyResponse()\`:** it ${info.instead}.`
    return [
      `### \`${code}\``,
      '',
      `${kind(info.by)} ${info.about}`,
      '',
      instead,
      '',
      `**Fix:** ${info.fix}`,
    ].join('\n')
  }).join('\n\n')

/** The README with its codes section rewritten. */
export const withCodes = (readme: string): string => {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start === -1 || end === -1) throw new Error('README.md lacks the codes markers')
  return `${readme.slice(0, start + START.length)}\n\n${codesSection()}\n\n${readme.slice(end)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL('../../../README.md', import.meta.url)
  writeFileSync(path, withCodes(readFileSync(path, 'utf8')))
}
