#!/usr/bin/env node
// Proves that every ```ts block of the package README compiles and runs for a new user, on Node 20
// (the machine's Node), 22 and 24 (packages/runtimes, installed by `pnpm install`).
//
//   node scripts/readme-examples.mjs [--readme <path>] [--tarball <path>] [--node 20,22] [--serial]
//                                    [--strict-libs] [--keep] [--help]
//
//   --readme <path>   check this Markdown file instead of the README inside the packed tarball. A file
//                     with the `<!-- package:start -->` markers (the root README.md) is first cut down
//                     to the package README exactly as scripts/sync-readme.mjs does.
//   --tarball <path>  use this tarball instead of building and packing the package.
//   --node <majors>   only these Node majors, comma-separated (default: every runtime found).
//   --serial          check the runtimes one after the other (default: concurrently).
//   --strict-libs     count type errors inside third-party typings (node_modules other than this
//                     package) as failures; by default they are printed as a `note`.
//   --keep            keep the temp dir (it is printed) instead of removing it at the end.
//
// Step by step:
//  1. `pnpm --filter middy-proxy-response pack --pack-destination <tmp>` (its `prepack` builds dist/),
//     in a fresh dir under os.tmpdir().
//  2. The README (and package.json) are read from the tarball itself: what npm users see.
//  3. Install lines: in the ```sh / ```bash / ```shell / ```console blocks of the README's install
//     section (a heading containing "Install") and of a compatibility section ("Compatibility",
//     "Requirements"), every command `npm install …` / `npm i …` / `npm add …` (commands joined by `&&`
//     or `;`, `\` continuations and a leading `$ ` are understood; flags such as `--save-dev` are
//     ignored: the packages of all applicable lines go into one install).
//  4. For each runtime: a fresh project (package.json `"type": "module"`; the strict tsconfig below),
//     `npm install --no-audit --no-fund --prefer-offline <tarball> <packages the lines name>` run with
//     that Node first on PATH, so that npm picks versions for that Node and checks engines. The name
//     `middy-proxy-response` (with or without a version) in a line stands for the tarball. Each
//     runtime gets its own install (a few seconds from npm's cache): npm resolves `@middy/core` to 6
//     on Node 20 and to 7 on 22, so sharing an install would check something no user gets. The install
//     fails when npm fails, when it warns EBADENGINE or ERESOLVE (a line that installs a package the
//     Node does not support), or when the lines do not name the package itself or `typescript`.
//  5. Every ```ts / ```typescript block becomes its own module `block-NN.ts`; all are type-checked
//     with the project's own installed `typescript` (its `tsc` bin, i.e. `npx tsc -p .`).
//  6. Every block is then run: `node block-NN.js` in the project, 20 s timeout, AWS_REGION=us-east-1;
//     it must exit 0. A block that only defines handlers is just imported; one with node:test tests or
//     node:assert assertions runs them.
//  7. One line per block per runtime (`ok  node 22  block 03 (## Usage)` or `FAIL node 22  …`, with
//     tsc's messages and the block's first lines below a failure), timings, and as the very last line
//     `readme examples: N passed, M failed`. Exit code 0 only when nothing failed. The install of each
//     runtime counts as a check too.
//
// Conventions for the README writer:
//  - Which Node an install line is for. Either an HTML comment on the line(s) just before a sh block,
//    which applies to the whole block:
//        <!-- node: 20 -->            <!-- node: 22, 24 -->            <!-- node: 22+ -->
//    or a shell comment inside the block that starts with "Node" / "Node.js", which applies to the
//    lines after it up to the next comment line (a comment that names no Node version, such as
//    `# TypeScript and tests`, starts a group that applies to every Node):
//        # Node.js 20 (Lambda has no nodejs20.x since …: Middy 6)
//        npm install middy-proxy-response @middy/core@6
//        # Node.js 22 and 24
//        npm install middy-proxy-response @middy/core@7
//    or a trailing comment on the line itself: `npm install … @middy/core@6  # Node.js 20`.
//    The versions are majors (a minor is allowed and ignored: `20.16`) separated by `,`, `/`, `and`,
//    `or`; `22+`, `>=22`, `22 or later` mean "22 and every later major"; `all` / `any` mean every Node.
//    Parsing stops at the first other word, so free text may follow. Lines without any marker apply
//    to every Node — and when the README has no marker at all, every line applies to every Node.
//    A runtime that the package's own `engines.node` excludes is skipped; any other runtime that no
//    line applies to fails.
//  - A ```ts block whose first line is `// readme: compile-only` is type-checked but not run (for
//    example a response-streaming handler, which needs the Lambda runtime's `awslambda` global).
//    `<!-- readme: compile-only -->` on the line before the block does the same without showing.
//    Nothing opts out of type-checking: a fragment that is not a complete module must not be a ```ts
//    block (use ```js or ```text and it is not checked).
//  - A ```ts block meant for some Node versions only (say, Middy 7's streaming API, when Node 20 gets
//    Middy 6) takes the same marker as a sh block, `<!-- node: 22+ -->` before it (or
//    `// readme: node 22+` as its first line, which combines: `// readme: compile-only; node 22+`). On
//    the other runtimes it is left out of the project and printed as `skip`, which is not a failure.
//
// The tsconfig is what `tsc --init` of TypeScript 5.9 and 7 gives a new user, plus the brief's
// requirements: strict, module/moduleResolution nodenext, target es2022, noUncheckedIndexedAccess,
// exactOptionalPropertyTypes, verbatimModuleSyntax (type-only imports need `import type`),
// isolatedModules, noUncheckedSideEffectImports, moduleDetection force. skipLibCheck is false, so the
// package's own .d.ts are checked as a user with skipLibCheck off would (a check of its own per
// runtime: `typings of middy-proxy-response`). Errors inside third-party typings are printed as a
// `note`, not counted (unless --strict-libs): @middy/core 7's index.d.ts imports the types of its
// optional peer `@aws/durable-execution-sdk-js`, which nobody installs, so every Middy 7 project has one
// such error with skipLibCheck off; `tsc --init` sets skipLibCheck: true, which hides it. `types` is
// ["node"] when the install put @types/node in the project (TypeScript 6+ includes no @types globals
// by default, and `tsc --init` writes `"types": []`: a user who installs @types/node adds it to
// `types`), else []. `lib` is left to its default for the target (it includes the DOM's `Response`).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = new URL('..', import.meta.url).pathname
const PACKAGE = 'middy-proxy-response'
const RUN_TIMEOUT_MS = 20_000
const INSTALL_TIMEOUT_MS = 240_000
const TSC_TIMEOUT_MS = 180_000

