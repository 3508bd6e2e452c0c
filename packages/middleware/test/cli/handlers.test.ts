import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { FRONT_DOORS } from '../../src/index.js'
import { events } from '../../src/testing/index.js'
import {
  assertContract,
  type Door,
  eventViolations,
  isCloudFrontDoor,
  violations,
} from '../oracle/contract.js'
import { check, handlers, parseReport, sampleEvents } from './helpers.js'

// The front doors of each shape, as the package lists them; the oracle tells which are CloudFront's.
const EDGE_DOORS = FRONT_DOORS.filter((door) => isCloudFrontDoor(door))
const PROXY_DOORS = FRONT_DOORS.filter((door) => !isCloudFrontDoor(door))

const Handler = suite('check on a handler: invoked on every front door, as it is and wrapped')

Handler('judges the raw result on every front door, and what proxyResponse() sends instead', async () => {
  const ran = await check(['check', 'returns.mjs', '--json'])
  assert.is(ran.code, 1, ran.stderr)
  const { results } = parseReport(ran.stdout)
  assert.equal(
    results.map((r) => r.frontDoor),
    [...FRONT_DOORS],
  )
  const raw = { statusCode: 200, headers: { 'X-Items': 2 }, body: { not: 'a string' } }
  for (const result of results) {
    // The verdict is the independent oracle's too.
    assert.is(result.accepted, violations(raw, result.frontDoor as Door).length === 0, result.frontDoor)
    assert.is(result.source, 'returns.mjs#handler')
    assert.is(result.withProxyResponse?.accepted, true)
    assertContract(result.withProxyResponse?.result, result.frontDoor as Door, result.frontDoor)
    for (const problem of result.problems) {
      assert.equal(Object.keys(problem), ['path', 'code', 'message', 'fix'])
    }
    assert.equal(Object.keys(result), ['source', 'frontDoor', 'accepted', 'problems', 'withProxyResponse'])
  }
  assert.equal(
    results[0]?.problems.map((p) => `${p.code} ${p.path}`),
    ['body-not-string body', 'header-value-invalid headers.X-Items'],
  )
})

Handler('knows a handler wrapped in proxyResponse() by the probe, and shows its own results', async () => {
  const ran = await check(['check', 'wrapped.mjs'])
  assert.is(ran.code, 0, ran.stderr)
  assert.match(
    ran.stdout,
    /^middy-proxy-response check wrapped\.mjs#handler: wrapped in proxyResponse\(\), so each result is what it sends\n/,
  )
  assert.not.match(ran.stdout, /with proxyResponse\(\)/)
  assert.match(
    ran.stdout,
    new RegExp(`\\n✓ Accepted: all ${FRONT_DOORS.length} take the result as it is\\.\\n$`),
  )
})

Handler('says when the middleware answers another front door than the event came from', async () => {
  const ran = await check(['check', 'wrapped.mjs#albOnly', '--front-door', 'rest', '--front-door', 'alb'])
  assert.is(ran.code, 1)
  assert.match(
    ran.stdout,
    /proxyResponse\(\) is set up with frontDoor: 'alb', so it answers this rest event as alb\./,
  )
  assert.match(
    ran.stdout,
    /\n {2}rest {8}✗ refused \(502\) {2}key-not-accepted \(statusDescription\)\n {2}alb {9}✓ accepted {7}—\n/,
  )
})

Handler('reports a throw, a hang, an exit and a crash, and carries on with the next front door', async () => {
  // [export, code, message, proxyResponse() answers it, front doors]: two front doors where the
  // process is killed or dies, so that the second runs in a new one.
  const cases: Array<[string, string, RegExp, boolean, string[]]> = [
    [
      'throws',
      'handler-threw',
      /^The handler threw TypeError: Cannot read properties of undefined;/,
      true,
      ['rest'],
    ],
    ['hangs', 'handler-timeout', /^The handler did not answer within 0\.3 s;/, false, ['rest']],
    ['spins', 'handler-timeout', /^The handler did not answer within 0\.3 s;/, false, ['rest', 'http-v2']],
    [
      'exits',
      'handler-exited',
      /^The process exited with code 3 during the invocation;/,
      false,
      ['rest', 'http-v2'],
    ],
    [
      'crashes',
      'handler-exited',
      /^The process crashed on Error: late failure during the invocation;/,
      false,
      ['rest'],
    ],
    [
      'bigint',
      'result-unserializable',
      /^JSON cannot hold the result \(Do not know how to serialize a BigInt\);/,
      true,
      ['rest'],
    ],
  ]
  await Promise.all(
    cases.map(async ([name, code, message, answered, doors]) => {
      const args = ['check', `returns.mjs#${name}`, ...doors.flatMap((door) => ['--front-door', door])]
      const ran = await check([...args, '--timeout', '0.3', '--json'])
      assert.is(ran.code, 1, `${name}: ${ran.stderr}`)
      const { results } = parseReport(ran.stdout)
      assert.equal(
        results.map((r) => [r.frontDoor, r.accepted, r.problems.map((p) => p.code)]),
        doors.map((door) => [door, false, [code]]),
        name,
      )
      assert.match(results[0]?.problems[0]?.message ?? '', message)
      if (answered) {
        // proxyResponse() answers a thrown error (or a result JSON cannot hold) with a 500 of its own.
        assert.is(results[0]?.withProxyResponse?.accepted, true, name)
        assert.is(
          (results[0]?.withProxyResponse?.result as { statusCode?: number } | undefined)?.statusCode,
          500,
        )
      } else assert.is(results[0]?.withProxyResponse, undefined, name)
    }),
  )
})

