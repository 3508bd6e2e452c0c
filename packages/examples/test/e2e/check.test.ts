// End to end: `middy-proxy-response check` as a user runs it. The package is packed, the tarball
// installed in a fresh project on Node 20, 22 and 24 (with the @middy/core the README installs on each),
// and its bin run there: against the bundle of every example function, on every front door that
// template.yaml, template-edge.yaml and the route list serve it on; against the README's own "Diagnose
// a 502" session; and with bad input.
import { spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  build,
  edgeFunctionNames,
  examplesDir,
  type FunctionName,
  functionNames,
} from '../../scripts/build.js'
import { routes } from '../../scripts/routes.js'

const root = join(examplesDir, '../..')
const middlewareDir = join(root, 'packages/middleware')
const fixtures = join(middlewareDir, 'test/fixtures')

type Runtime = { major: number; bin: string; dir: string; cli: string }
type Ran = { code: number | null; stdout: string; stderr: string }
type Report = {
  results: Array<{
    source: string
    frontDoor: string
    accepted: boolean
    problems: Array<{ path: string; code: string; message: string; fix: string }>
    withProxyResponse?: { accepted: boolean; result: Record<string, unknown> }
  }>
}

let tmp = ''
let bundles = ''
const runtimes: Runtime[] = []

// No npm or pnpm settings of the test run leak into the user's project, but the registry and cache.
const KEPT = /^npm_config_(registry|cafile|ca|cache|strict_ssl|https?_proxy|proxy|noproxy|no_proxy)$/
const envFor = (bin: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/.test(key) && !KEPT.test(key)) continue
    if (key === 'NODE_OPTIONS' || key === 'NODE_PATH' || key === 'FORCE_COLOR') continue
    env[key] = value
  }
  env.PATH = [dirname(bin), env.PATH].join(delimiter)
  return env
}

const exec = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input = ''): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })

const majorOf = (bin: string): number | undefined => {
  const probe = spawnSync(bin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })
  const major = Number(probe.stdout?.trim())
  return probe.status === 0 && Number.isInteger(major) ? major : undefined
}

/** Node 20 (the machine's, somewhere on PATH), 22 and 24 (packages/runtimes). */
const findRuntimes = (): Array<{ major: number; bin: string }> => {
  const candidates = [
    process.execPath,
    join(root, 'packages/runtimes/node_modules/node22/bin/node'),
    join(root, 'packages/runtimes/node_modules/node24/bin/node'),
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'node')),
  ]
  const found = new Map<number, string>()
  for (const bin of candidates) {
    if (!existsSync(bin)) continue
    const major = majorOf(bin)
    if (major !== undefined && [20, 22, 24].includes(major) && !found.has(major)) found.set(major, bin)
  }
  return [...found].map(([major, bin]) => ({ major, bin })).sort((a, b) => a.major - b.major)
}

/** The bin of the installed package, read from its manifest as npm reads it. */
const binOf = (project: string): string => {
  const pkg = join(project, 'node_modules/middy-proxy-response')
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
  }
  return join(pkg, manifest.bin['middy-proxy-response'] as string)
}

/** Runs `test` for every runtime side by side: each has a project of its own. */
const eachRuntime = async (test: (runtime: Runtime) => Promise<void>): Promise<void> => {
  await Promise.all(runtimes.map(test))
}

/** `node <the bin>` in the runtime's project. */
const check = (runtime: Runtime, args: string[], input = ''): Promise<Ran> =>
  exec(runtime.bin, [runtime.cli, ...args], runtime.dir, envFor(runtime.bin), input)

/** `npx middy-proxy-response` in the runtime's project, as the README says it. */
const npx = (runtime: Runtime, args: string[], input = ''): Promise<Ran> =>
  exec('npx', ['--no', 'middy-proxy-response', ...args], runtime.dir, envFor(runtime.bin), input)

// ---------------------------------------------------------------------------------------------------
// Which front doors each example serves: template.yaml (SAM) and the route list of `pnpm start`; for
// the Lambda@Edge examples, the trigger template-edge.yaml associates each with.

const template = readFileSync(join(examplesDir, 'template.yaml'), 'utf8')
const templateEdge = readFileSync(join(examplesDir, 'template-edge.yaml'), 'utf8')