const { values: flags } = parseArgs({
  options: {
    readme: { type: 'string' },
    tarball: { type: 'string' },
    node: { type: 'string' },
    serial: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'strict-libs': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (flags.help) {
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('\n')
  console.log(
    header
      .slice(
        1,
        header.findIndex((line) => line.startsWith('import ')),
      )
      .join('\n'),
  )
  process.exit(0)
}

const started = performance.now()
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`
let passed = 0
let failed = 0

// ---------------------------------------------------------------------------------------------------
// Processes

// The environment of every child: no npm/pnpm lifecycle or config variables leaking in from `pnpm test`
// (pnpm exports e.g. npm_config_globalconfig pointing at its own rc file) except the registry, its
// certificates, proxies and cache; no NODE_OPTIONS (coverage hooks); the runtime's directory first on PATH.
const KEPT_NPM_CONFIG =
  /^npm_config_(registry|cafile|ca|cache|strict_ssl|https?_proxy|proxy|noproxy|no_proxy|_auth.*|\/\/.*)$/
const cleanEnv = (nodeBin, extra = {}) => {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/.test(key) && !KEPT_NPM_CONFIG.test(key)) continue
    if (key === 'NODE_OPTIONS' || key === 'NODE_PATH') continue
    env[key] = value
  }
  if (nodeBin) env.PATH = [dirname(nodeBin), env.PATH].filter(Boolean).join(delimiter)
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra }
}

const exec = (cmd, args, { cwd, env, timeout }) =>
  new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let timedOut = false
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = timeout
      ? setTimeout(() => {
          timedOut = true
          child.kill('SIGKILL')
        }, timeout)
      : undefined
    child.on('error', (error) => {
      clearTimeout(timer)
      resolvePromise({ code: null, output: `${output}${error.message}\n`, timedOut })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code: code ?? signal, output, timedOut })
    })
  })

// ---------------------------------------------------------------------------------------------------
// A tiny semver `satisfies` for `engines.node` ranges (>=, >, <=, <, =, ^, ~, x-ranges, hyphen, ||).

const parts = (text) => {
  const [major, minor, patch] = text.replace(/^[v=]+/, '').split('.')
  const num = (p) =>
    p === undefined || p === '' || p === 'x' || p === 'X' || p === '*' ? undefined : Number(p)
  return [num(major), num(minor), num(patch)]
}
const compare = (a, b) => {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0) ? -1 : 1
  return 0
}
// The first version above a partial one: 20 → 21.0.0, 20.16 → 20.17.0.
const bump = (p) =>
  p[1] === undefined ? [p[0] + 1, 0, 0] : p[2] === undefined ? [p[0], p[1] + 1, 0] : [p[0], p[1], p[2] + 1]
const comparatorHolds = (v, comparator) => {
  const [, op = '', rest] = /^(>=|<=|>|<|=|\^|~)?\s*(.*)$/.exec(comparator)
  const p = parts(rest)
  if (p[0] === undefined) return true
  const floor = [p[0], p[1] ?? 0, p[2] ?? 0]
  switch (op) {
    case '>=':
      return compare(v, floor) >= 0
    case '>':
      return compare(v, bump(p)) >= 0 && compare(v, floor) > 0
    case '<':
      return compare(v, floor) < 0
    case '<=':
      return compare(v, bump(p)) < 0
    case '^':
      return compare(v, floor) >= 0 && compare(v, p[0] > 0 ? [p[0] + 1, 0, 0] : bump(p)) < 0
    case '~':
      return (
        compare(v, floor) >= 0 && compare(v, p[1] === undefined ? [p[0] + 1, 0, 0] : [p[0], p[1] + 1, 0]) < 0
      )
    default:
      return p[2] !== undefined ? compare(v, p) === 0 : compare(v, floor) >= 0 && compare(v, bump(p)) < 0
  }
}
const satisfies = (version, range) =>
  !range ||
  range.split('||').some((alternative) => {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alternative)
    const comparators = hyphen
      ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`]
      : alternative
          .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
          .trim()
          .split(/\s+/)
    return comparators.every((c) => c === '' || c === '*' || comparatorHolds(parts(version), c))
  })