Handler('invokes a callback-style handler and a CommonJS module as Lambda does', async () => {
  const [callback, text, cjs, typed] = await Promise.all([
    check(['check', 'returns.mjs#callback', '--front-door', 'rest', '--json']),
    check(['check', 'returns.mjs#callback', '--front-door', 'rest']),
    check(['check', 'commonjs.cjs', '--front-door', 'http-v2', '--json']),
    check(['check', 'typed.ts', '--front-door', 'websocket', '--json']),
  ])
  assert.is(callback.code, 0, callback.stderr)
  const [rest] = parseReport(callback.stdout).results
  assert.is(rest?.accepted, true)
  // Middy awaits what the handler returns, never passing a callback: the answer is lost, a 204.
  assert.equal(rest?.withProxyResponse?.result, {
    statusCode: 204,
    headers: {},
    multiValueHeaders: {},
    body: '',
    isBase64Encoded: false,
  })
  assert.match(
    text.stdout,
    /\n {2}The handler answers through the callback, which Middy \(5 and later\) never passes: wrapped, its answer is lost\./,
  )
  assert.is(cjs.code, 0, cjs.stderr)
  assert.is(parseReport(cjs.stdout).results[0]?.accepted, true)
  assert.is(typed.code, 0, typed.stderr)
})

Handler('invokes the handler with each --event file, on the front door it detects', async () => {
  const alb = join(sampleEvents, 'alb/single-value-powertools-ts-base.json')
  const http = join(sampleEvents, 'apigw-http-v2/powertools-ts-no-auth-post.json')
  const ran = await check(['check', 'returns.mjs#valid', '--event', alb, '--event', http, '--json'])
  assert.is(ran.code, 1, ran.stderr)
  assert.equal(
    parseReport(ran.stdout).results.map((r) => [r.source, r.frontDoor, r.accepted]),
    [
      ['single-value-powertools-ts-base.json', 'alb', false],
      ['powertools-ts-no-auth-post.json', 'http-v2', true],
    ],
  )
  const sqs = await check([
    'check',
    'returns.mjs#valid',
    '--event',
    join(sampleEvents, 'sqs/powertools-ts-two-records.json'),
  ])
  assert.is(sqs.code, 2)
  assert.match(
    sqs.stderr,
    /powertools-ts-two-records\.json is not an HTTP event of any front door; name the front door it stands for with --front-door\n$/,
  )
})

