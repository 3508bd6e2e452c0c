import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { CODE_INFO, CODES, explain } from '../../src/testing/explain.js'
import { codesSection } from '../readme-codes.js'

const src = fileURLToPath(new URL('../../src/', import.meta.url))
const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8')
const published = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )

// The functions that are handed a code, and which of their arguments is the code: the checker's and
// the normalizer's sink, check.ts's report, edge.ts's refuse, validate.ts's problem, the command's
// commandProblem.
const CODE_ARGUMENT: Record<string, number> = {
  sink: 0,
  report: 1,
  refuse: 0,
  problem: 0,
  commandProblem: 0,
  explain: 0,
}

/** The string literals an expression may evaluate to, through `?:`, `??`, `||` and parentheses. */
const literals = (node: ts.Node | undefined): string[] => {
  if (node === undefined) return []
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text]
  if (ts.isParenthesizedExpression(node)) return literals(node.expression)
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)]
  if (ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) {
    return [...literals(node.left), ...literals(node.right)]
  }
  return []
}

const nameOf = (node: ts.Node): string | undefined =>
  ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined

/**
 * Every code the package's sources can report, read from their syntax: the literals passed as the
 * code to a sink or a report function, and the literals given to a variable or property named `code`
 * (`code = 'header-name-invalid'`, `const bodyCode = … ? 'body-not-string' : …`). The sentences
 * module itself, which holds the table, is left out. A code added to the checker, the normalizer or
 * the command is found here without a list to keep.
 */
const reportedCodes = (): Map<string, string> => {
  const found = new Map<string, string>()
  for (const file of sources(src)) {
    if (file.endsWith(join('testing', 'explain.ts'))) continue
    const text = readFileSync(file, 'utf8')
    const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const add = (codes: string[], node: ts.Node) => {
      for (const code of codes) {
        const { line } = tree.getLineAndCharacterOfPosition(node.getStart())
        found.set(code, `${relative(src, file)}:${line + 1}`)
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const name = nameOf(node.expression)
        const at = name === undefined ? undefined : CODE_ARGUMENT[name]
        if (at !== undefined) add(literals(node.arguments[at]), node)
      } else if (ts.isVariableDeclaration(node) && /code$/i.test(node.name.getText())) {
        add(literals(node.initializer), node)
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        /code$/i.test(node.left.getText())
      ) {
        add(literals(node.right), node)
      } else if (ts.isPropertyAssignment(node) && node.name.getText() === 'code') {
        add(literals(node.initializer), node)
      }
      ts.forEachChild(node, visit)
    }
    visit(tree)
  }
  return found
}

/** The codes of the README's "Repairs and strict mode" table, its `reported as` column. */
const repairTableCodes = (): string[] => {
  const section = readme.slice(
    readme.indexOf('## Repairs and strict mode'),
    readme.indexOf('## What each front door'),
  )
  return [
    ...section.matchAll(
      /\| `([a-z0-9-]+)`(?: within one map)?(?: when it was wrong)?(?: for a promise)? \|$/gm,
    ),
  ].map((match) => match[1] as string)
}

/** The README's "Codes" section, between its markers. */
const codesPart = (): string =>
  readme.slice(readme.indexOf('<!-- codes:start -->'), readme.indexOf('<!-- codes:end -->'))

const Codes = suite('every code the package reports')

Codes('is found in the sources: the checker, the normalizer, the validator and the command', () => {
  const found = reportedCodes()
  // The scan finds what the README's repair table documents, and the checker's problems: it is not empty.
  for (const code of repairTableCodes()) assert.ok(found.has(code), `${code}, in the README's repair table`)
  for (const code of ['not-an-object', 'key-missing', 'body-not-string', 'cookie-in-headers', 'too-large']) {
    assert.ok(found.has(code), `${code}, a problem of check.ts`)
  }
  for (const code of [
    'front-door-unknown',
    'unreadable',
    'handler-threw',
    'function-error',
    'integration-error',
  ]) {
    assert.ok(found.has(code), `${code}, of validate.ts or the command`)
  }
  assert.ok(repairTableCodes().length >= 20, 'the repair table is read')
})

Codes('has sentences in the sentences module', () => {
  for (const [code, where] of reportedCodes()) {
    assert.ok(CODES.includes(code), `${code} (${where}) has no entry in src/testing/explain.ts`)
  }
})

Codes('are all the sentences module has: no entry for a code nothing reports', () => {
  const found = reportedCodes()
  for (const code of CODES)
    assert.ok(found.has(code), `${code} is in src/testing/explain.ts, but nothing reports it`)
})

Codes('has an entry, with its anchor, in the README\'s "Codes" section', () => {
  const part = codesPart()
  for (const [code, where] of reportedCodes()) {
    assert.ok(
      part.includes(`\n### \`${code}\`\n`),
      `${code} (${where}) has no "### \`${code}\`" in the README`,
    )
  }
  for (const code of CODES) assert.ok(part.includes(`\n### \`${code}\`\n`), `${code} is in the README`)
})

Codes('are written into the README from the sentences module, and published with it', () => {
  assert.is(
    codesPart().replace('<!-- codes:start -->', '').trim(),
    codesSection(),
    'run: node --import tsx --conditions=@middy-proxy-response/source packages/middleware/test/readme-codes.ts && node scripts/sync-readme.mjs',
  )
  assert.ok(published.includes('\n### `cookies-dropped`\n'), 'the package README has the codes')
})

Codes('says for each code who reports it, what it means, what proxyResponse() does and the fix', () => {
  for (const code of CODES) {
    const info = CODE_INFO[code]
    assert.ok(info, code)
    assert.ok(info.by.length > 0, `${code}: reported by someone`)
    for (const text of [info.about, info.instead, info.fix]) assert.ok(text.length > 5, `${code}: ${text}`)
  }
  // Every code of the repair table is a repair the middleware reports.
  for (const code of repairTableCodes()) assert.ok(CODE_INFO[code]?.by.includes('repair'), code)
})

Codes('each have a message and a fix on every front door, as problems and as repairs', () => {
  for (const code of CODES) {
    for (const repaired of [false, true]) {
      const { message, fix } = explain(code, { path: 'headers.x-a', frontDoor: 'alb', value: 1, repaired })
      assert.ok(message.length > 10 && /[.!?]$/.test(message), `${code}: ${message}`)
      assert.ok(fix.length > 10 && /[.!?]$/.test(fix), `${code}: ${fix}`)
      assert.not.match(message, /`/, 'no Markdown in a message')
    }
  }
})

Codes.run()