// ---------------------------------------------------------------------------------------------------
// Markdown

// Node marker: "20", "22 and 24", "22, 24", "22+", ">=22", "20.16 or later", "all". Returns a predicate
// over a major version, or undefined when the text names no Node version.
const parseNodeSpec = (text) => {
  let rest = text.trim()
  if (/^(all|any|every)\b/i.test(rest)) return { label: 'all', test: () => true }
  const terms = []
  for (;;) {
    const term = /^(>=\s*)?(\d+)(?:\.\d+)*(\+|\s+(?:or|and)\s+(?:later|newer|above)\b)?/i.exec(rest)
    if (!term) break
    terms.push({ major: Number(term[2]), open: Boolean(term[1] || term[3]) })
    rest = rest.slice(term[0].length)
    const separator = /^\s*(?:,|\/|&|and\b|or\b)?\s*(?=(?:>=\s*)?\d)/i.exec(rest)
    if (!separator) break
    rest = rest.slice(separator[0].length)
  }
  if (terms.length === 0) return undefined
  return {
    label: terms.map((t) => `${t.major}${t.open ? '+' : ''}`).join(', '),
    test: (major) => terms.some((t) => major === t.major || (t.open && major > t.major)),
  }
}
// "# Node.js 20 …", "# node: 22, 24": the text after the word Node, or undefined.
const nodeComment = (comment) => {
  const match = /^#+\s*node(?:\.?js)?\s*:?\s*(.*)$/i.exec(comment.trim())
  return match ? parseNodeSpec(match[1]) : undefined
}