Handler('says when @middy/core is not installed, and still gives the handler its verdicts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-no-middy-'))
  try {
    copyFileSync(join(handlers, 'returns.mjs'), join(dir, 'returns.mjs'))
    const ran = await check(['check', 'returns.mjs', '--front-door', 'rest', '--json'], { cwd: dir })
    assert.is(ran.code, 1)
    assert.match(
      ran.stderr,
      /^middy-proxy-response: note: @middy\/core is not installed where the handler is \(.*\) nor in .*: install it \(npm install @middy\/core\) to see what proxyResponse\(\) would send\./,
    )
    const [rest] = parseReport(ran.stdout).results
    assert.is(rest?.accepted, false)
    assert.is(rest?.withProxyResponse, undefined)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

// ---------------------------------------------------------------------------------------------------

const Edge = suite('check on a Lambda@Edge handler: the four triggers, judged against the event')

// What edge.mjs#redirect returns for the sample events, whose uri is `/`.
const REDIRECT = { status: 301, headers: { location: 'https://www.example.com/' } }

Edge(
  "finds what CloudFront refuses in a redirect written in API Gateway's habits, and what proxyResponse() sends",
  async () => {
    const ran = await check(['check', 'edge.mjs#redirect', '--front-door', 'cloudfront', '--json'])
    assert.is(ran.code, 1, ran.stderr)
    const { results } = parseReport(ran.stdout)
    // `--front-door cloudfront` stands for the four triggers, in the package's order.
    assert.equal(
      results.map((r) => r.frontDoor),
      EDGE_DOORS,
    )
    for (const result of results) {
      const door = result.frontDoor as Door
      assert.is(result.accepted, false, door)
      assert.ok(violations(REDIRECT, door).length > 0, `the oracle refuses it on ${door} too`)
      assert.equal(
        result.problems.slice(0, 2).map((p) => `${p.code} ${p.path}`),
        ['status-invalid status', 'header-entry-invalid headers.location'],
        door,
      )
      assert.is(result.withProxyResponse?.accepted, true, door)
      assertContract(result.withProxyResponse?.result, door, `${door} with proxyResponse()`)
    }
    const [viewerRequest] = results
    const [status, location] = viewerRequest?.problems ?? []
    assert.is(
      status?.message,
      'status holds the number 301; CloudFront (viewer-request trigger) wants a string from "200" to "599".',
    )
    assert.match(
      status?.fix ?? '',
      /^Send the string: status: "301"\. Or wrap the handler in proxyResponse\(\)/,
    )
    assert.match(
      location?.fix ?? '',
      /^Write it as headers\['location'\] = \[\{ key: 'Location', value: "https:\/\/www\.example\.com\/" \}\]\. /,
    )
    // The redirect proxyResponse() sends in CloudFront's shape: the same status and Location.
    const sent = viewerRequest?.withProxyResponse?.result as {
      status?: unknown
      headers?: Record<string, Array<{ value?: unknown }>>
    }
    assert.is(sent.status, '301')
    assert.equal(
      sent.headers?.location?.map((entry) => entry.value),
      ['https://www.example.com/'],
    )
  },
)

Edge('knows the redirect wrapped in proxyResponse() by the probe: accepted on every trigger', async () => {
  const [text, json] = await Promise.all([
    check(['check', 'edge.mjs#redirectWrapped', '--front-door', 'cloudfront']),
    check(['check', 'edge.mjs#redirectWrapped', '--front-door', 'cloudfront', '--json']),
  ])
  assert.is(text.code, 0, text.stdout + text.stderr)
  assert.match(
    text.stdout,
    /^middy-proxy-response check edge\.mjs#redirectWrapped: wrapped in proxyResponse\(\), so each result is what it sends\n/,
  )
  assert.match(
    text.stdout,
    new RegExp(`\\n✓ Accepted: all ${EDGE_DOORS.length} take the result as it is\\.\\n$`),
  )
  assert.equal(
    parseReport(json.stdout).results.map((r) => [r.frontDoor, r.accepted, r.withProxyResponse]),
    EDGE_DOORS.map((door) => [door, true, undefined]),
  )
})

Edge(
  "judges a response trigger's result against the event it answered: a read-only header deleted",
  async () => {
    const ran = await check([
      'check',
      'edge.mjs#securityHeaders',
      '--front-door',
      'cloudfront-viewer-response',
      '--json',
    ])
    assert.is(ran.code, 1, ran.stderr)
    const [row, ...more] = parseReport(ran.stdout).results
    assert.equal(more, [])
    assert.equal(
      row?.problems.map((p) => `${p.code} ${p.path}`),
      ['header-read-only headers.content-length'],
    )
    assert.is(
      row?.problems[0]?.message,
      'headers.content-length is missing: the function deleted a header that is read-only on CloudFront (viewer-response trigger).',
    )
    assert.match(
      row?.problems[0]?.fix ?? '',
      /^Add your headers to the event's own response \(event\.Records\[0\]\.cf\.response\) and return it, so that Content-Length stays as CloudFront gave it\./,
    )
    assert.is(row?.withProxyResponse?.accepted, true)
    // Only the event shows it: the oracle takes the same result without the event, refuses it with one.
    const event = events.cloudFrontViewerResponse()
    const record = event.Records[0]
    assert.ok(record)
    const { response } = record.cf
    const raw = {
      status: response.status,
      statusDescription: response.statusDescription,
      headers: {
        'content-type': response.headers['content-type'],
        'strict-transport-security': [{ key: 'Strict-Transport-Security', value: 'max-age=63072000' }],
      },
    }
    assert.equal(violations(raw, 'cloudfront-viewer-response'), [])
    assert.match(
      eventViolations(raw, 'cloudfront-viewer-response', event).join('\n'),
      /headers\["content-length"\]: read-only on viewer-response; the function cannot delete it/,
    )

    // With the guide's own event as --event: its trigger detected, the result judged against it.
    const guide = join(sampleEvents, 'cloudfront/cloudfront-developer-guide-viewer-response-200.json')
    const withEvent = await check(['check', 'edge.mjs#securityHeaders', '--event', guide, '--json'])
    assert.is(withEvent.code, 1, withEvent.stderr)
    assert.equal(
      parseReport(withEvent.stdout).results.map((r) => [
        r.source,
        r.frontDoor,
        r.problems.map((p) => `${p.code} ${p.path}`),
        r.withProxyResponse?.accepted,
      ]),
      [
        [
          'cloudfront-developer-guide-viewer-response-200.json',
          'cloudfront-viewer-response',
          ['header-read-only headers.content-length'],
          true,
        ],
      ],
    )
  },
)

Edge(
  "invokes a handler on every front door by default, and tells CloudFront's 503 for a function that fails",
  async () => {
    const ran = await check(['check', 'edge.mjs#redirect', '--json'])
    assert.is(ran.code, 1, ran.stderr)
    const { results } = parseReport(ran.stdout)
    assert.equal(
      results.map((r) => r.frontDoor),
      [...FRONT_DOORS],
    )
    // It reads event.Records[0].cf, which only CloudFront's events have.
    for (const result of results) {
      assert.is(
        result.problems[0]?.code,
        isCloudFrontDoor(result.frontDoor) ? 'status-invalid' : 'handler-threw',
        result.frontDoor,
      )
    }
    const thrown = await check(['check', 'returns.mjs#throws', '--front-door', 'cloudfront-origin-request'])
    assert.is(thrown.code, 1)
    assert.match(
      thrown.stdout,
      /\n {2}cloudfront-origin-request {2}✗ refused \(503\) {2}✓ accepted {12}handler-threw\n/,
    )
    assert.match(
      thrown.stdout,
      /\n {4}The handler threw TypeError: Cannot read properties of undefined; Lambda reports a function error, which CloudFront \(origin-request trigger\) answers with a 503\.\n/,
    )
  },
)

// ---------------------------------------------------------------------------------------------------

const BadInput = suite('check on bad input: one clear line and exit 2')

BadInput('a module that cannot be loaded, or exports no such function', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['missing.mjs'], /^middy-proxy-response: cannot find the handler module missing\.mjs: no such file\n$/],
    [
      ['returns.mjs#count'],
      /^middy-proxy-response: returns\.mjs exports no function named "count" \(it is a number\); the module exports bigint \(function\), .* Name the export to check: returns\.mjs#<name>\n$/,
    ],
    [
      ['returns.mjs#'],
      /^middy-proxy-response: returns\.mjs#: name the export after #, such as returns\.mjs#handler\n/,
    ],
    [
      ['throws-on-import.mjs'],
      /^middy-proxy-response: throws-on-import\.mjs threw while it was loading: Error: DATABASE_URL is not set\n {4}at /,
    ],
    [
      ['exits-on-import.mjs'],
      /^middy-proxy-response: exits-on-import\.mjs ended the process while it was loading \(it exited with code 4\)\n$/,
    ],
  ]
  await Promise.all(
    cases.map(async ([args, message]) => {
      const ran = await check(['check', ...args])
      assert.is(ran.code, 2, args.join(' '))
      assert.is(ran.stdout, '')
      assert.match(ran.stderr, message, args.join(' '))
    }),
  )
})