/** The name of the function resource whose CodeUri is the bundle, and its lines up to the next resource. */
const resourceOf = (yaml: string, name: FunctionName): { resource: string; block: string } => {
  const start = yaml.indexOf(`CodeUri: dist/${name}\n`)
  assert.ok(start > 0, `a template deploys dist/${name}`)
  const resource = [...yaml.matchAll(/^ {2}(\w+):\n {4}Type: AWS::Serverless::Function\n/gm)]
    .filter((match) => match.index < start)
    .at(-1)?.[1]
  assert.ok(resource, `the function resource of dist/${name}`)
  const next = yaml.slice(start).search(/\n {2}\w+:\n/)
  return { resource, block: yaml.slice(start, next < 0 ? undefined : start + next) }
}

const frontDoorsOf = (name: FunctionName): string[] => {
  if ((edgeFunctionNames as readonly string[]).includes(name)) {
    const { resource } = resourceOf(templateEdge, name)
    const associated = [
      ...templateEdge.matchAll(/- EventType: ([\w-]+)\n\s+LambdaFunctionARN: !Ref (\w+)\.Version\n/g),
    ]
      .filter((match) => match[2] === resource)
      .map((match) => `cloudfront-${match[1]}`)
    return associated
  }
  const doors = new Set<string>()
  const { resource, block } = resourceOf(template, name)
  if (/Type: Api\n/.test(block)) doors.add('rest')
  if (/Type: HttpApi\n/.test(block)) doors.add('http-v2')
  if (/FunctionUrlConfig:/.test(block)) doors.add('function-url')
  // The ALB's target group targets it: single- or multi-value headers (AlbMultiValueHeaders).
  if (template.includes(`- Id: !GetAtt ${resource}.Arn`)) {
    doors.add('alb')
    doors.add('alb-multi-value')
  }
  for (const route of routes.filter((r) => r.fn === name))
    doors.add(route.api === 'REST API' ? 'rest' : 'http-v2')
  return [...doors]
}

const doorArgs = (doors: string[]): string[] => doors.flatMap((door) => ['--front-door', door])

// ---------------------------------------------------------------------------------------------------
// The README's session: its files and the output it shows for each command.

const readme = readFileSync(join(root, 'README.md'), 'utf8')
const diagnose = readme.slice(readme.indexOf('## Diagnose a 502'), readme.indexOf('## Guarantees'))

/** The files the section shows, marked `<!-- check-file: path -->`, with their content. */
const readmeFiles = (): Array<[string, string]> =>
  [...diagnose.matchAll(/<!-- check-file: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => [
    m[1] as string,
    m[2] as string,
  ])

/** Each `npx middy-proxy-response …` command of the section, and the output shown after it. */
const readmeSessions = (): Array<{ args: string[]; output: string }> =>
  [...diagnose.matchAll(/```sh\nnpx middy-proxy-response (.*)\n```\n\n```text\n([\s\S]*?)```/g)].map((m) => ({
    args: (m[1] as string).split(' '),
    output: m[2] as string,
  }))

// ---------------------------------------------------------------------------------------------------

const E2E = suite('npx middy-proxy-response check, from the packed tarball in a fresh project')

E2E.before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'check-e2e-'))
  const pack = spawnSync('pnpm', ['--filter', 'middy-proxy-response', 'pack', '--pack-destination', tmp], {
    cwd: root,
    encoding: 'utf8',
  })
  const tarball = readdirSync(tmp).find((file) => file.endsWith('.tgz'))
  assert.ok(pack.status === 0 && tarball, `pnpm pack: ${pack.stderr}`)
  bundles = await build({ outdir: join(tmp, 'bundles'), quiet: true })
  await Promise.all(
    findRuntimes().map(async ({ major, bin }) => {
      const dir = join(tmp, `node-${major}`)
      mkdirSync(dir)
      writeFileSync(
        join(dir, 'package.json'),
        `${JSON.stringify({ name: `check-${major}`, private: true, type: 'module' })}\n`,
      )
      // What the README installs on each Node: Middy 6 on Node 20, Middy 7 on 22 and 24.
      const middy = major >= 22 ? '@middy/core@7' : '@middy/core@6'
      const install = await exec(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', join(tmp, tarball as string), middy],
        dir,
        envFor(bin),
      )
      assert.is(install.code, 0, `npm install on Node ${major}: ${install.stderr}`)
      runtimes.push({ major, bin, dir, cli: binOf(dir) })
    }),
  )
  runtimes.sort((a, b) => a.major - b.major)
})

E2E.after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