// Directives: "node: 22+", "compile-only" (from `<!-- node: 22+ -->`, `<!-- readme: compile-only -->` or a
// ```ts block's first line `// readme: compile-only; node 22+`).
const directiveNodeSpec = (directives) => {
  for (const directive of directives) {
    const match = /(?:^|[\s;,])node(?:\.?js)?\s*:?\s*(.*)$/i.exec(directive)
    const spec = match && parseNodeSpec(match[1])
    if (spec) return spec
  }
  return undefined
}

// Fenced blocks with their language, first line number, nearest heading, h2 section and the
// `<!-- node: … -->` marker on the last non-blank line before them.
const parseMarkdown = (text) => {
  const lines = text.split('\n')
  const blocks = []
  let heading = '(top)'
  let section = '(top)'
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i])
    if (!fence) {
      const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i])
      if (h) {
        heading = `${h[1]} ${h[2]}`
        if (h[1].length <= 2) section = heading
      }
      continue
    }
    const [, indent, marker, lang] = fence
    // The HTML comments on the lines just before the fence (blank lines between are allowed).
    const comments = []
    for (let k = i - 1; k >= 0; k -= 1) {
      if (lines[k].trim() === '') continue
      const comment = /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[k])
      if (!comment) break
      comments.unshift(comment[1])
    }
    const directives = comments
      .filter((c) => /^(node\b|readme\s*:)/i.test(c))
      .map((c) => c.replace(/^readme\s*:\s*/i, ''))
    const body = []
    let j = i + 1
    for (; j < lines.length; j += 1) {
      const close = new RegExp(`^\\s*${marker[0]}{${marker.length},}\\s*$`)
      if (close.test(lines[j])) break
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart())
    }
    blocks.push({
      lang: lang.toLowerCase(),
      line: i + 1,
      text: `${body.join('\n')}\n`,
      heading,
      section,
      directives,
    })
    i = j
  }
  return blocks
}

// Shell words, with single and double quotes.
const shellWords = (line) => {
  const words = []
  let word = null
  let quote = null
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null
      else word += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      word ??= ''
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word)
      word = null
    } else word = (word ?? '') + ch
  }
  if (word !== null) words.push(word)
  return words
}
// Splits at `#` (outside quotes): [code, comment].
const splitComment = (line) => {
  let quote = null
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"') quote = ch
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return [line.slice(0, i), line.slice(i)]
  }
  return [line, '']
}

const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh'])
const INSTALL_SECTION = /install|compatib|requirement/i
const findInstallLines = (blocks) => {
  const found = []
  for (const block of blocks) {
    if (!SHELL.has(block.lang)) continue
    if (!INSTALL_SECTION.test(block.heading) && !INSTALL_SECTION.test(block.section)) continue
    const blockSpec = directiveNodeSpec(block.directives)
    let group = blockSpec
    const raw = block.text.replace(/\\\n/g, ' ').split('\n')
    raw.forEach((line, index) => {
      const [code, comment] = splitComment(line.replace(/^\s*\$\s+/, ''))
      if (code.trim() === '') {
        if (comment) group = nodeComment(comment) ?? blockSpec
        return
      }
      const spec = (comment && nodeComment(comment)) || group
      for (const command of code.split(/&&|;|\|\|/)) {
        const words = shellWords(command.trim())
        if (words[0] !== 'npm' || !['install', 'i', 'in', 'add'].includes(words[1])) continue
        found.push({
          text: command.trim(),
          packages: words.slice(2).filter((w) => !w.startsWith('-')),
          spec,
          where: `README line ${block.line + 1 + index} (${block.heading})`,
        })
      }
    })
  }
  return found
}