BadInput('an empty file, a file that holds no response, a file that cannot be read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-bad-'))
  try {
    writeFileSync(join(dir, 'empty.json'), '  \n')
    writeFileSync(join(dir, 'notes.txt'), 'It answered 502 again.\n')
    const cases: Array<[string, RegExp]> = [
      [
        'empty.json',
        /^middy-proxy-response: empty\.json is empty: there is no result to check\. Give the result as the handler returned it/,
      ],
      [
        'notes.txt',
        /^middy-proxy-response: notes\.txt holds no response: it is not JSON, and no line of it is an API Gateway execution log entry/,
      ],
      ['absent.log', /^middy-proxy-response: cannot read absent\.log: no such file\n$/],
      ['.', /^middy-proxy-response: cannot read \.: it is a directory\n$/],
    ]
    for (const [file, message] of cases) {
      const ran = await check(['check', file], { cwd: dir })
      assert.is(ran.code, 2, file)
      assert.is(ran.stdout, '')
      assert.match(ran.stderr, message, file)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

BadInput('a usage error, with a pointer to --help', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['check'], /check needs a FILE/],
    [['inspect', 'a.json'], /unknown command "inspect": the command is check/],
    [['a.json'], /unknown command "a\.json"/],
    [['check', 'a.json', 'b.json'], /check takes one FILE, and was given 2/],
    [
      ['check', 'a.json', '--front-door', 'lambda-edge'],
      /unknown front door "lambda-edge": one of rest, http-v1, .*, cloudfront-viewer-response, or cloudfront for the CloudFront triggers/,
    ],
    [['check', 'a.mjs', '--timeout', 'soon'], /--timeout takes a number of seconds above 0, not "soon"/],
    [['check', 'a.json', '--event', 'e.json'], /--event is for a handler module/],
    [['check', 'a.json', '--verbose'], /Unknown option '--verbose'/],
  ]
  for (const [args, message] of cases) {
    const ran = await check(args)
    assert.is(ran.code, 2, args.join(' '))
    assert.match(ran.stderr, message, args.join(' '))
    assert.match(ran.stderr, /\nRun middy-proxy-response --help for the usage\.\n$/)
  }
  const bare = await check([])
  assert.is(bare.code, 2)
  assert.match(bare.stderr, /^Usage: middy-proxy-response check/)
})

