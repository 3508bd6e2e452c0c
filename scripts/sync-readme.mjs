#!/usr/bin/env node
// Writes packages/middleware/README.md, the README published on npm, from the part of the root
// README between the package markers, so that the two never disagree. `--check` only compares.
import { readFileSync, writeFileSync } from 'node:fs'

const root = new URL('../README.md', import.meta.url)
const target = new URL('../packages/middleware/README.md', import.meta.url)

export const packageReadme = (text) => {
  const start = text.indexOf('<!-- package:start -->')
  const end = text.indexOf('<!-- package:end -->')
  if (start === -1 || end === -1) throw new Error('README.md lacks the package markers')
  const intro = text.slice(0, text.indexOf('\n## ')).trim()
  return `${intro}\n\n${text.slice(start + '<!-- package:start -->'.length, end).trim()}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = packageReadme(readFileSync(root, 'utf8'))
  if (process.argv.includes('--check')) {
    const actual = readFileSync(target, 'utf8')
    if (actual !== wanted) {
      console.error('packages/middleware/README.md is out of date: run node scripts/sync-readme.mjs')
      process.exit(1)
    }
  } else writeFileSync(target, wanted)
}