E2E('runs on Node 20, 22 and 24, wherever they are installed', async () => {
  const majors = runtimes.map((runtime) => runtime.major)
  assert.ok(majors.includes(22) && majors.includes(24), `Node 22 and 24 from packages/runtimes: ${majors}`)
  await eachRuntime(async (runtime) => {
    const help = await npx(runtime, ['check', '--help'])
    assert.is(help.code, 0, `node ${runtime.major}: ${help.stderr}`)
    assert.match(help.stdout, /^Usage: middy-proxy-response check <FILE \| -> \[options\]/)
  })
  process.stdout.write(`    (check on node ${majors.join(', ')})\n`)
})

E2E(
  'reports the control route refused on REST for its object body, and accepted with proxyResponse()',
  async () => {
    const control = join(bundles, 'control-without-middleware/index.mjs')
    await eachRuntime(async (runtime) => {
      const ran = await check(runtime, ['check', control, '--front-door', 'rest', '--json'])
      assert.is(ran.code, 1, `node ${runtime.major}: ${ran.stderr}`)
      const [rest, ...more] = (JSON.parse(ran.stdout) as Report).results
      assert.equal(more, [])
      assert.is(rest?.frontDoor, 'rest')
      assert.is(rest?.accepted, false)
      assert.equal(
        rest?.problems.map((problem) => [problem.code, problem.path]),
        [['body-not-string', 'body']],
      )
      assert.match(
        rest?.problems[0]?.message ?? '',
        /^body holds an object \(\{"not":"a string"\}\); the API Gateway REST API takes only a string\.$/,
      )
      assert.match(rest?.problems[0]?.fix ?? '', /JSON\.stringify/)
      // Wrapped with the project's own @middy/core (6 on Node 20, 7 on 22 and 24).
      assert.is(rest?.withProxyResponse?.accepted, true)
      assert.equal(rest?.withProxyResponse?.result, {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        multiValueHeaders: {},
        body: '{"not":"a string"}',
        isBase64Encoded: false,
      })
    })
  },
)

E2E('accepts every example that uses the middleware on every front door it serves', async () => {
  const served = functionNames
    .filter((fn) => fn !== 'control-without-middleware')
    .map((name) => [name, frontDoorsOf(name)] as const)
  await eachRuntime(async (runtime) => {
    for (const [name, doors] of served) {
      assert.ok(doors.length > 0, name)
      const ran = await check(runtime, [
        'check',
        join(bundles, name, 'index.mjs'),
        ...doorArgs(doors),
        '--json',
      ])
      const label = `${name} on node ${runtime.major}`
      assert.is(ran.code, 0, `${label}: ${ran.stdout}${ran.stderr}`)
      const { results } = JSON.parse(ran.stdout) as Report
      assert.equal(
        results.map((result) => result.frontDoor),
        doors,
        label,
      )
      for (const result of results) {
        assert.ok(result.accepted, `${label}, ${result.frontDoor}`)
        assert.equal(result.problems, [])
        // The probe told the command the bundle is wrapped: nothing to show "with proxyResponse()".
        assert.is(result.withProxyResponse, undefined, `${label} is wrapped`)
      }
    }
  })
})

E2E('prints what the README shows for its "Diagnose a 502" session', async () => {
  const files = readmeFiles()
  const sessions = readmeSessions()
  assert.is(files.length, 3, "the execution log, the handler and CloudFront's log")
  assert.is(sessions.length, 3, "the execution log, the handler and CloudFront's log checked")
  await eachRuntime(async (runtime) => {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(runtime.dir, path)), { recursive: true })
      writeFileSync(join(runtime.dir, path), content)
    }
    for (const { args, output } of sessions) {
      const ran = await npx(runtime, args)
      assert.is(ran.code, 1, `node ${runtime.major}: ${ran.stderr}`)
      assert.is(ran.stderr, '')
      assert.fixture(ran.stdout, output)
    }
  })
})

E2E('reads a result from standard input, and colours nothing when not on a terminal', async () => {
  const input = readFileSync(join(fixtures, 'logs/invoke-output.json'), 'utf8')
  await eachRuntime(async (runtime) => {
    const ran = await npx(runtime, ['check', '-', '--front-door', 'rest'], input)
    assert.is(ran.code, 1)
    assert.match(ran.stdout, /^middy-proxy-response check standard input: 1 response found\n/)
    assert.match(ran.stdout, /\n {2}rest {8}✗ refused \(502\) {2}✓ accepted {12}body-not-string \(body\)\n/)
    assert.not.ok(ran.stdout.includes('\u001b['), 'no colour when piped')
  })
})