// ---------------------------------------------------------------------------------------------------

const Output = suite('check output: a table, the details, a summary; colours on a terminal only')

const ESC = '\u001b['

Output('colours a terminal, never with --no-color or NO_COLOR, nor when piped', async () => {
  const args = ['check', join(handlers, '../logs/invoke-output.json'), '--front-door', 'rest']
  assert.ok((await check(args, { isTTY: true })).stdout.includes(ESC), 'a terminal')
  assert.not.ok((await check([...args, '--no-color'], { isTTY: true })).stdout.includes(ESC), '--no-color')
  assert.not.ok((await check(args, { isTTY: true, env: { NO_COLOR: '1' } })).stdout.includes(ESC), 'NO_COLOR')
  assert.not.ok((await check(args, { isTTY: true, env: { TERM: 'dumb' } })).stdout.includes(ESC), 'TERM=dumb')
  assert.not.ok((await check(args, { isTTY: false })).stdout.includes(ESC), 'a pipe')
})

Output('groups the front doors that fail alike, and links each code to its README entry', async () => {
  const ran = await check(['check', join(handlers, '../logs/invoke-output.json')])
  assert.is(ran.code, 1)
  // A result with statusCode: judged on the front doors of that shape, said in a note.
  assert.match(
    ran.stdout,
    new RegExp(
      `\\nnote: a result with statusCode is judged on the ${PROXY_DOORS.length} front doors that take that shape, not on CloudFront's triggers; --front-door names others\\n`,
    ),
  )
  assert.match(
    ran.stdout,
    /\n✗ refused on rest, http-v1, http-v2, function-url, websocket\n {2}body-not-string {2}body\n/,
  )
  assert.match(
    ran.stdout,
    /\n {4}https:\/\/github\.com\/middy-proxy-response\/middy-proxy-response\/tree\/main\/packages\/middleware#body-not-string\n/,
  )
  const n = PROXY_DOORS.length
  assert.match(
    ran.stdout,
    new RegExp(
      `\\n✗ ${n} of ${n} refused: the front door answers with an error of its own instead of the response\\. With proxyResponse\\(\\), every one of them is accepted\\.\\n$`,
    ),
  )
  const one = await check([
    'check',
    join(handlers, '../logs/invoke-output.json'),
    '--front-door',
    'rest',
    '--front-door',
    'alb',
  ])
  assert.match(one.stdout, /\n✗ refused on rest by the API Gateway REST API\n/)
  assert.match(one.stdout, /\n {2}with proxyResponse\(\): accepted, it sends \{"statusCode":200,/)
})

Output('answers --help and --version', async () => {
  const help = await check(['--help'])
  assert.is(help.code, 0)
  assert.match(help.stdout, /^Usage: middy-proxy-response check <FILE \| -> \[options\]\n/)
  assert.match(
    help.stdout,
    /\nExit status: 0 when every front door accepts the result; 1 when one refuses it/,
  )
  const version = await check(['-v'])
  assert.is(version.code, 0)
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/)
})

Handler.run()
Edge.run()
BadInput.run()
Output.run()