// `@scope/name@range` → `@scope/name`.
const packageName = (spec) => (spec.startsWith('@') ? `@${spec.slice(1).split('@')[0]}` : spec.split('@')[0])

// ---------------------------------------------------------------------------------------------------
// Per runtime

// npm's five-line EBADENGINE blocks, one line each: `npm warn EBADENGINE @middy/core@7.9.2 wants node >=22`.
const condenseWarnings = (warnings) => {
  const out = []
  let pkg
  for (const line of warnings) {
    if (!line.includes('EBADENGINE')) out.push(line)
    else if (/package: '([^']+)'/.test(line)) pkg = /package: '([^']+)'/.exec(line)[1]
    else if (/required: \{ node: '([^']+)'/.test(line))
      out.push(`npm warn EBADENGINE ${pkg} wants node ${/required: \{ node: '([^']+)'/.exec(line)[1]}`)
  }
  return out
}

const tsconfig = (types) => ({
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    types,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noUncheckedSideEffectImports: true,
    moduleDetection: 'force',
    skipLibCheck: false,
  },
  include: ['block-*.ts'],
})

const checkRuntime = async (runtime, context) => {
  const { installLines, tarball, engines, tmp } = context
  const out = []
  const say = (line = '') => out.push(line)
  const detail = (text) => {
    for (const line of String(text).trimEnd().split('\n')) out.push(`      ${line}`)
  }
  const result = (ok, what, extra = '') => {
    if (ok) passed += 1
    else failed += 1
    say(`${ok ? 'ok ' : 'FAIL'} ${runtime.label}  ${what}${extra ? `  ${extra}` : ''}`)
  }
  const t0 = performance.now()
  const timings = []
  say(`── ${runtime.label} (${runtime.version}, ${runtime.bin})`)
  const forThisNode = (block) => !block.nodeSpec || block.nodeSpec.test(runtime.major)
  const tsBlocks = context.tsBlocks.filter(forThisNode)

  if (!satisfies(runtime.version, engines)) {
    say(`skip ${runtime.label}: the package's engines.node "${engines}" excludes ${runtime.version}`)
    return out
  }

  // Install.
  const lines = installLines.filter((l) => !l.spec || l.spec.test(runtime.major))
  const problems = []
  if (lines.length === 0) problems.push(`no install line of the README applies to Node ${runtime.major}`)
  const wanted = new Map()
  for (const line of lines) {
    for (const spec of line.packages) {
      const name = packageName(spec)
      if (wanted.has(name) && wanted.get(name) !== spec)
        say(`note: ${name}: "${spec}" (${line.where}) overrides "${wanted.get(name)}"`)
      wanted.set(name, name === PACKAGE ? tarball : spec)
    }
  }
  if (lines.length > 0 && !wanted.has(PACKAGE))
    problems.push(`the install lines for Node ${runtime.major} do not install ${PACKAGE}`)
  if (!wanted.has('typescript')) {
    problems.push(
      `the install lines for Node ${runtime.major} do not name typescript: the harness installs it to go on`,
    )
    wanted.set('typescript', 'typescript')
  }
  wanted.set(PACKAGE, tarball)

  const dir = join(tmp, `node-${runtime.major}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `readme-examples-node-${runtime.major}`, private: true, type: 'module' }, null, 2)}\n`,
  )
  const npmArgs = ['install', '--no-audit', '--no-fund', '--prefer-offline', ...wanted.values()]
  const env = cleanEnv(runtime.bin)
  let t = performance.now()
  const install = await exec('npm', npmArgs, { cwd: dir, env, timeout: INSTALL_TIMEOUT_MS })
  timings.push(`install ${seconds(t)}`)
  const warnings = install.output.split('\n').filter((l) => /^npm (warn|WARN)/.test(l))
  const serious = warnings.filter((l) => /EBADENGINE|ERESOLVE|peer dep/i.test(l))
  if (install.code !== 0)
    problems.push(`npm install exited ${install.timedOut ? 'on the timeout' : install.code}`)
  if (serious.length > 0)
    problems.push('npm warned about engines or peer dependencies (a user of this Node would see it)')
  const installed = [...wanted.keys()]
    .map((name) => {
      try {
        return `${name}@${JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version}`
      } catch {
        return `${name} (missing)`
      }
    })
    .join(' ')
  result(problems.length === 0, `install (${lines.length} line${lines.length === 1 ? '' : 's'})`, seconds(t))
  detail(`npm ${npmArgs.join(' ').replace(tarball, '<tarball>')}`)
  detail(`installed: ${installed}`)
  for (const problem of problems) detail(`problem: ${problem}`)
  if (install.code !== 0) detail(install.output.split('\n').slice(-30).join('\n'))
  else if (warnings.length > 0) detail(condenseWarnings(warnings).join('\n'))
  const tscBin = (() => {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/typescript/package.json'), 'utf8'))
      return join(dir, 'node_modules/typescript', typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.tsc)
    } catch {
      return undefined
    }
  })()
  if (!tscBin) {
    for (const block of tsBlocks)
      result(false, `block ${block.id} (${block.heading})`, '— not checked: typescript is not installed')
    timings.push(`total ${seconds(t0)}`)
    say(`   ${runtime.label} timings: ${timings.join(', ')}`)
    return out
  }

  if (tsBlocks.length === 0) {
    say(`note ${runtime.label}: the README has no \`\`\`ts block for this Node`)
    timings.push(`total ${seconds(t0)}`)
    say(`   ${runtime.label} timings: ${timings.join(', ')}`)
    return out
  }

  // Type-check.
  const types = existsSync(join(dir, 'node_modules/@types/node/package.json')) ? ['node'] : []
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig(types), null, 2)}\n`)
  for (const block of tsBlocks) writeFileSync(join(dir, `block-${block.id}.ts`), block.text)
  t = performance.now()
  const tsc = await exec(runtime.bin, [tscBin, '-p', '.', '--pretty', 'false'], {
    cwd: dir,
    env,
    timeout: TSC_TIMEOUT_MS,
  })
  timings.push(`tsc ${seconds(t)}`)
  // tsc's messages, by where they are: a block, the package's own typings (or the tsconfig, or no file:
  // the harness's or the package's fault), or a third-party typing.
  const errors = new Map(tsBlocks.map((b) => [b.id, []]))
  const ownErrors = []
  const thirdParty = []
  let current = ownErrors
  for (const line of tsc.output.split('\n')) {
    if (line.trim() === '') continue
    const match = /^block-(\d+)\.ts\((\d+),(\d+)\): (.*)$/.exec(line)
    if (match && errors.has(match[1])) {
      const block = tsBlocks.find((b) => b.id === match[1])
      current = errors.get(match[1])
      current.push(`block line ${match[2]} (README line ${block.line + Number(match[2])}): ${match[4]}`)
    } else if (/^\s/.test(line)) current.push(`  ${line.trim()}`)
    else if (/^node_modules\//.test(line) && !line.startsWith(`node_modules/${PACKAGE}/`)) {
      current = thirdParty
      current.push(line)
    } else {
      current = ownErrors
      current.push(line)
    }
  }
  const blockErrors = [...errors.values()].some((e) => e.length > 0)
  if (ownErrors.length > 0 || (tsc.code !== 0 && !blockErrors && thirdParty.length === 0)) {
    result(
      false,
      `typings of ${PACKAGE} and the tsconfig (skipLibCheck: false)`,
      `exit ${tsc.timedOut ? 'timeout' : tsc.code}`,
    )
    detail(ownErrors.join('\n') || tsc.output)
  } else result(true, `typings of ${PACKAGE} (skipLibCheck: false)`)
  if (thirdParty.length > 0) {
    if (flags['strict-libs']) result(false, 'third-party typings (--strict-libs)')
    else
      say(
        `note ${runtime.label}: third-party typings report errors (not a failure: \`tsc --init\` sets skipLibCheck: true, which hides them; --strict-libs makes them one):`,
      )
    detail(thirdParty.join('\n'))
  }

  // Run.
  t = performance.now()
  for (const block of context.tsBlocks) {
    if (!forThisNode(block)) {
      say(
        `skip ${runtime.label}  block ${block.id} (${block.heading})  — marked for Node ${block.nodeSpec.label}`,
      )
      continue
    }
    const problemsOfBlock = [...errors.get(block.id)]
    let note = ''
    if (block.compileOnly) note = '— compile-only'
    else if (!existsSync(join(dir, `block-${block.id}.js`)))
      problemsOfBlock.push('tsc emitted no block-NN.js')
    else {
      const tRun = performance.now()
      const run = await exec(runtime.bin, [`block-${block.id}.js`], {
        cwd: dir,
        env: cleanEnv(runtime.bin, { AWS_REGION: 'us-east-1' }),
        timeout: RUN_TIMEOUT_MS,
      })
      note = seconds(tRun)
      if (run.code !== 0) {
        problemsOfBlock.push(
          `node block-${block.id}.js ${run.timedOut ? `did not finish in ${RUN_TIMEOUT_MS / 1000} s` : `exited ${run.code}`}:`,
        )
        problemsOfBlock.push(
          ...run.output
            .trimEnd()
            .split('\n')
            .slice(0, 25)
            .map((l) => `  ${l}`),
        )
      }
    }
    result(problemsOfBlock.length === 0, `block ${block.id} (${block.heading})`, note)
    if (problemsOfBlock.length > 0) {
      detail(`README line ${block.line}, starts: ${block.firstLines}`)
      detail(problemsOfBlock.join('\n'))
    }
  }
  timings.push(`run ${seconds(t)}`, `total ${seconds(t0)}`)
  say(`   ${runtime.label} timings: ${timings.join(', ')}`)
  return out
}