E2E('judges a Lambda@Edge handler on its trigger, and what proxyResponse() sends there', async () => {
  await eachRuntime(async (runtime) => {
    copyFileSync(join(fixtures, 'handlers/edge.mjs'), join(runtime.dir, 'edge.mjs'))
    const ran = await check(runtime, [
      'check',
      'edge.mjs#redirect',
      '--front-door',
      'cloudfront-viewer-request',
      '--json',
    ])
    assert.is(ran.code, 1, `node ${runtime.major}: ${ran.stderr}`)
    const [row, ...more] = (JSON.parse(ran.stdout) as Report).results
    assert.equal(more, [])
    assert.is(row?.frontDoor, 'cloudfront-viewer-request')
    assert.equal(
      row?.problems.map((problem) => [problem.code, problem.path]),
      [
        ['status-invalid', 'status'],
        ['header-entry-invalid', 'headers.location'],
      ],
    )
    // Wrapped with the project's own @middy/core: the redirect in CloudFront's shape.
    assert.is(row?.withProxyResponse?.accepted, true, `node ${runtime.major}`)
    const sent = row?.withProxyResponse?.result as {
      status?: unknown
      headers?: Record<string, Array<{ value?: unknown }>>
    }
    assert.is(sent.status, '301')
    assert.equal(
      sent.headers?.location?.map((entry) => entry.value),
      ['https://www.example.com/'],
    )
  })
})

E2E('loads a TypeScript handler where Node strips types, and says how otherwise', async () => {
  await eachRuntime(async (runtime) => {
    copyFileSync(join(fixtures, 'handlers/typed.ts'), join(runtime.dir, 'typed.ts'))
    const ran = await check(runtime, ['check', 'typed.ts', '--front-door', 'rest', '--json'])
    if (runtime.major >= 22) {
      assert.is(ran.code, 0, `node ${runtime.major}: ${ran.stderr}`)
      assert.is((JSON.parse(ran.stdout) as Report).results[0]?.accepted, true)
    } else {
      assert.is(ran.code, 2)
      assert.is(ran.stdout, '')
      assert.match(
        ran.stderr,
        /typed\.ts is TypeScript, which this Node \(v20\.[\d.]+\) cannot load\. Run the command on Node 22\.6 or later/,
      )
    }
  })
})

E2E('answers bad input with one clear line and exit 2', async () => {
  const cases: Array<[string, (dir: string) => void, string[], RegExp]> = [
    [
      'an empty file',
      (dir) => writeFileSync(join(dir, 'empty.json'), ''),
      ['empty.json'],
      /^middy-proxy-response: empty\.json is empty: there is no result to check\./,
    ],
    [
      'a file that is not JSON and holds no response',
      (dir) => writeFileSync(join(dir, 'notes.txt'), 'The API answered 502 again at 14:48.\n'),
      ['notes.txt'],
      /^middy-proxy-response: notes\.txt holds no response: it is not JSON, and no line of it is/,
    ],
    [
      'a handler module that does not exist',
      () => {},
      ['missing.mjs'],
      /^middy-proxy-response: cannot find the handler module missing\.mjs: no such file\n$/,
    ],
    [
      'a module that exports no function of that name',
      (dir) => copyFileSync(join(fixtures, 'handlers/returns.mjs'), join(dir, 'returns.mjs')),
      ['returns.mjs#count'],
      /^middy-proxy-response: returns\.mjs exports no function named "count" \(it is a number\); the module exports /,
    ],
    [
      'a handler that throws at import time',
      (dir) =>
        copyFileSync(join(fixtures, 'handlers/throws-on-import.mjs'), join(dir, 'throws-on-import.mjs')),
      ['throws-on-import.mjs'],
      /^middy-proxy-response: throws-on-import\.mjs threw while it was loading: Error: DATABASE_URL is not set\n/,
    ],
  ]
  await eachRuntime(async (runtime) => {
    for (const [what, prepare, args, message] of cases) {
      prepare(runtime.dir)
      const ran = await check(runtime, ['check', ...args])
      assert.is(ran.code, 2, `${what}, node ${runtime.major}`)
      assert.is(ran.stdout, '', what)
      assert.match(ran.stderr, message, what)
    }
  })
})

E2E.run()