// ---------------------------------------------------------------------------------------------------
// Main

const tmp = mkdtempSync(join(tmpdir(), 'readme-examples-'))
let exitCode = 1
try {
  // 1. Build and pack.
  let tarball
  if (flags.tarball) {
    tarball = resolve(flags.tarball)
    console.log(`tarball ${tarball} (given)`)
  } else {
    const t = performance.now()
    const dest = join(tmp, 'pack')
    mkdirSync(dest)
    const pack = await exec('pnpm', ['--filter', PACKAGE, 'pack', '--pack-destination', dest], {
      cwd: root,
      env: cleanEnv(process.execPath),
      timeout: 180_000,
    })
    const file = existsSync(dest) ? readdirSync(dest).find((f) => f.endsWith('.tgz')) : undefined
    if (pack.code !== 0 || !file) {
      console.log(pack.output.trimEnd())
      throw new Error(`pack: pnpm --filter ${PACKAGE} pack exited ${pack.code}`)
    }
    tarball = join(dest, file)
    console.log(`packed ${file} in ${seconds(t)}`)
  }

  // 2. The README and package.json as npm users get them.
  const extracted = join(tmp, 'tarball')
  mkdirSync(extracted)
  const untar = await exec('tar', ['xzf', tarball, '-C', extracted], { cwd: tmp, env: cleanEnv() })
  if (untar.code !== 0) throw new Error(`tar failed: ${untar.output}`)
  const manifest = JSON.parse(readFileSync(join(extracted, 'package/package.json'), 'utf8'))
  let readmePath = join(extracted, 'package/README.md')
  let readme
  if (flags.readme) {
    readmePath = resolve(flags.readme)
    readme = readFileSync(readmePath, 'utf8')
    if (readme.includes('<!-- package:start -->')) {
      const { packageReadme } = await import('./sync-readme.mjs')
      readme = packageReadme(readme)
      readmePath += ' (its package part, as scripts/sync-readme.mjs cuts it)'
    }
  } else if (existsSync(readmePath)) {
    readme = readFileSync(readmePath, 'utf8')
    readmePath = `README.md of ${tarball.split('/').pop()}`
  } else throw new Error('the tarball holds no README.md')
  console.log(`checking ${readmePath}`)

  const blocks = parseMarkdown(readme)
  const tsBlocks = blocks
    .filter((b) => b.lang === 'ts' || b.lang === 'typescript')
    .map((b) => {
      const firstLine = /^\s*\/\/\s*readme\s*:\s*(.*)$/i.exec(b.text.split('\n')[0])
      return { ...b, directives: [...b.directives, ...(firstLine ? [firstLine[1]] : [])] }
    })
    .map((b, index) => ({
      ...b,
      id: String(index + 1).padStart(2, '0'),
      compileOnly: b.directives.some((d) => /\bcompile-only\b/i.test(d)),
      nodeSpec: directiveNodeSpec(b.directives),
      firstLines: b.text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 3)
        .join(' ⏎ '),
    }))
  const installLines = findInstallLines(blocks)
  console.log(`${tsBlocks.length} ts block(s); ${installLines.length} install line(s):`)
  for (const line of installLines)
    console.log(`   [node ${line.spec ? line.spec.label : 'all'}] ${line.text}   — ${line.where}`)
  if (installLines.length > 0 && installLines.every((l) => !l.spec))
    console.log('   (no Node marker in the README: every line applies to every Node)')

  // 3. Runtimes.
  const only = flags.node?.split(',').map((n) => Number(n.trim()))
  const candidates = [
    { bin: process.execPath },
    { bin: join(root, 'packages/runtimes/node_modules/node22/bin/node'), major: 22 },
    { bin: join(root, 'packages/runtimes/node_modules/node24/bin/node'), major: 24 },
  ]
  const runtimes = []
  for (const candidate of candidates) {
    if (!existsSync(candidate.bin)) {
      console.log(
        `skip node ${candidate.major}: ${candidate.bin} is missing (run pnpm install) — not a failure`,
      )
      continue
    }
    const probe = await exec(candidate.bin, ['-p', 'process.version'], {
      cwd: tmp,
      env: cleanEnv(candidate.bin),
    })
    const version = probe.output.trim()
    const major = Number(/^v(\d+)/.exec(version)?.[1])
    if (probe.code !== 0 || !major) {
      console.log(`skip ${candidate.bin}: it does not run (${probe.output.trim()}) — not a failure`)
      continue
    }
    if (runtimes.some((r) => r.major === major)) continue
    if (only && !only.includes(major)) continue
    runtimes.push({ bin: candidate.bin, version, major, label: `node ${major}` })
  }

  const context = { tsBlocks, installLines, tarball, engines: manifest.engines?.node, tmp }
  if (flags.serial) {
    for (const runtime of runtimes) console.log((await checkRuntime(runtime, context)).join('\n'))
  } else {
    const outputs = await Promise.all(runtimes.map((runtime) => checkRuntime(runtime, context)))
    for (const output of outputs) console.log(output.join('\n'))
  }
  if (runtimes.length === 0) {
    failed += 1
    console.log('FAIL no Node runtime to check')
  }
  exitCode = failed === 0 ? 0 : 1
} catch (error) {
  if (failed === 0) failed += 1
  console.log(`FAIL ${error instanceof Error ? error.message : error}`)
} finally {
  if (flags.keep) console.log(`kept ${tmp}`)
  else rmSync(tmp, { recursive: true, force: true })
}
console.log(`total ${seconds(started)}`)
console.log(`readme examples: ${passed} passed, ${failed} failed`)
process.exit(exitCode)
